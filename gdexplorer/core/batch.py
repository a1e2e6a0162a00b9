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
import math
import re
import textwrap
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Mapping

import numpy as np
from numba.core.dispatcher import Dispatcher

from gdexplorer import __version__
from gdexplorer.core import engine, generated, specialize
from gdexplorer.core import kernels as K
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import message
from gdexplorer.core.optimizers import OptimizerSpec, UpdateRule, get_optimizer
from gdexplorer.core.optimizers.base import UPDATE_ARGUMENTS
from gdexplorer.core.schedules import Schedule, check_clip, parse_schedule

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

    def pure_functions(self) -> set[str]:
        """Imported jitted helpers: scalar functions (the batch arrays are never passed to them)."""
        return {name for name, value in self.objects.items() if isinstance(value, Dispatcher)}

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
            fdef.body = _flatten(rewrite.visit(stmt) for stmt in fdef.body)
            fdef.args.args.append(ast.arg(_K))
            fdef.body = _IfConvert(batch, _all_names(fdef), set(params) | {_K}, self.pure_functions()).body(fdef.body)
            fdef.name = name
            self.sources.append("@inline\n" + ast.unparse(ast.fix_missing_locations(fdef)))
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


_PURE_CALLS = {"abs", "min", "max", "float", "int", "bool"}


