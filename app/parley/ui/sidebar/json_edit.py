"""A JSON text editor: monospace, syntax errors with line and column, an example to start from.

Schema checks are the row's job (through the catalog); this only turns text into a value, or says
where the text stops being JSON. The text itself is never rewritten behind the user's back.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from parley.core.params import Param
from parley.ui.sidebar.editors import UNSET, InputError, ValueEditor, default_text

# Starting points people can edit instead of typing a structure from memory.
EXAMPLES: dict[str, Any] = {
    "tools": [{"type": "function", "function": {
        "name": "get_weather", "description": "Current weather for a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"], "additionalProperties": False},
        "strict": True}}],
    "functions": [{"name": "get_weather", "description": "Current weather for a city.",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}],
    "function_call": "auto",
    "prediction": {"type": "content", "content": "the text the answer will mostly repeat"},
    "audio": {"voice": "alloy", "format": "wav"},
    "web_search_options": {"search_context_size": "medium"},
    "moderation": {"model": "omni-moderation-latest"},
    "prompt_cache_options": {"mode": "implicit"},
    "chat_template_kwargs": {"enable_thinking": False},
    "extra_body": {"my_server_option": True},
    "schema": {"type": "object", "properties": {"answer": {"type": "string"}},
               "required": ["answer"], "additionalProperties": False},
}


def parse_json(text: str) -> Any:
    """The value of `text` (UNSET when blank), or InputError("line 3, column 7: Expecting ',' delimiter")."""
    if not text.strip():
        return UNSET
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # exc.msg is Python's own wording ("Expecting ',' delimiter"): it stays English
        raise InputError(QCoreApplication.translate("JsonEditor", "Not valid JSON: line {line}, column {column}: {reason}.")
                         .format(line=exc.lineno, column=exc.colno, reason=exc.msg)) from None


def pretty(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else json.dumps(value, ensure_ascii=False, indent=2)


class JsonText(QPlainTextEdit):
    """Grows with its content between 3 and 14 lines, so short values stay compact."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.textChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        lines = min(14, max(3, self.document().lineCount() + 1))
        height = self.fontMetrics().lineSpacing() * lines + 12
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.fontMetrics().lineSpacing() * 3 + 12)


class JsonEditor(ValueEditor):
    def __init__(self, param: Param, parent: QWidget | None = None, *, example_key: str | None = None) -> None:
        super().__init__(param, parent)
        self.text = JsonText(self)
        self.text.setPlaceholderText(self.tr("{default} — JSON").format(default=default_text(param)))
        self.example = EXAMPLES.get(example_key or param.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        if self.example is not None:
            self.example_button = QToolButton(self)
            self.example_button.setText(self.tr("Insert example"))
            self.example_button.setAutoRaise(True)
            self.example_button.clicked.connect(self._insert_example)
            tools.addWidget(self.example_button)
        self.format_button = QToolButton(self)
        self.format_button.setText(self.tr("Format"))
        self.format_button.setAutoRaise(True)
        self.format_button.setToolTip(self.tr("Indent the JSON (only when it is valid)"))
        self.format_button.clicked.connect(self._format)
        tools.addWidget(self.format_button)
        tools.addStretch(1)
        layout.addLayout(tools)
        self._loading = False
        self.text.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def _insert_example(self) -> None:
        if self.text.toPlainText().strip():
            return  # never overwrite what the user typed
        self.text.setPlainText(json.dumps(self.example, ensure_ascii=False, indent=2))

    def _format(self) -> None:
        try:
            value = parse_json(self.text.toPlainText())
        except InputError:
            return
        if value is not UNSET:
            cursor = self.text.textCursor()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(json.dumps(value, ensure_ascii=False, indent=2))  # keeps undo history

    def raw_value(self) -> Any:
        return parse_json(self.text.toPlainText())

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.text.setPlainText(pretty(value))
        finally:
            self._loading = False

    def show_unset(self) -> None:
        self._loading = True
        try:
            self.text.clear()
        finally:
            self._loading = False

    def set_text(self, text: str) -> None:
        """Programmatic text (tests, drafts): fires `edited` like typing does."""
        self.text.setPlainText(text)

