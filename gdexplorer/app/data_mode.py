"""The Data mode (issue 11, seed 002): runs train a model's two parameters (w, b) on data, racing on
the full-data loss surface, beside the Function mode where they descend a typed function.

* :class:`DataRunSettings` is a run's settings plus its batch size (1: SGD, m: mini-batch, None:
  all the data, i.e. gradient descent) and its number of epochs;
* :class:`DataRun` is a run that trains with :class:`gdexplorer.core.fit.Trainer`. It has what the
  views read of :class:`gdexplorer.app.runs.Run` (settings, step, trajectory, status, ...), so the
  map, the surface, the runs table and the inspector show it unchanged; its trajectory's f and ∇f
  are the full-data loss and gradient along its path;
* :class:`DataMode` is the controller the window talks to: it switches the :class:`Session` between
  the two modes (each keeps its landscape, runs and selection while the other is shown), makes the
  data (synthetic or a CSV file, in a worker with progress and Cancel), asks the session's compute
  worker for the loss landscape, and holds the race's clock (a Step is one epoch or one update).

The session calls back into a DataMode through a few hooks while ``session.data_mode`` is set (see
Session: make_run, new_run_settings, refresh, step); nothing here touches a widget.
"""
from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field, replace
from typing import Callable

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.app.jobs import JobRunner
from gdexplorer.app.runs import RUN_COLOURS, RunSettings, used_state
from gdexplorer.core.descent import Trajectory
from gdexplorer.core.fit import SEED_002, Dataset, FitError, Trainer, compile_kernels, load_csv, synthetic
from gdexplorer.core.fit.kernels import MODELS as FIT_MODELS
from gdexplorer.core.fit import objective as fit_objective
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.core.optimizers import get_optimizer
from gdexplorer.scene.export import RunRecord
from gdexplorer.scene.landscape import Landscape, LandscapeRequest, build_landscape

#: what one Step (and one Play tick's step) of the race is: every run finishes its current epoch
#: (the same data seen by all: seed 002's comparison), or every run makes one update
CLOCKS = {"epoch": QT_TRANSLATE_NOOP("DataMode", "one epoch"), "update": QT_TRANSLATE_NOOP("DataMode", "one update")}
DEFAULT_CLOCK = "epoch"
#: a run's share of the UI thread per call: an epoch of SGD over a million samples is split over
#: several calls rather than freezing the window (estimated from measured costs: ~150 ns an update
#: plus ~5 ns (linear) or ~40 ns (logistic) a sample). What a Step asks for and one call cannot do
#: is owed, and done by the DataMode's catch-up timer (CATCH_UP_MS), at most MAX_OWED_EPOCHS ahead.
STEP_BUDGET_S = 0.008
CATCH_UP_MS = 30
MAX_OWED_EPOCHS = 2
UPDATE_COST_S = 150e-9
SAMPLE_COST_S = {"linear": 5e-9, "logistic": 40e-9}
#: path points a run records per step (more updates than that: every k-th is kept, and the last),
#: and in all (beyond it every other point goes): a million-update epoch must not hold 48 MB a run
PATH_POINTS_PER_STEP = 20_000
MAX_PATH_POINTS = 400_000
LOAD_KIND = "data"
DEFAULT_SOURCE_MODEL = "linear"


# -------------------------------------------------------------------------------------------------
# a run on data
# -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DataRunSettings(RunSettings):
    """A run's settings in the Data mode: its optimizer and hyperparameters (lr among them), start
    (w₀, b₀), colour and seed (the shuffles'), plus ``batch_size`` (None: every sample, i.e. full-batch
    gradient descent) and ``epochs``."""

    batch_size: int | None = SEED_002["batch_size"]
    epochs: int = SEED_002["epochs"]

    @property
    def learning_rate(self) -> float:
        """The step size: the "lr" override, else seed 002's 0.02 (the Trainer's default for every optimizer)."""
        lr = self.hyperparameters.get("lr")
        return float(SEED_002["lr"] if lr is None else lr)

    effective_learning_rate = learning_rate

    @property
    def batch_text(self) -> str:
        """'full batch' (gradient descent), 'batch 1' (SGD) or 'batch m' (mini-batch)."""
        return "full batch" if self.batch_size is None else f"batch {self.batch_size}"

    @property
    def label(self) -> str:
        """What the runs table and the inspector call the run, in the interface's language (batch_text
        stays English: it goes into exported files)."""
        batch = translate("DataMode", "full batch") if self.batch_size is None else translate(
            "DataMode", "batch {size}").format(size=self.batch_size)
        return f"{self.optimizer}  α={self.learning_rate:g}  {batch}"


