"""Counts the tokens of the next request, debounced while the user types or streams.

The server's own count when it can give one (llama.cpp: chat template + tokenizer, exact), else
tiktoken on a worker thread (exact for OpenAI models, approximate for the rest, and said so).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from parley.core.tokens import count_messages

log = logging.getLogger(__name__)
ServerCount = Callable[[], Awaitable[int | None]]


class NextRequestCounter(QObject):
    """``request(messages, model, server_count)``; ``counted(tokens, exact, note)`` arrives on the GUI thread later."""

    counted = Signal(int, bool, str)
    failed = Signal(str)

    def __init__(self, delay_ms: int = 400, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-tokens")
        self._pending: tuple[list[dict[str, Any]], str, ServerCount | None] | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._submit)
        self._closed = False
        self._asking: asyncio.Future[None] | None = None

    def request(self, messages: list[dict[str, Any]], model: str, server_count: ServerCount | None = None) -> None:
        """``server_count``: asks the provider for the exact figure (None when it cannot say)."""
        self._pending = (messages, model, server_count)
        self._timer.start()

    def _submit(self) -> None:
        if self._pending is None or self._closed:
            return
        messages, model, server_count = self._pending
        self._pending = None
        self._generation += 1
        generation = self._generation
        if server_count is not None:
            asking = self._ask_server(server_count, messages, model, generation)
            try:
                self._asking = asyncio.ensure_future(asking)
                return
            except RuntimeError:  # no event loop (a test without one): count offline
                asking.close()
        self._count_offline(messages, model, generation)

    async def _ask_server(self, server_count: ServerCount, messages: list[dict[str, Any]], model: str,
                          generation: int) -> None:
        try:
            tokens = await server_count()
        except Exception as exc:  # the server is down or answers oddly: the offline count still helps
            log.info("the server could not count the next request: %s", exc)
            tokens = None
        if generation != self._generation or self._closed:
            return
        if tokens is None:
            self._count_offline(messages, model, generation)
            return
        self.counted.emit(tokens, True, self.tr("Counted by the model's own server (chat template and tokenizer)"))

    def _count_offline(self, messages: list[dict[str, Any]], model: str, generation: int) -> None:
        def work() -> None:
            try:
                count = count_messages(messages, model)  # "" (model unknown): an approximate count, said so
            except Exception as exc:  # a tokenizer problem must not break the window
                log.warning("token count failed: %s", exc)
                self.failed.emit(str(exc))
                return
            if generation == self._generation and not self._closed:
                self.counted.emit(count.tokens, count.exact, count.note or "")

        self._pool.submit(work)

    def shutdown(self) -> None:
        self._closed = True
        self._timer.stop()
        if self._asking is not None:
            self._asking.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
