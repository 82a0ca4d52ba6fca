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
# Fields whose value may itself be an engine sentence ("could not start: {detail}"). Never the
# provider's words ({said}), a value the user typed ({value}) or a name.
_SENTENCE_FIELDS = frozenset({"problem", "problems", "reason", "reasons", "error", "detail", "note", "unknown"})
# Past this length a text is not looked up piece by piece: engine sentences are short, and matching
# templates against a long text (an error page kept in a file) could take seconds.
_LONGEST = 2_000
_DEPTH = 3  # sentences inside sentences, at most this deep
_templates: list[tuple[str, str, re.Pattern[str]]] = []  # (template, its longest literal, pattern)
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
    return _localize(text, _DEPTH)


def _localize(text: str, depth: int) -> str:
    found = _translate(text, depth)
    if found is not None:
        return found
    if depth > 0 and len(text) <= _LONGEST:
        for opening, closing in _TAILS:  # "message Provider said: "…" (Details: …)"
            at = text.rfind(opening)
            if at > 0 and text.endswith(closing):
                head, tail = text[:at], text[at + 1:]
                return f"{_localize(head, depth - 1)} {_translate(tail, 0) or tail}"
    return text


def _translate(text: str, depth: int) -> str | None:
    """The translation of a whole sentence or filled template; None if there is none."""
    global _imported
    translated = QCoreApplication.translate(texts.ENGINE, text)
    if translated != text:
        return translated
    if len(text) > _LONGEST:
        return None
    found = _from_template(text, depth)
    if found is None and not _imported:
        _imported = True
        for name in _ENGINE_MODULES:
            importlib.import_module(name)
        found = _from_template(text, depth)
    return found


def _from_template(text: str, depth: int) -> str | None:
    for template, literal, pattern in _known_templates():
        if literal not in text:  # cheap: most templates are ruled out before any regex runs
            continue
        match = pattern.fullmatch(text)
        if match is None:
            continue
        translated = QCoreApplication.translate(texts.ENGINE, template)
        if translated == template:
            continue  # known but not translated: a less specific template may be
        values = {name: _localize(value, depth - 1) if name in _SENTENCE_FIELDS and depth > 0 else value
                  for name, value in match.groupdict().items()}
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that names other fields
            continue
    return None


def _known_templates() -> list[tuple[str, str, re.Pattern[str]]]:
    """The registered templates, the most specific first (the most words of their own): "{name} is
    unset (the preset has {preset})" before "{name} is {current} (the preset has {preset})"."""
    registered = texts.templates()
    if len(registered) != len(_templates):
        _templates[:] = sorted(((t, max(_FIELD.split(t)[::2], key=len), _pattern(t)) for t in registered),
                               key=lambda entry: len(_FIELD.sub("", entry[0])), reverse=True)
    return _templates


def _pattern(template: str) -> re.Pattern[str]:
    parts, seen, at = [], set(), 0
    for field in _FIELD.finditer(template):
        parts.append(re.escape(template[at:field.start()]))
        name = field.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        at = field.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts), re.DOTALL)