class PathRecord:
    """A run's path as drawn: row 0 the start, then (w, b) after recorded updates, each with its
    update number and the loss of its batch; the full-data loss and gradient at each row are filled
    in on demand (:meth:`fill_values`). Grows by doubling; decimated as PATH_POINTS_PER_STEP and
    MAX_PATH_POINTS say, so the rows are every update for all but very long runs."""

    def __init__(self, start):
        cap = 1024
        self.points = np.zeros((cap, 2))
        self.updates = np.zeros(cap, dtype=np.int64)
        self.batch_loss = np.full(cap, np.nan)
        self.f = np.zeros(cap)
        self.grad = np.zeros((cap, 2))
        self.size = 1
        self.valued = 0  # rows whose f and grad are filled in
        self.points[0] = start

    def _reserve(self, extra: int) -> None:
        need = self.size + extra
        if need <= self.points.shape[0]:
            return
        cap = max(need, 2 * self.points.shape[0])
        for name in ("points", "updates", "batch_loss", "f", "grad"):
            old = getattr(self, name)
            new = np.full((cap,) + old.shape[1:], np.nan) if name == "batch_loss" else np.zeros((cap,) + old.shape[1:],
                                                                                                dtype=old.dtype)
            new[: self.size] = old[: self.size]
            setattr(self, name, new)

    def append(self, updates, w, b, batch_loss) -> bool:
        """Record these updates' rows; True when older rows were thinned out to make room."""
        count = len(updates)
        if count == 0:
            return False
        if count > PATH_POINTS_PER_STEP:  # every k-th update, and always the last
            keep = np.unique(np.append(np.arange(count - 1, -1, -math.ceil(count / PATH_POINTS_PER_STEP)), count - 1))
            updates, w, b, batch_loss = updates[keep], w[keep], b[keep], batch_loss[keep]
            count = keep.size
        self._reserve(count)
        rows = slice(self.size, self.size + count)
        self.updates[rows] = updates
        self.points[rows, 0] = w
        self.points[rows, 1] = b
        self.batch_loss[rows] = batch_loss
        self.size += count
        if self.size > MAX_PATH_POINTS:
            self._thin()
            return True
        return False

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in ("points", "updates", "batch_loss", "f", "grad"))

    def _thin(self) -> None:
        keep = np.unique(np.concatenate([np.arange(0, self.size, 2), [self.size - 1]]))
        for name in ("points", "updates", "batch_loss", "f", "grad"):
            array = getattr(self, name)
            array[: keep.size] = array[keep]
        self.valued = int(np.searchsorted(keep, self.valued))  # rows kept among those valued
        self.size = keep.size

    def fill_values(self, objective: DataObjective) -> None:
        if self.valued < self.size:
            rows = slice(self.valued, self.size)
            f, gw, gb = objective.path_values(self.points[rows, 0], self.points[rows, 1])
            self.f[rows] = f
            self.grad[rows, 0] = gw
            self.grad[rows, 1] = gb
            self.valued = self.size


class DataDescent:
    """What the views read of a function run's Descent, for a run on data: its identity (the views
    key their per-run caches on it: a new one when the run restarts or its path is thinned), the
    optimizer's spec, hyperparameters and state, the updates made and the trajectory."""

    def __init__(self, run: "DataRun"):
        self._run = run

    @property
    def spec(self):
        return self._run.trainer.spec

    @property
    def hyperparameters(self) -> dict[str, float]:
        return self._run.trainer.hyperparameters

    @property
    def state(self) -> np.ndarray:
        """The optimizer's state vectors, one row per name of ``spec.state_names`` (as Descent.state)."""
        trainer = self._run.trainer
        rows = trainer.optimizer_state()
        return np.array([rows[name] for name in trainer.spec.state_names]).reshape(-1, 2)

    @property
    def t(self) -> int:
        return self._run.trainer.t

    @property
    def trajectory(self) -> Trajectory:
        return self._run.trajectory

    @property
    def finished(self) -> bool:
        return self._run.finished


