"""One message as a card: header (role, model, ‹k/n›, actions), content, facts, status.

The card renders state and forwards intent: every change goes out through ``action``
(name, message id, argument) and the controller edits the conversation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.conversation import ROLES, Message
from parley.ui.conversation import message_copy
from parley.ui.conversation.live_turn import LiveTurn
from parley.ui.conversation.markdown_view import MarkdownView
from parley.ui.conversation.message_parts import (
    ReasoningSection,
    RefusalBox,
    StatusRow,
    ToolCallCard,
    image_parts_html,
    plain_label,
)
from parley.ui.conversation.turn_facts import turn_facts
from parley.ui.engine_text import localize
from parley.ui.theme import Theme, current_theme

MARKDOWN_ROLES = ("assistant", "tool")


def _tool_button(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class MessageEditor(QWidget):
    """In-place editing of a message's role and text."""

    saved = Signal(str, str, str)  # role, text, tool call id (a tool message answers one call)
    cancelled = Signal()

    def __init__(self, role: str, text: str, parent: QWidget | None = None, *, call_id: str = "",
                 calls: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.role = QComboBox(self)
        self.role.addItems(list(ROLES))
        self.role.setCurrentText(role)
        self.role.setToolTip(self.tr("Role of this message"))
        # A tool message must name the call it answers (tool_call_id), or providers reject it:
        # the calls of the assistant messages above, nearest first; any id can be typed.
        self.call = QComboBox(self)
        self.call.setEditable(True)
        self.call.setMinimumContentsLength(14)
        for call, name in calls or []:
            self.call.addItem(call)
            self.call.setItemData(self.call.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        # a new (empty) tool message most likely answers the nearest call; an existing one keeps its own
        self.call.setCurrentText(call_id or (calls[0][0] if calls and not text else ""))
        if self.call.lineEdit() is not None:
            self.call.lineEdit().setPlaceholderText(self.tr("tool call id"))
        self.call.setToolTip(self.tr("The tool call this message answers (tool_call_id)"))
        self.role.currentTextChanged.connect(lambda r: self.call.setVisible(r == "tool"))
        self.call.setVisible(role == "tool")
        self.text = QPlainTextEdit(self)
        self.text.setPlainText(text)
        self.text.setTabChangesFocus(True)
        lines = max(3, min(18, text.count("\n") + 2 + len(text) // 90))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * lines + 16)
        buttons = QHBoxLayout()
        hint = plain_label(self.tr("Ctrl+Enter saves · Esc cancels"), self)
        hint.setEnabled(False)
        save = QPushButton(self.tr("Save"), self)
        save.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        save.clicked.connect(self._save)
        cancel.clicked.connect(self.cancelled)
        buttons.addWidget(self.role)
        buttons.addWidget(self.call)
        buttons.addWidget(hint, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.text.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # ShortcutOverride first: Ctrl+Enter and Esc belong to the editor, not to the window's Send/Stop.
        kinds = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        if obj is self.text and event.type() in kinds and isinstance(event, QKeyEvent):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            save = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl
            cancel = event.key() == Qt.Key.Key_Escape
            if save or cancel:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self._save() if save else self.cancelled.emit()
                    return True
                return False
        return super().eventFilter(obj, event)

    def state(self) -> tuple[str, str, str]:
        """Role, text and tool call id as typed so far."""
        return self.role.currentText(), self.text.toPlainText(), self.call.currentText().strip()

    def _save(self) -> None:
        self.saved.emit(*self.state())


class MessageWidget(QFrame):
    """A card for one message; ``action`` asks the controller to change the conversation."""

    action = Signal(str, str, object)  # name, message id, argument

    def __init__(self, message: Message, theme: Theme | None = None, parent: QWidget | None = None, *,
                 calls_above: Callable[[str], list[tuple[str, str]]] | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.theme = theme or current_theme()
        self.index = 0
        self.count = 1
        self.live: LiveTurn | None = None
        self.editor: MessageEditor | None = None
        # (id, function name) of the tool calls above a message, nearest first (the view knows them)
        self.calls_above: Callable[[str], list[tuple[str, str]]] = calls_above or (lambda _message_id: [])
        self._reasoning: ReasoningSection | None = None
        self._refusal: RefusalBox | None = None
        self._status: StatusRow | None = None
        self._cards: list[ToolCallCard] = []
        self.setObjectName("message")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(
            f"QFrame#message {{ background: {self.theme.card}; border: 1px solid {self.theme.card_border};"
            f" border-radius: 8px; }}"
        )
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 6, 12, 8)
        self._layout.setSpacing(4)
        self._build_header()
        self.body = MarkdownView(self, self.theme)
        self.body.extra_menu = self.build_menu
        self._layout.addWidget(self.body)
        self._extras = QVBoxLayout()
        self._extras.setSpacing(4)
        self._layout.addLayout(self._extras)
        self.facts = plain_label("", self)
        self.facts.setStyleSheet(f"color: {self.theme.muted};")
        self.facts.setWordWrap(True)
        self._layout.addWidget(self.facts)
        self.render()

    # Header ---------------------------------------------------------------------------------

    def _build_header(self) -> None:
        # Cards are created while scrolling: keep them cheap. Menus are built when opened and
        # the ‹k/n› navigation only when a message has alternatives.
        row = QHBoxLayout()
        row.setSpacing(6)
        self.role_label = plain_label("", self)
        font = self.role_label.font()
        font.setBold(True)
        self.role_label.setFont(font)
        self.model_label = plain_label("", self)
        self.model_label.setStyleSheet(f"color: {self.theme.muted};")
        self.prev_button: QToolButton | None = None
        self.alt_label: QLabel | None = None
        self.next_button: QToolButton | None = None
        self.copy_button = _tool_button(self.tr("Copy"), self.tr("Copy this message as text, Markdown or JSON"), self)
        self.copy_button.clicked.connect(lambda: self._popup(self._copy_menu(), self.copy_button))
        self.edit_button = _tool_button(self.tr("Edit"), self.tr("Edit this message's role and text"), self)
        self.edit_button.clicked.connect(self.start_edit)
        self.regen_button = _tool_button("↻", self.tr("Regenerate this answer (the current one stays as ‹k/n›)"), self)
        self.regen_button.clicked.connect(lambda: self._emit("regenerate"))
        self.more_button = _tool_button("⋯", self.tr("More: insert, move, branch, delete"), self)
        self.more_button.clicked.connect(lambda: self._popup(self._more_menu(), self.more_button))
        for w in (self.role_label, self.model_label):
            row.addWidget(w)
        row.addStretch(1)
        for w in (self.copy_button, self.edit_button, self.regen_button, self.more_button):
            row.addWidget(w)
        self._header = row
        self._layout.addLayout(row)

    def _ensure_alternative_nav(self) -> None:
        if self.alt_label is not None:
            return
        self.prev_button = _tool_button("‹", self.tr("Previous alternative"), self)
        self.alt_label = plain_label("", self)
        self.next_button = _tool_button("›", self.tr("Next alternative"), self)
        self.prev_button.clicked.connect(lambda: self._step_alternative(-1))
        self.next_button.clicked.connect(lambda: self._step_alternative(1))
        at = self._header.indexOf(self.copy_button)
        for offset, w in enumerate((self.prev_button, self.alt_label, self.next_button)):
            self._header.insertWidget(at + offset, w)

    def _popup(self, menu: QMenu, button: QToolButton) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def _copy_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.tr("Copy as text"), lambda: self.copy("text"))
        menu.addAction(self.tr("Copy as Markdown"), lambda: self.copy("markdown"))
        menu.addAction(self.tr("Copy as JSON"), lambda: self.copy("json"))
        return menu

    def _more_menu(self, menu: QMenu | None = None) -> QMenu:
        menu = menu or QMenu(self)
        for where, title in (("above", self.tr("Insert message above")), ("below", self.tr("Insert message below"))):
            sub = menu.addMenu(title)
            for role in ROLES:
                sub.addAction(role, lambda w=where, r=role: self._emit("insert", (w, r)))
        self._move_up = menu.addAction(self.tr("Move up"), lambda: self._emit("move", -1))
        self._move_down = menu.addAction(self.tr("Move down"), lambda: self._emit("move", 1))
        menu.addAction(self.tr("Branch from here"), lambda: self._emit("branch"))
        menu.addSeparator()
        delete = QAction(self.tr("Delete"), menu)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutVisibleInContextMenu(False)
        delete.triggered.connect(lambda: self._emit("delete"))
        menu.addAction(delete)
        menu.aboutToShow.connect(self._update_move_actions)
        return menu

    def build_menu(self) -> QMenu:
        """The full per-message context menu."""
        menu = QMenu(self)
        menu.addMenu(self._copy_menu()).setText(self.tr("Copy"))
        menu.addAction(self.tr("Edit"), self.start_edit)
        if self.message.role == "assistant":
            menu.addAction(self.tr("Regenerate"), lambda: self._emit("regenerate"))
        menu.addSeparator()
        self._more_menu(menu)
        self._update_move_actions()
        return menu

    def _update_move_actions(self) -> None:
        self._move_up.setEnabled(self.index > 0)
        self._move_down.setEnabled(self.index < self.count - 1)

    def heightForWidth(self, width: int) -> int:
        # Qt answers -1 when nothing shown has a height-for-width (an open editor hides the body,
        # the only part that has one): the view would then give the card no height at all.
        height = super().heightForWidth(width)
        return height if height >= 0 else self.sizeHint().height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Delete on a focused card (its buttons or its read-only text) deletes the message, as in
        # its menu; an open editor keeps the key for its text. Edit › Undo delete brings it back.
        if event.matches(QKeySequence.StandardKey.Delete) and self.editor is None \
                and not (self.body.hasFocus() and self.body.textCursor().hasSelection()):
            event.accept()
            view = self.parentWidget().parentWidget() if self.parentWidget() is not None else None
            if view is not None:  # not the next card's button: a held key would delete one after another
                view.setFocus()
            self._emit("delete")
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.build_menu().popup(event.globalPos())

    def _emit(self, name: str, arg: Any = None) -> None:
        self.action.emit(name, self.message.id, arg)

    def _step_alternative(self, step: int) -> None:
        alts = self.message.alternatives()
        k = self.alternative_index() + step
        if 0 <= k < len(alts):
            self._emit("select", k)

    def alternative_index(self) -> int:
        alts = self.message.alternatives()
        gen = self.message.generation
        key = (self.message.selected_generation, gen.selected_choice if gen else 0)
        return alts.index(key) if key in alts else 0

    def set_position(self, index: int, count: int) -> None:
        self.index, self.count = index, count

    def bind(self, message: Message) -> None:
        """Show another message in this card (the view recycles cards while scrolling)."""
        if self.editor is not None:
            self.finish_edit()
        self.message = message
        self.live = None
        self.render()

    # Rendering ----------------------------------------------------------------------------------

    def render(self) -> None:
        """Show the message as stored (and the live state on top while it streams)."""
        m = self.message
        self.role_label.setText(m.role)
        self.role_label.setStyleSheet(f"color: {self.theme.role_color(m.role)};")
        gen = m.generation
        model = (self.live.model if self.live else None) or (gen.model if gen else None) \
            or ((gen.request or {}).get("model") if gen else None)
        edited = m.edited or (gen is not None and gen.edited)
        self.model_label.setText(" · ".join(x for x in (model, self._answers(), self.tr("edited") if edited else None)
                                            if x))
        alts = m.alternatives()
        many = len(alts) > 1
        if many:
            self._ensure_alternative_nav()
        if self.alt_label is not None and self.prev_button is not None and self.next_button is not None:
            for w in (self.prev_button, self.alt_label, self.next_button):
                w.setVisible(many)
            k = self.alternative_index()
            self.alt_label.setText(f"{k + 1}/{len(alts)}")
            self.prev_button.setEnabled(k > 0)
            self.next_button.setEnabled(k < len(alts) - 1)
        self.regen_button.setVisible(m.role == "assistant")
        busy = self.live is not None and self.live.running
        for w in (self.edit_button, self.regen_button, self.more_button):
            w.setEnabled(not busy)
        if self.live is not None and self.live.running:
            self._render_live()
            return
        self._render_body()
        self._render_reasoning(m.reasoning or "", False)
        self._render_refusal(m.refusal or "")
        self._render_tool_calls(m.tool_calls or [], False)
        self._render_facts()
        self._render_status()

    def _answers(self) -> str | None:
        """For a tool message: which call it answers (providers reject one without a call id)."""
        m = self.message
        if m.role != "tool":
            return None
        if not m.tool_call_id:
            return self.tr("answers no tool call: Edit to set its call id")
        name = dict(self.calls_above(m.id)).get(m.tool_call_id)
        return self.tr("answers {call}").format(call=f"{name} · {m.tool_call_id}" if name else m.tool_call_id)

    def _render_body(self) -> None:
        m = self.message
        text = m.text
        images = isinstance(m.content, list) and any(p.get("type") == "image_url" for p in m.content)
        if m.role == "tool":
            try:
                pretty = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
                text = f"```json\n{pretty}\n```\n"
            except ValueError:
                pass
        if m.role in MARKDOWN_ROLES and not images:
            self.body.set_markdown(text)
        elif images:
            assert isinstance(m.content, list)
            paragraphs = "".join(f"<p>{escape(line) or '&nbsp;'}</p>" for line in text.split("\n")) if text else ""
            self.body.set_html(paragraphs + "<p>" + image_parts_html(m.content, self.body) + "</p>")
        else:
            self.body.set_plain(text)
        empty = not text and not images
        self.body.setVisible(not empty or not (m.tool_calls or m.refusal))

    def _render_reasoning(self, text: str, streaming: bool) -> None:
        if text and self._reasoning is None:
            self._reasoning = ReasoningSection(self.theme, self)
            self._layout.insertWidget(1, self._reasoning)
        if self._reasoning is not None:
            self._reasoning.set_text(text, streaming, self.message.id)
            self._reasoning.setVisible(bool(text))

    def _render_refusal(self, text: str) -> None:
        if text and self._refusal is None:
            self._refusal = RefusalBox(self.theme, self)
            self._extras.insertWidget(0, self._refusal)
        if self._refusal is not None:
            self._refusal.set_text(text)
            self._refusal.setVisible(bool(text))

    def _render_tool_calls(self, calls: list[dict[str, Any]], streaming: bool) -> None:
        while len(self._cards) < len(calls):
            card = ToolCallCard(self.theme, self)
            self._extras.addWidget(card)
            self._cards.append(card)
        for card, call in zip(self._cards, calls, strict=False):
            card.set_call(call, streaming)
            card.show()
        for card in self._cards[len(calls):]:
            card.hide()

    def _render_facts(self) -> None:
        facts = turn_facts(self.message.generation) if self.message.role == "assistant" else []
        self.facts.setText("  ·  ".join(f.label for f in facts))
        self.facts.setToolTip("\n".join(f"{f.label}: {f.tip}" for f in facts))
        self.facts.setVisible(bool(facts))

    def _status_row(self) -> StatusRow:
        if self._status is None:
            self._status = StatusRow(self.theme, self)
            self._status.retryRequested.connect(lambda: self._emit("retry"))
            self._layout.addWidget(self._status)
        return self._status

    def _render_status(self) -> None:
        gen = self.message.generation
        live = self.live
        if (live is not None and live.status == "failed") or (gen is not None and gen.error):
            error = (live.error if live is not None and live.error else None) or (gen.error if gen else None) or ""
            self._status_row().show_status("error", localize(error))
        elif live is not None and live.status == "stopped":
            self._status_row().show_status("stopped", self.tr("Stopped — the text above is what arrived."))
        elif gen is not None and gen.interrupted and gen.timings.sent is not None and gen.timings.finished is None:
            self._status_row().show_status("stopped", self.tr(
                "Cut off — Parley ended before this answer was complete; the text above is what was saved."))
        elif gen is not None and gen.interrupted:
            self._status_row().show_status("stopped", self.tr("Stopped — the text above is what arrived."))
        elif self._status is not None:
            self._status.hide()

    def _render_live(self) -> None:
        live = self.live
        assert live is not None
        self.body.stream(live.text)
        self.body.setVisible(bool(live.text) or not (live.tool_calls or live.refusal))
        self._render_reasoning(live.reasoning, True)
        self._render_refusal(live.refusal)
        calls = [{"id": c["id"], "function": {"name": c["name"], "arguments": c["arguments"]}}
                 for _, c in sorted(live.tool_calls.items())]
        self._render_tool_calls(calls, True)
        self.facts.hide()
        if live.status == "retrying":
            self._status_row().show_status("info", self.tr("Retrying: {reason}").format(reason=localize(live.retry_note)))
        elif live.status == "waiting":
            self._status_row().show_status("info", self.tr("Waiting for the first token…"))
        elif self._status is not None:
            self._status.hide()

    def show_live(self, live: LiveTurn | None) -> None:
        """Follow a streaming reply (called by the view at most every ~30 ms)."""
        was_running = self.live is not None and self.live.running
        self.live = live
        if live is not None and live.running:
            if not was_running:
                self.render()
            else:
                self._render_live()
        else:
            self.render()

    # Editing ---------------------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self.editor is not None

    def start_edit(self, draft: tuple[str, str, str] | None = None, *, focus: bool = True) -> None:
        """Open the editor on the message, or on ``draft`` (role, text, call id): an edit the view kept unsaved."""
        if self.editor is not None or (self.live is not None and self.live.running):
            return
        role, text, call_id = draft or (self.message.role, self.message.text, self.message.tool_call_id or "")
        self.editor = MessageEditor(role, text, self, call_id=call_id, calls=self.calls_above(self.message.id))
        self.editor.saved.connect(lambda role, text, call: self._emit("edit", (role, text, call)))
        self.editor.cancelled.connect(self._cancel_edit)
        self._layout.insertWidget(self._layout.indexOf(self.body), self.editor)
        self.editor.show()  # now: a child added to a shown card is shown only later, and the view measures now
        self.body.hide()
        if focus:
            self.editor.text.setFocus()

    def draft(self) -> tuple[str, str, str] | None:
        """The open editor's role, text and tool call id (None when not editing)."""
        return self.editor.state() if self.editor is not None else None

    def _cancel_edit(self) -> None:
        self.finish_edit()
        self._emit("cancel_edit", None)  # a message inserted just for this edit goes again

    def finish_edit(self) -> None:
        if self.editor is None:
            return
        self.editor.hide()
        self.editor.deleteLater()
        self.editor = None
        self.render()

    # Copy and find -------------------------------------------------------------------------------

    def copy(self, fmt: str) -> None:
        text = {"text": message_copy.as_text, "markdown": message_copy.as_markdown,
                "json": message_copy.as_json}[fmt](self.message)
        QGuiApplication.clipboard().setText(text)

    def highlight(self, query: str) -> bool:
        """Select the first occurrence of ``query`` in the body, else in the reasoning (which opens to
        show it); False when it is in neither."""
        self._found_in = self.body
        self.body.moveCursor(QTextCursor.MoveOperation.Start)
        if self.body.find(query):
            return True
        self.body.setTextCursor(QTextCursor(self.body.document()))
        section = self._reasoning
        if section is None or query.casefold() not in (self.message.reasoning or "").casefold():
            return False
        if not section.is_open:
            section.toggle.setChecked(True)  # the match is in the reasoning: show it
        self._found_in = section.body
        section.body.moveCursor(QTextCursor.MoveOperation.Start)
        return bool(section.body.find(query))

    def find_rect_y(self) -> int:
        """Vertical offset of the current selection inside the card (to scroll it into view)."""
        view = getattr(self, "_found_in", self.body)
        return view.mapTo(self, view.cursorRect().topLeft()).y()

