"""Glyphs at a run's current point (issue 12): what each one is, and its geometry.

A run's glyphs come from its numbers and from its optimizer's definition only, never from the
optimizer's name:

- ``gradient``: −∇f at the point (the way plain gradient descent would step), from the trajectory;
- ``step``: Δθ = θₜ − θₜ₋₁, the last step the run took;
- ``momentum``: −m for every state vector whose role is "momentum" and that the run's settings use
  (a velocity or a first moment: a running mean or sum of g, so the step goes against it);
- ``second_moment``: for every state vector whose role is "second_moment" (a running mean or sum
  of g² the step is divided by the root of), the factor 1/(√v + ε) per axis: how much the step on
  that axis is scaled compared with plain gradient descent at the same learning rate (raw v, no
  bias correction; ε the run's ``eps``, 0 when it has none), drawn as a box.

Magnitudes span many orders (|∇f| of 400 beside a step of 1e-4), so lengths are log-compressed
(:class:`ArrowScale`, :class:`BoxScale`), as fractions of the view, with the scale stated for the
legend. Geometry is computed in *display units* (pixels on the map, scene units in the 3-D box)
and returned in data coordinates, given the data size of one display unit per axis (``unit``): an
arrow points exactly along its data vector whatever the axes' aspect, and its head is not
distorted.

The explained step (:func:`stage_glyphs`) draws each stage of :mod:`gdexplorer.core.explain` with
the same glyphs, again from roles and the formulas' names only.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from gdexplorer.core.messages import message

GLYPH_KINDS = ("gradient", "step", "momentum", "second_moment")
KIND_TITLES = {  # Messages: the window shows them translated (gdexplorer.app.i18n.tr_message)
    "gradient": message("−∇f (gradient)"),
    "step": message("Δθ (last step)"),
    "momentum": message("momentum −m"),
    "second_moment": message("second moment 1/(√v+ε)"),
}
HEAD_ANGLE = math.radians(25.0)  # the head's strokes: this far either side of the shaft


# ---------------------------------------------------------------------------------------------
# what a run's glyphs are
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Glyph:
    """One glyph of one run: an arrow (``vector``, in data units) or a box (``factors`` per axis)."""

    run: int
    kind: str  # one of GLYPH_KINDS
    name: str  # what it shows: "−∇f", "Δθ", "−exp_avg", "1/(√exp_avg_sq+ε)"
    origin: np.ndarray
    vector: np.ndarray | None = None
    factors: np.ndarray | None = None

    @property
    def magnitude(self) -> float:
        return magnitude(self.vector) if self.vector is not None else math.nan


def magnitude(vector) -> float:
    """|v| without overflow (hypot scales: inf only past the largest double); nan when v is not finite."""
    values = [float(x) for x in np.ravel(vector)]
    if not all(math.isfinite(x) for x in values):
        return math.nan
    return math.hypot(*values)


def scale_down_factors(second_moment, eps: float) -> np.ndarray:
    """1/(√v + ε) per axis: what the step on each axis is multiplied by, next to plain GD's 1
    (inf where v = 0 and ε = 0: nothing accumulated yet)."""
    v = np.asarray(second_moment, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1.0 / (np.sqrt(np.maximum(v, 0.0)) + float(eps))


def run_glyphs(run: int, spec, hyperparameters, points, grad, state) -> list[Glyph]:
    """The glyphs of a run at its current point ``points[-1]``: ``spec`` its OptimizerSpec,
    ``hyperparameters`` its resolved settings, ``grad`` its trajectory's gradients and ``state``
    its optimizer state ((n_state, dim), rows in the rule's order). Nothing is drawn at a point
    that is not finite; a vector that is not finite is left out."""
    points = np.asarray(points, dtype=np.float64)
    origin = points[-1]
    if not np.all(np.isfinite(origin)):
        return []
    glyphs = [Glyph(run, "gradient", "−∇f", origin, vector=-np.asarray(grad[-1], dtype=np.float64))]
    if len(points) >= 2:
        glyphs.append(Glyph(run, "step", "Δθ", origin, vector=origin - points[-2]))
    used = set(spec.used_state(hyperparameters))
    eps = float(hyperparameters.get("eps", 0.0))
    state = np.asarray(state, dtype=np.float64)
    for k, vec in enumerate(spec.rule.state):
        if vec.name not in used or not vec.role:
            continue
        value = state[k, : origin.size]
        if vec.role == "momentum":
            glyphs.append(Glyph(run, "momentum", f"−{vec.name}", origin, vector=-value))
        elif vec.role == "second_moment":
            glyphs.append(Glyph(run, "second_moment", f"1/(√{vec.name}+ε)", origin,
                                factors=scale_down_factors(value, eps)))
    return [g for g in glyphs if g.factors is not None or np.isfinite(g.magnitude)]


# ---------------------------------------------------------------------------------------------
# log-compressed sizes
# ---------------------------------------------------------------------------------------------
def _fmt(v: float) -> str:
    return f"{v:g}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


@dataclass(frozen=True)
class ArrowScale:
    """Arrow lengths as fractions of the view: ``longest`` at |v| = ``top`` (a power of ten),
    ``per_decade`` shorter for each decade below, never shorter than ``shortest`` (nor longer
    than ``longest``). Every arrow drawn together shares one scale, so lengths compare."""

    top: float = 1.0
    longest: float = 0.22
    per_decade: float = 0.03
    shortest: float = 0.04

    @classmethod
    def for_magnitudes(cls, magnitudes, **kw) -> "ArrowScale":
        """The scale whose ``top`` is the power of ten at or above the largest finite magnitude."""
        m = np.asarray([v for v in magnitudes if math.isfinite(v) and v > 0], dtype=np.float64)
        if not m.size:
            return cls(top=1.0, **kw)
        decade = math.ceil(math.log10(m.max()))
        return cls(top=1e308 if decade > 308 else 10.0 ** decade, **kw)  # above 1e308: the largest double's decade

    def length(self, magnitude: float) -> float:
        """The arrow's length (a fraction of the view) for |v| = ``magnitude``; 0: no arrow."""
        if not math.isfinite(magnitude) or magnitude <= 0.0:
            return 0.0
        decades_below = math.log10(self.top) - math.log10(magnitude)
        return float(min(max(self.longest - self.per_decade * decades_below, self.shortest), self.longest))

    def short_legend(self) -> str:
        return message("length ∝ log|v|: {longest:.0%} of view at {top}, −{per_decade:.0%}/decade, ≥ {shortest:.0%}",
                       longest=self.longest, top=_fmt(self.top), per_decade=self.per_decade, shortest=self.shortest)

    def legend(self) -> str:
        return message("arrows: log scale, {longest:.0%} of the view at |v| = {top}, {per_decade:.0%} shorter per "
                       "decade below (at least {shortest:.0%})",
                       longest=self.longest, top=_fmt(self.top), per_decade=self.per_decade, shortest=self.shortest)


@dataclass(frozen=True)
class BoxScale:
    """A box's half-sides, fractions of the view. The longer one shows the largest factor on a log
    scale: ``reference`` for the factor 1 (plain gradient descent's), ``per_decade`` more (less)
    for each decade above (below) 1, within [``smallest``, ``largest``]. The others keep the true
    ratio between the axes' factors (the box's shape is how differently the axes are scaled),
    none shorter than ``smallest``."""

    reference: float = 0.07
    per_decade: float = 0.02
    smallest: float = 0.015
    largest: float = 0.18

    def half_sides(self, factors) -> np.ndarray:
        """The half-side on each axis for the per-axis ``factors`` (0 where there is no box)."""
        f = np.asarray(factors, dtype=np.float64).ravel()
        if not f.size or np.any(np.isnan(f)) or np.any(f <= 0):
            return np.zeros(f.size)
        longest = self.half_side(float(f.max()))
        if np.isinf(f.max()):  # nothing accumulated on some axis (v = 0, ε = 0): a square at the cap
            return np.where(np.isinf(f), longest, self.smallest)
        return np.maximum(longest * f / f.max(), self.smallest)

    def half_side(self, factor: float) -> float:
        if math.isnan(factor) or factor <= 0.0:
            return 0.0
        if math.isinf(factor):
            return self.largest
        return float(min(max(self.reference + self.per_decade * math.log10(factor), self.smallest), self.largest))

    def short_legend(self) -> str:
        return message("box: {reference:.0%} of view at 1/(√v+ε) = 1 (GD), ±{per_decade:.0%}/decade; "
                       "shape: the axes' true ratio", reference=self.reference, per_decade=self.per_decade)

    def legend(self) -> str:
        return message("boxes: the longer half-side is {reference:.0%} of the view where 1/(√v+ε) = 1 (plain GD), "
                       "{per_decade:.0%} more per decade above, less below (log scale; raw v, no bias correction); "
                       "the other keeps the true ratio between the axes (at least {smallest:.1%})",
                       reference=self.reference, per_decade=self.per_decade, smallest=self.smallest)


# ---------------------------------------------------------------------------------------------
# geometry: data-coordinate segments (pairs of points) from display sizes
# ---------------------------------------------------------------------------------------------
def _plane(point) -> np.ndarray:
    """A point or vector in the drawing's plane: a 1-D one gets 0 for its second coordinate."""
    out = np.zeros(2)
    raw = np.asarray(point, dtype=np.float64).ravel()[:2]
    out[: raw.size] = raw
    return out


def arrow_segments(origin, vector, length: float, unit, head: float) -> np.ndarray:
    """The arrow from ``origin`` along data ``vector``, ``length`` display units long, with a head
    of strokes ``head`` display units long (at most 45% of the length): (6, 2) points in data
    coordinates (shaft, then the two head strokes), or (0, 2) when there is nothing to draw.
    ``unit``: the data size of one display unit on each axis."""
    o, v = _plane(origin), _plane(vector)
    unit = np.asarray(unit, dtype=np.float64)[:2]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        d = v / unit
        n = magnitude(d)
    if not (length > 0 and math.isfinite(n) and n > 0 and np.all(np.isfinite(o))):
        return np.zeros((0, 2))
    d = d / n
    tip = o + length * d * unit
    h = min(head, 0.45 * length)
    c, s = math.cos(HEAD_ANGLE), math.sin(HEAD_ANGLE)
    wings = [np.array([c * d[0] - sign * s * d[1], sign * s * d[0] + c * d[1]]) for sign in (1.0, -1.0)]
    return np.array([o, tip, tip, tip - h * wings[0] * unit, tip, tip - h * wings[1] * unit])


def box_segments(origin, half, unit) -> np.ndarray:
    """The rectangle centred at ``origin`` with half-sides ``half`` (display units per axis):
    (8, 2) points in data coordinates (four edges), or (0, 2)."""
    o = _plane(origin)
    h = np.asarray(half, dtype=np.float64)[:2] * np.asarray(unit, dtype=np.float64)[:2]
    if not (np.all(np.isfinite(o)) and np.all(np.isfinite(h)) and np.all(h > 0)):
        return np.zeros((0, 2))
    a, b, c, d = o + h * (-1, -1), o + h * (1, -1), o + h * (1, 1), o + h * (-1, 1)
    return np.array([a, b, b, c, c, d, d, a])


def segment_direction(segments: np.ndarray) -> np.ndarray:
    """The shaft's direction (tip − origin) of an :func:`arrow_segments` result."""
    return segments[1] - segments[0]


# ---------------------------------------------------------------------------------------------
# the explained step's stages as glyphs
# ---------------------------------------------------------------------------------------------
_NAME = re.compile(r"[^\W\d]\w*")
GRADIENT_NAMES = {"g", "gₓ", "gᵧ", "gi"}


@dataclass(frozen=True)
class StageGlyph:
    """How one stage of an explained step is drawn. ``shape``: "arrow" (−vector from θ, on the
    arrow scale), "box" (``factors`` per axis, on the box scale), "step" (from ``start`` to
    ``end``: the true step, the new point) or "" (a number, not a vector: nothing drawn).
    ``role``: "gradient", "momentum", "direction" (a vector derived from g or m), "second_moment",
    "scale" (a divisor derived from a second moment), "step"; ``note`` says what is drawn."""

    index: int
    shape: str
    role: str
    label: str
    note: str
    origin: np.ndarray = field(default_factory=lambda: np.zeros(0))
    vector: np.ndarray | None = None
    factors: np.ndarray | None = None
    start: np.ndarray | None = None
    end: np.ndarray | None = None


def _rhs_names(formula: str) -> set[str]:
    rhs = formula.split("=", 1)[1] if "=" in formula else formula
    return set(_NAME.findall(rhs))


def stage_glyphs(explanation, spec, hyperparameters=None) -> list[StageGlyph]:
    """One :class:`StageGlyph` per stage of ``explanation`` (a core.explain.Explanation of
    ``spec``'s update). The shapes come from the state vectors' roles and from what each formula
    reads: a per-axis local computed from g or a momentum is a direction (an arrow of −value), one
    computed from a second moment alone is a divisor (a box of 1/value per axis)."""
    roles = {v.name: v.role for v in spec.rule.state}
    eps = float((hyperparameters or {}).get("eps", 0.0))
    directions = set(GRADIENT_NAMES) | {n for n, r in roles.items() if r == "momentum"}
    scales = {n for n, r in roles.items() if r == "second_moment"}
    theta = np.array(explanation.theta_before, dtype=np.float64)
    dim = theta.size
    origin = theta.copy()
    out = []
    for index, stage in enumerate(explanation.stages):
        vector = stage.vector(dim)
        target = stage.target
        common = dict(index=index, origin=origin)
        if stage.kind == "gradient":
            out.append(StageGlyph(shape="arrow", role="gradient", label="−g", vector=-vector,
                                  note=message("arrow −g = −∇f: the way plain gradient descent steps"), **common))
        elif stage.kind == "theta":
            before = theta.copy()
            for axis, value in stage.values.items():
                if axis is not None:
                    theta[axis] = value
            out.append(StageGlyph(shape="step", role="step", label="θ ← θ + Δθ", start=before, end=theta.copy(),
                                  note=message("the step from the old point to the new one (a dot), at its true "
                                               "length (a step too short to see also gets an arrow on the log "
                                               "scale)"), **common))
        elif vector is None:
            out.append(StageGlyph(shape="", role="", label=target,
                                  note=message("a number for this step: nothing to draw"), **common))
        elif stage.kind == "state" and roles.get(target) == "momentum":
            out.append(StageGlyph(shape="arrow", role="momentum", label=f"−{target}", vector=-vector,
                                  note=message("arrow −{target}: the momentum, the way it pushes", target=target),
                                  **common))
        elif stage.kind == "state" and roles.get(target) == "second_moment":
            out.append(StageGlyph(shape="box", role="second_moment", label=f"1/(√{target}+ε)",
                                  factors=scale_down_factors(vector, eps),
                                  note=message("box 1/(√{target}+ε) per axis: how much each axis's step is "
                                               "scaled compared with plain GD", target=target), **common))
        elif stage.kind == "local":
            names = _rhs_names(stage.formula)
            if names & directions:
                directions.add(target)
                out.append(StageGlyph(shape="arrow", role="direction", label=f"−{target}", vector=-vector,
                                      note=message("arrow −{target}: a direction made from g or the momentum",
                                                   target=target), **common))
            elif names & scales and np.all(vector > 0):
                scales.add(target)
                with np.errstate(divide="ignore"):
                    factors = 1.0 / vector
                out.append(StageGlyph(shape="box", role="scale", label=f"1/{target}", factors=factors,
                                      note=message("box 1/{target} per axis: the step is divided by {target}",
                                                   target=target), **common))
            else:
                out.append(StageGlyph(shape="", role="", label=target,
                                      note=message("a value per axis with no glyph"), **common))
        else:  # a state vector with no role (rmsprop's grad_avg, adadelta's acc_delta), a scalar
            out.append(StageGlyph(shape="", role="", label=target,
                                  note=message("this state vector has no glyph (no momentum or second-moment "
                                               "role)"), **common))
    return out
