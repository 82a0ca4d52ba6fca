"""services.library: listing, search, rename, trash/restore and recent files of the library folder."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from parley.core import files
from parley.core.conversation import Conversation, Message
from parley.services.library import (
    Library,
    LibraryError,
    RecentFiles,
    file_stem,
    safe_file_name,
)


def write(folder: Path, name: str, title: str, *texts: str, updated: float | None = None) -> Path:
    conv = Conversation(title=title, updated=updated)
    for i, text in enumerate(texts):
        conv.append(Message("user" if i % 2 == 0 else "assistant", text))
    path = folder / f"{name}.parley.json"
    files.save(conv, path)
    return path


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "library")


def test_lists_conversations_newest_first_with_title_and_message_count(library: Library) -> None:
    write(library.folder, "old", "Old talk", "hi", "hello", updated=1000.0)
    write(library.folder, "new", "New talk", "a", "b", "c", updated=2000.0)
    (library.folder / "notes.txt").write_text("not a conversation")
    entries = library.scan()
    assert [(e.title, e.message_count, e.updated) for e in entries] == [("New talk", 3, 2000.0), ("Old talk", 2, 1000.0)]
    assert all(e.in_library and e.error is None for e in entries)


def test_an_unreadable_file_is_listed_with_the_reason(library: Library) -> None:
    (library.folder / "broken.parley.json").write_text('{"format": "parley.conversation", "vers')
    [entry] = library.scan()
    assert entry.title == "broken"
    assert (entry.error or "").startswith("Cannot open broken.parley.json: the JSON stops before it is complete")


def test_an_older_format_version_is_read_through_the_full_loader(library: Library) -> None:
    v0 = {"format": "parley.conversation", "version": 0, "title": "From v0",
          "messages": [{"role": "user", "content": "migrated words"}]}
    (library.folder / "v0.parley.json").write_text(json.dumps(v0))
    [entry] = library.scan()
    assert (entry.title, entry.message_count, entry.error) == ("From v0", 1, None)
    assert [h.entry.title for h in library.search("migrated")] == ["From v0"]


def test_search_matches_title_and_content_every_word_case_insensitive(library: Library) -> None:
    write(library.folder, "a", "Trip to Kyoto", "Where should I stay?", updated=1.0)
    write(library.folder, "b", "Recipes", "How long do I boil an EGG in Kyoto?", updated=3.0)
    write(library.folder, "c", "Taxes", "deductions", updated=2.0)
    hits = library.search("kyoto")
    # the title match first, then content matches
    assert [(h.entry.title, h.in_title) for h in hits] == [("Trip to Kyoto", True), ("Recipes", False)]
    assert "kyoto" in hits[1].snippet
    assert [h.entry.title for h in library.search("egg KYOTO")] == ["Recipes"]
    assert library.search("egg taxes") == []
    assert [h.entry.title for h in library.search("  ")] == ["Recipes", "Taxes", "Trip to Kyoto"]


def test_search_finds_japanese_text_and_content_parts(library: Library) -> None:
    conv = Conversation(title="画像")
    conv.append(Message("user", [{"type": "text", "text": "この写真の猫は何匹？"},
                                 {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]))
    files.save(conv, library.folder / "cats.parley.json")
    assert [h.entry.title for h in library.search("猫")] == ["画像"]
    assert library.search("base64") == []  # images are not text


def test_rescan_rereads_only_changed_files(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    first = write(library.folder, "a", "A", "x")
    write(library.folder, "b", "B", "y")
    library.scan()
    reads: list[Path] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    library.scan()
    assert reads == []
    time.sleep(0.01)
    write(library.folder, "a", "A renamed inside", "x", "more")
    assert {e.title for e in library.scan()} == {"A renamed inside", "B"}
    assert reads == [first]


def test_search_without_rescan_uses_the_index(library: Library) -> None:
    write(library.folder, "a", "Alpha", "one")
    library.scan()
    write(library.folder, "b", "Beta", "two")
    assert [h.entry.title for h in library.search("", rescan=False)] == ["Alpha"]
    assert {h.entry.title for h in library.search("")} == {"Alpha", "Beta"}


def test_extra_files_outside_the_library_are_listed_and_marked(library: Library, tmp_path: Path) -> None:
    outside = write(tmp_path, "elsewhere", "Elsewhere", "outside words")
    write(library.folder, "in", "Inside", "x")
    entries = library.scan([outside, tmp_path / "missing.parley.json"])
    assert {(e.title, e.in_library) for e in entries} == {("Elsewhere", False), ("Inside", True)}
    assert [h.entry.path for h in library.search("outside", [outside])] == [outside]


def test_rename_sets_the_title_and_the_file_name(library: Library) -> None:
    path = write(library.folder, "Untitled", "Untitled", "hello")
    new = library.rename(path, "Plan: Tokyo/Osaka?")
    assert new.name == "Plan  Tokyo Osaka.parley.json".replace("  ", " ")
    assert not path.exists()
    assert files.load(new).title == "Plan: Tokyo/Osaka?"
    assert [e.title for e in library.scan()] == ["Plan: Tokyo/Osaka?"]


def test_rename_keeps_other_files_and_refuses_an_empty_title(library: Library) -> None:
    taken = write(library.folder, "Notes", "Notes", "keep me")
    path = write(library.folder, "other", "Other", "x")
    new = library.rename(path, "Notes")
    assert new.name == "Notes (2).parley.json"
    assert files.load(taken).messages[0].content == "keep me"
    with pytest.raises(LibraryError, match="needs a title"):
        library.rename(new, "   ")


def test_rename_of_an_unreadable_file_says_why(library: Library) -> None:
    path = library.folder / "bad.parley.json"
    path.write_text("{")
    with pytest.raises(LibraryError, match="Could not rename “bad”"):
        library.rename(path, "Good")
    assert path.read_text() == "{"


def test_trash_and_restore(library: Library) -> None:
    path = write(library.folder, "Gone", "Gone", "bye")
    files.save(files.load(path), path)  # now it has a .bak too
    assert files.backup_path(path).exists()
    item = library.trash(path)
    assert not path.exists() and not files.backup_path(path).exists()
    assert item.trashed.parent == library.trash_dir
    assert library.scan() == []
    assert [t.original for t in library.trashed()] == [path]
    restored = library.restore(item)
    assert restored == path
    assert [e.title for e in library.scan()] == ["Gone"]
    with pytest.raises(LibraryError, match="no longer in the trash"):
        library.restore(item)


def _freedesktop_trash(root: Path):
    """A stand-in for Qt's move to a freedesktop trash: files/<name> plus info/<name>.trashinfo."""
    def move(path: Path) -> Path:
        (root / "files").mkdir(parents=True, exist_ok=True)
        (root / "info").mkdir(exist_ok=True)
        target = root / "files" / path.name
        os.replace(path, target)
        (root / "info" / f"{path.name}.trashinfo").write_text("[Trash Info]\nPath=" + str(path) + "\n")
        return target
    return move


