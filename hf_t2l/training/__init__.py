"""Training hypernetworks: multi-task SFT and reconstruction, on accelerate (needs the `train` extra)."""

from .data import Task, load_task_collection
from .lora_hooks import generated_lora
from .recipes import ReconConfig, SFTConfig, load_config
from .recon import train_recon
from .sft import train_sft

__all__ = [
    "SFTConfig",
    "ReconConfig",
    "load_config",
    "Task",
    "load_task_collection",
    "generated_lora",
    "train_sft",
    "train_recon",
]