class _IfConvert:
    """Turns ``if`` statements whose branches only assign (no loops, returns or calls with side
    effects) into selects: both branches are computed into fresh names, then each target takes
    ``a if test else b``. Same values, no branch: LLVM vectorizes the start loop only without
    branches that store (Adam's ``if wd != 0``, ``if amsgrad``, SGD's ``if momentum``...).
    Each branch runs in the lane anyway, so a branch must be safe to compute when not taken: only
    subscripts of the batch arrays (constant slots) and of the parameter vector are allowed."""

    def __init__(self, safe_arrays: set[str], taken: set[str], defined: set[str], pure_functions: set[str]):
        self.safe = safe_arrays
        self.taken = set(taken)
        self.defined = set(defined)  # names certainly assigned before the statement at hand
        self.pure_functions = pure_functions  # scalar jitted helpers (lerp)
        self.count = 0
        self.generated: set[str] = set()  # the fresh names: temporaries, not exported from a branch

    def fresh(self) -> str:
        while True:
            self.count += 1
            name = f"sel{self.count}_"
            if name not in self.taken:
                self.taken.add(name)
                self.generated.add(name)
                return name

    def body(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        out = []
        for stmt in stmts:
            before = set(self.defined)
            if isinstance(stmt, ast.If):
                stmt.body = self.body(stmt.body)
                self.defined = set(before)
                stmt.orelse = self.body(stmt.orelse)
                self.defined = before
                out += self.convert(stmt) or [stmt]
            elif isinstance(stmt, (ast.For, ast.While)):
                self.defined |= _stored(stmt.target) if isinstance(stmt, ast.For) else set()
                stmt.body = self.body(stmt.body)
                self.defined = before
                out.append(stmt)
            else:
                out += self.hoist_ifexp(stmt)
            self.defined = before | _stored(stmt)
        return out

    def _pure(self, node: ast.AST, gen_names: set[str]) -> bool:
        for n in ast.walk(node):
            if isinstance(n, ast.Call):
                f = n.func
                ok = (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "math") or \
                     (isinstance(f, ast.Name) and (f.id in _PURE_CALLS or f.id in gen_names))
                if not ok:
                    return False
                if any(isinstance(arg, ast.Name) and arg.id in self.safe for arg in n.args) or n.keywords:
                    return False
            elif isinstance(n, ast.Subscript):
                if not (isinstance(n.value, ast.Name) and n.value.id in self.safe):
                    return False
            elif isinstance(n, (ast.Lambda, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)):
                return False
        return True

    def _branch(self, stmts: list[ast.stmt]):
        """(statements computing the branch into fresh names, {target key: (target node, fresh name)})."""
        out, names, subs = [], {}, {}  # names: variable -> fresh; subs: dump -> (node, fresh)
        for stmt in stmts:
            if isinstance(stmt, ast.AugAssign):
                stmt = ast.Assign([_with_ctx(stmt.target, ast.Store())],
                                  ast.BinOp(_with_ctx(stmt.target, ast.Load()), stmt.op, stmt.value))
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
                return None
            target = stmt.targets[0]
            if not self._pure(stmt.value, self.pure_functions):
                return None
            value = _Rename(names, subs).visit(copy.deepcopy(stmt.value))
            if value is None:
                return None
            fresh = self.fresh()
            out.append(ast.Assign([ast.Name(fresh, ast.Store())], value))
            if isinstance(target, ast.Name) and target.id in self.generated:
                out[-1] = ast.Assign([ast.Name(target.id, ast.Store())], value)  # a temporary: keep its name
                self.taken.discard(fresh)
            elif isinstance(target, ast.Name):
                names[target.id] = fresh
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in self.safe \
                    and self._pure(target.slice, set()):
                key = ast.dump(_with_ctx(target, ast.Load()))
                if any(k != key and d[0].value.id == target.value.id for k, d in subs.items()):
                    return None  # two different slots of one array written: they could be one
                subs[key] = (target, fresh)
            else:
                return None
        return out, names, subs

    def convert(self, stmt: ast.If) -> list[ast.stmt] | None:
        if not self._pure(stmt.test, self.pure_functions):
            return None
        a = self._branch(stmt.body)
        b = self._branch(stmt.orelse)
        if a is None or b is None:
            return None
        one_sided = set(a[1]) ^ set(b[1])
        if one_sided - self.defined:
            return None  # a name only one branch assigns, unassigned before: the select cannot read it
        test = self.fresh()
        out = [ast.Assign([ast.Name(test, ast.Store())], stmt.test)] + a[0] + b[0]
        for name in list(dict.fromkeys(list(a[1]) + list(b[1]))):
            ya = ast.Name(a[1].get(name, name), ast.Load())
            yb = ast.Name(b[1].get(name, name), ast.Load())
            out.append(ast.Assign([ast.Name(name, ast.Store())], ast.IfExp(ast.Name(test, ast.Load()), ya, yb)))
        for key in list(dict.fromkeys(list(a[2]) + list(b[2]))):
            node = (a[2].get(key) or b[2].get(key))[0]
            if key in a[2] and key in b[2]:
                ya, yb = a[2][key][1], b[2][key][1]
            else:  # the slot's current value, read before the select (a load in a select's arm stops LLVM)
                current = self.fresh()
                out.insert(1, ast.Assign([ast.Name(current, ast.Store())], _with_ctx(node, ast.Load())))
                ya = a[2][key][1] if key in a[2] else current
                yb = b[2][key][1] if key in b[2] else current
            out.append(ast.Assign([_with_ctx(node, ast.Store())],
                                  ast.IfExp(ast.Name(test, ast.Load()), ast.Name(ya, ast.Load()), ast.Name(yb, ast.Load()))))
        return self._merge_arms(out, test)

    def _merge_arms(self, out: list[ast.stmt], test: str) -> list[ast.stmt]:
        """``x = ta if c else tb`` where ta and tb are computed once each and read only there, by
        expressions of one shape (Adam's sqrt(v̂)/√bc₂ + ε and sqrt(v)/√bc₂ + ε): compute the shape
        once on selected leaves, sqrt(v̂ if c else v)/√bc₂ + ε. The same value, half the work."""
        where = {s.targets[0].id: i for i, s in enumerate(out)
                 if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and s.targets[0].id in self.generated}
        reads: dict[str, int] = {}
        for stmt in out:
            for n in ast.walk(stmt):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                    reads[n.id] = reads.get(n.id, 0) + 1
        dropped = set()
        for stmt in out:
            v = stmt.value if isinstance(stmt, ast.Assign) else None
            if not (isinstance(v, ast.IfExp) and isinstance(v.test, ast.Name) and v.test.id == test
                    and isinstance(v.body, ast.Name) and isinstance(v.orelse, ast.Name)):
                continue
            ta, tb = v.body.id, v.orelse.id
            if ta in where and tb in where and ta != tb and reads.get(ta) == 1 and reads.get(tb) == 1:
                stmt.value = _merge(out[where[ta]].value, out[where[tb]].value, test)
                dropped |= {where[ta], where[tb]}
        kept = [stmt for i, stmt in enumerate(out) if i not in dropped]
        return [s for stmt in kept for s in self.hoist_ifexp(stmt)]

    def hoist_ifexp(self, stmt: ast.stmt) -> list[ast.stmt]:
        """``a if c else b`` in a statement: a, b and c computed first into fresh names (when they
        are safe to compute either way), so the select's arms hold no loads or calls."""
        if not isinstance(stmt, (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)) or stmt.value is None:
            return [stmt]
        before: list[ast.stmt] = []

        def name_of(expr: ast.expr) -> ast.expr:
            if isinstance(expr, (ast.Name, ast.Constant)):
                return expr
            fresh = self.fresh()
            before.append(ast.Assign([ast.Name(fresh, ast.Store())], expr))
            return ast.Name(fresh, ast.Load())

        hoister = self

        class _Hoist(ast.NodeTransformer):
            def visit_IfExp(self, node: ast.IfExp):
                self.generic_visit(node)
                if all(hoister._pure(part, hoister.pure_functions) for part in (node.test, node.body, node.orelse)):
                    return ast.IfExp(name_of(node.test), name_of(node.body), name_of(node.orelse))
                return node

        stmt.value = _Hoist().visit(stmt.value)
        return before + [stmt]


def _merge(a: ast.expr, b: ast.expr, test: str) -> ast.expr:
    """One expression that gives ``a`` when ``test`` holds, else ``b``, selecting only where they differ
    (never inside a subscript or a called name: slots and functions stay constant)."""
    if ast.dump(a) == ast.dump(b):
        return a
    whole = ast.IfExp(ast.Name(test, ast.Load()), a, b)
    if type(a) is not type(b) or isinstance(a, (ast.Subscript, ast.Name, ast.Constant, ast.Attribute)):
        return whole
    if isinstance(a, ast.Call) and ast.dump(a.func) != ast.dump(b.func):
        return whole
    merged = copy.copy(a)
    for field in a._fields:
        va, vb = getattr(a, field), getattr(b, field)
        if isinstance(va, ast.AST) and not isinstance(va, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
            setattr(merged, field, _merge(va, vb, test))
        elif isinstance(va, list):
            if len(va) != len(vb):
                return whole
            items = []
            for x, y in zip(va, vb):
                if isinstance(x, ast.expr):
                    items.append(_merge(x, y, test))
                elif ast.dump(x) if isinstance(x, ast.AST) else x != (ast.dump(y) if isinstance(y, ast.AST) else y):
                    return whole
                else:
                    items.append(x)
            setattr(merged, field, items)
        elif (ast.dump(va) if isinstance(va, ast.AST) else va) != (ast.dump(vb) if isinstance(vb, ast.AST) else vb):
            return whole
    return merged


class _Rename(ast.NodeTransformer):
    """Inside a branch, reads of what the branch assigned before read the fresh names; a read of a
    slot of an array the branch wrote another slot of is refused (None)."""

    def __init__(self, names: dict[str, str], subs: dict[str, tuple]):
        self.names, self.subs = names, subs
        self.ok = True

    def visit(self, node):
        result = super().visit(node)
        return result if self.ok else None

    def visit_Name(self, node: ast.Name):
        if isinstance(node.ctx, ast.Load) and node.id in self.names:
            return ast.copy_location(ast.Name(self.names[node.id], ast.Load()), node)
        return node

    def visit_Subscript(self, node: ast.Subscript):
        key = ast.dump(_with_ctx(node, ast.Load()))
        if key in self.subs:
            return ast.copy_location(ast.Name(self.subs[key][1], ast.Load()), node)
        if isinstance(node.value, ast.Name) and any(d[0].value.id == node.value.id for d in self.subs.values()):
            self.ok = False
            return node
        return self.generic_visit(node)


def _stored(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _all_names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}


def _set_ctx(node: ast.AST, ctx) -> None:
    if isinstance(node, (ast.Name, ast.Subscript, ast.Attribute, ast.Tuple)):
        node.ctx = ctx


def _with_ctx(node: ast.AST, ctx) -> ast.AST:
    node = copy.deepcopy(node)
    _set_ctx(node, ctx)
    for sub in ast.walk(node):
        if sub is not node and isinstance(sub, (ast.Name, ast.Subscript, ast.Attribute, ast.Tuple)):
            sub.ctx = ast.Load()
    return node


def copy_tree(node: ast.AST) -> ast.AST:
    return copy.deepcopy(node)


def _flatten(results) -> list[ast.stmt]:
    out = []
    for r in results:
        out += r if isinstance(r, list) else [r]
    return out


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
    hoisted = _flatten(rewrite.visit(s) for s in hoisted)
    rest = _flatten(rewrite.visit(s) for s in rest)
    step_names = _all_names(fdef) | set(needed) | {_K}
    rest = _IfConvert({role[r] for r in _BATCH_ROLES} | {role["hyper"]}, step_names, set(params) | set(needed) | {_K},
                      gen.pure_functions()).body(rest)
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
LR_INDEX = {lr_index}  # where the learning rate is in hyper
BLOCK = 4096  # starts per parallel task: its arrays stay in the L2 cache through every step
N_STATE = {n_state}
N_SCALARS = {n_scalars}
'''

_RUN = '''

@jit(parallel=True)
def run_batch(hyper, lrs, clip, starts, n_steps, gtol, xtol, out_theta, out_f, out_steps, out_status):
    """Blocks of BLOCK starts in parallel; in each, the steps outside and the block's starts inside,
    a loop LLVM vectorizes (no branches, every store a select); a block stops when all its starts have.
    A stopped start's update still runs in its lane, but its point is put back and its state is
    never read again. Per start in memory: theta, g, the rule's state and one status word
    (-1 running, else code + 8 * steps taken); a start that failed keeps its rejected point in g.
    out_status: OK (ran every step), CONVERGED, DIVERGED, SINGULAR, UNDEFINED. ``lrs[n]`` is the
    learning rate of step n + 1 (a schedule's); ``clip`` > 0 clips the gradient's norm (a kernel
    generated with clipping)."""
    m = starts.shape[0]
    nblocks = (m + BLOCK - 1) // BLOCK
    theta = np.empty((DIM, m))
    g = np.zeros((2, m))
    state = np.zeros((max(N_STATE, 1), DIM, m))
    scal = np.zeros((max(N_SCALARS, 1), m))
    hess = np.zeros((3, m))
    status = np.empty(m, dtype=np.int64)
    running = np.zeros(nblocks, dtype=np.int64)
    gtol2 = gtol * gtol
    xtol2 = xtol * xtol
    for b in numba.prange(nblocks):
        count = 0
        for {k} in range(np.uint64(b * BLOCK), np.uint64(min(m, (b + 1) * BLOCK))):
{init}
            x0 = starts[{k}, 0]
            y0 = starts[{k}, 1] if DIM == 2 else 0.0
            theta[0, {k}] = x0
            if DIM == 2:
                theta[1, {k}] = y0
            f0, gx0, gy0 = f_grad(x0, y0)
            g[0, {k}] = gx0
            g[1, {k}] = gy0
            if not finite_row(f0, gx0, gy0, x0, y0):
                status[{k}] = {diverged}
                g[0, {k}] = x0  # the rejected point: the start
                g[1, {k}] = y0
            elif gx0 * gx0 + gy0 * gy0 < gtol2:
                status[{k}] = {converged}
            else:
                status[{k}] = -1
                count += 1
        running[b] = count
    for b in numba.prange(nblocks):
        # the whole run of one block of starts at a time: its arrays stay in the cache for every step
        count = running[b]
        hyper_b = hyper.copy()  # this block's: its learning rate follows lrs
        for n in range(n_steps):
            if count == 0:
                break
            t = n + 1
            hyper_b[{lr}] = lrs[n]
            {uniform_call}
            count = 0
            for {k} in range(np.uint64(b * BLOCK), np.uint64(min(m, (b + 1) * BLOCK))):
                # every value a select may keep is read first: a load in a select's arm stops LLVM
                old = status[{k}]
                run = old == -1
                s0 = theta[0, {k}]
                s1 = theta[1, {k}] if DIM == 2 else 0.0
                g0 = g[0, {k}]
                g1 = g[1, {k}]
{clip}{hessian}
                st = step({k}, hyper_b, DIM, theta, g, state, scal, t, hess{uniform_args})
                x = theta[0, {k}]
                y = theta[1, {k}] if DIM == 2 else 0.0
                f, gx, gy = f_grad(x, y)
                good = (st == {ok}) & finite_row(f, gx, gy, x, y)
                ok = run & good
                failed = run & (not good)
                dx = x - s0
                dy = y - s1
                conv = (gx * gx + gy * gy < gtol2) | (dx * dx + dy * dy < xtol2)
                theta[0, {k}] = x if ok else s0  # a rejected step keeps the last good point
                if DIM == 2:
                    theta[1, {k}] = y if ok else s1
                keep0 = x if failed else g0  # a failed start keeps its rejected point in g
                keep1 = y if failed else g1
                g[0, {k}] = gx if ok else keep0
                g[1, {k}] = gy if ok else keep1
                stop_code = (st if st != {ok} else {diverged}) + 8 * (t - 1)
                code_ok = ({converged} + 8 * t) if conv else -1
                code_stopped = stop_code if run else old
                code = code_ok if ok else code_stopped
                status[{k}] = code
                count += 1 if code == -1 else 0

    for {k} in numba.prange(m):
        word = status[{k}]
        code = {ok} if word == -1 else word % 8
        if code == {diverged}:  # an overflow, or a point where f is undefined?
            code = classify(g[0, {k}], g[1, {k}])
        out_status[{k}] = code
        out_steps[{k}] = n_steps if word == -1 else word // 8
        x = theta[0, {k}]
        y = theta[1, {k}] if DIM == 2 else 0.0
        out_theta[{k}, 0] = x
        if DIM == 2:
            out_theta[{k}, 1] = y
        f, _, _ = f_grad(x, y)  # f at the last good point (as computed when it was reached)
        out_f[{k}] = f


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
    return engine.init_lines(rule, state=f"state[{{s}}, i, {k}]", scalar=f"scal[{{s}}, {k}]", dim="DIM") or ["pass"]


def zero_parameters(hyper: np.ndarray) -> frozenset[int]:
    """The indices of the packed hyperparameters that are +0.0 (a switch that is off, no weight
    decay, no momentum): a batch kernel can be specialized to them."""
    return frozenset(i for i, v in enumerate(np.asarray(hyper, dtype=np.float64).tolist())
                     if v == 0.0 and math.copysign(1.0, v) > 0)


_CLIP = """\
                # torch's clip_grad_norm_: times min(1, clip / (|g| + 1e-6)); times 1 changes nothing
                coef = clip / (math.sqrt(g0 * g0 + g1 * g1) + 1e-6)
                c = coef if coef < 1.0 else 1.0
                g[0, {k}] = g0 * c
                g[1, {k}] = g1 * c
"""


def batch_source(expr: Expression, rule: UpdateRule, rewrite: bool = True, zeros: frozenset[int] = frozenset(),
                 clipped: bool = False) -> str:
    """The module source of the batch kernel of ``rule`` on ``expr`` (``rewrite=False``: the
    fallback that calls the update per start). ``zeros``: indices of hyperparameters the kernel
    is specialized to be +0.0 (their reads become the literal 0.0, so LLVM drops the branches
    that are off; IEEE arithmetic is unchanged, so the results are bit-identical to the general
    kernel's; it must only be called with those parameters at +0.0). ``clipped``: with the code
    that clips the gradient's norm (off, a kernel has none: clip must then be 0)."""
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
                          n_state=len(rule.state), n_scalars=len(rule.scalars), lr_index=rule.hyper_index("lr"))]
    out.append(helpers)
    out.append(specialize.tape_constants(expr))
    out.append(specialize.gradient_source(expr, decorator="@inline"))
    out.append(per_step)
    hessian = ""
    if rule.needs_hessian:
        hessian = (" " * 16 + "if run:  # the interpreter's Hessian: a call, so this loop is not vectorized\n"
                   + " " * 20 + "_, _, _, hess[0, {k}], hess[1, {k}], hess[2, {k}] = "
                   "eval_hessian(OPS, ARG_A, ARG_B, CONSTS, s0, s1)").format(k=_K)
    out.append(_RUN.format(
        k=_K, ok=OK, diverged=DIVERGED, converged=CONVERGED, undefined=UNDEFINED,
        init=textwrap.indent("\n".join(_init_lines(rule, _K)), " " * 12),
        uniform_call=f"{', '.join(needed)}{',' if len(needed) == 1 else ''} = uniform(hyper_b, t)" if needed else "pass",
        uniform_args="".join(f", {n}" for n in needed), hessian=hessian, lr=rule.hyper_index("lr"),
        clip=_CLIP.format(k=_K) if clipped else "",
    ))
    text = "\n".join(out)
    if zeros:
        text = re.sub(r"\bhyper\[(\d+)\]", lambda m: "0.0" if int(m.group(1)) in zeros else m.group(0), text)
        text = text.replace("; do not edit.", f"; do not edit.\n# Specialized to the hyperparameters {sorted(zeros)} = 0.0.", 1)
    return "\n".join(line for line in text.split("\n") if line.strip() or not line)


