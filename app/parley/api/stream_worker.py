"""A child process that reads chat-completion streams, so the window's process only renders.

Reading a fast stream is CPU work (HTTP, SSE, JSON, assembly: ~0.15 s for 20,000 chunks), and
PySide6 keeps Python's interpreter lock while Qt lays text out, so in one process parsing and
rendering take turns on one core. Here the parsing runs in another process, on the other core,
and the window gets the assembled events in batches (``api.stream_process`` is its side).

Protocol (stdin/stdout of this process, length-prefixed pickles, see ``write_frame``):
  parent -> child  ("stream", id, url, headers, body, timeout, max_retries) | ("cancel", id)
  child -> parent  ("first_byte", id, t) | ("retry", id, attempt, delay, error_state)
                   | ("events", id, [event, ...], t_first, t_last)
                   | ("done", id, result) | ("failed", id, error_state, result) | ("cancelled", id, result)
Run as ``python -m parley.api.stream_worker``; it exits when its stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import itertools
import logging
import pickle
import struct
import sys
import threading
import time
from typing import IO, Any

from parley.api import errors
from parley.api.client import ChatClient
from parley.api.errors import APIError
from parley.core import events as ev
from parley.core.stream import AssembledResponse, StreamAssembler

log = logging.getLogger(__name__)
_HEADER = struct.Struct("!I")
BATCH_S = 0.012  # events are sent at most this often (the window shows them every 30 ms anyway): fewer wakeups of its reader thread, fewer handoffs of its interpreter lock
_ERROR_FIELDS = ("user_message", "provider_message", "status", "param", "code", "error_type", "retryable",
                 "retry_after", "request_id", "detail")


def write_frame(out: IO[bytes], message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def read_frame(source: IO[bytes]) -> tuple[Any, ...] | None:
    """The next message, or None at the end of the pipe."""
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = source.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # only ever from our own parent or child process


def error_state(exc: APIError) -> dict[str, Any]:
    """An APIError as plain data (its secrets are already scrubbed)."""
    return {"cls": type(exc).__name__, **{name: getattr(exc, name) for name in _ERROR_FIELDS}}


def error_from_state(state: dict[str, Any]) -> APIError:
    cls = getattr(errors, str(state.get("cls")), APIError)
    if not (isinstance(cls, type) and issubclass(cls, APIError)):
        cls = APIError
    return cls(**{name: state.get(name) for name in _ERROR_FIELDS})


def coalesce(events: list[ev.RunEvent]) -> list[ev.RunEvent]:
    """Consecutive text pieces of one choice become one event: fewer objects to send and apply.

    Pieces are joined once per run of them (adding them up one by one copied the text so far for
    every piece: quadratic in a batch of thousands of tokens).
    """
    out: list[ev.RunEvent] = []
    for key, group in itertools.groupby(events, _join_key):
        if key is None:
            out.extend(group)
        else:
            kind, choice = key
            out.append(kind(choice, "".join(event.text for event in group)))  # type: ignore[union-attr]
    return out


def _join_key(event: ev.RunEvent) -> tuple[type, int] | None:
    if isinstance(event, (ev.TextDelta, ev.ReasoningDelta)):
        return type(event), event.choice
    return None


class _Worker:
    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._client = ChatClient()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._answered: set[int] = set()  # streams that sent their last message

    def send(self, message: tuple[Any, ...]) -> None:
        with contextlib.suppress(BrokenPipeError, ValueError):  # the parent is gone: nobody to tell
            write_frame(self._out, message)

    def handle(self, command: tuple[Any, ...]) -> None:
        if command[0] == "stream":
            _, stream_id, url, headers, body, timeout, max_retries = command
            task = asyncio.ensure_future(self._stream(stream_id, url, headers, body, timeout, max_retries))
            task.add_done_callback(lambda t, sid=stream_id: self._ended(sid, t))
            self._tasks[stream_id] = task
        elif command[0] == "cancel":
            task = self._tasks.get(command[1])
            if task is not None:
                task.cancel()

    def _ended(self, stream_id: int, task: asyncio.Task[None]) -> None:
        self._tasks.pop(stream_id, None)
        if task.cancelled() and stream_id not in self._answered:
            # Cancelled before it took its first step (stream and cancel read in one turn): the
            # parent still waits for an answer.
            self.send(("cancelled", stream_id, AssembledResponse()))
        self._answered.discard(stream_id)

    def _answer(self, message: tuple[Any, ...]) -> None:
        self._answered.add(message[1])
        self.send(message)

    async def _stream(self, stream_id: int, url: str, headers: dict[str, str], body: dict[str, Any],
                      timeout: Any, max_retries: int | None) -> None:
        assembler = StreamAssembler()
        pending: list[ev.RunEvent] = []
        t_first = 0.0
        loop = asyncio.get_running_loop()
        due: asyncio.TimerHandle | None = None

        def flush() -> None:
            nonlocal due
            if due is not None:
                due.cancel()
                due = None
            if pending:
                self.send(("events", stream_id, coalesce(pending), t_first, time.time()))
                pending.clear()

        def on_retry(attempt: int, delay: float, err: APIError) -> None:
            self.send(("retry", stream_id, attempt, delay, error_state(err)))

        try:
            chunks = self._client.stream_chat(
                url, headers, body, timeout=timeout, max_retries=max_retries, on_retry=on_retry,
                on_first_byte=lambda: self.send(("first_byte", stream_id, time.time())))
            async with contextlib.aclosing(chunks):
                last_flush = time.perf_counter()
                first_output = True
                async for chunk in chunks:
                    for event in assembler.feed(chunk):
                        if not pending:
                            t_first = time.time()
                            # Sent within BATCH_S even if the server pauses after this event.
                            due = loop.call_later(BATCH_S, flush)
                        pending.append(event)
                        if first_output and isinstance(event, ev.OUTPUT_EVENTS):
                            first_output = False
                            last_flush = 0.0  # the first output goes out with this chunk: the first token shows sooner
                    if time.perf_counter() - last_flush > BATCH_S:
                        flush()
                        last_flush = time.perf_counter()
                        await asyncio.sleep(0)  # a cancel gets its turn
            flush()
            self._answer(("done", stream_id, assembler.result()))
        except asyncio.CancelledError:
            flush()
            self._answer(("cancelled", stream_id, assembler.result()))
        except APIError as exc:
            flush()
            self._answer(("failed", stream_id, error_state(exc), assembler.result()))
        except Exception as exc:  # a bug: the parent still gets what arrived, and a sentence
            log.exception("stream worker failed")
            flush()
            state = {"cls": "APIError", "user_message": f"Unexpected error while reading the stream: {exc}"}
            self._answer(("failed", stream_id, state, assembler.result()))

    async def aclose(self) -> None:
        for task in list(self._tasks.values()):
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        await self._client.aclose()


# What httpx imports only when it sends its first request (~20 ms here): the anyio backend,
# the HTTP/1.1 state machine. Imported before the child serves (the window starts it long
# before its first send; a command sent meanwhile waits in the pipe), never alongside a request:
# two threads importing the same package can see it half initialised.
_FIRST_REQUEST_MODULES = ("anyio._backends._asyncio", "h11", "httpcore._async.http11", "httpcore._backends.anyio")


def warm_up_http() -> None:
    """Import what a first request would, so that the first stream of a session starts at once."""
    for name in _FIRST_REQUEST_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # another httpx/httpcore version: its first request pays, nothing breaks
            log.debug("could not preload %s", name)


async def _serve(source: IO[bytes], out: IO[bytes]) -> None:
    loop = asyncio.get_running_loop()
    worker = _Worker(out)
    closed = asyncio.Event()

    def read_commands() -> None:  # blocking reads on a thread; the loop does the work
        while (command := read_frame(source)) is not None:
            loop.call_soon_threadsafe(worker.handle, command)
        loop.call_soon_threadsafe(closed.set)

    threading.Thread(target=read_commands, name="parley-worker-stdin", daemon=True).start()
    await closed.wait()
    await worker.aclose()


def main() -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    warm_up_http()
    asyncio.run(_serve(sys.stdin.buffer, sys.stdout.buffer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
