"""One error taxonomy for everything that can go wrong talking to a provider.

Every error is a value a user can act on: ``user_message`` says what happened and what to
do, ``provider_message`` keeps the provider's own words (scrubbed of anything that looks
like a key), and ``retryable`` / ``retry_after`` drive the client's retry policy.

Build errors with :func:`error_from_response` (an HTTP error status and its body),
:func:`error_from_payload` (an ``{"error": …}`` object, e.g. one sent inside a stream) and
:func:`error_from_exception` (httpx transport exceptions). The user's cancel is not an
error here: ``asyncio.CancelledError`` propagates untouched and the runner reports it.
"""

from __future__ import annotations

import email.utils
import html
import json
import math
import re
import socket
import ssl
import time
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

import httpx

from parley.core.redaction import redact
from parley.core.redaction import secret_values as secret_values  # re-exported: api.client, api.tokenizer
from parley.core.texts import QT_TRANSLATE_NOOP, fill

# Longest provider text we keep: an error page or a stack trace must not flood the UI.
_MAX_PROVIDER_TEXT = 600

# Sentences with values (core.texts): the window translates them; the English stays as it was.
# The two tails of ``str(error)`` (ui.engine_text translates an error piece by piece):
PROVIDER_SAID = QT_TRANSLATE_NOOP("Engine", 'Provider said: "{said}"')
DETAILS = QT_TRANSLATE_NOOP("Engine", "(Details: {detail})")
_WEB_PAGE = QT_TRANSLATE_NOOP("Engine", "The server answered HTTP {status} with a web page instead of an API response. "
                              "A proxy, gateway or login page may be in the way, or the base URL points at a "
                              "website instead of the API.")
_WEB_PAGE_TITLED = QT_TRANSLATE_NOOP("Engine", "The server answered HTTP {status} with a web page instead of an API "
                                     "response (“{title}”). A proxy, gateway or login page may be in the way, or "
                                     "the base URL points at a website instead of the API.")
_BAD_PARAM = QT_TRANSLATE_NOOP("Engine", "The provider rejected the parameter `{param}`. Change or remove it, then "
                               "try again.")
_BAD_REQUEST = QT_TRANSLATE_NOOP("Engine", "The provider rejected the request (HTTP {status}). Check the parameters and "
                                 "the messages, then try again.")
_RATE_LIMITED_WAIT = QT_TRANSLATE_NOOP("Engine", "The provider is rate-limiting requests (HTTP 429). It asks to wait "
                                       "{duration}.")
_SERVER_ERROR = QT_TRANSLATE_NOOP("Engine", "The provider had a server error (HTTP {status}). This is usually "
                                  "temporary: try again in a moment.")
_ANSWERED_STATUS = QT_TRANSLATE_NOOP("Engine", "The provider answered HTTP {status}.")
_CONNECT_TIMEOUT = QT_TRANSLATE_NOOP("Engine", "Connecting to {where} timed out. Check the base URL and your network, "
                                     "or raise the connect timeout (--connect-timeout).")
_CONNECT_TIMEOUT_AFTER = QT_TRANSLATE_NOOP("Engine", "Connecting to {where} timed out after {duration}. Check the base "
                                           "URL and your network, or raise the connect timeout (--connect-timeout).")
_NO_ANSWER = QT_TRANSLATE_NOOP("Engine", "The provider at {where} did not answer. Try again, or raise the read "
                               "timeout (sidebar › Advanced, or --read-timeout) for slow models.")
_NO_ANSWER_FOR = QT_TRANSLATE_NOOP("Engine", "The provider at {where} did not answer for {duration}. Try again, or "
                                   "raise the read timeout (sidebar › Advanced, or --read-timeout) for slow models.")
_STOPPED_SENDING = QT_TRANSLATE_NOOP("Engine", "The provider at {where} stopped sending data. Try again, or raise the "
                                     "read timeout (sidebar › Advanced, or --read-timeout) for slow models. What "
                                     "arrived is kept.")
_STOPPED_SENDING_FOR = QT_TRANSLATE_NOOP("Engine", "The provider at {where} stopped sending data for {duration}. Try "
                                         "again, or raise the read timeout (sidebar › Advanced, or --read-timeout) "
                                         "for slow models. What arrived is kept.")
_WRITE_TIMEOUT = QT_TRANSLATE_NOOP("Engine", "Sending the request to {where} timed out. Check your network, or raise "
                                   "the timeout (sidebar › Advanced, or --read-timeout).")
