"""One optimizer step, explained stage by stage, read from the rule's own update code.

The update of every rule (``@RULE.define``) is plain Python that Numba compiles. Here it runs once
more as Python (the jitted helpers it calls too), under a line tracer: every statement that
changes a value becomes a stage, in the order it first runs, with

- its source text, as written in the optimizer's module (``state[EXP_AVG, i] = lerp(...)``), shown
  with the rule's own names (``exp_avg = lerp(exp_avg, g, 1.0 - b1)``),
- the same text with the numbers of this step substituted, per axis where the statement runs once
  per coordinate (``exp_avg = lerp(0, 2.4, 1 - 0.9) = 0.24``),
- the values it produced: per axis, so a stage that writes a vector (a moment, a denominator, the
  point itself) can be drawn as one.

Nothing here is written per optimizer: a new rule is explained as soon as it is registered. The
explanation is checked against the compiled update: the point it ends at must equal one ordinary
step bit for bit, and each state vector's value equals the core's state after that step
(:attr:`Explanation.agrees`). Python floats and the compiled code are both IEEE double with the
same operations in the same order, so they agree; where Python would raise instead (sqrt of a
negative number at a point that already diverged), the explanation says it is unavailable.
"""
from __future__ import annotations

import ast
import inspect
import math
import sys
import textwrap
import types
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gdexplorer.core.messages import message
from gdexplorer.core.optimizers.base import OptimizerSpec


# ---------------------------------------------------------------------------------------------
# the update as Python
# ---------------------------------------------------------------------------------------------
def _nan_on_domain_error(fn):
    def wrapped(*args):
        try:
            return fn(*args)
        except ValueError:  # math.sqrt(-1): the compiled code (error_model="numpy") gives nan
            return math.nan
    return wrapped


# ``math`` as the compiled updates see it: nan instead of a domain error
_MATH = types.SimpleNamespace(**{name: getattr(math, name) for name in dir(math) if not name.startswith("_")})
for _name in ("sqrt", "log", "log1p", "log2", "log10", "acos", "asin", "acosh", "atanh", "pow"):
    setattr(_MATH, _name, _nan_on_domain_error(getattr(math, _name)))


def _python_version(fn: Any, made: dict) -> types.FunctionType:
    """A pure-Python copy of a jitted function whose globals point at pure-Python copies of the
    jitted functions it calls (recursively)."""
    py = getattr(fn, "py_func", fn)
    if py in made:
        return made[py]
    namespace = dict(py.__globals__)
    if namespace.get("math") is math:
        namespace["math"] = _MATH
    copy = types.FunctionType(py.__code__, namespace, py.__name__, py.__defaults__, py.__closure__)
    made[py] = copy
    for name in py.__code__.co_names:
        value = namespace.get(name)
        if hasattr(value, "py_func"):
            namespace[name] = _python_version(value, made)
    return copy


@dataclass(frozen=True)
class _Source:
    """The statements of one function of the update, by line number."""

    code: types.CodeType
    statements: dict  # line number -> ast statement (its first line)
    lines: dict  # line number -> the statement's text
    ends: dict  # line number -> the statement's last line

    @classmethod
    def of(cls, fn: types.FunctionType) -> "_Source":
        text = textwrap.dedent(inspect.getsource(fn))
        first = fn.__code__.co_firstlineno
        tree = ast.parse(text)
        statements, lines, ends = {}, {}, {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
                lineno = first + node.lineno - 1
                statements[lineno] = node
                lines[lineno] = " ".join((ast.get_source_segment(text, node) or "").split())
                ends[lineno] = first + (node.end_lineno or node.lineno) - 1
        return cls(fn.__code__, statements, lines, ends)


# ---------------------------------------------------------------------------------------------
# what an explanation holds
# ---------------------------------------------------------------------------------------------
@dataclass
class Stage:
    """One statement of the update, with what it did in this step."""

    function: str  # the function of the rule's module it is in (adam_update, adam_moments, ...)
    source: str  # as written
    formula: str  # with the rule's names (state vectors by name, θ, g)
    target: str  # what it assigns: a state vector's name, "θ", or a local variable's name
    kind: str  # "gradient" (the first), "state" (a state vector), "theta" (the step), "scalar" (rule state), "local"
    values: dict = field(default_factory=dict)  # axis (0, 1, or None for a once-per-step value) -> value
    substituted: dict = field(default_factory=dict)  # axis -> the formula with this step's numbers and result

    @property
    def per_axis(self) -> bool:
        return any(axis is not None for axis in self.values)

    def vector(self, dim: int) -> np.ndarray | None:
        """The values as a vector over the axes (None for a once-per-step value)."""
        if not self.per_axis:
            return None
        return np.array([self.values.get(i, math.nan) for i in range(dim)])


@dataclass
class Explanation:
    optimizer: str
    t: int  # the step explained (1 = the first)
    gradient: np.ndarray  # the gradient the step uses
    theta_before: np.ndarray
    theta_after: np.ndarray  # where the explained step ends
    state_after: np.ndarray
    stages: list[Stage]
    agrees: bool  # theta_after and the state equal the compiled update's, bit for bit
    error: str = ""  # why the step cannot be explained (then stages is empty)

    def stage_for(self, target: str) -> Stage | None:
        for s in self.stages:
            if s.target == target:
                return s
        return None


# ---------------------------------------------------------------------------------------------
# rendering a statement with its names and its numbers
# ---------------------------------------------------------------------------------------------
_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "·", ast.Div: "/", ast.Pow: "^", ast.Mod: "%", ast.FloorDiv: "//"}
_CMP = {ast.Eq: "==", ast.NotEq: "≠", ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥"}
_PREC = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Mod: 2, ast.FloorDiv: 2, ast.Pow: 4}


