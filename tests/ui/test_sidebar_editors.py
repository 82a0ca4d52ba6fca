"""Every editor of the parameter sidebar, driven like a user would (pytest-qt, offscreen).

Each test sets a value through the widget, then checks what the sidebar would send (`params()`), what
it says (the row's message line) and that "unset" (not sent) stays distinct from any value.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from parley.core.providers import load_profiles
from parley.ui.sidebar.editors import UNSET, ChoiceEditor, NumberEditor
from parley.ui.sidebar.panel import ParameterSidebar
from parley.ui.sidebar.row import ParamRow


@pytest.fixture
def sidebar(qtbot: Any) -> ParameterSidebar:
    widget = ParameterSidebar()
    qtbot.addWidget(widget)
    widget.set_target(load_profiles()["openai"], "gpt-4o-mini")
    widget.set_messages([{"role": "user", "content": "Hello"}])
    return widget


def choose(combo: QComboBox, text: str) -> None:
    """What a user's pick does: the index changes and `activated` fires."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def message(row: ParamRow) -> str:
    return row.message_text()


# --- numbers ----------------------------------------------------------------------------------------------


def test_number_slider_and_spin_box_share_the_real_range(sidebar: ParameterSidebar, qtbot: Any) -> None:
    row = sidebar.row("temperature")
    editor = row.editor
    assert isinstance(editor, NumberEditor) and editor.slider is not None
    assert editor.spin.maximum() == 2 and editor.slider.maximum() == 40  # 0..2 by 0.05
    assert "temperature" not in sidebar.params() and not row.is_set
    assert editor.spin.text() == "default (1)"

    with qtbot.waitSignal(sidebar.params_changed, timeout=2000) as signal:
        editor.slider.setValue(14)  # the user drags to 0.7
    assert signal.args[0]["temperature"] == 0.7
    assert row.is_set and editor.spin.value() == pytest.approx(0.7)

    editor.spin.setValue(1.35)
    assert editor.slider.value() == 27
    assert sidebar.params()["temperature"] == 1.35


