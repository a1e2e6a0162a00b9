"""gdexplorer against PyTorch (float64): derivatives against autograd, optimizers against torch.optim.

PyTorch is the reference only: the torch versions of the expressions are written by hand in
``references.py`` (user text is never evaluated), and every comparison is float64.

Conventions (documented differences that are not bugs):

* torch keeps some scalar optimizer state (NAdam's ``mu_product``, step counts) in the *default*
  dtype: float32 unless ``torch.set_default_dtype(torch.float64)``. gdexplorer keeps everything in
  float64, so it equals torch run with the default dtype set to float64 (done by a fixture here);
  with a float32 default, NAdam would differ from gdexplorer at the 1e-7 level.
* At kinks gdexplorer follows torch's autograd conventions (see ``references.TORCH_KINKS``).
"""
from __future__ import annotations

import inspect
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from gdexplorer.core import derivatives as D  # noqa: E402
from gdexplorer.core import descent  # noqa: E402
from gdexplorer.core import ops as O  # noqa: E402
from gdexplorer.core.expression import parse  # noqa: E402
from gdexplorer.core.optimizers import OPTIMIZERS  # noqa: E402

from .references import (  # noqa: E402
    OPTIMIZER_REFERENCES, TORCH_EXPRESSIONS, TORCH_KINKS, TORCH_LOSSES, TORCH_NEAR_OVERFLOW, TORCH_RULES, assert_close,
    torch_optimizer, torch_trajectory, torch_value_grad_hessian,
)

pytestmark = pytest.mark.torch

# optimizers whose update rule has a torch.optim equivalent (references.TORCH_RULES); the others are
# tested analytically (references.ANALYTIC_RULES), and one without either fails
# test_optimizers.py::test_every_optimizer_has_a_test_reference
WITH_TORCH = [name for name, spec in OPTIMIZERS.items() if spec.rule.name in TORCH_RULES]


@pytest.fixture(autouse=True)
def _torch_float64():
    old_dtype = torch.get_default_dtype()
    old_threads = torch.get_num_threads()
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)  # 2-element tensors: threads only add overhead
    yield
    torch.set_default_dtype(old_dtype)
    torch.set_num_threads(old_threads)


# =============================================================================================
# derivatives: f, gradient and Hessian against autograd
# =============================================================================================
def _cases(table):
    return [pytest.param(text, fn, pt, id=f"{text} @ {pt}") for text, fn, pts in table for pt in pts]


@pytest.mark.parametrize("text, fn, point", _cases(TORCH_EXPRESSIONS) + _cases(TORCH_NEAR_OVERFLOW))
def test_derivatives_match_autograd(text, fn, point):
    """f, ∇f (torch.autograd.grad) and the Hessian (torch.autograd.functional.hessian) agree to
    1e-12, normwise relative, at smooth points."""
    expr = parse(text)
    assert expr.dim == len(point)
    f_ref, g_ref, h_ref = torch_value_grad_hessian(fn, point)
    f, g = D.value_and_gradient(expr, point)
    assert_close(f, f_ref, 1e-12, f"f of {text}")
    assert_close(g, g_ref, 1e-12, f"gradient of {text}")
    assert_close(D.hessian(expr, point), h_ref, 1e-12, f"Hessian of {text}")
    # value(), gradient() and the many-point interpreter give the same numbers
    assert D.value(expr, point) == f
    np.testing.assert_array_equal(D.gradient(expr, point), g)
    pf, pgx, pgy = D.points(expr, np.array([point[0]]), np.array([point[1]]) if len(point) == 2 else None)
    assert_close(pf, [f_ref], 1e-12, f"points() f of {text}")
    assert_close(pgx, [g_ref[0]], 1e-12, f"points() df/dx of {text}")
    if len(point) == 2:
        assert_close(pgy, [g_ref[1]], 1e-12, f"points() df/dy of {text}")


# Random expressions built twice in step, as text for gdexplorer and as a torch function (never by
# evaluating the text): every function of the language, arguments kept inside their domains.
def _u(template, op):
    return template, lambda f: (lambda x, y: op(f(x, y)))


