"""Undo and redo of edits (issue 13): each edit is one step back, typing or dragging in a row is one
step, selection and stepping are not edits, and redo comes back to where undo left."""
from __future__ import annotations

import pytest

from gdexplorer.app.runs import RunSettings
from gdexplorer.app.undo import History


@pytest.fixture
def explorer(explorer):
    explorer.history = History(explorer.session, explorer)  # the window makes one the same way
    return explorer


def settle(explorer):
    explorer.history.record()


def test_undo_and_redo_walk_the_edits_back_and_forth(explorer, session):
    history = explorer.history
    settle(explorer)
    start = history._state()
    session.set_function("x^2 + 3*y^2", (-2, 2), (-2, 2))
    settle(explorer)
    session.set_hyperparameter("lr", 0.05)
    settle(explorer)
    session.set_start(1.0, -0.5)
    settle(explorer)
    session.add_run(RunSettings("adam", {"lr": 0.1}, start=(0.5, 0.5), colour="#0a73f3"))
    settle(explorer)
    states = []
    assert history.stack.count() == 4 and history.stack.undoText() == "add a run"
    for expected_text in ("add a run", "move the start", "change a hyperparameter", "change the function"):
        assert history.stack.undoText() == expected_text
        states.append(history._state())
        history.undo()
    assert history._state() == start and not history.stack.canUndo()
    for state in reversed(states):
        history.redo()
        assert history._state() == state
    assert len(session.runs) == 2 and session.runs[1].settings.optimizer == "adam"


def test_edits_in_a_row_are_one_step_and_selection_is_not_an_edit(explorer, session):
    history = explorer.history
    settle(explorer)
    count = history.stack.count()
    for text in ("x", "x^", "x^2", "x^2 +", "x^2 + y^2"):  # typed: one change each, not yet settled
        session.set_function(text if text.endswith(("2", "x")) else "x^2", (-1, 1), (-1, 1))
    settle(explorer)
    assert history.stack.count() == count + 1
    session.add_run()
    settle(explorer)
    n = history.stack.count()
    session.select(0)
    session.select(1)
    session.step(10)
    settle(explorer)
    assert history.stack.count() == n  # selecting and stepping are not edits


def test_undo_restores_a_removed_run_with_its_settings(explorer, session):
    history = explorer.history
    session.set_runs([RunSettings("momentum", {"lr": 0.002, "momentum": 0.8}, start=(-1.0, 1.5)),
                      RunSettings("adam", {"lr": 0.05}, start=(1.0, 1.0), colour="#0a73f3",
                                  schedule="cosine:T_max=50,eta_min=0", clip=1.5)])
    settle(explorer)
    session.remove_run(1)
    settle(explorer)
    assert len(session.runs) == 1
    history.undo()
    assert len(session.runs) == 2
    s = session.runs[1].settings
    assert (s.optimizer, s.hyperparameters, s.start, s.schedule, s.clip) == (
        "adam", {"lr": 0.05}, (1.0, 1.0), "cosine:T_max=50,eta_min=0", 1.5)
