"""DocumentController: autosave into the library, outside files, recovery after kill -9, recent files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QSettings, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from parley.core import files
from parley.core.conversation import Choice, Conversation, Generation, Message
from parley.services.library import Library
from parley.ui.documents import DocumentController, Snapshots, dropped_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "library")


def make_controller(settings_path: Path, library: Library, delay_ms: int = 50) -> DocumentController:
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    return DocumentController(settings, library, autosave_delay_ms=delay_ms)


@pytest.fixture
def docs(qtbot, settings_path: Path, library: Library) -> Iterator[DocumentController]:
    controller = make_controller(settings_path, library)
    yield controller
    controller.shutdown()


def outside_file(folder: Path, title: str = "Mine", text: str = "original") -> Path:
    conv = Conversation(title=title)
    conv.append(Message("user", text))
    path = folder / f"{title}.parley.json"
    files.save(conv, path)
    return path


def test_a_new_conversation_autosaves_into_the_library(qtbot, docs: DocumentController, library: Library) -> None:
    assert docs.path is None and docs.in_library and not docs.dirty
    docs.conversation.append(Message("user", "Hello library"))
    with qtbot.waitSignal(docs.autosaved, timeout=3000) as saved:
        docs.mark_changed()
    path = saved.args[0]
    assert path.parent == library.folder and path == docs.path
    assert files.load(path).messages[0].content == "Hello library"
    assert not docs.dirty and not docs.needs_save_prompt()
    assert docs.conversation.updated is not None


def test_a_new_conversation_is_named_after_its_first_user_message(
        qtbot, docs: DocumentController, library: Library) -> None:
    docs.conversation.append(Message("system", "You are terse."))
    docs.conversation.append(Message("user", "  How do I count the lines of a big file\twithout loading it all?\nThanks"))
    with qtbot.waitSignal(docs.title_changed) as named:
        docs.mark_changed()
    assert named.args == ["How do I count the lines of a big file without loading it…"]
    docs.flush()
    saved = docs.path
    assert saved is not None and saved.parent == library.folder
    assert saved.name.startswith("How do I count the lines")  # the library file is named after it too
    assert files.load(saved).title == docs.conversation.title == docs.display_name
    # A title the user gave is never replaced.
    renamed = library.rename(saved, "Line counting")
    docs.file_moved(saved, renamed)
    docs.conversation.append(Message("user", "Another question"))
    docs.mark_changed()
    docs.flush()
    assert files.load(renamed).title == "Line counting"


def test_autosave_is_throttled_not_starved_by_a_stream(qtbot, docs: DocumentController) -> None:
    """Changes every 10 ms for 0.6 s: a trailing debounce would never write; we write about every 50 ms."""
    reply = docs.conversation.append(Message("assistant", ""))
    writes: list[str] = []
    docs.autosaved.connect(lambda p: writes.append(files.load(p).messages[0].text))
    end = time.monotonic() + 0.6
    n = 0
    while time.monotonic() < end:
        n += 1
        reply.content += f"w{n} "
        docs.mark_changed(reply)
        qtbot.wait(10)
    assert len(writes) >= 3, writes
    assert all(reply.content.startswith(w) for w in writes)  # each write is a consistent prefix
    docs.flush()
    assert files.load(docs.path).messages[0].content == reply.content


def test_snapshots_equal_a_full_copy_and_reuse_unchanged_messages() -> None:
    conv = Conversation(title="snap", params={"temperature": 0.5})
    for i in range(3):
        conv.append(Message("user", f"q{i}"))
        answer = Message("assistant", "")
        answer.add_generation(Generation(request={"model": "m"}, choices=[Choice(content=f"a{i}")],
                                         usage={"total_tokens": 3}))
        conv.append(answer)
    conv.branch_from(2, "alt")
    snaps = Snapshots()
    first = snaps.take(conv)
    assert first == files.to_dict(conv)
    last = conv.messages[-1]
    last.content = "changed"
    snaps.invalidate(last)
    second = snaps.take(conv)
    assert second == files.to_dict(conv)
    assert second["branches"][0]["messages"][0] is first["branches"][0]["messages"][0]  # reused
    conv.params["temperature"] = 1.0  # top level is always fresh
    assert snaps.take(conv)["params"] == {"temperature": 1.0}
    first_msg = conv.branches[0].messages[0]
    first_msg.content = "edited without saying which"
    snaps.invalidate()
    assert snaps.take(conv) == files.to_dict(conv)
    assert files.from_dict(snaps.take(conv)).branches[1].name == "alt"


def test_opening_an_outside_file_autosaves_to_recovery_and_saves_on_request(
        qtbot, docs: DocumentController, library: Library, tmp_path: Path) -> None:
    path = outside_file(tmp_path)
    assert docs.open(path)
    assert docs.path == path and not docs.in_library and not docs.dirty
    docs.conversation.append(Message("assistant", "new words"))
    with qtbot.waitSignal(docs.autosaved, timeout=3000) as autosaved:
        docs.mark_changed()
    assert autosaved.args[0] == docs.recovery_path and autosaved.args[0].parent == library.recovery_dir
    assert docs.needs_save_prompt() and docs.display_name == "Mine *"
    assert len(files.load(path).messages) == 1  # the user's file is untouched until they save
    with qtbot.waitSignal(docs.saved, timeout=3000):
        docs.save()
    assert [m.content for m in files.load(path).messages] == ["original", "new words"]
    assert not docs.dirty and not docs.recovery_path.exists()
    assert library.scan() == []  # outside files never show up as library copies


def test_save_as_binds_the_document_and_remembers_it(
        qtbot, docs: DocumentController, settings_path: Path, library: Library, tmp_path: Path) -> None:
    docs.conversation.append(Message("user", "keep this"))
    docs.mark_changed()
    target = tmp_path / "export" / "Project notes.json"
    target.parent.mkdir()
    with qtbot.waitSignal(docs.saved, timeout=3000):
        docs.save_as(target)
    saved = target.with_name("Project notes.parley.json")
    assert docs.path == saved and docs.conversation.title == "Project notes"
    assert files.load(saved).messages[0].content == "keep this"
    assert not docs.dirty
    assert docs.recent_files() == [saved]
    again = make_controller(settings_path, library)
    assert again.recent_files() == [saved]
    again.shutdown()


def test_opening_a_bare_request_imports_it_into_the_library(
        qtbot, docs: DocumentController, library: Library, tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    body = {"model": "gpt-4o-mini", "temperature": 0.2, "messages": [{"role": "user", "content": "from curl"}]}
    request.write_text(json.dumps(body))
    with qtbot.waitSignal(docs.autosaved, timeout=3000):
        assert docs.open(request)
    assert docs.in_library and docs.path is not None and docs.path.parent == library.folder
    assert docs.conversation.params == {"temperature": 0.2}
    assert json.loads(request.read_text()) == body  # the source is never overwritten
    assert request not in docs.recent_files()


def test_opening_a_broken_file_reports_a_sentence_and_keeps_the_current_one(
        qtbot, docs: DocumentController, tmp_path: Path) -> None:
    current = docs.conversation
    bad = tmp_path / "bad.parley.json"
    bad.write_text('{"format": "parley.conversation", "version": 1, "branches": 3}')
    with qtbot.waitSignal(docs.error) as err:
        assert not docs.open(bad)
    assert err.args[0].startswith("Cannot open bad.parley.json:")
    assert docs.conversation is current


def test_switching_documents_writes_pending_changes_first(
        qtbot, docs: DocumentController, tmp_path: Path) -> None:
    docs.conversation.append(Message("user", "do not lose me"))
    docs.mark_changed()
    first = docs.path  # not yet known: bound at the first write
    docs.open(outside_file(tmp_path))
    assert first is None
    [entry] = docs.library.scan()
    assert files.load(entry.path).messages[0].content == "do not lose me"


def test_library_rename_and_trash_follow_the_open_document(
        qtbot, docs: DocumentController, library: Library) -> None:
    docs.conversation.append(Message("user", "x"))
    docs.mark_changed()
    docs.flush()
    old = docs.path
    assert old is not None
    new = library.rename(old, "Renamed")
    with qtbot.waitSignal(docs.title_changed):
        docs.file_moved(old, new)
    assert docs.path == new and docs.conversation.title == "Renamed"
    docs.conversation.append(Message("assistant", "y"))
    docs.mark_changed()
    docs.flush()
    assert not old.exists() and files.load(new).title == "Renamed"
    trashed = library.trash(new)
    docs.file_removed(new)
    assert docs.path is None and docs.conversation.messages == []
    docs.flush()
    assert not new.exists()  # the trashed file is not resurrected by a pending autosave
    # Undo in the library: the conversation that was open comes back on screen too
    assert library.restore(trashed) == new
    docs.file_restored(new)
    assert docs.path == new and [m.text for m in docs.conversation.messages] == ["x", "y"]


def test_autosave_failure_is_reported_once_and_keeps_the_document_dirty(
        qtbot, docs: DocumentController, library: Library) -> None:
    docs.conversation.append(Message("user", "x"))
    docs.mark_changed()
    docs.flush()
    path = docs.path
    assert path is not None
    path.unlink()
    path.mkdir()  # now nothing can be written there
    failures: list[str] = []
    docs.autosave_failed.connect(failures.append)
    for _ in range(2):
        docs.conversation.append(Message("user", "more"))
        docs.mark_changed()
        qtbot.wait(150)
    assert len(failures) == 1 and failures[0].startswith("Autosave failed: Cannot save")
    assert docs.dirty
    path.rmdir()
    with qtbot.waitSignal(docs.autosaved, timeout=3000):
        docs.mark_changed()
    assert not docs.dirty


def test_export_json_and_text_leave_the_document_where_it_was(
        qtbot, docs: DocumentController, tmp_path: Path) -> None:
    docs.conversation.append(Message("user", "export me"))
    docs.mark_changed()
    with qtbot.waitSignal(docs.exported, timeout=3000):
        docs.export_json(tmp_path / "copy.parley.json")
    with qtbot.waitSignal(docs.exported, timeout=3000):
        docs.export_text(tmp_path / "copy.md", "# export me\n")
    assert files.load(tmp_path / "copy.parley.json").messages[0].content == "export me"
    assert (tmp_path / "copy.md").read_text() == "# export me\n"
    assert docs.path is None or docs.path.parent == docs.library.folder


def test_restore_session_reopens_the_last_library_conversation(
        qtbot, docs: DocumentController, settings_path: Path, library: Library) -> None:
    docs.conversation.append(Message("user", "come back"))
    docs.mark_changed()
    docs.shutdown()
    fresh = make_controller(settings_path, library)
    assert fresh.restore_session()
    assert fresh.path == docs.path and fresh.conversation.messages[0].content == "come back"
    fresh.shutdown()


def test_restore_session_without_history_starts_a_new_conversation(
        qtbot, docs: DocumentController) -> None:
    assert not docs.restore_session()
    assert docs.path is None and docs.conversation.messages == []


# -- kill -9 mid-stream ----------------------------------------------------------------------------

STREAMER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QSettings, QTimer
    from parley.core import files
    import time
    from parley.core.conversation import Generation, Message, Timings
    from parley.services.library import Library
    from parley.ui.documents import DocumentController

    settings_file, library_dir, outside = sys.argv[1:4]
    app = QCoreApplication([])
    docs = DocumentController(QSettings(settings_file, QSettings.Format.IniFormat), Library(Path(library_dir)),
                              autosave_delay_ms=100)
    if outside:
        docs.open(Path(outside))
    docs.conversation.append(Message("user", "Tell me a long story"))
    reply = docs.conversation.append(Message("assistant", ""))
    reply.generations.append(Generation(timings=Timings(sent=time.time())))  # a run, never finished
    docs.mark_changed()
    count = 0

    def token():
        global count
        count += 1
        reply.content += f"word{count} "
        docs.mark_changed(reply)

    def autosaved(path):
        # what is on disk now, as the next start will see it
        print("SAVED", len(files.load(path).messages[-1].content), flush=True)

    docs.autosaved.connect(autosaved)
    timer = QTimer()
    timer.timeout.connect(token)
    timer.start(5)
    app.exec()
""")