_TLS_FAILED = QT_TRANSLATE_NOOP("Engine", "A secure (TLS) connection to {where} could not be established. Check that "
                                "the base URL uses the right scheme (http or https) and that the certificate is valid.")
_PROXY_REFUSED = QT_TRANSLATE_NOOP("Engine", "The proxy refused the connection to {where}. Check the proxy settings "
                                   "(HTTPS_PROXY / HTTP_PROXY).")
_UNKNOWN_HOST = QT_TRANSLATE_NOOP("Engine", "Could not find the host {where}. Check the base URL for typos and your "
                                  "network connection.")
_REFUSED = QT_TRANSLATE_NOOP("Engine", "Could not connect to {where}: nothing answered (connection refused or host "
                             "unreachable). Check the base URL and that the server is running.")
_BROKE = QT_TRANSLATE_NOOP("Engine", "The connection to {where} broke before the answer was complete. What arrived "
                           "is kept.")
_CLOSED_WITHOUT_ANSWER = QT_TRANSLATE_NOOP("Engine", "The provider at {where} closed the connection without answering.")
_FAILED_UNEXPECTEDLY = QT_TRANSLATE_NOOP("Engine", "The request to {where} failed unexpectedly ({kind}).")


class APIError(Exception):
    """Base of every Parley API error. ``str(err)`` is the user message plus the provider's words."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The request to the provider failed.")
    default_retryable = False

    def __init__(
        self,
        user_message: str | None = None,
        *,
        provider_message: str | None = None,
        status: int | None = None,
        param: str | None = None,
        code: str | int | None = None,
        error_type: str | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
        request_id: str | None = None,
        detail: str | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        self.user_message = user_message or self.default_message
        # Scrub here, once, so no construction path can carry a key into a message.
        self.provider_message = scrub_secrets(provider_message, secrets) if provider_message else None
        self.status = status
        self.param = param
        self.code = None if code is None else str(code)  # llama.cpp sends integer codes
        self.error_type = error_type
        self.retryable = self.default_retryable if retryable is None else retryable
        self.retry_after = retry_after
        self.request_id = request_id
        # Technical words from the OS or the HTTP library (not the provider's), e.g. a TLS failure reason.
        self.detail = scrub_secrets(detail, secrets) if detail else None
        super().__init__(str(self))

    def __str__(self) -> str:
        text = self.user_message
        if self.provider_message and self.provider_message not in text:
            text += " " + fill(PROVIDER_SAID, said=self.provider_message)
        if self.detail and self.detail not in text:
            text += " " + fill(DETAILS, detail=self.detail)
        return text

    def __repr__(self) -> str:
        fields = [f"{name}={value!r}" for name, value in
                  (("status", self.status), ("code", self.code), ("param", self.param),
                   ("retryable", self.retryable)) if value is not None]
        return f"{type(self).__name__}({', '.join(fields)})"


# --- HTTP status errors -------------------------------------------------------------------


class BadRequest(APIError):
    """400 / 422: the provider rejected something in the request (``param`` names it when known)."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The provider rejected the request. Check the parameters and the messages, then try again.")


class ContextLengthExceeded(BadRequest):
    default_message = QT_TRANSLATE_NOOP("Engine", "The conversation is too long for this model's context window. Remove or shorten "
                       "earlier messages, lower max_tokens, or choose a model with a larger context.")


class ContentFiltered(BadRequest):
    default_message = QT_TRANSLATE_NOOP("Engine", "The provider's content filter blocked this request. Rephrase the message and try again.")


class AuthenticationError(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "The provider did not accept the API key (HTTP 401). Check the key for this provider "
                       "in Providers & Keys.")


class PermissionDenied(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "The provider refused access (HTTP 403). This key may not be allowed to use this model "
                       "or feature, or the account, organization or region is not permitted.")


class NotFound(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "Nothing was found at this address (HTTP 404). Check the provider's base URL and the "
                       "model name.")


class RequestTooLarge(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "The request is too large for the provider (HTTP 413). Shorten the conversation or "
                       "remove large attachments.")


class RateLimited(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "The provider is rate-limiting requests (HTTP 429). Wait a moment and try again.")
    default_retryable = True


