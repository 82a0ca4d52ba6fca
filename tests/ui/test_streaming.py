"""Streaming into the window through the real runner and the loopback SSE server."""

from __future__ import annotations

import itertools
import time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from parley.core.conversation import Message
from parley.services.runner import Runner
from parley.ui.conversation.message_parts import ReasoningSection, RefusalBox, ToolCallCard
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, error_body
from tests.ui.conftest import until
from tests.ui.support import (
    delta_chunks,
    loopback_conversation,
    make_pane,
    tool_call_deltas,
    two_choice_chunks,
)


@pytest.fixture
def runner(arun) -> Runner:
    r = Runner()
    yield r
    arun(r.aclose())


def test_a_reply_streams_into_its_card_in_batches(qtbot: QtBot, arun, sse_server: LoopbackServer,
                                                  runner: Runner) -> None:
    words = [f"word{i} " for i in range(400)]
    sse_server.queue(Reply(chunks=chat_chunks(words, usage={"prompt_tokens": 9, "completion_tokens": 400,
                                                            "total_tokens": 409}), delay=0.001))
    conv = loopback_conversation(sse_server, Message(role="system", content="Be brief."))
    controller, pane = make_pane(qtbot, conv, runner)
    paints: list[float] = []
    text_paints: list[float] = []  # the hand-overs that brought more text

    def painted(message_id: str) -> None:
        paints.append(time.monotonic())
        live = controller.live_for(message_id)
        if live is not None and len(live.text) > text_paints_len[0]:
            text_paints_len[0] = len(live.text)
            text_paints.append(paints[-1])

    text_paints_len = [0]
    controller.liveUpdated.connect(painted)

    assert controller.send("Count for me")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running, 15, "the reply to finish"))

    card = pane.view.widget_for(reply.id)
    assert card is not None
    assert card.body.toPlainText().strip() == "".join(words).strip()
    assert reply.content == "".join(words)
    # 400 chunks, but far fewer repaints: each batch waits ~30 ms for more tokens.
    assert len(paints) < 100, f"{len(paints)} repaints for 400 chunks"
    # The first text goes out at once (the run's opening events do not hold it back); after it,
    # text is handed over at most once an interval (30 ms), except at the very end.
    gaps = [b - a for a, b in itertools.pairwise(text_paints[:-1])]
    assert len(text_paints) > 2 and min(gaps) > 0.015
    assert "out 400" in card.facts.text() and "stop" in card.facts.text()
    assert pane.view.following_tail


def test_stop_keeps_the_partial_text_marked_stopped(qtbot: QtBot, arun, sse_server: LoopbackServer,
                                                   runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"t{i} " for i in range(300)]), delay=0.01))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Talk a lot")
    reply = conv.messages[-1]
    arun(until(lambda: len(reply.text) > 20, 10, "some text"))

    stopped_at = time.monotonic()
    controller.stop()
    assert not controller.running  # at once, not after the server notices
    assert time.monotonic() - stopped_at < 0.1
    card = pane.view.widget_for(reply.id)
    shown = card.body.toPlainText()
    assert shown.startswith("t0 t1")
    arun(until(lambda: reply.generation is not None and reply.generation.interrupted, 5, "the run to wind down"))
    arun(until(lambda: controller.live_for(reply.id) is None, 5, "the final render"))
    card = pane.view.widget_for(reply.id)
    assert reply.text.startswith(shown.strip()[:10]) and len(reply.text) < len("".join(f"t{i} " for i in range(300)))
    assert card._status is not None and card._status.isVisible()
    assert "Stopped" in card._status.label.text()
    assert not card._status.retry.isVisible()


def test_an_error_shows_the_providers_message_and_retry_works(qtbot: QtBot, arun, sse_server: LoopbackServer,
                                                              runner: Runner) -> None:
    sse_server.queue(Reply(status=400, body=error_body("Unsupported value: 'temperature' does not support 0.2",
                                                       param="temperature")))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Hi")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and controller.live_for(reply.id) is None, 10, "the failure"))
    card = pane.view.widget_for(reply.id)
    status = card._status
    assert status is not None and status.isVisible()
    assert "does not support 0.2" in status.label.text()
    assert status.retry.isVisible()

    sse_server.queue(Reply(chunks=chat_chunks(["Hello", " again"])))
    qtbot.mouseClick(status.retry, Qt.MouseButton.LeftButton)
    arun(until(lambda: not controller.running and conv.messages[-1].text == "Hello again", 10, "the retry"))
    final = conv.messages[-1]
    assert [m.role for m in conv.messages] == ["user", "assistant"]
    assert len(final.alternatives()) == 1  # the empty failed attempt is not kept as ‹1/2›
    card = pane.view.widget_for(final.id)
    assert card.body.toPlainText().strip() == "Hello again"
    assert card._status is None or not card._status.isVisible()