# ---------------------------------------------------------------------------------------------
# compiling and running
# ---------------------------------------------------------------------------------------------
_loaded: dict[tuple[str, str, frozenset[int], bool], ModuleType] = {}
_lock = threading.Lock()


def _spec(optimizer: str | OptimizerSpec) -> OptimizerSpec:
    return optimizer if isinstance(optimizer, OptimizerSpec) else get_optimizer(optimizer)


def _zeros(spec: OptimizerSpec, hyperparameters: Mapping[str, float] | None) -> frozenset[int]:
    return zero_parameters(spec.pack(hyperparameters)) if hyperparameters is not None else frozenset()


def ready(expr: Expression, optimizer: str | OptimizerSpec,
          hyperparameters: Mapping[str, float] | None = None, clip: bool = False) -> ModuleType | None:
    """The compiled batch kernel of ``optimizer``'s rule on ``expr`` if loaded, else None (no work):
    the one specialized to ``hyperparameters``' zeros if that is loaded, else the general one
    (``clip``: one that can clip the gradient)."""
    spec = _spec(optimizer)
    zeros = _zeros(spec, hyperparameters)
    return (_loaded.get((expr.key, spec.rule.name, zeros, bool(clip)))
            or _loaded.get((expr.key, spec.rule.name, frozenset(), bool(clip))))


