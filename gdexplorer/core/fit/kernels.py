"""Numba kernels for a model's loss over data: one sample's terms, a batch's loss, gradient and
Hessian, the full-data loss and the loss on a (w, b) grid.

Both models are written through one sample's three terms at z = w·x + b: its loss ℓ, the
derivative d = ∂ℓ/∂z and the curvature q = ∂²ℓ/∂z². The gradient over (w, b) is then
mean(d·x), mean(d) and the Hessian mean(q·x²), mean(q·x), mean(q):

* linear regression: ℓ = (z − y)²/2, d = z − y, q = 1 (seed 002's Σ(ŷ − y)²/(2m));
* logistic regression with labels 0/1: with s = 1 − 2y (±1) and u = s·z, ℓ = softplus(u) =
  log(1 + eᵘ) (the cross-entropy −y·log p − (1 − y)·log(1 − p) of p = σ(z)), d = s·σ(u),
  q = σ(u)·σ(−u). softplus and σ are written so that nothing overflows for any finite u.

No kernel loops in Python over the samples, and none warns: an overflow is an inf the caller sees.
"""
from __future__ import annotations

import math

import numba
import numpy as np

from gdexplorer.core.jit import inline, jit

LINEAR, LOGISTIC = 0, 1
MODELS = {"linear": LINEAR, "logistic": LOGISTIC}

# what batch_terms writes into its ``out`` vector
LOSS, GRAD_W, GRAD_B, HESS_WW, HESS_WB, HESS_BB = range(6)
N_TERMS = 6


@inline
def sigmoid(u):
    if u >= 0.0:
        return 1.0 / (1.0 + math.exp(-u))
    e = math.exp(u)
    return e / (1.0 + e)


@inline
def softplus(u):
    """log(1 + eᵘ) without overflow: max(u, 0) + log1p(e^−|u|)."""
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


@inline
def sample_terms(model, xi, yi, w, b):
    """(ℓ, d, q) of one sample at (w, b): its loss, ∂ℓ/∂z and ∂²ℓ/∂z² at z = w·xi + b."""
    z = w * xi + b
    if model == LINEAR:
        r = z - yi
        return 0.5 * r * r, r, 1.0
    s = 1.0 - 2.0 * yi
    u = s * z
    p = sigmoid(u)
    return softplus(u), s * p, p * (1.0 - p)


@jit
def batch_terms(model, x, y, order, lo, hi, w, b, want_hessian, out):
    """Mean loss, gradient and (if ``want_hessian``) Hessian over the samples ``order[lo:hi]``,
    written to ``out`` (LOSS, GRAD_W, GRAD_B, HESS_WW, HESS_WB, HESS_BB)."""
    s_loss = 0.0
    s_gw = 0.0
    s_gb = 0.0
    h_ww = 0.0
    h_wb = 0.0
    h_bb = 0.0
    for k in range(lo, hi):
        i = order[k]
        xi = x[i]
        loss, d, q = sample_terms(model, xi, y[i], w, b)
        s_loss += loss
        s_gw += d * xi
        s_gb += d
        if want_hessian:
            qx = q * xi
            h_ww += qx * xi
            h_wb += qx
            h_bb += q
    inv = 1.0 / (hi - lo)
    out[LOSS] = s_loss * inv
    out[GRAD_W] = s_gw * inv
    out[GRAD_B] = s_gb * inv
    out[HESS_WW] = h_ww * inv
    out[HESS_WB] = h_wb * inv
    out[HESS_BB] = h_bb * inv


