"""Garbage collection only on the GUI thread.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed — with worker threads (autosave, tokenizer preload, asyncio.to_thread)
that can be a worker. If a collected cycle holds a Qt object, shiboken deletes it from that
thread; Qt cannot unregister the object's timers from a foreign thread, and the next timer
event on the GUI thread touches freed memory (seen here: a segfault in
``QCoreApplicationPrivate::sendThroughObjectEventFilters`` from ``QTimerInfoList::activateTimers``
in 2 of 6 full UI test runs, none in 5 runs with collection kept on the GUI thread).

So automatic collection is switched off and a timer on the GUI thread collects instead,
generation by generation, with the interpreter's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    """Owns garbage collection while it lives; ``stop()`` gives it back as it found it."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        t0, t1, t2 = self._thresholds
        c0, c1, c2 = gc.get_count()
        if c2 > t2 and c1 > t1:
            gc.collect(2)
        elif c1 > t1:
            gc.collect(1)
        elif c0 > t0:
            gc.collect(0)

    def stop(self) -> None:
        """Collect once more and restore automatic collection as it was before."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
