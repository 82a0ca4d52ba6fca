"""UI fixtures: one QApplication per session (pytest-qt's ``qapp``), a fresh qasync loop per test,
QSettings redirected to a temp folder.

pytest-qt does not drive qasync (FIELD-NOTES): UI tests are plain functions that run coroutines
with ``arun(...)``; while a coroutine waits, the qasync loop processes Qt events too.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from parley.ui.gc_guard import MainThreadCollector


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the app does (parley.ui.gc_guard): a collection in a worker thread can delete Qt objects
    there and leave dangling timers — a segfault 2 times in 6 full runs before this."""
    collector = MainThreadCollector(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings (window state, recent files, preferences) never touch the real user's settings."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    previous_hooks = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=event_loop._asyncgen_firstiter_hook,
                           finalizer=event_loop._asyncgen_finalizer_hook)
    yield event_loop
    try:
        pending = [t for t in asyncio.all_tasks(event_loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            event_loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        event_loop.run_until_complete(event_loop.shutdown_asyncgens())
    finally:
        sys.set_asyncgen_hooks(*previous_hooks)
        event_loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def arun(loop: asyncio.AbstractEventLoop) -> Callable[..., Any]:
    """``arun(coro, timeout=10)``: run a coroutine on the test's qasync loop."""

    def run(coro: Coroutine[Any, Any, Any], timeout: float = 10.0) -> Any:
        return loop.run_until_complete(asyncio.wait_for(coro, timeout))

    return run


async def until(predicate: Callable[[], object], timeout: float = 5.0, what: str = "condition") -> None:
    """Let the loop (and Qt) run until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
