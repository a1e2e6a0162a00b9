"""The app layer's tests run on a QCoreApplication: no widgets, no OpenGL, no display.

pytest-qt's ``qapp`` makes a QApplication; here its class is QCoreApplication, unless widget tests
are collected into the same process (one application per process, and theirs must be a
QApplication). `pytest tests/app` alone runs without any; test_headless.py proves that in a
subprocess that imports the app layer without QtWidgets.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from gdexplorer.app.explorer import Explorer

HERE = Path(__file__).parent
READY_TIMEOUT_MS = 60_000  # the first explorer of the run loads the numba kernels


@pytest.fixture(scope="session")
def qapp_cls(request):
    if QCoreApplication.instance() is not None:
        return type(QCoreApplication.instance())
    if all(HERE in Path(str(item.path)).parents for item in request.session.items):
        return QCoreApplication
    from PySide6.QtWidgets import QApplication  # widget tests share this process: theirs it must be

    return QApplication


@pytest.fixture
def explorer(qtbot):
    """A started explorer on the default preset, its first landscape in place."""
    app = Explorer()
    app.start()
    assert app.wait_until_ready(READY_TIMEOUT_MS)
    yield app
    app.shutdown(10_000)


@pytest.fixture
def session(explorer):
    return explorer.session
