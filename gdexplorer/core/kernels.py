"""Precompiled Numba kernels that interpret an expression's tape.

These are compiled once (and cached on disk) for *every* expression: the expression is data
(op codes, argument indices, constants), so typing a new function never triggers a compile.

* ``eval_point``: f and the exact gradient at one point, by reverse mode (backpropagation): a
  forward pass stores every node's value, a reverse pass pushes adjoints from the output back to
  x and y through each node's local partial derivatives (the chain rule of seed 003).
* ``eval_hessian``: f, gradient and the exact Hessian by second-order forward mode.
* ``eval_grid`` / ``eval_points``: f and ∇f on many points, interpreting one op at a time across a
  block of points (numexpr-style), blocks in parallel.

The optimizer updates live with their definitions (:mod:`gdexplorer.core.optimizers`), and the run
loops that drive them with these kernels are generated from the registry (:mod:`gdexplorer.core.engine`).

Every kernel uses the flags from :mod:`gdexplorer.core.jit`.
"""
from __future__ import annotations

import math

import numba
import numpy as np

from gdexplorer.core.jit import jit
from gdexplorer.core.ops import (
    ABS, ACOS, ADD, ASIN, ATAN, ATAN2, CONST, COS, COSH, DIV, EXP, HYPOT, LOG, LOG2, LOG10, MAX,
    MIN, MUL, NEG, POW, POWC, SIGN, SIN, SINH, SQRT, SUB, TAN, TANH, VAR_X, VAR_Y,
)

LN2 = math.log(2.0)
LN10 = math.log(10.0)
BLOCK = 256

# status codes of a run
OK, DIVERGED, SINGULAR = 0, 1, 2



# ---------------------------------------------------------------------------------------------
# one op: value, first and second partial derivatives
# ---------------------------------------------------------------------------------------------
@jit
def op_value(op, a, b, c):
    if op == ADD:
        return a + b
    if op == SUB:
        return a - b
    if op == MUL:
        return a * b
    if op == DIV:
        return a / b
    if op == POWC:
        if c == 2.0:  # as the grid kernels and the generated code square: pow(a, 2.0) is off by an
            return a * a  # ulp at about 1 point in 1000, and runs must not depend on which evaluates them
        return a ** c
    if op == NEG:
        return -a
    if op == POW:
        return a ** b
    if op == SIN:
        return math.sin(a)
    if op == COS:
        return math.cos(a)
    if op == EXP:
        return math.exp(a)  # libm: inf on overflow (no exception in nopython mode), nan for nan
    if op == LOG:
        return math.log(a) if a > 0.0 else (-np.inf if a == 0.0 else np.nan)
    if op == SQRT:
        return math.sqrt(a) if a >= 0.0 else np.nan
    if op == TAN:
        return math.tan(a)
    if op == ASIN:
        return math.asin(a) if abs(a) <= 1.0 else np.nan
    if op == ACOS:
        return math.acos(a) if abs(a) <= 1.0 else np.nan
    if op == ATAN:
        return math.atan(a)
    if op == SINH:
        return math.sinh(a)  # finite up to |a| = 710.4758, ±inf beyond, nan for nan
    if op == COSH:
        return math.cosh(a)
    if op == TANH:
        return math.tanh(a)
    if op == LOG2:
        return math.log2(a) if a > 0.0 else (-np.inf if a == 0.0 else np.nan)
    if op == LOG10:
        return math.log10(a) if a > 0.0 else (-np.inf if a == 0.0 else np.nan)
    if op == ABS:
        return abs(a)
    if op == SIGN:
        if a > 0.0:
            return 1.0
        if a < 0.0:
            return -1.0
        return a  # 0, -0 or nan
    if op == MIN:
        if a != a or b != b:
            return np.nan
        return a if a < b else b
    if op == MAX:
        if a != a or b != b:
            return np.nan
        return a if a > b else b
    if op == ATAN2:
        return math.atan2(a, b)
    if op == HYPOT:
        return math.hypot(a, b)
    return np.nan