def compile_batch(expr: Expression, optimizer: str | OptimizerSpec, rewrite: bool = True, *,
                  hyperparameters: Mapping[str, float] | None = None, clip: bool = False) -> ModuleType:
    """Write, import and compile the batch kernel (about a second the first time, then loaded from
    the disk cache): call it in a worker, use the interpreter until it returns. With
    ``hyperparameters``, the kernel specialized to those of them that are 0 (amsgrad off, no
    weight decay: 10-20% faster); it must then only run with the same ones at 0. ``clip``: a
    kernel that clips the gradient's norm (one without has no code for it)."""
    spec = _spec(optimizer)
    rule = spec.rule
    zeros = _zeros(spec, hyperparameters) if rewrite else frozenset()
    key = (expr.key, rule.name if rewrite else rule.name + "/fallback", zeros, bool(clip))
    with _lock:
        if key not in _loaded:
            module = generated.import_source("batch", batch_source(expr, rule, rewrite, zeros, bool(clip)))
            hyper = spec.pack(hyperparameters) if zeros else np.zeros(len(rule.parameters))
            _call(module, hyper, np.zeros((2, expr.dim)), 1, 0.0, 0.0, None, 1.0 if clip else 0.0)  # compile now
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


def _call(module: ModuleType, hyper: np.ndarray, starts: np.ndarray, steps: int, gtol: float, xtol: float,
          lrs: np.ndarray | None = None, clip: float = 0.0) -> BatchRun:
    m = starts.shape[0]
    if lrs is None:
        lrs = np.full(max(int(steps), 0), hyper[module.LR_INDEX])
    out_theta = np.zeros((m, starts.shape[1]))
    out_f = np.zeros(m)
    out_steps = np.zeros(m, dtype=np.int64)
    out_status = np.zeros(m, dtype=np.int64)
    module.run_batch(hyper, np.ascontiguousarray(lrs, dtype=np.float64), float(clip), starts, int(steps), float(gtol),
                     float(xtol), out_theta, out_f, out_steps, out_status)
    return BatchRun(out_theta, out_f, out_steps, out_status)


