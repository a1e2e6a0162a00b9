"""NAdam (torch.optim.NAdam): Adam with Nesterov momentum and a momentum warm-up."""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.adam import adam_moments
from gdexplorer.core.optimizers.base import (
    BETA1, BETA2, EPS, WEIGHT_DECAY, Hyperparameter, OptimizerSpec, Scalar, StateVector, UpdateRule, learning_rate,
    register,
)

NADAM = UpdateRule(
    "nadam", ("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"),
    state=(StateVector("exp_avg", "m: running mean of g (first moment)", role="momentum"),
           StateVector("exp_avg_sq", "v: running mean of g² (second moment)", role="second_moment")),
    scalars=(Scalar("mu_product", "Πᵢ≤ₜ μᵢ: the product of the momentum schedule so far", init=1.0),),
    order=60,
)
LR, B1, B2, EPS_, WD, PSI, DECOUPLED = map(
    NADAM.hyper_index, ("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"))
EXP_AVG, EXP_AVG_SQ = map(NADAM.state_index, ("exp_avg", "exp_avg_sq"))
MU_PRODUCT = NADAM.scalar_index("mu_product")


@NADAM.define
def nadam_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, b1, b2, eps, wd, psi, decoupled = hyper[LR], hyper[B1], hyper[B2], hyper[EPS_], hyper[WD], hyper[PSI], hyper[DECOUPLED]
    bc2 = 1.0 - b2 ** float(t)
    mu = b1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
    scal[MU_PRODUCT] = scal[MU_PRODUCT] * mu
    mu_product = scal[MU_PRODUCT]
    mu_product_next = mu_product * mu_next
    c1 = -lr * (1.0 - mu) / (1.0 - mu_product)
    c2 = (-lr * mu_next) / (1.0 - mu_product_next)
    for i in range(dim):
        gi = adam_moments(theta, g[i], state, i, lr, wd, decoupled, b1, b2, EXP_AVG, EXP_AVG_SQ)
        denom = math.sqrt(state[EXP_AVG_SQ, i] / bc2) + eps
        theta[i] = theta[i] + c1 * gi / denom
        theta[i] = theta[i] + c2 * state[EXP_AVG, i] / denom
    return OK


register(OptimizerSpec(
    "nadam", "NAdam", NADAM, "Adam with Nesterov momentum (and momentum warm-up)",
    "m, v as in Adam;  μₜ = β₁(1 − ½·0.96^(tψ));  d = √(v/(1−β₂ᵗ)) + ε;  "
    "θ ← θ − α(1−μₜ)/(1−Πᵢ≤ₜμᵢ)·g/d − αμₜ₊₁/(1−Πᵢ≤ₜ₊₁μᵢ)·m/d",
    (learning_rate(2e-3), BETA1, BETA2, EPS, WEIGHT_DECAY,
     Hyperparameter("momentum_decay", 4e-3, 0.0, math.inf, "ψ: momentum warm-up rate")),
    torch="NAdam(lr)",
    preset_rates=dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.05, himmelblau=0.2, beale=0.1, booth=0.2,
                      saddle=0.01, monkey_saddle=0.005, rastrigin=0.2, ackley=0.2, six_hump_camel=0.05,
                      seed004=0.05, seed004_exact=0.05),
))
