"""The Runs panel: the legend of racing runs (colour, visibility, optimizer, steps, f, status),
with add, duplicate, remove and "compare all optimizers"."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)
from superqt.utils import signals_blocked

from gdexplorer.app.i18n import tr_message, tr_registry, translate
from gdexplorer.app.session import Session
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled

COLUMNS = (QT_TRANSLATE_NOOP("RunsPanel", "run"), QT_TRANSLATE_NOOP("RunsPanel", "steps"), "f(θ)",
           QT_TRANSLATE_NOOP("RunsPanel", "status"))
#: status text colours, readable on the table's white background
STATUS_OK, STATUS_BAD, STATUS_OFF_MAP = "#1e7b34", "#c62828", "#a35200"
COMPARE_TIP = QT_TRANSLATE_NOOP(
    "RunsPanel",
    "Race every optimizer: adds one run per optimizer after your runs, all from the selected run's "
    "start, each at the preset's learning rate for it (its default off a preset).\n"
    "Your runs are kept as they are; an optimizer already run with the same settings is not added "
    "twice. All runs restart together."
)
#: a run's status (the descent's word, or "error") as the table and the inspector say it
STATUS_WORDS = {
    "ok": QT_TRANSLATE_NOOP("RunStatus", "ok"),
    "diverged": QT_TRANSLATE_NOOP("RunStatus", "diverged"),
    "singular": QT_TRANSLATE_NOOP("RunStatus", "singular"),
    "undefined": QT_TRANSLATE_NOOP("RunStatus", "undefined"),
    "converged": QT_TRANSLATE_NOOP("RunStatus", "converged"),
    "error": QT_TRANSLATE_NOOP("RunStatus", "error"),
}


def status_word(status: str) -> str:
    """A run's status word in the interface's language (a word we do not know: as it is)."""
    return translate("RunStatus", STATUS_WORDS[status]) if status in STATUS_WORDS else status


DOT_SIZE = 12  # the run's colour dot, an icon: a selected row keeps it in the run's colour


def colour_dot(colour: str, size: int = DOT_SIZE, ratio: float = 1.0) -> QIcon:
    """A filled disc of ``colour``, the same in every icon mode: an item view draws a selected row's
    icon in QIcon.Selected mode, which the style would tint with the highlight colour."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    icon = QIcon()
    for mode in (QIcon.Normal, QIcon.Selected, QIcon.Active):
        icon.addPixmap(pixmap, mode)
    return icon