class QuotaExceeded(RateLimited):
    """429 ``insufficient_quota``: waiting does not help, so it is never retried."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The provider reports that this account has run out of quota or credit (HTTP 429). "
                       "Check the plan and billing with the provider.")
    default_retryable = False


class ServerError(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "The provider had a server error. This is usually temporary: try again in a moment.")
    default_retryable = True


# --- transport errors ---------------------------------------------------------------------


class ConnectError(APIError):
    """Nothing answered: connection refused, host unreachable, or the host name is unknown."""

    default_message = QT_TRANSLATE_NOOP("Engine", "Could not connect to the provider. Check the base URL and that the server is "
                       "running and reachable.")
    default_retryable = True


class TLSError(ConnectError):
    default_message = QT_TRANSLATE_NOOP("Engine", "A secure (TLS) connection to the provider could not be established. Check that the "
                       "base URL uses the right scheme (http or https) and that the certificate is valid.")
    default_retryable = False


class InvalidURL(APIError):
    default_message = QT_TRANSLATE_NOOP("Engine", "The provider address is not a valid http(s) URL. Check the base URL.")


class TimedOut(APIError):
    """Base of the timeouts (also used as is for write and connection-pool timeouts)."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The request to the provider timed out. Try again, or raise the timeout (sidebar › Advanced, or --read-timeout).")


class ConnectTimeout(TimedOut, ConnectError):
    default_message = QT_TRANSLATE_NOOP("Engine", "Connecting to the provider timed out. Check the base URL and your network, or raise "
                       "the connect timeout (--connect-timeout).")
    default_retryable = True


class ReadTimeout(TimedOut):
    """No byte arrived for longer than the idle read timeout (before or during the answer)."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The provider stopped sending data. Try again, or raise the read timeout (sidebar › Advanced, or --read-timeout) "
                       "for slow models.")


class StreamDropped(APIError):
    """The connection closed or reset before the answer was complete.

    Retried only when nothing had been received yet (never duplicate a partly streamed answer).
    """

    default_message = QT_TRANSLATE_NOOP("Engine", "The connection closed before the answer was complete. What arrived is kept.")


class MalformedStream(APIError):
    """The provider sent something that is not valid stream data (``sse.MalformedChunk`` subclasses this)."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The provider sent data that could not be understood (not valid JSON). The answer "
                       "may be incomplete.")


