"""Presets: named parameter sets saved as JSON files in `user_data_dir()/presets`.

A preset holds request parameters exactly as a conversation does (name -> value, absent = unset),
including provider extras the catalog does not know, plus optional request options (extra headers,
timeout, retries). It never holds the model or the messages: a conversation file keeps its own
parameters, and loading a preset only copies its values into the sidebar.

Files are written atomically and carry a format name and version; a file that cannot be read is
reported with a sentence and left on disk untouched. No Qt here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.core import params as catalog
from parley.core.files import ConversationFileError, write_atomic
from parley.core.texts import QT_TRANSLATE_NOOP, fill
from parley.paths import user_data_dir
from parley.services.names import file_slug, name_problem

# Sentences with values (core.texts): the window translates them; the English stays as it is.
_CREDENTIAL_HEADER = QT_TRANSLATE_NOOP("Engine", "The header {headers} carries a credential; presets never hold keys. "
                                       "Store the key under Providers & keys instead.")
_CANNOT_READ = QT_TRANSLATE_NOOP("Engine", "Cannot read the preset {file}: {reason}.")
_NOT_JSON = QT_TRANSLATE_NOOP("Engine", "The preset {file} is not valid JSON ({problem}); it was left as it is.")
_NOT_A_PRESET = QT_TRANSLATE_NOOP("Engine", "{file} is not a Parley preset; it was left as it is.")
_DIFF_ADDED = QT_TRANSLATE_NOOP("Engine", "{name} is set to {current} (unset in the preset)")
_DIFF_REMOVED = QT_TRANSLATE_NOOP("Engine", "{name} is unset (the preset has {preset})")
_DIFF_CHANGED = QT_TRANSLATE_NOOP("Engine", "{name} is {current} (the preset has {preset})")
_NEWER_VERSION = QT_TRANSLATE_NOOP("Engine", "The preset {file} was written by a newer Parley (format version "
                                   "{version}); update Parley to use it.")
_INCOMPLETE = QT_TRANSLATE_NOOP("Engine", "The preset {file} has no name or parameters; it was left as it is.")
_NOT_SAVED = QT_TRANSLATE_NOOP("Engine", "The preset was not saved: {problems}")
_ALREADY_EXISTS = QT_TRANSLATE_NOOP("Engine", "A preset called {name} already exists.")
_CANNOT_DELETE = QT_TRANSLATE_NOOP("Engine", "Cannot delete the preset {name}: {reason}.")

FORMAT = "parley.preset"
VERSION = 1
FOLDER = "presets"
EXTENSION = ".json"
MAX_NAME = 80

# A preset is shared and copied around: it must never carry a credential, even in an extra header.
_CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key", "cookie"}
)
# Set by the conversation and its target, never by a preset.
_NOT_IN_PRESETS = frozenset({"model", "messages", "prompt"})


class PresetError(Exception):
    """A preset that cannot be saved or read; `str()` is one sentence for the user."""


@dataclass(frozen=True)
class Preset:
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # extra_headers, timeout, max_retries
    path: Path | None = None


@dataclass(frozen=True)
class Difference:
    """One parameter whose current value is not the preset's. A value of None means "unset" there."""

    name: str
    preset: Any
    current: Any

    @property
    def kind(self) -> str:
        if self.preset is None:
            return "added"
        if self.current is None:
            return "removed"
        return "changed"

    def sentence(self) -> str:
        if self.kind == "added":
            return fill(_DIFF_ADDED, name=self.name, current=_short(self.current))
        if self.kind == "removed":
            return fill(_DIFF_REMOVED, name=self.name, preset=_short(self.preset))
        return fill(_DIFF_CHANGED, name=self.name, current=_short(self.current), preset=_short(self.preset))


def presets_dir() -> Path:
    path = user_data_dir() / FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_name(name: str) -> str:
    """A portable file name for a preset name: readable, no path separators, same on every OS."""
    return file_slug(name, "preset") + EXTENSION


def check_name(name: str) -> str:
    """The name as it will be saved (trimmed), or PresetError saying what is wrong with it."""
    problem = name_problem(name, "preset", MAX_NAME)
    if problem:
        raise PresetError(problem)
    return name.strip()


def _check_options(options: Mapping[str, Any]) -> dict[str, Any]:
    headers = options.get("extra_headers") or {}
    secret = sorted(h for h in headers if str(h).lower() in _CREDENTIAL_HEADERS)
    if secret:
        raise PresetError(fill(_CREDENTIAL_HEADER, headers=", ".join(secret)))
    return {k: copy.deepcopy(v) for k, v in options.items() if v not in (None, {}, "")}


