"""The models that ship inside PyPI packages (SmolLM2-135M-Instruct, all-MiniLM-L6-v2, the default
hypernetwork), placed so that their Hub ids load with no network."""
