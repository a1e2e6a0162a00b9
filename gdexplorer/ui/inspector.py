"""The inspector: the selected run's step, θ, f, ∇f, |∇f| and the optimizer state its settings use;
diverged runs in red, runs off the plotted range say where they are."""
from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gdexplorer.app.i18n import tr_message, tr_registry, translate
from gdexplorer.app.session import Session
from gdexplorer.ui.runs_panel import status_word
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled


OK_COLOUR, BAD_COLOUR, OFF_MAP_COLOUR = "#1e7b34", "#c62828", "#a35200"  # readable on the light panel


def _vector(v) -> str:
    v = np.atleast_1d(np.asarray(v, dtype=float))
    return "(" + ", ".join(f"{x:.6g}" for x in v) + ")" if v.size > 1 else f"{v[0]:.6g}"


def gradient_norm(grad) -> float:
    """|∇f| without overflow: hypot scales, so a gradient near 1e160 gives 1.4e160, not inf and a
    RuntimeWarning as squaring in np.linalg.norm does (inf only when |∇f| itself exceeds 1.8e308)."""
    with np.errstate(over="ignore"):  # beyond 1.8e308 the honest answer is inf
        return float(np.hypot.reduce(np.asarray(grad, dtype=float)))


class Inspector(QWidget):
    FIELDS = ("run", "status", "step", "θ", "f(θ)", "∇f(θ)", "|∇f(θ)|")
    #: the rows' names as shown (FIELDS are the keys and object names)
    TITLES = {"run": QT_TRANSLATE_NOOP("Inspector", "run"), "status": QT_TRANSLATE_NOOP("Inspector", "status"),
              "step": QT_TRANSLATE_NOOP("Inspector", "step")}

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name in self.FIELDS:
            label = QLabel()
            label.setObjectName(f"inspect_{name}")
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            label.setWordWrap(True)
            self.form.addRow(translate("Inspector", self.TITLES[name]) if name in self.TITLES else name, label)
            self.values[name] = label
        self.state_form = QFormLayout()
        self.state_title = QLabel("<b>" + translate("Inspector", "optimizer state") + "</b>")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.state_title)
        layout.addLayout(self.state_form)
        layout.addStretch(1)
        self.state_labels: dict[str, QLabel] = {}
        self.throttled_refresh = Throttled(self.refresh, TEXT_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_refresh)
        session.selectionChanged.connect(lambda _: self.refresh())
        session.runsChanged.connect(self.refresh)
        session.landscapeChanged.connect(self.refresh)  # a new range: the run on or off the map

    def refresh(self) -> None:
        run = self.session.selected_run
        if run is None:
            return
        v = self.values
        s = run.settings
        v["run"].setText(f"<span style='color:{s.colour}'>●</span> {s.label}")
        traj = run.trajectory
        if traj is None:
            for name in self.FIELDS[1:]:
                v[name].setText("")
            why = tr_message(run.error) if run.error else translate("Inspector", "waiting for the function")
            v["status"].setText(f"<span style='color:{BAD_COLOUR}'>{why}</span>")
            self._show_state({})
            return
        k = traj.steps
        if traj.status == "ok":
            status = f"<span style='color:{OK_COLOUR}'>{status_word('ok')}</span>"
        else:
            word = status_word(traj.status)
            status = f"<span style='color:{BAD_COLOUR}'><b>{word.upper()}</b> — {tr_message(traj.message)}</span>"
        where = self.session.off_map(run)
        if where:
            off = translate("Inspector", "off the map ({where})").format(where=html.escape(where))
            status += f"<br><span style='color:{OFF_MAP_COLOUR}'>{off}</span>"
        v["status"].setText(status)
        v["step"].setText(str(run.steps_taken))  # a long run on data draws fewer rows than it took steps
        v["θ"].setText(_vector(traj.points[k]))
        v["f(θ)"].setText(f"{traj.f[k]:.8g}")
        v["∇f(θ)"].setText(_vector(traj.grad[k]))
        v["|∇f(θ)|"].setText(f"{gradient_norm(traj.grad[k]):.6g}")
        self._show_state(run.used_state(), {st.name: st.meaning for st in s.spec.rule.state})

    def _show_state(self, state: dict, meanings: dict | None = None) -> None:
        """A row per state vector, named as torch names it, its meaning (the registry's) in its tooltip."""
        meanings = meanings or {}
        if list(state) != list(self.state_labels):
            while self.state_form.rowCount():
                self.state_form.removeRow(0)
            self.state_labels = {}
            for name in state:
                label = QLabel()
                label.setTextInteractionFlags(Qt.TextSelectableByMouse)
                self.state_form.addRow(name, label)
                self.state_labels[name] = label
        self.state_title.setVisible(bool(state))
        for name, value in state.items():
            self.state_labels[name].setText(_vector(value))
            title = self.state_form.labelForField(self.state_labels[name])
            tip = tr_registry(meanings.get(name, ""))
            if title.toolTip() != tip:  # the same name means another thing in another optimizer
                title.setToolTip(tip)
