"""Find English left in a widget tree shown in another language (tests/ui/test_i18n.py and the
panels' own language tests).

:func:`visible_texts` collects what a user can read: menu titles and entries, labels, buttons, group
boxes, tabs, dock titles, combo entries, placeholders, tooltips, table headers, spin-box affixes,
progress formats and the plots' titles, axis labels, legends and text items.
:func:`untranslated` keeps those with an English word that is not a name (ALLOWED: proper names,
abbreviations, identifiers a user types such as parameter and function names, key names).
"""
from __future__ import annotations

import html
import re

import pyqtgraph as pg
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QMenu, QMenuBar,
    QProgressBar, QTabBar, QTableWidget, QTreeWidget, QWidget,
)

from gdexplorer.core.optimizers import OPTIMIZERS

#: words that stay as they are in any language: names of people, functions and methods, optimizers,
#: file formats, libraries; identifiers typed into fields (parameters, functions); units and variable
#: names. (Key names and schedule kinds are words: they pass only where written as such, below.)
ALLOWED = set("""
gdexplorer English xy Adam AdamW AMSGrad NAdam RAdam AdaGrad Adagrad RMSProp RMSprop Adadelta AdaDelta Lion QHM QHAdam
Nesterov SGD GD Newton Rosenbrock Himmelblau Beale Booth Rastrigin Ackley Matyas McCormick Goldstein Price
Styblinski Tang Levi Camel Hessian Jacobian Lipschitz Armijo Polyak Cauchy Gauss Gaussian Euler Taylor
Xavier Kaiming Glorot Cholesky Heaviside ReLU ELU GELU SiLU softplus sigmoid tanh logistic
CSV PNG GIF MP4 JSON SVG PDF HTML UTF ffmpeg imageio PyTorch torch optim nn utils clip_grad_norm_ lr_scheduler
StepLR ExponentialLR CosineAnnealingLR LinearLR LambdaLR SequentialLR Numba numba numpy NumPy Qt PySide PySide6
pyqtgraph OpenGL Mesa GPL LGPL MIT BSD Debian GitHub Linux Xvfb
lr eps beta beta1 beta2 gamma alpha rho mu nu nu1 nu2 lambda dampening nesterov weight_decay amsgrad
maximize centered initial_accumulator_value lr_decay step_size total_iters start_factor end_factor T_max
eta_min invsqrt decoupled_weight_decay foreach
exp log ln sqrt cbrt abs sin cos tan asin acos atan atan2 sinh cosh tanh sign min max pow hypot pi inf nan
NaN Inf
px fps dpi Hz ms GiB MiB KiB
""".split())
ALLOWED |= set(OPTIMIZERS)  # the optimizers' command-line names (gd, adam, …) label runs and sweeps
#: key names: allowed only as a shortcut is written (Ctrl+Shift+Z, or a key alone in brackets: "（Space）")
KEYS = "Space|Esc|Escape|Tab|Del|Delete|Backspace|Enter|Return|Home|End|PgUp|PgDown|PageUp|PageDown|Left|Right|Up|Down|Ins|Insert"
SHORTCUT = re.compile(rf"\b(?:Ctrl|Shift|Alt|Meta)(?:\+(?:Ctrl|Shift|Alt|Meta|{KEYS}|F\d+|[A-Za-z0-9]))+\b|(?<=[（(])\s*(?:{KEYS}|F\d+)\s*(?=[)）])")
#: a schedule written as typed: its kind before the colon (step:step_size=30, cosine:T_max=100),
#: or the list of kinds an error offers
_KINDS = "step|exponential|cosine|linear|invsqrt"
SCHEDULE_KIND = re.compile(rf"\b(?:{_KINDS})(?=:)|\b(?:{_KINDS})(?:\s*,\s*(?:{_KINDS}))+\b")  # or their list
WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]*")
TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return html.unescape(TAG.sub(" ", text or ""))