@jit
def data_terms(model, x, y, w, b, out):
    """Mean loss, gradient and Hessian over every sample (``order`` = 0, 1, ..., n − 1)."""
    n = x.shape[0]
    s_loss = 0.0
    s_gw = 0.0
    s_gb = 0.0
    h_ww = 0.0
    h_wb = 0.0
    h_bb = 0.0
    for i in range(n):
        xi = x[i]
        loss, d, q = sample_terms(model, xi, y[i], w, b)
        s_loss += loss
        s_gw += d * xi
        s_gb += d
        qx = q * xi
        h_ww += qx * xi
        h_wb += qx
        h_bb += q
    inv = 1.0 / n
    out[LOSS] = s_loss * inv
    out[GRAD_W] = s_gw * inv
    out[GRAD_B] = s_gb * inv
    out[HESS_WW] = h_ww * inv
    out[HESS_WB] = h_wb * inv
    out[HESS_BB] = h_bb * inv


@inline
def summed_terms(model, x, y, w, b, want_gradient):
    """Σ loss, Σ ∂loss/∂w, Σ ∂loss/∂b over every sample at (w, b) (the gradient sums only when
    ``want_gradient``): one point's O(n) sum, for the grid and path kernels."""
    s_loss = 0.0
    s_gw = 0.0
    s_gb = 0.0
    for k in range(x.shape[0]):
        xk = x[k]
        loss, d, _ = sample_terms(model, xk, y[k], w, b)
        s_loss += loss
        if want_gradient:
            s_gw += d * xk
            s_gb += d
    return s_loss, s_gw, s_gb


@jit(parallel=True)
def sample_grid(model, x, y, ws, bs, want_gradient, loss_out, gw_out, gb_out):
    """The full-data loss (and gradient) at every (ws[j], bs[i]) into row i, column j of the
    outputs, summing over the samples: O(n) per point (logistic regression has no shortcut)."""
    nw = ws.shape[0]
    n = x.shape[0]
    inv = 1.0 / n
    for cell in numba.prange(bs.shape[0] * nw):
        i = cell // nw
        j = cell - i * nw
        s_loss, s_gw, s_gb = summed_terms(model, x, y, ws[j], bs[i], want_gradient)
        loss_out[i, j] = s_loss * inv
        if want_gradient:
            gw_out[i, j] = s_gw * inv
            gb_out[i, j] = s_gb * inv


@jit(parallel=True)
def linear_grid(moments, ws, bs, want_gradient, loss_out, gw_out, gb_out):
    """Linear regression's full-data loss (and gradient) on a grid from the data's centred moments
    (mean x, mean y, var x, cov xy, var y): with e = w·x̄ + b − ȳ the mean residual,
    L = (w²·var x − 2w·cov xy + var y + e²)/2, ∂L/∂w = w·var x − cov xy + e·x̄, ∂L/∂b = e.
    O(1) per point whatever the number of samples; centring keeps it accurate near the minimum."""
    mx, my, vxx, cxy, vyy = moments[0], moments[1], moments[2], moments[3], moments[4]
    nw = ws.shape[0]
    for i in numba.prange(bs.shape[0]):
        b = bs[i]
        for j in range(nw):
            w = ws[j]
            e = w * mx + b - my
            loss_out[i, j] = 0.5 * ((w * vxx - 2.0 * cxy) * w + vyy + e * e)
            if want_gradient:
                gw_out[i, j] = w * vxx - cxy + e * mx
                gb_out[i, j] = e


@jit
def centred_moments(x, y, out):
    """(mean x, mean y, var x, cov xy, var y) in two passes (population moments, divided by n)."""
    n = x.shape[0]
    sx = 0.0
    sy = 0.0
    for i in range(n):
        sx += x[i]
        sy += y[i]
    mx = sx / n
    my = sy / n
    vxx = 0.0
    cxy = 0.0
    vyy = 0.0
    for i in range(n):
        dx = x[i] - mx
        dy = y[i] - my
        vxx += dx * dx
        cxy += dx * dy
        vyy += dy * dy
    out[0] = mx
    out[1] = my
    out[2] = vxx / n
    out[3] = cxy / n
    out[4] = vyy / n


def new_terms() -> np.ndarray:
    return np.zeros(N_TERMS)
