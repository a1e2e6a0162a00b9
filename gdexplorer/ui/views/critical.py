"""Critical points on the views (issue 10.4): where ∇f = 0 in the landscape's range, found by
:func:`gdexplorer.core.critical.critical_points` in a worker (``explorer.jobs``, kind "critical") and
drawn on the 2-D map, the 1-D curve and the 3-D surface with one symbol per kind:
▼ minimum, ▲ maximum, ✕ saddle, ◆ degenerate, light grey with a dark outline.

:class:`CriticalPointsOverlay` is the controller: it puts a "critical points" check box (off by
default, so the window's first start computes nothing) with a progress bar and Cancel into the map
dock's bar, asks for the points whenever a landscape arrives while the box is ticked, clears them
on a new landscape, and draws a result only if it belongs to the landscape shown (the job runner
already drops cancelled and superseded jobs). The views draw through their own small methods:
``RunsPlot.set_critical_points`` and ``SurfaceView3D.set_critical_points``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QProgressBar, QToolButton, QWidget

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.core.critical import CriticalPoint, critical_points

JOB_KIND = "critical"
KINDS = ("minimum", "maximum", "saddle", "degenerate")
#: pyqtgraph's symbols: "t" is a triangle pointing down, "t1" one pointing up
SYMBOLS = {"minimum": "t", "maximum": "t1", "saddle": "x", "degenerate": "d"}
GLYPHS = {"minimum": "▼", "maximum": "▲", "saddle": "✕", "degenerate": "◆"}
SHORT = {"minimum": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "min"),
         "maximum": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "max"),
         "saddle": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "saddle"),
         "degenerate": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "degenerate")}
#: a point's kind (core.critical.KINDS, and "undefined" for the Hessian panel) as the window names it
KIND_NAMES = {"minimum": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "minimum"),
              "maximum": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "maximum"),
              "saddle": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "saddle"),
              "degenerate": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "degenerate"),
              "undefined": QT_TRANSLATE_NOOP("CriticalPointsOverlay", "undefined")}
LEGEND = "critical points: " + " ".join(f"{GLYPHS[k]} {SHORT[k]}" for k in KINDS)  # as legend() says it in English
FILL = (236, 239, 244)  # neutral: no run colour, readable on every height colour with the outline
OUTLINE = (12, 12, 14)
SIZE = 14
TOGGLE_TIP = QT_TRANSLATE_NOOP("CriticalPointsOverlay",
                               "Mark where ∇f = 0 in the view: ▼ minimum, ▲ maximum, ✕ saddle, ◆ degenerate\n"
                               "(Newton's method on ∇f from a grid of seeds, classified by the Hessian's eigenvalues)")
BUSY_DELAY_MS = 150  # the progress bar and Cancel show only for a search that takes longer than this


def kind_name(kind: str) -> str:
    """A critical point's kind in the interface's language ("minimum" in English)."""
    return translate("CriticalPointsOverlay", KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def legend() -> str:
    """The map bar's legend of the symbols (:data:`LEGEND` in English)."""
    return translate("CriticalPointsOverlay", "critical points: {symbols}").format(
        symbols=" ".join(f"{GLYPHS[k]} {translate('CriticalPointsOverlay', SHORT[k])}" for k in KINDS))


def toggle_tip() -> str:
    return translate("CriticalPointsOverlay", TOGGLE_TIP)


def critical_scatter(size: int = SIZE) -> pg.ScatterPlotItem:
    """The critical points on a pyqtgraph plot: over the minima's stars, under the runs' heads."""
    item = pg.ScatterPlotItem(size=size, pen=pg.mkPen(OUTLINE, width=1.6), brush=pg.mkBrush(*FILL))
    item.setZValue(17)
    return item


def critical_spots(points: Sequence[CriticalPoint], place: Callable[[float, float, float], tuple[float, float]]) -> list[dict]:
    """pyqtgraph spots for ``points``, each at ``place(x, y, f)`` (the map: (x, y); the curve: (x, f))."""
    return [{"pos": place(p.x, p.y, p.f), "symbol": SYMBOLS[p.kind], "data": p.kind} for p in points]


