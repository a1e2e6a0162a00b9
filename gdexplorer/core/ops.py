"""Op codes of the expression tape, shared by the parser, the interpreter and the code generator.

A tape is a topologically ordered list of nodes ``(op, a, b, c)``: ``a`` and ``b`` index earlier
nodes, ``c`` is a float (the value of a constant, or the exponent of ``POWC``). The last node is the
function's value. Keeping the table here, free of numba and of the parser, lets every layer agree on
the numbering.
"""
from __future__ import annotations

import math

import numpy as np

# leaves
CONST, VAR_X, VAR_Y = 0, 1, 2
# binary
ADD, SUB, MUL, DIV, POW, MIN, MAX, ATAN2, HYPOT = 3, 4, 5, 6, 7, 8, 9, 10, 11
# unary (POWC: a ** c with a constant exponent c)
NEG, POWC = 12, 13
SIN, COS, TAN, ASIN, ACOS, ATAN = 14, 15, 16, 17, 18, 19
SINH, COSH, TANH, EXP, LOG, LOG2, LOG10, SQRT, ABS, SIGN = 20, 21, 22, 23, 24, 25, 26, 27, 28, 29

N_OPS = 30

BINARY_OPS = frozenset({ADD, SUB, MUL, DIV, POW, MIN, MAX, ATAN2, HYPOT})

#: functions of the language: name -> (op code, number of arguments; -1 = two or more)
FUNCTIONS: dict[str, tuple[int, int]] = {
    "sin": (SIN, 1), "cos": (COS, 1), "tan": (TAN, 1),
    "asin": (ASIN, 1), "acos": (ACOS, 1), "atan": (ATAN, 1),
    "sinh": (SINH, 1), "cosh": (COSH, 1), "tanh": (TANH, 1),
    "exp": (EXP, 1), "log": (LOG, 1), "ln": (LOG, 1), "log2": (LOG2, 1), "log10": (LOG10, 1),
    "sqrt": (SQRT, 1), "abs": (ABS, 1), "sign": (SIGN, 1),
    "min": (MIN, -1), "max": (MAX, -1), "atan2": (ATAN2, 2), "hypot": (HYPOT, 2),
}

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}

VARIABLES = ("x", "y")

OP_NAMES = {
    CONST: "const", VAR_X: "x", VAR_Y: "y", ADD: "+", SUB: "-", MUL: "*", DIV: "/", POW: "^",
    MIN: "min", MAX: "max", ATAN2: "atan2", HYPOT: "hypot", NEG: "neg", POWC: "^c",
    SIN: "sin", COS: "cos", TAN: "tan", ASIN: "asin", ACOS: "acos", ATAN: "atan", SINH: "sinh",
    COSH: "cosh", TANH: "tanh", EXP: "exp", LOG: "log", LOG2: "log2", LOG10: "log10",
    SQRT: "sqrt", ABS: "abs", SIGN: "sign",
}


def _minmax(pick):
    def f(a, b):
        if np.isnan(a) or np.isnan(b):
            return np.float64(np.nan)
        return pick(a, b)
    return f


def _libm(math_fn, numpy_fn):
    """The C library's function, as the numba interpreter calls it. numpy's own SIMD versions
    (AVX-512 builds of arccos, arctan2, cosh, ...) differ from libm by an ulp on some processors,
    so folding with them would make ``acos(0.5)`` differ from ``acos(x)`` at 0.5. Python's math
    raises where libm returns inf or nan (overflow, a domain error): there numpy's value is exact."""
    def f(*args):
        try:
            return np.float64(math_fn(*(float(a) for a in args)))
        except (OverflowError, ValueError):
            return numpy_fn(*args)
    return f


# Float semantics used for constant folding; they must agree with the numba interpreter.
_FOLD = {
    ADD: np.add, SUB: np.subtract, MUL: np.multiply, DIV: np.divide, POW: np.power,
    MIN: _minmax(min), MAX: _minmax(max), ATAN2: _libm(math.atan2, np.arctan2), HYPOT: _libm(math.hypot, np.hypot),
    NEG: np.negative, SIN: _libm(math.sin, np.sin), COS: _libm(math.cos, np.cos), TAN: _libm(math.tan, np.tan),
    ASIN: _libm(math.asin, np.arcsin), ACOS: _libm(math.acos, np.arccos), ATAN: _libm(math.atan, np.arctan),
    SINH: _libm(math.sinh, np.sinh), COSH: _libm(math.cosh, np.cosh), TANH: _libm(math.tanh, np.tanh),
    EXP: _libm(math.exp, np.exp), LOG: _libm(math.log, np.log), LOG2: _libm(math.log2, np.log2),
    LOG10: _libm(math.log10, np.log10), SQRT: _libm(math.sqrt, np.sqrt), ABS: np.abs, SIGN: np.sign,
}


def fold(op: int, a: float, b: float = 0.0, c: float = 0.0) -> float:
    """Evaluate one op on constants, in IEEE float64 (overflow gives inf, never an exception)."""
    with np.errstate(all="ignore"):
        if op == POWC:
            return float(np.power(np.float64(a), np.float64(c)))
        fn = _FOLD[op]
        if op in BINARY_OPS:
            return float(fn(np.float64(a), np.float64(b)))
        return float(fn(np.float64(a)))
