"""Training metrics: TensorBoard or trackio when installed, always a JSON-ready history."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path

from .recipes import TrainConfig

logger = logging.getLogger(__name__)


class MetricsLogger:
    """TensorBoard or trackio when installed (per ``cfg.logging``), always a JSON history."""

    def __init__(self, cfg: TrainConfig, output_dir: Path, *, enabled: bool) -> None:
        self.history: list[dict[str, float]] = []
        self.writer = None
        self.trackio = None
        if not enabled or cfg.logging == "none":
            return
        if cfg.logging in ("auto", "tensorboard"):
            try:
                from torch.utils.tensorboard import SummaryWriter

                self.writer = SummaryWriter(str(output_dir / "runs"))
                return
            except ImportError:
                if cfg.logging == "tensorboard":
                    logger.warning(
                        "logging='tensorboard' but tensorboard is not installed; `pip install tensorboard`"
                    )
        if cfg.logging in ("auto", "trackio"):
            try:
                import trackio

                trackio.init(project="hf_t2l", config=asdict(cfg))
                self.trackio = trackio
            except ImportError:
                if cfg.logging == "trackio":
                    logger.warning("logging='trackio' but trackio is not installed; `pip install trackio`")

    def log(self, step: int, values: dict[str, float]) -> None:
        """Record ``values`` at ``step``."""
        self.history.append({"step": step, **values})
        if self.writer is not None:
            for k, v in values.items():
                self.writer.add_scalar(k, v, step)
        if self.trackio is not None:
            self.trackio.log(values, step=step)

    def close(self) -> None:
        """Flush and close the writers."""
        if self.writer is not None:
            self.writer.close()
        if self.trackio is not None:
            self.trackio.finish()
