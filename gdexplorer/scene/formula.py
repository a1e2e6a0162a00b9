"""The function shown nicely: expression text to light HTML (superscripts, ·, π, √)."""
from __future__ import annotations

import html
import re

_POWER = re.compile(r"\^\s*(\(([^()]*)\)|-?[0-9.]+|[A-Za-z_]\w*)")


def formula_html(text: str) -> str:
    """``(1 - x)^2 + 100*(y - x^2)^2`` -> ``(1 − x)<sup>2</sup> + 100·(y − x<sup>2</sup>)<sup>2</sup>``."""
    s = text.replace("**", "^")
    s = html.escape(s, quote=False)

    def sup(m: re.Match) -> str:
        body = m.group(2) if m.group(2) is not None else m.group(1)
        return f"<sup>{body}</sup>"

    s = _POWER.sub(sup, s)
    s = re.sub(r"\bpi\b", "π", s)
    s = re.sub(r"\bsqrt\b", "√", s)
    s = s.replace("*", "·").replace(" - ", " − ").replace("(-", "(−")
    s = re.sub(r"\b([xy])\b", r"<i>\1</i>", s)
    return f"f = {s}"
