"""Cold start to first paint of the real main window, and resident memory idle and with 1,000 messages.

Each figure comes from a fresh child process (a cold start is only cold once):
    python tests/benchmarks/bench_ui_startup.py        (or: pytest tests/benchmarks/bench_ui_startup.py -s)
Targets (issue 3, 2 cores): first paint <= 0.5 s, idle RSS <= 150 MB, 1,000 messages open <= 1 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, sys, time, json
START = float(os.environ["BENCH_START"])
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from parley.ui.app import create_application, install_event_loop, ShutdownHooks, build_window, app_settings

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, os.environ["BENCH_SETTINGS"])
app = create_application()
loop = install_event_loop(app)
hooks = ShutdownHooks()
result = {}

def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "first_paint" not in result:
            result["first_paint"] = time.time() - START
            QTimer.singleShot(0, after_paint)
        return False

def after_paint():
    window.warm_up()  # what the app does right after the first paint
    QTimer.singleShot(1500, measure_idle)

def measure_idle():
    app.processEvents()
    result["rss_idle_mb"] = rss_mb()
    path = os.environ.get("BENCH_OPEN")
    if path:
        from pathlib import Path
        t = time.perf_counter()
        window.documents.open(Path(path))
        app.processEvents()
        result["open_1000_s"] = time.perf_counter() - t
        result["materialized_cards"] = window.pane.view.materialized
        # scroll through the whole conversation, a page at a time
        bar = window.pane.view.verticalScrollBar()
        steps = []
        for value in range(bar.maximum(), -1, -max(1, bar.pageStep())):
            t = time.perf_counter()
            bar.setValue(value)
            app.processEvents()
            steps.append(time.perf_counter() - t)
        steps.sort()
        result["scroll_page_p50_ms"] = steps[len(steps) // 2] * 1e3
        result["scroll_page_max_ms"] = steps[-1] * 1e3
        result["rss_1000_mb"] = rss_mb()
    print("RESULT " + json.dumps(result), flush=True)
    window._closing_confirmed = True
    window.close()
    loop.stop()

window = build_window(app, app_settings(), hooks)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
loop.run_forever()
"""


def make_thousand(path: Path) -> None:
    sys.path.insert(0, str(ROOT / "app"))
    from parley.core import files
    from parley.core.conversation import Conversation, Message

    conv = Conversation(title="A thousand messages")
    for i in range(1000):
        role = "user" if i % 2 == 0 else "assistant"
        body = (f"Question {i}: how does this work?" if role == "user" else
                f"## Answer {i}\n\nSome **markdown** with `code`, a list:\n\n- one\n- two\n\n"
                "```python\nprint('hello')\n```\n\nAnd a closing paragraph of ordinary prose that wraps.")
        conv.append(Message(role=role, content=body))
    files.save(conv, path)


def run_child(open_path: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "DBUS_SESSION_BUS_ADDRESS": "disabled:", "PARLEY_DATA_DIR": str(Path(tmp) / "data"),
               "BENCH_SETTINGS": str(Path(tmp) / "settings"), "BENCH_START": repr(time.time())}
        if open_path is not None:
            env["BENCH_OPEN"] = str(open_path)
        out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"child failed: {out.stderr[-2000:]}")
    return json.loads(line[7:])


def main() -> dict:
    runs = [run_child() for _ in range(3)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thousand.parley.json"
        make_thousand(path)
        big = run_child(path)
    paint = [r["first_paint"] for r in runs]
    figures = {
        "first_paint_s_median": statistics.median(paint),
        "first_paint_s_runs": paint,
        "rss_idle_mb": statistics.median(r["rss_idle_mb"] for r in runs),
        "open_1000_s": big["open_1000_s"],
        "cards_after_open": big["materialized_cards"],
        "scroll_page_p50_ms": big["scroll_page_p50_ms"],
        "scroll_page_max_ms": big["scroll_page_max_ms"],
        "rss_1000_mb": big["rss_1000_mb"],
    }
    print()
    print("| figure | value | target |")
    print("|---|---|---|")
    print(f"| cold start to first paint (median of 3) | {figures['first_paint_s_median']:.2f} s "
          f"({', '.join(f'{p:.2f}' for p in paint)}) | ≤ 0.5 s |")
    print(f"| RSS idle | {figures['rss_idle_mb']:.0f} MB | ≤ 150 MB |")
    print(f"| open a 1,000-message conversation | {figures['open_1000_s']:.2f} s "
          f"({figures['cards_after_open']} cards created) | ≤ 1 s |")
    print(f"| scroll one page through it: p50 / max | {figures['scroll_page_p50_ms']:.1f} / "
          f"{figures['scroll_page_max_ms']:.1f} ms | — |")
    print(f"| RSS with it open (after scrolling through all) | {figures['rss_1000_mb']:.0f} MB | — |")
    return figures


def test_bench_ui_startup() -> None:
    main()


if __name__ == "__main__":
    main()
