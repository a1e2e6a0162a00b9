"""The core's messages (issue 13): every error or notice a window user can see is raised as a
:class:`~gdexplorer.core.messages.Message`, the same English text as before (the CLI's `error: ...`
lines are a contract) that keeps its template and fields, so the window can translate it.

The English expected here is written out literally: it is the text the core printed before its
messages became templates (checked then against the old f-strings for 864 inputs, see the commit).
"""
from __future__ import annotations

import ast
import pickle
from pathlib import Path

import numpy as np
import pytest

from gdexplorer.core import messages
from gdexplorer.core.basin import basin_map
from gdexplorer.core.descent import Descent, RunError, run
from gdexplorer.core.explain import explain_step
from gdexplorer.core.expression import ExpressionError, parse
from gdexplorer.core.fit.data import DataError, Dataset, load_csv, parse_csv, synthetic
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.core.fit.train import FitError, Trainer, fit
from gdexplorer.core.messages import Message, field_names, message, reason, render
from gdexplorer.core.optimizers import get_optimizer
from gdexplorer.core.presets import get_preset
from gdexplorer.core.schedules import ScheduleError, check_clip, parse_schedule
from gdexplorer.core.sweep import SweepError, learning_rates, sweep

CORE = Path(__file__).resolve().parents[2] / "gdexplorer" / "core"
FUNCTIONS = ("abs, acos, asin, atan, atan2, cos, cosh, exp, hypot, ln, log, log10, log2, max, min, sign, sin, sinh, "
             "sqrt, tan, tanh")
OPTIMIZER_NAMES = "gd, sgd, momentum, nesterov, qhm, adagrad, rmsprop, adadelta, adam, adamw, amsgrad, qhadam, nadam, " \
                  "radam, lion, newton"


