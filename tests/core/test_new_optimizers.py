"""QHM, QHAdam, RAdam and Lion (issue 12, "More optimizers") against independent references and the
identities that define them:

* RAdam is torch.optim.RAdam: whole runs from several presets' starts at their preset rates (1e-9),
  and the first steps, where the rectification switches on, against a plain-Python RAdam;
* QHM with ν = 1 is exponential-moving-average momentum (torch's SGD with dampening = momentum, once
  both buffers hold the same numbers: torch's first step starts its buffer at the raw gradient); with
  ν = 0 it is plain gradient descent, bit for bit; any ν against a plain-Python QHM;
* QHAdam with ν₁ = ν₂ = 1 is Adam, bit for bit;
* Lion's first steps by hand, with numbers, its weight decay, and its steps of exactly ±α.

The general torch comparisons of all four (every registry optimizer, its variants, random
hyperparameters) are in test_torch_reference.py; QHM, QHAdam and Lion are compared there with the
hand-written torch optimizers of references.py.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gdexplorer.cli import main as cli_main
from gdexplorer.core import descent
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import PRESETS

from .references import assert_close, himmelblau_grad, rosenbrock_grad

torch = pytest.importorskip("torch")

NEW = ("qhm", "qhadam", "radam", "lion")


@pytest.fixture(autouse=True)
def _torch_float64():
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # torch's step counts in float64, as gdexplorer's
    yield
    torch.set_default_dtype(old)


# the presets, written by hand in torch (a function of the 2-element parameter tensor)
TORCH_PRESETS = {
    "bowl": lambda p: p[0] ** 2 + p[1] ** 2,
    "ill_bowl": lambda p: 0.1 * p[0] ** 2 + 2 * p[1] ** 2,
    "rosenbrock": lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    "himmelblau": lambda p: (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2,
    "beale": lambda p: ((1.5 - p[0] + p[0] * p[1]) ** 2 + (2.25 - p[0] + p[0] * p[1] ** 2) ** 2
                        + (2.625 - p[0] + p[0] * p[1] ** 3) ** 2),
    "booth": lambda p: (p[0] + 2 * p[1] - 7) ** 2 + (2 * p[0] + p[1] - 5) ** 2,
    "rastrigin": lambda p: (20 + p[0] ** 2 - 10 * torch.cos(2 * math.pi * p[0]) + p[1] ** 2
                            - 10 * torch.cos(2 * math.pi * p[1])),
    "six_hump_camel": lambda p: ((4 - 2.1 * p[0] ** 2 + p[0] ** 4 / 3) * p[0] ** 2 + p[0] * p[1]
                                 + (-4 + 4 * p[1] ** 2) * p[1] ** 2),
}


def _torch_run(loss, start, opt_factory, steps, setup=None):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = opt_factory([p])
    if setup is not None:
        setup(opt, p)
    rows = [p.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        loss(p).backward()
        opt.step()
        rows.append(p.detach().clone().numpy())
    return np.array(rows), opt.state[p]


# =============================================================================================
# RAdam
# =============================================================================================
def _rho(t, beta2):
    """RAdam's length of the approximated SMA at step t (Liu et al. 2020, eq. 4 and Algorithm 2)."""
    rho_inf = 2 / (1 - beta2) - 1
    return rho_inf - 2 * t * beta2**t / (1 - beta2**t)


def test_radam_rectification_switches_on_at_step_6_with_the_default_beta2():
    """ρₜ ≤ 5 for t ≤ 5 and > 5 from t = 6 on (β₂ = 0.999): the first five steps are un-adapted."""
    rhos = [_rho(t, 0.999) for t in range(1, 8)]
    assert rhos == pytest.approx([1.0, 1.9995, 2.9987, 3.9975, 4.9960, 5.9942, 6.9920], abs=1e-4)
    assert [t for t in range(1, 100) if _rho(t, 0.999) > 5][0] == 6


