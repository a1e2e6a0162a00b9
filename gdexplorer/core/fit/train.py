"""Training (w, b) on a Dataset with any optimizer of the registry: full-batch gradient descent,
SGD (batch 1) or mini-batch SGD, epoch by epoch, as seed 002 compares them.

An epoch visits every sample once, in batches of ``batch_size`` taken in the order of a fresh
permutation (drawn from the seed; full-batch epochs need none), the last batch possibly smaller:
``ceil(n / batch_size)`` updates an epoch. Each update takes the gradient of the mean loss over its
batch and hands it to the optimizer's own update rule, through the optimizer engine generated from
the registry (:mod:`gdexplorer.core.engine`): Adam, momentum, ... are the same code as everywhere
else in the app. The loop over the updates of an epoch runs in one Numba kernel, generated as a
module in the kernel cache (like :mod:`gdexplorer.core.specialize`) so that it links the engine's
``update`` and still caches on disk.

:class:`Trainer` is resumable: ``step(n)`` makes up to n more updates and returns the rows they
produced, so a window can animate a run; :func:`fit` trains to the end. A batch loss, gradient or
point that is no longer finite stops the run with status 'diverged' (the last good point kept).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Mapping, Sequence

import numpy as np

from gdexplorer import __version__
from gdexplorer.core import engine, generated
from gdexplorer.core import kernels as K
from gdexplorer.core.fit import kernels as FK
from gdexplorer.core.fit.data import SEED_002, Dataset
from gdexplorer.core.messages import message, reason
from gdexplorer.core.optimizers import OptimizerSpec, get_optimizer
from gdexplorer.core.schedules import Schedule, check_clip, parse_schedule

EPOCH_COLUMNS = ("epoch", "updates", "w", "b", "loss")
UPDATE_COLUMNS = ("update", "epoch", "w", "b", "batch_loss")
STATUS_TEXT = {K.OK: "ok", K.DIVERGED: "diverged", K.SINGULAR: "singular"}
SHUFFLE_STREAM = 1  # the shuffles' generator: default_rng(SeedSequence(seed, spawn_key=(1,)))


class FitError(ValueError):
    """Bad training settings (optimizer, hyperparameters, batch size, epochs, start, seed)."""


# -------------------------------------------------------------------------------------------------
# rows
# -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EpochRows:
    """One row per epoch, row 0 the start: ``updates`` made so far, (w, b) and the full-data loss
    at the end of the epoch."""

    epoch: np.ndarray
    updates: np.ndarray
    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray

    def __len__(self) -> int:
        return int(self.epoch.size)


@dataclass(frozen=True)
class UpdateRows:
    """One row per update: (w, b) after it and the loss of its batch at the point it started from
    (the loss whose gradient it followed). ``epoch`` counts from 1."""

    update: np.ndarray
    epoch: np.ndarray
    w: np.ndarray
    b: np.ndarray
    batch_loss: np.ndarray

    def __len__(self) -> int:
        return int(self.update.size)


def _epoch_rows(rows: Sequence[tuple]) -> EpochRows:
    cols = list(zip(*rows)) if rows else [()] * 5
    return EpochRows(np.array(cols[0], dtype=np.int64), np.array(cols[1], dtype=np.int64),
                     *(np.array(c, dtype=np.float64) for c in cols[2:]))


def _update_rows(chunks: Sequence[UpdateRows]) -> UpdateRows:
    if len(chunks) == 1:
        return chunks[0]
    if not chunks:
        empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0)
        return UpdateRows(empty_i, empty_i, empty_f, empty_f, empty_f)
    return UpdateRows(*(np.concatenate([getattr(c, f) for c in chunks]) for f in UPDATE_COLUMNS))


@dataclass(frozen=True)
class Chunk:
    """What one :meth:`Trainer.step` did: its updates' rows and the epochs it completed."""

    updates: UpdateRows
    epochs: EpochRows


@dataclass(frozen=True)
class FitResult:
    epochs: EpochRows
    trace: UpdateRows | None  # None unless the trainer kept it
    status: str  # 'ok', 'diverged' or 'singular'
    message: str  # why a run stopped early ('' when it ran every epoch)


