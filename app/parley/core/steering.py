"""Steering the next answer from the inspector: ban or boost a token, continue from an alternative.

Qt-free, so the rules are tested without a window:

- A ban or boost is a ``logit_bias`` entry for the token's id *in the model's own id space*
  (`logprobs.IdSpace`): the ids llama.cpp sends with its logprobs, or tiktoken ids for OpenAI
  models. When neither is known, or the provider rejects ``logit_bias``, the action is
  unavailable and says why — a bias on the wrong id space would push on a different token.
- "Continue with this alternative" builds a new branch whose last message is the partial
  assistant answer (the text before the token + the alternative); the provider's
  `Capabilities.continuation` says whether and how it continues such a message
  (`core.request.build_request(..., continue_partial=True)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parley.core.conversation import Branch, Conversation, Message
from parley.core.logprobs import Alternative, IdSpace, TokenSequence, bytes_label, utf8_complete, visible
from parley.core.providers import Capabilities
from parley.core.texts import QT_TRANSLATE_NOOP, fill

BAN = -100
DEFAULT_BOOST = 5
BIAS_MIN = -100
BIAS_MAX = 100

_TARGET = QT_TRANSLATE_NOOP("Engine", "token {id} ({shown}) in {space}")
_TARGET_WITH_NOTE = QT_TRANSLATE_NOOP("Engine", "token {id} ({shown}) in {space}; {note}")
_NEEDS_LOGIT_BIAS = QT_TRANSLATE_NOOP("Engine", "Ban and boost need logit_bias: {reason}.")
_NEEDS_TOKEN_ID = QT_TRANSLATE_NOOP("Engine", "Ban and boost need the token's id: {reason}.")
_MERGED_PIECE = QT_TRANSLATE_NOOP(
    "Engine", "the last piece ({bytes}) of {character}: the provider merged the character's pieces into one entry"
)
_PART_OF = QT_TRANSLATE_NOOP("Engine", "part of {character} (bytes {bytes})")
_PARTIAL_CHARACTER = QT_TRANSLATE_NOOP("Engine", "a partial character (bytes {bytes})")
_BYTES = QT_TRANSLATE_NOOP("Engine", "bytes {bytes}")
_NOT_A_SINGLE_TOKEN = QT_TRANSLATE_NOOP(
    "Engine", "{token} (bytes {bytes}) is not a single token of {space}, so it has no id to bias."
)
_CANNOT_CONTINUE = QT_TRANSLATE_NOOP(
    "Engine",
    "{label} cannot continue a partial answer (no assistant prefill or prefix completion), "
    "so Parley cannot regenerate from this point.",
)
_NO_SUCH_TOKEN = QT_TRANSLATE_NOOP("Engine", "There is no token {index} in this answer.")
_INSIDE_CHARACTER = QT_TRANSLATE_NOOP(
    "Engine",
    "The alternative {bytes} is part of a character that the next token "
    "would finish; the text cannot stop inside a character. Pick a whole-character alternative.",
)


class SteeringError(ValueError):
    """The action cannot be done; the message is a sentence for the user."""


@dataclass(frozen=True)
class Availability:
    ok: bool
    reason: str | None = None  # why not, as a sentence, when not ok


@dataclass(frozen=True)
class BiasTarget:
    """The token a ban or boost acts on, with its id in the model's id space."""

    token_index: int
    token_id: int
    shown: str  # the token as the user sees it (invisible characters escaped)
    space: IdSpace
    note: str | None = None  # e.g. "the last piece of ど (llama.cpp merged 2 pieces)"

    def bias(self, value: int) -> dict[str, int]:
        """The logit_bias map for this token: ``{"<id>": value}`` (clamped to -100…100)."""
        return {str(self.token_id): clamp_bias(value)}

    def describe(self) -> str:
        if self.note:
            return fill(_TARGET_WITH_NOTE, id=self.token_id, shown=self.shown, space=self.space.label, note=self.note)
        return fill(_TARGET, id=self.token_id, shown=self.shown, space=self.space.label)


def clamp_bias(value: int) -> int:
    return max(BIAS_MIN, min(BIAS_MAX, int(value)))


def bias_availability(caps: Capabilities, space: IdSpace) -> Availability:
    """Whether ban/boost can work for this provider, model and answer."""
    ok, reason = caps.accepts("logit_bias")
    if not ok:
        return Availability(False, fill(_NEEDS_LOGIT_BIAS, reason=reason))
    if not space.known:
        return Availability(False, fill(_NEEDS_TOKEN_ID, reason=space.reason))
    return Availability(True)


