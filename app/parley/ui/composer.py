"""Where the next message is written: text, its role, and images.

The send key is configurable (Enter, or Ctrl/⌘+Enter) and shown under the text. An Enter
that confirms an input-method composition (Japanese, Chinese…) never sends: while a
composition is open, and for the rest of the event batch in which it was committed, Enter
belongs to the input method.
"""

from __future__ import annotations

import base64
import mimetypes
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QInputMethodEvent, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.conversation import ROLES

SEND_ENTER = "enter"
SEND_CTRL_ENTER = "ctrl+enter"
IMAGE_SUFFIXES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                  ".webp": "image/webp"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # OpenAI's limit per image
THUMB_PX = 56


class ImageError(ValueError):
    """An image that cannot be attached, with a sentence for the user."""


def image_part_from_bytes(data: bytes, mime: str) -> dict[str, Any]:
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(QCoreApplication.translate("Composer", "The image is {size} MB; providers accept at most "
                                                    "20 MB.").format(size=f"{len(data) / 1e6:.1f}"))
    url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return {"type": "image_url", "image_url": {"url": url}}


def image_part_from_file(path: Path) -> dict[str, Any]:
    mime = IMAGE_SUFFIXES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""
    if not mime.startswith("image/"):
        raise ImageError(QCoreApplication.translate("Composer", "{name} is not an image Parley can attach (PNG, JPEG, "
                                                    "GIF or WebP).").format(name=path.name))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageError(QCoreApplication.translate("Composer", "Could not read {name}: {reason}.").format(
            name=path.name, reason=exc.strerror or exc)) from exc
    if not QImage.fromData(data):
        raise ImageError(QCoreApplication.translate("Composer", "{name} does not contain a readable image.").format(
            name=path.name))
    return image_part_from_bytes(data, mime)


def image_part_from_qimage(image: QImage) -> dict[str, Any]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return image_part_from_bytes(bytes(buffer.data().data()), "image/png")


def _image_files(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls()
            if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES]


def send_key_name(key: str) -> str:
    """How the send key is called on this platform (Qt's Ctrl is the ⌘ key on macOS)."""
    if key == SEND_CTRL_ENTER:
        return "⌘+Enter" if sys.platform == "darwin" else "Ctrl+Enter"
    return "Enter"


def _other_files(mime: QMimeData) -> list[Path]:
    """Local files in a drag that are not images."""
    return [Path(u.toLocalFile()) for u in mime.urls()
            if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() not in IMAGE_SUFFIXES]


