"""The inspector against the real built-in llama.cpp model: its logprobs (merged Japanese characters,
ids in the model's own vocabulary) shown token by token, a ban that really moves the next answer,
and a continuation whose request carries the chosen prefix."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.api.client import ChatClient
from parley.core.conversation import Conversation, Message, Target
from parley.core.logprobs import analyse
from parley.core.providers import bundled_profiles
from parley.core.request import build_request
from parley.core.steering import apply_bias, continuation_branch, continuation_prefix
from parley.core.stream import StreamAssembler
from parley.services.runner import Runner
from parley.ui import theme
from parley.ui.inspector import InspectorWidget

pytestmark = pytest.mark.e2e

LOCAL = bundled_profiles()["local"]
PROMPT = "日本の首都はどこですか？"
GREEDY = {"temperature": 0, "seed": 7, "logprobs": True, "top_logprobs": 5, "max_completion_tokens": 10}


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    r = Runner()
    yield r
    await r.aclose()


def japanese_conversation(base_url: str) -> Conversation:
    conv = Conversation(target=Target(provider="local", model="smollm2", base_url=base_url), params=dict(GREEDY))
    conv.append(Message(role="user", content=PROMPT))
    return conv


def inspect(qtbot: QtBot, message: Message, conv: Conversation) -> InspectorWidget:
    widget = InspectorWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    assert message.generation is not None
    widget.show_generation(message, message.generation, profile=LOCAL, model=conv.target.model)
    deadline = time.monotonic() + 5
    while not widget.metrics_ready and time.monotonic() < deadline:
        QApplication.processEvents()
    return widget


def click(qtbot: QtBot, widget: InspectorWidget, token_index: int) -> None:
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=widget.view.token_rect(token_index).center())


async def test_real_japanese_logprobs_in_the_inspector(local_server: str, runner: Runner, qtbot: QtBot) -> None:
    conv = japanese_conversation(local_server)
    gen = await runner.run(conv)
    assert gen.error is None, gen.error
    message = conv.messages[-1]
    widget = inspect(qtbot, message, conv)
    seq = widget.sequence
    assert widget.showing_tokens and seq.text == message.content  # the tokens spell the streamed answer
    assert widget.id_space.kind == "provider"  # llama.cpp sends its vocabulary's ids with the logprobs
    assert all(t.id is not None and len(t.raw_alternatives) == 5 for t in seq.tokens)
    # Japanese characters arrive merged (FIELD-NOTES); the inspector shows them whole and says so
    merged = [t for t in seq.tokens if t.is_merged]
    assert merged, f"expected a merged multibyte character in {message.content!r}"
    assert "merged into one entry each (llama.cpp)" in widget.notices.text()
    token = merged[0]
    click(qtbot, widget, token.index)
    rows = widget.details.table_rows()
    chosen = next(r for r in rows if r[0].startswith("✓"))
    assert chosen[0].endswith(f"→ {token.token}") and chosen[4] == str(token.id)
    assert "merged by the provider" in widget.details.facts.text()
    assert "".join(widget.view.layout_info().texts) == message.content.replace("\n", "")


async def test_ban_regenerates_without_the_token(local_server: str, runner: Runner, qtbot: QtBot) -> None:
    conv = japanese_conversation(local_server)
    await runner.run(conv)
    message = conv.messages[-1]
    first = analyse(message.generation.choice.logprobs["content"]).tokens[0]
    widget = inspect(qtbot, message, conv)
    click(qtbot, widget, 0)
    assert widget.details.ban_button.isEnabled()
    with qtbot.waitSignal(widget.bias_requested) as ban:
        qtbot.mouseClick(widget.details.ban_button, Qt.MouseButton.LeftButton)
    message_id, bias, regenerate = ban.args
    assert message_id == message.id and bias == {str(first.id): -100} and regenerate
    # what the main window does with the signal: merge into the parameters, regenerate that message
    apply_bias(conv, bias)
    again = await runner.run(conv, regenerate=conv.index_of(message_id))
    assert again.error is None, again.error
    assert again.request["logit_bias"] == {str(first.id): -100}
    new_first = again.choice.logprobs["content"][0]
    assert new_first["id"] != first.id  # greedy decoding had to pick something else at that position
    assert len(message.generations) == 2  # the banned answer stays as an alternative


async def test_continue_with_an_alternative_sends_the_prefix(local_server: str, runner: Runner,
                                                             qtbot: QtBot) -> None:
    conv = japanese_conversation(local_server)
    await runner.run(conv)
    message = conv.messages[-1]
    original = message.content
    widget = inspect(qtbot, message, conv)
    click(qtbot, widget, 1)
    alternatives = widget.sequence.tokens[1].alternatives
    # the first other alternative that is (or completes into) a whole character
    row = next(i for i, a in enumerate(alternatives) if not a.chosen and a.display is not None)
    widget.details.select_row(row)
    assert widget.details.continue_button.isEnabled()
    with qtbot.waitSignal(widget.continue_requested) as cont:
        qtbot.mouseClick(widget.details.continue_button, Qt.MouseButton.LeftButton)
    message_id, token_index, prefix = cont.args
    assert token_index == 1 and prefix != original[: len(prefix)]
    # with the chosen token instead, the prefix is exactly the answer so far (merged pieces included)
    seq = widget.sequence
    for k, token in enumerate(seq.tokens):
        chosen = next(a for a in token.alternatives if a.chosen)
        assert original.startswith(continuation_prefix(seq, k, chosen))
    # what the main window does: a new branch ending with the partial answer, continued by the provider
    plan = continuation_branch(conv, conv.index_of(message_id), prefix)
    built = build_request(conv.wire_messages(), dict(GREEDY), LOCAL, "smollm2", api_key=None,
                          base_url=local_server, continue_partial=True)
    assert built.body["messages"][-1] == {"role": "assistant", "content": prefix}
    assert built.continued_prefix == prefix
    continuation = await stream_text(built.url, built.headers, built.body)
    assert continuation and not continuation.startswith(prefix)  # streamed deltas do not repeat the prefix
    assert plan.prefix + continuation != original
    assert conv.branches[0].messages[-1].content == original  # the original branch is untouched

    # the server really continues the prefix: from the chosen first token, greedy decoding walks the
    # original answer again (and, with the same token budget, goes a little further)
    same = continuation_prefix(seq, 0, next(a for a in seq.tokens[0].alternatives if a.chosen))
    conv.branches[-1].messages[-1].content = same
    built = build_request(conv.wire_messages(), dict(GREEDY), LOCAL, "smollm2", api_key=None,
                          base_url=local_server, continue_partial=True)
    again = await stream_text(built.url, built.headers, built.body)
    assert (same + again).startswith(original), (same, again, original)


async def stream_text(url: str, headers: dict[str, str], body: dict) -> str:
    assembler = StreamAssembler()
    async with ChatClient() as client:
        async for chunk in client.stream_chat(url, headers, body):
            assembler.feed(chunk)
    return assembler.result().choices[0].content or ""


@pytest.mark.skipif(not os.environ.get("PARLEY_SCREENSHOT_DIR"), reason="set PARLEY_SCREENSHOT_DIR to save it")
async def test_screenshot_of_a_real_local_answer(local_server: str, runner: Runner, qtbot: QtBot,
                                                 qapp: QApplication) -> None:
    """docs/screenshots/inspector-local.png: a longer real answer, coloured by probability."""
    theme.install_fonts(qapp)
    conv = Conversation(target=Target(provider="local", model="smollm2", base_url=local_server),
                        params={"temperature": 0.8, "seed": 11, "logprobs": True, "top_logprobs": 10,
                                "max_completion_tokens": 160})
    conv.append(Message(role="user", content="In three short paragraphs, explain what a token is in a "
                                             "language model, and give one Japanese example word."))
    await runner.run(conv)
    message = conv.messages[-1]
    widget = inspect(qtbot, message, conv)
    widget.resize(1000, 760)
    least = widget.sequence.least_likely(1)[0].index
    widget.select_token(least)
    QApplication.processEvents()
    assert widget.grab().save(str(Path(os.environ["PARLEY_SCREENSHOT_DIR"]) / "inspector-local.png"))
