"""Sentences the engine wrote (errors, reasons, notes), shown in the window's language.

The engine marks its sentences with ``core.texts.QT_TRANSLATE_NOOP("Engine", …)``; they reach
the window as finished English text (from the stream-reading child, a conversation file, an
event). ``localize`` looks a sentence up as it is; else it finds the template the sentence was
filled from, translates the template and puts the values back. An error's tails
(' Provider said: "…"', ' (Details: …)') are translated piece by piece; the provider's own words
and the values are never translated. Without a translation, the text comes back unchanged.
"""

from __future__ import annotations

import importlib
import re

from PySide6.QtCore import QCoreApplication

from parley.core import texts

# The modules that define the engine's templates (defining one registers it). Imported on the
# first sentence that is not found, not before: some of them load the HTTP stack.
_ENGINE_MODULES = (
    "parley.api.errors", "parley.api.local", "parley.api.client", "parley.api.tokenizer", "parley.api.sse",
    "parley.secrets", "parley.services.runner", "parley.services.library", "parley.services.compare",
    "parley.services.presets", "parley.services.names", "parley.core.files", "parley.core.providers",
    "parley.core.steering", "parley.core.params", "parley.core.spec", "parley.core.tokens", "parley.core.stream",
    "parley.core.pricing", "parley.core.conversation", "parley.core.request", "parley.core.export",
    "parley.core.logprobs",
)
_FIELD = re.compile(r"\{(\w+)\}")
_patterns: dict[str, re.Pattern[str]] = {}
_imported = False
_active = False  # a translation of Parley is installed (ui.translations says so): else nothing to look up
# (separator, closing text) of the tails api.errors.APIError.__str__ may append, last one first
_TAILS = ((" (Details: ", ")"), (' Provider said: "', '"'))


def set_active(active: bool) -> None:
    """Whether a translation of Parley is installed (English: every sentence stays as it is)."""
    global _active
    _active = active


def localize(text: str | None) -> str:
    """``text`` in the UI language, if the engine marked it and a translation exists."""
    if not text or not _active:
        return text or ""
    found = _translate(text)
    if found is not None:
        return found
    for opening, closing in _TAILS:  # "message Provider said: "…" (Details: …)"
        at = text.rfind(opening)
        if at > 0 and text.endswith(closing):
            head, tail = text[:at], text[at + 1:]
            return f"{localize(head)} {_translate(tail) or tail}"
    return text


def _translate(text: str) -> str | None:
    """The translation of a whole sentence or filled template; None if there is none."""
    global _imported
    translated = QCoreApplication.translate(texts.ENGINE, text)
    if translated != text:
        return translated
    found = _from_template(text)
    if found is None and not _imported:
        _imported = True
        for name in _ENGINE_MODULES:
            importlib.import_module(name)
        found = _from_template(text)
    return found


def _from_template(text: str) -> str | None:
    # The longest template first: "…: {detail}." before "…: {detail}", which matches the same sentence.
    for template in sorted(texts.templates(), key=len, reverse=True):
        match = _pattern(template).fullmatch(text)
        if match is None:
            continue
        translated = QCoreApplication.translate(texts.ENGINE, template)
        if translated == template:
            return None  # the sentence is known, but not translated
        # A value may be a sentence of the engine itself ("could not start: the process exited…").
        values = {name: localize(value) for name, value in match.groupdict().items()}
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that names other fields
            return None
    return None


def _pattern(template: str) -> re.Pattern[str]:
    pattern = _patterns.get(template)
    if pattern is None:
        parts, seen, at = [], set(), 0
        for field in _FIELD.finditer(template):
            parts.append(re.escape(template[at:field.start()]))
            name = field.group(1)
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
            at = field.end()
        parts.append(re.escape(template[at:]))
        pattern = _patterns[template] = re.compile("".join(parts), re.DOTALL)
    return pattern
