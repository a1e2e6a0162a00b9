"""Every preset gives every optimizer a learning rate that works there (issue 8.7).

Criterion, for each preset × optimizer at ``preset.learning_rate_for(name)`` from the preset's start:

* 500 steps (the player's default step limit) do not diverge and end lower than the start;
  newton, which seeks ∇f = 0 rather than a minimum, may instead end on a stationary point
  (|∇f| < 1e-8: from Himmelblau's centre it lands on the local maximum, the lesson of newton);
* on a preset with known minima (bounded below), 2000 steps do not diverge either and the first
  500 stay inside the view (newton excepted: its first full step may overshoot and come back).

newton may stop as "singular", never as "diverged".
"""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core.descent import run
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import PRESETS

PLAY_LIMIT = 500  # app.player.Player.step_limit's default: what Play shows
LONG_RUN = 2000


def _inside(preset, points) -> np.ndarray:
    inside = (points[:, 0] >= preset.x_range[0]) & (points[:, 0] <= preset.x_range[1])
    if points.shape[1] == 2:
        inside &= (points[:, 1] >= preset.y_range[0]) & (points[:, 1] <= preset.y_range[1])
    return inside


def test_every_preset_has_a_rate_for_every_optimizer():
    for spec in OPTIMIZERS.values():
        missing, unknown = set(PRESETS) - set(spec.preset_rates), set(spec.preset_rates) - set(PRESETS)
        assert not missing, f"optimizer '{spec.name}' has no learning rate for the presets {sorted(missing)}: add them to preset_rates in its definition"
        assert not unknown, f"optimizer '{spec.name}' gives learning rates for unknown presets {sorted(unknown)}"
    for preset in PRESETS.values():
        assert set(preset.learning_rates) == set(OPTIMIZERS), preset.name
        for name in OPTIMIZERS:
            lr = preset.learning_rate_for(name)
            OPTIMIZERS[name].hyperparameter("lr").check(lr)  # a valid α (the slider reaches 1e-5 … 10)
            assert 1e-5 <= lr <= 10
        assert preset.suggested_lr == preset.learning_rate_for("gd")


@pytest.mark.parametrize("preset_name", list(PRESETS))
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_the_preset_rate_works(preset_name, optimizer):
    preset = PRESETS[preset_name]
    expr = parse(preset.expression)
    start = preset.start[: expr.dim]
    lr = preset.learning_rate_for(optimizer)
    steps = LONG_RUN if preset.minima else PLAY_LIMIT
    traj = run(expr, start, optimizer, hyperparameters={"lr": lr}, steps=steps)
    assert traj.status != "diverged", traj.message
    n = min(PLAY_LIMIT, traj.steps)
    lower = traj.f[n] < traj.f[0]
    if optimizer == "newton":
        assert lower or float(np.hypot.reduce(traj.grad[n])) < 1e-8, (traj.f[0], traj.f[n], traj.grad[n])
    else:
        assert lower, (traj.f[0], traj.f[n])
        if preset.minima:
            assert _inside(preset, traj.points[: n + 1]).all(), "the run left the view"


def test_momentum_on_rosenbrock_at_torchs_default_diverges_but_not_at_the_preset_rate():
    """The reason for the table: torch's 0.01 diverges at once on the default preset."""
    preset = PRESETS["rosenbrock"]
    expr = parse(preset.expression)
    assert run(expr, preset.start, "momentum", hyperparameters={"lr": 0.01}, steps=50).status == "diverged"
    assert run(expr, preset.start, "momentum", hyperparameters={"lr": preset.learning_rate_for("momentum")}, steps=500).status == "ok"