class DataRun:
    """One racer on data: its settings and the live :class:`Trainer` (what the views read of a
    function's Run, with the full-data loss as f). ``clock`` says what a step is ("epoch" or "update")."""

    def __init__(self, settings: DataRunSettings, clock: Callable[[], str] = lambda: DEFAULT_CLOCK,
                 owing: Callable[[], None] = lambda: None):
        self.settings = settings
        self.clock = clock
        self.owing = owing  # called when a step leaves updates owed (the DataMode then catches up)
        self.owed = 0  # updates asked for by steps and not made yet
        self.trainer: Trainer | None = None
        self.objective: DataObjective | None = None
        self.error = ""
        self.path: PathRecord | None = None
        self.descent: DataDescent | None = None  # what the views read of a Run's descent (see DataDescent)
        self._trajectory: Trajectory | None = None

    def reset(self, objective: DataObjective | None) -> None:
        """Back to the start on ``objective``'s data (None: no data yet)."""
        self.trainer, self.path, self.descent, self._trajectory, self.error = None, None, None, None, ""
        self.owed = 0
        self.objective = objective
        if objective is None:
            return
        s = self.settings
        try:
            self.trainer = Trainer(objective.data, s.optimizer, hyperparameters=s.hyperparameters,
                                   batch_size=s.batch_size, epochs=s.epochs, start=tuple(s.start[:2]), seed=s.seed,
                                   keep_trace=False, schedule=s.schedule or None, clip=s.clip or None)
        except FitError as exc:
            self.error = _reason(exc)
            return
        self.path = PathRecord(self.trainer.start)
        self.descent = DataDescent(self)

    def _updates_per_call(self) -> int:
        """The most updates one call may make within STEP_BUDGET_S (at least one)."""
        trainer = self.trainer
        cost = UPDATE_COST_S + trainer.batch_size * SAMPLE_COST_S[trainer.data.model]
        return max(1, int(STEP_BUDGET_S / cost))

    def step(self, n: int) -> int:
        """Advance by ``n`` steps of the clock (epochs or updates): the updates they ask for are
        made now as far as the step budget allows, the rest owed (see :meth:`catch_up`); returns
        the updates made now (0 when the run has finished or stopped)."""
        trainer = self.trainer
        if trainer is None or trainer.finished or n <= 0:
            return 0
        target = trainer.t + self.owed
        if self.clock() == "epoch":
            per_epoch = trainer.updates_per_epoch
            target = (target // per_epoch + n) * per_epoch  # to the end of the epoch, then n - 1 more
            target = min(target, trainer.t + MAX_OWED_EPOCHS * per_epoch)
        else:
            target = min(target + n, trainer.t + max(n, self._updates_per_call()))
        self.owed = max(0, min(target, trainer.total_updates) - trainer.t)
        return self.catch_up()

    def advance_to(self, updates: int) -> int:
        """Owe the updates up to ``updates`` made in all (a restored run's saved count; never past its
        last epoch) and make what one call's budget allows now (the rest as :meth:`catch_up` does)."""
        trainer = self.trainer
        if trainer is None:
            return 0
        self.owed = max(0, min(int(updates), trainer.total_updates) - trainer.t)
        return self.catch_up()

    def catch_up(self) -> int:
        """Make the owed updates, as many as one call's budget allows; returns how many."""
        trainer = self.trainer
        if trainer is None or trainer.finished or self.owed <= 0:
            self.owed = 0
            return 0
        chunk = trainer.step(min(self.owed, self._updates_per_call()))
        rows = chunk.updates
        self.owed = 0 if trainer.finished else max(0, self.owed - len(rows))
        if self.path.append(rows.update, rows.w, rows.b, rows.batch_loss):
            self.descent = DataDescent(self)  # rows were thinned: the views' caches start again
        self._trajectory = None
        if self.owed:
            self.owing()
        return len(rows)

    @property
    def steps_taken(self) -> int:
        """Updates made (an epoch is ceil(n / batch) of them)."""
        return 0 if self.trainer is None else self.trainer.t

    @property
    def trajectory(self) -> Trajectory | None:
        if self.trainer is None:
            return None
        if self._trajectory is None:
            path = self.path
            path.fill_values(self.objective)
            k = path.size
            trainer = self.trainer
            self._trajectory = Trajectory(path.points[:k], path.f[:k], path.grad[:k], trainer.status,
                                          None if trainer.status == "ok" else trainer.t + 1, trainer.message)
        return self._trajectory

    @property
    def finished(self) -> bool:
        return self.trainer is None or self.trainer.finished

    @property
    def stored_bytes(self) -> int:
        return 0 if self.path is None else self.path.nbytes

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "ok" if self.trainer is None else self.trainer.status

    def used_state(self) -> dict[str, np.ndarray]:
        if self.trainer is None:
            return {}
        names = used_state(self.trainer.spec, self.trainer.hyperparameters)
        return {k: v for k, v in self.trainer.optimizer_state().items() if k in names}

    # -- what only a run on data has -------------------------------------------------------------
    @property
    def point(self) -> tuple[float, float] | None:
        """(w, b) now."""
        return None if self.trainer is None else (self.trainer.w, self.trainer.b)

    @property
    def epoch_rows(self):
        """The trainer's rows, one per epoch (row 0 the start): the full-data loss at each epoch's end."""
        return None if self.trainer is None else self.trainer.epoch_rows

    def update_losses(self) -> tuple[np.ndarray, np.ndarray]:
        """(update number, batch loss) of the recorded updates: the loss each update followed."""
        if self.path is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        k = self.path.size
        return self.path.updates[1:k], self.path.batch_loss[1:k]

    def gradients(self):
        """(full, batch) at the current point: the full-data (L, ∂L/∂w, ∂L/∂b) and the next update's
        batch (loss, ∂/∂w, ∂/∂b), the latter None once the run has finished."""
        if self.trainer is None:
            return None, None
        return self.trainer.full_gradient(), self.trainer.next_batch_gradient()

    def record(self) -> RunRecord:
        s = self.settings
        note = f"not run: {self.error}" if self.error else f"{s.batch_text}, {s.epochs} epochs"
        values = dict(self.trainer.hyperparameters) if self.trainer is not None else {"lr": s.learning_rate}
        switches = frozenset(hp.name for hp in s.spec.hyperparameters if hp.kind == "bool")
        return RunRecord(s.optimizer, values, tuple(s.start), 0.0, s.seed, self.trajectory, note, switches)


def seed_002_runs() -> list[DataRunSettings]:
    """Seed 002's three runs, lr 0.02 and 50 epochs from (0, 0): full batch (its 1000 samples), SGD
    (batch 1) and mini-batch 50."""
    lr = {"lr": SEED_002["lr"]}
    return [DataRunSettings(optimizer="gd", hyperparameters=dict(lr), start=(0.0, 0.0), colour=RUN_COLOURS[k],
                            batch_size=batch, epochs=SEED_002["epochs"])
            for k, batch in enumerate((None, 1, SEED_002["batch_size"]))]


# -------------------------------------------------------------------------------------------------
# the data and its landscape
# -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DataSource:
    """Where the data comes from: seed 002's synthetic draw (n, w, b, noise, seed) or a CSV file."""

    kind: str = "synthetic"  # or "csv"
    n: int = SEED_002["n"]
    w: float = SEED_002["w"]
    b: float = SEED_002["b"]
    noise: float = SEED_002["noise"]
    seed: int = 0
    model: str = DEFAULT_SOURCE_MODEL
    path: str = ""

    def make(self, progress=lambda fraction, text: None) -> Dataset:
        if self.kind == "csv":
            return load_csv(self.path, self.model, progress=progress)
        return synthetic(self.n, self.w, self.b, self.noise, model=self.model, seed=self.seed)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d) -> "DataSource":
        """A source saved by :meth:`to_dict`; ValueError or TypeError saying which field is wrong."""
        if not isinstance(d, dict):
            raise TypeError(translate("DataMode", "the data source is {kind}, not an object").format(
                kind=type(d).__name__))
        base = cls()
        kind, model, path = d.get("kind", base.kind), d.get("model", base.model), d.get("path", "")
        if kind not in ("synthetic", "csv"):
            raise ValueError(translate("DataMode", "the data source's kind is {kind} (synthetic or csv)").format(
                kind=repr(kind)))
        if model not in FIT_MODELS:
            raise ValueError(translate("DataMode", "the model is {model} (linear or logistic)").format(
                model=repr(model)))
        if not isinstance(path, str) or (kind == "csv" and not path):
            raise ValueError(translate("DataMode", "a CSV data source needs the file's path"))
        n, seed = (d.get(k, getattr(base, k)) for k in ("n", "seed"))
        if not _whole(n) or n < 2 or not _whole(seed) or seed < 0:
            raise ValueError(translate("DataMode", "n = {n} and seed = {seed} must be whole numbers "
                                                   "(n >= 2, seed >= 0)").format(n=repr(n), seed=repr(seed)))
        w, b, noise = (float(d.get(k, getattr(base, k))) for k in ("w", "b", "noise"))
        if not all(math.isfinite(v) for v in (w, b, noise)) or noise < 0:
            raise ValueError(translate("DataMode", "w = {w}, b = {b} and noise = {noise} must be finite "
                                                   "(noise >= 0)").format(w=repr(w), b=repr(b), noise=repr(noise)))
        return cls(kind, int(n), w, b, noise, int(seed), model, path)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _reason(exc: BaseException) -> str:
    """What ``exc`` says: the core's message it was raised with (its template kept for the window to
    translate), else its text."""
    arg = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else None
    return arg if arg is not None else str(exc)


