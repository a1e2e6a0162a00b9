"""Descent runs: an optimizer walking an expression from a start point.

:class:`Descent` is resumable (step, step again, read the optimizer state): the GUI steps it as the
user clicks. :func:`run` does a whole run at once. Both call the same kernel, so a trajectory is the
same however it was stepped. Noise for ``sgd`` comes from a seeded numpy generator, drawn in the
same order whether a run is made in one call or one step at a time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from gdexplorer.core import batch, engine, specialize
from gdexplorer.core import kernels as K
from gdexplorer.core.derivatives import tape
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import message, reason
from gdexplorer.core.optimizers import OptimizerSpec, get_optimizer
from gdexplorer.core.schedules import Schedule, check_clip, parse_schedule


class RunError(ValueError):
    """Bad run settings (start point, optimizer, hyperparameters)."""


@dataclass(frozen=True)
class Trajectory:
    """Rows 0..n of a run: row 0 is the start, row k the point after k steps.

    ``points`` (n+1, dim), ``f`` (n+1,), ``grad`` (n+1, dim): each row's gradient is the exact
    gradient at that row's point. ``status`` is 'ok', 'diverged' or 'singular'; ``stopped_at`` is
    the step at which a run stopped early (None when it ran all its steps).
    """

    points: np.ndarray
    f: np.ndarray
    grad: np.ndarray
    status: str = "ok"
    stopped_at: int | None = None
    message: str = ""

    @property
    def steps(self) -> int:
        return len(self.f) - 1

    @property
    def dim(self) -> int:
        return self.points.shape[1]


STATUS_TEXT = {K.OK: "ok", K.DIVERGED: "diverged", K.SINGULAR: "singular"}
UNDEFINED = "undefined"  # not a kernel status: a DIVERGED stop told apart afterwards (see _why_not_finite)


def _stop_message(status: int, step: int) -> str:
    if status == K.DIVERGED:
        return message("diverged at step {step}: the point, f or the gradient is no longer finite", step=step)
    if status == K.SINGULAR:
        return message("stopped at step {step}: the Hessian is singular, so newton cannot invert it", step=step)
    return ""


def _point_text(theta: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.6g}" for v in theta) + ")" if theta.size > 1 else f"{theta[0]:.6g}"


def _why_not_finite(expr: Expression, theta: np.ndarray, step: int) -> tuple[str, str] | None:
    """A run stops at the first step whose point, f or ∇f is not finite. That is a divergence when
    something overflowed, but a finite point where f is NaN with no infinity anywhere in its
    evaluation is a step into a region where f is undefined (sqrt or log of a negative number,
    0/0), and a finite f with a non-finite gradient (sqrt at 0) is a point where f has no
    gradient. Returns (status, message) for those two, None for a divergence."""
    if not np.all(np.isfinite(theta)):
        return None
    n = expr.size
    vals, adj = np.empty(n), np.empty(n)
    x, y = float(theta[0]), float(theta[1]) if theta.size > 1 else 0.0
    f, gx, gy = K.eval_point(*tape(expr), x, y, vals, adj)
    if np.any(np.isinf(vals)):
        return None  # an overflow on the way: inf - inf and inf·0 give NaN too
    point = _point_text(theta)
    if np.isnan(f):
        return UNDEFINED, message("stopped at step {step}: f is undefined at θ = {point} (a square root or log of a "
                                  "negative number, 0/0, ...): the run cannot go on there", step=step, point=point)
    if not (np.isfinite(gx) and np.isfinite(gy)):
        return UNDEFINED, message("stopped at step {step}: f has no gradient at θ = {point} (it is not differentiable "
                                  "there)", step=step, point=point)
    return None


class Descent:
    """A resumable run of one optimizer on one expression."""

    def __init__(
        self,
        expr: Expression,
        start: Sequence[float],
        optimizer: str | OptimizerSpec = "gd",
        *,
        hyperparameters: Mapping[str, float] | None = None,
        noise: float | None = None,
        seed: int | None = 0,
        schedule: Schedule | str | None = None,
        clip: float | None = None,
    ):
        """``hyperparameters`` override the optimizer's defaults by name, the learning rate ``lr``
        like any other (there is no separate learning-rate argument: one home for each value).
        ``schedule`` (a :class:`~gdexplorer.core.schedules.Schedule` or its text) sets the rate of
        each step from ``lr``; ``clip`` > 0 clips the gradient's norm (torch's semantics, see
        :mod:`gdexplorer.core.schedules`); the trajectory keeps the raw gradient."""
        self.expr = expr
        self.spec = optimizer if isinstance(optimizer, OptimizerSpec) else _lookup(optimizer)
        try:
            self.hyperparameters = self.spec.resolve(hyperparameters)
            self._hyper = self.spec.pack(self.hyperparameters)
        except (KeyError, ValueError) as exc:
            raise RunError(reason(exc)) from None
        try:
            self.schedule = parse_schedule(schedule) if isinstance(schedule, str) or schedule is None else schedule
            self.clip = check_clip(clip)
        except ValueError as exc:
            raise RunError(reason(exc)) from None
        self.noise = float(self.spec.default_noise if noise is None else noise)
        if not np.isfinite(self.noise) or self.noise < 0:
            raise RunError(message("noise must be a finite number >= 0, got {noise!r}", noise=noise))
        self.seed = seed
        self._rng = np.random.Generator(np.random.PCG64(seed))
        start_arr = np.asarray(start, dtype=np.float64).ravel()
        if start_arr.size != expr.dim:
            raise RunError(message("the start point needs {dim} coordinate(s) ({names}), got {count}", dim=expr.dim,
                                   names=", ".join(expr.variables), count=start_arr.size))
        if not np.all(np.isfinite(start_arr)):
            raise RunError(message("the start point must be finite"))
        self.start = start_arr.copy()
        self.theta = start_arr.copy()
        self.t = 0
        kernels = engine.get()
        self.state = np.zeros((kernels.N_STATE, expr.dim))
        self.scalars = np.zeros(kernels.N_SCALARS)
        kernels.init_state(self.spec.rule.id, self._hyper, expr.dim, self.state, self.scalars)
        self.status = "ok"
        self.stopped_at: int | None = None
        self.message = ""
        out = self._advance(0)
        if out[0] == 0:
            raise RunError(message("f or its gradient is not finite at the start point: choose another start"))
        self._rows = _Rows(out[1], out[2], out[3])
        self._trajectory: Trajectory | None = None

    @property
    def lr(self) -> float:
        return self.hyperparameters["lr"]

    def rates(self, first: int, n: int) -> np.ndarray:
        """The learning rates of steps ``first`` .. ``first + n - 1`` (1-based)."""
        if self.schedule is None:
            return np.full(n, self.lr)
        return self.schedule.rates(self.lr, np.arange(first, first + n))

    @property
    def finished(self) -> bool:
        return self.status != "ok"

    def _advance(self, n: int):
        dim = self.expr.dim
        noise = np.zeros((n, 2))
        if self.noise > 0 and n > 0:
            noise[:, :dim] = self.noise * self._rng.standard_normal((n, dim))
        out_theta = np.zeros((n + 1, dim))
        out_f = np.zeros(n + 1)
        out_g = np.zeros((n + 1, dim))
        rule = self.spec.rule.id
        lrs = self.rates(self.t + 1, n)
        specialized = specialize.ready(self.expr)
        if specialized is not None:
            rows, status = specialized.run_steps(
                dim, rule, self._hyper, self.theta, self.state, self.scalars,
                self.t, noise, lrs, self.clip, out_theta, out_f, out_g,
            )
        else:
            rows, status = engine.get().run_steps(
                *tape(self.expr), dim, rule, self._hyper, self.theta, self.state, self.scalars,
                self.t, noise, lrs, self.clip, out_theta, out_f, out_g,
            )
        return rows, out_theta[:rows], out_f[:rows], out_g[:rows], status

    def step(self, n: int = 1) -> int:
        """Advance up to ``n`` steps; returns how many were taken (fewer when the run stops)."""
        if n < 0:
            raise RunError(message("the number of steps must be >= 0, got {steps}", steps=n))
        if self.finished or n == 0:
            return 0
        rows, pts, f, g, status = self._advance(n)
        taken = max(rows - 1, 0)
        self._trajectory = None
        if taken:
            self._rows.append(pts[1:], f[1:], g[1:])
        self.t += taken
        if status != K.OK:
            self.status = STATUS_TEXT[status]
            self.stopped_at = self.t + 1
            self.message = _stop_message(status, self.stopped_at)
            undefined = _why_not_finite(self.expr, self.theta, self.stopped_at) if status == K.DIVERGED else None
            if undefined is not None:
                self.status, self.message = undefined
            # theta was moved to the rejected point (or kept for newton): keep the last good row
            self.theta = np.array(self.points[-1])
        return taken

    @property
    def points(self) -> np.ndarray:
        return self.trajectory.points

    @property
    def trajectory(self) -> Trajectory:
        """The rows so far: read-only views of the run's buffers, made without copying (views read
        it every frame; a long run's frame must not cost a copy of all its rows)."""
        if self._trajectory is None:
            self._trajectory = Trajectory(*self._rows.views(), self.status, self.stopped_at, self.message)
        return self._trajectory

    @property
    def stored_bytes(self) -> int:
        """The bytes its rows hold in memory (the buffers' capacity: under twice the rows' bytes)."""
        return self._rows.nbytes

    def optimizer_state(self) -> dict[str, np.ndarray]:
        """The optimizer's state vectors by torch's names (velocity, moments, ...)."""
        return {name: self.state[i].copy() for i, name in enumerate(self.spec.state_names)}


