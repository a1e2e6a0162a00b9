"""Newton's method: step to the stationary point of the local quadratic model, with the exact Hessian."""
from __future__ import annotations

import math

from gdexplorer.core.kernels import OK, SINGULAR
from gdexplorer.core.optimizers.base import OptimizerSpec, UpdateRule, learning_rate, register

NEWTON = UpdateRule("newton", ("lr",), needs_hessian=True, order=90)
LR = NEWTON.hyper_index("lr")


@NEWTON.define
def newton_update(hyper, dim, theta, g, state, scal, t, hess):
    lr = hyper[LR]
    if dim == 1:
        hxx = hess[0]
        if hxx == 0.0 or not math.isfinite(hxx):
            return SINGULAR
        theta[0] = theta[0] - lr * g[0] / hxx
    else:
        hxx, hxy, hyy = hess[0], hess[1], hess[2]
        det = hxx * hyy - hxy * hxy
        scale = abs(hxx * hyy) + hxy * hxy
        if not math.isfinite(det) or abs(det) <= 1e-14 * scale or scale == 0.0:
            return SINGULAR
        dx = (hyy * g[0] - hxy * g[1]) / det
        dy = (hxx * g[1] - hxy * g[0]) / det
        theta[0] = theta[0] - lr * dx
        theta[1] = theta[1] - lr * dy
    return OK


register(OptimizerSpec(
    "newton", "Newton", NEWTON, "step to the minimum of the local quadratic model (uses the exact Hessian H)",
    "θ ← θ − α·H⁻¹g", (learning_rate(1.0),), torch="(no torch.optim equivalent)",
    preset_rates=dict(bowl=1.0, ill_bowl=1.0, rosenbrock=1.0, himmelblau=1.0, beale=1.0, booth=1.0,
                      saddle=1.0, monkey_saddle=1.0, rastrigin=1.0, ackley=1.0, six_hump_camel=1.0,
                      seed004=1.0, seed004_exact=1.0),
))