def list_presets() -> tuple[list[Preset], list[str]]:
    """Every readable preset, sorted by name, and a sentence for each file that could not be read."""
    found: list[Preset] = []
    problems: list[str] = []
    for path in sorted(presets_dir().glob(f"*{EXTENSION}")):
        try:
            found.append(read(path))
        except PresetError as exc:
            problems.append(str(exc))
    found.sort(key=lambda p: p.name.casefold())
    return found, problems


def names() -> list[str]:
    return [p.name for p in list_presets()[0]]


def find(name: str) -> Preset | None:
    """The preset called `name` (names compare case-insensitively), or None."""
    wanted = name.strip().casefold()
    for preset in list_presets()[0]:
        if preset.name.casefold() == wanted:
            return preset
    return None


def read(path: Path) -> Preset:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PresetError(fill(_CANNOT_READ, file=path.name, reason=exc)) from None
    except ValueError as exc:
        raise PresetError(fill(_NOT_JSON, file=path.name, problem=exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PresetError(fill(_NOT_A_PRESET, file=path.name))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise PresetError(fill(_NEWER_VERSION, file=path.name, version=data.get("version")))
    values = data.get("params")
    options = data.get("options", {})
    if not isinstance(values, dict) or not isinstance(options, dict) or not isinstance(data.get("name"), str):
        raise PresetError(fill(_INCOMPLETE, file=path.name))
    return Preset(name=data["name"], params=values, options=options, path=path)


def save(name: str, values: Mapping[str, Any], options: Mapping[str, Any] | None = None, *,
         overwrite: bool = True) -> Preset:
    """Write the preset `name` (replacing one of the same name unless `overwrite` is False).

    The values are checked with the catalog first: a preset Parley would refuse to send is not saved.
    """
    cleaned = check_name(name)
    kept = {k: copy.deepcopy(v) for k, v in values.items() if v is not None and k not in _NOT_IN_PRESETS}
    problems = catalog.validate_all({k: v for k, v in kept.items() if k in catalog.CATALOG})
    if problems:
        raise PresetError(fill(_NOT_SAVED, problems=" ".join(str(p) for p in problems)))
    checked_options = _check_options(options or {})
    existing = find(cleaned)
    if existing is not None and not overwrite:
        raise PresetError(fill(_ALREADY_EXISTS, name=repr(existing.name)))
    path = existing.path if existing is not None and existing.path is not None else _free_path(cleaned)
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": cleaned, "params": kept}
    if checked_options:
        data["options"] = checked_options
    _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return Preset(cleaned, kept, checked_options, path)


def delete(name: str) -> bool:
    """Remove the preset `name`; False when there is none."""
    preset = find(name)
    if preset is None or preset.path is None:
        return False
    try:
        preset.path.unlink()
    except OSError as exc:
        raise PresetError(fill(_CANNOT_DELETE, name=repr(preset.name), reason=exc)) from None
    return True


def defaults() -> dict[str, Any]:
    """"Reset to defaults": every parameter unset, so the provider's own defaults apply."""
    return {}


def differences(current: Mapping[str, Any], preset: Mapping[str, Any]) -> list[Difference]:
    """What `current` changes relative to `preset`, in catalog order then by name (extras)."""
    order = {name: i for i, name in enumerate(catalog.CATALOG)}
    keys = sorted(set(current) | set(preset), key=lambda k: (order.get(k, len(order)), k))
    out = []
    for key in keys:
        if key in _NOT_IN_PRESETS:
            continue
        mine, theirs = current.get(key), preset.get(key)
        if not _same(mine, theirs):
            out.append(Difference(key, theirs, mine))
    return out


def _same(a: Any, b: Any) -> bool:
    # 1 and 1.0 are the same setting; True and 1 are not.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return bool(a == b)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _free_path(name: str) -> Path:
    """A file for a new preset; two names that map to one file name get -2, -3…"""
    folder = presets_dir()
    base = file_name(name)
    path = folder / base
    n = 2
    while path.exists():
        path = folder / f"{base[: -len(EXTENSION)]}-{n}{EXTENSION}"
        n += 1
    return path


def _write_atomic(path: Path, text: str) -> None:
    """A crash leaves the old preset or the new one (core.files.write_atomic), never half of one."""
    try:
        write_atomic(path, text.encode("utf-8"), backup=False)
    except ConversationFileError as exc:
        raise PresetError(exc.user_message) from None
