"""Small screens (1280×720): controls a tour found squeezed stay usable."""
from __future__ import annotations

from PySide6.QtCore import QSize

from gdexplorer.ui.main_window import MainWindow
from gdexplorer.app.explorer import Explorer


def test_the_arrow_density_slider_keeps_a_draggable_width_at_1280x720(qtbot, settings, wait_landscape):
    window = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    wait_landscape(window)
    slider = window.map_view.arrow_density
    qtbot.waitUntil(lambda: window.size() == QSize(1280, 720) and slider.isVisible())
    assert slider.width() >= 60  # it was squeezed to its 14-px handle: no room to drag
    window.explorer.shutdown(10_000)
