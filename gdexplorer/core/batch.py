"""The fast batch engine: one optimizer from many starts, as a kernel generated for the expression
and the optimizer's rule.

The interpreter's batch (:func:`gdexplorer.core.descent.run_batch`) runs one start at a time with
the step loop inside: each step re-reads the hyperparameters and recomputes the bias corrections
(``beta ** t``) per start, and nothing vectorizes. Here the loops are the other way round (the
order ``../shared/PLATFORM.md`` measured 40x faster): the step loop outside, a ``prange`` over the
starts inside, the state laid out per coordinate and contiguous over the starts (theta ``(dim, m)``,
state ``(n_state, dim, m)``), so LLVM vectorizes the start loop.

The kernel is generated from the tape (the gradient written out node by node, as
:mod:`gdexplorer.core.specialize` does) and from the rule's own update, read as Python source and
split in two by :class:`_Splitter`:

* the *uniform* part: the leading assignments that read only the hyperparameters, the step number
  ``t`` and constants (Adam's ``bc1 = 1 - b1 ** t``, ...), run once per step, before the start loop;
* the *per-start* part: the rest, with every subscript of ``theta``, ``g``, ``state``, ``scal`` and
  ``hess`` given the start's index as a last index (helpers that receive those arrays, such as
  Adam's ``adam_moments``, are rewritten the same way), inlined into the start loop.

The arithmetic is the update's own, statement for statement, so a batch run's final point equals
:func:`descent.run`'s bit for bit (unless the convergence tolerance stops it early). A rule whose
source cannot be read (a frozen build without sources) or rewritten falls back to calling its
update per start on views of the batch arrays: same numbers, slower.

The module is written to the kernel cache directory, named by the hash of its content, and
imported (:mod:`gdexplorer.core.generated`), so ``cache=True`` keeps its machine code on disk.
Compiling takes a second or two: :func:`compile_batch` is the call to make in a worker;
:func:`ready` answers without work; :func:`run` runs (compiling first if needed).
"""
from __future__ import annotations

import ast
import builtins
import copy
import inspect
import textwrap
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Mapping

import numpy as np
from numba.core.dispatcher import Dispatcher

from gdexplorer import __version__
from gdexplorer.core import generated, specialize
from gdexplorer.core import kernels as K
from gdexplorer.core.expression import Expression
from gdexplorer.core.optimizers import OptimizerSpec, UpdateRule, get_optimizer
from gdexplorer.core.optimizers.base import UPDATE_ARGUMENTS

# per-start status codes (OK, DIVERGED, SINGULAR are the run loops'; kernels.py)
OK, DIVERGED, SINGULAR = K.OK, K.DIVERGED, K.SINGULAR
CONVERGED = 3  # |∇f| < gtol or the step's length < xtol
UNDEFINED = 4  # stepped to a finite point where f is undefined (NaN, nothing overflowed) or has no gradient
STATUS_TEXT = {OK: "ok", DIVERGED: "diverged", SINGULAR: "singular", CONVERGED: "converged", UNDEFINED: "undefined"}

_ROLES = tuple(a.strip() for a in UPDATE_ARGUMENTS.split(","))  # hyper, dim, theta, g, state, scal, t, hess
_BATCH_ROLES = ("theta", "g", "state", "scal", "hess")  # arrays with one slice per start
_K = "k_"  # the start index in generated code


class Unsupported(Exception):
    """The rule's update cannot be rewritten for the batch (the fallback is used)."""


# ---------------------------------------------------------------------------------------------
# rewriting an update rule for the batch
# ---------------------------------------------------------------------------------------------
def _function_def(fn) -> tuple[ast.FunctionDef, object]:
    py = getattr(fn, "py_func", fn)
    try:
        source = textwrap.dedent(inspect.getsource(py))
    except (OSError, TypeError) as exc:  # frozen: no source files
        raise Unsupported(f"no source for {py.__name__}: {exc}") from None
    tree = ast.parse(source)
    fdef = tree.body[0]
    if not isinstance(fdef, ast.FunctionDef) or fdef.args.vararg or fdef.args.kwarg or fdef.args.kwonlyargs:
        raise Unsupported(f"{py.__name__} is not a plain function")
    fdef.decorator_list = []
    return fdef, py


