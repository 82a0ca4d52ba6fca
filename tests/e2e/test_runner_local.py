"""The engine end to end against the real built-in llama.cpp model: what a user would try first."""

from __future__ import annotations

import asyncio
import json

import pytest

from parley.api.errors import ContextLengthExceeded
from parley.cli import main
from parley.core import events as ev
from parley.core.conversation import Conversation, Message, Target
from parley.services.runner import Runner

pytestmark = pytest.mark.e2e


def conv_for(base_url: str, prompt: str, **params: object) -> Conversation:
    conv = Conversation(target=Target(provider="local", model="smollm2", base_url=base_url))
    conv.append(Message(role="user", content=prompt))
    conv.params.update(params)
    return conv




async def test_streams_text_with_usage_and_timings(local_server: str, runner: Runner) -> None:
    conv = conv_for(local_server, "Name three colours.", max_completion_tokens=24, temperature=0)
    deltas: list[str] = []
    gen = await runner.run(conv, on_event=lambda e: deltas.append(e.text) if isinstance(e, ev.TextDelta) else None)
    assert gen.error is None, gen.error
    assert conv.messages[-1].content and "".join(deltas) == conv.messages[-1].content
    assert gen.usage and gen.usage["completion_tokens"] > 0  # include_usage was requested for us
    assert gen.timings.ttft is not None and gen.timings.ttft < 10
    assert "timings" in gen.provider_extras  # llama.cpp's own figures are kept raw
    assert gen.request["stream_options"] == {"include_usage": True}


async def test_logprobs_arrive_per_token(local_server: str, runner: Runner) -> None:
    conv = conv_for(local_server, "日本の首都はどこですか？", max_completion_tokens=12, temperature=0,
                    logprobs=True, top_logprobs=3)
    gen = await runner.run(conv)
    entries = gen.choice.logprobs["content"]
    assert entries, "llama.cpp returned no logprobs"
    assert all(len(e["top_logprobs"]) == 3 for e in entries)
    assert "".join(bytes(e["bytes"]).decode("utf-8", "replace") for e in entries) == gen.choice.content


async def test_two_choices_and_a_length_stop(local_server: str, runner: Runner) -> None:
    conv = conv_for(local_server, "Write a long story about a cat.", n=2, max_completion_tokens=8, temperature=1.0)
    gen = await runner.run(conv)
    assert len(gen.choices) == 2
    assert all(c.finish_reason == "length" and c.content for c in gen.choices)
    assert conv.messages[-1].alternatives() == [(0, 0), (0, 1)]


async def test_same_seed_same_answer(local_server: str, runner: Runner) -> None:
    texts = []
    for _ in range(2):
        conv = conv_for(local_server, "Invent a name for a boat.", seed=1234, temperature=1.0,
                        max_completion_tokens=16)
        texts.append((await runner.run(conv)).choice.content)
    assert texts[0] == texts[1] and texts[0]


async def test_json_schema_is_enforced(local_server: str, runner: Runner) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}, "rank": {"type": "integer"}},
              "required": ["city", "rank"], "additionalProperties": False}
    conv = conv_for(local_server, "Give a city and a rank as JSON.", temperature=0, max_completion_tokens=64,
                    response_format={"type": "json_schema",
                                     "json_schema": {"name": "city", "strict": True, "schema": schema}})
    gen = await runner.run(conv)
    data = json.loads(gen.choice.content)
    assert set(data) == {"city", "rank"} and isinstance(data["rank"], int)


async def test_too_long_prompt_is_a_clear_error(local_server: str, runner: Runner) -> None:
    conv = conv_for(local_server, "word " * 20_000, max_completion_tokens=4)
    failures: list[ev.RunFailed] = []
    gen = await runner.run(conv, on_event=lambda e: failures.append(e) if isinstance(e, ev.RunFailed) else None)
    assert failures and not failures[0].partial
    assert gen.error_kind == "api"
    assert ContextLengthExceeded.default_message.split(".")[0] in gen.error


async def test_stop_keeps_the_partial_answer(local_server: str, runner: Runner) -> None:
    conv = conv_for(local_server, "Count from one to one hundred in words.", max_completion_tokens=400,
                    temperature=0)
    some = asyncio.Event()
    count = 0

    def on_event(e: ev.RunEvent) -> None:
        nonlocal count
        if isinstance(e, ev.TextDelta):
            count += 1
            if count == 5:
                some.set()

    handle = runner.start(conv, on_event=on_event)
    await asyncio.wait_for(some.wait(), 30)
    handle.cancel()
    gen = await handle.wait()
    assert gen.interrupted and conv.messages[-1].content
    assert gen.choice.finish_reason is None


def test_cli_run_against_the_local_model(local_server: str, tmp_path, capsys) -> None:
    path = tmp_path / "hello.json"
    path.write_text(json.dumps([{"role": "user", "content": "Say hi."}]), encoding="utf-8")
    code = main(["run", str(path), "--provider", "local", "--base-url", local_server,
                 "--set", "max_completion_tokens=8", "--set", "temperature=0"])
    assert code == 0
    printed = capsys.readouterr().out.strip()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert printed and saved["request"]["messages"][-1]["content"] == printed


async def test_continue_a_partial_answer(local_server: str, runner: Runner) -> None:
    conv = conv_for(local_server, "What is the capital of France?", temperature=0, max_completion_tokens=12)
    conv.append(Message(role="assistant", content="The capital of France is"))
    gen = await runner.run(conv, continue_partial=True)
    text = conv.messages[-1].content
    assert gen.error is None and text.startswith("The capital of France is") and len(text) > 26
    assert gen.request["messages"][-1]["content"] == "The capital of France is"