@jit
def op_partials(op, a, b, c, v):
    """(∂v/∂a, ∂v/∂b) of v = op(a, b) (torch autograd conventions at kinks: abs'(0) = 0)."""
    if op == ADD:
        return 1.0, 1.0
    if op == SUB:
        return 1.0, -1.0
    if op == MUL:
        return b, a
    if op == DIV:
        return 1.0 / b, -a / (b * b)
    if op == POWC:
        if c == 0.0:
            return 0.0, 0.0
        return c * a ** (c - 1.0), 0.0
    if op == NEG:
        return -1.0, 0.0
    if op == POW:
        da = 0.0 if b == 0.0 else b * a ** (b - 1.0)
        db = 0.0 if (a == 0.0 and b >= 0.0) else v * (math.log(a) if a > 0.0 else (-np.inf if a == 0.0 else np.nan))
        return da, db
    if op == SIN:
        return math.cos(a), 0.0
    if op == COS:
        return -math.sin(a), 0.0
    if op == EXP:
        return v, 0.0
    if op == LOG:
        return 1.0 / a, 0.0
    if op == SQRT:
        return 0.5 / v, 0.0
    if op == TAN:
        return 1.0 + v * v, 0.0
    if op == ASIN:
        return 1.0 / math.sqrt(1.0 - a * a) if abs(a) <= 1.0 else np.nan, 0.0
    if op == ACOS:
        return -1.0 / math.sqrt(1.0 - a * a) if abs(a) <= 1.0 else np.nan, 0.0
    if op == ATAN:
        return 1.0 / (1.0 + a * a), 0.0
    if op == SINH:
        return op_value(COSH, a, 0.0, 0.0), 0.0
    if op == COSH:
        return op_value(SINH, a, 0.0, 0.0), 0.0
    if op == TANH:
        return 1.0 - v * v, 0.0
    if op == LOG2:
        return 1.0 / (a * LN2), 0.0
    if op == LOG10:
        return 1.0 / (a * LN10), 0.0
    if op == ABS:
        if a > 0.0:
            return 1.0, 0.0
        if a < 0.0:
            return -1.0, 0.0
        return 0.0 * a, 0.0
    if op == SIGN:
        return 0.0, 0.0
    if op == MIN or op == MAX:
        if a == b:
            return 0.5, 0.5
        pick_a = (a < b) if op == MIN else (a > b)
        return (1.0, 0.0) if pick_a else (0.0, 1.0)
    if op == ATAN2:  # b/r², −a/r² as (b/r)/r: r² = a² + b² would under/overflow beyond 1e±154
        r = math.hypot(a, b)
        return b / r / r, -a / r / r
    if op == HYPOT:
        return a / v, b / v
    return np.nan, np.nan


@jit
def op_second(op, a, b, c, v):
    """(∂²v/∂a², ∂²v/∂a∂b, ∂²v/∂b²) of v = op(a, b)."""
    if op == ADD or op == SUB or op == NEG or op == ABS or op == SIGN or op == MIN or op == MAX:
        return 0.0, 0.0, 0.0
    if op == MUL:
        return 0.0, 1.0, 0.0
    if op == DIV:
        return 0.0, -1.0 / (b * b), 2.0 * a / (b * b * b)
    if op == POWC:
        if c == 0.0 or c == 1.0:
            return 0.0, 0.0, 0.0
        return c * (c - 1.0) * a ** (c - 2.0), 0.0, 0.0
    if op == POW:
        la = math.log(a) if a > 0.0 else np.nan
        return b * (b - 1.0) * a ** (b - 2.0), a ** (b - 1.0) * (1.0 + b * la), v * la * la
    if op == SIN:
        return -v, 0.0, 0.0
    if op == COS:
        return -v, 0.0, 0.0
    if op == EXP:
        return v, 0.0, 0.0
    if op == LOG:
        return -1.0 / (a * a), 0.0, 0.0
    if op == SQRT:
        return -0.25 / (v * v * v), 0.0, 0.0
    if op == TAN:
        return 2.0 * v * (1.0 + v * v), 0.0, 0.0
    if op == ASIN:
        return a / (1.0 - a * a) ** 1.5, 0.0, 0.0
    if op == ACOS:
        return -a / (1.0 - a * a) ** 1.5, 0.0, 0.0
    if op == ATAN:
        d = 1.0 + a * a
        return -2.0 * a / (d * d), 0.0, 0.0
    if op == SINH or op == COSH:
        return v, 0.0, 0.0
    if op == TANH:
        return -2.0 * v * (1.0 - v * v), 0.0, 0.0
    if op == LOG2:
        return -1.0 / (a * a * LN2), 0.0, 0.0
    if op == LOG10:
        return -1.0 / (a * a * LN10), 0.0, 0.0
    if op == ATAN2:  # -2ab/r^4, (a^2 - b^2)/r^4, 2ab/r^4 through a/r, b/r: r^4 would under/overflow
        r = math.hypot(a, b)
        ca = a / r
        cb = b / r
        return -2.0 * ca * cb / r / r, (ca * ca - cb * cb) / r / r, 2.0 * ca * cb / r / r
    if op == HYPOT:  # b^2/v^3, -ab/v^3, a^2/v^3 through a/v, b/v, for the same reason
        ca = a / v
        cb = b / v
        return cb * cb / v, -ca * cb / v, ca * ca / v
    return np.nan, np.nan, np.nan


