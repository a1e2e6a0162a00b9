"""Glyphs at a run's point (issue 12): which glyphs a run has (from its optimizer's state roles
only), their vectors (the core's numbers), the log-compressed sizes and the geometry, and how the
explained step's stages are drawn."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core import descent, engine
from gdexplorer.core.explain import explain_step
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS, get_optimizer
from gdexplorer.scene.glyphs import (
    ArrowScale, BoxScale, arrow_segments, box_segments, magnitude, run_glyphs, scale_down_factors, stage_glyphs,
)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

ROSENBROCK = parse("(1-x)^2 + 100*(y-x^2)^2")

#: the glyphs beyond −∇f and Δθ each optimizer has with its default settings, by what it keeps:
#: a velocity or first moment, a running mean or sum of g² (from the papers and torch.optim)
EXTRA_KINDS = {
    "gd": set(), "sgd": set(), "momentum": {"momentum"}, "nesterov": {"momentum"}, "qhm": {"momentum"},
    "adagrad": {"second_moment"}, "rmsprop": {"second_moment"}, "adadelta": {"second_moment"},
    "adam": {"momentum", "second_moment"}, "adamw": {"momentum", "second_moment"},
    "amsgrad": {"momentum", "second_moment"}, "qhadam": {"momentum", "second_moment"},
    "nadam": {"momentum", "second_moment"}, "radam": {"momentum", "second_moment"}, "lion": {"momentum"},
    "newton": set(),
}


def stepped(name, steps=5, **hyper):
    run = descent.Descent(ROSENBROCK, (-1.2, 1.0), name, hyperparameters={"lr": 1e-3, **hyper} if name != "newton"
                          else hyper)
    run.step(steps)
    return run


def glyphs_of(run, index=0):
    t = run.trajectory
    return run_glyphs(index, run.spec, run.hyperparameters, t.points, t.grad, run.state)


def test_every_registered_optimizer_is_in_the_table():
    assert set(EXTRA_KINDS) == set(OPTIMIZERS)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_runs_glyphs_follow_its_state_roles(name):
    run = stepped(name)
    kinds = [g.kind for g in glyphs_of(run)]
    assert kinds[:2] == ["gradient", "step"]
    assert set(kinds[2:]) == EXTRA_KINDS[name]


def test_switches_bring_their_glyphs():
    """rmsprop's momentum buffer only with momentum > 0; amsgrad divides by a second box (v̂ max)."""
    assert {g.kind for g in glyphs_of(stepped("rmsprop", momentum=0.5))} >= {"momentum", "second_moment"}
    boxes = [g.name for g in glyphs_of(stepped("amsgrad")) if g.kind == "second_moment"]
    assert boxes == ["1/(√exp_avg_sq+ε)", "1/(√max_exp_avg_sq+ε)"]
    assert [g.kind for g in glyphs_of(stepped("qhm", nu=0.0))] == ["gradient", "step"]  # ν = 0: plain SGD


def test_adam_glyph_vectors_are_the_cores_numbers():
    run = stepped("adam", steps=7)
    t = run.trajectory
    by_kind = {g.kind: g for g in glyphs_of(run)}
    np.testing.assert_array_equal(by_kind["gradient"].origin, t.points[-1])
    np.testing.assert_array_equal(by_kind["gradient"].vector, -t.grad[-1])
    np.testing.assert_array_equal(by_kind["step"].vector, t.points[-1] - t.points[-2])
    state = run.optimizer_state()
    np.testing.assert_array_equal(by_kind["momentum"].vector, -state["exp_avg"])
    # 1/(√v + ε) with Adam's ε = 1e-8, computed here element by element
    expected = [1.0 / (math.sqrt(v) + 1e-8) for v in state["exp_avg_sq"]]
    np.testing.assert_allclose(by_kind["second_moment"].factors, expected, rtol=1e-15)


def test_no_step_glyph_before_the_first_step_and_none_at_a_point_that_is_not_finite():
    run = stepped("momentum", steps=0)
    assert [g.kind for g in glyphs_of(run)] == ["gradient", "momentum"]
    spec = get_optimizer("gd")
    assert run_glyphs(0, spec, spec.resolve({}), [[0.0, 0.0], [np.nan, 1.0]], [[1.0, 1.0], [1.0, 1.0]],
                      np.zeros((3, 2))) == []


