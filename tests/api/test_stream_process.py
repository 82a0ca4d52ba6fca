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


async def test_an_unreadable_frame_from_the_child_ends_the_run_instead_of_hanging_it(
        sse_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from parley.api import stream_process

    frames = [0]

    def read_then_garbage(source):  # as if something in the child printed to its stdout mid-stream
        frame = stream_process.__dict__["_real_read_frame"](source)
        frames[0] += 1
        if frames[0] == 4:
            raise pickle.UnpicklingError("invalid load key, 'H'.")
        return frame

    monkeypatch.setitem(stream_process.__dict__, "_real_read_frame", stream_process.read_frame)
    monkeypatch.setattr(stream_process, "read_frame", read_then_garbage)
    process = StreamProcess()
    process.start()
    runner = Runner(stream_process=process)
    try:
        sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(200)]), delay=0.01))
        conv = conversation(sse_server)
        gen = await asyncio.wait_for(runner.run(conv), 10)
        assert gen.error is not None and "stopped unexpectedly" in gen.error
        assert process._proc is not None and process._proc.wait(5) is not None  # the child was ended
    finally:
        await runner.aclose()


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
    mixed = [ev.ReasoningDelta(0, "th"), ev.ReasoningDelta(0, "ink"), ev.TextDelta(0, "A"), ev.Finish(0, "stop"),
             ev.Finish(1, "length")]
    assert coalesce(mixed) == [ev.ReasoningDelta(0, "think"), ev.TextDelta(0, "A"), ev.Finish(0, "stop"),
                               ev.Finish(1, "length")]
    many = [ev.TextDelta(0, "tok ") for _ in range(5000)]  # a fast stream's batch
    assert coalesce(many) == [ev.TextDelta(0, "tok " * 5000)]


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


async def test_text_before_a_pause_of_the_server_is_shown_at_once(sse_server: LoopbackServer, runner: Runner) -> None:
    # A reasoning model thinking, a server slow to send usage or [DONE]: what came before the pause
    # must not wait in the child for the next chunk.
    sse_server.queue(Reply(chunks=chat_chunks(["a", "b", "c"]), hang_after=4))
    shown: list[str] = []
    started = time.monotonic()
    handle = runner.start(conversation(sse_server),
                          on_event=lambda e: shown.append(e.text) if isinstance(e, ev.TextDelta) else None)
    while "".join(shown) != "abc" and time.monotonic() - started < 5:
        await asyncio.sleep(0.01)
    assert "".join(shown) == "abc" and time.monotonic() - started < 1.0
    handle.cancel()
    gen = await handle.wait()
    assert gen.interrupted and gen.choice.content == "abc"


async def test_stop_right_after_send_answers_at_once(sse_server: LoopbackServer) -> None:
    # The child reads "stream" and "cancel" in one turn and cancels a task that never started: it
    # must still answer (the window used to wait 2 s for it, and got nothing of what arrived).
    process = StreamProcess()
    process.start()
    try:
        await asyncio.sleep(0.5)  # the child is up and idle
        sse_server.queue(Reply(chunks=chat_chunks(["late"]), initial_delay=0.5))
        remote = process.open(sse_server.base_url + "/chat/completions", {}, {"model": "m", "stream": True,
                                                                             "messages": []},
                              timeout=None, max_retries=0, on_retry=lambda *a: None, on_first_byte=lambda t: None)
        started = time.monotonic()
        result = await remote.stop()  # the cancel follows the request at once
        assert time.monotonic() - started < 1.0
        assert result.choices == []
    finally:
        await process.aclose()


async def test_first_byte_is_the_childs_clock_not_when_the_window_got_round_to_it(
        sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["x", "y"])))
    handle = runner.start(conversation(sse_server))
    await asyncio.sleep(0.05)
    time.sleep(0.3)  # the window is busy (blocks the loop) while the child already reads the answer
    gen = await handle.wait()
    t = gen.timings
    assert t.sent <= t.first_byte <= t.first_token <= t.last_token
    assert t.first_byte - t.sent < 0.25


async def test_a_child_lost_before_any_answer_hands_the_request_to_the_window(
        sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["never"]), initial_delay=2.0), Reply(chunks=chat_chunks(["here"])))
    handle = runner.start(conversation(sse_server))
    started = time.monotonic()
    while not sse_server.requests and time.monotonic() - started < 5:
        await asyncio.sleep(0.01)
    process = runner.stream_process
    assert process is not None and process._proc is not None
    process._proc.kill()
    gen = await asyncio.wait_for(handle.wait(), 10)
    assert gen.error is None and gen.choice.content == "here"  # read in this process instead
    assert len(sse_server.requests) == 2


WARM_UP_CHECK = r"""
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from parley.api.client import ChatClient
from parley.api.stream_worker import warm_up_http
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks

def http_modules():
    return {m for m in sys.modules if m.split(".")[0] in ("anyio", "h11", "httpcore", "httpx", "sniffio")}

async def first_request(url):
    client = ChatClient()
    async for _ in client.stream_chat(url + "/chat/completions", {}, {"model": "m", "stream": True, "messages": []}):
        pass
    await client.aclose()

server = LoopbackServer(default=Reply(chunks=chat_chunks(["hi"]))).start()
warm_up_http()
warmed = http_modules()
asyncio.run(first_request(server.base_url))
server.stop()
print(sorted(http_modules() - warmed))
"""


def test_the_child_imports_what_a_first_request_needs_before_it_is_asked(tmp_path) -> None:
    """httpx imports its HTTP/1.1 machinery on the first request (~20 ms): the child does it while
    it waits, so the first stream of a session starts at once. If an httpx or httpcore update moves
    those imports, this fails and the list in stream_worker needs updating."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", WARM_UP_CHECK, str(root)], capture_output=True, text=True,
                         timeout=60, check=True).stdout.strip()
    assert out == "[]", f"the first request still imported {out}"
