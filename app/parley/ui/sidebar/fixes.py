"""After a 400 that names a parameter: which one, and what to offer (drop it, or send it under another name).

No widgets (QtCore only, for translated sentences). The choice itself is remembered per (provider, model) by `core.providers.remember_fix`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from parley.core import params as catalog
from parley.core import providers

# Renames providers ask for often enough to suggest without reading the message.
_KNOWN_RENAMES = {
    "max_tokens": "max_completion_tokens",
    "max_completion_tokens": "max_tokens",
    "repetition_penalty": "repeat_penalty",
    "seed": "random_seed",
}
_QUOTED = re.compile(r"[`'\"‘’“”]([A-Za-z_][A-Za-z0-9_.]*)[`'\"‘’“”]")
_INSTEAD = re.compile(r"(?:use|try|with)\s+[`'\"‘’“”]?([A-Za-z_][A-Za-z0-9_]*)[`'\"‘’“”]?\s+instead", re.I)


@dataclass(frozen=True)
class FixOffer:
    param: str
    rename_to: str | None  # None: only "drop" makes sense
    provider_message: str


def rejected_param(text: str, known: Iterable[str] | None = None) -> str | None:
    """The first known parameter quoted in an error text ("Unsupported parameter: 'max_tokens'")."""
    names = set(known if known is not None else catalog.CATALOG)
    for match in _QUOTED.finditer(text or ""):
        name = match.group(1).split(".")[0]
        if name in names:
            return name
    return None


def suggested_rename(param: str, message: str = "") -> str | None:
    """The name the provider asks for ("use 'max_completion_tokens' instead"), else a well-known one."""
    match = _INSTEAD.search(message or "")
    if match and match.group(1) != param:
        return match.group(1)
    return _KNOWN_RENAMES.get(param)


def offer_for(param: str, provider_message: str = "") -> FixOffer:
    return FixOffer(param, suggested_rename(param, provider_message), provider_message)


def parse_action(action: str) -> tuple[str, str | None]:
    """"drop" -> ("drop", None); "rename:new_name" -> ("rename", "new_name"); anything else: ValueError."""
    kind, _, target = action.partition(":")
    if kind == "drop" and not target:
        return "drop", None
    if kind == "rename" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", target):
        return "rename", target
    raise ValueError(f'A fix is "drop" or "rename:<new name>", not {action!r}.')


def remember(profile_id: str, model: str, param: str, action: str) -> providers.LearnedFix:
    kind, target = parse_action(action)
    return providers.remember_fix(profile_id, model, param, kind, target)


def describe(fix: providers.LearnedFix, provider_name: str) -> str:
    who = QCoreApplication.translate("ProviderFixes", "every model") if fix.model == "*" else fix.model
    if fix.action == "drop":
        return QCoreApplication.translate(
            "ProviderFixes", "{param} is left out for {who} on {provider} (you chose this after a rejection)."
        ).format(param=fix.param, who=who, provider=provider_name)
    return QCoreApplication.translate(
        "ProviderFixes", "{param} is sent as {new_name} for {who} on {provider} (you chose this after a rejection)."
    ).format(param=fix.param, new_name=fix.rename_to, who=who, provider=provider_name)
