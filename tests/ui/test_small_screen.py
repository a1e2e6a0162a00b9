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


def test_stacked_dock_tabs_keep_their_whole_titles_at_1280x720(qtbot, zh_window):
    """The tabs of docks stacked together were cut to "Le…", "学…" on a small screen: their titles
    stay whole (scroll arrows when the row is too short), in Chinese too and after Reset layout."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTabBar

    window = zh_window
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.size() == QSize(1280, 720))

    def dock_tab_bars():
        return [bar for bar in window.findChildren(QTabBar) if bar.parent() is window and bar.isVisible()]

    titles = {dock.windowTitle() for dock in window.docks.values()}
    for _ in range(2):
        bars = dock_tab_bars()
        assert len(bars) >= 3
        for bar in bars:
            assert bar.elideMode() == Qt.ElideNone and bar.usesScrollButtons()
            assert {bar.tabText(i) for i in range(bar.count())} <= titles
            for i in range(bar.count()):  # each tab is as wide as its whole title
                assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(i))
        window.reset_layout()
        qtbot.wait(100)
