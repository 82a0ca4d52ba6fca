"""Sentences the engine shows to users, marked so that Qt's translation tools find them.

``core``, ``api`` and ``services`` never import Qt, and the CLI speaks English; the window
translates. A user-facing sentence is written as ``QT_TRANSLATE_NOOP("Engine", "...")``: an identity
function here, which pyside6-lupdate recognises, so the sentence lands in resources/i18n/*.ts
under the context "Engine" (packaging/update_translations.py scans these packages too). lupdate
reads only literals: the context must be the literal "Engine", and the text one string or adjacent
strings without parentheses around them (tests/unit/test_engine_texts.py checks every call).

A sentence with values is a template with ``{name}`` fields, kept in a module-level constant
(defining it registers it) and formatted with ``fill``. The window's ``ui.engine_text.localize``
finds the template again from the finished sentence, translates it and puts the values back,
so a sentence stays translatable after it crossed a process, a file or an event as plain text.
Fields are plain names (no ``!r`` or ``:.1f``: format the value before passing it), and a
template has words of its own besides its fields.
"""

from __future__ import annotations

from typing import Any

ENGINE = "Engine"  # the context the window looks sentences up in

_templates: dict[str, None] = {}  # ordered set of the templates with fields


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    if "{" in text:
        _templates[text] = None
    return text


def fill(template: str, **values: Any) -> str:
    """The English sentence: ``template`` with its fields filled in."""
    return template.format(**values)


def templates() -> list[str]:
    """Every template with fields defined so far (the modules that define them must be imported)."""
    return list(_templates)
