"""Jinja templates of the model cards hf_t2l writes (shipped inside the package as hf_t2l.model_cards)."""