T = torch
_UNARY = [
    _u("sin({})", T.sin), _u("cos({})", T.cos), _u("tanh({})", T.tanh), _u("atan({})", T.atan), _u("-({})", T.neg),
    _u("({})^2", lambda v: v**2), _u("0.3*({})^3", lambda v: 0.3 * v**3), _u("exp(sin({}))", lambda v: T.exp(T.sin(v))),
    _u("log(({})^2 + 1)", lambda v: T.log(v**2 + 1)), _u("ln(({})^2 + 2)", lambda v: T.log(v**2 + 2)),
    _u("sqrt(({})^2 + 1)", lambda v: T.sqrt(v**2 + 1)), _u("log2(({})^2 + 2)", lambda v: T.log2(v**2 + 2)),
    _u("log10(({})^2 + 0.5)", lambda v: T.log10(v**2 + 0.5)), _u("tan(atan({})/2)", lambda v: T.tan(T.atan(v) / 2)),
    _u("asin(tanh({})/2)", lambda v: T.asin(T.tanh(v) / 2)), _u("acos(sin({})/3)", lambda v: T.acos(T.sin(v) / 3)),
    _u("sinh(tanh({}))", lambda v: T.sinh(T.tanh(v))), _u("cosh(atan({}))", lambda v: T.cosh(T.atan(v))),
    _u("(({})^2 + 1)^1.5", lambda v: (v**2 + 1) ** 1.5), _u("2^sin({})", lambda v: T.pow(2.0, T.sin(v))),
    _u("e^cos({})", lambda v: T.pow(math.e, T.cos(v))), _u("abs({})", T.abs), _u("sign({})*({})", lambda v: T.sign(v) * v),
    _u("pi*({})", lambda v: math.pi * v),
]
_BINARY = [
    ("({}) + ({})", lambda a, b: a + b), ("({}) - ({})", lambda a, b: a - b), ("({})*({})", lambda a, b: a * b),
    ("({})/(({})^2 + 1)", lambda a, b: a / (b**2 + 1)), ("hypot({}, {})", T.hypot),
    ("atan2({}, ({})^2 + 1)", lambda a, b: T.atan2(a, b**2 + 1)), ("min({}, {})", T.minimum),
    ("max({}, {})", T.maximum), ("(({})^2 + 1)^cos({})", lambda a, b: T.pow(a**2 + 1, T.cos(b))),
]
_LEAVES = [("x", lambda x, y: x), ("y", lambda x, y: y), ("0.5", lambda x, y: T.tensor(0.5) + 0 * x),
           ("1.5*x", lambda x, y: 1.5 * x), ("y/2", lambda x, y: y / 2)]


def _extend_pairs(children):
    def unary(template, child):
        text, fn = child
        t, build = template
        return t.replace("{}", text), build(fn)

    def binary(template, a, b):
        t, op = template
        return t.format(a[0], b[0]), (lambda x, y: op(a[1](x, y), b[1](x, y)))

    return st.one_of(st.builds(unary, st.sampled_from(_UNARY), children),
                     st.builds(binary, st.sampled_from(_BINARY), children, children))


_pairs = st.recursive(st.sampled_from(_LEAVES), _extend_pairs, max_leaves=7)
# |coordinate| >= 1e-3, or exactly 0: near the origin hypot's second derivatives are ~1/|θ|, and a
# composition like hypot(x, 1.5x), whose true Hessian is 0, is the difference of such terms; at
# x = 6e-229 both sides are left with rounding noise of ~1e212 (ours +1.7e212, torch's −4.2e212).
_coordinate = st.one_of(st.just(0.0), st.floats(1e-3, 2.0), st.floats(-2.0, -1e-3))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pairs, _coordinate, _coordinate)
def test_random_expressions_match_autograd(pair, x, y):
    """Random expressions over the whole language at random points: f, gradient and Hessian equal
    autograd's to 1e-10, relative to the largest of |f|, |∇f|, |H| and 1 (the two sides may order
    the chain rule differently, so a gradient that cancels to ~0 is compared at the scale of its
    terms)."""
    text, fn = pair
    expr = parse(text)
    point = (x, y)[: expr.dim]
    f_ref, g_ref, h_ref = torch_value_grad_hessian(fn, point)
    f, g = D.value_and_gradient(expr, point)
    h = D.hessian(expr, point)
    if not (np.isfinite(f_ref) and np.all(np.isfinite(g_ref)) and np.all(np.isfinite(h_ref))):
        return  # e.g. hypot's gradient at (0, 0) is nan on both sides; nothing to compare
    scale = max(abs(f_ref), float(np.max(np.abs(g_ref))), float(np.max(np.abs(h_ref))), 1.0)
    assert abs(f - f_ref) <= 1e-10 * scale, (text, point, f, f_ref)
    assert np.max(np.abs(g - g_ref)) <= 1e-10 * scale, (text, point, g, g_ref)
    assert np.max(np.abs(h - h_ref)) <= 1e-10 * scale, (text, point, h, h_ref)


