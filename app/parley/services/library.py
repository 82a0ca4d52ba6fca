"""The conversation library: the files of the library folder, search, rename, trash, recent files.

No Qt here. The library folder holds one ``*.parley.json`` file per conversation; two hidden
sub-folders belong to Parley: ``.trash`` (deleted conversations, restorable, when there is no
system trash to move them to) and ``.recovery``
(autosaves of conversations whose file lives outside the library).

Search must stay fast with 1,000 files, so every file is read once and kept in an in-memory
index keyed by (mtime, size): a rescan only re-reads what changed on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from parley.core import files
from parley.core.texts import QT_TRANSLATE_NOOP, fill

SUFFIX = files.EXTENSION  # ".parley.json"
TRASH_DIR = ".trash"
RECOVERY_DIR = ".recovery"
DEFAULT_TITLE = "Untitled"
RECENT_LIMIT = 10
TRASH_KEEP_SECONDS = 30 * 24 * 3600

# Sentences with values (core.texts): the window translates them; the English stays as it is.
_CANNOT_RENAME = QT_TRANSLATE_NOOP("Engine", "Could not rename “{name}”: {problem}")  # problem: a sentence
_CANNOT_TRASH = QT_TRANSLATE_NOOP("Engine", "Could not move “{name}” to the trash: {reason}.")
_NOT_IN_TRASH = QT_TRANSLATE_NOOP("Engine", "“{name}” is no longer in the trash.")
_CANNOT_RESTORE = QT_TRANSLATE_NOOP("Engine", "Could not restore “{name}”: {reason}.")


class LibraryError(Exception):
    """A library operation failed; ``user_message`` says what happened and what to do."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True)
class LibraryEntry:
    path: Path
    title: str
    updated: float  # seconds since the epoch: the conversation's own ``updated`` or the file's mtime
    message_count: int
    in_library: bool = True
    error: str | None = None  # why the file could not be read; the entry is still listed so nothing hides


@dataclass(frozen=True)
class SearchHit:
    entry: LibraryEntry
    snippet: str  # a little text around the first match ("" when the title matched)
    in_title: bool


@dataclass(frozen=True)
class TrashedFile:
    original: Path
    trashed: Path
    system: bool = False  # in the system's trash (else in the library's own .trash)


# Moves a file to the system's trash and returns where it went, or None if there is no usable
# system trash (the window passes Qt's QFile.moveToTrash; services stay free of Qt).
SystemTrash = Callable[[Path], Path | None]


@dataclass
class _Indexed:
    stamp: tuple[int, int]  # (mtime_ns, size): re-read the file only when it changes
    entry: LibraryEntry
    text: str  # every message text of every branch, casefolded, one message per line


def _user_message(exc: Exception) -> str:
    return getattr(exc, "user_message", None) or str(exc) or exc.__class__.__name__


