"""Learning-rate sweeps against independent references: seed 004's own numpy loop and the roots of
its gradient, single runs of `descent.run` (bit for bit), gd's closed form on x², and the stability
limit 2/λ_max from the Hessian's analytic eigenvalues."""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from gdexplorer.core.descent import run
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import get_optimizer
from gdexplorer.core.optimizers.base import WEIGHT_DECAY, learning_rate
from gdexplorer.core.sweep import SweepError, learning_rates, stability_limit, sweep

# Seed 004 descends with the "derivative" cos(πx) − x·sin(πx) (a π is missing), which is the exact
# derivative of this function: gd on it is the seed's loop.
SEED_004 = "(x*cos(pi*x) + (1 - 1/pi)*sin(pi*x))/pi"


def seed_004_grad(x):
    return np.cos(np.pi * x) - x * np.sin(np.pi * x)


def seed_004_f(x):
    return (x * np.cos(np.pi * x) + (1 - 1 / np.pi) * np.sin(np.pi * x)) / np.pi


def seed_004_loop(eta, x=-1.0, n=20):
    """The seed's own gradient_optimizer, started at -1.0 with 20 iterations as the seed does."""
    results = [x]
    for _ in range(n):
        x -= eta * (np.cos(np.pi * x) - x * np.sin(np.pi * x))
        results.append(x)
    return results


def bisect(g, lo, hi, n=200):
    """A root of g in [lo, hi] (g changes sign there), by plain bisection."""
    glo = g(lo)
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        if (g(mid) > 0) == (glo > 0):
            lo, glo = mid, g(mid)
        else:
            hi = mid
    return 0.5 * (lo + hi)


LOCAL_MIN = bisect(seed_004_grad, -0.6, -0.2)  # ≈ -0.38345
GLOBAL_MIN = bisect(seed_004_grad, 1.0, 1.5)  # ≈ 1.2190


def flow(x, grad, lr=0.01, n=5000):
    """Where gradient flow (gd with a tiny rate) from x ends: which basin x is in."""
    for _ in range(n):
        x = x - lr * grad(x)
    return x


def test_seed_004_stuck_escaped_diverged():
    assert LOCAL_MIN == pytest.approx(-0.38345, abs=1e-4) and GLOBAL_MIN == pytest.approx(1.2190, abs=1e-3)
    expr = parse(SEED_004)
    # the seed's 20 iterations from -1 at its rates: 0.1 (stuck), 1.000542 (escapes), 1.0055
    rates = [0.1, 1.000542, 1.0055]
    res = sweep(expr, [-1.0], "gd", rates, 20, keep=5)
    assert res.status == ("ok", "ok", "ok") and list(res.steps) == [20, 20, 20]
    for i, eta in enumerate(rates):
        ref = seed_004_loop(eta)[-5:]
        # near η = 1 the first steps hop around the unstable 2-cycle (-1, 0), which magnifies the
        # last-bit differences of the two gradient formulas to ~5e-9 after 20 steps
        np.testing.assert_allclose(res.points[i, :, 0], ref, rtol=1e-7, atol=1e-12)
        np.testing.assert_allclose(res.f[i], seed_004_f(np.array(ref)), rtol=1e-7, atol=1e-12)
    stuck, escaped = res.points[0, -1, 0], res.points[1, -1, 0]
    assert abs(stuck - LOCAL_MIN) < 1e-3  # the small rate sits in the local minimum
    assert abs(flow(escaped, seed_004_grad) - GLOBAL_MIN) < 1e-9  # η = 1.000542 is in the global basin
    assert abs(flow(stuck, seed_004_grad) - LOCAL_MIN) < 1e-9
    assert res.f[1, -1] < seed_004_f(LOCAL_MIN) < res.f[0, -1] + 1e-6

    # a large rate diverges: its point overflows; the small one has converged to the local minimum
    res = sweep(expr, [-1.0], "gd", [0.1, 10.0], 1000)
    assert res.status == ("ok", "diverged")
    assert abs(res.points[0, 0, 0] - LOCAL_MIN) < 1e-12
    assert np.isnan(res.points[1]).all() and np.isnan(res.f[1]).all()
    assert 0 < res.steps[1] < 1000
    long = run(expr, [-1.0], "gd", steps=1000, hyperparameters={"lr": 10.0})
    assert long.status == "diverged" and long.steps == res.steps[1]