@pytest.mark.parametrize("text, fn, point", _cases(TORCH_KINKS))
def test_kink_conventions_match_autograd(text, fn, point):
    """At kinks there is no derivative; gdexplorer picks torch's value (exact equality)."""
    expr = parse(text)
    f_ref, g_ref, _ = torch_value_grad_hessian(fn, point)
    f, g = D.value_and_gradient(expr, point)
    assert f == f_ref
    np.testing.assert_array_equal(g, g_ref)
    pf, pgx, pgy = D.points(expr, np.array([point[0]]), np.array([point[1]]))
    np.testing.assert_array_equal([pgx[0], pgy[0]], g_ref)


def test_kink_conventions_explicitly():
    """The torch conventions above, as numbers: abs'(0) = 0, sign' = 0, min/max ties split 1/2,
    sqrt'(0) = +inf, ∂(x^y)/∂y = 0 at x = 0 (y > 0)."""
    assert list(D.gradient(parse("abs(x) + abs(y)"), (0.0, 0.0))) == [0.0, 0.0]
    assert list(D.gradient(parse("sign(x)*y"), (0.0, 2.0))) == [0.0, 0.0]
    assert list(D.gradient(parse("min(x, y)"), (1.0, 1.0))) == [0.5, 0.5]
    assert list(D.gradient(parse("max(x, y)"), (1.0, 1.0))) == [0.5, 0.5]
    assert list(D.gradient(parse("sqrt(x) + y"), (0.0, 1.0))) == [np.inf, 1.0]
    assert list(D.gradient(parse("x^y"), (0.0, 2.0))) == [0.0, 0.0]


def test_table_covers_every_op_and_function():
    """The autograd table above uses every op code of the tape and every function name, operator
    spelling and constant of the language: a new op without a torch row fails here."""
    used_ops = set()
    texts = [text for text, _, _ in TORCH_EXPRESSIONS]
    for text in texts:
        used_ops.update(int(op) for op in parse(text).ops)
    assert used_ops == set(range(O.N_OPS)), f"ops without a torch row: {set(range(O.N_OPS)) - used_ops}"
    joined = " ".join(texts)
    for name in list(O.FUNCTIONS) + list(O.CONSTANTS) + ["^", "**", "/", "-"]:
        assert name in joined, name
    assert any(parse(t).dim == 1 for t in texts)


# =============================================================================================
# optimizers: trajectories against torch.optim, step by step
# =============================================================================================
# learning rate per (update rule, loss): TORCH_RULES[rule].lr in references.py
STEPS = 100  # free-running comparison
FORCED_STEPS = 40  # step-by-step comparison

# Non-default settings per optimizer (each applied on its own): OPTIMIZER_REFERENCES[name].variants;
# only keys the registry exposes are used, and every optimizer with a weight_decay also runs with
# weight_decay = 0.1.


def _settings():
    """(optimizer, overrides, loss): defaults on every loss; the variants take turns over the
    losses (one loss each, so the table stays fast)."""
    out = []
    losses = list(TORCH_LOSSES)
    turn = 0
    for name in WITH_TORCH:
        spec = OPTIMIZERS[name]
        names = {hp.name for hp in spec.hyperparameters}
        variants = []
        if "weight_decay" in names:
            variants.append({"weight_decay": 0.1})
        variants += [v for v in _variants(name) if set(v) <= names]
        for loss_name in losses:
            out.append(pytest.param(name, {}, loss_name, id=f"{name}[defaults]-{loss_name}"))
        for variant in variants:
            label = ",".join(f"{k}={v}" for k, v in variant.items())
            loss_name = losses[turn % len(losses)]
            turn += 1
            out.append(pytest.param(name, variant, loss_name, id=f"{name}[{label}]-{loss_name}"))
    return out


