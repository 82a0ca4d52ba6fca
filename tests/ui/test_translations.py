"""Translations: a compiled translation changes what the window shows; the .ts files list every string."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.paths import library_dir
from parley.services.library import Library
from parley.services.runner import Runner
from parley.ui import engine_text
from parley.ui.app import app_settings
from parley.ui.documents import DocumentController
from parley.ui.translations import install_translations

ROOT = Path(__file__).resolve().parents[2]
TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
</context>
</TS>
"""


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.skip(f"{name} (part of PySide6) is not next to this Python")
    return str(path)


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or "")
            for ctx in root.iter("context") for msg in ctx.iter("message")}


def test_a_compiled_translation_is_what_the_window_shows(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                                         arun) -> None:
    from parley.ui.main_window import MainWindow

    (tmp_path / "parley_ja.ts").write_text(TS, encoding="utf-8")
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(tmp_path / "parley_ja.ts")], check=True, timeout=60)
    translators = install_translations(qapp, ["ja_JP"], folder=tmp_path)
    runner = Runner()
    documents = DocumentController(app_settings(), Library(library_dir()))
    try:
        assert sorted(t.objectName() for t in translators) == ["parley", "qtbase"]
        assert engine_text._active  # engine sentences are looked up from now on
        window = MainWindow(settings=app_settings(), documents=documents, runner=runner)
        qtbot.addWidget(window)
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus[0] == "ファイル(&F)"  # ours
        assert "&Edit" in menus  # not translated in this file: the English source stays
        # Qt's own strings (standard buttons, file dialogs) come from Qt's Japanese file.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
        window._closing_confirmed = True
        window.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        engine_text.set_active(False)
        documents.shutdown()
        arun(runner.aclose())
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_english_or_an_unknown_language_installs_nothing(qapp: QApplication, tmp_path: Path) -> None:
    assert install_translations(qapp, ["en_US", "ja_JP"], folder=tmp_path) == []
    assert install_translations(qapp, ["xx_YY"], folder=tmp_path) == []


def test_the_translation_sources_list_every_string_of_the_interface(tmp_path: Path) -> None:
    # Fails when a new tr() string was added without `python packaging/update_translations.py`.
    shipped = sorted((ROOT / "resources" / "i18n").glob("parley_*.ts"))
    assert [p.name for p in shipped] == ["parley_ja.ts", "parley_zh_CN.ts"]
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    sources = [str(ROOT / p) for p in script.sources()]  # the window's tr() and the engine's marked sentences
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_tool("pyside6-lupdate"), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
                   check=True, timeout=120)
    expected = _messages(fresh)
    assert len(expected) > 600 and any(context == "Engine" for context, _ in expected)
    for ts in shipped:
        assert _messages(ts) == expected, f"{ts.name} is stale: run python packaging/update_translations.py"
