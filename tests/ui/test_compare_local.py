"""The comparison workspace against the real built-in local model (llama.cpp via xllamacpp).

Two parameter sets on one local model, one after another: real usage figures replace the
estimates, the length limit shows in the finish column, the model list comes from the server.
Skipped, with the reason, when xllamacpp or the model file is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from parley.api.local import LocalServer
from parley.core.conversation import Conversation, Message, Target
from parley.services import compare as cmp
from parley.services.runner import Runner
from parley.ui.compare import CompareWorkspace
from tests.ui.conftest import until

pytestmark = pytest.mark.e2e




@pytest.fixture
def runner(arun, local_model: LocalServer) -> Iterator[Runner]:
    r = Runner(local=local_model)
    yield r
    r.local = None  # the module's server outlives this runner
    arun(r.aclose())


def test_two_parameter_sets_on_the_local_model(qtbot: QtBot, arun, runner: Runner) -> None:
    conv = Conversation(title="Capital", target=Target(provider="local"))
    conv.append(Message(role="user", content="What is the capital of France? Answer in one sentence."))
    conv.params = {"temperature": 0, "seed": 1}
    ws = CompareWorkspace(runner, runner.profiles)
    qtbot.addWidget(ws)
    ws.set_conversation(conv)  # the first column is the conversation's target: the local model
    ws.columns[0].overrides.text.setPlainText('{"max_completion_tokens": 40}')
    ws.add_target(Target(provider="local"), {"max_completion_tokens": 3})
    ws.mode.setCurrentIndex(ws.mode.findData("sequential"))
    ws.resize(1000, 700)
    ws.show()

    picker = ws.columns[1].picker
    picker.list_models()
    arun(until(lambda: picker.model.count() >= 1, 10, "the local model list"))
    assert picker.model.itemText(0) and "1 model" in ws.columns[1].status.text()  # the one it loaded

    kept = []
    ws.keep_requested.connect(kept.append)
    assert ws.run()
    arun(until(lambda: not ws.running, 90, "both local answers"))
    first, second = (c.generation for c in ws.columns)
    assert first.error is None and second.error is None, (first.error, second.error)
    assert "paris" in first.choice.content.lower()
    assert second.choice.finish_reason == "length" and second.usage["completion_tokens"] <= 3
    assert ws.table.cell_text(1, "finish") == "length"
    for row, gen in enumerate((first, second)):
        m = ws.columns[row].measured()
        assert m is not None and not m.estimated  # llama.cpp reported usage: exact figures
        assert ws.table.cell_text(row, "completion_tokens") == str(gen.usage["completion_tokens"])
        assert ws.table.cell_text(row, "cost") == "$0"
        assert m.metrics.ttft is not None and m.metrics.ttft > 0
    assert first.timings.finished <= second.timings.sent  # sequential
    assert ws.columns[0].body.toPlainText().strip()

    ws.keep(0)
    assert len(kept) == 1
    message = cmp.keep_answer(conv, kept[0])
    assert conv.messages[-1] is message and "paris" in message.text.lower()
    assert message.generation.request["max_completion_tokens"] == 40 or \
        message.generation.request.get("max_tokens") == 40