def _raised(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.value


def mark(context, template):
    """A pseudo-translation: every template in «», its fields kept (so it can be checked against English)."""
    assert context == messages.CONTEXT
    return f"«{template}»"


def english(exc_or_text) -> str:
    """The English a user reads: an exception's message (a KeyError's without the quotes its str adds)."""
    return str.__str__(messages.of(exc_or_text))


BOWL = "x^2 + y^2"

# (what is done, the exception class, the English text literally as the core wrote it before)
RAISES = [
    (lambda: parse("sin(x"), ExpressionError,
     "expected ')' to close sin( at column 1, found end of expression at column 6"),
    (lambda: parse("foo(x)"), ExpressionError,
     f"unknown name 'foo' at column 1 (variables are x and y; constants are pi and e; functions are {FUNCTIONS})"),
    (lambda: parse("x y2"), ExpressionError,
     f"unknown name 'y2' at column 3 (did you mean y*2? variables are x and y; constants are pi and e; functions are "
     f"{FUNCTIONS})"),
    (lambda: parse("x +* y"), ExpressionError, "unexpected '*' at column 4"),
    (lambda: parse("2 3"), ExpressionError,
     "missing operator before the number 3 at column 3 (write * to multiply, as in 2*3 or x*2)"),
    (lambda: parse("sin(x, y)"), ExpressionError, "sin takes 1 argument, got 2 at column 1"),
    (lambda: parse("atan2(x)"), ExpressionError, "atan2 takes 2 arguments, got 1 at column 1"),
    (lambda: parse("max(x)"), ExpressionError, "max takes two or more arguments, got 1 at column 1"),
    (lambda: parse("(x+1"), ExpressionError,
     "expected ')' to close the '(' at column 1, found end of expression at column 5"),
    (lambda: parse("1.2.3"), ExpressionError, "malformed number '1.2.': a number has at most one '.' at column 4"),
    (lambda: parse("x\x01"), ExpressionError, "unexpected character ''\\x01'' at column 2"),
    (lambda: parse("sin"), ExpressionError, "'sin' is a function: write sin(...) at column 1"),
    (lambda: parse(" "), ExpressionError, "empty expression: type a function of x and y, for example x^2 + y^2"),
    (lambda: parse("x^"), ExpressionError,
     "unexpected end of expression (a number, variable or '(' is missing) at column 3"),
    (lambda: parse("x+" * 6000), ExpressionError, "expression is too long (12000 characters; the limit is 10000)"),
    (lambda: parse("(" * 120 + "x" + ")" * 120), ExpressionError,
     "expression is nested too deeply (more than 100 levels) at column 102"),
    (lambda: get_optimizer("adam").hyperparameter("beta1").check(1.5), ValueError, "beta1 must be in [0, 1), got 1.5"),
    (lambda: get_optimizer("adam").hyperparameter("lr").check("abc"), ValueError, "lr must be a number, got 'abc'"),
    (lambda: get_optimizer("adam").hyperparameter("amsgrad").check(0.5), ValueError,
     "amsgrad is a switch: 0 or 1 (true/false), got 0.5"),
    (lambda: get_optimizer("foo"), KeyError, f"unknown optimizer 'foo' (choose from: {OPTIMIZER_NAMES})"),
    (lambda: get_preset("zz"), KeyError, "unknown preset 'zz' (choose from: bowl, ill_bowl, rosenbrock, himmelblau, "
                                         "beale, booth, saddle, monkey_saddle, rastrigin, ackley, six_hump_camel, "
                                         "seed004, seed004_exact)"),
    (lambda: Descent(parse(BOWL), (1, 1), "foo"), RunError, f"unknown optimizer 'foo' (choose from: {OPTIMIZER_NAMES})"),
    (lambda: Descent(parse(BOWL), (1, 1), "adam", hyperparameters={"zeta": 1}), RunError,
     "adam has no hyperparameter 'zeta' (it has: lr, beta1, beta2, eps, weight_decay, amsgrad)"),
    (lambda: Descent(parse(BOWL), (1,), "gd"), RunError, "the start point needs 2 coordinate(s) (x, y), got 1"),
    (lambda: Descent(parse("log(x)+y"), (-1, 0), "gd"), RunError,
     "f or its gradient is not finite at the start point: choose another start"),
    (lambda: Descent(parse(BOWL), (1, 1), "gd", schedule="cosine:T_max=-1"), RunError,
     "schedule 'cosine:T_max=-1': T_max must be in [1, inf), got -1"),
    (lambda: run(parse(BOWL), (1, 1), steps=-1), RunError, "steps must be >= 0, got -1"),
    (lambda: parse_schedule("cosine:T_max=10+foo"), ScheduleError,
     "schedule part 2 'foo': unknown schedule 'foo' (known: step, exponential, cosine, linear, invsqrt)"),
    (lambda: parse_schedule("invsqrt:a=1"), ScheduleError, "schedule 'invsqrt:a=1': invsqrt has no parameter 'a' (it has: none)"),
    (lambda: parse_schedule("step:step_size=1.5"), ScheduleError,
     "schedule 'step:step_size=1.5': step_size must be a whole number, got 1.5"),
    (lambda: parse_schedule("exponential:gamma=0.9+step:step_size=3"), ScheduleError,
     "schedule part 1 'exponential:gamma=0.9': exponential has no length (ExponentialLR never ends), so it can only "
     "come last"),
    (lambda: check_clip("abc"), ValueError, "clip must be a number, got 'abc'"),
    (lambda: check_clip(-1), ValueError, "clip must be a finite number > 0 (the largest gradient norm), got -1"),
    (lambda: learning_rates(1, 0.1, 3), SweepError, "the learning-rate range must go up (A < B when K > 1), got 1.0:0.1"),
    (lambda: sweep(parse(BOWL), (1, 1), "gd", [0.1, -1]), SweepError,
     "learning rate number 1 (-1) is not valid for gd: lr must be in (0, inf), got -1"),
    (lambda: sweep(parse(BOWL), (1, 1), "gd", [0.1], steps=5, keep=9), SweepError,
     "keep must be an integer from 1 to steps + 1 = 6 (a run has steps + 1 points), got 9"),
    (lambda: basin_map(parse(BOWL), (-1, 1), (-1, 1), 0, 3), ValueError,
     "the grid needs at least one start each way, got 0x3"),
    (lambda: parse_csv("x,y\n1,abc\n2,3\n", name="d.csv"), DataError, "d.csv: line 2, column 2: 'abc' is not a number"),
    (lambda: parse_csv("x,y\n1,\n2,3\n", name="d.csv"), DataError,
     "d.csv: line 2, column 2: an empty cell is not a number"),
    (lambda: parse_csv("x,y\n1,2\n3\n", name="d.csv"), DataError,
     "d.csv: line 3: expected 2 columns (x,y), found 1 (columns are separated by a comma)"),
    (lambda: parse_csv("x,y\n1,2\n", name="d.csv"), DataError, "d.csv: 1 data row; training needs at least 2 rows"),
    (lambda: parse_csv("x,y\n", name="d.csv"), DataError, "d.csv: 0 data rows; training needs at least 2 rows"),
    (lambda: parse_csv("1,2\n3,0\n", "logistic", name="d.csv"), DataError,
     "d.csv: line 1, column 2: logistic regression needs labels 0 or 1, got 2"),
    (lambda: load_csv("/nonexistent/file.csv"), DataError,
     "cannot read '/nonexistent/file.csv': No such file or directory"),
    (lambda: Dataset([1, float("nan")], [1, 2]), DataError, "x[1] is nan: every value must be a finite number"),
    (lambda: synthetic(10).batch_loss_and_gradient(0, 0, [11]), IndexError, "batch indices must be in [0, 10), got 11..11"),
    (lambda: Trainer(synthetic(20), "gd", batch_size=0), FitError, "the batch size must be a whole number >= 1, got 0"),
    (lambda: Trainer(synthetic(20), "adam", hyperparameters={"beta2": 7}), FitError, "beta2 must be in [0, 1), got 7"),
    (lambda: explain_step(get_optimizer("adam"), {}, [1.0, 2.0], [0.5, 0.25], np.zeros((0, 2)), np.zeros(2), 1),
     ValueError, "adam keeps 3 state vectors and 0 scalars"),
]


@pytest.mark.parametrize("act, cls, text", RAISES, ids=[r[2][:50] for r in RAISES])
def test_errors_read_as_before_and_carry_their_template(act, cls, text):
    exc = _raised(act)
    assert type(exc) is cls
    assert english(exc) == text
    assert str(exc) == (repr(text) if cls is KeyError else text)  # what the CLI prints
    assert isinstance(messages.of(exc), Message)
    # the pseudo-translation finds every template (nested ones too) and keeps every field
    shown = render(exc, mark)
    assert shown.startswith("«") and shown.replace("«", "").replace("»", "") == text


def test_notices_read_as_before_and_carry_their_template():
    bowl = parse(BOWL)
    data = synthetic(20)
    adam = get_optimizer("adam")
    notices = {
        # 2·81^k overflows at k = 162 from (1, 1) with lr 5: (1 − 2·5)^k = (−9)^k per axis
        run(bowl, (1, 1), hyperparameters={"lr": 5}, steps=2000).message:
            "diverged at step 162: the point, f or the gradient is no longer finite",
        run(parse("x + y"), (1, 1), "newton", steps=5).message:
            "stopped at step 1: the Hessian is singular, so newton cannot invert it",
        run(parse("sqrt(x)"), (1,), hyperparameters={"lr": 4}, steps=50).message:
            "stopped at step 1: f is undefined at θ = -1 (a square root or log of a negative number, 0/0, ...): the run "
            "cannot go on there",
        run(parse("sqrt(x^2) + y^2"), (0.5, 1), hyperparameters={"lr": 0.5}, steps=50).message:
            "stopped at step 1: f has no gradient at θ = (0, 0) (it is not differentiable there)",
        fit(data, "gd", hyperparameters={"lr": 50}, batch_size=1, epochs=50).message:
            "diverged at update 97 (epoch 5): the batch loss, its gradient or (w, b) is no longer finite",
        fit(Dataset([1, 1, 1], [0, 1, 2]), "newton", batch_size=1, epochs=2).message:
            "stopped at update 1 (epoch 1): the batch's Hessian is singular, so newton cannot invert it",
        synthetic(10, seed=3).name: "synthetic: n=10, y = 3.5x + 4 + N(0, 0.5²), seed 3",
        DataObjective(Dataset([1, 2], [0, 1], "logistic")).label: "L(w, b) = cross-entropy of σ(w·x + b) on the data",
        DataObjective(data).source:
            "mean squared error Σ(w·x + b − y)²/2m on synthetic: n=20, y = 3.5x + 4 + N(0, 0.5²), seed 0",
        explain_step(adam, {}, [1.0, 2.0], [0.5, 0.25], np.zeros((4, 2)), np.zeros(2), 1).stages[0].substituted[0]:
            "gₓ = ∂f/∂x at (1, 2) = 0.5",
    }
    for notice, text in notices.items():
        assert isinstance(notice, Message) and notice == text
        assert render(notice, mark).replace("«", "").replace("»", "") == text


def test_progress_texts_are_messages():
    texts = []
    with pytest.raises(DataError):
        parse_csv("x,y\n" + "\n".join(f"{i},{i}" for i in range(70_000)) + "\n1,a\n", name="b.csv",
                  progress=lambda fraction, text: texts.append(text))
    assert texts[:2] == ["reading the numbers (0%)", "reading the numbers (64%)"]
    assert all(isinstance(t, Message) for t in texts)


def test_a_schedule_length_of_inf_is_a_schedule_error_not_a_crash():
    # int(inf) used to raise OverflowError (and int(nan) a bare ValueError) before the finiteness check
    for text in ("step:step_size=inf", "cosine:T_max=nan"):
        exc = _raised(lambda: parse_schedule(text))
        assert type(exc) is ScheduleError
    assert str(_raised(lambda: parse_schedule("step:step_size=inf"))) == \
        "schedule 'step:step_size=inf': step_size must be a finite number, got inf"


def test_reason_keeps_the_message_and_unquotes_key_errors():
    key_error = _raised(lambda: get_optimizer("foo"))
    assert str(key_error).startswith('"unknown optimizer')  # KeyError's str is the repr
    assert reason(key_error) == f"unknown optimizer 'foo' (choose from: {OPTIMIZER_NAMES})"
    assert isinstance(reason(key_error), Message)
    value_error = _raised(lambda: check_clip("abc"))
    assert reason(value_error) == "clip must be a number, got 'abc'"  # the closing quote kept
    assert reason(ValueError("plain")) == "plain" and reason(KeyError("k")) == "k"
    assert reason(OSError(2, "gone")) == "[Errno 2] gone"


def test_messages_and_exceptions_survive_pickling():
    exc = _raised(lambda: parse("x y2"))
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is ExpressionError and str(back) == str(exc)
    assert (back.column, back.message, back.hint) == (exc.column, exc.message, exc.hint)
    assert render(back, mark) == render(exc, mark)
    for act in (lambda: parse_schedule("cosine:T_max=10+foo"), lambda: Descent(parse(BOWL), (1, 1), "foo"),
                lambda: parse_csv("x,y\n1,abc\n2,3\n", name="d.csv")):
        exc = _raised(act)
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc)
        assert isinstance(messages.of(back), Message)
        assert messages.of(back).template == messages.of(exc).template
        assert render(back, mark) == render(exc, mark)
    nested = message("{where}: {what}", where=message("schedule {part!r}", part="x"), what=3)
    back = pickle.loads(pickle.dumps(nested))
    assert back == "schedule 'x': 3" and isinstance(back.fields["where"], Message)


