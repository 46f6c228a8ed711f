"""``hf-t2l serve``: the OpenAI-compatible chat server, its request checks and guard, the batching
scheduler, and the engine that answers through a running vLLM server."""
