"""Fixtures for the explorer window tests: a real window on Xvfb (real OpenGL), fresh settings."""
from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from gdexplorer.app.explorer import Explorer
from gdexplorer.ui.main_window import MainWindow

# Every window's GL view must share one context family: pyqtgraph keeps compiled shader programs
# on the item classes, and they would be invalid in a later window's unrelated context.
QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)

READY_TIMEOUT_MS = 60_000  # the first window of the session loads the numba kernels


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Before pytest-qt closes the test's widgets: forget those Qt has deleted already (View →
    Language remakes the window and deletes the old one)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    # the deletions a remake asked for (deleteLater) happen now, not in pytest-qt's own event processing
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    widgets = getattr(item, "qt_widgets", None)
    if widgets:
        item.qt_widgets = [(ref, close) for ref, close in widgets if ref() is None or shiboken6.isValid(ref())]
    return (yield)


@pytest.fixture(autouse=True)
def own_autosave_dir(tmp_path, monkeypatch):
    """Each test's windows autosave into its own folder: never the user's, never another test's."""
    monkeypatch.setenv("GDEXPLORER_STATE_DIR", str(tmp_path / "state"))
    # the interface in English whatever this machine's locale (tests/ui/test_i18n.py installs zh_CN)
    monkeypatch.setenv("GDEXPLORER_LANGUAGE", "en")


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
    yield from _ready_window(qtbot, settings)


@pytest.fixture
def chinese():
    """The interface in Chinese (zh_CN) for the widgets made during the test; English again after."""
    from gdexplorer.app import i18n

    assert i18n.install("zh_CN") == "zh_CN", "no compiled zh_CN translations (scripts/translations.py release)"
    yield
    i18n.install(i18n.ENGLISH)


@pytest.fixture
def zh_window(qtbot, settings, chinese):
    """A window made in Chinese (zh_CN), ready; the interface is English again after the test."""
    yield from _ready_window(qtbot, settings)


def _ready_window(qtbot, settings):
    """A shown window with its first landscape (both fixtures above); its explorer is shut down after."""
    win = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    wait_for_landscape(qtbot, win)
    yield win
    if shiboken6.isValid(win.explorer):  # (View > Language deletes a window with its explorer)
        win.explorer.shutdown(10_000)