def test_render_reorders_named_fields_and_translates_nested_messages():
    table = {
        "{where}: {name} must be in {range}, got {value:g}": "[{value:g}] {name} ∉ {range} @ {where}",
        "schedule {part!r}": "SCHED<{part!r}>",
    }
    exc = _raised(lambda: parse_schedule("cosine:T_max=-1"))
    assert render(exc, lambda c, t: table.get(t, t)) == "[-1] T_max ∉ [1, inf) @ SCHED<'cosine:T_max=-1'>"
    column = {"{problem} at column {column}": "col {column}: {problem}", "unexpected {found}": "unexpected!! {found}"}
    assert render(_raised(lambda: parse("x +* y")), lambda c, t: column.get(t, t)) == "col 4: unexpected!! '*'"


@pytest.mark.parametrize("bad", [
    "{name} ∉ {range}",  # drops {value:g}
    "{name} ∉ {range}, {value:g}, {extra}",  # invents a field
    "{name ∉ {range} {value:g}",  # not a format string
    "{name} ∉ {range} {value:d}",  # a spec the value cannot take (-1.0 is a float)
])
def test_a_translation_that_loses_or_breaks_a_field_falls_back_to_english(bad):
    exc = _raised(lambda: parse_schedule("cosine:T_max=-1"))
    english_text = "schedule 'cosine:T_max=-1': T_max must be in [1, inf), got -1"
    table = {"{where}: {name} must be in {range}, got {value:g}": bad}
    shown = render(exc, lambda c, t: table.get(t, t))
    assert shown == english_text and type(shown) is str


