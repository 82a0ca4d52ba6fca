"""Application start and end: QApplication + qasync loop, error reporting, clean shutdown.

``main(argv)`` is what ``parley`` (no subcommand) and ``parley FILE`` run. Start order is
chosen for a fast first paint: the window shows first, the HTTP client and provider
profiles are created on the next turn of the loop.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

from parley import __version__
from parley.ui.gc_guard import MainThreadCollector

if TYPE_CHECKING:
    from parley.services.runner import Runner
    from parley.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "Parley"
APPLICATION = "Parley"

ShutdownHook = Callable[[], Awaitable[None] | None]


def app_settings() -> QSettings:
    """Window state and preferences. Tests redirect it with ``QSettings.setPath`` to a temp folder."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def create_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication (or the existing one), set up for high DPI, Fusion, fonts and the OS colour scheme."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(["parley", *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("parley")
    # Fusion honours our light/dark palettes the same way on every platform.
    if "Fusion" in list(QStyleFactory.keys()):  # keys() is a Qt method returning a list
        app.setStyle("Fusion")
    from parley.ui.theme import install_fonts

    install_fonts(app)
    return app


def install_event_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """A qasync loop that is also asyncio's current loop, with async-generator hooks (FIELD-NOTES)."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # qasync does not install these: without them an abandoned SSE iterator logs
    # "async generator ignored GeneratorExit" and is never finalized on this loop.
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook,  # type: ignore[attr-defined]
                           finalizer=loop._asyncgen_finalizer_hook)  # type: ignore[attr-defined]
    return loop


class ErrorReporter(QObject):
    """Unexpected exceptions are logged (redacted) and shown, never fatal."""

    reported = Signal(str)  # the redacted one-line summary (for the status bar and tests)

    def __init__(self, parent: QObject | None = None, show_dialog: bool = True) -> None:
        super().__init__(parent)
        self.show_dialog = show_dialog
        self._dialog: QMessageBox | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook
        if loop is not None:
            loop.set_exception_handler(self._loop_handler)

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, tb)
            return
        self.report(value, "".join(traceback.format_exception(kind, value, tb)))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
            # Qt widgets may only be touched from the GUI thread: hop over with a queued call.
            QTimer.singleShot(0, self, lambda: self.report(args.exc_value, text))  # type: ignore[arg-type]

    def _loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        exc = context.get("exception")
        if exc is None or isinstance(exc, asyncio.CancelledError):
            log.warning("event loop: %s", context.get("message"))
            return
        self.report(exc, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))

    def report(self, exc: BaseException, details: str) -> None:
        from parley.secrets import redact

        summary = redact(f"{type(exc).__name__}: {exc}")
        log.error("unexpected error: %s\n%s", summary, redact(details))
        self.reported.emit(summary)
        if self.show_dialog and QApplication.instance() is not None:
            self._show(summary, redact(details))

    def _show(self, summary: str, details: str) -> None:
        if self._dialog is not None:  # one dialog at a time; later errors only go to the log
            return
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("ErrorReporter", "Something went wrong"),
                          QCoreApplication.translate(
                              "ErrorReporter",
                              "Parley hit an unexpected error and kept running. Your conversation is safe.\n\n{s}",
                          ).format(s=summary),
                          QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._dialog_closed)
        self._dialog = box
        box.open()

    def _dialog_closed(self, _result: int) -> None:
        self._dialog = None


class ShutdownHooks:
    """Things to stop at exit, newest first (runs, the local model server, writer threads…)."""

    def __init__(self) -> None:
        self._hooks: list[tuple[str, ShutdownHook]] = []

    def add(self, name: str, hook: ShutdownHook) -> None:
        self._hooks.append((name, hook))

    async def run(self, timeout: float = 10.0) -> None:
        for name, hook in reversed(self._hooks):
            try:
                result = hook()
                if inspect.isawaitable(result):
                    await asyncio.wait_for(result, timeout)
            except Exception:  # one failing hook must not keep the others from running
                log.exception("shutdown step %s failed", name)
        self._hooks.clear()


def configure_logging() -> None:
    from parley.secrets import RedactingFilter

    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(handler)
        root.setLevel(logging.WARNING)


def window_runner(**kwargs: Any) -> Runner:
    """The runner the window uses: streams are read by a child process (``api.stream_process``), so
    parsing a fast stream and rendering it run on two cores instead of taking turns on one."""
    from parley.api.stream_process import StreamProcess
    from parley.services.runner import Runner

    process = StreamProcess()
    process.start()
    return Runner(stream_process=process, **kwargs)


def build_window(app: QApplication, settings: QSettings, hooks: ShutdownHooks, *,
                 file: Path | None = None) -> MainWindow:
    """Create the main window and everything it needs; returns it (not shown yet)."""
    from parley.paths import library_dir
    from parley.services.library import Library
    from parley.ui.documents import DocumentController
    from parley.ui.library.panel import LibraryPanel
    from parley.ui.main_window import LOCAL_MODEL_SETTING, THEME_SETTING, MainWindow
    from parley.ui.theme import ThemeManager

    themes = ThemeManager(app, str(settings.value(THEME_SETTING, "system")))
    library = Library(library_dir())
    documents = DocumentController(settings, library)
    problems: list[str] = []  # the window does not exist yet to show why a file did not open
    documents.error.connect(problems.append)
    if file is None or not documents.open(file):
        documents.restore_session()
    documents.error.disconnect(problems.append)

    def runner() -> Runner:
        # Called after the first paint (MainWindow.warm_up): the HTTP client and the provider
        # profiles are not needed to show the window.
        from parley.api.local import LocalServer

        stored = str(settings.value(LOCAL_MODEL_SETTING, "") or "")
        return window_runner(local=LocalServer(Path(stored)) if stored else None)

    panel = LibraryPanel(library)
    window = MainWindow(settings=settings, documents=documents, runner=runner, themes=themes, library_panel=panel)
    panel.bind(documents)
    for problem in problems:
        window.report_problem_at_start(problem)
    hooks.add("documents", documents.shutdown)
    hooks.add("library", panel.shutdown)
    hooks.add("runs", window.aclose)  # the comparison, then a stream, HTTP and the local model
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop app. ``argv``: the arguments after ``parley`` (an optional conversation file)."""
    args = list(sys.argv[1:] if argv is None else argv)
    file = Path(args[0]) if args and not args[0].startswith("-") else None
    configure_logging()
    app = create_application()
    from parley.ui.translations import install_translations

    install_translations(app)  # before any widget exists: tr() runs when widgets are built
    collector = MainThreadCollector(app)  # garbage collection only on the GUI thread (see gc_guard)
    loop = install_event_loop(app)
    reporter = ErrorReporter(app)
    reporter.install(loop)
    hooks = ShutdownHooks()
    settings = app_settings()
    closed = asyncio.Event()
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # quitting waits for the async shutdown below
    previous_sigint = signal.getsignal(signal.SIGINT)

    async def run() -> None:
        window = build_window(app, settings, hooks, file=file)
        window.destroyed.connect(closed.set)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        QTimer.singleShot(0, window.warm_up)
        # Ctrl+C in the terminal closes the window the normal way (with the unsaved-changes prompt).
        signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, window.close))
        await closed.wait()
        await hooks.run()
        await loop.shutdown_asyncgens()

    try:
        with loop:
            loop.run_until_complete(run())
    finally:
        reporter.uninstall()
        collector.stop()
        signal.signal(signal.SIGINT, previous_sigint)
        app.setQuitOnLastWindowClosed(quit_on_close)
    return 0
