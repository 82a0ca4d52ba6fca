"""Token probabilities: per-token facts, UTF-8 fragment grouping, sequence metrics, token tables.

OpenAI returns one logprob entry per token, and a token may be part of a UTF-8
character (鈴 = ``\\xe9\\x88`` + ``\\xb4``): such tokens are grouped so the character can
be shown whole while each token keeps its own probability. llama.cpp instead merges a
character's tokens into one entry: ``token``/``bytes`` are the whole character, but
``id``, ``logprob`` and ``top_logprobs`` belong to its *last* piece (measured with
xllamacpp: ど arrives as id 119, bytes e3 81 a9, alternatives a9/a8/aa). Such an entry is
kept as one token; its hidden leading bytes (``merged_prefix``) complete the alternatives
(a8 -> ご), and the inspector says the probability is the last piece's.

Alternatives are decoded lazily: an 8,000-token answer with 20 alternatives each is analysed
in tens of milliseconds, and the 160,000 `Alternative` objects are only built for the
tokens someone looks at or exports.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from parley.core import tokens as tiktoken_ids
from parley.core.texts import QT_TRANSLATE_NOOP, fill

_THE_PROVIDER = QT_TRANSLATE_NOOP("Engine", "The provider")
_NO_TOKEN_IDS = QT_TRANSLATE_NOOP(
    "Engine",
    "{provider} sent no token ids and {model} is not an OpenAI model whose tokenizer "
    "Parley knows, so its token ids are unknown",
)

# Providers print probabilities of 0.00000 as a floor; below this, exp() underflows to 0 anyway.
_MIN_LOGPROB = -1e4
_UNDERFLOW = -690.0  # exp() of anything lower is below 1e-300: no share of probability or entropy


def _bytes_of(entry: Mapping[str, Any]) -> bytes | None:
    raw = entry.get("bytes")
    if raw is None:
        return None
    try:
        return bytes(raw)
    except (TypeError, ValueError):  # a provider sent something that is not a list of byte values
        return None


def _logprob_of(entry: Mapping[str, Any]) -> float:
    value = entry.get("logprob")
    if not isinstance(value, int | float) or math.isnan(value):
        return _MIN_LOGPROB
    return max(float(value), _MIN_LOGPROB)


def _id_of(entry: Mapping[str, Any]) -> int | None:
    value = entry.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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


_VISIBLE = {" ": "␣", "\n": "⏎", "\t": "⇥", "\r": "\\r"}


def visible(text: str) -> str:
    """Token text with invisible characters escaped, for tables and tooltips."""
    out = []
    for ch in text:
        shown = _VISIBLE.get(ch)
        if shown is not None:
            out.append(shown)
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
    id: int | None = None  # the provider's token id (llama.cpp sends them), else None

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
    group: int  # index of the character group this token belongs to
    id: int | None = None  # the provider's token id (llama.cpp), else None
    # llama.cpp merged entries: the leading bytes of the character that came from earlier pieces,
    # whose probabilities the provider did not report (b"" for ordinary entries).
    merged_prefix: bytes = b""
    # bytes of the tokens of the same character before / after this one (fragment context)
    context_before: bytes = b""
    context_after: bytes = b""
    raw_alternatives: tuple[Mapping[str, Any], ...] = field(default=(), repr=False, compare=False)

    @property
    def probability(self) -> float:
        return prob(self.logprob)

    @cached_property
    def alternatives(self) -> tuple[Alternative, ...]:
        lead = self.context_before + self.merged_prefix
        out = []
        for i, alt in enumerate(self.raw_alternatives):
            data = _bytes_of(alt)
            chosen = i == self._chosen_position
            token = alt.get("token", "")
            out.append(Alternative(
                token=token if isinstance(token, str) else str(token),
                logprob=_logprob_of(alt),
                data=data,
                chosen=chosen,
                display=_decode_display(lead, data, self.context_after if chosen else b"", token),
                id=_id_of(alt),
            ))
        return tuple(out)

    @cached_property
    def _chosen_position(self) -> int | None:
        for i, alt in enumerate(self.raw_alternatives):
            if self.id is not None and _id_of(alt) is not None:
                if _id_of(alt) == self.id:
                    return i
                continue
            if alt.get("token") == self.token and _bytes_of(alt) == self.data:
                return i
        return None

    @property
    def rank(self) -> int | None:
        """1 for the most likely; None when the chosen token is not among the listed alternatives."""
        position = self._chosen_position
        return None if position is None else position + 1

    @cached_property
    def _listed_logprobs(self) -> tuple[float, ...]:
        try:  # fast path: plain numbers (the chart reads 8,000 × 20 of them)
            values = tuple(float(a["logprob"]) for a in self.raw_alternatives)
        except (KeyError, TypeError, ValueError):
            return tuple(_logprob_of(a) for a in self.raw_alternatives)
        if any(v != v for v in values):  # NaN
            return tuple(_logprob_of(a) for a in self.raw_alternatives)
        return values

    @cached_property
    def coverage(self) -> float:
        """How much probability the listed alternatives cover (1.0 would be all of it)."""
        return min(1.0, sum(math.exp(lp) for lp in self._listed_logprobs if lp > _UNDERFLOW))

    @cached_property
    def entropy_lower_bound(self) -> float | None:
        """Entropy (nats) over the listed alternatives only: a lower bound on the true entropy."""
        if not self.raw_alternatives:
            return None
        # -Σ p·log p with log p given; below _UNDERFLOW a term is smaller than 1e-300
        return max(0.0, -sum(math.exp(lp) * lp for lp in self._listed_logprobs if lp > _UNDERFLOW))

    @property
    def is_fragment(self) -> bool:
        return self.data is not None and not utf8_complete(self.data)

    @property
    def is_merged(self) -> bool:
        """A llama.cpp entry standing for several tokens of one character."""
        return bool(self.merged_prefix)

    @property
    def own_bytes(self) -> bytes | None:
        """The bytes of this token alone (for a merged entry: its last piece)."""
        if self.data is None or not self.merged_prefix:
            return self.data
        return self.data[len(self.merged_prefix):]


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

    def bytes_before(self, token_index: int) -> bytes:
        """The answer's bytes before a token (for a merged entry, up to its hidden leading pieces)."""
        out = bytearray()
        for token in self.tokens[:token_index]:
            out += token.data if token.data is not None else token.token.encode("utf-8")
        if 0 <= token_index < len(self.tokens):
            out += self.tokens[token_index].merged_prefix
        return bytes(out)