class NonJSONError(APIError):
    """The server answered with something that is not JSON, typically an HTML page from a proxy."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The server answered with something that is not an API response. Check the base URL "
                       "(it should end in /v1 for most providers).")


# --- secrets -----------------------------------------------------------------------------
# Redaction lives in parley.core.redaction; these names are what api modules import.

scrub_secrets = redact  # (text, secrets=()) -> text with known secrets and key-shaped strings replaced


# --- Retry-After -------------------------------------------------------------------------


def retry_after_from_headers(headers: Mapping[str, str] | httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: ``retry-after-ms``, then ``Retry-After`` (seconds or HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = lowered.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            continue
        if math.isfinite(seconds):
            return max(seconds, 0.0)
    value = lowered.get("retry-after")
    if value:
        try:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(email.utils.mktime_tz(parsed) - (time.time() if now is None else now), 0.0)
        except (TypeError, ValueError, OverflowError):
            return None
    return None


# --- building errors from responses ----------------------------------------------------------

_CONTEXT_CODES = {"context_length_exceeded", "exceed_context_size_error", "string_above_max_length"}
_CONTEXT_TEXT = re.compile(
    r"(?i)maximum context length|context[_ ]length[_ ]exceeded|exceeds? (?:the )?(?:available |model'?s? )?"
    r"context (?:size|window|length)|context window|prompt is too long|too many tokens in the prompt")


def error_from_response(status: int, headers: Mapping[str, str] | httpx.Headers, body: bytes, *,
                        secrets: Iterable[str] = ()) -> APIError:
    """The error for an HTTP error response: OpenAI, llama.cpp, plain-text, HTML and empty bodies."""
    secrets = list(secrets)
    lowered = {k.lower(): v for k, v in headers.items()}
    request_id = lowered.get("x-request-id") or lowered.get("request-id")
    retry_after = retry_after_from_headers(lowered)
    text = body.decode("utf-8", errors="replace").strip()
    content_type = lowered.get("content-type", "").lower()

    payload: Any = None
    if text:
        try:
            payload = json.loads(text)
        except ValueError:
            payload = None
    if payload is None and text and _looks_like_html(text, content_type):
        summary = html_summary(text)
        message = (fill(_WEB_PAGE_TITLED, status=status, title=summary) if summary
                   else fill(_WEB_PAGE, status=status))
        return NonJSONError(message, status=status, retryable=_status_retryable(status),
                            retry_after=retry_after, request_id=request_id, secrets=secrets)
    if payload is None:
        return _from_status(status, provider_message=_clip(text) or None, retry_after=retry_after,
                            request_id=request_id, headers=lowered, secrets=secrets)
    return error_from_payload(payload, status=status, headers=lowered, request_id=request_id,
                              retry_after=retry_after, secrets=secrets)


def error_from_payload(payload: Any, *, status: int | None = None,
                       headers: Mapping[str, str] | None = None, request_id: str | None = None,
                       retry_after: float | None = None, secrets: Iterable[str] = ()) -> APIError:
    """The error for a parsed error body, or for an ``{"error": …}`` event inside a stream."""
    if isinstance(payload, list) and payload:  # Google's OpenAI endpoint wraps the error in a list
        payload = payload[0]
    fields: dict[str, Any] = {}
    if isinstance(payload, dict):
        inner = payload.get("error", payload)
        if isinstance(inner, dict):
            fields = inner
        elif inner is not None:
            fields = {"message": inner}
        if "detail" in payload and "message" not in fields:  # FastAPI-style servers
            fields = {**fields, "message": payload["detail"]}
    elif payload is not None:
        fields = {"message": payload}

    message = fields.get("message")
    if message is not None and not isinstance(message, str):
        message = json.dumps(message, ensure_ascii=False)
    code = fields.get("code")
    error_type = fields.get("type") if isinstance(fields.get("type"), str) else None
    param = fields.get("param") if isinstance(fields.get("param"), str) else None
    if status is None and isinstance(code, int) and 400 <= code <= 599:
        status = code  # llama.cpp and OpenRouter put the HTTP status in ``code`` of in-stream errors
    return _from_status(status, provider_message=_clip(message) if message else None, param=param,
                        code=None if isinstance(code, bool) else code, error_type=error_type,
                        retry_after=retry_after, request_id=request_id, headers=headers or {},
                        secrets=secrets)


def _from_status(status: int | None, *, headers: Mapping[str, str], **fields: Any) -> APIError:
    err = _classify(status, **fields)
    should = {k.lower(): v for k, v in headers.items()}.get("x-should-retry")
    if should in ("true", "false"):  # the server knows best (OpenAI sends this header)
        err.retryable = should == "true"
    return err


def _classify(status: int | None, *, provider_message: str | None, retry_after: float | None,
              request_id: str | None, param: str | None = None, code: str | int | None = None,
              error_type: str | None = None, secrets: Iterable[str] = ()) -> APIError:
    common: dict[str, Any] = dict(provider_message=provider_message, status=status, param=param, code=code,
                                  error_type=error_type, retry_after=retry_after, request_id=request_id,
                                  secrets=secrets)
    codes = {str(code or ""), str(error_type or "")}
    if status in (400, 413, 422) and (codes & _CONTEXT_CODES or _CONTEXT_TEXT.search(provider_message or "")):
        return ContextLengthExceeded(**common)
    if status in (400, 422):
        if codes & {"content_filter", "content_policy_violation"}:
            return ContentFiltered(**common)
        if param:
            return BadRequest(fill(_BAD_PARAM, param=param), **common)
        return BadRequest(fill(_BAD_REQUEST, status=status), **common)
    if status == 401:
        return AuthenticationError(**common)
    if status == 403:
        return PermissionDenied(**common)
    if status == 404:
        return NotFound(**common)
    if status == 413:
        return RequestTooLarge(**common)
    if status == 429:
        if codes & {"insufficient_quota", "billing_hard_limit_reached"}:
            return QuotaExceeded(**common)
        message = fill(_RATE_LIMITED_WAIT, duration=_duration(retry_after)) if retry_after else None
        return RateLimited(message, retryable=_status_retryable(status), **common)
    if status is not None and status >= 500:
        return ServerError(fill(_SERVER_ERROR, status=status), retryable=_status_retryable(status), **common)
    if status is None and error_type in ("server_error", "internal_server_error", "api_error"):
        return ServerError(QT_TRANSLATE_NOOP("Engine", "The provider reported a server error. This is usually "
                                             "temporary: try again in a moment."), **common)
    if status is None:
        return APIError(QT_TRANSLATE_NOOP("Engine", "The provider reported an error."), **common)
    return APIError(fill(_ANSWERED_STATUS, status=status), retryable=_status_retryable(status), **common)


def _status_retryable(status: int) -> bool:
    """The official SDKs' policy: 408, 409, 429 and 5xx (``x-should-retry`` is applied by the caller)."""
    return status in (408, 409, 429) or status >= 500


