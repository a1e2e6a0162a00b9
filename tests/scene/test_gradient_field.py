"""The gradient-arrow field draws no arrow where f is undefined (tour finding 1)."""
from __future__ import annotations

import numpy as np

from gdexplorer.core.objective import ExpressionObjective
from gdexplorer.scene.gradient_field import gradient_field


def arrow_tails(field) -> np.ndarray:
    """The centre of every arrow shaft (each arrow is 6 points: shaft, then two head strokes)."""
    points = np.concatenate([seg.reshape(-1, 6, 2) for seg in field.segments if seg.size])
    return (points[:, 0] + points[:, 1]) / 2


def test_no_arrows_where_f_is_undefined_in_2d():
    """log(x*y) is NaN where x*y < 0, yet its gradient (1/x, 1/y) is finite there: no −∇f arrow may
    say "descend here" in the hatched quadrants; the two defined quadrants keep theirs."""
    objective = ExpressionObjective.from_text("log(x*y)")
    field = gradient_field(objective, (-3, 3), (-3, 3), density=20)
    centres = arrow_tails(field)
    product = centres[:, 0] * centres[:, 1]
    assert (product > 0).all(), f"{int((product < 0).sum())} arrows where f is undefined"
    assert (centres[:, 0] > 0).any() and (centres[:, 0] < 0).any()  # both defined quadrants keep arrows
    assert len(centres) >= 150  # 200 grid points lie where x*y > 0


def test_no_arrows_where_f_is_undefined_in_1d():
    """log(x) is undefined for x < 0 while its slope 1/x is finite there: arrows only on x > 0."""
    objective = ExpressionObjective.from_text("log(x)")
    field = gradient_field(objective, (-2, 2), (0, 0), density=20)
    centres = arrow_tails(field)
    assert len(centres) and (centres[:, 0] > 0).all()