def _decode_display(lead: bytes, data: bytes | None, following: bytes, token: Any) -> str | None:
    """What an alternative shows: itself when complete, else completed by context when that decodes."""
    if data is None:
        return token if isinstance(token, str) else None
    if utf8_complete(data):
        return data.decode("utf-8")
    for candidate in (lead + data, lead + data + following):
        if candidate and utf8_complete(candidate):
            return candidate.decode("utf-8")
    return None


def _merged_prefix(entry: Mapping[str, Any], data: bytes | None, entry_id: int | None) -> bytes:
    """llama.cpp: the entry's leading bytes that its own (last-piece) alternative does not carry."""
    if data is None or entry_id is None:
        return b""
    for alt in entry.get("top_logprobs") or ():
        if _id_of(alt) == entry_id:
            piece = _bytes_of(alt)
            if piece is not None and len(piece) < len(data) and data.endswith(piece):
                return data[: len(data) - len(piece)]
            return b""
    return b""


def analyse(entries: Sequence[Mapping[str, Any]]) -> TokenSequence:
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
            token = entry.get("token", "")
            groups.append(CharGroup(len(groups), (i,), token if isinstance(token, str) else ""))
            group_of_token.append(len(groups) - 1)
            continue
        pending.append(i)
        buffer += data
        group_of_token.append(len(groups))
        try:
            text = buffer.decode("utf-8")
        except UnicodeDecodeError:
            continue  # inside a character: the next token continues it
        groups.append(CharGroup(len(groups), tuple(pending), text))
        pending, buffer = [], b""
    if pending:  # the answer ended inside a character
        groups.append(CharGroup(len(groups), tuple(pending), buffer.decode("utf-8", "replace")))

    # 2. per-token facts; alternatives are decoded when first asked for (written for speed: this loop
    # runs once per token of the answer, 8,000 times for a long one)
    tokens: list[TokenInfo] = []
    append = tokens.append
    for i, entry in enumerate(entries):
        g = group_of_token[i]
        members = groups[g].tokens
        before = after = b""
        if len(members) > 1:
            before = b"".join(datas[j] or b"" for j in members if j < i)
            after = b"".join(datas[j] or b"" for j in members if j > i)
        token = entry.get("token", "")
        logprob = entry.get("logprob")
        if type(logprob) is not float or logprob != logprob or logprob < _MIN_LOGPROB:
            logprob = _logprob_of(entry)
        entry_id = _id_of(entry) if "id" in entry else None
        data = datas[i]
        append(TokenInfo(
            i,
            token if isinstance(token, str) else str(token),
            logprob,
            data,
            g,
            entry_id,
            _merged_prefix(entry, data, entry_id) if entry_id is not None else b"",
            before,
            after,
            tuple(entry.get("top_logprobs") or ()),
        ))
    return TokenSequence(tokens, groups)


