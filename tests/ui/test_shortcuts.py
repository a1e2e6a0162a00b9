"""No two of the window's actions share a shortcut (Qt fires neither of an ambiguous pair)."""
from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction


def test_every_shortcut_belongs_to_one_action(window):
    owners = defaultdict(set)
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                owners[key.toString()].add(action.text().replace("&", ""))
    clashes = {key: names for key, names in owners.items() if len(names) > 1}
    assert not clashes, clashes
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+S", "Ctrl+Shift+O"} <= set(owners)