@dataclass(frozen=True)
class LoadError:
    """Data that could not be made (a malformed file, a bad field): the load job's result."""

    reason: str  # the core's message (a Message: the window translates it)


def make_objective(source: DataSource, progress=lambda fraction, text: None,
                   reuse: Dataset | None = None) -> DataObjective:
    """Load the kernels, make the data (or re-read ``reuse``'s samples under ``source.model``) and
    its objective (key, minimum): a worker's job. ``progress`` is told what is done in the
    interface's language (QCoreApplication.translate is thread-safe)."""
    progress(0.0, translate("DataMode", "loading the training kernels"))
    compile_kernels()
    fit_objective.warm()
    if reuse is not None:
        progress(0.3, translate("DataMode", "checking the data for linear regression") if source.model == "linear"
                 else translate("DataMode", "checking the data for logistic regression"))
        data = Dataset(reuse.x, reuse.y, source.model, reuse.name, reuse.columns)
    elif source.kind == "csv":
        data = source.make(lambda fraction, text: progress(0.05 + 0.8 * fraction, tr_message(text)))
    else:
        progress(0.2, translate("DataMode", "drawing {n} samples").format(n=source.n))
        data = source.make()
    progress(0.9, translate("DataMode", "finding the minimum of the loss"))
    objective = DataObjective(data)
    progress(1.0, translate("DataMode", "ready"))
    return objective


def load_job(source: DataSource, reuse: Dataset | None = None):
    """The worker's job making ``source``'s objective: (source, DataObjective), or (source, LoadError)
    for bad data (a ValueError: the core's DataError and FitError), whose message keeps its template."""
    def job(progress):
        try:
            return source, make_objective(source, progress, reuse)
        except ValueError as exc:
            return source, LoadError(_reason(exc))
    return job


def build_data_landscape(objective: DataObjective, request: LandscapeRequest) -> Landscape:
    """The loss landscape over (w, b) with the minimum starred (a worker's job)."""
    compile_kernels()
    fit_objective.warm()
    land = build_landscape(objective, request)
    minimum = objective.minimum
    if minimum is None:
        return land
    (w0, w1), (b0, b1) = request.x_range, request.y_range
    inside = w0 <= minimum[0] <= w1 and b0 <= minimum[1] <= b1
    return replace(land, minima=(minimum,) if inside else ())


@dataclass
class ModeState:
    """What one mode shows, kept while the other mode is on."""

    text: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    runs: list = field(default_factory=list)
    selected: int = 0
    landscape: Landscape | None = None
    error: object = None

    @classmethod
    def capture(cls, session) -> "ModeState":
        return cls(session.text, session.x_range, session.y_range, session.runs, session.selected,
                   session.landscape, session.error)

    def restore(self, session) -> None:
        session.text, session.x_range, session.y_range = self.text, self.x_range, self.y_range
        session.runs, session.selected = self.runs, self.selected
        session.landscape, session.error = self.landscape, self.error


# -------------------------------------------------------------------------------------------------
# the Data mode in a workspace
# -------------------------------------------------------------------------------------------------
#: the layout of :meth:`DataMode.to_state` (a workspace's optional "data" object)
DATA_STATE_VERSION = 1