def _stored_names(fdef: ast.FunctionDef) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            counts[node.id] = counts.get(node.id, 0) + 1
        elif isinstance(node, (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.Global, ast.Nonlocal)) and node is not fdef:
            raise Unsupported("nested functions, classes and global statements are not rewritten")
    return counts


class _Generator:
    """Collects the imports and rewritten helpers of one generated module."""

    def __init__(self, dim: int):
        self.dim = dim
        self.imports: dict[str, str] = {}  # name used in the code -> import line
        self.objects: dict[str, object] = {}  # name -> the object it stands for (to catch clashes)
        self.helpers: dict[tuple[int, tuple[int, ...]], str] = {}
        self.sources: list[str] = []

    def global_name(self, name: str, value) -> None:
        if name in self.objects and self.objects[name] is not value:
            raise Unsupported(f"two different globals named {name}")
        self.objects[name] = value
        if isinstance(value, ModuleType):
            line = f"import {value.__name__}" if value.__name__ == name else f"import {value.__name__} as {name}"
        else:
            py = value.py_func
            module = __import__(py.__module__, fromlist=[py.__name__])
            if getattr(module, py.__name__, None) is not value:
                raise Unsupported(f"{py.__name__} is not a module-level name of {py.__module__}")
            line = f"from {py.__module__} import {py.__name__}" + ("" if py.__name__ == name else f" as {name}")
        self.imports[name] = line

    def batch_helper(self, fn: Dispatcher, positions: tuple[int, ...]) -> str:
        """The name of ``fn`` rewritten with its parameters at ``positions`` as batch arrays."""
        key = (id(fn), positions)
        if key not in self.helpers:
            fdef, py = _function_def(fn)
            params = [a.arg for a in fdef.args.args]
            if max(positions) >= len(params) or fdef.args.defaults:
                raise Unsupported(f"{py.__name__}: batch arrays passed to parameters it does not have")
            name = f"{py.__name__}__batch_{'_'.join(map(str, positions))}"
            self.helpers[key] = name
            batch = {params[p] for p in positions}
            rewrite = _Rewriter(self, py, batch, params, _stored_names(fdef), dim_name=None)
            fdef.body = [rewrite.visit(stmt) for stmt in fdef.body]
            fdef.args.args.append(ast.arg(_K))
            fdef.name = name
            self.sources.append("@inline\n" + ast.unparse(fdef))
        return self.helpers[key]


class _Rewriter(ast.NodeTransformer):
    """Gives every subscript of a batch array the start index; makes the globals constants or
    imports; ``dim`` becomes the expression's dimension."""

    def __init__(self, gen: _Generator, py, batch: set[str], params: list[str], stored: dict[str, int],
                 dim_name: str | None):
        self.gen, self.py, self.batch, self.dim_name = gen, py, batch, dim_name
        self.local = set(params) | set(stored)
        if _K in self.local:
            raise Unsupported(f"{py.__name__} uses the name {_K}")
        for name in batch:
            if stored.get(name):
                raise Unsupported(f"{py.__name__} assigns its array {name}")

    def visit_Name(self, node: ast.Name):
        if node.id in self.batch:
            raise Unsupported(f"{self.py.__name__} uses the array {node.id} whole")
        if node.id == self.dim_name:
            return ast.copy_location(ast.Constant(self.gen.dim), node)
        if node.id in self.local or not isinstance(node.ctx, ast.Load):
            return node
        value = self.py.__globals__.get(node.id, getattr(builtins, node.id, None))
        if isinstance(value, bool) or isinstance(value, (int, float)):
            return ast.copy_location(ast.Constant(value), node)  # numba freezes global numbers too
        if value is getattr(builtins, node.id, None) and value is not None:
            return node  # range, float, abs, min, max, ...
        if isinstance(value, (ModuleType, Dispatcher)):
            self.gen.global_name(node.id, value)
            return node
        raise Unsupported(f"{self.py.__name__}: the global {node.id} is {type(value).__name__}")

    def visit_Subscript(self, node: ast.Subscript):
        if isinstance(node.value, ast.Name) and node.value.id in self.batch:
            index = self.visit(node.slice)
            elts = list(index.elts) if isinstance(index, ast.Tuple) else [index]
            node.slice = ast.Tuple(elts + [ast.Name(_K, ast.Load())], ast.Load())
            return node
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call):
        batch_args = tuple(i for i, a in enumerate(node.args) if isinstance(a, ast.Name) and a.id in self.batch)
        if not batch_args:
            return self.generic_visit(node)
        fn = self.py.__globals__.get(node.func.id) if isinstance(node.func, ast.Name) else None
        if not isinstance(fn, Dispatcher) or node.keywords:
            raise Unsupported(f"{self.py.__name__}: a batch array passed to {ast.unparse(node.func)}")
        name = self.gen.batch_helper(fn, batch_args)
        args = [a if i in batch_args else self.visit(a) for i, a in enumerate(node.args)]
        return ast.copy_location(ast.Call(ast.Name(name, ast.Load()), args + [ast.Name(_K, ast.Load())], []), node)

    def visit_For(self, node: ast.For):
        """``for i in range(dim)`` is unrolled (i a constant in each copy): LLVM vectorizes the start
        loop only when the coordinate index of every batch array is a constant."""
        it = node.iter
        if (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and len(it.args) == 1
                and not it.keywords and isinstance(node.target, ast.Name) and not node.orelse):
            count = self.visit(it.args[0])
            jumps = any(isinstance(n, (ast.Break, ast.Continue)) for s in node.body for n in ast.walk(s))
            assigned = any(isinstance(n, ast.Name) and n.id == node.target.id and not isinstance(n.ctx, ast.Load)
                           for s in node.body for n in ast.walk(s))
            if isinstance(count, ast.Constant) and type(count.value) is int and count.value <= 4 and not jumps \
                    and not assigned:
                out = []
                for value in range(count.value):
                    for stmt in node.body:
                        copy = _Substitute(node.target.id, value).visit(copy_tree(stmt))
                        result = self.visit(copy)
                        out += result if isinstance(result, list) else [result]
                return out or [ast.Pass()]
        return self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id in self.batch:
            raise Unsupported(f"{self.py.__name__} reads {node.value.id}.{node.attr}")
        return self.generic_visit(node)


