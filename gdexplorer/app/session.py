"""The explorer's state: the objective, its landscape, the runs racing on it and the selected run.

Widgets read from and write to a :class:`Session`; they never talk to each other, and they never
decide what a change means: the session says what a new optimizer or preset does to a run (the
preset's learning rate for it, or the optimizer's default). Every change ends in a signal, so the
3D view, the map, the curves and the inspector stay in step. No widget is needed: the session runs
under a QCoreApplication (tests/app).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QObject, QTimer, Signal

from gdexplorer.app.compute import ComputeService
from gdexplorer.app.i18n import tr_message, tr_registry, translate
from gdexplorer.app.runs import RUN_COLOURS, Run, RunSettings, outside_view
from gdexplorer.core.expression import Expression, ExpressionError
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.core.objective import Objective
from gdexplorer.core.optimizers import OPTIMIZERS, get_optimizer
from gdexplorer.core.presets import DEFAULT_PRESET, Preset, find_preset, get_preset
from gdexplorer.scene.landscape import Landscape, LandscapeRequest

EXPRESSION_DEBOUNCE_MS = 250
#: the layout of :meth:`Session.to_state`. 1: the learning rate beside the hyperparameters (read and
#: migrated); 2: "lr" among them. A state of another version is ignored, the defaults kept.
STATE_VERSION = 2
OLDEST_STATE_VERSION = 1


class StateError(ValueError):
    """A saved state this session cannot read (corrupt, too old or from a newer gdexplorer)."""


class Session(QObject):
    landscapeChanged = Signal()  # a new landscape (and maybe a new expression) is in place
    expressionChecked = Signal(object)  # ExpressionError, or None when the text is good
    runsChanged = Signal()  # runs added, removed, re-coloured, re-configured
    trajectoriesChanged = Signal()  # runs stepped or reset
    selectionChanged = Signal(int)
    busyChanged = Signal(bool)  # a landscape is being computed
    notice = Signal(str)  # something the user should read (the window's status bar shows it)

    def __init__(self, compute: ComputeService | None = None, parent=None):
        super().__init__(parent)
        self.compute = compute if compute is not None else ComputeService(self)
        self.compute.landscapeReady.connect(self._apply_landscape)
        self.compute.expressionFailed.connect(self._on_expression_failed)
        preset = get_preset(DEFAULT_PRESET)
        self.text = preset.expression
        self.x_range: tuple[float, float] = tuple(preset.x_range)
        self.y_range: tuple[float, float] = tuple(preset.y_range)
        self.arrow_density = 20
        self.arrow_sign = -1
        self.landscape: Landscape | None = None
        self.error: ExpressionError | None = None
        #: the Data mode's controller (app/data_mode.py) while the runs train on data, else None: the
        #: few places below that differ between the modes ask it (runs, new settings, the landscape)
        self.data_mode = None
        self.runs: list[Run] = [Run(self.new_run_settings("gd", preset.start))]
        self.selected = 0
        self._force_reset = False  # a preset was applied: restart runs even if f is unchanged
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(EXPRESSION_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

    # -- the function ---------------------------------------------------------------------------
    @property
    def objective(self) -> Objective | None:
        """What the runs minimise: the last function that checked out, or in the Data mode the
        data's loss over (w, b) (None before the first)."""
        return None if self.landscape is None else self.landscape.objective

    @property
    def expr(self) -> Expression | None:
        """The objective's expression, which a Descent still takes (None in the Data mode)."""
        return getattr(self.objective, "expr", None)

    @property
    def dim(self) -> int:
        return 2 if self.objective is None else self.objective.dim

    @property
    def preset(self) -> Preset | None:
        """The preset whose expression is the text (None for a typed function, and in the Data mode)."""
        return None if self.data_mode is not None else find_preset(self.text)

    def set_expression_text(self, text: str, debounce: bool = True) -> None:
        """Check and show ``text`` (after a pause in typing when ``debounce``)."""
        self.text = text
        if debounce:
            self._debounce.start()
        else:
            self.refresh()

    def set_function(self, text: str, x_range, y_range) -> None:
        """Show ``text`` over x_range × y_range (raises ValueError, changing nothing, unless both
        are finite with min < max); runs keep their settings. A preset's ranges, start and rates
        come with :meth:`apply_preset`."""
        x_range, y_range = _checked_ranges(x_range, y_range, dim=2)
        self.text, self.x_range, self.y_range = text, x_range, y_range
        self.refresh()

    def set_ranges(self, x_range, y_range) -> None:
        """Plot x_range × y_range; raises ValueError (keeping the ranges) unless min < max, finite.
        A 1-D function has no y: its y range is kept as it is (a 1-D preset's is (0, 0))."""
        if self.dim == 1:
            y_range = self.y_range
        self.x_range, self.y_range = _checked_ranges(x_range, y_range, self.dim)
        self.refresh()

    def apply_preset(self, preset: Preset | str) -> str:
        """The preset's function, ranges and start; every run takes the preset's rate for its
        optimizer (its other settings stay). A preset is a curated setup: a rate tuned on the last
        function says nothing about this one. Runs that now walk the same path as an earlier one
        (a gd α=2 that became the gd α=0.1 "compare all" added) are merged into that earlier one, so
        no two rows are silently identical. Returns what changed, also sent as :attr:`notice`."""
        preset = get_preset(preset) if isinstance(preset, str) else preset
        self.text = preset.expression
        self.x_range, self.y_range = tuple(preset.x_range), tuple(preset.y_range)
        changed = []
        for run in self.runs:
            s = run.settings
            run.settings = s.with_(start=tuple(preset.start),
                                   hyperparameters={**s.hyperparameters, **self._preset_rate(s.optimizer, preset)})
            if run.settings.learning_rate != s.learning_rate:
                changed.append(f"{s.optimizer} α={s.learning_rate:g} → {run.settings.learning_rate:g}")
        removed = self._merge_duplicates()
        self._force_reset = True
        self.runsChanged.emit()
        if removed:
            self.selectionChanged.emit(self.selected)
        self.refresh()
        message = translate("Session", "Preset {preset}: learning rates set from the preset's table").format(
            preset=tr_registry(preset.label))
        if changed:
            message += translate("Session", " ({changes})").format(changes=", ".join(changed))
        if len(removed) == 1:
            message += translate("Session", "; 1 duplicate run removed ({runs}: the same settings as a run above)"
                                 ).format(runs=removed[0])
        elif removed:
            message += translate("Session", "; {count} duplicate runs removed ({runs}: the same settings as a run "
                                 "above)").format(count=len(removed), runs=", ".join(removed))
        self.notice.emit(message)
        return message

    def _merge_duplicates(self) -> list[str]:
        """Remove every run with the same settings as an earlier one (its colour and visibility
        aside), keeping the selection on the run that stays; returns the labels removed."""
        selected = self.selected_run
        kept: dict[tuple, Run] = {}
        removed = []
        for run in self.runs:
            key = _same_run_key(run.settings)
            if key in kept:
                removed.append(run.settings.label)
                if run is selected:
                    selected = kept[key]
            else:
                kept[key] = run
        if removed:
            self.runs = list(kept.values())
            self.selected = self.runs.index(selected) if selected in self.runs else 0
        return removed

    @staticmethod
    def _preset_rate(optimizer: str, preset: Preset | None) -> dict[str, float]:
        """{"lr": the preset's rate for ``optimizer``}, or {} (the optimizer's default) off a preset:
        torch's defaults do not work everywhere (momentum at 0.01 diverges on Rosenbrock at once)."""
        lr = None if preset is None else preset.learning_rate_for(optimizer)
        return {} if lr is None else {"lr": lr}

    def new_run_settings(self, optimizer: str = "gd", start=None, **changes) -> RunSettings:
        """The settings a new run of ``optimizer`` gets here: the preset's rate for it (or the
        optimizer's default), its other defaults, from ``start`` (default: the selected run's)."""
        spec = get_optimizer(optimizer)  # KeyError naming the optimizers there are
        if start is None:
            start = self.selected_run.settings.start if self.selected_run else (0.0, 0.0)
        if self.data_mode is not None:  # a run on data: seed 002's rate, a batch size and epochs
            return self.data_mode.new_run_settings(spec.name, start, **changes)
        return RunSettings(optimizer=spec.name, start=tuple(start),
                           hyperparameters=self._preset_rate(spec.name, self.preset)).with_(**changes)

    def set_arrow_field(self, density: int | None = None, sign: int | None = None) -> None:
        if density is not None:
            self.arrow_density = int(density)
        if sign is not None:
            self.arrow_sign = -1 if sign < 0 else 1
        self.refresh()

    def request(self) -> LandscapeRequest:
        return LandscapeRequest(self.text, self.x_range, self.y_range, self.arrow_density, self.arrow_sign)

    def refresh(self) -> None:
        """Ask the worker for the landscape of the current settings (once it has started: the
        first request follows the kernels' warm-up, see Explorer.start)."""
        self._debounce.stop()
        if not self.compute.started:
            return
        if self.data_mode is not None:
            if not self.data_mode.request_landscape():
                return  # no data yet: its landscape is asked for once the data is made
        else:
            self.compute.request_landscape(self.request())
        self.busyChanged.emit(True)

    def make_run(self, settings: RunSettings) -> Run:
        """A run with ``settings``: on the function, or in the Data mode a run that trains on the data."""
        return Run(settings) if self.data_mode is None else self.data_mode.make_run(settings)

    def _apply_landscape(self, landscape: Landscape) -> None:
        if isinstance(landscape.objective, DataObjective) != (self.data_mode is not None):
            self.busyChanged.emit(self.compute.busy)  # the other mode's, asked for before a switch: dropped
            return
        new_function = self.objective is None or landscape.objective.key != self.objective.key
        self.landscape = landscape
        self.error = None
        self.expressionChecked.emit(None)
        if new_function or self._force_reset:
            self._force_reset = False
            self.reset_runs()
        self.landscapeChanged.emit()
        self.busyChanged.emit(self.compute.busy)

    def _on_expression_failed(self, error: ExpressionError) -> None:
        if self.data_mode is not None:  # the data's landscape failed: the data panel says why
            self.notice.emit(translate("Session", "The loss landscape could not be computed: {error}").format(
                error=tr_message(error)))
            self.busyChanged.emit(self.compute.busy)
            return
        self.error = error  # the last good landscape stays on screen
        self.expressionChecked.emit(error)
        self.busyChanged.emit(self.compute.busy)

    # -- runs -----------------------------------------------------------------------------------
    @property
    def selected_run(self) -> Run | None:
        return self.runs[self.selected] if 0 <= self.selected < len(self.runs) else None

    def select(self, index: int) -> None:
        if 0 <= index < len(self.runs) and index != self.selected:
            self.selected = index
            self.selectionChanged.emit(index)

    def _next_colour(self) -> str:
        used = {r.settings.colour for r in self.runs}
        for colour in RUN_COLOURS:
            if colour not in used:
                return colour
        return RUN_COLOURS[len(self.runs) % len(RUN_COLOURS)]

    def add_run(self, settings: RunSettings | None = None) -> int:
        settings = self.new_run_settings("gd") if settings is None else settings
        settings = settings.with_(colour=self._next_colour()) if any(
            r.settings.colour == settings.colour for r in self.runs) else settings
        run = self.make_run(settings)
        run.reset(self.objective)
        self.runs.append(run)
        self.selected = len(self.runs) - 1
        self.runsChanged.emit()
        self.selectionChanged.emit(self.selected)
        self.trajectoriesChanged.emit()
        return self.selected

    def duplicate_run(self, index: int | None = None) -> int:
        index = self.selected if index is None else index
        return self.add_run(self.runs[index].settings.with_(colour=self._next_colour()))

    def remove_run(self, index: int | None = None) -> None:
        index = self.selected if index is None else index
        if len(self.runs) <= 1 or not 0 <= index < len(self.runs):
            return  # always keep one run to steer
        del self.runs[index]
        self.selected = min(self.selected, len(self.runs) - 1)
        self.runsChanged.emit()
        self.selectionChanged.emit(self.selected)
        self.trajectoriesChanged.emit()

    def compare_all_optimizers(self) -> int:
        """Race every optimizer against the user's runs: one run per optimizer is added after them,
        all from the selected run's start, each at the preset's rate for it (torch's 0.01 diverges
        on Rosenbrock for momentum) or its default off a preset. The user's runs keep their
        settings (a tuned adam stays); a run with the same settings as one already there is not
        added twice. Every run restarts, so the race is fair. Returns how many runs were added."""
        present = {_same_run_key(r.settings) for r in self.runs}
        added = 0
        for name in OPTIMIZERS:
            settings = self.new_run_settings(name)
            if _same_run_key(settings) in present:
                continue
            self.runs.append(self.make_run(settings.with_(colour=self._next_colour())))
            added += 1
        self.reset_runs()
        self.runsChanged.emit()
        return added

    def set_runs(self, settings: list[RunSettings]) -> None:
        self.runs = [self.make_run(s) for s in settings] or [self.make_run(RunSettings())]
        self.selected = 0
        self.reset_runs()
        self.runsChanged.emit()
        self.selectionChanged.emit(0)

    def update_run(self, index: int | None = None, **changes) -> None:
        """Change a run's settings (start, noise, colour, ...) and restart it (not for a new colour
        or visibility). A new optimizer goes through :meth:`set_optimizer`, a hyperparameter
        through :meth:`set_hyperparameter`."""
        index = self.selected if index is None else index
        run = self.runs[index]
        restart = any(k not in ("colour", "visible") for k in changes)
        run.settings = run.settings.with_(**changes)
        if restart:
            run.reset(self.objective)
            self.trajectoriesChanged.emit()
        self.runsChanged.emit()

    def set_optimizer(self, name: str, index: int | None = None) -> None:
        """Switch a run to optimizer ``name`` with that optimizer's settings here: the preset's
        rate for it (or its default) and default hyperparameters and noise; start and colour stay."""
        index = self.selected if index is None else index
        fresh = self.new_run_settings(name, self.runs[index].settings.start)
        self.update_run(index, optimizer=fresh.optimizer, hyperparameters=fresh.hyperparameters, noise=None)

    def set_hyperparameter(self, name: str, value, index: int | None = None) -> None:
        """Set a run's hyperparameter ``name`` ("lr", "beta1", ...) to ``value`` (a number or its
        text). Raises KeyError for a name the optimizer does not have and ValueError (saying the
        valid range) for a value it refuses; the run then keeps its settings. The same value as
        now changes nothing (the run goes on)."""
        index = self.selected if index is None else index
        settings = self.runs[index].settings
        value = settings.spec.hyperparameter(name).check(value)
        if settings.spec.resolve(settings.hyperparameters).get(name) == value:
            return
        self.update_run(index, hyperparameters={**settings.hyperparameters, name: value})

    def set_start(self, x: float, y: float = 0.0) -> None:
        if self.selected_run is not None:
            self.update_run(self.selected, start=(float(x), float(y)))

    def reset_runs(self) -> None:
        for run in self.runs:
            run.reset(self.objective)
        self.trajectoriesChanged.emit()

    def step(self, n: int = 1, limit: int | None = None) -> int:
        """Advance every run by up to ``n`` steps (none past ``limit``); returns the most taken.
        The views hear of it when a run moved or changed status: a run that diverges on its next
        step takes no step, yet it is now "diverged" and every view must say so."""
        most = 0
        status_changed = False
        if self.data_mode is not None:
            limit = None  # a run on data stops at its own number of epochs
        for run in self.runs:
            k = n if limit is None else max(0, min(n, limit - run.steps_taken))
            if k:
                before = run.status
                most = max(most, run.step(k))
                status_changed |= run.status != before
        if most or status_changed:
            self.trajectoriesChanged.emit()
        return most

    def off_map(self, run: Run) -> str:
        """Where the run's last point lies outside the plotted range ("x > 2"), "" when on the map."""
        traj = run.trajectory
        if traj is None:
            return ""
        return outside_view(traj.points[-1], self.x_range, self.y_range if traj.dim == 2 else None)

    def all_finished(self, limit: int | None = None) -> bool:
        if self.data_mode is not None:
            limit = None  # as in step: runs on data end with their epochs
        return all(
            run.finished or (limit is not None and run.steps_taken >= limit) for run in self.runs
        )

    # -- persistence ----------------------------------------------------------------------------
    def to_state(self) -> dict:
        """Everything needed to come back to this session, as plain JSON-able values. In the Data
        mode: the function's state, kept meanwhile (a session comes back in the Function mode)."""
        held = self.data_mode.function_state if self.data_mode is not None else None
        shown = held if held is not None else self
        return {
            "version": STATE_VERSION,
            "text": shown.text, "x_range": list(shown.x_range), "y_range": list(shown.y_range),
            "arrow_density": self.arrow_density, "arrow_sign": self.arrow_sign,
            "runs": [r.settings.to_dict() for r in shown.runs], "selected": shown.selected,
        }

    def restore_state(self, state) -> None:
        """Come back to a saved state; raises :class:`StateError` (saying why) and changes nothing
        when it is unreadable, older than version 1 or from a newer gdexplorer."""
        if not isinstance(state, dict):
            raise StateError(translate("Session", "the saved state is not a session ({type})").format(
                type=type(state).__name__))
        version = state.get("version", OLDEST_STATE_VERSION)  # version 1 was saved without a number
        if not isinstance(version, int) or isinstance(version, bool):
            raise StateError(translate("Session", "the saved state has no readable version ({version})").format(
                version=repr(version)))
        if version > STATE_VERSION:
            raise StateError(translate("Session", "the saved state is from a newer gdexplorer (state version "
                                       "{version}; this one reads {oldest} to {newest})").format(
                version=version, oldest=OLDEST_STATE_VERSION, newest=STATE_VERSION))
        if version < OLDEST_STATE_VERSION:
            raise StateError(translate("Session", "the saved state is too old to read (state version {version})")
                             .format(version=version))
        try:
            text = state["text"]
            if not isinstance(text, str):
                raise TypeError(translate("Session", "text is {type}").format(type=type(text).__name__))
            x_range = _range(state["x_range"])
            y_range = _range(state["y_range"])
            arrow_density = int(state.get("arrow_density", self.arrow_density))
            arrow_sign = -1 if int(state.get("arrow_sign", -1)) < 0 else 1
            runs = [RunSettings.from_dict(d) for d in state["runs"]]
            selected = int(state.get("selected", 0))
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise StateError(translate("Session", "the saved state could not be read ({reason})").format(
                reason=exc)) from None
        if not runs:
            raise StateError(translate("Session", "the saved state has no runs"))
        self.text, self.x_range, self.y_range = text, x_range, y_range
        self.arrow_density, self.arrow_sign = arrow_density, arrow_sign
        self.runs = [Run(s) for s in runs]
        self.selected = min(max(selected, 0), len(self.runs) - 1)
        self._force_reset = True  # the restored runs start on the restored function
        self.runsChanged.emit()
        self.selectionChanged.emit(self.selected)
        self.refresh()


