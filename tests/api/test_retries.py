"""Retries: what is retried, how long the client waits, and that an answer is never duplicated."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from parley.api import errors as e
from parley.api.client import ChatClient
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, chat_completion, error_body, sse

BODY = {"model": "test-model", "stream": True, "messages": [{"role": "user", "content": "hi"}]}




@pytest.fixture
async def client() -> AsyncIterator[ChatClient]:
    chat = ChatClient(read_timeout=2.0, backoff_base=0.01, backoff_cap=0.04)
    yield chat
    await chat.aclose()


class Retries:
    """Records ``on_retry`` calls: (attempt, delay, error)."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, float, e.APIError]] = []

    def __call__(self, attempt: int, delay: float, err: e.APIError) -> None:
        self.calls.append((attempt, delay, err))


async def stream_text(client: ChatClient, server: LoopbackServer, retries: Retries | None = None,
                      sink: list[dict[str, Any]] | None = None) -> str:
    out = sink if sink is not None else []
    async for chunk in client.stream_chat(server.base_url + "/chat/completions", {}, BODY, on_retry=retries):
        out.append(chunk)
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in out if c.get("choices"))


def rate_limited(**headers: str) -> Reply:
    return Reply(status=429, headers=headers, body=error_body("Rate limit reached for requests",
                                                              type_="requests", code="rate_limit_exceeded"))


async def test_429_honours_retry_after_then_succeeds(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(rate_limited(**{"retry-after-ms": "150"}))
    retries = Retries()
    started = time.monotonic()
    assert await stream_text(client, sse_server, retries) == "Hello world"
    assert time.monotonic() - started >= 0.15
    [(attempt, delay, err)] = retries.calls
    assert (attempt, delay) == (1, 0.15)
    assert isinstance(err, e.RateLimited) and err.retry_after == 0.15
    assert len(sse_server.requests) == 2


async def test_429_retry_after_in_seconds(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(rate_limited(**{"Retry-After": "0.05"}))
    retries = Retries()
    assert await stream_text(client, sse_server, retries) == "Hello world"
    assert retries.calls[0][1] == 0.05


async def test_429_exhausted(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(*[rate_limited(**{"retry-after-ms": "10"})] * 3)
    retries = Retries()
    with pytest.raises(e.RateLimited) as info:
        await stream_text(client, sse_server, retries)
    assert [attempt for attempt, _, _ in retries.calls] == [1, 2]
    assert len(sse_server.requests) == 3  # the first try and max_retries=2
    assert "Rate limit reached" in str(info.value)


async def test_a_long_retry_after_is_reported_not_slept(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(rate_limited(**{"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(e.RateLimited) as info:
        await stream_text(client, sse_server)
    assert time.monotonic() - started < 1
    assert info.value.retry_after == 3600 and "60 min" in str(info.value)
    assert len(sse_server.requests) == 1


async def test_out_of_quota_is_not_retried(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=429, body=error_body("You exceeded your current quota",
                                                       type_="insufficient_quota", code="insufficient_quota")))
    with pytest.raises(e.QuotaExceeded):
        await stream_text(client, sse_server)
    assert len(sse_server.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 408, 409])
async def test_retryable_statuses_then_success(client: ChatClient, sse_server: LoopbackServer,
                                               status: int) -> None:
    sse_server.queue(Reply(status=status, body=error_body("try later", type_="server_error")))
    retries = Retries()
    assert await stream_text(client, sse_server, retries) == "Hello world"
    assert len(retries.calls) == 1 and retries.calls[0][2].status == status
    assert len(sse_server.requests) == 2


async def test_server_errors_exhausted(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(*[Reply(status=503, body=b"")] * 3)
    with pytest.raises(e.ServerError, match="503"):
        await stream_text(client, sse_server)
    assert len(sse_server.requests) == 3


async def test_x_should_retry_false_is_obeyed(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=500, headers={"x-should-retry": "false"}, body=error_body("no")))
    with pytest.raises(e.ServerError):
        await stream_text(client, sse_server)
    assert len(sse_server.requests) == 1


async def test_backoff_grows_exponentially_with_jitter_and_a_cap(sse_server: LoopbackServer) -> None:
    chat = ChatClient(max_retries=4, backoff_base=0.01, backoff_cap=0.03)
    sse_server.queue(*[Reply(status=500, body=b"")] * 5)
    retries = Retries()
    try:
        with pytest.raises(e.ServerError):
            await stream_text(chat, sse_server, retries)
    finally:
        await chat.aclose()
    delays = [delay for _, delay, _ in retries.calls]
    nominal = [0.01, 0.02, 0.03, 0.03]  # 0.01 * 2**n, capped at 0.03
    assert len(delays) == 4
    for delay, expected in zip(delays, nominal, strict=True):
        assert expected * 0.75 <= delay <= expected  # jitter takes off up to 25 %


async def test_default_backoff_matches_the_official_sdk() -> None:
    chat = ChatClient()
    try:
        err = e.ServerError()
        first, second = chat._retry_delay(0, err), chat._retry_delay(1, err)
        assert first is not None and 0.375 <= first <= 0.5
        assert second is not None and 0.75 <= second <= 1.0
        assert chat._retry_delay(2, err) is None  # max_retries=2
    finally:
        await chat.aclose()


async def test_max_retries_zero(sse_server: LoopbackServer) -> None:
    chat = ChatClient(max_retries=0)
    sse_server.queue(Reply(status=503, body=b""))
    try:
        with pytest.raises(e.ServerError):
            await stream_text(chat, sse_server)
    finally:
        await chat.aclose()
    assert len(sse_server.requests) == 1


async def test_client_errors_are_never_retried(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=400, body=error_body("bad", param="top_p")))
    with pytest.raises(e.BadRequest):
        await stream_text(client, sse_server)
    assert len(sse_server.requests) == 1


async def test_a_stream_dropped_before_any_chunk_is_retried(client: ChatClient,
                                                            sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["lost"]), drop_after=0))
    retries = Retries()
    assert await stream_text(client, sse_server, retries) == "Hello world"
    assert isinstance(retries.calls[0][2], e.StreamDropped)
    assert len(sse_server.requests) == 2


async def test_a_stream_dropped_after_output_is_never_retried(client: ChatClient,
                                                              sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["Once", " only", " please"]), drop_after=2))
    retries = Retries()
    got: list[dict[str, Any]] = []
    with pytest.raises(e.StreamDropped):
        await stream_text(client, sse_server, retries, got)
    assert retries.calls == []
    assert len(sse_server.requests) == 1
    # the caller holds the partial answer exactly once
    assert [c["choices"][0]["delta"].get("content") for c in got] == ["", "Once"]


async def test_a_stream_error_event_before_output_is_retried(client: ChatClient,
                                                             sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=[b": OPENROUTER PROCESSING\n\n",
                                   sse({"error": {"message": "Provider overloaded", "code": 503}})]))
    retries = Retries()
    assert await stream_text(client, sse_server, retries) == "Hello world"
    assert isinstance(retries.calls[0][2], e.ServerError)


async def test_complete_is_retried_too(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=502, body=b"bad gateway"), Reply(body=chat_completion("done")))
    retries = Retries()
    body = await client.complete(sse_server.base_url + "/chat/completions", {}, BODY, on_retry=retries)
    assert body["choices"][0]["message"]["content"] == "done"
    assert len(retries.calls) == 1 and len(sse_server.requests) == 2


async def test_list_models_is_retried(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=503, body=b""))  # then the default /models answer
    assert [m["id"] for m in await client.list_models(sse_server.base_url, {})] == ["test-model"]
    assert len(sse_server.requests) == 2