def run(expr: Expression, starts, optimizer: str | OptimizerSpec = "gd", *, steps: int = 100,
        hyperparameters: Mapping[str, float] | None = None, gtol: float = 0.0, xtol: float = 0.0,
        kernel: ModuleType | None = None, schedule: Schedule | str | None = None, clip: float | None = None) -> BatchRun:
    """Run ``optimizer`` from every row of ``starts`` ((m, dim)) for up to ``steps`` steps (no
    noise). A start stops early when |∇f| < ``gtol`` or its step was shorter than ``xtol``
    (CONVERGED; 0 = never), or when its point, f or ∇f is no longer finite (DIVERGED / UNDEFINED;
    its last good point is kept). ``schedule`` and ``clip`` as a run's
    (:mod:`gdexplorer.core.schedules`). Raises KeyError/ValueError for a bad optimizer or setting.
    Compiles the kernel first unless it is ready (or given as ``kernel``)."""
    spec = _spec(optimizer)
    hyper = spec.pack(hyperparameters)
    schedule = parse_schedule(schedule) if isinstance(schedule, str) or schedule is None else schedule
    clip = check_clip(clip)
    if steps < 0:
        raise ValueError(message("steps must be >= 0, got {steps}", steps=steps))
    for name, tol in (("gtol", gtol), ("xtol", xtol)):
        if not (tol >= 0.0 and np.isfinite(tol)):
            raise ValueError(message("{name} must be a finite number >= 0, got {tol!r}", name=name, tol=tol))
    starts = np.ascontiguousarray(starts, dtype=np.float64).reshape(-1, expr.dim)
    if kernel is None:
        zeros = zero_parameters(hyper)
        kernel = (_loaded.get((expr.key, spec.rule.name, zeros, clip > 0.0))
                  or compile_batch(expr, spec, hyperparameters=dict(hyperparameters or {}), clip=clip > 0.0))
    lr = hyper[spec.rule.hyper_index("lr")]
    lrs = schedule.rates(lr, np.arange(1, steps + 1)) if schedule is not None else np.full(steps, lr)
    return _call(kernel, hyper, starts, steps, gtol, xtol, lrs, clip)
