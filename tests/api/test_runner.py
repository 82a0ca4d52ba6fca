"""The runner against the loopback SSE server: what a user sees after a send, a stop, an error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from parley.api.stream_process import StreamProcess
from parley.core import events as ev
from parley.core.conversation import Conversation, Message, Target
from parley.services.runner import Runner
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, chat_completion, error_body


@pytest.fixture(params=["in-process", "stream-process"])
async def runner(request: pytest.FixtureRequest) -> AsyncIterator[Runner]:
    """Every test runs twice: reading the stream itself (CLI, comparisons without the window) and
    through the child process the window uses (api.stream_process): both must behave the same."""
    process = None
    if request.param == "stream-process":
        process = StreamProcess()
        process.start()
    r = Runner(stream_process=process)
    yield r
    await r.aclose()


def make_conv(server: LoopbackServer, **params: object) -> Conversation:
    conv = Conversation(target=Target(provider="custom", model="test-model", base_url=server.base_url))
    conv.append(Message(role="system", content="Be brief."))
    conv.append(Message(role="user", content="Say hello"))
    conv.params.update(params)
    return conv




async def test_streamed_reply_is_assembled_and_recorded(sse_server: LoopbackServer, runner: Runner) -> None:
    usage = {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}
    sse_server.queue(Reply(chunks=chat_chunks(["Hel", "lo", " there"], usage=usage)))
    conv = make_conv(sse_server, temperature=0.3)
    seen: list[ev.RunEvent] = []

    gen = await runner.run(conv, on_event=seen.append)

    reply = conv.messages[-1]
    assert reply.role == "assistant" and reply.content == "Hello there"
    assert gen.usage == usage and gen.model == "test-model" and gen.system_fingerprint == "fp_test"
    assert not gen.interrupted and gen.error is None
    # the generation keeps the exact body that was posted
    posted = sse_server.requests[-1].body
    assert gen.request == posted
    assert posted["temperature"] == 0.3 and posted["stream"] is True
    assert [m["role"] for m in posted["messages"]] == ["system", "user"]
    t = gen.timings
    assert t.sent <= t.first_byte <= t.first_token <= t.last_token <= t.finished
    texts = [e.text for e in seen if isinstance(e, ev.TextDelta)]
    assert "".join(texts) == "Hello there"
    assert isinstance(seen[0], ev.RunStarted) and isinstance(seen[-1], ev.RunFinished)


async def test_stop_keeps_what_arrived(sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(200)]), delay=0.01))
    conv = make_conv(sse_server)
    first = asyncio.Event()
    seen: list[ev.RunEvent] = []

    def on_event(e: ev.RunEvent) -> None:
        seen.append(e)
        if isinstance(e, ev.TextDelta) and e.text.startswith("w3"):
            first.set()

    handle = runner.start(conv, on_event=on_event)
    await asyncio.wait_for(first.wait(), 5)
    handle.cancel()
    handle.cancel()  # a second Stop is harmless
    gen = await handle.wait()

    assert gen.interrupted and gen.error is None
    text = conv.messages[-1].content
    assert text.startswith("w0 w1 w2 w3") and "w199" not in text
    assert isinstance(seen[-1], ev.RunStopped)
    # the connection is usable again right away
    sse_server.queue(Reply(chunks=chat_chunks(["again"])))
    assert (await runner.run(make_conv(sse_server))).choice.content == "again"


async def test_http_error_is_reported_with_the_providers_words(sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(status=400, body=error_body("Unsupported value: 'temperature'", param="temperature")))
    conv = make_conv(sse_server, temperature=1.5)
    seen: list[ev.RunEvent] = []

    gen = await runner.run(conv, on_event=seen.append)

    failed = [e for e in seen if isinstance(e, ev.RunFailed)]
    assert failed and not failed[0].partial
    assert "Unsupported value: 'temperature'" in gen.error
    assert gen.error_kind == "api" and not gen.interrupted
    assert len(sse_server.requests) == 1  # a 400 is never retried


async def test_drop_mid_stream_keeps_partial_and_never_retries(sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["partial ", "answer ", "lost"]), drop_after=3))
    conv = make_conv(sse_server)

    gen = await runner.run(conv)

    assert conv.messages[-1].content == "partial answer "
    assert gen.interrupted and gen.error and gen.error_kind == "network"
    assert len(sse_server.requests) == 1


async def test_regenerate_keeps_the_previous_answer_as_an_alternative(sse_server: LoopbackServer,
                                                                       runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["first"])), Reply(chunks=chat_chunks(["second"])))
    conv = make_conv(sse_server)
    await runner.run(conv)
    await runner.run(conv, regenerate=2)

    reply = conv.messages[2]
    assert len(conv.messages) == 3
    assert reply.content == "second" and reply.alternatives() == [(0, 0), (1, 0)]
    reply.select(0)
    assert reply.content == "first"
    # the regenerated request did not include the old answer
    assert [m["role"] for m in sse_server.requests[-1].body["messages"]] == ["system", "user"]


async def test_non_streamed_response_gives_the_same_result(sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(body=chat_completion("Plain answer")))
    conv = make_conv(sse_server, stream=False)
    seen: list[ev.RunEvent] = []

    gen = await runner.run(conv, on_event=seen.append)

    assert conv.messages[-1].content == "Plain answer"
    assert sse_server.requests[-1].body["stream"] is False
    assert gen.usage["total_tokens"] == 8
    assert "".join(e.text for e in seen if isinstance(e, ev.TextDelta)) == "Plain answer"


async def test_unknown_provider_fails_with_a_clear_sentence(runner: Runner) -> None:
    conv = Conversation(target=Target(provider="nope", model="x"))
    conv.append(Message(role="user", content="hi"))
    gen = await runner.run(conv)
    assert "Unknown provider 'nope'" in gen.error and gen.error_kind == "setup"


async def test_cancel_before_the_run_starts_still_returns_the_generation(sse_server: LoopbackServer,
                                                                       runner: Runner) -> None:
    conv = make_conv(sse_server)
    handle = runner.start(conv)
    handle.cancel()
    gen = await handle.wait()
    assert gen.interrupted and conv.messages[-1].generations == [gen]


async def test_fields_parley_does_not_model_are_sent_as_they_are(sse_server: LoopbackServer,
                                                                 runner: Runner) -> None:
    conv = make_conv(sse_server)
    conv.messages[0].extra["cache_control"] = {"type": "ephemeral"}
    await runner.run(conv)
    assert sse_server.requests[-1].body["messages"][0]["cache_control"] == {"type": "ephemeral"}


async def test_the_resolved_key_never_shows_in_a_repr(sse_server: LoopbackServer, runner: Runner) -> None:
    import keyring

    keyring.set_password("parley", "custom", "zz9plural-zalpha-7777")
    resolved = await runner.resolve(make_conv(sse_server))
    assert resolved.api_key == "zz9plural-zalpha-7777"
    assert "zz9plural" not in repr(resolved)


async def test_next_request_is_the_exact_body_without_starting_anything(runner: Runner) -> None:
    conv = Conversation(target=Target(provider="openai", model="o3-mini"))
    conv.append(Message(role="user", content="hi"))
    conv.params.update(max_tokens=50, temperature=0.5)
    body = await runner.next_request(conv)
    # the profile's adjustments are applied: what a curl of the file's `request` would need
    assert body["max_completion_tokens"] == 50 and "max_tokens" not in body and "temperature" not in body


async def test_a_conversations_own_request_options_apply(sse_server: LoopbackServer, runner: Runner) -> None:
    # saved with the conversation: a slow provider's timeout and a gateway header come back on reopen
    sse_server.queue(Reply(chunks=chat_chunks(["late"]), initial_delay=1.0))
    conv = make_conv(sse_server)
    conv.request_options = {"timeout": 0.2, "max_retries": 0, "extra_headers": {"X-Team": "prompt-lab"}}
    gen = await runner.run(conv)
    assert gen.error_kind == "network" and "did not answer for 0.2 s" in gen.error
    assert sse_server.requests[-1].headers["x-team"] == "prompt-lab"
    assert len(sse_server.requests) == 1


async def test_continue_a_partial_answer_streamed_and_not(sse_server: LoopbackServer, runner: Runner) -> None:
    conv = Conversation(target=Target(provider="llamacpp", model="m", base_url=sse_server.base_url))
    conv.append(Message(role="user", content="Finish the line"))
    conv.append(Message(role="assistant", content="Roses are"))
    sse_server.queue(Reply(chunks=chat_chunks([" red", "."])))
    seen: list[ev.RunEvent] = []

    gen = await runner.run(conv, continue_partial=True, on_event=seen.append)

    posted = sse_server.requests[-1].body["messages"]
    assert posted[-1] == {"role": "assistant", "content": "Roses are"}
    assert len(conv.messages) == 2 and conv.messages[-1].content == "Roses are red."
    assert "".join(e.text for e in seen if isinstance(e, ev.TextDelta)) == "Roses are red."
    assert any("continued" in a for a in gen.adjustments)
    # llama.cpp repeats the prefix in a non-streamed answer: it must not appear twice
    conv.params["stream"] = False
    conv.messages[-1].content = "Roses are"  # the user edits the partial answer back
    sse_server.queue(Reply(body=chat_completion("Roses are blue.")))
    await runner.run(conv, continue_partial=True)
    assert conv.messages[-1].content == "Roses are blue."
    assert conv.messages[-1].alternatives() == [(0, 0), (1, 0)]
