"""The Start point panel: x and y of the selected run's start (or click/drag on the map)."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget
from superqt.utils import signals_blocked

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.ui.theme import number_box


class StartPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.x = number_box(4, 0.1, "start_x")
        self.y = number_box(4, 0.1, "start_y")
        hint = QLabel(translate("StartPanel", "or click / drag the crosshair on the map"))
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
            with signals_blocked(box):
                box.setValue(value)
        self.y.setEnabled(self.session.dim == 2)

    def _on_edit(self) -> None:
        self.session.set_start(self.x.value(), self.y.value())
