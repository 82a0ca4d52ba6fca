"""The current document: which conversation is open, where it lives, autosave, recovery, recent files.

Two kinds of document:

* **Library conversations** (new ones, and files inside the library folder) are saved by autosave
  itself: every change is written to their file about a second later. Nothing to prompt about.
* **Outside files** (opened from elsewhere or saved with Save As outside the library) are only
  written when the user saves. Their autosave goes to ``<library>/.recovery/<id>.parley.json``
  instead, so a crash loses at most a second, and closing with unsaved changes asks first.

Autosave is throttled, not debounced: during a stream changes never stop, so a trailing-only
debounce would never fire. The first change arms a one-shot timer; when it fires the conversation
is snapshotted on the GUI thread (``Snapshots``: only messages that changed are copied) and
encoded + written atomically on a worker thread. At most one write is in flight; changes meanwhile schedule one more.

The open document is remembered in QSettings (synced at once, so ``kill -9`` cannot lose it):
``restore_session()`` reopens it at the next start, preferring a newer recovery autosave.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QObject, QSettings, QTimer, Signal

from parley.core import export, files
from parley.core.conversation import Branch, Conversation, Message
from parley.services.library import (
    DEFAULT_TITLE,
    SUFFIX,
    Library,
    RecentFiles,
    file_stem,
    is_conversation_file,
    safe_file_name,
)
from parley.services.names import title_from_text
from parley.ui.engine_text import localize

if TYPE_CHECKING:  # the runner (httpx, provider profiles: ~90 ms) is not needed to show the window
    from parley.services.runner import Runner

AUTOSAVE_DELAY_MS = 1000
RECENT_KEY = "documents/recent"
SESSION_PATH_KEY = "documents/session_path"
SESSION_RECOVERY_KEY = "documents/session_recovery"
DROPPABLE_SUFFIXES = (".json",)


def _user_message(exc: BaseException) -> str:
    return getattr(exc, "user_message", None) or str(exc) or exc.__class__.__name__


@dataclass
class _Job:
    """One write on the worker thread. ``data`` is a snapshot: the GUI may keep editing meanwhile."""

    kind: str  # "autosave" | "save"
    data: dict[str, Any]
    path: Path
    revision: int
    error: str | None = None

    def run(self) -> None:
        try:
            files.save_dict(self.data, self.path)
        except Exception as exc:  # reported to the user as a sentence; the document stays dirty
            self.error = _user_message(exc)


@dataclass
class _TextJob(_Job):
    text: str = ""

    def run(self) -> None:
        try:
            files.write_atomic(self.path, self.text.encode("utf-8"), backup=False)
        except files.ConversationFileError as exc:
            self.error = exc.user_message


class Snapshots:
    """Independent copies of a conversation's file object, costing only what changed since the last one.

    A full ``files.to_dict`` deep-copies everything (≈15 ms for 1,000 plain messages, ≈140 ms with
    logprobs) and autosave runs every second during a stream, on the GUI thread. So each message's
    dict is cached until that message is reported changed; the top level is rebuilt every time.
    The cached dicts are never modified (the writer only reads them).
    """

    def __init__(self) -> None:
        self._messages: dict[str, tuple[Message, dict[str, Any]]] = {}

    def invalidate(self, message: Message | None = None) -> None:
        """Forget one message's dict, or every dict when ``message`` is None (unknown change)."""
        if message is None:
            self._messages.clear()
        else:
            self._messages.pop(message.id, None)

    def take(self, conv: Conversation) -> dict[str, Any]:
        shell = Conversation(
            title=conv.title, branches=[_empty_like(b) for b in conv.branches], active_branch=conv.active_branch,
            params=conv.params, target=conv.target, id=conv.id, created=conv.created, updated=conv.updated,
            extra=conv.extra,
        )
        data = files.to_dict(shell)
        data["request"] = files.default_request(conv)  # fresh objects: wire copies of the messages
        seen: set[str] = set()
        for branch_data, branch in zip(data["branches"], conv.branches, strict=True):
            branch_data["messages"] = [self._message(m, seen) for m in branch.messages]
        for stale in set(self._messages) - seen:
            del self._messages[stale]
        return data

    def _message(self, message: Message, seen: set[str]) -> dict[str, Any]:
        seen.add(message.id)
        cached = self._messages.get(message.id)
        if cached is not None and cached[0] is message:
            return cached[1]
        alone = Conversation(branches=[Branch("", [message])])
        data = files.to_dict(alone)["branches"][0]["messages"][0]
        self._messages[message.id] = (message, data)
        return data


