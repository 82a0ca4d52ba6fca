"""Cost of a turn from its usage and a price table (bundled, overridable per user)."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

from parley.paths import resource, user_data_dir

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def price_table() -> dict[str, dict[str, dict[str, float]]]:
    table: dict[str, dict[str, dict[str, float]]] = {}
    for path in (resource("prices.json"), user_data_dir() / "prices.json"):
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # a broken user file must not break runs
            log.warning("ignoring price table %s: %s", path, exc)
            continue
        for provider, models in data.get("providers", {}).items():
            table.setdefault(provider, {}).update(models)
    return table


def price_for(provider: str | None, model: str | None) -> dict[str, float] | None:
    """The price entry whose model prefix is the longest match, or the provider's ``*`` entry."""
    models = price_table().get(provider or "", {})
    if model:
        matches = [m for m in models if m != "*" and model.startswith(m)]
        if matches:
            return models[max(matches, key=len)]
    return models.get("*")


def cost_of(provider: str | None, model: str | None, usage: dict[str, Any] | None) -> float | None:
    """USD for one turn, or None when no price is known or usage is missing."""
    price = price_for(provider, model)
    if price is None or not usage:
        return None
    prompt = usage.get("prompt_tokens") or 0
    completion = usage.get("completion_tokens") or 0
    cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
    cached_rate = price.get("cached_input", price.get("input", 0.0))
    return (
        (prompt - cached) * price.get("input", 0.0) + cached * cached_rate + completion * price.get("output", 0.0)
    ) / 1_000_000