def _checked_ranges(x_range, y_range, dim: int) -> tuple[tuple[float, float], tuple[float, float]]:
    x_range, y_range = tuple(map(float, x_range)), tuple(map(float, y_range))
    if not all(math.isfinite(v) for v in x_range + y_range):
        raise ValueError(translate("Session", "ranges must be finite"))
    if not x_range[0] < x_range[1]:
        raise ValueError(translate("Session", "x min must be less than x max"))
    if dim == 2 and not y_range[0] < y_range[1]:
        raise ValueError(translate("Session", "y min must be less than y max"))
    return x_range, y_range


def _range(values) -> tuple[float, float]:
    low, high = (float(v) for v in values)
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(translate("Session", "range {values} is not finite").format(values=repr(values)))
    return low, high


def _same_run_key(settings: RunSettings) -> tuple:
    """What makes two runs walk the same path (not their colour or visibility)."""
    spec = settings.spec
    noise = spec.default_noise if settings.noise is None else settings.noise
    try:
        resolved = tuple(sorted(spec.resolve(settings.hyperparameters).items()))
    except (KeyError, ValueError):  # settings the run itself refuses (shown as its error): unlike any
        return (id(settings),)
    data = (getattr(settings, "batch_size", None), getattr(settings, "epochs", None))  # a run on data
    return (spec.name, resolved, noise, tuple(settings.start), settings.seed, data, settings.schedule, settings.clip)