def complete_with_next(alt: Alternative, next_token: TokenInfo | None) -> str | None:
    """For a fragment alternative: the character it makes with the token that actually followed."""
    if not alt.is_fragment or next_token is None or next_token.data is None or alt.data is None:
        return None
    combined = alt.data + next_token.data
    return combined.decode("utf-8") if utf8_complete(combined) else None


# ---------------------------------------------------------------------------------------------------------
# Token ids: which id space the answer's tokens live in


@dataclass(frozen=True)
class IdSpace:
    """Where a token's id comes from, so a logit_bias pushes on the token the user sees.

    ``provider``: the answer carried ids (llama.cpp): the loaded model's own vocabulary.
    ``tiktoken``: an OpenAI model whose encoding Parley ships: ids computed from the token's bytes.
    ``none``: neither; ``reason`` says why no id can be given.
    """

    kind: str
    label: str
    model: str = ""
    encoding: str | None = None
    reason: str | None = None

    @property
    def known(self) -> bool:
        return self.kind != "none"

    def id_of(self, data: bytes | None, token: str, provided: int | None) -> int | None:
        if self.kind == "provider":
            return provided
        if self.kind == "tiktoken":
            piece = data if data is not None else token.encode("utf-8")
            return tiktoken_ids.token_id_for_bytes(piece, self.model) if piece else None
        return None


def id_space_for(seq: TokenSequence, model: str, provider_name: str = _THE_PROVIDER) -> IdSpace:
    """The id space of this answer's tokens for ``model``."""
    if any(t.id is not None for t in seq.tokens):
        return IdSpace("provider", QT_TRANSLATE_NOOP("Engine", "the model's own token ids, as sent with the answer"), model)
    encoding, exact = tiktoken_ids.encoding_name_for(model)
    if exact:
        return IdSpace("tiktoken", f"{encoding} (tiktoken)", model, encoding)
    name = model.strip() or QT_TRANSLATE_NOOP("Engine", "this model")
    return IdSpace("none", "", model, reason=fill(_NO_TOKEN_IDS, provider=provider_name, model=name))


# ---------------------------------------------------------------------------------------------------------
# Export: the token table


def token_table(seq: TokenSequence, model: str = "", space: IdSpace | None = None) -> list[dict[str, Any]]:
    """One row per token: text, bytes, probability, logprob, rank, entropy bound, id and alternatives."""
    space = space or id_space_for(seq, model)
    rows = []
    for t in seq.tokens:
        rows.append({
            "index": t.index,
            "token": t.token,
            "character": seq.groups[t.group].text,
            "bytes": bytes_label(t.data) if t.data is not None else None,
            "fragment": t.is_fragment,
            "merged": t.is_merged,
            "probability": t.probability,
            "logprob": t.logprob,
            "rank": t.rank,
            "entropy_lower_bound": t.entropy_lower_bound,
            "coverage": t.coverage if t.raw_alternatives else None,
            "id": space.id_of(t.own_bytes, t.token, t.id),
            "id_space": space.label or None,
            "alternatives": [
                {"token": a.token, "display": a.display, "bytes": bytes_label(a.data) if a.data is not None else None,
                 "probability": a.probability, "logprob": a.logprob, "id": space.id_of(a.data, a.token, a.id)}
                for a in t.alternatives
            ],
        })
    return rows


CSV_COLUMNS = ("index", "token", "character", "bytes", "fragment", "merged", "probability", "logprob", "rank",
               "entropy_lower_bound", "coverage", "id", "id_space", "alternatives")


def token_table_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """The table as CSV text; alternatives become ``token (12.5%)`` joined by `` | ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        alternatives = " | ".join(
            f"{visible(a['display'] if a['display'] is not None else a['token'])} ({a['probability'] * 100:.2f}%)"
            for a in row["alternatives"]
        )
        writer.writerow([
            "" if row.get(c) is None else row[c] for c in CSV_COLUMNS[:-1]
        ] + [alternatives])
    return out.getvalue()


def token_table_json(rows: Sequence[Mapping[str, Any]], meta: Mapping[str, Any] | None = None) -> str:
    return json.dumps({**(meta or {}), "tokens": list(rows)}, ensure_ascii=False, indent=1)


def write_token_table(rows: Sequence[Mapping[str, Any]], path: Path | str,
                      meta: Mapping[str, Any] | None = None) -> Path:
    """Write CSV or JSON (chosen by the suffix), atomically. CSV carries a BOM so spreadsheet apps read
    Japanese text as UTF-8. Raises ConversationFileError with a sentence when it cannot be written."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        text, encoding = token_table_json(rows, meta), "utf-8"
    else:
        text, encoding = token_table_csv(rows), "utf-8-sig"
    from parley.core.files import write_atomic

    write_atomic(path, text.encode(encoding), backup=False)
    return path
