"""The function language: precedence, numbers, names, error messages with columns, size caps and
hostile input. Expected values are worked out by hand (or with Python's math on the same formula).
"""
from __future__ import annotations

import math
import sys
import time

import numpy as np
import pytest

from gdexplorer.core import derivatives as D
from gdexplorer.core import ops as O
from gdexplorer.core.expression import MAX_DEPTH, MAX_LENGTH, MAX_NODES, Expression, ExpressionError, parse


def value(text, *point):
    expr = parse(text)
    return D.value(expr, point[: expr.dim]) if point else D.value(expr, [0.0] * expr.dim)


def error(text) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    return info.value


# =============================================================================================
# precedence and spelling
# =============================================================================================
@pytest.mark.parametrize(
    "text, point, expected",
    [
        ("-x^2", (3.0,), -9.0),  # -(x^2), not (-x)^2
        ("-2^2", (), -4.0),
        ("(-2)^2", (), 4.0),
        ("2^3^2", (), 512.0),  # right associative: 2^(3^2)
        ("(2^3)^2", (), 64.0),
        ("2**3**2", (), 512.0),  # ** is ^
        ("x**2 - x^2", (1.7,), 0.0),
        ("2^-1", (), 0.5),  # a signed exponent
        ("2^-x^2", (1.0,), 0.5),  # 2^(-(x^2))
        ("-x^-2", (2.0,), -0.25),
        ("2x", (1.5,), 3.0),  # juxtaposition multiplies
        ("2(x+1)", (1.5,), 5.0),
        ("(x+1)(x-1)", (3.0,), 8.0),
        ("2x^2", (3.0,), 18.0),  # 2*(x^2): juxtaposition binds looser than ^
        ("x y", (2.0, 3.0), 6.0),
        ("3x y^2", (2.0, 3.0), 54.0),
        ("2pi", (), 2 * math.pi),
        ("2 sin(x)", (0.5,), 2 * math.sin(0.5)),
        ("1 + 2*3", (), 7.0),
        ("1 - 2 - 3", (), -4.0),  # left associative
        ("12/3/2", (), 2.0),  # left associative
        ("2*3/4*5", (), 7.5),
        ("1 + 2x/4 - 3", (2.0,), -1.0),
        ("--x", (2.0,), 2.0),
        ("+-+x", (2.0,), -2.0),
        ("x - -y", (2.0, 3.0), 5.0),
        ("-(x + y)*2", (1.0, 2.0), -6.0),
        ("((((x))))", (4.0,), 4.0),
        ("x/y/2", (8.0, 2.0), 2.0),
        ("x^y^2", (2.0, 2.0), 16.0),  # x^(y^2)
        ("e^x", (1.0,), math.e),
        ("pi", (), math.pi),
        ("e", (), math.e),
        ("ln(e^3)", (), 3.0),
        ("  x\t+\ny  ", (1.0, 2.0), 3.0),  # any whitespace
        ("x²", (3.0,), 9.0),  # characters pasted from documents
        ("x³ − y", (2.0, 1.0), 7.0),
        ("2×x ÷ 4", (6.0,), 3.0),
        ("2·π", (), 2 * math.pi),
    ],
)
def test_precedence(text, point, expected):
    assert value(text, *point) == pytest.approx(expected, rel=1e-15, abs=1e-15)


@pytest.mark.parametrize(
    "text, expected",
    [("1e-3", 1e-3), (".5", 0.5), ("2.", 2.0), ("2.5e+2", 250.0), ("1E3", 1000.0), ("0.125", 0.125),
     ("007", 7.0), ("1e308*10", math.inf), ("2e3x", 2000.0)],
)
def test_numbers(text, expected):
    assert value(text, 1.0) == expected


@pytest.mark.parametrize("text, column", [("1.2.3", 4), ("2..5", 3), ("x + 1e3.5", 8), ("1.5.x", 4)])
def test_malformed_numbers_are_errors(text, column):
    """A second decimal point is a typo, not a product: "1.2.3" must not silently mean 1.2 × .3
    (juxtaposition of the numbers 1.2 and .3). The column is the extra '.'."""
    err = error(text)
    assert "number" in err.message
    assert err.column == column


def test_dimension_and_variables():
    assert parse("x^2").dim == 1 and parse("x^2").variables == ("x",)
    assert parse("y^2").dim == 2 and parse("x + y").variables == ("x", "y")
    assert parse("pi").dim == 1  # a constant is a (flat) function of x
    assert parse("x + 0*y").dim == 2  # y is still a variable of the function


