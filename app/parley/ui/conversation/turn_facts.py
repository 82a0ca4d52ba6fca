"""The facts line under an assistant turn: tokens, time to first token, speed, finish reason, cost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from parley.core.conversation import Generation
from parley.core.pricing import cost_of


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
    tr = QCoreApplication.translate  # lupdate reads tr("TurnFacts", "…") calls too
    if prompt is not None:
        facts.append(Fact(tr("TurnFacts", "in {n}").format(n=prompt), tr("TurnFacts", "Input (prompt) tokens")))
    if completion is not None:
        facts.append(Fact(tr("TurnFacts", "out {n}").format(n=completion),
                          tr("TurnFacts", "Output (completion) tokens")))
    if reasoning:
        facts.append(Fact(tr("TurnFacts", "reasoning {n}").format(n=reasoning),
                          tr("TurnFacts", "Reasoning tokens (part of the output)")))
    if cached:
        facts.append(Fact(tr("TurnFacts", "cached {n}").format(n=cached),
                          tr("TurnFacts", "Input tokens served from the provider's cache")))
    ttft = gen.timings.ttft
    if ttft is not None:
        facts.append(Fact(tr("TurnFacts", "TTFT {s:.2f} s").format(s=ttft),
                          tr("TurnFacts", "Time to first token, measured by Parley")))
    rate = gen.timings.tokens_per_second(completion)
    if rate is not None:
        facts.append(Fact(tr("TurnFacts", "{r:.1f} tok/s").format(r=rate),
                          tr("TurnFacts", "Output tokens per second after the first token")))
    choice = gen.choice
    if choice is not None and choice.finish_reason:
        facts.append(Fact(choice.finish_reason, tr("TurnFacts", "finish_reason reported by the provider")))
    cost = cost_of(gen.provider, gen.model or (gen.request or {}).get("model"), usage)
    if cost is not None:
        label = "$0" if cost == 0 else f"${cost:.4f}" if cost >= 0.0001 else f"${cost:.6f}"
        facts.append(Fact(label, tr("TurnFacts", "Estimated cost from Parley's price table")))
    return facts
