"""`python -m hf_t2l.cli`: the `hf-t2l` command."""

import sys

from . import main

sys.exit(main())
