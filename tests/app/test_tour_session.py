"""What applying a preset does to the runs (tour finding 2), without a window."""
from __future__ import annotations

from gdexplorer.app.runs import RUN_COLOURS, RunSettings
from gdexplorer.core.presets import get_preset


def test_a_preset_merges_runs_it_made_identical_and_says_so(qtbot, session):
    """Every run takes the preset's rate for its optimizer; a run that then has the same settings as
    an earlier one is removed (the earlier one, its colour, stays), the selection follows the run
    that stays, and the notice says which rates changed and what went."""
    session.set_runs([
        RunSettings(optimizer="gd", hyperparameters={"lr": 2.0}, colour=RUN_COLOURS[0]),
        RunSettings(optimizer="gd", colour=RUN_COLOURS[1]),
        RunSettings(optimizer="adam", colour=RUN_COLOURS[2]),
    ])
    session.select(1)
    with qtbot.waitSignal(session.notice) as notice, qtbot.waitSignal(session.landscapeChanged, timeout=10_000):
        message = session.apply_preset("seed004")
    preset = get_preset("seed004")
    assert [r.settings.optimizer for r in session.runs] == ["gd", "adam"]
    assert [r.settings.colour for r in session.runs] == [RUN_COLOURS[0], RUN_COLOURS[2]]
    assert all(r.settings.learning_rate == preset.learning_rate_for(r.settings.optimizer) for r in session.runs)
    assert session.selected == 0  # the removed gd was selected: its twin is now
    assert notice.args == [message]
    assert "gd α=2 → 0.1" in message and "1 duplicate run removed" in message
