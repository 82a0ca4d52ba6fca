"""Token probabilities: per-token facts, UTF-8 fragment grouping, sequence metrics.

OpenAI returns one logprob entry per token, and a token may be part of a UTF-8
character (鈴 = ``\\xe9\\x88`` + ``\\xb4``): such tokens are grouped so the character can
be shown whole while each token keeps its own probability. llama.cpp instead merges a
character's tokens into one entry (with the last piece's logprob); that arrives as a
single complete entry and is shown as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# Providers print probabilities of 0.00000 as a floor; below this, exp() underflows to 0 anyway.
_MIN_LOGPROB = -1e4


def _bytes_of(entry: dict[str, Any]) -> bytes | None:
    raw = entry.get("bytes")
    if raw is None:
        return None
    return bytes(raw)


def prob(logprob: float | None) -> float:
    if logprob is None:
        return 0.0
    return math.exp(max(logprob, _MIN_LOGPROB))


def utf8_complete(data: bytes) -> bool:
    """True when ``data`` decodes as UTF-8 with no dangling partial character."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def visible(text: str) -> str:
    """Token text with invisible characters escaped, for tables and tooltips."""
    out = []
    for ch in text:
        if ch == " ":
            out.append("␣")
        elif ch == "\n":
            out.append("⏎")
        elif ch == "\t":
            out.append("⇥")
        elif ch == "\r":
            out.append("\\r")
        elif not ch.isprintable():
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def bytes_label(data: bytes | None) -> str:
    if data is None:
        return "—"
    return " ".join(f"{b:02x}" for b in data)


@dataclass(frozen=True)
class Alternative:
    token: str
    logprob: float
    data: bytes | None
    chosen: bool
    # What the alternative would have shown: its own text, or the character it completes /
    # starts when it is a UTF-8 fragment (None when it cannot be decoded from the context).
    display: str | None

    @property
    def probability(self) -> float:
        return prob(self.logprob)

    @property
    def is_fragment(self) -> bool:
        return self.data is not None and not utf8_complete(self.data)


@dataclass(frozen=True)
class TokenInfo:
    index: int
    token: str
    logprob: float
    data: bytes | None
    alternatives: tuple[Alternative, ...]
    group: int  # index of the character group this token belongs to

    @property
    def probability(self) -> float:
        return prob(self.logprob)

    @property
    def rank(self) -> int | None:
        """1 for the most likely; None when the chosen token is not among the listed alternatives."""
        for i, alt in enumerate(self.alternatives, start=1):
            if alt.chosen:
                return i
        return None

    @property
    def coverage(self) -> float:
        """How much probability the listed alternatives cover (1.0 would be all of it)."""
        return min(1.0, sum(a.probability for a in self.alternatives))

    @property
    def entropy_lower_bound(self) -> float | None:
        """Entropy (nats) over the listed alternatives only: a lower bound on the true entropy."""
        if not self.alternatives:
            return None
        return -sum(p * math.log(p) for p in (a.probability for a in self.alternatives) if p > 0)

    @property
    def is_fragment(self) -> bool:
        return self.data is not None and not utf8_complete(self.data)


@dataclass(frozen=True)
class CharGroup:
    """Consecutive tokens that together make whole characters (usually one token)."""

    index: int
    tokens: tuple[int, ...]  # token indices
    text: str

    @property
    def is_fragmented(self) -> bool:
        return len(self.tokens) > 1


@dataclass
class TokenSequence:
    tokens: list[TokenInfo] = field(default_factory=list)
    groups: list[CharGroup] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.groups)

    def sum_logprob(self) -> float:
        return sum(t.logprob for t in self.tokens)

    def mean_logprob(self) -> float | None:
        return self.sum_logprob() / len(self.tokens) if self.tokens else None

    def perplexity(self) -> float | None:
        mean = self.mean_logprob()
        return None if mean is None else math.exp(-mean)

    def joint_probability(self) -> float:
        return prob(self.sum_logprob())

    def least_likely(self, count: int = 10) -> list[TokenInfo]:
        return sorted(self.tokens, key=lambda t: t.logprob)[:count]

    def group_of(self, token_index: int) -> CharGroup:
        return self.groups[self.tokens[token_index].group]


def _decode_display(prefix: bytes, data: bytes | None, following: bytes, token: str) -> str | None:
    """What an alternative shows: itself when complete, else completed by context when that decodes."""
    if data is None:
        return token
    if utf8_complete(data):
        return data.decode("utf-8")
    for candidate in (prefix + data, prefix + data + following):
        if candidate and utf8_complete(candidate):
            return candidate.decode("utf-8")
    return None


def analyse(entries: Sequence[dict[str, Any]]) -> TokenSequence:
    """Turn ``choices[i].logprobs.content`` (OpenAI or llama.cpp shape) into a TokenSequence."""
    datas = [_bytes_of(e) for e in entries]
    # 1. group tokens into whole characters
    groups: list[CharGroup] = []
    group_of_token: list[int] = []
    pending: list[int] = []
    buffer = b""
    for i, (entry, data) in enumerate(zip(entries, datas, strict=True)):
        if data is None:  # special tokens like <|end|> carry no bytes: a group of their own
            if pending:
                groups.append(CharGroup(len(groups), tuple(pending), buffer.decode("utf-8", "replace")))
                pending, buffer = [], b""
            groups.append(CharGroup(len(groups), (i,), entry.get("token", "")))
            group_of_token.append(len(groups) - 1)
            continue
        pending.append(i)
        buffer += data
        group_of_token.append(len(groups))
        if utf8_complete(buffer):
            groups.append(CharGroup(len(groups), tuple(pending), buffer.decode("utf-8")))
            pending, buffer = [], b""
    if pending:  # the answer ended inside a character
        groups.append(CharGroup(len(groups), tuple(pending), buffer.decode("utf-8", "replace")))

    # 2. per-token facts, with fragment alternatives decoded in context
    tokens: list[TokenInfo] = []
    for i, entry in enumerate(entries):
        group = groups[group_of_token[i]]
        prefix = b"".join(datas[j] or b"" for j in group.tokens if j < i)
        following = b"".join(datas[j] or b"" for j in group.tokens if j > i)
        chosen_token = entry.get("token", "")
        alts = []
        for alt in entry.get("top_logprobs") or ():
            alt_data = _bytes_of(alt)
            alts.append(Alternative(
                token=alt.get("token", ""),
                logprob=float(alt.get("logprob", _MIN_LOGPROB)),
                data=alt_data,
                chosen=alt.get("token") == chosen_token and alt_data == datas[i],
                display=_decode_display(prefix, alt_data, following if alt_data == datas[i] else b"",
                                        alt.get("token", "")),
            ))
        tokens.append(TokenInfo(i, chosen_token, float(entry.get("logprob", _MIN_LOGPROB)), datas[i],
                                tuple(alts), group_of_token[i]))
    return TokenSequence(tokens, groups)


def complete_with_next(alt: Alternative, next_token: TokenInfo | None) -> str | None:
    """For a fragment alternative: the character it makes with the token that actually followed."""
    if not alt.is_fragment or next_token is None or next_token.data is None or alt.data is None:
        return None
    combined = alt.data + next_token.data
    return combined.decode("utf-8") if utf8_complete(combined) else None
