#!/usr/bin/env python3
"""The interface's translations: Qt .ts sources in translations/<lang>/, compiled .qm files in
gdexplorer/i18n/<lang>/ (shipped with the package and loaded by gdexplorer/app/i18n.py).

The source is split in areas, one .ts and one .qm each (so that work on one area never touches
another's files); the app loads every .qm of its language.

    python scripts/translations.py update [AREA...]    pyside6-lupdate: new strings in, removed ones out
    python scripts/translations.py todo AREA           the untranslated strings, as JSON
    python scripts/translations.py fill AREA FILE.json translations from {context: {source: text}}
    python scripts/translations.py release [AREA...]   pyside6-lrelease: .ts -> .qm
    python scripts/translations.py check               exit 1, listing what is out of date or missing

Area "core" is made from the registries (optimizers, presets, schedules: context "registry") and
the core's ``message("…")`` templates (context "core"), which lupdate cannot see in the code.
"""
from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "gdexplorer"
LANGUAGES = ("zh_CN",)
TS_DIR = ROOT / "translations"
QM_DIR = PKG / "i18n"

#: every source file that shows text, by area (tests/ui/test_i18n.py checks that each file of
#: gdexplorer/ui, gdexplorer/app and gdexplorer/scene is in exactly one area; the scene's files,
#: without Qt, contribute their message() templates)
AREAS: dict[str, list[str]] = {
    "window": ["ui/main_window.py", "ui/help.py", "ui/export_dialogs.py",
               "ui/view_image.py", "ui/run_controls.py", "ui/theme.py", "ui/throttle.py", "ui/language.py",
               "app/explorer.py", "app/session.py", "app/runs.py", "app/recorder.py", "scene/video.py", "scene/gif.py",
               "app/undo.py", "app/compute.py", "app/jobs.py", "app/player.py", "app/demo.py", "app/i18n.py",
               "ui/__init__.py", "app/__init__.py"],
    "panels": ["ui/function_panel.py", "ui/start_panel.py", "ui/optimizer_panel.py", "ui/runs_panel.py",
               "ui/inspector.py", "ui/curves_view.py", "ui/map_view.py", "ui/surface_view.py", "ui/colour_bar.py",
               "ui/views/__init__.py", "ui/views/curve1d.py", "ui/views/slope1d.py", "ui/views/map2d.py",
               "ui/views/minima.py", "ui/views/runs_plot.py", "ui/views/surface3d.py", "ui/views/dock.py",
               "scene/curve_scale.py", "scene/contours.py", "scene/gradient_field.py", "scene/landscape.py",
               "scene/formula.py", "scene/decimate.py", "scene/export.py", "scene/__init__.py"],
    "lab": ["ui/sweep_panel.py", "ui/graph_panel.py", "ui/hessian_panel.py", "ui/basin_panel.py",
            "ui/explain_panel.py", "ui/views/critical.py", "ui/views/glyphs.py", "ui/views/basin_overlay.py",
            "scene/glyphs.py", "scene/sweep_plot.py", "scene/basin_overlay.py", "scene/graph_layout.py"],
    "data": ["ui/data_mode.py", "ui/data_panel.py", "ui/views/data_scatter.py", "ui/views/epoch_curves.py",
             "ui/views/batch_gradients.py", "app/data_mode.py",
             "app/workspace.py", "ui/workspace_menu.py"],
    "core": [],  # generated: the registries and the core's messages
}


def tool(name: str) -> str:
    here = Path(sys.executable).parent / f"pyside6-{name}"
    return str(here) if here.exists() else shutil.which(f"pyside6-{name}") or f"pyside6-{name}"


def ts_path(area: str, language: str) -> Path:
    return TS_DIR / language / f"{area}.ts"


def qm_path(area: str, language: str) -> Path:
    return QM_DIR / language / f"{area}.qm"


