"""The library panel: listing, search as you type, open, keyboard, rename, trash with undo, wiring."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit

from parley.core import files
from parley.core.conversation import Conversation, Message
from parley.services.library import Library
from parley.ui.documents import DocumentController
from parley.ui.library import LibraryPanel


def write(folder: Path, title: str, *texts: str, updated: float | None = None) -> Path:
    conv = Conversation(title=title, updated=updated)
    for i, text in enumerate(texts):
        conv.append(Message("user" if i % 2 == 0 else "assistant", text))
    path = folder / f"{title}.parley.json"
    files.save(conv, path)
    return path


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "library")
    now = time.time()
    write(lib.folder, "Trip to Kyoto", "Where should I stay?", "Gion.", updated=now - 30)
    write(lib.folder, "Recipes", "How long to boil an egg?", "Seven minutes, Kyoto style.", updated=now - 10)
    write(lib.folder, "Taxes", "deductions", updated=now - 3 * 86400)
    return lib


@pytest.fixture
def panel(qtbot, library: Library) -> Iterator[LibraryPanel]:
    widget = LibraryPanel(library, search_delay_ms=30)
    qtbot.addWidget(widget)
    widget.resize(300, 500)
    widget.show()
    with qtbot.waitSignal(widget.refreshed, timeout=3000):
        widget.refresh()
    yield widget
    widget.shutdown()


def titles(panel: LibraryPanel) -> list[str]:
    return [panel.model.index(r).data(Qt.ItemDataRole.EditRole) for r in range(panel.model.rowCount())]


def row_text(panel: LibraryPanel, row: int) -> str:
    return panel.model.index(row).data(Qt.ItemDataRole.DisplayRole)


def test_lists_the_library_newest_first_with_facts(panel: LibraryPanel) -> None:
    assert titles(panel) == ["Recipes", "Trip to Kyoto", "Taxes"]
    assert row_text(panel, 0) == "Recipes\n2 messages · just now"
    assert row_text(panel, 2).startswith("Taxes\n1 message · 20")  # a date for older ones
    assert panel.empty_label.isHidden()


def test_search_as_you_type_is_debounced_and_matches_content(qtbot, panel: LibraryPanel) -> None:
    shown: list[list[str]] = []
    panel.refreshed.connect(lambda: shown.append(titles(panel)))
    qtbot.keyClicks(panel.search, "kyoto")
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    qtbot.wait(100)
    assert shown == [["Trip to Kyoto", "Recipes"]]  # one search for five keystrokes
    assert row_text(panel, 1) == "Recipes\nseven minutes, kyoto style."  # where it matched
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        qtbot.keyClicks(panel.search, " nothing")
    assert titles(panel) == []
    assert panel.empty_label.isVisible() and "kyoto nothing" in panel.empty_label.text()
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.search.clear()
    assert len(titles(panel)) == 3


def test_double_click_and_enter_open(qtbot, panel: LibraryPanel, library: Library) -> None:
    index = panel.model.index(1)
    with qtbot.waitSignal(panel.open_requested) as opened:
        panel.view.doubleClicked.emit(index)
    assert opened.args == [library.folder / "Trip to Kyoto.parley.json"]
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(2))
    with qtbot.waitSignal(panel.open_requested) as opened:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened.args == [library.folder / "Taxes.parley.json"]


def test_keyboard_from_search_to_list_and_open(qtbot, panel: LibraryPanel, library: Library) -> None:
    panel.search.setFocus()
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        qtbot.keyClicks(panel.search, "egg")
    with qtbot.waitSignal(panel.open_requested) as opened:
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # Enter in the search box opens the first hit
    assert opened.args == [library.folder / "Recipes.parley.json"]
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.search.clear()
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.view.hasFocus() or QApplication.focusWidget() is panel.view
    assert panel.current_path() == library.folder / "Recipes.parley.json"
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.current_path() == library.folder / "Trip to Kyoto.parley.json"


def test_rename_in_place_with_f2(qtbot, panel: LibraryPanel, library: Library) -> None:
    old = library.folder / "Taxes.parley.json"
    panel.select_path(old)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Taxes"
    editor.setText("Taxes 2025")
    with qtbot.waitSignal(panel.renamed) as renamed, qtbot.waitSignal(panel.refreshed, timeout=3000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    new = library.folder / "Taxes 2025.parley.json"
    assert renamed.args == [old, new]
    assert not old.exists() and files.load(new).title == "Taxes 2025"
    assert "Taxes 2025" in titles(panel)
    assert panel.current_path() == new  # the selection follows the renamed row


def test_delete_moves_to_the_system_trash_and_undo_restores(qtbot, panel: LibraryPanel, library: Library) -> None:
    import os
    import sys

    path = library.folder / "Recipes.parley.json"
    content = path.read_bytes()
    panel.select_path(path)
    panel.view.setFocus()
    with qtbot.waitSignal(panel.trashed) as trashed, qtbot.waitSignal(panel.refreshed, timeout=3000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert trashed.args == [path] and not path.exists()
    assert titles(panel) == ["Trip to Kyoto", "Taxes"]
    assert panel.undo_bar.isVisible() and "Recipes" in panel.undo_label.text()
    if sys.platform.startswith("linux"):  # the freedesktop trash (conftest points XDG_DATA_HOME at tmp)
        trash = Path(os.environ["XDG_DATA_HOME"]) / "Trash"
        assert (trash / "files" / path.name).read_bytes() == content
        assert (trash / "info" / f"{path.name}.trashinfo").is_file()  # the file manager can restore it too
        assert not library.trash_dir.exists()  # not Parley's own trash
    with qtbot.waitSignal(panel.restored) as restored, qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.undo_button.click()
    assert restored.args == [path] and path.read_bytes() == content
    assert titles(panel) == ["Recipes", "Trip to Kyoto", "Taxes"]
    assert panel.undo_bar.isHidden()
    if sys.platform.startswith("linux"):
        assert not any((trash / "info").iterdir())  # no entry left behind whose file is gone


def test_without_a_usable_system_trash_delete_uses_the_library_trash(qtbot, panel: LibraryPanel,
                                                                     library: Library) -> None:
    panel.system_trash = lambda _path: None  # a network drive, a sandbox: no system trash for this file
    path = library.folder / "Taxes.parley.json"
    panel.select_path(path)
    with qtbot.waitSignal(panel.trashed), qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.trash_current()
    assert not path.exists() and [t.original for t in library.trashed()] == [path]
    with qtbot.waitSignal(panel.restored), qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.undo_trash()
    assert path.exists() and library.trashed() == []


def test_context_menu_offers_what_fits_the_entry(qtbot, panel: LibraryPanel, tmp_path: Path) -> None:
    outside = write(tmp_path, "Elsewhere", "far away")
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.set_recent([outside])
    row = panel.model.row_of(outside)
    assert row >= 0 and "outside the library" in row_text(panel, row)
    font: QFont = panel.model.index(row).data(Qt.ItemDataRole.FontRole)
    assert font.italic()

    def menu_for(r: int) -> list[str]:
        rect = panel.view.visualRect(panel.model.index(r))
        panel._context_menu(rect.center())
        texts = [a.text() for a in panel._menu.actions() if not a.isSeparator()]
        panel._menu.close()
        return texts

    assert menu_for(row) == ["Open", "Remove from List", "New Conversation"]
    inside = panel.model.row_of(panel.library.folder / "Taxes.parley.json")
    assert menu_for(inside) == ["Open", "Rename", "Move to Trash", "New Conversation"]
    panel.select_path(outside)
    with qtbot.waitSignal(panel.forget_requested) as forget:
        panel.trash_current()  # Delete on an outside file only removes it from the list
    assert forget.args == [outside] and outside.exists()


def test_bind_to_documents_opens_follows_and_refreshes(qtbot, panel: LibraryPanel, library: Library,
                                                       tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    docs = DocumentController(settings, library, autosave_delay_ms=30)
    panel.bind(docs)
    # the panel's problems (a rename or a move to the trash that failed) go where the window shows them
    with qtbot.waitSignal(docs.error) as problem:
        panel.error.emit("Could not rename “Taxes”: disk full.")
    assert problem.args == ["Could not rename “Taxes”: disk full."]
    target = library.folder / "Taxes.parley.json"
    with qtbot.waitSignal(docs.conversation_loaded):
        panel.open_requested.emit(target)
    assert docs.path == target
    font: QFont = panel.model.index(panel.model.row_of(target)).data(Qt.ItemDataRole.FontRole)
    assert font.bold()  # the open conversation stands out
    with qtbot.waitSignal(docs.conversation_loaded):
        panel.new_button.click()
    docs.conversation.title = "Brand new"
    docs.conversation.append(Message("user", "fresh words"))
    docs.mark_changed()
    qtbot.waitUntil(lambda: titles(panel)[:1] == ["Brand new"], timeout=3000)  # autosave -> rescan
    # renaming the open conversation in the panel renames the document
    panel.select_path(docs.path)
    index = panel.view.currentIndex()
    with qtbot.waitSignal(docs.title_changed) as retitled:
        panel.model.setData(index, "Renamed here")
    assert retitled.args == ["Renamed here"]
    assert docs.conversation.title == "Renamed here" and docs.path.name == "Renamed here.parley.json"
    # trashing it leaves an empty conversation, and the file does not come back
    trashed = docs.path
    qtbot.waitUntil(lambda: panel.select_path(trashed), timeout=3000)
    with qtbot.waitSignal(docs.conversation_loaded):
        panel.trash_current()
    docs.flush()
    assert docs.path is None and not trashed.exists()
    docs.shutdown()


def test_an_empty_library_says_how_to_start(qtbot, tmp_path: Path) -> None:
    empty = LibraryPanel(Library(tmp_path / "empty"))
    qtbot.addWidget(empty)
    empty.show()
    with qtbot.waitSignal(empty.refreshed, timeout=3000):
        empty.refresh()
    assert empty.empty_label.isVisible() and "New" in empty.empty_label.text()
    empty.shutdown()


def test_a_thousand_conversations_list_and_search(qtbot, tmp_path: Path) -> None:
    lib = Library(tmp_path / "big")
    base = Conversation(title="x")
    base.append(Message("user", "common words"))
    data = files.to_dict(base)
    for i in range(1000):
        data["title"] = f"Conversation {i:04d}"
        data["updated"] = 1_700_000_000 + i
        data["branches"][0]["messages"][0]["content"] = f"common words and token{i:04d}"
        files.save_dict(data, lib.folder / f"c{i:04d}.parley.json")
    panel = LibraryPanel(lib, search_delay_ms=10)
    qtbot.addWidget(panel)
    panel.show()
    started = time.perf_counter()
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.refresh()
    first_scan = time.perf_counter() - started
    assert panel.model.rowCount() == 1000 and titles(panel)[0] == "Conversation 0999"
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.search.setText("token0042")
    assert titles(panel) == ["Conversation 0042"]
    assert first_scan < 5  # generous for a loaded CI box; typically ~0.2 s (see the benchmark)
    panel.shutdown()


def test_old_trash_is_purged_once_per_session(qtbot, tmp_path: Path) -> None:
    import os

    lib = Library(tmp_path / "lib")
    old = lib.trash(write(lib.folder, "Old", "x"))
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old.trashed, (month_ago, month_ago))
    recent = lib.trash(write(lib.folder, "Recent", "y"))
    panel = LibraryPanel(lib)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.refresh()
    assert not old.trashed.exists() and recent.trashed.exists()
    panel.shutdown()


@pytest.mark.parametrize("action", ["rename", "trash"])
def test_a_write_in_flight_never_resurrects_the_old_file(qtbot, panel: LibraryPanel, library: Library,
                                                         tmp_path: Path, monkeypatch, action: str) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    docs = DocumentController(settings, library, autosave_delay_ms=10)
    panel.bind(docs)
    old = library.folder / "Taxes.parley.json"
    docs.open(old)
    real_save = files.save_dict

    def slow_save(data, path):  # a big conversation: the write takes a while on the worker thread
        time.sleep(0.3)
        real_save(data, path)

    monkeypatch.setattr(files, "save_dict", slow_save)
    docs.conversation.append(Message("assistant", "streaming…"))
    docs.mark_changed()
    qtbot.waitUntil(lambda: docs._writer.busy, timeout=2000)  # the autosave is being written now
    qtbot.waitUntil(lambda: panel.select_path(old), timeout=2000)
    if action == "rename":
        assert panel.model.setData(panel.view.currentIndex(), "Taxes renamed")
        new = library.folder / "Taxes renamed.parley.json"
        docs.flush()
        assert files.load(new).messages[-1].content == "streaming…"
    else:
        panel.trash_current()
        docs.flush()
    qtbot.wait(400)
    assert not old.exists()
    docs.shutdown()
