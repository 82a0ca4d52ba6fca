"""The error taxonomy: every body shape a provider or proxy sends becomes one sentence a user can act on."""

from __future__ import annotations

import email.utils
import json
import socket
import ssl

import httpx
import pytest

from parley.api import errors as e
from tests.support.sse_server import error_body


def response_error(status: int, body: bytes | str | object, headers: dict[str, str] | None = None) -> e.APIError:
    if not isinstance(body, bytes):
        body = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return e.error_from_response(status, headers or {"content-type": "application/json"}, body)


def test_openai_400_names_the_rejected_parameter() -> None:
    body = error_body("Unsupported parameter: 'temperature' is not supported with this model.",
                      param="temperature", code="unsupported_parameter")
    err = response_error(400, body, {"x-request-id": "req_123"})
    assert type(err) is e.BadRequest
    assert err.param == "temperature"
    assert err.code == "unsupported_parameter"
    assert err.error_type == "invalid_request_error"
    assert err.request_id == "req_123"
    assert not err.retryable
    assert "`temperature`" in err.user_message
    assert err.provider_message == "Unsupported parameter: 'temperature' is not supported with this model."
    assert str(err).startswith(err.user_message)
    assert err.provider_message in str(err)


def test_422_is_a_bad_request_and_fastapi_detail_is_the_provider_message() -> None:
    err = response_error(422, {"detail": [{"loc": ["body", "messages"], "msg": "field required"}]})
    assert isinstance(err, e.BadRequest)
    assert err.status == 422
    assert "field required" in (err.provider_message or "")


def test_llama_cpp_integer_code_becomes_a_string() -> None:
    err = response_error(400, {"error": {"code": 400, "message": "'messages' is required",
                                         "type": "invalid_request_error"}})
    assert type(err) is e.BadRequest
    assert err.code == "400"
    assert err.provider_message == "'messages' is required"


def test_llama_cpp_context_overflow() -> None:
    err = response_error(400, {"error": {"code": 400, "type": "exceed_context_size_error", "n_ctx": 2048,
                                         "n_prompt_tokens": 4100,
                                         "message": "the request exceeds the available context size, "
                                                    "try increasing it"}})
    assert isinstance(err, e.ContextLengthExceeded)
    assert isinstance(err, e.BadRequest)
    assert "context window" in err.user_message
    assert "exceeds the available context size" in str(err)


def test_openai_context_length_exceeded() -> None:
    err = response_error(400, error_body("This model's maximum context length is 128000 tokens. However, your "
                                         "messages resulted in 130000 tokens.", param="messages",
                                         code="context_length_exceeded"))
    assert isinstance(err, e.ContextLengthExceeded)
    assert err.param == "messages"


def test_context_overflow_recognised_by_message_alone() -> None:
    # vLLM: top-level error object without a code we know
    err = response_error(400, {"object": "error", "type": "BadRequestError", "param": None, "code": 400,
                               "message": "This model's maximum context length is 4096 tokens."})
    assert isinstance(err, e.ContextLengthExceeded)


@pytest.mark.parametrize(("status", "kind"), [
    (401, e.AuthenticationError), (403, e.PermissionDenied), (404, e.NotFound), (413, e.RequestTooLarge),
    (500, e.ServerError), (502, e.ServerError), (503, e.ServerError),
])
def test_status_classes(status: int, kind: type[e.APIError]) -> None:
    err = response_error(status, error_body("nope"))
    assert type(err) is kind
    assert err.status == status
    assert err.retryable is (status >= 500)


def test_401_never_repeats_the_key() -> None:
    key = "sk-proj-Abcdefghijklmnop1234567890"
    err = response_error(401, error_body(f"Incorrect API key provided: {key}. You can find your API key at "
                                         "https://platform.openai.com/account/api-keys.", code="invalid_api_key"))
    assert isinstance(err, e.AuthenticationError)
    assert key not in str(err) and key not in repr(err) and key not in err.args[0]
    assert "[redacted]" in str(err)
    assert "Providers & Keys" in err.user_message


def test_a_provider_echoing_the_exact_key_is_scrubbed() -> None:
    odd_key = "Z9q-custom-format-key-7733"  # no known prefix: only knowing the secret catches it
    headers = {"Authorization": f"Bearer {odd_key}", "Content-Type": "application/json"}
    err = e.error_from_response(403, {}, error_body(f"key {odd_key} is not allowed"),
                                secrets=e.secret_values(headers))
    assert odd_key not in str(err)


