"""Rendered Markdown in a SafeTextBrowser, whole or growing while a reply streams.

While streaming, finished blocks are appended to the document once and only the open tail
block is removed and written again: the cost of an update stays proportional to the tail,
not to the whole reply. Each slice is written inside one edit block, so the document is laid
out once per slice rather than once per insertion. ``DocumentWriter`` does the writing (Qt's Markdown parser for prose,
Pygments formats for code, no HTML in between).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QWidget

from parley.ui.conversation.document_writer import DocumentWriter, edit_block, may_hold_table
from parley.ui.conversation.safe_browser import SafeTextBrowser
from parley.ui.markdown_render import StreamingMarkdown
from parley.ui.theme import Theme, current_theme

# Per call at most this much writing into the document (Markdown parsing, highlighting, Qt's
# insertion); the rest of a burst follows on the next turns of the loop. Small slices pay off
# only because the repaints are paced (FRAME_S, and the view's FRAME_MS): repainting after every
# slice, they cost more than they saved (docs/benchmarks-ui.md). Each slice ends with one layout
# pass whose fixed part grows with the number of tables and code blocks above it: 1.2 ms slices
# make about half as many passes as 0.7 ms ones, with the same stalls (p99 ≈ 9 ms).
RENDER_SLICE_S = 0.0012
# Consecutive finished prose blocks go into the document in one insertion, up to this many characters.
PROSE_GROUP_CHARS = 500
# While a burst is caught up, the view repaints at most once per frame: a repaint costs about
# as much as a slice, and painting after every slice doubled the loop's stalls.
FRAME_S = 0.016
_writers: dict[str, DocumentWriter] = {}


def writer_for(theme: Theme) -> DocumentWriter:
    """One writer (and its code formats) per colour scheme, shared by every message."""
    writer = _writers.get(theme.name)
    if writer is None:
        writer = _writers[theme.name] = DocumentWriter(theme)
    return writer


class MarkdownView(SafeTextBrowser):
    """Shows one text as Markdown; ``set_markdown`` for a finished text, ``stream`` while it grows."""

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self._theme = theme or current_theme()
        self.document().setDefaultStyleSheet(self._theme.document_css())
        self._codes: list[str] = []
        self._streaming: StreamingMarkdown | None = None
        self._tail_start: int | None = None
        self._text = ""
        self._tail_formats = (QTextBlockFormat(), QTextCharFormat())
        # The rest of a burst follows on a zero-interval *timer*: timers take turns with the other
        # timers (asyncio callbacks, the runner) and paint events. ``QTimer.singleShot(0, …)`` posts
        # an event instead, and posted events run back to back in one pass: slices then chained
        # into 30–50 ms stalls.
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.setInterval(0)
        self._catch_up_timer.timeout.connect(self._catch_up)
        # Repaints held back while catching up are released by this timer, once per frame.
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.timeout.connect(self._release_frame)
        self._last_frame = 0.0
        self.copyCodeRequested.connect(self._copy_code)
        self.extra_menu: Callable[[], QMenu] | None = None  # the message's actions, added to the context menu

    @property
    def text(self) -> str:
        return self._text

    @property
    def codes(self) -> list[str]:
        """The code of each code block, in order (what the copy links copy)."""
        return self._streaming.codes if self._streaming else self._codes

    def set_markdown(self, text: str) -> None:
        """Render a text (through the same block path as streaming, so both look alike).

        When it continues what is shown (a stream that just ended), only the rest is rendered.
        """
        self.stream(text)

    def set_plain(self, text: str) -> None:
        """Show text exactly as typed (user, system and developer messages are not Markdown)."""
        self._streaming = None
        self._codes = []
        self._text = text
        self.setPlainText(text)

    def set_html(self, html: str, codes: list[str] | None = None) -> None:
        """Show HTML that Parley generated itself (never model output)."""
        self._streaming = None
        self._text = ""
        self._codes = codes or []
        self.setHtml(html)

    def stream(self, text: str) -> None:
        """Show a text that grew since the last call: write only what is not finished yet.

        At most ``RENDER_SLICE_S`` of writing happens per call; if finished blocks are left
        over, the rest follows on the next turns of the event loop.
        """
        doc = self.document()
        if self._streaming is None:
            self._streaming = StreamingMarkdown()
            doc.clear()
            self._tail_start = None
        elif text == self._text and self._streaming.caught_up:
            return  # nothing new (a finished run is rendered again by two signals): keep the tail
        elif self._catch_up_timer.isActive():
            # A slice is due on the next turn anyway and renders from the newest text: rendering
            # one now too put two slices (and the end of a run) into one turn of the loop.
            self._text = text
            return
        self._text = text
        self._hold_repaint()
        streaming = self._streaming
        update = streaming.update(text)
        if update.reset:
            doc.clear()
            self._tail_start = None
        # One edit block for the whole update: Qt lays the document out once, when it ends.
        with edit_block(doc):
            if self._tail_start is not None:
                self._remove_tail()
            self._write_slice(streaming)
            if streaming.caught_up and streaming.open is not None:
                self._write_tail(streaming)
        if not streaming.caught_up and not self._catch_up_timer.isActive():
            self._catch_up_timer.start()

    def _write_slice(self, streaming: StreamingMarkdown) -> None:
        """Finished blocks, for at most ``RENDER_SLICE_S`` (at least one block)."""
        doc = self.document()
        writer = writer_for(self._theme)
        deadline = time.perf_counter() + RENDER_SLICE_S
        wrote = False
        while streaming.peek() is not None and (not wrote or time.perf_counter() < deadline):
            wrote = True
            block, index = streaming.take()
            if block.kind == "code":
                writer.append(doc, block, index)
                continue
            parts, size = [block.text], len(block.text)
            # A table is written on its own: its way into the document costs a copy (DocumentWriter).
            while (size < PROSE_GROUP_CHARS and not may_hold_table(parts[0])
                   and (after := streaming.peek()) is not None and after.kind == "text"
                   and not may_hold_table(after.text)):
                parts.append(streaming.take()[0].text)
                size += len(parts[-1])
            writer.append_prose(doc, "".join(parts))

    def _write_tail(self, streaming: StreamingMarkdown) -> None:
        """The open block, remembered so that the next update can take it out again."""
        assert streaming.open is not None
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self._tail_start = cursor.position()
        self._tail_formats = (cursor.blockFormat(), cursor.blockCharFormat())
        writer_for(self._theme).append(self.document(), streaming.open, streaming.open_code_index())

    def _remove_tail(self) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._tail_start or 0)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # Removing across blocks leaves the surviving block with the *last* block's format (a list
        # item's, say): put back the formats it had before the tail was written.
        block_format, char_format = self._tail_formats
        cursor.setBlockFormat(block_format)
        cursor.setBlockCharFormat(char_format)
        self._tail_start = None

    def _catch_up(self) -> None:
        if self._streaming is not None and not self._streaming.caught_up:
            self.stream(self._text)

    def _hold_repaint(self) -> None:
        """Keep the document's changes off the screen until a frame is due (at most one per FRAME_S)."""
        viewport = self.viewport()
        if self._frame_timer.isActive():
            return  # already held: the frame timer shows everything changed meanwhile
        wait = self._last_frame + FRAME_S - time.perf_counter()
        if wait <= 0:
            self._last_frame = time.perf_counter()  # this change is painted on the next turn
            return
        viewport.setUpdatesEnabled(False)
        self._frame_timer.start(max(1, int(wait * 1000)))

    def _release_frame(self) -> None:
        self._last_frame = time.perf_counter()
        self.viewport().setUpdatesEnabled(True)  # repaints the whole viewport once

    @property
    def caught_up(self) -> bool:
        return self._streaming is None or self._streaming.caught_up

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.extra_menu is not None:
            extra = self.extra_menu()
            extra.setParent(menu, extra.windowFlags())
            menu.addSeparator()
            for action in extra.actions():
                menu.addAction(action)
        menu.popup(event.globalPos())

    def _copy_code(self, index: int) -> None:
        codes = self.codes
        if 0 <= index < len(codes):
            QGuiApplication.clipboard().setText(codes[index])
