"""The list model behind the library panel: search hits, two lines each, editable title."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from parley.services.library import SearchHit
from parley.ui.engine_text import localize

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the LibraryEntry
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # its Path

Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractListModel):
    """Rows are ``SearchHit``s. Editing a title calls ``rename(path, title)`` (the panel does the work)."""

    def __init__(self, rename: Callable[[Path, str], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._rename = rename
        self._current: Path | None = None
        self._now: Callable[[], float] = time.time

    # -- content ------------------------------------------------------------

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Replace the rows; when only the facts of the same files changed, update them in place."""
        same_rows = [h.entry.path for h in hits] == [h.entry.path for h in self._hits]
        if same_rows:
            self._hits = hits
            if hits:
                self.dataChanged.emit(self.index(0), self.index(len(hits) - 1))
            return
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def row_of(self, path: Path) -> int:
        for row, hit in enumerate(self._hits):
            if hit.entry.path == path:
                return row
        return -1

    def set_current(self, path: Path | None) -> None:
        """The open document is shown in bold."""
        old, self._current = self._current, path
        for p in (old, path):
            row = self.row_of(p) if p is not None else -1
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.FontRole])

    # -- Qt model API ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._hits[index.row()].entry.in_library and not self._hits[index.row()].entry.error:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        entry = hit.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.title}\n{self._second_line(hit)}"
        if role == Qt.ItemDataRole.EditRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entry.title, str(entry.path)]
            if entry.error:
                lines.append(localize(entry.error))
            elif hit.snippet:
                lines.append(hit.snippet)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(entry.path == self._current)
            font.setItalic(not entry.in_library)
            return font
        if role == ENTRY_ROLE:
            return entry
        if role == PATH_ROLE:
            return entry.path
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.title}, {self._second_line(hit)}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        entry = self._hits[index.row()].entry
        title = str(value).strip()
        if not title or title == entry.title:
            return False
        return self._rename(entry.path, title)

    # -- text ---------------------------------------------------------------

    def _second_line(self, hit: SearchHit) -> str:
        entry = hit.entry
        if entry.error:
            return self.tr("cannot be read")
        if hit.snippet:
            return hit.snippet
        n = entry.message_count
        count = self.tr("1 message") if n == 1 else self.tr("%1 messages").replace("%1", str(n))
        where = "" if entry.in_library else " · " + self.tr("outside the library")
        return f"{count} · {self.when(entry.updated)}{where}"

    def when(self, stamp: float) -> str:
        """A short relative time: "just now", "5 min ago", "14:32", "yesterday", "2025-03-01"."""
        now = self._now()
        age = now - stamp
        if age < 60:
            return self.tr("just now")
        if age < 3600:
            return self.tr("%1 min ago").replace("%1", str(int(age // 60)))
        today = time.localtime(now)
        then = time.localtime(stamp)
        if then[:3] == today[:3]:
            return time.strftime("%H:%M", then)
        yesterday = time.localtime(now - 86400)
        if then[:3] == yesterday[:3]:
            return self.tr("yesterday")
        return time.strftime("%Y-%m-%d", then)
