"""A fast reply keeps the window responsive: repaints are paced, work after a run is spread out."""

from __future__ import annotations

import asyncio
import time

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.core.conversation import Conversation, Message, Target
from parley.paths import library_dir
from parley.services.library import Library
from parley.services.runner import Runner
from parley.ui.app import app_settings
from parley.ui.conversation.live_turn import LiveTurn
from parley.ui.conversation.view import FRAME_MS
from parley.ui.documents import DocumentController
from parley.ui.main_window import MainWindow
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks
from tests.ui.conftest import until


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    @property
    def paints(self) -> int:
        return len(self.times)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False


def _long_markdown(sections: int) -> str:
    code = "```python\n" + "".join(f"def step_{j}(x):\n    return x * {j}\n" for j in range(6)) + "```\n\n"
    table = "| name | value |\n|---|---:|\n" + "".join(f"| row {j} | {j * 7} |\n" for j in range(5)) + "\n"
    prose = "The window stays responsive with **bold**, *emphasis* and `code`. " * 6 + "\n\n"
    return "".join(f"## Section {i}\n\n{prose}{code}- one\n- two\n\n{table}" for i in range(sections))


def test_a_burst_is_caught_up_with_at_most_one_repaint_per_frame(qtbot: QtBot, arun) -> None:
    from tests.ui.support import make_pane

    conv = Conversation()
    conv.append(Message(role="user", content="Write a lot."))
    reply = conv.append(Message(role="assistant", content=""))
    live = LiveTurn(reply.id, status="streaming")
    _controller, pane = make_pane(qtbot, conv, runner=lambda: None)  # type: ignore[arg-type]
    view = pane.view
    view.set_live_source(lambda mid: live if mid == reply.id else None)
    qtbot.waitExposed(pane)
    card = view.widget_for(reply.id)
    assert card is not None
    counter = _PaintCounter()
    view.viewport().installEventFilter(counter)

    live.text = _long_markdown(60)  # ~60,000 characters at once: dozens of render slices
    started = time.perf_counter()
    view.update_live(reply.id)
    arun(until(lambda: card.body.caught_up, 20, "rendering to catch up"))
    arun(asyncio.sleep(0.05))  # the last held frame
    elapsed = time.perf_counter() - started

    assert "Section 59" in card.body.toPlainText()  # all of it is shown in the end
    assert counter.paints >= 2
    gaps_ms = sorted((b - a) * 1000 for a, b in zip(counter.times, counter.times[1:], strict=False))
    # Painting after every slice (as before) repainted every 10-13 ms here; paced, a frame is due
    # every FRAME_MS (a busy machine only makes the gaps longer).
    assert gaps_ms[len(gaps_ms) // 2] >= FRAME_MS * 0.9, f"paints {[round(g) for g in gaps_ms]} ms apart"
    assert counter.paints <= elapsed * 1000 / FRAME_MS + 3


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, arun, sse_server: LoopbackServer) -> MainWindow:
    runner = Runner()
    settings = app_settings()
    documents = DocumentController(settings, Library(library_dir()))
    documents.conversation.target = Target(provider="custom", model="test-model", base_url=sse_server.base_url)
    win = MainWindow(settings=settings, documents=documents, runner=runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.warm_up()
    yield win
    win._closing_confirmed = True
    win.close()
    documents.shutdown()
    arun(runner.aclose())


def test_the_next_request_is_counted_when_the_reply_is_over_not_while_it_streams(
        arun, window: MainWindow, sse_server: LoopbackServer) -> None:
    # Loading the tokenizer on a thread while a reply streams held the GIL and froze the window.
    sse_server.queue(Reply(chunks=chat_chunks(["One", " two", " three", " four", " five", " six"]), delay=0.15))
    assert window.controller.send("Count my tokens once the answer is there.")
    arun(asyncio.sleep(0.8))  # the count used to start 0.4 s after the send
    assert window.controller.running
    assert window.tokens_label.text() == "next request: 0 tokens"
    arun(until(lambda: not window.controller.running, 10, "the end of the run"))
    arun(until(lambda: window.tokens_label.text() != "next request: 0 tokens", 10, "the token count"))
    assert window.tokens_label.text().startswith("next request: ")


def test_the_inspector_shows_the_finished_reply_after_the_run(arun, window: MainWindow,
                                                               sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["Done", " now."])))
    window.controller.send("Say done.")
    reply = window.documents.conversation.messages[-1]
    arun(until(lambda: not window.controller.running, 10, "the end of the run"))
    assert window.inspector is not None
    arun(until(lambda: window.inspector.message_id == reply.id, 5, "the inspector to show the reply"))


def test_events_are_handed_over_at_once_after_a_quiet_spell_then_at_most_once_an_interval(qtbot: QtBot) -> None:
    from parley.core import events as ev
    from parley.ui.conversation.live_turn import EventBatcher

    delivered: list[tuple[float, int]] = []
    batcher = EventBatcher(lambda batch: delivered.append((time.monotonic(), len(batch))), interval_ms=80)
    started = time.monotonic()
    batcher.push(ev.TextDelta(0, "first"))
    batcher.push(ev.TextDelta(0, " token"))  # same turn of the loop: same batch
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=1000)
    assert delivered[0][1] == 2 and delivered[0][0] - started < 0.04  # the first token does not wait 80 ms
    batcher.push(ev.TextDelta(0, " more"))
    qtbot.waitUntil(lambda: len(delivered) == 2, timeout=1000)
    assert delivered[1][0] - delivered[0][0] >= 0.075  # then coalesced: at most one delivery per interval
    batcher.push(ev.RunFinished())  # the end of a run goes out at once
    assert len(delivered) == 3


def test_the_events_that_open_a_run_do_not_hold_the_first_text_back(qtbot: QtBot) -> None:
    """A run's start, role and model arrive a few milliseconds before its first text: handing
    them over must not make the first text wait a whole interval."""
    from parley.core import events as ev
    from parley.ui.conversation.live_turn import EventBatcher

    delivered: list[tuple[float, list]] = []
    batcher = EventBatcher(lambda batch: delivered.append((time.monotonic(), batch)), interval_ms=200)
    batcher.push(ev.RunStarted("http://x/chat/completions", {}, ()))
    batcher.push(ev.ResponseMeta(model="m"))
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=1000)
    opened = time.monotonic()
    batcher.push(ev.TextDelta(0, "first"))
    qtbot.waitUntil(lambda: len(delivered) == 2, timeout=1000)
    assert delivered[1][0] - opened < 0.1  # not held back 200 ms
    batcher.push(ev.TextDelta(0, " more"))
    qtbot.waitUntil(lambda: len(delivered) == 3, timeout=1000)
    assert delivered[2][0] - delivered[1][0] >= 0.19  # text is still coalesced once an interval
