"""The main window as a user meets it: shortcuts, sending, status bar, preferences, errors, start and stop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from parley.core import files
from parley.core.conversation import Conversation, Message, Target
from parley.paths import library_dir
from parley.services.library import Library
from parley.services.runner import Runner
from parley.ui.app import ErrorReporter, ShutdownHooks, app_settings, main, window_runner
from parley.ui.documents import DocumentController
from parley.ui.main_window import SEND_KEY_SETTING, MainWindow
from parley.ui.theme import DARK, LIGHT, ThemeManager
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks
from tests.ui.conftest import until


@pytest.fixture(params=["in-process", "app"])
def runner(request: pytest.FixtureRequest, arun) -> Runner:
    """Every window test runs with a runner that reads streams itself, and with the app's, whose
    streams are read by a child process (parley.ui.app.window_runner)."""
    r = window_runner() if request.param == "app" else Runner()
    yield r
    arun(r.aclose())


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, runner: Runner, sse_server: LoopbackServer) -> MainWindow:
    settings = app_settings()
    documents = DocumentController(settings, Library(library_dir()))
    documents.conversation.target = Target(provider="custom", model="test-model", base_url=sse_server.base_url)
    themes = ThemeManager(qapp, "light")
    win = MainWindow(settings=settings, documents=documents, runner=runner, themes=themes)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.warm_up()  # what the app does after the first paint: the parameter sidebar arrives
    yield win
    win._closing_confirmed = True
    win.close()
    documents.shutdown()


def test_typing_and_enter_sends_and_the_reply_streams_in(qtbot: QtBot, arun, window: MainWindow,
                                                         sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["Hi", " there", "!"]), delay=0.01))
    window.focus_composer()
    qtbot.keyClicks(window.composer.edit, "Hello")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    conv = window.documents.conversation
    assert [m.role for m in conv.messages] == ["user", "assistant"]
    assert window.composer.edit.toPlainText() == ""
    assert window.stop_action.isEnabled() and window.composer.send_button.text() == "Stop"
    arun(until(lambda: not window.controller.running, 10))
    assert conv.messages[-1].text == "Hi there!"
    assert not window.stop_action.isEnabled()
    assert window.documents.dirty or window.documents.path is not None  # autosave knows about it
    arun(until(lambda: window.documents.path is not None and window.documents.path.is_file(), 5, "autosave"))
    assert files.load(window.documents.path).messages[-1].text == "Hi there!"


def test_escape_stops_a_streaming_reply(qtbot: QtBot, arun, window: MainWindow, sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(500)]), delay=0.01))
    assert not window.stop_action.isEnabled()  # Esc is free for editors and the find bar when idle
    window.controller.send("Go on")
    reply = window.documents.conversation.messages[-1]
    arun(until(lambda: len(reply.text) > 10, 10))
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Escape)
    assert not window.controller.running
    arun(until(lambda: reply.generation is not None and reply.generation.interrupted, 5))
    assert 0 < len(reply.text) < len("".join(f"w{i} " for i in range(500)))


def _edit_in_progress(window: MainWindow, message: Message, text: str):
    window.pane.view.start_edit(message.id)
    card = window.pane.view.widget_for(message.id)
    assert card is not None and card.editing
    card.editor.text.setPlainText(text)
    return card


@pytest.mark.parametrize("how", ["edit", "insert"])
def test_a_message_editor_is_shown_whole_in_the_view(qtbot: QtBot, window: MainWindow, how: str) -> None:
    c = window.controller
    for i in range(12):
        c.send(f"message {i}", role="user" if i % 2 == 0 else "assistant", run=False)
    conv = window.documents.conversation
    if how == "edit":
        target = conv.messages[5]
        window.pane.view.start_edit(target.id)
    else:  # Insert message below › tool, on the last message: the new card opens in its editor
        c.handle_action("insert", conv.messages[-1].id, ("below", "tool"))
        target = conv.messages[-1]
    view = window.pane.view
    view._relayout_now()
    card = view.widget_for(target.id)
    assert card is not None and card.editing and card.isVisible()
    # the card grew to hold its editor (it used to collapse to height 0: nothing to type into)
    assert card.height() >= card.editor.sizeHint().height() + card.role_label.height()
    top_left = card.mapTo(view.viewport(), card.rect().topLeft())
    assert top_left.y() >= 0 and top_left.y() + card.height() <= view.viewport().height()


def test_an_edit_in_progress_outlives_a_theme_change_and_a_branch_switch(
        qtbot: QtBot, arun, window: MainWindow) -> None:
    c = window.controller
    c.send("Question", run=False)
    c.send("Answer", role="assistant", run=False)
    question, answer = window.documents.conversation.messages
    _edit_in_progress(window, answer, "Half-typed rewrite")
    window.themes.set_preference("dark")  # every card is rebuilt in the new colours
    card = window.pane.view.widget_for(answer.id)
    assert card is not None and card.editing and card.editor.text.toPlainText() == "Half-typed rewrite"
    c.handle_action("branch", question.id, None)  # "Branch from here": the answer is not on the new branch
    assert window.documents.conversation.active_branch == 1
    window.pane.branches.activated.emit(0)  # back to the first branch: the edit is still open
    card = window.pane.view.scroll_to_message(answer.id)
    assert card is not None and card.editing and card.editor.text.toPlainText() == "Half-typed rewrite"
    assert answer.text == "Answer"  # not saved until the user saves it


def test_delete_key_on_a_message_and_ctrl_z_brings_it_back(qtbot: QtBot, window: MainWindow) -> None:
    c = window.controller
    for text in ("one", "two", "three"):
        c.send(text, run=False)
    conv = window.documents.conversation
    two = conv.messages[1]
    card = window.pane.view.scroll_to_message(two.id)
    card.copy_button.setFocus()  # Tab reaches a card's buttons; the key works from anything in the card
    assert not window.undo_delete_action.isEnabled()
    qtbot.keyClick(card.copy_button, Qt.Key.Key_Delete)
    assert [m.text for m in conv.messages] == ["one", "three"]
    assert window.pane.view.hasFocus()  # not the next card: a held key does not delete one after another
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Delete)
    assert [m.text for m in conv.messages] == ["one", "three"]
    three = window.pane.view.scroll_to_message(conv.messages[1].id)  # text selected in a card: Delete keeps it
    three.body.setFocus()
    three.body.selectAll()
    qtbot.keyClick(three.body, Qt.Key.Key_Delete)
    assert [m.text for m in conv.messages] == ["one", "three"]
    assert "Undo delete" in window.statusBar().currentMessage()
    assert window.undo_delete_action.isEnabled()
    # Ctrl+Z in the composer is the composer's own undo, not the message's
    window.focus_composer()
    qtbot.keyClicks(window.composer.edit, "draft")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.composer.edit.toPlainText() == "" and [m.text for m in conv.messages] == ["one", "three"]
    window.pane.view.setFocus()
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.text for m in conv.messages] == ["one", "two", "three"] and conv.messages[1] is two
    assert not window.undo_delete_action.isEnabled()
    assert window.pane.view.widget_for(two.id) is not None or window.pane.view.message_count == 3
    # an open editor keeps Delete for its text
    window.pane.view.start_edit(two.id)
    editor = window.pane.view.widget_for(two.id).editor
    editor.text.setFocus()
    qtbot.keyClick(editor.text, Qt.Key.Key_Delete)
    assert len(conv.messages) == 3


def test_an_edit_in_progress_on_a_branch_not_shown_is_saved_on_close(qtbot: QtBot, window: MainWindow) -> None:
    c = window.controller
    c.send("Question", run=False)
    c.send("Answer", role="assistant", run=False)
    question, answer = window.documents.conversation.messages
    _edit_in_progress(window, answer, "Half-typed rewrite")
    c.handle_action("branch", question.id, None)  # the answer's branch is no longer shown
    window._closing_confirmed = True
    window.close()
    assert answer.text == "Half-typed rewrite" and answer.edited
    window.documents.flush()
    saved = files.load(window.documents.path)
    assert saved.branches[0].messages[1].text == "Half-typed rewrite"


@pytest.fixture
def library_window(qtbot: QtBot, runner: Runner, sse_server: LoopbackServer):
    """The window with its library panel (as the app builds it), and one other conversation in the library."""
    from parley.ui.library.panel import LibraryPanel

    library = Library(library_dir())
    other = Conversation(title="Other")
    other.append(Message("user", "elsewhere"))
    files.save(other, library.folder / "Other.parley.json")
    settings = app_settings()
    documents = DocumentController(settings, library)
    documents.conversation.target = Target(provider="custom", model="test-model", base_url=sse_server.base_url)
    panel = LibraryPanel(library, search_delay_ms=10)
    win = MainWindow(settings=settings, documents=documents, runner=runner, themes=None, library_panel=panel)
    panel.bind(documents)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.refresh()
    yield win, panel, library
    win._closing_confirmed = True
    win.close()
    panel.shutdown()
    documents.shutdown()


def test_escape_in_the_library_search_clears_it_and_leaves_the_reply_streaming(
        qtbot: QtBot, arun, library_window, sse_server: LoopbackServer) -> None:
    win, panel, _library = library_window
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(300)]), delay=0.01))
    win.controller.send("Go on")
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "Oth")
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and win.controller.running
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)  # nothing left to clear: Esc stops the reply as anywhere
    assert not win.controller.running


def test_ctrl_z_undoes_what_was_done_where_the_focus_is(qtbot: QtBot, library_window) -> None:
    """A deleted message and a trashed conversation can both be undone: Ctrl+Z in the conversation brings
    the message back, Ctrl+Z in the library the conversation (two window-wide Ctrl+Z did nothing)."""
    win, panel, library = library_window
    documents = win.documents
    for text in ("one", "two"):
        win.controller.send(text, run=False)
    conv = documents.conversation
    win.controller.handle_action("delete", conv.messages[0].id, None)
    panel.select_path(library.folder / "Other.parley.json")
    panel.view.setFocus()
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert not (library.folder / "Other.parley.json").exists()
    assert win.undo_delete_action.isEnabled() and panel.undo_action.isEnabled()
    with qtbot.waitSignal(panel.restored, timeout=3000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (library.folder / "Other.parley.json").exists() and [m.text for m in conv.messages] == ["two"]
    win.pane.view.setFocus()
    qtbot.keyClick(win.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.text for m in conv.messages] == ["one", "two"]


def test_closing_the_window_saves_an_edit_in_progress(qtbot: QtBot, arun, window: MainWindow) -> None:
    window.controller.send("Question", run=False)
    window.controller.send("Answer", role="assistant", run=False)
    answer = window.documents.conversation.messages[-1]
    _edit_in_progress(window, answer, "Rewritten before closing")
    window._closing_confirmed = True
    window.close()
    assert answer.text == "Rewritten before closing"
    window.documents.flush()
    assert files.load(window.documents.path).messages[-1].text == "Rewritten before closing"


def test_opening_another_conversation_saves_an_edit_in_progress_with_the_first(
        qtbot: QtBot, arun, window: MainWindow, tmp_path: Path) -> None:
    window.controller.send("Question", run=False)
    arun(until(lambda: window.documents.path is not None, 5))
    first = window.documents.path
    question = window.documents.conversation.messages[0]
    _edit_in_progress(window, question, "A better question")
    window.new_conversation()
    assert window.documents.conversation.messages == []
    assert window.pane.view.open_edits() == {}
    assert files.load(first).messages[0].text == "A better question"


def test_the_branch_selector_waits_while_a_reply_streams(qtbot: QtBot, arun, window: MainWindow,
                                                          sse_server: LoopbackServer) -> None:
    c = window.controller
    c.send("Question", run=False)
    c.handle_action("branch", window.documents.conversation.messages[0].id, None)
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(300)]), delay=0.01))
    c.send("Go on")
    assert not window.pane.branches.isEnabled() and "Stop" in window.pane.branches.toolTip()
    notices: list[str] = []
    c.notice.connect(notices.append)
    c.switch_branch(0)  # e.g. from a shortcut: refused, with the reason
    assert window.documents.conversation.active_branch == 1 and "still streaming" in notices[-1]
    assert window.pane.branches.currentIndex() == 1
    c.stop()
    assert window.pane.branches.isEnabled()
    window.pane.branches.activated.emit(0)
    assert window.documents.conversation.active_branch == 0 and window.pane.branches.currentIndex() == 0


@pytest.mark.parametrize("switch", ["new", "open"])
def test_switching_conversation_mid_stream_saves_the_reply_as_stopped(
        qtbot: QtBot, arun, window: MainWindow, sse_server: LoopbackServer, tmp_path: Path, switch: str) -> None:
    other = tmp_path / "other.parley.json"
    elsewhere = Conversation(title="Other")
    elsewhere.append(Message("user", "elsewhere"))
    files.save(elsewhere, other)
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(300)]), delay=0.01))
    window.controller.send("Hi")
    reply = window.documents.conversation.messages[-1]
    arun(until(lambda: len(reply.text) > 20 and window.documents.path is not None, 10))
    path = window.documents.path
    if switch == "new":
        window.new_conversation()
    else:
        window.documents.open(other)
    assert not window.controller.running
    shown = reply.text  # what the card showed when the user left
    arun(asyncio.sleep(0.6))  # the stopped run winds down; autosave would have had its turn
    saved = files.load(path).messages[-1]
    assert saved.generation is not None and saved.generation.interrupted
    assert saved.text == shown and 20 < len(shown) < len("".join(f"w{i} " for i in range(300)))
    # the reply's late events land nowhere: the new document stays clean, no stray file appears
    assert not window.documents.dirty
    assert [p.name for p in library_dir().glob("*.json")] == [path.name]
    if switch == "new":
        assert window.documents.path is None and window.documents.conversation.messages == []



def test_shortcuts_focus_composer_find_and_send_from_anywhere(qtbot: QtBot, arun, window: MainWindow,
                                                              sse_server: LoopbackServer) -> None:
    window.pane.view.setFocus()
    qtbot.keyClick(window.pane.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.composer.edit.hasFocus()
    qtbot.keyClicks(window.composer.edit, "From anywhere")
    window.pane.view.setFocus()
    sse_server.queue(Reply(chunks=chat_chunks(["ok"])))
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    arun(until(lambda: not window.controller.running and window.documents.conversation.messages[-1].text == "ok",
               10))
    qtbot.keyClick(window.pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.find_bar.isVisible() and window.pane.find_bar.field.hasFocus()
    qtbot.keyClicks(window.pane.find_bar.field, "anywhere")
    assert window.pane.find_bar.count.text() == "1/1"
    qtbot.keyClick(window.pane.find_bar.field, Qt.Key.Key_Escape)
    assert not window.pane.find_bar.isVisible()


def test_new_conversation_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    window.controller.add_message("user", "old")
    old = window.documents.conversation
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.documents.conversation is not old
    assert window.controller.conversation is window.documents.conversation
    assert window.pane.view.message_count == 0


def test_status_bar_shows_provider_model_key_and_next_request_tokens(arun, window: MainWindow) -> None:
    assert window.provider_label.text() == "Custom (OpenAI-compatible)"  # the profile's name; its id on hover
    assert "custom" in window.provider_label.toolTip()
    assert window.model_label.text() == "test-model"
    assert window.key_label.text() == "key: not needed"
    assert window.tokens_label.text() == "next request: 0 tokens"  # no tokenizer loaded for nothing
    window.controller.add_message("user", "Count my tokens, please.")
    arun(until(lambda: window.tokens_label.text() != "next request: 0 tokens", 10, "the token count"))
    # "test-model" has its own tokenizer: counted with o200k, shown as approximate and said why.
    assert window.tokens_label.text() == "next request: ≈13 tokens"
    assert "uses its own tokenizer" in window.tokens_label.toolTip()
    window.documents.conversation.target.model = "gpt-4o-mini"  # an OpenAI model: tiktoken is its tokenizer
    window._request_count()
    arun(until(lambda: "≈" not in window.tokens_label.text(), 10, "the exact count"))
    assert window.tokens_label.text() == "next request: 13 tokens"
    window.documents.conversation.target.model = ""  # no model: the custom profile has no default either
    window._request_count()
    arun(until(lambda: "≈" in window.tokens_label.text(), 10, "the approximate count"))
    window.documents.conversation.target = Target(provider="local")  # no model: the provider's default is named
    window._refresh_status()
    local = window.controller.runner.profiles["local"]
    assert window.provider_label.text() == local.name
    assert window.model_label.text() == "smollm2-135m-instruct (the provider's default)"


def test_the_parameter_sidebar_is_bound_to_the_open_conversation(qtbot: QtBot, window: MainWindow) -> None:
    from parley.ui.sidebar.panel import ParameterSidebar

    sidebar = window.sidebar
    assert isinstance(sidebar, ParameterSidebar) and window.sidebar_dock.widget() is sidebar
    edit = sidebar.model_combo.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "gpt-4o-mini")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.documents.conversation.target.model == "gpt-4o-mini"
    assert window.model_label.text() == "gpt-4o-mini"  # the status bar follows the sidebar
    assert window.documents.dirty or window.documents.path is not None
    # another conversation: the sidebar shows its target
    window.documents.new()
    assert sidebar.model_combo.currentText() == window.documents.conversation.target.model


def test_window_state_and_preferences_survive_a_restart(qtbot: QtBot, qapp: QApplication, runner: Runner,
                                                        isolated_settings: Path) -> None:
    settings = app_settings()
    assert Path(settings.fileName()).is_relative_to(isolated_settings)  # never the user's real settings
    documents = DocumentController(settings, Library(library_dir()))
    first = MainWindow(settings=settings, documents=documents, runner=runner)
    qtbot.addWidget(first)
    first.resize(720, 520)  # within the offscreen screen: restoreGeometry clamps to it
    first.set_send_key("ctrl+enter")
    first.save_state()
    second = MainWindow(settings=QSettings(settings.fileName(), QSettings.Format.IniFormat), documents=documents,
                        runner=runner)
    qtbot.addWidget(second)
    assert second.size().toTuple() == (720, 520)
    assert second.composer.send_key == "ctrl+enter"
    assert settings.value(SEND_KEY_SETTING) == "ctrl+enter"
    documents.shutdown()


def test_dark_and_light_follow_the_preference(qapp: QApplication, window: MainWindow) -> None:
    window.set_theme("dark")
    assert qapp.palette().window().color().name() == DARK.window
    window.set_theme("light")
    assert qapp.palette().window().color().name() == LIGHT.window


def test_the_system_preference_follows_the_os_scheme_as_it_changes(
        qapp: QApplication, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QGuiApplication

    from parley.ui import theme as theme_module

    window.set_theme("system")
    os_dark = [False]
    monkeypatch.setattr(theme_module, "system_prefers_dark", lambda: os_dark[0])
    hints = QGuiApplication.styleHints()
    os_dark[0] = True
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what Qt sends when the OS switches
    assert qapp.palette().window().color().name() == DARK.window
    assert window.pane.view.theme is DARK  # the conversation repaints in it too
    os_dark[0] = False
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert qapp.palette().window().color().name() == LIGHT.window
    window.set_theme("light")  # an explicit choice is not overridden by the OS
    os_dark[0] = True
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert qapp.palette().window().color().name() == LIGHT.window


def test_an_unexpected_error_is_shown_not_fatal_and_keys_are_redacted(qtbot: QtBot, loop) -> None:
    reporter = ErrorReporter(show_dialog=True)
    reporter.install(loop)
    try:
        reported: list[str] = []
        reporter.reported.connect(reported.append)

        def broken_slot() -> None:
            raise RuntimeError("boom with sk-proj-FAKE-boom-0123456789")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(reported), timeout=2000)
        assert reported[0].startswith("RuntimeError: boom")
        assert "sk-proj-abcdefghij" not in reported[0]
        assert reporter._dialog is not None and "boom" in reporter._dialog.text()
        reporter._dialog.close()
    finally:
        reporter.uninstall()


def test_shutdown_hooks_all_run_even_when_one_fails(arun) -> None:
    ran: list[str] = []
    hooks = ShutdownHooks()
    hooks.add("first", lambda: ran.append("first"))

    def failing() -> None:
        raise RuntimeError("x")

    async def last() -> None:
        await asyncio.sleep(0)
        ran.append("async")

    hooks.add("failing", failing)
    hooks.add("async", last)
    arun(hooks.run())
    assert ran == ["async", "first"]  # newest first; the failure did not stop the rest


@pytest.mark.timeout(60)
def test_parley_file_opens_it_and_closing_shuts_down_cleanly(qapp: QApplication, tmp_path: Path) -> None:
    conv = Conversation(title="Opened from the command line")
    conv.append(Message(role="user", content="こんにちは"))
    path = tmp_path / "hello.parley.json"
    files.save(conv, path)
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, look_and_close)
            return
        win = windows[0]
        seen["title"] = win.windowTitle()
        seen["messages"] = [m.text for m in win.documents.conversation.messages]
        win.close()

    QTimer.singleShot(50, look_and_close)
    assert main([str(path)]) == 0
    assert seen["title"] == "Opened from the command line — Parley"
    assert seen["messages"] == ["こんにちは"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]


def _logprob(token: str, logprob: float) -> dict:
    alternatives = [{"token": token, "bytes": list(token.encode()), "logprob": logprob},
                    {"token": token.upper() + "!", "bytes": list((token.upper() + "!").encode()), "logprob": -3.0}]
    return {"token": token, "bytes": list(token.encode()), "logprob": logprob, "top_logprobs": alternatives}


def test_a_finished_reply_opens_in_the_token_inspector(qtbot: QtBot, arun, window: MainWindow,
                                                       sse_server: LoopbackServer) -> None:
    pieces = ["The", " sky", " is", " blue"]
    sse_server.queue(Reply(chunks=chat_chunks(pieces, logprobs=[[_logprob(p, -0.1 * (i + 1))]
                                                                 for i, p in enumerate(pieces)])))
    window.controller.send("Colour of the sky?")
    conv = window.documents.conversation
    reply = conv.messages[-1]
    arun(until(lambda: not window.controller.running and window.controller.live_for(reply.id) is None, 10))
    inspector = window.inspector
    assert inspector is not None and window.inspector_dock.widget() is inspector
    assert inspector.message_id == reply.id and inspector.showing_tokens
    assert [t.token for t in inspector.sequence.tokens] == pieces
    # clicking into the user's message: it was typed, there is nothing to inspect
    user_card = window.pane.view.widget_for(conv.messages[0].id)
    user_card.body.setFocus()
    assert inspector.message_id is None and not inspector.showing_tokens
    window.pane.view.widget_for(reply.id).body.setFocus()
    assert inspector.message_id == reply.id
    # a bias from the inspector lands in the request parameters and can regenerate at once
    sse_server.queue(Reply(chunks=chat_chunks(["Blue", "."])))
    inspector.bias_requested.emit(reply.id, {"1234": -100}, True)
    assert conv.params["logit_bias"] == {"1234": -100}
    arun(until(lambda: not window.controller.running and reply.text == "Blue.", 10))
    assert sse_server.requests[-1].body["logit_bias"] == {"1234": -100}
    assert len(reply.alternatives()) == 2


def test_the_window_modules_do_not_load_the_http_stack_before_the_first_paint() -> None:
    # The runner (httpx, provider profiles, ~90 ms of imports) is created after the first paint;
    # importing it at module level from the window's modules put it back on the start-up path.
    import subprocess
    import sys

    code = ("import sys\nimport parley.ui.app, parley.ui.main_window, parley.ui.documents, parley.ui.library.panel\n"
            "print(sorted(m for m in ('httpx', 'parley.services.runner', 'parley.api.client') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def test_a_llama_cpp_server_that_is_down_still_gets_an_offline_estimate(arun, window: MainWindow) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    window.documents.conversation.target = Target(provider="llamacpp", model="qwen", base_url=f"http://127.0.0.1:{port}/v1")
    window.controller.add_message("user", "Count my tokens, please.")
    window._request_count()
    arun(until(lambda: "≈" in window.tokens_label.text(), 20, "the offline estimate"))
    assert window.tokens_label.text() == "next request: ≈13 tokens"


@pytest.mark.parametrize("content", [None, "{not json"], ids=["missing", "broken"])
def test_parley_file_that_cannot_open_says_why_in_the_window(qapp: QApplication, tmp_path: Path,
                                                             content: str | None) -> None:
    path = tmp_path / "notes.parley.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    seen: dict[str, str] = {}

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        box = getattr(windows[0], "startup_problem", None) if windows else None
        if box is None or not box.isVisible():
            QTimer.singleShot(20, look_and_close)
            return
        seen["box"] = box.windowTitle() + ": " + box.text()
        box.accept()
        windows[0].close()

    QTimer.singleShot(50, look_and_close)
    assert main([str(path)]) == 0
    assert seen["box"].startswith("Could not open the file: ") and "notes.parley.json" in seen["box"], seen


def test_the_empty_page_names_the_send_key_the_user_chose(window: MainWindow) -> None:
    view = window.pane.view
    assert "press Enter to ask the model" in view.empty_text()
    window.set_send_key("ctrl+enter")
    assert "press Ctrl+Enter to ask the model" in view.empty_text()
    assert window.composer.hint.text().startswith("Ctrl+Enter sends")


def _outside_file(tmp_path: Path, title: str = "Notes") -> Path:
    conv = Conversation(title=title)
    conv.append(Message(role="user", content="original"))
    path = tmp_path / f"{title}.parley.json"
    files.save(conv, path)
    return path


def _unsaved_box(qapp: QApplication):
    from PySide6.QtWidgets import QMessageBox

    boxes = [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == "unsaved-changes"
             and w.isVisible()]
    return boxes[0] if boxes else None


def test_closing_with_unsaved_changes_to_an_outside_file_asks_first(qtbot: QtBot, qapp: QApplication,
                                                                     window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = _outside_file(tmp_path)
    window.open_path(path)
    window.controller.add_message("user", "an unsaved change")
    assert window.windowTitle().startswith("Notes *")
    window.close()
    qtbot.waitUntil(lambda: _unsaved_box(qapp) is not None, timeout=2000)
    box = _unsaved_box(qapp)
    assert "Notes" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()  # Cancel: the window stays, the change too
    assert window.isVisible() and window.documents.conversation.messages[-1].text == "an unsaved change"
    window.close()
    qtbot.waitUntil(lambda: _unsaved_box(qapp) is not None, timeout=2000)
    _unsaved_box(qapp).button(QMessageBox.StandardButton.Save).click()  # Save: written, then closed
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert [m.text for m in files.load(path).messages] == ["original", "an unsaved change"]


def test_an_edit_in_progress_on_an_outside_file_is_asked_about_before_another_conversation_opens(
        qtbot: QtBot, qapp: QApplication, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = _outside_file(tmp_path)
    window.open_path(path)
    message = window.documents.conversation.messages[0]
    window.pane.view.start_edit(message.id)
    assert not window.documents.needs_save_prompt()
    window.documents.confirm_discard(window, lambda: None)  # an editor opened and left as it was: no prompt
    assert _unsaved_box(qapp) is None and not window.documents.needs_save_prompt()
    _edit_in_progress(window, message, "A better question")
    window.new_conversation()
    qtbot.waitUntil(lambda: _unsaved_box(qapp) is not None, timeout=2000)
    _unsaved_box(qapp).button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: window.documents.path is None, timeout=3000)
    assert [m.text for m in files.load(path).messages] == ["A better question"]


def test_save_shortcut_writes_an_outside_file_and_recent_reopens_it(qtbot: QtBot, qapp: QApplication,
                                                                     window: MainWindow, tmp_path: Path) -> None:
    path = _outside_file(tmp_path, "Project")
    window.open_path(path)
    window.controller.add_message("user", "saved with Ctrl+S")
    with qtbot.waitSignal(window.documents.saved, timeout=3000):
        QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert files.load(path).messages[-1].text == "saved with Ctrl+S"
    assert not window.windowTitle().startswith("Project *")
    assert window.statusBar().currentMessage() == f"Saved {path.name}"
    window.new_conversation()
    assert window.documents.conversation.messages == []
    window._fill_recent()  # what showing File › Open recent does
    entries = [a for a in window.recent_menu.actions() if a.text() == path.name]
    assert entries and entries[0].toolTip() == str(path)
    entries[0].trigger()
    assert window.documents.path == path and window.documents.conversation.messages[-1].text == "saved with Ctrl+S"


def test_save_as_never_replaces_a_file_without_asking(qtbot: QtBot, qapp: QApplication, window: MainWindow,
                                                      tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    existing = _outside_file(tmp_path, "notes")  # notes.parley.json, with its own message
    window.controller.add_message("user", "this conversation")
    window.save_as_dialog()
    dialog = next(d for d in window.findChildren(QFileDialog) if d.isVisible())
    assert dialog.defaultSuffix() == "parley.json"  # "notes" typed: the dialog itself asks about notes.parley.json
    dialog.reject()
    window.save_as_checked(tmp_path / "notes.json")  # typed with .json: Parley makes it notes.parley.json
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "notes.parley.json" in box.text() and "already exists" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert [m.text for m in files.load(existing).messages] == ["original"]
    window.save_as_checked(tmp_path / "notes")
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    next(b for b in box.buttons() if b.text() == "Replace").click()
    qtbot.waitUntil(lambda: window.documents.path == existing and not window.documents.dirty, timeout=3000)
    assert [m.text for m in files.load(existing).messages] == ["this conversation"]


def test_exports_get_their_file_extension(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    for kind, suffix in (("json", "json"), ("markdown", "md")):
        window.export_dialog(kind)
        dialog = next(d for d in window.findChildren(QFileDialog) if d.isVisible())
        assert dialog.defaultSuffix() == suffix
        dialog.reject()


def test_file_dialogs_start_in_the_folder_last_used(window: MainWindow, tmp_path: Path) -> None:
    import os

    from PySide6.QtWidgets import QFileDialog

    def shown() -> QFileDialog:
        return next(d for d in window.findChildren(QFileDialog) if d.isVisible())

    window.open_dialog()
    dialog = shown()
    assert Path(dialog.directory().absolutePath()) != Path(os.getcwd())  # not wherever Parley was launched
    picked = _outside_file(tmp_path)
    dialog.fileSelected.emit(str(picked))  # what choosing a file does
    dialog.reject()
    assert window.documents.path == picked
    window.save_as_dialog()
    dialog = shown()
    assert Path(dialog.directory().absolutePath()) == tmp_path
    dialog.reject()


def test_a_file_that_cannot_be_opened_says_why_in_a_box(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    broken = tmp_path / "broken.parley.json"
    broken.write_text('{"format": "parley.conversation", "messages": [', encoding="utf-8")
    before = window.documents.conversation
    window.open_path(broken)
    box = window.error_box
    assert box is not None and box.isVisible() and "broken.parley.json" in box.text()
    assert window.documents.conversation is before  # nothing else changed


def test_models_listed_in_providers_and_keys_are_offered_when_that_provider_is_picked(
        qtbot: QtBot, window: MainWindow) -> None:
    sidebar = window.sidebar
    window.documents.conversation.target = Target(provider="local")
    window._on_conversation_loaded(window.documents.conversation)
    assert sidebar.model_combo.lineEdit().placeholderText() == "default: smollm2-135m-instruct"
    window._models_listed("custom", ["served-a", "served-b"])  # Test connection on another provider
    assert sidebar.model_combo.count() == 0  # not this conversation's provider
    sidebar.provider_combo.setCurrentIndex(sidebar.provider_combo.findData("custom"))
    sidebar.provider_combo.activated.emit(sidebar.provider_combo.currentIndex())
    assert window.documents.conversation.target.provider == "custom"
    assert [sidebar.model_combo.itemText(i) for i in range(sidebar.model_combo.count())] == ["served-a", "served-b"]
    assert sidebar.model_combo.lineEdit().placeholderText() == "model id, e.g. gpt-4o-mini"  # custom: no default


def test_a_conversation_whose_provider_is_gone_says_so_in_the_status_bar(window: MainWindow) -> None:
    window.documents.conversation.target = Target(provider="deleted-custom", model="m")
    window._refresh_status()
    assert window.key_label.text() == "provider not found: pick one in the sidebar"


def test_the_token_inspector_follows_a_streaming_answer_while_it_is_on_screen(
        qtbot: QtBot, arun, window: MainWindow, sse_server: LoopbackServer) -> None:
    pieces = [f" w{i}" for i in range(40)]
    sse_server.queue(Reply(chunks=chat_chunks(pieces, logprobs=[[_logprob(p, -0.05 * (i % 7))]
                                                                for i, p in enumerate(pieces)]), delay=0.05))
    window.inspector_dock.raise_()  # the Tokens tab in front of Parameters
    inspector = window.inspector
    qtbot.waitUntil(inspector.isVisible, timeout=2000)
    window.controller.send("Count slowly.")
    reply = window.documents.conversation.messages[-1]
    seen: list[int] = []
    arun(until(lambda: inspector.live and len(inspector.sequence.tokens) >= 5, 10, "a live view"))
    seen.append(len(inspector.sequence.tokens))
    assert seen[0] < len(pieces) and inspector.message_id == reply.id
    assert inspector.status.text().startswith("Streaming:")
    assert not inspector.export_button.isEnabled()  # nothing that needs the finished answer
    arun(until(lambda: len(inspector.sequence.tokens) > seen[0] and inspector.live, 10, "a later redraw"))
    arun(until(lambda: not window.controller.running and window.controller.live_for(reply.id) is None, 10))
    arun(until(lambda: not inspector.live and len(inspector.sequence.tokens) == len(pieces), 5, "the full view"))
    assert inspector.export_button.isEnabled() and inspector.status.text() == ""
