"""Basin-map benchmark (issue 10): a 512x512 grid of starts, 1000 Adam steps each on Rosenbrock.

    .venv/bin/python benchmarks/bench_basin.py

Times `gdexplorer basin` as a whole command minus its start-up (the command with --steps 1000 minus
the same command with --steps 0, warm kernel cache, best of 3), the library call it makes
(batch.run), and, for the same work, a hand-written parallel Numba kernel (steps outside, prange
over the starts inside), vectorized numpy and PyTorch (torch.optim.Adam on a (512*512, 2)
parameter with the summed Rosenbrock loss). numpy and PyTorch run fewer steps and are scaled
linearly to 1000 (their cost per step is constant: same arrays, same operations every step).
Targets: within 3x of the hand-written kernel (goal 1.5x), at least 5x faster than numpy and PyTorch.
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time

import numba
import numpy as np

from gdexplorer.core import batch
from gdexplorer.core.expression import parse

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"
N = 512
STEPS = 1000
LR = 0.05  # adam's rate for the Rosenbrock preset
RANGE = (-2.0, 2.0, -1.0, 3.0)
B1, B2, EPS = 0.9, 0.999, 1e-8


def starts() -> tuple[np.ndarray, np.ndarray]:
    X, Y = np.meshgrid(np.linspace(RANGE[0], RANGE[1], N), np.linspace(RANGE[2], RANGE[3], N))
    return X.ravel().copy(), Y.ravel().copy()


@numba.njit(cache=True, parallel=True, error_model="numpy")
def adam_rosenbrock_handwritten(x, y, n_steps, lr, b1, b2, eps):
    """Steps outside, a vectorizable prange over the starts inside, bias corrections hoisted."""
    m = x.shape[0]
    mx, my, vx, vy = np.zeros(m), np.zeros(m), np.zeros(m), np.zeros(m)
    for t in range(1, n_steps + 1):
        step = lr / (1.0 - b1 ** float(t))
        bc2_sqrt = math.sqrt(1.0 - b2 ** float(t))
        for k in numba.prange(m):
            a, b = x[k], y[k]
            r = b - a * a
            gx = -2.0 * (1.0 - a) - 400.0 * a * r
            gy = 200.0 * r
            mx[k] = b1 * mx[k] + (1.0 - b1) * gx
            my[k] = b1 * my[k] + (1.0 - b1) * gy
            vx[k] = b2 * vx[k] + (1.0 - b2) * gx * gx
            vy[k] = b2 * vy[k] + (1.0 - b2) * gy * gy
            x[k] = a - step * mx[k] / (math.sqrt(vx[k]) / bc2_sqrt + eps)
            y[k] = b - step * my[k] / (math.sqrt(vy[k]) / bc2_sqrt + eps)


def adam_rosenbrock_numpy(x, y, n_steps):
    mx, my, vx, vy = (np.zeros_like(x) for _ in range(4))
    for t in range(1, n_steps + 1):
        r = y - x * x
        gx = -2.0 * (1.0 - x) - 400.0 * x * r
        gy = 200.0 * r
        mx = B1 * mx + (1 - B1) * gx
        my = B1 * my + (1 - B1) * gy
        vx = B2 * vx + (1 - B2) * gx * gx
        vy = B2 * vy + (1 - B2) * gy * gy
        step = LR / (1 - B1 ** t)
        s2 = math.sqrt(1 - B2 ** t)
        x = x - step * mx / (np.sqrt(vx) / s2 + EPS)
        y = y - step * my / (np.sqrt(vy) / s2 + EPS)
    return x, y


def adam_rosenbrock_torch(x, y, n_steps):
    import torch

    p = torch.tensor(np.stack([x, y], axis=1), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=LR)
    for _ in range(n_steps):
        opt.zero_grad()
        a, b = p[:, 0], p[:, 1]
        loss = ((1 - a) ** 2 + 100 * (b - a * a) ** 2).sum()
        loss.backward()
        opt.step()
    return p.detach().numpy()


def best(fn, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def command_time(steps: int, out: str) -> float:
    argv = [sys.executable, "-m", "gdexplorer", "basin", "-f", ROSENBROCK, "--optimizer", "adam", "--lr", str(LR),
            "--steps", str(steps), "--grid", f"{N},{N}", "--range", f"{RANGE[0]}:{RANGE[1]},{RANGE[2]}:{RANGE[3]}",
            "--out", out]

    def once():
        subprocess.run(argv, check=True, capture_output=True)

    return best(once)


def main() -> None:
    expr = parse(ROSENBROCK)
    t0 = time.perf_counter()
    batch.compile_batch(expr, "adam", hyperparameters={"lr": LR})  # the kernel the command uses
    print(f"batch kernel for Rosenbrock + Adam compiled or loaded in {time.perf_counter() - t0:.2f} s")
    x0, y0 = starts()
    grid = np.stack([x0, y0], axis=1)
    # the command, minus its start-up (same command with --steps 0)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "b.npz")
        command_time(1, out)  # warm the disk caches
        full = command_time(STEPS, out)
        startup = command_time(0, out)
    command = full - startup
    library = best(lambda: batch.run(expr, grid, "adam", steps=STEPS, hyperparameters={"lr": LR}))

    adam_rosenbrock_handwritten(x0.copy(), y0.copy(), 2, LR, B1, B2, EPS)  # compile / load
    hand = best(lambda: adam_rosenbrock_handwritten(x0.copy(), y0.copy(), STEPS, LR, B1, B2, EPS))
    np_steps, torch_steps = 50, 50
    numpy_time = best(lambda: adam_rosenbrock_numpy(x0, y0, np_steps), repeat=2) * STEPS / np_steps
    try:
        torch_time = best(lambda: adam_rosenbrock_torch(x0, y0, torch_steps), repeat=2) * STEPS / torch_steps
    except ImportError:
        torch_time = math.nan

    print(f"\n{N}x{N} starts x {STEPS} Adam steps on Rosenbrock ({numba.get_num_threads()} threads)")
    rows = [
        (f"gdexplorer basin command ({full:.3f} s - {startup:.3f} s start-up)", command),
        ("batch.run (the library call the command makes)", library),
        ("hand-written parallel Numba kernel", hand),
        (f"vectorized numpy ({np_steps} steps, scaled to {STEPS})", numpy_time),
        (f"PyTorch torch.optim.Adam ({torch_steps} steps, scaled to {STEPS})", torch_time),
    ]
    for name, t in rows:
        print(f"  {name:<62} {t:8.3f} s   {t / hand:6.2f}x hand-written   {t / command:6.2f}x the command")
    print(f"\ncommand vs hand-written: {command / hand:.2f}x (target <= 3x, goal 1.5x); "
          f"numpy / command: {numpy_time / command:.1f}x, PyTorch / command: {torch_time / command:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
