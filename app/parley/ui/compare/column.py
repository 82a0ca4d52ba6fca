"""One column of a comparison: its target and overrides on top, the streamed answer, its status and
live metrics below, and "Keep this answer".

Run events arrive per chunk; the column batches them (``EventBatcher``, 30–60 ms) and repaints the
answer from the batch: only the open Markdown block is re-rendered (``MarkdownView.stream``). Model
output is untrusted and goes through the same safe rendering as the conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core import events as ev
from parley.core.conversation import Generation, Target
from parley.core.providers import ProviderProfile
from parley.services.compare import (
    NOT_RUN,
    CompareTarget,
    Measured,
    OutputCounter,
    comparable,
    format_metric,
    measure,
    status_of,
    target_label,
)
from parley.ui.compare.overrides import OverridesEditor
from parley.ui.compare.target_picker import ModelLists, TargetPicker
from parley.ui.conversation.live_turn import FLUSH_INTERVAL_MS, EventBatcher, LiveTurn
from parley.ui.conversation.markdown_view import MarkdownView
from parley.ui.conversation.message_parts import ReasoningSection, RefusalBox, ToolCallCard, plain_label
from parley.ui.engine_text import localize
from parley.ui.theme import Theme, current_theme

IDLE = "idle"
# services.compare.NOT_RUN, repeated here only so lupdate offers it; shown as self.tr(NOT_RUN), so if the
# two ever differ the English sentence still shows (untranslated) rather than a stale one.
_NOT_RUN_SOURCE = QT_TRANSLATE_NOOP("CompareColumn", "Not run: the comparison was stopped before this target's turn.")
_TERMINAL = (ev.RunFinished, ev.RunStopped, ev.RunFailed)


def _tool_button(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when the column is too narrow for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        elided = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(10, self.width()))
        super().setText(elided)


class CompareColumn(QFrame):
    """Renders one target's run and forwards intents (duplicate, remove, stop, keep) as signals."""

    duplicate_requested = Signal()
    remove_requested = Signal()
    stop_requested = Signal()
    keep_requested = Signal()
    changed = Signal()  # the target or the overrides were edited
    updated = Signal()  # the run's state or metrics changed (coalesced)
    ended = Signal()  # the run of this column ended (finished, stopped or failed)

    def __init__(self, profiles: dict[str, ProviderProfile], models: ModelLists, parent: QWidget | None = None,
                 theme: Theme | None = None, flush_interval_ms: int = FLUSH_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.setObjectName("compareColumn")
        self.setMinimumWidth(280)
        self._flush_interval_ms = flush_interval_ms
        self.live: LiveTurn | None = None
        self.generation: Generation | None = None
        self.kept = False
        self.prompt_estimate: int | None = None
        self._counter = OutputCounter()
        self._batcher: EventBatcher | None = None
        self._generation_source: Callable[[], Generation | None] | None = None
        self._reasoning: ReasoningSection | None = None
        self._refusal: RefusalBox | None = None
        self._cards: list[ToolCallCard] = []
        self._note = ""  # a one-off sentence (model listing, keep refused) shown until the next run

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(2)
        self.title = ElidedLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.overrides_button = _tool_button("{ }", self.tr("Parameter overrides of this column (JSON)"), self)
        self.overrides_button.setCheckable(True)
        # ⊞ (not ⧉): glyphs from Mathematical Operators exist in the common UI fonts of every platform
        self.duplicate_button = _tool_button("⊞", self.tr("Duplicate this column"), self)
        self.remove_button = _tool_button("✕", self.tr("Remove this column"), self)
        self.stop_button = _tool_button("■", self.tr("Stop this column (what arrived is kept)"), self)
        self.stop_button.hide()
        header.addWidget(self.title, 1)
        for b in (self.stop_button, self.overrides_button, self.duplicate_button, self.remove_button):
            header.addWidget(b)
        layout.addLayout(header)

        self.picker = TargetPicker(profiles, models, self)
        layout.addWidget(self.picker)
        self.overrides = OverridesEditor(self, self.theme)
        self.overrides.hide()
        layout.addWidget(self.overrides)

        self.rule = QFrame(self)  # between the target and the answer
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFixedHeight(1)
        layout.addWidget(self.rule)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.scroll.viewport().setAutoFillBackground(False)  # the card's background shows through
        self._content = QWidget(self.scroll)
        self._content_layout = QVBoxLayout(self._content)
        self._content_layout.setContentsMargins(0, 4, 4, 4)
        self._content_layout.setSpacing(4)
        self.body = MarkdownView(self._content, self.theme)
        self._content_layout.addWidget(self.body)
        self._content_layout.addStretch(1)
        self.scroll.setWidget(self._content)
        self._content.setAutoFillBackground(False)  # setWidget() turned it on
        layout.addWidget(self.scroll, 1)

        self.status = plain_label("", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = plain_label("", self)
        self.facts.setWordWrap(True)
        self.keep_button = QPushButton(self.tr("Keep this answer"), self)
        self.keep_button.setToolTip(self.tr("Add this answer to the conversation as the next assistant turn"))
        self.keep_button.setEnabled(False)
        layout.addWidget(self.status)
        layout.addWidget(self.facts)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.keep_button)
        layout.addLayout(footer)

        self.overrides_button.toggled.connect(self.overrides.setVisible)
        self.duplicate_button.clicked.connect(self.duplicate_requested)
        self.remove_button.clicked.connect(self.remove_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.keep_button.clicked.connect(self.keep_requested)
        self.picker.changed.connect(self._edited)
        self.picker.notice.connect(self.show_note)
        self.overrides.changed.connect(self._edited)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._follow_tail)
        self._at_end = True
        self.scroll.verticalScrollBar().valueChanged.connect(self._remember_position)
        self.set_theme(self.theme)
        self.number = 1
        self._render_state()

    # Target ----------------------------------------------------------------------------------

    def set_spec(self, target: Target, params: dict[str, Any] | None = None) -> None:
        self.picker.set_target(target)
        self.overrides.set_value(params or {})
        self.overrides_button.setChecked(bool(params))
        self._edited()

    def spec(self) -> CompareTarget:
        """This column's target and overrides; OverridesError when the overrides are not usable."""
        target = self.picker.target()
        params = self.overrides.value()
        return CompareTarget(target_label(target, params), target, params)

    def label(self) -> str:
        target = self.picker.target()
        try:
            params = self.overrides.value()
        except ValueError:
            params = {}
        return target_label(target, params)

    def set_number(self, number: int) -> None:
        self.number = number
        self._update_title()

    def _update_title(self) -> None:
        self.title.setText(f"{self.number}. {self.label()}")
        self.title.setToolTip(self.label())

    def _edited(self) -> None:
        self._update_title()
        self.changed.emit()

    def set_profiles(self, profiles: dict[str, ProviderProfile]) -> None:
        self.picker.set_profiles(profiles)

    # Running ---------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.live is not None and self.live.running

    @property
    def state(self) -> str:
        """idle | waiting | streaming | retrying | stopped | failed | done | not run"""
        if self.live is None:
            return IDLE
        if self.live.running:
            return self.live.status
        if self.generation is not None:
            return status_of(self.generation)
        return self.live.status

    def begin(self, generation_source: Callable[[], Generation | None]) -> None:
        """A run starts: forget the previous answer and follow ``generation_source()`` (None until it starts)."""
        self.clear_result()
        self._generation_source = generation_source
        self.live = LiveTurn(message_id=str(id(self)))
        self._batcher = EventBatcher(self._deliver, self._flush_interval_ms, self)
        self._set_editable(False)
        self._render_state()

    def push(self, event: ev.RunEvent) -> None:
        if self._batcher is not None:
            self._batcher.push(event)

    def mark_stopped(self) -> None:
        """Stop pressed: show "stopped" now, with what arrived; the run's own end follows shortly."""
        if self._batcher is not None:
            self._batcher.flush()
        if self.live is not None and self.live.running:
            self.live.status = "stopped"
            self._render_state()
            self.updated.emit()

    def _deliver(self, batch: list[ev.RunEvent]) -> None:
        live = self.live
        if live is None:
            return
        self._counter.feed(batch)
        stopped_before = live.status == "stopped"
        live.apply(batch)
        if stopped_before and live.running:
            live.status = "stopped"
        if any(isinstance(e, _TERMINAL) for e in batch):
            self._finish()
            return
        self._render_live()
        self.updated.emit()

    def _finish(self) -> None:
        gen = self._generation_source() if self._generation_source is not None else None
        self.generation = gen
        if self.live is not None and self.live.running:
            self.live.status = "done"
        if self._batcher is not None:
            self._batcher.deleteLater()
            self._batcher = None
        self._set_editable(True)
        choice = gen.choice if gen is not None else None
        text = (choice.content or "") if choice is not None else (self.live.text if self.live else "")
        self.body.set_markdown(text)
        self._render_parts(choice.reasoning if choice else None, choice.refusal if choice else None,
                           choice.tool_calls if choice else None, streaming=False)
        self._render_state()
        self.ended.emit()

    def measured(self) -> Measured | None:
        gen = self.generation if self.generation is not None else (
            self._generation_source() if self._generation_source is not None else None)
        if gen is None or (gen.timings.sent is None and not gen.error):
            return None
        return measure(gen, chunks=self._counter.chunks, prompt_estimate=self.prompt_estimate)

    @property
    def comparable(self) -> bool:
        return not self.running and comparable(self.generation)

    def clear_result(self) -> None:
        self.live = None
        self.generation = None
        self.kept = False
        self._note = ""
        self._counter = OutputCounter()
        self._generation_source = None
        if self._batcher is not None:
            self._batcher.deleteLater()
            self._batcher = None
        self.body.set_markdown("")
        self._render_parts(None, None, None, streaming=False)
        self._render_state()

    # Rendering ---------------------------------------------------------------------------------

    def _render_live(self) -> None:
        live = self.live
        assert live is not None
        self.body.stream(live.text)
        calls = [{"id": c["id"], "function": {"name": c["name"], "arguments": c["arguments"]}}
                 for _, c in sorted(live.tool_calls.items())]
        self._render_parts(live.reasoning, live.refusal, calls, streaming=True)
        self._render_state()

    def _render_parts(self, reasoning: str | None, refusal: str | None, calls: list[dict[str, Any]] | None,
                      *, streaming: bool) -> None:
        if reasoning and self._reasoning is None:
            self._reasoning = ReasoningSection(self.theme, self._content)
            self._content_layout.insertWidget(0, self._reasoning)
        if self._reasoning is not None:
            self._reasoning.set_text(reasoning or "", streaming)
            self._reasoning.setVisible(bool(reasoning))
        if refusal and self._refusal is None:
            self._refusal = RefusalBox(self.theme, self._content)
            self._content_layout.insertWidget(self._content_layout.indexOf(self.body) + 1, self._refusal)
        if self._refusal is not None:
            self._refusal.set_text(refusal or "")
            self._refusal.setVisible(bool(refusal))
        calls = calls or []
        while len(self._cards) < len(calls):
            card = ToolCallCard(self.theme, self._content)
            self._content_layout.insertWidget(self._content_layout.count() - 1, card)
            self._cards.append(card)
        for card, call in zip(self._cards, calls, strict=False):
            card.set_call(call, streaming)
            card.show()
        for card in self._cards[len(calls):]:
            card.hide()

    def _render_state(self) -> None:
        state = self.state
        theme = self.theme
        gen = self.generation
        text, color = "", theme.muted
        if state == "waiting":
            text = self.tr("Waiting for the first token…")
        elif state == "retrying" and self.live is not None:
            text = self.tr("Retrying: {reason}").format(reason=localize(self.live.retry_note))
        elif state == "stopped":
            text, color = self.tr("Stopped — the text above is what arrived."), theme.warning
        elif state == "not run":
            text, color = self.tr(NOT_RUN), theme.warning
        elif state == "failed":
            error = (gen.error if gen is not None else None) or (self.live.error if self.live else None) or ""
            partial = gen is not None and gen.interrupted
            text = (self.tr("Cut off: {error}") if partial else "{error}").format(error=localize(error))
            color = theme.danger
        if self._note:
            text = f"{text}\n{self._note}" if text else self._note
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};")
        self.status.setVisible(bool(text))
        self.stop_button.setVisible(self.running)
        self.refresh_metrics()
        has_output = gen is not None and gen.choice is not None and gen.choice.has_output
        self.keep_button.setEnabled(state in ("done", "stopped") and has_output and not self.kept)
        self.keep_button.setText(self.tr("Kept ✓") if self.kept else self.tr("Keep this answer"))

    def refresh_metrics(self) -> None:
        """The facts line (also called by the workspace's ticker, so the time keeps counting)."""
        m = self.measured()
        if m is None:
            self.facts.setText("")
            self.facts.setVisible(False)
            return
        x, est = m.metrics, m.estimated
        parts = []
        if x.ttft is not None:
            parts.append(self.tr("TTFT {v}").format(v=format_metric("ttft", x.ttft)))
        if x.tokens_per_second is not None:
            parts.append(self.tr("{v} tok/s").format(
                v=format_metric("tokens_per_second", x.tokens_per_second, "tokens_per_second" in est)))
        if x.completion_tokens is not None:
            parts.append(self.tr("out {v}").format(
                v=format_metric("completion_tokens", x.completion_tokens, "completion_tokens" in est)))
        if x.total_seconds is not None:
            parts.append(self.tr("total {v}").format(v=format_metric("total_seconds", x.total_seconds)))
        if x.cost is not None:
            parts.append(format_metric("cost", x.cost, "cost" in est))
        self.facts.setText("  ·  ".join(parts))
        self.facts.setToolTip(self.tr("≈: estimated until the provider reports usage") if est else "")
        self.facts.setVisible(bool(parts))

    def show_note(self, text: str) -> None:
        self._note = localize(text)
        self._render_state()

    def mark_kept(self) -> None:
        self.kept = True
        self._render_state()

    def _set_editable(self, editable: bool) -> None:
        self.picker.set_editable(editable)
        self.overrides.set_editable(editable)
        for b in (self.duplicate_button, self.remove_button):
            b.setEnabled(editable)

    def set_theme(self, theme: Theme) -> None:
        if theme != self.theme:
            self._rebuild_body(theme)
        self.theme = theme
        self.setStyleSheet(
            f"QFrame#compareColumn {{ background: {theme.card}; border: 1px solid {theme.card_border};"
            f" border-radius: 8px; }}")
        self.facts.setStyleSheet(f"color: {theme.muted};")
        self.rule.setStyleSheet(f"background: {theme.card_border}; border: none;")
        self._render_state()

    def _rebuild_body(self, theme: Theme) -> None:
        # A MarkdownView renders with the colours it was made with (code highlighting included):
        # a new theme needs a new view, filled with the same text.
        old = self.body
        self.body = MarkdownView(self._content, theme)
        self._content_layout.replaceWidget(old, self.body)
        old.deleteLater()
        self.body.set_markdown(self.live.text if self.running and self.live is not None else old.text)

    # Following the tail -------------------------------------------------------------------------

    def _remember_position(self, value: int) -> None:
        bar = self.scroll.verticalScrollBar()
        self._at_end = value >= bar.maximum() - 4

    def _follow_tail(self, _minimum: int, maximum: int) -> None:
        if self.running and self._at_end:
            self.scroll.verticalScrollBar().setValue(maximum)
