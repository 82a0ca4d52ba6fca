"""Features wired into the main window: the Compare tab (shortcut, shared runner, keep this answer, Esc
per tab) and the inspector's "Continue with this alternative" run through the conversation controller.

Everything streams from loopback SSE servers through the window's real runner.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.api.local import LocalServer
from parley.core import files
from parley.core.conversation import Choice, Generation, Target
from parley.paths import library_dir
from parley.services.library import Library
from parley.services.runner import Runner
from parley.ui.app import app_settings
from parley.ui.documents import DocumentController
from parley.ui.main_window import COMPARE_TAB, CONVERSATION_TAB, MainWindow
from parley.ui.theme import ThemeManager
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks
from tests.ui.conftest import until

ROOT = Path(__file__).resolve().parents[2]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def runner(arun) -> Iterator[Runner]:
    r = Runner()
    yield r
    arun(r.aclose())


@pytest.fixture
def servers() -> Iterator[list[LoopbackServer]]:
    started = [LoopbackServer().start() for _ in range(2)]
    yield started
    for s in started:
        s.stop()


def make_window(qtbot: QtBot, qapp: QApplication, runner: Runner, target: Target, *,
                track: bool = True) -> MainWindow:
    """``track=False``: the test deletes the window itself (as the app does when it closes)."""
    settings = app_settings()
    documents = DocumentController(settings, Library(library_dir()))
    documents.conversation.target = target
    win = MainWindow(settings=settings, documents=documents, runner=runner, themes=ThemeManager(qapp, "light"))
    if track:
        qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)  # window shortcuts need the active window
    win.warm_up()
    return win


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, runner: Runner, sse_server: LoopbackServer,
           arun) -> Iterator[MainWindow]:
    win = make_window(qtbot, qapp, runner, Target(provider="custom", model="test-model",
                                                  base_url=sse_server.base_url))
    yield win
    win._closing_confirmed = True
    win.close()
    arun(win.compare.aclose()) if win.compare is not None else None
    win.documents.shutdown()


def open_compare_with(qtbot: QtBot, window: MainWindow, servers: list[LoopbackServer]):
    """Ctrl+Shift+K from the conversation, then one column per loopback server."""
    window.pane.view.setFocus()
    qtbot.keyClick(window.pane.view, Qt.Key.Key_K, CTRL_SHIFT)
    ws = window.compare
    assert ws is not None and window.tabs.currentIndex() == COMPARE_TAB and ws.isVisible()
    ws.clear_columns()
    for i, server in enumerate(servers):
        ws.add_target(Target(provider="custom", model=f"model-{'ab'[i]}", base_url=server.base_url))
    return ws


def test_compare_tab_opens_with_the_shortcut_runs_two_targets_and_keeps_an_answer(
        qtbot: QtBot, arun, window: MainWindow, servers: list[LoopbackServer]) -> None:
    assert window.compare is None  # nothing built until the tab is first shown
    conv = window.documents.conversation
    window.controller.add_message("user", "Describe rain in one line.")
    servers[0].queue(Reply(chunks=chat_chunks(["Soft ", "drizzle."], model="model-a")))
    servers[1].queue(Reply(chunks=chat_chunks(["Heavy ", "storm."], model="model-b"), delay=0.02))
    ws = open_compare_with(qtbot, window, servers)
    assert ws.runner is window.controller.runner  # one HTTP client, one local server for the window
    assert "Describe rain in one line." in ws.prompt_label.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL_SHIFT)  # Run, from inside the tab
    assert ws.running
    arun(until(lambda: not ws.running, 10, "the comparison"))
    assert [c.state for c in ws.columns] == ["done", "done"]
    assert [s.requests[-1].body["model"] for s in servers] == ["model-a", "model-b"]
    assert ws.columns[1].body.toPlainText().strip() == "Heavy storm."
    assert len(conv.messages) == 1  # a comparison does not change the conversation

    qtbot.mouseClick(ws.columns[1].keep_button, Qt.MouseButton.LeftButton)
    assert [m.role for m in conv.messages] == ["user", "assistant"]
    kept = conv.messages[-1]
    assert kept.text == "Heavy storm." and kept.generation.request["model"] == "model-b"
    assert window.tabs.currentIndex() == CONVERSATION_TAB  # back to the conversation, which shows it
    arun(until(lambda: window.pane.view.widget_for(kept.id) is not None, 5, "the kept answer's card"))
    assert window.pane.view.widget_for(kept.id).body.toPlainText().strip() == "Heavy storm."
    assert "2 messages" in ws.prompt_label.text()  # the workspace follows the conversation
    arun(until(lambda: window.documents.path is not None and window.documents.path.is_file(), 5, "autosave"))
    assert files.load(window.documents.path).messages[-1].text == "Heavy storm."


def test_keeping_an_answer_is_refused_while_a_reply_streams(qtbot: QtBot, arun, window: MainWindow,
                                                            sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(300)]), delay=0.01))
    window.show_compare()
    window.controller.send("Go on")
    conv = window.documents.conversation
    answer = Generation(provider="custom", choices=[Choice(content="From a column")])
    window.compare.keep_requested.emit(answer)
    assert [m.role for m in conv.messages] == ["user", "assistant"]
    assert "still streaming" in window.statusBar().currentMessage()
    window.controller.stop()


def test_escape_stops_what_the_current_tab_shows(qtbot: QtBot, arun, window: MainWindow,
                                                 sse_server: LoopbackServer, servers: list[LoopbackServer]) -> None:
    window.controller.add_message("user", "Count slowly.")
    for server in servers:
        server.queue(Reply(chunks=chat_chunks([f"c{i} " for i in range(400)]), delay=0.01))
    ws = open_compare_with(qtbot, window, servers)
    assert ws.run()
    sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(400)]), delay=0.01))
    window.controller.send("And you, in the conversation.")
    reply = window.documents.conversation.messages[-1]
    arun(until(lambda: len(reply.text) > 10 and all(len(c.body.toPlainText()) > 10 for c in ws.columns), 10,
               "both streams"))
    # Compare tab: only the workspace's Stop all owns Esc
    assert not window.stop_action.isEnabled() and ws.stop_action.isEnabled()
    window.activateWindow()
    focus = QApplication.focusWidget()
    assert focus is not None and ws.isAncestorOf(focus)
    QTest.keyClick(focus, Qt.Key.Key_Escape)
    assert [c.state for c in ws.columns] == ["stopped", "stopped"]
    assert window.controller.running  # the conversation's reply goes on
    # Conversation tab (Ctrl+L comes back to the composer): Esc stops the reply
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == CONVERSATION_TAB and window.stop_action.isEnabled()
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Escape)
    assert not window.controller.running
    arun(until(lambda: reply.generation is not None and reply.generation.interrupted, 5))
    assert 0 < len(reply.text) < len("".join(f"w{i} " for i in range(400)))
    arun(until(lambda: not ws.running, 5, "the comparison to wind down"))
    # switching tabs while a reply streams moves Stop with it
    sse_server.queue(Reply(chunks=chat_chunks([f"x{i} " for i in range(400)]), delay=0.01))
    window.controller.send("Once more.")
    assert window.stop_action.isEnabled()
    window.show_compare()
    assert not window.stop_action.isEnabled()
    window.show_conversation()
    assert window.stop_action.isEnabled()
    window.controller.stop()


def _logprob(token: str, logprob: float, alternative: str | None = None) -> dict:
    top = [{"token": token, "bytes": list(token.encode()), "logprob": logprob}]
    if alternative is not None:
        top.append({"token": alternative, "bytes": list(alternative.encode()), "logprob": -1.5})
    return {"token": token, "bytes": list(token.encode()), "logprob": logprob, "top_logprobs": top}


def test_continue_with_an_alternative_streams_a_new_branch(qtbot: QtBot, qapp: QApplication, arun, runner: Runner,
                                                           sse_server: LoopbackServer) -> None:
    # llama.cpp continues a trailing assistant message (assistant prefill)
    window = make_window(qtbot, qapp, runner, Target(provider="llamacpp", model="m", base_url=sse_server.base_url))
    try:
        pieces = ["Roses", " are", " red", "."]
        sse_server.queue(Reply(chunks=chat_chunks(pieces, logprobs=[
            [_logprob("Roses", -0.1)], [_logprob(" are", -0.1)], [_logprob(" red", -0.4, " blue")],
            [_logprob(".", -0.1)]])))
        window.controller.send("Finish the line")
        conv = window.documents.conversation
        first = conv.messages[-1]
        arun(until(lambda: not window.controller.running and window.controller.live_for(first.id) is None, 10))
        inspector = window.inspector
        assert inspector.message_id == first.id
        inspector.select_token(2)
        rows = [r[0] for r in inspector.details.table_rows()]
        inspector.details.select_row(next(i for i, text in enumerate(rows) if "blue" in text))
        assert inspector.details.continue_button.isEnabled()

        sse_server.queue(Reply(chunks=chat_chunks([",", " violets", " are", " too."]), delay=0.02))
        qtbot.mouseClick(inspector.details.continue_button, Qt.MouseButton.LeftButton)
        assert window.controller.running and len(conv.branches) == 2 and conv.active_branch == 1
        partial = conv.messages[-1]
        assert partial.role == "assistant" and partial.id != first.id
        assert window.pane.branches.isVisible() and window.pane.branches.currentIndex() == 1
        assert window.stop_action.isEnabled()  # Stop (Esc) as for any reply
        arun(until(lambda: not window.controller.running and window.controller.live_for(partial.id) is None, 10))

        posted = sse_server.requests[-1].body["messages"]
        assert posted[-2:] == [{"role": "user", "content": "Finish the line"},
                               {"role": "assistant", "content": "Roses are blue"}]
        assert [m.role for m in conv.messages] == ["user", "assistant"]
        assert partial.text == "Roses are blue, violets are too."
        card = window.pane.view.widget_for(partial.id)
        assert card is not None and card.body.toPlainText().strip() == "Roses are blue, violets are too."
        assert conv.branches[0].messages[-1].text == "Roses are red."  # the original answer is untouched
        arun(until(lambda: window.documents.path is not None and window.documents.path.is_file()
                   and len(files.load(window.documents.path).branches) == 2, 5, "autosave"))
        saved = files.load(window.documents.path)
        assert saved.messages[-1].text == "Roses are blue, violets are too."

        # while a reply streams, another continuation is refused with a sentence
        sse_server.queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(300)]), delay=0.01))
        window.controller.send("Another?")
        window._continue_from_token(partial.id, 1, "Roses are")
        assert "still streaming" in window.statusBar().currentMessage() and len(conv.branches) == 2
        window.controller.stop()
    finally:
        window._closing_confirmed = True
        window.close()
        window.documents.shutdown()




@pytest.fixture
def local_window(qtbot: QtBot, qapp: QApplication, arun, local_model: LocalServer) -> Iterator[MainWindow]:
    """A window talking to the session's built-in model (which outlives the window's runner)."""
    runner = Runner(local=local_model)
    window = make_window(qtbot, qapp, runner, Target(provider="local"))
    yield window
    window._closing_confirmed = True
    window.close()
    runner.local = None
    arun(runner.aclose())
    window.documents.shutdown()


@pytest.mark.e2e
def test_continue_with_an_alternative_on_the_built_in_model(qtbot: QtBot, arun, local_window: MainWindow) -> None:
    window = local_window
    conv = window.documents.conversation
    conv.params.update({"temperature": 0, "max_completion_tokens": 16, "logprobs": True, "top_logprobs": 5})
    window.controller.send("Name three colours.")
    first = conv.messages[-1]
    arun(until(lambda: not window.controller.running and window.controller.live_for(first.id) is None, 60))
    assert first.generation.error is None, first.generation.error
    inspector = window.inspector
    assert inspector.message_id == first.id and len(inspector.sequence.tokens) > 3
    inspector.select_token(2)
    rows = inspector.details.table_rows()
    row = next(i for i, r in enumerate(rows) if not r[0].startswith("✓") and r[0].strip())
    inspector.details.select_row(row)
    assert inspector.details.continue_button.isEnabled()
    qtbot.mouseClick(inspector.details.continue_button, Qt.MouseButton.LeftButton)
    partial = conv.messages[-1]
    assert len(conv.branches) == 2 and partial.id != first.id
    arun(until(lambda: not window.controller.running and window.controller.live_for(partial.id) is None, 60))
    prefix = partial.generation.request["messages"][-1]["content"]
    assert partial.generation.error is None, partial.generation.error
    assert prefix != first.text[:len(prefix)]  # the alternative, not the answer the model gave
    assert partial.text.startswith(prefix) and len(partial.text) > len(prefix)  # the model went on from it
    card = window.pane.view.widget_for(partial.id)
    arun(until(lambda: card.body.caught_up, 5, "rendering"))
    shown = card.body.toPlainText()
    words = [w.strip("*_#`>-.,:") for w in partial.text.split()]
    assert all(w in shown for w in words if w and not w.isdigit()), (partial.text, shown)  # Markdown aside


def test_closing_and_shutting_down_stop_a_comparison(qtbot: QtBot, qapp: QApplication, arun, runner: Runner,
                                                     servers: list[LoopbackServer]) -> None:
    window = make_window(qtbot, qapp, runner, Target(provider="custom", model="m", base_url=servers[0].base_url),
                         track=False)
    window.controller.add_message("user", "Count slowly.")
    for server in servers:
        server.queue(Reply(chunks=chat_chunks([f"c{i} " for i in range(400)]), delay=0.01))
    ws = open_compare_with(qtbot, window, servers)
    assert ws.run()
    arun(until(lambda: all(len(c.body.toPlainText()) > 5 for c in ws.columns), 10, "both columns"))
    handles = list(runner._handles)
    assert len(handles) == 2  # the comparison runs on the window's runner
    # as the app closes: the window is deleted, then the shutdown hooks await window.aclose()
    window._closing_confirmed = True
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    with qtbot.waitSignal(window.destroyed, timeout=2000):
        window.close()
    assert all(h.cancelled for h in handles)  # closing stopped the comparison at once
    arun(window.aclose())
    assert all(h.done for h in handles) and not runner._handles
    assert runner.client.http.is_closed
    window.documents.shutdown()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    if os.environ.get("PARLEY_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


def test_window_with_the_compare_tab_screenshot(qtbot: QtBot, arun, window: MainWindow,
                                                servers: list[LoopbackServer], out_dir: Path) -> None:
    """`PARLEY_SCREENSHOTS=1` writes docs/screenshots/window-compare.png."""
    conv = window.documents.conversation
    conv.title = "Rain haiku"
    window.controller.add_message("system", "You are a poet. Answer in Markdown.")
    window.controller.add_message("user", "Write a haiku about rain in Kyoto.")
    answers = [["Soft rain on the moss,\n", "temple eaves count every drop —\n", "the city exhales."],
               ["> Grey silk over roofs\n", "> a heron waits in the ford\n", "> umbrellas bloom red"]]
    for server, answer in zip(servers, answers, strict=True):
        server.queue(Reply(chunks=chat_chunks(answer, usage={"prompt_tokens": 24, "completion_tokens": 18,
                                                             "total_tokens": 42}), delay=0.02))
    window.resize(1440, 900)
    ws = open_compare_with(qtbot, window, servers)
    ws.columns[1].overrides.text.setPlainText('{"temperature": 0.2}')
    assert ws.run()
    arun(until(lambda: not ws.running and window.tokens_label.text() != "next request: 0 tokens", 10,
               "the comparison and the token count"))
    qtbot.wait(80)
    path = out_dir / "window-compare.png"
    window.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() >= 1200
    colours = {image.pixel(x, y) for y in range(0, image.height(), 9) for x in range(0, image.width(), 9)}
    assert len(colours) > 40  # text, tabs, columns: not a blank grab


@pytest.mark.e2e
def test_the_next_request_count_on_the_built_in_model_is_the_servers_own(arun, local_window: MainWindow) -> None:
    window = local_window
    conv = window.documents.conversation
    conv.params.update({"temperature": 0, "max_completion_tokens": 2})
    window.controller.add_message("system", "Be terse.")
    window.controller.add_message("user", "Count my tokens, please.")
    window._request_count()
    arun(until(lambda: window.tokens_label.text().startswith("next request: ") and "0 tokens" not in
               window.tokens_label.text(), 20, "the count"))
    shown = window.tokens_label.text()
    assert "≈" not in shown and "own server" in window.tokens_label.toolTip()
    # What the server then reports for the request is exactly that figure.
    window.controller.send("")
    reply = conv.messages[-1]
    arun(until(lambda: not window.controller.running and window.controller.live_for(reply.id) is None, 60))
    assert reply.generation.error is None, reply.generation.error
    assert shown == f"next request: {reply.generation.usage['prompt_tokens']} tokens"


def test_a_chosen_gguf_file_is_what_the_providers_dialog_shows_and_starts(
        qtbot: QtBot, qapp: QApplication, arun, tmp_path: Path) -> None:
    runner = Runner(local=LocalServer(tmp_path / "missing.gguf"))
    window = make_window(qtbot, qapp, runner, Target(provider="local"))
    try:
        window.open_providers()
        dialog = window.providers_dialog
        section = dialog.local_section
        old = runner.local
        assert "not found" in section.status.text()
        model = tmp_path / "tiny.gguf"
        model.write_bytes(b"GGUF")
        assert section.choose_file(model)
        # The dialog now shows, tests and starts the runner's new server, not the old one.
        assert runner.local is not old and runner.local.model_path == model
        assert section.server is runner.local and dialog.local_server is runner.local
        assert "not found" not in section.status.text() and str(model) in section.model_label.text()
        assert old.on_state == []  # the old server is no longer listened to
        dialog.reject()
    finally:
        window._closing_confirmed = True
        window.close()
        window.documents.shutdown()
        arun(runner.aclose())
