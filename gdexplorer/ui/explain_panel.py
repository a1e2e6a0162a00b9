"""The explained step (issue 12): the selected run's next update, stage by stage.

:func:`gdexplorer.core.explain.explain_step` reads the optimizer's own update code and gives each
statement that changes a value as a stage: its formula with the rule's names, the same formula with
this step's numbers per axis, and the values. This panel lists the stages, walks through them
(Previous / Next, or auto-play at a chosen speed) and draws each on the map with the glyphs of
:mod:`gdexplorer.scene.glyphs` (−g, a momentum, a direction as arrows; a second moment or a divisor
as a box; the θ stage as the true step from the old point to the new). "Apply step", or auto-play
running past the last stage, takes the ordinary step (the Step button's: every run steps once),
and the run's new point is the explanation's last one, bit for bit (the panel says so, or says
where it is not).

The next step's inputs are the run's: its point and gradient (``trajectory.grad[-1]``), its
optimizer state, the step number, the learning rate its schedule gives that step, the noise its
generator will draw (sgd), the gradient clipping, and for newton the Hessian at the point
(:func:`next_step_inputs`). A new step, another run, another optimizer or function makes a new
explanation, from its first stage; a run that has stopped says why there is no next step.
"""
from __future__ import annotations

import copy
import html
import math

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView, QDockWidget, QDoubleSpinBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QSizePolicy, QStyle, QToolButton, QVBoxLayout, QWidget,
)
from superqt.utils import signals_blocked

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.core.derivatives import hessian
from gdexplorer.core.explain import Explanation, explain_step, number
from gdexplorer.scene.glyphs import ArrowScale, BoxScale, StageGlyph, magnitude, stage_glyphs
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled
from gdexplorer.ui.views.glyphs import StageLayer

AXIS_NAMES = ("x", "y")
WARNING_COLOUR = "#c62828"
NOTE_COLOUR = "#5d6470"
DEFAULT_SPEED = 1.5  # stages per second


def next_step_inputs(descent, expr) -> dict:
    """The arguments of :func:`explain_step` for ``descent``'s next step, exactly as its run loop
    will take it (core/engine.py's run_steps): the gradient at the point plus the noise the run's
    generator draws next (a copy of it: the run's own is not advanced), clipped as the run clips,
    the learning rate of step t + 1, and the Hessian for a rule that needs one. Also ``notes``:
    what the explanation's gradient stage does not say (noise, clipping, a scheduled rate)."""
    traj = descent.trajectory
    dim = traj.dim
    theta = np.array(traj.points[-1], dtype=np.float64)
    g = np.array(traj.grad[-1], dtype=np.float64)
    notes = []
    if descent.noise > 0:
        generator = copy.deepcopy(descent._rng)  # the draw the next step takes; the run's own stays as it is
        noise = descent.noise * generator.standard_normal((1, dim))[0]
        notes.append(translate("ExplainPanel", "g includes this step's gradient noise σ·ξ = ({noise}), σ = {sigma}: "
                               "∇f = ({gradient})").format(noise=', '.join(number(v) for v in noise),
                                                          sigma=number(descent.noise),
                                                          gradient=', '.join(number(v) for v in g)))
        g = g + noise
    clip = float(getattr(descent, "clip", 0.0) or 0.0)
    if clip > 0.0:
        g0, g1 = float(g[0]), float(g[1]) if dim == 2 else 0.0
        coef = clip / (math.sqrt(g0 * g0 + g1 * g1) + 1e-6)
        if coef < 1.0:  # as the run loop: scaled only when the norm exceeds the clip
            g[0] = g0 * coef
            if dim == 2:
                g[1] = g1 * coef
            notes.append(translate("ExplainPanel", "g is clipped to norm {clip} (×{factor})").format(
                clip=number(clip), factor=number(coef)))
    hyper = dict(descent.hyperparameters)
    rate = float(descent.rates(descent.t + 1, 1)[0]) if hasattr(descent, "rates") else hyper["lr"]
    if rate != hyper["lr"]:
        notes.append(translate("ExplainPanel", "the schedule sets this step's lr = {lr} (base lr {base})").format(
            lr=number(rate), base=number(hyper['lr'])))
        hyper["lr"] = rate
    hess = (0.0, 0.0, 0.0)
    if descent.spec.rule.needs_hessian:
        h = hessian(expr, theta)
        hess = (float(h[0, 0]), float(h[0, 1]), float(h[1, 1])) if dim == 2 else (float(h[0, 0]), 0.0, 0.0)
    return dict(spec=descent.spec, hyperparameters=hyper, theta=theta, g=g, state=descent.state,
                scal=descent.scalars, t=descent.t + 1, hess=hess, notes=notes)


