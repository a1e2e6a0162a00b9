"""What a run is: its settings (optimizer, learning rate, start, colour) and its resumable descent."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from gdexplorer.core.descent import Descent, RunError, Trajectory
from gdexplorer.core.expression import Expression
from gdexplorer.core.optimizers import get_optimizer

#: one colour per run, distinct on the dark heatmap and on the light curves (Okabe-Ito + extras)
RUN_COLOURS = (
    "#ff4d4d", "#4dd2ff", "#ffd24d", "#66e07a", "#d98cff", "#ff9f40", "#f2f2f2", "#ff66b3", "#9fb3ff", "#b3ff66",
)


@dataclass(frozen=True)
class RunSettings:
    optimizer: str = "gd"
    learning_rate: float | None = None  # None: the optimizer's default
    hyperparameters: dict = field(default_factory=dict)  # overrides of the optimizer's defaults (not lr)
    noise: float | None = None  # σ for sgd; None: the optimizer's default
    start: tuple[float, float] = (0.0, 0.0)
    colour: str = RUN_COLOURS[0]
    visible: bool = True
    seed: int = 0

    @property
    def spec(self):
        return get_optimizer(self.optimizer)

    @property
    def effective_learning_rate(self) -> float:
        return self.spec.default_lr if self.learning_rate is None else float(self.learning_rate)

    @property
    def label(self) -> str:
        return f"{self.optimizer}  α={self.effective_learning_rate:g}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["start"] = list(self.start)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "RunSettings":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        if "start" in known:
            known["start"] = tuple(float(v) for v in known["start"])[:2]
        settings = cls(**known)
        settings.spec  # raises KeyError for an optimizer that no longer exists
        return settings

    def with_(self, **changes) -> "RunSettings":
        return replace(self, **changes)


class Run:
    """One racer: settings plus the live :class:`Descent` on the current expression."""

    def __init__(self, settings: RunSettings):
        self.settings = settings
        self.descent: Descent | None = None
        self.error = ""  # why the run could not start (bad settings for this function)

    def reset(self, expr: Expression | None) -> None:
        self.descent = None
        self.error = ""
        if expr is None:
            return
        s = self.settings
        try:
            self.descent = Descent(
                expr, np.asarray(s.start[: expr.dim]), s.optimizer, s.effective_learning_rate,
                s.hyperparameters, s.noise, s.seed,
            )
        except RunError as exc:
            self.error = str(exc)

    def step(self, n: int) -> int:
        if self.descent is None:
            return 0
        return self.descent.step(n)

    @property
    def steps_taken(self) -> int:
        return 0 if self.descent is None else self.descent.t

    @property
    def trajectory(self) -> Trajectory | None:
        return None if self.descent is None else self.descent.trajectory

    @property
    def finished(self) -> bool:
        return self.descent is None or self.descent.finished

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "ok" if self.descent is None else self.descent.status
