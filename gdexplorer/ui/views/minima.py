"""How a preset's known minima are marked: a white star (or point) labelled with f there."""
from __future__ import annotations

import pyqtgraph as pg

from gdexplorer.app.i18n import translate
from gdexplorer.ui import theme


def minimum_label(f: float, scale_span: float, lowest: bool = True, name: str = "f") -> str:
    """'f* = value' for a minimum lowest in view (``Landscape.global_minima``), 'local min f = value'
    for the others, with the value as computed; a rounding residue (1e-11 at a minimum of 0 given to
    six decimals) reads as the 0 it is at the landscape's scale. ``name``: what the height is
    called (L for the Data mode's loss)."""
    value = 0.0 if abs(f) < 1e-9 * max(scale_span, 1.0) else f
    if lowest:
        return f"{name}* = {value:.4g}"
    return translate("Minima", "local min {name} = {value}").format(name=name, value=f"{value:.4g}")


def height_name(land) -> str:
    """What a landscape's height is called: L for the Data mode's loss L(w, b), else f."""
    return "L" if tuple(land.objective.variables) == ("w", "b") else "f"


def minimum_stars(size: int) -> pg.ScatterPlotItem:
    """Stars for the known minima on a pyqtgraph plot, over the paths and under the runs' heads."""
    stars = pg.ScatterPlotItem(symbol="star", size=size, pen=pg.mkPen(theme.MINIMUM_MARKER, width=1.5),
                               brush=pg.mkBrush(255, 255, 255, 70))
    stars.setZValue(15)
    return stars
