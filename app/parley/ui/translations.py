"""Loads translations of the user interface: Qt's own (standard buttons, file dialogs) and Parley's.

Every user-visible string goes through ``tr()``/``QCoreApplication.translate``; translators fill
``resources/i18n/parley_<language>.ts`` with Qt Linguist and ``packaging/update_translations.py``
compiles them to ``.qm`` files, which are picked up here by the user's UI language (``PARLEY_LANG``
overrides it, e.g. ``PARLEY_LANG=ja``). Without a translation the English source text is shown.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from parley.paths import resource
from parley.ui import engine_text

LANGUAGE_ENV = "PARLEY_LANG"


def ui_languages() -> list[str]:
    """The user's UI languages, most preferred first, as Qt file suffixes ("ja_JP", "zh_CN"…)."""
    override = os.environ.get(LANGUAGE_ENV, "").strip()
    names = [override] if override else list(QLocale.system().uiLanguages())
    return [name.replace("-", "_") for name in names if name]


def _candidates(language: str) -> list[str]:
    # "zh_Hans_CN" -> zh_Hans_CN, zh_CN, zh ; "ja_JP" -> ja_JP, ja
    parts = language.split("_")
    out = [language]
    if len(parts) == 3:
        out.append(f"{parts[0]}_{parts[2]}")
    out.append(parts[0])
    return list(dict.fromkeys(out))


def install_translations(app: QCoreApplication, languages: list[str] | None = None,
                         folder: Path | None = None) -> list[QTranslator]:
    """Install Qt's and Parley's translators for the first language that has Parley's or Qt's file.

    Returns the installed translators (kept alive by the caller; ``app.removeTranslator`` undoes).
    English, or a language with no file, installs nothing.
    """
    engine_text.set_active(False)
    folder = folder or resource("i18n")
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for language in languages if languages is not None else ui_languages():
        if language.split("_")[0] == "en":
            return []
        installed: list[QTranslator] = []
        for name in _candidates(language):
            for prefix, where in (("qtbase", qt_folder), ("parley", str(folder))):
                if any(t.objectName() == prefix for t in installed):
                    continue
                translator = QTranslator(app)
                translator.setObjectName(prefix)
                if translator.load(f"{prefix}_{name}", where):
                    app.installTranslator(translator)
                    installed.append(translator)
        if installed:
            engine_text.set_active(any(t.objectName() == "parley" for t in installed))
            return installed
    return []