def _csv(columns, arrays, ints: int) -> str:
    lines = [",".join(columns)]
    for row in zip(*arrays):
        lines.append(",".join([str(int(v)) for v in row[:ints]] + [repr(float(v)) for v in row[ints:]]))
    return "\n".join(lines) + "\n"


def epochs_csv(rows: EpochRows) -> str:
    """``epoch,updates,w,b,loss``, floats by repr (they read back exactly)."""
    return _csv(EPOCH_COLUMNS, [getattr(rows, c) for c in EPOCH_COLUMNS], ints=2)


def trace_csv(rows: UpdateRows) -> str:
    """``update,epoch,w,b,batch_loss``, floats by repr."""
    return _csv(UPDATE_COLUMNS, [getattr(rows, c) for c in UPDATE_COLUMNS], ints=2)


# -------------------------------------------------------------------------------------------------
# the generated training kernel
# -------------------------------------------------------------------------------------------------
_SOURCE = '''\
# Generated by gdexplorer {version} for training on data; do not edit.
# Fingerprint of the data kernels it calls: {fingerprint}
import math

import numpy as np

from gdexplorer.core.fit.kernels import GRAD_B, GRAD_W, HESS_BB, HESS_WB, HESS_WW, LOSS, N_TERMS, batch_terms
from gdexplorer.core.jit import jit
from gdexplorer.core.kernels import DIVERGED, OK
from {engine} import LR_INDEX, update


@jit
def train_updates(model, x, y, order, batch_size, pos, n_updates, rule, hyper, lrs, clip, theta, state, scal, t0,
                  want_hessian, out_w, out_b, out_loss):
    """Make ``n_updates`` updates (within one epoch) from position ``pos`` of ``order``: the batch
    order[pos:pos + batch_size], its mean loss and gradient at theta, the optimizer's update (number
    t0 + 1, t0 + 2, ...). Row k of the outputs: (w, b) after update k and its batch's loss.
    Returns (updates made, status): a non-finite batch loss, gradient or new point stops with
    DIVERGED, theta left at the last good point. ``lrs[k]`` is update k's learning rate (a
    schedule's); ``clip`` > 0 clips the batch gradient's norm as torch's clip_grad_norm_ does."""
    n = order.shape[0]
    hyper = hyper.copy()
    lr_at = LR_INDEX[rule]
    terms = np.zeros(N_TERMS)
    g = np.zeros(2)
    hess = np.zeros(3)
    for k in range(n_updates):
        hi = min(pos + batch_size, n)
        batch_terms(model, x, y, order, pos, hi, theta[0], theta[1], want_hessian, terms)
        if not (math.isfinite(terms[LOSS]) and math.isfinite(terms[GRAD_W]) and math.isfinite(terms[GRAD_B])):
            return k, DIVERGED
        g[0] = terms[GRAD_W]
        g[1] = terms[GRAD_B]
        if clip > 0.0:
            coef = clip / (math.sqrt(g[0] * g[0] + g[1] * g[1]) + 1e-6)
            if coef < 1.0:
                g[0] = g[0] * coef
                g[1] = g[1] * coef
        hyper[lr_at] = lrs[k]
        hess[0] = terms[HESS_WW]
        hess[1] = terms[HESS_WB]
        hess[2] = terms[HESS_BB]
        w0 = theta[0]
        b0 = theta[1]
        status = update(rule, hyper, 2, theta, g, state, scal, t0 + k + 1, hess)
        if status == OK and not (math.isfinite(theta[0]) and math.isfinite(theta[1])):
            status = DIVERGED
        if status != OK:
            theta[0] = w0
            theta[1] = b0
            return k, status
        out_w[k] = theta[0]
        out_b[k] = theta[1]
        out_loss[k] = terms[LOSS]
        pos = hi
    return n_updates, OK
'''

_lock = threading.Lock()
_loaded: dict[str, ModuleType] = {}  # the engine module's name -> the training kernel built on it


def kernel_source() -> str:
    """The training kernel's module source for the current optimizer engine."""
    return _SOURCE.format(version=__version__, fingerprint=generated.fingerprint([FK.batch_terms]),
                          engine=engine.get().__name__)


def ready() -> ModuleType | None:
    """The compiled training kernel if it is loaded in this process, else None (no work)."""
    return _loaded.get(engine.get().__name__)


