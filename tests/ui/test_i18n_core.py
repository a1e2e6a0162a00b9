"""The core's words in Chinese (issue 13): errors from real bad input read in Chinese through
``tr_message`` (keeping what the user typed), and every registry word (optimizer labels and
summaries, hyperparameters, state vectors, presets, schedules) and core message has a finished
translation with the same {fields}."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gdexplorer.app.i18n import tr_message, tr_registry
from gdexplorer.core.descent import Descent
from gdexplorer.core.expression import parse
from gdexplorer.core.fit.data import parse_csv, synthetic
from gdexplorer.core.fit.train import Trainer
from gdexplorer.core.messages import field_names
from gdexplorer.core.optimizers import OPTIMIZERS, get_optimizer
from gdexplorer.core.presets import PRESETS
from gdexplorer.core.schedules import KINDS, parse_schedule
from gdexplorer.core.sweep import sweep
from tests.ui.i18n_walk import english_words

CORE_TS = Path(__file__).resolve().parents[2] / "translations" / "zh_CN" / "core.ts"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _raised(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.value


# (bad input, what raises, the user's own fragments that must still be there, a Chinese phrase expected)
BAD_INPUTS = [
    ("sin(x", lambda: parse("sin(x"), ["sin("], "表达式结尾"),
    ("foo(x)", lambda: parse("foo(x)"), ["'foo'"], "未知的名称"),
    ("x +* y", lambda: parse("x +* y"), ["'*'"], "第 4 列"),
    ("x2", lambda: parse("x2"), ["'x2'", "x*2"], "你是想写"),
    ("2 3", lambda: parse("2 3"), ["3"], "缺少运算符"),
    ("beta1 = 1.5", lambda: get_optimizer("adam").hyperparameter("beta1").check(1.5), ["beta1", "[0, 1)", "1.5"],
     "必须在"),
    ("run with beta2 = 7", lambda: Descent(parse("x^2 + y^2"), (1, 1), "adam", hyperparameters={"beta2": 7}),
     ["beta2", "7"], "必须在"),
    ("cosine:T_max=-1", lambda: parse_schedule("cosine:T_max=-1"), ["'cosine:T_max=-1'", "T_max", "-1"], "学习率调度"),
    ("cosine:T_max=10+foo", lambda: parse_schedule("cosine:T_max=10+foo"), ["'foo'"], "第 2 段"),
    ("bad CSV cell", lambda: parse_csv("x,y\n1,2\n3,abc\n", name="points.csv"), ["points.csv", "'abc'"],
     "第 3 行第 2 列"),
    ("CSV line of one column", lambda: parse_csv("x,y\n1,2\n3\n", name="points.csv"), ["points.csv"], "逗号"),
    ("batch size 0", lambda: Trainer(synthetic(20), "gd", batch_size=0), ["0"], "批大小"),
    ("sweep rate -1", lambda: sweep(parse("x^2 + y^2"), (1, 1), "gd", [0.1, -1]), ["-1", "gd"], "学习率"),
]


@pytest.mark.parametrize("what, act, fragments, phrase", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_errors_from_bad_input_read_in_chinese(qapp, chinese, what, act, fragments, phrase):
    exc = _raised(act)
    shown = tr_message(exc)
    assert CJK.search(shown), shown
    assert phrase in shown, shown
    for fragment in fragments:
        assert fragment in shown, (fragment, shown)
    users_words = {w for fragment in fragments for w in english_words(fragment)}
    assert [w for w in english_words(shown) if w not in users_words] == [], shown
    assert english_words(str(exc)), "the English is unchanged underneath"


def test_a_typo_in_an_expression_is_shown_part_by_part(qapp, chinese):
    """The function panel shows the problem and the column apart: each translates on its own."""
    exc = _raised(lambda: parse("foo(x)"))
    assert tr_message(exc.message) == "未知的名称 'foo'"
    assert exc.column == 1
    hint = tr_message(exc.hint)
    assert hint.startswith("变量是 x 和 y；常数是 pi 和 e；函数有 abs, acos") and english_words(hint) == []


def test_registry_words_read_in_chinese(qapp, chinese):
    assert tr_registry(OPTIMIZERS["gd"].label) == "梯度下降"
    assert tr_registry(get_optimizer("adam").hyperparameter("lr").description) == "学习率：步长 α"
    assert tr_registry(PRESETS["rosenbrock"].label) == "Rosenbrock"
    texts = [spec.summary for spec in OPTIMIZERS.values()] + [kind.summary for kind in KINDS.values()]
    texts += [p.description for p in PRESETS.values()]
    for text in texts:
        shown = tr_registry(text)
        assert CJK.search(shown) and english_words(shown) == [], (text, shown)


def _messages(context: str):
    root = ET.parse(CORE_TS).getroot()
    for ctx in root.iter("context"):
        if ctx.findtext("name") == context:
            for msg in ctx.iter("message"):
                yield msg.findtext("source"), msg.find("translation")


def _registry_words() -> set[str]:
    words = set()
    for spec in OPTIMIZERS.values():
        words |= {spec.label, spec.summary, *(h.description for h in spec.hyperparameters)}
        words |= {s.meaning for s in spec.rule.state}
    for preset in PRESETS.values():
        words |= {preset.label, preset.description}
    return words | {kind.summary for kind in KINDS.values()}


@pytest.mark.parametrize("context", ["registry", "core"])
def test_every_core_word_has_a_finished_translation_with_the_same_fields(context):
    entries = dict(_messages(context))
    if context == "registry":
        assert _registry_words() <= set(entries), sorted(_registry_words() - set(entries))
    assert len(entries) >= 100
    for source, translation in entries.items():
        assert translation is not None and translation.get("type") is None, f"unfinished: {source!r}"
        text = translation.text or ""
        assert text.strip(), f"empty: {source!r}"
        assert field_names(text) == field_names(source), (source, text)
        assert sorted(re.findall(r"\{[^{}]*\}", text)) == sorted(re.findall(r"\{[^{}]*\}", source)), (source, text)
