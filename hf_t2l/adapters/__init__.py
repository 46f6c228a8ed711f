"""Generated adapters: the adapter object, content-addressed ids, the on-disk cache and its integrity
checks, saving and pushing, names, and the pool that serves many adapters on one base model."""