class _Substitute(ast.NodeTransformer):
    """Replaces the loop variable ``name`` by the constant ``value``."""

    def __init__(self, name: str, value: int):
        self.name, self.value = name, value

    def visit_Name(self, node: ast.Name):
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(self.value), node)
        return node


def copy_tree(node: ast.AST) -> ast.AST:
    return copy.deepcopy(node)


def _names_read(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _targets(stmt: ast.Assign) -> list[str] | None:
    names = []
    for target in stmt.targets:
        elts = target.elts if isinstance(target, ast.Tuple) else [target]
        if not all(isinstance(e, ast.Name) for e in elts):
            return None
        names += [e.id for e in elts]
    return names


def rule_source(rule: UpdateRule, dim: int) -> tuple[str, list[str], str]:
    """(helpers' and imports' source, the uniform names, the per-step source) of ``rule``'s update
    rewritten for the batch. Raises :class:`Unsupported` when it cannot be."""
    gen = _Generator(dim)
    fdef, py = _function_def(rule.update)
    params = [a.arg for a in fdef.args.args]
    if len(params) != len(_ROLES) or fdef.args.defaults:
        raise Unsupported(f"{py.__name__} does not take ({UPDATE_ARGUMENTS})")
    role = dict(zip(_ROLES, params))
    stored = _stored_names(fdef)
    body = [s for s in fdef.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    # split: leading-or-not assignments that read only hyper, t, constants and earlier uniform names
    uniform = {role["hyper"], role["t"], role["dim"]}
    local = set(params) | set(stored)
    hoisted, rest = [], []
    for stmt in body:
        targets = _targets(stmt) if isinstance(stmt, ast.Assign) else None
        if (targets and all(stored.get(t) == 1 for t in targets) and not set(targets) & set(params)
                and all(n in uniform or n not in local for n in _names_read(stmt.value))
                and not any(n in _names_read(stmt.value) for n in (role[r] for r in _BATCH_ROLES))):
            hoisted.append(stmt)
            uniform |= set(targets)
        else:
            rest.append(stmt)
    if not rest:
        raise Unsupported(f"{py.__name__} changes nothing per start")
    needed = sorted(set().union(*(_names_read(s) for s in rest)) & (uniform - set(params)))
    rewrite = _Rewriter(gen, py, {role[r] for r in _BATCH_ROLES}, params, stored, dim_name=role["dim"])
    hoisted = [rewrite.visit(s) for s in hoisted]
    rest = [rewrite.visit(s) for s in rest]
    uniform_fn = ast.FunctionDef(
        "uniform", ast.arguments([], [ast.arg(role["hyper"]), ast.arg(role["t"])], None, [], [], None, []),
        hoisted + [ast.Return(ast.Tuple([ast.Name(n, ast.Load()) for n in needed], ast.Load()))], [], None, None)
    step_args = [ast.arg(_K)] + [ast.arg(p) for p in params] + [ast.arg(n) for n in needed]
    step_fn = ast.FunctionDef("step", ast.arguments([], step_args, None, [], [], None, []), rest, [], None, None)
    for fn in (uniform_fn, step_fn):
        ast.fix_missing_locations(fn)
    helpers = sorted(gen.imports.values()) + [""] + gen.sources
    per_step = "\n\n@inline\n" + ast.unparse(uniform_fn) + "\n\n\n@inline\n" + ast.unparse(step_fn)
    return "\n\n\n".join(helpers), needed, per_step


def _fallback_source(rule: UpdateRule) -> tuple[str, list[str], str]:
    py = rule.update.py_func
    imports = f"from {py.__module__} import {py.__name__} as rule_update"
    step = (f"@inline\ndef step({_K}, hyper, dim, theta, g, state, scal, t, hess):\n"
            f"    return rule_update(hyper, DIM, theta[:, {_K}], g[:, {_K}], state[:, :, {_K}], scal[:, {_K}], t, "
            f"hess[:, {_K}])")
    return imports, [], step


# ---------------------------------------------------------------------------------------------
# the generated module
# ---------------------------------------------------------------------------------------------
_HEADER = '''\
# Generated by gdexplorer {version}: the batch kernel of the rule {rule} ({how}) on the tape {key}; do not edit.
# Built from the tape and the rule's code (fingerprint {fingerprint}), never from user text.
import math

import numba
import numpy as np

from gdexplorer.core.jit import inline, jit
from gdexplorer.core.kernels import eval_hessian, eval_point, finite_row, op_partials, op_value

DIM = {dim}
N_STATE = {n_state}
N_SCALARS = {n_scalars}
'''

_RUN = '''

@jit(parallel=True)
def run_batch(hyper, starts, n_steps, gtol, xtol, out_theta, out_f, out_steps, out_status):
    """Steps outside, starts inside. out_status: OK (ran every step), CONVERGED, DIVERGED,
    SINGULAR; a DIVERGED start's rejected point is classified by classify() afterwards."""
    m = starts.shape[0]
    theta = np.empty((DIM, m))
    g = np.zeros((2, m))
    state = np.zeros((max(N_STATE, 1), DIM, m))
    scal = np.zeros((max(N_SCALARS, 1), m))
    hess = np.zeros((3, m))
    fval = np.empty(m)
    status = np.empty(m, dtype=np.int64)
    done = np.zeros(m, dtype=np.int64)
    gtol2 = gtol * gtol
    xtol2 = xtol * xtol
    running = 0
    for {k} in numba.prange(m):
{init}
        x0 = starts[{k}, 0]
        y0 = starts[{k}, 1] if DIM == 2 else 0.0
        theta[0, {k}] = x0
        if DIM == 2:
            theta[1, {k}] = y0
        f0, gx0, gy0 = f_grad(x0, y0)
        fval[{k}] = f0
        g[0, {k}] = gx0
        g[1, {k}] = gy0
        if not finite_row(f0, gx0, gy0, x0, y0):
            status[{k}] = {diverged}
            out_theta[{k}, 0] = x0
            if DIM == 2:
                out_theta[{k}, 1] = y0
        elif gx0 * gx0 + gy0 * gy0 < gtol2:
            status[{k}] = {converged}
        else:
            status[{k}] = -1
            running += 1
    for n in range(n_steps):
        if running == 0:
            break
        t = n + 1
        {uniform_call}
        running = 0
        for {k} in numba.prange(m):
            if status[{k}] == -1:
                s0 = theta[0, {k}]
                s1 = theta[1, {k}] if DIM == 2 else 0.0
{hessian}
                st = step({k}, hyper, DIM, theta, g, state, scal, t, hess{uniform_args})
                x = theta[0, {k}]
                y = theta[1, {k}] if DIM == 2 else 0.0
                f, gx, gy = f_grad(x, y)
                if st != {ok} or not finite_row(f, gx, gy, x, y):
                    status[{k}] = st if st != {ok} else {diverged}
                    out_theta[{k}, 0] = x  # the rejected point, for classify()
                    if DIM == 2:
                        out_theta[{k}, 1] = y
                    theta[0, {k}] = s0  # keep the last good point, as a single run does
                    if DIM == 2:
                        theta[1, {k}] = s1
                else:
                    fval[{k}] = f
                    g[0, {k}] = gx
                    g[1, {k}] = gy
                    done[{k}] = t
                    dx = x - s0
                    dy = y - s1
                    if gx * gx + gy * gy < gtol2 or dx * dx + dy * dy < xtol2:
                        status[{k}] = {converged}
                    else:
                        running += 1
    for {k} in numba.prange(m):
        code = status[{k}]
        if code == {diverged}:  # classify the rejected point (at step 0: the start)
            code = classify(out_theta[{k}, 0], out_theta[{k}, 1] if DIM == 2 else 0.0)
        out_status[{k}] = {ok} if code == -1 else code
        out_theta[{k}, 0] = theta[0, {k}]
        if DIM == 2:
            out_theta[{k}, 1] = theta[1, {k}]
        out_f[{k}] = fval[{k}]
        out_steps[{k}] = done[{k}]


@jit
def classify(x, y):
    """DIVERGED for a step that overflowed; UNDEFINED for a finite point where f is NaN with no
    infinity on the way (sqrt or log of a negative number, 0/0) or f is finite and ∇f is not (as
    descent._why_not_finite tells them apart)."""
    if not (math.isfinite(x) and math.isfinite(y)):
        return {diverged}
    vals = np.empty(OPS.shape[0])
    adj = np.empty(OPS.shape[0])
    f, gx, gy = eval_point(OPS, ARG_A, ARG_B, CONSTS, x, y, vals, adj)
    for i in range(vals.shape[0]):
        if math.isinf(vals[i]):
            return {diverged}
    if math.isnan(f) or not (math.isfinite(gx) and math.isfinite(gy)):
        return {undefined}
    return {diverged}
'''


def _init_lines(rule: UpdateRule, k: str) -> list[str]:
    lines = []
    for s, vec in enumerate(rule.state):
        if vec.init != 0.0:
            value = f"hyper[{rule.hyper_index(vec.init)}]" if isinstance(vec.init, str) else repr(float(vec.init))
            lines += [f"for i in range(DIM):", f"    state[{s}, i, {k}] = {value}  # {vec.name}"]
    for s, scalar in enumerate(rule.scalars):
        if scalar.init != 0.0:
            lines.append(f"scal[{s}, {k}] = {float(scalar.init)!r}  # {scalar.name}")
    return lines or ["pass"]


def batch_source(expr: Expression, rule: UpdateRule, rewrite: bool = True) -> str:
    """The module source of the batch kernel of ``rule`` on ``expr`` (``rewrite=False``: the
    fallback that calls the update per start)."""
    how = "rewritten for the batch"
    try:
        if not rewrite:
            raise Unsupported("asked for the fallback")
        helpers, needed, per_step = rule_source(rule, expr.dim)
    except Unsupported:
        helpers, needed, per_step = _fallback_source(rule)
        how = "its update called per start"
    used = [rule.update, K.eval_point, K.eval_hessian, K.finite_row, K.op_value, K.op_partials]
    out = [_HEADER.format(version=__version__, rule=rule.name, how=how, key=expr.key,
                          fingerprint=generated.fingerprint(used), dim=expr.dim,
                          n_state=len(rule.state), n_scalars=len(rule.scalars))]
    out.append(helpers)
    out.append(specialize.tape_constants(expr))
    out.append(specialize.gradient_source(expr, decorator="@inline"))
    out.append(per_step)
    hessian = ""
    if rule.needs_hessian:
        hessian = (" " * 16 + "_, _, _, hess[0, {k}], hess[1, {k}], hess[2, {k}] = "
                   "eval_hessian(OPS, ARG_A, ARG_B, CONSTS, s0, s1)").format(k=_K)
    out.append(_RUN.format(
        k=_K, ok=OK, diverged=DIVERGED, converged=CONVERGED, undefined=UNDEFINED,
        init=textwrap.indent("\n".join(_init_lines(rule, _K)), " " * 8),
        uniform_call=f"{', '.join(needed)}{',' if len(needed) == 1 else ''} = uniform(hyper, t)" if needed else "pass",
        uniform_args="".join(f", {n}" for n in needed), hessian=hessian,
    ))
    text = "\n".join(out)
    return "\n".join(line for line in text.split("\n") if line.strip() or not line)


# ---------------------------------------------------------------------------------------------
# compiling and running
# ---------------------------------------------------------------------------------------------
_loaded: dict[tuple[str, str], ModuleType] = {}
_lock = threading.Lock()


def _spec(optimizer: str | OptimizerSpec) -> OptimizerSpec:
    return optimizer if isinstance(optimizer, OptimizerSpec) else get_optimizer(optimizer)


def ready(expr: Expression, optimizer: str | OptimizerSpec) -> ModuleType | None:
    """The compiled batch kernel of ``optimizer``'s rule on ``expr`` if loaded, else None (no work)."""
    return _loaded.get((expr.key, _spec(optimizer).rule.name))


def compile_batch(expr: Expression, optimizer: str | OptimizerSpec, rewrite: bool = True) -> ModuleType:
    """Write, import and compile the batch kernel (about a second the first time, then loaded from
    the disk cache): call it in a worker, use the interpreter until it returns."""
    rule = _spec(optimizer).rule
    key = (expr.key, rule.name) if rewrite else (expr.key, rule.name + "/fallback")
    with _lock:
        if key not in _loaded:
            module = generated.import_source("batch", batch_source(expr, rule, rewrite))
            _call(module, np.zeros(len(rule.parameters)), np.zeros((2, expr.dim)), 1, 0.0, 0.0)  # compile now
            _loaded[key] = module
        return _loaded[key]


@dataclass(frozen=True)
class BatchRun:
    final: np.ndarray  # (m, dim): the last good point of each start
    f: np.ndarray  # (m,): f there
    steps: np.ndarray  # (m,): steps taken
    status: np.ndarray  # (m,): OK (ran every step), CONVERGED, DIVERGED, SINGULAR, UNDEFINED

    def status_counts(self) -> dict[str, int]:
        return {STATUS_TEXT[int(c)]: int(n) for c, n in zip(*np.unique(self.status, return_counts=True))}


def _call(module: ModuleType, hyper: np.ndarray, starts: np.ndarray, steps: int, gtol: float, xtol: float) -> BatchRun:
    m = starts.shape[0]
    out_theta = np.zeros((m, starts.shape[1]))
    out_f = np.zeros(m)
    out_steps = np.zeros(m, dtype=np.int64)
    out_status = np.zeros(m, dtype=np.int64)
    module.run_batch(hyper, starts, int(steps), float(gtol), float(xtol), out_theta, out_f, out_steps, out_status)
    return BatchRun(out_theta, out_f, out_steps, out_status)


def run(expr: Expression, starts, optimizer: str | OptimizerSpec = "gd", *, steps: int = 100,
        hyperparameters: Mapping[str, float] | None = None, gtol: float = 0.0, xtol: float = 0.0,
        kernel: ModuleType | None = None) -> BatchRun:
    """Run ``optimizer`` from every row of ``starts`` ((m, dim)) for up to ``steps`` steps (no
    noise). A start stops early when |∇f| < ``gtol`` or its step was shorter than ``xtol``
    (CONVERGED; 0 = never), or when its point, f or ∇f is no longer finite (DIVERGED / UNDEFINED;
    its last good point is kept). Raises KeyError/ValueError for a bad optimizer or setting.
    Compiles the kernel first unless it is ready (or given as ``kernel``)."""
    spec = _spec(optimizer)
    hyper = spec.pack(hyperparameters)
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    for name, tol in (("gtol", gtol), ("xtol", xtol)):
        if not (tol >= 0.0 and np.isfinite(tol)):
            raise ValueError(f"{name} must be a finite number >= 0, got {tol!r}")
    starts = np.ascontiguousarray(starts, dtype=np.float64).reshape(-1, expr.dim)
    module = kernel or ready(expr, spec) or compile_batch(expr, spec)
    return _call(module, hyper, starts, steps, gtol, xtol)
