"""The parameter catalog: complete against the API description, faithful to its ranges, and clear when a
value is wrong."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from parley.core import params, spec
from parley.core.params import CATALOG, CHAT_SCHEMA, COMPLETIONS, COMPLETIONS_CATALOG, COMPLETIONS_SCHEMA

DOC = Path(__file__).resolve().parents[2] / "docs" / "parameters.md"
ENDPOINTS = [(CATALOG, CHAT_SCHEMA, "chat"), (COMPLETIONS_CATALOG, COMPLETIONS_SCHEMA, COMPLETIONS)]
KIND_TYPES = {
    "number": {"number"},
    "integer": {"integer"},
    "boolean": {"boolean"},
    "enum": {"string"},
    "string": {"string"},
    "string_list": {"string", "array"},
    "map": {"object"},
}


def standard(catalog: dict[str, params.Param]) -> list[params.Param]:
    return [p for p in catalog.values() if not p.nonstandard]


# --- the catalog against the API description -------------------------------------------------------------


@pytest.mark.parametrize(("catalog", "schema", "endpoint"), ENDPOINTS)
def test_catalog_covers_exactly_the_spec_request_properties(catalog, schema, endpoint) -> None:
    assert params.compare_with_spec(catalog, schema) == ([], [])


def test_the_comparison_notices_a_missing_and_an_invented_parameter() -> None:
    reduced = {name: p for name, p in CATALOG.items() if name not in ("temperature", "safety_identifier")}
    assert params.compare_with_spec(reduced, CHAT_SCHEMA) == (["temperature", "safety_identifier"], [])
    invented = {**CATALOG, "top_z": dataclasses.replace(CATALOG["top_p"], name="top_z")}
    assert params.compare_with_spec(invented, CHAT_SCHEMA) == ([], ["top_z"])
    # A spec property wrongly flagged non-standard is not standard coverage.
    mislabelled = {**CATALOG, "top_p": dataclasses.replace(CATALOG["top_p"], nonstandard=True)}
    assert params.compare_with_spec(mislabelled, CHAT_SCHEMA) == (["top_p"], [])


def test_fields_inherited_through_all_of_are_in_the_catalog() -> None:
    inherited = {"metadata", "user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention",
                 "prompt_cache_options", "temperature", "top_p", "top_logprobs"}
    assert inherited <= set(CATALOG)
    assert {"prompt", "suffix", "echo", "best_of"} <= set(COMPLETIONS_CATALOG)
    assert not {"prompt", "suffix", "echo", "best_of"} & set(CATALOG)


@pytest.mark.parametrize(("catalog", "schema", "endpoint"), ENDPOINTS)
def test_ranges_defaults_and_enums_are_the_specs(catalog, schema, endpoint) -> None:
    checked = 0
    for param in standard(catalog):
        facts = spec.property_facts(param.spec_schema, param.name)
        assert param.spec_schema == schema or catalog is COMPLETIONS_CATALOG, param.name
        where = f"{endpoint}:{param.name}"
        if "minimum" in facts:
            assert param.minimum == facts["minimum"], where
        if "maximum" in facts:
            assert param.maximum == facts["maximum"], where
        if "default" in facts:
            assert param.default == facts["default"], where
        else:
            assert param.default is None, f"{where}: the spec states no default"
        if param.kind == "enum":
            assert param.choices == tuple(facts["enum"]), where
        if "item_enum" in facts:
            assert param.choices == tuple(facts["item_enum"]), where
        if "maxItems" in facts:
            assert param.max_items == facts["maxItems"], where
        if "maxLength" in facts:
            assert param.max_length == facts["maxLength"], where
        assert param.deprecated == facts.get("deprecated", False), where
        if param.kind in KIND_TYPES:
            assert facts["types"] <= KIND_TYPES[param.kind] and facts["types"], where
        checked += 1
    assert checked == len(spec.property_schemas(schema))


def test_the_documented_examples_of_the_spec_prose_are_the_catalogs_limits() -> None:
    # metadata's and logit_bias's limits are stated in prose only; keep the catalog tied to that prose.
    metadata_text = str(spec.definition("Metadata"))
    assert "16 key-value pairs" in metadata_text and "64 characters" in metadata_text and "512" in metadata_text
    metadata = CATALOG["metadata"]
    assert (metadata.max_items, metadata.key_max_length, metadata.max_length) == (16, 64, 512)
    bias_text = spec.property_schemas(CHAT_SCHEMA)["logit_bias"][0]["description"]
    assert "from -100 to 100" in bias_text
    assert (CATALOG["logit_bias"].minimum, CATALOG["logit_bias"].maximum) == (-100, 100)


def test_reasoning_effort_offers_what_the_spec_lists() -> None:
    assert CATALOG["reasoning_effort"].choices == ("none", "minimal", "low", "medium", "high", "xhigh", "max")


def test_catalog_entries_are_well_formed() -> None:
    for catalog in (CATALOG, COMPLETIONS_CATALOG):
        groups_seen = [p.group for p in catalog.values()]
        assert groups_seen == sorted(groups_seen, key=params.GROUPS.index), "catalog is ordered by group"
        for param in catalog.values():
            assert param.kind in params.KINDS and param.group in params.GROUPS, param.name
            assert 10 < len(param.description) < 260 and param.description.endswith((".", ")")), param.name
            if param.deprecated_by:
                assert param.deprecated and param.deprecated_by in catalog, param.name
            if param.nonstandard:
                assert param.providers and param.doc_url and param.spec_schema is None, param.name
            else:
                assert not param.providers and param.doc_url.startswith("https://platform.openai.com/"), param.name
            if param.kind == "json":
                assert param.value_schema(), param.name
            if param.kind == "enum":
                assert param.choices, param.name
    assert {p.name for p in CATALOG.values() if p.managed} == {"model", "messages", "stream"}
    assert {p.name for p in COMPLETIONS_CATALOG.values() if p.managed} == {"model", "stream", "prompt"}


def test_completions_reuses_chat_definitions_unless_the_spec_differs() -> None:
    own = {name for name, p in COMPLETIONS_CATALOG.items() if p.legacy}
    assert own == {"prompt", "suffix", "echo", "best_of", "logprobs", "max_tokens", "seed", "user"}
    for name, param in COMPLETIONS_CATALOG.items():
        if not param.legacy:
            assert param is CATALOG[name]
    assert CATALOG["logprobs"].kind == "boolean" and COMPLETIONS_CATALOG["logprobs"].kind == "integer"


# --- what the catalog accepts, the API accepts ---------------------------------------------------------------

EXAMPLES: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": "Hi"}],
    "stream": True,
    "seed": 42,
    "logit_bias": {"50256": -100},
    "max_completion_tokens": 100,
    "max_tokens": 100,
    "stop": ["\n\n", "END"],
    "response_format": {"type": "json_schema", "json_schema": {"name": "reply", "schema": {"type": "object"}}},
    "modalities": ["text", "audio"],
    "audio": {"voice": "alloy", "format": "wav"},
    "prediction": {"type": "content", "content": "Hello"},
    "tools": [{"type": "function", "function": {"name": "now", "parameters": {"type": "object"}}}],
    "tool_choice": {"type": "function", "function": {"name": "now"}},
    "web_search_options": {"search_context_size": "low"},
    "functions": [{"name": "now"}],
    "function_call": {"name": "now"},
    "metadata": {"run": "test"},
    "safety_identifier": "user-hash",
    "prompt_cache_key": "parley",
    "user": "user-1",
    "stream_options": {"include_usage": True},
    "prompt_cache_options": {"mode": "implicit"},
    "moderation": {"model": "omni-moderation-latest"},
    "top_logprobs": 5,
    "prompt": "Once upon a time",
    "suffix": "The end.",
    "logprobs": True,
}


def example_value(param: params.Param, endpoint: str) -> Any:
    if endpoint == COMPLETIONS and param.name == "logprobs":
        return 3
    if param.name in EXAMPLES:
        return EXAMPLES[param.name]
    if param.kind == "enum":
        return param.choices[-1]
    if param.default is not None:
        return param.default
    raise AssertionError(f"no example for {param.name}")


@pytest.mark.parametrize(("catalog", "schema", "endpoint"), ENDPOINTS)
def test_a_body_of_every_standard_parameter_passes_the_catalog_and_the_spec(catalog, schema, endpoint) -> None:
    body = {p.name: params.validate(p.name, example_value(p, endpoint), endpoint) for p in standard(catalog)}
    assert len(body) == len(spec.property_schemas(schema))
    assert spec.validation_errors(schema, body) == []


@pytest.mark.parametrize(("catalog", "schema", "endpoint"), ENDPOINTS)
def test_numeric_bounds_agree_with_the_spec_at_the_edges(catalog, schema, endpoint) -> None:
    base = {p.name: example_value(p, endpoint) for p in standard(catalog) if p.managed}
    for param in standard(catalog):
        if param.kind not in ("number", "integer"):
            continue
        for bound, outside in ((param.minimum, -1), (param.maximum, 1)):
            if bound is None or abs(bound) > 2**53:
                continue
            params.validate(param.name, bound, endpoint)
            assert spec.validation_errors(schema, {**base, param.name: bound}) == [], param.name
            beyond = bound + outside
            with pytest.raises(params.ParamError):
                params.validate(param.name, beyond, endpoint)
            if param.name not in ("max_completion_tokens", "max_tokens"):  # stricter than the spec on purpose
                assert spec.validation_errors(schema, {**base, param.name: beyond}), param.name


# --- validate -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("temperature", 0.7, 0.7),
        ("temperature", 2, 2),
        ("n", 3.0, 3),
        ("top_logprobs", 0, 0),
        ("stop", "END", "END"),
        ("stop", ["a", "b", "c", "d"], ["a", "b", "c", "d"]),
        ("logit_bias", {50256: -100, "11": 5.0}, {"50256": -100, "11": 5}),
        ("metadata", {"k" * 64: "v" * 512}, {"k" * 64: "v" * 512}),
        ("reasoning_effort", " High", "high"),
        ("service_tier", "flex", "flex"),
        ("modalities", ["text"], ["text"]),
        ("logprobs", True, True),
        ("tool_choice", "required", "required"),
        ("response_format", {"type": "json_object"}, {"type": "json_object"}),
        ("top_k", 40, 40),
        ("chat_template_kwargs", {"enable_thinking": False}, {"enable_thinking": False}),
    ],
)
def test_good_values_come_back_normalized(name: str, value: Any, expected: Any) -> None:
    assert params.validate(name, value) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("temperature", 5, "temperature must be a number from 0 to 2, not 5."),
        ("temperature", -0.1, "temperature must be a number from 0 to 2, not -0.1."),
        ("temperature", "0.7", 'temperature must be a number from 0 to 2, not "0.7".'),
        ("temperature", True, "temperature must be a number from 0 to 2, not true."),
        ("temperature", float("inf"), "temperature must be a finite number from 0 to 2, not inf."),
        ("temperature", None, "temperature cannot be null: leave it unset to use the API default (1)."),
        ("top_p", 1.5, "top_p must be a number from 0 to 1, not 1.5."),
        ("presence_penalty", -3, "presence_penalty must be a number from -2 to 2, not -3."),
        ("n", 0, "n must be a whole number from 1 to 128, not 0."),
        ("n", 1.5, "n must be a whole number from 1 to 128, not 1.5."),
        ("top_logprobs", 21, "top_logprobs must be a whole number from 0 to 20, not 21."),
        ("max_completion_tokens", 0, "max_completion_tokens must be a whole number of at least 1, not 0."),
        ("stop", ["a", "b", "c", "d", "e"], "stop takes at most 4 entries (this one has 5)."),
        ("stop", [], "stop is an empty list: leave it unset instead."),
        ("stop", 7, "stop must be a text or a list of texts, not 7."),
        ("logit_bias", {"hello": 1}, 'logit_bias keys must each be a token ID (a whole number), not "hello".'),
        ("logit_bias", {"50256": -101}, 'logit_bias["50256"] must be a whole number from -100 to 100, not -101.'),
        ("logit_bias", [1, 2], "logit_bias must be a JSON object (key: value pairs), not [1, 2]."),
        ("metadata", {str(i): "v" for i in range(17)}, "metadata takes at most 16 pairs (this one has 17)."),
        ("metadata", {"k": "v" * 513}, 'metadata["k"] can be at most 512 characters long (this one has 513).'),
        ("metadata", {"k": 5}, 'metadata["k"] must be text, not 5.'),
        ("reasoning_effort", "extreme",
         'reasoning_effort must be one of none, minimal, low, medium, high, xhigh, max, not "extreme".'),
        ("modalities", ["video"], 'modalities entries must be among text, audio, not "video".'),
        ("logprobs", "yes", 'logprobs must be true or false, not "yes".'),
        ("safety_identifier", "x" * 65, "safety_identifier can be at most 64 characters long (this one has 65)."),
        ("prompt_cache_key", "", "prompt_cache_key is empty: leave it unset instead."),
        ("response_format", {"type": "yaml"},
         "response_format.type: 'yaml' is not one of 'text', 'json_schema', 'json_object'"),
        ("response_format", "json", "response_format: 'json' is not of type 'object'"),
        ("tools", [{"type": "function", "function": {}}], "tools[0].function: 'name' is a required property"),
        ("stream_options", {"include_usage": "yes"}, "stream_options.include_usage: 'yes' is not of type 'boolean'"),
        ("audio", {"voice": "alloy"}, "audio: 'format' is a required property"),
        ("chat_template_kwargs", [1], "chat_template_kwargs: [1] is not of type 'object'"),
        ("tempreature", 1, "'tempreature' is not a Chat Completions parameter Parley knows. Did you mean 'temperature'?"),
        ("echo", True, "'echo' is not a Chat Completions parameter Parley knows. It exists only for the legacy "
                       "/v1/completions endpoint."),
    ],
)
def test_bad_values_are_refused_with_a_sentence_naming_the_parameter(name: str, value: Any, message: str) -> None:
    with pytest.raises(params.ParamError) as caught:
        params.validate(name, value)
    assert str(caught.value) == message
    assert caught.value.param == name


def test_legacy_completions_has_its_own_definitions() -> None:
    assert params.validate("logprobs", 5, COMPLETIONS) == 5
    with pytest.raises(params.ParamError, match="logprobs must be a whole number from 0 to 5, not 6"):
        params.validate("logprobs", 6, COMPLETIONS)
    assert params.validate("max_tokens", 0, COMPLETIONS) == 0
    assert params.validate("prompt", ["a", "b"], COMPLETIONS) == ["a", "b"]
    with pytest.raises(params.ParamError, match=r"^'reasoning_effort' is not a legacy Completions parameter"):
        params.validate("reasoning_effort", "low", COMPLETIONS)


def test_get_raises_a_key_error_with_a_suggestion() -> None:
    with pytest.raises(KeyError) as caught:
        params.get("max_token")
    assert str(caught.value) == "'max_token' is not a Chat Completions parameter Parley knows. Did you mean 'max_tokens'?"
    assert params.get("top_k").nonstandard and "llama.cpp" in params.get("top_k").providers


def test_validate_all_reports_every_bad_key_and_nothing_for_good_ones() -> None:
    good = {"temperature": 0.2, "stop": ["\n"], "logprobs": True, "top_logprobs": 3, "top_k": 20}
    assert params.validate_all(good) == []
    errors = params.validate_all({**good, "temperature": 3, "n": -1, "colour": "red"})
    assert [e.param for e in errors] == ["temperature", "n", "colour"]


# --- parse_cli_value ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("temperature", "0.7", 0.7),
        ("n", "2", 2),
        ("logprobs", "true", True),
        ("stop", "END", "END"),
        ("stop", '["a", "b"]', ["a", "b"]),
        ("stop", "42", "42"),  # text parameters keep the text as written
        ("user", "1234", "1234"),
        ("service_tier", "flex", "flex"),
        ("tool_choice", "auto", "auto"),
        ("response_format", '{"type": "json_object"}', {"type": "json_object"}),
        ("logit_bias", '{"50256": -100}', {"50256": -100}),
        ("metadata", '{"experiment": "a"}', {"experiment": "a"}),
    ],
)
def test_cli_values_parse_as_json_or_text(name: str, text: str, expected: Any) -> None:
    assert params.parse_cli_value(name, text) == expected


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("temperature", "hot", 'temperature must be a number from 0 to 2, not "hot".'),
        ("logprobs", "yes", 'logprobs must be true or false, not "yes".'),
        ("response_format", "{type: json}", "response_format: '{type: json}' is not of type 'object'"),
        ("tempreature", "1", "'tempreature' is not a Chat Completions parameter Parley knows. Did you mean 'temperature'?"),
    ],
)
def test_cli_values_that_do_not_fit_say_why(name: str, text: str, message: str) -> None:
    with pytest.raises(params.ParamError) as caught:
        params.parse_cli_value(name, text)
    assert str(caught.value) == message


def test_cli_value_for_the_legacy_endpoint() -> None:
    assert params.parse_cli_value("logprobs", "3", COMPLETIONS) == 3
    assert params.parse_cli_value("echo", "true", COMPLETIONS) is True


# --- warnings -------------------------------------------------------------------------------------------------------

USER = [{"role": "user", "content": "Tell me a joke."}]


def test_a_plain_request_has_no_warnings() -> None:
    assert params.warnings({"temperature": 0.5, "max_completion_tokens": 200, "stream": True}, USER) == []


@pytest.mark.parametrize(
    ("given", "messages", "expected"),
    [
        ({"top_logprobs": 5}, USER, "top_logprobs only works with logprobs set to true"),
        ({"top_logprobs": 5, "logprobs": False}, USER, "top_logprobs only works with logprobs set to true"),
        ({"temperature": 0.5, "top_p": 0.9}, USER, "temperature and top_p are both set"),
        ({"response_format": {"type": "json_object"}}, USER, 'JSON mode (response_format json_object) needs the word "JSON"'),
        ({"n": 3}, USER, "n is 3: every request generates 3 choices and you pay for the tokens of all of them."),
        ({"stream_options": {"include_usage": True}, "stream": False}, USER, "stream_options only applies to streamed"),
        ({"max_tokens": 10}, USER, "max_tokens is deprecated in the OpenAI API: use max_completion_tokens instead."),
        ({"max_tokens": 10, "max_completion_tokens": 10}, USER, "max_tokens and max_completion_tokens are both set"),
        ({"functions": [{"name": "f"}]}, USER, "functions is deprecated in the OpenAI API: use tools instead."),
        ({"tool_choice": "required"}, USER, "tool_choice has no effect without tools."),
        ({"modalities": ["text", "audio"]}, USER, 'modalities include "audio" but the audio parameter'),
        ({"audio": {"voice": "alloy", "format": "mp3"}}, USER, 'audio is set but modalities do not include "audio"'),
    ],
)
def test_warnings_explain_surprising_combinations(given: dict, messages: list, expected: str) -> None:
    notes = params.warnings(given, messages)
    assert any(note.startswith(expected) for note in notes), notes


def test_json_mode_is_fine_when_a_message_mentions_json_in_any_form() -> None:
    fmt = {"response_format": {"type": "json_object"}}
    assert params.warnings(fmt, [{"role": "system", "content": "Answer in json."}, *USER]) == []
    parts = [{"role": "user", "content": [{"type": "text", "text": "Give me JSON"}]}]
    assert params.warnings(fmt, parts) == []


def test_stream_options_are_not_judged_when_stream_is_left_to_parley() -> None:
    assert params.warnings({"stream_options": {"include_usage": True}}, USER) == []
    assert params.warnings({"stream_options": {"include_usage": True}, "stream": True}, USER) == []


def test_warnings_for_the_legacy_endpoint() -> None:
    notes = params.warnings({"best_of": 2, "n": 3, "stream": True}, None, COMPLETIONS)
    assert "best_of (2) must not be smaller than n (3)." in notes
    assert "best_of results cannot be streamed." in notes
    # logprobs is an integer there: no "needs logprobs: true" confusion.
    assert params.warnings({"logprobs": 2}, None, COMPLETIONS) == []


# --- docs --------------------------------------------------------------------------------------------------------


def test_the_committed_parameter_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == params.markdown_table(), (
        "docs/parameters.md is stale: run `python packaging/gen_param_docs.py`"
    )


def test_the_doc_lists_every_parameter_with_its_range() -> None:
    text = params.markdown_table()
    for param in [*CATALOG.values(), *(p for p in COMPLETIONS_CATALOG.values() if p.legacy)]:
        assert f"| `{param.name}` |" in text, param.name
    assert "| `temperature` | number | 0 to 2 | 1 |" in text
    assert "Deprecated: use `max_completion_tokens`." in text
    assert "Non-standard, accepted by llama.cpp, vLLM, OpenRouter, Together AI." in text
