"""Critical points (stationary points) of a function in a view, classified by the Hessian, and the
Hessian report of one point (issue 10.4).

``critical_points`` runs Newton's method on ∇f = 0 from a grid of seeds covering the range, with
the exact gradient and Hessian of the precompiled interpreter (``kernels.eval_hessian``: nothing
compiles for a new expression). The linear algebra of all seeds is done at once in numpy. Newton
finds minima, maxima and saddles alike (it solves ∇f = 0; it does not descend). A seed's run ends
when its step is negligible; it is a critical point when |∇f| is tiny there relative to the
gradient's scale in the range. Points closer than a tolerance relative to the range are merged,
points outside the range dropped, and the rest classified by the eigenvalues of the Hessian:

* ``minimum``: all eigenvalues > 0; ``maximum``: all < 0; ``saddle``: both signs;
* ``degenerate``: some |λ| is at most ``DEGENERATE_RTOL`` times the curvature scale, that is the
  larger of max|λ| at the point and the median Hessian norm over the seeds (so that in 1-D, where
  max|λ| is the only |λ|, the flat point of x³ is degenerate too); an exactly zero λ always is.

Eigenvalues are listed in ascending order (numpy's ``eigh``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from gdexplorer.core import derivatives as D
from gdexplorer.core import kernels as K
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import message

KINDS = ("minimum", "maximum", "saddle", "degenerate")

#: seeds per axis (2-D: a 24 x 24 grid; 1-D: 200 seeds), at the centres of equal cells
DEFAULT_SEEDS = {1: 200, 2: 24}
MAX_ITERATIONS = 100
#: a Newton step (relative to the range's span, per axis) at most this large: stay local
MAX_STEP = 0.25
#: a run stops when its step is at most this, relative to the span
STEP_TOL = 1e-13
#: converged when |∇f| <= GRAD_RTOL * (the largest |∇f| over the seeds)
GRAD_RTOL = 1e-8
#: points closer than this (relative to the span, per axis) are one point
MERGE_RTOL = 1e-6
#: |λ| <= DEGENERATE_RTOL * curvature scale counts as zero
DEGENERATE_RTOL = 1e-6


@dataclass(frozen=True)
class CriticalPoint:
    x: float
    y: float | None  # None for a function of x alone
    f: float
    kind: str  # one of KINDS
    eigenvalues: tuple[float, ...]  # of the Hessian, ascending
    gradient: tuple[float, ...]  # ∇f at the point (the residual: near zero)

    @property
    def point(self) -> tuple[float, ...]:
        return (self.x,) if self.y is None else (self.x, self.y)

    def as_dict(self) -> dict:
        """The `gdexplorer critical --json` record: no "y" key for a function of x alone."""
        out: dict = {"x": self.x}
        if self.y is not None:
            out["y"] = self.y
        out.update(f=self.f, kind=self.kind, eigenvalues=list(self.eigenvalues))
        return out


def parse_range(text: str, dim: int) -> list[tuple[float, float]]:
    """``X0:X1`` (1-D) or ``X0:X1,Y0:Y1`` (2-D) -> [(x0, x1), (y0, y1)]; ValueError when bad."""
    parts = [p.strip() for p in text.split(",")]
    names = ("X0:X1", "X0:X1,Y0:Y1")[dim - 1]
    if len(parts) != dim:
        fn = "x alone" if dim == 1 else "x and y"
        raise ValueError(f"--range needs {names} for a function of {fn}, got {text!r}")
    out = []
    for axis, part in zip("xy", parts):
        lo, sep, hi = part.partition(":")
        try:
            a, b = float(lo), float(hi)
        except ValueError:
            a = b = None
        if not sep or a is None:
            raise ValueError(f"--range must be {names} (numbers, like -2:2), got {text!r}")
        if not (math.isfinite(a) and math.isfinite(b)):
            raise ValueError(f"--range must be finite, got {text!r}")
        if not a < b:
            raise ValueError(f"--range {axis}: the lower bound must be below the upper, got {part!r}")
        out.append((a, b))
    return out


def _check_range(r: Sequence[float], axis: str) -> tuple[float, float]:
    lo, hi = (float(v) for v in r)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(message("{axis} range must be finite with low < high, got {range}", axis=axis, range=tuple(r)))
    return lo, hi


def _fgh(expr: Expression, pts: np.ndarray):
    """f, ∇f (m, dim) and the Hessian (m, dim, dim) at each row of ``pts``, exact."""
    m, dim = pts.shape
    f = np.empty(m)
    g = np.empty((m, dim))
    h = np.empty((m, dim, dim))
    tape = D.tape(expr)
    for k in range(m):
        y = pts[k, 1] if dim == 2 else 0.0
        v, gx, gy, hxx, hxy, hyy = K.eval_hessian(*tape, pts[k, 0], y)
        f[k] = v
        if dim == 1:
            g[k, 0] = gx
            h[k, 0, 0] = hxx
        else:
            g[k] = gx, gy
            h[k] = ((hxx, hxy), (hxy, hyy))
    return f, g, h


def _newton_steps(g: np.ndarray, h: np.ndarray) -> np.ndarray:
    """-H⁺ ∇f for each row: the pseudo-inverse drops eigenvalues that are zero to rounding."""
    lam, vec = np.linalg.eigh(h)
    big = np.max(np.abs(lam), axis=1, keepdims=True)
    keep = np.abs(lam) > 1e-14 * big
    inv = np.divide(1.0, lam, out=np.zeros_like(lam), where=keep)
    coef = np.einsum("mji,mj->mi", vec, g) * inv  # Vᵀg / λ
    return -np.einsum("mij,mj->mi", vec, coef)


def classify(eigenvalues: Sequence[float], scale: float = 0.0) -> str:
    """minimum / maximum / saddle / degenerate from the Hessian's eigenvalues (see the module)."""
    lam = np.asarray(eigenvalues, dtype=np.float64)
    big = max(float(np.max(np.abs(lam))), float(scale))
    if np.any(lam == 0.0) or np.any(np.abs(lam) <= DEGENERATE_RTOL * big):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"


