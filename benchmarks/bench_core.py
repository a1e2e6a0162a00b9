"""Core engine benchmark: the expression kernels against numpy, a hand-written Numba kernel and
PyTorch, for the same function. Prints one table of times and ratios.

    make bench            (or)   .venv/bin/python benchmarks/bench_core.py

Targets (issue 3): the grid within 3x of the hand-written kernel and faster than numpy; Adam
steps within 3x of a hand-written loop; a new expression parsed and gridded at 200x200 (warm cache)
well under 50 ms.
"""
from __future__ import annotations

import math
import time

import numba
import numpy as np

from gdexplorer.core import derivatives as D
from gdexplorer.core import kernels as K
from gdexplorer.core import specialize
from gdexplorer.core.descent import Descent
from gdexplorer.core.expression import parse

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def best_time(fn, repeat=7, number=5) -> float:
    """The best of ``repeat`` means over ``number`` calls, in seconds (timeit's advice)."""
    fn()
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


# -- hand-written references ------------------------------------------------------------------
@numba.njit(cache=True, parallel=True, error_model="numpy")
def rosenbrock_grid_handwritten(xs, ys, f, gx, gy):
    nx = xs.shape[0]
    for row in numba.prange(ys.shape[0]):
        y = ys[row]
        for col in range(nx):
            x = xs[col]
            r = y - x * x
            k = row * nx + col
            f[k] = (1.0 - x) ** 2 + 100.0 * r * r
            gx[k] = -2.0 * (1.0 - x) - 400.0 * x * r
            gy[k] = 200.0 * r


def rosenbrock_grid_numpy(xs, ys):
    x, y = np.meshgrid(xs, ys)
    r = y - x * x
    return (1.0 - x) ** 2 + 100.0 * r * r, -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


@numba.njit(cache=True, error_model="numpy")
def adam_rosenbrock_handwritten(x, y, lr, steps, out):
    b1, b2, eps = 0.9, 0.999, 1e-8
    m0 = m1 = v0 = v1 = 0.0
    for t in range(1, steps + 1):
        r = y - x * x
        g0 = -2.0 * (1.0 - x) - 400.0 * x * r
        g1 = 200.0 * r
        m0 = m0 + (1 - b1) * (g0 - m0)
        m1 = m1 + (1 - b1) * (g1 - m1)
        v0 = v0 * b2 + (1 - b2) * g0 * g0
        v1 = v1 * b2 + (1 - b2) * g1 * g1
        bc1 = 1 - b1 ** t
        bc2s = math.sqrt(1 - b2 ** t)
        x = x - lr / bc1 * m0 / (math.sqrt(v0) / bc2s + eps)
        y = y - lr / bc1 * m1 / (math.sqrt(v1) / bc2s + eps)
        out[t, 0] = x
        out[t, 1] = y
    return x, y


def adam_rosenbrock_numpy(theta, lr, steps):
    b1, b2, eps = 0.9, 0.999, 1e-8
    m = np.zeros(2)
    v = np.zeros(2)
    theta = theta.copy()
    for t in range(1, steps + 1):
        x, y = theta
        r = y - x * x
        g = np.array([-2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r])
        m += (1 - b1) * (g - m)
        v = v * b2 + (1 - b2) * g * g
        theta -= lr / (1 - b1 ** t) * m / (np.sqrt(v) / math.sqrt(1 - b2 ** t) + eps)
    return theta


