"""QHAdam, quasi-hyperbolic Adam (Ma & Yarats 2019, "Quasi-hyperbolic momentum and Adam for deep
learning"; facebookresearch/qhoptim's QHAdam): Adam whose numerator and denominator are each a
ν-weighted average of the bias-corrected moment and the current gradient (or its square).

The paper's update, with Adam's bias corrections on both moments (both start at 0)::

    m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),  θ ← θ − α·((1−ν₁)g + ν₁m̂) / (√((1−ν₂)g² + ν₂v̂) + ε)

computed as Adam computes its step, with the bias corrections taken out of the averages:
α/(1−β₁ᵗ)·(ν₁m + (1−ν₁)(1−β₁ᵗ)g) / (√(ν₂v + (1−ν₂)(1−β₂ᵗ)g²)/√(1−β₂ᵗ) + ε) (the same numbers up
to rounding), so that ν₁ = ν₂ = 1 is torch's Adam bit for bit. qhoptim keeps the averages already
normalised (weights 1/Σβᵏ): the same mathematics. Weight decay is qhoptim's default: λθ added to g.
The paper's recommended defaults: ν₁ = 0.7, ν₂ = 1, β₁ = 0.995, β₂ = 0.999, Adam's α and ε.
"""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    BETA2, EPS, WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, lerp, register,
)

QHADAM = UpdateRule(
    "qhadam", ("lr", "beta1", "beta2", "nu1", "nu2", "eps", "weight_decay"),
    state=(
        StateVector("exp_avg", "m: running mean of g (first moment)", used_when="nu1", role="momentum"),
        StateVector("exp_avg_sq", "v: running mean of g² (second moment)", used_when="nu2", role="second_moment"),
    ),
    order=55,
)
LR, B1, B2, NU1, NU2, EPS_, WD = map(QHADAM.hyper_index, ("lr", "beta1", "beta2", "nu1", "nu2", "eps", "weight_decay"))
EXP_AVG, EXP_AVG_SQ = map(QHADAM.state_index, ("exp_avg", "exp_avg_sq"))


@QHADAM.define
def qhadam_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, b1, b2, nu1, nu2, eps, wd = hyper[LR], hyper[B1], hyper[B2], hyper[NU1], hyper[NU2], hyper[EPS_], hyper[WD]
    bc1 = 1.0 - b1 ** float(t)  # float(t): pow(), as torch (see adam.py)
    bc2 = 1.0 - b2 ** float(t)
    step_size = lr / bc1
    bc2_sqrt = math.sqrt(bc2)
    g_weight = (1.0 - nu1) * bc1  # the gradient's weight in the numerator, bias correction taken out
    g2_weight = (1.0 - nu2) * bc2
    for i in range(dim):
        gi = g[i] + wd * theta[i] if wd != 0.0 else g[i]
        # a moment weighted by ν = 0 is not kept (it stays 0)
        if nu1 != 0.0:
            state[EXP_AVG, i] = lerp(state[EXP_AVG, i], gi, 1.0 - b1)
        if nu2 != 0.0:
            state[EXP_AVG_SQ, i] = state[EXP_AVG_SQ, i] * b2 + (1.0 - b2) * gi * gi
        # ν = 1: the numerator is m and the denominator √v/√(1−β₂ᵗ) + ε, Adam's, exactly (as qhoptim,
        # the gradient's term is only added when its weight is not 0: 0·g² is NaN when g² overflows)
        num = nu1 * state[EXP_AVG, i]
        if nu1 != 1.0:
            num = num + g_weight * gi
        sq = nu2 * state[EXP_AVG_SQ, i]
        if nu2 != 1.0:
            sq = sq + g2_weight * (gi * gi)
        denom = math.sqrt(sq) / bc2_sqrt + eps
        theta[i] = theta[i] + (-step_size) * num / denom
    return OK


register(OptimizerSpec(
    "qhadam", "QHAdam", QHADAM, "quasi-hyperbolic Adam: each moment averaged with the current g (or g²) by ν",
    "m, v as in Adam;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ ← θ − α·((1−ν₁)g + ν₁m̂) / (√((1−ν₂)g² + ν₂v̂) + ε)",
    (learning_rate(1e-3),
     Hyperparameter("beta1", 0.995, 0.0, 1.0, "decay rate β₁ of the first moment (mean of g)", high_open=True),
     BETA2,
     Hyperparameter("nu1", 0.7, 0.0, 1.0, "ν₁: weight of m̂ against g in the numerator (1: Adam's)"),
     Hyperparameter("nu2", 1.0, 0.0, 1.0, "ν₂: weight of v̂ against g² in the denominator (1: Adam's)"),
     EPS, WEIGHT_DECAY),
    torch="(not in torch.optim) qhoptim.pyt.QHAdam(lr, betas=(0.995, 0.999), nus=(0.7, 1.0))",
    preset_rates=dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.05, himmelblau=0.2, beale=0.05, booth=0.2,
                      saddle=0.01, monkey_saddle=0.01, rastrigin=0.2, ackley=0.2, six_hump_camel=0.05,
                      seed004=0.05, seed004_exact=0.05),
))