def _variants(name):
    reference = OPTIMIZER_REFERENCES.get(name)  # a missing one fails test_every_optimizer_has_a_test_reference
    return reference.variants if reference else ()


def _rule_values(spec, overrides):
    """The full parameter vector of the spec's rule, by name (what the kernel reads)."""
    return spec.rule_values(overrides)


@pytest.mark.parametrize("name, variant, loss_name", _settings())
def test_trajectory_matches_torch_optim(name, variant, loss_name):
    """Free-running: every registry optimizer (and its variants) walks the same path as torch.optim
    (float64, foreach=False, torch's own autograd gradient) on Rosenbrock, Beale, a bowl and a wavy
    landscape: 100 steps, every row within 1e-9 relative (atol 1e-12); the final optimizer state
    vectors equal torch's by name, and the last row's f and gradient equal torch's."""
    spec = OPTIMIZERS[name]
    rule = spec.rule.name
    text, loss, start = TORCH_LOSSES[loss_name]
    overrides = {"lr": TORCH_RULES[rule].lr[loss_name], **variant}
    values = _rule_values(spec, overrides)
    ours = descent.Descent(parse(text), start, name, hyperparameters=overrides, noise=0.0)
    ours.step(STEPS)
    traj = ours.trajectory
    assert traj.status == "ok", traj.message
    theirs, torch_state = torch_trajectory(loss, start, rule, values, STEPS)
    assert np.all(np.isfinite(theirs))
    np.testing.assert_allclose(traj.points, theirs, rtol=1e-9, atol=1e-12)
    # the run moved (a test of a frozen optimizer would pass trivially)
    assert np.linalg.norm(traj.points[-1] - traj.points[0]) > 1e-3
    state = ours.optimizer_state()
    compared = 0
    for key, value in state.items():
        if key in torch_state:
            np.testing.assert_allclose(value, torch_state[key].numpy(), rtol=1e-9, atol=1e-12, err_msg=key)
            compared += 1
    assert compared >= 1 or values.get("momentum") == 0.0, f"no state compared for {name}: {sorted(torch_state)}"
    last = torch.tensor(traj.points[-1], requires_grad=True)
    f_last = loss(last)
    f_last.backward()
    assert_close(traj.f[-1], float(f_last.detach()), 1e-12, "f at the last row")
    assert_close(traj.grad[-1], last.grad.numpy(), 1e-12, "gradient at the last row")


def _load_torch_state(opt, p, ours):
    """Put gdexplorer's current point and optimizer state into torch's (by torch's names)."""
    state = opt.state[p]
    with torch.no_grad():
        p.copy_(torch.as_tensor(ours.theta))
        for key, value in ours.optimizer_state().items():
            if isinstance(state.get(key), torch.Tensor):
                state[key].copy_(torch.as_tensor(value))
        if "mu_product" in state:
            state["mu_product"].fill_(float(ours.scalars[0]))
        if "step" in state:
            assert float(state["step"]) == ours.t


def _compare_step_by_step(name, overrides, loss_name, steps, rtol=1e-12):
    spec = OPTIMIZERS[name]
    rule = spec.rule.name
    text, loss, start = TORCH_LOSSES[loss_name]
    ours = descent.Descent(parse(text), start, name, hyperparameters=overrides, noise=0.0)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(rule, [p], _rule_values(spec, overrides))
    for k in range(steps):
        if k > 0:
            _load_torch_state(opt, p, ours)
        opt.zero_grad()
        loss(p).backward()
        opt.step()
        assert ours.step(1) == 1, ours.message
        np.testing.assert_allclose(ours.theta, p.detach().numpy(), rtol=rtol, atol=1e-14, err_msg=f"step {k + 1}")
        for key, value in ours.optimizer_state().items():
            if isinstance(opt.state[p].get(key), torch.Tensor):
                np.testing.assert_allclose(value, opt.state[p][key].numpy(), rtol=rtol, atol=1e-14,
                                           err_msg=f"{key} after step {k + 1}")


