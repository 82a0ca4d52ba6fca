"""Comparison: one prompt, N targets (provider, model, parameter set), with metrics.

Each target runs on its own copy of the conversation, so results never mix. Runs are
concurrent by default (``parallel``); ``sequential`` gives cleaner latency figures when
targets share one machine (e.g. several local models).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parley.core import events as ev
from parley.core.conversation import Conversation, Generation, Target
from parley.core.pricing import cost_of
from parley.services.runner import Runner, RunOptions


@dataclass
class CompareTarget:
    label: str
    target: Target
    params: dict[str, Any] = field(default_factory=dict)  # overrides on top of the conversation's params


@dataclass
class Metrics:
    ttft: float | None  # seconds to first token
    tokens_per_second: float | None
    prompt_tokens: int | None
    completion_tokens: int | None
    total_seconds: float | None
    cost: float | None  # USD, when a price is known
    finish_reason: str | None


@dataclass
class CompareResult:
    label: str
    conversation: Conversation
    generation: Generation
    metrics: Metrics

    @property
    def text(self) -> str:
        choice = self.generation.choice
        return (choice.content or "") if choice else ""


def metrics_of(gen: Generation) -> Metrics:
    usage = gen.usage or {}
    completion = usage.get("completion_tokens")
    prompt = usage.get("prompt_tokens")
    t = gen.timings
    total = (t.finished - t.sent) if (t.finished and t.sent) else None
    return Metrics(
        ttft=t.ttft,
        tokens_per_second=t.tokens_per_second(completion),
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_seconds=total,
        cost=cost_of(gen.provider, gen.model or (gen.request or {}).get("model"), usage),
        finish_reason=gen.choice.finish_reason if gen.choice else None,
    )


def prepare(conversation: Conversation, spec: CompareTarget) -> Conversation:
    conv = copy.deepcopy(conversation)
    conv.target = copy.deepcopy(spec.target)
    conv.params = {**conv.params, **spec.params}
    return conv


async def compare(
    runner: Runner,
    conversation: Conversation,
    targets: Sequence[CompareTarget],
    *,
    mode: str = "parallel",
    on_event: Callable[[int, ev.RunEvent], None] | None = None,
    options: RunOptions | None = None,
) -> list[CompareResult]:
    """Run every target on the same conversation; results come back in the order of ``targets``."""
    if mode not in ("parallel", "sequential"):
        raise ValueError("mode must be 'parallel' or 'sequential'")
    convs = [prepare(conversation, t) for t in targets]

    def sink(i: int) -> Callable[[ev.RunEvent], None]:
        return lambda e: on_event(i, e) if on_event else None

    if mode == "parallel":
        handles = [runner.start(c, on_event=sink(i), options=options) for i, c in enumerate(convs)]
        try:
            gens = await asyncio.gather(*(h.wait() for h in handles))
        except asyncio.CancelledError:
            for h in handles:
                h.cancel()
            raise
    else:
        gens = []
        for i, c in enumerate(convs):
            gens.append(await runner.run(c, on_event=sink(i), options=options))
    return [CompareResult(t.label, c, g, metrics_of(g)) for t, c, g in zip(targets, convs, gens, strict=True)]
