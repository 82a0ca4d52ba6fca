"""The conversation pane without a network: roles, facts, virtualization, editing, copy, find."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.core.conversation import ROLES, Choice, Conversation, Generation, Message, Timings
from parley.ui.conversation.message_widget import MessageWidget


@pytest.fixture
def pane(qtbot: QtBot):
    from tests.ui.support import make_pane

    conv = Conversation()
    for role, text in [("system", "You are helpful."), ("developer", "Answer in English."),
                       ("user", "What is 2+2?"), ("assistant", "**4**"),
                       ("tool", '{"result": 4}')]:
        conv.append(Message(role=role, content=text))
    controller, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    return controller, view_pane


def _no_runner():
    def fail():
        raise AssertionError("these tests never talk to a provider")

    return fail


def card(pane, index: int) -> MessageWidget:
    controller, view_pane = pane
    message = controller.conversation.messages[index]
    widget = view_pane.view.scroll_to_message(message.id)
    assert widget is not None
    return widget


def test_every_role_is_shown_with_its_label(pane) -> None:
    controller, _ = pane
    shown = [card(pane, i).role_label.text() for i in range(len(controller.conversation.messages))]
    assert shown == ["system", "developer", "user", "assistant", "tool"]
    assert card(pane, 3).body.toPlainText().strip() == "4"  # assistant: Markdown
    assert '"result": 4' in card(pane, 4).body.toPlainText()  # tool output: formatted JSON


def test_user_text_is_shown_as_typed_not_as_markdown(pane) -> None:
    controller, view_pane = pane
    controller.add_message("user", "**not bold**\n<b>tags</b> stay text")
    view_pane.view._relayout_now()
    widget = card(pane, 5)
    assert widget.body.toPlainText() == "**not bold**\n<b>tags</b> stay text"


def test_a_stopped_turn_and_one_cut_off_by_a_crash_say_which(qtbot: QtBot) -> None:
    stopped = Generation(timings=Timings(sent=100.0, first_token=100.2, finished=101.0), interrupted=True)
    cut = Generation(timings=Timings(sent=100.0, first_token=100.2), interrupted=True)  # how a crash loads
    texts = []
    for gen in (stopped, cut):
        widget = MessageWidget(Message(role="assistant", content="Once upon", generations=[gen]))
        qtbot.addWidget(widget)
        widget.show()
        assert widget._status is not None and widget._status.isVisible()
        texts.append(widget._status.label.text())
    assert texts[0].startswith("Stopped") and texts[1].startswith("Cut off") and "ended" in texts[1]


def test_turn_facts_show_tokens_timing_finish_and_cost(qtbot: QtBot) -> None:
    gen = Generation(provider="openai", model="gpt-4o-mini-2024-07-18",
                     usage={"prompt_tokens": 1000, "completion_tokens": 201, "total_tokens": 1201,
                            "prompt_tokens_details": {"cached_tokens": 400},
                            "completion_tokens_details": {"reasoning_tokens": 50}},
                     timings=Timings(sent=100.0, first_token=100.25, last_token=102.25),
                     choices=[Choice(content="hi", finish_reason="length")])
    message = Message(role="assistant", content="hi", generations=[gen])
    widget = MessageWidget(message)
    qtbot.addWidget(widget)
    facts = widget.facts.text()
    for expected in ("in 1000", "out 201", "reasoning 50", "cached 400", "TTFT 0.25 s", "100.0 tok/s", "length"):
        assert expected in facts
    # 600 * 0.15 + 400 * 0.075 + 201 * 0.6 per million
    assert "$0.0002" in facts
    assert widget.model_label.text().startswith("gpt-4o-mini")
    unknown = MessageWidget(Message(role="assistant", content="x", generations=[
        Generation(provider="custom", model="mystery", usage={"prompt_tokens": 5, "completion_tokens": 1})]))
    qtbot.addWidget(unknown)
    assert "$" not in unknown.facts.text()  # no price known: no cost shown


def test_a_thousand_messages_open_fast_and_only_visible_cards_exist(qtbot: QtBot) -> None:
    from tests.ui.support import make_pane

    conv = Conversation()
    for i in range(1000):
        role = "user" if i % 2 == 0 else "assistant"
        conv.append(Message(role=role, content=f"Message {i}: " + "some words here " * (i % 7 + 1)))
    started = time.perf_counter()
    _, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    QApplication.processEvents()
    elapsed = time.perf_counter() - started
    view = view_pane.view
    assert elapsed < 2.0, f"opening took {elapsed:.2f} s"
    assert view.materialized < 40
    last = conv.messages[-1]
    assert view.widget_for(last.id) is not None and view.widget_for(last.id).isVisible()  # opens at the end
    # Scroll to the top: the first cards appear, the ones at the end are dropped.
    bar = view.verticalScrollBar()
    bar.setValue(0)
    QApplication.processEvents()
    first = view.widget_for(conv.messages[0].id)
    assert first is not None and first.isVisible() and first.geometry().top() >= 0
    assert view.materialized < 70
    assert not view.widget_for(last.id).isVisible()  # kept hidden for a quick return, for now
    # Scrolling through the middle keeps the number of cards bounded; far-away cards are destroyed.
    for value in range(0, bar.maximum() // 2, max(1, bar.maximum() // 50)):
        bar.setValue(value)
    assert view.materialized < 70
    assert view.widget_for(last.id) is None


def test_edit_in_place_changes_role_and_text(qtbot: QtBot, pane) -> None:
    controller, _ = pane
    widget = card(pane, 2)
    qtbot.mouseClick(widget.edit_button, Qt.MouseButton.LeftButton)
    editor = widget.editor
    assert editor is not None and editor.text.toPlainText() == "What is 2+2?"
    editor.text.setPlainText("What is 3+3?")
    editor.role.setCurrentText("developer")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    message = controller.conversation.messages[2]
    assert (message.role, message.content, message.edited) == ("developer", "What is 3+3?", True)
    widget = card(pane, 2)
    assert widget.editor is None and widget.body.toPlainText() == "What is 3+3?"
    assert widget.role_label.text() == "developer" and "edited" in widget.model_label.text()


def test_escape_cancels_an_edit(qtbot: QtBot, pane) -> None:
    controller, _ = pane
    widget = card(pane, 0)
    widget.start_edit()
    widget.editor.text.setPlainText("changed")
    qtbot.keyClick(widget.editor.text, Qt.Key.Key_Escape)
    assert widget.editor is None
    assert controller.conversation.messages[0].content == "You are helpful."


@pytest.mark.parametrize("role", ROLES)
def test_insert_a_message_of_any_role_below(qtbot: QtBot, pane, role: str) -> None:
    controller, view_pane = pane
    widget = card(pane, 2)
    widget._emit("insert", ("below", role))
    messages = controller.conversation.messages
    assert len(messages) == 6 and messages[3].role == role and messages[3].content == ""
    view_pane.view._relayout_now()
    new_card = view_pane.view.widget_for(messages[3].id)
    assert new_card is not None and new_card.editing  # opens in its editor
    new_card.editor.text.setPlainText("inserted")
    qtbot.keyClick(new_card.editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert messages[3].content == "inserted"


def test_an_inserted_message_whose_edit_is_cancelled_goes_again(qtbot: QtBot, pane) -> None:
    controller, view_pane = pane
    ids = [m.id for m in controller.conversation.messages]
    card(pane, 2)._emit("insert", ("below", "assistant"))
    view_pane.view._relayout_now()
    inserted = view_pane.view.widget_for(controller.conversation.messages[3].id)
    assert inserted is not None and inserted.editing
    card(pane, 2)._emit("insert", ("above", "user"))  # a second one before the first is typed in
    view_pane.view._relayout_now()
    second = view_pane.view.widget_for(controller.conversation.messages[2].id)
    assert second is not None and second.editing
    qtbot.keyClick(second.editor.text, Qt.Key.Key_Escape)
    qtbot.keyClick(inserted.editor.text, Qt.Key.Key_Escape)
    assert [m.id for m in controller.conversation.messages] == ids  # no empty message left behind
    # Cancelling the edit of a message that was already there keeps it.
    existing = card(pane, 2)
    existing.start_edit()
    qtbot.keyClick(existing.editor.text, Qt.Key.Key_Escape)
    assert [m.id for m in controller.conversation.messages] == ids and not existing.editing


def test_delete_and_move(pane) -> None:
    controller, view_pane = pane
    messages = controller.conversation.messages
    ids = [m.id for m in messages]
    card(pane, 1)._emit("delete")
    assert [m.id for m in messages] == [ids[0], *ids[2:]]
    card(pane, 0)._emit("move", 1)
    assert [m.role for m in messages] == ["user", "system", "assistant", "tool"]
    card(pane, 3)._emit("move", -1)
    assert [m.role for m in messages] == ["user", "system", "tool", "assistant"]
    view_pane.view._relayout_now()
    shown = [view_pane.view.widget_for(m.id).role_label.text() for m in messages]
    assert shown == ["user", "system", "tool", "assistant"]
    widget = card(pane, 0)
    widget.build_menu()
    assert not widget._move_up.isEnabled() and widget._move_down.isEnabled()


def test_branch_from_here(pane) -> None:
    controller, view_pane = pane
    conv = controller.conversation
    card(pane, 2)._emit("branch")
    assert len(conv.branches) == 2 and conv.active_branch == 1
    assert [m.role for m in conv.messages] == ["system", "developer", "user"]
    assert view_pane._branch_row.isVisible() and view_pane.branches.count() == 2
    assert view_pane.view.message_count == 3
    view_pane.branches.activated.emit(0)
    assert conv.active_branch == 0 and view_pane.view.message_count == 5


def test_copy_as_text_markdown_and_json(pane) -> None:
    widget = card(pane, 3)
    clipboard = QGuiApplication.clipboard()
    widget.copy("text")
    assert clipboard.text() == "**4**"
    widget.copy("markdown")
    assert clipboard.text() == "**assistant**\n\n**4**\n"
    widget.copy("json")
    assert json.loads(clipboard.text()) == {"role": "assistant", "content": "**4**"}
    labels = [a.text() for a in widget._copy_menu().actions()]
    assert labels == ["Copy as text", "Copy as Markdown", "Copy as JSON"]


def test_the_context_menu_offers_every_message_action(pane) -> None:
    menu = card(pane, 3).build_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    for expected in ("Copy", "Edit", "Regenerate", "Insert message above", "Insert message below", "Move up",
                     "Move down", "Branch from here", "Delete"):
        assert expected in texts


def test_find_reaches_messages_that_are_not_on_screen(qtbot: QtBot) -> None:
    from tests.ui.support import make_pane

    conv = Conversation()
    for i in range(300):
        conv.append(Message(role="user", content=f"filler message number {i}"))
    conv.messages[5].content = "the needle is here"
    _, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    view = view_pane.view
    assert view.widget_for(conv.messages[5].id) is None
    view_pane.open_find()
    view_pane.find_bar.field.setText("NEEDLE")
    widget = view.widget_for(conv.messages[5].id)
    assert widget is not None and widget.isVisible()
    assert widget.body.textCursor().selectedText() == "needle"
    assert view_pane.find_bar.count.text() == "1/1"
    assert 0 <= widget.geometry().top() + widget.find_rect_y() <= view.viewport().height()


def test_find_shows_a_match_inside_the_reasoning(qtbot: QtBot) -> None:
    from tests.ui.support import make_pane

    conv = Conversation()
    for i in range(40):
        conv.append(Message(role="assistant", content=f"answer {i}",
                            reasoning="first think about the haystack" if i == 7 else "nothing here"))
    _, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    view = view_pane.view
    view_pane.open_find()
    view_pane.find_bar.field.setText("haystack")
    widget = view.widget_for(conv.messages[7].id)
    assert widget is not None and widget._reasoning is not None and widget._reasoning.is_open
    assert widget._reasoning.body.textCursor().selectedText() == "haystack"
    assert 0 <= widget.geometry().top() + widget.find_rect_y() <= view.viewport().height()


def test_a_settled_pane_with_a_tool_call_card_stops_laying_out(qtbot: QtBot) -> None:
    # Regression: the tool-call card's styled border made its contents measured 2 px wider than
    # shown; the text view toggled its scroll bar on every measure and the pane relaid itself out
    # 60 times a second, with its repaints held (a black pane in a screenshot).
    from tests.ui.support import make_pane

    conv = Conversation()
    conv.append(Message(role="user", content="Run the tests"))
    conv.append(Message(role="assistant", content="Here:\n\n```python\nprint('x')\n```\n", tool_calls=[
        {"id": "call_1", "type": "function",
         "function": {"name": "run_tests", "arguments": json.dumps({"path": "tests/test_lines.py", "verbose": True})}},
    ]))
    _, view_pane = make_pane(qtbot, conv, runner=_no_runner(), size=(700, 600))
    view = view_pane.view
    qtbot.waitUntil(lambda: view.widget_for(conv.messages[1].id) is not None, timeout=2000)
    qtbot.wait(300)
    relayouts: list[int] = []
    original = view._do_relayout
    view._do_relayout = lambda force_end: (relayouts.append(1), original(force_end))  # type: ignore[method-assign]
    qtbot.wait(400)
    assert relayouts == [] and view.updatesEnabled()
    assert "run_tests" in view.widget_for(conv.messages[1].id)._cards[0].title.text()


def test_a_message_with_images_shows_thumbnails_and_links_remote_ones(qtbot: QtBot) -> None:
    import base64

    from PySide6.QtCore import QBuffer, QIODevice, QUrl
    from PySide6.QtGui import QImage, QTextDocument

    from tests.ui.support import make_pane

    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(0x2266AA)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    data_url = "data:image/png;base64," + base64.b64encode(bytes(buffer.data())).decode()
    conv = Conversation()
    conv.append(Message(role="user", content=[
        {"type": "text", "text": "What is in these?"},
        {"type": "image_url", "image_url": {"url": data_url}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]))
    _, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    widget = view_pane.view.scroll_to_message(conv.messages[0].id)
    body = widget.body
    html = body.toHtml()
    assert "What is in these?" in body.toPlainText()
    thumb = body.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl("parley-image:1"))
    assert isinstance(thumb, QImage) and thumb.size().toTuple() == (400, 200)  # the picture itself, decoded
    from parley.ui.conversation.message_parts import THUMBNAIL_PX

    assert f'width="{THUMBNAIL_PX}" height="{THUMBNAIL_PX // 2}"' in html  # shown as a thumbnail
    assert "[image: https://example.com/cat.png]" in body.toPlainText()
    assert 'href="https://example.com/cat.png"' in html  # remote images are never fetched: only linked


def test_recycled_cards_show_each_message_reasoning_as_the_user_left_it(qtbot: QtBot) -> None:
    from tests.ui.support import make_pane

    conv = Conversation()
    for i in range(80):
        conv.append(Message(role="assistant", content=f"Answer {i}", reasoning=f"thoughts number {i}"))
    _controller, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    view = view_pane.view
    first = view.scroll_to_message(conv.messages[0].id)
    first._reasoning.toggle.setChecked(True)  # the user opens message 0's reasoning
    assert first._reasoning.body.toPlainText().strip() == "thoughts number 0"
    seen_open = []
    for i in [*range(1, 80, 3), 0]:  # down to the end (cards are recycled), then back to the top
        card_i = view.scroll_to_message(conv.messages[i].id)
        view._relayout_now()
        for widget in view._widgets.values():
            section = widget._reasoning
            index = conv.index_of(widget.message.id)
            assert section is not None and section.is_open == (index == 0), index
            if section.is_open:
                assert section.body.toPlainText().strip() == f"thoughts number {index}"
                seen_open.append(index)
        assert card_i.message is conv.messages[i]
    assert seen_open and set(seen_open) == {0}


def test_a_tool_message_names_the_call_it_answers(qtbot: QtBot) -> None:
    from tests.ui.support import make_pane

    conv = Conversation()
    conv.append(Message(role="user", content="Weather in Paris and Tokyo?"))
    conv.append(Message(role="assistant", content=None, tool_calls=[
        {"id": "call_paris", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
        {"id": "call_tokyo", "type": "function", "function": {"name": "get_time", "arguments": '{"city":"Tokyo"}'}},
    ]))
    controller, view_pane = make_pane(qtbot, conv, runner=_no_runner())
    view = view_pane.view
    controller.handle_action("insert", conv.messages[1].id, ("below", "tool"))  # Insert message below › tool
    tool = conv.messages[2]
    view._relayout_now()
    widget = view.widget_for(tool.id)
    assert widget is not None and widget.editing
    editor = widget.editor
    assert editor.call.isVisibleTo(editor) and editor.call.currentText() == "call_tokyo"  # the nearest call
    assert [editor.call.itemText(i) for i in range(editor.call.count())] == ["call_tokyo", "call_paris"]
    editor.call.setCurrentText("call_paris")
    editor.text.setPlainText('{"temp_c": 21}')
    editor._save()
    assert tool.tool_call_id == "call_paris"
    assert conv.wire_messages()[-1] == {"role": "tool", "content": '{"temp_c": 21}', "tool_call_id": "call_paris"}
    assert "answers get_weather · call_paris" in view.widget_for(tool.id).model_label.text()
    # a user message turned into a tool message gets the call field too; without an id the card says so
    controller.handle_action("insert", tool.id, ("below", "user"))
    other = conv.messages[3]
    view._relayout_now()
    editor = view.widget_for(other.id).editor
    assert not editor.call.isVisibleTo(editor)
    editor.role.setCurrentText("tool")
    assert editor.call.isVisibleTo(editor)
    editor.call.setCurrentText("")
    editor.text.setPlainText("no id yet")
    editor._save()
    assert other.role == "tool" and other.tool_call_id is None
    assert "no tool call" in view.widget_for(other.id).model_label.text()
    # "Copy as text" of the assistant turn that only called tools gives the calls, not nothing
    view.widget_for(conv.messages[1].id).copy("text")
    assert QGuiApplication.clipboard().text() == 'get_weather({"city":"Paris"})\nget_time({"city":"Tokyo"})'
