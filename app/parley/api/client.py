"""The HTTP client: one ``httpx.AsyncClient``, streamed and plain requests, retries, timeouts, cancel.

Retry policy (as the official SDKs): up to ``max_retries`` (2) more attempts with exponential
backoff and jitter (0.5 s base, 8 s cap) on connect errors, 408, 409, 429 and 5xx, honouring
``retry-after-ms`` / ``Retry-After`` (seconds or HTTP date) and ``x-should-retry``. A streamed
request is retried ONLY while nothing has been handed to the caller: once a chunk was yielded,
a broken stream raises :class:`~parley.api.errors.StreamDropped` and is never repeated, so a
partly streamed answer is never duplicated. A server-requested wait longer than
``max_retry_after`` (60 s) is not slept through: the error is raised with ``retry_after`` set.

Cancel: cancelling the task that iterates :meth:`ChatClient.stream_chat` closes the response
at once (in the generator's ``finally``), exactly once, and the close runs to the end even if
the task is cancelled again meanwhile, so pool connections are never leaked. A consumer that
may stop iterating early should iterate inside ``contextlib.aclosing(...)``: an abandoned
async generator is otherwise only closed by garbage collection (qasync installs no asyncgen
hooks).

A 200 answer to a streamed request that is plain JSON (some providers ignore ``stream: true``)
is yielded as a single :class:`FullResponse`: the response body unchanged, in a ``dict``
subclass so callers can tell it from a chunk (its choices carry ``message``, not ``delta``;
``core.stream.assemble_response`` handles it, and ``StreamAssembler.feed`` accepts it too).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import random
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import httpx

from parley import __version__
from parley.api import sse
from parley.api.errors import (
    APIError,
    MalformedStream,
    NonJSONError,
    StreamDropped,
    error_from_exception,
    error_from_payload,
    error_from_response,
    html_summary,
    scrub_secrets,
    secret_values,
)
from parley.core.texts import QT_TRANSLATE_NOOP, fill

_REDIRECTED_TO = QT_TRANSLATE_NOOP(
    "Engine",
    "The server redirected the request (HTTP {status}) to {location}. "
    "Update the provider's base URL to the new address.",
)
_REDIRECTED = QT_TRANSLATE_NOOP(
    "Engine", "The server redirected the request (HTTP {status}). Update the provider's base URL to the new address."
)
# Whole sentences for each case (a web page or other non-JSON, quoted or not): translators need them whole.
_WEB_PAGE_QUOTED = QT_TRANSLATE_NOOP(
    "Engine",
    "The server answered HTTP {status} with a web page instead of an API response (“{summary}”). "
    "Check the base URL (most providers' end in /v1); a proxy or login page may be in the way.",
)
_WEB_PAGE = QT_TRANSLATE_NOOP(
    "Engine",
    "The server answered HTTP {status} with a web page instead of an API response. "
    "Check the base URL (most providers' end in /v1); a proxy or login page may be in the way.",
)
_NOT_JSON_QUOTED = QT_TRANSLATE_NOOP(
    "Engine",
    "The server answered HTTP {status} with something that is not JSON instead of an API response "
    "(“{summary}”). Check the base URL (most providers' end in /v1); a proxy or login page may be in the way.",
)
_NOT_JSON = QT_TRANSLATE_NOOP(
    "Engine",
    "The server answered HTTP {status} with something that is not JSON instead of an API response. "
    "Check the base URL (most providers' end in /v1); a proxy or login page may be in the way.",
)

RetryCallback = Callable[[int, float, APIError], None]
T = TypeVar("T")


class FullResponse(dict[str, Any]):
    """A whole (non-streamed) Chat Completions response delivered where stream chunks were expected."""


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle is most of the cost of an AsyncClient; every client can share one context.
    return httpx.create_ssl_context()


class ChatClient:
    """Talks to one or more OpenAI-compatible endpoints; the caller passes URL and headers per call."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 120.0,
        max_retries: int = 2,
        http: httpx.AsyncClient | None = None,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        max_retry_after: float = 60.0,
    ) -> None:
        # read: the longest silence allowed between two bytes (an idle timeout, not a total one);
        # write: sending a large body (images) on a slow uplink; pool: waiting for a free connection.
        self.timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout,
                                     pool=connect_timeout)
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self._owns_http = http is None
        # Loopback never goes through an HTTP(S)_PROXY from the environment: the built-in model and local
        # servers would otherwise be unreachable for users behind a proxy.
        direct = {f"all://{host}": httpx.AsyncHTTPTransport(verify=_ssl_context())
                  for host in ("127.0.0.1", "localhost", "[::1]")}
        self.http = http or httpx.AsyncClient(
            timeout=self.timeout, verify=_ssl_context(), headers={"User-Agent": f"Parley/{__version__}"},
            mounts=direct)

    # --- streaming --------------------------------------------------------------------------

    async def stream_chat(
        self,
        url: str,
        headers: dict[str, str],
        body: dict[str, Any],
        *,
        on_retry: RetryCallback | None = None,
        on_first_byte: Callable[[], None] | None = None,
        timeout: httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """POST ``body`` and yield each chunk dict of the event stream (or one :class:`FullResponse`).

        ``on_first_byte`` is called when the headers of a successful response arrive (again
        after a retry); ``on_retry(attempt, delay, error)`` before each retry's wait. Raises an
        :class:`~parley.api.errors.APIError`; cancellation propagates as ``CancelledError``.
        ``timeout`` and ``max_retries`` override the client's settings for this request.
        """
        secrets = secret_values(headers)
        retries = 0
        while True:
            delivered = False
            try:
                response = await self._send("POST", url, headers, body, timeout)
                try:
                    await _raise_for_status(response, secrets)
                    if on_first_byte is not None:
                        on_first_byte()
                    kind = _content_kind(response)
                    if kind == "json":
                        payload = await _read_json(response, secrets)
                        delivered = True
                        yield FullResponse(payload)
                        return
                    if kind == "html":
                        await _raise_non_json(response, secrets)
                    progress = _Progress()
                    end = sse.StreamEnd()
                    async for chunk in sse.iter_chunks(response, end):
                        progress.see(chunk)
                        delivered = True
                        yield chunk
                    if not end.done and not progress.complete:
                        # A clean EOF without a finish_reason: the connection was closed early (a proxy
                        # timeout, a crashed server), which HTTP alone cannot tell from a normal end.
                        raise StreamDropped(
                            QT_TRANSLATE_NOOP("Engine", "The connection closed before the answer was complete. "
                                              "What arrived is kept.")
                            if delivered
                            else QT_TRANSLATE_NOOP("Engine", "The provider ended the stream without sending an answer."),
                            retryable=not delivered)
                    return
                finally:
                    await _close(response)
            except (APIError, httpx.HTTPError, sse.SSEError) as exc:
                # never retried once output was delivered: that would duplicate a partly streamed answer
                retries = await self._wait_or_raise(exc, _to_error(exc, delivered, secrets), retries,
                                                    max_retries if not delivered else 0, on_retry)

    # --- plain requests -----------------------------------------------------------------------

    async def complete(self, url: str, headers: dict[str, str], body: dict[str, Any], *,
                       on_retry: RetryCallback | None = None, timeout: httpx.Timeout | None = None,
                       max_retries: int | None = None) -> dict[str, Any]:
        """POST a non-streamed request and return the response body (same errors and retries)."""
        return await self._json_request("POST", url, headers, body, on_retry=on_retry, retry=True,
                                        timeout=timeout, max_retries=max_retries)

    async def list_models(self, base_url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
        """``GET {base_url}/models``: the ``data`` list (also accepts a bare list or ``models``)."""
        payload = await self._json_request("GET", base_url.rstrip("/") + "/models", headers, None, retry=True)
        models = payload.get("data", payload.get("models")) if isinstance(payload, dict) else payload
        if not isinstance(models, list):
            raise APIError(QT_TRANSLATE_NOOP("Engine", "The provider's model list has an unexpected shape (no `data` list)."),
                           provider_message=_clip(json.dumps(payload, ensure_ascii=False)),
                           secrets=secret_values(headers))
        return [m if isinstance(m, dict) else {"id": str(m)} for m in models]

    async def get_json(self, url: str, headers: dict[str, str]) -> Any:
        """GET a small JSON document (e.g. llama.cpp ``/health``). Not retried: pollers decide."""
        return await self._json_request("GET", url, headers, None, retry=False)

    async def post_json(self, url: str, headers: dict[str, str], body: Any) -> Any:
        """POST JSON and return the JSON answer (e.g. llama.cpp ``/tokenize``). Not retried."""
        return await self._json_request("POST", url, headers, body, retry=False)

    async def aclose(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http:
            await self.http.aclose()

    async def __aenter__(self) -> ChatClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- internals ----------------------------------------------------------------------------

    async def _send(self, method: str, url: str, headers: dict[str, str], body: Any,
                    timeout: httpx.Timeout | None = None) -> httpx.Response:
        """Send and return the response with its body still unread (the caller must ``_close`` it)."""
        request = self.http.build_request(method, url, headers=headers, json=body, timeout=timeout or self.timeout)
        response = await _cancel_once(self.http.send(request, stream=True), orphan=_close_later)
        response.stream = _CancelOnceStream(response.stream)  # type: ignore[arg-type]
        return response

    async def _json_request(self, method: str, url: str, headers: dict[str, str], body: Any, *,
                            retry: bool, on_retry: RetryCallback | None = None,
                            timeout: httpx.Timeout | None = None, max_retries: int | None = None) -> Any:
        secrets = secret_values(headers)
        retries = 0
        while True:
            try:
                response = await self._send(method, url, headers, body, timeout)
                try:
                    await _raise_for_status(response, secrets)
                    return await _read_json(response, secrets)
                finally:
                    await _close(response)
            except (APIError, httpx.HTTPError) as exc:
                retries = await self._wait_or_raise(exc, _to_error(exc, False, secrets), retries,
                                                    max_retries if retry else 0, on_retry)

    async def _wait_or_raise(self, exc: Exception, err: APIError, retries: int, max_retries: int | None,
                             on_retry: RetryCallback | None) -> int:
        """Raise ``err`` when it must not be retried; else report, wait, and return the new retry count."""
        delay = self._retry_delay(retries, err, max_retries)
        if delay is None:
            if err is exc:
                raise err
            raise err from exc
        retries += 1
        if on_retry is not None:
            on_retry(retries, delay, err)
        await asyncio.sleep(delay)
        return retries

    def _retry_delay(self, retries_done: int, err: APIError, max_retries: int | None = None) -> float | None:
        """Seconds to wait before the next attempt, or None when ``err`` must be raised now."""
        limit = self.max_retries if max_retries is None else max_retries
        if not err.retryable or retries_done >= limit:
            return None
        if err.retry_after is not None and err.retry_after > 0:
            # Sleeping through a long server-requested wait would look like a hang; the error says how long.
            return err.retry_after if err.retry_after <= self.max_retry_after else None
        delay = min(self.backoff_base * 2.0 ** retries_done, self.backoff_cap)
        return delay * (1 - 0.25 * random.random())


class _Progress:
    """Which choices of a stream have finished: a stream is complete when every choice seen has."""

    __slots__ = ("finished", "seen")

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.finished: set[int] = set()

    def see(self, chunk: dict[str, Any]) -> None:
        for choice in chunk.get("choices") or ():
            if isinstance(choice, dict):
                index = choice.get("index") or 0
                self.seen.add(index)
                if choice.get("finish_reason"):
                    self.finished.add(index)

    @property
    def complete(self) -> bool:
        return bool(self.finished) and self.seen <= self.finished


def _to_error(exc: Exception, delivered: bool, secrets: list[str]) -> APIError:
    # SSE errors first: MalformedChunk is also an APIError, but only here does it meet the request's secrets.
    if isinstance(exc, sse.StreamErrorEvent):
        err = error_from_payload(exc.body, secrets=secrets)
        if delivered:
            err.retryable = False
        return err
    if isinstance(exc, sse.SSEError):  # MalformedChunk and any future parse error
        return MalformedStream(provider_message=getattr(exc, "text", None) or exc.message, secrets=secrets)
    if isinstance(exc, APIError):
        return exc
    return error_from_exception(exc, output_started=delivered)


async def _raise_for_status(response: httpx.Response, secrets: list[str]) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if 300 <= status < 400:
        # Not followed: httpx would turn a 301/302 POST into a GET, and a cross-host hop could carry the key.
        location = scrub_secrets(response.headers.get("location", "").split("?")[0], secrets)
        message = (fill(_REDIRECTED_TO, status=status, location=location) if location
                   else fill(_REDIRECTED, status=status))
        raise APIError(message, status=status)
    raise error_from_response(status, response.headers, await response.aread(), secrets=secrets)


def _content_kind(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "").lower()
    if "event-stream" in content_type:
        return "sse"
    if "json" in content_type:
        return "json"
    if "html" in content_type:
        return "html"
    return "sse"  # a missing or wrong header on a real event stream: let the SSE parser judge


async def _read_json(response: httpx.Response, secrets: list[str]) -> Any:
    raw = await response.aread()
    try:
        payload = json.loads(raw)
    except ValueError:
        await _raise_non_json(response, secrets)
    if isinstance(payload, dict) and payload.get("error") and not payload.get("choices"):
        # Some gateways answer 200 with an error body.
        raise error_from_payload(payload, status=None, headers=response.headers, secrets=secrets)
    return payload


async def _raise_non_json(response: httpx.Response, secrets: list[str]) -> NoReturn:
    text = (await response.aread()).decode("utf-8", "replace")
    web_page = "<" in text[:512]
    summary = html_summary(text) if web_page else " ".join(text.split())[:160]
    if summary:
        template = _WEB_PAGE_QUOTED if web_page else _NOT_JSON_QUOTED
    else:
        template = _WEB_PAGE if web_page else _NOT_JSON
    raise NonJSONError(fill(template, status=response.status_code, summary=summary),
                       status=response.status_code, secrets=secrets)


# --- cancel once ----------------------------------------------------------------------------
#
# httpcore cleans a connection up when a read is cancelled, but a *second* cancellation that lands
# during that cleanup leaves the connection ACTIVE in the pool for good (measured: 10 cancelled
# streams, each cancelled twice, left 10 connections that never return). So every await that
# does network I/O runs in a private task that only we cancel, exactly once, however often the
# consuming task is cancelled, and closing runs shielded to the end.


async def _cancel_once(awaitable: Awaitable[T], *, orphan: Callable[[T], None] | None = None) -> T:
    """Await ``awaitable`` in a private task; if we are cancelled, cancel that task once and let it clean up."""
    task = asyncio.ensure_future(awaitable)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        task.cancel()
        task.add_done_callback(functools.partial(_settle, orphan=orphan))
        with contextlib.suppress(BaseException):  # a further cancel of ours only stops the waiting
            await asyncio.shield(task)
        raise


def _settle(task: asyncio.Future[T], *, orphan: Callable[[T], None] | None) -> None:
    """Retrieve a cancelled private task's outcome; hand a result nobody will use to ``orphan``."""
    if task.cancelled():
        return
    if task.exception() is None and orphan is not None:
        orphan(task.result())


class _CancelOnceStream(httpx.AsyncByteStream):
    """A response body whose every network read runs under :func:`_cancel_once`."""

    __slots__ = ("_inner",)

    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        pieces = self._inner.__aiter__()
        while True:
            piece = await _cancel_once(_next_piece(pieces))
            if piece is None:
                return
            yield piece

    async def aclose(self) -> None:
        await self._inner.aclose()


async def _next_piece(pieces: AsyncIterator[bytes]) -> bytes | None:
    try:
        return await pieces.__anext__()
    except StopAsyncIteration:
        return None


async def _close(response: httpx.Response) -> None:
    """Close a response once; if our task is cancelled again meanwhile, the close still completes."""
    if response.is_closed:
        return
    closing = asyncio.ensure_future(response.aclose())
    closing.add_done_callback(functools.partial(_settle, orphan=None))
    await asyncio.shield(closing)


def _close_later(response: httpx.Response) -> None:
    """A response that arrived after its request was cancelled: close it in the background."""
    closing = asyncio.ensure_future(response.aclose())
    closing.add_done_callback(functools.partial(_settle, orphan=None))


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