class ComposerEdit(QPlainTextEdit):
    """The text field: decides whether Enter sends, and turns pasted or dropped images into parts."""

    submit = Signal()
    imagesReceived = Signal(list)  # list of image parts
    imageRejected = Signal(str)  # why an image was not attached

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.send_key = SEND_ENTER
        self._composing = False
        self._just_committed = False
        self.setTabChangesFocus(True)

    @property
    def composing(self) -> bool:
        return self._composing

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        self._composing = bool(event.preeditString())
        if event.commitString():
            # Some platforms deliver the confirming Enter as a key press right after the commit.
            self._just_committed = True
            QTimer.singleShot(0, self._forget_commit)

    def _forget_commit(self) -> None:
        self._just_committed = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._composing or self._just_committed:
                event.accept()  # the input method's Enter: never a send, never a stray newline
                return
            mods = event.modifiers()
            ctrl = bool(mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            sends = ctrl if self.send_key == SEND_CTRL_ENTER else (ctrl or not shift)
            if sends:
                event.accept()
                self.submit.emit()
                return
            if self.send_key == SEND_ENTER and shift:
                self.insertPlainText("\n")
                event.accept()
                return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or bool(_image_files(source)) or super().canInsertFromMimeData(source)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if _other_files(mime) and not _image_files(mime):
            # A file that is not an image (a conversation to open): ignored here, the drag goes on
            # to the window, which opens it. Accepted, its file:// address was typed in as text.
            event.ignore()
            return
        super().dragEnterEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        parts: list[dict[str, Any]] = []
        try:
            files = _image_files(source)
            if files:
                parts = [image_part_from_file(p) for p in files]
            elif source.hasImage():
                image = source.imageData()
                if isinstance(image, QPixmap):
                    image = image.toImage()
                if isinstance(image, QImage) and not image.isNull():
                    parts = [image_part_from_qimage(image)]
        except ImageError as exc:
            self.imageRejected.emit(str(exc))
            return
        if parts:
            self.imagesReceived.emit(parts)
            return
        super().insertFromMimeData(source)


class _Thumbnail(QFrame):
    removed = Signal(object)

    def __init__(self, part: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.part = part
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        image = QLabel(self)
        data = base64.b64decode(part["image_url"]["url"].split(",", 1)[1])
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        image.setPixmap(pixmap.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))
        image.setToolTip(self.tr("{w}×{h} image, {kb} KB").format(w=pixmap.width(), h=pixmap.height(),
                                                                  kb=len(data) // 1024))
        remove = QToolButton(self)
        remove.setText("×")
        remove.setAutoRaise(True)
        remove.setToolTip(self.tr("Remove this image"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout.addWidget(image)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)


class Composer(QWidget):
    """Text, role, images; emits ``sendRequested(text, role, images, run)``."""

    sendRequested = Signal(str, str, list, bool)  # text, role, image parts, run the model
    stopRequested = Signal()
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images: list[dict[str, Any]] = []
        self._running = False
        self.setAcceptDrops(True)

        self.edit = ComposerEdit(self)
        self.edit.setPlaceholderText(self.tr("Write a message…"))
        self.edit.setMinimumHeight(60)
        self.edit.submit.connect(lambda: self._submit(run=True))
        self.edit.imagesReceived.connect(self.add_images)
        self.edit.imageRejected.connect(self.notice)

        self.role = QComboBox(self)
        self.role.addItems([r for r in ROLES if r != "tool"])
        self.role.setCurrentText("user")
        self.role.setToolTip(self.tr("Role of the message you are adding (system/developer/assistant for prompt crafting)"))

        self.attach = QToolButton(self)
        self.attach.setText(self.tr("Image…"))
        self.attach.setToolTip(self.tr("Attach images (or drag and drop, or paste)"))
        self.attach.clicked.connect(self.choose_images)

        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setEnabled(False)

        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setToolTip(self.tr("Add the message to the conversation without asking the model"))
        self.add_button.clicked.connect(lambda: self._submit(run=False))
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._send_or_stop)

        self.thumbs = QHBoxLayout()
        self.thumbs.setContentsMargins(0, 0, 0, 0)
        self.thumbs.addStretch(1)
        self._thumb_row = QWidget(self)
        self._thumb_row.setLayout(self.thumbs)
        self._thumb_row.hide()

        bottom = QHBoxLayout()
        bottom.addWidget(self.role)
        bottom.addWidget(self.attach)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self._thumb_row)
        layout.addWidget(self.edit, 1)
        layout.addLayout(bottom)
        self.set_send_key(SEND_ENTER)

    # Send key ----------------------------------------------------------------------------------

    def set_send_key(self, key: str) -> None:
        self.edit.send_key = key if key in (SEND_ENTER, SEND_CTRL_ENTER) else SEND_ENTER
        if self.edit.send_key == SEND_ENTER:
            self.hint.setText(self.tr("Enter sends · Shift+Enter new line"))
        else:
            self.hint.setText(self.tr("{key} sends · Enter new line").format(key=send_key_name(SEND_CTRL_ENTER)))
        self.send_button.setToolTip(self.hint.text())

    @property
    def send_key(self) -> str:
        return self.edit.send_key

    # Running state -------------------------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        self._running = running
        self.send_button.setText(self.tr("Stop") if running else self.tr("Send"))
        self.send_button.setToolTip(self.tr("Stop the reply (Esc); what arrived is kept") if running
                                    else self.hint.text())

    def _send_or_stop(self) -> None:
        if self._running:
            self.stopRequested.emit()
        else:
            self._submit(run=True)

    def _submit(self, run: bool) -> None:
        text = self.edit.toPlainText()
        if not text.strip():
            text = ""  # blank lines are not a message (with Send, the model answers what is there)
        if run and self._running:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return
        if not run and not text.strip() and not self._images:
            return
        self.sendRequested.emit(text, self.role.currentText(), list(self._images), run)

    def clear(self) -> None:
        """Called once the message was accepted: empty the field, keep the role."""
        self.edit.clear()
        self._images.clear()
        self._rebuild_thumbnails()

    # Images ----------------------------------------------------------------------------------------

    @property
    def images(self) -> list[dict[str, Any]]:
        return list(self._images)

    def add_images(self, parts: list[dict[str, Any]]) -> None:
        self._images.extend(parts)
        self._rebuild_thumbnails()

    def add_image_files(self, paths: list[str]) -> None:
        parts = []
        for path in paths:
            try:
                parts.append(image_part_from_file(Path(path)))
            except ImageError as exc:
                self.notice.emit(str(exc))
        self.add_images(parts)

    def choose_images(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach images"), "",
                             self.tr("Images (*.png *.jpg *.jpeg *.gif *.webp)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(self.add_image_files)
        dialog.open()  # never exec(): nested event loops break qasync

    def _rebuild_thumbnails(self) -> None:
        while self.thumbs.count() > 1:
            item = self.thumbs.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for part in self._images:
            thumb = _Thumbnail(part, self._thumb_row)
            thumb.removed.connect(self._remove_thumbnail)
            self.thumbs.insertWidget(self.thumbs.count() - 1, thumb)
        self._thumb_row.setVisible(bool(self._images))

    def _remove_thumbnail(self, thumb: _Thumbnail) -> None:
        self._images = [p for p in self._images if p is not thumb.part]
        self._rebuild_thumbnails()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasImage() or _image_files(mime):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        self.edit.insertFromMimeData(event.mimeData())
        event.acceptProposedAction()

