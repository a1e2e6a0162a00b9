"""Learning-rate sweep benchmark: `gdexplorer.core.sweep.sweep` (one Descent per rate, the tape
interpreter, threads over the cores) against a plain numpy loop doing the same gd sweep vectorized
over the rates, on seed 004's function from x = -1: 1000 rates x 1000 steps.

    .venv/bin/python benchmarks/bench_sweep.py

Target (issue 10): a 1000-lr x 1000-step sweep in well under a second.
"""
from __future__ import annotations

import math
import time

import numpy as np

from gdexplorer.core.expression import parse
from gdexplorer.core.sweep import learning_rates, sweep

SEED_004 = "(x*cos(pi*x) + (1 - 1/pi)*sin(pi*x))/pi"
K, STEPS = 1000, 1000


def best_time(fn, repeat=5) -> float:
    fn()
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def numpy_sweep(lrs: np.ndarray, steps: int) -> np.ndarray:
    """gd from -1 at every rate at once; f' = cos(πx) − x·sin(πx) (the seed's own formula)."""
    x = np.full(lrs.shape, -1.0)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            px = np.pi * x
            x = x - lrs * (np.cos(px) - x * np.sin(px))
    return x


if __name__ == "__main__":
    expr = parse(SEED_004)
    lrs = learning_rates(0.01, 1.2, K)
    arr = np.array(lrs)
    t_sweep = best_time(lambda: sweep(expr, [-1.0], "gd", lrs, STEPS))
    t_one = best_time(lambda: sweep(expr, [-1.0], "gd", lrs, STEPS, workers=1))
    t_numpy = best_time(lambda: numpy_sweep(arr, STEPS))
    res = sweep(expr, [-1.0], "gd", lrs, STEPS)
    ref = numpy_sweep(arr, STEPS)
    calm = arr < 0.45  # below the local minimum's stability limit both settle; above, chaos magnifies last bits
    agree = np.max(np.abs(res.points[calm, 0, 0] - ref[calm]))
    print(f"sweep {K} lrs x {STEPS} gd steps on seed 004's function ({K * STEPS / 1e6:.0f}e6 steps)")
    print(f"  gdexplorer sweep (threads)   {t_sweep * 1e3:8.1f} ms   {t_sweep / K / STEPS * 1e9:6.0f} ns/step")
    print(f"  gdexplorer sweep (1 thread)  {t_one * 1e3:8.1f} ms")
    print(f"  numpy, vectorized over lrs   {t_numpy * 1e3:8.1f} ms")
    print(f"  ratio sweep / numpy          {t_sweep / t_numpy:8.2f}x")
    print(f"  max |x_sweep - x_numpy| for lr < 0.45: {agree:.2e}")
