"""Network faults the loopback SSE server cannot produce, all on 127.0.0.1.

- ``closed_port()``: a port where nothing listens (connection refused).
- ``unaccepting_listener()``: a listener whose accept queue is full, so the kernel drops new
  SYNs and a connect attempt times out: an honest connect timeout without leaving loopback.
- ``RawStreamServer``: a bare-socket HTTP server for faults below HTTP: a TCP reset mid-stream,
  a chunked body cut short, and a slow endless stream that records when the client hung up.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import Literal

from tests.support.sse_server import chat_chunks


def closed_port() -> int:
    """A loopback port that was just free: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def unaccepting_listener() -> Iterator[int]:
    """Yield the port of a listener that never accepts and whose backlog is full."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        # Linux queues backlog+1 connections; later SYNs are dropped, so connect() hangs.
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.05)
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


Mode = Literal["reset", "truncated-chunked", "slow"]


class RawStreamServer:
    """One-connection-at-a-time HTTP server that streams SSE chunks, then misbehaves per ``mode``.

    - ``reset``: send ``after`` chunks, then abort the connection with a TCP RST.
    - ``truncated-chunked``: chunked transfer encoding; close after ``after`` chunks without the
      terminating zero-length chunk.
    - ``slow``: send a chunk every ``interval`` seconds (up to 10 s) and record in ``hung_up``
      the moment the client closes the connection.
    """

    def __init__(self, mode: Mode, *, after: int = 2, interval: float = 0.02) -> None:
        self.mode = mode
        self.after = after
        self.interval = interval
        self.requests = 0
        self.hung_up = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self._sock.settimeout(0.05)  # so the accept loop notices ``__exit__`` promptly
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1/chat/completions"

    def __enter__(self) -> RawStreamServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            if not _read_request(conn):
                return
            self.requests += 1
            chunked = self.mode == "truncated-chunked"
            head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else "Connection: close\r\n\r\n"
            conn.sendall(head.encode())
            pieces = chat_chunks(["word "] * 500)
            try:
                for i, piece in enumerate(pieces):
                    if self.mode != "slow" and i >= self.after:
                        break
                    conn.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
                    if self.mode == "slow" and _peer_closed(conn, self.interval):
                        self.hung_up.set()
                        return
            except OSError:
                self.hung_up.set()
                return
            if self.mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _read_request(conn: socket.socket) -> bool:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            return False
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        piece = conn.recv(65536)
        if not piece:
            return False
        body += piece
    return True


def _peer_closed(conn: socket.socket, wait: float) -> bool:
    readable, _, _ = select.select([conn], [], [], wait)
    if not readable:
        return False
    try:
        return conn.recv(1) == b""
    except OSError:
        return True
