"""What the sidebar shows is what is sent: the preview against the engine, the loopback server, and files.

Also the conversation binding (edits land in `Conversation.params` at once), debouncing and presets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parley.core import files
from parley.core.conversation import Conversation, Message, Target
from parley.core.providers import load_profiles
from parley.core.request import build_request
from parley.secrets import KeyStore
from parley.services import presets
from parley.services.runner import Runner
from parley.ui.sidebar.panel import ParameterSidebar
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, chat_completion

PROFILES = load_profiles()


def conversation(provider: str, model: str, base_url: str | None = None) -> Conversation:
    conv = Conversation(target=Target(provider=provider, model=model, base_url=base_url))
    conv.append(Message(role="developer", content="Answer in JSON, briefly."))
    conv.append(Message(role="user", content="Capital of France?"))
    return conv


@pytest.fixture
def sidebar(qtbot: Any) -> ParameterSidebar:
    widget = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(widget)
    for group in widget.sections:
        widget.show_group(group)
    return widget


def edit_like_a_user(sidebar: ParameterSidebar) -> None:
    """A mix of editors: numbers, a list, an enum, JSON, structured formats and an extra body key."""
    sidebar.row("temperature").editor.spin.setValue(0.4)
    sidebar.row("top_k").editor.spin.setValue(40)
    sidebar.row("repetition_penalty").editor.spin.setValue(1.1)
    sidebar.row("max_completion_tokens").editor.spin.setValue(64)
    sidebar.row("seed").editor.line.setText("42")
    sidebar.row("seed").editor.edited.emit()
    stop = sidebar.row("stop").editor
    stop.fields[0].setText("\\n\\n")
    stop.fields[0].textEdited.emit("\\n\\n")
    logprobs = sidebar.row("logprobs").editor.combo
    logprobs.setCurrentIndex(0)
    logprobs.activated.emit(0)
    sidebar.row("top_logprobs").editor.spin.setValue(3)
    fmt = sidebar.row("response_format").editor
    fmt.kind.setCurrentIndex(2)
    fmt.kind.activated.emit(2)  # json_schema, from the example
    metadata = sidebar.row("metadata").editor  # disabled where the provider stores nothing: set as from a file
    metadata.set_value({"run": "preview-test"})
    metadata.edited.emit()
    sidebar.row("extra_body").editor.set_text('{"cache_prompt": true}')


def test_edits_produce_the_expected_params(sidebar: ParameterSidebar) -> None:
    sidebar.set_target(PROFILES["llamacpp"], "smollm2", "http://127.0.0.1:1/v1")
    edit_like_a_user(sidebar)
    params = sidebar.params()
    assert params == {
        "temperature": 0.4, "top_k": 40, "repetition_penalty": 1.1, "max_completion_tokens": 64, "seed": 42,
        "stop": ["\n\n"], "logprobs": True, "top_logprobs": 3, "metadata": {"run": "preview-test"},
        "response_format": {"type": "json_schema", "json_schema": {
            "name": "answer", "strict": True, "schema": {
                "type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"],
                "additionalProperties": False}}},
        "cache_prompt": True,
    }
    assert sidebar.problems() == []


@pytest.mark.parametrize("provider, model", [("openai", "o3-mini"), ("openai", "gpt-4o-mini"),
                                             ("llamacpp", "smollm2"), ("groq", "llama-3.1-8b-instant")])
def test_preview_equals_build_request(sidebar: ParameterSidebar, provider: str, model: str) -> None:
    conv = conversation(provider, model)
    sidebar.set_target(PROFILES[provider], model, "http://127.0.0.1:1/v1")
    sidebar.set_messages(conv.wire_messages())
    edit_like_a_user(sidebar)
    preview = sidebar.preview()
    params = sidebar.params()
    engine = build_request(conv.wire_messages(), params, PROFILES[provider], model, api_key="sk-x" * 8,
                           base_url="http://127.0.0.1:1/v1", stream=True)
    assert preview.body == engine.body
    assert preview.url == engine.url
    assert preview.adjustments == engine.adjustments
    assert preview.problems == ()
    shown = json.loads(sidebar.preview_panel.body_text())
    assert shown == engine.body
    assert "sk-x" not in sidebar.preview_panel.body_text()


def test_curl_and_python_carry_the_body_and_no_key(sidebar: ParameterSidebar) -> None:
    sidebar.set_target(PROFILES["openai"], "gpt-4o-mini")
    sidebar.set_messages([{"role": "user", "content": "Hi"}])
    sidebar.row("temperature").editor.spin.setValue(0.25)
    sidebar.tabs.setCurrentIndex(1)
    panel = sidebar.preview_panel
    sidebar.refresh_preview(force=True)
    panel.set_format("curl")
    curl = panel.body_text()
    assert "curl -sS -N https://api.openai.com/v1/chat/completions" in curl
    assert '"Authorization: Bearer ${OPENAI_API_KEY}"' in curl and '"temperature": 0.25' in curl
    panel.set_format("Python")
    python = panel.body_text()
    assert "temperature=0.25" in python and "os.environ['OPENAI_API_KEY']" in python
    assert "prompt tokens" in panel.tokens.text() and "exact" in panel.tokens.text()
    assert "stream_options.include_usage added" in panel.adjustments.text().lower()
    assert sidebar.tabs.tabText(1) == "Request (1 adjusted)"


def test_local_provider_preview_before_the_server_starts(sidebar: ParameterSidebar) -> None:
    sidebar.set_target(PROFILES["local"], "")
    sidebar.set_messages([{"role": "user", "content": "Hi"}])
    preview = sidebar.preview()
    assert preview.url == "http://127.0.0.1:<port>/chat/completions".replace("<port>", "<port>/v1")
    assert any("<port>" in note for note in preview.notes)
    assert "Authorization" not in preview.headers


def test_preview_says_why_there_is_no_body(sidebar: ParameterSidebar) -> None:
    sidebar.set_target(PROFILES["custom"], "m")  # no base URL yet
    preview = sidebar.preview()
    assert preview.body is None and "needs a base URL" in preview.problems[0]
    assert "needs a base URL" in sidebar.preview_panel.adjustments.text()


# --- against the loopback server ----------------------------------------------------------------------------


async def test_the_server_receives_the_previewed_body(sidebar: ParameterSidebar, sse_server: LoopbackServer
                                                      ) -> None:
    conv = conversation("llamacpp", "smollm2", sse_server.base_url)
    sidebar.set_conversation(conv)
    edit_like_a_user(sidebar)
    expected = sidebar.preview().body
    assert conv.params == sidebar.params()  # written into the conversation at once

    sse_server.queue(Reply(chunks=chat_chunks(['{"answer": "Paris"}'])))
    runner = Runner(profiles=PROFILES)
    try:
        generation = await runner.run(conv)
    finally:
        await runner.aclose()
    assert generation.error is None, generation.error
    posted = sse_server.requests[-1].body
    assert posted == expected
    assert posted["repeat_penalty"] == 1.1 and posted["max_tokens"] == 64 and posted["cache_prompt"] is True


async def test_openai_key_and_dropped_params(sidebar: ParameterSidebar, sse_server: LoopbackServer) -> None:
    keys = KeyStore()
    keys.set("openai", "sk-test-0123456789abcdef0123")
    conv = conversation("openai", "o3-mini", sse_server.base_url)
    sidebar.set_conversation(conv)
    sidebar.row("temperature").editor.spin.setValue(0.9)  # o3-mini rejects it: dropped, and said so
    effort = sidebar.row("reasoning_effort").editor.combo
    effort.setCurrentIndex(effort.findText("low"))
    effort.activated.emit(effort.currentIndex())
    stream = sidebar.row("stream").editor.combo
    stream.setCurrentIndex(1)
    stream.activated.emit(1)  # false: not streamed
    preview = sidebar.preview()
    assert "temperature dropped: o3-mini rejects it" in [a.lower() for a in preview.adjustments]
    assert preview.headers["Authorization"] == "Bearer $OPENAI_API_KEY"

    sse_server.queue(Reply(body=chat_completion("Paris")))
    runner = Runner(profiles=PROFILES, keys=keys)
    try:
        generation = await runner.run(conv)
    finally:
        await runner.aclose()
    assert generation.error is None, generation.error
    request = sse_server.requests[-1]
    assert request.body == preview.body
    assert request.body["stream"] is False and request.body["reasoning_effort"] == "low"
    assert request.headers["authorization"] == "Bearer sk-test-0123456789abcdef0123"


async def test_request_options_reach_the_server(sidebar: ParameterSidebar, sse_server: LoopbackServer) -> None:
    conv = conversation("llamacpp", "smollm2", sse_server.base_url)
    sidebar.set_conversation(conv)
    sidebar.set_request_options({"extra_headers": {"X-Trace": "t-1"}, "timeout": 30, "max_retries": 0})
    options = sidebar.run_options()
    assert options.read_timeout == 30 and options.max_retries == 0
    sse_server.queue(Reply(status=503, body=b'{"error": {"message": "busy"}}'))  # not retried: 0 retries
    runner = Runner(profiles=PROFILES)
    try:
        generation = await runner.start(conv, options=options).wait()
    finally:
        await runner.aclose()
    assert generation.error and len(sse_server.requests) == 1
    assert sse_server.requests[0].headers["x-trace"] == "t-1"
    assert sidebar.preview().headers["X-Trace"] == "t-1"


# --- files and the conversation binding -----------------------------------------------------------------------


def test_params_round_trip_through_a_saved_file(sidebar: ParameterSidebar, qtbot: Any, tmp_path: Path) -> None:
    conv = conversation("llamacpp", "smollm2", "http://127.0.0.1:1/v1")
    sidebar.set_conversation(conv)
    edit_like_a_user(sidebar)
    sent = sidebar.params()
    path = tmp_path / "chat.parley.json"
    files.save(conv, path, request_body=sidebar.preview().body)
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["params"] == sent
    assert on_disk["request"] == sidebar.preview().body

    reopened = files.load(path)
    fresh = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(fresh)
    fresh.set_conversation(reopened)
    assert fresh.params() == sent
    assert fresh.preview().body == sidebar.preview().body
    assert json.loads(fresh.row("extra_body").editor.text.toPlainText()) == {"cache_prompt": True}


def test_binding_writes_model_provider_and_params(sidebar: ParameterSidebar, qtbot: Any) -> None:
    conv = conversation("openai", "gpt-4o-mini")
    conv.params.update({"temperature": 0.2, "frequency_penalty": 7})  # one invalid value from a file
    sidebar.set_conversation(conv)
    assert conv.params == {"temperature": 0.2, "frequency_penalty": 7}  # opening changes nothing

    with qtbot.waitSignal(sidebar.changed, timeout=2000):
        sidebar.row("top_p").editor.spin.setValue(0.9)
    assert conv.params == {"temperature": 0.2, "frequency_penalty": 7, "top_p": 0.9}  # nothing lost

    with qtbot.waitSignal(sidebar.changed, timeout=2000):
        sidebar.model_combo.setEditText("gpt-4.1")
        sidebar.model_combo.lineEdit().editingFinished.emit()
    assert conv.target.model == "gpt-4.1"

    index = sidebar.provider_combo.findData("llamacpp")
    with qtbot.waitSignal(sidebar.provider_changed) as signal:
        sidebar.provider_combo.setCurrentIndex(index)
        sidebar.provider_combo.activated.emit(index)
    assert signal.args == ["llamacpp"] and conv.target.provider == "llamacpp"
    assert sidebar.row("top_k").editor.isEnabled()


def test_a_slider_drag_is_one_signal(sidebar: ParameterSidebar, qtbot: Any) -> None:
    seen: list[dict[str, Any]] = []
    sidebar.params_changed.connect(seen.append)
    slider = sidebar.row("temperature").editor.slider
    for position in range(0, 30):
        slider.setValue(position)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    qtbot.wait(200)
    assert seen == [{"temperature": 1.45}]


def test_flush_emits_at_once(sidebar: ParameterSidebar) -> None:
    seen: list[dict[str, Any]] = []
    sidebar.params_changed.connect(seen.append)
    sidebar.row("n").editor.spin.setValue(2)
    sidebar.flush()
    assert seen == [{"n": 2}]


# --- presets --------------------------------------------------------------------------------------------------


def test_save_load_reset_and_differences(sidebar: ParameterSidebar, qtbot: Any) -> None:
    sidebar.set_target(PROFILES["openai"], "gpt-4o-mini")
    sidebar.row("temperature").editor.spin.setValue(0.2)
    sidebar.row("extra_headers").editor.add_button.click()
    key, value, _ = sidebar.row("extra_headers").editor.pairs[0]
    key.setText("X-Team")
    value.setText("qa")
    value.textEdited.emit("qa")
    bar = sidebar.presets
    bar.save_button.click()
    assert not bar.name_box.isHidden()
    bar.name.setText("Precise")
    bar.name.returnPressed.emit()
    saved = presets.find("Precise")
    assert saved.params == {"temperature": 0.2} and saved.options == {"extra_headers": {"X-Team": "qa"}}
    assert "Saved “Precise”" in bar.status.text()

    sidebar.row("top_p").editor.spin.setValue(0.5)
    assert "Differs from “Precise” in 1: top_p" in bar.status.text()
    assert "top_p is set to 0.5 (unset in the preset)" in bar.details_html()

    with qtbot.waitSignal(sidebar.params_changed, timeout=2000) as reset:
        bar.reset_button.click()
    assert reset.args[0] == {} and sidebar.request_options() == {}

    with qtbot.waitSignal(sidebar.params_changed, timeout=2000) as loaded:
        bar.combo.setCurrentIndex(bar.combo.findText("Precise"))
        bar.combo.activated.emit(bar.combo.currentIndex())
    assert loaded.args[0] == {"temperature": 0.2}
    assert sidebar.request_options() == {"extra_headers": {"X-Team": "qa"}}

    bar.delete_action.trigger()
    assert presets.find("Precise") is None and bar.combo.currentText() == "No preset"


def test_a_preset_with_a_bad_value_is_not_saved(sidebar: ParameterSidebar) -> None:
    sidebar.set_params({"temperature": 9})
    assert sidebar.presets.save_as("Hot") is None
    assert "not saved" in sidebar.presets.status.text()
    assert presets.names() == []
