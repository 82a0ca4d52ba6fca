"""logit_bias by word: token ids in the model's encoding, from tiktoken or the provider's /tokenize."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication, QSpinBox

from parley.api.client import ChatClient
from parley.core.providers import load_profiles
from parley.ui.sidebar.logit_bias import LogitBiasEditor, provider_token_source
from parley.ui.sidebar.panel import ParameterSidebar
from tests.support.sse_server import LoopbackServer, Reply

PROFILES = load_profiles()
KISHIDA = "岸田文雄です。"
KISHIDA_IDS = [86845, 30814, 4883, 52446, 15121, 788]  # o200k_base (FIELD-NOTES, checked against tiktoken)


@pytest.fixture
def qasync_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop for this test: the panel schedules provider requests on the running loop."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    hooks = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook, finalizer=loop._asyncgen_finalizer_hook)
    yield loop
    try:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        sys.set_asyncgen_hooks(*hooks)
        loop.close()
        asyncio.set_event_loop(None)


def bias_editor(qtbot: Any, provider: str, model: str) -> tuple[ParameterSidebar, LogitBiasEditor]:
    sidebar = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(sidebar)
    sidebar.set_target(PROFILES[provider], model)
    editor = sidebar.row("logit_bias").editor
    assert isinstance(editor, LogitBiasEditor)
    editor.toggle.click()
    return sidebar, editor


def table(editor: LogitBiasEditor) -> list[tuple[str, int, int]]:
    words = editor.words
    rows = []
    for r in range(words.table.rowCount()):
        spin = words.table.cellWidget(r, 2)
        assert isinstance(spin, QSpinBox)
        rows.append((words.table.item(r, 0).text(), int(words.table.item(r, 1).text()), spin.value()))
    return rows


def test_openai_ids_are_exact_and_biased_for_all(qtbot: Any) -> None:
    sidebar, editor = bias_editor(qtbot, "openai", "gpt-4o-mini")
    words = editor.words
    words.text.setText(KISHIDA)
    words.retokenize()
    assert [i for _, i, _ in table(editor)] == KISHIDA_IDS
    assert "gpt-4o-mini uses o200k_base: these token ids are exact." in words.explanation.text()

    words.all_bias.setValue(-100)
    words.apply_all.click()
    expected = {str(i): -100 for i in KISHIDA_IDS}
    assert sidebar.params()["logit_bias"] == expected
    assert editor.result.text() == "Sent as: " + json.dumps(expected)
    assert all(bias == -100 for _, _, bias in table(editor))

    spin = words.table.cellWidget(0, 2)
    spin.setValue(5)  # one token on its own
    assert sidebar.params()["logit_bias"][str(KISHIDA_IDS[0])] == 5
    spin.setValue(0)  # 0 changes nothing: the id leaves the map
    assert str(KISHIDA_IDS[0]) not in sidebar.params()["logit_bias"]
    assert sidebar.preview().body["logit_bias"] == sidebar.params()["logit_bias"]


def test_pieces_show_spaces_and_partial_characters(qtbot: Any) -> None:
    _sidebar, editor = bias_editor(qtbot, "openai", "gpt-4o")
    editor.words.text.setText(" Paris\n")
    editor.words.retokenize()
    shown = [piece for piece, _, _ in table(editor)]
    assert "".join(shown).replace("·", " ").replace("⏎", "\n") == " Paris\n"


def test_other_models_get_an_honest_approximation(qtbot: Any) -> None:
    _sidebar, editor = bias_editor(qtbot, "together", "meta-llama/Llama-3.1-8B-Instruct")
    editor.words.text.setText("Paris")
    editor.words.retokenize()
    text = editor.words.explanation.text()
    assert "no copy of meta-llama/Llama-3.1-8B-Instruct's tokenizer" in text and "o200k_base" in text
    assert "different tokens" in text


def test_a_bias_typed_by_id_is_checked(qtbot: Any) -> None:
    sidebar, editor = bias_editor(qtbot, "openai", "gpt-4o-mini")
    editor.pairs.add_button.click()
    key, value, _ = editor.pairs.pairs[0]
    qtbot.keyClicks(key, "50256")
    qtbot.keyClicks(value, "150")
    assert "from -100 to 100" in sidebar.row("logit_bias").message_text()
    value.setText("-20")
    value.textEdited.emit("-20")
    assert sidebar.params()["logit_bias"] == {"50256": -20}
    key.setText("abc")
    key.textEdited.emit("abc")
    assert "a token ID" in sidebar.row("logit_bias").message_text()


def test_llama_cpp_ids_come_from_the_server(qtbot: Any, qasync_loop: asyncio.AbstractEventLoop,
                                            sse_server: LoopbackServer) -> None:
    answer = {"tokens": [{"id": 19842, "piece": "Par"}, {"id": 285, "piece": "is"},
                         {"id": 9, "piece": [0xE5, 0xB2]}]}
    sse_server.queue(Reply(body=json.dumps(answer).encode()))
    client = ChatClient()
    sidebar, editor = bias_editor(qtbot, "llamacpp", "smollm2")
    sidebar.set_token_source(provider_token_source(client, sse_server.base_url))

    async def scenario() -> None:
        editor.words.text.setText("Paris岸")
        editor.words.retokenize()
        assert "Asking llama.cpp server" in editor.words.explanation.text()
        deadline = time.monotonic() + 5
        while "own tokenizer" not in editor.words.explanation.text():
            assert time.monotonic() < deadline, editor.words.explanation.text()
            await asyncio.sleep(0.01)
        await client.aclose()

    qasync_loop.run_until_complete(scenario())
    assert table(editor) == [("Par", 19842, 0), ("is", 285, 0), ("<0xE5><0xB2>", 9, 0)]
    assert sse_server.requests[-1].path == "/tokenize"
    assert sse_server.requests[-1].body == {"content": "Paris岸", "with_pieces": True, "add_special": False}
    assert "exact for the model the server has loaded" in editor.words.explanation.text()


def test_a_silent_tokenizer_falls_back_to_offline_ids_and_says_why(
        qtbot: Any, qasync_loop: asyncio.AbstractEventLoop) -> None:
    async def broken(_text: str) -> list[tuple[int, bytes]]:
        raise ConnectionError("connection refused")

    sidebar, editor = bias_editor(qtbot, "llamacpp", "smollm2")
    sidebar.set_token_source(broken)

    async def scenario() -> None:
        editor.words.text.setText("Paris")
        editor.words.retokenize()
        deadline = time.monotonic() + 5
        while "did not answer" not in editor.words.explanation.text():
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)

    qasync_loop.run_until_complete(scenario())
    assert "connection refused" in editor.words.explanation.text()
    assert "approximation" in editor.words.explanation.text()
    assert table(editor)  # offline ids are still listed


def test_without_an_event_loop_the_offline_ids_are_used(qtbot: Any) -> None:
    sidebar, editor = bias_editor(qtbot, "llamacpp", "smollm2")

    async def never(_text: str) -> list[tuple[int, bytes]]:
        raise AssertionError("must not be called without a running loop")

    sidebar.set_token_source(never)
    editor.words.text.setText("Paris")
    editor.words.retokenize()
    assert "not reachable now" in editor.words.explanation.text()