def test_429_with_retry_after_is_retryable_and_says_how_long() -> None:
    err = response_error(429, error_body("Rate limit reached", type_="requests", code="rate_limit_exceeded"),
                         {"Retry-After": "20"})
    assert type(err) is e.RateLimited
    assert err.retryable
    assert err.retry_after == 20
    assert "20 s" in err.user_message


def test_429_out_of_quota_is_not_retried() -> None:
    err = response_error(429, error_body("You exceeded your current quota", type_="insufficient_quota",
                                         code="insufficient_quota"))
    assert isinstance(err, e.QuotaExceeded) and isinstance(err, e.RateLimited)
    assert not err.retryable
    assert "quota" in err.user_message


def test_x_should_retry_overrides_the_status_policy() -> None:
    assert not response_error(500, error_body("x"), {"x-should-retry": "false"}).retryable
    assert response_error(400, error_body("x"), {"x-should-retry": "true"}).retryable


def test_408_and_409_are_retryable_other_4xx_not() -> None:
    assert response_error(408, b"").retryable
    assert response_error(409, error_body("lock")).retryable
    teapot = response_error(418, b"")
    assert type(teapot) is e.APIError and not teapot.retryable
    assert "418" in teapot.user_message


def test_html_page_from_a_proxy() -> None:
    page = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head>"
            b"<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>")
    err = e.error_from_response(502, {"Content-Type": "text/html"}, page)
    assert isinstance(err, e.NonJSONError)
    assert err.status == 502 and err.retryable
    assert "web page" in err.user_message and "502 Bad Gateway" in err.user_message
    assert "<html" not in str(err)


def test_html_page_without_title_shows_its_first_text() -> None:
    page = b"<html><body><script>var x=1;</script><p>Access denied by corporate   proxy</p></body></html>"
    err = e.error_from_response(403, {}, page)  # no content-type: recognised by its shape
    assert isinstance(err, e.NonJSONError)
    assert "Access denied by corporate proxy" in err.user_message
    assert "var x" not in str(err)


def test_plain_text_and_empty_bodies() -> None:
    text = e.error_from_response(500, {"content-type": "text/plain"}, b"upstream connect error\n")
    assert type(text) is e.ServerError and text.provider_message == "upstream connect error"
    empty = e.error_from_response(503, {}, b"")
    assert type(empty) is e.ServerError and empty.provider_message is None
    assert "503" in str(empty)


def test_error_as_a_plain_string_and_as_a_list() -> None:
    ollama = response_error(404, {"error": "model \"llama9\" not found, try pulling it first"})
    assert isinstance(ollama, e.NotFound) and "llama9" in (ollama.provider_message or "")
    gemini = response_error(400, [{"error": {"code": 400, "message": "API key not valid.",
                                             "status": "INVALID_ARGUMENT"}}])
    assert isinstance(gemini, e.BadRequest) and gemini.provider_message == "API key not valid."


def test_content_filter() -> None:
    err = response_error(400, {"error": {"code": "content_filter", "message": "The response was filtered",
                                         "param": "prompt", "status": 400}})
    assert isinstance(err, e.ContentFiltered)


def test_long_provider_text_is_clipped() -> None:
    err = e.error_from_response(500, {}, b"x" * 5000)
    assert len(err.provider_message or "") <= 600


def test_error_inside_a_stream() -> None:
    server = e.error_from_payload({"message": "The server had an error while processing your request.",
                                   "type": "server_error"})
    assert type(server) is e.ServerError and server.retryable and server.status is None
    openrouter = e.error_from_payload({"code": 502, "message": "Provider returned error"})
    assert isinstance(openrouter, e.ServerError) and openrouter.status == 502
    unknown = e.error_from_payload("something broke")
    assert type(unknown) is e.APIError and unknown.provider_message == "something broke"


