"""Sentences the inspector shows instead of (or above) the tokens. No Qt: tested on their own."""

from __future__ import annotations

from typing import Any

from parley.core.conversation import Choice, Generation
from parley.core.providers import ProviderProfile


def logprob_entries(choice: Choice | None) -> tuple[list[dict[str, Any]], str]:
    """(entries, which): the content's logprobs, else the refusal's, else none."""
    if choice is None or not isinstance(choice.logprobs, dict):
        return [], "content"
    content = choice.logprobs.get("content")
    if isinstance(content, list) and content:
        return content, "content"
    refusal = choice.logprobs.get("refusal")
    if isinstance(refusal, list) and refusal:
        return refusal, "refusal"
    return [], "content"


def _asked_for_logprobs(generation: Generation) -> bool | None:
    """Whether the request that was sent asked for logprobs (None: the request is not recorded)."""
    if generation.request is None:
        return None
    return generation.request.get("logprobs") is True or bool(generation.request.get("top_logprobs"))


def no_logprobs_reason(generation: Generation, choice: Choice | None, profile: ProviderProfile | None,
                       model: str) -> str:
    """Why there are no tokens to show, naming provider and model, and what the user can do."""
    provider = profile.name if profile is not None else (generation.provider or "The provider")
    name = model or "this model"
    if generation.error and (choice is None or not (choice.content or choice.refusal)):
        return f"This answer failed before any token arrived, so there are no probabilities to show: {generation.error}"
    if choice is not None and choice.tool_calls and not choice.content:
        return (f"{provider} answered {name} with a tool call; providers return log probabilities for text "
                "content only.")
    head = f"{provider} returned no log probabilities for {name}."
    if profile is not None:
        caps = profile.capabilities_for(model)
        if not caps.logprobs:
            return f"{head} Its profile says {caps.label} never returns them."
    asked = _asked_for_logprobs(generation)
    if asked is False:
        return (f"{head} The request did not ask for them: turn on logprobs (and top_logprobs for "
                "alternatives) in the sidebar, then regenerate.")
    if asked is True:
        return (f"{head} The request asked for them (logprobs: true) but the answer carried none; "
                "some servers ignore the parameter (Ollama, LM Studio, many OpenRouter models).")
    return head


def sequence_notices(generation: Generation, which: str, merged: int, listed: int) -> list[str]:
    """Short remarks shown above the tokens."""
    out = []
    if which == "refusal":
        out.append("These are the tokens of the refusal (the answer has no content).")
    if generation.interrupted:
        out.append("The answer was cut off; only the tokens that arrived are shown.")
    if merged:
        out.append(f"{merged} character(s) arrived merged into one entry each (llama.cpp): their probability "
                   "and alternatives are those of the character's last piece.")
    if listed == 0:
        out.append("No alternatives were returned: set top_logprobs (1–20) to see them.")
    return out
