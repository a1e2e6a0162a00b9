"""The Help menu's dialogs: About (what this is, its version and the libraries it runs on) and the
keyboard shortcuts, read from the window's own actions so the list cannot drift from the keys."""
from __future__ import annotations

import importlib
from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from gdexplorer._version import __version__
from gdexplorer.app.i18n import translate

#: the libraries named in the About box: (distribution, module) — the module is the fallback when
#: the distribution's metadata is missing, as in a frozen bundle
LIBRARIES = (("PySide6", "PySide6"), ("pyqtgraph", "pyqtgraph"), ("numba", "numba"), ("numpy", "numpy"))


def library_version(distribution: str, module: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return str(getattr(importlib.import_module(module), "__version__", translate("AboutDialog", "unknown")))


def about_text() -> str:
    libraries = "".join(f"<li>{name} {library_version(name, module)}</li>" for name, module in LIBRARIES)
    return (
        f"<h3>gdexplorer {__version__}</h3>"
        "<p>" + translate("AboutDialog", "An explorer for gradient descent: type a function of x (and y), pick "
                          "optimizers and watch them race on its map, its 3-D surface and their f and |∇f| curves, "
                          "step by step.") + "</p>"
        "<p>" + translate("AboutDialog", "License: MIT") + "</p>"
        "<p>" + translate("AboutDialog", "Built on:") + f"</p><ul>{libraries}</ul>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(translate("AboutDialog", "About gdexplorer"))
        self.text = QLabel(about_text())
        self.text.setTextFormat(Qt.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action that has a shortcut, in the order given."""
    rows = []
    for action in actions:
        keys = action.shortcut()
        if keys.isEmpty():
            continue
        text = action.text().replace("&", "").rstrip("…").strip()
        rows.append((text, keys.toString(QKeySequence.NativeText)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(translate("ShortcutsDialog", "Keyboard shortcuts"))
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(
            (translate("ShortcutsDialog", "action"), translate("ShortcutsDialog", "keys")))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        for row, (text, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(380, 120 + 30 * len(rows))

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]
