"""The explained step (issue 12): read from each rule's own update code, its stages' numbers are the
core's, and it ends exactly where one ordinary step ends."""
from __future__ import annotations

import zlib

import numpy as np
import pytest

from gdexplorer.core import descent, engine
from gdexplorer.core.explain import explain_step, number
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS, get_optimizer

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# settings that switch on every branch each rule has (weight decay, amsgrad, centered, nesterov, ...)
SWITCHED_ON = {
    "weight_decay": 0.01, "amsgrad": 1.0, "centered": 1.0, "momentum": 0.5, "lr_decay": 0.01,
    "initial_accumulator_value": 0.1, "dampening": 0.1,
}


def state_before(spec, settings, t, rng):
    """The optimizer's state after t - 1 compiled steps with random gradients (a state a run can have)."""
    kernels = engine.get()
    state, scal = np.zeros((kernels.N_STATE, 2)), np.zeros(kernels.N_SCALARS)
    hyper = spec.pack(settings)
    kernels.init_state(spec.rule.id, hyper, 2, state, scal)
    theta = rng.normal(size=2)
    for k in range(1, t):
        spec.rule.update(hyper, 2, theta, rng.normal(size=2) * 3, state, scal, k, np.array([2.0, 0.3, 1.5]))
    return theta, state, scal


@pytest.mark.parametrize("name", list(OPTIMIZERS))
@pytest.mark.parametrize("switched", [False, True], ids=["defaults", "switched-on"])
@pytest.mark.parametrize("t", [1, 2, 7])
def test_the_explained_step_ends_where_the_compiled_update_does(name, switched, t):
    spec = get_optimizer(name)
    settings = {k: v for k, v in SWITCHED_ON.items() if switched and k in spec.defaults()}
    rng = np.random.default_rng([zlib.crc32(name.encode()), int(switched), t])
    theta, state, scal = state_before(spec, settings, t, rng)
    g = rng.normal(size=2) * 3
    hess = (2.0, 0.3, 1.5)
    e = explain_step(spec, settings, theta, g, state, scal, t, hess=hess)
    assert e.error == "" and e.agrees, name
    # the reference: the compiled update on copies (what every run does)
    ref_theta, ref_state, ref_scal = theta.copy(), state.copy(), scal.copy()
    spec.rule.update(spec.pack(settings), 2, ref_theta, g.copy(), ref_state, ref_scal, t, np.array(hess))
    np.testing.assert_array_equal(e.theta_after, ref_theta)
    # the first stage is the gradient, the last ones write θ: their last values are the new point
    assert e.stages[0].kind == "gradient" and list(e.stages[0].values.values()) == list(g)
    theta_stages = [s for s in e.stages if s.kind == "theta"]
    assert theta_stages
    last = {}
    for s in theta_stages:
        last.update(s.values)
    assert [last[i] for i in range(2)] == list(ref_theta)
    # every state vector the step writes: its stage holds the core's value after the step, per axis
    for s in e.stages:
        if s.kind == "state":
            k = spec.rule.state_index(s.target)
            assert [s.values[i] for i in sorted(s.values)] == list(ref_state[k, sorted(s.values)])
    written = {s.target for s in e.stages if s.kind == "state"}
    changed = {v.name for k, v in enumerate(spec.rule.state) if not np.array_equal(ref_state[k], state[k])}
    assert changed <= written  # no state change happens outside a stage


def test_adam_stages_by_hand():
    """Adam at t = 1 from zero moments, g = (0.5, -3), lr 0.1: the textbook numbers."""
    spec = get_optimizer("adam")
    e = explain_step(spec, {"lr": 0.1}, [1.0, 2.0], [0.5, -3.0], np.zeros((3, 2)), np.zeros(1), 1)
    targets = [s.target for s in e.stages]
    assert targets[0] == "g" and targets.index("exp_avg") < targets.index("exp_avg_sq") < targets.index("θ")
    m = e.stage_for("exp_avg")
    assert m.formula == "exp_avg = lerp(exp_avg, gi, 1 - b1)"
    assert m.substituted[0] == "exp_avg = lerp(0, 0.5, 1 - 0.9) = 0.05"
    assert m.values == {0: pytest.approx(0.05), 1: pytest.approx(-0.3)}
    v = e.stage_for("exp_avg_sq")
    assert v.values[1] == pytest.approx(0.001 * 9.0)
    bc1 = e.stage_for("bc1")
    assert not bc1.per_axis and bc1.values[None] == pytest.approx(0.1)
    step = e.stage_for("θ")
    # the first Adam step is lr·sign(g) (up to ε): θ = (1 - 0.1, 2 + 0.1)
    assert step.values[0] == pytest.approx(0.9, abs=1e-7) and step.values[1] == pytest.approx(2.1, abs=1e-7)
    np.testing.assert_array_equal(step.vector(2), e.theta_after)


