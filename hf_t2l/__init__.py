"""hf_t2l: Text-to-LoRA for the Hugging Face ecosystem.

Describe a task in plain words; a hypernetwork writes the PEFT LoRA adapter for it in one pass.
Importing hf_t2l adds ``PeftModel.from_description`` and ``PeftModel.load_description`` to PEFT.
"""

__version__ = "0.1.0"

from .adapter import GeneratedAdapter
from .config import T2LConfig
from .encoder import DescriptionEncoder
from .hypernetwork import TextToLoRA
from .integration import from_description, load_description, push_adapter, register as _register_peft
from .pool import AdapterPool

_register_peft()

__all__ = [
    "__version__",
    "T2LConfig",
    "TextToLoRA",
    "GeneratedAdapter",
    "DescriptionEncoder",
    "from_description",
    "load_description",
    "push_adapter",
    "AdapterPool",
]