# ---------------------------------------------------------------------------------------------
# one point
# ---------------------------------------------------------------------------------------------
@jit
def forward(ops, arg_a, arg_b, consts, x, y, vals):
    n = ops.shape[0]
    for i in range(n):
        op = ops[i]
        if op == CONST:
            vals[i] = consts[i]
        elif op == VAR_X:
            vals[i] = x
        elif op == VAR_Y:
            vals[i] = y
        else:
            bi = arg_b[i]
            vals[i] = op_value(op, vals[arg_a[i]], vals[bi] if bi >= 0 else 0.0, consts[i])
    return vals[n - 1]


@jit
def eval_point(ops, arg_a, arg_b, consts, x, y, vals, adj):
    """f(x, y) and its exact gradient by reverse mode. ``vals``/``adj`` are scratch of tape size."""
    n = ops.shape[0]
    f = forward(ops, arg_a, arg_b, consts, x, y, vals)
    for i in range(n):
        adj[i] = 0.0
    adj[n - 1] = 1.0
    gx = 0.0
    gy = 0.0
    for i in range(n - 1, -1, -1):
        op = ops[i]
        w = adj[i]
        if op == VAR_X:
            gx += w
        elif op == VAR_Y:
            gy += w
        elif op != CONST:
            ai = arg_a[i]
            bi = arg_b[i]
            vb = vals[bi] if bi >= 0 else 0.0
            da, db = op_partials(op, vals[ai], vb, consts[i], vals[i])
            adj[ai] += w * da
            if bi >= 0:
                adj[bi] += w * db
    return f, gx, gy


@jit
def eval_hessian(ops, arg_a, arg_b, consts, x, y):
    """f, ∇f and the Hessian at (x, y) by second-order forward mode (exact, no differencing).

    Each node carries (v, v_x, v_y, v_xx, v_xy, v_yy); an op with local partials g_a, g_b and
    second partials g_aa, g_ab, g_bb combines them by the chain rule.
    """
    n = ops.shape[0]
    v = np.empty(n)
    d = np.zeros((n, 2))
    h = np.zeros((n, 3))
    for i in range(n):
        op = ops[i]
        if op == CONST:
            v[i] = consts[i]
        elif op == VAR_X:
            v[i] = x
            d[i, 0] = 1.0
        elif op == VAR_Y:
            v[i] = y
            d[i, 1] = 1.0
        else:
            ai = arg_a[i]
            bi = arg_b[i]
            va = v[ai]
            vb = v[bi] if bi >= 0 else 0.0
            v[i] = op_value(op, va, vb, consts[i])
            ga, gb = op_partials(op, va, vb, consts[i], v[i])
            gaa, gab, gbb = op_second(op, va, vb, consts[i], v[i])
            ax, ay = d[ai, 0], d[ai, 1]
            if bi >= 0:
                bx, by = d[bi, 0], d[bi, 1]
                d[i, 0] = ga * ax + gb * bx
                d[i, 1] = ga * ay + gb * by
                h[i, 0] = gaa * ax * ax + 2.0 * gab * ax * bx + gbb * bx * bx + ga * h[ai, 0] + gb * h[bi, 0]
                h[i, 1] = gaa * ax * ay + gab * (ax * by + ay * bx) + gbb * bx * by + ga * h[ai, 1] + gb * h[bi, 1]
                h[i, 2] = gaa * ay * ay + 2.0 * gab * ay * by + gbb * by * by + ga * h[ai, 2] + gb * h[bi, 2]
            else:
                d[i, 0] = ga * ax
                d[i, 1] = ga * ay
                h[i, 0] = gaa * ax * ax + ga * h[ai, 0]
                h[i, 1] = gaa * ax * ay + ga * h[ai, 1]
                h[i, 2] = gaa * ay * ay + ga * h[ai, 2]
    k = n - 1
    return v[k], d[k, 0], d[k, 1], h[k, 0], h[k, 1], h[k, 2]