def test_arrow_scale_is_log_compressed_as_its_legend_says():
    scale = ArrowScale.for_magnitudes([437.0, 0.02, 0.0, math.nan])
    assert scale.top == 1000.0
    assert scale.length(1000.0) == pytest.approx(0.22)
    assert scale.length(100.0) == pytest.approx(0.19)  # one decade below: 3% shorter
    assert scale.length(0.02) == pytest.approx(0.22 - 0.03 * (3 - math.log10(0.02)))
    assert scale.length(1e-9) == pytest.approx(0.04)  # never shorter than 4%
    assert scale.length(0.0) == 0.0 and scale.length(math.nan) == 0.0 and scale.length(math.inf) == 0.0
    assert ArrowScale.for_magnitudes([100.0]).top == 100.0
    assert ArrowScale.for_magnitudes([]).top == 1.0
    assert ArrowScale.for_magnitudes([1.7e308]).top == 1e308
    assert scale.legend() == ("arrows: log scale, 22% of the view at |v| = 1000, 3% shorter per decade below "
                              "(at least 4%)")
    assert scale.short_legend() == "length ∝ log|v|: 22% of view at 1000, −3%/decade, ≥ 4%"
    assert ArrowScale(top=1e-5).short_legend() == "length ∝ log|v|: 22% of view at 1e-5, −3%/decade, ≥ 4%"


def test_box_scale_around_plain_gradient_descent():
    boxes = BoxScale()
    assert boxes.half_side(1.0) == pytest.approx(0.07)
    assert boxes.half_side(10.0) == pytest.approx(0.09)
    assert boxes.half_side(0.01) == pytest.approx(0.03)
    assert boxes.half_side(1e30) == pytest.approx(0.18) and boxes.half_side(math.inf) == pytest.approx(0.18)
    assert boxes.half_side(1e-30) == pytest.approx(0.015)
    assert boxes.half_side(0.0) == 0.0 and boxes.half_side(math.nan) == 0.0
    # the longer side on the log scale, the other in the true ratio of the factors (a 3x thinner box)
    longest = 0.07 + 0.02 * math.log10(0.3)
    np.testing.assert_allclose(boxes.half_sides([0.1, 0.3]), [longest / 3, longest])
    np.testing.assert_allclose(boxes.half_sides([1e-6, 1.0]), [0.015, 0.07])  # never thinner than 1.5%
    np.testing.assert_allclose(boxes.half_sides([np.inf, 2.0]), [0.18, 0.015])
    np.testing.assert_array_equal(boxes.half_sides([0.0, 1.0]), [0.0, 0.0])
    np.testing.assert_allclose(boxes.half_sides([0.5]), [0.07 + 0.02 * math.log10(0.5)])  # 1-D
    assert boxes.short_legend() == ("box: 7% of view at 1/(√v+ε) = 1 (GD), ±2%/decade; shape: the axes' true ratio")
    np.testing.assert_array_equal(scale_down_factors([4.0, 0.0], 0.0), [0.5, np.inf])


def test_arrow_geometry_points_along_the_data_vector_with_its_length_in_display_units():
    origin, vector, unit = np.array([1.0, 2.0]), np.array([3.0, -4.0]), np.array([0.01, 0.02])
    seg = arrow_segments(origin, vector, 100.0, unit, 9.0)
    assert seg.shape == (6, 2)
    np.testing.assert_array_equal(seg[0], origin)
    shaft = seg[1] - seg[0]
    assert shaft[0] * vector[1] - shaft[1] * vector[0] == pytest.approx(0.0, abs=1e-12)  # parallel
    assert shaft @ vector > 0  # same way
    assert magnitude(shaft / unit) == pytest.approx(100.0)  # 100 pixels long
    for wing in (seg[3] - seg[2], seg[5] - seg[4]):  # head strokes 9 px, 25° either side of the shaft
        w = wing / unit
        assert magnitude(w) == pytest.approx(9.0)
        cos = -(w @ (shaft / unit)) / (magnitude(w) * 100.0)
        assert math.degrees(math.acos(cos)) == pytest.approx(25.0)
    assert arrow_segments(origin, [0.0, 0.0], 100.0, unit, 9.0).shape == (0, 2)
    assert arrow_segments(origin, vector, 0.0, unit, 9.0).shape == (0, 2)
    assert arrow_segments(origin, [np.nan, 1.0], 100.0, unit, 9.0).shape == (0, 2)
    big = arrow_segments(origin, [1e308, 1e308], 50.0, [1.0, 1.0], 9.0)  # no overflow on the way
    np.testing.assert_allclose(big[1] - origin, [50 / math.sqrt(2)] * 2)
    short = arrow_segments(origin, vector, 10.0, unit, 9.0)  # the head never exceeds 45% of the arrow
    assert magnitude((short[3] - short[2]) / unit) == pytest.approx(4.5)
    one_d = arrow_segments([0.5, 3.0], [-2.0, 0.0], 40.0, [0.01, 5.0], 9.0)  # 1-D: along x only
    np.testing.assert_allclose(one_d[1], [0.1, 3.0])


