"""Find in conversation (Ctrl+F): every message of the active branch, not only the visible cards."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from parley.core.conversation import Message


def find_matches(messages: list[Message], query: str) -> list[str]:
    """Ids of the messages whose text or reasoning contains ``query`` (case-insensitive), in order."""
    needle = query.casefold()
    if not needle:
        return []
    return [m.id for m in messages if needle in m.text.casefold() or needle in (m.reasoning or "").casefold()]


class FindBar(QWidget):
    """Type, Enter for the next match, Shift+Enter for the previous, Esc to close."""

    matchSelected = Signal(str, str)  # message id, query
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._messages: list[Message] = []
        self._matches: list[str] = []
        self._current = -1
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Find in conversation"))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.installEventFilter(self)
        self.count = QLabel(self)
        self.prev_button = QToolButton(self)
        self.prev_button.setText("↑")
        self.prev_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton(self)
        self.next_button.setText("↓")
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.next_button.clicked.connect(lambda: self.step(1))
        close = QToolButton(self)
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Close (Esc)"))
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        for w in (self.field, self.count, self.prev_button, self.next_button, close):
            layout.addWidget(w)
        self.hide()

    def open_bar(self, messages: list[Message]) -> None:
        self._messages = messages
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    @property
    def matches(self) -> list[str]:
        return list(self._matches)

    def _search(self, text: str) -> None:
        self._matches = find_matches(self._messages, text)
        self._current = -1
        if self._matches:
            self.step(1)
        else:
            self._show_count()

    def step(self, delta: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + delta) % len(self._matches)
        self._show_count()
        self.matchSelected.emit(self._matches[self._current], self.field.text())

    def _show_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self._matches:
            self.count.setText(self.tr("no match"))
        else:
            self.count.setText(f"{self._current + 1}/{len(self._matches)}")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.field and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                if event.type() == QEvent.Type.KeyPress:
                    self.close_bar()
                event.accept()
                return event.type() == QEvent.Type.KeyPress
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.type() == QEvent.Type.KeyPress:
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
        return super().eventFilter(obj, event)
