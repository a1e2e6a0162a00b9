"""The core's modules depend on each other one way (issue 9.5): the expression language knows
nothing of evaluation, evaluation nothing of the generated kernels, and the optimizer definitions
nothing of the engine generated from them."""
from __future__ import annotations

import grimp
import pytest

# (importer, imported): no chain of imports may lead from the first to the second
ONE_WAY = [
    ("gdexplorer.core.expression", "gdexplorer.core.derivatives"),
    ("gdexplorer.core.derivatives", "gdexplorer.core.specialize"),
    ("gdexplorer.core.expression", "gdexplorer.core.specialize"),
    ("gdexplorer.core.kernels", "gdexplorer.core.optimizers"),
    ("gdexplorer.core.optimizers", "gdexplorer.core.engine"),
    ("gdexplorer.core.engine", "gdexplorer.core.specialize"),
    ("gdexplorer.core.engine", "gdexplorer.core.descent"),
]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("gdexplorer", cache_dir=None)


@pytest.mark.parametrize("importer, imported", ONE_WAY)
def test_core_imports_run_one_way(graph, importer, imported):
    chain = graph.find_shortest_chain(importer=importer, imported=imported, as_packages=True)
    assert chain is None, f"{importer} reaches {imported}: {' -> '.join(chain)}"