def test_same_function_same_tape():
    """Constants fold (2*3 is 6 at parse time) and common subexpressions are shared."""
    assert parse("x^2 + 6") == parse("x^2 + 2*3")
    assert parse("x^2 + x^2").size == 3  # x, x^2, add: x^2 is computed once
    folded = parse("sin(pi/6)*4 + x")
    assert folded.size == 3  # const, x, add
    assert hash(parse("x*y")) == hash(parse("x * y"))


def test_9_9_9_9_folds_instantly_to_inf():
    t0 = time.perf_counter()
    expr = parse("9^9^9^9")
    assert time.perf_counter() - t0 < 0.5
    assert expr.size == 1 and D.value(expr, (0.0,)) == math.inf


# =============================================================================================
# functions
# =============================================================================================
MATH_REFERENCE = {  # name -> (python math, argument)
    "sin": (math.sin, 0.7), "cos": (math.cos, 0.7), "tan": (math.tan, 0.7), "asin": (math.asin, 0.3),
    "acos": (math.acos, 0.3), "atan": (math.atan, 0.7), "sinh": (math.sinh, 0.7), "cosh": (math.cosh, 0.7),
    "tanh": (math.tanh, 0.7), "exp": (math.exp, 0.7), "log": (math.log, 0.7), "ln": (math.log, 0.7),
    "log2": (math.log2, 0.7), "log10": (math.log10, 0.7), "sqrt": (math.sqrt, 0.7), "abs": (abs, -0.7),
    "sign": (lambda v: math.copysign(1.0, v), -0.7),
}
TWO_ARGS = {"atan2": math.atan2, "hypot": math.hypot, "min": min, "max": max}


def test_reference_tables_cover_every_function():
    assert set(MATH_REFERENCE) | set(TWO_ARGS) == set(O.FUNCTIONS)


@pytest.mark.parametrize("name", sorted(MATH_REFERENCE))
def test_unary_functions(name):
    fn, arg = MATH_REFERENCE[name]
    assert D.value(parse(f"{name}(x)"), (arg,)) == pytest.approx(fn(arg), rel=1e-15)


@pytest.mark.parametrize("name", sorted(TWO_ARGS))
def test_binary_functions(name):
    fn = TWO_ARGS[name]
    for a, b in [(0.3, -1.2), (-2.0, 0.5), (1.0, 1.0)]:
        assert D.value(parse(f"{name}(x, y)"), (a, b)) == pytest.approx(fn(a, b), rel=1e-15)


def test_min_max_take_many_arguments():
    assert value("min(x, y, 3, -1)", 2.0, 5.0) == -1.0
    assert value("max(x, y, 3, -1)", 2.0, 5.0) == 5.0
    assert value("max(x, 2x, 3x, 4x, 5x)", 1.0) == 5.0


def test_function_values_outside_their_domain_are_nan_or_inf():
    """IEEE semantics, not exceptions: the run can report divergence instead of crashing."""
    assert math.isnan(value("log(x)", -1.0))
    assert value("log(x)", 0.0) == -math.inf
    assert math.isnan(value("sqrt(x)", -1.0))
    assert math.isnan(value("asin(x)", 2.0))
    assert value("1/x", 0.0) == math.inf
    assert value("exp(x)", 1000.0) == math.inf
    assert math.isnan(value("x^0.5", -4.0))
    assert value("x^y", 0.0, -1.0) == math.inf


# =============================================================================================
# errors: message and 1-based column
# =============================================================================================
@pytest.mark.parametrize(
    "text, fragment, column",
    [
        ("x^2 + )", "unexpected ')'", 7),
        ("x +", "unexpected end of expression", 4),
        ("x^", "unexpected end of expression", 3),
        ("()", "unexpected ')'", 2),
        ("x***2", "unexpected '*'", 4),
        ("x^^2", "unexpected '^'", 3),
        ("sin()", "unexpected ')'", 5),
        ("sin(x,)", "unexpected ')'", 7),
        ("x ! 2", "unexpected character '!'", 3),
        ("(x + 1", "expected ')' to close the '(' at column 1", 7),
        ("((x + 1)", "expected ')' to close the '(' at column 1", 9),
        ("sin(x", "expected ')' to close sin( at column 1", 6),
        ("x + cos(y", "expected ')' to close cos( at column 5", 10),
        ("x + 1)", "unexpected ')'", 6),
        ("sin", "'sin' is a function: write sin(...)", 1),
        ("2 + exp", "'exp' is a function", 5),
        ("sin(x, y)", "sin takes 1 argument, got 2", 1),
        ("x + atan2(x)", "atan2 takes 2 arguments, got 1", 5),
        ("hypot(x, y, 1)", "hypot takes 2 arguments, got 3", 1),
        ("min(x)", "min takes two or more arguments, got 1", 1),
        ("max(y)", "max takes two or more arguments, got 1", 1),
    ],
)
def test_error_message_and_column(text, fragment, column):
    err = error(text)
    assert fragment in err.message
    assert err.column == column
    assert f"column {column}" in str(err)


