"""Training-on-data benchmark (issue 11): one epoch of mini-batch SGD (batch 50, plain gradient
descent at lr 0.02) on linear regression over a million samples, as seed 002 trains.

    .venv/bin/python benchmarks/bench_fit.py

The same work three ways, in one run: the same shuffle (the trainer's own permutation), the same
20 000 batches, the same updates, then the full-data loss at the end of the epoch.

* gdexplorer: ``Trainer(...).run()``: the epoch in one Numba kernel (the batch gradient over the
  shuffled indices, the registry's gd update), the permutation drawn by numpy;
* numpy: seed 002's loop with numpy arrays (gather the batch, residual, two means, the update);
* PyTorch: seed 002's own code (float64 tensors, autograd on the batch loss, torch.optim.SGD).

All three must end at the same (w, b) (checked, to 1e-9). Best of 3 (numpy and PyTorch: of 2).
"""
from __future__ import annotations

import math
import time

import numpy as np

from gdexplorer.core.fit import Trainer, compile_kernels, synthetic
from gdexplorer.core.fit import train as T

N = 1_000_000
BATCH = 50
LR = 0.02
SEED = 0


def permutation(n: int) -> np.ndarray:
    """The trainer's first-epoch shuffle (its documented generator)."""
    rng = np.random.default_rng(np.random.SeedSequence(SEED, spawn_key=(T.SHUFFLE_STREAM,)))
    return rng.permutation(n)


def epoch_ours(data):
    result = Trainer(data, "gd", hyperparameters={"lr": LR}, batch_size=BATCH, epochs=1, seed=SEED,
                     keep_trace=False).run()
    return result.epochs.w[-1], result.epochs.b[-1], result.epochs.loss[-1]


def epoch_numpy(x, y):
    order = permutation(x.size)
    w = b = 0.0
    for lo in range(0, x.size, BATCH):
        idx = order[lo:lo + BATCH]
        xb, yb = x[idx], y[idx]
        r = w * xb + b - yb
        gw, gb = np.dot(r, xb) / r.size, r.mean()
        w, b = w - LR * gw, b - LR * gb
    r = w * x + b - y
    return w, b, np.dot(r, r) / (2 * x.size)


def epoch_torch(x, y):
    import torch

    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    w = torch.zeros((), dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=LR)
    order = torch.from_numpy(permutation(x.size))
    for lo in range(0, x.size, BATCH):
        idx = order[lo:lo + BATCH]
        loss = ((w * xt[idx] + b - yt[idx]) ** 2).sum() / (2 * idx.numel())
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        full = ((w * xt + b - yt) ** 2).sum() / (2 * x.size)
    return w.item(), b.item(), full.item()


def best(fn, repeat=3):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    t0 = time.perf_counter()
    compile_kernels()
    print(f"training kernels compiled or loaded in {time.perf_counter() - t0:.2f} s")
    data = synthetic(N, 3.5, 4.0, 0.5, seed=SEED)
    x, y = np.array(data.x), np.array(data.y)
    ours_t, ours = best(lambda: epoch_ours(data))
    numpy_t, numpy_out = best(lambda: epoch_numpy(x, y), repeat=2)
    try:
        torch_t, torch_out = best(lambda: epoch_torch(x, y), repeat=2)
    except ImportError:
        torch_t, torch_out = math.nan, ours
    for name, other in (("numpy", numpy_out), ("PyTorch", torch_out)):
        gap = max(abs(a - b) for a, b in zip(ours, other))
        assert gap < 1e-9, f"{name} ended elsewhere: {other} vs ours {ours}"
    updates = -(-N // BATCH)
    print(f"\none epoch of mini-batch SGD: {N:,} samples, batch {BATCH} ({updates:,} updates), lr {LR}; "
          f"ends at w={ours[0]:.6f}, b={ours[1]:.6f}, loss={ours[2]:.6f} (all three agree)")
    rows = [
        ("gdexplorer Trainer.run (Numba kernel, registry's gd update)", ours_t),
        ("numpy, seed 002's loop (gather, residual, means, update)", numpy_t),
        ("PyTorch, seed 002's code (autograd + torch.optim.SGD)", torch_t),
    ]
    for name, t in rows:
        print(f"  {name:<62} {t:8.3f} s   {t / ours_t:7.1f}x ours   {t / updates * 1e6:8.2f} µs/update")
    print(f"\nnumpy / ours: {numpy_t / ours_t:.0f}x, PyTorch / ours: {torch_t / ours_t:.0f}x")


if __name__ == "__main__":
    main()
