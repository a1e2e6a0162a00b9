"""Training on data (seed 002): linear and logistic regression over the two parameters (w, b),
trained by any optimizer of the registry in batches of 1 (SGD), m (mini-batch) or all (gradient
descent).

* :mod:`.data`: :class:`Dataset` (x, y, model; the full-data loss, its gradient, its values on a
  (w, b) grid, the minimum), :func:`synthetic` (seed 002's data) and :func:`load_csv`;
* :mod:`.kernels`: the Numba kernels over the samples;
* :mod:`.train`: :class:`Trainer` (resumable: ``step(n)``), :func:`fit`, the rows and their CSV;
* :mod:`.objective`: :class:`~.objective.DataObjective`, the full-data loss over (w, b) as an
  Objective (the window's Data mode draws and races on it).
"""
from gdexplorer.core.fit.data import SEED_002, DataError, Dataset, load_csv, parse_csv, synthetic
from gdexplorer.core.fit.train import (
    EPOCH_COLUMNS, UPDATE_COLUMNS, Chunk, EpochRows, FitError, FitResult, Trainer, UpdateRows, compile_kernels,
    epochs_csv, fit, ready, resolve_optimizer, trace_csv,
)

__all__ = ["EPOCH_COLUMNS", "SEED_002", "UPDATE_COLUMNS", "Chunk", "DataError", "Dataset", "EpochRows", "FitError",
           "FitResult", "Trainer", "UpdateRows", "compile_kernels", "epochs_csv", "fit", "load_csv", "parse_csv",
           "ready", "resolve_optimizer", "synthetic", "trace_csv"]
