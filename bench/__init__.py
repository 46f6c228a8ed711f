"""Benchmarks of hf_t2l (`make bench`), each a module run by bench/run.py."""
