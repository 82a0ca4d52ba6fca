"""The request builder: bodies valid against OpenAI's API description, visible adjustments, no leaked keys."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from parley.core import params as catalog
from parley.core import spec
from parley.core.providers import ProviderProfile, load_profiles, remember_fix
from parley.core.request import BuiltRequest, MissingKeyError, RequestError, build_request, request_headers

KEY = "sk-proj-SeCrEt0123456789abcdefXYZ"
REQUEST_SCHEMA = "CreateChatCompletionRequest"

USER = [{"role": "user", "content": "Say hi."}]


@pytest.fixture(scope="module")
def profiles() -> dict[str, ProviderProfile]:
    return load_profiles()


def build(
    profile: ProviderProfile, model: str, params: dict[str, Any] | None = None, **kw: Any
) -> BuiltRequest:
    kw.setdefault("api_key", KEY)
    return build_request(kw.pop("messages", USER), params or {}, profile, model, **kw)


# --- every OpenAI body follows the API description ---------------------------------------------------------

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
SCHEMA_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "answer",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "required": ["a"],
            "additionalProperties": False,
        },
    },
}

# Valid values for the parameters whose values cannot be drawn from a range or a list of choices.
EXAMPLES: dict[str, list[Any]] = {
    "response_format": [{"type": "text"}, {"type": "json_object"}, SCHEMA_FORMAT],
    "audio": [{"voice": "alloy", "format": "wav"}],
    "prediction": [{"type": "content", "content": "def hello():\n    return 1\n"}],
    "tools": [[WEATHER_TOOL]],
    "tool_choice": ["auto", "none", "required", {"type": "function", "function": {"name": "get_weather"}}],
    "web_search_options": [{"search_context_size": "low"}],
    "functions": [[{"name": "get_time", "parameters": {"type": "object", "properties": {}}}]],
    "function_call": ["auto", "none", {"name": "get_time"}],
    "stream_options": [{"include_usage": True}, {"include_usage": False}, {}],
    "prompt_cache_options": [{"mode": "implicit"}],
    "moderation": [{"model": "omni-moderation-latest"}],
    "chat_template_kwargs": [{"enable_thinking": False}],
    "stop": ["\n", ["END", "STOP"]],
    "modalities": [["text"], ["text", "audio"]],
    "logit_bias": [{"50256": -100, "198": 5}],
    "metadata": [{"purpose": "test", "run": "42"}],
    "safety_identifier": ["hashed-user-1234"],
    "prompt_cache_key": ["cache-group-1"],
    "user": ["user-1234"],
    "seed": [0, 42, -7, 2**31],
    "max_tokens": [1, 256, 4096],
    "max_completion_tokens": [1, 256, 4096],
    "top_k": [0, 40],
    "min_tokens": [0, 8],
    "mirostat": [0, 2],
}
TRICKY_MESSAGES = [
    {"role": "system", "content": "You are terse."},
    {"role": "developer", "content": [{"type": "text", "text": "Answer in JSON."}]},
    {"role": "user", "content": "Weather in Paris?", "name": "alice"},
    {
        "role": "assistant",
        "content": None,
        "reasoning_content": "I should call the tool.",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "18°C, clear"},
    {"role": "assistant", "content": "It is 18°C.", "reasoning": "easy"},
    {"role": "user", "content": [{"type": "text", "text": "Thanks! 日本語でも。"}]},
]


def sample_value(param: catalog.Param, rng: random.Random) -> Any:
    if param.name in EXAMPLES:
        return copy.deepcopy(rng.choice(EXAMPLES[param.name]))
    if param.kind == "boolean":
        return rng.choice([True, False])
    if param.kind == "enum":
        return rng.choice(param.choices)
    if param.kind == "integer":
        low = int(param.minimum) if param.minimum is not None else 0
        high = int(param.maximum) if param.maximum is not None else low + 100
        return rng.choice([low, high, rng.randint(low, high)])
    if param.kind == "number":
        low = param.minimum if param.minimum is not None else 0.0
        high = param.maximum if param.maximum is not None else low + 2.0
        return rng.choice([low, high, round(rng.uniform(low, high), 3)])
    raise AssertionError(f"no sample for {param.name} ({param.kind}); add one to EXAMPLES")


SENDABLE = [p for p in catalog.CATALOG.values() if not p.managed]


def test_every_sample_is_a_value_the_catalog_accepts() -> None:
    rng = random.Random(0)
    for param in SENDABLE:
        for _ in range(6):
            value = sample_value(param, rng)
            catalog.validate(param.name, value)  # raises ParamError when a sample is wrong


@pytest.mark.parametrize("model", ["gpt-4o-mini", "o3-mini", "gpt-5", "gpt-5.1", "gpt-4o-audio-preview"])
@pytest.mark.parametrize("seed", range(40))
def test_openai_bodies_validate_against_the_api_description(
    model: str, seed: int, profiles: dict[str, ProviderProfile]
) -> None:
    rng = random.Random(f"{model}-{seed}")
    chosen = rng.sample(SENDABLE, k=rng.randint(1, len(SENDABLE)))
    params = {p.name: sample_value(p, rng) for p in chosen}
    messages = TRICKY_MESSAGES if seed % 2 else USER
    stream = bool(seed % 3)
    built = build(profiles["openai"], model, params, messages=messages, stream=stream)

    assert spec.validation_errors(REQUEST_SCHEMA, built.body) == []
    # Nothing vanished without a sentence: every parameter given is sent (maybe renamed) or explained.
    for name in params:
        if name not in built.body:
            assert any(a.startswith(f"{name} ") for a in built.adjustments), (name, built.adjustments)
    assert all("reasoning" not in m for m in built.body["messages"])
    assert "top_k" not in built.body and "max_tokens" not in built.body


@pytest.mark.parametrize("model", ["gpt-4o-mini", "o3-mini"])
def test_every_parameter_alone_gives_a_valid_openai_body(
    model: str, profiles: dict[str, ProviderProfile]
) -> None:
    rng = random.Random(model)
    for param in SENDABLE:
        for value in EXAMPLES.get(param.name, [sample_value(param, rng)]):
            built = build(profiles["openai"], model, {param.name: value}, messages=TRICKY_MESSAGES)
            assert spec.validation_errors(REQUEST_SCHEMA, built.body) == [], (param.name, value)


# --- adjustments -------------------------------------------------------------------------------------------


def test_openai_reasoning_model(profiles: dict[str, ProviderProfile]) -> None:
    built = build(
        profiles["openai"],
        "o3-mini",
        {"max_tokens": 300, "temperature": 0.2, "top_p": 0.9, "logprobs": True, "reasoning_effort": "high"},
        messages=[{"role": "developer", "content": "Be brief."}, *USER],
    )
    assert built.body["max_completion_tokens"] == 300
    assert built.body["reasoning_effort"] == "high"
    for gone in ("max_tokens", "temperature", "top_p", "logprobs"):
        assert gone not in built.body
    assert built.body["messages"][0]["role"] == "developer"
    assert built.adjustments == (
        "max_tokens sent as max_completion_tokens (o3-mini expects it)",
        "temperature dropped: o3-mini rejects it",
        "top_p dropped: o3-mini rejects it",
        "logprobs dropped: o3-mini returns no log probabilities",
        "stream_options.include_usage added so token counts arrive while streaming",
    )


def test_openai_reasoning_effort_outside_the_model_values(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["openai"], "o3-mini", {"reasoning_effort": "minimal"})
    assert "reasoning_effort" not in built.body
    assert 'reasoning_effort "minimal" dropped: o3-mini accepts low, medium, high' in built.adjustments
    assert (
        build(profiles["openai"], "gpt-5", {"reasoning_effort": "minimal"}).body["reasoning_effort"]
        == "minimal"
    )


def test_openai_chat_model(profiles: dict[str, ProviderProfile]) -> None:
    built = build(
        profiles["openai"],
        "gpt-4o",
        {"temperature": 0.7, "top_k": 40, "top_logprobs": 3, "max_tokens": 64, "reasoning_effort": "low"},
    )
    body = built.body
    assert body["temperature"] == 0.7 and body["top_logprobs"] == 3 and body["logprobs"] is True
    assert body["max_completion_tokens"] == 64
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert "top_k dropped: OpenAI does not accept non-standard parameters" in built.adjustments
    assert "logprobs set to true: top_logprobs needs it" in built.adjustments
    assert "reasoning_effort dropped: OpenAI has no reasoning effort setting" in built.adjustments
    assert built.url == "https://api.openai.com/v1/chat/completions"
    assert built.headers["Authorization"] == f"Bearer {KEY}"


def test_gpt_5_1_keeps_temperature_until_it_reasons(profiles: dict[str, ProviderProfile]) -> None:
    plain = build(profiles["openai"], "gpt-5.1", {"temperature": 0.4})
    assert plain.body["temperature"] == 0.4
    reasoning = build(profiles["openai"], "gpt-5.1", {"temperature": 0.4, "reasoning_effort": "high"})
    assert "temperature" not in reasoning.body
    assert (
        'temperature dropped: gpt-5.1 accepts it only with reasoning_effort "none"' in reasoning.adjustments
    )


def test_deprecated_functions_become_tools(profiles: dict[str, ProviderProfile]) -> None:
    built = build(
        profiles["openai"],
        "gpt-4o",
        {
            "functions": EXAMPLES["functions"][0],
            "function_call": {"name": "get_time"},
            "tools": [WEATHER_TOOL],
        },
    )
    assert "functions" not in built.body and "function_call" not in built.body
    assert [t["function"]["name"] for t in built.body["tools"]] == ["get_weather", "get_time"]
    assert built.body["tool_choice"] == {"type": "function", "function": {"name": "get_time"}}
    assert "functions sent as tools (functions is deprecated)" in built.adjustments
    assert "function_call sent as tool_choice (function_call is deprecated)" in built.adjustments
    assert spec.validation_errors(REQUEST_SCHEMA, built.body) == []


def test_llama_cpp(profiles: dict[str, ProviderProfile]) -> None:
    built = build(
        profiles["llamacpp"],
        "smollm2",
        {"top_k": 40, "min_p": 0.05, "repetition_penalty": 1.1, "store": True, "top_logprobs": 20},
        api_key=None,
    )
    body = built.body
    assert body["top_k"] == 40 and body["min_p"] == 0.05 and body["repeat_penalty"] == 1.1
    assert "repetition_penalty" not in body and "store" not in body
    assert body["top_logprobs"] == 20  # no limit of 20 on llama.cpp
    assert "Authorization" not in built.headers
    assert set(built.adjustments) == {
        "store dropped: llama.cpp server does not store completions",
        "repetition_penalty sent as repeat_penalty (llama.cpp server expects it)",
        "logprobs set to true: top_logprobs needs it",
        "stream_options.include_usage added so token counts arrive while streaming",
    }


def test_a_native_name_wins_over_a_renamed_one(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["llamacpp"], "m", {"repetition_penalty": 1.3, "repeat_penalty": 1.1}, api_key=None)
    assert built.body["repeat_penalty"] == 1.1
    assert "repetition_penalty dropped: repeat_penalty is also set" in built.adjustments


def test_the_local_profile_takes_its_base_url_at_runtime(profiles: dict[str, ProviderProfile]) -> None:
    with pytest.raises(RequestError, match="needs a base URL"):
        build(profiles["local"], "", api_key=None)
    built = build(
        profiles["local"],
        "",
        {"max_completion_tokens": 8},
        api_key=None,
        base_url="http://127.0.0.1:40123/v1/",
    )
    assert built.url == "http://127.0.0.1:40123/v1/chat/completions"
    assert built.body["max_completion_tokens"] == 8  # the bundled llama.cpp reads it (measured)
    assert "Authorization" not in built.headers


def test_groq(profiles: dict[str, ProviderProfile]) -> None:
    messages = [
        {"role": "developer", "content": "Be brief."},
        {"role": "user", "content": "hi", "name": "bob"},
    ]
    built = build(
        profiles["groq"], "llama-3.3-70b-versatile", {"logprobs": True, "seed": 7}, messages=messages
    )
    assert [m["role"] for m in built.body["messages"]] == ["system", "user"]
    assert "name" not in built.body["messages"][1]
    assert built.body["seed"] == 7 and "logprobs" not in built.body
    assert "developer message sent as system: Groq has no developer role" in built.adjustments
    assert "message names dropped: Groq does not accept them" in built.adjustments
    assert "logprobs dropped: Groq returns no log probabilities" in built.adjustments
    assert (
        messages[0]["role"] == "developer" and messages[1]["name"] == "bob"
    )  # the caller's data is untouched


def test_azure(profiles: dict[str, ProviderProfile]) -> None:
    azure = profiles["azure"]
    with pytest.raises(RequestError, match=r"https://<your-resource>\.openai\.azure\.com"):
        build(azure, "gpt-4o-prod")
    built = build(azure, "gpt 4o/prod", {"max_tokens": 50}, base_url="https://contoso.openai.azure.com/")
    assert built.url == (
        "https://contoso.openai.azure.com/openai/deployments/gpt%204o%2Fprod/chat/completions"
        "?api-version=2024-10-21"
    )
    assert built.headers["api-key"] == KEY and "Authorization" not in built.headers
    assert built.body["max_completion_tokens"] == 50


def test_mistral_gets_only_what_it_accepts(profiles: dict[str, ProviderProfile]) -> None:
    built = build(
        profiles["mistral"], "mistral-large-latest", {"seed": 3, "max_completion_tokens": 10, "store": True}
    )
    body = built.body
    assert body["random_seed"] == 3 and "seed" not in body
    assert body["max_tokens"] == 10 and "max_completion_tokens" not in body
    assert "store" not in body and "stream_options" not in body
    assert "seed sent as random_seed (Mistral expects it)" in built.adjustments
    assert "max_completion_tokens sent as max_tokens (Mistral expects it)" in built.adjustments


def test_structured_outputs_fall_back_to_json_mode_with_a_warning(
    profiles: dict[str, ProviderProfile],
) -> None:
    built = build(profiles["deepseek"], "deepseek-chat", {"response_format": SCHEMA_FORMAT})
    assert built.body["response_format"] == {"type": "json_object"}
    assert any("schema is not enforced" in a for a in built.adjustments)


def test_a_learned_fix_is_applied(profiles: dict[str, ProviderProfile]) -> None:
    groq = profiles["groq"]
    remember_fix("groq", "gemma2-9b-it", "seed", "drop")
    built = build(groq, "gemma2-9b-it", {"seed": 1, "temperature": 0.5})
    assert "seed" not in built.body and built.body["temperature"] == 0.5
    assert "seed dropped: you chose to drop it after Groq rejected it for gemma2-9b-it" in built.adjustments
    assert build(groq, "llama-3.3-70b-versatile", {"seed": 1}).body["seed"] == 1

    remember_fix("custom", "*", "max_tokens", "rename", "max_completion_tokens")
    renamed = build(
        profiles["custom"], "anything", {"max_tokens": 9}, api_key=None, base_url="http://x.test/v1"
    )
    assert renamed.body["max_completion_tokens"] == 9 and "max_tokens" not in renamed.body
    assert (
        "max_tokens sent as max_completion_tokens (Custom (OpenAI-compatible) expects it)"
        in renamed.adjustments
    )


# --- continuation of a partial answer ----------------------------------------------------------------------

PARTIAL = [*USER, {"role": "assistant", "content": "Hi th", "reasoning_content": "short"}]


def test_continuing_on_llama_cpp_vllm_and_deepseek(profiles: dict[str, ProviderProfile]) -> None:
    llama = build(
        profiles["llamacpp"], "m", messages=PARTIAL, api_key=None, continue_partial=True, stream=False
    )
    assert llama.body["messages"][-1] == {"role": "assistant", "content": "Hi th"}
    assert llama.continued_prefix == "Hi th" and llama.prefix_echoed  # non-streamed llama.cpp repeats it
    assert not build(
        profiles["llamacpp"], "m", messages=PARTIAL, api_key=None, continue_partial=True
    ).prefix_echoed

    vllm = build(profiles["vllm"], "m", messages=PARTIAL, api_key=None, continue_partial=True)
    assert vllm.body["continue_final_message"] is True and vllm.body["add_generation_prompt"] is False

    deepseek = build(profiles["deepseek"], "deepseek-chat", messages=PARTIAL, continue_partial=True)
    assert deepseek.body["messages"][-1]["prefix"] is True
    assert deepseek.url == "https://api.deepseek.com/beta/chat/completions"
    assert any("api.deepseek.com/beta" in a for a in deepseek.adjustments)
    assert "prefix" not in PARTIAL[-1]


def test_continuing_where_the_provider_cannot(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["openai"], "gpt-4o", messages=PARTIAL, continue_partial=True)
    assert built.continued_prefix is None
    assert (
        "the last assistant message is sent as a finished turn: OpenAI cannot continue a partial answer"
        in (built.adjustments)
    )
    with pytest.raises(RequestError, match="Only an assistant message"):
        build(profiles["llamacpp"], "m", messages=USER, api_key=None, continue_partial=True)


# --- the rest of the contract ------------------------------------------------------------------------------


def test_reasoning_is_never_sent(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["openai"], "gpt-4o", messages=TRICKY_MESSAGES)
    sent = json.dumps(built.body)
    assert "I should call the tool." not in sent and "easy" not in sent
    assert "reasoning_content" in TRICKY_MESSAGES[3]  # the caller's list is untouched


def test_extra_body_passes_through_and_wins(profiles: dict[str, ProviderProfile]) -> None:
    built = build(
        profiles["openrouter"],
        "openai/gpt-4o",
        {"temperature": 0.3},
        extra_body={"provider": {"order": ["openai"]}, "temperature": 0.9, "transforms": []},
        extra_headers={"HTTP-Referer": "https://example.org"},
    )
    assert built.body["provider"] == {"order": ["openai"]} and built.body["transforms"] == []
    assert built.body["temperature"] == 0.9
    assert built.headers["X-Title"] == "Parley" and built.headers["HTTP-Referer"] == "https://example.org"


def test_invalid_parameters_are_refused_with_sentences(profiles: dict[str, ProviderProfile]) -> None:
    with pytest.raises(RequestError) as caught:
        build(profiles["openai"], "gpt-4o", {"temperature": 5, "n": 0, "top_p": 0.5})
    problems = caught.value.problems
    assert len(problems) == 2
    assert any(p.startswith("temperature must be a number from 0 to 2") for p in problems)
    assert any(p.startswith("n must be a whole number") for p in problems)


def test_unset_and_unknown_parameters(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["vllm"], "m", {"temperature": None, "guided_choice": ["yes", "no"]}, api_key=None)
    assert "temperature" not in built.body
    assert built.body["guided_choice"] == ["yes", "no"]  # not in the catalog: sent as typed


def test_not_streaming(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["openai"], "gpt-4o", {"stream_options": {"include_usage": True}}, stream=False)
    assert built.body["stream"] is False and "stream_options" not in built.body
    assert built.headers["Accept"] == "application/json"
    assert "stream_options dropped: the request is not streamed" in built.adjustments


def test_the_users_include_usage_choice_is_kept(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["openai"], "gpt-4o", {"stream_options": {"include_usage": False}})
    assert built.body["stream_options"] == {"include_usage": False}
    assert not any("include_usage" in a for a in built.adjustments)


def test_a_missing_key_is_a_sentence(profiles: dict[str, ProviderProfile]) -> None:
    with pytest.raises(
        MissingKeyError, match="No API key for Groq: add one under Providers & keys or set GROQ_API_KEY"
    ):
        build(profiles["groq"], "llama-3.3-70b-versatile", api_key=None)
    assert "Authorization" not in build(profiles["ollama"], "llama3", api_key=None).headers
    dry = build(profiles["groq"], "llama-3.3-70b-versatile", api_key=None, require_key=False)
    assert "Authorization" not in dry.headers and dry.body["model"] == "llama-3.3-70b-versatile"


# --- keys never show -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("pid", ["openai", "azure"])
def test_the_key_never_appears_in_repr_str_or_redacted_output(
    pid: str, profiles: dict[str, ProviderProfile]
) -> None:
    built = build(
        profiles[pid],
        "gpt-4o",
        {"user": "u1"},
        base_url="https://contoso.openai.azure.com" if pid == "azure" else None,
        extra_headers={"X-Api-Key": KEY, "X-Trace": f"trace {KEY}"},
        extra_body={"note": f"my key is {KEY}"},
    )
    assert KEY in json.dumps(built.headers)  # it is really sent…
    for text in (
        repr(built),
        str(built),
        f"{built}",
        json.dumps(built.redacted_headers()),
        json.dumps(built.redacted()),
    ):
        assert KEY not in text
        assert KEY[8:20] not in text  # not even a middle piece
    redacted = built.redacted_headers()
    if pid == "openai":
        assert redacted["Authorization"] == "Bearer sk-…REDACTED"
    else:
        assert redacted["api-key"] == "sk-…REDACTED"
    assert redacted["X-Api-Key"] == "sk-…REDACTED"
    assert redacted["X-Trace"] == "trace [redacted]"
    assert built.redacted()["body"]["note"] == "my key is [redacted]"


def test_a_short_or_unprefixed_key_shows_no_characters(profiles: dict[str, ProviderProfile]) -> None:
    azure_key = "0123456789abcdef0123456789abcdef"
    built = build(profiles["azure"], "d", api_key=azure_key, base_url="https://r.openai.azure.com")
    assert built.redacted_headers()["api-key"] == "…REDACTED"
    assert azure_key[:4] not in repr(built)


def test_a_dummy_local_key_does_not_garble_the_preview(profiles: dict[str, ProviderProfile]) -> None:
    # Local servers take any key; "none" must not turn every "none" of the body into a placeholder.
    built = build(profiles["custom"], "m", {"tool_choice": "none"}, api_key="none",
                  base_url="http://127.0.0.1:8080/v1")
    assert built.redacted()["body"]["tool_choice"] == "none"
    assert built.redacted_headers()["Authorization"] == "Bearer …REDACTED"


def test_a_cookie_or_gateway_token_header_is_not_shown_either(profiles: dict[str, ProviderProfile]) -> None:
    built = build(profiles["openai"], "gpt-4o",
                  extra_headers={"Cookie": "session=abcdef123456", "X-Gateway-Token": "gw-0123456789"})
    shown = json.dumps(built.redacted()) + repr(built)
    assert "abcdef123456" not in shown and "gw-0123456789" not in shown
    assert built.redacted_headers()["Cookie"] == "…REDACTED"


def test_headers_for_other_requests_follow_the_same_auth_style(profiles: dict[str, ProviderProfile]) -> None:
    assert request_headers(profiles["azure"], KEY)["api-key"] == KEY
    openrouter = request_headers(profiles["openrouter"], KEY)
    assert openrouter["Authorization"] == f"Bearer {KEY}" and openrouter["X-Title"] == "Parley"
    assert openrouter["Accept"] == "application/json"
    with pytest.raises(MissingKeyError):
        request_headers(profiles["openai"], None)
    with pytest.raises(RequestError, match="no message"):
        build(profiles["openai"], "gpt-4o", messages=[])
