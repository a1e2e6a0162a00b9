"""Adam (torch.optim.Adam, AdamW, and Adam with amsgrad): momentum on g and RMSProp scaling, both
bias-corrected."""
from __future__ import annotations

import math

from gdexplorer.core.jit import jit
from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    BETA1, BETA2, EPS, WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, lerp,
    register,
)

ADAM = UpdateRule(
    "adam", ("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "decoupled_weight_decay"),
    state=(
        StateVector("exp_avg", "m: running mean of g (first moment)", role="momentum"),
        StateVector("exp_avg_sq", "v: running mean of g² (second moment)", role="second_moment"),
        StateVector("max_exp_avg_sq", "v̂: the largest v so far (AMSGrad)", used_when="amsgrad",
                    role="second_moment"),
    ),
    order=50,
)
LR, B1, B2, EPS_, WD, AMSGRAD, DECOUPLED = map(
    ADAM.hyper_index, ("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "decoupled_weight_decay"))
EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ = map(ADAM.state_index, ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"))


@jit
def adam_moments(theta, gi, state, i, lr, wd, decoupled, b1, b2, m, v):
    """Weight decay (coupled: into the gradient; decoupled: θ shrinks, as AdamW) and the moments
    state[m, i], state[v, i] of coordinate i, as Adam and NAdam share them. Returns the gradient used."""
    if wd != 0.0:
        if decoupled != 0.0:
            theta[i] = theta[i] * (1.0 - lr * wd)
        else:
            gi = gi + wd * theta[i]
    state[m, i] = lerp(state[m, i], gi, 1.0 - b1)
    state[v, i] = state[v, i] * b2 + (1.0 - b2) * gi * gi
    return gi


@ADAM.define
def adam_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, b1, b2, eps, wd = hyper[LR], hyper[B1], hyper[B2], hyper[EPS_], hyper[WD]
    ams, decoupled = hyper[AMSGRAD], hyper[DECOUPLED]
    # float(t): numba's float ** int multiplies (off by ulps), torch uses pow(); 1 - β^t cancels
    bc1 = 1.0 - b1 ** float(t)
    bc2 = 1.0 - b2 ** float(t)
    step_size = lr / bc1
    bc2_sqrt = math.sqrt(bc2)
    for i in range(dim):
        adam_moments(theta, g[i], state, i, lr, wd, decoupled, b1, b2, EXP_AVG, EXP_AVG_SQ)
        if ams != 0.0:
            state[MAX_EXP_AVG_SQ, i] = max(state[MAX_EXP_AVG_SQ, i], state[EXP_AVG_SQ, i])
            denom = math.sqrt(state[MAX_EXP_AVG_SQ, i]) / bc2_sqrt + eps
        else:
            denom = math.sqrt(state[EXP_AVG_SQ, i]) / bc2_sqrt + eps
        theta[i] = theta[i] + (-step_size) * state[EXP_AVG, i] / denom
    return OK


# the same on every preset for adam, adamw and amsgrad
_PRESET_RATES = dict(bowl=0.1, ill_bowl=0.2, rosenbrock=0.05, himmelblau=0.2, beale=0.1, booth=0.2,
                      saddle=0.01, monkey_saddle=0.01, rastrigin=0.2, ackley=0.2, six_hump_camel=0.05,
                      seed004=0.05, seed004_exact=0.05)
_AMSGRAD = Hyperparameter("amsgrad", 0.0, 0.0, 1.0, "1: divide by the largest second moment seen (AMSGrad)", kind="bool")

register(OptimizerSpec(
    "adam", "Adam", ADAM, "momentum on g and RMSProp scaling, both bias-corrected",
    "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)",
    (learning_rate(1e-3), BETA1, BETA2, EPS, WEIGHT_DECAY, _AMSGRAD), torch="Adam(lr)",
    preset_rates=_PRESET_RATES,
))
register(OptimizerSpec(
    "adamw", "AdamW", ADAM, "Adam with decoupled weight decay: θ shrinks by αλ before the step",
    "θ ← θ(1 − αλ);  then the Adam step",
    (learning_rate(1e-3), BETA1, BETA2, EPS,
     Hyperparameter("weight_decay", 1e-2, 0.0, math.inf, "decoupled decay λ: θ ← θ(1 − αλ)"), _AMSGRAD),
    fixed={"decoupled_weight_decay": 1.0}, torch="AdamW(lr)",
    preset_rates=_PRESET_RATES,
))
register(OptimizerSpec(
    "amsgrad", "AMSGrad", ADAM, "Adam that divides by the largest v seen so far",
    "v̂ ← max(v̂, v);  θ ← θ − α·(m/(1−β₁ᵗ)) / (√(v̂/(1−β₂ᵗ)) + ε)",
    (learning_rate(1e-3), BETA1, BETA2, EPS, WEIGHT_DECAY), fixed={"amsgrad": 1.0}, torch="Adam(lr, amsgrad=True)",
    preset_rates=_PRESET_RATES,
))