def test_unchecking_unsets_but_keeps_the_value_for_later(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("top_p")
    row.editor.spin.setValue(0.4)
    assert sidebar.params()["top_p"] == 0.4
    row.send.click()
    assert "top_p" not in sidebar.params()
    assert row.editor.spin.value() == pytest.approx(0.4)  # still there
    row.send.click()
    assert sidebar.params()["top_p"] == 0.4


def test_checking_an_empty_number_sends_its_default(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("frequency_penalty")
    row.send.click()
    assert sidebar.params()["frequency_penalty"] == 0


def test_integer_without_a_default_and_the_unset_position(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("max_completion_tokens")
    spin = row.editor.spin
    assert spin.text() == "not set"
    spin.setValue(512)
    assert sidebar.params()["max_completion_tokens"] == 512
    spin.setValue(spin.minimum())  # one below the minimum: the "not set" position
    assert "max_completion_tokens" not in sidebar.params() and not row.is_set


def test_out_of_range_value_from_a_file_is_shown_not_clamped(sidebar: ParameterSidebar) -> None:
    sidebar.set_params({"temperature": 7})
    row = sidebar.row("temperature")
    assert row.editor.spin.value() == 7
    assert "temperature must be a number from 0 to 2, not 7" in message(row)
    assert sidebar.params()["temperature"] == 7  # kept: the engine refuses to send it, with the same sentence
    assert sidebar.problems() == ["temperature must be a number from 0 to 2, not 7."]
    problems = sidebar.preview().problems
    assert len(problems) == 1 and "must be a number from 0 to 2, not 7" in problems[0]


def test_64_bit_seed_uses_a_text_field(sidebar: ParameterSidebar, qtbot: Any) -> None:
    row = sidebar.row("seed")
    qtbot.keyClicks(row.editor.line, "9007199254740993")
    assert sidebar.params()["seed"] == 9007199254740993
    row.editor.line.clear()
    row.editor.edited.emit()
    assert "seed" not in sidebar.params()


def test_scrolling_over_an_unfocused_slider_does_not_change_it(sidebar: ParameterSidebar, qtbot: Any) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    slider = sidebar.row("presence_penalty").editor.slider
    before = slider.value()
    event = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(slider, event)
    assert slider.value() == before
    assert "presence_penalty" not in sidebar.params()


# --- enums and booleans -----------------------------------------------------------------------------------


def test_enum_service_tier(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("service_tier")
    assert isinstance(row.editor, ChoiceEditor)
    assert row.editor.combo.placeholderText() == "default (auto)"
    choose(row.editor.combo, "flex")
    assert sidebar.params()["service_tier"] == "flex"
    row.send.click()
    assert "service_tier" not in sidebar.params()


@pytest.mark.parametrize("name", ["logprobs", "store", "parallel_tool_calls", "stream"])
def test_booleans_are_true_false_or_unset(sidebar: ParameterSidebar, name: str) -> None:
    row = sidebar.row(name)
    choose(row.editor.combo, "false")
    assert sidebar.params()[name] is False
    choose(row.editor.combo, "true")
    assert sidebar.params()[name] is True
    row.set_value(UNSET)
    assert name not in sidebar.params()


def test_stream_false_is_what_the_request_says(sidebar: ParameterSidebar) -> None:
    choose(sidebar.row("stream").editor.combo, "false")
    body = sidebar.preview().body
    assert body["stream"] is False and "stream_options" not in body


def test_stream_options_include_usage(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("stream_options")
    choose(row.editor.combos["include_usage"], "false")
    assert sidebar.params()["stream_options"] == {"include_usage": False}
    assert sidebar.preview().body["stream_options"] == {"include_usage": False}  # the user's choice wins
    choose(row.editor.combos["include_obfuscation"], "true")
    assert sidebar.params()["stream_options"] == {"include_usage": False, "include_obfuscation": True}


# --- text, lists, maps ------------------------------------------------------------------------------------


def test_text_field_and_its_length_limit(sidebar: ParameterSidebar, qtbot: Any) -> None:
    row = sidebar.row("safety_identifier")
    qtbot.keyClicks(row.editor.line, "user-1234")
    assert sidebar.params()["safety_identifier"] == "user-1234"
    qtbot.keyClicks(row.editor.line, "x" * 60)
    assert "at most 64 characters" in message(row)
    assert row.editor.line.text().endswith("x" * 60)  # what was typed stays


def test_stop_sequences_with_escapes_and_at_most_four(sidebar: ParameterSidebar, qtbot: Any) -> None:
    row = sidebar.row("stop")
    editor = row.editor
    qtbot.keyClicks(editor.fields[0], "\\n\\n")
    assert sidebar.params()["stop"] == ["\n\n"]
    for text in ("END", "###", "Human:"):
        qtbot.keyClicks(editor.fields[-1], text)
    assert sidebar.params()["stop"] == ["\n\n", "END", "###", "Human:"]
    assert len(editor.fields) == 4  # no fifth field: the API takes four
    sidebar.set_params({"stop": "x\ty"})  # a single string from a file: kept as a string until edited
    assert editor.fields[0].text() == "x\\ty"
    assert sidebar.params()["stop"] == "x\ty"
    assert 'Kept as it was set: "x\\ty"' in message(row)
    qtbot.keyClicks(editor.fields[0], "z")
    assert sidebar.params()["stop"] == ["x\tyz"]


def test_modalities_are_checkboxes(sidebar: ParameterSidebar) -> None:
    sidebar.set_target(load_profiles()["openai"], "gpt-4o-audio-preview")  # an audio model
    row = sidebar.row("modalities")
    row.editor.boxes["text"].click()
    row.editor.boxes["audio"].click()
    assert sidebar.params()["modalities"] == ["text", "audio"]
    assert any("audio parameter" in w for w in sidebar.warning_sentences())


def test_metadata_pairs_are_validated(sidebar: ParameterSidebar, qtbot: Any) -> None:
    row = sidebar.row("metadata")
    editor = row.editor
    editor.add_button.click()
    key, value, _ = editor.pairs[0]
    qtbot.keyClicks(key, "project")
    qtbot.keyClicks(value, "parley")
    assert sidebar.params()["metadata"] == {"project": "parley"}
    assert editor.count.text() == "1/16 pairs"

    qtbot.keyClicks(key, "k" * 60)  # key now 67 characters
    assert "keys can be at most 64 characters" in message(row)
    assert sidebar.problems()

    sidebar.set_params({"metadata": {f"k{i}": "v" for i in range(16)}})
    assert not editor.add_button.isEnabled()  # 16 pairs: the limit
    sidebar.set_params({"metadata": {"note": "v" * 513}})
    assert "at most 512 characters" in message(row)


def test_a_value_without_a_key_is_named(sidebar: ParameterSidebar, qtbot: Any) -> None:
    row = sidebar.row("metadata")
    row.editor.add_button.click()
    qtbot.keyClicks(row.editor.pairs[0][1], "orphan")
    assert "has no key" in message(row)
    assert "metadata" not in sidebar.params()


# --- JSON -------------------------------------------------------------------------------------------------


def test_json_syntax_error_has_line_and_column(sidebar: ParameterSidebar) -> None:
    sidebar.show_group("Tools")
    row = sidebar.row("tools")
    row.editor.set_text('[\n  {"type": "function",\n   "function": {"name": "f"}\n]')
    assert "Not valid JSON: line 4, column 1" in message(row)
    assert "tools" not in sidebar.params()
    assert row.editor.text.toPlainText().startswith("[")  # the text is kept


def test_tools_are_checked_against_the_api_schema(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("tools")
    row.editor.set_text('[{"type": "function", "function": {"description": "no name"}}]')
    assert "tools" in message(row) and "name" in message(row)
    row.editor.example_button.click()  # on a non-empty editor: nothing is overwritten
    assert "no name" in row.editor.text.toPlainText()
    row.editor.set_text("")
    row.editor.example_button.click()
    assert sidebar.params()["tools"][0]["function"]["name"] == "get_weather"
    assert not sidebar.problems()


def test_tool_choice_offers_the_functions_defined_in_tools(sidebar: ParameterSidebar) -> None:
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}},
             {"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}]
    sidebar.set_params({"tools": tools})
    combo = sidebar.row("tool_choice").editor.combo
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered == ["none", "auto", "required", "function: get_weather", "function: search"]
    choose(combo, "function: search")
    assert sidebar.params()["tool_choice"] == {"type": "function", "function": {"name": "search"}}
    choose(combo, "required")
    assert sidebar.params()["tool_choice"] == "required"

    # the tool disappears from tools: the choice is kept and the warning says why it would fail
    choose(combo, "function: search")
    sidebar.row("tools").editor.set_text(json.dumps(tools[:1]))
    assert sidebar.params()["tool_choice"] == {"type": "function", "function": {"name": "search"}}
    assert any("tool_choice names search" in w for w in sidebar.warning_sentences())


def test_response_format_json_schema(sidebar: ParameterSidebar) -> None:
    sidebar.show_group("Output format")
    row = sidebar.row("response_format")
    editor = row.editor
    choose(editor.kind, "json_object")
    assert sidebar.params()["response_format"] == {"type": "json_object"}
    assert any('the word "JSON"' in w for w in sidebar.warning_sentences())  # "Hello" has no JSON in it

    choose(editor.kind, "json_schema")  # starts from an example schema
    value = sidebar.params()["response_format"]
    assert value["type"] == "json_schema" and value["json_schema"]["name"] == "answer"
    assert value["json_schema"]["strict"] is True and value["json_schema"]["schema"]["type"] == "object"

    editor.description.setText("The answer")
    editor.description.textEdited.emit("The answer")
    editor.schema.setPlainText('{"type": "object", "properties": {"n": {"type": "integr"}}}')
    assert "not valid JSON Schema" in message(row) and "properties.n.type" in message(row)
    assert "response_format" not in sidebar.params()

    editor.schema.setPlainText('{"type": "object", "properties": {"n": {"type": "integer"}}}')
    assert sidebar.params()["response_format"]["json_schema"] == {
        "name": "answer", "description": "The answer", "strict": True,
        "schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    assert "strict mode needs \"additionalProperties\": false" in message(row)  # a hint, still sent

    editor.name.setText("bad name!")
    editor.name.textEdited.emit("bad name!")
    assert sidebar.params()["response_format"]["json_schema"]["name"] == "bad name!"


@pytest.mark.parametrize("name, value", [
    ("response_format", {"type": "grammar", "grammar": "root ::= [a-z]+"}),  # a type the editor does not know
    ("response_format", {"type": "json_schema", "json_schema": {"name": "x", "schema": {}, "strict": False}}),
    ("temperature", 0.123),  # more decimals than the spin box shows
    ("modalities", ["text", "image"]),
    ("stream_options", {"include_usage": "yes"}),
])
def test_values_an_editor_cannot_show_are_kept(sidebar: ParameterSidebar, name: str, value: Any) -> None:
    sidebar.set_params({name: value})
    assert sidebar.params()[name] == value
    assert "Kept as it was set" in message(sidebar.row(name))


def test_response_format_keeps_fields_it_has_no_box_for(sidebar: ParameterSidebar) -> None:
    value = {"type": "json_schema",
             "json_schema": {"name": "x", "schema": {"type": "object"}, "future_field": 1}}
    sidebar.set_params({"response_format": value})
    assert sidebar.params()["response_format"] == value


@pytest.mark.parametrize("name, value", [
    ("prediction", {"type": "content", "content": "old text"}),
    ("audio", {"voice": "alloy", "format": "wav"}),
    ("web_search_options", {"search_context_size": "low"}),
])
def test_json_parameters_round_trip(sidebar: ParameterSidebar, name: str, value: Any) -> None:
    sidebar.set_params({name: value})
    row = sidebar.row(name)
    assert json.loads(row.editor.text.toPlainText()) == value
    assert sidebar.params()[name] == value and not sidebar.problems()


def test_audio_needs_voice_and_format(sidebar: ParameterSidebar) -> None:
    row = sidebar.row("audio")
    row.editor.set_text('{"voice": "alloy"}')
    assert "format" in message(row)


# --- the sidebar's own Advanced entries --------------------------------------------------------------------


def test_extra_body_keys_are_sent_as_written(sidebar: ParameterSidebar) -> None:
    sidebar.show_group("Advanced")
    row = sidebar.row("extra_body")
    row.editor.set_text('{"guided_choice": ["yes", "no"], "my_flag": true}')
    assert sidebar.params() == {"guided_choice": ["yes", "no"], "my_flag": True}
    assert sidebar.preview().body["guided_choice"] == ["yes", "no"]
    row.editor.set_text('{"temperature": 0.2}')
    assert "temperature has an editor of its own" in message(row)


def test_unknown_keys_from_a_file_land_in_extra_body(sidebar: ParameterSidebar) -> None:
    sidebar.set_params({"temperature": 0.5, "repetition_context": 64})
    assert json.loads(sidebar.row("extra_body").editor.text.toPlainText()) == {"repetition_context": 64}
    assert sidebar.params() == {"temperature": 0.5, "repetition_context": 64}


def test_extra_headers_timeout_and_retries_are_options_not_body(sidebar: ParameterSidebar, qtbot: Any) -> None:
    headers = sidebar.row("extra_headers")
    headers.editor.add_button.click()
    key, value, _ = headers.editor.pairs[0]
    qtbot.keyClicks(key, "X-Trace")
    with qtbot.waitSignal(sidebar.options_changed, timeout=2000) as signal:
        qtbot.keyClicks(value, "abc")
    assert signal.args[0] == {"extra_headers": {"X-Trace": "abc"}}
    assert sidebar.params() == {}
    assert sidebar.preview().headers["X-Trace"] == "abc"

    key.setText("Authorization")
    key.textEdited.emit("Authorization")
    assert "carries a credential" in message(headers)

    sidebar.row("timeout").editor.spin.setValue(30)
    sidebar.row("max_retries").editor.spin.setValue(0)
    assert sidebar.request_options()["timeout"] == 30 and sidebar.request_options()["max_retries"] == 0
    sidebar.set_request_options({"timeout": 45})
    assert sidebar.request_options() == {"timeout": 45}


def test_request_options_belong_to_the_conversation(sidebar: ParameterSidebar, qtbot: Any) -> None:
    from parley.core.conversation import Conversation, Target

    conv = Conversation(target=Target(provider="openai", model="gpt-4o-mini"),
                        request_options={"timeout": 240})
    sidebar.set_conversation(conv)
    assert sidebar.request_options() == {"timeout": 240}
    with qtbot.waitSignal(sidebar.options_changed, timeout=2000):
        sidebar.row("max_retries").editor.spin.setValue(0)
    assert conv.request_options == {"timeout": 240, "max_retries": 0}


def test_every_catalog_parameter_has_an_editor(sidebar: ParameterSidebar) -> None:
    from parley.core.params import CATALOG

    for name in CATALOG:
        if name in ("model", "messages"):
            continue
        row = sidebar.row(name)
        assert row.param.description and row.send.toolTip()
