"""The facts line under an assistant turn: tokens, time to first token, speed, finish reason, cost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from parley.core.conversation import Generation
from parley.core.pricing import cost_of


def _tr(text: str) -> str:
    return QCoreApplication.translate("TurnFacts", text)


@dataclass(frozen=True)
class Fact:
    label: str  # short, shown in the line
    tip: str  # longer, shown as tooltip


def _usage_int(usage: dict | None, *path: str) -> int | None:
    node: object = usage
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node if isinstance(node, int) else None


def turn_facts(gen: Generation | None) -> list[Fact]:
    """What a user wants to know about one generation, in reading order."""
    if gen is None:
        return []
    facts: list[Fact] = []
    usage = gen.usage
    prompt = _usage_int(usage, "prompt_tokens")
    completion = _usage_int(usage, "completion_tokens")
    reasoning = _usage_int(usage, "completion_tokens_details", "reasoning_tokens")
    cached = _usage_int(usage, "prompt_tokens_details", "cached_tokens")
    if prompt is not None:
        facts.append(Fact(_tr("in {n}").format(n=prompt), _tr("Input (prompt) tokens")))
    if completion is not None:
        facts.append(Fact(_tr("out {n}").format(n=completion), _tr("Output (completion) tokens")))
    if reasoning:
        facts.append(Fact(_tr("reasoning {n}").format(n=reasoning), _tr("Reasoning tokens (part of the output)")))
    if cached:
        facts.append(Fact(_tr("cached {n}").format(n=cached), _tr("Input tokens served from the provider's cache")))
    ttft = gen.timings.ttft
    if ttft is not None:
        facts.append(Fact(_tr("TTFT {s:.2f} s").format(s=ttft), _tr("Time to first token, measured by Parley")))
    rate = gen.timings.tokens_per_second(completion)
    if rate is not None:
        facts.append(Fact(_tr("{r:.1f} tok/s").format(r=rate), _tr("Output tokens per second after the first token")))
    choice = gen.choice
    if choice is not None and choice.finish_reason:
        facts.append(Fact(choice.finish_reason, _tr("finish_reason reported by the provider")))
    cost = cost_of(gen.provider, gen.model or (gen.request or {}).get("model"), usage)
    if cost is not None:
        label = "$0" if cost == 0 else f"${cost:.4f}" if cost >= 0.0001 else f"${cost:.6f}"
        facts.append(Fact(label, _tr("Estimated cost from Parley's price table")))
    return facts
