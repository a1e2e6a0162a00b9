"""The Data mode's panels (issue 11, seed 002).

* :class:`ModeSwitcher`: the top of the Function dock, a Function | Data tab bar over the Function
  panel or the Data panel;
* :class:`DataPanel`: the data the runs train on, synthetic as in seed 002 (n, true w and b, noise,
  seed) or a CSV file (read in a worker, with progress and Cancel; a malformed file's line and
  column under its field, and nothing changes), the model (linear or logistic regression), the (w, b)
  range of the map, what a Step is, and seed 002's three runs in one click;
* :class:`DataRunForm`: the selected run's batch size (all: gradient descent, 1: SGD, m:
  mini-batch) and epochs, in the Optimizer dock while the Data mode is on.

They edit the app's :class:`~gdexplorer.app.data_mode.DataMode` and session; the state lives there.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QSpinBox, QStackedWidget, QTabBar, QVBoxLayout, QWidget,
)
from superqt.utils import signals_blocked

from gdexplorer.app.data_mode import CLOCKS, DataMode, DataRunSettings
from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.core.fit import SEED_002
from gdexplorer.ui.theme import ERROR_COLOUR, mark_error, number_box

MAX_SAMPLES = 20_000_000
MAX_EPOCHS = 100_000
#: the preset's words (context "DataPanel"), translated where shown
PRESET_TEXT = QT_TRANSLATE_NOOP("DataPanel", "Seed 002: GD vs SGD vs mini-batch")
PRESET_TIP = QT_TRANSLATE_NOOP("DataPanel", "Seed 002's experiment in one click: its data (1000 samples of "
                                            "y = 3.5x + 4 + noise 0.5) and three runs at lr 0.02 for 50 epochs "
                                            "from (0, 0):\nfull-batch gradient descent (batch 1000), SGD (batch 1) "
                                            "and mini-batch SGD (batch 50)")
MODEL_LABELS = {"linear": QT_TRANSLATE_NOOP("DataPanel", "linear regression  ŷ = w·x + b"),
                "logistic": QT_TRANSLATE_NOOP("DataPanel", "logistic regression  p = σ(w·x + b)")}
_HINT_STYLE = "color: #9aa3b2;"


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setVisible(False)
    return label


def _show_error(label: QLabel, field: QWidget | None, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))
    if field is not None:
        mark_error(field, bool(message))


class CurrentPageStack(QStackedWidget):
    """A stack as large as the page it shows (QStackedWidget asks for its largest page's room: the
    Function mode's column would be laid out for the taller Data panel)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _: self.updateGeometry())

    def sizeHint(self):  # noqa: N802 (Qt's name)
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self):  # noqa: N802
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class ModeSwitcher(QWidget):
    """Function | Data tabs over the two panels' pages (each its panel, in a scroll area when the
    window wraps it so); the tab follows the mode (a menu entry may switch it)."""

    FUNCTION, DATA = 0, 1

    def __init__(self, data_mode: DataMode, function_page: QWidget, data_page: QWidget, parent=None):
        super().__init__(parent)
        self.data_mode = data_mode
        self.tabs = QTabBar()
        self.tabs.setObjectName("mode_tabs")
        self.tabs.addTab(translate("ModeSwitcher", "Function"))
        self.tabs.addTab(translate("ModeSwitcher", "Data"))
        self.tabs.setTabToolTip(self.FUNCTION, translate("ModeSwitcher", "Descend a function of x and y that you type"))
        self.tabs.setTabToolTip(self.DATA, translate("ModeSwitcher", "Train a model's (w, b) on data: full-batch "
                                                                     "GD, SGD and mini-batch SGD on the loss "
                                                                     "surface (seed 002)"))
        self.tabs.setExpanding(True)
        self.stack = CurrentPageStack()
        self.stack.addWidget(function_page)
        self.stack.addWidget(data_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs)
        layout.addWidget(self.stack, 1)
        self.tabs.currentChanged.connect(lambda index: data_mode.set_active(index == self.DATA))
        data_mode.modeChanged.connect(self.sync)
        self.sync(data_mode.active)

    def sync(self, active: bool) -> None:
        index = self.DATA if active else self.FUNCTION
        with signals_blocked(self.tabs):
            self.tabs.setCurrentIndex(index)
        self.stack.setCurrentIndex(index)