def test_render_passes_other_text_through():
    assert render("plain", mark) == "plain"
    assert render(ValueError("plain"), mark) == "plain"
    assert render(KeyError("k"), mark) == "k"
    assert render(message("no fields"), mark) == "«no fields»"
    assert render(message("{a} and {b}", a=1, b=2), lambda c, t: "") == "1 and 2"  # no translation: English


def _message_calls():
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "message":
                yield f"{path.relative_to(CORE)}:{node.lineno}", node


def test_every_message_call_passes_exactly_the_fields_of_its_literal_template():
    calls = list(_message_calls())
    assert len(calls) > 100
    for where, node in calls:
        assert len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str), \
            f"{where}: the template must be one literal string (scripts/translations.py extracts it)"
        template = node.args[0].value
        keywords = [k.arg for k in node.keywords]
        assert None not in keywords, f"{where}: **fields hide the names from this check"
        assert set(keywords) == field_names(template), f"{where}: {template!r} given {keywords}"
        template.format(**{k: 1 for k in keywords})  # formats (every spec used takes a number)
        if not keywords:
            assert "{" not in template and "}" not in template, f"{where}: braces in a template without fields"


USER_FACING = {"ExpressionError", "RunError", "SweepError", "ScheduleError", "DataError", "FitError"}


def test_core_exceptions_are_never_raised_with_an_f_string():
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    getattr(node.exc.func, "id", None) in USER_FACING and node.exc.args:
                first = node.exc.args[0]
                assert not isinstance(first, (ast.JoinedStr, ast.Constant, ast.BinOp)), \
                    f"{path.relative_to(CORE)}:{node.lineno}: raise with message(...) or reason(exc)"