def bias_target(seq: TokenSequence, token_index: int, space: IdSpace,
                alternative: Alternative | None = None) -> BiasTarget:
    """The id to bias for token ``token_index`` (or one of its alternatives). Raises SteeringError."""
    if not space.known:
        raise SteeringError(fill(_NEEDS_TOKEN_ID, reason=space.reason))
    token = seq.tokens[token_index]
    note = None
    if alternative is None:
        data, text, provided = token.own_bytes, token.token, token.id
        if token.is_merged:
            note = fill(_MERGED_PIECE, bytes=bytes_label(token.own_bytes), character=visible(token.token))
        elif token.is_fragment:
            note = fill(_PART_OF, character=visible(seq.group_of(token_index).text), bytes=bytes_label(token.data))
    else:
        data, text, provided = alternative.data, alternative.token, alternative.id
        if alternative.is_fragment:
            note = fill(_PARTIAL_CHARACTER, bytes=bytes_label(alternative.data))
    token_id = space.id_of(data, text, provided)
    if token_id is None:
        raise SteeringError(fill(_NOT_A_SINGLE_TOKEN, token=visible(text), bytes=bytes_label(data), space=space.label))
    if alternative is None and token.is_merged:
        shown = visible(token.token)  # the character the user sees; the note names the piece
    elif data is None or utf8_complete(data):
        shown = visible(text)
    else:
        shown = fill(_BYTES, bytes=bytes_label(data))
    return BiasTarget(token_index, token_id, shown, space, note)


def merged_logit_bias(existing: Any, bias: Mapping[str, int]) -> dict[str, int]:
    """``existing`` logit_bias with ``bias`` applied (a bias of 0 removes the id: it changes nothing)."""
    out: dict[str, int] = {}
    if isinstance(existing, Mapping):
        out = {str(k): v for k, v in existing.items()}
    for key, value in bias.items():
        value = clamp_bias(value)
        if value == 0:
            out.pop(str(key), None)
        else:
            out[str(key)] = value
    return out


def params_with_bias(params: Mapping[str, Any], bias: Mapping[str, int]) -> dict[str, Any]:
    """A copy of the request parameters with ``bias`` merged into logit_bias."""
    out = dict(params)
    merged = merged_logit_bias(params.get("logit_bias"), bias)
    if merged:
        out["logit_bias"] = merged
    else:
        out.pop("logit_bias", None)
    return out


def apply_bias(conversation: Conversation, bias: Mapping[str, int]) -> dict[str, int]:
    """Merge ``bias`` into the conversation's logit_bias parameter; returns the new logit_bias."""
    conversation.params = params_with_bias(conversation.params, bias)
    return dict(conversation.params.get("logit_bias") or {})


# ---------------------------------------------------------------------------------------------------------
# Continue from an alternative


def continuation_availability(caps: Capabilities) -> Availability:
    if caps.continuation is None:
        label = caps.label or QT_TRANSLATE_NOOP("Engine", "This provider")
        return Availability(False, fill(_CANNOT_CONTINUE, label=label))
    return Availability(True)


def continuation_prefix(seq: TokenSequence, token_index: int, alternative: Alternative) -> str:
    """The text before token ``token_index`` followed by ``alternative``. Raises SteeringError when the
    result would end inside a UTF-8 character (a message's text cannot hold half a character)."""
    if not 0 <= token_index < len(seq.tokens):
        raise SteeringError(fill(_NO_SUCH_TOKEN, index=token_index))
    before = seq.bytes_before(token_index)
    piece = alternative.data if alternative.data is not None else alternative.token.encode("utf-8")
    combined = before + piece
    if not utf8_complete(combined):
        raise SteeringError(fill(_INSIDE_CHARACTER, bytes=bytes_label(alternative.data)))
    return combined.decode("utf-8")


@dataclass(frozen=True)
class ContinuationPlan:
    """A new branch ending with the partial assistant message to be continued."""

    branch: Branch
    message_index: int  # index of the partial assistant message in the new branch
    prefix: str


def continuation_branch(conversation: Conversation, message_index: int, prefix: str,
                        name: str | None = None) -> ContinuationPlan:
    """Branch before assistant message ``message_index`` and append ``prefix`` as a partial assistant
    message; the new branch becomes active. The caller then runs it with ``continue_partial=True``."""
    messages = conversation.messages
    if not 0 <= message_index < len(messages) or messages[message_index].role != "assistant":
        raise SteeringError(QT_TRANSLATE_NOOP("Engine", "Only an assistant answer can be continued from one of its tokens."))
    shown = visible(prefix[-24:])
    branch = conversation.branch_from(message_index - 1, name or f"continued: …{shown}")
    branch.messages.append(Message(role="assistant", content=prefix))
    return ContinuationPlan(branch, len(branch.messages) - 1, prefix)
