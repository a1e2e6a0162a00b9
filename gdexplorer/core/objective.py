"""What is being minimised: an objective gives f, its gradient and Hessian at a point and on a grid.

Runs, the landscape and the views ask an :class:`Objective` for numbers, never for the text that
defines it. A typed expression (:class:`ExpressionObjective`) is the first kind; a data set's loss
over (w, b) is the next one, with the same methods.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

import numpy as np

from gdexplorer.core import derivatives
from gdexplorer.core.derivatives import GridValues
from gdexplorer.core.expression import Expression, parse


class Objective(ABC):
    """A function of ``dim`` variables (1 or 2) to minimise."""

    #: what it is a function of, e.g. ("x", "y") or ("w", "b")
    variables: tuple[str, ...]

    @property
    def dim(self) -> int:
        return len(self.variables)

    @property
    @abstractmethod
    def key(self) -> str:
        """Equal for two objectives that compute the same function (runs restart when it changes)."""

    @property
    @abstractmethod
    def source(self) -> str:
        """The text that defines it, as the user gave it (for exports and the formula display)."""

    @property
    def label(self) -> str:
        """``f(x, y) = source``: what an export's header says is being minimised."""
        return f"f({', '.join(self.variables)}) = {' '.join(self.source.splitlines())}"

    @abstractmethod
    def value_and_gradient(self, point: Sequence[float]) -> tuple[float, np.ndarray]:
        """f and ∇f at ``point`` (``dim`` coordinates)."""

    @abstractmethod
    def hessian(self, point: Sequence[float]) -> np.ndarray:
        """The (dim, dim) Hessian at ``point``."""

    @abstractmethod
    def grid(self, xs: np.ndarray, ys: np.ndarray | None = None) -> GridValues:
        """f and ∇f on xs × ys (arrays shaped (len(ys), len(xs))); on xs alone for a 1-D objective."""

    def value(self, point: Sequence[float]) -> float:
        return self.value_and_gradient(point)[0]


class ExpressionObjective(Objective):
    """A function typed in the expression language, evaluated by the precompiled tape kernels."""

    def __init__(self, expr: Expression):
        self.expr = expr  # what a Descent walks on (it takes the Expression itself)
        self.variables = expr.variables

    @classmethod
    def from_text(cls, text: str) -> "ExpressionObjective":
        """Parse ``text``; raises ExpressionError (with the column) when it is not a function."""
        return cls(parse(text))

    @property
    def key(self) -> str:
        return self.expr.key

    @property
    def source(self) -> str:
        return self.expr.source

    def value_and_gradient(self, point: Sequence[float]) -> tuple[float, np.ndarray]:
        return derivatives.value_and_gradient(self.expr, point)

    def hessian(self, point: Sequence[float]) -> np.ndarray:
        return derivatives.hessian(self.expr, point)

    def grid(self, xs: np.ndarray, ys: np.ndarray | None = None) -> GridValues:
        return derivatives.grid(self.expr, xs, ys if self.dim == 2 else None)

    def __repr__(self) -> str:
        return f"ExpressionObjective({self.source!r})"
