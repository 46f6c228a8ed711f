"""The hypernetwork itself: its config, variants, layers, forward and fast path, the description encoder,
and generation (descriptions in, adapters out)."""