@pytest.mark.parametrize("name, variant, loss_name", _settings())
def test_every_step_matches_torch_optim(name, variant, loss_name):
    """Step by step, from the same state: before each of 40 steps torch.optim is given
    gdexplorer's current point and state (by torch's names; NAdam's mu_product too), computes its
    own autograd gradient and takes one step; the new point and state agree with gdexplorer's step
    to 1e-12 relative (atol 1e-14). Rounding differences cannot accumulate here, so this is the
    tight check, whatever the path does later: in a free run, last-bit differences between the two
    gradient evaluations can grow chaotically (RMSprop alpha=0.9 on Rosenbrock reaches 1e-9 after
    ~100 steps; Adadelta eps=1e-3 on Beale 1e-3 after ~130), while each step here stays at 1e-15."""
    rule = OPTIMIZERS[name].rule.name
    _compare_step_by_step(name, {"lr": TORCH_RULES[rule].lr[loss_name], **variant}, loss_name, FORCED_STEPS)


@pytest.mark.parametrize("name", ["adam", "amsgrad", "nadam"])
def test_bias_correction_with_beta_close_to_one(name):
    """Regression (found by the hypothesis test below): 1 − β₁ᵗ cancels when β₁ = 0.99999, so β₁ᵗ
    must be computed like torch, with pow(); numba's float ** int multiplies and was off by a few
    ulps, which the cancellation turned into 6e-12 relative error in the step by step 7."""
    overrides = {"lr": 1.0, "beta1": 0.99999, "beta2": 0.9999, "eps": 0.5}
    _compare_step_by_step(name, overrides, "rosenbrock", 12)


def _random_hyperparameters(data, spec):
    """Every exposed hyperparameter drawn from its declared valid range (unbounded ranges cut at 1),
    boundaries included where the registry allows them."""
    overrides = {}
    for hp in spec.hyperparameters:
        if hp.name == "lr":
            value = data.draw(st.floats(1e-4, 1.0), label="lr")
        elif hp.kind == "bool":
            value = data.draw(st.sampled_from([0.0, 1.0]), label=hp.name)
        else:
            high = hp.high if math.isfinite(hp.high) else 1.0
            value = data.draw(st.floats(hp.low, high, exclude_min=hp.low_open, exclude_max=hp.high_open),
                              label=hp.name)
        overrides[hp.name] = value
    return overrides


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_hyperparameters_match_torch_optim(data):
    """Any optimizer of the registry with any valid hyperparameters (hypothesis draws them from the
    registry's declared ranges), on any of the losses: 12 steps, each equal to torch.optim's step
    from the same state (1e-12). Runs that blow up must blow up in torch too: when gdexplorer stops
    with 'diverged', torch's new point, f or gradient is not finite."""
    name = data.draw(st.sampled_from(WITH_TORCH), label="optimizer")
    spec = OPTIMIZERS[name]
    overrides = _random_hyperparameters(data, spec)
    text, loss, start = TORCH_LOSSES[data.draw(st.sampled_from(list(TORCH_LOSSES)), label="loss")]
    ours = descent.Descent(parse(text), start, name, hyperparameters=overrides, noise=0.0)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(spec.rule.name, [p], _rule_values(spec, overrides))
    for k in range(12):
        if k > 0:
            _load_torch_state(opt, p, ours)
        opt.zero_grad()
        loss(p).backward()
        opt.step()
        theirs = p.detach().numpy().copy()
        before = ours.theta.copy()
        taken = ours.step(1)
        rtol = 1e-12
        if spec.rule.name == "rmsprop" and overrides.get("centered"):
            # Centered RMSprop divides by sqrt(s - g_avg^2), a difference of nearly equal numbers
            # when the gradient barely varies (alpha near 0: g^2 - g^2). gdexplorer computes it as
            # s + (-g_avg)*g_avg; torch's CPU addcmul uses a fused multiply-add. The two differ by
            # the rounding of g_avg^2, amplified by the condition number s / (s - g_avg^2): the
            # tolerance scales with it, and an exactly cancelled variance (where torch's step is
            # the rounding error's, a nan or a huge jump) ends the comparison.
            state = ours.optimizer_state()
            variance = state["square_avg"] - state["grad_avg"] ** 2
            if np.any(variance <= 0):
                return
            rtol *= max(1.0, float(np.max(state["square_avg"] / variance)))
        if taken == 0:
            assert ours.status == "diverged", ours.message
            q = torch.tensor(theirs, requires_grad=True)
            fq = loss(q)
            fq.backward()
            finite = (np.all(np.isfinite(theirs)) and math.isfinite(float(fq.detach()))
                      and bool(torch.isfinite(q.grad).all()))
            assert not finite, f"gdexplorer diverged at step {k + 1} but torch is finite at {theirs}"
            return
        # θ_new = θ_old + Δ can cancel (a huge step that lands near 0): the rounding is relative
        # to |θ_old| and |Δ|, not to the small result, so the scale includes the old point.
        scale = max(float(np.max(np.abs(theirs))), float(np.max(np.abs(before))), 1.0)
        error = float(np.max(np.abs(ours.theta - theirs)))
        assert error <= rtol * scale, f"{name} {overrides} step {k + 1}: {ours.theta} vs torch {theirs}"


