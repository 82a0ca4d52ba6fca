"""Sentences the inspector shows instead of (or above) the tokens. No widgets (QtCore only, to translate
them): tested on their own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from parley.core.conversation import Choice, Generation
from parley.core.providers import ProviderProfile
from parley.ui.engine_text import localize


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
    provider = profile.name if profile is not None else (
        generation.provider or QCoreApplication.translate("InspectorNotices", "The provider"))
    name = model or QCoreApplication.translate("InspectorNotices", "this model")
    if generation.edited:
        return QCoreApplication.translate(
            "InspectorNotices", "This alternative is your edit of an answer: edits have no token probabilities. "
            "The model's own answers are the other alternatives (‹ ›).")
    if generation.error and (choice is None or not (choice.content or choice.refusal)):
        return QCoreApplication.translate(
            "InspectorNotices", "This answer failed before any token arrived, so there are no probabilities to "
            "show: {error}").format(error=localize(generation.error))
    if choice is not None and choice.tool_calls and not choice.content:
        return QCoreApplication.translate(
            "InspectorNotices", "{provider} answered {model} with a tool call; providers return log probabilities "
            "for text content only.").format(provider=provider, model=name)
    head = QCoreApplication.translate("InspectorNotices", "{provider} returned no log probabilities for {model}."
                                      ).format(provider=provider, model=name)
    if profile is not None:
        caps = profile.capabilities_for(model)
        if not caps.logprobs:
            return QCoreApplication.translate(
                "InspectorNotices", "{head} Its profile says {model} never returns them.").format(
                head=head, model=caps.label)
    asked = _asked_for_logprobs(generation)
    if asked is False:
        return QCoreApplication.translate(
            "InspectorNotices", "{head} The request did not ask for them: turn on logprobs (and top_logprobs "
            "for alternatives) in the sidebar, then regenerate.").format(head=head)
    if asked is True:
        return QCoreApplication.translate(
            "InspectorNotices", "{head} The request asked for them (logprobs: true) but the answer carried "
            "none; some servers ignore the parameter (Ollama, LM Studio, many OpenRouter models).").format(head=head)
    return head


def sequence_notices(generation: Generation, which: str, merged: int, listed: int) -> list[str]:
    """Short remarks shown above the tokens."""
    out = []
    if which == "refusal":
        out.append(QCoreApplication.translate(
            "InspectorNotices", "These are the tokens of the refusal (the answer has no content)."))
    if generation.interrupted:
        out.append(QCoreApplication.translate(
            "InspectorNotices", "The answer was cut off; only the tokens that arrived are shown."))
    if merged:
        out.append(QCoreApplication.translate(
            "InspectorNotices", "{n} character(s) arrived merged into one entry each (llama.cpp): their "
            "probability and alternatives are those of the character's last piece.").format(n=merged))
    if listed == 0:
        out.append(QCoreApplication.translate(
            "InspectorNotices", "No alternatives were returned: set top_logprobs (1–20) to see them."))
    return out