@pytest.mark.parametrize("text, column", [("z", 1), ("x + z", 5), ("2*foo(x)", 3), ("xy", 1), ("sin(t)", 5)])
def test_unknown_name_lists_what_exists(text, column):
    err = error(text)
    name = text[column - 1:].split("(")[0].split(")")[0]
    assert f"unknown name '{name}'" in str(err)
    assert err.column == column
    assert "x and y" in str(err)
    for fn in O.FUNCTIONS:
        assert fn in str(err), fn


def test_unknown_name_suggests_a_product():
    assert "x*y" in str(error("xy"))
    assert "x*2" in str(error("x2"))


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_input(text):
    err = error(text)
    assert "empty" in err.message and err.column is None


def test_not_text():
    with pytest.raises(ExpressionError):
        parse(None)  # type: ignore[arg-type]
    with pytest.raises(ExpressionError):
        parse(b"x")  # type: ignore[arg-type]


# =============================================================================================
# caps: length, nesting, size; never a RecursionError or a hang
# =============================================================================================
def test_length_cap():
    assert MAX_LENGTH == 10_000
    err = error("x" + "+x" * 5000)  # 10,001 characters
    assert "10001" in err.message and "10000" in err.message and "long" in err.message
    assert isinstance(parse("x" + " " * (MAX_LENGTH - 1)), Expression)  # exactly at the limit


def test_101_nested_parentheses_are_too_deep():
    assert MAX_DEPTH == 100
    assert D.value(parse("(" * 100 + "x" + ")" * 100), (2.0,)) == 2.0
    err = error("(" * 101 + "x" + ")" * 101)
    assert "nested too deeply" in err.message and 101 <= err.column <= 102  # at the 101st level


@pytest.mark.parametrize(
    "opening, middle, closing",
    [("(", "x", ")"), ("sin(", "x", ")"), ("-", "x", ""), ("x^", "2", ""), ("atan2(1, ", "x", ")"),
     ("min(x, ", "x", ")"), ("2sin(", "x", ")"), ("-(", "x", ")"), ("x^-(", "x", ")"), ("hypot(x, -", "y", ")")],
)
def test_nesting_never_overflows_the_stack(opening, middle, closing):
    """Every nesting construct, 10 to 5000 levels deep: a value or 'nested too deeply', never a
    RecursionError, even when parse is called from a stack already 100 frames deep."""
    def deep(n):
        return parse_at_depth(opening * n + middle + closing * n, 100)

    deep(10)
    for n in (101, 150, 1000, 5000):
        text = opening * n + middle + closing * n
        if len(text) > MAX_LENGTH:
            continue
        with pytest.raises(ExpressionError, match="nested too deeply"):
            deep(n)


def parse_at_depth(text, frames):
    if frames == 0:
        return parse(text)
    return parse_at_depth(text, frames - 1)


def test_recursion_limit_headroom():
    """The worst case nesting (100 levels of a function call) needs well under Python's default
    recursion limit of 1000 frames."""
    old = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(len(__import__("inspect").stack()) + 800)
        parse("sin(" * 100 + "x" + ")" * 100)
    finally:
        sys.setrecursionlimit(old)


def test_long_flat_sum_parses_without_recursion():
    """A 9,999-character sum x+x+...+x is a flat loop in the parser, not a recursion."""
    text = "+".join(["x"] * 5000)
    expr = parse(text)
    assert D.value(expr, (1.5,)) == pytest.approx(7500.0)
    assert D.gradient(expr, (1.5,))[0] == 5000.0
    assert parse("*".join(["x"] * 5000)).size == 5000
    text = "+".join(["x*y"] * 2000)
    assert value(text, 1.0, 2.0) == pytest.approx(4000.0)


def test_node_cap_is_a_clean_error():
    """y + x + x + ... with 4999 x's is 9,999 characters and 5,001 operations (y, x and 4,999
    additions): one more than MAX_NODES; with 4998 x's it is exactly MAX_NODES."""
    assert MAX_NODES == 5000
    assert parse("y" + "+x" * 4998).size == 5000
    text = "y" + "+x" * 4999
    assert len(text) <= MAX_LENGTH
    err = error(text)
    assert "too large" in err.message and "5000" in err.message


