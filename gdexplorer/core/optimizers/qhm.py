"""QHM, quasi-hyperbolic momentum (Ma & Yarats 2019, "Quasi-hyperbolic momentum and Adam for deep
learning"; facebookresearch/qhoptim's QHM): a ν-weighted average of the plain gradient step and an
exponential-moving-average momentum step.

The buffer is the paper's g_buf, an EMA of g that starts at 0 and is not bias-corrected (the paper
and qhoptim both start it at 0 and use it as is); ν = 1 is momentum with dampening equal to the
momentum (torch's SGD(momentum=β, dampening=β) from step 2 on: torch starts its buffer at the raw
gradient), ν = 0 plain gradient descent. Weight decay is qhoptim's default ("grad"): λθ added to g.
"""
from __future__ import annotations

from gdexplorer.core.kernels import OK
from gdexplorer.core.optimizers.base import (
    WEIGHT_DECAY, Hyperparameter, OptimizerSpec, StateVector, UpdateRule, learning_rate, register,
)

QHM = UpdateRule(
    "qhm", ("lr", "momentum", "nu", "weight_decay"),
    state=(StateVector("momentum_buffer", "g_buf: exponential moving average of g (starts at 0)", used_when="nu",
                       role="momentum"),),
    order=15,
)
LR, BETA, NU, WD = map(QHM.hyper_index, ("lr", "momentum", "nu", "weight_decay"))
BUF = QHM.state_index("momentum_buffer")


@QHM.define
def qhm_update(hyper, dim, theta, g, state, scal, t, hess):
    lr, beta, nu, wd = hyper[LR], hyper[BETA], hyper[NU], hyper[WD]
    for i in range(dim):
        gi = g[i] + wd * theta[i] if wd != 0.0 else g[i]
        if nu != 0.0:  # with ν = 0 the buffer would be multiplied by 0: it is not kept (plain gd)
            state[BUF, i] = state[BUF, i] * beta + (1.0 - beta) * gi
        # ν = 1: 0·g + 1·buf is buf exactly; ν = 0: 1·g + 0·0 is g exactly
        theta[i] = theta[i] - lr * ((1.0 - nu) * gi + nu * state[BUF, i])
    return OK


register(OptimizerSpec(
    "qhm", "QHM", QHM, "quasi-hyperbolic momentum: a ν-weighted average of the gd step and an EMA-momentum step",
    "b ← βb + (1−β)g;  θ ← θ − α·((1−ν)g + ν·b)",
    (learning_rate(0.1),  # momentum's 0.01 / (1 − 0.9): the buffer is dampened (the paper's conversion)
     Hyperparameter("momentum", 0.999, 0.0, 1.0, "β: decay of the momentum buffer b, an average of g", high_open=True),
     Hyperparameter("nu", 0.7, 0.0, 1.0, "ν: weight of the momentum step (0: gd, 1: EMA momentum)"),
     WEIGHT_DECAY),
    torch="(not in torch.optim) qhoptim.pyt.QHM(lr, momentum=0.999, nu=0.7)",
    preset_rates=dict(bowl=1.0, ill_bowl=0.5, rosenbrock=0.002, himmelblau=0.05, beale=0.05, booth=0.1,
                      saddle=0.1, monkey_saddle=0.001, rastrigin=0.01, ackley=0.2, six_hump_camel=0.1,
                      seed004=0.5, seed004_exact=1.0),
))
