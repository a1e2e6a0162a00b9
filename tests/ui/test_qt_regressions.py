"""Regressions in the Qt binding that crash the app, not just misdraw it."""
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    stepped = Signal(int)


def test_signal_emit_keeps_the_refcount_of_true(qtbot):
    # PySide6 6.12.0 dropped a reference to True on every emit(); on Python 3.11 the interpreter
    # aborts ("bool_dealloc") after ~1000 emits: seconds of animation. pyproject excludes it.
    emitter = _Emitter()
    received = []
    emitter.stepped.connect(received.append)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for k in range(2000):
        emitter.stepped.emit(k)
    assert received == list(range(2000))
    assert abs(sys.getrefcount(True) - before_true) < 50
    assert abs(sys.getrefcount(None) - before_none) < 50


def test_application_icon_loads(qtbot):
    from PySide6.QtGui import QIcon

    from gdexplorer import gui

    path = gui.application_icon_path()  # resources/gdexplorer.png in the checkout
    assert path is not None
    icon = QIcon(path)
    assert not icon.isNull() and icon.pixmap(64, 64).width() == 64