class DataStateError(ValueError):
    """A saved Data mode this gdexplorer cannot read (the message says why)."""


@dataclass(frozen=True)
class SavedData:
    """The Data mode as a workspace keeps it, read and checked (:func:`read_state`)."""

    mode: str  # "data": shown; "function": kept for when the Data tab is chosen
    source: DataSource
    data_key: str  # the samples' digest (DataObjective.key) when saved: "" unknown
    clock: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    runs: tuple[DataRunSettings, ...]
    selected: int
    steps: tuple[int, ...]  # updates each run had made


MAX_SAVED_EPOCHS = 100_000  # the Data panel's epochs box goes this far
MAX_SAVED_UPDATES = 10_000_000  # updates a saved run may ask to be stepped back to when opened


def read_state(state) -> SavedData:
    """The saved Data mode in ``state`` (what :meth:`DataMode.to_state` wrote), checked; raises
    DataStateError saying what is wrong (nothing is applied)."""
    if not isinstance(state, dict):
        raise DataStateError(translate("DataMode", "the Data mode is saved as {kind}, not an object").format(
            kind=type(state).__name__))
    version = state.get("version")
    if not _whole(version) or version < 1:
        raise DataStateError(translate("DataMode", "the Data mode has no readable version ({version})").format(
            version=repr(version)))
    if version > DATA_STATE_VERSION:
        raise DataStateError(translate("DataMode", "the Data mode was saved by a newer gdexplorer (version {version}; "
                                                   "this one reads {known})").format(version=version,
                                                                                    known=DATA_STATE_VERSION))
    try:
        mode = state.get("mode", "data")
        if mode not in ("data", "function"):
            raise ValueError(translate("DataMode", "the mode is {mode} (data or function)").format(mode=repr(mode)))
        clock = state.get("clock", DEFAULT_CLOCK)
        if clock not in CLOCKS:
            raise ValueError(translate("DataMode", "the clock is {clock} (epoch or update)").format(clock=repr(clock)))
        source = DataSource.from_dict(state["source"])
        x_range, y_range = (_saved_range(state[k]) for k in ("x_range", "y_range"))
        runs = tuple(DataRunSettings.from_dict(d) for d in state["runs"])
        for run in runs:
            _check_run(run)
        steps = [int(v) for v in state.get("run_steps", [])]
        if any(v < 0 for v in steps):
            raise ValueError(translate("DataMode", "a run's step count is negative"))
        if any(v > MAX_SAVED_UPDATES for v in steps):  # (a hand-edited file must not ask for an endless restore)
            raise ValueError(translate("DataMode", "a run's step count is over {limit}").format(limit=MAX_SAVED_UPDATES))
        selected = int(state.get("selected", 0))
        key = state.get("data_key", "")
    except KeyError as exc:  # a missing field, or an optimizer this gdexplorer does not have
        name = exc.args[0] if exc.args else ""
        if name in ("source", "x_range", "y_range", "runs"):
            raise DataStateError(translate("DataMode", "the Data mode could not be read (no {name})").format(
                name=name)) from None
        raise DataStateError(translate("DataMode", "the Data mode could not be read ({reason})").format(
            reason=tr_message(name) if isinstance(name, str) else exc)) from None
    except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:  # (int(Infinity), a 400-digit number)
        raise DataStateError(translate("DataMode", "the Data mode could not be read ({reason})").format(
            reason=tr_message(exc))) from None
    if not runs:
        raise DataStateError(translate("DataMode", "the Data mode has no runs"))
    steps = tuple((steps + [0] * len(runs))[: len(runs)])
    return SavedData(mode, source, str(key or ""), clock, x_range, y_range, runs,
                     min(max(selected, 0), len(runs) - 1), steps)


def _saved_range(values) -> tuple[float, float]:
    low, high = (float(v) for v in values)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(translate("DataMode", "the range {low:g} to {high:g} is not an interval").format(
            low=low, high=high))
    return low, high


def _check_run(settings: DataRunSettings) -> None:
    size, epochs = settings.batch_size, settings.epochs
    if size is not None and (not _whole(size) or size < 1):
        raise ValueError(translate("DataMode", "a run's batch size is {size}").format(size=repr(size)))
    if not _whole(epochs) or not 0 <= epochs <= MAX_SAVED_EPOCHS:
        raise ValueError(translate("DataMode", "a run's epochs are {epochs}").format(epochs=repr(epochs)))
    if len(settings.start) != 2 or not all(math.isfinite(float(v)) for v in settings.start):
        raise ValueError(translate("DataMode", "a run's start is {start}").format(start=repr(settings.start)))


