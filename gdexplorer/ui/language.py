"""View → Language: follow the system, or English, or 简体中文, switched at once.

Every widget's text is set in its own language when it is made, so switching remakes the window:
what it shows (the workspace snapshot: function or data, ranges, runs and their steps, view
settings) and where it is (geometry, dock layout) carry over to a new window built in the new
language. The choice is kept in the "language" setting (app/i18n.py says which one applies).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup
from gdexplorer.app import i18n
from gdexplorer.app.i18n import translate

_windows: list = []  # a remade window has no other owner: kept here until it closes


class LanguageMenu(QObject):
    """The View → Language submenu of ``window``."""

    def __init__(self, window, menu):
        super().__init__(window)
        self.window = window
        self.menu = menu.addMenu(translate("LanguageMenu", "Language"))
        self.menu.setObjectName("language_menu")
        group = QActionGroup(self)
        group.setExclusive(True)
        chosen = i18n.preference(window.settings)
        self.actions: dict[str, QAction] = {}
        choices = [(i18n.SYSTEM, translate("LanguageMenu", "System language"))]
        choices += list(i18n.LANGUAGES.items())  # each language named in itself
        for code, name in choices:
            action = QAction(name, self.menu, checkable=True)
            action.setChecked(code == chosen)
            action.setData(code)
            action.triggered.connect(lambda _=False, c=code: self.choose(c))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[code] = action

    def choose(self, code: str):
        """Keep ``code`` ("system" or a language) as the choice; remake the window when that
        changes the language shown. Returns the window now showing (this one or its successor)."""
        settings = self.window.settings
        if settings is not None:
            settings.setValue(i18n.SETTING_KEY, code)
            settings.sync()
        # a language picked here wins at once (even over $GDEXPLORER_LANGUAGE, which only sets the
        # start); "system" goes back to what the start would choose without a setting
        language = i18n.resolve(None) if code == i18n.SYSTEM else code
        if language == i18n.current():
            return self.window
        return remake(self.window, language)


def _view_switches(window) -> dict[str, QAction]:
    """The window's overlays a user switches on and off (not in a workspace): the glyphs, the
    basins on the map, the critical points (by a stable key, to carry them to a remade window)."""
    switches = {f"glyph:{kind}": action for kind, action in window.glyph_overlay.actions.items()}
    switches["basins"] = window.basin_panel.toggle_action
    return switches


def remake(window, language: str):
    """Close ``window`` and open one like it in ``language``; returns the new window."""
    from gdexplorer.ui.main_window import MainWindow
    from gdexplorer.ui.workspace_menu import apply, snapshot

    workspace = snapshot(window)
    path = window.workspace_menu.path
    settings = window.settings
    geometry, state, size = window.saveGeometry(), window.saveState(), window.size()
    switches = {key: action.isChecked() for key, action in _view_switches(window).items()}
    critical = window.critical_overlay.toggle.isChecked()
    window.save_settings()  # the new window starts from what this one shows, not the last start's
    window.explorer.save_settings()
    i18n.install(language)
    successor = MainWindow(None, settings)  # its own explorer, a child: both go when it closes
    successor.restoreGeometry(geometry)
    successor.resize(size)
    successor.restoreState(state)
    successor._layout_pending = False
    successor.show()  # before the old one closes: the application quits when its last window does
    window.close()  # ends its autosave and its explorer's work
    if window.explorer.parent() is None:  # the first window's explorer, made outside it: it goes too, or its
        window.explorer.setParent(window)  # signals would reach the deleted window's panels
    QTimer.singleShot(0, window.deleteLater)
    successor.start()
    apply(successor, workspace)
    successor.workspace_menu.path = path
    successor.workspace_menu._title()
    for key, action in _view_switches(successor).items():
        if action.isChecked() != switches.get(key, False):
            action.trigger()
    successor.critical_overlay.toggle.setChecked(critical)
    _windows[:] = [successor]
    return successor