def test_retry_after_forms() -> None:
    assert e.retry_after_from_headers({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert e.retry_after_from_headers({"Retry-After": "3"}) == 3
    assert e.retry_after_from_headers({"Retry-After": "1.5"}) == 1.5
    now = 1_800_000_000.0
    date = email.utils.formatdate(now + 7, usegmt=True)
    assert e.retry_after_from_headers({"Retry-After": date}, now=now) == pytest.approx(7, abs=1)
    assert e.retry_after_from_headers({"Retry-After": email.utils.formatdate(now - 60)}, now=now) == 0
    assert e.retry_after_from_headers({"Retry-After": "soon"}) is None
    assert e.retry_after_from_headers({}) is None


@pytest.mark.parametrize("secret", [
    "sk-proj-AbC123xyz987_longkey", "sk-ant-api03-abcdefghijkl", "gsk_abcdefghijklmnop123",
    "AIzaSyA1234567890abcdefghijklmnopq", "hf_abcdefghijklmnopqrs",
])
def test_scrub_known_key_shapes(secret: str) -> None:
    scrubbed = e.scrub_secrets(f"bad key {secret}, try again")
    assert secret not in scrubbed and "[redacted]" in scrubbed and scrubbed.endswith(", try again")


def test_scrub_bearer_and_key_params_but_not_ordinary_words() -> None:
    text = "sent Authorization: Bearer abc.def-ghi to https://x.test/v1?key=SECRETSECRET123&alt=sse"
    scrubbed = e.scrub_secrets(text)
    assert "abc.def-ghi" not in scrubbed and "SECRETSECRET123" not in scrubbed
    assert "alt=sse" in scrubbed
    ordinary = "max_tokens=4096 is too large; the task-specific tokenizer failed"
    assert e.scrub_secrets(ordinary) == ordinary


def test_secret_values_from_request_headers() -> None:
    values = e.secret_values({"Authorization": "Bearer tok-123456", "api-key": "azurekey999",
                              "x-goog-api-key": "g-key-1", "Content-Type": "application/json"})
    assert {"Bearer tok-123456", "tok-123456", "azurekey999", "g-key-1"} <= set(values)
    assert "application/json" not in values


def test_repr_is_short_and_carries_no_text() -> None:
    err = response_error(400, error_body("secret-ish provider text", param="top_p"))
    assert repr(err) == "BadRequest(status=400, param='top_p', retryable=False)"


def request() -> httpx.Request:
    return httpx.Request("POST", "https://api.example.test:8443/v1/chat/completions?key=SECRETSECRET99",
                         extensions={"timeout": {"connect": 3.0, "read": 45.0, "write": 45.0, "pool": 3.0}})


def test_exceptions_map_to_the_taxonomy_without_the_url_path() -> None:
    refused = e.error_from_exception(httpx.ConnectError("All connection attempts failed", request=request()))
    assert type(refused) is e.ConnectError and refused.retryable
    assert "https://api.example.test:8443" in refused.user_message
    assert "SECRETSECRET99" not in str(refused) and "/chat/completions" not in str(refused)

    connect_timeout = e.error_from_exception(httpx.ConnectTimeout("", request=request()))
    assert isinstance(connect_timeout, e.ConnectTimeout) and isinstance(connect_timeout, e.TimedOut)
    assert connect_timeout.retryable and "3 s" in connect_timeout.user_message

    read_timeout = e.error_from_exception(httpx.ReadTimeout("", request=request()), output_started=True)
    assert isinstance(read_timeout, e.ReadTimeout) and not read_timeout.retryable
    assert "45 s" in read_timeout.user_message and "kept" in read_timeout.user_message


def test_dns_and_tls_failures_are_not_retried() -> None:
    dns = httpx.ConnectError("[Errno -2] Name or service not known", request=request())
    dns.__context__ = socket.gaierror(-2, "Name or service not known")
    dns_err = e.error_from_exception(dns)
    assert type(dns_err) is e.ConnectError and not dns_err.retryable and "find the host" in dns_err.user_message

    tls = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", request=request())
    tls.__context__ = ssl.SSLCertVerificationError("certificate verify failed")
    tls_err = e.error_from_exception(tls)
    assert isinstance(tls_err, e.TLSError) and not tls_err.retryable
    assert "CERTIFICATE_VERIFY_FAILED" in str(tls_err)  # the reason stays visible as a detail


def test_broken_connection_is_stream_dropped_and_retryable_only_before_output() -> None:
    exc = httpx.RemoteProtocolError("peer closed connection without sending complete message body",
                                    request=request())
    before = e.error_from_exception(exc)
    after = e.error_from_exception(exc, output_started=True)
    assert isinstance(before, e.StreamDropped) and before.retryable
    assert isinstance(after, e.StreamDropped) and not after.retryable and "kept" in after.user_message


def test_an_api_error_maps_to_itself() -> None:
    err = e.NotFound()
    assert e.error_from_exception(err) is err
    assert str(err) == e.NotFound.default_message