def is_conversation_file(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def file_stem(path: Path) -> str:
    """``Trip plan.parley.json`` -> ``Trip plan``."""
    name = path.name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else path.stem


_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(title: str, *, limit: int = 80) -> str:
    """A file name (without suffix) that every OS accepts; keeps non-ASCII letters (日本語 titles)."""
    name = unicodedata.normalize("NFC", title)
    name = _ILLEGAL.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = name[:limit].rstrip(" .")
    if not name:
        name = time.strftime("Conversation %Y-%m-%d %H.%M")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name


def unique_path(folder: Path, stem: str, suffix: str = SUFFIX) -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate


class Library:
    """The library folder. Thread-safe: the UI scans in a worker thread while the user renames."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._index: dict[Path, _Indexed] = {}
        self._lock = threading.RLock()

    # -- listing and search -------------------------------------------------

    @property
    def trash_dir(self) -> Path:
        return self.folder / TRASH_DIR

    @property
    def recovery_dir(self) -> Path:
        return self.folder / RECOVERY_DIR

    def contains(self, path: Path) -> bool:
        """True for a conversation file directly inside the library folder (not in .trash/.recovery)."""
        try:
            return Path(path).resolve().parent == self.folder.resolve()
        except OSError:
            return False

    def library_files(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if is_conversation_file(p) and p.is_file()]
        except OSError:
            return []

    def scan(self, extra: Iterable[Path] = ()) -> list[LibraryEntry]:
        """Every conversation of the folder plus the ``extra`` files that exist, newest first."""
        return [item.entry for item in self._refresh(extra)]

    def search(self, query: str, extra: Iterable[Path] = (), *, rescan: bool = True) -> list[SearchHit]:
        """Conversations whose title or text contains every word of ``query`` (case-insensitive).

        Title matches come first, then content matches; each group newest first. ``rescan=False``
        searches the index as it is (typing needs no disk access; file changes trigger a rescan).
        """
        words = query.casefold().split()
        if rescan or not self._index:
            items = self._refresh(extra)
        else:
            with self._lock:
                items = self._sorted(list(self._index.values()))
        if not words:
            return [SearchHit(i.entry, "", False) for i in items]
        in_title: list[SearchHit] = []
        in_text: list[SearchHit] = []
        for item in items:
            title = item.entry.title.casefold()
            haystack = title + "\n" + item.text
            if not all(w in haystack for w in words):
                continue
            if all(w in title for w in words):
                in_title.append(SearchHit(item.entry, "", True))
            else:
                in_text.append(SearchHit(item.entry, _snippet(item.text, words), False))
        return in_title + in_text

    def entry(self, path: Path) -> LibraryEntry | None:
        items = self._refresh([path])
        resolved = Path(path)
        return next((i.entry for i in items if i.entry.path == resolved), None)

    def forget(self, path: Path) -> None:
        with self._lock:
            self._index.pop(Path(path), None)

    def _refresh(self, extra: Iterable[Path]) -> list[_Indexed]:
        wanted: dict[Path, bool] = {p: True for p in self.library_files()}
        for p in extra:
            p = Path(p)
            if p not in wanted and p.is_file():
                wanted[p] = self.contains(p)
        items: list[_Indexed] = []
        with self._lock:
            for path, inside in wanted.items():
                item = self._indexed(path, inside)
                if item is not None:
                    items.append(item)
            for stale in set(self._index) - set(wanted):
                del self._index[stale]
        return self._sorted(items)

    @staticmethod
    def _sorted(items: Iterable[_Indexed]) -> list[_Indexed]:
        return sorted(items, key=lambda i: (-i.entry.updated, i.entry.title.casefold()))

    def _indexed(self, path: Path, inside: bool) -> _Indexed | None:
        try:
            st = path.stat()
        except OSError:
            self._index.pop(path, None)
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._index.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            title, updated, count, texts = self._summary(path)
        except Exception as exc:  # any unreadable file is listed with its reason rather than hidden
            entry = LibraryEntry(path, file_stem(path), st.st_mtime, 0, inside, _user_message(exc))
            item = _Indexed(stamp, entry, "")
        else:
            entry = LibraryEntry(path, title or file_stem(path), updated or st.st_mtime, count, inside)
            item = _Indexed(stamp, entry, "\n".join(t.casefold() for t in texts))
        self._index[path] = item
        return item

    def _summary(self, path: Path) -> tuple[str, float | None, int, list[str]]:
        """(title, updated, messages in the active branch, every message text) of one file.

        Current-version files are read straight from their JSON (docs/file-format.md): validating a
        file against the schema costs ~13 ms, parsing it ~0.1 ms, and a listing needs no validation
        (opening the file validates). Anything else goes through the full loader, which migrates
        older versions and explains what is wrong.
        """
        try:
            data = json.loads(path.read_bytes())
        except ValueError:
            data = None  # the full loader says what is wrong, in a sentence
        if (isinstance(data, dict) and data.get("format") == files.FORMAT
                and data.get("version") == files.VERSION and isinstance(data.get("branches"), list)):
            branches = [b.get("messages", []) for b in data["branches"] if isinstance(b, dict)]
            active = data.get("active_branch", 0)
            active = active if isinstance(active, int) and 0 <= active < len(branches) else 0
            texts = [_content_text(m.get("content")) for msgs in branches for m in msgs if isinstance(m, dict)]
            updated = data.get("updated")
            return (str(data.get("title") or ""), updated if isinstance(updated, int | float) else None,
                    len(branches[active]) if branches else 0, texts)
        conv = files.load(path)
        return (conv.title, conv.updated, len(conv.messages),
                [m.text for b in conv.branches for m in b.messages])

    # -- creating, renaming, trash ------------------------------------------

    def new_path(self, title: str = DEFAULT_TITLE) -> Path:
        """A free file name in the library for a conversation called ``title``."""
        stem = safe_file_name("" if title == DEFAULT_TITLE else title)
        return unique_path(self.folder, stem)

    def rename(self, path: Path, title: str) -> Path:
        """Set the conversation's title and give the file a matching name; returns the new path."""
        path = Path(path)
        title = title.strip()
        if not title:
            raise LibraryError(QT_TRANSLATE_NOOP("Engine", "A conversation needs a title: type at least one character."))
        try:
            conv = files.load(path)
        except Exception as exc:
            raise LibraryError(fill(_CANNOT_RENAME, name=file_stem(path), problem=_user_message(exc))) from exc
        conv.title = title
        target = path
        if self.contains(path) and file_stem(path) != safe_file_name(title):
            target = unique_path(path.parent, safe_file_name(title))
        try:
            files.save(conv, target)
            if target != path:
                path.unlink()
                _drop_backup(path)
        except OSError as exc:
            raise LibraryError(fill(_CANNOT_RENAME, name=file_stem(path), problem=f"{exc.strerror or exc}.")) from exc
        self.forget(path)
        return target

    def trash(self, path: Path, system_trash: SystemTrash | None = None) -> TrashedFile:
        """Move a library conversation to the system's trash if there is one, else to ``.trash``.

        Either way ``restore`` puts it back (the window's Undo).
        """
        path = Path(path)
        if not self.contains(path):
            raise LibraryError(QT_TRANSLATE_NOOP("Engine", "Only conversations in the library folder can be moved "
                                                     "to the trash."))
        if system_trash is not None:
            try:
                in_trash = system_trash(path)
            except OSError:
                in_trash = None
            if in_trash is not None:
                _drop_backup(path)
                self.forget(path)
                return TrashedFile(path, Path(in_trash), system=True)
        self.trash_dir.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = unique_path(self.trash_dir, f"{stamp} {file_stem(path)}")
        try:
            os.replace(path, target)
        except OSError as exc:
            raise LibraryError(fill(_CANNOT_TRASH, name=file_stem(path), reason=exc.strerror or exc)) from exc
        _drop_backup(path)
        self.forget(path)
        return TrashedFile(path, target)

    def restore(self, item: TrashedFile) -> Path:
        """Put a trashed conversation back (under a new name if its old one was taken meanwhile)."""
        if not item.trashed.is_file():
            raise LibraryError(fill(_NOT_IN_TRASH, name=file_stem(item.original)))
        target = item.original
        if target.exists():
            target = unique_path(target.parent, file_stem(target))
        try:
            os.replace(item.trashed, target)
        except OSError as exc:
            raise LibraryError(fill(_CANNOT_RESTORE, name=file_stem(item.original), reason=exc.strerror or exc)) from exc
        if item.system:
            _forget_in_system_trash(item.trashed)
        return target

    def trashed(self) -> list[TrashedFile]:
        """What is in the trash, newest first (original names are rebuilt from the trash names)."""
        if not self.trash_dir.is_dir():
            return []
        out = []
        for p in sorted(self.trash_dir.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True):
            if is_conversation_file(p):
                stem = file_stem(p).split(" ", 1)[-1]
                out.append(TrashedFile(self.folder / f"{stem}{SUFFIX}", p))
        return out

    def purge_trash(self, older_than: float = TRASH_KEEP_SECONDS, *, now: float | None = None) -> int:
        """Delete trashed files older than ``older_than`` seconds; returns how many went."""
        if not self.trash_dir.is_dir():
            return 0
        limit = (now if now is not None else time.time()) - older_than
        removed = 0
        for p in self.trash_dir.iterdir():
            try:
                if p.is_file() and p.stat().st_mtime < limit:
                    p.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


def _forget_in_system_trash(trashed: Path) -> None:
    """Remove the record the system's trash kept beside a file that was taken back out of it.

    The freedesktop trash (Linux) keeps ``Trash/info/<name>.trashinfo`` for ``Trash/files/<name>``;
    the Windows recycle bin keeps ``$I…`` beside ``$R…``; macOS keeps nothing. Left behind, the
    trash would list an entry whose file is gone.
    """
    candidates = []
    if trashed.parent.name == "files":
        candidates.append(trashed.parent.parent / "info" / f"{trashed.name}.trashinfo")
    if trashed.name.startswith("$R"):
        candidates.append(trashed.with_name("$I" + trashed.name[2:]))
    for record in candidates:
        with contextlib.suppress(OSError):
            record.unlink(missing_ok=True)


def _drop_backup(path: Path) -> None:
    """core.files keeps ``<file>.bak`` beside a saved file: it follows its file when that moves away."""
    with contextlib.suppress(OSError):
        files.backup_path(path).unlink(missing_ok=True)


def _content_text(content: object) -> str:
    """The text of a wire ``content``: a string, or the text parts of a parts list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def _snippet(text: str, words: list[str], width: int = 60) -> str:
    """The line around the first match of the first word, trimmed to about ``width`` characters."""
    pos = text.find(words[0])
    if pos < 0:
        return ""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)]
    at = pos - start
    lo = max(0, at - width // 3)
    hi = min(len(line), lo + width)
    return ("…" if lo > 0 else "") + line[lo:hi].strip() + ("…" if hi < len(line) else "")


class RecentFiles:
    """The recently opened files, newest first, without duplicates, at most ``limit``.

    Storage is the caller's business (the UI keeps the list in QSettings).
    """

    def __init__(self, paths: Iterable[str | Path] = (), limit: int = RECENT_LIMIT) -> None:
        self.limit = limit
        self._paths: list[Path] = []
        for p in paths:
            p = Path(p)
            if p not in self._paths:
                self._paths.append(p)
        del self._paths[limit:]

    @property
    def paths(self) -> list[Path]:
        return list(self._paths)

    def add(self, path: Path) -> None:
        path = Path(path).absolute()
        if path in self._paths:
            self._paths.remove(path)
        self._paths.insert(0, path)
        del self._paths[self.limit :]

    def remove(self, path: Path) -> bool:
        path = Path(path).absolute()
        if path in self._paths:
            self._paths.remove(path)
            return True
        return False

    def replace(self, old: Path, new: Path) -> None:
        old, new = Path(old).absolute(), Path(new).absolute()
        if old in self._paths:
            self._paths[self._paths.index(old)] = new

    def existing(self) -> list[Path]:
        return [p for p in self._paths if p.is_file()]

