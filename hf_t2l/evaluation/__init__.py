"""``hf-t2l eval``: scoring task suites under several conditions, the report with its statistics, and the
ablation summary."""
