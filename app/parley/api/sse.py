"""Server-sent events: bytes from the wire -> events -> Chat Completions chunk dicts, parsed once.

Framing follows the WHATWG event-stream rules: LF, CRLF and lone CR line endings; comment lines
(``: keep-alive``); multi-line ``data:`` joined with "\\n"; ``event:``, ``id:`` and ``retry:`` fields;
a byte-order mark at the very start ignored; an event is dispatched by a blank line, and an event
left incomplete when the stream ends is discarded.

Why a small parser of our own instead of ``httpx-sse`` (0.4.3):
- it leaves a leading BOM in the first line, so the first event's field name becomes
  "\\ufeffdata" and that event is silently lost;
- it decodes text with the charset the server declares, while the spec says event streams are
  always UTF-8 (a wrong ``charset=`` header would garble every non-ASCII token);
- it refuses a response whose Content-Type is not ``text/event-stream``, and some proxies and
  self-hosted servers get that header wrong while streaming perfectly good events;
- splitting *bytes* on line endings and decoding only complete lines needs no incremental text
  decoder, so a multi-byte character split across network reads is handled for free; the
  framing is also about a third faster (tests/benchmarks/bench_assembly.py compares both), though
  json.loads dominates either way.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any, NamedTuple

import httpx

from parley.api.errors import MalformedStream, error_from_payload, scrub_secrets
from parley.core.texts import QT_TRANSLATE_NOOP, fill

_NOT_VALID_JSON = QT_TRANSLATE_NOOP(
    "Engine", "The server sent a stream chunk that is not valid JSON. The output received so far is kept."
)
_NOT_AN_OBJECT = QT_TRANSLATE_NOOP(
    "Engine", "The server sent a stream chunk that is not a JSON object. The output received so far is kept."
)
# One whole sentence per case (with or without labels such as "HTTP 429, rate_limit", said or not said).
_STREAM_ERROR_LABELLED_SAID = QT_TRANSLATE_NOOP(
    "Engine",
    "The provider reported an error during the stream ({labels}): “{message}”. The output received so far is kept.",
)
_STREAM_ERROR_SAID = QT_TRANSLATE_NOOP(
    "Engine", "The provider reported an error during the stream: “{message}”. The output received so far is kept."
)
_STREAM_ERROR_LABELLED = QT_TRANSLATE_NOOP(
    "Engine",
    "The provider reported an error during the stream ({labels}) without details. "
    "The output received so far is kept.",
)
_STREAM_ERROR = QT_TRANSLATE_NOOP(
    "Engine", "The provider reported an error during the stream without details. The output received so far is kept."
)

_BOM = b"\xef\xbb\xbf"
_SHOWN_TEXT = 200  # how much of an offending line an error message quotes


class ServerSentEvent(NamedTuple):  # a NamedTuple: cheaper to create than a dataclass, thousands per second
    data: str
    event: str = "message"  # the spec's default event type
    id: str = ""  # the last event id seen so far (it carries over between events, per the spec)
    retry: int | None = None


class SSEError(Exception):
    """What ``iter_chunks`` raises about the content of a stream; ``message`` is the sentence for the user."""

    @property
    def message(self) -> str:
        return str(self)


class MalformedChunk(MalformedStream, SSEError):
    """A ``data:`` payload that is not a JSON object; ``text`` is the payload (truncated, keys scrubbed).

    ``message`` is the sentence for the user: ``_NOT_VALID_JSON`` or ``_NOT_AN_OBJECT``."""

    def __init__(self, text: str, message: str = _NOT_VALID_JSON) -> None:
        self.text = _shorten(scrub_secrets(text))
        super().__init__(message, provider_message=self.text)


class StreamErrorEvent(SSEError):
    """The provider reported an error inside a stream that had started with HTTP 200 (an
    ``event: error`` event, or a chunk carrying ``{"error": {...}}`` as OpenRouter sends).

    ``body`` is the provider's error object as sent, for ``errors.error_from_payload`` (which the
    client calls with the request's secrets to pick the error class and retry policy)."""

    def __init__(self, body: Any) -> None:
        self.body = body
        reported = error_from_payload(body)  # finds the message, code and type in the shapes providers use
        self.provider_message = reported.provider_message
        labels = [f"HTTP {reported.status}"] if reported.status else []
        labels += [x for x in (reported.code, reported.error_type) if x and x != str(reported.status)]
        said = reported.provider_message
        if labels:
            text = (fill(_STREAM_ERROR_LABELLED_SAID, labels=", ".join(labels), message=said) if said
                    else fill(_STREAM_ERROR_LABELLED, labels=", ".join(labels)))
        else:
            text = fill(_STREAM_ERROR_SAID, message=said) if said else _STREAM_ERROR
        super().__init__(text)


