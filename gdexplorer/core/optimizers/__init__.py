"""The optimizer registry: the single source of truth for every optimizer.

One module here per update rule (``sgd.py``: gd, sgd, momentum and nesterov; ``adam.py``: adam,
adamw and amsgrad; ...), each holding the rule's update, written once as a Numba function, and the
registry entries that use it (see :mod:`.base`). Every module of this package is imported here, so
adding an optimizer is adding a module (and its test reference): the CLI, the GUI form, the README
table, the kernels and the tests all read the registry.

Semantics, names and defaults follow ``torch.optim`` (momentum and nesterov are torch's SGD with
momentum 0.9; amsgrad is Adam with ``amsgrad=True``; ``betas`` are split into ``beta1``/``beta2``).
"""
from __future__ import annotations

import importlib
import pkgutil

from gdexplorer.core.optimizers.base import (
    OPTIMIZERS, RULES, Hyperparameter, OptimizerSpec, Scalar, StateVector, UpdateRule, get_optimizer, register,
)

__all__ = ["OPTIMIZERS", "RULES", "Hyperparameter", "OptimizerSpec", "Scalar", "StateVector", "UpdateRule",
           "get_optimizer", "register"]

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module != "base":
        importlib.import_module(f"{__name__}.{_module}")
