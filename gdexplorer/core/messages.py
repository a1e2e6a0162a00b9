"""Messages the core writes in English that the window can show in the user's language.

The core has no Qt: an error is raised with ``message(template, **fields)``, a ``str`` (so the CLI,
logs and every ``str(exc)`` read the English text as before) that also keeps its template and
fields. The window translates the template (Qt context ``"core"``) and fills in the same fields
(:func:`gdexplorer.app.i18n.tr_message`). ``scripts/translations.py`` finds every
``message("…")`` template in gdexplorer/core for the translators.
"""
from __future__ import annotations

from typing import Any

CONTEXT = "core"  # the Qt translation context of every core message


class Message(str):
    """An English message that remembers how it was made: ``template.format(**fields)``."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, fields: dict[str, Any]):
        self = super().__new__(cls, template.format(**fields) if fields else template)
        self.template = template
        self.fields = fields
        return self

    def __reduce__(self):  # a Message crosses process boundaries (the batch workers) intact
        return (Message, (self.template, self.fields))


def message(template: str, **fields: Any) -> Message:
    """The message ``template`` (a str.format template, a literal string) filled with ``fields``."""
    return Message(template, fields)


def render(text: Any, translate_template) -> str:
    """``text`` in another language: a :class:`Message` has its template translated with
    ``translate_template(CONTEXT, template)`` and its fields filled in; a Message inside an
    exception's first argument likewise; anything else is returned as ``str(text)``."""
    if isinstance(text, BaseException):
        text = text.args[0] if len(text.args) == 1 and isinstance(text.args[0], str) else str(text)
    if isinstance(text, Message):
        translated = translate_template(CONTEXT, text.template)
        try:
            return translated.format(**text.fields) if text.fields else translated
        except (KeyError, IndexError, ValueError):  # a translation that lost a field: the English text
            return str.__str__(text)
    return str(text)
