"""Workspaces: what a user found, in a file they can keep and share.

A workspace is a JSON file::

    {"format": "gdexplorer-workspace", "version": 1, "minor": 1, "app": "0.1.0",
     "session": {...the session's state: the function, its ranges and runs...},
     "data": {...the Data mode, when it was used: shown or not, the data source, its runs...},
     "view": {...the window's view settings...}}

Minor 1 added the optional "data" object: a version-1 file without it opens (in the Function mode),
and a gdexplorer that reads only version 1 opens a minor-1 file's function and ignores its data.
A file of a newer *version* is refused.

- :func:`save` writes a temporary file beside the target and renames it over the target (atomic:
  a crash or a full disk never leaves half a workspace where the old one was).
- :func:`load` reads and checks a file and raises :class:`WorkspaceError` saying what is wrong and
  where (not JSON, with the line and column; truncated; another program's file; a newer
  gdexplorer's); nothing is applied until the whole file has been read and checked.
- :class:`RecentFiles` keeps the last files opened or saved (QSettings).
- :class:`Autosave` writes the workspace every few seconds while there are unsaved changes, to a
  file of its own with the writer's process id; at the next start, :func:`recovery_candidate`
  finds an autosave whose process is gone (a crash, a kill) so the window can offer to recover it.
  A clean exit removes the autosave.
"""
from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSettings, QStandardPaths, QTimer, Signal

from gdexplorer import __version__
from gdexplorer.app.i18n import translate

FORMAT = "gdexplorer-workspace"
VERSION = 1
MINOR = 1  # 1: the optional "data" object (the Data mode)
SUFFIX = ".gdx.json"
MAX_BYTES = 50 * 1024 * 1024  # a workspace is settings, not data: anything larger is not one
RECENT_KEY = "workspace/recent"
RECENT_MAX = 10


class WorkspaceError(ValueError):
    """A workspace file that cannot be used; the message says what and where (in the interface's
    language: the window shows it)."""


#: Python's words for the usual JSON mistakes, translated where shown (others stay as Python says them)
JSON_PROBLEMS = {
    "Expecting value": QT_TRANSLATE_NOOP("Workspace", "Expecting value"),
    "Expecting property name enclosed in double quotes": QT_TRANSLATE_NOOP(
        "Workspace", "Expecting property name enclosed in double quotes"),
    "Expecting ',' delimiter": QT_TRANSLATE_NOOP("Workspace", "Expecting ',' delimiter"),
    "Expecting ':' delimiter": QT_TRANSLATE_NOOP("Workspace", "Expecting ':' delimiter"),
    "Extra data": QT_TRANSLATE_NOOP("Workspace", "Extra data"),
    "Invalid control character at": QT_TRANSLATE_NOOP("Workspace", "Invalid control character at"),
}
#: the system's words for the usual reasons a file cannot be read or written
OS_PROBLEMS = {
    errno.ENOENT: QT_TRANSLATE_NOOP("Workspace", "No such file or directory"),
    errno.EACCES: QT_TRANSLATE_NOOP("Workspace", "Permission denied"),
    errno.ENOSPC: QT_TRANSLATE_NOOP("Workspace", "No space left on device"),
    errno.EROFS: QT_TRANSLATE_NOOP("Workspace", "Read-only file system"),
}


def _os_reason(exc: OSError) -> str:
    known = OS_PROBLEMS.get(exc.errno)
    if known is not None and exc.strerror == known:
        return translate("Workspace", known)
    return exc.strerror or str(exc)


