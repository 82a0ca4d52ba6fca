"""The child process that reads streams for the window: incremental, retries, crashes, shutdown.

tests/api/test_runner.py runs every runner test through it as well (same results as in-process).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from parley.api.errors import RateLimited
from parley.api.stream_process import StreamProcess
from parley.api.stream_worker import coalesce, error_from_state, error_state
from parley.core import events as ev
from parley.core.conversation import Conversation, Message, Target
from parley.services.runner import Runner
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, error_body


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    process = StreamProcess()
    process.start()
    r = Runner(stream_process=process)
    yield r
    await r.aclose()


def conversation(server: LoopbackServer) -> Conversation:
    conv = Conversation(target=Target(provider="custom", model="test-model", base_url=server.base_url))
    conv.append(Message(role="user", content="Hi"))
    return conv


async def test_a_slow_stream_arrives_in_pieces_as_it_is_read(sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(30)]), delay=0.02))
    arrivals: list[tuple[float, str]] = []

    def on_event(e: ev.RunEvent) -> None:
        if isinstance(e, ev.TextDelta):
            arrivals.append((time.monotonic(), e.text))

    gen = await runner.run(conversation(sse_server), on_event=on_event)
    assert runner.stream_process is not None and runner.stream_process._next_id == 1  # read by the child
    assert gen.choice.content == "".join(f"w{i} " for i in range(30))
    assert len(arrivals) >= 5  # not one lump at the end
    assert arrivals[-1][0] - arrivals[0][0] > 0.3  # while the server was still sending
    assert gen.timings.sent < gen.timings.first_byte <= gen.timings.first_token <= gen.timings.last_token


async def test_a_retry_is_reported_with_its_reason(sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(status=429, body=error_body("Slow down", code="rate_limit_exceeded"),
                           headers={"retry-after": "0"}),
                     Reply(chunks=chat_chunks(["after ", "retry"])))
    seen: list[ev.RunEvent] = []
    gen = await runner.run(conversation(sse_server), on_event=seen.append)
    retries = [e for e in seen if isinstance(e, ev.Retrying)]
    assert len(retries) == 1 and "rate-limiting" in retries[0].reason  # the same sentence as in-process
    assert gen.choice.content == "after retry" and len(sse_server.requests) == 2


async def test_a_child_that_dies_keeps_what_arrived_and_the_window_reads_streams_itself(
        sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(200)]), delay=0.01))
    some = asyncio.Event()
    conv = conversation(sse_server)
    handle = runner.start(conv, on_event=lambda e: some.set() if isinstance(e, ev.TextDelta) else None)
    await asyncio.wait_for(some.wait(), 10)
    process = runner.stream_process
    assert process is not None and process._proc is not None
    process._proc.kill()
    gen = await asyncio.wait_for(handle.wait(), 10)
    assert gen.error is not None and "stopped unexpectedly" in gen.error and gen.interrupted
    assert conv.messages[-1].content.startswith("w0 ")  # what arrived is kept
    assert not process.available
    sse_server.queue(Reply(chunks=chat_chunks(["read ", "here"])))
    assert (await runner.run(conversation(sse_server))).choice.content == "read here"


async def test_closing_the_runner_ends_the_child(runner: Runner) -> None:
    process = runner.stream_process
    assert process is not None and process.available
    proc = process._proc
    await runner.aclose()
    assert proc is not None and proc.poll() is not None and not process.available


def test_errors_cross_the_process_boundary_as_the_same_class_and_sentence() -> None:
    original = RateLimited(provider_message="Slow down", status=429, retry_after=2.0, code="rate_limit")
    copy = error_from_state(error_state(original))
    assert type(copy) is RateLimited and str(copy) == str(original)
    assert (copy.status, copy.retry_after, copy.code) == (429, 2.0, "rate_limit")


def test_text_pieces_are_joined_per_choice_before_they_are_sent() -> None:
    events = [ev.TextDelta(0, "a"), ev.TextDelta(0, "b"), ev.TextDelta(1, "x"), ev.Finish(1, "stop"),
              ev.TextDelta(0, "c")]
    assert coalesce(events) == [ev.TextDelta(0, "ab"), ev.TextDelta(1, "x"), ev.Finish(1, "stop"),
                                ev.TextDelta(0, "c")]


async def test_concurrent_runs_share_the_child_and_keep_their_own_text(runner: Runner) -> None:
    servers = [LoopbackServer().start(), LoopbackServer().start()]
    try:
        for n, server in enumerate(servers):
            server.queue(Reply(chunks=chat_chunks([f"s{n}-{i} " for i in range(40)]), delay=0.005))
        gens = await asyncio.gather(*(runner.run(conversation(s)) for s in servers))
        assert [g.choice.content for g in gens] == ["".join(f"s{n}-{i} " for i in range(40)) for n in range(2)]
        assert runner.stream_process is not None and runner.stream_process._next_id == 2
    finally:
        for server in servers:
            server.stop()