def test_x_cos_pi_x_stuck_for_small_rates():
    grad = lambda x: np.cos(np.pi * x) - np.pi * x * np.sin(np.pi * x)  # noqa: E731
    local = bisect(grad, -0.5, -0.1)
    assert local == pytest.approx(-0.274, abs=1e-3)
    res = sweep(parse("x*cos(pi*x)"), [-1.0], "gd", learning_rates(0.01, 0.2, 5), 300)
    assert res.status == ("ok",) * 5
    np.testing.assert_allclose(res.points[:, 0, 0], local, atol=1e-6)
    np.testing.assert_allclose(res.f[:, 0], local * np.cos(np.pi * local), atol=1e-9)


def test_learning_rates_exact_formula():
    for a, b, k in [(0.01, 1.2, 1000), (0.1, 0.7, 7), (1e-3, 3.0, 2), (0.3, 0.9, 3)]:
        lrs = learning_rates(a, b, k)
        assert len(lrs) == k and lrs[0] == a
        assert all(lrs[i] == a + i * (b - a) / (k - 1) for i in range(k))
        geo = learning_rates(a, b, k, log=True)
        assert all(geo[i] == a * (b / a) ** (i / (k - 1)) for i in range(k))
        assert geo[-1] == pytest.approx(b, rel=1e-12)
        assert np.all(np.diff(np.log(geo)) == pytest.approx(math.log(b / a) / (k - 1), rel=1e-9))
    assert learning_rates(0.5, 0.5, 1) == [0.5] and learning_rates(0.5, 2.0, 1, log=True) == [0.5]
    res = sweep(parse("x^2"), [1.0], "gd", learning_rates(0.1, 0.7, 7), 3)
    assert list(res.lrs) == [0.1 + i * 0.6 / 6 for i in range(7)]


@pytest.mark.parametrize("bad", [
    dict(a=1.0, b=0.5, num=3), dict(a=0.5, b=0.5, num=2), dict(a=0.6, b=0.5, num=1),
    dict(a=0.0, b=1.0, num=3, log=True), dict(a=-1.0, b=1.0, num=3, log=True),
    dict(a=0.1, b=math.inf, num=3), dict(a=math.nan, b=1.0, num=3), dict(a=0.1, b=1.0, num=0),
    dict(a=0.1, b=1.0, num=2.0),
])
def test_learning_rates_refused(bad):
    with pytest.raises(SweepError):
        learning_rates(**bad)


@pytest.mark.parametrize("fn,start,optimizer,settings", [
    (SEED_004, [-1.0], "gd", {}),
    ("(1-x)^2+100*(y-x^2)^2", [-1.2, 1.0], "adam", {"beta1": 0.8}),
    ("x^2 + 3*sin(y)^2 + x*y", [1.5, -2.0], "momentum", {"momentum": 0.7}),
    ("x^4 - 2*x^2 + y^2", [0.3, 1.0], "newton", {}),
    ("x^2+y^2", [1.0, 1.0], "sgd", {}),  # a sweep has no noise: sgd with noise 0
])
@pytest.mark.parametrize("workers", [1, 2])
def test_kept_rows_equal_single_runs_bit_for_bit(fn, start, optimizer, settings, workers):
    expr = parse(fn)
    lrs = learning_rates(0.001, 0.3, 6)
    steps, keep = 40, 7
    res = sweep(expr, start, optimizer, lrs, steps, keep=keep, hyperparameters=settings, workers=workers)
    assert res.points.shape == (6, keep, expr.dim) and res.f.shape == (6, keep)
    for i, lr in enumerate(lrs):
        ref = run(expr, start, optimizer, steps=steps, hyperparameters={**settings, "lr": lr}, noise=0.0)
        assert res.status[i] == ref.status
        if ref.status == "ok":
            assert np.array_equal(res.points[i], ref.points[-keep:])
            assert np.array_equal(res.f[i], ref.f[-keep:])
        else:
            assert np.isnan(res.points[i]).all()
    whole = sweep(expr, start, optimizer, lrs[:2], steps, keep=steps + 1, hyperparameters=settings)
    ref = run(expr, start, optimizer, steps=steps, hyperparameters={**settings, "lr": lrs[0]}, noise=0.0)
    assert np.array_equal(whole.points[0], ref.points)