def adam_rosenbrock_torch(steps, lr):
    import torch

    p = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr, foreach=False)
    for _ in range(steps):
        opt.zero_grad()
        loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
        loss.backward()
        opt.step()
    return p.detach().numpy()


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    expr = parse(ROSENBROCK)
    print(f"numba {numba.__version__}, numpy {np.__version__}, {numba.get_num_threads()} threads")

    # 1. f and ∇f on a 512x512 grid
    xs = np.linspace(-2, 2, 512)
    ys = np.linspace(-1, 3, 512)
    f, gx, gy = (np.empty(512 * 512) for _ in range(3))
    t_np = best_time(lambda: rosenbrock_grid_numpy(xs, ys))
    t_hand = best_time(lambda: rosenbrock_grid_handwritten(xs, ys, f, gx, gy), number=20)
    t_interp = best_time(lambda: K.eval_grid(expr.ops, expr.arg_a, expr.arg_b, expr.consts, xs, ys, True, f, gx, gy), number=20)
    kernels = specialize.compile_kernels(expr)
    t_spec = best_time(lambda: kernels.grid(xs, ys, True, f, gx, gy), number=20)
    ref = rosenbrock_grid_numpy(xs, ys)
    assert np.allclose(f.reshape(512, 512), ref[0], rtol=1e-12) and np.allclose(gx.reshape(512, 512), ref[1], rtol=1e-9, atol=1e-9)
    print("\n1. f and ∇f of Rosenbrock on a 512x512 grid")
    _table([
        ("numpy (vectorized, analytic gradient)", t_np, t_hand),
        ("hand-written Numba kernel", t_hand, t_hand),
        ("interpreter (any expression, no compile)", t_interp, t_hand),
        ("specialized kernel (generated, warm cache)", t_spec, t_hand),
    ], extra=("vs numpy", t_np))

    # 2. 10,000 Adam steps on Rosenbrock
    steps = 10_000
    out = np.zeros((steps + 1, 2))
    t_hand = best_time(lambda: adam_rosenbrock_handwritten(-1.5, 2.0, 1e-3, steps, out), repeat=5, number=3)

    def interp_run():
        specialize._loaded.pop(expr.key, None)
        Descent(expr, (-1.5, 2.0), "adam", hyperparameters={"lr": 1e-3}).step(steps)

    def spec_run():
        specialize._loaded[expr.key] = kernels
        Descent(expr, (-1.5, 2.0), "adam", hyperparameters={"lr": 1e-3}).step(steps)

    t_interp = best_time(interp_run, repeat=5, number=3)
    t_spec = best_time(spec_run, repeat=5, number=3)
    t_np = best_time(lambda: adam_rosenbrock_numpy(np.array([-1.5, 2.0]), 1e-3, steps), repeat=2, number=1)
    lines = [
        ("hand-written Numba loop", t_hand, t_hand),
        ("interpreter (Descent.step, any expression)", t_interp, t_hand),
        ("specialized kernel (Descent.step, warm cache)", t_spec, t_hand),
        ("numpy, one step per Python iteration", t_np, t_hand),
    ]
    try:
        t_torch = best_time(lambda: adam_rosenbrock_torch(steps, 1e-3), repeat=2, number=1)
        lines.append(("PyTorch torch.optim.Adam + autograd", t_torch, t_hand))
    except ImportError:
        pass
    print(f"\n2. {steps:,} Adam steps on Rosenbrock (with the full trajectory recorded)")
    _table(lines, per=steps)

    # 3. a new expression, parsed and gridded at 200x200 with a warm cache
    g200 = np.linspace(-3, 3, 200)
    counter = iter(range(10**9))

    def new_expression():
        k = next(counter)
        e = parse(f"sin({1 + k % 97}*x) * cos(y) + 0.{k % 89 + 1}*(x^2 + y^2)")
        D.grid(e, g200, g200)

    t_new = best_time(new_expression, repeat=7, number=10)
    print("\n3. a new expression typed: parse + f and ∇f on 200x200 (interpreter, warm cache)")
    print(f"   {t_new * 1e3:8.3f} ms   (target: well under 50 ms)")


def _table(lines, extra=None, per=None):
    for name, t, ref in lines:
        ratio = t / ref
        s = f"   {name:<48} {t * 1e3:9.3f} ms   {ratio:6.2f}x hand-written"
        if extra:
            s += f"   {t / extra[1]:6.2f}x numpy"
        if per:
            s += f"   {t / per * 1e9:8.1f} ns/step"
        print(s)


if __name__ == "__main__":
    main()
