"""Stream assembly: chunk dicts -> events and complete choices, for the shapes real providers send.

The ``llamacpp-*`` fixtures were recorded from llama.cpp (tests/fixtures/streams/README.md); the
others are written to the documented formats of OpenAI, Azure, DeepSeek, OpenRouter and Groq.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from parley.api.sse import parse_sse_bytes
from parley.core.events import (
    Finish,
    LogprobsDelta,
    ProviderMetrics,
    ReasoningDelta,
    RefusalDelta,
    ResponseMeta,
    TextDelta,
    ToolCallDelta,
    UsageReport,
)
from parley.core.stream import AssembledResponse, StreamAssembler, assemble_response

STREAMS = Path(__file__).resolve().parents[1] / "fixtures" / "streams"


def chunks_of(name: str) -> list[dict[str, Any]]:
    return parse_sse_bytes((STREAMS / name).read_bytes())


def assemble(chunks: list[dict[str, Any]]) -> tuple[AssembledResponse, list[Any]]:
    assembler = StreamAssembler()
    events = [event for chunk in chunks for event in assembler.feed(chunk)]
    return assembler.result(), events


def chunk(choices: list[dict[str, Any]] | None = None, **top: Any) -> dict[str, Any]:
    """An OpenAI-shaped chunk with the usual top-level fields."""
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1732000000, "model": "m",
            "system_fingerprint": "fp_1", "choices": choices if choices is not None else [], **top}


def delta(index: int = 0, finish: str | None = None, logprobs: Any = None, **fields: Any) -> dict[str, Any]:
    return {"index": index, "delta": fields, "logprobs": logprobs, "finish_reason": finish}


# --- plain text, metadata, usage -----------------------------------------------------------------


def test_plain_text_with_a_usage_only_final_chunk() -> None:
    result, events = assemble(chunks_of("openai-text-usage.sse"))
    (choice,) = result.choices
    assert choice.content == "Hello! How can I help you today?"
    assert choice.finish_reason == "stop"
    assert choice.refusal is None and choice.tool_calls is None and choice.logprobs is None
    assert result.usage is not None and result.usage["completion_tokens"] == 10
    assert result.usage["completion_tokens_details"]["reasoning_tokens"] == 0
    assert (result.id, result.model, result.created) == ("chatcmpl-AbC123", "gpt-4o-mini-2024-07-18", 1732000000)
    assert (result.system_fingerprint, result.service_tier) == ("fp_0ba0d124f1", "default")
    assert result.provider_extras == {}  # OpenAI's "obfuscation" padding is noise, not a provider metric
    assert [type(e) for e in events] == [ResponseMeta, *[TextDelta] * 9, Finish, UsageReport]
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == choice.content
    assert events[0] == ResponseMeta("chatcmpl-AbC123", "gpt-4o-mini-2024-07-18", 1732000000, "fp_0ba0d124f1",
                                     "default")


def test_empty_content_and_absent_content_stay_different() -> None:
    said_nothing, _ = assemble([chunk([delta(role="assistant", content="")]), chunk([delta(finish="stop")])])
    assert said_nothing.choices[0].content == ""
    only_tools, _ = assemble([chunk([delta(role="assistant", content=None)]), chunk([delta(finish="stop")])])
    assert only_tools.choices[0].content is None


def test_usage_reported_with_the_finish_chunk() -> None:
    # DeepSeek and llama.cpp (n=1) put usage on the chunk that carries finish_reason.
    result, events = assemble(chunks_of("deepseek-reasoning-content.sse"))
    assert result.usage is not None and result.usage["completion_tokens_details"] == {"reasoning_tokens": 18}
    assert result.provider_extras == {}
    assert isinstance(events[-1], UsageReport) and isinstance(events[-2], Finish)


# --- llama.cpp, recorded -------------------------------------------------------------------------


def test_llamacpp_first_chunk_without_role_and_merged_multibyte_tokens() -> None:
    chunks = chunks_of("llamacpp-first-chunk-without-role.sse")
    assert "role" not in chunks[0]["choices"][0]["delta"]  # what makes this recording interesting
    result, events = assemble(chunks)
    choice = result.choices[0]
    assert choice.content == "おわんでんは"
    assert choice.finish_reason == "length"
    # llama.cpp merges the two byte-fragment tokens of each character into one logprob entry:
    # 12 tokens generated, 6 entries, each one whole character whose bytes decode on their own.
    assert result.usage is not None and result.usage["completion_tokens"] == 12
    entries = choice.logprobs["content"]
    assert [e["token"] for e in entries] == list("おわんでんは")
    assert all(bytes(e["bytes"]).decode() == e["token"] for e in entries)
    assert choice.logprobs["refusal"] is None
    assert sum(len(e.content) for e in events if isinstance(e, LogprobsDelta)) == 6


def test_llamacpp_logprobs_and_timings_on_the_final_chunk() -> None:
    result, _ = assemble(chunks_of("llamacpp-logprobs-multibyte.sse"))
    choice = result.choices[0]
    assert choice.content.startswith('The Japanese word for Japan is "日本" (Nihongo).')
    entries = choice.logprobs["content"]
    assert "".join(e["token"] for e in entries) == choice.content
    assert b"".join(bytes(e["bytes"]) for e in entries).decode() == choice.content
    assert len(entries) == 29 and result.usage["completion_tokens"] == 30  # one merged character
    timings = result.provider_extras["timings"]
    assert timings["predicted_n"] == 30 and timings["prompt_n"] == 44
    assert timings["predicted_per_second"] > 0
    assert result.system_fingerprint == "b0-unknown"


def test_llamacpp_n2_interleaved_with_their_own_role_and_finish_chunks() -> None:
    chunks = chunks_of("llamacpp-n2.sse")
    assert chunks[0]["choices"][0]["index"] == 1  # llama.cpp may start with the second choice
    result, events = assemble(chunks)
    assert [c.index for c in result.choices] == [0, 1]  # sorted by index, not by arrival
    assert result.choices[0].content == "The colors of the rainbow are a beautiful example of the intricate"
    assert result.choices[1].content == "One of the most famous and iconic colors, it is not"
    assert [c.finish_reason for c in result.choices] == ["length", "length"]
    assert sorted(e.choice for e in events if isinstance(e, Finish)) == [0, 1]
    for index in (0, 1):
        streamed = "".join(e.text for e in events if isinstance(e, TextDelta) and e.choice == index)
        assert streamed == result.choices[index].content
    assert "timings" in result.provider_extras


# --- n > 1 in OpenAI's shape, with logprobs ------------------------------------------------------


def test_n2_choices_keep_their_own_text_and_logprobs() -> None:
    result, events = assemble(chunks_of("openai-n2-interleaved.sse"))
    first, second = result.choices
    assert first.content == "Blue is calm." and second.content == "Red, like fire and roses."
    assert [e["token"] for e in first.logprobs["content"]] == ["Blue", " is", " calm", "."]
    assert [e["token"] for e in second.logprobs["content"]] == ["Red", ",", " like", " fire", " and", " roses", "."]
    assert first.logprobs["refusal"] is None
    assert [e.choice for e in events if isinstance(e, Finish)] == [0, 1]
    assert result.usage == {"prompt_tokens": 12, "completion_tokens": 11, "total_tokens": 23}


# --- tool calls ----------------------------------------------------------------------------------


def test_two_parallel_tool_calls_with_fragmented_arguments() -> None:
    result, events = assemble(chunks_of("openai-parallel-tool-calls.sse"))
    choice = result.choices[0]
    assert choice.content is None
    assert choice.finish_reason == "tool_calls"
    assert choice.tool_calls == [
        {"id": "call_Xa1", "type": "function",
         "function": {"name": "get_weather", "arguments": '{"location": "Paris, FR", "unit": "celsius"}'}},
        {"id": "call_Yb2", "type": "function", "function": {"name": "get_time", "arguments": '{"tz": "Europe/Paris"}'}},
    ]
    tool_events = [e for e in events if isinstance(e, ToolCallDelta)]
    assert tool_events[0] == ToolCallDelta(0, 0, "call_Xa1", "get_weather", "")
    assert "".join(e.arguments for e in tool_events if e.index == 1) == '{"tz": "Europe/Paris"}'
    assert all(e.id is None and e.name is None for e in tool_events[1:7])


def test_tool_call_fragments_several_in_one_chunk_and_out_of_order() -> None:
    result, _ = assemble([
        chunk([delta(role="assistant", content="", tool_calls=[
            {"index": 1, "id": "b", "type": "function", "function": {"name": "second", "arguments": "{"}},
            {"index": 0, "id": "a", "type": "function", "function": {"name": "first", "arguments": "{}"}},
            {"index": 1, "function": {"arguments": "}"}}])]),
        chunk([delta(finish="tool_calls")]),
    ])
    calls = result.choices[0].tool_calls
    assert [(c["id"], c["function"]["name"], c["function"]["arguments"]) for c in calls] == [
        ("a", "first", "{}"), ("b", "second", "{}")]
    assert result.choices[0].content == ""  # llama.cpp sends content "" beside tool calls


def test_tool_call_fragments_without_index_or_with_repeated_id_and_name() -> None:
    # Some servers omit ``index`` or repeat id and name on every fragment.
    result, _ = assemble([
        chunk([delta(tool_calls=[{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"x\""}}])]),
        chunk([delta(tool_calls=[{"id": "c1", "type": "function", "function": {"name": "f", "arguments": ": 1}"}}])]),
        chunk([delta(tool_calls=[{"id": "c2", "type": "function", "function": {"name": "g", "arguments": "{}"}}])]),
        chunk([delta(finish="tool_calls")]),
    ])
    calls = result.choices[0].tool_calls
    assert [(c["id"], c["function"]["name"], c["function"]["arguments"]) for c in calls] == [
        ("c1", "f", '{"x": 1}'), ("c2", "g", "{}")]


def test_unknown_fields_of_a_tool_call_are_kept() -> None:
    # e.g. Gemini's OpenAI endpoint adds ``extra_content`` (thought signatures) to a tool call.
    signature = {"google": {"thought_signature": "c2ln"}}
    result, _ = assemble([chunk([delta(tool_calls=[{"index": 0, "id": "x", "type": "function",
                                                    "function": {"name": "f", "arguments": "{}"},
                                                    "extra_content": signature}])])])
    assert result.choices[0].tool_calls[0]["extra_content"] == signature


def test_legacy_function_call_delta() -> None:
    result, _ = assemble([
        chunk([delta(role="assistant", content=None, function_call={"name": "lookup", "arguments": ""})]),
        chunk([delta(function_call={"arguments": '{"q": '})]),
        chunk([delta(function_call={"arguments": '"tea"}'})]),
        chunk([delta(finish="function_call")]),
    ])
    choice = result.choices[0]
    assert choice.extra["function_call"] == {"name": "lookup", "arguments": '{"q": "tea"}'}
    assert choice.finish_reason == "function_call" and choice.tool_calls is None


# --- refusal, reasoning, audio -------------------------------------------------------------------


def test_refusal_and_its_logprobs() -> None:
    result, events = assemble(chunks_of("openai-refusal-logprobs.sse"))
    choice = result.choices[0]
    assert choice.refusal == "I'm sorry, I can't help with that."
    assert choice.content is None
    assert [e["token"] for e in choice.logprobs["refusal"]][:3] == ["I'm", " sorry", ","]
    assert choice.logprobs["content"] is None
    assert "".join(e.text for e in events if isinstance(e, RefusalDelta)) == choice.refusal
    assert all(not e.content and len(e.refusal) == 1 for e in events if isinstance(e, LogprobsDelta))


def test_openai_partial_utf8_tokens_keep_one_entry_per_token() -> None:
    result, _ = assemble(chunks_of("openai-logprobs-utf8-fragments.sse"))
    choice = result.choices[0]
    assert choice.content == "鈴木善幸です。"
    entries = choice.logprobs["content"]
    assert entries[0]["bytes"] == [233, 136] and entries[1]["bytes"] == [180]  # 鈴 in two tokens
    assert b"".join(bytes(e["bytes"]) for e in entries).decode() == choice.content


def test_reasoning_content_deepseek() -> None:
    result, events = assemble(chunks_of("deepseek-reasoning-content.sse"))
    choice = result.choices[0]
    assert choice.reasoning == "The user asks 2+2. That is 4."
    assert choice.content == "2 + 2 = **4**"
    kinds = [type(e) for e in events if isinstance(e, TextDelta | ReasoningDelta)]
    assert kinds == [ReasoningDelta] * 4 + [TextDelta] * 2  # thinking streams before the answer


def test_reasoning_openrouter_with_reasoning_details_and_provider_field() -> None:
    result, _ = assemble(chunks_of("openrouter-reasoning.sse"))
    choice = result.choices[0]
    assert choice.reasoning == "Thinking about it"
    assert choice.content == "It is 42."
    assert choice.finish_reason == "stop"
    # reasoning_details fragments merge by index, like the OpenAI SDK merges unknown delta fields
    assert choice.extra["reasoning_details"] == [
        {"type": "reasoning.text", "text": "Thinking about it", "format": "unknown", "index": 0}]
    assert choice.extra["native_finish_reason"] == "stop"
    assert result.provider_extras == {"provider": "DeepInfra"}
    assert result.usage["cost"] == 0.0000123


def test_a_delta_with_both_reasoning_spellings_counts_once() -> None:
    result, events = assemble([chunk([delta(reasoning_content="think", reasoning="think")])])
    assert result.choices[0].reasoning == "think"
    assert events.count(ReasoningDelta(0, "think")) == 1


def test_audio_deltas_are_kept_raw() -> None:
    result, events = assemble([
        chunk([delta(role="assistant", content=None, audio={"id": "audio_1", "transcript": "Hel", "data": "UklG"})]),
        chunk([delta(audio={"transcript": "lo", "data": "RiQA"})]),
        chunk([delta(audio={"expires_at": 1732003600})]),
        chunk([delta(finish="stop")]),
    ])
    assert result.choices[0].audio == {"id": "audio_1", "transcript": "Hello", "data": "UklGRiQA",
                                       "expires_at": 1732003600}
    assert not [e for e in events if isinstance(e, TextDelta)]


# --- provider shapes -----------------------------------------------------------------------------


def test_azure_first_chunk_with_empty_choices_and_prompt_filter_results() -> None:
    result, events = assemble(chunks_of("azure-prompt-filter.sse"))
    assert result.id == "chatcmpl-Az42" and result.model == "gpt-4o-2024-11-20"  # not Azure's empty ""
    assert result.created == 1732000100
    assert result.choices[0].content == "Bonjour tout le monde"
    filters = result.provider_extras["prompt_filter_results"]
    assert filters[0]["content_filter_results"]["hate"] == {"filtered": False, "severity": "safe"}
    assert result.choices[0].extra["content_filter_results"] == {}  # the latest verdict, as sent
    assert isinstance(events[0], ProviderMetrics) and "prompt_filter_results" in events[0].data
    assert sum(isinstance(e, ResponseMeta) for e in events) == 1


def test_groq_x_groq_from_first_and_last_chunk_are_both_kept() -> None:
    result, events = assemble(chunks_of("groq-x-groq.sse"))
    assert result.provider_extras["x_groq"]["id"] == "req_01abc"
    assert result.provider_extras["x_groq"]["usage"]["queue_time"] == 0.051
    assert [e.data["x_groq"].get("usage") is not None for e in events if isinstance(e, ProviderMetrics)] == [
        False, True]


def test_response_facts_that_arrive_late() -> None:
    result, events = assemble([
        chunk([delta(role="assistant", content="a")], system_fingerprint=None),
        chunk([delta(content="b")], service_tier="scale", system_fingerprint="fp_late"),
        chunk([delta(content="c")], service_tier="scale", system_fingerprint="fp_late"),
    ])
    assert (result.system_fingerprint, result.service_tier) == ("fp_late", "scale")
    assert [e.service_tier for e in events if isinstance(e, ResponseMeta)] == [None, "scale"]


def test_sambanova_style_metrics_are_provider_extras() -> None:
    result, _ = assemble([chunk([delta(content="x", finish="stop")], time_to_first_token=0.12,
                                throughput_after_first_token=410.5, queue_time=0.01)])
    assert result.provider_extras == {"time_to_first_token": 0.12, "throughput_after_first_token": 410.5,
                                      "queue_time": 0.01}


def test_content_as_parts_with_thinking_mistral_style() -> None:
    result, events = assemble([
        chunk([delta(role="assistant", content=[{"type": "thinking", "thinking": [{"type": "text", "text": "Hmm, "}]}])]),
        chunk([delta(content=[{"type": "thinking", "thinking": [{"type": "text", "text": "easy."}]}])]),
        chunk([delta(content=[{"type": "text", "text": "Four"}])]),
        chunk([delta(content=".")]),
        chunk([delta(finish="stop")]),
    ])
    assert result.choices[0].reasoning == "Hmm, easy."
    assert result.choices[0].content == "Four."
    assert [type(e) for e in events if isinstance(e, TextDelta | ReasoningDelta)] == [
        ReasoningDelta, ReasoningDelta, TextDelta, TextDelta]


def test_tool_call_arguments_sent_as_an_object_become_json_text() -> None:
    result, _ = assemble([chunk([delta(tool_calls=[{"index": 0, "id": "c", "type": "function",
                                                    "function": {"name": "f", "arguments": {"city": "Zürich"}}}])])])
    assert result.choices[0].tool_calls[0]["function"]["arguments"] == '{"city": "Zürich"}'


def test_odd_shapes_lose_their_odd_parts_but_never_stop_the_stream() -> None:
    weird = [
        chunk([None, "text", 3, {"index": "first", "delta": "not a dict", "logprobs": "none"}]),
        chunk([{"index": 0, "delta": {"content": 5, "refusal": ["x"], "role": 1, "tool_calls": [None, "x"],
                                      "function_call": "f", "audio": ["a"]},
                "logprobs": {"content": "x", "refusal": 3}, "finish_reason": 7}], usage="lots"),
        {"choices": "none", "usage": [1]},
        chunk([delta(content="still here")]),
        chunk([delta(finish="stop")]),
    ]
    result, _ = assemble(weird)
    choice = result.choices[0]
    assert choice.content == "still here" and choice.finish_reason == "stop"
    assert result.usage is None and choice.tool_calls is None


# --- behaviour of the assembler itself -----------------------------------------------------------


def test_result_mid_stream_is_a_snapshot_and_assembly_continues() -> None:
    chunks = chunks_of("openai-n2-interleaved.sse")
    assembler = StreamAssembler()
    for c in chunks[:6]:
        assembler.feed(c)
    partial = assembler.result()
    partial_text = [c.content for c in partial.choices]
    partial_lp = len(partial.choices[0].logprobs["content"])
    for c in chunks[6:]:
        assembler.feed(c)
    final = assembler.result()
    assert [c.content for c in partial.choices] == partial_text  # the snapshot did not change
    assert len(partial.choices[0].logprobs["content"]) == partial_lp
    assert partial_text == ["Blue is", "Red,"] and final.choices[0].content == "Blue is calm."
    assert partial.choices[0].finish_reason is None  # an interrupted run shows as such


def test_feeding_does_not_modify_the_chunks() -> None:
    chunks = chunks_of("openrouter-reasoning.sse") + chunks_of("openai-parallel-tool-calls.sse")
    before = copy.deepcopy(chunks)
    assemble(chunks)
    assert chunks == before


def test_an_empty_stream_gives_an_empty_response() -> None:
    result, events = assemble([])
    assert result == AssembledResponse()
    assert events == []


# --- non-streamed responses ----------------------------------------------------------------------


def test_assemble_response_gives_the_same_shape_as_a_stream() -> None:
    streamed, _ = assemble(chunks_of("openai-parallel-tool-calls.sse"))
    choice = streamed.choices[0]
    body = {"id": streamed.id, "object": "chat.completion", "created": streamed.created, "model": streamed.model,
            "service_tier": "default", "system_fingerprint": streamed.system_fingerprint,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": None, "refusal": None,
                                                 "tool_calls": choice.tool_calls, "annotations": []},
                         "logprobs": None, "finish_reason": "tool_calls"}],
            "usage": streamed.usage}
    result = assemble_response(body)
    assert result.choices[0].extra == {"annotations": []}  # unmodelled message fields are kept
    result.choices[0].extra = {}
    assert result == AssembledResponse(
        choices=[choice], usage=streamed.usage, id=streamed.id, model=streamed.model, created=streamed.created,
        system_fingerprint=streamed.system_fingerprint, service_tier="default", provider_extras={})


def test_assemble_response_from_llamacpp_with_reasoning_logprobs_and_timings() -> None:
    body = {"choices": [
        {"finish_reason": "stop", "index": 1, "message": {"role": "assistant", "content": "B"}},
        {"finish_reason": "length", "index": 0, "message": {"role": "assistant", "content": "A",
                                                            "reasoning_content": "hmm"},
         "logprobs": {"content": [{"id": 32, "token": "A", "bytes": [65], "logprob": -0.5, "top_logprobs": []}]}},
    ], "created": 1795298000, "model": "local.gguf", "system_fingerprint": "b0-unknown",
        "object": "chat.completion", "usage": {"completion_tokens": 1, "prompt_tokens": 5, "total_tokens": 6},
        "id": "chatcmpl-x", "timings": {"predicted_n": 1, "predicted_per_second": 50.0}}
    result = assemble_response(body)
    assert [(c.index, c.content, c.finish_reason) for c in result.choices] == [(0, "A", "length"), (1, "B", "stop")]
    assert result.choices[0].reasoning == "hmm"
    assert result.choices[0].logprobs["content"][0]["token"] == "A"
    assert result.provider_extras == {"timings": {"predicted_n": 1, "predicted_per_second": 50.0}}
    assert result.usage["prompt_tokens"] == 5 and result.model == "local.gguf"
