"""What the two landscape docks share: a "preparing" page until the first landscape, then the page
made for the function's dimension, with a bar below (a legend, the dock's controls, Reset view).

A page is a widget with ``show_landscape(land)``, ``update_trajectories()``, ``reset_view()``,
``legend_text(land)`` and ``clear()`` (it is hidden: let go of the landscape drawn). The dock
routes the session's signals to the page shown, so a hidden page costs nothing a frame.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

PREPARING_TEXT = "Preparing the numerical kernels and the first landscape…"


class PreparingPage(QLabel):
    """Shown until the first landscape arrives: a message, not placeholder axes (−400…400)."""

    def __init__(self, name: str, parent=None):
        super().__init__(PREPARING_TEXT, parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(f"background: {theme.MAP_BACKGROUND}; color: #d0d4dc; font-size: 15px;")


class ViewBar(QWidget):
    """The strip under a dock's view: a legend that yields its width first, the dock's controls,
    and Reset view (disabled until there is a landscape to go back to)."""

    def __init__(self, legend_name: str, reset_name: str, reset_tooltip: str, controls: Sequence[QWidget] = (),
                 legend_tooltip: bool = False, parent=None):
        super().__init__(parent)
        self.legend = QLabel()
        self.legend.setObjectName(legend_name)
        self.legend.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self._legend_tooltip = legend_tooltip
        self.reset_button = QPushButton("Reset view")
        self.reset_button.setObjectName(reset_name)
        self.reset_button.setToolTip(reset_tooltip)
        self.reset_button.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(2)  # tight, as the dock's own layout
        row.addWidget(self.legend, 1)
        if controls:
            row.addSpacing(12)
        for widget in controls:
            row.addWidget(widget)
        row.addWidget(self.reset_button)

    def set_legend(self, text: str) -> None:
        self.legend.setText(text)
        if self._legend_tooltip:  # the bar may be too narrow for all of it
            self.legend.setToolTip(text)


class LandscapeDock(QWidget):
    """A stack of pages keyed by the function's dimension (``pages[session.dim]``), behind a
    preparing page, above a :class:`ViewBar`."""

    def __init__(self, session: Session, pages: dict[int, QWidget], bar: ViewBar, preparing_name: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.pages = pages
        self.bar = bar
        self.reset_button = bar.reset_button
        self.reset_button.clicked.connect(self.reset_view)
        self.preparing = PreparingPage(preparing_name)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.preparing)
        for page in pages.values():
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.stack, 1)
        layout.addWidget(bar)

        session.landscapeChanged.connect(self.update_landscape)
        self.throttled_trajectories = Throttled(self.update_trajectories, MAP_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_trajectories)
        session.runsChanged.connect(self.update_trajectories)
        session.selectionChanged.connect(lambda _: self.update_trajectories())

    @property
    def page(self) -> QWidget:
        """The page for the function's dimension (shown once there is a landscape)."""
        return self.pages[self.session.dim]

    def update_landscape(self) -> None:
        land = self.session.landscape
        if land is None:
            return
        page = self.pages[land.dim]
        previous = self.stack.currentWidget()
        if previous is not page:
            if previous is not self.preparing:
                previous.clear()
            self.stack.setCurrentWidget(page)
        self.reset_button.setEnabled(True)
        page.show_landscape(land)
        self.bar.set_legend(page.legend_text(land))

    def update_trajectories(self) -> None:
        self.page.update_trajectories()

    def reset_view(self) -> None:
        """Back to the page's default view: the function's range, or the default camera."""
        self.page.reset_view()
