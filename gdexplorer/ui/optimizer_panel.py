"""The Optimizer panel: the choice, the learning rate (log slider + exact field) and a form for the
optimizer's hyperparameters, all built from the optimizer registry. Edits apply to the selected run."""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSlider, QVBoxLayout,
    QWidget,
)

from gdexplorer.app.session import Session
from gdexplorer.core.optimizers import OPTIMIZERS, Hyperparameter

LR_LOG_MIN, LR_LOG_MAX, TICKS_PER_DECADE = -5.0, 1.0, 100
_BAD = "QLineEdit { border: 1px solid #ff6b6b; }"


class OptimizerPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("optimizer")
        for spec in OPTIMIZERS.values():
            self.optimizer.addItem(spec.label, spec.name)
            self.optimizer.setItemData(self.optimizer.count() - 1, f"{spec.summary}\n{spec.formula}", Qt.ToolTipRole)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet("color: #9aa3b2;")
        self.lr_slider = QSlider(Qt.Horizontal)
        self.lr_slider.setObjectName("lr_slider")
        self.lr_slider.setRange(0, int((LR_LOG_MAX - LR_LOG_MIN) * TICKS_PER_DECADE))
        self.lr_slider.setToolTip("learning rate α on a log scale, 1e-5 … 10")
        self.lr_field = QLineEdit()
        self.lr_field.setObjectName("lr_field")
        self.lr_field.setMaximumWidth(100)
        self.lr_field.setToolTip("the exact learning rate α")
        lr_row = QHBoxLayout()
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_field)
        self.noise = QDoubleSpinBox()
        self.noise.setObjectName("noise")
        self.noise.setRange(0.0, 1e3)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.1)
        self.noise.setKeyboardTracking(False)
        self.noise.setToolTip("σ of the Gaussian noise added to the gradient: g + σξ, ξ ~ N(0, I)")
        self.noise_label = QLabel("noise σ")
        self.error = QLabel()
        self.error.setStyleSheet("color: #ff6b6b;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        top = QFormLayout()
        top.addRow("optimizer", self.optimizer)
        top.addRow("learning rate α", lr_row)
        top.addRow(self.noise_label, self.noise)
        self.form = QFormLayout()
        self.form_box = QWidget()
        self.form_box.setLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.formula)
        layout.addWidget(self.form_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._fields: dict[str, QWidget] = {}
        self._form_for = None

        self.optimizer.activated.connect(self._on_optimizer)
        self.lr_slider.valueChanged.connect(self._on_slider)
        self.lr_field.editingFinished.connect(self._on_lr_field)
        self.noise.valueChanged.connect(lambda v: session.update_run(noise=float(v)))
        session.selectionChanged.connect(lambda _: self.sync_from_session())
        session.runsChanged.connect(self.sync_from_session)
        self.sync_from_session()

    # -- state -> widgets ---------------------------------------------------------------------
    def sync_from_session(self) -> None:
        run = self.session.selected_run
        if run is None:
            return
        s = run.settings
        spec = s.spec
        widgets = (self.optimizer, self.lr_slider, self.noise)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.optimizer.setCurrentIndex(self.optimizer.findData(spec.name))
            lr = s.effective_learning_rate
            self.lr_slider.setValue(self._slider_position(lr))
            if not self.lr_field.hasFocus():
                self.lr_field.setText(f"{lr:g}")
            self.lr_field.setStyleSheet("")
            sgd = spec.default_noise > 0
            self.noise.setVisible(sgd)
            self.noise_label.setVisible(sgd)
            self.noise.setValue(spec.default_noise if s.noise is None else s.noise)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.formula.setText(f"{spec.summary}<br><b>{spec.formula}</b>")
        self.formula.setTextFormat(Qt.RichText)
        if self._form_for != spec.name:
            self._build_form(spec)
        self._sync_form(s)
        self.error.setVisible(bool(run.error))
        self.error.setText(run.error)

    def _build_form(self, spec) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._fields = {}
        for hp in spec.hyperparameters:
            if hp.name == "lr":
                continue
            tip = f"{hp.description}\nvalid: {hp.range_text()}, default {hp.default:g}\nupdate: {spec.formula}"
            if hp.kind == "bool":
                w = QCheckBox()
                w.toggled.connect(lambda on, hp=hp: self._set_hyper(hp, 1.0 if on else 0.0))
            else:
                w = QLineEdit()
                w.editingFinished.connect(lambda hp=hp, w=w: self._on_hyper_text(hp, w))
            w.setObjectName(f"hp_{hp.name}")
            w.setToolTip(tip)
            label = QLabel(hp.name)
            label.setToolTip(tip)
            self.form.addRow(label, w)
            self._fields[hp.name] = w
        self._form_for = spec.name

    def _sync_form(self, settings) -> None:
        values = settings.spec.resolve(settings.hyperparameters)
        for name, w in self._fields.items():
            w.blockSignals(True)
            if isinstance(w, QCheckBox):
                w.setChecked(values[name] != 0)
            elif not w.hasFocus():
                w.setText(f"{values[name]:g}")
                w.setStyleSheet("")
            w.blockSignals(False)

    # -- widgets -> state ---------------------------------------------------------------------
    @staticmethod
    def _slider_position(lr: float) -> int:
        if lr <= 0:
            return 0
        pos = (math.log10(lr) - LR_LOG_MIN) * TICKS_PER_DECADE
        return int(round(min(max(pos, 0), (LR_LOG_MAX - LR_LOG_MIN) * TICKS_PER_DECADE)))

    def _on_optimizer(self, index: int) -> None:
        name = self.optimizer.itemData(index)
        self.session.update_run(optimizer=name, learning_rate=None, hyperparameters={}, noise=None)

    def _on_slider(self, position: int) -> None:
        lr = float(f"{10 ** (LR_LOG_MIN + position / TICKS_PER_DECADE):.3g}")
        self.lr_field.setText(f"{lr:g}")
        self.lr_field.setStyleSheet("")
        self.session.update_run(learning_rate=lr)

    def _on_lr_field(self) -> None:
        spec = self.session.selected_run.settings.spec
        try:
            lr = spec.hyperparameter("lr").check(self.lr_field.text())
        except ValueError as exc:
            self._show_bad(self.lr_field, str(exc))
            return
        self.lr_field.setStyleSheet("")
        self.error.setVisible(False)
        if lr != self.session.selected_run.settings.effective_learning_rate:
            self.session.update_run(learning_rate=lr)

    def _on_hyper_text(self, hp: Hyperparameter, field: QLineEdit) -> None:
        try:
            value = hp.check(field.text())
        except ValueError as exc:
            self._show_bad(field, str(exc))
            return
        field.setStyleSheet("")
        self._set_hyper(hp, value)

    def _set_hyper(self, hp: Hyperparameter, value: float) -> None:
        settings = self.session.selected_run.settings
        if settings.spec.resolve(settings.hyperparameters).get(hp.name) == value:
            return
        self.session.update_run(hyperparameters={**settings.hyperparameters, hp.name: value})

    def _show_bad(self, field: QLineEdit, message: str) -> None:
        field.setStyleSheet(_BAD)
        self.error.setText(message)
        self.error.setVisible(True)
