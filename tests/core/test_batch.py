"""The fast batch engine: a kernel generated for one expression and one optimizer rule (steps
outside, a parallel loop over the starts inside). Its final points equal single runs
(descent.run) bit for bit; per-start stopping (converged, diverged, undefined, singular) and steps
taken are checked against independent references."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core import batch, descent
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS, RULES

from gdexplorer.core import specialize

F = parse("(1.5-x)^2 + 100*(y-x^2)^2 + sin(x*y)")
# The same function without powers: the tape interpreter computes x^2 as pow(x, 2.0), which glibc
# rounds differently from x*x at some points (the specialized kernels write x*x), so against the
# interpreter the batch is compared on products.
F_PRODUCTS = parse("(1.5-x)*(1.5-x) + 100*(y-x*x)*(y-x*x) + sin(x*y)")
STARTS = np.array([[-1.2, 1.0], [0.3, -0.4], [1.5, 1.7], [-0.6, 0.2], [0.9, 0.8], [-1.9, -1.1], [0.05, 1.3]])

# several rules, with settings that reach their less common branches
CASES = [
    ("adam", {"lr": 0.05}),
    ("amsgrad", {"lr": 0.05, "weight_decay": 0.01}),
    ("adamw", {"lr": 0.05}),
    ("nadam", {"lr": 0.05}),
    ("newton", {"lr": 0.5}),
    ("gd", {"lr": 1e-3}),
    ("momentum", {"lr": 5e-4, "dampening": 0.1}),
    ("nesterov", {"lr": 5e-4}),
    ("rmsprop", {"lr": 0.01, "centered": 1.0, "momentum": 0.5}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("adadelta", {"lr": 1.0}),
    ("qhm", {"lr": 2e-3, "weight_decay": 0.01}),
    ("qhadam", {"lr": 0.05, "nu2": 0.5}),
    ("radam", {"lr": 2e-3}),  # un-rectified steps 1-5, rectified after
    ("lion", {"lr": 0.01, "weight_decay": 0.1}),
]


def test_the_cases_cover_every_rule_of_the_registry():
    assert {OPTIMIZERS[name].rule.name for name, _ in CASES} == {rule.name for rule in RULES}


@pytest.mark.parametrize("name,settings", CASES, ids=[c[0] for c in CASES])
def test_batch_final_points_equal_single_runs_bit_for_bit(name, settings):
    _check_against_single_runs(F_PRODUCTS, name, settings)  # single runs through the tape interpreter


@pytest.mark.parametrize("name,settings", [CASES[0], CASES[3], CASES[4]], ids=["adam", "nadam", "newton"])
def test_batch_equals_single_runs_with_the_specialized_kernels_loaded(name, settings):
    specialize.compile_kernels(F)  # single runs then use the same gradient code as the batch
    try:
        _check_against_single_runs(F, name, settings)
    finally:
        specialize._loaded.pop(F.key, None)


def _check_against_single_runs(expr, name, settings):
    result = batch.run(expr, STARTS, name, steps=80, hyperparameters=settings)
    for k, start in enumerate(STARTS):
        single = descent.run(expr, start, name, steps=80, hyperparameters=settings, noise=0.0)
        assert result.steps[k] == single.steps, (name, k)
        np.testing.assert_array_equal(result.final[k], single.points[-1], err_msg=f"{name} start {k}")
        assert result.f[k] == single.f[-1]
        expected = {"ok": batch.OK, "diverged": batch.DIVERGED, "singular": batch.SINGULAR, "undefined": batch.UNDEFINED}
        assert result.status[k] == expected[single.status]


def test_every_rule_of_the_registry_is_rewritten_not_called_per_start():
    for rule in RULES:
        helpers, needed, per_step = batch.rule_source(rule, 2)
        assert "def step(" in per_step and "range(" not in per_step  # the coordinate loop is unrolled
    _, needed, _ = batch.rule_source(next(r for r in RULES if r.name == "adam"), 2)
    assert {"step_size", "bc2_sqrt"} <= set(needed)  # bias corrections hoisted out of the start loop


def test_the_fallback_that_calls_the_update_per_start_gives_the_same_numbers():
    kernel = batch.compile_batch(F, "nadam", rewrite=False)
    assert "called per start" in open(kernel.__file__).read()
    slow = batch.run(F, STARTS, "nadam", steps=40, kernel=kernel)
    fast = batch.run(F, STARTS, "nadam", steps=40)
    np.testing.assert_array_equal(slow.final, fast.final)
    np.testing.assert_array_equal(slow.steps, fast.steps)


def test_batch_agrees_with_the_interpreter_batch_and_run_batch_uses_it_when_ready():
    expr = parse("x*x + 3*y*y + x*y")
    starts = np.array([[1.0, 2.0], [-3.0, 0.5], [0.2, -0.7]])
    interpreted = descent.run_batch(expr, starts, "adam", steps=30)
    kernel = batch.compile_batch(expr, "adam")
    calls = []
    compiled = kernel.run_batch

    def counting(*args):
        calls.append(1)
        return compiled(*args)

    kernel.run_batch = counting
    try:
        fast = descent.run_batch(expr, starts, "adam", steps=30)
    finally:
        kernel.run_batch = compiled
    assert calls, "run_batch uses the batch kernel once it is ready"
    np.testing.assert_array_equal(interpreted.final, fast.final)
    np.testing.assert_array_equal(interpreted.steps, fast.steps)
    np.testing.assert_array_equal(interpreted.status, fast.status)


def test_per_start_stopping_converged_diverged_undefined_and_steps():
    # gd on x^2 + y^2 with lr 0.25 halves the point each step: |grad| = 2|p|·0.5^k < 1e-6
    bowl = parse("x^2 + y^2")
    starts = np.array([[1.0, 0.0], [0.0, 0.0], [3.0, 4.0]])
    r = batch.run(bowl, starts, "gd", steps=100, hyperparameters={"lr": 0.25}, gtol=1e-6)
    expected = [int(np.ceil(np.log2(2 * np.hypot(*s) / 1e-6))) if np.hypot(*s) else 0 for s in starts]
    assert r.steps.tolist() == expected  # 21, 0, 24: the first k with 2|p|/2^k < 1e-6
    assert (r.status == batch.CONVERGED).all()
    # lr 1.5 on the bowl: p -> -2p each step until f overflows
    wild = batch.run(bowl, np.array([[1.0, 1.0]]), "gd", steps=5000, hyperparameters={"lr": 1.5})
    assert wild.status[0] == batch.DIVERGED and wild.steps[0] == 511  # f = 2·4^k: 2^1023 is finite, 2^1025 not
    assert np.isfinite(wild.final[0]).all()  # the last good point is kept
    # sqrt(x) + y^2 with gd from x = 1: x goes negative, where f is undefined
    root = batch.run(parse("sqrt(x) + y^2"), np.array([[1.0, 0.5]]), "gd", steps=50, hyperparameters={"lr": 3.0})
    single = descent.run(parse("sqrt(x) + y^2"), (1.0, 0.5), "gd", steps=50, hyperparameters={"lr": 3.0})
    assert single.status == "undefined" and root.status[0] == batch.UNDEFINED
    assert root.steps[0] == single.steps
    # a step-length tolerance: adam's steps shrink near the minimum of the bowl
    r = batch.run(bowl, np.array([[1.0, 1.0]]), "adam", steps=5000, hyperparameters={"lr": 0.01}, xtol=1e-9)
    assert r.status[0] == batch.CONVERGED and r.steps[0] < 5000
    assert r.status_counts() == {"converged": 1}


def test_one_dimensional_functions_and_bad_settings():
    cubic = parse("x^4 - 3x^2 + x")
    starts = np.array([[-2.0], [0.5], [1.7]])
    r = batch.run(cubic, starts, "adam", steps=60, hyperparameters={"lr": 0.05})
    for k, s in enumerate(starts):
        np.testing.assert_array_equal(r.final[k], descent.run(cubic, s, "adam", steps=60, hyperparameters={"lr": 0.05}).points[-1])
    with pytest.raises(KeyError):
        batch.run(cubic, starts, "adam", hyperparameters={"nope": 1.0})
    with pytest.raises(ValueError):
        batch.run(cubic, starts, "adam", gtol=-1.0)


@pytest.mark.parametrize("name,settings", [CASES[0], CASES[1], CASES[6], CASES[8]],
                         ids=["adam", "amsgrad", "momentum", "rmsprop"])
def test_the_kernel_specialized_to_zero_hyperparameters_equals_the_general_one_bit_for_bit(name, settings):
    spec = batch._spec(name)
    zeros = batch.zero_parameters(spec.pack(settings))
    assert zeros  # every case has a switch off or a zero rate (weight decay, amsgrad, nesterov, ...)
    special = batch.compile_batch(F, name, hyperparameters=settings)
    general = batch.compile_batch(F, name)
    assert special is not general
    source = open(special.__file__).read()
    assert f"Specialized to the hyperparameters {sorted(zeros)} = 0.0" in source
    assert not any(f"hyper[{i}]" in source for i in zeros)
    starts = np.concatenate([STARTS, [[40.0, -30.0], [1e200, 0.0]]])  # one that diverges, one overflows at once
    a = batch.run(F, starts, name, steps=120, hyperparameters=settings, kernel=general)
    b = batch.run(F, starts, name, steps=120, hyperparameters=settings)
    assert batch.ready(F, name, settings) is special
    for field in ("final", "f", "steps", "status"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)
    # other settings never get the kernel specialized to these zeros (the general one reads them)
    kinds = {h.name: h.kind for h in spec.hyperparameters}
    on = {**settings, **{spec.rule.parameters[i]: 1.0 if kinds[spec.rule.parameters[i]] == "bool" else 0.5
                         for i in zeros if spec.rule.parameters[i] in kinds}}
    if on != settings:  # (amsgrad's only zero is fixed: decoupled_weight_decay)
        assert batch.ready(F, name, on) is general


@pytest.mark.parametrize("name,settings", [CASES[0], CASES[6], CASES[4]], ids=["adam", "momentum", "newton"])
def test_batch_with_a_schedule_and_clipping_equals_single_runs_bit_for_bit(name, settings):
    schedule = "linear:start_factor=0.2,total_iters=10 + cosine:T_max=40,eta_min=1e-5"
    result = batch.run(F_PRODUCTS, STARTS, name, steps=60, hyperparameters=settings, schedule=schedule, clip=3.0)
    plain = batch.run(F_PRODUCTS, STARTS, name, steps=60, hyperparameters=settings)
    assert not np.array_equal(result.final, plain.final)  # the schedule and the clip changed the runs
    for k, start in enumerate(STARTS):
        single = descent.run(F_PRODUCTS, start, name, steps=60, hyperparameters=settings, noise=0.0,
                             schedule=schedule, clip=3.0)
        assert result.steps[k] == single.steps, (name, k)
        np.testing.assert_array_equal(result.final[k], single.points[-1], err_msg=f"{name} start {k}")
    source = open(batch.ready(F_PRODUCTS, name, settings, clip=True).__file__).read()
    assert "clip_grad_norm_" in source
    assert "clip_grad_norm_" not in open(batch.ready(F_PRODUCTS, name, settings).__file__).read()
