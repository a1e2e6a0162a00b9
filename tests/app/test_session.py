"""The session and its runs without a window (issue 8.1, 8.4, 8.7, 8.10): a Session on the worker
thread, driven by its methods, checked against the core and torch.optim."""
from __future__ import annotations

import pytest
import torch

from gdexplorer.app.runs import RunSettings, outside_view, used_state
from gdexplorer.core.descent import run as core_run
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import get_preset
from tests.core.references import torch_optimizer

# -- issue 8.10: the state each optimizer really keeps, against torch.optim ----------------------
#: (registry name, settings, the torch.optim optimizer with the same settings)
TORCH_SETTINGS = [
    ("gd", {}, lambda p: torch.optim.SGD([p], lr=0.01)),
    ("sgd", {}, lambda p: torch.optim.SGD([p], lr=0.01)),
    ("momentum", {}, lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9)),
    ("momentum", {"momentum": 0.0}, lambda p: torch.optim.SGD([p], lr=0.01)),
    ("nesterov", {}, lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9, nesterov=True)),
    ("gd", {"weight_decay": 0.1}, lambda p: torch.optim.SGD([p], lr=0.01, weight_decay=0.1)),
    ("adagrad", {}, lambda p: torch.optim.Adagrad([p], lr=0.01)),
    ("rmsprop", {}, lambda p: torch.optim.RMSprop([p], lr=0.01)),
    ("rmsprop", {"centered": 1.0}, lambda p: torch.optim.RMSprop([p], lr=0.01, centered=True)),
    ("rmsprop", {"momentum": 0.5}, lambda p: torch.optim.RMSprop([p], lr=0.01, momentum=0.5)),
    ("rmsprop", {"momentum": 0.5, "centered": 1.0},
     lambda p: torch.optim.RMSprop([p], lr=0.01, momentum=0.5, centered=True)),
    ("adadelta", {}, lambda p: torch.optim.Adadelta([p], lr=1.0)),
    ("adam", {}, lambda p: torch.optim.Adam([p], lr=1e-3)),
    ("adam", {"amsgrad": 1.0}, lambda p: torch.optim.Adam([p], lr=1e-3, amsgrad=True)),
    ("adamw", {}, lambda p: torch.optim.AdamW([p], lr=1e-3)),
    ("adamw", {"amsgrad": 1.0}, lambda p: torch.optim.AdamW([p], lr=1e-3, amsgrad=True)),
    ("amsgrad", {}, lambda p: torch.optim.Adam([p], lr=1e-3, amsgrad=True)),
    ("nadam", {}, lambda p: torch.optim.NAdam([p], lr=2e-3)),
    ("radam", {}, lambda p: torch.optim.RAdam([p], lr=1e-3)),
    # not in torch.optim: the torch versions written by hand from the papers in tests/core/references.py
    *[(name, {}, lambda p, name=name: torch_optimizer(name, [p], OPTIMIZERS[name].rule_values()))
      for name in ("qhm", "qhadam", "lion")],
]


def torch_state_vectors(make) -> set[str]:
    """The names of the per-coordinate state torch keeps after one step (not its scalar 'step' or
    NAdam's scalar 'mu_product')."""
    p = torch.tensor([1.5, -0.5], dtype=torch.float64, requires_grad=True)
    opt = make(p)
    ((p ** 2).sum() + p[0] * p[1]).backward()
    opt.step()
    return {k for k, v in opt.state[p].items() if isinstance(v, torch.Tensor) and v.shape == p.shape}


@pytest.mark.torch
@pytest.mark.parametrize("name, settings, make", TORCH_SETTINGS, ids=[f"{n}-{s}" for n, s, _ in TORCH_SETTINGS])
def test_used_state_is_what_torch_keeps(name, settings, make):
    """issue 8.10: the inspector shows exactly the state vectors torch.optim keeps for the same
    optimizer and settings (gd: none, the old inspector showed momentum_buffer)."""
    assert set(used_state(OPTIMIZERS[name], settings)) == torch_state_vectors(make)