def test_sgd_noise_is_gaussian_gradient_noise_like_torch():
    """sgd is torch's SGD on g + σξ: replaying the noise gdexplorer documents (a PCG64 generator
    seeded with ``seed``, standard normals drawn (steps, dim) in order, times σ) into torch.optim.SGD
    gives the same path."""
    text, loss, start = TORCH_LOSSES["wavy"]
    spec = OPTIMIZERS["sgd"]
    sigma, seed, steps, lr = 0.7, 12345, 100, 0.05
    traj = descent.run(parse(text), start, "sgd", hyperparameters={"lr": lr}, steps=steps, noise=sigma, seed=seed)
    noise = sigma * np.random.Generator(np.random.PCG64(seed)).standard_normal((steps, 2))
    theirs, _ = torch_trajectory(loss, start, "sgd", _rule_values(spec, {"lr": lr}), steps, noise)
    np.testing.assert_allclose(traj.points, theirs, rtol=1e-9, atol=1e-12)


def test_nesterov_with_weight_decay_on_a_1d_function():
    """A 1-D expression runs like torch on a 1-element parameter."""
    spec = OPTIMIZERS["nesterov"]
    overrides = {"lr": 0.05, "weight_decay": 0.2}
    traj = descent.run(parse("x*cos(pi*x) + x^2/4"), (0.5,), "nesterov", steps=80, hyperparameters=overrides)
    theirs, _ = torch_trajectory(lambda p: p[0] * torch.cos(np.pi * p[0]) + p[0] ** 2 / 4, (0.5,), "sgd",
                                 _rule_values(spec, overrides), 80)
    assert traj.points.shape == (81, 1)
    np.testing.assert_allclose(traj.points, theirs, rtol=1e-9, atol=1e-12)


# =============================================================================================
# the registry itself: names and defaults are torch's
# =============================================================================================
@pytest.mark.parametrize("name", [n for n in WITH_TORCH if TORCH_RULES[OPTIMIZERS[n].rule.name].torch_class])
def test_registry_defaults_are_torch_defaults(name):
    """Each exposed hyperparameter's default is the torch.optim default of the same name (betas
    split into beta1/beta2; AdamW's weight decay is AdamW's 0.01). Two deliberate exceptions on
    torch's SGD: the lr of gd-like entries (gdexplorer's 0.01 vs torch's 1e-3) and the momentum of
    the momentum/nesterov entries (0.9 vs torch's 0, which would make them plain gd)."""
    spec = OPTIMIZERS[name]
    values = _rule_values(spec, {})
    cls_name = TORCH_RULES[spec.rule.name].torch_class
    if cls_name == "Adam" and values["decoupled_weight_decay"]:
        cls_name = "AdamW"
    params = inspect.signature(getattr(torch.optim, cls_name).__init__).parameters
    torch_defaults = {k: p.default for k, p in params.items() if p.default is not inspect.Parameter.empty}
    if "betas" in torch_defaults:
        torch_defaults["beta1"], torch_defaults["beta2"] = torch_defaults.pop("betas")
    for hp in spec.hyperparameters:
        if hp.name not in torch_defaults or (hp.name == "lr" and cls_name == "SGD"):
            continue
        if hp.name == "momentum" and cls_name == "SGD":
            assert hp.default == 0.9
            continue
        assert hp.default == float(torch_defaults[hp.name]), (name, hp.name)