def compile_kernels() -> ModuleType:
    """Write, import and compile the training kernel and the data kernels (seconds the first time,
    loaded from the disk cache later): call it in a worker before training in a window."""
    key = engine.get().__name__
    module = _loaded.get(key)
    if module is not None:
        return module
    with _lock:
        if key not in _loaded:
            module = generated.import_source("fit", kernel_source())
            _warm(module)
            _loaded[key] = module
        return _loaded[key]


def _warm(module: ModuleType) -> None:
    """Compile (or load) every kernel with the types the trainer and Dataset pass."""
    x = np.array([0.0, 1.0])
    x.flags.writeable = False
    for model in FK.MODELS.values():
        data = Dataset(x, x, "linear" if model == FK.LINEAR else "logistic")
        order = np.arange(2, dtype=np.int64)
        spec = get_optimizer("gd")
        state = np.zeros((engine.get().N_STATE, 2))
        scal = np.zeros(engine.get().N_SCALARS)
        out = np.zeros(1)
        module.train_updates(data.model_code, data.x, data.y, order, 1, 0, 1, spec.rule.id, spec.pack(),
                             np.full(1, 0.02), 0.0, np.zeros(2), state, scal, 0, False, out, out.copy(), out.copy())
        data.loss_and_gradient(0.0, 0.0)
        data.batch_loss_and_gradient(0.0, 0.0, [0])
        data.loss_grid([0.0], [0.0], gradient=True)
        data.loss_grid([0.0], [0.0])
        if model == FK.LINEAR:
            data.moments