def test_box_geometry():
    seg = box_segments([1.0, 2.0], [10.0, 20.0], [0.5, 0.25])
    corners = {tuple(p) for p in seg}
    assert corners == {(-4.0, -3.0), (6.0, -3.0), (6.0, 7.0), (-4.0, 7.0)}
    assert box_segments([1.0, 2.0], [0.0, 20.0], [0.5, 0.25]).shape == (0, 2)
    assert box_segments([1.0, 2.0], [np.inf, 20.0], [0.5, 0.25]).shape == (0, 2)


def zero_state(spec, hyper):
    k = engine.get()
    state, scal = np.zeros((k.N_STATE, 2)), np.zeros(k.N_SCALARS)
    k.init_state(spec.rule.id, spec.pack(hyper), 2, state, scal)
    return state, scal


def test_adam_stage_glyphs_at_t1_by_hand():
    """Adam at t = 1 from zero moments, g = (0.5, −3): m = 0.1·g, v = 0.001·g², denom = |g| + ε."""
    spec = get_optimizer("adam")
    hyper = spec.resolve({"lr": 0.1})
    g = np.array([0.5, -3.0])
    state, scal = zero_state(spec, hyper)
    e = explain_step(spec, hyper, [1.0, 2.0], g, state, scal, 1)
    glyphs = {gl.label: gl for gl in stage_glyphs(e, spec, hyper)}
    assert [gl.shape for gl in stage_glyphs(e, spec, hyper)] == ["arrow", "", "", "", "", "arrow", "box", "box", "step"]
    np.testing.assert_array_equal(glyphs["−g"].vector, -g)
    np.testing.assert_allclose(glyphs["−exp_avg"].vector, -0.1 * g, rtol=1e-15)
    np.testing.assert_allclose(glyphs["1/(√exp_avg_sq+ε)"].factors, 1 / (np.sqrt(0.001 * g * g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(glyphs["1/denom"].factors, 1 / (np.abs(g) + 1e-8), rtol=1e-12)
    step = glyphs["θ ← θ + Δθ"]
    np.testing.assert_array_equal(step.start, [1.0, 2.0])
    np.testing.assert_array_equal(step.end, e.theta_after)
    assert all(np.array_equal(gl.origin, [1.0, 2.0]) for gl in glyphs.values())


def test_newton_moves_one_axis_per_stage():
    spec = get_optimizer("newton")
    hyper = spec.resolve({})
    e = explain_step(spec, hyper, [1.0, 2.0], [0.5, -3.0], np.zeros((3, 2)), np.zeros(3), 1, hess=(2.0, 0.5, 1.0))
    steps = [gl for gl in stage_glyphs(e, spec, hyper) if gl.shape == "step"]
    assert len(steps) == 2
    np.testing.assert_array_equal(steps[0].end, [e.theta_after[0], 2.0])
    np.testing.assert_array_equal(steps[1].start, steps[0].end)
    np.testing.assert_array_equal(steps[1].end, e.theta_after)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizers_stages_end_at_the_explained_point_and_draw_their_roles(name):
    spec = get_optimizer(name)
    hyper = spec.resolve({})
    state, scal = zero_state(spec, hyper)
    e = explain_step(spec, hyper, [1.0, 2.0], [0.5, -3.0], state, scal, 1, hess=(2.0, 0.5, 1.0))
    glyphs = stage_glyphs(e, spec, hyper)
    assert len(glyphs) == len(e.stages) and glyphs[0].shape == "arrow" and glyphs[0].role == "gradient"
    steps = [gl for gl in glyphs if gl.shape == "step"]
    np.testing.assert_array_equal(steps[-1].end, e.theta_after)
    roles = {v.name: v.role for v in spec.rule.state}
    for stage, gl in zip(e.stages, glyphs):
        if stage.kind == "state":
            assert gl.shape == {"momentum": "arrow", "second_moment": "box", "": ""}[roles[stage.target]]