def _empty_like(branch: Branch) -> Branch:
    empty = Branch(branch.name, [], branch.id)
    extra = getattr(branch, "extra", None)  # core.files keeps a branch's unknown fields on the instance
    if extra:
        empty.extra = extra  # type: ignore[attr-defined]
    return empty


class _Writer(QObject):
    """A single worker thread for file writes; results come back to the GUI thread as a signal."""

    finished = Signal(object)  # _Job

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-save")
        self._inflight: list[Future[None]] = []

    def submit(self, job: _Job) -> None:
        future = self._pool.submit(job.run)
        self._inflight.append(future)
        # Emitted from the worker thread; Qt queues it to this object's (the GUI) thread.
        future.add_done_callback(lambda _f: self.finished.emit(job))

    def wait(self) -> None:
        for future in list(self._inflight):
            future.result()
        self._inflight = [f for f in self._inflight if not f.done()]

    @property
    def busy(self) -> bool:
        self._inflight = [f for f in self._inflight if not f.done()]
        return bool(self._inflight)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


class DocumentController(QObject):
    """Owns the open conversation's file life cycle. Widgets call ``mark_changed()`` after every change."""

    settling = Signal()  # about to ask about unsaved changes: changes still held by the window come in now
    replacing = Signal()  # another conversation is about to become current: finish with this one (stop its run)
    conversation_loaded = Signal(object)  # Conversation: a different conversation is now current
    path_changed = Signal(object)  # Path | None: the file the document is bound to
    dirty_changed = Signal(bool)
    title_changed = Signal(str)  # the open conversation was renamed (library panel, or named after its first message)
    saved = Signal(object)  # Path: an explicit save (or Save As) finished
    exported = Signal(object)  # Path: an export finished
    autosaved = Signal(object)  # Path: an autosave finished (library file or recovery file)
    library_changed = Signal()  # a file of the library folder was written, created or moved
    recent_changed = Signal(list)  # list[Path], newest first
    error = Signal(str)  # a user-facing sentence (open/save/export failed)
    autosave_failed = Signal(str)  # a user-facing sentence; the same failure is reported once

    def __init__(
        self,
        settings: QSettings,
        library: Library,
        *,
        autosave_delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.library = library
        self._recent = RecentFiles(self._read_list(RECENT_KEY))
        self._conv = Conversation()
        self._auto_title_given = ""  # the title _auto_title made, while the user keeps it
        self._trashed_while_open: Path | None = None  # the open conversation went to the trash: undo reopens it
        self._path: Path | None = None
        self._revision = 0  # bumps on every change
        self._autosaved_revision = 0  # the latest revision an autosave has captured
        self._clean_revision = 0  # the latest revision the document's own file holds
        self._pending_after_write = False
        self._last_autosave_error: str | None = None
        self._after_save: list[Callable[[bool], None]] = []
        self._snapshots = Snapshots()
        self._writer = _Writer(self)
        self._writer.finished.connect(self._job_finished)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_delay_ms)
        self._timer.timeout.connect(self._autosave_now)
        self._closed = False

    # -- state ---------------------------------------------------------------

    @property
    def conversation(self) -> Conversation:
        return self._conv

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def in_library(self) -> bool:
        """A library document (autosaved in place), including a new one that has no file yet."""
        return self._path is None or self.library.contains(self._path)

    @property
    def dirty(self) -> bool:
        return self._revision != self._clean_revision

    @property
    def display_name(self) -> str:
        """What a window title shows: the conversation's title, with ``*`` for unsaved outside files."""
        name = self._conv.title or (file_stem(self._path) if self._path else DEFAULT_TITLE)
        return f"{name} *" if self.needs_save_prompt() else name

    def needs_save_prompt(self) -> bool:
        """True when closing now would lose changes the user has not saved to their own file."""
        return self.dirty and not self.in_library

    def recent_files(self) -> list[Path]:
        return self._recent.existing()

    @property
    def recovery_path(self) -> Path:
        return self.library.recovery_dir / f"{self._conv.id}{SUFFIX}"

    def suggested_file_name(self) -> str:
        return safe_file_name("" if self._conv.title == DEFAULT_TITLE else self._conv.title) + SUFFIX

    # -- changes and autosave ------------------------------------------------

    def mark_changed(self, message: Message | None = None) -> None:
        """Call after every change. Pass ``message`` when only that message changed (stream progress):
        the autosave snapshot then copies just that message instead of the whole conversation."""
        was_dirty = self.dirty
        if self._auto_title():
            message = None  # the title changed too: the next snapshot copies the whole conversation
        self._snapshots.invalidate(message)
        self._revision += 1
        now = time.time()
        self._conv.updated = now
        if self._conv.created is None:
            self._conv.created = now
        if not self._timer.isActive():
            self._timer.start()  # throttle: armed by the first change, not pushed back by later ones
        if not was_dirty:
            self.dirty_changed.emit(True)

    def _auto_title(self) -> bool:
        """An untitled conversation is named after its first user message (before its first autosave,
        so the library file gets that name too). A title the user gave is never replaced."""
        if self._conv.title not in ("", DEFAULT_TITLE):
            return False
        first = next((m for m in self._conv.messages if m.role == "user" and m.text.strip()), None)
        title = title_from_text(first.text) if first is not None else ""
        if not title:
            return False
        self._conv.title = self._auto_title_given = title
        self.title_changed.emit(title)
        return True

    def _autosave_target(self) -> Path:
        if self._path is None:
            self._bind(self.library.new_path(self._conv.title))
        assert self._path is not None
        if self.library.contains(self._path):
            return self._path
        target = self.recovery_path
        target.parent.mkdir(exist_ok=True)
        if str(self.settings.value(SESSION_RECOVERY_KEY, "") or "") != str(target):
            self._remember_session(recovery=target)
        return target

    def _autosave_job(self) -> _Job:
        target = self._autosave_target()
        return _Job("autosave", self._snapshots.take(self._conv), target, self._revision)

    def _autosave_now(self) -> None:
        if self._revision == self._autosaved_revision or self._closed:
            return
        if self._writer.busy:
            self._pending_after_write = True  # one more write when the current one lands
            return
        self._writer.submit(self._autosave_job())

    def flush(self) -> None:
        """Write pending changes now and wait for every write (at shutdown, before switching documents)."""
        self._timer.stop()
        self._writer.wait()
        if self._revision != self._autosaved_revision:
            job = self._autosave_job()
            job.run()
            self._job_finished(job)
        self._pending_after_write = False

    def _job_finished(self, job: _Job) -> None:
        if job.kind == "export":
            if job.error:
                self.error.emit(self.tr("Could not export “%1”: %2").replace("%1", job.path.name)
                                .replace("%2", localize(job.error)))
            else:
                self.exported.emit(job.path)
            return
        if job.error is not None:
            if job.kind == "save":
                self.error.emit(job.error)
                self._run_after_save(False)
            elif job.error != self._last_autosave_error:
                self._last_autosave_error = job.error
                self.autosave_failed.emit(self.tr("Autosave failed: %1").replace("%1", localize(job.error)))
            if job.kind == "autosave":
                self._pending_after_write = False
            return
        self._autosaved_revision = max(self._autosaved_revision, job.revision)
        if job.kind == "autosave":
            self._last_autosave_error = None
            if self.library.contains(job.path):
                self._set_clean(job.revision, job.path)
                self.library_changed.emit()
            self.autosaved.emit(job.path)
        else:
            self._set_clean(job.revision, job.path)
            if self.library.contains(job.path):
                self.library_changed.emit()
            elif job.path == self._path:
                self._drop_recovery()
            self.saved.emit(job.path)
            self._run_after_save(True)
        if self._pending_after_write and not self._closed:
            self._pending_after_write = False
            self._timer.start()

    def _set_clean(self, revision: int, path: Path) -> None:
        if path != self._path:
            return  # a write for a document that is no longer current
        was_dirty = self.dirty
        self._clean_revision = max(self._clean_revision, revision)
        if was_dirty and not self.dirty:
            self.dirty_changed.emit(False)

    def _run_after_save(self, ok: bool) -> None:
        callbacks, self._after_save = self._after_save, []
        for callback in callbacks:
            callback(ok)

    # -- new, open, save ----------------------------------------------------

    def new(self) -> None:
        """Start an empty conversation (it gets a library file on its first change)."""
        self._replace(Conversation(), None)

    def open(self, path: Path) -> bool:
        """Open a conversation file, or import a bare request body / messages array as a new one.

        On failure nothing changes and ``error`` carries the reason.
        """
        path = Path(path)
        if path == self._path:
            return True
        try:
            conv = files.load(path)
        except Exception as exc:  # ConversationFileError has the sentence; anything else still gets one
            self.error.emit(_user_message(exc))
            return False
        if is_conversation_file(path):
            self._replace(conv, path)
            self._add_recent(path)
        else:
            # Imported: the source file is not ours to overwrite; it becomes a new library conversation.
            self._replace(conv, None)
            self.mark_changed()
        return True

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Write the document to its file now. ``then(ok)`` runs once the write is done."""
        if self._path is None:
            self._autosave_target()  # a new conversation gets its library file
        assert self._path is not None
        self._write_explicit(self._path, then)

    def save_as(self, path: Path, then: Callable[[bool], None] | None = None) -> None:
        """Save to ``path`` (see ``conversation_path``) and bind the document to it (outside files then
        prompt before closing)."""
        path = conversation_path(path)
        if self._conv.title in ("", DEFAULT_TITLE, self._auto_title_given):
            self._conv.title = file_stem(path)  # the name the user just typed beats one we made up
            self._snapshots.invalidate()
        if not self.in_library:
            self._drop_recovery()  # the new file gets the current state; the old file keeps its own
        self._bind(path)
        self._clean_revision = -1  # dirty until the write lands
        self._add_recent(path)
        self._write_explicit(path, then)

    def export_json(self, path: Path) -> None:
        """Write a copy of the conversation file; the document stays bound where it was."""
        path = Path(path)
        self._writer.submit(_Job("export", self._snapshots.take(self._conv), path, self._revision))

    def export_markdown(self, path: Path, *, secrets: Iterable[str] = ()) -> None:
        """The active branch as Markdown (``secrets``: known keys to redact besides key-shaped text)."""
        self.export_text(path, export.to_markdown(self._conv, secrets=secrets))

    def export_text(self, path: Path, text: str) -> None:
        """Write an export (Markdown…) on the worker thread; ``exported`` or ``error`` follows."""
        self._writer.submit(_TextJob("export", {}, Path(path), self._revision, text=text))

    def _write_explicit(self, path: Path, then: Callable[[bool], None] | None) -> None:
        self._timer.stop()
        self._pending_after_write = False
        if then is not None:
            self._after_save.append(then)
        self._writer.submit(_Job("save", self._snapshots.take(self._conv), path, self._revision))

    def discard_changes(self) -> None:
        """The user chose "Don't save": forget the recovery autosave of this outside file."""
        self._timer.stop()
        self._writer.wait()
        self._drop_recovery()
        self._autosaved_revision = self._clean_revision = self._revision
        self.dirty_changed.emit(False)

    def _drop_recovery(self) -> None:
        with contextlib.suppress(OSError):
            self.recovery_path.unlink()
        self._remember_session(recovery=None)

    def _replace(self, conv: Conversation, path: Path | None, *, keep_pending: bool = True) -> None:
        """Make ``conv`` current. The previous document's pending changes are written first (unless
        ``keep_pending`` is False: its file is gone)."""
        # A reply still streaming is stopped first and edits in progress are saved, so what the
        # document showed is written with it (and no late change lands on the new one).
        self.replacing.emit()
        if not keep_pending:
            self._timer.stop()
            self._revision = self._autosaved_revision
        elif self._revision != self._autosaved_revision:
            self.flush()
        was_dirty = self.dirty
        self._conv = conv
        self._auto_title_given = ""
        self._snapshots.invalidate()
        self._revision = self._autosaved_revision = self._clean_revision = 0
        self._pending_after_write = False
        self._bind(path, force=True)
        if was_dirty:
            self.dirty_changed.emit(False)
        self.conversation_loaded.emit(conv)

    def _bind(self, path: Path | None, *, force: bool = False) -> None:
        if path == self._path and not force:
            return
        self._path = path
        self._remember_session(path=path, recovery=None)
        self.path_changed.emit(path)

    # -- library events -----------------------------------------------------

    def settle(self, path: Path) -> None:
        """Before the library panel renames or trashes ``path``: if it is the open document, write what
        is pending and wait, so no autosave lands on the old name afterwards (resurrecting it)."""
        if self._path == Path(path):
            self.flush()

    def file_moved(self, old: Path, new: Path) -> None:
        """A library file was renamed (by the library panel): follow it if it is the open one."""
        old, new = Path(old), Path(new)
        self._recent.replace(old, new)
        self._store_recent()
        if self._path == old:
            entry = self.library.entry(new)
            if entry is not None and not entry.error:
                self._conv.title = entry.title
                self._snapshots.invalidate()
            self._bind(new)
            self.title_changed.emit(self._conv.title)

    def file_removed(self, path: Path) -> None:
        """A library file went to the trash: if it was open, start a new conversation (never resurrect it)."""
        if self._path == Path(path):
            self._timer.stop()
            self._writer.wait()
            self._replace(Conversation(), None, keep_pending=False)  # the pending changes went with the file
            self._trashed_while_open = Path(path)

    def file_restored(self, path: Path) -> None:
        """A trashed library file came back (undo): if it was open when it went, and nothing was started
        in its place, it opens again."""
        path = Path(path)
        if path == self._trashed_while_open and self._path is None and not self._conv.messages:
            self.open(path)
        self._trashed_while_open = None

    def forget_recent(self, path: Path) -> None:
        if self._recent.remove(path):
            self._store_recent()

    # -- session ------------------------------------------------------------

    def restore_session(self) -> bool:
        """Reopen what was open last time; after a crash, with its latest autosave.

        Returns True when a conversation was restored (otherwise a new one is current).
        """
        raw_path = str(self.settings.value(SESSION_PATH_KEY, "") or "")
        raw_recovery = str(self.settings.value(SESSION_RECOVERY_KEY, "") or "")
        path = Path(raw_path) if raw_path else None
        recovery = Path(raw_recovery) if raw_recovery else None
        if path is not None and recovery is not None and recovery.is_file():
            newer = not path.is_file() or recovery.stat().st_mtime >= path.stat().st_mtime
            if newer:
                try:
                    conv = files.load(recovery)
                except Exception as exc:
                    self.error.emit(self.tr("Could not recover unsaved changes: %1")
                                    .replace("%1", localize(_user_message(exc))))
                else:
                    self._replace(conv, path)
                    self._add_recent(path)
                    # The user's file lacks these changes: dirty, and the recovery file stays until saved.
                    self._autosaved_revision = self._revision = 1
                    self._remember_session(recovery=recovery)
                    self.dirty_changed.emit(True)
                    return True
        if path is not None and path.is_file():
            return self.open(path)
        self.new()
        return False

    def shutdown(self) -> None:
        """At exit: write what is pending and stop the writer thread. The session is kept for next time."""
        self.flush()
        self._closed = True
        self._writer.shutdown()

    def _remember_session(self, *, path: Any = ..., recovery: Any = ...) -> None:
        if path is not ...:
            self.settings.setValue(SESSION_PATH_KEY, str(path) if path else "")
        if recovery is not ...:
            self.settings.setValue(SESSION_RECOVERY_KEY, str(recovery) if recovery else "")
        self.settings.sync()  # kill -9 must not lose where the autosave went

    # -- recent files -------------------------------------------------------

    def _add_recent(self, path: Path) -> None:
        self._recent.add(path)
        self._store_recent()

    def _store_recent(self) -> None:
        self.settings.setValue(RECENT_KEY, [str(p) for p in self._recent.paths])
        self.recent_changed.emit(self._recent.existing())

    def _read_list(self, key: str) -> list[str]:
        value = self.settings.value(key, [])
        if not value:
            return []
        if isinstance(value, str):  # QSettings gives a one-element list back as a plain string (INI)
            return [value]
        return [str(v) for v in value]

    # -- confirm flows -------------------------------------------------------

    def confirm_discard(self, parent: Any, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` now, or after the user chose Save / Don't Save for unsaved outside changes.

        Non-blocking (``QMessageBox.open()``): safe from a coroutine. Cancel runs nothing.
        """
        self.settling.emit()  # edits still open in the window count as changes: the prompt must know them
        if not self.needs_save_prompt():
            proceed()
            return
        from parley.ui.dialogs.confirm import ask_unsaved_changes

        def decided(choice: str) -> None:
            if choice == "save":
                self.save(then=lambda ok: proceed() if ok else None)
            elif choice == "discard":
                self.discard_changes()
                proceed()

        ask_unsaved_changes(parent, self.display_name.removesuffix(" *"), decided)


