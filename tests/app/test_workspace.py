"""Workspaces (issue 13): a round trip equals the original state, a bad file is refused with what
and where and changes nothing, saving is atomic, recent files, and an autosave left by a killed
process is found for recovery."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gdexplorer.app import workspace as W
from gdexplorer.app.runs import RunSettings


def sample(session) -> W.Workspace:
    session.set_function("x^2 + 3*y^2", (-2, 2), (-2, 2))
    session.add_run(RunSettings("adam", {"lr": 0.05, "beta1": 0.8}, start=(1.5, -1.0)))
    return W.Workspace(session.to_state(), {"log_curves": True, "surface_angles": [30.0, 45.0]})


def test_round_trip_equals_the_original_state(tmp_path, explorer, session):
    ws = sample(session)
    path = tmp_path / "race.gdx.json"
    W.save(path, ws)
    back = W.load(path)
    assert back.session == ws.session and back.view == ws.view and back.app == ws.app
    assert json.loads(path.read_text())["format"] == W.FORMAT
    # restored into a session, it gives the same state back
    session.set_function("x^2", (-1, 1), (-1, 1))
    session.restore_state(back.session)
    assert session.to_state() == ws.session


@pytest.mark.parametrize("content,words", [
    ("", "is empty"),
    ('{"format": "gdexplorer-workspace", "version": 1, "session": {"text": "x^2", "ru', "is cut short (truncated at line 1"),
    ('{\n  "format": "gdexplorer-workspace",\n  "version": 1,\n  oops\n}', "not valid JSON: Expecting property name enclosed in double quotes (line 4, column 3)"),
    ('{"name": "something else"}', "is not a gdexplorer workspace"),
    ('[1, 2, 3]', "is not a gdexplorer workspace"),
    ('{"format": "gdexplorer-workspace", "version": 7, "app": "9.0", "session": {}}', "saved by a newer gdexplorer (9.0, workspace version 7"),
    ('{"format": "gdexplorer-workspace", "version": "1", "session": {}}', "has no readable version ('1')"),
    ('{"format": "gdexplorer-workspace", "version": 1}', "has no session"),
    ('{"format": "gdexplorer-workspace", "version": 1, "session": {}, "view": 3}', '"view" should be an object'),
])
def test_a_bad_file_is_refused_saying_what_and_where(tmp_path, content, words):
    path = tmp_path / "bad.gdx.json"
    path.write_text(content)
    with pytest.raises(W.WorkspaceError) as info:
        W.load(path)
    assert words in str(info.value) and "bad.gdx.json" in str(info.value)


def test_binary_folders_missing_and_huge_files(tmp_path):
    (tmp_path / "bin.gdx.json").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    (tmp_path / "folder").mkdir()
    huge = tmp_path / "huge.gdx.json"
    with open(huge, "wb") as fh:
        fh.truncate(W.MAX_BYTES + 1)  # sparse: costs no disk
    for name, words in (("bin.gdx.json", "is not a text file"), ("folder", "is a folder"),
                        ("missing.gdx.json", "cannot read missing.gdx.json: No such file"), ("huge.gdx.json", "too large")):
        with pytest.raises(W.WorkspaceError) as info:
            W.load(tmp_path / name)
        assert words in str(info.value)


def test_a_refused_file_changes_nothing_in_the_session(tmp_path, explorer, session):
    before = sample(session).session
    path = tmp_path / "newer.gdx.json"
    path.write_text(json.dumps({"format": W.FORMAT, "version": W.VERSION + 1, "session": {"text": "sin(x)"}}))
    with pytest.raises(W.WorkspaceError):
        session.restore_state(W.load(path).session)
    assert session.to_state() == before


def test_saving_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "keep.gdx.json"
    W.save(path, W.Workspace({"text": "x^2"}, {}))
    original = path.read_text()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(W.WorkspaceError) as info:
        W.save(path, W.Workspace({"text": "y^2"}, {}))
    assert "No space left on device" in str(info.value)
    assert path.read_text() == original  # the old workspace is intact
    assert [p.name for p in tmp_path.iterdir()] == ["keep.gdx.json"]  # and no temporary file left
    monkeypatch.undo()
    with pytest.raises(W.WorkspaceError) as info:
        W.save(path, W.Workspace({"lr": float("nan")}, {}))
    assert "JSON cannot hold" in str(info.value) and path.read_text() == original
    with pytest.raises(W.WorkspaceError):
        W.save(tmp_path / "no" / "such" / "dir.gdx.json", W.Workspace({}, {}))


def test_recent_files(tmp_path, qapp):
    from PySide6.QtCore import QSettings

    recent = W.RecentFiles(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), limit=3)
    files = [tmp_path / f"{k}.gdx.json" for k in range(5)]
    for f in files:
        f.write_text("{}")
        recent.add(f)
    assert recent.paths() == [str(f) for f in files[::-1][:3]]
    recent.add(files[3])  # again: moves to the front, no duplicate
    assert recent.paths() == [str(files[3]), str(files[4]), str(files[2])]
    files[4].unlink()
    assert recent.existing() == [str(files[3]), str(files[2])]
    recent.remove(files[3])
    assert recent.paths() == [str(files[4]), str(files[2])]


def test_autosave_of_a_killed_process_is_offered_for_recovery(tmp_path, qapp):
    state_dir = tmp_path / "state"
    script = textwrap.dedent(f"""
        import os, sys, time
        os.environ["GDEXPLORER_STATE_DIR"] = {str(state_dir)!r}
        from PySide6.QtCore import QCoreApplication
        from gdexplorer.app import workspace as W
        app = QCoreApplication([])
        auto = W.Autosave(lambda: W.Workspace({{"text": "sin(x)*y", "runs": []}}, {{"source_file": "/tmp/a.gdx.json"}}),
                          interval_ms=50)
        auto.mark_dirty()
        auto.save_now()
        print(auto.path, flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        written = Path(child.stdout.readline().strip())
        assert written.is_file()
        assert W.recovery_candidate(state_dir / "autosave") is None  # its writer is still running
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    found = W.recovery_candidate(state_dir / "autosave")
    assert found is not None and found.path == written
    assert found.workspace.session["text"] == "sin(x)*y" and found.source == "/tmp/a.gdx.json"
    W.discard_recovery(found)
    assert W.recovery_candidate(state_dir / "autosave") is None


def test_autosave_writes_only_when_dirty_and_a_clean_exit_removes_it(tmp_path, qapp):
    calls = []

    def snapshot():
        calls.append(1)
        return W.Workspace({"text": "x"}, {})

    auto = W.Autosave(snapshot, interval_ms=10_000, directory=tmp_path)
    assert not auto.save_now() and calls == []  # nothing changed
    auto.mark_dirty()
    assert auto.save_now() and auto.path.is_file() and len(calls) == 1
    assert not auto.save_now()  # saved: clean again
    auto.stop()
    assert not auto.path.exists()


# ---------------------------------------------------------------------------------------------
# the Data mode in a workspace (minor 1: the optional "data" object)
# ---------------------------------------------------------------------------------------------
def test_the_optional_data_object_and_older_files(tmp_path):
    data = {"version": 1, "mode": "data", "source": {"kind": "synthetic", "n": 10}}
    path = tmp_path / "data.gdx.json"
    W.save(path, W.Workspace({"text": "x^2"}, {"speed": 3.0}, data=data))
    content = json.loads(path.read_text())
    assert (content["version"], content["minor"], content["data"]) == (1, W.MINOR, data)
    assert W.load(path).data == data
    # a version-1 file of before the Data mode (no minor, no data): read, with no data
    path.write_text(json.dumps({"format": W.FORMAT, "version": 1, "app": "0.1.0", "session": {"text": "x"}}))
    assert W.load(path).data is None and W.load(path).session == {"text": "x"}
    assert "data" not in json.loads(W.Workspace({"text": "x"}, {}).to_json())  # never used: not written
    path.write_text(json.dumps({"format": W.FORMAT, "version": 1, "session": {}, "data": [1]}))
    with pytest.raises(W.WorkspaceError, match='"data" should be an object, got list'):
        W.load(path)


def on_data(session) -> bool:
    from gdexplorer.core.fit.objective import DataObjective

    dm = session.data_mode
    return dm is not None and session.landscape is not None and isinstance(session.objective, DataObjective) \
        and not session.compute.busy and not dm.loading and not dm.restoring


def test_the_data_mode_comes_back_from_its_state_without_a_window(qtbot, explorer):
    import numpy as np

    from gdexplorer.app.data_mode import read_state
    from gdexplorer.app.explorer import Explorer
    from gdexplorer.core.fit import Trainer

    dm, session = explorer.data_mode, explorer.session
    dm.set_synthetic(n=200, w=-1.0, b=0.5, noise=0.2, seed=11, model="linear")
    dm.enter()
    qtbot.waitUntil(lambda: on_data(session) and dm.objective.data.n == 200, timeout=60_000)
    session.update_run(0, optimizer="rmsprop", hyperparameters={"lr": 0.01}, schedule="step:step_size=30,gamma=0.5",
                       clip=0.5, start=(2.0, 2.0))
    dm.set_clock("update")
    for _ in range(35):
        session.step(1)
    state = json.loads(json.dumps(dm.to_state()))  # as a file holds it
    assert state["mode"] == "data" and state["clock"] == "update" and state["run_steps"] == [35, 35, 35]
    other = Explorer()
    other.start()
    try:
        assert other.wait_until_ready(60_000)
        odm = other.data_mode
        odm.restore(read_state(state))
        assert not odm.active and odm.restoring  # kept for the Data mode until it is shown
        with qtbot.waitSignal(odm.restoreFinished, timeout=60_000):
            odm.enter()
        osession = other.session
        assert np.array_equal(odm.objective.data.y, dm.objective.data.y) and odm.clock == "update"
        assert [r.settings for r in osession.runs] == [r.settings for r in session.runs]
        assert [r.point for r in osession.runs] == [r.point for r in session.runs]
        # the scheduled, clipped run: as core's Trainer makes it
        s = osession.runs[0].settings
        ref = Trainer(dm.objective.data, s.optimizer, hyperparameters=s.hyperparameters, batch_size=s.batch_size,
                      epochs=s.epochs, start=s.start, seed=s.seed, keep_trace=False, schedule=s.schedule, clip=s.clip)
        ref.step(35)
        assert osession.runs[0].point == (ref.w, ref.b)
        assert odm.to_state() == state
    finally:
        other.shutdown(10_000)


@pytest.mark.parametrize("change,words", [
    ({"version": 2}, "saved by a newer gdexplorer (version 2"),
    ({"version": "1"}, "no readable version"),
    ({"mode": "both"}, "the mode is 'both'"),
    ({"clock": "day"}, "the clock is 'day'"),
    ({"source": {"kind": "sql"}}, "kind is 'sql'"),
    ({"source": {"kind": "csv"}}, "needs the file's path"),
    ({"source": {"n": 1}}, "n = 1 and seed = 0 must be whole numbers"),
    ({"source": {"noise": -1}}, "noise = -1.0 must be finite (noise >= 0)"),
    ({"x_range": [3, 1]}, "the range 3 to 1 is not an interval"),
    ({"runs": []}, "has no runs"),
    ({"runs": [{"optimizer": "nope"}]}, "unknown optimizer 'nope'"),
    ({"runs": [{"optimizer": "gd", "batch_size": 0}]}, "batch size is 0"),
    ({"run_steps": [-4]}, "step count is negative"),
    ({"y_range": None}, "could not be read"),
    # hand-edited numbers Python's json reads: Infinity, a 400-digit integer, an endless restore
    ({"selected": float("inf")}, "could not be read"),
    ({"run_steps": [float("inf")]}, "could not be read"),
    ({"run_steps": [10**400]}, "step count is over 10000000"),
    ({"x_range": [-(10**400), 1]}, "could not be read"),
    ({"runs": [{"optimizer": "gd", "start": [10**400, 0]}]}, "could not be read"),
    ({"runs": [{"optimizer": "gd", "hyperparameters": {"lr": 10**400}}]}, "could not be read"),
    ({"runs": [{"optimizer": "gd", "epochs": 10**9}]}, "epochs are 1000000000"),
    ({"source": {"kind": "synthetic", "noise": 10**400}}, "could not be read"),
])
def test_a_bad_data_state_is_refused_saying_why(change, words):
    from gdexplorer.app.data_mode import DataStateError, read_state

    state = {"version": 1, "mode": "data", "source": {"kind": "synthetic"}, "x_range": [-1, 1], "y_range": [-1, 1],
             "runs": [{"optimizer": "gd"}], "run_steps": [0]}
    with pytest.raises(DataStateError) as info:
        read_state({**state, **change})
    assert words in str(info.value)