def _looks_like_html(text: str, content_type: str) -> bool:
    if "html" in content_type:
        return True
    head = text[:512].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype" in head or "<head" in head or "<body" in head)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.text: list[str] = []
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip and data.strip():
            self.text.append(data.strip())


def html_summary(page: str, limit: int = 160) -> str:
    """The title of an HTML page, or its first text when it has none (whitespace collapsed)."""
    parser = _TextExtractor()
    try:
        parser.feed(page[:200_000])
        parser.close()
    except Exception:  # a broken page must not hide the error it reports
        return ""
    title = " ".join(html.unescape(parser.title).split())
    summary = title or " ".join(" ".join(parser.text).split())
    return summary if len(summary) <= limit else summary[: limit - 1] + "…"


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _MAX_PROVIDER_TEXT else text[: _MAX_PROVIDER_TEXT - 1] + "…"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(round(seconds), 1)} s"
    return f"{round(seconds / 60)} min"


# --- building errors from exceptions --------------------------------------------------------


def error_from_exception(exc: BaseException, *, output_started: bool = False) -> APIError:
    """Map an httpx (or ssl / socket) exception to the taxonomy.

    ``output_started`` tells whether part of the answer had already been delivered: a broken
    connection is then a :class:`StreamDropped` that must not be retried.
    """
    if isinstance(exc, APIError):
        return exc
    where = _where(exc)
    detail = _clip(scrub_secrets(str(exc))) or None
    timeouts = _timeouts(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        connect = timeouts.get("connect")
        return ConnectTimeout(fill(_CONNECT_TIMEOUT_AFTER, where=where, duration=_seconds(connect)) if connect
                              else fill(_CONNECT_TIMEOUT, where=where))
    if isinstance(exc, httpx.ReadTimeout):
        read = timeouts.get("read")
        if output_started:
            message = (fill(_STOPPED_SENDING_FOR, where=where, duration=_seconds(read)) if read
                       else fill(_STOPPED_SENDING, where=where))
        else:
            message = (fill(_NO_ANSWER_FOR, where=where, duration=_seconds(read)) if read
                       else fill(_NO_ANSWER, where=where))
        return ReadTimeout(message)
    if isinstance(exc, httpx.WriteTimeout):
        return TimedOut(fill(_WRITE_TIMEOUT, where=where))
    if isinstance(exc, httpx.PoolTimeout):
        return TimedOut(QT_TRANSLATE_NOOP("Engine", "Too many requests are already running; no connection became "
                                          "free in time. Wait for the running requests or stop some."),
                        retryable=True)
    if _in_chain(exc, ssl.SSLError) or (isinstance(exc, httpx.ConnectError) and "SSL" in (detail or "")):
        return TLSError(fill(_TLS_FAILED, where=where), detail=detail)
    if isinstance(exc, httpx.ProxyError):
        return ConnectError(fill(_PROXY_REFUSED, where=where), detail=detail, retryable=False)
    if isinstance(exc, httpx.ConnectError):
        if _in_chain(exc, socket.gaierror):
            return ConnectError(fill(_UNKNOWN_HOST, where=where), detail=detail, retryable=False)
        return ConnectError(fill(_REFUSED, where=where), detail=detail)
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        if output_started:
            return StreamDropped(fill(_BROKE, where=where), detail=detail, retryable=False)
        return StreamDropped(fill(_CLOSED_WITHOUT_ANSWER, where=where), detail=detail, retryable=True)
    if isinstance(exc, httpx.DecodingError):
        return MalformedStream(detail=detail)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidURL(detail=detail)
    return APIError(fill(_FAILED_UNEXPECTEDLY, where=where, kind=type(exc).__name__), detail=detail)


def _where(exc: BaseException) -> str:
    """``scheme://host:port`` of the failed request: never the path or query (which may carry a key)."""
    request = getattr(exc, "_request", None)
    if isinstance(request, httpx.Request):
        url = request.url
        port = f":{url.port}" if url.port else ""
        return f"{url.scheme}://{url.host}{port}"
    return "the provider"


def _timeouts(exc: BaseException) -> dict[str, float | None]:
    request = getattr(exc, "_request", None)
    if isinstance(request, httpx.Request):
        timeout = request.extensions.get("timeout")
        if isinstance(timeout, dict):
            return timeout
    return {}


def _seconds(value: float | None) -> str:
    return f"{value:g} s" if value is not None else ""


def _in_chain(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