# -------------------------------------------------------------------------------------------------
# the controller
# -------------------------------------------------------------------------------------------------
class DataMode(QObject):
    modeChanged = Signal(bool)  # True: the Data mode is on
    dataChanged = Signal()  # a new data set is in place (its landscape follows)
    loadStarted = Signal(str)  # what is being made or read
    loadProgress = Signal(float, str)
    loadFinished = Signal()
    #: the field it concerns ("csv", "model", "synthetic") and why (the core's message: translate it
    #: with app.i18n.tr_message)
    loadFailed = Signal(str, object)
    loadCancelled = Signal()
    #: the field it concerns ("csv", "synthetic") and what the user should know of the data now in
    #: use (a workspace's CSV file changed since it was saved)
    loadWarning = Signal(str, object)
    clockChanged = Signal(str)
    restoreFinished = Signal()  # a workspace's Data mode is in place, its runs at their saved steps

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        # its own runner: explorer.jobs cancels every job when a landscape changes (a pan of the
        # map must not cancel a file being read)
        self.jobs = JobRunner(parent=self)
        self.jobs.progress.connect(lambda kind, f, text: self.loadProgress.emit(f, text) if kind == LOAD_KIND else None)
        self.jobs.finished.connect(self._on_loaded)
        self.jobs.failed.connect(self._on_load_failed)
        self.jobs.cancelled.connect(lambda kind: self.loadCancelled.emit() if kind == LOAD_KIND else None)
        self.active = False
        self.objective: DataObjective | None = None
        self.source = DataSource()
        self.clock = DEFAULT_CLOCK
        # runs on big data that owe updates (a Step asked for more than one call may do) catch up here
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setInterval(CATCH_UP_MS)
        self._catch_up_timer.timeout.connect(self.catch_up)
        self._pending: DataSource | None = None  # the source a job is making
        self._function: ModeState | None = None  # the Function mode's, while the Data mode is on
        self._data: ModeState | None = None  # the Data mode's, while the Function mode is on
        self._restoring: SavedData | None = None  # a workspace's, until its runs are stepped (restore)
        self._restore_waiting = False  # its runs are catching up to their saved steps
        self._fallback_notice = None  # why a workspace's data was replaced (said once the stand-in is in)
        #: the last CSV source that could not be used (its field shows the path)
        self.failed_source: DataSource | None = None
        session.landscapeChanged.connect(self._finish_restore)

    # -- switching modes ----------------------------------------------------------------------------
    @property
    def function_state(self) -> ModeState | None:
        """The Function mode's state while the Data mode is on (what a saved session keeps)."""
        return self._function if self.active else None

    def set_active(self, on: bool) -> None:
        self.enter() if on else self.leave()

    def enter(self) -> None:
        """Show the data: its landscape, runs and selection as they were left (the first time:
        seed 002's data and three runs). The function's state is kept for :meth:`leave`."""
        if self.active:
            return
        session = self.session
        self._function = ModeState.capture(session)
        state = self._data
        if state is None:
            ranges = self.objective.view_ranges() if self.objective is not None else ((-3.0, 7.0), (-3.0, 7.0))
            state = ModeState("", *ranges, [self.make_run(s) for s in seed_002_runs()], 2)
        self.active = True
        session.data_mode = self
        state.restore(session)
        self._announce()
        if self.objective is None:
            if not self.jobs.running(LOAD_KIND):
                self.load(self.source)
        elif session.landscape is None or session.landscape.objective is not self.objective \
                or session.landscape.request != self.request():
            session.refresh()
        if self.owed:
            self._catch_up_timer.start()  # steps asked for before the switch are finished
        self.modeChanged.emit(True)

    def leave(self) -> None:
        """Back to the function, its runs and selection as they were (the data's are kept)."""
        if not self.active:
            return
        session = self.session
        self._data = ModeState.capture(session)
        self.active = False
        session.data_mode = None
        self._function.restore(session)
        self._function = None
        self._announce()
        session.expressionChecked.emit(session.error)
        if session.landscape is None or session.landscape.request != session.request():
            session.refresh()
        self.modeChanged.emit(False)

    def _announce(self) -> None:
        """Tell every view that the session now shows the other mode's state."""
        session = self.session
        session.runsChanged.emit()
        session.selectionChanged.emit(session.selected)
        if session.landscape is not None:
            session.landscapeChanged.emit()
        session.trajectoriesChanged.emit()
        session.busyChanged.emit(session.compute.busy)

    # -- the session's hooks (while session.data_mode is self) --------------------------------------------
    def make_run(self, settings: RunSettings) -> DataRun:
        if not isinstance(settings, DataRunSettings):
            settings = DataRunSettings(**{k: getattr(settings, k) for k in RunSettings.__dataclass_fields__})
            # the trainer takes no learning-rate schedule or gradient clipping (the Function mode's)
            settings = replace(settings, **{k: RunSettings.__dataclass_fields__[k].default
                                            for k in ("schedule", "clip") if k in RunSettings.__dataclass_fields__})
        return DataRun(settings, lambda: self.clock, self._catch_up_timer.start)

    def new_run_settings(self, optimizer: str, start, **changes) -> DataRunSettings:
        """A new run of ``optimizer`` on the data: seed 002's rate, the selected run's batch size and epochs."""
        spec = get_optimizer(optimizer)
        selected = self.session.selected_run
        like = selected.settings if selected is not None and isinstance(selected.settings, DataRunSettings) \
            else DataRunSettings()
        return DataRunSettings(optimizer=spec.name, start=tuple(start), hyperparameters={"lr": SEED_002["lr"]},
                               batch_size=like.batch_size, epochs=like.epochs).with_(**changes)

    def request(self) -> LandscapeRequest | None:
        s, objective = self.session, self.objective
        if objective is None:
            return None
        return LandscapeRequest(objective.source, s.x_range, s.y_range, s.arrow_density, s.arrow_sign,
                                resolution=objective.resolution())

    def request_landscape(self) -> bool:
        """Ask the compute worker for the loss landscape; False when there is no data yet."""
        request = self.request()
        if request is None:
            return False
        objective = self.objective
        self.session.compute.request_landscape(request, build=lambda: build_data_landscape(objective, request))
        return True

    # -- the data ---------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self.jobs.running(LOAD_KIND)

    def load(self, source: DataSource) -> None:
        """Make the data of ``source`` in a worker (progress, Cancel); when it is ready it replaces
        the data, and a failure (a malformed file) changes nothing."""
        if self._restoring is not None and source != self._restoring.source:
            self._restoring = None  # other data asked for: the workspace's steps no longer apply
        reuse = None
        if source.kind == self.source.kind == "csv" and source.path == self.source.path \
                and self.objective is not None and source.model != self.source.model:
            reuse = self.objective.data  # a new model for the same file: its samples, checked anew
        self._pending = source
        self.loadStarted.emit(source.path if source.kind == "csv" else translate(
            "DataMode", "synthetic data, n = {n}").format(n=source.n))
        self.jobs.submit(LOAD_KIND, load_job(source, reuse))

    def set_synthetic(self, **fields) -> None:
        """Seed 002's kind of data with these fields (n, w, b, noise, seed, model) changed."""
        base = self.source if self.source.kind == "synthetic" else DataSource(model=self.source.model)
        self.load(replace(base, kind="synthetic", path="", **fields))

    def open_csv(self, path: str, model: str | None = None) -> None:
        self.load(DataSource(kind="csv", path=str(path), model=model or self.source.model))

    def set_model(self, model: str) -> None:
        """Linear or logistic regression on the same data (synthetic: drawn for that model)."""
        if model != self.source.model:
            self.load(replace(self.source, model=model))

    def cancel_load(self) -> None:
        self.jobs.cancel(LOAD_KIND)

    def _on_loaded(self, kind: str, result) -> None:
        if kind != LOAD_KIND:
            return
        source, objective = result
        if isinstance(objective, LoadError):
            self._pending = source
            self._failed(objective.reason)
            return
        self._pending = None
        if self._fallback_notice is None:
            self.failed_source = None
        self.source = source
        self.install(objective)
        self.loadFinished.emit()
        saved = self._restoring
        if saved is not None and saved.data_key and objective.key != saved.data_key:
            self._warn(saved.source, objective)
        if self._fallback_notice is not None:
            notice, self._fallback_notice = self._fallback_notice, None
            self.loadWarning.emit("csv", notice)

    def _on_load_failed(self, kind: str, message: str) -> None:
        """A load job that raised (not bad data, which comes back as a LoadError): its first line."""
        if kind != LOAD_KIND:
            return
        self._failed(message.splitlines()[0] if message else translate("DataMode", "the data could not be made"))

    def _failed(self, first: str) -> None:
        """The pending source could not be made: say why by its field (nothing changes)."""
        source, self._pending = self._pending, None
        if self._restoring is not None and source == self._restoring.source:
            self._restore_failed(translate("DataMode", "The workspace's data could not be read: {reason}").format(
                reason=tr_message(first)))
            return
        if source is not None and source.kind == "csv":
            self.failed_source = source
        where = "csv" if source is not None and source.kind == "csv" else "synthetic"
        if source is not None and source.model != self.source.model and "label" in first:
            where = "model"
        self.loadFailed.emit(where, first)

    def install(self, objective: DataObjective) -> None:
        """Train on ``objective``'s data from now on: the map frames the start and the minimum, and
        the runs restart on it when its landscape arrives."""
        self.objective = objective
        s = self.session
        start = s.selected_run.settings.start if self.active and s.selected_run is not None else (0.0, 0.0)
        ranges = objective.view_ranges(start)
        # a workspace's data (or what stands in for its missing file): its saved (w, b) ranges stay
        keep = self._restoring is not None or self._fallback_notice is not None
        if self.active:
            if not keep:
                s.x_range, s.y_range = ranges
            s.refresh()
        else:
            if self._data is not None and not keep:
                self._data.x_range, self._data.y_range = ranges
        self.dataChanged.emit()

    def fit_ranges(self) -> None:
        """Frame the selected run's start and the minimum again."""
        if self.active and self.objective is not None:
            run = self.session.selected_run
            self.session.set_ranges(*self.objective.view_ranges(run.settings.start if run else (0.0, 0.0)))

    # -- the race ---------------------------------------------------------------------------------------
    def catch_up(self) -> None:
        """Let the runs that owe updates make some (within their budget); the views hear of it."""
        session = self.session
        runs = [r for r in session.runs if isinstance(r, DataRun) and r.owed] if self.active else []
        if not runs:
            self._catch_up_timer.stop()
            self._check_restored()
            return
        before = [r.status for r in runs]
        moved = sum(r.catch_up() for r in runs)
        if moved or [r.status for r in runs] != before:
            session.trajectoriesChanged.emit()
        if not any(r.owed for r in runs):
            self._catch_up_timer.stop()
            self._check_restored()

    @property
    def owed(self) -> int:
        """Updates the runs on data still owe (0 when every Step asked for is done)."""
        return sum(r.owed for r in self.session.runs if isinstance(r, DataRun)) if self.active else 0

    def set_clock(self, clock: str) -> None:
        if clock not in CLOCKS:
            raise ValueError(f"the clock is one of {', '.join(CLOCKS)}, got {clock!r}")
        if clock != self.clock:
            self.clock = clock
            self.clockChanged.emit(clock)

    def apply_seed_002(self) -> None:
        """Seed 002 in one click: its data (n = 1000, y = 3.5x + 4 + N(0, 0.5²), seed 0) and its
        three runs, full batch, SGD and mini-batch 50, at lr 0.02 for 50 epochs from (0, 0)."""
        self.enter()
        self.session.set_runs(seed_002_runs())
        self.session.select(2)
        seed = DataSource()
        if (self.source != seed or self.objective is None) and not (self.loading and self._pending == seed):
            self.load(seed)
        self.session.notice.emit(translate("DataMode", "Seed 002: gradient descent (all 1000 samples a step), SGD "
                                                       "(batch 1) and mini-batch SGD (batch 50), lr 0.02, 50 epochs "
                                                       "from (w, b) = (0, 0)"))

    # -- in a workspace ---------------------------------------------------------------------------
    def to_state(self) -> dict | None:
        """The Data mode as a workspace keeps it (None when it was never used): which mode is shown,
        the data's source (the synthetic form's fields, or the CSV file's path) and the samples'
        digest, the clock, the (w, b) ranges, every run's settings and the updates it has made."""
        if self.active:
            shown = ModeState.capture(self.session)
        elif self._data is not None:
            shown = self._data
        else:
            return None
        saved = self._restoring  # not in place yet: what it will be
        if saved is not None:
            source, key, steps = saved.source, saved.data_key, list(saved.steps)
        else:
            source, key = self.source, self.objective.key if self.objective is not None else ""
            steps = [run.steps_taken for run in shown.runs]
        return {"version": DATA_STATE_VERSION, "mode": "data" if self.active else "function",
                "source": source.to_dict(), "data_key": key, "clock": self.clock,
                "x_range": list(shown.x_range), "y_range": list(shown.y_range),
                "runs": [run.settings.to_dict() for run in shown.runs], "selected": shown.selected,
                "run_steps": steps}

    @property
    def restoring(self) -> bool:
        """A workspace's Data mode is not in place yet (restoreFinished follows)."""
        return self._restoring is not None or self._restore_waiting

    def restore(self, saved: SavedData) -> None:
        """Come back to a saved Data mode (:func:`read_state`): its clock, ranges and runs now (shown
        if the Data mode is on, else kept for it), its data made (or kept, when it is the data in
        use), and the runs stepped to their saved updates once its landscape is in (then
        restoreFinished). A CSV file that is missing, unreadable or changed since is said
        (loadFailed / loadWarning on "csv", and the session's notice); the rest is restored."""
        if self.loading:
            self.cancel_load()
        self._fallback_notice = None
        self._restore_waiting = False
        self.set_clock(saved.clock)
        state = ModeState("", saved.x_range, saved.y_range, [self.make_run(s) for s in saved.runs], saved.selected)
        self._restoring = saved
        if self.active:
            state.restore(self.session)
            self._announce()
        else:
            self._data = state
        source = saved.source
        if source == self.source and self.objective is not None and saved.data_key in ("", self.objective.key):
            if self.active:
                self.session.refresh()  # the same data: its landscape over the saved ranges
            return
        if source.kind == "csv" and not os.path.isfile(source.path):
            self._restore_failed(translate("DataMode", "The workspace's data file {name} is missing: nothing at {path}"
                                           ).format(name=os.path.basename(source.path), path=source.path))
            return
        self.load(source)

    def _restore_failed(self, notice: str) -> None:
        """The workspace's data cannot be had: its runs and ranges stay, on the data in use (or, when
        there is none, seed 002's synthetic data meanwhile); ``notice`` says so by the CSV field."""
        saved, self._restoring = self._restoring, None
        self.failed_source = saved.source
        self.session.notice.emit(notice)
        if self.objective is None:
            self._fallback_notice = notice  # said once the stand-in data is in (loading clears the field)
            self.load(DataSource(model=saved.source.model))
        else:
            self.loadFailed.emit("csv", notice)
            if self.active:
                self.session.refresh()
        self.restoreFinished.emit()

    def _warn(self, source: DataSource, objective: DataObjective) -> None:
        if source.kind == "csv":
            text = translate("DataMode", "{name} has changed since the workspace was saved: the runs train on its "
                                         "data as it is now ({n} samples), so their (w, b) differ from the saved ones"
                             ).format(name=os.path.basename(source.path), n=objective.data.n)
        else:
            text = translate("DataMode", "The synthetic data drawn now differs from the workspace's (another version "
                                         "of numpy?): the runs' (w, b) differ from the saved ones")
        self.session.notice.emit(text)
        self.loadWarning.emit(source.kind, text)

    def _finish_restore(self) -> None:
        """Once the workspace's data and its landscape are in: each run from its start on the data,
        stepped to its saved number of updates (within the per-call budget: big data catches up)."""
        saved, session = self._restoring, self.session
        land = session.landscape
        if saved is None or not self.active or self.loading or self.objective is None or land is None \
                or land.objective is not self.objective:
            return
        self._restoring = None
        for run, updates in zip(session.runs, saved.steps):
            if isinstance(run, DataRun):
                if run.trainer is None or run.objective is not self.objective:
                    run.reset(self.objective)
                run.advance_to(updates)
        session.trajectoriesChanged.emit()
        self._restore_waiting = True
        self._check_restored()

    def _check_restored(self) -> None:
        if self._restore_waiting and not self.owed:
            self._restore_waiting = False
            self.restoreFinished.emit()
