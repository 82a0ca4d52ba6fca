"""A column's parameter overrides, typed as a JSON object and checked as you type.

The check is the catalog's (``services.compare.parse_overrides`` -> ``core.params.validate_all``),
the same one the CLI's ``--set`` and the sidebar use, so a value accepted here is one Parley will
send. The text is never rewritten behind the user's back; a bad value only blocks the run of this
column, with the sentence shown under the editor.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from parley.services.compare import OverridesError, parse_overrides
from parley.ui.conversation.message_parts import plain_label
from parley.ui.engine_text import localize
from parley.ui.sidebar.json_edit import JsonText
from parley.ui.theme import Theme, current_theme

PLACEHOLDER = '{"temperature": 0.2, "max_tokens": 300}'


class OverridesEditor(QWidget):
    """``value()`` is the overrides (or OverridesError); ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.text = JsonText(self)
        self.text.setPlaceholderText(PLACEHOLDER)
        self.text.setToolTip(self.tr("Parameters that replace the conversation's for this column only (JSON)"))
        self.message = plain_label("", self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {self.theme.danger};")
        self.message.hide()
        layout.addWidget(self.text)
        layout.addWidget(self.message)
        self.text.textChanged.connect(self._on_text)

    def set_value(self, params: dict[str, Any]) -> None:
        self.text.setPlainText(json.dumps(params, ensure_ascii=False, indent=1) if params else "")

    def value(self) -> dict[str, Any]:
        return parse_overrides(self.text.toPlainText())

    def problem(self) -> str | None:
        try:
            self.value()
        except OverridesError as exc:
            return str(exc)
        return None

    def _on_text(self) -> None:
        problem = self.problem()
        self.message.setText(localize(problem))
        self.message.setVisible(problem is not None)
        self.changed.emit()

    def set_editable(self, editable: bool) -> None:
        self.text.setReadOnly(not editable)
