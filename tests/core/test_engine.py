"""The optimizer engine generated from the registry: it dispatches every rule, its file name follows
the code of the definitions (so the disk cache can never serve stale machine code), and it is the
same file in every process (so a second launch compiles nothing)."""
from __future__ import annotations

import subprocess
import sys
import types

import numba

from gdexplorer.core import engine, generated
from gdexplorer.core.optimizers import OPTIMIZERS, RULES


def test_the_engine_dispatches_every_rule_of_the_registry():
    module = engine.get()
    assert module.RULES == tuple(rule.name for rule in RULES)
    assert module.N_STATE == max(len(rule.state) for rule in RULES)  # 3: rmsprop and adam
    assert module.__file__.startswith(str(generated.cache_dir()))
    assert {spec.rule.name for spec in OPTIMIZERS.values()} == set(module.RULES)
    for rule in RULES:
        assert f"update_{rule.name}(" in engine.engine_source()


def _step(theta):
    return theta * SCALE + helper(theta)  # noqa: F821 (globals given below)


def _fingerprint(scale, helper_body):
    helper = numba.njit(types.FunctionType(helper_body.__code__, {}))
    fn = numba.njit(types.FunctionType(_step.__code__, {"SCALE": scale, "helper": helper}))
    return generated.fingerprint([fn])


def _plus_one(t):
    return t + 1.0


def _minus_one(t):
    return t - 1.0


def test_the_fingerprint_follows_the_code_its_constants_and_what_it_calls():
    base = _fingerprint(2.0, _plus_one)
    assert _fingerprint(2.0, _plus_one) == base
    assert _fingerprint(3.0, _plus_one) != base  # a module-level constant
    assert _fingerprint(2.0, _minus_one) != base  # a jitted function it calls


def test_the_engine_source_is_the_same_in_every_process():
    code = "from gdexplorer.core import engine; print(engine.engine_source())"
    sources = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    }
    assert sources == {engine.engine_source() + "\n"}



def test_the_fingerprint_does_not_change_when_a_function_is_compiled(tmp_path, monkeypatch):
    """CI's first run on a fresh clone compiled the kernels during the test session, and the
    fingerprint then differed from a subprocess's: it hashed marshal.dumps(code), and marshal marks
    objects by how many references they have, which Numba's compiler changes (it holds the code's
    constants). The fingerprint hashes what the code computes instead."""
    module = tmp_path / "fingerprint_probe.py"
    module.write_text(
        "import math\nimport numba\n\n\n@numba.njit\ndef probe(a, b):\n    c = 0.5\n"
        "    for i in range(3):\n        c = c * 1.25 + math.sqrt(a + 1e-8) - b * 3.0\n"
        "    return c if c > 0.1 else -c\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = __import__("fingerprint_probe").probe
    before = generated.fingerprint([probe])
    probe(1.0, 2.0)  # compile it
    assert generated.fingerprint([probe]) == before
