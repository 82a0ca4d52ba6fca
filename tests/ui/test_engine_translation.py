"""Sentences the engine writes (errors, reasons) are shown in the UI language when a translation exists."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from parley.api.errors import AuthenticationError
from parley.services.runner import Runner
from parley.ui import engine_text
from parley.ui.engine_text import localize
from tests.support.sse_server import LoopbackServer, Reply, error_body
from tests.ui.conftest import until
from tests.ui.support import loopback_conversation, make_pane

AUTH_EN = AuthenticationError.default_message
AUTH_JA = "プロバイダーが API キーを受け付けませんでした (HTTP 401)。"
PARAM_EN = "The provider rejected the parameter `{param}`. Change or remove it, then try again."
PARAM_JA = "プロバイダーがパラメーター `{param}` を拒否しました。変更するか削除してから、もう一度お試しください。"
SAID_JA = "プロバイダーの返答: 「{said}」"


def _ts(entries: dict[str, str]) -> str:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    messages = "".join(f"<message><source>{esc(s)}</source><translation>{esc(t)}</translation></message>"
                       for s, t in entries.items())
    return ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="ja_JP">'
            f"<context><name>Engine</name>{messages}</context></TS>")


@pytest.fixture
def runner(arun) -> Iterator[Runner]:
    r = Runner()  # on the test's qasync loop (tests/conftest.py's runner is for plain asyncio tests)
    yield r
    arun(r.aclose())


@pytest.fixture
def japanese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease (part of PySide6) is not next to this Python")
    ts = tmp_path / "engine_ja.ts"
    ts.write_text(_ts({AUTH_EN: AUTH_JA, PARAM_EN: PARAM_JA, 'Provider said: "{said}"': SAID_JA,
                       "{name} is {current} (the preset has {preset})": "{name} は {current} (プリセットは {preset})",
                       "{name} is unset (the preset has {preset})": "{name} は未設定 (プリセットは {preset})",
                       "(Details: {detail})": "(詳細: {detail})"}), encoding="utf-8")
    subprocess.run([str(lrelease), "-silent", str(ts)], check=True, timeout=60)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "engine_ja.qm"))
    qapp.installTranslator(translator)
    engine_text.set_active(True)  # what install_translations does when it installs Parley's translation
    yield
    engine_text.set_active(False)
    qapp.removeTranslator(translator)


def test_engine_sentences_and_filled_templates_are_translated(japanese: None) -> None:
    assert localize(AUTH_EN) == AUTH_JA
    # a template: found from the finished sentence, the value put back into the translation
    assert localize(PARAM_EN.format(param="temperature")) == PARAM_JA.format(param="temperature")
    # an error with the provider's own words: the words stay as they were, the rest is translated
    said = 'Incorrect API key provided: sk-…. (You can find it "here")'
    assert localize(f'{AUTH_EN} Provider said: "{said}"') == f"{AUTH_JA} {SAID_JA.format(said=said)}"
    # not marked, or marked but not translated: unchanged
    assert localize("Something the model wrote.") == "Something the model wrote."
    assert localize("The provider had a server error. This is usually temporary: try again in a moment.") == \
        "The provider had a server error. This is usually temporary: try again in a moment."


def test_english_comes_back_unchanged_without_a_translation() -> None:
    assert localize(AUTH_EN) == AUTH_EN
    assert localize(PARAM_EN.format(param="seed")) == PARAM_EN.format(param="seed")


def test_a_failed_turn_shows_the_error_in_the_ui_language(japanese: None, qtbot, arun,
                                                          sse_server: LoopbackServer, runner: Runner) -> None:
    sse_server.queue(Reply(status=401, body=error_body("Incorrect API key provided.")))
    conv = loopback_conversation(sse_server)
    controller, pane = make_pane(qtbot, conv, runner)
    controller.send("Hi")
    reply = conv.messages[-1]
    arun(until(lambda: not controller.running and controller.live_for(reply.id) is None, 10, "the failure"))
    shown = pane.view.widget_for(reply.id)._status.label.text()
    assert AUTH_JA in shown and SAID_JA.format(said="Incorrect API key provided.") in shown
    assert reply.generation.error.startswith(AUTH_EN)  # the file keeps the English sentence


def test_every_engine_template_can_be_found_again_by_the_window() -> None:
    """localize() matches finished sentences against the templates its modules define: a template
    defined inside a function (not at module level) or in a module it does not load is never found."""
    import importlib

    from parley.core import texts
    from parley.ui import engine_text
    from tests.unit.test_engine_texts import marked

    for name in engine_text._ENGINE_MODULES:
        importlib.import_module(name)
    with_fields = {text: where for text, where in marked().items() if "{" in text}
    missing = {where: text for text, where in with_fields.items() if text not in texts.templates()}
    assert not missing, f"templates not registered (define them at module level): {missing}"


def test_the_most_specific_template_wins_and_the_providers_words_stay_as_they_are(japanese: None) -> None:
    from parley.services.presets import Difference

    unset = Difference("temperature", preset=0.7, current=None).sentence()  # "temperature is unset (the preset has 0.7)"
    assert localize(unset) == "temperature は未設定 (プリセットは 0.7)"
    # Text inside the provider's quote that happens to look like an engine sentence is theirs.
    words = f"I am a teapot (Details: fake) {AUTH_EN}"
    assert localize(f'{AUTH_EN} Provider said: "{words}"') == f"{AUTH_JA} {SAID_JA.format(said=words)}"


def test_long_or_deeply_nested_texts_come_back_without_a_fuss(japanese: None) -> None:
    page = "error: " * 8_000  # an error page kept in a file: looked up as a whole only
    assert localize(page) == page
    chained = AUTH_EN + " (Details: x)" * 1_200  # no RecursionError
    assert localize(chained).endswith("(Details: x)")
