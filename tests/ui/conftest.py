"""Fixtures for the explorer window tests: a real window on Xvfb (real OpenGL), fresh settings."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from gdexplorer.app.explorer import Explorer
from gdexplorer.ui.main_window import MainWindow

# Every window's GL view must share one context family: pyqtgraph keeps compiled shader programs
# on the item classes, and they would be invalid in a later window's unrelated context.
QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)

READY_TIMEOUT_MS = 60_000  # the first window of the session loads the numba kernels


@pytest.fixture(autouse=True)
def own_autosave_dir(tmp_path, monkeypatch):
    """Each test's windows autosave into its own folder: never the user's, never another test's."""
    monkeypatch.setenv("GDEXPLORER_STATE_DIR", str(tmp_path / "state"))


def wait_for_landscape(qtbot, window, text: str | None = None) -> None:
    session = window.session

    def ready():
        assert session.landscape is not None and not session.compute.busy
        if text is not None:
            assert session.objective.source == text

    qtbot.waitUntil(ready, timeout=READY_TIMEOUT_MS)


@pytest.fixture
def wait_landscape(qtbot):
    return lambda window, text=None: wait_for_landscape(qtbot, window, text)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "gdexplorer.ini"), QSettings.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    wait_for_landscape(qtbot, win)
    yield win
    win.explorer.shutdown(10_000)