# ---------------------------------------------------------------------------------------------
# many points: one op at a time across a block of points
# ---------------------------------------------------------------------------------------------
@jit
def _forward_op(op, vals, i, ai, bi, c, nb):
    """vals[i, :nb] = op(vals[ai], vals[bi]), with a dedicated loop for the common ops. Rows are
    passed as indices, not slices: a slice is a new array object, refcounted on every call."""
    if op == ADD:
        for j in range(nb):
            vals[i, j] = vals[ai, j] + vals[bi, j]
    elif op == SUB:
        for j in range(nb):
            vals[i, j] = vals[ai, j] - vals[bi, j]
    elif op == MUL:
        for j in range(nb):
            vals[i, j] = vals[ai, j] * vals[bi, j]
    elif op == DIV:
        for j in range(nb):
            vals[i, j] = vals[ai, j] / vals[bi, j]
    elif op == NEG:
        for j in range(nb):
            vals[i, j] = -vals[ai, j]
    elif op == POWC and c == 2.0:
        for j in range(nb):
            vals[i, j] = vals[ai, j] * vals[ai, j]
    elif op == POWC:
        for j in range(nb):
            vals[i, j] = vals[ai, j] ** c
    elif op == SIN:
        for j in range(nb):
            vals[i, j] = math.sin(vals[ai, j])
    elif op == COS:
        for j in range(nb):
            vals[i, j] = math.cos(vals[ai, j])
    elif bi >= 0:
        for j in range(nb):
            vals[i, j] = op_value(op, vals[ai, j], vals[bi, j], c)
    else:
        for j in range(nb):
            vals[i, j] = op_value(op, vals[ai, j], 0.0, c)


@jit
def _reverse_op(op, vals, adj, i, ai, bi, c, nb):
    """Push the adjoint of node i = op(node ai, node bi) into the adjoints of ai and bi."""
    if op == ADD:
        for j in range(nb):
            adj[ai, j] += adj[i, j]
            adj[bi, j] += adj[i, j]
    elif op == SUB:
        for j in range(nb):
            adj[ai, j] += adj[i, j]
            adj[bi, j] -= adj[i, j]
    elif op == MUL:
        for j in range(nb):
            adj[ai, j] += adj[i, j] * vals[bi, j]
            adj[bi, j] += adj[i, j] * vals[ai, j]
    elif op == NEG:
        for j in range(nb):
            adj[ai, j] -= adj[i, j]
    elif op == POWC and c == 2.0:
        for j in range(nb):
            adj[ai, j] += adj[i, j] * (2.0 * vals[ai, j])
    elif bi >= 0:
        for j in range(nb):
            da, db = op_partials(op, vals[ai, j], vals[bi, j], c, vals[i, j])
            adj[ai, j] += adj[i, j] * da
            adj[bi, j] += adj[i, j] * db
    else:
        for j in range(nb):
            da, _ = op_partials(op, vals[ai, j], 0.0, c, vals[i, j])
            adj[ai, j] += adj[i, j] * da


