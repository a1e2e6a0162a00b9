"""The optimizer engine: the kernels that run optimizers, generated from the registry.

Each update rule of :mod:`gdexplorer.core.optimizers` is a Numba function of its own. The kernels
that step them (``update``, a dispatch on the rule's number; ``init_state``; the run loops
``run_steps`` and ``run_batch``) are generated as the source of one module, written to the kernel
cache directory and imported (:mod:`gdexplorer.core.generated`), so that ``cache=True`` keys on a real
file and a new process loads them without compiling. Its header holds a fingerprint of every
update's code, so a changed definition gives a new file, never stale machine code.

The run loops are one template with the gradient as a parameter: here, the tape interpreter
(``kernels.eval_point``: the expression is data, nothing compiles when the user types); in
:mod:`gdexplorer.core.specialize`, a gradient compiled for one expression.
"""
from __future__ import annotations

import textwrap
import threading
from dataclasses import dataclass
from types import ModuleType

from gdexplorer import __version__
from gdexplorer.core import generated
from gdexplorer.core import kernels as K
from gdexplorer.core.optimizers import RULES, UpdateRule
from gdexplorer.core.optimizers.base import UPDATE_ARGUMENTS


@dataclass(frozen=True)
class GradientSource:
    """How the run loops get f and ∇f: ``args`` (leading kernel arguments), ``scratch`` (lines that
    allocate per-run buffers), ``f_grad`` and ``hessian`` (calls, with {x} and {y} for the point:
    f_grad returns (f, gx, gy), hessian (f, gx, gy, hxx, hxy, hyy))."""

    args: str
    scratch: tuple[str, ...]
    f_grad: str
    hessian: str


INTERPRETER = GradientSource(
    args="ops, arg_a, arg_b, consts, ",
    scratch=("vals = np.empty(ops.shape[0])", "adj = np.empty(ops.shape[0])"),
    f_grad="eval_point(ops, arg_a, arg_b, consts, {x}, {y}, vals, adj)",
    hessian="eval_hessian(ops, arg_a, arg_b, consts, {x}, {y})",
)

_RUN_STEPS = '''
@jit
def run_steps({args}dim, rule, hyper, theta, state, scal, t0, noise, lrs, clip, out_theta, out_f, out_g):
    """Advance an optimizer ``noise.shape[0]`` steps from ``theta`` (updated in place).

    Row 0 of the outputs is the current point; row k+1 follows update number ``t0 + k + 1``.
    Each row's gradient is the exact gradient at that row's point (without noise).
    ``lrs[k]`` is the learning rate of step k (a schedule's, or the constant rate); ``clip`` > 0
    scales the gradient the step uses (noise included) as torch's clip_grad_norm_(clip) does.
    Returns (rows written, status). A row whose point, f or ∇f is not finite is not written:
    the run stops with DIVERGED; a Hessian that cannot be inverted stops newton with SINGULAR.
    """
    n_steps = noise.shape[0]
{scratch4}
    hyper = hyper.copy()  # its learning rate follows lrs
    lr_at = LR_INDEX[rule]
    g = np.zeros(2)
    hess = np.zeros(3)
    y = theta[1] if dim == 2 else 0.0
    f, gx, gy = {f_grad}
    if not finite_row(f, gx, gy, theta[0], y):
        return 0, DIVERGED
    out_theta[0, 0] = theta[0]
    out_g[0, 0] = gx
    if dim == 2:
        out_theta[0, 1] = theta[1]
        out_g[0, 1] = gy
    out_f[0] = f
    for k in range(n_steps):
        g[0] = gx + noise[k, 0]
        g[1] = gy + noise[k, 1]
        if clip > 0.0:
            g0 = g[0]
            g1 = g[1] if dim == 2 else 0.0
            coef = clip / (math.sqrt(g0 * g0 + g1 * g1) + 1e-6)
            if coef < 1.0:  # torch multiplies by min(coef, 1): by 1 changes nothing
                g[0] = g0 * coef
                g[1] = g1 * coef
        hyper[lr_at] = lrs[k]
        if {needs_hessian}:
            _, _, _, hess[0], hess[1], hess[2] = {hessian}
        status = update(rule, hyper, dim, theta, g, state, scal, t0 + k + 1, hess)
        if status != OK:
            return k + 1, status
        y = theta[1] if dim == 2 else 0.0
        f, gx, gy = {f_grad}
        if not finite_row(f, gx, gy, theta[0], y):
            return k + 1, DIVERGED
        out_theta[k + 1, 0] = theta[0]
        out_g[k + 1, 0] = gx
        if dim == 2:
            out_theta[k + 1, 1] = theta[1]
            out_g[k + 1, 1] = gy
        out_f[k + 1] = f
    return n_steps + 1, OK
'''

