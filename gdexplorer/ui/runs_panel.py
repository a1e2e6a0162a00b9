"""The Runs panel: the legend of racing runs (colour, visibility, optimizer, steps, f, status),
with add, duplicate, remove and "compare all optimizers"."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from gdexplorer.app.session import Session
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled

COLUMNS = ("run", "steps", "f(θ)", "status")


class RunsPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("runs_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.add_button = QPushButton("Add")
        self.duplicate_button = QPushButton("Duplicate")
        self.remove_button = QPushButton("Remove")
        self.compare_button = QPushButton("Compare all optimizers")
        self.compare_button.setObjectName("compare_all")
        self.compare_button.setToolTip("one run per optimizer, all from the selected run's start, default settings")
        buttons = QGridLayout()
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.duplicate_button, 0, 1)
        buttons.addWidget(self.remove_button, 0, 2)
        buttons.addWidget(self.compare_button, 1, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: session.add_run())
        self.duplicate_button.clicked.connect(lambda: session.duplicate_run())
        self.remove_button.clicked.connect(lambda: session.remove_run())
        self.compare_button.clicked.connect(session.compare_all_optimizers)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.itemChanged.connect(self._on_item_changed)
        session.runsChanged.connect(self.rebuild)
        self.throttled_progress = Throttled(self.update_progress, TEXT_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_progress)
        session.selectionChanged.connect(lambda _: self._sync_selection())
        self.rebuild()

    def rebuild(self) -> None:
        self.table.blockSignals(True)
        try:
            runs = self.session.runs
            self.table.setRowCount(len(runs))
            for row, run in enumerate(runs):
                s = run.settings
                name = QTableWidgetItem(f"●  {s.label}")
                name.setForeground(QColor(s.colour))
                name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
                name.setCheckState(Qt.Checked if s.visible else Qt.Unchecked)
                name.setToolTip(f"{s.spec.summary}\nstart {s.start}\ntick to show, untick to hide")
                self.table.setItem(row, 0, name)
                for col in range(1, len(COLUMNS)):
                    self.table.setItem(row, col, QTableWidgetItem(""))
            self.remove_button.setEnabled(len(runs) > 1)
        finally:
            self.table.blockSignals(False)
        self.update_progress()
        self._sync_selection()

    def update_progress(self) -> None:
        self.table.blockSignals(True)
        try:
            for row, run in enumerate(self.session.runs[: self.table.rowCount()]):
                traj = run.trajectory
                steps = self.table.item(row, 1)
                f = self.table.item(row, 2)
                status = self.table.item(row, 3)
                steps.setText(str(run.steps_taken))
                f.setText("" if traj is None else f"{traj.f[-1]:.6g}")
                status.setText(run.status)
                bad = run.status not in ("ok",)
                status.setForeground(QColor("#ff6b6b" if bad else "#8fd694"))
                status.setToolTip(run.error or (traj.message if traj is not None else ""))
        finally:
            self.table.blockSignals(False)

    def _sync_selection(self) -> None:
        self.table.blockSignals(True)
        self.table.selectRow(self.session.selected)
        self.table.blockSignals(False)

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.session.select(rows[0].row())

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            visible = item.checkState() == Qt.Checked
            if self.session.runs[item.row()].settings.visible != visible:
                self.session.update_run(item.row(), visible=visible)