def core_strings() -> list[tuple[str, str]]:
    """(context, text) of the registries' words and of every core message template."""
    sys.path.insert(0, str(ROOT))
    from gdexplorer.core.optimizers import OPTIMIZERS
    from gdexplorer.core.presets import PRESETS
    from gdexplorer.core.schedules import KINDS

    out: list[tuple[str, str]] = []
    for spec in OPTIMIZERS.values():
        out += [("registry", spec.label), ("registry", spec.summary), ("registry", spec.formula)]
        out += [("registry", h.description) for h in spec.hyperparameters]
        out += [("registry", s.meaning) for s in spec.rule.state]
    for preset in PRESETS.values():
        out += [("registry", preset.label), ("registry", preset.description)]
    out += [("registry", kind.summary) for kind in KINDS.values()]
    out += message_templates(sorted((PKG / "core").rglob("*.py")))
    return _unique(out)


def message_templates(paths) -> list[tuple[str, str]]:
    """("core", template) of every ``message("template", ...)`` call in ``paths`` (gdexplorer.core.messages:
    text made without Qt, in the core and the scene, that the window translates)."""
    out = []
    for path in paths:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "message"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                out.append(("core", node.args[0].value))
    return out


def _unique(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, unique = set(), []
    for item in items:
        if item[1] and item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def _sources(area: str, scratch: Path) -> list[str]:
    """lupdate's inputs for ``area``: its Qt files as they are; for its files without Qt (the scene's)
    and for the core area, a stub of QT_TRANSLATE_NOOP lines made from their message() templates."""
    files = [PKG / f for f in AREAS[area] if (PKG / f).exists()]
    qt_files = [str(f) for f in files if not f.relative_to(PKG).parts[0] in ("core", "scene")]
    strings = core_strings() if area == "core" else _unique(
        message_templates([f for f in files if f.relative_to(PKG).parts[0] in ("core", "scene")]))
    if not strings:
        return qt_files
    stub = scratch / f"{area}_strings.py"
    lines = ["from PySide6.QtCore import QT_TRANSLATE_NOOP"]
    lines += [f"QT_TRANSLATE_NOOP({json.dumps(c)}, {json.dumps(t, ensure_ascii=False)})" for c, t in strings]
    stub.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return qt_files + [str(stub)]


def lupdate(area: str, language: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        sources = _sources(area, Path(scratch))
        target.parent.mkdir(parents=True, exist_ok=True)
        if not sources:  # nothing to translate yet: an empty .ts
            if not target.exists():
                target.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                                  f'<TS version="2.1" language="{language}" sourcelanguage="en"></TS>\n',
                                  encoding="utf-8")
            return
        subprocess.run([tool("lupdate"), *sources, "-ts", str(target), "-no-obsolete", "-locations", "none",
                        "-target-language", language, "-silent"], check=True)


def update(areas: list[str]) -> None:
    for language in LANGUAGES:
        for area in areas:
            lupdate(area, language, ts_path(area, language))
            print(f"updated {ts_path(area, language).relative_to(ROOT)}")


def release(areas: list[str], language: str = "zh_CN", into: Path | None = None) -> list[Path]:
    made = []
    for area in areas:
        out = (into / f"{area}.qm") if into else qm_path(area, language)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool("lrelease"), str(ts_path(area, language)), "-qm", str(out), "-silent", "-nounfinished"],
                       check=True)
        made.append(out)
    return made


def _messages(path: Path) -> dict[tuple[str, str, bool], ET.Element]:
    tree = ET.parse(path)
    out = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for msg in context.iter("message"):
            out[(name, msg.findtext("source") or "", msg.get("numerus") == "yes")] = msg
    return out


def _translation_text(msg: ET.Element) -> list[str]:
    tr = msg.find("translation")
    if tr is None:
        return []
    forms = tr.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [tr.text or ""]


def todo(area: str, language: str = "zh_CN") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for (context, source, _), msg in _messages(ts_path(area, language)).items():
        tr = msg.find("translation")
        if tr is not None and (tr.get("type") == "unfinished" or not any(t.strip() for t in _translation_text(msg))):
            out.setdefault(context, []).append(source)
    return out