_RUN_BATCH = '''
@jit(parallel=True)
def run_batch({args}dim, rule, hyper, starts, n_steps, out_theta, out_f, out_steps, out_status):
    """Run the optimizer from many starts at once (no noise). ``out_steps[k]`` counts the steps
    start k completed; its final point and value are in ``out_theta[k]`` and ``out_f[k]``."""
    m = starts.shape[0]
    for k in numba.prange(m):
{scratch8}
        theta = np.zeros(2)
        g = np.zeros(2)
        hess = np.zeros(3)
        state = np.empty((N_STATE, 2))
        scal = np.empty(N_SCALARS)
        init_state(rule, hyper, dim, state, scal)
        for i in range(dim):
            theta[i] = starts[k, i]
        y = theta[1] if dim == 2 else 0.0
        f, gx, gy = {f_grad}
        status = OK if finite_row(f, gx, gy, theta[0], y) else DIVERGED
        done = 0
        last_f = f
        while status == OK and done < n_steps:
            g[0] = gx
            g[1] = gy
            if {needs_hessian}:
                _, _, _, hess[0], hess[1], hess[2] = {hessian}
            saved0 = theta[0]
            saved1 = theta[1]
            status = update(rule, hyper, dim, theta, g, state, scal, done + 1, hess)
            if status != OK:
                break
            y = theta[1] if dim == 2 else 0.0
            f, gx, gy = {f_grad}
            if not finite_row(f, gx, gy, theta[0], y):
                status = DIVERGED
                theta[0] = saved0
                theta[1] = saved1
                break
            last_f = f
            done += 1
        for i in range(dim):
            out_theta[k, i] = theta[i]
        out_f[k] = last_f
        out_steps[k] = done
        out_status[k] = status
'''


def _hessian_test(rules) -> str:
    ids = [f"rule == {i}" for i, rule in enumerate(rules) if rule.needs_hessian]
    return " or ".join(ids) or "False"


def run_loops(source: GradientSource, rules=None, batch: bool = True) -> str:
    """The source of ``run_steps`` (and ``run_batch``) with ``source`` as the gradient. The module
    that holds it must provide math, np, numba, jit, update, init_state, N_STATE, N_SCALARS,
    LR_INDEX and kernels' OK, DIVERGED and finite_row, eval_point/eval_hessian as ``source`` calls them."""
    rules = RULES if rules is None else rules
    point = dict(x="theta[0]", y="y")
    fill = dict(
        args=source.args,
        f_grad=source.f_grad.format(**point), hessian=source.hessian.format(**point),
        needs_hessian=_hessian_test(rules),
        scratch4=textwrap.indent("\n".join(source.scratch), " " * 4),
        scratch8=textwrap.indent("\n".join(source.scratch), " " * 8),
    )
    templates = (_RUN_STEPS, _RUN_BATCH) if batch else (_RUN_STEPS,)
    text = "\n".join(t.format(**fill) for t in templates)
    return "\n".join(line for line in text.split("\n") if line.strip() or not line)  # no blank scratch line


def _update_import(rule: UpdateRule) -> tuple[str, str]:
    py = rule.update.py_func
    module = __import__(py.__module__, fromlist=[py.__name__])
    if getattr(module, py.__name__, None) is not rule.update:
        raise ValueError(f"rule {rule.name}: its update must be the module-level name {py.__module__}.{py.__name__}")
    return py.__module__, py.__name__