def conversation_path(path: Path) -> Path:
    """Where Save As writes when the user picked ``path``: a conversation file name (``.parley.json``)."""
    path = Path(path)
    if is_conversation_file(path):
        return path
    return path.with_name(path.name.removesuffix(".json") + SUFFIX)


SNIPPET_LANGUAGES = ("curl", "python")


async def request_snippet(runner: Runner, conv: Conversation, language: str) -> str:
    """The conversation's next request as a curl command or an openai-SDK script.

    The key never appears: credential headers become an environment variable placeholder
    (``$OPENAI_API_KEY``, ``os.environ["…"]``). Raises RunSetupError with a sentence when the
    request cannot be built (no model, no base URL, invalid parameters).
    """
    if language not in SNIPPET_LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(SNIPPET_LANGUAGES)}")
    # Never starts the built-in model for a clipboard copy: while it is not running its URL holds
    # a "<port>" placeholder (the port is chosen when it starts), as in `parley run --dry-run`.
    resolved = await runner.resolve(conv, start_local=False)
    built = runner.build(conv, resolved, require_key=False)
    profile = resolved.profile
    key_env = profile.key_env or re.sub(r"[^A-Z0-9]+", "_", profile.id.upper()).strip("_") + "_API_KEY"
    make = export.to_curl if language == "curl" else export.to_python
    return make(built.url, built.headers, built.body, key_env=key_env)


def dropped_file(mime: QMimeData) -> Path | None:
    """The file a drag carries if Parley can open it (a ``.json`` file: conversation, request or messages)."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in DROPPABLE_SUFFIXES and path.is_file():
                return path
    return None
