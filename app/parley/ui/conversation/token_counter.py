"""Counts the tokens of the next request off the GUI thread, debounced while the user types or streams."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from parley.core.tokens import count_messages

log = logging.getLogger(__name__)


class NextRequestCounter(QObject):
    """``request(messages, model)``; ``counted(tokens, exact, note)`` arrives on the GUI thread later."""

    counted = Signal(int, bool, str)
    failed = Signal(str)

    def __init__(self, delay_ms: int = 400, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-tokens")
        self._pending: tuple[list[dict[str, Any]], str] | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._submit)
        self._closed = False

    def request(self, messages: list[dict[str, Any]], model: str) -> None:
        self._pending = (messages, model)
        self._timer.start()

    def _submit(self) -> None:
        if self._pending is None or self._closed:
            return
        messages, model = self._pending
        self._pending = None
        self._generation += 1
        generation = self._generation

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
        self._pool.shutdown(wait=False, cancel_futures=True)
