"""A QTextBrowser for untrusted model output: it loads nothing and follows no link by itself.

FIELD-NOTES "Untrusted model output": QTextBrowser reads local files (relative paths too)
when a document names them, and its default link handling replaces the view with a clicked
``file://`` file or hands ``javascript:`` URLs to the OS. Here resources are limited to
``data:`` URLs, links are never opened by Qt, and http/https links open in the system
browser only after the user confirms.
"""

from __future__ import annotations

import base64
import contextlib
import math
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument, QWheelEvent
from PySide6.QtWidgets import QFrame, QMessageBox, QSizePolicy, QTextBrowser, QWidget

from parley.ui.markdown_render import COPY_SCHEME

EXTERNAL_SCHEMES = ("http", "https")


def decode_data_url(url: str) -> tuple[str, bytes] | None:
    """``data:[mime][;base64],payload`` -> (mime, bytes); None when it is not a well-formed data URL."""
    if not url.startswith("data:") or "," not in url:
        return None
    header, payload = url[5:].split(",", 1)
    mime = header.split(";", 1)[0] or "text/plain"
    try:
        data = base64.b64decode(payload, validate=False) if header.endswith(";base64") else unquote_to_bytes(payload)
    except ValueError:
        return None
    return mime, data


def _blocked_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


def load_data_resource(type_: int, name: QUrl) -> object:
    """The only resources Parley shows: ``data:`` URLs. Nothing else is read.

    For images a transparent placeholder is returned instead of nothing: when a resource
    comes back empty, Qt's image handler loads the file itself (``QImage.load(name)``,
    relative to the working directory), bypassing every ``loadResource`` override.
    """
    is_image = type_ == QTextDocument.ResourceType.ImageResource.value
    decoded = decode_data_url(name.toString()) if name.scheme() == "data" else None
    if decoded is None:
        return _blocked_image() if is_image else None
    mime, data = decoded
    if is_image or mime.startswith("image/"):
        image = QImage()
        return image if image.loadFromData(data) else _blocked_image()
    return data.decode("utf-8", "replace")


class SafeDocument(QTextDocument):
    """A document that never reads files or the network.

    QTextDocument's own ``loadResource`` falls back to reading local files (relative paths
    too) when its QTextBrowser returns nothing, so the override has to be here.
    """

    def loadResource(self, type_: int, name: QUrl) -> object:
        return load_data_resource(type_, name)


class SafeTextBrowser(QTextBrowser):
    """Read-only rich text that sizes itself to its content (the conversation scrolls, not each message)."""

    copyCodeRequested = Signal(int)  # index of a code block whose copy link was clicked
    linkBlocked = Signal(QUrl)  # a link Parley refuses to open (file:, javascript:, relative…)
    linkOpened = Signal(QUrl)  # the user confirmed; handed to the system browser

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.document().setUndoRedoEnabled(False)  # read-only: an undo stack would only grow
        self.document().setDocumentMargin(2)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.viewport().setAutoFillBackground(False)
        self.setAutoFillBackground(False)
        self._confirm: QMessageBox | None = None
        self.document().documentLayout().documentSizeChanged.connect(self._on_size_changed)

    # Resources: data: URLs only -------------------------------------------------------------

    def loadResource(self, type_: int, name: QUrl) -> object:
        return load_data_resource(type_, name)

    # Links --------------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == COPY_SCHEME:
            with contextlib.suppress(ValueError):
                self.copyCodeRequested.emit(int(url.path()))
            return
        if scheme not in EXTERNAL_SCHEMES or not url.host():
            self.linkBlocked.emit(url)
            return
        self._ask_to_open(url)

    def _ask_to_open(self, url: QUrl) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Open link?"),
            self.tr("Open this address in your web browser?\n\n{url}").format(url=url.toString()),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self._confirm = None
            if result == QMessageBox.StandardButton.Open.value:
                QDesktopServices.openUrl(url)
                self.linkOpened.emit(url)

        box.finished.connect(finished)
        self._confirm = box
        box.open()  # never exec(): a nested loop breaks qasync

    @property
    def pending_confirmation(self) -> QMessageBox | None:
        return self._confirm

    # Size: as tall as the document ------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        doc = self.document()
        frame = 2 * self.frameWidth()
        text_width = max(1, width - frame)
        shown_width = doc.textWidth()
        if shown_width == text_width:
            height, ideal = doc.size().height(), doc.idealWidth()
        elif self.isVisible() and shown_width == self.viewport().width():
            # Asked about a width it is not shown at (a parent's layout measuring, 2 px off for a
            # styled frame): measure quietly and put the shown width back. Left at the asked width,
            # the text edit saw a document wider than its viewport, toggled its scroll bar, asked
            # for a new layout, was measured again… for ever, 60 times a second.
            layout = doc.documentLayout()
            blocked = layout.blockSignals(True)
            try:
                doc.setTextWidth(text_width)
                height, ideal = doc.size().height(), doc.idealWidth()
                doc.setTextWidth(shown_width)
            finally:
                layout.blockSignals(blocked)
        else:
            doc.setTextWidth(text_width)  # always relayouts the whole document
            height, ideal = doc.size().height(), doc.idealWidth()
        height = math.ceil(height) + frame
        if ideal > width - frame + 1:
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > 0 else 600
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(80, 10)

    def _on_size_changed(self, *_: object) -> None:
        self.updateGeometry()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Vertical wheel scrolls the conversation, not this (never scrolling) view.
        if event.angleDelta().x() != 0 and self.horizontalScrollBar().isVisible():
            super().wheelEvent(event)
            return
        event.ignore()