def _write(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def fill(area: str, table: dict[str, dict[str, str]], language: str = "zh_CN") -> int:
    """Put ``table``'s translations into the area's .ts (marked finished); returns how many."""
    path = ts_path(area, language)
    tree = ET.parse(path)
    count = 0
    for context in tree.getroot().iter("context"):
        texts = table.get(context.findtext("name") or "", {})
        for msg in context.iter("message"):
            text = texts.get(msg.findtext("source") or "")
            if text is None:
                continue
            tr = msg.find("translation")
            tr.attrib.pop("type", None)
            forms = tr.findall("numerusform")
            if msg.get("numerus") == "yes":
                for f in forms:
                    tr.remove(f)
                ET.SubElement(tr, "numerusform").text = text
            else:
                tr.text = text
            count += 1
    _write(tree, path)
    return count


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def check() -> list[str]:
    """What is wrong with the translations, one line each (empty when all is well)."""
    problems: list[str] = []
    listed = [f for files in AREAS.values() for f in files]
    for rel in sorted(str(p.relative_to(PKG)) for d in ("ui", "app", "scene") for p in (PKG / d).rglob("*.py")):
        n = listed.count(rel)
        if n != 1:
            problems.append(f"{rel}: in {n} areas of scripts/translations.py (must be in exactly one)")
    for language in LANGUAGES:
        for area in AREAS:
            path = ts_path(area, language)
            if not path.exists():
                problems.append(f"{path.relative_to(ROOT)}: missing (run: scripts/translations.py update {area})")
                continue
            committed = _messages(path)
            with tempfile.TemporaryDirectory() as scratch:
                fresh_path = Path(scratch) / "fresh.ts"
                shutil.copy(path, fresh_path)
                lupdate(area, language, fresh_path)
                fresh = _messages(fresh_path)
                for key in sorted(set(fresh) - set(committed)):
                    problems.append(f"{area}: new string not in the .ts (run update): {key[0]}: {key[1]!r}")
                for key in sorted(set(committed) - set(fresh)):
                    problems.append(f"{area}: string no longer in the source (run update): {key[0]}: {key[1]!r}")
                for key, msg in committed.items():
                    texts = _translation_text(msg)
                    tr = msg.find("translation")
                    if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(
                            t.strip() for t in texts) or not texts:
                        problems.append(f"{area}: untranslated: {key[0]}: {key[1]!r}")
                        continue
                    for text in texts:
                        if _placeholders(text) != _placeholders(key[1]):
                            problems.append(f"{area}: placeholders differ: {key[0]}: {key[1]!r} -> {text!r}")
                qm = qm_path(area, language)
                built = release([area], language, into=Path(scratch))[0]
                if not qm.exists() or qm.read_bytes() != built.read_bytes():
                    problems.append(f"{qm.relative_to(ROOT)}: not built from the .ts (run: scripts/translations.py "
                                    f"release {area})")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    areas = rest or list(AREAS)
    unknown = [a for a in (rest if command in ("update", "release") else rest[:1]) if a not in AREAS]
    if unknown and command != "check":
        print(f"error: unknown area {unknown[0]!r} (areas: {', '.join(AREAS)})", file=sys.stderr)
        return 2
    if command == "update":
        update(areas)
    elif command == "release":
        for path in release(areas):
            print(f"built {path.relative_to(ROOT)}")
    elif command == "todo":
        print(json.dumps(todo(rest[0]), ensure_ascii=False, indent=1))
    elif command == "fill":
        table = json.loads(Path(rest[1]).read_text(encoding="utf-8"))
        print(f"filled {fill(rest[0], table)} translations")
    elif command == "check":
        problems = check()
        print("\n".join(problems) or "translations: all up to date and complete")
        return 1 if problems else 0
    else:
        print(f"error: unknown command {command!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
