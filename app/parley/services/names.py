"""User-given names of saved things (presets, comparison sets, conversations): checks, portable file names, titles."""

from __future__ import annotations

import re

from parley.core.texts import QT_TRANSLATE_NOOP, fill

# Whole sentences per kind of thing, so a translation can agree with the noun (gender, case);
# (empty name, too long, control characters).
_NAME_PROBLEMS = {
    "preset": (
        QT_TRANSLATE_NOOP("Engine", "Give the preset a name."),
        QT_TRANSLATE_NOOP("Engine", "A preset name can be at most {max_length} characters long "
                                    "(this one has {length})."),
        QT_TRANSLATE_NOOP("Engine", "A preset name cannot contain line breaks or control characters."),
    ),
    "comparison set": (
        QT_TRANSLATE_NOOP("Engine", "Give the comparison set a name."),
        QT_TRANSLATE_NOOP("Engine", "A comparison set name can be at most {max_length} characters long "
                                    "(this one has {length})."),
        QT_TRANSLATE_NOOP("Engine", "A comparison set name cannot contain line breaks or control characters."),
    ),
}
# Another kind of thing gets the same sentences in English only, until it has its own above.
_ANY_NAME_PROBLEMS = ("Give the {what} a name.",
                      "A {what} name can be at most {max_length} characters long (this one has {length}).",
                      "A {what} name cannot contain line breaks or control characters.")


def file_slug(name: str, fallback: str) -> str:
    """A portable file stem for a name: readable, no path separators, the same on every OS."""
    stem = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.").lower()
    return stem or fallback


def name_problem(name: str, what: str, max_length: int) -> str | None:
    """A sentence saying what is wrong with ``name`` as the name of ``what``, or None when it is fine."""
    empty, too_long, control = _NAME_PROBLEMS.get(what, _ANY_NAME_PROBLEMS)
    cleaned = name.strip()
    if not cleaned:
        return fill(empty, what=what)
    if len(cleaned) > max_length:
        return fill(too_long, what=what, max_length=max_length, length=len(cleaned))
    if any(ord(ch) < 32 for ch in cleaned):
        return fill(control, what=what)
    return None


TITLE_MAX = 60


def title_from_text(text: str, max_length: int = TITLE_MAX) -> str:
    """A conversation title from its first user message: the first line with text, cut at a word.

    "" when the text has nothing to show (only whitespace, or only images).
    """
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())  # tabs and runs of spaces: one space
    if len(line) <= max_length:
        return line
    cut = line[: max_length - 1]
    space = cut.rfind(" ")
    if space >= max_length // 2:  # cut at a word unless that loses half the title (CJK has no spaces)
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