# -------------------------------------------------------------------------------------------------
# the trainer
# -------------------------------------------------------------------------------------------------
class Trainer:
    """A resumable training run of one optimizer on one dataset.

    ``batch_size``: 1 (SGD), m (mini-batch) or None / anything >= n (full batch: gradient descent);
    ``epochs`` >= 0; ``start`` = (w, b); ``hyperparameters`` override the optimizer's defaults by
    name, with ``lr`` defaulting to seed 002's 0.02 for every optimizer; ``seed`` draws each epoch's
    shuffle. ``keep_trace`` keeps every update's row (``update_rows``); the epoch rows are always
    kept. The optimizer's ``default_noise`` (the 'sgd' entry's stand-in for batch noise) is not
    used: here the noise is the real batch's.
    """

    def __init__(self, data: Dataset, optimizer: str | OptimizerSpec = "gd", *,
                 hyperparameters: Mapping[str, float] | None = None, batch_size: int | None = SEED_002["batch_size"],
                 epochs: int = SEED_002["epochs"], start: Sequence[float] = (0.0, 0.0), seed: int = 0,
                 keep_trace: bool = True, schedule: Schedule | str | None = None, clip: float | None = None):
        self.data = data
        self.spec, self.hyperparameters = resolve_optimizer(optimizer, hyperparameters)
        try:  # the scheduler steps after each update (each optimizer step), as in torch
            self.schedule = parse_schedule(schedule) if isinstance(schedule, str) or schedule is None else schedule
            self.clip = check_clip(clip)
        except ValueError as exc:
            raise FitError(reason(exc)) from None
        self._hyper = self.spec.pack(self.hyperparameters)
        n = data.n
        if batch_size is None:
            batch_size = n
        if not _is_whole(batch_size) or batch_size < 1:
            raise FitError(message("the batch size must be a whole number >= 1, got {batch_size!r}", batch_size=batch_size))
        if not _is_whole(epochs) or epochs < 0:
            raise FitError(message("the number of epochs must be a whole number >= 0, got {epochs!r}", epochs=epochs))
        if not _is_whole(seed) or seed < 0:
            raise FitError(message("the seed must be a whole number >= 0, got {seed!r}", seed=seed))
        start_arr = np.asarray(start, dtype=np.float64).ravel()
        if start_arr.size != 2 or not np.all(np.isfinite(start_arr)):
            raise FitError(message("the start must be two finite numbers (w, b), got {start!r}", start=tuple(start)))
        self.batch_size = int(min(batch_size, n))
        self.epochs = int(epochs)
        self.seed = int(seed)
        self.start = (float(start_arr[0]), float(start_arr[1]))
        self.keep_trace = keep_trace
        self.updates_per_epoch = -(-n // self.batch_size)
        self.theta = start_arr.copy()
        eng = engine.get()
        self._state = np.zeros((eng.N_STATE, 2))
        self._scalars = np.zeros(eng.N_SCALARS)
        eng.init_state(self.spec.rule.id, self._hyper, 2, self._state, self._scalars)
        self._rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(SHUFFLE_STREAM,)))
        self._order: np.ndarray | None = None
        self._pos = 0
        self.t = 0  # updates made
        self.epoch = 0  # epochs completed
        self.status = "ok"
        self.message = ""
        loss = data.loss(*self.theta)
        if not math.isfinite(loss):
            raise FitError(message("the loss is not finite at the start (w, b) = {start}: choose another start",
                                   start=self.start))
        self._epoch_rows: list[tuple] = [(0, 0, self.start[0], self.start[1], loss)]
        self._chunks: list[UpdateRows] = []

    # -- state --------------------------------------------------------------------------------------
    @property
    def total_updates(self) -> int:
        """Updates in a full run: epochs · ceil(n / batch_size)."""
        return self.epochs * self.updates_per_epoch

    @property
    def w(self) -> float:
        return float(self.theta[0])

    @property
    def b(self) -> float:
        return float(self.theta[1])

    @property
    def lr(self) -> float:
        return self.hyperparameters["lr"]

    @property
    def finished(self) -> bool:
        return self.status != "ok" or self.epoch >= self.epochs

    @property
    def epoch_rows(self) -> EpochRows:
        return _epoch_rows(self._epoch_rows)

    @property
    def update_rows(self) -> UpdateRows:
        """Every update's row so far (empty unless ``keep_trace``)."""
        rows = _update_rows(self._chunks)
        self._chunks = [rows] if len(rows) else []  # keep one chunk, not thousands
        return rows

    def optimizer_state(self) -> dict[str, np.ndarray]:
        """The optimizer's state vectors by torch's names, one entry per parameter (w, b)."""
        return {name: self._state[i].copy() for i, name in enumerate(self.spec.state_names)}

    def full_gradient(self) -> tuple[float, float, float]:
        """(L, ∂L/∂w, ∂L/∂b) over all the data at the current point."""
        return self.data.loss_and_gradient(*self.theta)

    def next_batch(self) -> np.ndarray | None:
        """The sample indices of the batch the next update will use (None when finished)."""
        if self.finished:
            return None
        self._begin_epoch()
        return self._order[self._pos:self._pos + self.batch_size].copy()

    def next_batch_gradient(self) -> tuple[float, float, float] | None:
        """(batch loss, ∂/∂w, ∂/∂b) of the next update's batch at the current point: the noisy
        gradient the optimizer is about to follow (compare :meth:`full_gradient`)."""
        batch = self.next_batch()
        return None if batch is None else self.data.batch_loss_and_gradient(*self.theta, batch)

    # -- training ------------------------------------------------------------------------------------
    def _begin_epoch(self) -> None:
        if self._order is None:
            n = self.data.n
            full = self.batch_size >= n  # one batch of everything: the order does not matter
            self._order = np.arange(n, dtype=np.int64) if full else self._rng.permutation(n).astype(np.int64)
            self._pos = 0

    def _end_epoch(self) -> EpochRows | None:
        self.epoch += 1
        self._order = None
        self._pos = 0
        loss = self.data.loss(*self.theta)
        if not math.isfinite(loss):
            self._stop(K.DIVERGED, message("diverged in epoch {epoch}: the full-data loss is no longer finite "
                                           "at (w, b) = ({w:.6g}, {b:.6g})", epoch=self.epoch, w=self.w, b=self.b))
            return None
        row = (self.epoch, self.t, self.w, self.b, loss)
        self._epoch_rows.append(row)
        return row

    def _rates(self, count: int) -> np.ndarray:
        """The learning rates of the next ``count`` updates."""
        if self.schedule is None:
            return np.full(count, self.lr)
        return self.schedule.rates(self.lr, np.arange(self.t + 1, self.t + count + 1))

    def _stop(self, status: int, message: str) -> None:
        self.status = STATUS_TEXT[status]
        self.message = message

    def step(self, n_updates: int | None = None) -> Chunk:
        """Make up to ``n_updates`` more updates (None: to the end); returns their rows and the
        epochs they completed. Fewer when the run finishes or stops."""
        if n_updates is None:
            n_updates = self.total_updates - self.t
        if not _is_whole(n_updates) or n_updates < 0:
            raise FitError(message("the number of updates must be a whole number >= 0, got {updates!r}", updates=n_updates))
        kernel = compile_kernels().train_updates
        n = self.data.n
        chunks: list[UpdateRows] = []
        epochs: list[tuple] = []
        remaining = int(n_updates)
        while remaining > 0 and not self.finished:
            self._begin_epoch()
            count = min(remaining, -(-(n - self._pos) // self.batch_size))
            out_w, out_b, out_loss = np.empty(count), np.empty(count), np.empty(count)
            done, status = kernel(self.data.model_code, self.data.x, self.data.y, self._order, self.batch_size,
                                  self._pos, count, self.spec.rule.id, self._hyper, self._rates(count), self.clip,
                                  self.theta, self._state,
                                  self._scalars, self.t, self.spec.rule.needs_hessian, out_w, out_b, out_loss)
            if done:
                chunks.append(UpdateRows(np.arange(self.t + 1, self.t + done + 1, dtype=np.int64),
                                         np.full(done, self.epoch + 1, dtype=np.int64),
                                         out_w[:done], out_b[:done], out_loss[:done]))
            self.t += done
            self._pos = min(self._pos + done * self.batch_size, n)
            remaining -= done
            if status != K.OK:
                self._stop(status, _stop_message(status, self.t + 1, self.epoch + 1))
                break
            if self._pos >= n:
                row = self._end_epoch()
                if row is not None:
                    epochs.append(row)
        rows = _update_rows(chunks)
        if self.keep_trace and len(rows):
            self._chunks.append(rows)
        return Chunk(rows, _epoch_rows(epochs))

    def step_epoch(self) -> Chunk:
        """Finish the current epoch (or make the next one whole)."""
        if self.finished:
            return self.step(0)
        self._begin_epoch()
        return self.step(-(-(self.data.n - self._pos) // self.batch_size))

    def run(self) -> FitResult:
        """Train to the end (or until the run stops) and return the result."""
        self.step(None)
        return self.result()

    def result(self) -> FitResult:
        return FitResult(self.epoch_rows, self.update_rows if self.keep_trace else None, self.status, self.message)


def _stop_message(status: int, update: int, epoch: int) -> str:
    if status == K.SINGULAR:
        return message("stopped at update {update} (epoch {epoch}): the batch's Hessian is singular, so newton "
                       "cannot invert it", update=update, epoch=epoch)
    return message("diverged at update {update} (epoch {epoch}): the batch loss, its gradient or (w, b) is no longer "
                   "finite", update=update, epoch=epoch)


def _is_whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def resolve_optimizer(optimizer: str | OptimizerSpec,
                      hyperparameters: Mapping[str, float] | None = None) -> tuple[OptimizerSpec, dict[str, float]]:
    """The registry entry and its checked hyperparameters, ``lr`` defaulting to seed 002's 0.02;
    raises FitError (unknown optimizer, unknown or out-of-range hyperparameter)."""
    try:
        spec = optimizer if isinstance(optimizer, OptimizerSpec) else get_optimizer(optimizer)
        return spec, spec.resolve({"lr": SEED_002["lr"], **dict(hyperparameters or {})})
    except (KeyError, ValueError) as exc:
        raise FitError(reason(exc)) from None


def fit(data: Dataset, optimizer: str | OptimizerSpec = "gd", *, hyperparameters: Mapping[str, float] | None = None,
        batch_size: int | None = SEED_002["batch_size"], epochs: int = SEED_002["epochs"],
        start: Sequence[float] = (0.0, 0.0), seed: int = 0, keep_trace: bool = False,
        schedule: Schedule | str | None = None, clip: float | None = None) -> FitResult:
    """Train from start to the end: see :class:`Trainer` for the arguments."""
    return Trainer(data, optimizer, hyperparameters=hyperparameters, batch_size=batch_size, epochs=epochs,
                   start=start, seed=seed, keep_trace=keep_trace, schedule=schedule, clip=clip).run()
