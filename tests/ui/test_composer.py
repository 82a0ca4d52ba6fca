"""The composer: send key, IME safety, roles, images as data-URL parts."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.ui.composer import SEND_CTRL_ENTER, SEND_ENTER, Composer


@pytest.fixture
def composer(qtbot: QtBot) -> Composer:
    c = Composer()
    qtbot.addWidget(c)
    c.show()
    c.edit.setFocus()
    return c


def sends(composer: Composer) -> list[tuple]:
    seen: list[tuple] = []
    composer.sendRequested.connect(lambda *args: seen.append(args))
    return seen


def press_enter(qtbot: QtBot, composer: Composer, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, modifier)


def test_enter_sends_and_shift_enter_adds_a_line(qtbot: QtBot, composer: Composer) -> None:
    seen = sends(composer)
    qtbot.keyClicks(composer.edit, "first")
    press_enter(qtbot, composer, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.edit, "second")
    assert seen == []
    assert composer.edit.toPlainText() == "first\nsecond"
    press_enter(qtbot, composer)
    assert seen == [("first\nsecond", "user", [], True)]
    assert "Enter sends" in composer.hint.text()


def test_ctrl_enter_mode_makes_enter_a_new_line(qtbot: QtBot, composer: Composer) -> None:
    composer.set_send_key(SEND_CTRL_ENTER)
    seen = sends(composer)
    qtbot.keyClicks(composer.edit, "a")
    press_enter(qtbot, composer)
    qtbot.keyClicks(composer.edit, "b")
    assert seen == [] and composer.edit.toPlainText() == "a\nb"
    press_enter(qtbot, composer, Qt.KeyboardModifier.ControlModifier)
    assert seen == [("a\nb", "user", [], True)]
    assert composer.hint.text().startswith("Ctrl+Enter sends")


def test_enter_during_an_ime_composition_never_sends(qtbot: QtBot, composer: Composer) -> None:
    assert composer.send_key == SEND_ENTER
    seen = sends(composer)
    # Typing "nihon" with a Japanese IME: a preedit (composition) is open…
    QApplication.sendEvent(composer.edit, QInputMethodEvent("にほん", []))
    assert composer.edit.composing
    press_enter(qtbot, composer)  # …Enter confirms the conversion, it is not a send
    assert seen == []
    # The IME commits the converted text; platforms that deliver the confirming Enter right after
    # the commit must not send either.
    commit = QInputMethodEvent()
    commit.setCommitString("日本")
    QApplication.sendEvent(composer.edit, commit)
    press_enter(qtbot, composer)
    assert seen == []
    assert composer.edit.toPlainText() == "日本"
    qtbot.wait(20)  # the next event batch: a real Enter from the user now sends
    press_enter(qtbot, composer)
    assert seen == [("日本", "user", [], True)]


def test_role_and_add_without_sending(qtbot: QtBot, composer: Composer) -> None:
    seen = sends(composer)
    composer.role.setCurrentText("system")
    qtbot.keyClicks(composer.edit, "You are terse.")
    qtbot.mouseClick(composer.add_button, Qt.MouseButton.LeftButton)
    assert seen == [("You are terse.", "system", [], False)]
    assert [composer.role.itemText(i) for i in range(composer.role.count())] == [
        "system", "developer", "user", "assistant"]


def test_send_turns_into_stop_while_a_reply_streams(qtbot: QtBot, composer: Composer) -> None:
    stops: list[bool] = []
    composer.stopRequested.connect(lambda: stops.append(True))
    composer.set_running(True)
    assert composer.send_button.text() == "Stop"
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert stops == [True]


def _png(tmp_path: Path, name: str = "cat.png", size: tuple[int, int] = (4, 3)) -> Path:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    path = tmp_path / name
    assert image.save(str(path))
    return path


def _decoded(part: dict) -> QImage:
    url = part["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    return QImage.fromData(base64.b64decode(url.split(",", 1)[1]))


def test_images_from_files_drops_and_paste_become_data_url_parts(qtbot: QtBot, composer: Composer,
                                                                  tmp_path: Path) -> None:
    seen = sends(composer)
    composer.add_image_files([str(_png(tmp_path))])  # what the file dialog hands over
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(_png(tmp_path, "dog.png", (2, 2))))])
    composer.edit.insertFromMimeData(dropped)  # drag and drop onto the text
    pasted = QMimeData()
    clip = QImage(5, 5, QImage.Format.Format_RGB32)
    clip.fill(0xFF0000)
    pasted.setImageData(clip)
    composer.edit.insertFromMimeData(pasted)  # Ctrl+V of a screenshot
    assert [_decoded(p).size().toTuple() for p in composer.images] == [(4, 3), (2, 2), (5, 5)]
    assert composer.edit.toPlainText() == ""  # no file path was typed in
    assert composer._thumb_row.isVisible()
    qtbot.keyClicks(composer.edit, "What is this?")
    press_enter(qtbot, composer)
    text, role, images, run = seen[0]
    assert (text, role, run) == ("What is this?", "user", True)
    assert len(images) == 3 and all(p["type"] == "image_url" for p in images)


def test_a_thumbnail_can_be_removed(qtbot: QtBot, composer: Composer, tmp_path: Path) -> None:
    composer.add_image_files([str(_png(tmp_path, "a.png")), str(_png(tmp_path, "b.png", (2, 2)))])
    from parley.ui.composer import _Thumbnail

    thumbs = composer.findChildren(_Thumbnail)
    assert len(thumbs) == 2
    first = thumbs[0]
    remove = next(b for b in first.findChildren(type(composer.attach)) if b.text() == "×")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert [_decoded(p).size().toTuple() for p in composer.images] == [(2, 2)]


def test_a_file_that_is_not_an_image_is_refused_with_a_reason(composer: Composer, tmp_path: Path) -> None:
    notes: list[str] = []
    composer.notice.connect(notes.append)
    fake = tmp_path / "notes.png"
    fake.write_text("not really a png")
    composer.add_image_files([str(fake), str(tmp_path / "report.pdf")])
    assert composer.images == []
    assert "readable image" in notes[0] and "not an image" in notes[1]


def test_a_dragged_conversation_file_is_left_to_the_window_not_typed_in(composer: Composer, tmp_path: Path) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    def drag_enter(*paths: Path) -> bool:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(composer.edit.viewport(), event)
        return event.isAccepted()

    conversation = tmp_path / "chat.parley.json"
    conversation.write_text("{}")
    assert not drag_enter(conversation)  # ignored: it goes on to the window, which opens it
    assert drag_enter(_png(tmp_path))  # an image is still taken by the composer
    assert drag_enter(_png(tmp_path), conversation)  # images with other files: the images are attached


def test_blank_lines_are_not_sent_as_a_message(qtbot: QtBot, composer: Composer) -> None:
    seen = sends(composer)
    qtbot.keyClicks(composer.edit, "   ")
    press_enter(qtbot, composer)
    # Send still asks the model (to answer what is already there), but with no new message.
    assert seen == [("", "user", [], True)]
    composer._submit(run=False)  # Add with nothing to add: nothing happens
    assert len(seen) == 1


def test_the_send_key_is_named_for_the_platform(monkeypatch) -> None:
    from parley.ui import composer as composer_module

    monkeypatch.setattr(composer_module.sys, "platform", "darwin")
    assert composer_module.send_key_name(SEND_CTRL_ENTER) == "⌘+Enter"
    monkeypatch.setattr(composer_module.sys, "platform", "linux")
    assert composer_module.send_key_name(SEND_CTRL_ENTER) == "Ctrl+Enter"
    assert composer_module.send_key_name(SEND_ENTER) == "Enter"
