"""The app layer runs without widgets (issue 9.3): importing it, building an explorer and taking
steps loads no QtWidgets, QtGui, pyqtgraph or OpenGL, on a QCoreApplication with no display."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from gdexplorer.app.explorer import Explorer
    import gdexplorer.app.compute, gdexplorer.app.demo, gdexplorer.app.player, gdexplorer.app.runs, gdexplorer.app.session

    explorer = Explorer()
    explorer.start()
    assert explorer.wait_until_ready(120_000), explorer.session.error
    assert explorer.player.step(5) == 5
    explorer.shutdown()
    loaded = [m for m in ("PySide6.QtWidgets", "PySide6.QtGui", "pyqtgraph", "OpenGL", "superqt") if m in sys.modules]
    assert not loaded, loaded
    print("headless ok", explorer.session.runs[0].steps_taken)
""")


def test_the_app_layer_imports_and_runs_without_widgets():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=240, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "headless ok 5"
