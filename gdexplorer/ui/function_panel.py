"""The Function panel: presets, the expression (checked as you type), the x/y range, the formula."""
from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from superqt.utils import signals_blocked

from gdexplorer.scene.formula import formula_html
from gdexplorer.app.i18n import tr_message, tr_registry, translate
from gdexplorer.app.session import Session
from gdexplorer.core.expression import ExpressionError
from gdexplorer.core.presets import PRESETS
from gdexplorer.ui.theme import ERROR_COLOUR, error_colour, mark_error, number_box

_FORMULA_STYLE = "font-size: 13pt; padding: 4px;"
LAST_GOOD = QT_TRANSLATE_NOOP("FunctionPanel", "(last good function: fix the text above to change it)")


class FunctionPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.presets = QComboBox()
        self.presets.setObjectName("presets")
        self.presets.addItem(translate("FunctionPanel", "Presets…"), None)
        for preset in PRESETS.values():
            self.presets.addItem(tr_registry(preset.label), preset.name)
            self.presets.setItemData(self.presets.count() - 1, tr_registry(preset.description), Qt.ToolTipRole)
        self.expression = QLineEdit()
        self.expression.setObjectName("expression")
        self.expression.setPlaceholderText(translate("FunctionPanel", "a function of x and y, e.g. {example}").format(
            example="(1 - x)^2 + 100*(y - x^2)^2"))
        self.expression.setToolTip(translate(
            "FunctionPanel",
            "Operators + - * / ^ (or **), implicit product 2x; functions sin cos tan exp log sqrt abs "
            "min max atan2 hypot …; constants pi, e. Only x: a 1-D function."
        ))
        self.error = QLabel()
        self.error.setObjectName("expression_error")
        self.error.setTextFormat(Qt.RichText)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.formula = QLabel()
        self.formula.setObjectName("formula")
        self.formula.setTextFormat(Qt.RichText)
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet(_FORMULA_STYLE)
        self.stale = False  # the text is bad: the formula shown is the last good function's
        self.description = QLabel()
        self.description.setObjectName("function_description")
        self.description.setWordWrap(True)
        self.x_min, self.x_max, self.y_min, self.y_max = (number_box(3, 0.5) for _ in range(4))
        x_row, y_row = QHBoxLayout(), QHBoxLayout()
        for row, lo, hi in ((x_row, self.x_min, self.x_max), (y_row, self.y_min, self.y_max)):
            row.addWidget(lo)
            row.addWidget(QLabel(translate("FunctionPanel", "to")))
            row.addWidget(hi)
        self.range_error = QLabel()  # a refused range, right under the range rows
        self.range_error.setObjectName("range_error")
        self.range_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.range_error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(translate("FunctionPanel", "x range"), x_row)
        form.addRow(translate("FunctionPanel", "y range"), y_row)
        form.addRow(self.range_error)
        form.setRowVisible(self.range_error, False)
        self.range_form = form
        layout = QVBoxLayout(self)
        layout.addWidget(self.presets)
        layout.addWidget(self.expression)
        layout.addWidget(self.error)
        layout.addWidget(self.formula)
        layout.addLayout(form)
        layout.addWidget(self.description)
        layout.addStretch(1)

        self.presets.activated.connect(self._on_preset)
        self.expression.textEdited.connect(lambda text: session.set_expression_text(text))
        for box in (self.x_min, self.x_max, self.y_min, self.y_max):
            box.valueChanged.connect(self._on_range)
        session.expressionChecked.connect(self.show_check)
        session.landscapeChanged.connect(self.sync_from_session)
        self.sync_from_session()

    def sync_from_session(self) -> None:
        s = self.session
        if self.expression.text() != s.text:
            self.expression.setText(s.text)
        for box, value in zip((self.x_min, self.x_max, self.y_min, self.y_max), s.x_range + s.y_range):
            with signals_blocked(box):
                box.setValue(value)
        self._show_range_error("", ())  # the boxes now show the plotted range
        one_d = s.objective is not None and s.objective.dim == 1
        self.y_min.setEnabled(not one_d)
        self.y_max.setEnabled(not one_d)
        self._show_stale(s.error is not None)
        preset = next((p for p in PRESETS.values() if p.expression == s.text), None)
        self.description.setText(tr_registry(preset.description) if preset else "")

    def show_check(self, error: ExpressionError | None) -> None:
        """Say what is wrong with the text, in colours that read on this panel (the text colour for
        the echoed expression, a dark red for the message); meanwhile the formula and description
        still shown are greyed and marked as the last good function."""
        if error is None:
            self.error.setVisible(False)
            self.error.clear()  # nothing stale left to read (a language's walk, a screen reader)
            self.expression.setStyleSheet("")
            self._show_stale(False)
            return
        text = self.session.text
        red = error_colour(self.error.palette())
        ink = self.error.palette().color(QPalette.WindowText).name()
        message = html.escape(tr_message(error.message))
        if error.column is not None:
            col = error.column
            caret = "&nbsp;" * (col - 1) + "^"
            shown = html.escape(text).replace(" ", "&nbsp;")
            self.error.setText(
                f"<span style='color:{red}'>"
                + translate("FunctionPanel", "{message} at column {column}").format(message=message, column=col)
                + "</span>"
                f"<pre style='margin:0; color:{ink}'>{shown}<br><span style='color:{red}'>{caret}</span></pre>"
            )
        else:
            self.error.setText(f"<span style='color:{red}'>{message}</span>")
        self.error.setVisible(True)
        self.expression.setStyleSheet(f"QLineEdit {{ border: 1px solid {red}; }}")
        self._show_stale(True)
        if error.column is not None and self.expression.hasFocus() is False:
            self.expression.setCursorPosition(min(error.column - 1, len(text)))

    def _show_stale(self, stale: bool) -> None:
        """Grey the formula and description, noting "(last good function)", while the text is bad."""
        self.stale = stale
        objective = self.session.objective
        if objective is None:
            formula = ""
        elif objective.variables == ("w", "b"):  # the Data mode's loss: its words, in the user's language
            formula = html.escape(tr_message(objective.label), quote=False)
        else:
            formula = formula_html(objective.source)
        if stale and formula:
            formula += f"<br><span style='font-size:9pt'>{translate('FunctionPanel', LAST_GOOD)}</span>"
        self.formula.setText(formula)
        grey = self.palette().color(QPalette.Disabled, QPalette.WindowText).name()
        self.formula.setStyleSheet(_FORMULA_STYLE + (f" color: {grey};" if stale else ""))
        self.description.setStyleSheet(f"color: {grey};" if stale else "")
        self.description.setToolTip(translate("FunctionPanel", LAST_GOOD) if stale else "")

    def _on_preset(self, index: int) -> None:
        name = self.presets.itemData(index)
        if name:
            self.session.apply_preset(name)
            self.expression.setText(self.session.text)
        self.presets.setCurrentIndex(0)

    def _on_range(self) -> None:
        """Apply the typed range; a refused one stays in its boxes, marked, with the reason under
        them, while the map keeps the last good range."""
        s = self.session
        bad = [
            (axis, lo, hi) for axis, lo, hi in (("x", self.x_min, self.x_max), ("y", self.y_min, self.y_max))
            if not lo.value() < hi.value() and (axis == "x" or s.dim == 2)
        ]
        if bad:
            kept = {"x": s.x_range, "y": s.y_range}
            refused = translate("FunctionPanel", "; ").join(
                translate("FunctionPanel", "{axis} min ({low}) must be less than {axis} max ({high})").format(
                    axis=axis, low=f"{lo.value():g}", high=f"{hi.value():g}") for axis, lo, hi in bad)
            kept_ranges = ", ".join(f"{axis} ∈ [{kept[axis][0]:g}, {kept[axis][1]:g}]" for axis, _, _ in bad)
            message = translate("FunctionPanel", "{refused} — the map keeps {kept}").format(
                refused=refused, kept=kept_ranges)
            self._show_range_error(message, [box for _, lo, hi in bad for box in (lo, hi)])
            return
        try:
            s.set_ranges((self.x_min.value(), self.x_max.value()), (self.y_min.value(), self.y_max.value()))
        except ValueError as exc:
            self._show_range_error(tr_message(exc), (self.x_min, self.x_max, self.y_min, self.y_max))
            return
        self._show_range_error("", ())

    def _show_range_error(self, message: str, boxes) -> None:
        for box in (self.x_min, self.x_max, self.y_min, self.y_max):
            mark_error(box, box in boxes)
        self.range_error.setText(message)
        self.range_form.setRowVisible(self.range_error, bool(message))