def test_a_system_trash_takes_the_file_and_restore_leaves_no_entry_in_it(library: Library, tmp_path: Path) -> None:
    path = write(library.folder, "Gone", "Gone", "bye")
    files.save(files.load(path), path)  # now it has a .bak too
    trash = tmp_path / "Trash"
    item = library.trash(path, _freedesktop_trash(trash))
    assert item.system and item.trashed == trash / "files" / path.name
    assert not path.exists() and not files.backup_path(path).exists() and not library.trash_dir.exists()
    assert library.scan() == []
    assert library.restore(item) == path and [e.title for e in library.scan()] == ["Gone"]
    assert list((trash / "info").iterdir()) == []  # the trash does not list a file that is back


def test_restoring_from_the_recycle_bin_removes_its_record_too(library: Library, tmp_path: Path) -> None:
    path = write(library.folder, "Win", "Win", "x")
    bin_dir = tmp_path / "$Recycle.Bin" / "S-1-5-21"
    bin_dir.mkdir(parents=True)

    def recycle(p: Path) -> Path:  # the Windows layout: $R<id><ext> is the file, $I<id><ext> its record
        target = bin_dir / "$RAB12CD.json"
        os.replace(p, target)
        (bin_dir / "$IAB12CD.json").write_bytes(b"record")
        return target

    item = library.trash(path, recycle)
    library.restore(item)
    assert path.exists() and list(bin_dir.iterdir()) == []


