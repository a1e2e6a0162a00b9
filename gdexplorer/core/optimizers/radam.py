"""RAdam (torch.optim.RAdam; Liu et al. 2020, "On the variance of the adaptive learning rate and
beyond"): Adam whose adaptive step is switched on, and scaled by a rectification factor, only once the
variance of v̂ is tractable.

ρ∞ = 2/(1−β₂) − 1 is the longest length of the approximated simple moving average, ρₜ = ρ∞ −
2tβ₂ᵗ/(1−β₂ᵗ) its length at step t. While ρₜ ≤ 5 (the first 5 steps with β₂ = 0.999: ρ₅ = 4.99,
ρ₆ = 5.99) the step is momentum's, m̂ = m/(1−β₁ᵗ), un-adapted; after it is Adam's step times
r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)). Arithmetic in torch's order (the single-tensor path).
"""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.adam import adam_moments
from gdexplorer.core.optimizers.base import (
    BETA1, BETA2, EPS, WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, register,
)

RADAM = UpdateRule(
    "radam", ("lr", "beta1", "beta2", "eps", "weight_decay", "decoupled_weight_decay"),
    state=(StateVector("exp_avg", "m: running mean of g (first moment)", role="momentum"),
           StateVector("exp_avg_sq", "v: running mean of g² (second moment)", role="second_moment")),
    order=65,
)
LR, B1, B2, EPS_, WD, DECOUPLED = map(
    RADAM.hyper_index, ("lr", "beta1", "beta2", "eps", "weight_decay", "decoupled_weight_decay"))
EXP_AVG, EXP_AVG_SQ = map(RADAM.state_index, ("exp_avg", "exp_avg_sq"))


@RADAM.define
def radam_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, b1, b2, eps, wd, decoupled = hyper[LR], hyper[B1], hyper[B2], hyper[EPS_], hyper[WD], hyper[DECOUPLED]
    step = float(t)  # torch's step count is a float: β ** step is pow()
    bc1 = 1.0 - b1 ** step
    bc2 = 1.0 - b2 ** step
    rho_inf = 2.0 / (1.0 - b2) - 1.0
    rho_t = rho_inf - 2.0 * step * (b2 ** step) / bc2
    rectified = rho_t > 5.0
    # the rectification term only where it is defined (ρₜ > 5 > 4 and ρ∞ > ρₜ)
    rect = (((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)) ** 0.5
            if rectified else 1.0)
    bc2_sqrt = bc2 ** 0.5
    for i in range(dim):
        adam_moments(theta, g[i], state, i, lr, wd, decoupled, b1, b2, EXP_AVG, EXP_AVG_SQ)
        corrected = state[EXP_AVG, i] / bc1 * lr
        if rectified:
            corrected = corrected * (bc2_sqrt / (math.sqrt(state[EXP_AVG_SQ, i]) + eps)) * rect
        theta[i] = theta[i] + (-1.0) * corrected
    return OK


register(OptimizerSpec(
    "radam", "RAdam", RADAM,
    "rectified Adam: momentum steps until the variance of v̂ is tractable, then Adam's, rectified",
    "m, v as in Adam;  ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ);  ρₜ > 5: θ ← θ − α·r·(m/(1−β₁ᵗ))·√(1−β₂ᵗ)/(√v + ε);  "
    "else θ ← θ − α·m/(1−β₁ᵗ)",
    (learning_rate(1e-3), BETA1, BETA2, EPS, WEIGHT_DECAY,
     Hyperparameter("decoupled_weight_decay", 0.0, 0.0, 1.0, "1: decoupled decay, θ ← θ(1 − αλ) (as AdamW)",
                    kind="bool")),
    torch="RAdam(lr)",
    preset_rates=dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.005, himmelblau=0.02, beale=0.01, booth=0.02,
                      saddle=0.05, monkey_saddle=0.02, rastrigin=0.02, ackley=0.2, six_hump_camel=0.05,
                      seed004=0.05, seed004_exact=0.05),
))
