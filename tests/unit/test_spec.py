"""The bundled API description: complete, plain JSON Schema, and strict in the ways the real API is."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from parley.core import spec
from tests.support.sse_server import chat_chunks, chat_completion

ROOTS = (
    "CreateChatCompletionRequest",
    "CreateCompletionRequest",
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ChatCompletionTokenLogprob",
)
EXTRACTOR = Path(__file__).resolve().parents[2] / "packaging" / "extract_spec.py"


def load_extractor() -> Any:
    module_spec = importlib.util.spec_from_file_location("extract_spec", EXTRACTOR)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def walk(node: Any, key_path: tuple = ()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key_path, key, value
            yield from walk(value, (*key_path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, (*key_path, index))


def valid_chat_body() -> dict[str, Any]:
    return {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "developer", "content": "Answer briefly."},
            {"role": "user", "content": [{"type": "text", "text": "What is 6*7?"}]},
            {"role": "assistant", "content": None,
             "tool_calls": [{"id": "call_1", "type": "function",
                             "function": {"name": "multiply", "arguments": "{\"a\": 6, \"b\": 7}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "42"},
        ],
        "temperature": 0.7,
        "max_completion_tokens": 256,
        "stop": ["\n\n"],
        "logprobs": True,
        "top_logprobs": 5,
        "stream": True,
        "stream_options": {"include_usage": True},
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "answer", "strict": True,
                                            "schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}},
        "tools": [{"type": "function", "function": {"name": "multiply", "parameters": {"type": "object"}}}],
        "tool_choice": {"type": "function", "function": {"name": "multiply"}},
        "seed": 7,
        "n": 2,
        "metadata": {"run": "unit-test"},
        "logit_bias": {"50256": -100},
        "service_tier": "flex",
        "reasoning_effort": "low",
        "prediction": {"type": "content", "content": "The answer is"},
    }


def test_document_is_self_contained_json_schema_with_source_note() -> None:
    document = spec.load_spec()
    assert "f85dbe2" in document["$comment"] and "2026-08-21" in document["$comment"]
    assert document["$schema"].endswith("/draft/2020-12/schema")
    for name in ROOTS:
        assert name in document["$defs"]
    for key_path, key, value in walk(document["$defs"]):
        if key == "$ref":
            assert value.startswith("#/$defs/"), (key_path, value)
            assert value.removeprefix("#/$defs/") in document["$defs"], value
        # OpenAPI-only keywords would be silently ignored by a JSON Schema validator.
        if "properties" not in key_path[-1:]:
            assert key != "nullable" and not key.startswith("x-"), key_path


def test_a_normal_request_body_validates() -> None:
    assert spec.validation_errors("CreateChatCompletionRequest", valid_chat_body()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"temperature": 5}, "temperature: 5 is greater than the maximum of 2"),
        ({"messages": [{"role": "wizard", "content": "hi"}]}, "messages[0].role: 'wizard' is not one of 'developer', 'system', 'user'"),
        ({"messages": [{"role": "user"}]}, "messages[0]: 'content' is a required property"),
        ({"messages": []}, "messages: [] should be non-empty"),
        ({"top_logprobs": 21}, "top_logprobs: 21 is greater than the maximum of 20"),
        ({"stop": ["a", "b", "c", "d", "e"]}, "stop: ['a', 'b', 'c', 'd', 'e'] is too long (at most 4 items)"),
        ({"response_format": {"type": "yaml"}}, "response_format.type: 'yaml' is not one of 'text', 'json_schema', 'json_object'"),
        ({"response_format": {"type": "json_schema"}}, "response_format: 'json_schema' is a required property"),
        ({"tools": [{"type": "function", "function": {"description": "no name"}}]}, "tools[0].function: 'name' is a required property"),
        ({"tool_choice": "sometimes"}, "tool_choice: 'sometimes' is not one of ['none', 'auto', 'required']"),
        ({"logit_bias": {"50256": 1.5}}, "logit_bias[\"50256\"]: 1.5 is not of type 'integer'"),
        ({"reasoning_effort": "extreme"}, "reasoning_effort: 'extreme' is not one of"),
        ({"parallel_tool_calls": None}, "parallel_tool_calls: None is not of type 'boolean'"),
        ({"prediction": {"type": "content"}}, "prediction: 'content' is a required property"),
    ],
)
def test_invalid_request_bodies_are_rejected_with_the_path_and_reason(change: dict, expected: str) -> None:
    errors = spec.validation_errors("CreateChatCompletionRequest", {**valid_chat_body(), **change})
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors


def test_missing_model_is_reported_at_the_body() -> None:
    body = valid_chat_body()
    del body["model"]
    assert spec.validation_errors("CreateChatCompletionRequest", body) == ["body: 'model' is a required property"]


def test_nullable_fields_accept_null_and_others_do_not() -> None:
    # `nullable: true` upstream became an explicit null alternative; without the conversion these fail.
    body = {**valid_chat_body(), "max_completion_tokens": None, "stop": None, "prediction": None, "n": None}
    assert spec.validation_errors("CreateChatCompletionRequest", body) == []
    chunk = json.loads(chat_chunks(["hi"])[1].decode().removeprefix("data: "))
    assert chunk["choices"][0]["finish_reason"] is None
    assert spec.validation_errors("CreateChatCompletionStreamResponse", chunk) == []
    chunk["choices"][0]["finish_reason"] = "bored"
    assert spec.validation_errors("CreateChatCompletionStreamResponse", chunk) == [
        "choices[0].finish_reason: 'bored' is not one of ['stop', 'length', 'tool_calls', 'content_filter', 'function_call', None]"
    ]
    # A finished (non-streamed) choice always has a reason: not nullable there.
    response = json.loads(chat_completion("hi"))
    response["choices"][0]["finish_reason"] = None
    assert spec.validation_errors("CreateChatCompletionResponse", response)


def test_legacy_completions_request_has_its_own_logprobs() -> None:
    assert spec.validation_errors("CreateCompletionRequest", {"model": "m", "prompt": "Once", "logprobs": 5, "echo": True}) == []
    assert spec.validation_errors("CreateCompletionRequest", {"model": "m", "prompt": "Once", "logprobs": 6}) == [
        "logprobs: 6 is greater than the maximum of 5"
    ]


def test_the_test_servers_replies_and_the_logprob_fixtures_follow_the_spec(fixtures_dir: Path) -> None:
    assert spec.validation_errors("CreateChatCompletionResponse", json.loads(chat_completion("Hello"))) == []
    usage = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    for chunk in chat_chunks(["Hel", "lo"], usage=usage, done=False):
        payload = json.loads(chunk.decode().removeprefix("data: "))
        assert spec.validation_errors("CreateChatCompletionStreamResponse", payload) == []
    for name in ("logprobs-openai-kishida.json", "logprobs-openai-suzuki-fragments.json"):
        tokens = json.loads((fixtures_dir / name).read_text(encoding="utf-8"))["content"]
        assert tokens
        for token in tokens:
            assert spec.validation_errors("ChatCompletionTokenLogprob", token) == []


def test_a_llama_cpp_style_reply_missing_required_fields_is_flagged() -> None:
    reply = {"id": "x", "object": "chat.completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "x"}, "finish_reason": "stop"}]}
    assert spec.validation_errors("CreateChatCompletionResponse", reply) == [
        "choices[0]: 'logprobs' is a required property",
        "choices[0].message: 'refusal' is a required property",
    ]


def test_properties_are_merged_across_all_of() -> None:
    properties = spec.property_schemas("CreateChatCompletionRequest")
    # Declared on the request itself, on CreateModelResponseProperties and on ModelResponseProperties.
    assert {"messages", "prompt_cache_options", "temperature", "metadata", "safety_identifier"} <= set(properties)
    assert len(properties["top_logprobs"]) == 3
    facts = spec.property_facts("CreateChatCompletionRequest", "temperature")
    assert (facts["minimum"], facts["maximum"], facts["default"], facts["types"]) == (0, 2, 1, {"number"})
    assert spec.property_facts("CreateChatCompletionRequest", "max_tokens")["deprecated"] is True


def test_unknown_schema_name_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="No schema named 'CreateChatRequest'"):
        spec.validator("CreateChatRequest")


def test_extractor_turns_nullable_into_null_alternatives() -> None:
    extractor = load_extractor()
    assert extractor.convert({"type": "string", "enum": ["a"], "nullable": True, "x-oaiTypeLabel": "s"}) == {
        "type": ["string", "null"], "enum": ["a", None]}
    assert extractor.convert({"$ref": "#/components/schemas/Usage", "nullable": True, "description": "d"}) == {
        "description": "d", "anyOf": [{"$ref": "#/$defs/Usage"}, {"type": "null"}]}
    # A property that happens to be called "example" is a property, not the OpenAPI keyword.
    assert extractor.convert({"properties": {"example": {"type": "string", "example": "x"}}}) == {
        "properties": {"example": {"type": "string"}}}
