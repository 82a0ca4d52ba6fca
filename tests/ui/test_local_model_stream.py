"""The window streaming from the real built-in local model (llama.cpp via xllamacpp).

Skipped, with the reason, when xllamacpp or the model file is missing (see tests/e2e/conftest.py
for where the model is looked up: $PARLEY_LOCAL_MODEL, or `.parley-models/` in the checkout).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from parley.api.local import LocalServer
from parley.core.conversation import Conversation, Message, Target
from parley.services.runner import Runner
from tests.ui.conftest import until
from tests.ui.support import make_pane

pytestmark = pytest.mark.e2e




@pytest.fixture
def runner(arun, local_model: LocalServer) -> Iterator[Runner]:
    r = Runner(local=local_model)
    yield r
    r.local = None  # the module's server outlives this runner
    arun(r.aclose())


def _conversation(**params: object) -> Conversation:
    conv = Conversation(target=Target(provider="local"))
    conv.append(Message(role="system", content="You are a helpful assistant."))
    conv.params.update(params)
    return conv


def test_a_local_reply_streams_into_the_window(qtbot: QtBot, arun, runner: Runner) -> None:
    conv = _conversation(max_completion_tokens=40, temperature=0)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("What is the capital of France? Answer in one sentence.")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and controller.live_for(reply.id) is None, 60, "the reply"))
    assert reply.generation is not None and reply.generation.error is None, reply.generation.error
    assert reply.text.strip()
    card = pane.view.widget_for(reply.id)
    arun(until(lambda: card.body.caught_up, 5, "rendering to catch up"))
    words = [w.strip("*_#`>-.,") for w in reply.text.split()]
    shown = card.body.toPlainText()
    assert all(w in shown for w in words if w), (reply.text, shown)  # rendered, Markdown marks aside
    facts = card.facts.text()
    assert "out " in facts and "tok/s" in facts and "TTFT" in facts


def test_stopping_the_local_model_keeps_its_words(qtbot: QtBot, arun, runner: Runner) -> None:
    conv = _conversation(max_completion_tokens=400, temperature=0.7)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Write a long story about a lighthouse keeper.")
    reply = conv.messages[-1]
    arun(until(lambda: len(reply.text) > 40, 60, "some words"))
    controller.stop()
    arun(until(lambda: controller.live_for(reply.id) is None, 10, "the stop to settle"))
    assert reply.generation is not None and reply.generation.interrupted
    card = pane.view.widget_for(reply.id)
    assert card._status is not None and "Stopped" in card._status.label.text()
    assert card.body.toPlainText().strip()[:20] == reply.text.strip()[:20]