def test_without_a_usable_system_trash_the_library_trash_is_used(library: Library) -> None:
    path = write(library.folder, "Kept", "Kept", "x")
    for unusable in (lambda _p: None, _raise_oserror):
        item = library.trash(path, unusable)
        assert not item.system and item.trashed.parent == library.trash_dir
        library.restore(item)


def _raise_oserror(_path: Path) -> Path:
    raise PermissionError("no trash here")


def test_restore_does_not_overwrite_a_new_file_with_the_same_name(library: Library) -> None:
    path = write(library.folder, "Same", "First", "1")
    item = library.trash(path)
    write(library.folder, "Same", "Second", "2")
    restored = library.restore(item)
    assert restored.name == "Same (2).parley.json"
    assert {e.title for e in library.scan()} == {"First", "Second"}


def test_only_library_files_go_to_the_trash(library: Library, tmp_path: Path) -> None:
    outside = write(tmp_path, "mine", "Mine", "x")
    with pytest.raises(LibraryError, match="Only conversations in the library"):
        library.trash(outside)
    assert outside.exists()


def test_purge_trash_removes_only_old_items(library: Library) -> None:
    old = library.trash(write(library.folder, "old", "Old", "x"))
    fresh = library.trash(write(library.folder, "fresh", "Fresh", "y"))
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old.trashed, (month_ago, month_ago))
    assert library.purge_trash() == 1
    assert not old.trashed.exists() and fresh.trashed.exists()


def test_new_path_is_free_and_named_after_the_title(library: Library) -> None:
    write(library.folder, "Ideas", "Ideas", "x")
    assert library.new_path("Ideas").name == "Ideas (2).parley.json"
    assert library.new_path().name.startswith("Conversation ")  # an untitled one gets a date


def test_hidden_folders_are_not_listed(library: Library) -> None:
    library.recovery_dir.mkdir()
    write(library.recovery_dir, "abc", "Recovered", "x")
    assert library.scan() == []
    assert not library.contains(library.recovery_dir / "abc.parley.json")


@pytest.mark.parametrize(("title", "expected"), [
    ("Hello", "Hello"),
    ('a<b>c:"d"/e\\f|g?h*', "a b c d e f g h"),
    ("  ...trailing dots...  ", "trailing dots"),
    ("CON", "_CON"),
    ("日本語のタイトル", "日本語のタイトル"),
    ("x" * 200, "x" * 80),
])
def test_safe_file_names(title: str, expected: str) -> None:
    assert safe_file_name(title) == expected


def test_file_stem() -> None:
    assert file_stem(Path("/a/Trip plan.parley.json")) == "Trip plan"


def test_recent_files_newest_first_unique_limited(tmp_path: Path) -> None:
    recent = RecentFiles(limit=3)
    paths = [tmp_path / f"{i}.parley.json" for i in range(4)]
    for p in paths:
        p.write_text("{}")
        recent.add(p)
    recent.add(paths[1])
    assert recent.paths == [paths[1], paths[3], paths[2]]
    paths[3].unlink()
    assert recent.existing() == [paths[1], paths[2]]
    recent.replace(paths[2], paths[0])
    assert recent.paths == [paths[1], paths[3], paths[0]]
    assert recent.remove(paths[1]) and not recent.remove(paths[1])
    assert RecentFiles([str(paths[0]), str(paths[0]), str(paths[1])]).paths == [paths[0], paths[1]]
