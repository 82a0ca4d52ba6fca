"""The OpenAI SDK's own stream accumulator is the oracle for ``StreamAssembler``.

Each stream is fed, chunk by chunk, to ``openai.lib.streaming.chat.ChatCompletionStreamState``
(what ``client.chat.completions.stream`` uses) and to our assembler; the assembled messages must
agree on content, refusal, reasoning, tool calls, logprobs, finish reason and usage.

Not in the list: ``llamacpp-n2.sse``. llama.cpp starts that stream with choice 1, and the SDK
(3.54) then fails with IndexError (its snapshot assumes choice 0 arrives first); the unit tests
check that stream against its known text instead.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletionChunk

from parley.api.sse import parse_sse_bytes
from parley.core.conversation import Choice
from parley.core.events import TextDelta
from parley.core.stream import StreamAssembler

STREAMS = Path(__file__).resolve().parents[1] / "fixtures" / "streams"

ORACLE_STREAMS = [
    "openai-text-usage.sse",  # plain text, usage-only final chunk
    "openai-parallel-tool-calls.sse",  # 2 parallel calls, fragmented arguments
    "openai-logprobs-utf8-fragments.sse",  # logprobs, partial UTF-8 tokens
    "openai-refusal-logprobs.sse",  # refusal and refusal logprobs
    "openai-n2-interleaved.sse",  # n=2 interleaved, logprobs per choice
    "llamacpp-first-chunk-without-role.sse",  # recorded: no role, merged multi-byte tokens
    "llamacpp-logprobs-multibyte.sse",  # recorded: logprobs, timings, usage-only final chunk
    "azure-prompt-filter.sse",  # empty first chunk, content_filter_results
    "deepseek-reasoning-content.sse",
    "openrouter-reasoning.sse",
    "groq-x-groq.sse",
]


def sdk_assemble(chunks: list[dict[str, Any]]) -> Any:
    state = ChatCompletionStreamState()
    for chunk in chunks:
        # The SDK's stream drops what is not a chat.completion.chunk (Azure's prompt-filter chunk)
        # before accumulating: openai.lib.streaming.chat._completions._is_valid_chat_completion_chunk_weak.
        if chunk.get("object") == "chat.completion.chunk":
            state.handle_chunk(ChatCompletionChunk.model_validate(json.loads(json.dumps(chunk))))
    # (get_final_completion() would also parse and raise on finish_reason "length"; the snapshot
    # is the accumulated message itself.)
    return state.current_completion_snapshot


def sdk_view(choice: Any) -> dict[str, Any]:
    message = choice.message
    extra = message.model_extra or {}
    return {
        "index": choice.index,
        "content": message.content,
        "refusal": message.refusal,
        "reasoning": extra.get("reasoning_content") or extra.get("reasoning") or None,
        "tool_calls": [call.model_dump(exclude={"index": True, "function": {"parsed_arguments"}})
                       for call in message.tool_calls] if message.tool_calls else None,
        "finish_reason": choice.finish_reason,
        "logprobs": choice.logprobs.model_dump() if choice.logprobs is not None else None,
    }


def our_view(choice: Choice) -> dict[str, Any]:
    return {"index": choice.index, "content": choice.content, "refusal": choice.refusal,
            "reasoning": choice.reasoning, "tool_calls": choice.tool_calls,
            "finish_reason": choice.finish_reason, "logprobs": choice.logprobs}


def assert_same_as_sdk(chunks: list[dict[str, Any]]) -> None:
    assembler = StreamAssembler()
    events = [event for chunk in chunks for event in assembler.feed(chunk)]
    ours = assembler.result()
    theirs = sdk_assemble(chunks)
    assert [our_view(c) for c in ours.choices] == [sdk_view(c) for c in theirs.choices]
    assert ours.usage == (theirs.usage.model_dump(exclude_unset=True) if theirs.usage else None)
    assert ours.system_fingerprint == theirs.system_fingerprint
    for choice in ours.choices:  # and the live events add up to the same text
        streamed = "".join(e.text for e in events if isinstance(e, TextDelta) and e.choice == choice.index)
        assert streamed == (choice.content or "")


@pytest.mark.parametrize("name", ORACLE_STREAMS)
def test_assembly_matches_the_openai_sdk(name: str) -> None:
    assert_same_as_sdk(parse_sse_bytes((STREAMS / name).read_bytes()))


def random_stream(rng: random.Random) -> list[dict[str, Any]]:
    """A stream with n choices, randomly fragmented text, tool calls, logprobs and refusals, the
    choices randomly interleaved after their role chunks."""
    n = rng.randint(1, 3)
    base = {"id": "chatcmpl-r", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "system_fingerprint": "fp_r"}
    with_logprobs = rng.random() < 0.5
    queues: list[list[dict[str, Any]]] = []
    for index in range(n):
        kind = rng.choice(["text", "tools", "refusal"])
        pieces: list[dict[str, Any]] = [{"role": "assistant", "content": "" if kind != "tools" else None}]
        if kind == "text" or kind == "refusal":
            field = "content" if kind == "text" else "refusal"
            words = [rng.choice(["a", "bé", " 日本", "語", "\n", " x", "{", '"', "🙂", ""]) for _ in range(rng.randint(0, 40))]
            pieces += [{field: w} for w in words]
        else:
            for call in range(rng.randint(1, 3)):
                args = json.dumps({"k": "v" * rng.randint(0, 30), "n": call})
                cuts = sorted(rng.sample(range(1, len(args)), k=min(5, len(args) - 1)))
                fragments = [args[i:j] for i, j in zip([0, *cuts], [*cuts, len(args)], strict=True)]
                pieces.append({"tool_calls": [{"index": call, "id": f"call_{index}_{call}", "type": "function",
                                               "function": {"name": f"tool{call}", "arguments": ""}}]})
                pieces += [{"tool_calls": [{"index": call, "function": {"arguments": f}}]} for f in fragments]
        queue = []
        for piece in pieces:
            choice: dict[str, Any] = {"index": index, "delta": piece, "finish_reason": None}
            if with_logprobs and ("content" in piece or "refusal" in piece) and len(piece) == 1:
                field = "content" if "content" in piece else "refusal"
                entry = {"token": piece[field], "logprob": -rng.random(), "bytes": list(piece[field].encode()),
                         "top_logprobs": []}
                choice["logprobs"] = {"content": [entry] if field == "content" else None,
                                      "refusal": [entry] if field == "refusal" else None}
            queue.append({**base, "choices": [choice]})
        finish = {"text": "stop", "refusal": "stop", "tools": "tool_calls"}[kind]
        queue.append({**base, "choices": [{"index": index, "delta": {}, "finish_reason": finish}]})
        queues.append(queue)
    # Choices first appear in index order, as OpenAI sends them (the SDK needs it: module docstring).
    chunks = [queue.pop(0) for queue in queues]
    while any(queues):
        queue = rng.choice([q for q in queues if q])
        chunks.append(queue.pop(0))
    if rng.random() < 0.5:
        chunks.append({**base, "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": len(chunks),
                                                         "total_tokens": 3 + len(chunks)}})
    return chunks


@pytest.mark.parametrize("seed", range(40))
def test_random_streams_match_the_openai_sdk(seed: int) -> None:
    assert_same_as_sdk(random_stream(random.Random(seed)))
