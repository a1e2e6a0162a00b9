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