def test_every_optimizer_is_checked_against_torch_or_keeps_nothing():
    checked = {name for name, _, _ in TORCH_SETTINGS}
    assert set(OPTIMIZERS) - checked == {"newton"} and used_state(OPTIMIZERS["newton"]) == ()


# -- issue 8.4: where a point is off the map -----------------------------------------------------
def test_outside_view_names_each_side_left():
    assert outside_view((0.0, 0.0), (-2, 2), (-1, 3)) == ""
    assert outside_view((2.5, 0.0), (-2, 2), (-1, 3)) == "x > 2"
    assert outside_view((-5.0, 4.0), (-3, 3), (-3, 3)) == "x < -3, y > 3"
    assert outside_view((0.0, -1.5), (-2, 2), (-1, 3)) == "y < -1"
    assert outside_view((3.0,), (-2, 2)) == "x > 2"  # 1-D: x only
    assert outside_view((1.0,), (-2, 2)) == ""


# -- a headless session --------------------------------------------------------------------------
@pytest.fixture
def session(qtbot, explorer):
    s = explorer.session
    with qtbot.waitSignal(s.landscapeChanged, timeout=60_000):
        s.apply_preset("bowl")
    return s


def test_a_run_that_diverges_without_a_step_still_signals(qtbot, session):
    """issue 8.1: the diverging step takes no step; the status change alone reaches the views."""
    session.set_hyperparameter("lr", 1e200)
    with qtbot.waitSignal(session.trajectoriesChanged, timeout=1_000):
        assert session.step(1) == 0
    assert session.runs[0].status == "diverged"


def test_compare_all_adds_after_the_users_runs(session):
    """issue 8.7: the user's runs stay first and unchanged; one run per optimizer is added (none
    twice), each at the preset's rate; a second call adds nothing."""
    session.set_optimizer("adam")
    session.set_hyperparameter("lr", 0.3)
    mine = session.runs[0].settings
    preset = get_preset("bowl")
    added = session.compare_all_optimizers()
    assert added == len(OPTIMIZERS)  # adam at 0.3 is not the preset's adam: every optimizer is added
    assert session.runs[0].settings == mine
    assert [r.settings.optimizer for r in session.runs[1:]] == list(OPTIMIZERS)
    assert all(r.settings.learning_rate == preset.learning_rate_for(r.settings.optimizer) for r in session.runs[1:])
    assert len({r.settings.colour for r in session.runs}) == len(session.runs)
    assert session.compare_all_optimizers() == 0


def test_apply_preset_gives_each_run_the_presets_rate(qtbot, session):
    """issue 8.7: every run, whatever its optimizer, takes the new preset's rate for it."""
    session.set_runs([RunSettings(optimizer=n, colour=c) for n, c in (("momentum", "#e55454"), ("adam", "#0a73f3"))])
    with qtbot.waitSignal(session.landscapeChanged, timeout=10_000):
        session.apply_preset("rosenbrock")
    preset = get_preset("rosenbrock")
    for run in session.runs:
        assert run.settings.learning_rate == preset.learning_rate_for(run.settings.optimizer)
        assert run.settings.start == preset.start
    session.step(200)
    momentum = session.runs[0]
    expected = core_run(session.objective.expr, preset.start, "momentum", hyperparameters={"lr": preset.learning_rate_for("momentum")}, steps=200)
    assert momentum.status == "ok" and momentum.trajectory.f[-1] == expected.f[-1]


def test_a_one_dimensional_function_keeps_its_y_range(qtbot, session):
    """issue 8.8: a 1-D preset's y range is (0, 0): an x range alone is a good range there."""
    with qtbot.waitSignal(session.landscapeChanged, timeout=10_000):
        session.apply_preset("seed004")
    with qtbot.waitSignal(session.landscapeChanged, timeout=10_000):
        session.set_ranges((-2, 3), (0, 0))
    assert session.x_range == (-2.0, 3.0) and session.y_range == (0.0, 0.0)
    with pytest.raises(ValueError, match="x min must be less than x max"):
        session.set_ranges((3, 3), (0, 0))
    assert session.x_range == (-2.0, 3.0)
