"""The optional pieces of a message card: reasoning, refusal, tool calls, images, run status."""

from __future__ import annotations

import json
from html import escape
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.ui.conversation.markdown_view import MarkdownView
from parley.ui.conversation.safe_browser import decode_data_url
from parley.ui.theme import Theme

THUMBNAIL_PX = 200


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as HTML (model output and file content are untrusted)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class ReasoningSection(QWidget):
    """``reasoning_content`` behind a disclosure button: collapsed unless the user opens it."""

    # The messages whose reasoning the user opened: the view recycles cards while scrolling, and
    # each message comes back as the user left it (never with another message's state).
    _opened: ClassVar[set[str]] = set()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip(self.tr("Show or hide the model's reasoning (never sent back to it)"))
        self.toggle.toggled.connect(self._set_open)
        self.body = MarkdownView(self, theme)
        self.body.setStyleSheet(f"color: {theme.muted};")
        self.body.hide()
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self._text = ""
        self._message_id = ""

    def set_text(self, text: str, streaming: bool = False, message_id: str = "") -> None:
        if message_id != self._message_id:  # a recycled card: this message's open state, not the last one's
            self._message_id = message_id
            self._text = text
            self.toggle.blockSignals(True)
            self.toggle.setChecked(message_id in self._opened)
            self.toggle.blockSignals(False)
            self._show_open(self.toggle.isChecked())
        self._text = text
        words = len(text.split())
        self.toggle.setText(self.tr("Reasoning ({n} words)").format(n=words) if words else self.tr("Reasoning"))
        if self.is_open:
            self.body.stream(text) if streaming else self.body.set_markdown(text)

    def _set_open(self, open_: bool) -> None:
        if open_:
            self._opened.add(self._message_id)
        else:
            self._opened.discard(self._message_id)
        self._show_open(open_)

    def _show_open(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        if open_:
            self.body.set_markdown(self._text)
        self.body.setVisible(open_)

    @property
    def is_open(self) -> bool:
        return self.toggle.isChecked()


class RefusalBox(QFrame):
    """A refusal, set apart from normal content so it is never mistaken for an answer."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusal")
        self.setStyleSheet(
            f"QFrame#refusal {{ border: 1px solid {theme.danger}; border-radius: 6px; }}"
            f"QLabel {{ color: {theme.danger}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        title = plain_label(self.tr("Refusal"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.text = plain_label("", self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        layout.addWidget(self.text)

    def set_text(self, text: str) -> None:
        self.text.setText(text)


class ToolCallCard(QFrame):
    """One tool call: function name, call id, and the arguments as formatted JSON."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolcard")
        self.setStyleSheet(f"QFrame#toolcard {{ border: 1px solid {theme.card_border}; border-radius: 6px; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        self.title = plain_label("", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.note = plain_label("", self)
        self.note.setStyleSheet(f"color: {theme.warning};")
        self.note.hide()
        self.arguments = MarkdownView(self, theme)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.arguments)

    def set_call(self, call: dict[str, Any], streaming: bool = False) -> None:
        fn = call.get("function") or call
        name = fn.get("name") or "?"
        call_id = call.get("id") or ""
        self.title.setText(self.tr("Tool call: {name}").format(name=name) + (f"   ·   {call_id}" if call_id else ""))
        raw = fn.get("arguments") or ""
        pretty = raw
        invalid = False
        if raw and not streaming:
            try:
                pretty = json.dumps(json.loads(raw), ensure_ascii=False, indent=2)
            except ValueError:
                invalid = True
        self.note.setText(self.tr("The arguments are not valid JSON (shown as received)."))
        self.note.setVisible(invalid)
        fence = "````" if "```" in pretty else "```"
        text = f"{fence}json\n{pretty}\n{fence}\n"
        self.arguments.stream(text) if streaming else self.arguments.set_markdown(text)


class StatusRow(QWidget):
    """Under a turn: "stopped", "retrying…" or the provider's error with a Retry button."""

    retryRequested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = plain_label("", self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retry = QPushButton(self.tr("Retry"), self)
        self.retry.setToolTip(self.tr("Send the same request again"))
        self.retry.clicked.connect(self.retryRequested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignTop)

    def show_status(self, kind: str, text: str) -> None:
        color = {"error": self._theme.danger, "stopped": self._theme.warning}.get(kind, self._theme.muted)
        self.label.setStyleSheet(f"color: {color};")
        self.label.setText(text)
        self.retry.setVisible(kind == "error")
        self.show()


def image_parts_html(parts: list[dict[str, Any]], view: MarkdownView) -> str:
    """Thumbnails for ``image_url`` parts. Data URLs are decoded here; remote images are only linked."""
    out: list[str] = []
    doc = view.document()
    for i, part in enumerate(parts):
        if part.get("type") != "image_url":
            continue
        url = (part.get("image_url") or {}).get("url", "")
        decoded = decode_data_url(url)
        image = QImage()
        if decoded and image.loadFromData(decoded[1]):
            name = f"parley-image:{i}"
            doc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name), image)
            scale = min(1.0, THUMBNAIL_PX / max(image.width(), image.height(), 1))
            out.append(f'<img src="{name}" width="{int(image.width() * scale)}" '
                       f'height="{int(image.height() * scale)}"> ')
        elif url.startswith(("http://", "https://")):
            out.append(f'<a href="{escape(url, quote=True)}">[image: {escape(url)}]</a> ')
        else:
            out.append("[image] ")
    return "".join(out)
