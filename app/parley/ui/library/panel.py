"""The conversation library panel: search as you type, open, new, rename, move to the trash with undo.

Scanning and searching run on a worker thread (the library may hold 1,000 files); results
come back as a queued signal and only the latest request is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QFile, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.services.library import Library, LibraryError, SearchHit, TrashedFile, file_stem
from parley.ui.library.delegate import EntryDelegate
from parley.ui.library.model import ENTRY_ROLE, PATH_ROLE, LibraryModel

if TYPE_CHECKING:
    from parley.ui.documents import DocumentController

SEARCH_DELAY_MS = 200
UNDO_VISIBLE_MS = 15_000


def move_to_system_trash(path: Path) -> Path | None:
    """Qt's move to the system's trash (Trash, Recycle Bin, freedesktop trash): where the file
    went, or None if that trash is not usable for it."""
    file = QFile(str(path))
    if not file.moveToTrash():
        return None
    return Path(file.fileName())


class _ResultBridge(QObject):
    results = Signal(int, object)  # (request number, list[SearchHit] | Exception), queued to the GUI thread


class LibraryPanel(QWidget):
    """Signals carry paths; the panel itself only touches the library folder (rename, trash, restore)."""

    open_requested = Signal(Path)  # double-click / Enter on an entry
    new_requested = Signal()
    renamed = Signal(Path, Path)  # old path, new path
    trashed = Signal(Path)  # a library file went to .trash
    restored = Signal(Path)  # ... and came back (undo)
    forget_requested = Signal(Path)  # "remove from list" on a recent file outside the library
    refreshed = Signal()  # the list shows the result of the latest scan/search
    error = Signal(str)  # a user-facing sentence (rename/trash failed)


    def __init__(self, library: Library, parent: QWidget | None = None, *,
                 search_delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(parent)
        self.library = library
        self._recent: list[Path] = []
        self._request = 0
        self._shown_request = 0
        self._busy = False
        self._closed = False  # shut down: no more searches (a late result must not start one)
        self._again = False
        self._again_rescan = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-library")
        self._last_trashed: TrashedFile | None = None
        # Deleted conversations go to the system's trash (restorable from there too); the
        # library's own .trash only where there is none (a network drive, a sandbox).
        self.system_trash: Callable[[Path], Path | None] | None = move_to_system_trash
        self._select_next: Path | None = None
        self._purged = False
        # Called with a path before the panel renames or trashes it (bind() points it at the documents).
        self.before_file_change: Callable[[Path], None] | None = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search titles and messages"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("Every word must appear in the title or in a message"))
        self.search.installEventFilter(self)
        self.new_button = QToolButton(self)
        self.new_button.setText(self.tr("New"))
        self.new_button.setToolTip(self.tr("New conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)

        self.model = LibraryModel(self._rename, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(EntryDelegate(self.view))
        self.view.setUniformItemSizes(True)  # 1,000 rows lay out instantly
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        self.view.installEventFilter(self)
        self.view.setAccessibleName(self.tr("Conversations"))

        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.undo_bar = QFrame(self)
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_label.setWordWrap(True)
        self.undo_button = QToolButton(self.undo_bar)
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Restore it from the trash (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_trash)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_VISIBLE_MS)
        self._undo_timer.timeout.connect(self.undo_bar.hide)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.undo_bar)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(lambda: self.refresh(rescan=False))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._open_first)

        # The worker thread only ever touches this small child object (never the panel itself): if the
        # last reference to a Python wrapper were dropped on the worker thread, a parentless widget
        # would be destroyed there.
        self._bridge = _ResultBridge(self)
        self._bridge.results.connect(self._show_results)
        self._actions()

    def _actions(self) -> None:
        self.open_action = QAction(self.tr("Open"), self)
        self.open_action.triggered.connect(lambda: self._activated(self.view.currentIndex()))
        self.rename_action = QAction(self.tr("Rename"), self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.triggered.connect(lambda: self.view.edit(self.view.currentIndex()))
        self.trash_action = QAction(self.tr("Move to Trash"), self)
        self.trash_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.trash_action.triggered.connect(self.trash_current)
        self.forget_action = QAction(self.tr("Remove from List"), self)
        self.forget_action.triggered.connect(self._forget_current)
        self.new_action = QAction(self.tr("New Conversation"), self)
        self.new_action.triggered.connect(self.new_requested)
        self.undo_action = QAction(self.tr("Undo Move to Trash"), self)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(self.undo_trash)
        self.undo_action.setEnabled(False)
        self.addAction(self.undo_action)

    # -- public API ----------------------------------------------------------

    def bind(self, documents: DocumentController) -> None:
        """Wire the panel to the document controller (the usual setup in the main window)."""
        self.open_requested.connect(
            lambda path: documents.confirm_discard(self.window(), lambda: documents.open(path)))
        self.new_requested.connect(lambda: documents.confirm_discard(self.window(), documents.new))
        self.before_file_change = documents.settle
        self.renamed.connect(documents.file_moved)
        self.trashed.connect(documents.file_removed)
        self.restored.connect(lambda _p: self.refresh())
        self.restored.connect(documents.file_restored)
        self.forget_requested.connect(documents.forget_recent)
        self.error.connect(documents.error)  # shown where the window shows the documents' problems
        documents.library_changed.connect(self.refresh)
        documents.recent_changed.connect(self.set_recent)
        documents.path_changed.connect(self.set_current)
        self.set_recent(documents.recent_files())
        self.set_current(documents.path)

    def set_recent(self, paths: list[Path]) -> None:
        """Recently opened files; those outside the library are listed too."""
        self._recent = [Path(p) for p in paths]
        self.refresh()

    def set_current(self, path: Path | None) -> None:
        self.model.set_current(path)

    def refresh(self, *, rescan: bool = True) -> None:
        """Re-run the search, off the GUI thread; ``rescan`` first looks for changed files on disk
        (only those are re-read)."""
        self._search_timer.stop()
        if self._closed:  # the app is quitting: a search that finished late asks for no more
            return
        if self._busy:
            self._again = True
            self._again_rescan = self._again_rescan or rescan
            return
        self._busy = True
        self._request += 1
        request, query, extra = self._request, self.search.text(), list(self._recent)

        purge, self._purged = not self._purged, True
        library, bridge = self.library, self._bridge

        def work() -> None:
            try:
                if purge:  # once per session: trashed conversations older than 30 days go for good
                    library.purge_trash()
                hits = library.search(query, extra, rescan=rescan)
            except Exception as exc:  # a vanished folder must not kill the panel; show why instead
                hits = exc
            bridge.results.emit(request, hits)

        self._pool.submit(work)

    def current_path(self) -> Path | None:
        index = self.view.currentIndex()
        return index.data(PATH_ROLE) if index.isValid() else None

    def select_path(self, path: Path) -> bool:
        row = self.model.row_of(Path(path))
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row))
        return True

    def trash_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        entry = index.data(ENTRY_ROLE)
        if not entry.in_library:
            self.forget_requested.emit(entry.path)
            return
        if self.before_file_change is not None:
            self.before_file_change(entry.path)
        try:
            item = self.library.trash(entry.path, self.system_trash)
        except LibraryError as exc:
            self.error.emit(exc.user_message)
            return
        self._last_trashed = item
        self.undo_label.setText(self.tr("Moved “%1” to the trash.").replace("%1", entry.title))
        self.undo_bar.show()
        self.undo_action.setEnabled(True)
        self._undo_timer.start()
        self.trashed.emit(entry.path)
        self.refresh()

    def undo_trash(self) -> None:
        item, self._last_trashed = self._last_trashed, None
        self.undo_bar.hide()
        self.undo_action.setEnabled(False)
        if item is None:
            return
        try:
            path = self.library.restore(item)
        except LibraryError as exc:
            self.error.emit(exc.user_message)
            return
        self.restored.emit(path)
        self.refresh()

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True)

    # -- internals -----------------------------------------------------------

    def _show_results(self, request: int, hits: list[SearchHit] | Exception) -> None:
        self._busy = False
        if self._again:
            rescan, self._again, self._again_rescan = self._again_rescan, False, False
            self.refresh(rescan=rescan)
            return  # a newer request is on its way; do not flash stale rows
        if isinstance(hits, Exception):
            self.error.emit(self.tr("The library folder could not be read: %1").replace("%1", str(hits)))
            hits = []
        if self.view.state() == QAbstractItemView.State.EditingState:
            QTimer.singleShot(500, self.refresh)  # never yank the row out from under a rename
            return
        keep = self._select_next or self.current_path()
        self._select_next = None
        self.model.set_hits(hits)
        if keep is not None and not self.select_path(keep):
            self.view.setCurrentIndex(QModelIndex())
        self._update_empty_label(bool(hits))
        self._shown_request = request
        self.refreshed.emit()

    def _update_empty_label(self, has_rows: bool) -> None:
        if has_rows:
            self.empty_label.hide()
            return
        if self.search.text().strip():
            self.empty_label.setText(self.tr("No conversation matches “%1”.").replace("%1", self.search.text()))
        else:
            self.empty_label.setText(self.tr("No conversations yet. Press New to start one."))
        self.empty_label.show()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(PATH_ROLE))

    def _open_first(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() and self.model.rowCount() > 0:
            index = self.model.index(0)
        self._activated(index)

    def _rename(self, path: Path, title: str) -> bool:
        if self.before_file_change is not None:
            self.before_file_change(path)
        try:
            new = self.library.rename(path, title)
        except LibraryError as exc:
            self.error.emit(exc.user_message)
            return False
        self._select_next = new  # the selection follows the renamed row
        self.renamed.emit(path, new)
        self.refresh()
        return True

    def _forget_current(self) -> None:
        path = self.current_path()
        if path is not None:
            self.forget_requested.emit(path)

    def _context_menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        menu = QMenu(self)
        if index.isValid():
            self.view.setCurrentIndex(index)
            entry = index.data(ENTRY_ROLE)
            menu.addAction(self.open_action)
            if entry.in_library:
                self.rename_action.setEnabled(not entry.error)
                menu.addAction(self.rename_action)
                menu.addAction(self.trash_action)
            else:
                menu.addAction(self.forget_action)
            menu.addSeparator()
        menu.addAction(self.new_action)
        if self._last_trashed is not None:
            self.undo_action.setText(self.tr("Undo Move to Trash of “%1”")
                                     .replace("%1", file_stem(self._last_trashed.original)))
            menu.addAction(self.undo_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))
        self._menu = menu  # keep it alive while shown (tests read it too)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        clears_search = (watched in (self.search, self.view) and isinstance(event, QKeyEvent)
                         and event.key() == Qt.Key.Key_Escape and bool(self.search.text()))
        if event.type() == QEvent.Type.ShortcutOverride and clears_search:
            event.accept()  # Esc clears the search here; the window's Esc (stop a reply) does not fire
            return False
        if event.type() == QEvent.Type.KeyPress and watched is self.search and clears_search:
            self.search.clear()
            return True
        if event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                # From the search box straight into the list, like a launcher.
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.selectionModel().setCurrentIndex(
                        self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return True
            if watched is self.view and self.view.state() != QAbstractItemView.State.EditingState:
                if key == Qt.Key.Key_Delete:
                    self.trash_current()
                    return True
                if key == Qt.Key.Key_F2:
                    self.view.edit(self.view.currentIndex())
                    return True
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    self.search.setFocus()
                    return True
        return super().eventFilter(watched, event)