class _Rows:
    """A run's rows (points, f, grad), appended in place into buffers whose capacity doubles when
    full: a step costs O(1) amortized, not a copy of every row so far, and the buffers hold at most
    twice the rows. Rows once written never change, so a view handed out stays true: later rows go
    past its end, and a grown buffer is a new array (the view keeps the old one alive)."""

    def __init__(self, points: np.ndarray, f: np.ndarray, grad: np.ndarray):
        self.count = 0
        self.points, self.f, self.grad = (np.empty((16, *a.shape[1:])) for a in (points, f, grad))
        self.append(points, f, grad)

    def append(self, points: np.ndarray, f: np.ndarray, grad: np.ndarray) -> None:
        end = self.count + len(f)
        if end > len(self.f):
            capacity = max(2 * len(self.f), end)
            self.points, self.f, self.grad = (_grown(a, capacity, self.count) for a in (self.points, self.f, self.grad))
        self.points[self.count:end], self.f[self.count:end], self.grad[self.count:end] = points, f, grad
        self.count = end

    def views(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        out = tuple(a[: self.count] for a in (self.points, self.f, self.grad))
        for view in out:
            view.flags.writeable = False
        return out

    @property
    def nbytes(self) -> int:
        """The bytes the buffers hold (capacity, not only the rows written)."""
        return self.points.nbytes + self.f.nbytes + self.grad.nbytes


def _grown(a: np.ndarray, capacity: int, count: int) -> np.ndarray:
    bigger = np.empty((capacity, *a.shape[1:]))
    bigger[:count] = a[:count]
    return bigger


def _lookup(name: str) -> OptimizerSpec:
    try:
        return get_optimizer(name)
    except KeyError as exc:
        raise RunError(reason(exc)) from None


def run(
    expr: Expression,
    start: Sequence[float],
    optimizer: str = "gd",
    *,
    steps: int = 100,
    hyperparameters: Mapping[str, float] | None = None,
    noise: float | None = None,
    seed: int | None = 0,
    schedule: Schedule | str | None = None,
    clip: float | None = None,
) -> Trajectory:
    """Run ``steps`` steps (or until the run stops) and return the trajectory."""
    if steps < 0:
        raise RunError(message("steps must be >= 0, got {steps}", steps=steps))
    descent = Descent(expr, start, optimizer, hyperparameters=hyperparameters, noise=noise, seed=seed,
                      schedule=schedule, clip=clip)
    descent.step(steps)
    return descent.trajectory


@dataclass(frozen=True)
class BatchResult:
    final: np.ndarray  # (m, dim) last good point of each start
    f: np.ndarray  # (m,)
    steps: np.ndarray  # (m,) steps completed
    status: np.ndarray  # (m,) kernel status codes


def run_batch(
    expr: Expression,
    starts: np.ndarray,
    optimizer: str = "gd",
    *,
    steps: int = 100,
    hyperparameters: Mapping[str, float] | None = None,
) -> BatchResult:
    """Run one optimizer from many starts at once, in parallel (no noise): for basin maps and sweeps.

    Uses the batch kernel generated for this expression and optimizer when it is ready
    (:func:`gdexplorer.core.batch.compile_batch`, in a worker), else the tape interpreter: the
    same final points (the interpreter's x^2 is pow(x, 2.0), which can differ from x*x by an ulp)."""
    spec = _lookup(optimizer)
    try:
        hyper = spec.pack(hyperparameters)
    except (KeyError, ValueError) as exc:
        raise RunError(reason(exc)) from None
    starts = np.ascontiguousarray(starts, dtype=np.float64).reshape(-1, expr.dim)
    kernel = batch.ready(expr, spec)
    if kernel is not None:
        fast = batch.run(expr, starts, spec, steps=max(int(steps), 0), hyperparameters=hyperparameters, kernel=kernel)
        status = np.where(fast.status == batch.UNDEFINED, K.DIVERGED, fast.status)  # the interpreter's codes
        status = np.where(status == batch.CONVERGED, K.OK, status)
        return BatchResult(fast.final, fast.f, fast.steps, status)
    m = starts.shape[0]
    padded = np.zeros((m, 2))
    padded[:, : expr.dim] = starts
    out_theta = np.zeros((m, 2))
    out_f = np.zeros(m)
    out_steps = np.zeros(m, dtype=np.int64)
    out_status = np.zeros(m, dtype=np.int64)
    engine.get().run_batch(*tape(expr), expr.dim, spec.rule.id, hyper, padded, int(steps), out_theta, out_f, out_steps, out_status)
    return BatchResult(out_theta[:, : expr.dim], out_f, out_steps, out_status)