def test_converged_at_matches_closed_form():
    # gd on x² at lr 0.25 from 1: x_k = 0.5^k, f'(x_k) = 2·0.5^k ≤ 1e-8 from k = 28 on
    res = sweep(parse("x^2"), [1.0], "gd", [0.25, 1.0], 100)
    k = next(k for k in range(100) if 2 * 0.5**k <= 1e-8)
    assert res.converged_at[0] == k == 28
    assert res.converged_at[1] == -1  # lr 1: x flips between 1 and -1 forever
    assert res.points[1, 0, 0] == 1.0


def test_undefined_run_is_one_nan_row():
    res = sweep(parse("sqrt(x)"), [1.0], "gd", [0.1, 5.0], 10)
    assert res.status[0] == "ok" and res.status[1] == "undefined"
    assert np.isnan(res.points[1]).all()


@pytest.mark.parametrize("fn,limit", [("x^2+y^2", 1.0), ("0.1*x^2+2*y^2", 0.5), ("3*x^2", 1 / 3)])
def test_stability_limit_on_quadratic_bowls(fn, limit):
    expr = parse(fn)
    start = [1.0, 1.0][: expr.dim]
    assert stability_limit(expr, start) == pytest.approx(limit, rel=1e-14)
    assert stability_limit(expr, [-7.0, 3.0][: expr.dim]) == pytest.approx(limit, rel=1e-14)  # a quadratic: anywhere
    res = sweep(expr, start, "gd", [0.99 * limit, 1.01 * limit], 40000)
    # below the limit every eigen-direction shrinks by |1 − lr·λ| < 1 each step: to the minimum at 0
    assert res.status[0] == "ok" and np.abs(res.points[0, 0]).max() < 1e-100
    # above it the stiffest direction grows by |1 − 1.01·2| = 1.02 each step until it overflows
    assert res.status[1] == "diverged" and np.isnan(res.points[1]).all()
    grow = math.log(1e154) / math.log(1.02)  # x² overflows once |x| passes ~1e154
    assert abs(res.steps[1] - grow) < 0.02 * grow


def test_stability_limit_none_without_a_bowl():
    assert stability_limit(parse("-(x^2+y^2)"), [0.5, 0.5]) is None
    assert stability_limit(parse("x + y"), [0.5, 0.5]) is None
    assert stability_limit(parse("x^2 - y^2"), [0.0, 0.0]) == 1.0  # λ_max = 2 along x


def test_each_rate_checked_by_the_registry_range():
    # an optimizer whose lr has an upper bound (none in the registry has one today): every rate of
    # the sweep goes through Hyperparameter.check, the last one too
    gd = get_optimizer("gd")
    capped = dataclasses.replace(gd, name="capped", hyperparameters=(learning_rate(0.1, high=1.0), WEIGHT_DECAY))
    ok = sweep(parse("x^2"), [1.0], capped, learning_rates(0.1, 1.0, 4), 3)
    assert ok.status == ("ok",) * 4
    with pytest.raises(SweepError, match=r"number 4 \(1.25\).*lr must be in \(0, 1\]"):
        sweep(parse("x^2"), [1.0], capped, learning_rates(0.25, 1.25, 5), 3)


@pytest.mark.parametrize("kwargs,match", [
    (dict(steps=-1), "steps"), (dict(keep=0), "keep"), (dict(keep=12), "keep"),
    (dict(hyperparameters={"lr": 0.1}), "lr"), (dict(hyperparameters={"nope": 1.0}), "nope"),
    (dict(hyperparameters={"weight_decay": -1.0}), "weight_decay"), (dict(optimizer="nope"), "nope"),
    (dict(learning_rates=[0.1, 0.0]), "lr must be"), (dict(learning_rates=[math.nan]), "finite"),
    (dict(optimizer="adam", hyperparameters={"beta1": 1.0}), "beta1"),
])
def test_bad_settings_refused(kwargs, match):
    args = dict(expr=parse("x^2"), start=[1.0], optimizer="gd", learning_rates=[0.1, 0.2], steps=10)
    args.update(kwargs)
    with pytest.raises(SweepError, match=match):
        sweep(**args)
