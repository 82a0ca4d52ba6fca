"""ChatClient against real sockets on loopback: streams, errors, timeouts, drops and cancel."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import httpx
import pytest

from parley.api import errors as e
from parley.api.client import ChatClient, FullResponse
from tests.support.faults import RawStreamServer, closed_port, unaccepting_listener
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, chat_completion, error_body, sse

KEY = "sk-test-Zx81QmPv27LkWw"
HEADERS = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
BODY = {"model": "test-model", "stream": True, "messages": [{"role": "user", "content": "hi"}]}




@pytest.fixture
async def client() -> AsyncIterator[ChatClient]:
    chat = ChatClient(connect_timeout=1.0, read_timeout=1.0, backoff_base=0.01)
    yield chat
    await chat.aclose()


def chat_url(server: LoopbackServer) -> str:
    return server.base_url + "/chat/completions"


async def collect(client: ChatClient, url: str, sink: list[dict[str, Any]] | None = None,
                  **kwargs: Any) -> list[dict[str, Any]]:
    out = sink if sink is not None else []
    async for chunk in client.stream_chat(url, HEADERS, BODY, **kwargs):
        out.append(chunk)
    return out


def text_of(chunks: list[dict[str, Any]]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c.get("choices"))


def pool_connections(client: ChatClient) -> list[Any]:
    return list(client.http._transport._pool.connections)  # type: ignore[attr-defined]


# --- the happy paths ---------------------------------------------------------------------


async def test_stream_yields_each_chunk_and_sends_exactly_the_body(client: ChatClient,
                                                                   sse_server: LoopbackServer) -> None:
    first_bytes: list[float] = []
    chunks = await collect(client, chat_url(sse_server), on_first_byte=lambda: first_bytes.append(time.time()))
    assert text_of(chunks) == "Hello world"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert len(first_bytes) == 1
    [request] = sse_server.requests
    assert request.path == "/v1/chat/completions"
    assert request.body == BODY
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["user-agent"].startswith("Parley/")


async def test_complete_returns_the_response_body(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(body=chat_completion("Bonjour")))
    body = await client.complete(chat_url(sse_server), HEADERS, {**BODY, "stream": False})
    assert body["choices"][0]["message"]["content"] == "Bonjour"
    assert sse_server.requests[0].body["stream"] is False


async def test_list_models(client: ChatClient, sse_server: LoopbackServer) -> None:
    models = await client.list_models(sse_server.base_url + "/", HEADERS)
    assert [m["id"] for m in models] == ["test-model"]
    assert sse_server.requests[0].method == "GET" and sse_server.requests[0].path == "/v1/models"


async def test_list_models_with_an_unexpected_shape(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(body=b'{"object": "list", "items": 3}'))
    with pytest.raises(e.APIError, match="unexpected shape"):
        await client.list_models(sse_server.base_url, HEADERS)


async def test_get_json_and_post_json(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(body=b'{"status": "ok"}'), Reply(body=b'{"tokens": [1, 2, 3]}'))
    root = sse_server.base_url.removesuffix("/v1")
    assert await client.get_json(root + "/health", {}) == {"status": "ok"}
    assert await client.post_json(root + "/tokenize", {}, {"content": "abc"}) == {"tokens": [1, 2, 3]}
    assert sse_server.requests[1].body == {"content": "abc"}


async def test_get_json_is_not_retried(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=503, body=b'{"error": {"code": 503, "message": "Loading model"}}'))
    with pytest.raises(e.ServerError, match="Loading model"):
        await client.get_json(sse_server.base_url.removesuffix("/v1") + "/health", {})
    assert len(sse_server.requests) == 1


async def test_a_provider_ignoring_stream_true_yields_one_full_response(client: ChatClient,
                                                                        sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(body=chat_completion("whole answer")))
    [only] = await collect(client, chat_url(sse_server))
    assert isinstance(only, FullResponse)
    assert only["choices"][0]["message"]["content"] == "whole answer"


async def test_a_200_web_page_for_a_stream_is_a_non_json_error(client: ChatClient,
                                                               sse_server: LoopbackServer) -> None:
    page = b"<html><head><title>Sign in - Corporate Wi-Fi</title></head><body>Log in</body></html>"
    sse_server.queue(Reply(body=page, headers={"Content-Type": "text/html"}))
    with pytest.raises(e.NonJSONError, match="Corporate Wi-Fi"):
        await collect(client, chat_url(sse_server))


async def test_a_200_error_body_is_an_error(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(body=error_body("Invalid model", param="model")))
    with pytest.raises(e.APIError, match="Invalid model"):
        await client.complete(chat_url(sse_server), HEADERS, BODY)


# --- HTTP errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "kind"), [
    (401, e.AuthenticationError), (403, e.PermissionDenied), (404, e.NotFound), (413, e.RequestTooLarge),
])
async def test_client_errors_raise_their_class_without_retry(client: ChatClient, sse_server: LoopbackServer,
                                                             status: int, kind: type[e.APIError]) -> None:
    sse_server.queue(Reply(status=status, body=error_body(f"provider says {status}")))
    with pytest.raises(kind) as info:
        await collect(client, chat_url(sse_server))
    assert info.value.status == status
    assert info.value.provider_message == f"provider says {status}"
    assert len(sse_server.requests) == 1


async def test_400_with_param_offers_the_parameter(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=400, body=error_body(
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens'.",
        param="max_tokens", code="unsupported_parameter")))
    with pytest.raises(e.BadRequest) as info:
        await collect(client, chat_url(sse_server))
    assert info.value.param == "max_tokens"
    assert "`max_tokens`" in str(info.value) and "max_completion_tokens" in str(info.value)


async def test_422_is_a_bad_request(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=422, body=b'{"detail": "messages: field required"}'))
    with pytest.raises(e.BadRequest, match="field required"):
        await client.complete(chat_url(sse_server), HEADERS, BODY)
    assert len(sse_server.requests) == 1


async def test_llama_cpp_error_shape(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=400, body=json.dumps({"error": {
        "code": 400, "message": "Failed to parse grammar", "type": "invalid_request_error"}}).encode()))
    with pytest.raises(e.BadRequest) as info:
        await collect(client, chat_url(sse_server))
    assert info.value.code == "400" and info.value.provider_message == "Failed to parse grammar"


async def test_context_length_exceeded(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=400, body=json.dumps({"error": {
        "code": 400, "type": "exceed_context_size_error", "n_prompt_tokens": 9000, "n_ctx": 8192,
        "message": "the request exceeds the available context size, try increasing it"}}).encode()))
    with pytest.raises(e.ContextLengthExceeded, match="context window"):
        await collect(client, chat_url(sse_server))


async def test_html_error_page_from_a_proxy(client: ChatClient, sse_server: LoopbackServer) -> None:
    page = (b"<!DOCTYPE html>\n<html><head><title>504 Gateway Time-out</title></head><body>"
            b"<center><h1>504 Gateway Time-out</h1></center><hr><center>nginx/1.25.3</center></body></html>")
    sse_server.queue(*[Reply(status=504, body=page, headers={"Content-Type": "text/html"})] * 3)
    with pytest.raises(e.NonJSONError) as info:
        await collect(client, chat_url(sse_server))
    assert "504 Gateway Time-out" in str(info.value) and "web page" in str(info.value)
    assert "<center>" not in str(info.value)
    assert info.value.retryable and len(sse_server.requests) == 3  # a gateway error is worth retrying


async def test_the_key_never_appears_in_an_error_even_when_echoed(client: ChatClient,
                                                                  sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=401, body=error_body(f"Bad header: Authorization: Bearer {KEY}")))
    with pytest.raises(e.AuthenticationError) as info:
        await collect(client, chat_url(sse_server))
    assert KEY not in str(info.value) and KEY not in repr(info.value)


async def test_redirects_are_reported_not_followed(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(status=301, headers={"Location": "https://api.example.test/v1/chat?key=abc"}))
    with pytest.raises(e.APIError, match=r"redirected .* to https://api.example.test/v1/chat\. Update") as info:
        await collect(client, chat_url(sse_server))
    assert "key=abc" not in str(info.value)
    assert len(sse_server.requests) == 1


# --- stream content errors -------------------------------------------------------------------


async def test_malformed_chunk_keeps_what_arrived(client: ChatClient, sse_server: LoopbackServer) -> None:
    good = chat_chunks(["Hel", "lo"], done=False)[:2]
    sse_server.queue(Reply(chunks=[*good, b"data: {not json\n\n", sse("[DONE]")]))
    got: list[dict[str, Any]] = []
    with pytest.raises(e.MalformedStream) as info:
        await collect(client, chat_url(sse_server), got)
    assert text_of(got) == "Hel"
    assert "{not json" in str(info.value)
    assert len(sse_server.requests) == 1


async def test_error_event_inside_the_stream(client: ChatClient, sse_server: LoopbackServer) -> None:
    good = chat_chunks(["Partial"], done=False)[:2]
    sse_server.queue(Reply(chunks=[*good, sse({"error": {"code": 502, "message": "Upstream overloaded"}})]))
    got: list[dict[str, Any]] = []
    with pytest.raises(e.ServerError, match="Upstream overloaded") as info:
        await collect(client, chat_url(sse_server), got)
    assert text_of(got) == "Partial"
    assert not info.value.retryable and len(sse_server.requests) == 1


# --- transport failures ----------------------------------------------------------------------


async def test_connect_refused(client: ChatClient) -> None:
    retries: list[int] = []
    port = closed_port()
    with pytest.raises(e.ConnectError) as info:
        await collect(client, f"http://127.0.0.1:{port}/v1/chat/completions",
                      on_retry=lambda n, delay, err: retries.append(n))
    assert f"127.0.0.1:{port}" in str(info.value) and "/v1/chat" not in str(info.value)
    assert retries == [1, 2]  # a server that is still starting up may come up in time


async def test_connect_timeout() -> None:
    chat = ChatClient(connect_timeout=0.2, max_retries=0)
    try:
        with unaccepting_listener() as port:
            started = time.monotonic()
            with pytest.raises(e.ConnectTimeout, match=r"timed out after 0\.2 s"):
                await collect(chat, f"http://127.0.0.1:{port}/v1/chat/completions")
            assert 0.15 < time.monotonic() - started < 2
    finally:
        await chat.aclose()


async def test_tls_to_a_plain_http_server(client: ChatClient, sse_server: LoopbackServer) -> None:
    url = chat_url(sse_server).replace("http://", "https://")
    with pytest.raises(e.TLSError) as info:
        await collect(client, url)
    assert not info.value.retryable
    assert "http or https" in str(info.value)


async def test_idle_read_timeout_mid_stream(sse_server: LoopbackServer) -> None:
    chat = ChatClient(read_timeout=0.3, backoff_base=0.01)
    sse_server.queue(Reply(chunks=chat_chunks(["one", "two", "three"]), hang_after=2))
    got: list[dict[str, Any]] = []
    started = time.monotonic()
    try:
        with pytest.raises(e.ReadTimeout) as info:
            await collect(chat, chat_url(sse_server), got)
    finally:
        await chat.aclose()
    assert text_of(got) == "one"
    assert "0.3 s" in str(info.value) and "kept" in str(info.value)
    assert len(sse_server.requests) == 1  # never repeat a partly streamed answer
    assert time.monotonic() - started < 2


async def test_read_timeout_before_any_answer_is_not_retried(sse_server: LoopbackServer) -> None:
    # A slow model would otherwise make the user wait three times the timeout.
    chat = ChatClient(read_timeout=0.2, backoff_base=0.01)
    sse_server.queue(Reply(chunks=chat_chunks(["late"]), initial_delay=1.0))
    try:
        with pytest.raises(e.ReadTimeout, match="did not answer"):
            await collect(chat, chat_url(sse_server))
    finally:
        await chat.aclose()
    assert len(sse_server.requests) == 1


async def test_drop_mid_stream_is_stream_dropped_and_not_retried(client: ChatClient,
                                                                 sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["one", "two", "three"]), drop_after=3))
    got: list[dict[str, Any]] = []
    with pytest.raises(e.StreamDropped) as info:
        await collect(client, chat_url(sse_server), got)
    assert text_of(got) == "onetwo"
    assert not info.value.retryable and "kept" in str(info.value)
    assert len(sse_server.requests) == 1


async def test_tcp_reset_mid_stream(client: ChatClient) -> None:
    with RawStreamServer("reset", after=3) as server:
        got: list[dict[str, Any]] = []
        with pytest.raises(e.StreamDropped):
            await collect(client, server.url, got)
    assert text_of(got) == "word word "
    assert server.requests == 1


async def test_chunked_body_cut_short(client: ChatClient) -> None:
    with RawStreamServer("truncated-chunked", after=2) as server:
        got: list[dict[str, Any]] = []
        with pytest.raises(e.StreamDropped):
            await collect(client, server.url, got)
    assert text_of(got) == "word "
    assert server.requests == 1


# --- cancel ---------------------------------------------------------------------------------


async def test_cancel_mid_stream_closes_the_connection(client: ChatClient, sse_server: LoopbackServer) -> None:
    received: list[dict[str, Any]] = []
    with RawStreamServer("slow", interval=0.02) as server:
        task = asyncio.create_task(collect(client, server.url, received))
        while len(received) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await asyncio.to_thread(server.hung_up.wait, 2), "the server never saw the connection close"
    assert 3 <= len(received) < 20
    assert pool_connections(client) == []
    assert text_of(await collect(client, chat_url(sse_server))) == "Hello world"


async def test_twenty_cancelled_streams_leak_no_connection(client: ChatClient,
                                                           sse_server: LoopbackServer) -> None:
    """Each stream is cancelled repeatedly (a double click on Stop): that used to leak pool connections."""
    for i in range(20):
        slow = Reply(chunks=chat_chunks(["x"] * 100), delay=0.005)
        # Alternate: cancelled while reading the body, and while still waiting for the headers.
        sse_server.queue(slow if i % 2 == 0 else Reply(chunks=chat_chunks(["x"]), initial_delay=0.2))
        received: list[dict[str, Any]] = []
        task = asyncio.create_task(collect(client, chat_url(sse_server), received))
        for _ in range(200):  # the server has the request (its reply is taken) before Stop is pressed
            if len(sse_server.requests) == i + 1:
                break
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.02)
        for _ in range(3):
            task.cancel()
            await asyncio.sleep(0)
        with pytest.raises(asyncio.CancelledError):
            await task
    await asyncio.sleep(0.05)  # closes that were interrupted finish in the background
    assert pool_connections(client) == []
    assert text_of(await collect(client, chat_url(sse_server))) == "Hello world"
    assert len(sse_server.requests) == 21


async def test_breaking_out_early_closes_the_response(client: ChatClient, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["x"] * 200), delay=0.002))
    async with aclosing(client.stream_chat(chat_url(sse_server), HEADERS, BODY)) as chunks:
        async for _ in chunks:
            break
    assert pool_connections(client) == []
    assert text_of(await collect(client, chat_url(sse_server))) == "Hello world"


async def test_closing_the_generator_while_the_task_is_cancelled_again(client: ChatClient,
                                                                       sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["x"] * 200), delay=0.005))
    gate = asyncio.Event()

    async def consume() -> None:
        async with aclosing(client.stream_chat(chat_url(sse_server), HEADERS, BODY)) as chunks:
            async for _ in chunks:
                gate.set()
                await asyncio.sleep(10)  # cancelled here, outside the generator

    task = asyncio.create_task(consume())
    await gate.wait()
    task.cancel()
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.05)
    assert pool_connections(client) == []


async def test_an_injected_http_client_is_used_and_left_open(sse_server: LoopbackServer) -> None:
    async with httpx.AsyncClient() as shared:
        chat = ChatClient(http=shared, read_timeout=5)
        assert text_of(await collect(chat, chat_url(sse_server))) == "Hello world"
        await chat.aclose()
        assert not shared.is_closed


async def test_loopback_bypasses_a_proxy_from_the_environment(monkeypatch) -> None:
    # users behind a corporate proxy must still reach the built-in model on 127.0.0.1
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    with LoopbackServer() as server:
        client = ChatClient()
        try:
            models = await client.list_models(server.base_url, {})
        finally:
            await client.aclose()
    assert [m["id"] for m in models] == ["test-model"]


async def test_done_without_finish_reason_is_a_complete_stream() -> None:
    # [DONE] is an explicit end: some servers never send a finish_reason
    chunk = {"id": "x", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "whole"}, "finish_reason": None}]}
    with LoopbackServer() as server:
        server.queue(Reply(chunks=[sse(chunk), sse("[DONE]")]))
        client = ChatClient(max_retries=0)
        try:
            got = [c async for c in client.stream_chat(server.base_url + "/chat/completions", {}, {"stream": True})]
        finally:
            await client.aclose()
    assert [c["choices"][0]["delta"]["content"] for c in got] == ["whole"]


async def test_a_key_without_a_known_shape_never_leaks_through_a_malformed_chunk() -> None:
    key = "zz9plural-zalpha-7777"
    with LoopbackServer() as server:
        server.queue(Reply(chunks=[f"data: not json, echoing {key}\n\n".encode()]))
        client = ChatClient(max_retries=0)
        try:
            with pytest.raises(e.MalformedStream) as caught:
                async for _ in client.stream_chat(server.base_url + "/chat/completions",
                                                  {"Authorization": f"Bearer {key}"}, {"stream": True}):
                    pass
        finally:
            await client.aclose()
    assert key not in str(caught.value) and key not in repr(caught.value)