def init_lines(rule: UpdateRule, state: str, scalar: str, dim: str) -> list[str]:
    """Statements that set ``rule``'s state vectors and scalars with a non-zero start (AdaGrad's
    accumulator, NAdam's running product); ``state`` and ``scalar`` say how an element is written
    ("state[{s}, i]", with {s} the vector's number), ``dim`` the number of coordinates. Shared by
    the single-run engine and the batch kernels."""
    lines = []
    for s, vec in enumerate(rule.state):
        if vec.init != 0.0:
            value = f"hyper[{rule.hyper_index(vec.init)}]" if isinstance(vec.init, str) else repr(float(vec.init))
            lines += [f"for i in range({dim}):", f"    {state.format(s=s)} = {value}  # {vec.name}"]
    for s, item in enumerate(rule.scalars):
        if item.init != 0.0:
            lines.append(f"{scalar.format(s=s)} = {float(item.init)!r}  # {item.name}")
    return lines


def engine_source(rules=None) -> str:
    """The module source of the optimizer engine for ``rules`` (by default the registry's)."""
    rules = list(RULES if rules is None else rules)
    imports = [_update_import(rule) for rule in rules]
    used = [K.eval_point, K.eval_hessian, K.finite_row] + [rule.update for rule in rules]
    n_state = max([len(rule.state) for rule in rules] + [1])
    n_scalars = max([len(rule.scalars) for rule in rules] + [1])
    out = [
        f"# Generated by gdexplorer {__version__} from the optimizer registry; do not edit.",
        f"# Fingerprint of the update rules and the kernels they call: {generated.fingerprint(used)}",
        "import math",
        "",
        "import numba",
        "import numpy as np",
        "",
        "from gdexplorer.core.jit import jit",
        "from gdexplorer.core.kernels import DIVERGED, OK, eval_hessian, eval_point, finite_row",
    ]
    out += [f"from {module} import {name} as update_{rule.name}" for rule, (module, name) in zip(rules, imports)]
    out += [
        "",
        f"RULES = {tuple(rule.name for rule in rules)!r}  # rule id -> name",
        f"N_STATE = {n_state}  # vectors of optimizer state per coordinate (the most any rule keeps)",
        f"N_SCALARS = {n_scalars}",
        f"LR_INDEX = np.array({[rule.hyper_index('lr') for rule in rules]}, dtype=np.int64)  # rule id -> its lr",
        "",
        "",
        "@jit",
        f"def update(rule, {UPDATE_ARGUMENTS}):",
        '    """One optimizer step of rule number ``rule`` in place on theta. ``t`` is the step number, from 1;',
        "    ``g`` the gradient used for the step (noise already added); ``hess`` (h_xx, h_xy, h_yy) for",
        '    rules that need it. Returns a status code (SINGULAR: newton\'s Hessian cannot be inverted)."""',
    ]
    for i, rule in enumerate(rules):
        out += [f"    if rule == {i}:", f"        return update_{rule.name}({UPDATE_ARGUMENTS})"]
    out += [
        "    return OK",
        "",
        "",
        "@jit",
        "def init_state(rule, hyper, dim, state, scal):",
        "    for s in range(state.shape[0]):",
        "        for i in range(dim):",
        "            state[s, i] = 0.0",
        "    for s in range(scal.shape[0]):",
        "        scal[s] = 0.0",
    ]
    for i, rule in enumerate(rules):
        lines = init_lines(rule, state="state[{s}, i]", scalar="scal[{s}]", dim="dim")
        if lines:
            out += [f"    if rule == {i}:  # {rule.name}"] + textwrap.indent("\n".join(lines), " " * 8).split("\n")
    out.append("")
    out.append(run_loops(INTERPRETER, rules))
    return "\n".join(out)


_lock = threading.Lock()
_engine: tuple[int, ModuleType] | None = None


def get() -> ModuleType:
    """The engine module for the current registry (written, imported and cached on first use)."""
    global _engine
    current = _engine
    if current is not None and current[0] == len(RULES):
        return current[1]
    with _lock:
        if _engine is None or _engine[0] != len(RULES):
            _engine = (len(RULES), generated.import_source("engine", engine_source()))
        return _engine[1]
