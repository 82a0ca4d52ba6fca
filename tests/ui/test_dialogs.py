"""Providers & Keys dialog (keys, custom providers, Test connection, models, local model) and confirm prompts.

Network calls go to the loopback SSE server (it answers GET /v1/models); keys to the in-memory
keyring from tests/conftest.py, or to keyring's ``fail.Keyring`` for the "no backend" case.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from parley.api.client import ChatClient
from parley.api.local import LocalModelState, LocalServer, local_available
from parley.core.providers import load_profiles
from parley.secrets import KeyStore
from parley.ui.dialogs.confirm import ask_confirmation
from parley.ui.dialogs.providers import ID_ROLE, ProvidersDialog, parse_headers
from tests.support.sse_server import LoopbackServer, Reply, error_body

SECRET = "sk-test-0123456789abcdefSECRET"


async def until(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.01)


@pytest.fixture
def client(loop: asyncio.AbstractEventLoop, arun: Callable[..., Any]) -> Iterator[ChatClient]:
    c = ChatClient(max_retries=0)
    yield c
    arun(c.aclose())


def open_dialog(qtbot: Any, keys: KeyStore, client: ChatClient, **kwargs: Any) -> ProvidersDialog:
    dialog = ProvidersDialog(keys, client, **kwargs)
    qtbot.addWidget(dialog)
    dialog.open()  # never exec(): the test goes on while it is shown
    assert dialog.isVisible()
    return dialog


def visible_texts(widget: QWidget) -> list[str]:
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in widget.findChildren(QPlainTextEdit)]
    texts += [w.toolTip() for w in widget.findChildren(QWidget)]
    for lst in widget.findChildren(type(widget.list)):
        texts += [lst.item(i).text() + lst.item(i).toolTip() for i in range(lst.count())]
    return texts


def add_custom(dialog: ProvidersDialog, server: LoopbackServer, *, name: str = "Loopback",
               headers: str = "X-Team: playground", key: str | None = SECRET) -> None:
    dialog.add_button.click()
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(server.base_url)
    dialog.headers_edit.setPlainText(headers)
    if key:
        dialog.key_edit.setText(key)
    dialog.save_button.click()


# -- keys ----------------------------------------------------------------------------------------


def test_a_stored_key_goes_to_the_keyring_and_is_never_shown_again(qtbot, client, memory_keyring) -> None:
    keys = KeyStore()
    dialog = open_dialog(qtbot, keys, client, select="openai")
    assert dialog.banner.isHidden()
    assert "no key set" in dialog.key_status.text() and "OPENAI_API_KEY" in dialog.key_status.text()
    with qtbot.waitSignal(dialog.key_changed) as changed:
        dialog.key_edit.setText(SECRET + "\n")  # pasted with a newline
        dialog.store_key_button.click()
    assert changed.args == ["openai"]
    assert memory_keyring.store[("parley", "openai")] == SECRET
    assert dialog.key_edit.text() == ""
    assert dialog.key_status.text() == "Key stored in conftest MemoryKeyring."
    assert dialog.remove_key_button.isEnabled()
    dialog.select_provider("groq")
    dialog.select_provider("openai")  # coming back never refills the field
    assert dialog.key_edit.text() == ""
    assert not any(SECRET in t for t in visible_texts(dialog))
    dialog.remove_key_button.click()
    assert ("parley", "openai") not in memory_keyring.store
    assert "no key set" in dialog.key_status.text()


def test_a_key_from_the_environment_is_named_not_shown(qtbot, client, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    dialog = open_dialog(qtbot, KeyStore(), client, select="openai")
    assert dialog.key_status.text() == "Key from environment (OPENAI_API_KEY)."
    assert not dialog.remove_key_button.isEnabled()  # the environment is the user's own
    assert not any(SECRET in t for t in visible_texts(dialog))


def test_without_a_keyring_a_banner_explains_and_keys_last_for_the_session(qtbot, client, data_dir) -> None:
    keys = KeyStore(backend=fail.Keyring())
    dialog = open_dialog(qtbot, keys, client, select="openai")
    assert dialog.banner.isVisible()
    text = dialog.banner.text()
    assert "No system keyring is available" in text
    assert "for this session only" in text and "never written to disk" in text
    dialog.key_edit.setText(SECRET)
    dialog.store_key_button.click()
    assert keys.get("openai").value == SECRET
    assert "kept in memory for this session only" in dialog.key_status.text()
    on_disk = [p.read_bytes() for p in Path(data_dir).rglob("*") if p.is_file()]
    assert not any(SECRET.encode() in blob for blob in on_disk)


def test_local_and_keyless_providers_have_no_key_field(qtbot, client) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client, select="local")
    assert dialog.key_status.text() == "No key needed."
    assert not dialog.key_edit.isEnabled() and not dialog.store_key_button.isEnabled()


# -- custom providers ------------------------------------------------------------------------------


def test_add_a_custom_provider_with_headers_and_a_key(qtbot, client, sse_server, memory_keyring, data_dir) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    with qtbot.waitSignal(dialog.profiles_changed), qtbot.waitSignal(dialog.key_changed):
        add_custom(dialog, sse_server)
    profile = load_profiles()["loopback"]
    assert (profile.name, profile.base_url, profile.headers) == ("Loopback", sse_server.base_url,
                                                                {"X-Team": "playground"})
    assert not profile.builtin
    assert memory_keyring.store[("parley", "loopback")] == SECRET
    saved = (Path(data_dir) / "providers.json").read_text()
    assert SECRET not in saved and "playground" in saved
    assert dialog.list.currentItem().text() == "Loopback (custom)"
    assert dialog.key_edit.text() == "" and dialog.key_status.text().startswith("Key stored in")
    # edit it
    dialog.url_edit.setText(sse_server.base_url + "/")
    dialog.headers_edit.setPlainText("X-Team: other")
    dialog.save_button.click()
    assert load_profiles()["loopback"].headers == {"X-Team": "other"}


def _unsaved_question(dialog):
    from PySide6.QtWidgets import QMessageBox

    return next((b for b in dialog.findChildren(QMessageBox) if b.objectName() == "unsaved-changes"
                 and b.isVisible()), None)


def test_closing_or_leaving_an_edited_provider_asks_first(qtbot, client, sse_server, memory_keyring,
                                                          data_dir) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server)
    dialog.reject()  # nothing edited since the save: closes at once
    assert not dialog.isVisible()
    dialog = open_dialog(qtbot, KeyStore(), client, select="loopback")
    dialog.url_edit.setText("http://127.0.0.1:9/v1")  # the user fixes (or breaks) the URL...
    dialog.reject()  # ...and presses Close
    box = _unsaved_question(dialog)
    assert box is not None and dialog.isVisible() and "Loopback" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.url_edit.text() == "http://127.0.0.1:9/v1"
    dialog.list.setCurrentRow(0)  # another provider: asked again, and the edited one stays selected
    box = _unsaved_question(dialog)
    assert box is not None and dialog.current_profile.id == "loopback"
    box.button(QMessageBox.StandardButton.Save).click()
    assert load_profiles()["loopback"].base_url == "http://127.0.0.1:9/v1"
    assert dialog.current_profile.id == dialog.list.item(0).data(ID_ROLE)  # then it moved on
    dialog.select_provider("loopback")
    dialog.headers_edit.setPlainText("X-Team: changed")
    dialog.reject()
    _unsaved_question(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible() and load_profiles()["loopback"].headers == {"X-Team": "playground"}


@pytest.mark.parametrize(("name", "url", "headers", "message"), [
    ("", "http://x/v1", "", "Give the provider a name."),
    ("Bad URL", "ftp://x", "", "must start with http:// or https://"),
    ("Bad header", "http://x/v1", "no colon here", "line 1"),
    ("Leaky", "http://x/v1", f"Authorization: Bearer {SECRET}", "keys are kept in the system keyring"),
    ("OpenAI", "http://x/v1", "", "A provider with the id “openai” exists already"),
])
def test_invalid_custom_providers_are_refused_with_a_sentence(qtbot, client, data_dir, name, url, headers,
                                                              message) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    dialog.add_button.click()
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.headers_edit.setPlainText(headers)
    dialog.save_button.click()
    assert message in dialog.form_message.text()
    assert not (Path(data_dir) / "providers.json").exists()
    assert dialog.name_edit.text() == name  # nothing typed is lost


def test_delete_a_custom_provider_after_confirming(qtbot, client, sse_server, memory_keyring) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server)
    dialog.delete_button.click()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == "Delete “Loopback” and its stored key?"
    with qtbot.waitSignal(dialog.profiles_changed):
        next(b for b in box.buttons() if b.text() == "Delete").click()
    assert "loopback" not in load_profiles()
    assert ("parley", "loopback") not in memory_keyring.store
    assert not any("Loopback" in dialog.list.item(i).text() for i in range(dialog.list.count()))


def test_builtin_providers_are_read_only_and_can_be_duplicated(qtbot, client) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client, select="groq")
    assert dialog.url_edit.isReadOnly() and not dialog.save_button.isVisible()
    assert not dialog.delete_button.isEnabled()
    dialog.duplicate_button.click()
    assert dialog.name_edit.text() == "Groq (custom)" and not dialog.url_edit.isReadOnly()
    assert dialog.url_edit.text() == load_profiles()["groq"].base_url


# -- test connection and models --------------------------------------------------------------------


def test_test_connection_lists_the_models_with_the_key_and_headers(qtbot, client, sse_server, arun) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server)
    sse_server.models["data"].append({"id": "another-model", "object": "model"})
    with qtbot.waitSignal(dialog.models_listed) as listed:
        dialog.test_button.click()
        arun(until(lambda: dialog.outcome.text().startswith("✓")))
    assert dialog.outcome.text() == "✓ Connected: 2 models"
    assert [dialog.models.item(i).text() for i in range(dialog.models.count())] == ["another-model", "test-model"]
    assert listed.args == ["loopback", ["another-model", "test-model"]]
    request = sse_server.requests[-1]
    assert (request.method, request.path) == ("GET", "/v1/models")
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert request.headers["x-team"] == "playground"
    # Refresh asks again and shows the new list
    sse_server.models["data"] = [{"id": "only-one"}]
    dialog.refresh_button.click()
    arun(until(lambda: dialog.outcome.text() == "✓ Connected: 1 model"))
    assert dialog.models.count() == 1 and dialog.models.item(0).text() == "only-one"


def test_test_connection_shows_the_providers_error(qtbot, client, sse_server, arun) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server, key="sk-wrong-key-123456789")
    sse_server.queue(Reply(status=401, body=error_body("Incorrect API key provided: sk-wron****6789.",
                                                       type_="invalid_request_error", code="invalid_api_key")))
    dialog.test_button.click()
    arun(until(lambda: dialog.outcome.text().startswith("✗")))
    text = dialog.outcome.text()
    assert "Incorrect API key provided" in text
    assert "sk-wrong-key-123456789" not in text
    assert dialog.models.count() == 0 and dialog.test_button.isEnabled()


def test_test_connection_without_a_key_says_where_to_put_one(qtbot, client, sse_server, arun) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server, key=None)
    dialog.test_button.click()
    arun(until(lambda: dialog.outcome.text().startswith("✗")))
    assert "No API key for Loopback: add one under Providers & keys" in dialog.outcome.text()
    assert sse_server.requests == []


def test_unreachable_server_and_placeholder_urls_are_explained(qtbot, client, sse_server, arun) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client, select="azure")
    dialog.test_button.click()
    assert dialog.outcome.text().startswith("✗ Set the base URL first")
    dialog.add_button.click()
    dialog.name_edit.setText("Nowhere")
    dialog.url_edit.setText("http://127.0.0.1:9/v1")  # discard port: connection refused
    dialog.auth_combo.setCurrentIndex(dialog.auth_combo.findData("none"))
    dialog.test_button.click()  # tests the form before it is saved
    arun(until(lambda: dialog.outcome.text().startswith("✗")))
    assert "connect" in dialog.outcome.text().lower()


def test_closing_the_dialog_cancels_a_pending_test(qtbot, client, sse_server, arun) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server)
    sse_server.queue(Reply(body=b'{"data": []}', initial_delay=3))
    dialog.test_button.click()
    arun(until(lambda: bool(sse_server.requests)))
    task = dialog._task
    assert task is not None and not task.done()
    dialog.reject()
    arun(until(task.done))
    assert task.cancelled()


def test_parse_headers() -> None:
    assert parse_headers("A: 1\n\n  B-C :  two words \n") == {"A": "1", "B-C": "two words"}
    with pytest.raises(ValueError, match="line 2"):
        parse_headers("A: 1\nnot a header")


# -- local model -----------------------------------------------------------------------------------


def test_local_model_failure_is_shown_with_its_reason(qtbot, client, tmp_path, arun) -> None:
    server = LocalServer(tmp_path / "missing.gguf")
    dialog = open_dialog(qtbot, KeyStore(), client, local_server=server, select="local")
    section = dialog.local_section
    assert "Stopped" in section.status.text() and "not found" in section.status.text()
    section.start_button.click()
    arun(until(lambda: section.state is LocalModelState.FAILED))
    assert section.status.text().startswith("● Failed: The local model")
    assert "missing.gguf" in section.status.text()
    assert section.start_button.text() == "Start"
    dialog.test_button.click()
    assert "not running (failed)" in dialog.outcome.text()
    dialog.reject()
    assert server.on_state == []  # the dialog stops listening when it closes


def test_choosing_a_gguf_file(qtbot, client, tmp_path) -> None:
    server = LocalServer(tmp_path / "missing.gguf")
    dialog = open_dialog(qtbot, KeyStore(), client, local_server=server)
    section = dialog.local_section
    text_file = tmp_path / "notes.txt"
    text_file.write_text("x")
    assert not section.choose_file(text_file)
    assert "not a GGUF model file" in section.status.text()
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    with qtbot.waitSignal(dialog.local_model_chosen) as chosen:
        assert section.choose_file(model)
    assert chosen.args == [model] and str(model) in section.model_label.text()
    section.open_picker()  # non-modal: returns at once
    assert section._picker is not None and section._picker.isVisible()
    section._picker.reject()


@pytest.mark.e2e
def test_local_model_status_follows_the_real_server(qtbot, client, arun) -> None:
    ok, reason = local_available()
    if not ok:
        pytest.skip(f"the local model is not available: {reason}")
    server = LocalServer()
    dialog = open_dialog(qtbot, KeyStore(), client, local_server=server, select="local")
    section = dialog.local_section
    seen: list[LocalModelState] = []
    section.state_changed.connect(lambda state, _e: seen.append(state))
    try:
        section.start_button.click()
        arun(until(lambda: section.state is LocalModelState.READY, timeout=60), timeout=70)
        assert seen[:2] == [LocalModelState.STARTING, LocalModelState.READY]
        assert section.status.text() == f"● Ready at {server.base_url}"
        assert section.start_button.text() == "Stop"
        dialog.test_button.click()
        arun(until(lambda: dialog.outcome.text().startswith(("✓", "✗"))))
        assert dialog.outcome.text().startswith("✓ Connected: 1 model")
        section.start_button.click()
        arun(until(lambda: section.state is LocalModelState.STOPPED, timeout=20), timeout=30)
        assert section.status.text() == "● Stopped" and dialog.models.count() == 0
    finally:
        server.stop_sync()


# -- confirm prompts -------------------------------------------------------------------------------


def test_confirmation_runs_only_on_the_action(qtbot) -> None:
    done: list[bool] = []
    box = ask_confirmation(None, "Delete", "Delete it?", "Delete", lambda: done.append(True), destructive=True)
    assert box.isVisible() and box.defaultButton() is box.escapeButton()  # destructive: Cancel is default
    box.escapeButton().click()
    qtbot.wait(10)
    assert done == []
    box = ask_confirmation(None, "Go", "Go on?", "Go", lambda: done.append(True))
    next(b for b in box.buttons() if b.text() == "Go").click()
    qtbot.waitUntil(lambda: done == [True])


def test_no_key_in_the_saved_profile_file(qtbot, client, sse_server, data_dir) -> None:
    dialog = open_dialog(qtbot, KeyStore(), client)
    add_custom(dialog, sse_server)
    data = json.loads((Path(data_dir) / "providers.json").read_text())
    assert SECRET not in json.dumps(data)


def test_every_button_of_the_providers_dialog_says_what_it_does(qtbot, client, tmp_path) -> None:
    from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox

    dialog = open_dialog(qtbot, KeyStore(), client, local_server=LocalServer(tmp_path / "m.gguf"), select="openai")
    standard = {b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()}  # Close: says it all
    silent = [b.text() for b in dialog.findChildren(QAbstractButton)
              if b not in standard and b.text() and not b.toolTip() and type(b).__name__ == "QPushButton"]
    assert silent == []