def number(v: float) -> str:
    """A number as the explanation shows it: 4 significant digits, no trailing noise."""
    v = float(v)
    if v == 0.0:
        return "0"
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    text = f"{v:.4g}"
    return text.replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e")


class _Renderer:
    """Text of an expression: symbolic (names) or numeric (values before the statement ran)."""

    def __init__(self, rule, namespace: dict, local: dict, arrays: dict, numeric: bool):
        self.rule, self.namespace, self.local, self.arrays, self.numeric = rule, namespace, local, arrays, numeric

    def value_of(self, node) -> Any:
        """The value of a constant index expression (EXP_AVG, i, 0)."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.local:
                return self.local[node.id]
            return self.namespace.get(node.id)
        raise KeyError

    def name_of_array(self, node: ast.Subscript) -> tuple[str, Any] | None:
        if not isinstance(node.value, ast.Name):
            return None
        array = node.value.id
        index = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        try:
            idx = tuple(int(self.value_of(e)) for e in index)
        except (KeyError, TypeError, ValueError):
            return None
        if array == "state" and len(idx) == 2:
            return self.rule.state[idx[0]].name, ("state", idx)
        if array == "scal" and len(idx) == 1:
            return self.rule.scalars[idx[0]].name, ("scal", idx)
        if array in ("theta", "g") and len(idx) == 1:
            symbol = "θ" if array == "theta" else "g"
            by_loop = isinstance(index[0], ast.Name) and index[0].id == "i"  # g[i]: this axis; g[0]: the x one
            return (symbol if by_loop else symbol + AXES[idx[0]]), (array, idx)
        if array == "hyper" and len(idx) == 1:
            return self.rule.parameters[idx[0]], ("hyper", idx)
        if array == "hess" and len(idx) == 1:
            return ("h_xx", "h_xy", "h_yy")[idx[0]], ("hess", idx)
        return None

    def text(self, node, outer: int = 0) -> str:
        n = self.numeric
        if isinstance(node, ast.Constant):
            return number(node.value) if isinstance(node.value, (int, float)) and not isinstance(node.value, bool) else repr(node.value)
        if isinstance(node, ast.Name):
            if n and node.id in self.local and isinstance(self.local[node.id], (int, float, np.floating, np.integer)):
                return number(self.local[node.id])
            if n and isinstance(self.namespace.get(node.id), (int, float)) and not isinstance(self.namespace.get(node.id), bool):
                return number(self.namespace[node.id])
            return node.id
        if isinstance(node, ast.Subscript):
            found = self.name_of_array(node)
            if found is None:
                return ast.unparse(node)
            name, (array, idx) = found
            if n:
                return number(self.arrays[array][idx])
            return name
        if isinstance(node, ast.UnaryOp):
            inner = self.text(node.operand, 3)
            return {ast.USub: "-", ast.UAdd: "+", ast.Not: "not "}.get(type(node.op), "?") + inner
        if isinstance(node, ast.BinOp):
            p = _PREC.get(type(node.op), 2)
            power = isinstance(node.op, ast.Pow)  # right-associative; the others left-associative
            left = self.text(node.left, p + 1 if power else p)
            right = self.text(node.right, p if power else p + 1)
            s = f"{left} {_OPS.get(type(node.op), '?')} {right}"
            return f"({s})" if p < outer else s
        if isinstance(node, ast.Call):
            fname = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "?")
            args = ", ".join(self.text(a) for a in node.args)
            if fname == "sqrt":
                return f"√({args})"
            return f"{fname}({args})"
        if isinstance(node, ast.IfExp):
            s = f"{self.text(node.body, 1)} if {self.text(node.test, 1)} else {self.text(node.orelse, 1)}"
            return f"({s})" if outer else s
        if isinstance(node, ast.Compare):
            parts = [self.text(node.left, 1)]
            for op, right in zip(node.ops, node.comparators):
                parts += [_CMP.get(type(op), "?"), self.text(right, 1)]
            return " ".join(parts)
        if isinstance(node, ast.BoolOp):
            return f" {'and' if isinstance(node.op, ast.And) else 'or'} ".join(self.text(v, 1) for v in node.values)
        if isinstance(node, ast.Tuple):
            return "(" + ", ".join(self.text(e) for e in node.elts) + ")"
        return ast.unparse(node)


# ---------------------------------------------------------------------------------------------
# tracing one step
# ---------------------------------------------------------------------------------------------
AXES = ("ₓ", "ᵧ")
_SKIP_LOCALS = {"i", "hyper", "dim", "theta", "g", "state", "scal", "t", "hess"}


def _target_of(stmt: ast.stmt, renderer: _Renderer) -> tuple[str, str] | None:
    """(name, kind) of what a statement assigns: a state vector, θ, a scalar or a local."""
    if isinstance(stmt, ast.Return):
        return None
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    if len(targets) != 1:
        return None
    t = targets[0]
    if isinstance(t, ast.Subscript):
        found = renderer.name_of_array(t)
        if found is None:
            return None
        name, (array, _) = found
        return name, {"state": "state", "theta": "theta", "scal": "scalar"}.get(array, "local")
    if isinstance(t, ast.Name):
        return t.id, "local"
    return None  # tuple unpacking: the settings read from hyper


def explain_step(spec: OptimizerSpec, hyperparameters, theta, g, state, scal, t: int,
                 hess=(0.0, 0.0, 0.0)) -> Explanation:
    """Explain the step ``t`` (1-based) of ``spec`` from ``theta`` with gradient ``g`` and the
    optimizer's ``state`` ((n_state, dim)) and ``scal`` before the step. Nothing passed in changes."""
    rule = spec.rule
    hyper = spec.pack(hyperparameters)
    theta0 = np.array(theta, dtype=np.float64)
    dim = theta0.shape[0]
    g0 = np.array(g, dtype=np.float64)
    state0 = np.array(state, dtype=np.float64).reshape(-1, dim)  # a run's state may have spare rows
    scal0 = np.array(scal, dtype=np.float64).ravel()
    if state0.shape[0] < len(rule.state) or scal0.shape[0] < len(rule.scalars):
        raise ValueError(message("{optimizer} keeps {vectors} state vectors and {scalars} scalars", optimizer=spec.name,
                                 vectors=len(rule.state), scalars=len(rule.scalars)))
    hess0 = np.array(hess, dtype=np.float64)

    # the compiled update: the reference
    ref_theta, ref_state, ref_scal = theta0.copy(), state0.copy(), scal0.copy()
    rule.update(hyper, dim, ref_theta, g0.copy(), ref_state, ref_scal, t, hess0.copy())

    made: dict = {}
    update = _python_version(rule.update, made)
    try:
        sources = {fn.__code__: _Source.of(fn) for fn in made.values()}
    except (OSError, TypeError, SyntaxError) as exc:  # a build without the optimizers' sources
        return Explanation(spec.name, t, g0, theta0, ref_theta, ref_state, [], False,
                           message("the update's source code is not available here ({reason})", reason=str(exc)))
    writers = {fn.__name__ for fn in made.values()  # functions that assign to an array (state, θ)
               if any(isinstance(t, ast.Subscript) for st in sources[fn.__code__].statements.values()
                      for t in getattr(st, "targets", [getattr(st, "target", None)]))}
    arrays = {"theta": theta0.copy(), "g": g0.copy(), "state": state0.copy(), "scal": scal0.copy(),
              "hyper": hyper.copy(), "hess": hess0.copy()}
    stages: dict = {}
    order: list = []
    outer_code = update.__code__
    coordinate = [None]
    pending: dict = {}  # frame id -> (line, locals before, arrays before)

    def snapshot_arrays():
        return {k: v.copy() for k, v in arrays.items()}

    def record(frame, lineno, before_locals, before_arrays):
        src = sources[frame.f_code]
        stmt = src.statements.get(lineno)
        if stmt is None:
            return
        namespace = frame.f_globals
        sym = _Renderer(rule, namespace, before_locals, before_arrays, numeric=False)
        target = _target_of(stmt, sym)
        if target is None:
            return
        name, kind = target
        axis = before_locals.get("i") if frame.f_code is not outer_code else coordinate[0]
        if kind in ("state", "theta", "scalar"):
            found = sym.name_of_array(stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target)
            array, idx = found[1]
            value = float(arrays[array][idx])
            axis = idx[-1] if array in ("state", "theta") else None
        else:
            if name in _SKIP_LOCALS:
                return
            value = frame.f_locals.get(name)
            if not isinstance(value, (int, float, np.floating, np.integer)) or isinstance(value, bool):
                return
            value = float(value)
        rhs = stmt.value
        if kind == "local" and isinstance(rhs, ast.Call) and getattr(rhs.func, "id", "") in writers:
            return  # a call of a function of the rule that writes state: its own statements are the stages
        if not isinstance(stmt, ast.AugAssign) and sym.text(rhs) == name:
            return  # a copy under the same name (lr = hyper[LR], mu_product = scal[MU_PRODUCT])
        key = (frame.f_code, lineno)
        if key not in stages:
            formula = f"{name} = {sym.text(rhs)}" if not isinstance(stmt, ast.AugAssign) else \
                f"{name} {_OPS.get(type(stmt.op), '?')}= {sym.text(rhs)}"
            stages[key] = Stage(frame.f_code.co_name, src.lines[lineno], formula, name, kind)
            order.append(key)
        stage = stages[key]
        num = _Renderer(rule, namespace, before_locals, before_arrays, numeric=True)
        numbers = num.text(stmt.value)
        if isinstance(stmt, ast.AugAssign):
            numbers = f"{num.text(stmt.target)} {_OPS.get(type(stmt.op), '?')} {numbers}"
        stage.values[axis] = value
        stage.substituted[axis] = f"{name} = {numbers} = {number(value)}"

    def local_tracer(frame, event, arg):
        if event in ("line", "return"):
            key = id(frame)
            if event == "line" and key in pending:  # a continuation line of the same statement
                start = pending[key][0]
                if start < frame.f_lineno <= sources[frame.f_code].ends.get(start, start):
                    return local_tracer
            if key in pending:
                lineno, before_locals, before_arrays = pending.pop(key)
                record(frame, lineno, before_locals, before_arrays)
            if frame.f_code is outer_code:
                coordinate[0] = frame.f_locals.get("i")
            if event == "line":
                pending[key] = (frame.f_lineno, dict(frame.f_locals), snapshot_arrays())
        return local_tracer

    def global_tracer(frame, event, arg):
        if frame.f_code in sources:
            return local_tracer
        return None

    error = ""
    old = sys.gettrace()
    try:
        with np.errstate(all="ignore"):
            sys.settrace(global_tracer)
            try:
                update(arrays["hyper"], dim, arrays["theta"], arrays["g"], arrays["state"], arrays["scal"], t,
                       arrays["hess"])
            finally:
                sys.settrace(old)
    except (ArithmeticError, ValueError) as exc:  # Python raises where the compiled code gives inf or nan
        error = message("this step cannot be explained here ({reason}): the values are no longer finite", reason=str(exc))
    gradient = Stage("", "g = ∇f(θ)", "g = ∇f(θ)", "g", "gradient")
    at = ", ".join(number(v) for v in theta0)
    for i in range(dim):
        gradient.values[i] = float(g0[i])
        gradient.substituted[i] = message("g{axis} = ∂f/∂{variable} at ({point}) = {value}", axis=AXES[i],
                                          variable="xy"[i], point=at, value=number(g0[i]))
    agrees = (not error and np.array_equal(arrays["theta"], ref_theta, equal_nan=True)
              and np.array_equal(arrays["state"], ref_state, equal_nan=True)
              and np.array_equal(arrays["scal"], ref_scal, equal_nan=True))
    return Explanation(spec.name, t, g0, theta0, ref_theta, ref_state, [] if error else [gradient] + [stages[k] for k in order],
                       agrees, error)