# =============================================================================================
# hostile input is rejected, never evaluated
# =============================================================================================
@pytest.mark.parametrize(
    "text",
    ["__import__('os').system('ls')", "x.__class__", "lambda: 1", "x; y", "x @ y", "[x]", "'x'", '"x"',
     "x if y else 1", "exec('1')", "eval", "open('/etc/passwd')", "x = 1", "x == y", "x < y", "x % 2",
     "x // 2", "{x}", "x[0]", "`x`", "x & y", "x | y", "~x", "not x", "x and y", "\\x", "$x", "x#y",
     "os.system", "globals()", "sin.__globals__", "1 if 1 else 2", "x\x00", "x\u200b"],
)
def test_hostile_strings_are_rejected(text):
    err = error(text)
    assert err.message


def test_hostile_strings_have_no_side_effect(tmp_path, monkeypatch):
    """The would-be payload never runs: a marker file the text tries to create does not appear."""
    marker = tmp_path / "pwned"
    monkeypatch.chdir(tmp_path)
    for text in [f"__import__('pathlib').Path('{marker}').touch()", "open('pwned', 'w')"]:
        with pytest.raises(ExpressionError):
            parse(text)
    assert not marker.exists()
    assert not (tmp_path / "pwned").exists()


def test_tape_is_plain_arrays():
    """What the kernels get is numbers only: int64 op codes and indices, float64 constants."""
    expr = parse("sin(x) + 3*y^2")
    assert expr.ops.dtype == np.int64 and expr.arg_a.dtype == np.int64 and expr.arg_b.dtype == np.int64
    assert expr.consts.dtype == np.float64
    assert set(expr.ops.tolist()) <= set(range(O.N_OPS))
    assert np.all(expr.arg_a < np.arange(expr.size)) and np.all(expr.arg_b < np.arange(expr.size))


# =============================================================================================
# constant folding agrees with evaluation (ops.fold and the interpreter share float semantics)
# =============================================================================================
SPECIAL_ARGUMENTS = [-800.0, -710.3, -3.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 709.9, 710.2, 800.0,
                     math.inf, -math.inf, math.nan]


def _literal(a: float) -> str:
    """Text that parses to exactly the float a (inf/nan through overflow, folded at parse time)."""
    if math.isnan(a):
        return "(0*1e999)"
    if math.isinf(a):
        return "(1e999)" if a > 0 else "(-1e999)"
    return f"({a!r})"


def _same(u: float, v: float) -> bool:
    return (math.isnan(u) and math.isnan(v)) or u == v


@pytest.mark.parametrize("name", sorted(MATH_REFERENCE))
def test_folding_a_unary_function_equals_evaluating_it(name):
    """sin(0.5) folded at parse time equals sin(x) evaluated at 0.5, for every function, including
    near overflow (sinh(710.2) = 1.36e308 is finite), at ±inf and nan."""
    evaluated = parse(f"{name}(x)")
    for a in SPECIAL_ARGUMENTS:
        folded = parse(f"{name}{_literal(a)}")
        assert folded.size == 1
        assert _same(D.value(folded, (0.0,)), D.value(evaluated, (a,))), (name, a, D.value(folded, (0.0,)), D.value(evaluated, (a,)))


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "^", "atan2", "hypot", "min", "max"])
def test_folding_a_binary_op_equals_evaluating_it(op):
    """2^3 folded equals x^y evaluated at (2, 3): every binary op on a grid of signs, zeros,
    infinities and nan."""
    args = [-2.0, -0.5, 0.0, 0.5, 3.0, math.inf, -math.inf, math.nan]

    def text(a, b):
        return f"{op}({a}, {b})" if op[0].isalpha() else f"{a} {op} {b}"

    evaluated = parse(text("x", "y"))
    for a in args:
        for b in args:
            if op == "^" and a == -math.inf and b == 0.5:
                # Known difference: folding uses numpy's power, (−inf)^0.5 = nan (torch agrees);
                # the interpreter uses C's pow, (−inf)^0.5 = +inf (C99 Annex F). No practical
                # effect: either way the value is not finite and a run stops there.
                continue
            folded = parse(text(_literal(a), _literal(b)))
            assert _same(D.value(folded, (0.0,)), D.value(evaluated, (a, b))), (op, a, b, D.value(folded, (0.0,)), D.value(evaluated, (a, b)))


@pytest.mark.parametrize("text, column", [("2 3", 3), ("x 2", 3), ("(x+1)2", 6), ("sin(x) 0.5", 8)])
def test_a_number_after_a_value_needs_an_operator(text, column):
    # juxtaposition multiplies before a name or '(' (2x, 2(x+1)), but "2 3" is a forgotten operator
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.column == column
    assert "missing operator" in info.value.message
