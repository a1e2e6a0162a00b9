"""Learning-rate sweeps (the bifurcation view) and gd's stability limit on a quadratic bowl.

:func:`sweep` runs one optimizer from one start at many learning rates and keeps the last ``keep``
iterates of each run. Each run is a plain :class:`~gdexplorer.core.descent.Descent` without noise, so
a run of a sweep is bit for bit the run ``descent.run`` makes at that rate. The kernels release the
GIL, so the runs are spread over the cores in threads (each run stays one sequential kernel call:
the split changes nothing in the numbers).

:func:`stability_limit` gives 2/λ_max of the Hessian: gradient descent on a quadratic with that
Hessian converges for lr < 2/λ_max and diverges above it (each eigen-direction is multiplied by
1 − lr·λ per step; Goh, "Why Momentum Really Works", Distill 2017).
"""
from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from gdexplorer.core import derivatives
from gdexplorer.core.descent import Descent, RunError
from gdexplorer.core.schedules import Schedule
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import message, reason
from gdexplorer.core.optimizers import OptimizerSpec, get_optimizer


class SweepError(RunError):
    """Bad sweep settings (learning rates, keep, steps, hyperparameters)."""


@dataclass(frozen=True)
class SweepResult:
    """One row per learning rate.

    ``points[i, j]`` (K, M, dim) and ``f[i, j]`` (K, M) are run i's iterates in time order: j = M-1
    is its last point (after ``steps`` steps), j = 0 the one M-1 steps before. A run that stopped
    early (``status[i]`` 'diverged', 'undefined' or 'singular', see :class:`Descent`) has NaN in all
    its M rows. ``steps[i]`` counts the steps run i completed; ``converged_at[i]`` is the first step
    from which every |∂f/∂xᵢ| stays ≤ ``tol`` to the end of the run (-1: never, or the run stopped early).
    """

    lrs: np.ndarray
    points: np.ndarray
    f: np.ndarray
    status: tuple[str, ...]
    steps: np.ndarray
    converged_at: np.ndarray
    dim: int

    @property
    def keep(self) -> int:
        return self.f.shape[1]

    @property
    def stopped(self) -> np.ndarray:
        return np.array([s != "ok" for s in self.status], dtype=bool)


def learning_rates(a: float, b: float, num: int, log: bool = False) -> list[float]:
    """``num`` rates from a to b: a + i·(b − a)/(num − 1) (Python floats, evaluated left to right:
    ``a + i * (b - a) / (num - 1)``), or with ``log`` a·(b/a)^(i/(num − 1)) (``a * (b / a) ** (i /
    (num - 1))``, needs 0 < a). ``num`` = 1 gives [a]. Needs a < b when num > 1 (a ≤ b when num = 1)."""
    if isinstance(num, bool) or not isinstance(num, (int, np.integer)) or num < 1:
        raise SweepError(message("the number of learning rates must be an integer >= 1, got {num!r}", num=num))
    a, b, num = float(a), float(b), int(num)
    if not (math.isfinite(a) and math.isfinite(b)):
        raise SweepError(message("the learning-rate range must be finite, got {a!r}:{b!r}", a=a, b=b))
    if num > 1 and not a < b:
        raise SweepError(message("the learning-rate range must go up (A < B when K > 1), got {a!r}:{b!r}", a=a, b=b))
    if num == 1 and a > b:
        raise SweepError(message("the learning-rate range must go up (A <= B), got {a!r}:{b!r}", a=a, b=b))
    if log and not a > 0:
        raise SweepError(message("a log-spaced range needs 0 < A, got {a!r}:{b!r}", a=a, b=b))
    if num == 1:
        return [a]
    if log:
        return [a * (b / a) ** (i / (num - 1)) for i in range(num)]
    return [a + i * (b - a) / (num - 1) for i in range(num)]


def _check_settings(spec, learning_rates_: Sequence[float], hyperparameters: Mapping[str, float] | None):
    settings = dict(hyperparameters or {})
    if "lr" in settings:
        raise SweepError(message("lr is what a sweep varies: give the range of rates, not a single lr"))
    try:
        spec.resolve(settings)
    except (KeyError, ValueError) as exc:
        raise SweepError(reason(exc)) from None
    check = spec.hyperparameter("lr").check
    lrs = []
    for i, lr in enumerate(learning_rates_):
        try:
            lrs.append(check(lr))
        except ValueError as exc:
            raise SweepError(message("learning rate number {i} ({lr!r}) is not valid for {optimizer}: {reason}", i=i, lr=lr,
                                     optimizer=spec.name, reason=reason(exc))) from None
    return settings, lrs