def run_until_killed(settings_path: Path, library: Library, outside: Path | None) -> int:
    """Stream into a conversation in a child process, SIGKILL it after three autosaves; the last
    length it reported saved."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "app")}
    proc = subprocess.Popen(
        [sys.executable, "-c", STREAMER, str(settings_path), str(library.folder), str(outside or "")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    saved: list[int] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("SAVED"):
                saved.append(int(line.split()[1]))
                if len(saved) >= 3 and saved[-1] > 0:
                    break
        os.kill(proc.pid, signal.SIGKILL)  # mid-stream: the timer keeps adding words until now
    finally:
        proc.kill()
        _out, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL, err
    assert saved, err
    return saved[-1]


def test_after_kill_9_mid_stream_the_next_start_shows_what_was_autosaved(
        qtbot, settings_path: Path, library: Library) -> None:
    last_saved = run_until_killed(settings_path, library, None)
    docs = make_controller(settings_path, library)
    assert docs.restore_session()
    assert docs.in_library
    user, reply = docs.conversation.messages
    assert user.content == "Tell me a long story"
    assert reply.content.startswith("word1 word2 ")
    assert len(reply.content) >= last_saved  # at least what the child saw saved before it died
    assert reply.generation.interrupted  # shown as cut off, not as a complete answer
    docs.shutdown()


def test_after_kill_9_an_outside_file_comes_back_with_its_unsaved_changes(
        qtbot, settings_path: Path, library: Library, tmp_path: Path) -> None:
    path = outside_file(tmp_path, "Story", "start")
    last_saved = run_until_killed(settings_path, library, path)
    assert len(files.load(path).messages) == 1  # the user's file was never written
    docs = make_controller(settings_path, library)
    assert docs.restore_session()
    assert docs.path == path and docs.dirty and docs.needs_save_prompt()
    assert [m.role for m in docs.conversation.messages] == ["user", "user", "assistant"]
    assert len(docs.conversation.messages[-1].content) >= last_saved
    with qtbot.waitSignal(docs.saved, timeout=3000):
        docs.save()
    assert len(files.load(path).messages) == 3
    assert not docs.recovery_path.exists()
    docs.shutdown()


# -- unsaved changes prompt ------------------------------------------------------------------------


def _prompt(qtbot) -> QMessageBox:
    box: list[QMessageBox] = []

    def found() -> bool:
        from PySide6.QtWidgets import QApplication

        box[:] = [w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QMessageBox) and w.objectName() == "unsaved-changes" and w.isVisible()]
        return bool(box)

    qtbot.waitUntil(found, timeout=2000)
    return box[0]


@pytest.fixture
def dirty_outside(qtbot, docs: DocumentController, tmp_path: Path) -> DocumentController:
    docs.open(outside_file(tmp_path))
    docs.conversation.append(Message("user", "unsaved"))
    docs.mark_changed()
    docs.flush()
    assert docs.needs_save_prompt() and docs.recovery_path.exists()
    return docs


def test_close_prompt_discard_forgets_the_changes(qtbot, dirty_outside: DocumentController) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    proceeded: list[bool] = []
    dirty_outside.confirm_discard(window, lambda: proceeded.append(True))
    box = _prompt(qtbot)
    assert "Mine" in box.text()
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: proceeded == [True])
    assert not dirty_outside.recovery_path.exists() and not dirty_outside.dirty
    assert len(files.load(dirty_outside.path).messages) == 1


def test_close_prompt_cancel_does_nothing(qtbot, dirty_outside: DocumentController) -> None:
    proceeded: list[bool] = []
    dirty_outside.confirm_discard(None, lambda: proceeded.append(True))
    _prompt(qtbot).button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert proceeded == [] and dirty_outside.needs_save_prompt()


def test_close_prompt_save_writes_then_proceeds(qtbot, dirty_outside: DocumentController) -> None:
    proceeded: list[bool] = []
    dirty_outside.confirm_discard(None, lambda: proceeded.append(True))
    _prompt(qtbot).button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: proceeded == [True], timeout=3000)
    assert [m.content for m in files.load(dirty_outside.path).messages] == ["original", "unsaved"]


def test_no_prompt_for_library_conversations(qtbot, docs: DocumentController) -> None:
    docs.conversation.append(Message("user", "autosaved anyway"))
    docs.mark_changed()
    proceeded: list[bool] = []
    docs.confirm_discard(None, lambda: proceeded.append(True))
    assert proceeded == [True]


# -- drops -----------------------------------------------------------------------------------------


def test_dropped_file_accepts_local_json_files_only(tmp_path: Path) -> None:
    conv = outside_file(tmp_path)
    other = tmp_path / "notes.txt"
    other.write_text("x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other)), QUrl.fromLocalFile(str(conv))])
    assert dropped_file(mime) == conv
    only_text = QMimeData()
    only_text.setUrls([QUrl.fromLocalFile(str(other)), QUrl("https://example.com/x.json")])
    assert dropped_file(only_text) is None
    plain = QMimeData()
    plain.setText(str(conv))
    assert dropped_file(plain) is None


# -- exports ---------------------------------------------------------------------------------------


def test_export_markdown_redacts_keys(qtbot, docs: DocumentController, tmp_path: Path) -> None:
    docs.conversation.title = "Export"
    docs.conversation.append(Message("user", "my key is sk-live-abcdefghijklmnop1234, oops"))
    docs.conversation.append(Message("assistant", "**Never** share it."))
    with qtbot.waitSignal(docs.exported, timeout=3000):
        docs.export_markdown(tmp_path / "talk.md")
    text = (tmp_path / "talk.md").read_text()
    assert text.startswith("# Export")
    assert "**Never** share it." in text
    assert "sk-live-abcdefghijklmnop1234" not in text


def test_export_to_a_missing_folder_reports_a_sentence(qtbot, docs: DocumentController, tmp_path: Path) -> None:
    with qtbot.waitSignal(docs.error, timeout=3000) as err:
        docs.export_text(tmp_path / "no" / "such" / "x.md", "x")
    assert err.args[0].startswith("Could not export “x.md”:")


@pytest.mark.parametrize("language", ["curl", "python"])
def test_request_snippets_carry_the_request_but_never_the_key(
        loop, arun, sse_server, memory_keyring, language: str) -> None:
    from parley.api.client import ChatClient
    from parley.core.conversation import Target
    from parley.secrets import KeyStore
    from parley.services.runner import Runner
    from parley.ui.documents import request_snippet

    key = "sk-secret-0123456789abcdefghij"
    keys = KeyStore()
    keys.set("custom", key)
    runner = Runner(client=ChatClient(), keys=keys)
    conv = Conversation(target=Target(provider="custom", model="test-model", base_url=sse_server.base_url),
                        params={"temperature": 0.3})
    conv.append(Message("user", "Say hi"))
    snippet = arun(request_snippet(runner, conv, language))
    arun(runner.aclose())
    assert key not in snippet
    assert "CUSTOM_API_KEY" in snippet
    assert "Say hi" in snippet and "test-model" in snippet and "0.3" in snippet
    assert sse_server.base_url in snippet


def test_a_request_snippet_for_the_built_in_model_never_starts_it(loop, arun) -> None:
    from parley.api.local import LocalServer
    from parley.core.conversation import Target
    from parley.services.runner import Runner
    from parley.ui.documents import request_snippet

    conv = Conversation(target=Target(provider="local"))
    conv.append(Message("user", "Say hi"))
    runner = Runner()
    runner.local = LocalServer()
    snippet = arun(request_snippet(runner, conv, "curl"))
    arun(runner.aclose())
    assert runner.local.pid is None and runner.local.base_url is None  # nothing was started
    assert "http://127.0.0.1:<port>/v1/chat/completions" in snippet and "Say hi" in snippet


def test_request_snippet_without_a_model_says_so(loop, arun) -> None:
    from parley.core.conversation import Target
    from parley.services.runner import Runner, RunSetupError
    from parley.ui.documents import request_snippet

    conv = Conversation(target=Target(provider="custom", model="", base_url="http://127.0.0.1:9/v1"))
    conv.append(Message("user", "x"))
    runner = Runner()
    with pytest.raises(RunSetupError, match="No model chosen"):
        arun(request_snippet(runner, conv, "curl"))
    arun(runner.aclose())