def critical_points(expr: Expression, x_range: Sequence[float], y_range: Sequence[float] | None = None,
                    seeds: int | None = None, max_iterations: int = MAX_ITERATIONS,
                    progress: Callable[[float, str], None] | None = None) -> list[CriticalPoint]:
    """The critical points of ``expr`` inside the range, sorted by f (then x, y).

    ``seeds`` is the number of Newton starts per axis (default ``DEFAULT_SEEDS``). ``progress``
    (fraction, text) is called after each Newton iteration; an exception it raises (a worker's
    Cancelled) stops the search there."""
    dim = expr.dim
    ranges = [_check_range(x_range, "x")]
    if dim == 2:
        if y_range is None:
            raise ValueError(message("{source!r} is a function of x and y: give a y range too", source=expr.source))
        ranges.append(_check_range(y_range, "y"))
    lo = np.array([r[0] for r in ranges])
    hi = np.array([r[1] for r in ranges])
    span = hi - lo
    n = DEFAULT_SEEDS[dim] if seeds is None else int(seeds)
    if n < 1:
        raise ValueError(message("seeds must be >= 1, got {seeds}", seeds=seeds))
    axes = [lo[i] + (np.arange(n) + 0.5) / n * span[i] for i in range(dim)]
    pts = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="xy")], axis=1)

    with np.errstate(all="ignore"):
        f, g, h = _fgh(expr, pts)
        gnorm = np.linalg.norm(g, axis=1)
        ok = np.isfinite(gnorm)
        grad_scale = float(np.max(gnorm[ok])) if ok.any() else 1.0
        hnorm = np.linalg.norm(h.reshape(len(pts), -1), axis=1)
        hnorm = hnorm[np.isfinite(hnorm) & (hnorm > 0)]
        curvature_scale = float(np.median(hnorm)) if hnorm.size else 0.0
        gtol = GRAD_RTOL * (grad_scale if grad_scale > 0 else 1.0)

        alive = np.isfinite(f) & np.all(np.isfinite(g), axis=1) & np.all(np.isfinite(h), axis=(1, 2))
        moving = alive.copy()
        for iteration in range(max_iterations):
            idx = np.flatnonzero(moving)
            if progress is not None:  # the share of seeds that have settled, and at least the iterations done
                fraction = max(1.0 - idx.size / len(pts), iteration / max_iterations)
                progress(0.95 * fraction, message("Newton iteration {iteration}: {moving} of {seeds} seeds moving",
                                                  iteration=iteration + 1, moving=idx.size, seeds=len(pts)))
            if idx.size == 0:
                break
            step = _newton_steps(g[idx], h[idx])
            rel = np.max(np.abs(step) / span, axis=1)
            too_long = rel > MAX_STEP
            step[too_long] *= (MAX_STEP / rel[too_long])[:, None]
            pts[idx] += step
            done = rel <= STEP_TOL
            fi, gi, hi_ = _fgh(expr, pts[idx])
            f[idx], g[idx], h[idx] = fi, gi, hi_
            finite = np.isfinite(fi) & np.all(np.isfinite(gi), axis=1) & np.all(np.isfinite(hi_), axis=(1, 2))
            far = np.any((pts[idx] < lo - span) | (pts[idx] > hi + span), axis=1)
            alive[idx[~finite | far]] = False
            moving[idx[done | ~finite | far]] = False

        margin = 1e-9 * span
        inside = np.all((pts >= lo - margin) & (pts <= hi + margin), axis=1)
        converged = alive & inside & (np.linalg.norm(g, axis=1) <= gtol)

    found: list[int] = []
    order = np.argsort(np.linalg.norm(g, axis=1), kind="stable")  # the best-polished point represents a cluster
    for k in order:
        if not converged[k]:
            continue
        if any(np.max(np.abs(pts[k] - pts[j]) / span) <= MERGE_RTOL for j in found):
            continue
        found.append(int(k))

    result = []
    for k in found:
        lam = np.linalg.eigvalsh(h[k])
        result.append(CriticalPoint(
            x=float(pts[k, 0]), y=float(pts[k, 1]) if dim == 2 else None, f=float(f[k]),
            kind=classify(lam, curvature_scale), eigenvalues=tuple(float(v) for v in lam),
            gradient=tuple(float(v) for v in g[k]),
        ))
    result.sort(key=lambda p: (p.f, p.x, p.y or 0.0))
    return result