class SSEParser:
    """Incremental event-stream parser: ``feed`` it bytes as they arrive, get complete events back."""

    __slots__ = ("_data", "_event", "_last_id", "_pending", "_retry", "_skip_lf", "_started")

    def __init__(self) -> None:
        self._pending: list[bytes] = []  # the current incomplete line, in pieces
        self._started = False  # whether the stream start (and a possible BOM) is behind us
        self._skip_lf = False  # the previous piece ended with CR: a leading LF completes that CRLF
        self._data: list[bytes] = []
        self._event = b""
        self._last_id = ""
        self._retry: int | None = None

    def feed(self, data: bytes) -> list[ServerSentEvent]:
        if not data:
            return []
        if not self._started:
            data = b"".join(self._pending) + data
            self._pending = []
            if len(data) < len(_BOM) and _BOM.startswith(data):
                self._pending.append(data)  # could still be a BOM split across reads
                return []
            self._started = True
            if data.startswith(_BOM):
                data = data[len(_BOM):]
        if self._skip_lf:
            self._skip_lf = False
            if data[:1] == b"\n":
                data = data[1:]
        if b"\n" not in data and b"\r" not in data:
            if data:
                self._pending.append(data)
            return []
        if self._pending:
            data = b"".join(self._pending) + data
            self._pending = []
        if b"\r" in data:
            self._skip_lf = data.endswith(b"\r")
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = data.split(b"\n")
        rest = lines.pop()
        if rest:
            self._pending.append(rest)
        return self._lines(lines)

    def _lines(self, lines: list[bytes]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        for line in lines:
            if not line:  # a blank line dispatches the event
                if self._data:
                    events.append(ServerSentEvent(
                        b"\n".join(self._data).decode("utf-8", "replace"),
                        self._event.decode("utf-8", "replace") or "message",
                        self._last_id,
                        self._retry,
                    ))
                    self._data = []
                    self._retry = None
                self._event = b""
                continue
            if line[0] == 0x3A:  # ":" starts a comment (keep-alives)
                continue
            name, _, value = line.partition(b":")
            if value[:1] == b" ":
                value = value[1:]
            if name == b"data":
                self._data.append(value)
            elif name == b"event":
                self._event = value
            elif name == b"id":
                if b"\0" not in value:
                    self._last_id = value.decode("utf-8", "replace")
            elif name == b"retry" and value.isdigit():
                self._retry = int(value)
            # other field names are ignored, as the spec says
        return events


_DONE = object()


def _decode_chunk(event: ServerSentEvent) -> dict[str, Any] | None:
    """The chunk dict an event carries, None for an empty event, ``_DONE`` for ``[DONE]``.

    JSON is tried first: ``[DONE]`` and empty data come once per stream, chunks thousands of times."""
    if event.event == "error":
        raise StreamErrorEvent(_loads_or_text(event.data))
    try:
        chunk = json.loads(event.data)
    except ValueError:
        text = event.data.strip()
        if text == "[DONE]":
            return _DONE  # type: ignore[return-value]
        if not text:
            return None
        raise MalformedChunk(event.data) from None
    if type(chunk) is not dict:
        raise MalformedChunk(event.data, _NOT_AN_OBJECT)
    if chunk.get("error"):
        raise StreamErrorEvent(chunk["error"])
    return chunk


class StreamEnd:
    """Filled in by :func:`iter_chunks`: whether the server said ``[DONE]`` (an explicit, complete end)."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False


async def iter_chunks(response: httpx.Response, end: StreamEnd | None = None) -> AsyncIterator[dict[str, Any]]:
    """Each ``data:`` payload of a streamed response as a dict, until ``[DONE]`` or the end of the
    stream (a missing ``[DONE]`` is fine). Comments and empty events are skipped."""
    parser = SSEParser()
    async for piece in response.aiter_bytes():
        for event in parser.feed(piece):
            chunk = _decode_chunk(event)
            if chunk is _DONE:
                if end is not None:
                    end.done = True
                return
            if chunk is not None:
                yield chunk


def parse_sse_bytes(data: bytes) -> list[dict[str, Any]]:
    """All chunks of a complete event stream held in memory (tests, fixtures, benchmarks)."""
    chunks: list[dict[str, Any]] = []
    for event in SSEParser().feed(data):
        chunk = _decode_chunk(event)
        if chunk is _DONE:
            break
        if chunk is not None:
            chunks.append(chunk)
    return chunks


def _loads_or_text(data: str) -> Any:
    try:
        body = json.loads(data)
    except ValueError:
        return data
    if isinstance(body, dict) and isinstance(body.get("error"), dict | str):
        return body["error"]
    return body


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "…"
