"""The Start point panel: x and y of the selected run's start (or click/drag on the map)."""
from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QWidget

from gdexplorer.app.session import Session


def _coordinate_box(name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(f"start_{name}")
    box.setRange(-1e6, 1e6)
    box.setDecimals(4)
    box.setSingleStep(0.1)
    box.setKeyboardTracking(False)
    return box


class StartPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.x = _coordinate_box("x")
        self.y = _coordinate_box("y")
        hint = QLabel("or click / drag the crosshair on the map")
        hint.setStyleSheet("color: #9aa3b2;")
        form = QFormLayout(self)
        form.addRow("x₀", self.x)
        form.addRow("y₀", self.y)
        form.addRow(hint)
        self.x.valueChanged.connect(self._on_edit)
        self.y.valueChanged.connect(self._on_edit)
        session.runsChanged.connect(self.sync_from_session)
        session.selectionChanged.connect(lambda _: self.sync_from_session())
        session.landscapeChanged.connect(self.sync_from_session)
        self.sync_from_session()

    def sync_from_session(self) -> None:
        run = self.session.selected_run
        if run is None:
            return
        x, y = run.settings.start
        for box, value in ((self.x, x), (self.y, y)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.y.setEnabled(self.session.dim == 2)

    def _on_edit(self) -> None:
        self.session.set_start(self.x.value(), self.y.value())
