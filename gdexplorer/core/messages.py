"""Messages the core writes in English that the window can show in the user's language.

The core has no Qt: an error is raised with ``message(template, **fields)``, a ``str`` (so the CLI,
logs and every ``str(exc)`` read the English text as before) that also keeps its template and
fields. The window translates the template (Qt context ``"core"``) and fills in the same fields
(:func:`gdexplorer.app.i18n.tr_message`). ``scripts/translations.py`` finds every
``message("…")`` template in gdexplorer/core for the translators.

Conventions:

- Fields are named, so a translation may put them in another order; a field's format spec or
  conversion stays in the template (``{value:g}``, ``{value!r}``) and the translation keeps it.
- A field holds what the user typed or a number or name; words that need translating belong in
  the template. A part worded on its own (a schedule's "schedule part 2 'foo'", a hint) is a
  Message of its own passed as a field: :func:`render` translates it too.
- Re-raising another exception's message: ``raise RunError(reason(exc))`` keeps the Message
  (``str(exc)`` would make a plain str of it, and a KeyError's str is quoted).
"""
from __future__ import annotations

import string
from typing import Any, Callable

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


def field_names(template: str) -> set[str]:
    """The names of the fields ``template`` formats (``{value:g}`` -> "value")."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(name.split(".")[0].split("[")[0])
    return names


def reason(exc: BaseException) -> str:
    """What ``exc`` says, to raise again as another exception's message: the Message it was raised
    with (its template kept), else its text; a KeyError's message without the quotes its str adds."""
    arg = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else None
    if isinstance(arg, Message) or (arg is not None and isinstance(exc, KeyError)):
        return arg
    return str(exc)


def of(text: Any) -> Any:
    """The Message ``text`` carries: itself, or an exception's (its only argument); else ``text``."""
    if isinstance(text, BaseException):
        arg = text.args[0] if len(text.args) == 1 and isinstance(text.args[0], str) else None
        return arg if arg is not None else str(text)
    return text


def render(text: Any, translate_template: Callable[[str, str], str]) -> str:
    """``text`` in another language: a :class:`Message` has its template translated with
    ``translate_template(CONTEXT, template)`` and its fields filled in (fields that are Messages
    themselves translated likewise); an exception raised with a Message likewise; anything else is
    returned as ``str(text)`` (an exception: its message, without a KeyError's quotes). A
    translation that lost or invented a field, or cannot be formatted, gives the English text."""
    text = of(text)
    if not isinstance(text, Message):
        return str(text)
    translated = translate_template(CONTEXT, text.template) or text.template
    if not text.fields:
        return translated
    fields = {k: render(v, translate_template) if isinstance(v, Message) else v for k, v in text.fields.items()}
    try:
        if field_names(translated) != field_names(text.template):
            return str.__str__(text)
        return translated.format(**fields)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return str.__str__(text)
