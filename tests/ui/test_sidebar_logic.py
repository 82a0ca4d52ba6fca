"""The sidebar's Qt-free rules: fixes after a 400, JSON Schema checks, bias maps, previews. No widgets."""

from __future__ import annotations

import pytest

from parley.core.providers import load_profiles
from parley.ui.sidebar import bias, fixes
from parley.ui.sidebar.preview import request_preview
from parley.ui.sidebar.schema_check import schema_errors, strict_notes

PROFILES = load_profiles()


@pytest.mark.parametrize("text, param", [
    ("Unsupported parameter: 'max_tokens' is not supported with this model.", "max_tokens"),
    ("Unsupported value: 'temperature' does not support 0.2 with this model.", "temperature"),
    ("The provider rejected the parameter `logprobs`. Change or remove it.", "logprobs"),
    ('Invalid value for "stream_options.include_usage"', "stream_options"),
    ("something went wrong", None),
    ("'unknown_thing' is odd", None),
])
def test_rejected_param_is_found_in_the_words(text: str, param: str | None) -> None:
    assert fixes.rejected_param(text) == param


def test_rename_suggestions() -> None:
    assert fixes.suggested_rename("max_tokens", "Use 'max_completion_tokens' instead.") == "max_completion_tokens"
    assert fixes.suggested_rename("max_tokens") == "max_completion_tokens"
    assert fixes.suggested_rename("seed") == "random_seed"
    assert fixes.suggested_rename("temperature") is None


def test_fix_actions_are_parsed_strictly() -> None:
    assert fixes.parse_action("drop") == ("drop", None)
    assert fixes.parse_action("rename:random_seed") == ("rename", "random_seed")
    for bad in ("drop:x", "rename:", "rename:two words", "delete"):
        with pytest.raises(ValueError):
            fixes.parse_action(bad)


def test_remember_then_profile_applies_it() -> None:
    fix = fixes.remember("openai", "gpt-4o", "seed", "drop")
    assert "seed is left out for gpt-4o on OpenAI" in fixes.describe(fix, "OpenAI")
    caps = PROFILES["openai"].capabilities_for("gpt-4o")
    assert caps.accepts("seed")[0] is False
    assert PROFILES["openai"].capabilities_for("gpt-4o-mini").accepts("seed")[0] is True


def test_schema_errors_point_at_the_mistake() -> None:
    assert schema_errors({"type": "object", "properties": {"a": {"type": "string"}}}) == []
    errors = schema_errors({"type": "object", "properties": {"a": {"type": "strin"}}})
    assert len(errors) == 1 and errors[0].startswith("schema.properties.a.type:")
    assert schema_errors({"required": "a"})[0].startswith("schema.required:")
    assert schema_errors([1]) == ["The schema must be a JSON object, not list."]


def test_strict_mode_notes() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"},
                                               "b": {"type": "object", "properties": {"c": {"type": "integer"}},
                                                     "required": ["c"], "additionalProperties": False}},
              "required": ["a"]}
    notes = strict_notes(schema)
    assert notes == ['schema: strict mode needs "additionalProperties": false.',
                     'schema: strict mode needs every property in "required" (missing: b).']


def test_apply_bias() -> None:
    assert bias.apply_bias({"1": 5}, [2, 3], -100) == {"1": 5, "2": -100, "3": -100}
    assert bias.apply_bias({"1": 5, "2": 3}, [2], 0) == {"1": 5}
    assert bias.apply_bias({}, [7], 250) == {"7": 100}


def test_show_piece() -> None:
    assert bias.show_piece(b" a\n") == "·a⏎"
    assert bias.show_piece("岸".encode()[:2]) == "<0xE5><0xB2>"
    assert bias.show_piece(b"") == "∅"


def test_preview_never_holds_a_key_and_counts_tokens() -> None:
    preview = request_preview([{"role": "user", "content": "Hello there"}], {"temperature": 0.5},
                              PROFILES["openai"], "gpt-4o-mini")
    assert preview.headers["Authorization"] == "Bearer $OPENAI_API_KEY"
    assert preview.tokens is not None and preview.tokens.exact and preview.tokens.tokens > 3
    assert preview.body["temperature"] == 0.5 and preview.body["stream"] is True
    no_count = request_preview([{"role": "user", "content": "x"}], {}, PROFILES["openai"], "gpt-4o-mini",
                               count_tokens=False)
    assert no_count.tokens is None


def test_preview_with_no_message_yet() -> None:
    preview = request_preview([], {"n": 2}, PROFILES["openai"], "gpt-4o-mini")
    assert preview.body["messages"] == [{"role": "user", "content": ""}]
    assert any("no message yet" in note for note in preview.notes)