def counts(points: Sequence[CriticalPoint]) -> dict[str, int]:
    return {k: sum(p.kind == k for p in points) for k in KINDS}


class CriticalControls(QWidget):
    """The check box, and while a search runs a progress bar and Cancel (shown after a short delay)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.toggle = QCheckBox(translate("CriticalPointsOverlay", "critical points"))
        self.toggle.setObjectName("critical_toggle")
        self.toggle.setToolTip(toggle_tip())
        self.progress = QProgressBar()
        self.progress.setObjectName("critical_progress")
        self.progress.setRange(0, 100)  # the share of Newton seeds that have settled
        self.progress.setMaximumWidth(70)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setObjectName("critical_cancel")
        self.cancel.setText(translate("CriticalPointsOverlay", "Cancel"))
        self.cancel.setToolTip(translate("CriticalPointsOverlay", "Stop looking for critical points"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.toggle)
        row.addWidget(self.progress)
        row.addWidget(self.cancel)
        self.show_busy(False)

    def show_busy(self, busy: bool) -> None:
        if busy and not self.progress.isVisible():
            self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.cancel.setVisible(busy)


def add_to_bar(bar, widget: QWidget) -> None:
    """Put ``widget`` among a ViewBar's controls, before Reset view."""
    bar.row.insertWidget(bar.row.indexOf(bar.reset_button), widget)
    bar.controls.insert(len(bar.controls) - 1, widget)
    widget.show()  # now, not when the layout gets round to it (a visible bar)
    bar.set_legend(bar.legend.full_text)  # re-wrap with the wider controls


