"""What a run is: its settings (optimizer, hyperparameters with the learning rate, start, colour)
and its resumable descent."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from gdexplorer.core.descent import Descent, RunError, Trajectory
from gdexplorer.core.objective import ExpressionObjective
from gdexplorer.core.optimizers import OptimizerSpec, get_optimizer
from gdexplorer.scene.export import RunRecord

#: one colour per run, in the order runs take them: 18 hues of mid lightness, ordered greedily
#: (farthest point first in OKLab, from the red): each colour is the one farthest from all those
#: before it, so every prefix is as distinct as it can be. The first 12 (one per optimizer in
#: "compare all") are >= 0.12 apart in OKLab (a just-noticeable difference is about 0.02), all 18
#: >= 0.08. Each reads on the dark views (contrast >= 3.6 against #16181d) and as text in the white
#: runs table (>= 2.5). No white, grey or black: those are the function's curves, the minima
#: markers and the backgrounds.
RUN_COLOURS = (
    "#e55454", "#0a73f3", "#1fb731", "#e078ff", "#157f76", "#29aed4", "#d79700", "#c037a8", "#9f6700",
    "#ae7fb2", "#9162f5", "#849c5e", "#058d1d", "#fb59a7", "#8694fa", "#fe773d", "#db327b", "#bf58dd",
)
#: the least OKLab distance between any two of the first DISTINCT_RUNS colours
DISTINCT_RUNS, DISTINCT_OKLAB = 12, 0.12

def used_state(spec: OptimizerSpec, hyperparameters=None) -> tuple[str, ...]:
    """The names of the state vectors ``spec`` really uses with these settings (gd: none; rmsprop:
    grad_avg only when centered; adam: max_exp_avg_sq only with amsgrad), by torch's names."""
    return spec.used_state(hyperparameters)


def outside_view(point, x_range, y_range=None) -> str:
    """Where ``point`` lies outside the plotted ranges, e.g. "x > 2, y < -1"; "" when inside.
    A 1-D point (one coordinate) is only checked against x."""
    parts = []
    for name, value, (low, high) in zip(("x", "y"), point, (x_range, y_range or (-np.inf, np.inf))):
        if value > high:
            parts.append(f"{name} > {high:g}")
        elif value < low:
            parts.append(f"{name} < {low:g}")
    return ", ".join(parts)


@dataclass(frozen=True)
class RunSettings:
    optimizer: str = "gd"
    #: overrides of the optimizer's defaults, the learning rate "lr" among them (absent: the default)
    hyperparameters: dict = field(default_factory=dict)
    noise: float | None = None  # σ for sgd; None: the optimizer's default
    start: tuple[float, float] = (0.0, 0.0)
    colour: str = RUN_COLOURS[0]
    visible: bool = True
    seed: int = 0
    #: a learning-rate schedule (gdexplorer.core.schedules, torch's names; "" none) and the
    #: gradient-norm clip (0: none)
    schedule: str = ""
    clip: float = 0.0

    @property
    def spec(self):
        return get_optimizer(self.optimizer)

    @property
    def learning_rate(self) -> float:
        """The step size this run takes: its "lr" override, else the optimizer's default."""
        lr = self.hyperparameters.get("lr")
        return self.spec.default_lr if lr is None else float(lr)

    #: the name before lr became a hyperparameter; tests/ui/test_trust_curves.py still reads it
    effective_learning_rate = learning_rate

    @property
    def label(self) -> str:
        extra = (" ⟳" if self.schedule else "") + (f" ‖g‖≤{self.clip:g}" if self.clip else "")
        return f"{self.optimizer}  α={self.learning_rate:g}{extra}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["start"] = list(self.start)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "RunSettings":
        """Settings saved by :meth:`to_dict`; those of state version 1 kept the learning rate beside
        the hyperparameters (``learning_rate``, None for the default): it moves in as "lr"."""
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        if "start" in known:
            known["start"] = tuple(float(v) for v in known["start"])[:2]
        hyperparameters = {str(k): float(v) for k, v in dict(known.get("hyperparameters") or {}).items()}
        if d.get("learning_rate") is not None:
            hyperparameters.setdefault("lr", float(d["learning_rate"]))
        if "schedule" in known:
            known["schedule"] = str(known["schedule"] or "")
        if "clip" in known:
            known["clip"] = float(known["clip"] or 0.0)
        settings = cls(**{**known, "hyperparameters": hyperparameters})
        settings.spec  # raises KeyError for an optimizer that no longer exists
        return settings

    def with_(self, **changes) -> "RunSettings":
        return replace(self, **changes)


class Run:
    """One racer: settings plus the live :class:`Descent` on the current expression."""

    def __init__(self, settings: RunSettings):
        self.settings = settings
        self.descent: Descent | None = None
        #: why the run could not start (bad settings for this function): English, a core Message
        #: where the core made one (shown with tr_message)
        self.error = ""

    def reset(self, objective: ExpressionObjective | None) -> None:
        """Back to the start on ``objective`` (None: no function yet, nothing to walk on)."""
        self.descent = None
        self.error = ""
        if objective is None:
            return
        s = self.settings
        try:
            self.descent = Descent(
                objective.expr, np.asarray(s.start[: objective.dim]), s.optimizer,
                hyperparameters=s.hyperparameters, noise=s.noise, seed=s.seed, schedule=s.schedule or None,
                clip=s.clip or None,
            )
        except RunError as exc:  # kept as the core's message (its template): the window translates it
            first = exc.args[0] if len(exc.args) == 1 else None
            self.error = first if isinstance(first, str) else str(exc)

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
    def stored_bytes(self) -> int:
        """The memory its trajectory holds: every step exactly (for the CSV export), in buffers that
        grow by doubling, so 1-2x the rows (a 2-D run's row is 40 bytes: x, y, f, ∂f/∂x, ∂f/∂y).
        The views draw a bounded number of them (scene/decimate.py)."""
        return 0 if self.descent is None else self.descent.stored_bytes

    def used_state(self) -> dict[str, np.ndarray]:
        """The optimizer state vectors this run's optimizer and settings use (see used_state)."""
        if self.descent is None:
            return {}
        names = used_state(self.descent.spec, self.descent.hyperparameters)
        return {k: v for k, v in self.descent.optimizer_state().items() if k in names}

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "ok" if self.descent is None else self.descent.status

    def record(self) -> RunRecord:
        """What an export says of this run: its resolved settings and trajectory."""
        s = self.settings
        note = f"not run: {self.error}" if self.error else ""
        try:
            values = s.spec.resolve(s.hyperparameters)
        except (KeyError, ValueError) as exc:  # settings that no longer check out: say so, keep the rest
            values, note = {"lr": s.learning_rate}, f"settings not valid: {exc}"
        noise = s.spec.default_noise if s.noise is None else float(s.noise)
        switches = frozenset(hp.name for hp in s.spec.hyperparameters if hp.kind == "bool")
        return RunRecord(s.optimizer, values, tuple(s.start), noise, s.seed, self.trajectory, note, switches)
