"""The interface's language: Qt's translation system (.ts sources, compiled .qm files, QTranslator).

Conventions (scripts/translations.py extracts with pyside6-lupdate, which reads these calls):

- ``translate("Context", "English text")`` where the text is shown; Context is the class (or module)
  that shows it. Fields go through ``.format`` after translating:
  ``translate("MainWindow", "Saved {path}").format(path=path)``; a count uses Qt's plural form,
  ``translate("MainWindow", "%n run(s)", None, count)``.
- Text written at import time (module constants) is marked with
  ``QT_TRANSLATE_NOOP("Context", "text")`` and translated where it is shown.
- The registries' words (optimizer summaries and hyperparameters, presets, schedules) are translated
  where shown with :func:`tr_registry`; the core's error messages with :func:`tr_message`.
- Never translated: settings keys, object names, file formats and CSV headers, the command line's
  output (a contract other tools read), mathematical expressions.

The language comes from, in order: $GDEXPLORER_LANGUAGE, the "language" setting (View > Language),
the system's locale. English needs no translator; a language we have no .qm for falls back to it.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from gdexplorer.core import messages

ENGLISH = "en"
#: the languages of the interface, each named in itself (as a language menu shows them)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SYSTEM = "system"  # the setting's value that follows the system's locale
SETTING_KEY = "language"
ENV_VAR = "GDEXPLORER_LANGUAGE"
REGISTRY_CONTEXT = "registry"
QM_DIR = Path(__file__).resolve().parent.parent / "i18n"  # gdexplorer/i18n/<language>/*.qm

_installed: list[QTranslator] = []
_current = ENGLISH


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the interface's language (itself in English, or when it has no translation)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def tr_registry(text: str) -> str:
    """A registry's text (an optimizer's summary, a hyperparameter's description, a preset's label
    or description, a schedule's) in the interface's language."""
    return translate(REGISTRY_CONTEXT, text) if text else text


def tr_message(text) -> str:
    """An error or notice from the core (a :class:`~gdexplorer.core.messages.Message`, or an
    exception raised with one) in the interface's language; other text as it is."""
    return messages.render(text, translate)


def normalise(code: str | None) -> str | None:
    """A language code we have, from a setting or a locale name ("zh_CN.UTF-8", "zh-Hans", "en_GB"),
    or None for one we do not have."""
    if not code:
        return None
    code = code.strip().split(".")[0].replace("-", "_")
    if code in LANGUAGES:
        return code
    if code.lower().startswith("zh") and not code.lower().startswith(("zh_tw", "zh_hk", "zh_hant")):
        return "zh_CN"
    if code.lower().startswith("en") or code in ("C", "POSIX"):
        return ENGLISH
    return None


def preference(settings: QSettings | None) -> str:
    """What the user chose: a language code, or "system"."""
    if settings is None:
        return SYSTEM
    value = str(settings.value(SETTING_KEY, SYSTEM) or SYSTEM)
    return value if value == SYSTEM or value in LANGUAGES else SYSTEM


def resolve(settings: QSettings | None = None, system: QLocale | None = None) -> str:
    """The language to show: $GDEXPLORER_LANGUAGE, else the setting, else the system's, else English."""
    env = normalise(os.environ.get(ENV_VAR))
    if env is not None:
        return env
    chosen = preference(settings)
    if chosen != SYSTEM:
        return chosen
    locale = system if system is not None else QLocale.system()
    code = normalise(locale.name())
    if code is None and locale.language() == QLocale.Chinese:
        return ENGLISH  # traditional Chinese: not simplified, English rather
    for name in [locale.name(), *locale.uiLanguages()]:
        code = normalise(name)
        if code is not None:
            return code
    return ENGLISH


def qm_files(language: str) -> list[Path]:
    """Our compiled translations for ``language``, one .qm per area of the source."""
    folder = QM_DIR / language
    return sorted(folder.glob("*.qm")) if folder.is_dir() else []


def current() -> str:
    """The language the interface shows now."""
    return _current


def install(language: str) -> str:
    """Show the interface in ``language`` from now on (widgets made afterwards; an open window is
    remade, see ui/language.py). Returns the language installed: English when ``language`` has
    no translations here."""
    global _current
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    files = qm_files(language) if language != ENGLISH else []
    if not files:
        _current = ENGLISH
        return _current
    qt_dir = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    qt_base = QTranslator(app)  # Qt's own words: the file dialogs, the standard buttons
    if qt_base.load(f"qtbase_{language}", qt_dir) or qt_base.load(f"qtbase_{language}", str(QM_DIR)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    for path in files:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
    _current = language
    return _current
