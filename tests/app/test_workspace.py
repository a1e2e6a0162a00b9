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