class CriticalPointsOverlay(QObject):
    """The critical points of the current landscape on ``map_view``'s pages (and ``surface_view``'s
    3-D surface), switched by the check box it adds to the map dock's bar.

    ``points`` is the list drawn (empty when off, while searching, or for another landscape);
    :meth:`attach` makes one per map view (the window's, or a test's)."""

    def __init__(self, explorer, map_view, surface_view=None, parent: QObject | None = None):
        super().__init__(parent if parent is not None else map_view)
        self.explorer = explorer
        self.session = explorer.session
        self.jobs = explorer.jobs
        self.map_view = map_view
        self.surface_view = surface_view
        self.points: list[CriticalPoint] = []
        self.landscape = None  # the landscape ``points`` belong to
        self.status = "off"  # off | searching | shown | failed
        self.controls = CriticalControls()
        self.toggle = self.controls.toggle
        add_to_bar(map_view.bar, self.controls)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.controls.show_busy(self.jobs.running(JOB_KIND)))
        self.toggle.toggled.connect(self._on_toggled)
        self.controls.cancel.clicked.connect(self.cancel)
        self.session.landscapeChanged.connect(self._on_landscape)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.cancelled.connect(self._on_cancelled)
        self.jobs.progress.connect(self._on_progress)
        map_view.critical_overlay = self

    @classmethod
    def attach(cls, explorer, map_view, surface_view=None) -> "CriticalPointsOverlay":
        """The overlay of ``map_view``: the one it has, else a new one."""
        existing = getattr(map_view, "critical_overlay", None)
        return existing if existing is not None else cls(explorer, map_view, surface_view)

    @property
    def enabled(self) -> bool:
        return self.toggle.isChecked()

    # -- requests -------------------------------------------------------------------------------
    def _on_toggled(self, on: bool) -> None:
        if on:
            self.request()
        else:
            self.jobs.cancel(JOB_KIND)
            self._draw([], None)
            self.status = "off"

    def _on_landscape(self) -> None:
        self._draw([], None)  # the old points belong to the old landscape
        if self.enabled:
            self.request()

    def request(self) -> None:
        """Look for the critical points of the landscape shown, in a worker."""
        land = self.session.landscape
        if land is None or not hasattr(land.objective, "expr"):  # the Data mode's loss: no expression to search
            return
        expr = land.objective.expr
        x_range = land.x_range
        y_range = land.y_range if land.dim == 2 else None

        def job(progress):  # (translate is thread-safe: the progress texts are made here, in the worker)
            progress(0.0, translate("CriticalPointsOverlay", "finding critical points…"))
            found = critical_points(expr, x_range, y_range,  # Cancel stops it between iterations
                                    progress=lambda fraction, text: progress(fraction, tr_message(text)))
            # raises Cancelled if it went stale meanwhile
            progress(1.0, translate("CriticalPointsOverlay", "{count} critical points").format(count=len(found)))
            return land, found

        self.status = "searching"
        self._set_legend(translate("CriticalPointsOverlay", "critical points: searching…"))
        self.jobs.submit(JOB_KIND, job)
        self._busy_timer.start()

    def cancel(self) -> None:
        self.jobs.cancel(JOB_KIND)

    def _on_progress(self, kind: str, fraction: float, text: str) -> None:
        if kind == JOB_KIND:
            self.controls.progress.setValue(int(round(100 * fraction)))
            self.controls.progress.setToolTip(text)

    # -- results --------------------------------------------------------------------------------
    def _on_finished(self, kind: str, result) -> None:
        if kind != JOB_KIND:
            return
        self._idle()
        land, found = result
        if land is not self.session.landscape or not self.enabled:
            return  # stale: never drawn
        self.status = "shown"
        self._draw(found, land)

    def _on_failed(self, kind: str, message: str) -> None:
        if kind != JOB_KIND:
            return
        self._idle()
        self.status = "failed"
        self._set_legend(translate("CriticalPointsOverlay", "critical points: the search failed"))
        self.toggle.setToolTip(message.splitlines()[0] if message
                               else translate("CriticalPointsOverlay", "the search failed"))

    def _on_cancelled(self, kind: str) -> None:
        if kind != JOB_KIND or self.jobs.running(JOB_KIND):
            return  # superseded by a newer search: that one is running
        self._idle()
        if self.status == "searching":
            self.status = "cancelled"
            self._set_legend(translate("CriticalPointsOverlay",
                                       "critical points: cancelled (untick and tick to search again)"))

    def _idle(self) -> None:
        self._busy_timer.stop()
        self.controls.show_busy(False)
        self.controls.progress.setToolTip("")

    # -- drawing --------------------------------------------------------------------------------
    def _draw(self, points: list[CriticalPoint], land) -> None:
        self.points = list(points)
        self.landscape = land
        dim = land.dim if land is not None else None
        self.map_view.map_2d.set_critical_points(self.points if dim == 2 else [])
        self.map_view.curve_1d.set_critical_points(self.points if dim == 1 else [])
        if self.surface_view is not None:
            self.surface_view.surface_3d.set_critical_points(self.points if dim == 2 else [])
        self.toggle.setToolTip(toggle_tip())
        if land is None:
            self._set_legend(None)
        elif not self.points:
            self._set_legend(translate("CriticalPointsOverlay", "critical points: none in view"))
        else:
            n = counts(self.points)
            found = translate("CriticalPointsOverlay", ", ", "a list's separator").join(
                f"{n[k]} {GLYPHS[k]} {kind_name(k)}" for k in KINDS if n[k])
            self.toggle.setToolTip(toggle_tip() + "\n" + translate("CriticalPointsOverlay", "In view: {points}").format(
                points=found))
            self._set_legend(legend())

    def _set_legend(self, text: str | None) -> None:
        """The map bar's legend: the page's own, then ``text`` (None: the page's own alone)."""
        land = self.session.landscape
        for page in (self.map_view.map_2d, self.map_view.curve_1d):
            page.critical_legend = text or ""
        if land is not None:
            self.map_view.bar.set_legend(self.map_view.pages[land.dim].legend_text(land))


def glyph_positions(points: Sequence[CriticalPoint], to_scene: Callable) -> np.ndarray:
    """Scene positions (n, 3) of 2-D critical points through a 3-D view's data→scene mapping."""
    if not points:
        return np.zeros((0, 3))
    xs, ys, fs = (np.array([getattr(p, a) for p in points], dtype=float) for a in ("x", "y", "f"))
    return np.asarray(to_scene(xs, ys, fs), dtype=float).reshape(-1, 3)