def _tool_button(text: str, name: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


def _label(text: str = "", name: str = "", rich: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText if rich else Qt.PlainText)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


class ExplainPanel(QWidget):
    """The selected run's next update, stage by stage, drawn on ``map_view`` (the window's MapView)."""

    def __init__(self, explorer, map_view=None, parent=None):
        super().__init__(parent)
        self.explorer = explorer
        self.session = explorer.session
        self.player = explorer.player
        self.map_view = map_view
        self.layers = {2: StageLayer(map_view.map_2d), 1: StageLayer(map_view.curve_1d)} if map_view is not None else {}
        self.explanation: Explanation | None = None
        self.glyphs: list[StageGlyph] = []
        self.stage = 0
        self.notes: list[str] = []
        self.arrow_scale = ArrowScale()
        self.box_scale = BoxScale()
        self.last_applied: tuple[Explanation, np.ndarray] | None = None  # (what was explained, where the run went)
        self._key = None
        self._dirty = True
        self._followed: QDockWidget | None = None

        self.title = _label(name="explain_title")
        self.message = _label(name="explain_message")
        self.stage_list = QListWidget()
        self.stage_list.setObjectName("explain_stages")
        self.stage_list.setWordWrap(True)
        self.stage_list.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.stage_list.setMinimumHeight(80)
        self.stage_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # long formulas wrap
        self.stage_list.setToolTip(translate("ExplainPanel", "The update's statements in the order they run; click "
                                             "one to show it"))
        self.detail = _label(name="explain_detail")
        self.detail.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.scale_note = _label(name="explain_scale")
        icon = self.style().standardIcon
        self.explain_button = QPushButton(icon(QStyle.SP_MessageBoxInformation),
                                          translate("ExplainPanel", "Explain step"))
        self.explain_button.setObjectName("explain_step")
        self.explain_button.setToolTip(translate("ExplainPanel", "Explain the selected run's next update, stage by "
                                                 "stage, on the map"))
        self.explain_action = QAction(translate("ExplainPanel", "Explain next step"), self)
        self.explain_action.setToolTip(self.explain_button.toolTip())
        # compact tool buttons: the dock may be under 200 px wide on a 1280x720 screen
        self.prev_button = _tool_button("◀", "explain_previous", translate("ExplainPanel", "The previous stage"))
        self.next_button = _tool_button(translate("ExplainPanel", "Next ▶"), "explain_next",
                                        translate("ExplainPanel", "The next stage"))
        self.stage_label = QLabel("0 / 0")
        self.stage_label.setObjectName("explain_stage_number")
        self.play_button = _tool_button(translate("ExplainPanel", "Auto-play"), "explain_play",
                                        translate("ExplainPanel", "Show the stages one after another, then take the "
                                                  "step"))
        self.play_button.setCheckable(True)
        self.speed = QDoubleSpinBox()
        self.speed.setObjectName("explain_speed")
        self.speed.setRange(0.25, 20.0)
        self.speed.setSingleStep(0.5)
        self.speed.setValue(DEFAULT_SPEED)
        self.speed.setSuffix(" /s")
        self.speed.setToolTip(translate("ExplainPanel", "Auto-play speed: stages per second"))
        self.apply_button = _tool_button(translate("ExplainPanel", "Apply"), "explain_apply",
                                         translate("ExplainPanel", "Apply step: take this step (as Step does: every "
                                                   "run steps once)"))

        # two short rows: the dock shares its width with the runs table and the inspector
        stepping = QHBoxLayout()
        for w in (self.prev_button, self.next_button, self.stage_label):
            stepping.addWidget(w)
        stepping.addStretch(1)
        stepping.addWidget(self.apply_button)
        playing = QHBoxLayout()
        for w in (self.play_button, self.speed):
            playing.addWidget(w)
        playing.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(stepping)
        layout.addLayout(playing)
        layout.addWidget(self.detail)
        layout.addWidget(self.stage_list, 1)
        layout.addWidget(self.scale_note)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.explain_button.clicked.connect(self.explain)
        self.explain_action.triggered.connect(self.explain)
        self.prev_button.clicked.connect(lambda: self.set_stage(self.stage - 1))
        self.next_button.clicked.connect(lambda: self.set_stage(self.stage + 1))
        self.stage_list.currentRowChanged.connect(self._on_row)
        self.play_button.toggled.connect(self._play)
        self.speed.valueChanged.connect(self._set_interval)
        self.apply_button.clicked.connect(self.apply)
        self._set_interval()

        self.throttled_refresh = Throttled(self.refresh, TEXT_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_refresh)
        self.session.runsChanged.connect(self.throttled_refresh)
        self.session.selectionChanged.connect(lambda _: self.refresh())
        self.session.landscapeChanged.connect(self.refresh)
        for layer in self.layers.values():  # the glyphs' sizes are in pixels: redraw on zoom
            layer.plot_item.getViewBox().sigRangeChanged.connect(lambda *_: self._draw())
        self.refresh()

    # -- what to explain --------------------------------------------------------------------------
    def explain(self) -> None:
        """Show the panel (raising its dock) with the selected run's next step from its first stage."""
        dock = self._dock()
        if dock is not None:
            dock.show()
            dock.raise_()
        self.show()
        self._key = None  # from the first stage, even for the step already shown
        self.refresh(force=True)

    def _dock(self) -> QDockWidget | None:
        """The dock the panel is in (None outside a window); its tab's visibility is followed."""
        w = self.parentWidget()
        while w is not None and not isinstance(w, QDockWidget):
            w = w.parentWidget()
        if w is not None and self._followed is not w:
            self._followed = w
            w.visibilityChanged.connect(self._on_tab_visibility)
        return w

    def on_screen(self) -> bool:
        """Shown and not behind another tab (a dock tabbed behind the inspector stays "visible" to
        Qt, under the front tab)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _on_tab_visibility(self, _visible: bool) -> None:
        if self.on_screen():
            if self._dirty:
                self.refresh()
            else:
                self._draw()
        else:
            self.play_button.setChecked(False)
            self._draw()

    def refresh(self, force: bool = False) -> None:
        """A new explanation when the selected run's next step is another one (a step was taken, a
        run selected or changed, a new function); nothing is computed while the panel is hidden."""
        if not (force or self.on_screen()):
            self._dirty = True
            return
        self._dirty = False
        run, objective = self.session.selected_run, self.session.objective
        descent = run.descent if run is not None else None
        if objective is None or descent is None or not hasattr(objective, "expr"):  # not in the Data mode
            why = (translate("ExplainPanel", "waiting for the function") if objective is None else
                   translate("ExplainPanel", "the Data mode trains on data: steps are explained on a typed function")
                   if not hasattr(objective, "expr") else
                   translate("ExplainPanel", "no run selected") if run is None else
                   tr_message(run.error) if run.error else translate("ExplainPanel", "the run has not started"))
            self._show_nothing(why)
            return
        key = (descent, descent.t, len(descent.trajectory.points), objective.key)
        if key == self._key:
            self._draw()  # the same step: a new colour or view
            return
        self._key = key
        traj = descent.trajectory
        at = ", ".join(number(v) for v in traj.points[-1])
        self.title.setText(translate("ExplainPanel", "<b>Run {run}</b> ({label}): step t = {t} from θ = ({point})")
                           .format(run=self.session.selected + 1, label=html.escape(run.settings.label),
                                   t=descent.t + 1, point=at))
        if descent.finished:
            self._show_nothing(translate("ExplainPanel", "The run has stopped, so there is no next step: {why}").format(
                why=tr_message(traj.message)), keep_title=True)
            return
        inputs = next_step_inputs(descent, objective.expr)
        self.notes = inputs.pop("notes")
        try:
            explanation = explain_step(**inputs)
        except (KeyError, ValueError) as exc:  # settings a scheduled rate made invalid (lr 0)
            self._show_nothing(translate("ExplainPanel", "This step cannot be explained: {error}").format(
                error=tr_message(exc) if isinstance(exc, ValueError) else exc), keep_title=True)
            return
        self.explanation = explanation
        self.glyphs = stage_glyphs(explanation, inputs["spec"], inputs["hyperparameters"])
        arrows = [magnitude(g.vector) for g in self.glyphs if g.shape == "arrow"]
        arrows += [magnitude(g.end - g.start) for g in self.glyphs if g.shape == "step"]
        self.arrow_scale = ArrowScale.for_magnitudes(arrows)
        self._fill_list()
        self._show_message()
        self.set_stage(0)

    def _show_nothing(self, why: str, keep_title: bool = False) -> None:
        self.play_button.setChecked(False)
        self.explanation, self.glyphs, self.stage, self.notes = None, [], 0, []
        if not keep_title:
            self.title.setText("")
            self._key = None
        self.message.setText(f"<span style='color:{WARNING_COLOUR}'>{html.escape(why)}</span>")
        with signals_blocked(self.stage_list):
            self.stage_list.clear()
        self.detail.setText("")
        self.scale_note.setText("")
        self._show_controls()
        self._draw()

    def _show_message(self) -> None:
        e = self.explanation
        lines = []
        if e.error:
            error = translate("ExplainPanel", "{error}. Apply still takes the step.").format(
                error=html.escape(tr_message(e.error)))
            lines.append(f"<span style='color:{WARNING_COLOUR}'>{error}</span>")
        elif not e.agrees:
            lines.append(f"<span style='color:{WARNING_COLOUR}'>"
                         + translate("ExplainPanel", "The explained stages do not end exactly where the compiled "
                                     "update does.") + "</span>")
        lines += [f"<span style='color:{NOTE_COLOUR}'>{html.escape(n)}</span>" for n in self.notes]
        limit = self.player.step_limit
        if self.session.selected_run.steps_taken >= limit:
            reached = translate("ExplainPanel", "The steps limit ({limit}) is reached: raise it in Run controls to "
                                "apply this step.").format(limit=limit)
            lines.append(f"<span style='color:{WARNING_COLOUR}'>{reached}</span>")
        self.message.setText("<br>".join(lines))
        self.message.setVisible(bool(lines))

    def _fill_list(self) -> None:
        with signals_blocked(self.stage_list):
            self.stage_list.clear()
            for k, stage in enumerate(self.explanation.stages):
                item = QListWidgetItem(f"{k + 1}. {stage.formula}")
                item.setToolTip(translate("ExplainPanel", "as written in {function}: {source}").format(
                    function=stage.function or translate("ExplainPanel", "the run"), source=stage.source))
                self.stage_list.addItem(item)

    # -- stepping -----------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.glyphs)

    def set_stage(self, k: int) -> None:
        self.stage = max(0, min(int(k), self.n - 1)) if self.n else 0
        with signals_blocked(self.stage_list):
            self.stage_list.setCurrentRow(self.stage if self.n else -1)
        self._show_stage()
        self._show_controls()
        self._draw()

    def _on_row(self, row: int) -> None:
        if row >= 0:
            self.set_stage(row)

    def _show_controls(self) -> None:
        n, k = self.n, self.stage
        self.stage_label.setText(f"{k + 1 if n else 0} / {n}")
        self.prev_button.setEnabled(n > 0 and k > 0)
        self.next_button.setEnabled(n > 0 and k < n - 1)
        self.play_button.setEnabled(n > 0)
        run = self.session.selected_run
        self.apply_button.setEnabled(self._key is not None and run is not None and not run.finished
                                     and run.steps_taken < self.player.step_limit)

    def _show_stage(self) -> None:
        e = self.explanation
        if e is None or not self.n:
            self.detail.setText("")
            self.scale_note.setText("")
            return
        stage, glyph = e.stages[self.stage], self.glyphs[self.stage]
        where = translate("ExplainPanel", " · in {function}").format(
            function=f"<code>{html.escape(stage.function)}</code>") if stage.function else ""
        stage_of = translate("ExplainPanel", "Stage {stage} of {stages}").format(stage=self.stage + 1, stages=self.n)
        parts = [f"<b>{stage_of}</b>{where}",
                 f"<code><b>{html.escape(stage.formula)}</b></code>"]
        for axis in sorted(stage.substituted, key=lambda a: -1 if a is None else a):
            name = "" if axis is None else f"<b>{AXIS_NAMES[axis]}:</b> "
            parts.append(f"{name}{html.escape(tr_message(stage.substituted[axis]))}")
        parts.append(translate("ExplainPanel", "<i>on the map:</i> {glyph}").format(
            glyph=html.escape(tr_message(glyph.note))))
        if self.stage == self.n - 1:
            new = ", ".join(number(v) for v in e.theta_after)
            parts.append(translate("ExplainPanel", "<b>The new point θ = ({point})</b>: Apply takes it.").format(
                point=new))
        self.detail.setText("<br>".join(parts))
        boxes = any(g.shape == "box" for g in self.glyphs)
        notes = [tr_message(self.arrow_scale.legend())] + ([tr_message(self.box_scale.legend())] if boxes else [])
        notes.append(translate("ExplainPanel", "the θ stage: the true step, and its arrow on the log scale when too "
                               "short to see"))
        self.scale_note.setText(f"<span style='color:{NOTE_COLOUR}; font-size:8pt'>"
                                + html.escape(translate("ExplainPanel", "; ", "a list's separator").join(notes))
                                + "</span>")

    def _tick(self) -> None:
        if self.stage < self.n - 1:
            self.set_stage(self.stage + 1)
            return
        self.play_button.setChecked(False)  # past the last stage: the step itself
        self.apply()

    def _play(self, on: bool) -> None:
        if on and self.n:
            if self.stage >= self.n - 1:
                self.set_stage(0)
            self.timer.start()
        else:
            self.timer.stop()
            if on:
                self.play_button.setChecked(False)

    def _set_interval(self) -> None:
        self.timer.setInterval(max(20, int(1000 / self.speed.value())))

    # -- the step -------------------------------------------------------------------------------------
    def apply(self) -> None:
        """Take the ordinary step (every run steps once, as Step does) and check that the selected
        run went where the explanation said."""
        run = self.session.selected_run
        if run is None or run.descent is None or run.finished:
            return
        explained = self.explanation
        descent, t = run.descent, run.descent.t
        taken = self.player.step(1)
        if not taken or run.descent is not descent or descent.t != t + 1:
            self.refresh(force=True)
            return
        point = np.array(descent.trajectory.points[-1])
        self.last_applied = (explained, point) if explained is not None else None
        self.refresh(force=True)
        if explained is not None and not np.array_equal(point, explained.theta_after):
            went = translate("ExplainPanel", "The step went to ({point}), not to the explained ({explained}).").format(
                point=', '.join(map(repr, point)), explained=', '.join(map(repr, explained.theta_after)))
            self.message.setText(f"<span style='color:{WARNING_COLOUR}'>{went}</span>")
            self.message.setVisible(True)

    # -- the map ---------------------------------------------------------------------------------------
    def _draw(self) -> None:
        land = self.session.landscape
        dim = land.dim if land is not None else 2
        show = (self.on_screen() and self.explanation is not None and bool(self.glyphs)
                and self.explanation.theta_before.size == dim)  # not one made for the last function
        run = self.session.selected_run
        objective = self.session.objective
        for d, layer in self.layers.items():
            if not show or d != dim:
                layer.clear()
                continue

            def f_at(x: float) -> float:
                return float(objective.value([x])) if objective is not None and math.isfinite(x) else math.nan
            layer.show(self.glyphs, self.stage, run.settings.colour, self.arrow_scale, self.box_scale,
                       one_d=dim == 1, f_at=f_at)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._dock()
        if self._dirty:
            self.refresh()
        else:
            self._draw()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.play_button.setChecked(False)
        super().hideEvent(event)
        for layer in self.layers.values():
            layer.clear()


def add_explain_button(run_controls, panel: ExplainPanel) -> None:
    """Put the panel's Explain step button in the run controls, on a row under Step, Play, Reset."""
    row = QHBoxLayout()
    row.addWidget(panel.explain_button)
    row.addStretch(1)
    run_controls.layout().insertLayout(1, row)
    panel.explain_button.setEnabled(run_controls.step_button.isEnabled())
    panel.session.landscapeChanged.connect(lambda: panel.explain_button.setEnabled(True))
