"""The Optimizer panel: the choice, the learning rate (slider + exact field) and a form for the
optimizer's hyperparameters, all built from the optimizer registry (the slider's span and scale
too). Edits go to the session for the selected run; what a new optimizer brings is the session's call.
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSlider, QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from gdexplorer.app.i18n import tr_message, tr_registry, translate
from gdexplorer.app.session import Session
from gdexplorer.core.optimizers import OPTIMIZERS, Hyperparameter
from gdexplorer.core.schedules import KINDS, ScheduleError, check_clip, parse_schedule
from gdexplorer.ui.theme import ERROR_COLOUR

SLIDER_TICKS = 600  # positions along a slider: 100 a decade on the learning rate's 1e-5 … 10
_BAD = f"QLineEdit {{ border: 1px solid {ERROR_COLOUR}; }}"


def _error_label(name: str) -> QLabel:
    """The small red line under a field that says what is wrong with it (hidden when nothing is)."""
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setStyleSheet(f"color: {ERROR_COLOUR}; font-size: small;")
    label.setWordWrap(True)
    return label


class OptimizerPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("optimizer")
        for spec in OPTIMIZERS.values():
            self.optimizer.addItem(tr_registry(spec.label), spec.name)
            self.optimizer.setItemData(self.optimizer.count() - 1,
                                       f"{tr_registry(spec.summary)}\n{tr_registry(spec.formula)}", Qt.ToolTipRole)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet("color: #9aa3b2;")
        self.lr_slider = QSlider(Qt.Horizontal)
        self.lr_slider.setObjectName("lr_slider")
        self.lr_slider.setRange(0, SLIDER_TICKS)
        self._slider_for: Hyperparameter | None = None  # the hyperparameter whose span the slider shows
        self.lr_field = QLineEdit()
        self.lr_field.setObjectName("lr_field")
        self.lr_field.setMaximumWidth(100)
        self.lr_field.setToolTip(translate("OptimizerPanel", "the exact learning rate α"))
        lr_row = QHBoxLayout()
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_field)
        self.noise = QDoubleSpinBox()
        self.noise.setObjectName("noise")
        self.noise.setRange(0.0, 1e3)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.1)
        self.noise.setKeyboardTracking(False)
        self.noise.setToolTip(
            translate("OptimizerPanel", "σ of the Gaussian noise added to the gradient: g + σξ, ξ ~ N(0, I)"))
        self.noise_label = QLabel(translate("OptimizerPanel", "noise σ"))
        self.schedule = QLineEdit()
        self.schedule.setObjectName("schedule")
        self.schedule.setPlaceholderText(translate("OptimizerPanel", "none (constant α)"))
        self.schedule.setToolTip(
            translate("OptimizerPanel", "A learning-rate schedule, named as torch.optim.lr_scheduler names it:") + "\n"
            + "\n".join(f"  {k.name}{':' + ','.join(p.name + '=…' for p in k.params) if k.params else ''}"
                        f"   ({k.torch}: {tr_registry(k.summary)})" for k in KINDS.values())
            + "\n" + translate("OptimizerPanel", "joined with + they run one after another (SequentialLR), e.g.")
            + "\n  linear:start_factor=0.1,total_iters=10 + cosine:T_max=100")
        self.clip = QLineEdit()
        self.clip.setObjectName("clip")
        self.clip.setPlaceholderText(translate("OptimizerPanel", "off"))
        self.clip.setMaximumWidth(100)
        self.clip.setToolTip(translate("OptimizerPanel",
                                       "Clip the gradient's norm to this before each step, as "
                                       "torch.nn.utils.clip_grad_norm_ (the curves and exports keep the raw gradient)"))
        self.error = QLabel()  # why the run could not start (not about one field)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        top = QFormLayout()
        top.addRow(translate("OptimizerPanel", "optimizer"), self.optimizer)
        top.addRow(translate("OptimizerPanel", "learning rate α"), lr_row)
        #: each refused value's message, in a row right under its field; by field name ("lr", ...)
        self.field_errors: dict[str, QLabel] = {}
        self._error_rows: dict[str, QFormLayout] = {}
        self._add_error_row(top, "lr")
        top.addRow(self.noise_label, self.noise)
        top.addRow(translate("OptimizerPanel", "lr schedule"), self.schedule)
        self._add_error_row(top, "schedule")
        top.addRow(translate("OptimizerPanel", "clip ‖g‖ at"), self.clip)
        self._add_error_row(top, "clip")
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
        self._synced = None  # (run, optimizer) the fields last showed: a refused value stays for it

        self.optimizer.activated.connect(lambda index: session.set_optimizer(self.optimizer.itemData(index)))
        self.lr_slider.valueChanged.connect(self._on_slider)
        self.lr_field.editingFinished.connect(self._on_lr_field)
        self.noise.valueChanged.connect(lambda v: session.update_run(noise=float(v)))
        self.schedule.editingFinished.connect(self._on_schedule)
        self.clip.editingFinished.connect(self._on_clip)
        session.selectionChanged.connect(lambda _: self.sync_from_session())
        session.runsChanged.connect(self.sync_from_session)
        self.sync_from_session()

    # -- state -> widgets ---------------------------------------------------------------------
    def sync_from_session(self) -> None:
        """Show the selected run's settings. A field holding a refused value keeps it, marked, while
        the same run and optimizer are shown (another field's edit must not wipe it silently)."""
        run = self.session.selected_run
        if run is None:
            return
        s = run.settings
        spec = s.spec
        same = self._synced == (run, spec.name)
        self._synced = (run, spec.name)
        lr = spec.hyperparameter("lr")
        with signals_blocked(self.optimizer), signals_blocked(self.lr_slider), signals_blocked(self.noise):
            self.optimizer.setCurrentIndex(self.optimizer.findData(spec.name))
            self._show_slider_span(lr)
            self.lr_slider.setValue(self._slider_position(s.learning_rate))
            if not self.lr_field.hasFocus() and not (same and self.field_errors["lr"].text()):
                self.lr_field.setText(f"{s.learning_rate:g}")
                self._set_field_error("lr", self.lr_field, "")
            sgd = spec.default_noise > 0
            self.noise.setVisible(sgd)
            self.noise_label.setVisible(sgd)
            self.noise.setValue(spec.default_noise if s.noise is None else s.noise)
        for name, field, text in (("schedule", self.schedule, s.schedule), ("clip", self.clip, f"{s.clip:g}" if s.clip else "")):
            if not field.hasFocus() and not (same and self.field_errors[name].text()):
                field.setText(text)
                self._set_field_error(name, field, "")
        self.formula.setText(f"{tr_registry(spec.summary)}<br><b>{tr_registry(spec.formula)}</b>")
        self.formula.setTextFormat(Qt.RichText)
        if self._form_for != spec.name:
            self._build_form(spec)
        self._sync_form(s, keep_refused=same)
        self.error.setVisible(bool(run.error))
        self.error.setText(tr_message(run.error))

    def _add_error_row(self, form: QFormLayout, name: str) -> None:
        label = _error_label(name)
        form.addRow(label)
        form.setRowVisible(label, False)
        self.field_errors[name] = label
        self._error_rows[name] = form

    def _set_field_error(self, name: str, field: QWidget, message: str) -> None:
        """Show ``message`` under the field (and mark it red), or clear both when it is ""."""
        field.setStyleSheet(_BAD if message else "")
        self.field_errors[name].setText(message)
        self._error_rows[name].setRowVisible(self.field_errors[name], bool(message))

    def _build_form(self, spec) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for name in [n for n, form in self._error_rows.items() if form is self.form]:
            del self.field_errors[name], self._error_rows[name]
        self._fields = {}
        for hp in spec.hyperparameters:
            if hp.name == "lr":
                continue
            tip = translate("OptimizerPanel", "{description}\nvalid: {range}, default {default}\nupdate: {formula}")
            tip = tip.format(
                description=tr_registry(hp.description), range=hp.range_text(), default=f"{hp.default:g}",
                formula=tr_registry(spec.formula))
            if hp.kind == "bool":
                w = QCheckBox()
                w.toggled.connect(lambda on, hp=hp: self.session.set_hyperparameter(hp.name, 1.0 if on else 0.0))
            else:
                w = QLineEdit()
                w.editingFinished.connect(lambda hp=hp, w=w: self._on_hyper_text(hp, w))
            w.setObjectName(f"hp_{hp.name}")
            w.setToolTip(tip)
            label = QLabel(hp.name)
            label.setToolTip(tip)
            self.form.addRow(label, w)
            self._fields[hp.name] = w
            if hp.kind != "bool":  # a tick box cannot hold a bad value
                self._add_error_row(self.form, hp.name)
        self._form_for = spec.name

    def _sync_form(self, settings, keep_refused: bool) -> None:
        values = settings.spec.resolve(settings.hyperparameters)
        for name, w in self._fields.items():
            with signals_blocked(w):
                if isinstance(w, QCheckBox):
                    w.setChecked(values[name] != 0)
                elif not w.hasFocus() and not (keep_refused and self.field_errors[name].text()):
                    w.setText(f"{values[name]:g}")
                    self._set_field_error(name, w, "")

    # -- the slider: the registry says its span and scale --------------------------------------
    def _show_slider_span(self, hp: Hyperparameter) -> None:
        if hp is self._slider_for:
            return
        if hp.slider is None:
            raise ValueError(f"{hp.name} has no slider span in the optimizer registry")
        self._slider_for = hp
        text = (translate("OptimizerPanel", "learning rate α on a log scale, {low} … {high}") if hp.log_scale
                else translate("OptimizerPanel", "learning rate α on a linear scale, {low} … {high}"))
        self.lr_slider.setToolTip(text.format(low=f"{hp.slider[0]:g}", high=f"{hp.slider[1]:g}"))

    def _to_slider(self, value: float) -> float:
        """Where ``value`` sits along the slider's span, 0 … 1 (the ends beyond it)."""
        hp = self._slider_for
        low, high = hp.slider
        if hp.log_scale:
            if value <= 0:
                return 0.0
            low, high, value = math.log10(low), math.log10(high), math.log10(value)
        return min(max((value - low) / (high - low), 0.0), 1.0)

    def _from_slider(self, fraction: float) -> float:
        hp = self._slider_for
        low, high = hp.slider
        if hp.log_scale:
            return 10 ** (math.log10(low) + fraction * (math.log10(high) - math.log10(low)))
        return low + fraction * (high - low)

    def _slider_position(self, value: float) -> int:
        return int(round(self._to_slider(value) * SLIDER_TICKS))

    # -- widgets -> state: forwarded to the session ----------------------------------------------
    def _on_slider(self, position: int) -> None:
        lr = float(f"{self._from_slider(position / SLIDER_TICKS):.3g}")
        self.lr_field.setText(f"{lr:g}")
        self._set_field_error("lr", self.lr_field, "")
        self.session.set_hyperparameter("lr", lr)

    def _on_lr_field(self) -> None:
        self._forward("lr", self.lr_field, self.lr_field.text())

    def _on_schedule(self) -> None:
        """A schedule typed: checked here (its error names the bad part, beside the field), then the
        run restarts with it; a refused text stays in the field and the run keeps its schedule."""
        text = self.schedule.text().strip()
        try:
            parsed = parse_schedule(text)
        except ScheduleError as exc:
            self._set_field_error("schedule", self.schedule, tr_message(exc))
            return
        self._set_field_error("schedule", self.schedule, "")
        canonical = parsed.text() if parsed is not None else ""
        if canonical != self.session.selected_run.settings.schedule:
            self.session.update_run(schedule=canonical)

    def _on_clip(self) -> None:
        text = self.clip.text().strip()
        try:
            value = check_clip(text or None)
        except ValueError as exc:
            self._set_field_error("clip", self.clip, tr_message(exc))
            return
        self._set_field_error("clip", self.clip, "")
        if value != self.session.selected_run.settings.clip:
            self.session.update_run(clip=value)

    def _on_hyper_text(self, hp: Hyperparameter, field: QLineEdit) -> None:
        self._forward(hp.name, field, field.text())

    def _forward(self, name: str, field: QWidget, value) -> None:
        """Hand the typed value to the session; a refused one stays in its field, marked, with
        the session's reason under it."""
        try:
            self.session.set_hyperparameter(name, value)
        except ValueError as exc:
            self._set_field_error(name, field, tr_message(exc))
            return
        self._set_field_error(name, field, "")