def sweep(
    expr: Expression,
    start: Sequence[float],
    optimizer: str = "gd",
    learning_rates: Sequence[float] = (),
    steps: int = 100,
    keep: int = 1,
    hyperparameters: Mapping[str, float] | None = None,
    *,
    tol: float = 1e-8,
    workers: int | None = None,
    schedule: Schedule | str | None = None,
    clip: float | None = None,
) -> SweepResult:
    """Run ``optimizer`` from ``start`` for ``steps`` steps at each learning rate (no noise: sgd
    runs as gd) and keep the last ``keep`` iterates of each run (1 ≤ keep ≤ steps + 1).
    ``hyperparameters`` set the optimizer's other hyperparameters (not lr); ``schedule`` and
    ``clip`` apply to every run (a schedule scales each run's own rate). Raises SweepError (a
    RunError) on bad settings, before running anything."""
    if isinstance(optimizer, OptimizerSpec):
        spec = optimizer
    else:
        try:
            spec = get_optimizer(optimizer)
        except KeyError as exc:
            raise SweepError(reason(exc)) from None
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise SweepError(message("steps must be an integer >= 0, got {steps!r}", steps=steps))
    if isinstance(keep, bool) or not isinstance(keep, (int, np.integer)) or not 1 <= keep <= steps + 1:
        raise SweepError(message("keep must be an integer from 1 to steps + 1 = {most} (a run has steps + 1 points), "
                                 "got {keep!r}", most=steps + 1, keep=keep))
    steps, keep = int(steps), int(keep)
    settings, lrs = _check_settings(spec, list(learning_rates), hyperparameters)
    dim = expr.dim
    n = len(lrs)
    # the start, the schedule and the clip are checked once (f and ∇f finite there), with the default rate
    try:
        first = Descent(expr, start, spec, hyperparameters=settings, noise=0.0, schedule=schedule, clip=clip)
    except RunError as exc:
        raise SweepError(reason(exc)) from None
    schedule, clip = first.schedule, first.clip

    points = np.full((n, keep, dim), np.nan)
    f = np.full((n, keep), np.nan)
    taken = np.zeros(n, dtype=np.int64)
    converged = np.full(n, -1, dtype=np.int64)
    status = ["ok"] * n

    def one(i: int) -> None:
        d = Descent(expr, start, spec, hyperparameters={**settings, "lr": lrs[i]}, noise=0.0, schedule=schedule,
                    clip=clip)
        taken[i] = d.step(steps)
        status[i] = d.status
        if d.status != "ok":
            return
        tr = d.trajectory
        points[i] = tr.points[-keep:]
        f[i] = tr.f[-keep:]
        small = np.max(np.abs(tr.grad), axis=1) <= tol  # no overflow on a huge gradient
        if small[-1]:
            big = np.flatnonzero(~small)
            converged[i] = 0 if big.size == 0 else int(big[-1]) + 1

    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if n * (steps + 1) >= 50_000 else 1
    workers = max(1, min(int(workers), n))
    if workers == 1:
        for i in range(n):
            one(i)
    else:
        # interleaved blocks, so fast (early-diverging) and slow runs share out evenly
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for fut in [pool.submit(lambda w: [one(i) for i in range(w, n, workers)], w) for w in range(workers)]:
                fut.result()
    return SweepResult(np.array(lrs, dtype=np.float64), points, f, tuple(status), taken, converged, dim)


def sweep_rows(result: SweepResult) -> list[str]:
    """CSV rows ``lr,k,x[,y],f``: for each rate in order, its last M iterates oldest first (k =
    M-1 … 0, k = 0 the last point); a run that stopped early is one row ``lr,0,nan[,nan],nan``.
    Floats are written with ``repr`` (they read back exactly)."""
    out = []
    m = result.keep
    for i, lr in enumerate(result.lrs):
        lr_text = repr(float(lr))
        if result.status[i] != "ok":
            out.append(",".join([lr_text, "0"] + ["nan"] * (result.dim + 1)))
            continue
        for j in range(m):
            coords = [repr(float(v)) for v in result.points[i, j]]
            out.append(",".join([lr_text, str(m - 1 - j), *coords, repr(float(result.f[i, j]))]))
    return out


def sweep_csv(result: SweepResult) -> str:
    header = "lr,k,x,f" if result.dim == 1 else "lr,k,x,y,f"
    return "\n".join([header, *sweep_rows(result)]) + "\n"


def stability_limit(expr: Expression, point: Sequence[float]) -> float | None:
    """2/λ_max of the Hessian at ``point``: gd's largest stable learning rate on a quadratic with
    that Hessian (exact for a quadratic bowl, a local estimate elsewhere). None when λ_max ≤ 0 (no
    bowl: no limit) or the Hessian is not finite there."""
    h = derivatives.hessian(expr, point)
    if not np.all(np.isfinite(h)):
        return None
    lam = float(np.linalg.eigvalsh(h)[-1])
    if not lam > 0:
        return None
    return 2.0 / lam
