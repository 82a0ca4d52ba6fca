"""PySide6 6.12.0 aborts on Python 3.11 after a few thousand void-returning Qt calls (FIELD-NOTES).

Runs in a child process: an abort (none_dealloc) would otherwise take the whole test session down.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 20_000

SCRIPT = textwrap.dedent(f"""
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextBrowser
    app = QApplication([])
    edit = QPlainTextEdit()
    browser = QTextBrowser()
    for i in range({CALLS}):
        edit.insertPlainText("x")      # void-returning calls, the ones that crashed
        if i % 50 == 0:
            browser.setMarkdown("**%d**" % i)
            app.processEvents()
        if i % 1000 == 0:
            edit.clear()
    print("survived", {CALLS})
""")


def test_twenty_thousand_void_qt_calls_do_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, f"Qt aborted (rc {done.returncode}): {done.stderr[-2000:]}"
    assert f"survived {CALLS}" in done.stdout