@dataclass(frozen=True)
class Workspace:
    session: dict
    view: dict
    app: str = __version__
    data: dict | None = None  # the Data mode's state (app/data_mode.py), None when it was never used

    def to_json(self) -> str:
        content = {"format": FORMAT, "version": VERSION, "minor": MINOR, "app": self.app, "session": self.session}
        if self.data is not None:
            content["data"] = self.data
        content["view"] = self.view
        return json.dumps(content, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def parse(text: str, name: str | None = None) -> Workspace:
    """The workspace in ``text``; WorkspaceError naming ``name`` (a file's) and the problem."""
    if name is None:
        name = translate("Workspace", "the workspace")
    if not text.strip():
        raise WorkspaceError(translate("Workspace", "{name} is empty").format(name=name))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            end = text.rstrip()
            line = end.count("\n") + 1
            raise WorkspaceError(translate("Workspace", "{name} is cut short (truncated at line {line}, column "
                                                        "{column})").format(name=name, line=line,
                                                                             column=len(end) - end.rfind(chr(10)))
                                 ) from None
        problem = translate("Workspace", JSON_PROBLEMS[exc.msg]) if exc.msg in JSON_PROBLEMS else exc.msg
        raise WorkspaceError(translate("Workspace", "{name} is not valid JSON: {problem} (line {line}, column "
                                                    "{column})").format(name=name, problem=problem, line=exc.lineno,
                                                                         column=exc.colno)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkspaceError(translate("Workspace", "{name} is not a gdexplorer workspace (no \"format\": "
                                                    "\"{format}\")").format(name=name, format=FORMAT))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkspaceError(translate("Workspace", "{name} has no readable version ({version})").format(
            name=name, version=repr(version)))
    if version > VERSION:
        raise WorkspaceError(translate("Workspace", "{name} was saved by a newer gdexplorer ({app}, workspace version "
                                                    "{version}; this one reads version {known}): update gdexplorer to "
                                                    "open it").format(name=name, app=data.get("app", "?"),
                                                                      version=version, known=VERSION))
    session, view = data.get("session"), data.get("view", {})
    if not isinstance(session, dict):
        raise WorkspaceError(translate("Workspace", "{name} has no session (the function and the runs)").format(
            name=name))
    for key, value in (("view", view), ("data", data.get("data"))):
        if value is not None and not isinstance(value, dict):
            raise WorkspaceError(translate("Workspace", "{name}: \"{key}\" should be an object, got {kind}").format(
                name=name, key=key, kind=type(value).__name__))
    saved_data = data.get("data")
    return Workspace(session, view, str(data.get("app", "")), saved_data)


def load(path: str | os.PathLike) -> Workspace:
    """Read and check the workspace at ``path`` (WorkspaceError otherwise; nothing else happens)."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise WorkspaceError(translate("Workspace", "{name} is {size:.0f} MiB: too large to be a workspace").format(
                name=name, size=size / 2**20))
        raw = p.read_bytes()
    except WorkspaceError:
        raise
    except IsADirectoryError:
        raise WorkspaceError(translate("Workspace", "{name} is a folder, not a workspace file").format(name=name)
                             ) from None
    except OSError as exc:
        raise WorkspaceError(translate("Workspace", "cannot read {name}: {reason}").format(
            name=name, reason=_os_reason(exc))) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(translate("Workspace", "{name} is not a text file (byte {byte} is not UTF-8)").format(
            name=name, byte=exc.start)) from None
    return parse(text, name)


def save(path: str | os.PathLike, workspace: Workspace) -> None:
    """Write ``workspace`` to ``path`` atomically (a temporary file renamed over it). Raises
    WorkspaceError (with the reason) and leaves an existing file untouched when it cannot."""
    p = Path(path)
    try:
        text = workspace.to_json()
    except ValueError as exc:  # a NaN or infinity somewhere: JSON has none
        raise WorkspaceError(translate("Workspace", "the workspace has a value JSON cannot hold ({reason})").format(
            reason=exc)) from None
    directory = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise WorkspaceError(translate("Workspace", "{name} is a folder").format(name=p.name))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".gdexplorer-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WorkspaceError(translate("Workspace", "cannot write in {folder}: {reason}").format(
            folder=directory, reason=_os_reason(exc))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WorkspaceError(translate("Workspace", "cannot write {name}: {reason}").format(
            name=p.name, reason=_os_reason(exc))) from None


class RecentFiles:
    """The most recent workspace files, newest first, kept in QSettings."""

    def __init__(self, settings: QSettings, limit: int = RECENT_MAX):
        self.settings, self.limit = settings, limit

    def paths(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(v) for v in (value or []) if str(v)]

    def add(self, path: str | os.PathLike) -> None:
        path = os.path.abspath(path)
        self.settings.setValue(RECENT_KEY, ([path] + [p for p in self.paths() if p != path])[: self.limit])

    def remove(self, path: str | os.PathLike) -> None:
        path = os.path.abspath(path)
        self.settings.setValue(RECENT_KEY, [p for p in self.paths() if p != path])

    def existing(self) -> list[str]:
        return [p for p in self.paths() if os.path.isfile(p)]


# ---------------------------------------------------------------------------------------------
# autosave and recovery
# ---------------------------------------------------------------------------------------------
def autosave_dir() -> Path:
    """Where autosaves go: $GDEXPLORER_STATE_DIR/autosave, else ~/.local/share/gdexplorer/autosave."""
    override = os.environ.get("GDEXPLORER_STATE_DIR")
    base = Path(override) if override else Path(
        QStandardPaths.writableLocation(QStandardPaths.GenericDataLocation)) / "gdexplorer"
    return base / "autosave"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process with that number
        return True
    return True


@dataclass(frozen=True)
class Recovery:
    path: Path  # the autosave file
    workspace: Workspace
    saved_at: float  # its modification time
    source: str  # the workspace file it was editing ("" for an unsaved one)


def recovery_candidate(directory: Path | None = None) -> Recovery | None:
    """The newest autosave left by a process that is gone (a crash or a kill), if it can be read.
    Unreadable leftovers are removed."""
    directory = directory or autosave_dir()
    found = []
    for f in sorted(directory.glob("autosave-*.json")) if directory.is_dir() else []:
        try:
            pid = int(f.stem.split("-")[1])
        except (IndexError, ValueError):
            continue
        if _alive(pid):
            continue
        try:
            ws = load(f)
        except WorkspaceError:
            f.unlink(missing_ok=True)
            continue
        found.append(Recovery(f, ws, f.stat().st_mtime, str(ws.view.get("source_file", ""))))
    return max(found, key=lambda r: r.saved_at) if found else None


def discard_recovery(recovery: Recovery) -> None:
    recovery.path.unlink(missing_ok=True)


class Autosave(QObject):
    """Writes ``snapshot()`` every ``interval_ms`` while :meth:`mark_dirty` says something changed."""

    saved = Signal(str)  # the autosave file
    failed = Signal(str)  # why it could not be written (the window says so once)

    def __init__(self, snapshot: Callable[[], Workspace], interval_ms: int = 5000, directory: Path | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.snapshot = snapshot
        self.directory = directory or autosave_dir()
        self.path = self.directory / f"autosave-{os.getpid()}.json"
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def mark_dirty(self) -> None:
        self.dirty = True

    def save_now(self) -> bool:
        if not self.dirty:
            return False
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            save(self.path, self.snapshot())
        except (WorkspaceError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.dirty = False
        self.saved.emit(str(self.path))
        return True

    def stop(self, keep: bool = False) -> None:
        """A clean exit: stop, and remove the autosave (unless ``keep``)."""
        self.timer.stop()
        if not keep:
            self.path.unlink(missing_ok=True)