@pytest.mark.parametrize("preset_name", list(TORCH_PRESETS))
def test_radam_matches_torch_along_each_preset_run(preset_name):
    """From each preset's start at its RAdam rate: 300 steps, every row within 1e-9 of
    torch.optim.RAdam's (float64, foreach=False, its own autograd gradient), and the first 8 rows,
    through the switch-over at step 6, within 1e-13; the final moments equal torch's."""
    preset = PRESETS[preset_name]
    lr = preset.learning_rate_for("radam")
    traj_run = descent.Descent(parse(preset.expression), preset.start, "radam", hyperparameters={"lr": lr})
    traj_run.step(300)
    traj = traj_run.trajectory
    assert traj.status == "ok", traj.message
    theirs, state = _torch_run(TORCH_PRESETS[preset_name], preset.start,
                               lambda params: torch.optim.RAdam(params, lr=lr, foreach=False), 300)
    np.testing.assert_allclose(traj.points[:9], theirs[:9], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(traj.points, theirs, rtol=1e-9, atol=1e-12)
    ours = traj_run.optimizer_state()
    for key in ("exp_avg", "exp_avg_sq"):
        np.testing.assert_allclose(ours[key], state[key].numpy(), rtol=1e-9, atol=1e-12, err_msg=key)
    assert np.linalg.norm(traj.points[-1] - traj.points[0]) > 0.1  # it moved


def _python_radam(grad, start, lr, beta1, beta2, eps, steps):
    """RAdam in plain Python floats, from the paper (Algorithm 2) with torch's ε placement:
    returns the points and, per step, whether the adaptive (rectified) step was taken."""
    theta = list(start)
    m = [0.0, 0.0]
    v = [0.0, 0.0]
    rho_inf = 2 / (1 - beta2) - 1
    points, rectified = [tuple(theta)], []
    for t in range(1, steps + 1):
        g = grad(*theta)
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        rectified.append(rho_t > 5)
        for i in range(2):
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2
            m_hat = m[i] / (1 - beta1**t)
            if rho_t > 5:
                r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                theta[i] -= lr * r * m_hat * math.sqrt(1 - beta2**t) / (math.sqrt(v[i]) + eps)
            else:
                theta[i] -= lr * m_hat
        points.append(tuple(theta))
    return np.array(points), rectified


@pytest.mark.parametrize("beta2, switch", [(0.999, 6), (0.99, 6), (0.9, 6), (0.8, 7), (0.6, None)])
def test_radam_first_steps_against_plain_python(beta2, switch):
    """On Rosenbrock from (−1.2, 1): the first 12 steps equal a plain-Python RAdam (1e-12). Before
    the switch each step is exactly the bias-corrected momentum step α·m̂ (no division by √v̂); the
    switch comes at step 6 for β₂ = 0.999 and 0.99, later for smaller β₂, never for β₂ = 0.6
    (ρ∞ = 4)."""
    lr, beta1, eps = 1e-3, 0.9, 1e-8
    hyper = {"lr": lr, "beta2": beta2}
    traj = descent.run(parse("(1 - x)^2 + 100*(y - x^2)^2"), (-1.2, 1.0), "radam", steps=12, hyperparameters=hyper)
    ref, rectified = _python_radam(rosenbrock_grad, (-1.2, 1.0), lr, beta1, beta2, eps, 12)
    np.testing.assert_allclose(traj.points, ref, rtol=1e-12, atol=1e-15)
    first = rectified.index(True) + 1 if any(rectified) else None
    assert first == switch
    # before the switch: θ moves by exactly −α·m̂ (m̂ = the bias-corrected mean of the gradients)
    g = traj.grad
    for t in range(1, (switch or 13)):
        weights = np.array([(1 - beta1) * beta1 ** (t - k) for k in range(1, t + 1)]) / (1 - beta1**t)
        m_hat = weights @ g[:t]
        np.testing.assert_allclose(traj.points[t] - traj.points[t - 1], -lr * m_hat, rtol=1e-12)


def test_radam_beta2_06_and_decoupled_weight_decay_match_torch():
    """ρ∞ = 4 (β₂ = 0.6) never rectifies; decoupled weight decay is torch's (θ ← θ(1 − αλ))."""
    for hyper in ({"lr": 1e-3, "beta2": 0.6}, {"lr": 0.01, "weight_decay": 0.3, "decoupled_weight_decay": 1.0},
                  {"lr": 0.01, "weight_decay": 0.3}):
        traj = descent.run(parse("(1 - x)^2 + 100*(y - x^2)^2"), (-1.2, 1.0), "radam", steps=100, hyperparameters=hyper)
        kwargs = dict(lr=hyper["lr"], betas=(0.9, hyper.get("beta2", 0.999)), foreach=False,
                      weight_decay=hyper.get("weight_decay", 0.0),
                      decoupled_weight_decay=bool(hyper.get("decoupled_weight_decay", 0.0)))
        theirs, _ = _torch_run(TORCH_PRESETS["rosenbrock"], (-1.2, 1.0),
                               lambda params: torch.optim.RAdam(params, **kwargs), 100)
        np.testing.assert_allclose(traj.points, theirs, rtol=1e-9, atol=1e-12, err_msg=str(hyper))


# =============================================================================================
# QHM
# =============================================================================================
def _python_qhm(grad, start, lr, beta, nu, steps):
    """QHM in plain Python floats (Ma & Yarats 2019, Algorithm 1; buffer from 0, not bias-corrected)."""
    theta, buf = list(start), [0.0, 0.0]
    points = [tuple(theta)]
    for _ in range(steps):
        g = grad(*theta)
        for i in range(2):
            buf[i] = beta * buf[i] + (1 - beta) * g[i]
            theta[i] -= lr * ((1 - nu) * g[i] + nu * buf[i])
        points.append(tuple(theta))
    return np.array(points)


@pytest.mark.parametrize("beta, nu", [(0.999, 0.7), (0.9, 0.7), (0.9, 1.0), (0.5, 0.3), (0.99, 0.0)])
def test_qhm_against_plain_python(beta, nu):
    """Himmelblau from (0, 0): 300 steps equal a plain-Python QHM (1e-12)."""
    hyper = {"lr": 0.01, "momentum": beta, "nu": nu}
    traj = descent.run(parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2"), (0.0, 0.0), "qhm", steps=300, hyperparameters=hyper)
    ref = _python_qhm(himmelblau_grad, (0.0, 0.0), 0.01, beta, nu, 300)
    np.testing.assert_allclose(traj.points, ref, rtol=1e-12, atol=1e-14)
    assert np.linalg.norm(traj.points[-1]) > 1.0


@pytest.mark.parametrize("preset_name", ["rosenbrock", "himmelblau", "beale", "six_hump_camel"])
@pytest.mark.parametrize("beta", [0.9, 0.999])
def test_qhm_with_nu_1_is_torch_sgd_with_dampening_equal_to_momentum_from_step_2(preset_name, beta):
    """ν = 1: θ ← θ − α·b, b ← βb + (1−β)g: torch's SGD(momentum=β, dampening=β). torch's first step
    differs (it starts its buffer at the raw gradient, b₁ = g₀, where QHM's is (1−β)g₀): after one
    QHM step, torch started from QHM's point with its buffer seeded with QHM's takes the same 200
    steps (1e-9, as every torch comparison: the buffers differ by an ulp now and then, torch's add
    with alpha may fuse the multiply-add)."""
    preset = PRESETS[preset_name]
    lr = preset.learning_rate_for("qhm")
    hyper = {"lr": lr, "momentum": beta, "nu": 1.0}
    run = descent.Descent(parse(preset.expression), preset.start, "qhm", hyperparameters=hyper)
    run.step(1)
    theta1, buf1 = run.theta.copy(), run.optimizer_state()["momentum_buffer"]
    g0 = run.trajectory.grad[0]
    np.testing.assert_array_equal(buf1, (1 - beta) * g0)  # QHM's first buffer: (1 − β)·g₀, from 0
    np.testing.assert_array_equal(theta1, np.asarray(preset.start) - lr * ((1 - beta) * g0))

    def seed(opt, p):
        opt.state[p]["momentum_buffer"] = torch.tensor(buf1)

    def torch_sgd(params):
        return torch.optim.SGD(params, lr=lr, momentum=beta, dampening=beta, foreach=False)

    run.step(200)
    assert run.status == "ok", run.message
    theirs, state = _torch_run(TORCH_PRESETS[preset_name], tuple(theta1), torch_sgd, 200, setup=seed)
    np.testing.assert_allclose(run.trajectory.points[1:], theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.optimizer_state()["momentum_buffer"], state["momentum_buffer"].numpy(),
                               rtol=1e-9, atol=1e-12)
    # unseeded, torch's first step is the raw gradient's: b₁ = g₀, not (1 − β)g₀
    first, _ = _torch_run(TORCH_PRESETS[preset_name], preset.start, torch_sgd, 1)
    np.testing.assert_allclose(first[1], np.asarray(preset.start) - lr * g0, rtol=1e-15)
    assert not np.allclose(first[1], theta1)


@pytest.mark.parametrize("preset_name", ["rosenbrock", "beale", "rastrigin", "seed004", "ackley"])
def test_qhm_with_nu_0_is_plain_gradient_descent_bit_for_bit(preset_name):
    """ν = 0: θ ← θ − α·g, every row equal to gd's at the same rate, and no buffer kept."""
    preset = PRESETS[preset_name]
    expr = parse(preset.expression)
    start = preset.start[: expr.dim]
    lr = preset.learning_rate_for("gd")
    run = descent.Descent(expr, start, "qhm", hyperparameters={"lr": lr, "nu": 0.0, "weight_decay": 0.05})
    run.step(500)
    gd = descent.run(expr, start, "gd", steps=500, hyperparameters={"lr": lr, "weight_decay": 0.05})
    np.testing.assert_array_equal(run.trajectory.points, gd.points)
    np.testing.assert_array_equal(run.trajectory.f, gd.f)
    assert OPTIMIZERS["qhm"].used_state({"nu": 0.0}) == ()
    assert not run.optimizer_state()["momentum_buffer"].any()


# =============================================================================================
# QHAdam
# =============================================================================================
@pytest.mark.parametrize("preset_name", ["rosenbrock", "himmelblau", "beale", "booth", "ackley", "seed004"])
@pytest.mark.parametrize("extra", [{}, {"beta1": 0.9, "weight_decay": 0.1}, {"beta2": 0.99, "eps": 1e-3}])
def test_qhadam_with_nu1_nu2_1_is_adam_bit_for_bit(preset_name, extra):
    """ν₁ = ν₂ = 1: every row, f and moment equal Adam's with the same β, ε and weight decay."""
    preset = PRESETS[preset_name]
    expr = parse(preset.expression)
    start = preset.start[: expr.dim]
    settings = {"lr": preset.learning_rate_for("adam"), "beta1": 0.995, **extra}
    qh = descent.Descent(expr, start, "qhadam", hyperparameters={**settings, "nu1": 1.0, "nu2": 1.0})
    adam = descent.Descent(expr, start, "adam", hyperparameters=settings)
    qh.step(500)
    adam.step(500)
    np.testing.assert_array_equal(qh.trajectory.points, adam.trajectory.points)
    np.testing.assert_array_equal(qh.trajectory.f, adam.trajectory.f)
    for key in ("exp_avg", "exp_avg_sq"):
        np.testing.assert_array_equal(qh.optimizer_state()[key], adam.optimizer_state()[key])
    assert np.linalg.norm(qh.trajectory.points[-1] - qh.trajectory.points[0]) > 0.01


def test_qhadam_defaults_are_the_papers_and_unused_moments_are_not_kept():
    """The paper's recommended QHAdam: ν₁ = 0.7, ν₂ = 1, β₁ = 0.995, β₂ = 0.999 (with Adam's α and ε);
    QHM: ν = 0.7, β = 0.999. A moment weighted by ν = 0 is not kept (nor shown in the inspector)."""
    qhadam, qhm = OPTIMIZERS["qhadam"].defaults(), OPTIMIZERS["qhm"].defaults()
    assert (qhadam["nu1"], qhadam["nu2"], qhadam["beta1"], qhadam["beta2"], qhadam["eps"], qhadam["lr"]) == \
        (0.7, 1.0, 0.995, 0.999, 1e-8, 1e-3)
    assert (qhm["nu"], qhm["momentum"]) == (0.7, 0.999)
    spec = OPTIMIZERS["qhadam"]
    assert spec.used_state() == ("exp_avg", "exp_avg_sq")
    assert spec.used_state({"nu1": 0.0}) == ("exp_avg_sq",) and spec.used_state({"nu2": 0.0}) == ("exp_avg",)
    run = descent.Descent(parse("x^2 + 3*y^2"), (1.0, -1.0), "qhadam", hyperparameters={"lr": 0.05, "nu1": 0.0})
    run.step(20)
    assert not run.optimizer_state()["exp_avg"].any() and run.optimizer_state()["exp_avg_sq"].all()
    # ν₁ = 0, ν₂ = 0: θ ← θ − α·g/(|g| + ε), a sign step of length ~α per coordinate
    run = descent.Descent(parse("x^2 + 3*y^2"), (1.0, -1.0), "qhadam",
                          hyperparameters={"lr": 0.05, "nu1": 0.0, "nu2": 0.0})
    run.step(5)
    np.testing.assert_allclose(np.diff(run.trajectory.points, axis=0), np.tile([-0.05, 0.05], (5, 1)), rtol=1e-7)
    assert OPTIMIZERS["radam"].used_state() == ("exp_avg", "exp_avg_sq")
    assert OPTIMIZERS["lion"].used_state() == ("exp_avg",)


# =============================================================================================
# Lion
# =============================================================================================
LION_F = "x^2 + (y - 1)^2"  # ∇f = (2x, 2(y − 1))


def test_lion_first_three_steps_by_hand():
    """α = 0.5, β₁ = 0.9, β₂ = 0.5, from (0.3, 1) where ∂f/∂y = 0:

    step 1: g = (0.6, 0), m = 0: c = 0.1·g = (0.06, 0), sign (1, 0): θ = (−0.2, 1); m = 0.5·g = (0.3, 0)
    step 2: g = (−0.4, 0): c = 0.9·0.3 + 0.1·(−0.4) = 0.23 > 0: the momentum carries x on, against
            the gradient: θ = (−0.7, 1); m = 0.5·0.3 + 0.5·(−0.4) = −0.05
    step 3: g = (−1.4, 0): c = 0.9·(−0.05) + 0.1·(−1.4) = −0.185 < 0: θ = (−0.2, 1); m = −0.725
    y never moves: its c is 0 and sign(0) = 0."""
    run = descent.Descent(parse(LION_F), (0.3, 1.0), "lion", hyperparameters={"lr": 0.5, "beta1": 0.9, "beta2": 0.5})
    expected_theta = [(-0.2, 1.0), (-0.7, 1.0), (-0.2, 1.0)]
    expected_m = [(0.3, 0.0), (-0.05, 0.0), (-0.725, 0.0)]
    for theta, m in zip(expected_theta, expected_m):
        assert run.step(1) == 1
        np.testing.assert_allclose(run.theta, theta, rtol=0, atol=1e-15)
        np.testing.assert_allclose(run.optimizer_state()["exp_avg"], m, rtol=0, atol=1e-15)
    assert run.theta[1] == 1.0  # exactly: sign(0) = 0, no step


def test_lion_weight_decay_by_hand():
    """λ = 0.4 (decoupled: θ ← θ − α(sign(c) + λθ)), α = 0.5, β₁ = 0.9, β₂ = 0.5, from (0.3, 1):

    step 1: c = (0.06, 0): θx = 0.3 − 0.5(1 + 0.12) = −0.26; θy = 1 − 0.5(0 + 0.4) = 0.8 (decay
            only); m = (0.3, 0)
    step 2: g = (−0.52, −0.4): c = (0.27 − 0.052, −0.04) = (0.218, −0.04): θx = −0.26 − 0.5(1 −
            0.104) = −0.708; θy = 0.8 − 0.5(−1 + 0.32) = 1.14; m = (−0.11, −0.2)"""
    run = descent.Descent(parse(LION_F), (0.3, 1.0), "lion",
                          hyperparameters={"lr": 0.5, "beta1": 0.9, "beta2": 0.5, "weight_decay": 0.4})
    run.step(1)
    np.testing.assert_allclose(run.theta, (-0.26, 0.8), rtol=0, atol=1e-15)
    run.step(1)
    np.testing.assert_allclose(run.theta, (-0.708, 1.14), rtol=0, atol=1e-15)
    np.testing.assert_allclose(run.optimizer_state()["exp_avg"], (-0.11, -0.2), rtol=0, atol=1e-15)


def test_lion_weight_decay_alone_shrinks_theta_geometrically():
    """Where the gradient is 0 everywhere c = 0, so only the decay acts: θₖ = θ₀(1 − αλ)ᵏ."""
    traj = descent.run(parse("0*x + 0*y"), (2.0, -3.0), "lion", steps=50,
                       hyperparameters={"lr": 0.1, "weight_decay": 0.5})
    expected = np.array([2.0, -3.0]) * (1 - 0.05) ** np.arange(51)[:, None]
    np.testing.assert_allclose(traj.points, expected, rtol=1e-13)


@pytest.mark.parametrize("preset_name", ["rosenbrock", "himmelblau", "beale", "rastrigin"])
def test_lion_steps_are_exactly_plus_or_minus_lr_and_match_the_lion_pytorch_form(preset_name):
    """λ = 0: each coordinate moves by ±α (up to the rounding of θ + α), every step. With λ = 0.1,
    the paper's θ − α(sign(c) + λθ) equals lion-pytorch's θ(1 − αλ) − α·sign(c), written here in
    torch (exp_avg.lerp_ for the momentum, as that library), to 1e-12 (normwise) over 300 steps."""
    preset = PRESETS[preset_name]
    lr = preset.learning_rate_for("lion")
    traj = descent.run(parse(preset.expression), preset.start, "lion", steps=300, hyperparameters={"lr": lr})
    steps = np.abs(np.diff(traj.points, axis=0))
    ulp = np.spacing(np.maximum(np.abs(traj.points[1:]), np.abs(traj.points[:-1])))
    assert np.all(np.abs(steps - lr) <= 2 * ulp), np.max(np.abs(steps - lr) / ulp)

    wd = 0.1
    traj = descent.run(parse(preset.expression), preset.start, "lion", steps=300,
                       hyperparameters={"lr": lr, "weight_decay": wd})
    p = torch.tensor(preset.start, dtype=torch.float64, requires_grad=True)
    m = torch.zeros(2)
    rows = [p.detach().clone().numpy()]
    for _ in range(300):
        p.grad = None
        TORCH_PRESETS[preset_name](p).backward()
        with torch.no_grad():
            g = p.grad
            p.mul_(1 - lr * wd)
            p.add_(torch.sign(m * 0.9 + g * 0.1), alpha=-lr)
            m.lerp_(g, 1 - 0.99)
        rows.append(p.detach().clone().numpy())
    assert_close(traj.points, np.array(rows), 1e-12, f"lion with weight decay on {preset_name}")


# =============================================================================================
# everywhere the registry reaches: the CLI (list, run, --set) and the preset rates
# =============================================================================================
@pytest.mark.parametrize("name", NEW)
def test_cli_lists_and_runs_the_new_optimizers(name, capsys):
    assert cli_main(["optimizers", "--json"]) == 0
    listed = {d["name"]: d for d in json.loads(capsys.readouterr().out)}
    spec = OPTIMIZERS[name]
    assert [h["name"] for h in listed[name]["hyperparameters"]] == [hp.name for hp in spec.hyperparameters]
    assert [v["name"] for v in listed[name]["state"]] == list(spec.state_names)
    preset = PRESETS["himmelblau"]
    key = spec.hyperparameters[1].name  # a rule-specific hyperparameter through --set
    value = spec.hyperparameters[1].default / 2
    code = cli_main(["run", "-f", preset.expression, "--start", "0,0", "--optimizer", name, "--lr",
                     str(preset.learning_rate_for(name)), "--steps", "50", "--set", f"{key}={value}"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0 and len(out) == 1 + 51
    last = [float(v) for v in out[-1].split(",")]
    traj = descent.run(parse(preset.expression), (0.0, 0.0), name, steps=50,
                       hyperparameters={"lr": preset.learning_rate_for(name), key: value})
    assert last[1:3] == pytest.approx(list(traj.points[-1]), rel=1e-15)
    assert last[3] < float(out[1].split(",")[3])  # f went down
    code = cli_main(["run", "-f", "x^2", "--start", "1", "--optimizer", name, "--set", f"{key}=7"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and key in err and len(err.strip().splitlines()) == 1
