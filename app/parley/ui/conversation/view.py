"""The conversation pane: a virtualized column of message cards.

Only the cards near the viewport exist as widgets; every other message is a row with a
height (measured once seen, estimated from its text before). So a 1,000-message
conversation opens as fast as a short one and scrolling creates a handful of cards at a
time. When a measured height differs from the estimate, the scroll position is corrected
around the first visible row so the text under the user's eyes does not jump.
"""

from __future__ import annotations

import bisect
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QFrame, QWidget

from parley.core.conversation import Message
from parley.ui.conversation.live_turn import LiveTurn
from parley.ui.conversation.message_widget import MessageWidget
from parley.ui.theme import Theme, current_theme

SPACING = 10
SIDE_MARGIN = 16
MAX_CARD_WIDTH = 980
OVERSCAN_PX = 400  # cards are created this far outside the viewport, so scrolling finds them ready
KEEP_HIDDEN = 24  # hidden cards kept for a quick return before they are destroyed
# A card that grows (a streaming reply catching up) is measured again at most once per frame:
# each relayout scrolls to the tail and repaints the viewport, which costs as much as rendering.
FRAME_MS = 16


@dataclass
class _Row:
    message: Message
    height: int
    measured: bool = False


class ConversationView(QAbstractScrollArea):
    """Shows the messages of a conversation's active branch; ``action`` forwards card intents."""

    action = Signal(str, str, object)  # name, message id, argument (see MessageWidget)
    messageSelected = Signal(str)  # the user clicked into (focused) a message's card
    editCommitted = Signal(str, object)  # message id, (role, text, tool call id): an open edit to save as it is

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.send_key_name = "Enter"  # named in the empty page's hint (the window sets the user's choice)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().setSingleStep(48)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # cards (Base-like) stand out
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._rows: list[_Row] = []
        self._tops: list[int] = [0]
        self._widgets: OrderedDict[str, MessageWidget] = OrderedDict()
        self._heights: dict[str, tuple[int, int]] = {}  # message id -> (width, height) once measured
        self._live_for: Callable[[str], LiveTurn | None] = lambda _id: None
        self._width = 0
        self._in_layout = False
        self._follow_tail = True
        self._dirty: set[str] = set()
        self._drafts: dict[str, tuple[str, str, str]] = {}  # unsaved edits of messages without a card right now
        self._parked: set[str] = set()  # cards hidden by an earlier layout: free to show another message
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._relayout_timer.timeout.connect(self._relayout)
        self._last_relayout = 0.0
        self._held = False  # repaints held back until the next (paced) relayout
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # Public API ---------------------------------------------------------------------------------

    def set_live_source(self, live_for: Callable[[str], LiveTurn | None]) -> None:
        """Where a newly created card finds the streaming state of its message."""
        self._live_for = live_for

    def set_messages(self, messages: list[Message], *, scroll_to_end: bool = True) -> None:
        """Show these messages (a new conversation or another branch)."""
        self._clear_widgets()
        self._heights.clear()
        self._rows = [_Row(m, self._estimate(m)) for m in messages]
        self._follow_tail = scroll_to_end
        self._relayout(force_end=scroll_to_end)
        if not scroll_to_end:
            self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def reload(self, messages: list[Message]) -> None:
        """The list changed (insert, delete, move, edit): keep what is still valid, redo the rest."""
        known = {m.id for m in messages}
        for mid in [mid for mid in self._widgets if mid not in known]:
            self._drop_widget(mid)
        rows = []
        for m in messages:
            width_height = self._heights.get(m.id)
            measured = width_height is not None and width_height[0] == self._width and m.id not in self._dirty
            rows.append(_Row(m, width_height[1] if width_height else self._estimate(m), measured))
        self._rows = rows
        self.viewport().update()
        for mid, widget in list(self._widgets.items()):
            message = next((r.message for r in rows if r.message.id == mid), None)
            if message is not None and widget.message is not message:
                self._drop_widget(mid)
        # Laid out on the next turn: a send reloads twice (the user's message, then the reply's
        # card) and scrolls to the end; each synchronous layout created cards (~8 ms each).
        self._relayout_timer.start(0)

    def refresh_message(self, message_id: str) -> None:
        """Render one message again (after an edit or a new alternative was selected)."""
        widget = self._widgets.get(message_id)
        if widget is not None:
            widget.finish_edit() if widget.editing else widget.render()
        self._mark_dirty(message_id)

    def update_live(self, message_id: str) -> None:
        """A streaming message has new content: repaint its tail and follow it if at the bottom."""
        widget = self._widgets.get(message_id)
        if widget is not None:
            widget.show_live(self._live_for(message_id))
        self._mark_dirty(message_id)

    def widget_for(self, message_id: str) -> MessageWidget | None:
        """The card of a message if it currently exists (near the viewport)."""
        return self._widgets.get(message_id)

    def scroll_to_message(self, message_id: str, y_in_card: int = 0) -> MessageWidget | None:
        """Bring a message into view and return its card."""
        index = self._index_of(message_id)
        if index is None:
            return None
        self._follow_tail = False
        self._relayout_now()
        bar = self.verticalScrollBar()
        bar.setValue(max(0, self._tops[index] + y_in_card - SPACING))
        self._relayout_now()
        return self._widgets.get(message_id)

    def scroll_to_end(self) -> None:
        self._follow_tail = True
        if self._relayout_timer.isActive() and self._relayout_timer.interval() == 0:
            return  # a reload's layout is due on this turn anyway: it follows the tail
        self._relayout_now(force_end=True)

    def start_edit(self, message_id: str) -> None:
        widget = self.scroll_to_message(message_id)
        if widget is not None:
            widget.start_edit()
            self._mark_dirty(message_id)
            self.scroll_to_message(message_id)  # measured again with its editor: all of it in view

    def open_edits(self) -> dict[str, tuple[str, str, str]]:
        """Every unsaved in-place edit: message id -> (role, text, tool call id), whether its card exists or not."""
        edits = dict(self._drafts)
        for mid, widget in self._widgets.items():
            draft = widget.draft()
            if draft is not None:
                edits[mid] = draft
        return edits

    def commit_edits(self) -> None:
        """Save every open edit, as its Save button would (before the window closes or the conversation
        is replaced: an edit in progress is never thrown away). ``editCommitted`` carries each one."""
        edits = self.open_edits()
        self._drafts.clear()
        for mid, draft in edits.items():
            self.editCommitted.emit(mid, draft)

    def tool_calls_above(self, message_id: str) -> list[tuple[str, str]]:
        """(id, function name) of the tool calls in the messages above ``message_id``, nearest first."""
        calls: list[tuple[str, str]] = []
        for row in self._rows:
            if row.message.id == message_id:
                break
            calls += [(str(c.get("id") or ""), str((c.get("function") or {}).get("name") or ""))
                      for c in row.message.tool_calls or [] if c.get("id")]
        return calls[::-1]

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        value = self.verticalScrollBar().value()
        self.set_messages([r.message for r in self._rows], scroll_to_end=self._follow_tail)
        if not self._follow_tail:
            self.verticalScrollBar().setValue(value)

    @property
    def message_count(self) -> int:
        return len(self._rows)

    @property
    def materialized(self) -> int:
        """How many cards exist right now (the rest are rows with a height)."""
        return len(self._widgets)

    @property
    def following_tail(self) -> bool:
        return self._follow_tail

    # Layout -----------------------------------------------------------------------------------

    def _card_width(self) -> int:
        return max(200, min(MAX_CARD_WIDTH, self.viewport().width() - 2 * SIDE_MARGIN))

    def _estimate(self, message: Message) -> int:
        fm = self.fontMetrics()
        chars_per_line = max(20, (self._card_width() - 40) // max(1, fm.averageCharWidth()))
        text = message.text
        lines = text.count("\n") + len(text) // chars_per_line + 1
        height = 52 + lines * fm.lineSpacing()
        if isinstance(message.content, list):
            height += 210 * sum(1 for p in message.content if p.get("type") == "image_url")
        height += 120 * len(message.tool_calls or [])
        if message.generation is not None:
            height += fm.lineSpacing() + 4
        return height

    def _mark_dirty(self, message_id: str) -> None:
        self._dirty.add(message_id)
        if not self._relayout_timer.isActive():
            wait_ms = int(FRAME_MS - (time.perf_counter() - self._last_relayout) * 1000)
            if wait_ms > 0 and not self._held:
                # A frame was painted less than FRAME_MS ago: the card's changes are shown with the
                # next relayout, in one repaint, instead of a repaint of the whole window per change.
                self._held = True
                self.setUpdatesEnabled(False)
            self._relayout_timer.start(max(0, wait_ms))

    def _relayout_now(self, force_end: bool = False) -> None:
        self._relayout_timer.stop()
        self._relayout(force_end=force_end)

    def _recompute_tops(self) -> None:
        tops = [0] * (len(self._rows) + 1)
        y = SPACING
        for i, row in enumerate(self._rows):
            tops[i] = y
            y += row.height + SPACING
        tops[len(self._rows)] = y
        self._tops = tops

    def _index_of(self, message_id: str) -> int | None:
        for i, row in enumerate(self._rows):
            if row.message.id == message_id:
                return i
        return None

    def _relayout(self, force_end: bool = False) -> None:
        if self._in_layout:
            return
        self._in_layout = True
        try:
            self._do_relayout(force_end)
        finally:
            self._in_layout = False
            self._last_relayout = time.perf_counter()
            if self._held:
                self._held = False
                self.setUpdatesEnabled(True)  # one repaint for everything changed meanwhile

    def _do_relayout(self, force_end: bool) -> None:
        bar = self.verticalScrollBar()
        width = self._card_width()
        if width != self._width:
            self._width = width
            for row in self._rows:
                row.measured = False
        for row in self._rows:
            if row.message.id in self._dirty:
                row.measured = False
        self._dirty.clear()
        self._recompute_tops()
        viewport_h = self.viewport().height()
        follow = force_end or self._follow_tail
        # Anchor: the first visible row and how far into it the view starts.
        value = bar.value()
        anchor = max(0, bisect.bisect_right(self._tops, value) - 1) if self._rows else 0
        anchor = min(anchor, max(0, len(self._rows) - 1))
        offset = value - self._tops[anchor] if self._rows else 0
        for _ in range(4):  # measuring can change heights, which can change what is visible
            if follow:
                value = max(0, self._tops[-1] - viewport_h)
            lo, hi = self._visible_range(value - OVERSCAN_PX, value + viewport_h + OVERSCAN_PX)
            changed = False
            for i in range(lo, hi):
                row = self._rows[i]
                widget = self._ensure_widget(row.message)
                widget.set_position(i, len(self._rows))
                if not row.measured:
                    height = widget.heightForWidth(width)
                    row.measured = True
                    self._heights[row.message.id] = (width, height)
                    if height != row.height:
                        row.height = height
                        changed = True
            if not changed:
                break
            self._recompute_tops()
            if not follow and self._rows:
                value = self._tops[anchor] + offset
        total = self._tops[-1] if self._rows else 0
        bar.setPageStep(max(1, viewport_h))
        bar.setRange(0, max(0, total - viewport_h))
        if follow:
            value = bar.maximum()
        bar.setValue(max(0, min(value, bar.maximum())))
        self._position_widgets(bar.value(), viewport_h)

    def _visible_range(self, y0: int, y1: int) -> tuple[int, int]:
        if not self._rows:
            return 0, 0
        lo = max(0, bisect.bisect_right(self._tops, y0) - 1)
        hi = min(len(self._rows), bisect.bisect_left(self._tops, y1) + 1)
        return lo, hi

    def _position_widgets(self, value: int, viewport_h: int) -> None:
        lo, hi = self._visible_range(value - OVERSCAN_PX, value + viewport_h + OVERSCAN_PX)
        visible_ids = set()
        x = max(SIDE_MARGIN, (self.viewport().width() - self._width) // 2)
        for i in range(lo, hi):
            row = self._rows[i]
            widget = self._widgets.get(row.message.id)
            if widget is None:
                continue
            visible_ids.add(row.message.id)
            widget.setGeometry(x, self._tops[i] - value, self._width, row.height)
            self._parked.discard(row.message.id)
            if not widget.isVisible():
                widget.show()
        hidden = [mid for mid in self._widgets if mid not in visible_ids]
        for mid in hidden:
            widget = self._widgets[mid]
            if widget.editing and widget.isVisible():
                widget.move(x, -10_000)  # keep unsaved edits alive off-screen
            elif widget.isVisible():
                widget.hide()
            self._parked.add(mid)
        # Destroy the oldest hidden cards beyond a small cache (editing ones survive).
        disposable = [mid for mid in hidden if not self._widgets[mid].editing]
        for mid in disposable[: max(0, len(disposable) - KEEP_HIDDEN)]:
            self._drop_widget(mid)

    def _ensure_widget(self, message: Message) -> MessageWidget:
        widget = self._widgets.get(message.id)
        if widget is not None:
            self._widgets.move_to_end(message.id)
            return widget
        widget = self._recycle()
        if widget is not None:
            widget.bind(message)
        else:
            widget = MessageWidget(message, self.theme, self.viewport(), calls_above=self.tool_calls_above)
            widget.action.connect(self.action)
            widget.installEventFilter(self)
            widget.resize(self._width or self._card_width(), 10)
        live = self._live_for(message.id)
        if live is not None:
            widget.show_live(live)
        draft = self._drafts.pop(message.id, None)
        if draft is not None:
            widget.start_edit(draft, focus=False)
        self._widgets[message.id] = widget
        return widget

    def _recycle(self) -> MessageWidget | None:
        """A hidden card from an earlier screenful, to show another message (cheaper than a new one)."""
        for mid in self._widgets:  # least recently used first
            widget = self._widgets[mid]
            if mid in self._parked and not widget.editing:
                del self._widgets[mid]
                self._parked.discard(mid)
                return widget
        return None

    def _drop_widget(self, message_id: str) -> None:
        widget = self._widgets.pop(message_id, None)
        self._parked.discard(message_id)
        if widget is not None:
            draft = widget.draft()
            if draft is not None:  # rebuilt cards (theme, branch switch) reopen the edit where it was
                self._drafts[message_id] = draft
            widget.removeEventFilter(self)
            widget.hide()
            widget.deleteLater()

    def _clear_widgets(self) -> None:
        for mid in list(self._widgets):
            self._drop_widget(mid)

    # Events ---------------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # A card's content changed size (reasoning opened, editor shown): measure it again.
        if event.type() == QEvent.Type.LayoutRequest and isinstance(obj, MessageWidget) and not self._in_layout:
            self._mark_dirty(obj.message.id)
        return super().eventFilter(obj, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._rows:
            return
        # An empty conversation says what to do instead of showing a blank page.
        painter = QPainter(self.viewport())
        painter.setPen(QColor(self.theme.muted))
        painter.drawText(self.viewport().rect().adjusted(40, 40, -40, -40),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text())
        painter.end()

    def empty_text(self) -> str:
        return self.tr("No messages yet.\n\nWrite below and press {key} to ask the model, "
                       "or pick a role (system, developer…) and press Add to build a prompt first."
                       ).format(key=self.send_key_name)

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        widget = now
        while widget is not None and not isinstance(widget, MessageWidget):
            widget = widget.parentWidget()
        if widget is not None and self._widgets.get(widget.message.id) is widget:
            self.messageSelected.emit(widget.message.id)

    def _on_scrolled(self, value: int) -> None:
        if self._in_layout:
            return
        bar = self.verticalScrollBar()
        self._follow_tail = value >= bar.maximum() - 4
        self._relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(0)
        elif event.key() == Qt.Key.Key_End:
            self.scroll_to_end()
        else:
            super().keyPressEvent(event)