class RunsTable(QTableWidget):
    """The runs table, fitted to its width: never a horizontal scroll bar. "steps" and "f(θ)" get
    what they need; the run's name and its status share the rest, each wrapping onto a second line
    (the name between the optimizer and α, the status between words) rather than being cut."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _content_width(self, column: int) -> int:
        return max(self.horizontalHeader().sectionSizeHint(column), self.sizeHintForColumn(column))

    def _narrowest(self, column: int) -> int:
        """The least width that shows every cell of ``column`` wrapped at its spaces (its longest
        word), with the check box and the dot of the name column."""
        metrics = self.fontMetrics()
        extra = self._content_width(column) - max(
            [metrics.horizontalAdvance(self.item(r, column).text()) for r in range(self.rowCount())
             if self.item(r, column) is not None] or [0])
        words = [w for r in range(self.rowCount()) if self.item(r, column) is not None
                 for w in self.item(r, column).text().split()]
        slack = 6  # the delegate's text margins and rounding: a word must never just miss its line
        return max([metrics.horizontalAdvance(w) for w in words] or [0]) + max(extra, 12) + slack

    def fit_columns(self) -> None:
        if self.columnCount() < 4:
            return
        available = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        steps, f = self._content_width(1), self._content_width(2)
        rest = max(available - steps - f, 0)
        name_full, status_full = self._content_width(0), self._content_width(3)
        name_least, status_least = self._narrowest(0), self._narrowest(3)
        # the status gets half when it needs it (at least its longest word); the name the rest (at
        # least its longest word), or its full width when there is room
        status_share = max(status_least, min(status_full, rest // 2))
        name = min(name_full, max(name_least, rest - status_share))
        widths = (name, steps, f, max(rest - name, 0))
        header = self.horizontalHeader()
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


class RunsPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.table = RunsTable(0, len(COLUMNS))
        self.table.setObjectName("runs_table")
        self.table.setHorizontalHeaderLabels([translate("RunsPanel", c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # the run's name and its status wrap onto a second line in a narrow table rather than being
        # cut or pushing a horizontal scroll bar (RunsTable.fit_columns); a long status's tooltip
        # says it all too
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideNone)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.table.setIconSize(QSize(DOT_SIZE, DOT_SIZE))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Fixed)
        header.setStretchLastSection(False)
        # rows as tall as their wrapped name and status, recomputed when a width or a text changes
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.add_button = QPushButton(translate("RunsPanel", "Add"))
        self.duplicate_button = QPushButton(translate("RunsPanel", "Duplicate"))
        self.remove_button = QPushButton(translate("RunsPanel", "Remove"))
        self.compare_button = QPushButton(translate("RunsPanel", "Compare all optimizers"))
        self.compare_button.setObjectName("compare_all")
        self.compare_button.setToolTip(translate("RunsPanel", COMPARE_TIP))
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
        self.compare_button.clicked.connect(self._compare_all)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.itemChanged.connect(self._on_item_changed)
        session.runsChanged.connect(self.rebuild)
        self.throttled_progress = Throttled(self.update_progress, TEXT_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_progress)
        session.landscapeChanged.connect(self.update_progress)  # a new range: runs on or off the map
        session.selectionChanged.connect(lambda _: self._sync_selection())
        self.rebuild()

    def rebuild(self) -> None:
        with signals_blocked(self.table):
            runs = self.session.runs
            self.table.setRowCount(len(runs))
            for row, run in enumerate(runs):
                s = run.settings
                name = QTableWidgetItem(colour_dot(s.colour, ratio=self.devicePixelRatioF()), s.label)
                name.setForeground(QColor(s.colour))
                name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
                name.setCheckState(Qt.Checked if s.visible else Qt.Unchecked)
                name.setToolTip(translate("RunsPanel", "{summary}\nstart {start}\ntick to show, untick to hide").format(
                    summary=tr_registry(s.spec.summary), start=s.start))
                self.table.setItem(row, 0, name)
                for col in range(1, len(COLUMNS)):
                    self.table.setItem(row, col, QTableWidgetItem(""))
            self.remove_button.setEnabled(len(runs) > 1)
        self.update_progress()
        self._sync_selection()

    def update_progress(self) -> None:
        with signals_blocked(self.table):
            for row, run in enumerate(self.session.runs[: self.table.rowCount()]):
                traj = run.trajectory
                steps = self.table.item(row, 1)
                f = self.table.item(row, 2)
                status = self.table.item(row, 3)
                steps.setText(str(run.steps_taken))
                f.setText("" if traj is None else f"{traj.f[-1]:.6g}")
                self._show_status(status, run)
        self.table.fit_columns()

    def _show_status(self, cell: QTableWidgetItem, run) -> None:
        """The run's status, and where it is when its last point is off the plotted range (it
        vanished from the map: say so rather than let it look like it stopped)."""
        traj = run.trajectory
        where = self.session.off_map(run)
        text, colour = status_word(run.status), STATUS_OK if run.status == "ok" else STATUS_BAD
        tips = [tr_message(run.error) if run.error else tr_message(traj.message) if traj is not None else ""]
        if where:
            text += translate("RunsPanel", " · off the map ({where})").format(where=where)
            colour = STATUS_OFF_MAP if run.status == "ok" else colour
            x_range, y_range = self.session.x_range, self.session.y_range
            view = f"x ∈ [{x_range[0]:g}, {x_range[1]:g}]" + (
                f", y ∈ [{y_range[0]:g}, {y_range[1]:g}]" if traj.dim == 2 else "")
            tips.append(translate("RunsPanel", "its last point is outside the plotted range ({view}): widen the range "
                                  "to see it").format(view=view))
        cell.setText(text)
        cell.setForeground(QColor(colour))
        cell.setToolTip("\n".join(t for t in [text] + tips if t))

    def _compare_all(self) -> None:
        kept = len(self.session.runs)
        added = self.session.compare_all_optimizers()
        message = (translate("RunsPanel", "compare all: %n run(s) added after your {kept}, which are kept as they were",
                             None, added).format(kept=kept)
                   if added else
                   translate("RunsPanel", "compare all: every optimizer already has a run with these settings"))
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 8000)

    def _sync_selection(self) -> None:
        with signals_blocked(self.table):
            self.table.selectRow(self.session.selected)

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.session.select(rows[0].row())

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            visible = item.checkState() == Qt.Checked
            if self.session.runs[item.row()].settings.visible != visible:
                self.session.update_run(item.row(), visible=visible)
