"""Keeping API keys out of text: which headers carry credentials, what keys look like, and redaction.

The one place that decides what a secret is. Free text (error messages, logs, exports, request
previews) gets ``[redacted]`` in place of a secret; a credential header shown to the user keeps its
scheme and key kind (``Bearer sk-…REDACTED``) so the user can still tell which key is being sent.

Pure: no Qt, no keyring, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PLACEHOLDER = "[redacted]"
MASK = "…REDACTED"

# Headers that certainly carry a credential (compared lower-cased): never stored in a profile, masked
# in previews, replaced by an environment variable in exported snippets.
CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key", "cookie"}
)
# Header names that merely *mention* a credential (gateways invent their own: X-Portkey-Api-Key,
# X-Auth-Token). Their values are scrubbed from text too: scrubbing too much costs nothing.
_CREDENTIAL_WORDS = ("key", "token", "secret")
_AUTH_SCHEMES = ("bearer", "basic", "token")

# A known secret shorter than this is not replaced: a 1-3 character "key" would shred ordinary text,
# and no provider issues keys that short.
MIN_SECRET_LENGTH = 4

# Characters of a credential value (base64, base64url, JWT, percent-encoding, masked "****").
_V = r"[A-Za-z0-9._~+/=%*-]"


def _value(marks: str) -> str:
    """A credential value after a label: 16+ characters, or 8+ with at least one of ``marks``.

    Real credentials are long or mixed; English words after "Bearer" or "key:" are neither, so
    "Bearer authentication" and ``api_key=os.environ[...]`` stay as they are.
    """
    return rf"(?:(?={_V}*[{marks}]){_V}{{8,}}|{_V}{{16,}})"


@dataclass(frozen=True)
class KeyPattern:
    """One shape of credential. Only the ``secret`` group is replaced; a label before it is kept."""

    name: str
    regex: re.Pattern[str]

    def sub(self, text: str, placeholder: str = PLACEHOLDER) -> str:
        return self.regex.sub(lambda m: m.group("label") + placeholder, text)


def _pattern(name: str, label: str, secret: str, flags: int = 0) -> KeyPattern:
    return KeyPattern(name, re.compile(rf"(?P<label>{label})(?P<secret>{secret})", flags))


# Every shape Parley recognizes, matched wherever it appears in text.
KEY_PATTERNS: tuple[KeyPattern, ...] = (
    # Authorization: Bearer …/Basic …/<raw> as echoed in headers (a $VARIABLE placeholder is not a key).
    _pattern(
        "authorization header",
        r"(?<![A-Za-z0-9_-])(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic|token)\s+)?",
        _value(r"0-9._~+/=-"),
        re.IGNORECASE,
    ),
    _pattern("bearer token", r"\bbearer\s+", _value(r"0-9._~+/=-"), re.IGNORECASE),
    # api-key: …, x-api-key: …, "api_key": "…", OPENAI_API_KEY=…, ?key=…, access_token=…, secret=…
    _pattern(
        "api key assignment",
        r"(?<![A-Za-z0-9])(?:x-)?api[-_]?key[\"']?\s*[:=]\s*[\"']?",
        _value("0-9"),
        re.IGNORECASE,
    ),
    _pattern(
        "key, token or secret assignment",
        r"(?<![A-Za-z0-9_])(?:access[-_]?token|secret|key)[\"']?\s*[:=]\s*[\"']?",
        _value("0-9"),
        re.IGNORECASE,
    ),
    # Provider key prefixes. sk-: OpenAI (sk-proj-), Anthropic (sk-ant-), OpenRouter (sk-or-), DeepSeek;
    # "*" because OpenAI echoes keys half-masked (sk-abc1****6789).
    _pattern("sk- key", r"\b", r"sk-[A-Za-z0-9_*-]{8,}"),
    _pattern("sk_ key", r"\b", r"sk_[A-Za-z0-9_*-]{16,}"),  # Stripe-style sk_live_…
    _pattern("Groq key", r"\b", r"gsk_[A-Za-z0-9]{16,}"),
    _pattern("Google key", r"\b", r"AIza[0-9A-Za-z_-]{20,}"),
    _pattern("xAI key", r"\b", r"xai-[A-Za-z0-9]{16,}"),
    _pattern("Hugging Face token", r"\b", r"hf_[A-Za-z0-9]{16,}"),
    _pattern("Perplexity key", r"\b", r"pplx-[A-Za-z0-9]{16,}"),
    _pattern("Cerebras key", r"\b", r"csk-[A-Za-z0-9]{16,}"),
    _pattern("NVIDIA key", r"\b", r"nvapi-[A-Za-z0-9_-]{16,}"),
)

# Which kind of key a masked header shows: sk-, gsk_, xai-, nvapi- (nothing more).
_KEY_KIND = re.compile(r"^[A-Za-z]{2,5}[-_]")


def is_credential_header(name: str) -> bool:
    """True for a header that certainly carries a credential (``Authorization``, ``api-key``, …)."""
    return name.lower() in CREDENTIAL_HEADERS


def secret_values(headers: Mapping[str, str]) -> list[str]:
    """The credential values in request headers, to redact exactly wherever they are echoed.

    Each value of a credential header (or of a header whose name mentions a key, token or secret),
    plus the bare credential of ``Bearer``/``Basic``/``Token`` values. No duplicates, no blanks.
    """
    found: dict[str, None] = {}
    for name, value in headers.items():
        lowered = name.lower()
        if not value or not (lowered in CREDENTIAL_HEADERS or any(w in lowered for w in _CREDENTIAL_WORDS)):
            continue
        found[value] = None
        scheme, _, credential = value.partition(" ")
        if credential.strip() and scheme.lower() in _AUTH_SCHEMES:
            found[credential.strip()] = None
    return list(found)


def redact(
    text: str, secrets: Iterable[str] = (), *, patterns: bool = True, placeholder: str = PLACEHOLDER
) -> str:
    """``text`` with each known secret replaced (longest first, so no piece of a longer one survives),
    then anything key-shaped (``KEY_PATTERNS``) unless ``patterns=False``."""
    known = {s for s in secrets if s and len(s.strip()) >= MIN_SECRET_LENGTH}
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, placeholder)
    if patterns:
        for pattern in KEY_PATTERNS:
            text = pattern.sub(text, placeholder)
    return text


def mask_credential(value: str) -> str:
    """A credential header value for display: ``Bearer sk-…REDACTED``, ``…REDACTED``.

    The scheme and the key's kind (its prefix) stay, for keys long enough that the prefix says nothing
    about the rest; no other character of the key is shown.
    """
    scheme, space, token = value.partition(" ")
    if not space:
        scheme, token = "", value
    kind = _KEY_KIND.match(token)
    shown = kind.group(0) if kind and len(token) >= 16 else ""
    return f"{scheme} {shown}{MASK}" if scheme else f"{shown}{MASK}"
