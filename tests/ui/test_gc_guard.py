"""Garbage collection happens on the GUI thread only (parley.ui.gc_guard)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from parley.ui.gc_guard import MainThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_made_in_a_worker_are_collected_on_the_gui_thread(qapp: QApplication, qtbot) -> None:
    was_enabled = gc.isenabled()
    collector = MainThreadCollector(qapp, interval_ms=20)
    try:
        collected_in: list[str] = []

        def on_gc(phase: str, info: dict) -> None:
            if phase == "stop" and info["collected"]:
                collected_in.append(threading.current_thread().name)

        gc.callbacks.append(on_gc)
        try:
            def churn() -> None:  # far past every threshold: automatic collection would run here
                for _ in range(50_000):
                    Cycle()

            worker = threading.Thread(target=churn, name="worker")
            worker.start()
            worker.join()
            assert collected_in == [] and not gc.isenabled()
            qtbot.waitUntil(lambda: bool(collected_in), timeout=3000)
            assert set(collected_in) == {threading.main_thread().name}
        finally:
            gc.callbacks.remove(on_gc)
    finally:
        collector.stop()
    assert gc.isenabled() == was_enabled
