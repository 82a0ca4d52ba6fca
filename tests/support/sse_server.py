"""A loopback HTTP server that speaks real SSE, with fault injection.

Tests queue ``Reply`` objects; each request to the server takes the next one (or the
default reply). Every request is recorded (method, path, headers, parsed JSON body) so a
test can assert exactly what was sent. It runs in a thread, so it works under any event
loop (plain asyncio, qasync, or none for the CLI).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # For SSE: a list of raw byte pieces written one after the other (each flushed).
    chunks: list[bytes] | None = None
    # For a plain body (JSON or HTML error page).
    body: bytes | None = None
    delay: float = 0.0  # seconds to wait before each chunk
    initial_delay: float = 0.0  # seconds before the status line (to exercise connect/read timeouts)
    drop_after: int | None = None  # close the socket abruptly after this many chunks
    hang_after: int | None = None  # stop sending (but keep the socket open) after this many chunks


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


def sse(obj: Any) -> bytes:
    """One SSE event carrying a JSON object (or the literal string [DONE])."""
    data = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
    return f"data: {data}\n\n".encode()


def chat_chunks(
    pieces: list[str],
    *,
    model: str = "test-model",
    finish_reason: str = "stop",
    usage: dict[str, Any] | None = None,
    logprobs: list[list[dict[str, Any]]] | None = None,
    done: bool = True,
    response_id: str = "chatcmpl-test",
) -> list[bytes]:
    """A well-formed OpenAI-style stream that says ``"".join(pieces)``."""
    base = {"id": response_id, "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model,
            "system_fingerprint": "fp_test"}
    out = [sse({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                      "logprobs": None, "finish_reason": None}]})]
    for i, piece in enumerate(pieces):
        choice: dict[str, Any] = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
        if logprobs is not None:
            choice["logprobs"] = {"content": logprobs[i], "refusal": None}
        out.append(sse({**base, "choices": [choice]}))
    out.append(sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish_reason}]}))
    if usage is not None:
        out.append(sse({**base, "choices": [], "usage": usage}))
    if done:
        out.append(sse("[DONE]"))
    return out


def chat_completion(text: str, *, model: str = "test-model", usage: dict[str, Any] | None = None) -> bytes:
    """A non-streamed Chat Completions response body."""
    return json.dumps({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 1_700_000_000, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": usage or {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }).encode()


def error_body(message: str, *, type_: str = "invalid_request_error", param: str | None = None,
               code: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": type_, "param": param, "code": code}}).encode()


class LoopbackServer:
    """``with LoopbackServer() as srv: srv.queue(Reply(...)); client.post(srv.base_url + "/chat/completions")``"""

    def __init__(self, default: Reply | None = None) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self.default = default or Reply(chunks=chat_chunks(["Hello", " world"]))
        self.models = {"object": "list", "data": [{"id": "test-model", "object": "model", "owned_by": "test"}]}
        self._lock = threading.Lock()
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                with server_self._lock:
                    server_self.requests.append(
                        Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))

            def do_GET(self) -> None:
                self._record()
                with server_self._lock:
                    queued = server_self.replies.popleft() if server_self.replies else None
                if queued is None and self.path.rstrip("/").endswith("/models"):
                    queued = Reply(body=json.dumps(server_self.models).encode(),
                                   headers={"Content-Type": "application/json"})
                self._send(queued or Reply(status=404, body=error_body("not found")))

            def do_POST(self) -> None:
                self._record()
                with server_self._lock:
                    reply = server_self.replies.popleft() if server_self.replies else server_self.default
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                try:
                    if reply.initial_delay:
                        time.sleep(reply.initial_delay)
                    self.send_response(reply.status)
                    is_stream = reply.chunks is not None
                    ctype = "text/event-stream" if is_stream else "application/json"
                    headers = {"Content-Type": ctype, **reply.headers}
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if is_stream:
                        self.send_header("Cache-Control", "no-cache")
                        self.send_header("Connection", "close")
                        self.end_headers()
                        self.wfile.flush()
                        for i, piece in enumerate(reply.chunks or []):
                            if reply.drop_after is not None and i >= reply.drop_after:
                                self.connection.shutdown(socket.SHUT_RDWR)
                                self.close_connection = True
                                return
                            if reply.hang_after is not None and i >= reply.hang_after:
                                time.sleep(30)
                                return
                            if reply.delay:
                                time.sleep(reply.delay)
                            self.wfile.write(piece)
                            self.wfile.flush()
                        self.close_connection = True
                    else:
                        body = reply.body or b""
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError, OSError):
                    self.close_connection = True

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