@jit
def _eval_block(ops, arg_a, arg_b, consts, bx, by, nb, vals, adj, want_grad, f_out, gx_out, gy_out, base):
    n = ops.shape[0]
    for i in range(n):
        op = ops[i]
        if op == CONST:
            c = consts[i]
            for j in range(nb):
                vals[i, j] = c
        elif op == VAR_X:
            for j in range(nb):
                vals[i, j] = bx[j]
        elif op == VAR_Y:
            for j in range(nb):
                vals[i, j] = by[j]
        else:
            _forward_op(op, vals, i, arg_a[i], arg_b[i], consts[i], nb)
    for j in range(nb):
        f_out[base + j] = vals[n - 1, j]
    if not want_grad:
        return
    for i in range(n - 1):
        for j in range(nb):
            adj[i, j] = 0.0
    for j in range(nb):
        adj[n - 1, j] = 1.0
        gx_out[base + j] = 0.0
        gy_out[base + j] = 0.0
    for i in range(n - 1, -1, -1):
        op = ops[i]
        if op == VAR_X:
            for j in range(nb):
                gx_out[base + j] += adj[i, j]
        elif op == VAR_Y:
            for j in range(nb):
                gy_out[base + j] += adj[i, j]
        elif op != CONST:
            _reverse_op(op, vals, adj, i, arg_a[i], arg_b[i], consts[i], nb)


@jit(parallel=True)
def _eval_many(ops, arg_a, arg_b, consts, xs, ys, nx, on_grid, want_grad, f_out, gx_out, gy_out, nthreads):
    """Blocks of BLOCK points, dealt round-robin to one worker per thread; each worker owns its
    scratch, so the loop allocates nothing per block. On a grid, point p is (xs[p % nx], ys[p // nx])."""
    total = f_out.shape[0]
    n = ops.shape[0]
    nblocks = (total + BLOCK - 1) // BLOCK
    nworkers = max(1, min(nthreads, nblocks))
    for w in numba.prange(nworkers):
        bx = np.empty(BLOCK)
        by = np.empty(BLOCK)
        vals = np.empty((n, BLOCK))
        adj = np.empty((n, BLOCK))
        for blk in range(w, nblocks, nworkers):
            base = blk * BLOCK
            nb = min(BLOCK, total - base)
            if on_grid:
                row = base // nx  # one division per block: integer division per point is slow
                col = base - row * nx
                for j in range(nb):
                    bx[j] = xs[col]
                    by[j] = ys[row]
                    col += 1
                    if col == nx:
                        col = 0
                        row += 1
            else:
                for j in range(nb):
                    bx[j] = xs[base + j]
                    by[j] = ys[base + j]
            _eval_block(ops, arg_a, arg_b, consts, bx, by, nb, vals, adj, want_grad,
                        f_out, gx_out, gy_out, base)


def eval_grid(ops, arg_a, arg_b, consts, xs, ys, want_grad, f_out, gx_out, gy_out):
    """f (and ∇f) on the grid xs × ys; outputs are flat, row-major (len(ys), len(xs))."""
    _eval_many(ops, arg_a, arg_b, consts, xs, ys, xs.shape[0], True, want_grad, f_out, gx_out, gy_out,
               numba.get_num_threads())


def eval_points(ops, arg_a, arg_b, consts, px, py, want_grad, f_out, gx_out, gy_out):
    """f (and ∇f) at the points (px[k], py[k])."""
    _eval_many(ops, arg_a, arg_b, consts, px, py, 1, False, want_grad, f_out, gx_out, gy_out,
               numba.get_num_threads())


# ---------------------------------------------------------------------------------------------
# the run loops' finiteness check (the loops themselves are generated: gdexplorer.core.engine)
# ---------------------------------------------------------------------------------------------
@jit
def finite_row(f, g0, g1, t0, t1):
    return math.isfinite(f) and math.isfinite(g0) and math.isfinite(g1) and math.isfinite(t0) and math.isfinite(t1)

