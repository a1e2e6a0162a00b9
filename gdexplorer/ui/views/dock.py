"""What the two landscape docks share: a "preparing" page until the first landscape, then the page
made for the function's dimension, with a bar below (a legend, the dock's controls, Reset view).

A page is a widget with ``show_landscape(land)``, ``update_trajectories()``, ``reset_view()``,
``legend_text(land)`` and ``clear()`` (it is hidden: let go of the landscape drawn). The dock
routes the session's signals to the page shown, so a hidden page costs nothing a frame.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

#: where a text in Chinese may be cut besides its spaces: after a CJK character or full-width sign
_CJK_BREAK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PREPARING_TEXT = QT_TRANSLATE_NOOP("PreparingPage", "Preparing the numerical kernels and the first landscape…")


class PreparingPage(QLabel):
    """Shown until the first landscape arrives: a message, not placeholder axes (−400…400)."""

    def __init__(self, name: str, parent=None):
        super().__init__(translate("PreparingPage", PREPARING_TEXT), parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(f"background: {theme.MAP_BACKGROUND}; color: #d0d4dc; font-size: 15px;")


class ElidedLabel(QLabel):
    """A one-line label that shows as many whole words of its text as fit, then "…" (never half a
    symbol such as "−∇f"), with the whole text in its tooltip. ``text()`` is what is shown;
    ``full_text`` the whole of it."""

    ELLIPSIS = "…"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setMinimumWidth(0)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        metrics = self.fontMetrics()
        shown = self.full_text
        if metrics.horizontalAdvance(shown) > room and _CJK_BREAK.search(self.full_text):
            shown = self._elide_cjk(room)
        elif metrics.horizontalAdvance(shown) > room:
            words = self.full_text.split(" ")
            while words:
                words.pop()
                shown = " ".join(words).rstrip(",;:·") + self.ELLIPSIS
                if metrics.horizontalAdvance(shown) <= room:
                    break
            else:
                shown = ""
        if shown != self.text():
            self.setText(shown)

    def _elide_cjk(self, room: int) -> str:
        """As many whole words and whole CJK characters as fit (Chinese has no spaces between
        words), then "…"; "" when not even the first fits."""
        text, metrics = self.full_text, self.fontMetrics()
        cuts = sorted({m.end() for m in _CJK_BREAK.finditer(text)} | {i for i, c in enumerate(text) if c == " "},
                      reverse=True)
        for cut in cuts:
            shown = text[:cut].rstrip().rstrip(",;:·，；：、（(") + self.ELLIPSIS
            if cut < len(text) and metrics.horizontalAdvance(shown) <= room:
                return shown
        return ""


class ViewBar(QWidget):
    """The strip under a dock's view: a legend that yields its width first, the dock's controls,
    and Reset view (disabled until there is a landscape to go back to)."""

    def __init__(self, legend_name: str, reset_name: str, reset_tooltip: str, controls: Sequence[QWidget] = (),
                 parent=None):
        super().__init__(parent)
        self.legend = ElidedLabel()
        self.legend.setObjectName(legend_name)
        self.reset_button = QPushButton(translate("ViewBar", "Reset view"))
        self.reset_button.setObjectName(reset_name)
        self.reset_button.setToolTip(reset_tooltip)
        self.reset_button.setEnabled(False)
        self.controls = [*controls, self.reset_button]
        self.legend_row = QHBoxLayout()  # the legend when the bar is too narrow for it beside the controls
        self.legend_row.setContentsMargins(0, 0, 0, 0)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(2)  # tight, as the dock's own layout
        self.row.addWidget(self.legend, 1)
        if controls:
            self.row.addSpacing(12)
        for widget in self.controls:
            self.row.addWidget(widget)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 0, 4, 0)
        column.setSpacing(0)
        column.addLayout(self.legend_row)
        column.addLayout(self.row)
        self.wrapped = False  # the legend on a line of its own, above the controls

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._wrap()

    def _wrap(self) -> None:
        """The legend beside the controls when all of it fits there, else on a line above them
        (where it is elided at a word if even that is too narrow)."""
        beside = sum(w.sizeHint().width() + 2 for w in self.controls) + (12 if len(self.controls) > 1 else 0)
        room = self.width() - 8 - beside
        wrap = bool(self.legend.full_text) and self.legend.fontMetrics().horizontalAdvance(self.legend.full_text) > room
        if wrap == self.wrapped:
            return
        self.wrapped = wrap
        if wrap:
            self.row.removeWidget(self.legend)
            self.row.insertStretch(0, 1)
            self.legend_row.addWidget(self.legend, 1)
        else:
            self.legend_row.removeWidget(self.legend)
            self.row.takeAt(0)  # the stretch
            self.row.insertWidget(0, self.legend, 1)

    def set_legend(self, text: str) -> None:
        """The legend, above the controls or elided at a word when the bar is too narrow for all
        of it beside them (whole in its tooltip)."""
        self.legend.set_full_text(text)
        self._wrap()


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
