"""logit_bias by word: text -> token ids in the target model's encoding, and the bias map they make.

No widgets here (QtCore only, for translated sentences), so the rules (which ids are exact, how a piece is shown, how biases merge) are tested
without a window. Token ids come from tiktoken for OpenAI models (exact), from the provider's own
tokenizer endpoint when its profile has one (llama.cpp, vLLM: exact for the loaded model), and
otherwise from o200k_base, which is an approximation that the provider reads as different tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from parley.core import tokens
from parley.core.providers import ProviderProfile

BIAS_MIN = -100
BIAS_MAX = 100


@dataclass(frozen=True)
class Piece:
    id: int
    piece: bytes  # may be part of a UTF-8 character

    @property
    def shown(self) -> str:
        return show_piece(self.piece)


@dataclass(frozen=True)
class Tokenization:
    pieces: tuple[Piece, ...]
    source: str  # "o200k_base (tiktoken)" or "llama.cpp server /tokenize"
    exact: bool
    explanation: str  # a sentence for the user: where the ids come from and whether to trust them


def show_piece(piece: bytes) -> str:
    """A token's bytes as readable text: spaces as '·', line breaks as '⏎', partial UTF-8 as <0xE5>."""
    if not piece:
        return "∅"
    try:
        text = piece.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(f"<0x{b:02X}>" if b >= 0x80 else chr(b) for b in piece)
    return text.replace(" ", "·").replace("\n", "⏎").replace("\t", "⇥")


def has_tokenizer_endpoint(profile: ProviderProfile, model: str) -> bool:
    return bool(profile.capabilities_for(model).tokenize_endpoint)


def offline_explanation(profile: ProviderProfile, model: str) -> tuple[bool, str]:
    """(exact, sentence) for ids computed with tiktoken for this provider and model."""
    encoding, exact = tokens.encoding_name_for(model)
    name = model.strip() or QCoreApplication.translate("LogitBias", "this model")
    if exact:
        return True, QCoreApplication.translate("LogitBias", "{model} uses {encoding}: these token ids are exact."
                                                ).format(model=name, encoding=encoding)
    if has_tokenizer_endpoint(profile, model):
        return False, QCoreApplication.translate(
            "LogitBias", "{provider} has its own tokenizer endpoint, which is not reachable now "
            "(start the server or check its URL). These ids come from {encoding}, an "
            "approximation: the model would read them as different tokens."
        ).format(provider=profile.name, encoding=encoding)
    return False, QCoreApplication.translate(
        "LogitBias", "Parley has no copy of {model}'s tokenizer and {provider} offers no tokenizer "
        "endpoint. These ids come from {encoding} (OpenAI's encoding), so logit_bias would "
        "push on different tokens than the ones shown. Use them only with OpenAI models."
    ).format(model=name, provider=profile.name, encoding=encoding)


def offline_tokenization(text: str, profile: ProviderProfile, model: str) -> Tokenization:
    encoding, _exact = tokens.encoding_name_for(model)
    exact, explanation = offline_explanation(profile, model)
    pieces = tuple(Piece(tid, raw) for tid, raw in tokens.token_pieces(text, model))
    return Tokenization(pieces, f"{encoding} (tiktoken)", exact, explanation)


def provider_tokenization(pairs: Sequence[tuple[int, bytes]], profile: ProviderProfile, model: str
                          ) -> Tokenization:
    endpoint = profile.capabilities_for(model).tokenize_endpoint or "/tokenize"
    explanation = QCoreApplication.translate(
        "LogitBias", "Token ids from {provider}'s own tokenizer ({endpoint}): exact for the model the "
        "server has loaded."
    ).format(provider=profile.name, endpoint=endpoint)
    return Tokenization(tuple(Piece(i, b) for i, b in pairs), f"{profile.name} {endpoint}", True, explanation)


def clamp_bias(value: int) -> int:
    return max(BIAS_MIN, min(BIAS_MAX, int(value)))


def apply_bias(existing: Mapping[str, int], ids: Iterable[int], bias: int) -> dict[str, int]:
    """`existing` with every id in `ids` set to `bias` (a bias of 0 removes the id: it changes nothing)."""
    out = dict(existing)
    value = clamp_bias(bias)
    for token_id in ids:
        key = str(int(token_id))
        if value == 0:
            out.pop(key, None)
        else:
            out[key] = value
    return out
