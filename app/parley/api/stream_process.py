"""The window's side of ``api.stream_worker``: streams read by a child process, events handed back.

``StreamProcess.open(...)`` sends one request to the child and returns a ``RemoteStream`` whose
``batches()`` yields the assembled events as they arrive (a reader thread takes them off the
pipe and gives them to the event loop). Retries, first-byte times and errors come back the same
way, so the runner treats a remote stream like its own. If the child cannot start or dies, the
runner reads streams itself again (``available`` is False).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

from parley.api.errors import APIError, StreamDropped
from parley.api.stream_worker import error_from_state, read_frame, write_frame
from parley.core import events as ev
from parley.core.conversation import Choice
from parley.core.stream import AssembledResponse
from parley.core.texts import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
CHILD_FLAG = "--parley-stream-worker"  # how a frozen (PyInstaller) app is asked to act as the child
_STOP_WAIT_S = 2.0


def child_command() -> list[str]:
    if getattr(sys, "frozen", False):  # PyInstaller: no `-m`; the app's entry point dispatches the flag
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "parley.api.stream_worker"]


class ReaderLost(StreamDropped):
    """The child process died (or could not be reached) while it read this stream."""

    default_message = QT_TRANSLATE_NOOP("Engine", "The process that reads the stream stopped unexpectedly; "
                                                  "what arrived is kept.")


class RemoteStream:
    """One request read by the child. ``batches()`` yields (events, t_first, t_last) until the end."""

    def __init__(self, process: StreamProcess, stream_id: int, on_retry: Callable[[int, float, APIError], None],
                 on_first_byte: Callable[[float], None]) -> None:
        self._process = process
        self.id = stream_id
        self._on_retry = on_retry
        self._on_first_byte = on_first_byte
        # Messages waiting to be handled, and the future a waiting ``batches()`` sleeps on: made on
        # the loop the run was opened on (an asyncio.Queue binds to whichever loop first waits on it).
        self._loop = asyncio.get_running_loop()
        self._inbox: collections.deque[tuple[Any, ...]] = collections.deque()
        self._waiter: asyncio.Future[None] | None = None
        self._result: AssembledResponse | None = None
        self._texts: dict[int, list[str]] = {}  # what arrived, in case the child dies with it
        self.first_byte_at: float | None = None
        self.finished = False

    def deliver(self, message: tuple[Any, ...]) -> None:
        self._inbox.append(message)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def _next(self) -> tuple[Any, ...]:
        while not self._inbox:
            self._waiter = self._loop.create_future()
            await self._waiter
        return self._inbox.popleft()

    async def batches(self) -> AsyncIterator[tuple[list[ev.RunEvent], float, float]]:
        while True:
            kind, _stream_id, *rest = await self._next()
            if kind == "events":
                events, t_first, t_last = rest
                for event in events:
                    if isinstance(event, ev.TextDelta):
                        self._texts.setdefault(event.choice, []).append(event.text)
                yield events, t_first, t_last
            elif kind == "first_byte":
                self.first_byte_at = rest[0]
                self._on_first_byte(rest[0])
            elif kind == "retry":
                attempt, delay, state = rest
                self._on_retry(attempt, delay, error_from_state(state))
            elif kind == "done":
                self._end(rest[0])
                return
            elif kind == "failed":
                self._end(rest[1])
                raise error_from_state(rest[0])
            elif kind == "cancelled":
                self._end(rest[0])
                return
            else:  # "lost": the child died
                self.finished = True
                raise ReaderLost()

    def _end(self, result: AssembledResponse) -> None:
        self._result = result
        self.finished = True
        self._process.forget(self.id)

    def result(self) -> AssembledResponse:
        """The child's final assembly; what arrived (text only) if the child never sent one."""
        if self._result is not None:
            return self._result
        return AssembledResponse(choices=[Choice(index=i, content="".join(parts))
                                          for i, parts in sorted(self._texts.items())])

    async def stop(self) -> AssembledResponse:
        """Cancel the request in the child and return everything it had assembled by then."""
        if not self.finished:
            self._process.send(("cancel", self.id))
            with contextlib.suppress(asyncio.TimeoutError, APIError):
                await asyncio.wait_for(self._drain(), _STOP_WAIT_S)
            self._process.forget(self.id)
        return self.result()

    async def _drain(self) -> None:
        async for _ in self.batches():
            pass


class StreamProcess:
    """The child process that reads streams for the window (one for all runs, started once)."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._streams: dict[int, RemoteStream] = {}
        self._next_id = 0
        self._write_lock = threading.Lock()
        self._dead = False

    def start(self) -> None:
        """Start the child (non-blocking: it imports its libraries while the window goes on)."""
        if self._proc is not None:
            return
        kwargs: dict[str, object] = {}
        if os.name == "nt":
            kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW
        else:
            kwargs["start_new_session"] = True  # Ctrl-C in a terminal stops the app, which then stops us
        try:
            self._proc = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          **kwargs)  # type: ignore[call-overload]
        except OSError as exc:
            log.warning("could not start the stream reader process (streams are read in the window): %s", exc)
            self._dead = True
            return
        threading.Thread(target=self._read, args=(self._proc,), name="parley-stream-reader", daemon=True).start()

    @property
    def available(self) -> bool:
        return self._proc is not None and not self._dead and self._proc.poll() is None

    def open(self, url: str, headers: dict[str, str], body: dict[str, Any], *, timeout: Any,
             max_retries: int | None, on_retry: Callable[[int, float, APIError], None],
             on_first_byte: Callable[[float], None]) -> RemoteStream:
        self._loop = asyncio.get_running_loop()
        self._next_id += 1
        stream = RemoteStream(self, self._next_id, on_retry, on_first_byte)
        self._streams[stream.id] = stream
        self.send(("stream", stream.id, url, headers, body, timeout, max_retries))
        return stream

    def send(self, message: tuple[Any, ...]) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None:
            return
        try:
            with self._write_lock:
                write_frame(proc.stdin, message)
        except (BrokenPipeError, OSError, ValueError):
            self._lost()

    def forget(self, stream_id: int) -> None:
        self._streams.pop(stream_id, None)

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        try:
            while (message := read_frame(proc.stdout)) is not None:
                self._to_loop(self._dispatch, message)
        except Exception:  # a frame that does not unpickle: the pipe is out of step, the child unusable
            log.exception("the stream process sent something unreadable")
            with contextlib.suppress(OSError):
                proc.kill()
        finally:  # the runs waiting on it end with what arrived, never wait forever
            self._to_loop(self._lost)

    def _to_loop(self, callback: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the app is quitting
                loop.call_soon_threadsafe(callback, *args)

    def _dispatch(self, message: tuple[Any, ...]) -> None:
        stream = self._streams.get(message[1])
        if stream is not None:
            stream.deliver(message)

    def _lost(self) -> None:
        if self._dead:
            return
        self._dead = True
        if self._proc is not None:
            self._proc.poll()  # reap it if it is gone (no zombie until the window closes)
        for stream in list(self._streams.values()):
            stream.deliver(("lost", stream.id))
        self._streams.clear()

    async def aclose(self) -> None:
        proc, self._proc = self._proc, None
        self._dead = True
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()  # the child's cue to cancel what runs and exit
        try:
            await asyncio.to_thread(proc.wait, _STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            await asyncio.to_thread(proc.wait)
