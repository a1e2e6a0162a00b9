"""Preset names on the command line and `gdexplorer presets` (issue 13): the window's list, from
the same registry."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

from gdexplorer.cli import main
from gdexplorer.core.critical import critical_points
from gdexplorer.core.expression import parse
from gdexplorer.core.presets import PRESETS


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_json_lists_every_preset_with_its_view_start_and_minima(capsys):
    code, out, err = run_cli(capsys, "presets", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["name"] for r in rows] == list(PRESETS)
    by_name = {r["name"]: r for r in rows}
    himmelblau = by_name["himmelblau"]
    assert himmelblau["expression"] == PRESETS["himmelblau"].expression and himmelblau["dim"] == 2
    assert himmelblau["x_range"] == [-5, 5] and himmelblau["start"] == [0.0, 0.0]
    assert len(himmelblau["minima"]) == 4 and all(abs(m["f"]) < 1e-9 for m in himmelblau["minima"])
    # an independent check of the listed minima: each is a critical point of kind minimum nearby
    expr = parse(himmelblau["expression"])
    found = [p for p in critical_points(expr, (-5, 5), (-5, 5)) if p.kind == "minimum"]
    for m in himmelblau["minima"]:
        assert min(np.hypot(p.x - m["x"], p.y - m["y"]) for p in found) < 1e-5
    seed = by_name["seed004"]
    assert seed["dim"] == 1 and seed["y_range"] is None and seed["start"] == [-1.0]
    assert seed["minima"][0]["y"] is None and seed["minima"][0]["f"] == pytest.approx(-0.179, abs=1e-3)
    assert all(r["description"] for r in rows)


def test_presets_table(capsys):
    code, out, _ = run_cli(capsys, "presets")
    assert code == 0
    assert "rosenbrock      (1 - x)^2 + 100*(y - x^2)^2" in out and "4 known minima" in out


@pytest.mark.parametrize("name", ["rosenbrock", "Himmelblau", "seed004"])
def test_a_preset_name_works_where_an_expression_does(capsys, name):
    preset = PRESETS[name.lower()]
    start = ",".join(str(v) for v in preset.start[: parse(preset.expression).dim])
    a = run_cli(capsys, "run", "-f", name, "--start", start, "--steps", "5")
    b = run_cli(capsys, "run", "-f", preset.expression, "--start", start, "--steps", "5")
    assert a[0] == b[0] == 0 and a[1] == b[1]
    np.loadtxt(io.StringIO(a[1]), delimiter=",", skiprows=1)


def test_a_misspelt_preset_is_suggested(capsys):
    code, out, err = run_cli(capsys, "run", "-f", "rosenbrok", "--start", "1,1")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "did you mean the preset 'rosenbrock'?" in err
    code, out, err = run_cli(capsys, "critical", "-f", "zzz", "--range", "-1:1")
    assert code == 2 and "or a preset's name: bowl, ill_bowl" in err
