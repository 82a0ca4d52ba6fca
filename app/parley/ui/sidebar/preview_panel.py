"""The request preview tab: URL, the JSON body Send will post (or curl / Python), adjustments, token count."""

from __future__ import annotations

import html

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from parley.ui.engine_text import localize
from parley.ui.sidebar.preview import Preview
from parley.ui.theme import current_theme, monospace_font

FORMATS = ("JSON", "curl", "Python")  # format names, not translated


class PreviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = Preview()
        self.url = QLabel(self)
        self.url.setWordWrap(True)
        self.url.setObjectName("mono")
        self.tokens = QLabel(self)
        self.tokens.setWordWrap(True)
        self.adjustments = QLabel(self)
        self.adjustments.setWordWrap(True)
        self.format = QTabBar(self)
        for name in FORMATS:
            self.format.addTab(name)
        self.format.setExpanding(False)
        self.format.setDrawBase(False)
        self.format.currentChanged.connect(lambda _i: self._show_text())
        self.copy = QPushButton(self.tr("Copy"), self)
        self.copy.clicked.connect(self._copy)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.format)
        bar.addStretch(1)
        bar.addWidget(self.copy)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(monospace_font())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.url)
        layout.addWidget(self.tokens)
        layout.addWidget(self.adjustments)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.notes)
        self.show_preview(self.preview)

    def current_format(self) -> str:
        return FORMATS[self.format.currentIndex()]

    def set_format(self, name: str) -> None:
        self.format.setCurrentIndex(FORMATS.index(name))

    def show_preview(self, preview: Preview) -> None:
        self.preview = preview
        theme = current_theme()
        self.url.setText(f"POST {preview.url}" if preview.url else "")
        self.url.setVisible(bool(preview.url))
        if preview.tokens is not None:
            count = preview.tokens
            exact = self.tr("exact") if count.exact else (localize(count.note) or self.tr("approximate"))
            self.tokens.setText(self.tr("<b>{count}</b> prompt tokens ({exact}; {encoding})").format(
                count=f"{count.tokens:,}", exact=html.escape(exact), encoding=count.encoding))
        self.tokens.setVisible(preview.tokens is not None)
        if preview.problems:
            self.adjustments.setText("".join(f'<div style="color:{theme.danger}">{html.escape(localize(p))}</div>'
                                             for p in preview.problems))
        elif preview.adjustments:
            items = "".join(f"<li>{html.escape(localize(a))}</li>" for a in preview.adjustments)
            self.adjustments.setText(self.tr("<b>Adjusted for this provider:</b>") + f"<ul style='margin:0'>{items}</ul>")
        else:
            self.adjustments.setText(self.tr("No adjustments: the parameters are sent as set."))
        self.notes.setText(" ".join(preview.notes))
        self.notes.setVisible(bool(preview.notes))
        self._show_text()

    def body_text(self) -> str:
        name = self.current_format()
        if name == "curl":
            return self.preview.curl()
        if name == "Python":
            return self.preview.python()
        return self.preview.body_json

    def _show_text(self) -> None:
        scroll = self.text.verticalScrollBar().value()
        self.text.setPlainText(self.body_text())
        self.text.verticalScrollBar().setValue(scroll)  # live updates must not jump to the top
        self.copy.setEnabled(self.preview.body is not None)

    def _copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.body_text())
