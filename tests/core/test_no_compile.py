"""A newly typed expression must not cost a Numba compile on the interactive path: the kernels take
the expression as data, so after one warm-up their compiled signatures never change."""
from __future__ import annotations

import numpy as np

from gdexplorer.core import derivatives as D
from gdexplorer.core import engine, specialize
from gdexplorer.core import kernels as K
from gdexplorer.core.descent import Descent, run, run_batch
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS

def _dispatchers():
    E = engine.get()  # the optimizer engine generated from the registry
    return [K.eval_point, K.eval_hessian, K._eval_many, K.op_value, K.op_partials,
            E.update, E.init_state, E.run_steps, E.run_batch]


def _signatures():
    return {d.py_func.__name__: len(d.signatures) for d in _dispatchers()}


def _interactive_session(source: str, start):
    expr = parse(source)
    grid = np.linspace(-2, 2, 40)
    D.grid(expr, grid, grid if expr.dim == 2 else None)
    D.hessian(expr, start)
    D.points(expr, np.array([0.1, 0.2]), np.array([0.3, 0.4]))
    for name in OPTIMIZERS:
        d = Descent(expr, start, name)
        d.step(3)
        d.step(2)
    run(expr, start, "sgd", steps=4, noise=0.5, seed=1)
    run_batch(expr, np.array([start, start]), "adam", steps=3)


def test_new_expressions_reuse_compiled_kernels():
    _interactive_session("x^2 + y^2", (1.0, 2.0))  # warm-up: compile or load from the disk cache
    _interactive_session("x*cos(pi*x)", (0.5,))
    before = _signatures()
    for source, start in [
        ("sin(3x) * cos(y) + 0.1*(x^2 + y^2)", (0.3, -0.2)),
        ("log(1 + exp(x - y)) + hypot(x, y)^3", (0.5, 0.5)),
        ("atan2(y, x + 3) * max(x, y, 1) - sqrt(x^2 + 1)", (-1.0, 2.0)),
        ("x^4 - 3x^2 + x", (1.2,)),
    ]:
        _interactive_session(source, start)
    assert _signatures() == before


def test_specialized_kernels_give_the_interpreters_trajectory(tmp_path, monkeypatch):
    monkeypatch.setenv("GDEXPLORER_CACHE_DIR", str(tmp_path))
    expr = parse("(1-x)^2 + 100*(y-x^2)^2 + sin(x*y)")
    specialize._loaded.pop(expr.key, None)
    interpreted = {name: run(expr, (-1.2, 1.0), name, steps=50) for name in OPTIMIZERS}
    grid = np.linspace(-2, 2, 33)
    g_interp = D.grid(expr, grid, grid)
    module = specialize.compile_kernels(expr)
    try:
        assert specialize.ready(expr) is module
        assert list(tmp_path.glob("tape_*.py")), "the generated module lives in the cache directory"
        for name, ref in interpreted.items():
            got = run(expr, (-1.2, 1.0), name, steps=50)
            np.testing.assert_array_equal(got.points, ref.points, err_msg=name)
            assert got.status == ref.status
        g_spec = D.grid(expr, grid, grid)
        np.testing.assert_allclose(g_spec.f, g_interp.f, rtol=1e-14, atol=0)
        np.testing.assert_allclose(g_spec.gx, g_interp.gx, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(g_spec.gy, g_interp.gy, rtol=1e-12, atol=1e-12)
    finally:
        specialize._loaded.pop(expr.key, None)


def test_generated_source_is_built_from_the_tape_not_the_text():
    # two spellings of one function give the same tape, hence the same generated module
    a = specialize.kernel_source(parse("sin(x) + 1e-3*y"))
    b = specialize.kernel_source(parse("  sin( x )+0.001 y"))
    assert a == b
    assert "sin(x)" not in a and "math.sin(v" in a