class DataPanel(QWidget):
    """What the runs train on: the data, the model, the map's (w, b) range and the race's clock."""

    csvRequested = Signal()  # "Open CSV…" was pressed (the window shows the file dialog)

    def __init__(self, data_mode: DataMode, parent=None):
        super().__init__(parent)
        self.data_mode = data_mode
        self.session = data_mode.session
        self.preset_button = QPushButton(translate("DataPanel", PRESET_TEXT))
        self.preset_button.setObjectName("seed002_preset")
        self.preset_button.setToolTip(translate("DataPanel", PRESET_TIP))
        self.model = QComboBox()
        self.model.setObjectName("data_model")
        for name, text in MODEL_LABELS.items():
            self.model.addItem(translate("DataPanel", text), name)
        self.model_error = _error_label("model_error")
        # synthetic data, seed 002's recipe
        self.n = QSpinBox()
        self.n.setObjectName("data_n")
        self.n.setRange(2, MAX_SAMPLES)
        self.n.setGroupSeparatorShown(True)
        self.true_w, self.true_b = number_box(3, 0.5, "data_w"), number_box(3, 0.5, "data_b")
        self.noise = QDoubleSpinBox()
        self.noise.setObjectName("data_noise")
        self.noise.setRange(0.0, 1e3)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.1)
        self.seed = QSpinBox()
        self.seed.setObjectName("data_seed")
        self.seed.setRange(0, 2**31 - 1)
        for box in (self.n, self.noise, self.seed):
            box.setKeyboardTracking(False)  # applied on Return or focus loss: typing 1000 must not draw 1, 10, 100
        self.synthetic_error = _error_label("synthetic_error")
        # a CSV file
        self.csv_path = QLineEdit()
        self.csv_path.setObjectName("csv_path")
        self.csv_path.setPlaceholderText(translate("DataPanel", "a CSV file with columns x,y (Return to load)"))
        self.open_button = QPushButton(translate("DataPanel", "Open CSV…"))
        self.open_button.setObjectName("open_csv")
        self.csv_error = _error_label("csv_error")
        self.progress = QProgressBar()
        self.progress.setObjectName("data_progress")
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton(translate("DataPanel", "Cancel"))
        self.cancel_button.setObjectName("data_cancel")
        self.load_status = QLabel()
        self.load_status.setObjectName("data_load_status")
        self.load_status.setWordWrap(True)
        self.load_status.setStyleSheet(_HINT_STYLE)
        self.info = QLabel()
        self.info.setObjectName("data_info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        # the map's range over (w, b)
        self.w_min, self.w_max, self.b_min, self.b_max = (number_box(2, 0.5) for _ in range(4))
        for box, name in zip((self.w_min, self.w_max, self.b_min, self.b_max), ("w_min", "w_max", "b_min", "b_max")):
            box.setObjectName(f"data_{name}")
        self.fit_button = QPushButton(translate("DataPanel", "Fit range"))
        self.fit_button.setObjectName("data_fit_range")
        self.fit_button.setToolTip(translate("DataPanel", "frame the selected run's start and the minimum of the loss"))
        self.range_error = _error_label("data_range_error")
        self.clock = QComboBox()
        self.clock.setObjectName("data_clock")
        for name, text in CLOCKS.items():
            self.clock.addItem(translate("DataPanel", "Step = {clock}").format(clock=translate("DataMode", text)), name)
        self.clock.setToolTip(translate("DataPanel", "What Step (→) and each step of Play advance, for every run: "
                                                     "one epoch (every run sees all the data once: seed 002's comparison)\n"
                                                     "or one update (one batch: GD is as far after one update as SGD "
                                                     "after one sample)"))
        self._layout()
        self._connect()
        self.sync()

    def _layout(self) -> None:
        synthetic = QFormLayout()
        synthetic.addRow(translate("DataPanel", "samples n"), self.n)
        synthetic.addRow(translate("DataPanel", "true w"), self.true_w)
        synthetic.addRow(translate("DataPanel", "true b"), self.true_b)
        self.noise_label = QLabel(translate("DataPanel", "noise σ"))
        synthetic.addRow(self.noise_label, self.noise)
        synthetic.addRow(translate("DataPanel", "seed"), self.seed)
        synthetic.addRow(self.synthetic_error)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.csv_path, 1)
        csv_row.addWidget(self.open_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        progress_row.setContentsMargins(0, 0, 0, 0)
        w_row, b_row = QHBoxLayout(), QHBoxLayout()
        for row, lo, hi in ((w_row, self.w_min, self.w_max), (b_row, self.b_min, self.b_max)):
            row.addWidget(lo)
            row.addWidget(QLabel(translate("DataPanel", "to")))
            row.addWidget(hi)
        clock_row = QHBoxLayout()
        clock_row.addWidget(self.clock, 1)
        clock_row.addWidget(self.fit_button)
        ranges = QFormLayout()
        ranges.addRow(translate("DataPanel", "w range"), w_row)
        ranges.addRow(translate("DataPanel", "b range"), b_row)
        ranges.addRow(self.range_error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preset_button)
        layout.addWidget(self._heading(translate("DataPanel", "Model")))
        layout.addWidget(self.model)
        layout.addWidget(self.model_error)
        layout.addWidget(self._heading(translate("DataPanel", "Synthetic data (seed 002: y = w·x + b + σ·noise, "
                                                              "x ~ N(0, 1))")))
        layout.addLayout(synthetic)
        layout.addWidget(self._heading(translate("DataPanel", "Or your data")))
        layout.addLayout(csv_row)
        layout.addWidget(self.csv_error)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.load_status)
        layout.addWidget(self.info)
        layout.addWidget(self._heading(translate("DataPanel", "Loss map over (w, b)")))
        layout.addLayout(ranges)
        layout.addLayout(clock_row)
        layout.addStretch(1)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        label.setWordWrap(True)
        return label

    def _connect(self) -> None:
        dm = self.data_mode
        self.preset_button.clicked.connect(dm.apply_seed_002)
        self.model.activated.connect(lambda index: dm.set_model(self.model.itemData(index)))
        for box in (self.n, self.true_w, self.true_b, self.noise, self.seed):
            box.valueChanged.connect(self._on_synthetic)
        self.csv_path.returnPressed.connect(self.load_typed_path)
        self.open_button.clicked.connect(self.csvRequested)
        self.cancel_button.clicked.connect(dm.cancel_load)
        for box in (self.w_min, self.w_max, self.b_min, self.b_max):
            box.valueChanged.connect(self._on_range)
        self.fit_button.clicked.connect(dm.fit_ranges)
        self.clock.activated.connect(lambda index: dm.set_clock(self.clock.itemData(index)))
        dm.loadStarted.connect(self._on_load_started)
        dm.loadProgress.connect(self._on_progress)
        dm.loadFinished.connect(self._on_load_finished)
        dm.loadFailed.connect(self._on_load_failed)
        dm.loadCancelled.connect(self._on_cancelled)
        dm.loadWarning.connect(self._on_load_warning)
        dm.dataChanged.connect(self.sync)
        dm.clockChanged.connect(lambda _: self.sync())
        dm.modeChanged.connect(lambda _: self.sync())
        self.session.landscapeChanged.connect(self._sync_ranges)

    # -- state -> widgets -------------------------------------------------------------------------
    def sync(self) -> None:
        dm = self.data_mode
        source = dm.source
        with signals_blocked(self.model), signals_blocked(self.clock):
            self.model.setCurrentIndex(self.model.findData(source.model))
            self.clock.setCurrentIndex(self.clock.findData(dm.clock))
        for box, value in ((self.n, source.n), (self.true_w, source.w), (self.true_b, source.b),
                           (self.noise, source.noise), (self.seed, source.seed)):
            with signals_blocked(box):
                box.setValue(value)
        logistic = source.model == "logistic"
        self.noise.setEnabled(not logistic)
        self.noise_label.setToolTip(translate("DataPanel", "logistic regression draws its labels from σ(w·x + b): no "
                                                           "noise to add") if logistic else "")
        if source.kind == "csv" and not self.csv_path.hasFocus():
            self.csv_path.setText(source.path)
        self.progress_box.setVisible(dm.loading)
        self._show_info()
        self._sync_ranges()

    def _show_info(self) -> None:
        objective = self.data_mode.objective
        if objective is None:
            self.info.setText(translate("DataPanel", "Making the data…") if self.data_mode.loading else "")
            return
        data = objective.data
        text = translate("DataPanel", "Training on <b>{name}</b>: {n} samples.").format(
            name=_html(tr_message(data.name)), n=f"{data.n:,}")
        if objective.minimum is not None:
            w, b, loss = objective.minimum
            how = translate("DataPanel", "least squares") if data.model == "linear" else translate(
                "DataPanel", "Newton on all the data")
            text += "<br>" + translate("DataPanel", "Minimum of the loss ({how}): L* = {loss:.4g} at (w*, b*) = "
                                                    "({w:.4g}, {b:.4g}).").format(how=how, loss=loss, w=w, b=b)
        elif data.model == "logistic":
            text += "<br>" + translate("DataPanel", "No minimum: the classes are separable, the loss falls forever as "
                                                    "|w| grows.")
        self.info.setText(text)

    def _sync_ranges(self) -> None:
        if not self.data_mode.active:
            return
        s = self.session
        for box, value in zip((self.w_min, self.w_max, self.b_min, self.b_max), s.x_range + s.y_range):
            with signals_blocked(box):
                box.setValue(value)
        for box in (self.w_min, self.w_max, self.b_min, self.b_max):
            mark_error(box, False)
        _show_error(self.range_error, None, "")

    # -- widgets -> state -------------------------------------------------------------------------
    def _on_synthetic(self) -> None:
        """Draw seed 002's kind of data with the fields as they are now (in a worker)."""
        self.data_mode.set_synthetic(n=int(self.n.value()), w=float(self.true_w.value()), b=float(self.true_b.value()),
                                     noise=float(self.noise.value()), seed=int(self.seed.value()))

    def load_typed_path(self) -> None:
        path = self.csv_path.text().strip()
        if not path:
            _show_error(self.csv_error, self.csv_path, translate("DataPanel", "type the path of a CSV file, or press "
                                                                              "Open CSV…"))
            return
        self.data_mode.open_csv(path)

    def open_csv_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("DataPanel", "Open data (CSV with columns x,y)"),
                                              self.csv_path.text(),
                                              translate("DataPanel", "CSV (*.csv *.txt);;All files (*)"))
        if path:
            self.csv_path.setText(path)
            self.data_mode.open_csv(path)

    def _on_range(self) -> None:
        if not self.data_mode.active:
            return
        bad = [(axis, lo, hi) for axis, lo, hi in (("w", self.w_min, self.w_max), ("b", self.b_min, self.b_max))
               if not lo.value() < hi.value()]
        for box in (self.w_min, self.w_max, self.b_min, self.b_max):
            mark_error(box, any(box in (lo, hi) for _, lo, hi in bad))
        if bad:
            s = self.session
            kept = {"w": s.x_range, "b": s.y_range}
            problems = translate("DataPanel", "; ").join(
                translate("DataPanel", "{axis} min ({low:g}) must be less than {axis} max ({high:g})").format(
                    axis=axis, low=lo.value(), high=hi.value()) for axis, lo, hi in bad)
            message = translate("DataPanel", "{problems} — the map keeps {ranges}").format(
                problems=problems, ranges=", ".join(f"{a} ∈ [{kept[a][0]:g}, {kept[a][1]:g}]" for a, _, _ in bad))
            _show_error(self.range_error, None, message)
            return
        _show_error(self.range_error, None, "")
        self.session.set_ranges((self.w_min.value(), self.w_max.value()), (self.b_min.value(), self.b_max.value()))

    # -- loading ------------------------------------------------------------------------------------
    def _on_load_started(self, what: str) -> None:
        self.progress.setValue(0)
        self.progress_box.setVisible(True)
        self.load_status.setText(translate("DataPanel", "Loading {what}…").format(what=what))
        for label, field in ((self.csv_error, self.csv_path), (self.synthetic_error, None),
                             (self.model_error, self.model)):
            _show_error(label, field, "")

    def _on_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(round(fraction * self.progress.maximum())))
        self.progress.setToolTip(text)
        self.load_status.setText(text[:1].upper() + text[1:] + "…" if text else "")

    def _on_load_finished(self) -> None:
        self.progress_box.setVisible(False)
        self.load_status.setText("")
        self.sync()

    def _on_load_failed(self, where: str, message) -> None:
        """``message``: the reason (a core message, translated here)."""
        self.progress_box.setVisible(False)
        self.load_status.setText(translate("DataPanel", "The data was not changed."))
        label, field = {"csv": (self.csv_error, self.csv_path), "model": (self.model_error, self.model)}.get(
            where, (self.synthetic_error, None))
        _show_error(label, field, tr_message(message))
        self.sync()  # the fields show the data still in use (the model box its model)
        self._show_failed_path()

    def _on_load_warning(self, where: str, message) -> None:
        """What to know of the data now in use (a workspace's CSV file changed, or missing and
        stood in for), by its field."""
        label, field = (self.csv_error, self.csv_path) if where == "csv" else (self.synthetic_error, None)
        failed = self._show_failed_path()
        _show_error(label, field if failed else None, tr_message(message))

    def _show_failed_path(self) -> bool:
        """The CSV field shows the file that could not be used (a workspace's, missing); True if any."""
        failed = self.data_mode.failed_source
        if failed is not None and not self.csv_path.hasFocus():
            self.csv_path.setText(failed.path)
        return failed is not None

    def _on_cancelled(self) -> None:
        self.progress_box.setVisible(False)
        self.load_status.setText(translate("DataPanel", "Loading cancelled: the data was not changed."))
        self.sync()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DataRunForm(QWidget):
    """The selected run's batch size and epochs (Data mode only), in the Optimizer dock."""

    BATCH_CHOICES = (("all", QT_TRANSLATE_NOOP("DataRunForm", "all (GD)")),
                     ("one", QT_TRANSLATE_NOOP("DataRunForm", "1 (SGD)")),
                     ("mini", QT_TRANSLATE_NOOP("DataRunForm", "m (mini-batch)")))

    def __init__(self, data_mode: DataMode, parent=None):
        super().__init__(parent)
        self.data_mode = data_mode
        self.session = data_mode.session
        self.batch = QComboBox()
        self.batch.setObjectName("batch_kind")
        for key, text in self.BATCH_CHOICES:
            self.batch.addItem(translate("DataRunForm", text), key)
        self.batch.setToolTip(translate("DataRunForm", "How many samples each update's gradient averages: all of them "
                                                       "(full-batch gradient descent, one update an epoch),\none "
                                                       "(SGD, n updates an epoch, noisy) or m (mini-batch, ceil(n/m) "
                                                       "updates an epoch)"))
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("batch_size")
        self.batch_size.setRange(2, MAX_SAMPLES)
        self.batch_size.setKeyboardTracking(False)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(1, MAX_EPOCHS)
        self.epochs.setKeyboardTracking(False)
        self.epochs.setToolTip(translate("DataRunForm", "passes over the data; the run stops after them"))
        self.summary = QLabel()
        self.summary.setObjectName("batch_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(_HINT_STYLE)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch, 1)
        batch_row.addWidget(self.batch_size)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(translate("DataRunForm", "batch size"), batch_row)
        form.addRow(translate("DataRunForm", "epochs"), self.epochs)
        form.addRow(self.summary)
        self.batch.activated.connect(lambda _: self._apply())
        self.batch_size.valueChanged.connect(lambda _: self._apply())
        self.epochs.valueChanged.connect(lambda v: self._update(epochs=int(v)))
        self.session.runsChanged.connect(self.sync)
        self.session.selectionChanged.connect(lambda _: self.sync())
        data_mode.dataChanged.connect(self.sync)
        data_mode.modeChanged.connect(lambda _: self.sync())
        self.sync()

    def _settings(self) -> DataRunSettings | None:
        run = self.session.selected_run
        return run.settings if run is not None and isinstance(run.settings, DataRunSettings) else None

    def sync(self) -> None:
        self.setVisible(self.data_mode.active)
        s = self._settings()
        if s is None:
            return
        key = "all" if s.batch_size is None else "one" if s.batch_size == 1 else "mini"
        with signals_blocked(self.batch), signals_blocked(self.batch_size), signals_blocked(self.epochs):
            self.batch.setCurrentIndex(self.batch.findData(key))
            if key == "mini":
                self.batch_size.setValue(s.batch_size)
            self.epochs.setValue(s.epochs)
        self.batch_size.setVisible(key == "mini")
        objective = self.data_mode.objective
        if objective is not None:
            n = objective.data.n
            m = n if s.batch_size is None else min(s.batch_size, n)
            per_epoch = -(-n // m)
            if per_epoch == 1:
                text = translate("DataRunForm", "1 update an epoch over {n} samples; {total} in {epochs} epochs")
            else:
                text = translate("DataRunForm", "{count} updates an epoch over {n} samples; {total} in {epochs} epochs")
            self.summary.setText(text.format(count=f"{per_epoch:,}", n=f"{n:,}", total=f"{per_epoch * s.epochs:,}",
                                             epochs=s.epochs))

    def _apply(self) -> None:
        key = self.batch.currentData()
        if key == "mini" and not self.batch_size.isVisible():
            default = self._settings().batch_size if self._settings() else None
            with signals_blocked(self.batch_size):
                self.batch_size.setValue(default if default not in (None, 1) else SEED_002["batch_size"])
        size = None if key == "all" else 1 if key == "one" else int(self.batch_size.value())
        self._update(batch_size=size)

    def _update(self, **changes) -> None:
        s = self._settings()
        if s is None or all(getattr(s, k) == v for k, v in changes.items()):
            return
        self.session.update_run(**changes)
