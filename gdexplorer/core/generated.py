"""Generated kernel modules: Numba source written as real files in the user's cache directory.

Numba's ``cache=True`` needs a function's source file: code exec'd from a string cannot be cached, and
a kernel that takes another jitted function as an argument misses the disk cache in every new
process. So the kernels built from data (the optimizer engine from the registry, a specialized
kernel from an expression's tape) are written as modules named by the hash of their content and
imported like any module. A file is written once and never rewritten (Numba keys its cache on the
file's modification time), and a change of content gives a new file, so stale machine code cannot
be loaded. :func:`fingerprint` hashes the code of the jitted functions a generated module calls, so
that a change in them changes the generated text too (it works frozen, where there is no source).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from types import CodeType, ModuleType

from gdexplorer import __version__


def cache_dir() -> Path:
    """Where generated kernels live: ``$GDEXPLORER_CACHE_DIR``, else ``<XDG cache>/gdexplorer/kernels-VERSION``.
    (No Numba import here: the frozen app's runtime hook reads it before Numba's config is loaded.)"""
    base = os.environ.get("GDEXPLORER_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "gdexplorer" / f"kernels-{__version__}"


def import_source(prefix: str, source: str) -> ModuleType:
    """Write ``source`` as ``<cache dir>/<prefix>_<hash>.py`` (atomically, once) and import it as
    ``gdexplorer_<prefix>_<hash>``; returns the module (the same object on later calls)."""
    digest = hashlib.sha1(source.encode()).hexdigest()[:16]
    name = f"gdexplorer_{prefix}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{prefix}_{digest}.py"
    if not path.exists() or path.read_text(encoding="utf-8") != source:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(source, encoding="utf-8")
        os.replace(tmp, path)  # keep the file's mtime stable once written: numba's cache keys on it
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _code_bytes(code: CodeType) -> bytes:
    """The parts of a code object that decide what it computes, as bytes that are the same in every
    process. (marshal.dumps is not: it marks objects referenced more than once, so its output
    depends on reference counts, which differ between processes.)"""
    parts = [code.co_code, repr((code.co_argcount, code.co_kwonlyargcount, code.co_names, code.co_varnames,
                                  code.co_freevars, code.co_cellvars)).encode()]
    parts += [_constant_bytes(const) for const in code.co_consts]
    return b"\x00".join(parts)


def _constant_bytes(const) -> bytes:
    if isinstance(const, CodeType):
        return _code_bytes(const)
    if isinstance(const, (frozenset, set)):  # its repr's order follows the string hash seed
        return b"{" + b",".join(sorted(_constant_bytes(c) for c in const)) + b"}"
    if isinstance(const, tuple):
        return b"(" + b",".join(_constant_bytes(c) for c in const) + b")"
    return repr(const).encode()


def _names(code: CodeType):
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _names(const)


def fingerprint(functions) -> str:
    """A hash of the byte code of ``functions`` (jitted or plain) and of everything they call: the
    jitted functions and the number constants they read as globals, followed transitively."""
    from numba.core.dispatcher import Dispatcher

    h = hashlib.sha1()
    seen: set[int] = set()

    def visit(fn) -> None:
        py = getattr(fn, "py_func", fn)
        if id(py) in seen:
            return
        seen.add(id(py))
        h.update(_code_bytes(py.__code__))
        names = sorted(set(_names(py.__code__)))
        for name in names:
            value = py.__globals__.get(name)
            if isinstance(value, ModuleType) and value.__name__.startswith("gdexplorer"):
                for attr in names:  # module.attribute: the attribute's name is in co_names too
                    include(f"{name}.{attr}", getattr(value, attr, None))
            else:
                include(name, value)

    def include(name: str, value) -> None:
        if isinstance(value, Dispatcher):
            visit(value)
        elif isinstance(value, (bool, int, float, str)):
            h.update(f"{name}={value!r};".encode())

    for fn in functions:
        visit(fn)
    return h.hexdigest()[:16]