def test_regenerate_keeps_the_previous_answer_as_an_alternative(qtbot: QtBot, arun,
                                                                sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["First answer"])), Reply(chunks=chat_chunks(["Second answer"])))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Question")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and reply.text == "First answer", 10))
    card = pane.view.widget_for(reply.id)
    qtbot.mouseClick(card.regen_button, Qt.MouseButton.LeftButton)
    arun(until(lambda: not controller.running and reply.text == "Second answer"
               and controller.live_for(reply.id) is None, 10))
    card = pane.view.widget_for(reply.id)
    assert card.alt_label is not None and card.alt_label.isVisible() and card.alt_label.text() == "2/2"
    assert sse_server.requests[-1].body["messages"] == [{"role": "user", "content": "Question"}]
    qtbot.mouseClick(card.prev_button, Qt.MouseButton.LeftButton)
    assert reply.text == "First answer"
    assert card.alt_label.text() == "1/2" and card.body.toPlainText().strip() == "First answer"
    assert conv.wire_messages()[-1]["content"] == "First answer"  # the next request uses what is shown


@pytest.mark.parametrize("how", ["typed", "from a file"])
def test_regenerating_an_answer_no_model_wrote_keeps_it_as_an_alternative(
        qtbot: QtBot, arun, sse_server: LoopbackServer, runner: Runner, how: str) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["Model answer"])))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.send("Question", run=False)
    if how == "typed":
        controller.send("My handwritten answer", role="assistant", run=False)
    else:  # a messages array or request file: assistant turns without generations
        controller.conversation.append(Message.from_wire({"role": "assistant", "content": "My handwritten answer"}))
        controller.messagesChanged.emit()
    reply = conv.messages[-1]
    controller.handle_action("regenerate", reply.id, None)
    arun(until(lambda: not controller.running and reply.text == "Model answer"
               and controller.live_for(reply.id) is None, 10))
    assert notices and "kept as answer 1" in notices[0]
    card = pane.view.widget_for(reply.id)
    assert card.alt_label is not None and card.alt_label.text() == "2/2"
    qtbot.mouseClick(card.prev_button, Qt.MouseButton.LeftButton)
    assert reply.text == "My handwritten answer" and card.body.toPlainText().strip() == "My handwritten answer"
    assert sse_server.requests[-1].body["messages"] == [{"role": "user", "content": "Question"}]


def test_an_edited_answer_is_kept_as_an_alternative_when_another_is_shown(
        qtbot: QtBot, arun, sse_server: LoopbackServer, runner: Runner, tmp_path) -> None:
    from parley.core import files

    sse_server.queue(Reply(chunks=chat_chunks(["First answer"])), Reply(chunks=chat_chunks(["Second answer"])))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.send("Question")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and reply.text == "First answer", 10))
    controller.handle_action("edit", reply.id, ("assistant", "My better answer"))
    # Regenerate: the edit is kept (answer 2), the model's first answer too (answer 1), the new one is 3.
    controller.handle_action("regenerate", reply.id, None)
    arun(until(lambda: not controller.running and reply.text == "Second answer"
               and controller.live_for(reply.id) is None, 10))
    assert notices[0] == "Your edit is kept as answer 2 of 2."
    texts = []
    for k in range(len(reply.alternatives())):
        controller.handle_action("select", reply.id, k)
        texts.append(reply.text)
    assert texts == ["First answer", "My better answer", "Second answer"]
    assert sse_server.requests[-1].body["messages"] == [{"role": "user", "content": "Question"}]
    controller.handle_action("select", reply.id, 1)
    card = pane.view.widget_for(reply.id)
    assert "edited" in card.model_label.text() and card.alt_label.text() == "2/3"
    # Editing the shown answer and stepping away keeps that edit too; all of it survives a save.
    controller.handle_action("edit", reply.id, ("assistant", "Edited again"))
    controller.handle_action("select", reply.id, 0)
    assert [a for a in reply.alternatives()][-1] == (3, 0) and reply.text == "First answer"
    path = tmp_path / "kept.parley.json"
    files.save(conv, path)
    loaded = files.load(path).messages[-1]
    assert [g.edited for g in loaded.generations] == [False, True, False, True]
    loaded.select(3, 0)
    assert loaded.text == "Edited again"


def test_retry_and_an_unchanged_save_do_not_lose_or_invent_edits(qtbot: QtBot, arun, sse_server: LoopbackServer,
                                                                 runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["First"])), Reply(chunks=chat_chunks(["Second"])))
    conv = loopback_conversation(sse_server)
    controller, _pane = make_pane(qtbot, conv, runner)
    controller.send("Question")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and reply.text == "First", 10))
    controller.handle_action("edit", reply.id, ("assistant", "First"))  # saved without a change
    assert not reply.edited
    controller.handle_action("edit", reply.id, ("assistant", "Mine"))
    controller.handle_action("retry", reply.id, None)  # like Regenerate (and the inspector's bias)
    arun(until(lambda: not controller.running and reply.text == "Second" and controller.live_for(reply.id) is None,
               10))
    texts = []
    for k in range(len(reply.alternatives())):
        controller.handle_action("select", reply.id, k)
        texts.append(reply.text)
    assert texts == ["First", "Mine", "Second"]


