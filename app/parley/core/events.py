"""Typed streaming events: what one run tells its listeners, in order.

The API layer parses each SSE ``data:`` line once into a dict; ``core.stream.StreamAssembler``
turns each chunk dict into these events while assembling the full result. Everything above
(services, CLI, UI) consumes events; nobody re-parses JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TextDelta:
    choice: int
    text: str


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    choice: int
    text: str


@dataclass(frozen=True, slots=True)
class RefusalDelta:
    choice: int
    text: str


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    choice: int
    index: int
    id: str | None = None
    name: str | None = None
    arguments: str = ""  # a fragment of the JSON arguments


@dataclass(frozen=True, slots=True)
class LogprobsDelta:
    choice: int
    content: tuple[dict[str, Any], ...] = ()  # ChatCompletionTokenLogprob entries
    refusal: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Finish:
    choice: int
    reason: str | None


@dataclass(frozen=True, slots=True)
class UsageReport:
    usage: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ResponseMeta:
    """Response-level facts as they first appear: id, model, created, fingerprint, tier."""

    id: str | None = None
    model: str | None = None
    created: int | None = None
    system_fingerprint: str | None = None
    service_tier: str | None = None


@dataclass(frozen=True, slots=True)
class ProviderMetrics:
    """Non-standard fields a provider adds (llama.cpp ``timings``, SambaNova ``time_to_first_token``…)."""

    data: dict[str, Any] = field(default_factory=dict)


# Events emitted by services.runner around the stream (not by the assembler).


@dataclass(frozen=True, slots=True)
class RunStarted:
    url: str
    body: dict[str, Any]
    adjustments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Retrying:
    attempt: int
    delay: float
    reason: str


@dataclass(frozen=True, slots=True)
class RunFailed:
    message: str  # user-facing sentence
    partial: bool  # True when output had already arrived (kept, marked interrupted)


@dataclass(frozen=True, slots=True)
class RunStopped:
    """The user cancelled; what arrived is kept."""


@dataclass(frozen=True, slots=True)
class RunFinished:
    pass


StreamEvent = (
    TextDelta
    | ReasoningDelta
    | RefusalDelta
    | ToolCallDelta
    | LogprobsDelta
    | Finish
    | UsageReport
    | ResponseMeta
    | ProviderMetrics
)
RunEvent = StreamEvent | RunStarted | Retrying | RunFailed | RunStopped | RunFinished

# The events that carry model output (what a first token, a token rate and a repaint are about).
OUTPUT_EVENTS = (TextDelta, ReasoningDelta, RefusalDelta, ToolCallDelta)
