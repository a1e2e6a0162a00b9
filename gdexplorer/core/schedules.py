"""Learning-rate schedules and gradient clipping, with torch's semantics.

A schedule is text, named and parametrised as ``torch.optim.lr_scheduler`` names them::

    step:step_size=30,gamma=0.1              StepLR
    exponential:gamma=0.97                   ExponentialLR
    cosine:T_max=100,eta_min=0               CosineAnnealingLR
    linear:start_factor=0.1,end_factor=1,total_iters=10    LinearLR (a warm-up)
    invsqrt                                  LambdaLR with 1/√(t+1)

Several joined by ``+`` run one after another as ``SequentialLR`` runs them: each switches to the
next after its own length (``step_size``, ``T_max`` or ``total_iters``; ``exponential`` and
``invsqrt`` have none, so they can only come last), and each starts again from the base rate at
its own epoch 0, as SequentialLR's ``scheduler.step(0)`` does. The scheduler steps after each
optimizer step: step t (from 1) uses the rate of scheduler epoch t − 1. The rates are torch's
closed forms (``_get_closed_form_lr``); torch's own recursive updates agree with them to rounding.

Clipping is ``torch.nn.utils.clip_grad_norm_``: the gradient the optimizer uses is scaled by
min(1, max_norm / (‖g‖₂ + 1e-6)); the kernels apply it (:mod:`gdexplorer.core.engine`).
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np

from gdexplorer.core.messages import message


class ScheduleError(ValueError):
    """A schedule text that cannot be used; the message names the bad part."""


@dataclass(frozen=True)
class Param:
    name: str
    default: float | None  # None: required
    integer: bool = False
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False

    def check(self, value: float, where: str) -> float:
        if not math.isfinite(value):  # first: int() of inf or nan raises
            raise ScheduleError(message("{where}: {name} must be a finite number, got {value!r}", where=where,
                                        name=self.name, value=value))
        if self.integer and value != int(value):
            raise ScheduleError(message("{where}: {name} must be a whole number, got {value:g}", where=where,
                                        name=self.name, value=value))
        if value < self.low or (self.low_open and value == self.low) or value > self.high:
            lo = "(" if self.low_open else "["
            hi = "]" if math.isfinite(self.high) else ")"
            raise ScheduleError(message("{where}: {name} must be in {range}, got {value:g}", where=where, name=self.name,
                                        range=f"{lo}{self.low:g}, {self.high:g}{hi}", value=value))
        return int(value) if self.integer else float(value)


@dataclass(frozen=True)
class Kind:
    name: str
    torch: str
    params: tuple[Param, ...]
    length: str | None  # the parameter that gives its length in a sequence; None: only last
    summary: str


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("step", "StepLR", (Param("step_size", None, integer=True, low=1), Param("gamma", 0.1, low=0.0, low_open=True)),
         "step_size", "multiply the rate by gamma every step_size steps"),
    Kind("exponential", "ExponentialLR", (Param("gamma", None, low=0.0, low_open=True),),
         None, "multiply the rate by gamma every step"),
    Kind("cosine", "CosineAnnealingLR", (Param("T_max", None, integer=True, low=1), Param("eta_min", 0.0, low=0.0)),
         "T_max", "half a cosine from the rate down to eta_min over T_max steps"),
    Kind("linear", "LinearLR", (Param("start_factor", 1.0 / 3.0, low=0.0, high=1.0, low_open=True),
                                Param("end_factor", 1.0, low=0.0, high=1.0),
                                Param("total_iters", 5, integer=True, low=1)),
         "total_iters", "scale the rate linearly from start_factor to end_factor over total_iters steps (a warm-up)"),
    Kind("invsqrt", "LambdaLR(lambda t: 1/sqrt(t+1))", (), None, "the rate divided by √(t+1)"),
)}


@dataclass(frozen=True)
class Segment:
    kind: str
    params: tuple[tuple[str, float], ...]

    @property
    def values(self) -> dict[str, float]:
        return dict(self.params)

    @property
    def length(self) -> int | None:
        key = KINDS[self.kind].length
        return None if key is None else int(self.values[key])

    def text(self) -> str:
        if not self.params:
            return self.kind
        return self.kind + ":" + ",".join(f"{k}={v:g}" for k, v in self.params)

    def rate(self, base: float, e: int) -> float:
        """The rate at this segment's epoch ``e`` (from 0) with base rate ``base``: Python floats
        and libm, as torch's schedulers compute (and the same whichever steps are asked together)."""
        p = self.values
        if self.kind == "step":
            return base * p["gamma"] ** (e // int(p["step_size"]))
        if self.kind == "exponential":
            return base * p["gamma"] ** e
        if self.kind == "cosine":
            eta = p["eta_min"]
            return eta + (base - eta) * (1.0 + math.cos(math.pi * e / p["T_max"])) / 2.0
        if self.kind == "linear":
            start, end, total = p["start_factor"], p["end_factor"], int(p["total_iters"])
            return base * (start + (end - start) * min(total, e) / total)
        if self.kind == "invsqrt":
            return base * (1.0 / math.sqrt(e + 1.0))
        raise AssertionError(self.kind)


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule: its segments in order."""

    segments: tuple[Segment, ...]

    def text(self) -> str:
        return " + ".join(s.text() for s in self.segments)

    @property
    def milestones(self) -> list[int]:
        """Scheduler epochs at which the next segment starts (SequentialLR's milestones)."""
        out, at = [], 0
        for s in self.segments[:-1]:
            at += s.length
            out.append(at)
        return out

    def rates(self, base_lr: float, steps) -> np.ndarray:
        """The learning rate each optimizer step ``steps`` (1-based) uses."""
        starts = [0] + self.milestones
        out = []
        for step in np.asarray(steps, dtype=np.int64).ravel().tolist():
            epoch = step - 1
            k = bisect.bisect_right(starts, epoch) - 1  # the segment running at this epoch
            out.append(self.segments[k].rate(float(base_lr), epoch - starts[k]))
        return np.array(out, dtype=np.float64).reshape(np.shape(steps))


def parse_schedule(text: str) -> Schedule | None:
    """The schedule ``text`` names (None for an empty text or "none"); raises ScheduleError naming
    the bad part."""
    text = (text or "").strip()
    if text.lower() in ("", "none", "constant"):
        return None
    segments = []
    parts = text.split("+")
    for n, part in enumerate(parts, 1):
        where = (message("schedule part {n} {part!r}", n=n, part=part.strip()) if len(parts) > 1
                 else message("schedule {part!r}", part=part.strip()))
        name, _, args = part.strip().partition(":")
        name = name.strip().lower()
        if name not in KINDS:
            known = ", ".join(KINDS)
            raise ScheduleError(message("{where}: unknown schedule {name!r} (known: {known})", where=where, name=name,
                                        known=known))
        kind = KINDS[name]
        given: dict[str, float] = {}
        if ":" in part and not args.strip():
            raise ScheduleError(message("{where}: nothing after ':'", where=where))
        for item in (a.strip() for a in args.split(",")) if args.strip() else ():
            if not item:
                raise ScheduleError(message("{where}: an empty parameter (two commas?)", where=where))
            key, eq, value = item.partition("=")
            key = key.strip()
            if not eq:
                raise ScheduleError(message("{where}: {item!r} should be name=value", where=where, item=item))
            spec = next((p for p in kind.params if p.name.lower() == key.lower()), None)
            if spec is None:
                if not kind.params:
                    raise ScheduleError(message("{where}: {name} has no parameter {key!r} (it has: none)", where=where,
                                                name=name, key=key))
                raise ScheduleError(message("{where}: {name} has no parameter {key!r} (it has: {names})", where=where,
                                            name=name, key=key, names=", ".join(p.name for p in kind.params)))
            if spec.name in given:
                raise ScheduleError(message("{where}: {name} is given twice", where=where, name=spec.name))
            try:
                number = float(value)
            except ValueError:
                raise ScheduleError(message("{where}: {name} must be a number, got {value!r}", where=where, name=spec.name,
                                            value=value.strip())) from None
            given[spec.name] = spec.check(number, where)
        params = []
        for p in kind.params:
            if p.name in given:
                params.append((p.name, given[p.name]))
            elif p.default is None:
                raise ScheduleError(message("{where}: {name} needs {parameter}=...", where=where, name=name,
                                            parameter=p.name))
            else:
                params.append((p.name, p.default))
        segment = Segment(name, tuple(params))
        if segment.length is None and n < len(parts):
            raise ScheduleError(message("{where}: {name} has no length ({torch} never ends), so it can only come last",
                                        where=where, name=name, torch=kind.torch))
        segments.append(segment)
    return Schedule(tuple(segments))


def check_clip(value) -> float:
    """A gradient-clipping norm: a finite number > 0 (0 or None: off)."""
    if value is None:
        return 0.0
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(message("clip must be a number, got {value!r}", value=value)) from None
    if v == 0.0:
        return 0.0
    if not (math.isfinite(v) and v > 0.0):
        raise ValueError(message("clip must be a finite number > 0 (the largest gradient norm), got {value!r}",
                                 value=value))
    return v


def clip_gradient(g: np.ndarray, max_norm: float) -> np.ndarray:
    """torch.nn.utils.clip_grad_norm_ on one vector (numpy, for references and displays)."""
    g = np.asarray(g, dtype=np.float64)
    if max_norm <= 0.0:
        return g.copy()
    coef = max_norm / (math.sqrt(float(np.sum(g * g))) + 1e-6)
    return g * coef if coef < 1.0 else g.copy()