def test_n_choices_are_navigable(qtbot: QtBot, arun, sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=two_choice_chunks(["Left ", "one"], ["Right ", "two"])))
    conv = loopback_conversation(sse_server)
    conv.params["n"] = 2
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Two please")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and controller.live_for(reply.id) is None, 10))
    card = pane.view.widget_for(reply.id)
    assert card.alt_label is not None and card.alt_label.text() == "1/2" and reply.text == "Left one"
    qtbot.mouseClick(card.next_button, Qt.MouseButton.LeftButton)
    assert reply.text == "Right two" and card.alt_label.text() == "2/2"
    assert card.body.toPlainText().strip() == "Right two"


def test_reasoning_refusal_and_tool_calls_each_have_their_own_look(qtbot: QtBot, arun,
                                                                   sse_server: LoopbackServer,
                                                                   runner: Runner) -> None:
    deltas = [{"reasoning_content": "The user wants weather. "}, {"reasoning_content": "Call the tool."},
              *tool_call_deltas("get_weather", {"city": "東京", "unit": "c"})]
    sse_server.queue(Reply(chunks=delta_chunks(deltas, finish_reason="tool_calls")),
                     Reply(chunks=delta_chunks([{"refusal": "I can't help with that."}])))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Weather in Tokyo?")
    tool_turn = conv.messages[-1]
    arun(until(lambda: not controller.running and controller.live_for(tool_turn.id) is None, 10))
    card = pane.view.widget_for(tool_turn.id)
    reasoning = card.findChild(ReasoningSection)
    assert reasoning is not None and reasoning.isVisible()
    assert not reasoning.body.isVisible()  # collapsed until asked
    qtbot.mouseClick(reasoning.toggle, Qt.MouseButton.LeftButton)
    assert reasoning.body.isVisible() and "Call the tool." in reasoning.body.toPlainText()
    cards = [c for c in card.findChildren(ToolCallCard) if c.isVisible()]
    assert len(cards) == 1
    assert "get_weather" in cards[0].title.text() and "call_1" in cards[0].title.text()
    assert '"city": "東京"' in cards[0].arguments.toPlainText()  # pretty JSON, not one raw line

    controller.send("Something else")
    refusal_turn = conv.messages[-1]
    arun(until(lambda: not controller.running and controller.live_for(refusal_turn.id) is None, 10))
    card = pane.view.widget_for(refusal_turn.id)
    box = card.findChild(RefusalBox)
    assert box is not None and box.isVisible() and box.text.text() == "I can't help with that."


def test_the_window_stays_responsive_during_a_fast_stream(qtbot: QtBot, arun,
                                                          sse_server: LoopbackServer, runner: Runner) -> None:
    paragraph = "Some **markdown** text with `code` and more words to fill the line. "
    pieces = [paragraph[i % len(paragraph)] * 1 for i in range(4000)]
    sse_server.queue(Reply(chunks=chat_chunks(pieces)))
    conv = loopback_conversation(sse_server)
    controller, _ = make_pane(qtbot, conv, runner)
    stalls: list[float] = []

    async def watch() -> None:
        import asyncio

        last = time.perf_counter()
        while controller.running or not stalls:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            stalls.append(now - last - 0.005)
            last = now

    controller.send("Go")
    arun(watch(), 30)
    assert max(stalls) < 0.25, f"the loop stalled {max(stalls) * 1000:.0f} ms"


def test_structure_changes_that_would_strand_a_streaming_reply_are_refused_with_a_reason(
        qtbot: QtBot, arun, sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"t{i} " for i in range(300)]), delay=0.01))
    conv = loopback_conversation(sse_server)
    controller, _pane = make_pane(qtbot, conv, runner)
    controller.add_message("system", "Be brief.")
    controller.send("Talk a lot")
    reply = conv.messages[-1]
    arun(until(lambda: len(reply.text) > 5, 10, "some text"))
    notices: list[str] = []
    controller.notice.connect(notices.append)
    first = conv.messages[0].id
    # Branching would leave the streaming reply on a branch no longer shown (and inserting there
    # then raised KeyError); moving would reorder the request being answered.
    controller.handle_action("branch", first, None)
    controller.handle_action("move", first, 1)
    assert len(conv.branches) == 1 and conv.messages[0].id == first
    assert notices == ["A reply is still streaming: stop it first (Esc)."] * 2
    controller.handle_action("insert", first, ("below", "user"))  # above the streaming reply: refused too
    assert notices[-1] == "Wait for the reply to finish before inserting above it."
    controller.handle_action("insert", reply.id, ("below", "user"))  # after it: fine
    assert conv.messages[-1].role == "user" and conv.messages[-2] is reply
    controller.stop()
    arun(until(lambda: controller.live_for(reply.id) is None, 5, "the run to wind down"))
    controller.handle_action("branch", first, None)  # once it is over, branching works
    assert len(conv.branches) == 2