def test_newton_names_the_axes_it_mixes():
    e = explain_step(get_optimizer("newton"), {}, [1.0, 2.0], [0.5, -3.0], np.zeros((1, 2)), np.zeros(1), 1,
                     hess=(2.0, 0.5, 1.0))
    dx = e.stage_for("dx")
    assert dx.formula == "dx = (hyy · gₓ - hxy · gᵧ) / det"
    assert dx.values[None] == pytest.approx((1.0 * 0.5 - 0.5 * -3.0) / 1.75)


def test_an_explanation_along_a_real_run_matches_the_run_step_by_step():
    """Explain each of 5 momentum steps on Rosenbrock from the run's own state: the explained
    point is the run's next point, bit for bit."""
    expr = parse("(1-x)^2 + 100*(y-x^2)^2")
    run = descent.Descent(expr, (-1.2, 1.0), "momentum", hyperparameters={"lr": 5e-4})
    spec = get_optimizer("momentum")
    for _ in range(5):
        theta, g = run.points[-1].copy(), run.trajectory.grad[-1].copy()
        e = explain_step(spec, {"lr": 5e-4}, theta, g, run.state, run.scalars, run.t + 1)
        run.step(1)
        np.testing.assert_array_equal(e.theta_after, run.points[-1])


def test_an_overflowing_step_is_explained_as_unavailable_not_a_crash():
    spec = get_optimizer("adagrad")
    e = explain_step(spec, {"lr": 1.0}, [1.0, 2.0], [np.inf, 1.0], np.zeros((1, 2)), np.zeros(1), 1)
    # Python's math raises where the compiled code gives inf or nan: the explanation follows the
    # compiled code (nan, inf), or says why it cannot
    assert (e.agrees and e.error == "" and not np.all(np.isfinite(e.theta_after))) or "cannot be explained" in e.error


def test_a_negative_variance_gives_nan_as_the_compiled_update_does():
    """centered RMSProp with ḡ² > s (not a state a run reaches, but a state the numbers allow)."""
    spec = get_optimizer("rmsprop")
    state = np.array([[0.01, 0.01], [0.0, 0.0], [1.0, 1.0]])
    e = explain_step(spec, {"centered": 1.0}, [1.0, 2.0], [0.1, 0.1], state, np.zeros(1), 3)
    assert e.error == "" and e.agrees and np.all(np.isnan(e.theta_after))
    assert np.isnan(e.stage_for("avg").values[0])


def test_number_format():
    assert [number(v) for v in (0.0, 0.05, -0.3, 1e-8, 123456.0, float("nan"))] == \
        ["0", "0.05", "-0.3", "1e-8", "1.235e5", "nan"]


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_state_vector_a_glyph_draws_is_written_by_a_stage_of_the_explained_step(name):
    """The glyphs (momentum arrow, second-moment box) come from the state vectors' roles; each
    vector with a role that the optimizer uses with these settings is a stage of its update."""
    spec = get_optimizer(name)
    settings = {k: v for k, v in SWITCHED_ON.items() if k in spec.defaults()}
    theta, state, scal = state_before(spec, settings, 3, np.random.default_rng(5))
    e = explain_step(spec, settings, theta, [0.7, -1.3], state, scal, 3, hess=(2.0, 0.3, 1.5))
    written = {s.target for s in e.stages if s.kind == "state"}
    with_role = {v.name for v in spec.rule.state if v.role and v.name in spec.used_state(settings)}
    assert with_role <= written
