"""What has arrived so far for a reply that is streaming, and the batching of its events.

The runner calls back for every chunk; touching widgets that often freezes the window
(FIELD-NOTES). ``EventBatcher`` collects events and hands them over at most once every
``interval_ms`` (30–60 ms): the first ones after a quiet spell at once (the first token shows
without waiting), and the events that end a run at once. Only hand-overs with output in them
start an interval: the events that open a run go out at once and the first text right after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer

from parley.core import events as ev

FLUSH_INTERVAL_MS = 30
_TERMINAL = (ev.RunFinished, ev.RunStopped, ev.RunFailed)

@dataclass
class LiveTurn:
    """The visible state of one running generation (choice 0 unless the user picked another)."""

    message_id: str
    choice: int = 0
    text: str = ""
    reasoning: str = ""
    refusal: str = ""
    tool_calls: dict[int, dict[str, Any]] = field(default_factory=dict)
    status: str = "waiting"  # waiting | streaming | retrying | stopped | failed | done
    error: str | None = None
    retry_note: str | None = None
    model: str | None = None
    finish_reason: str | None = None
    logprobs: list[dict[str, Any]] = field(default_factory=list)  # content entries so far (live inspector)

    @property
    def running(self) -> bool:
        return self.status in ("waiting", "streaming", "retrying")

    def apply(self, events: list[ev.RunEvent]) -> None:
        texts: list[str] = []
        reasons: list[str] = []
        refusals: list[str] = []
        for e in events:
            if isinstance(e, ev.TextDelta):
                if e.choice == self.choice:
                    texts.append(e.text)
            elif isinstance(e, ev.ReasoningDelta):
                if e.choice == self.choice:
                    reasons.append(e.text)
            elif isinstance(e, ev.RefusalDelta):
                if e.choice == self.choice:
                    refusals.append(e.text)
            elif isinstance(e, ev.ToolCallDelta):
                if e.choice == self.choice:
                    call = self.tool_calls.setdefault(e.index, {"id": None, "name": "", "arguments": ""})
                    call["id"] = e.id or call["id"]
                    if e.name and e.name != call["name"]:  # sent once, or (rarely) in pieces
                        call["name"] += e.name
                    call["arguments"] += e.arguments
            elif isinstance(e, ev.LogprobsDelta):
                if e.choice == self.choice:
                    self.logprobs.extend(e.content)
            elif isinstance(e, ev.ResponseMeta):
                self.model = e.model or self.model
            elif isinstance(e, ev.Finish):
                if e.choice == self.choice:
                    self.finish_reason = e.reason
            elif isinstance(e, ev.Retrying):
                self.status, self.retry_note = "retrying", e.reason
            elif isinstance(e, ev.RunFinished):
                self.status = "done"
            elif isinstance(e, ev.RunStopped):
                self.status = "stopped"
            elif isinstance(e, ev.RunFailed):
                self.status, self.error = "failed", e.message
        if (texts or reasons or refusals or self.tool_calls) and self.status in ("waiting", "retrying"):
            self.status = "streaming"
        self.text += "".join(texts)
        self.reasoning += "".join(reasons)
        self.refusal += "".join(refusals)


class EventBatcher(QObject):
    """Buffers run events; ``deliver`` gets them in batches, never more often than the interval."""

    def __init__(self, deliver: Callable[[list[ev.RunEvent]], None], interval_ms: int = FLUSH_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._pending: list[ev.RunEvent] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._interval_ms = interval_ms
        self._last_flush = 0.0  # monotonic seconds: long ago
        self._armed = False

    def push(self, event: ev.RunEvent) -> None:
        # Called for every chunk: plain Python only, no Qt call unless the timer must be armed.
        self._pending.append(event)
        if isinstance(event, _TERMINAL):
            self.flush()
        elif not self._armed:
            # A throttle, not a delay: the first events after a quiet spell go out on the next turn
            # of the loop (with whatever else arrives in this turn), later ones at most once an interval.
            self._armed = True
            wait_ms = self._interval_ms - (time.monotonic() - self._last_flush) * 1000
            self._timer.start(int(wait_ms) if wait_ms > 0 else 0)

    def flush(self) -> None:
        self._timer.stop()
        self._armed = False
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        # A run's opening events (its start, the role, the model) do not hold the first output
        # back by a whole interval.
        if any(isinstance(event, ev.OUTPUT_EVENTS) for event in batch):
            self._last_flush = time.monotonic()
        self._deliver(batch)

    @property
    def pending(self) -> int:
        return len(self._pending)