def english_words(text: str, allowed: set[str] = ALLOWED) -> list[str]:
    """The words of ``text`` (HTML stripped) that are English words rather than names: two or more
    letters, not in ``allowed``, and not an identifier with a digit or underscore (x0, w_1)."""
    words = []
    for word in WORD.findall(SCHEDULE_KIND.sub(" ", SHORTCUT.sub(" ", _plain(text)))):
        if len(word) < 2 or word in allowed or any(c.isdigit() or c == "_" for c in word):
            continue
        words.append(word)
    return words


def _bare(text: str) -> str:
    return text.replace("&", "").replace("…", "").replace("...", "").strip()


def _menu_texts(menu: QMenu, where: str):
    yield where, menu.title()
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), f"{where} > {action.menu().title()}")
        else:
            yield f"{where} > {action.text()}", action.text()
            if action.toolTip() and _bare(action.toolTip()) != _bare(action.text()):  # not Qt's default tip
                yield f"{where} > {action.text()} (tooltip)", action.toolTip()
            yield f"{where} > {action.text()} (status tip)", action.statusTip()


def _plot_texts(widget: pg.PlotWidget, where: str):
    item = widget.getPlotItem()
    yield f"{where} title", item.titleLabel.text
    for name, axis in item.axes.items():
        yield f"{where} {name} axis", axis["item"].labelText
    if item.legend is not None:
        for _, label in item.legend.items:
            yield f"{where} legend", label.text
    for child in item.vb.allChildren():
        if isinstance(child, pg.TextItem):
            yield f"{where} text item", child.toPlainText()


def visible_texts(root: QWidget):
    """(where, text) for every text a user can read in ``root`` and its children."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}({w.objectName() or ''})"
        if w.isWindow():
            yield f"{name} window title", w.windowTitle()
        if w.toolTip():
            yield f"{name} tooltip", w.toolTip()
        if isinstance(w, QMenuBar):
            for action in w.actions():
                if action.menu() is not None:
                    yield from _menu_texts(action.menu(), action.menu().title())
        elif isinstance(w, QMenu) and w.parent() is not None and not isinstance(w.parent(), (QMenu, QMenuBar)):
            yield from _menu_texts(w, name)  # context and button menus
        elif isinstance(w, QLabel):
            yield name, w.text()
        elif isinstance(w, QAbstractButton):
            yield name, w.text()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QDockWidget):
            yield f"dock {name}", w.windowTitle()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield f"{name} tab", w.tabText(i)
                yield f"{name} tab tooltip", w.tabToolTip(i)
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{name} item", w.itemText(i)
                tip = w.itemData(i, 3)  # Qt.ToolTipRole
                if isinstance(tip, str):
                    yield f"{name} item tooltip", tip
        elif isinstance(w, QLineEdit):
            yield f"{name} placeholder", w.placeholderText()
        elif isinstance(w, QAbstractSpinBox):
            yield f"{name} special value", w.specialValueText()
            for affix in ("prefix", "suffix"):
                if hasattr(w, affix):
                    yield f"{name} {affix}", getattr(w, affix)()
        elif isinstance(w, QProgressBar):
            yield f"{name} format", w.format()
        elif isinstance(w, (QTableWidget, QTreeWidget)):
            header = w.headerItem() if isinstance(w, QTreeWidget) else None
            if header is not None:
                for c in range(header.columnCount()):
                    yield f"{name} header", header.text(c)
            if isinstance(w, QTableWidget):
                for c in range(w.columnCount()):
                    item = w.horizontalHeaderItem(c)
                    if item is not None:
                        yield f"{name} header", item.text()
        if isinstance(w, pg.PlotWidget):
            yield from _plot_texts(w, name)


def untranslated(root: QWidget, allowed: set[str] = ALLOWED) -> list[str]:
    """'where: text [words]' for each text in ``root`` with English words left in it."""
    found = []
    for where, text in visible_texts(root):
        if not text:
            continue
        words = english_words(text, allowed)
        if words:
            found.append(f"{where}: {text!r} {words}")
    return sorted(set(found))
