"""Basins of attraction (issue 10.3): which starts are labelled, and by which minimum."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core.basin import basin_map
from gdexplorer.core.expression import parse

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

HIMMELBLAU = parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2")
KNOWN = np.array([(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848127)])


def test_himmelblau_gd_finds_the_four_minima_and_labels_each_start_by_its_end():
    result = basin_map(HIMMELBLAU, (-5, 5), (-5, 5), 40, 40, "gd", steps=3000, hyperparameters={"lr": 0.01})
    assert len(result.minima) == 4
    for m in result.minima:  # each is one of the known minima (an independent list)
        assert np.min(np.hypot(*(KNOWN - m[:2]).T)) < 1e-4
    labelled = result.label >= 0
    assert labelled.mean() > 0.95
    ends = np.stack([result.final_x[labelled], result.final_y[labelled]], axis=1)
    np.testing.assert_allclose(ends, result.minima[result.label[labelled], :2], atol=1e-3)


def test_starts_stopped_by_a_tiny_step_far_from_any_minimum_are_not_minima():
    """lr = 1e-12: every step is shorter than xtol, so every start 'converges' at once, on the
    slope: none of those points is a minimum (before, each became a 'minimum' of its own)."""
    result = basin_map(parse("x^2 + y^2"), (-1, 1), (-1, 1), 8, 8, "gd", steps=50, hyperparameters={"lr": 1e-12})
    assert len(result.minima) == 0 and np.all(result.label == -1)
    # the one start at the bottom (a grid with the origin) is a minimum
    result = basin_map(parse("x^2 + y^2"), (-1, 1), (-1, 1), 9, 9, "gd", steps=50, hyperparameters={"lr": 1e-12})
    assert len(result.minima) == 1 and np.count_nonzero(result.label == 0) == 1 and result.label[4, 4] == 0


def test_a_loose_gtol_is_the_users_own_threshold():
    result = basin_map(parse("x^2 + y^2"), (-1, 1), (-1, 1), 5, 5, "gd", steps=1000, hyperparameters={"lr": 0.1},
                       gtol=1e-3)
    assert len(result.minima) == 1 and np.all(result.label == 0)
    assert np.hypot(*result.minima[0, :2]) < 1e-3
