"""`gdexplorer critical` and `gdexplorer graph`: the exact JSON contract, the tables, and one-line
errors with exit status 2."""
from __future__ import annotations

import json
import math

import pytest

from gdexplorer.cli import main

HIMMELBLAU = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- critical -------------------------------------------------------------------------------------
def test_critical_json_saddle(capsys):
    code, out, err = run_cli(capsys, "critical", "-f", "x^2 - y^2", "--range", "-2:2", "--json")
    assert code == 2 and err.startswith("error: --range needs X0:X1,Y0:Y1")
    code, out, err = run_cli(capsys, "critical", "-f", "x^2 - y^2", "--range", "-2:2,-2:2", "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == [{"x": 0.0, "y": 0.0, "f": 0.0, "kind": "saddle", "eigenvalues": [-2.0, 2.0]}]


def test_critical_json_himmelblau_sorted_by_f(capsys):
    code, out, _ = run_cli(capsys, "critical", "-f", HIMMELBLAU, "--range", "-5:5,-5:5", "--json")
    points = json.loads(out)
    assert code == 0 and all(list(p) == ["x", "y", "f", "kind", "eigenvalues"] for p in points)
    assert [p["f"] for p in points] == sorted(p["f"] for p in points)
    assert [p["kind"] for p in points] == ["minimum"] * 4 + ["saddle"] * 4 + ["maximum"]
    top = points[-1]
    assert (top["x"], top["y"], top["f"]) == pytest.approx((-0.270845, -0.923039, 181.617), abs=1e-3)
    for p in points:
        x, y = p["x"], p["y"]
        assert p["f"] == pytest.approx((x * x + y - 11) ** 2 + (x + y * y - 7) ** 2, rel=1e-12, abs=1e-20)
        assert p["eigenvalues"] == sorted(p["eigenvalues"])


def test_critical_1d_has_no_y_and_table(capsys):
    code, out, _ = run_cli(capsys, "critical", "-f", "x^3", "--range", "-2:2", "--json")
    (p,) = json.loads(out)
    assert code == 0 and list(p) == ["x", "f", "kind", "eigenvalues"] and p["kind"] == "degenerate"
    assert abs(p["x"]) < 1e-9 and len(p["eigenvalues"]) == 1
    code, out, _ = run_cli(capsys, "critical", "-f", "x^4 - 3x^2 + x", "--range", "-3:3")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["x", "f", "kind", "eigenvalues"]
    assert [line.split()[2] for line in lines[1:]] == ["minimum", "minimum", "maximum"]
    code, out, _ = run_cli(capsys, "critical", "-f", "x^2 - y^2", "--range", "-1:1,-1:1")
    assert out.splitlines()[0].split() == ["x", "y", "f", "kind", "eigenvalues"]
    assert out.splitlines()[1].split() == ["0", "0", "0", "saddle", "-2,", "2"]


def test_critical_nothing_found(capsys):
    code, out, err = run_cli(capsys, "critical", "-f", "x + y", "--range", "-1:1,-1:1", "--json")
    assert code == 0 and json.loads(out) == [] and err == ""
    code, out, err = run_cli(capsys, "critical", "-f", "x + y", "--range", "-1:1,-1:1")
    assert code == 0 and err == "no critical points in -1:1,-1:1\n"


# -- graph ----------------------------------------------------------------------------------------
def test_graph_json_seed_003(capsys):
    code, out, err = run_cli(capsys, "graph", "-f", "3*(x + y*2)", "--at", "1.25,-0.5", "--json")
    nodes = json.loads(out)
    assert code == 0 and err == ""
    assert all(set(n) == {"id", "op", "inputs", "value", "adjoint", "partials", "const"} for n in nodes)
    assert nodes[0] == {"id": 6, "op": "*", "inputs": [0, 5], "value": 3 * (1.25 - 1.0), "adjoint": 1.0,
                        "partials": [0.25, 3.0], "const": None}
    adjoint = {n["op"]: n["adjoint"] for n in nodes if n["op"] in ("x", "y")}
    code, out, _ = run_cli(capsys, "grad", "-f", "3*(x + y*2)", "--at", "1.25,-0.5")
    assert [adjoint["x"], adjoint["y"]] == json.loads(out)["grad"] == [3.0, 6.0]
    seen = set()
    for n in nodes:  # backward order: a node's users are all listed before it
        assert all(i not in seen for i in n["inputs"])
        seen.add(n["id"])
        assert len(n["partials"]) == len(n["inputs"])


def test_graph_non_finite_is_null(capsys):
    code, out, err = run_cli(capsys, "graph", "-f", "1/x", "--at", "0", "--json")
    nodes = json.loads(out)
    assert code == 0 and err == "warning: some values are not finite at this point (written as null)\n"
    assert nodes[0]["value"] is None and nodes[0]["partials"] == [None, None]
    assert [n["adjoint"] for n in nodes if n["op"] == "x"] == [None]
    assert "NaN" not in out and "Infinity" not in out  # strict JSON


def test_graph_table(capsys):
    code, out, err = run_cli(capsys, "graph", "-f", "x*y + x*y", "--at", "-1.5,2")
    lines = [line.split() for line in out.splitlines()]
    assert code == 0 and err == ""
    assert lines[0] == ["id", "op", "inputs", "value", "adjoint", "partials"]
    assert lines[1] == ["3", "+", "2,2", "-6", "1", "1,", "1"]
    assert lines[2] == ["2", "*", "0,1", "-3", "2", "2,", "-1.5"]  # the shared node: 1 + 1
    assert lines[3:] == [["1", "y", "2", "-3"], ["0", "x", "-1.5", "4"]]


# -- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv, message",
    [
        (["critical", "-f", "x^2", "--range", "2:-2"], "error: --range x: the lower bound must be below the upper"),
        (["critical", "-f", "x^2+y^2", "--range", "-1:1,1:1"], "error: --range y: the lower bound must be below"),
        (["critical", "-f", "x^2", "--range", "0:inf"], "error: --range must be finite"),
        (["critical", "-f", "x^2", "--range", "nan:1"], "error: --range must be finite"),
        (["critical", "-f", "x^2", "--range", "a:b"], "error: --range must be X0:X1 (numbers"),
        (["critical", "-f", "x^2", "--range", "-1,1"], "error: --range needs X0:X1 for a function of x alone"),
        (["critical", "-f", "x^2 + )", "--range", "0:1"], "error: unexpected ')' at column 7"),
        (["critical", "-f", "x^2"], "error: the following arguments are required: --range"),
        (["graph", "-f", "x^2", "--at", "1,2"], "error: --at needs 1 coordinate(s)"),
        (["graph", "-f", "x^2+y", "--at", "1"], "error: --at needs 2 coordinate(s)"),
        (["graph", "-f", "x^2", "--at", "nan"], "error: --at must be finite numbers"),
        (["graph", "-f", "x^2", "--at", "one"], "error: --at must be numbers"),
        (["graph", "-f", "sin(", "--at", "1"], "error: unexpected end of expression"),
        (["graph", "-f", "x^2 + z", "--at", "1"], "error: unknown name 'z' at column 7"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(message), err
    assert err.count("\n") == 1


def test_negative_values_after_options(capsys):
    code, out, _ = run_cli(capsys, "graph", "-f", "-x^2", "--at", "-3", "--json")
    assert code == 0 and [n["adjoint"] for n in json.loads(out) if n["op"] == "x"] == [6.0]
    code, out, _ = run_cli(capsys, "critical", "-f", "-x^2 - y^2", "--range", "-1:0.5,-0.5:1", "--json")
    (p,) = json.loads(out)
    assert code == 0 and p["kind"] == "maximum" and math.hypot(p["x"], p["y"]) < 1e-12
