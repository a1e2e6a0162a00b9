"""The Data mode without a window (app/data_mode.py): switching modes keeps both states, runs on data
train exactly as core Trainer does under either clock, data is made in a worker (a malformed file
changes nothing, Cancel drops a load), and the session's hooks keep the modes apart."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.app import data_mode as DM
from gdexplorer.app.data_mode import DataRun, DataRunSettings, DataSource, PathRecord
from gdexplorer.core.fit import SEED_002, Trainer, synthetic
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.core.objective import ExpressionObjective

TIMEOUT_MS = 60_000


def on_data(session) -> bool:
    land = session.landscape
    return session.data_mode is not None and land is not None and isinstance(land.objective, DataObjective) \
        and not session.compute.busy


@pytest.fixture
def data_mode(qtbot, explorer):
    dm = explorer.data_mode
    dm.enter()
    qtbot.waitUntil(lambda: on_data(explorer.session), timeout=TIMEOUT_MS)
    return dm


def reference(settings: DataRunSettings, data) -> Trainer:
    return Trainer(data, settings.optimizer, hyperparameters=settings.hyperparameters, batch_size=settings.batch_size,
                   epochs=settings.epochs, start=settings.start, seed=settings.seed, keep_trace=True)


def test_first_entry_is_seed_002(data_mode):
    session = data_mode.session
    assert [r.settings.batch_size for r in session.runs] == [None, 1, 50]
    assert all(r.settings.learning_rate == 0.02 and r.settings.epochs == 50 for r in session.runs)
    assert session.selected == 2  # the mini-batch run
    data = data_mode.objective.data
    assert data.n == 1000 and np.array_equal(data.x, synthetic().x)  # seed 002's draw
    (w0, w1), (b0, b1) = session.x_range, session.y_range
    w, b, _ = data_mode.objective.minimum
    assert w0 < 0 < w < w1 and b0 < 0 < b < b1  # the map shows the start and the minimum
    assert session.landscape.minima == (data_mode.objective.minimum,)
    assert session.preset is None and session.expr is None


@pytest.mark.parametrize("clock", ["epoch", "update"])
def test_runs_train_bit_for_bit_as_the_core_trainer(data_mode, clock):
    session = data_mode.session
    data_mode.set_clock(clock)
    for _ in range(3):
        session.step(1)
    data = data_mode.objective.data
    for run in session.runs:
        ref = reference(run.settings, data)
        if clock == "epoch":
            for _ in range(3):
                ref.step_epoch()
            assert run.trainer.epoch == 3
        else:
            ref.step(3)
            assert run.steps_taken == 3
        assert np.array_equal(run.epoch_rows.loss, ref.epoch_rows.loss)
        trace = ref.update_rows
        points = run.trajectory.points
        assert np.array_equal(points[1:, 0], trace.w) and np.array_equal(points[1:, 1], trace.b)
        assert np.array_equal(run.update_losses()[1], trace.batch_loss)
        # f along the path is the full-data loss there (moments vs the sum over samples)
        for k in (0, len(points) // 2, len(points) - 1):
            assert run.trajectory.f[k] == pytest.approx(data.loss(*points[k]), rel=1e-12)
            np.testing.assert_allclose(run.trajectory.grad[k], data.loss_and_gradient(*points[k])[1:],
                                       rtol=1e-9, atol=1e-12)


def test_runs_end_with_their_epochs_not_the_step_limit(data_mode):
    session = data_mode.session
    session.update_run(0, epochs=2)
    session.step(5, limit=1)  # the player's steps limit is the Function mode's
    assert session.runs[0].trainer.epoch == 2 and session.runs[0].finished
    assert not session.all_finished(limit=1)  # the others have 50 epochs


def test_switching_back_and_forth_keeps_both_states(qtbot, explorer, data_mode):
    session = data_mode.session
    session.step(2)
    data_state = (list(session.runs), session.landscape, [r.steps_taken for r in session.runs])
    data_mode.leave()
    assert isinstance(session.objective, ExpressionObjective) and session.data_mode is None
    assert session.text == session.objective.source and len(session.runs) == 1
    function_run = session.runs[0]
    session.step(7)
    data_mode.enter()
    assert session.runs == data_state[0] and session.landscape is data_state[1]
    assert [r.steps_taken for r in session.runs] == data_state[2]  # they went on where they were
    data_mode.leave()
    assert session.runs == [function_run] and function_run.steps_taken == 7
    assert not session.compute.busy  # nothing recomputed: both landscapes were kept


def test_a_landscape_of_the_other_mode_is_dropped(qtbot, explorer):
    session, dm = explorer.session, explorer.data_mode
    session.set_function("x^2 + y^2", (-2, 2), (-2, 2))  # asked for in the Function mode ...
    dm.enter()  # ... and still on its way when the Data mode starts
    qtbot.waitUntil(lambda: on_data(session), timeout=TIMEOUT_MS)
    explorer.compute.wait_for_done(10_000)
    qtbot.wait(50)
    assert isinstance(session.objective, DataObjective)
    dm.leave()
    qtbot.waitUntil(lambda: session.landscape.objective.source == "x^2 + y^2" and not session.compute.busy,
                    timeout=TIMEOUT_MS)


def test_saved_state_in_the_data_mode_is_the_functions(explorer, data_mode):
    state = explorer.session.to_state()
    assert state["text"] == data_mode.function_state.text
    assert len(state["runs"]) == len(data_mode.function_state.runs)
    assert "batch_size" not in state["runs"][0]


def test_new_runs_on_data_take_seed_002_rate_and_the_selected_batch(data_mode):
    session = data_mode.session
    session.select(1)  # SGD
    index = session.add_run()
    settings = session.runs[index].settings
    assert isinstance(session.runs[index], DataRun)
    assert settings.batch_size == 1 and settings.learning_rate == 0.02 and settings.epochs == 50
    session.set_optimizer("adam", index)
    assert session.runs[index].settings.batch_size == 1 and session.runs[index].trainer.spec.name == "adam"
    added = session.compare_all_optimizers()
    assert added > 5 and all(isinstance(r, DataRun) for r in session.runs)


def test_synthetic_data_is_made_in_a_worker_and_restarts_the_runs(qtbot, data_mode):
    session = data_mode.session
    session.step(2)
    with qtbot.waitSignal(data_mode.dataChanged, timeout=TIMEOUT_MS):
        data_mode.set_synthetic(n=300, w=-1.0, b=2.0, noise=0.1, seed=5)
    qtbot.waitUntil(lambda: on_data(session) and session.objective is data_mode.objective, timeout=TIMEOUT_MS)
    assert np.array_equal(data_mode.objective.data.y, synthetic(300, -1.0, 2.0, 0.1, seed=5).y)
    assert all(r.steps_taken == 0 and r.trainer.data is data_mode.objective.data for r in session.runs)
    w, b, _ = data_mode.objective.minimum
    assert session.x_range[0] < w < session.x_range[1] and session.y_range[0] < b < session.y_range[1]


def test_a_malformed_csv_changes_nothing(qtbot, tmp_path, data_mode):
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,2\n3,oops\n")
    before = data_mode.objective
    with qtbot.waitSignal(data_mode.loadFailed, timeout=TIMEOUT_MS) as failed:
        data_mode.open_csv(str(path))
    where, message = failed.args
    assert where == "csv" and "line 3, column 2" in message and "'oops' is not a number" in message
    assert data_mode.objective is before and data_mode.source.kind == "synthetic"
    path.write_text("x,y\n1,2\n3,1\n")  # labels 2 and 1: not logistic regression's 0/1
    data_mode.open_csv(str(path))
    qtbot.waitUntil(lambda: data_mode.source.kind == "csv", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(data_mode.loadFailed, timeout=TIMEOUT_MS) as failed:
        data_mode.set_model("logistic")
    assert failed.args[0] == "model" and "labels 0 or 1" in failed.args[1]
    assert data_mode.source.model == "linear"


def test_cancel_drops_a_load(qtbot, tmp_path, data_mode):
    path = tmp_path / "big.csv"
    rows = np.random.default_rng(0).standard_normal((300_000, 2))
    np.savetxt(path, rows, delimiter=",", fmt="%.17g")
    before = data_mode.objective
    with qtbot.waitSignal(data_mode.loadProgress, timeout=TIMEOUT_MS):
        data_mode.open_csv(str(path))
    with qtbot.waitSignal(data_mode.loadCancelled, timeout=1000):
        data_mode.cancel_load()
    data_mode.jobs.wait_for_done(TIMEOUT_MS)
    qtbot.wait(100)  # a result that came back meanwhile would be delivered now
    assert data_mode.objective is before and not data_mode.loading


def test_a_step_on_big_data_keeps_within_its_budget_and_owes_the_rest():
    data = synthetic(200_000, seed=0)
    owing = []
    run = DataRun(DataRunSettings(batch_size=1, epochs=2), clock=lambda: "epoch", owing=lambda: owing.append(1))
    run.reset(DataObjective(data))
    per_call = run._updates_per_call()
    assert per_call == int(DM.STEP_BUDGET_S / (DM.UPDATE_COST_S + DM.SAMPLE_COST_S["linear"])) < 200_000
    assert run.step(1) == per_call and run.owed == 200_000 - per_call and owing
    calls = 1
    while run.owed:  # the epoch finishes over several calls (the DataMode's catch-up timer makes them)
        assert run.catch_up() <= per_call
        calls += 1
    assert run.trainer.t == 200_000 and run.trainer.epoch == 1 and calls == -(-200_000 // per_call)
    ref = Trainer(data, "gd", batch_size=1, epochs=2, keep_trace=False)
    ref.step_epoch()
    assert np.array_equal(run.epoch_rows.loss, ref.epoch_rows.loss) and run.point == (ref.w, ref.b)
    assert len(run.trajectory.points) == run.path.size <= 1 + 200_000
    run.step(5)  # never more than MAX_OWED_EPOCHS ahead, never past the last epoch
    assert run.trainer.t + run.owed == 2 * 200_000


def test_the_catch_up_timer_finishes_a_step_on_big_data(qtbot, data_mode):
    session = data_mode.session
    with qtbot.waitSignal(data_mode.dataChanged, timeout=TIMEOUT_MS):
        data_mode.set_synthetic(n=400_000)
    qtbot.waitUntil(lambda: on_data(session) and session.objective is data_mode.objective, timeout=TIMEOUT_MS)
    session.step(1)  # one epoch of every run: SGD's 400 000 updates take several calls
    assert data_mode.owed > 0
    qtbot.waitUntil(lambda: data_mode.owed == 0, timeout=TIMEOUT_MS)
    assert [r.trainer.epoch for r in session.runs] == [1, 1, 1]


def test_path_record_keeps_the_last_update_and_thins(monkeypatch):
    monkeypatch.setattr(DM, "PATH_POINTS_PER_STEP", 10)
    monkeypatch.setattr(DM, "MAX_PATH_POINTS", 40)
    path = PathRecord((0.0, 0.0))
    updates = np.arange(1, 26)
    assert not path.append(updates, updates * 1.0, -updates * 1.0, updates * 0.5)
    kept = path.updates[1:path.size]
    assert kept[-1] == 25 and len(kept) <= 10 and np.all(np.diff(kept) == 3)  # every 3rd, ending at 25
    assert path.points[path.size - 1].tolist() == [25.0, -25.0]
    thinned = [path.append(np.arange(start, start + 10), start + np.arange(10.0), np.zeros(10), np.zeros(10))
               for start in range(26, 26 + 40 * 10, 10)]
    assert thinned[3] and sum(thinned) > 1  # 10 + 3 x 10 rows = 40, the 4th append goes over: every other row
    assert path.size <= 40 and path.updates[0] == 0 and path.updates[path.size - 1] == 26 + 400 - 1
    assert np.all(np.diff(path.updates[:path.size]) > 0)
    assert np.array_equal(path.points[1:path.size, 0], path.updates[1:path.size])  # rows stay together


def test_data_source_and_settings_round_trip():
    settings = DataRunSettings(optimizer="adam", hyperparameters={"lr": 0.1}, batch_size=7, epochs=3)
    assert DataRunSettings.from_dict(settings.to_dict()) == settings
    assert settings.label == "adam  α=0.1  batch 7" and DataRunSettings(batch_size=None).batch_text == "full batch"
    assert DataRunSettings().learning_rate == SEED_002["lr"]
    assert DataSource().make().n == 1000