def hessian_report(expr: Expression, point: Sequence[float], h: float = 1e-4) -> dict:
    """What the Hessian panel shows at ``point``.

    Keys: ``point``, ``f``, ``gradient`` (exact, reverse mode), ``numerical_gradient`` (seed 001's
    central differences with step ``h``), ``gradient_difference`` (exact − numerical), ``hessian``
    (dim x dim), ``eigenvalues`` (ascending), ``eigenvectors`` (one unit vector per eigenvalue, in
    the same order, its largest component made positive), ``condition_number`` (max|λ| / min|λ|;
    inf when some λ is 0; nan when the Hessian is not finite) and ``kind`` (as ``classify``, with
    the point's own max|λ| as the scale)."""
    f, grad = D.value_and_gradient(expr, point)
    with np.errstate(all="ignore"):
        numerical = D.numerical_gradient(expr, point, h=h)
        hess = D.hessian(expr, point)
        if np.all(np.isfinite(hess)):
            lam, vec = np.linalg.eigh(hess)
            vectors = vec.T.copy()
            for v in vectors:
                if v[np.argmax(np.abs(v))] < 0:
                    v *= -1.0
            absl = np.abs(lam)
            cond = math.inf if absl.min() == 0.0 else float(absl.max() / absl.min())
            kind = classify(lam)
        else:
            lam = np.full(expr.dim, np.nan)
            vectors = np.full((expr.dim, expr.dim), np.nan)
            cond = math.nan
            kind = "undefined"
        difference = grad - numerical
    return {
        "point": [float(v) for v in np.ravel(point)],
        "f": float(f),
        "gradient": grad,
        "numerical_gradient": numerical,
        "gradient_difference": difference,
        "hessian": hess,
        "eigenvalues": lam,
        "eigenvectors": vectors,
        "condition_number": cond,
        "kind": kind,
    }
