"""The hf_t2l task suite v2: task families, a description style engine, and the builder of
``tasks/t2l-tasks-v2`` (``python -m tasks.t2l_suite.build``). How to add a family: see ``core``."""
