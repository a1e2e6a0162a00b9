"""The 1-D view of f(x): the curve with the runs walking on it (the pictures of seed 004); where f
is undefined a gap in the curve and a grey hatched band, as on the 2-D map, under the runs of
:class:`~gdexplorer.ui.views.runs_plot.RunsPlot`."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.scene.landscape import Landscape, exit_point
from gdexplorer.ui import theme
from gdexplorer.ui.views.runs_plot import RunsPlot

F_PADDING = 0.08  # of f's span, above and below the curve
HATCH_ROWS = 64  # the band's hatch pattern: rows of the image stretched over the view's height


class CurveView(RunsPlot):
    def __init__(self, session: Session, parent=None):
        super().__init__(session, "curve_plot", "f(x)", parent)
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(theme.FUNCTION_CURVE, width=2.5), connect="finite")
        self.curve.setZValue(1)  # over the gradient arrows that sit on it
        self.plot.getPlotItem().addItem(self.curve)
        self.undefined_band = pg.ImageItem()  # grey hatching over the x where f is undefined
        self.undefined_band.setZValue(-9)
        self.plot.getPlotItem().addItem(self.undefined_band)
        self.landscape_layers += [self.curve, self.undefined_band]

    def draw_landscape(self, land: Landscape) -> tuple[float, float]:
        self.curve.setData(land.xs, np.where(np.isfinite(land.f), land.f, np.nan))  # gaps where undefined
        finite = land.f[np.isfinite(land.f)]
        fmin, fmax = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
        pad = F_PADDING * (fmax - fmin or 1.0)
        low, high = float(fmin - pad), float(fmax + pad)
        self.undefined_band.setVisible(land.has_undefined)
        if land.has_undefined:
            # one column per sample of x (cell k spans the half-way points around xs[k]), stretched
            # over the whole height: the band reads "nothing here", not a value
            columns = np.repeat(land.undefined[None, :], HATCH_ROWS, axis=0)
            self.undefined_band.setImage(theme.undefined_hatch(columns, 1), autoLevels=False)
            dx = (land.x_range[1] - land.x_range[0]) / max(land.xs.size - 1, 1)
            self.undefined_band.setRect(land.x_range[0] - dx / 2, low, land.x_range[1] - land.x_range[0] + dx, high - low)
        return low, high

    def legend_text(self, land: Landscape) -> str:
        text = super().legend_text(land)
        return text + (translate("CurveView", "; hatched: f undefined (NaN)") if land.has_undefined else "")

    def path_ys(self, traj) -> np.ndarray:
        return traj.f

    def minimum_point(self, x: float, y: float, f: float) -> tuple[float, float]:
        return x, f

    def exit_of(self, traj, land: Landscape):
        """The border is x's; the arrow stays on screen at the height the run left at."""
        last = np.column_stack([traj.points[-2:, 0], traj.f[-2:]])
        out = exit_point(last, land.x_range, (-np.inf, np.inf))
        if out is None:
            return None
        x, y, _ = out
        angle = 0.0 if x >= land.x_range[1] else 180.0
        y = float(np.clip(y, *self._y_range)) if np.isfinite(y) else self._y_range[1 if y > 0 else 0]
        return x, y, angle

    def start_point(self, run) -> tuple[float, float]:
        traj = run.trajectory
        return run.settings.start[0], float(traj.f[0]) if traj is not None else 0.0

    def set_start_at(self, x: float, y: float) -> None:
        self.session.set_start(x, 0.0)
