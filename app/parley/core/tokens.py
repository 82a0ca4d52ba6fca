"""Offline token counting with tiktoken: counts, ids, byte pieces; approximations say so.

tiktoken downloads its encoding files on first use. Parley ships the two it needs
(`resources/tiktoken/`, each named by the sha1 of its download URL, as tiktoken's cache expects)
and points `TIKTOKEN_CACHE_DIR` at them before the first load, so nothing touches the network.

Only OpenAI models have a known public tokenizer. For every other model the count uses
o200k_base and is labelled approximate: right order of magnitude, never presented as exact.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import struct
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.core.texts import QT_TRANSLATE_NOOP, fill
from parley.paths import resource

if TYPE_CHECKING:
    import tiktoken

# Why a count is approximate: "approximate: " and the reasons, joined by "; ".
_APPROXIMATE = QT_TRANSLATE_NOOP("Engine", "approximate: {reasons}")
_HARMONY = QT_TRANSLATE_NOOP("Engine", "{name} uses o200k_harmony; counted with {encoding}")
_OWN_TOKENIZER = QT_TRANSLATE_NOOP("Engine", "{name} uses its own tokenizer; counted with {encoding}")
_PARTS_NOT_COUNTED = QT_TRANSLATE_NOOP("Engine", "{count} non-text part(s) not counted")
_FIELD_ESTIMATED = QT_TRANSLATE_NOOP("Engine", "`{key}` estimated")
_TOOL_CALLS_ESTIMATED = QT_TRANSLATE_NOOP("Engine", "tool calls estimated")
_IMAGES_ESTIMATED = QT_TRANSLATE_NOOP("Engine", "{count} image(s) estimated with OpenAI's tile formula")

O200K = "o200k_base"
CL100K = "cl100k_base"

# The files tiktoken would download, named by sha1(url) (its cache key); tiktoken checks their sha256.
_BUNDLED_FILES = {
    O200K: "fb374d419588a4632f3f557e76b4b70aebbca790",
    CL100K: "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
}

# Chat formatting overhead, from OpenAI's cookbook "How to count tokens with tiktoken", which checks
# these figures against `usage.prompt_tokens` of the real API (gpt-3.5-turbo, gpt-4, gpt-4o, gpt-4o-mini).
TOKENS_PER_MESSAGE = 3  # <|start|>{role/name}\n{content}<|end|>\n
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3  # every reply is primed with <|start|>assistant<|message|>


@dataclass(frozen=True)
class _ToolOverhead:
    """Per-encoding constants of the cookbook's `num_tokens_for_tools`."""

    func_init: int
    prop_init: int
    prop_key: int
    enum_init: int
    enum_item: int
    func_end: int


_TOOL_OVERHEAD = {
    O200K: _ToolOverhead(func_init=7, prop_init=3, prop_key=3, enum_init=-3, enum_item=3, func_end=12),
    CL100K: _ToolOverhead(func_init=10, prop_init=3, prop_key=3, enum_init=-3, enum_item=3, func_end=12),
}

# Families whose counts the cookbook verified against the API, tools included.
_VERIFIED_FAMILIES = re.compile(r"^(gpt-4o|gpt-4(?!\.)|gpt-3\.5|gpt-35)")

_O200K_MODELS = re.compile(r"^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o[134](-|$)|codex-mini)")
_CL100K_MODELS = re.compile(
    r"^(gpt-4(-|$)|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002|davinci-002|babbage-002)"
)

# Image inputs: OpenAI's published tile formula (gpt-4o family). Other models bill images differently.
_IMAGE_LOW_DETAIL = 85
_IMAGE_PER_TILE = 170
_IMAGE_UNKNOWN_SIZE = (1024, 1024)  # when the size cannot be read, assume a typical photo


@dataclass(frozen=True)
class TokenCount:
    tokens: int
    exact: bool
    encoding: str
    note: str | None = None  # why the count is approximate, in words a user understands


# --- encodings: lazy, cached, thread-safe -----------------------------------------------------------

_lock = threading.Lock()
_encodings: dict[str, tiktoken.Encoding] = {}


def bundled_cache_dir() -> Path:
    return resource("tiktoken")


def _use_bundled_cache() -> None:
    """Point tiktoken's cache at our files, unless the user's own cache already holds both."""
    current = os.environ.get("TIKTOKEN_CACHE_DIR")
    if current and all((Path(current) / name).is_file() for name in _BUNDLED_FILES.values()):
        return  # tiktoken still verifies each file's sha256, so a user cache is as safe as ours
    os.environ["TIKTOKEN_CACHE_DIR"] = str(bundled_cache_dir())


def get_encoding(name: str) -> tiktoken.Encoding:
    """The named encoding (o200k_base or cl100k_base), loaded once; safe to call from any thread."""
    if name not in _BUNDLED_FILES:
        raise ValueError(f"Parley ships only {', '.join(_BUNDLED_FILES)}; {name!r} is not available offline.")
    encoding = _encodings.get(name)
    if encoding is not None:
        return encoding
    with _lock:  # loading takes ~0.3 s: two threads asking at once must not both load
        encoding = _encodings.get(name)
        if encoding is None:
            import tiktoken

            _use_bundled_cache()
            encoding = tiktoken.get_encoding(name)
            _encodings[name] = encoding
    return encoding


def preload(names: Iterable[str] = (O200K, CL100K)) -> None:
    """Load encodings ahead of time (call from a worker thread so the first count is instant)."""
    for name in names:
        get_encoding(name)


# --- which encoding for which model ------------------------------------------------------------------


def _bare_model(model: str) -> str:
    """`openai/gpt-4o` (routers) and `ft:gpt-4o-mini:org::id` (fine-tunes) use their base model's tokenizer."""
    name = model.strip().lower()
    if name.startswith("openai/"):
        name = name[len("openai/") :]
    if name.startswith("ft:"):
        name = name[len("ft:") :]
    return name


def encoding_name_for(model: str) -> tuple[str, bool]:
    """(encoding, exact): exact when the encoding is the model's own tokenizer."""
    name = _bare_model(model)
    if _O200K_MODELS.match(name):
        return O200K, True
    if _CL100K_MODELS.match(name):
        return CL100K, True
    return O200K, False


def _tokenizer_reason(model: str, encoding: str) -> str:
    """Why counting with `encoding` only approximates `model`'s tokens."""
    name = model.strip() or QT_TRANSLATE_NOOP("Engine", "this model")
    if _bare_model(model).startswith("gpt-oss"):
        return fill(_HARMONY, name=name, encoding=encoding)
    return fill(_OWN_TOKENIZER, name=name, encoding=encoding)


def _encoding_for_model(model: str) -> tiktoken.Encoding:
    return get_encoding(encoding_name_for(model)[0])


# --- text ----------------------------------------------------------------------------------------------


def count_text(text: str, model: str) -> TokenCount:
    encoding, exact = encoding_name_for(model)
    # encode_ordinary: text typed by a user that contains "<|endoftext|>" is plain text to the API too
    tokens = len(get_encoding(encoding).encode_ordinary(text))
    note = None if exact else fill(_APPROXIMATE, reasons=_tokenizer_reason(model, encoding))
    return TokenCount(tokens, exact, encoding, note)


def token_ids(text: str, model: str) -> list[int]:
    return _encoding_for_model(model).encode_ordinary(text)


def token_pieces(text: str, model: str) -> list[tuple[int, bytes]]:
    """Each token of `text` with its bytes (a piece may be part of a UTF-8 character)."""
    encoding = _encoding_for_model(model)
    return [(tid, encoding.decode_single_token_bytes(tid)) for tid in encoding.encode_ordinary(text)]


def decode_bytes(token_id: int, model: str) -> bytes:
    encoding = _encoding_for_model(model)
    try:
        return encoding.decode_single_token_bytes(token_id)
    except (KeyError, ValueError, OverflowError) as exc:
        raise ValueError(
            f"{token_id} is not a token id of {encoding.name} (0 to {encoding.n_vocab - 1})."
        ) from exc


def token_id_for_bytes(b: bytes, model: str) -> int | None:
    """The id of the token whose bytes are exactly `b` (e.g. a logprobs entry's `bytes`), else None."""
    try:
        return _encoding_for_model(model).encode_single_token(bytes(b))
    except KeyError:
        return None


# --- chat messages -----------------------------------------------------------------------------------


def count_messages(messages: list[dict], model: str, tools: list | None = None) -> TokenCount:
    """Prompt tokens of a Chat Completions request: messages, chat overhead and tool definitions.

    Follows OpenAI's cookbook, which matches the API's `usage.prompt_tokens` for gpt-3.5/gpt-4/gpt-4o.
    Images, tool calls and other non-text parts are estimated, and the note says so.
    """
    encoding_name, exact = encoding_name_for(model)
    encoding = get_encoding(encoding_name)
    reasons: list[str] = []
    if not exact:
        reasons.append(_tokenizer_reason(model, encoding_name))

    def text_tokens(text: str) -> int:
        return len(encoding.encode_ordinary(text))

    total = 0
    images = 0
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if value is None:
                continue
            if isinstance(value, str):
                total += text_tokens(value)
            elif key == "content" and isinstance(value, list):
                part_tokens, part_images, unknown = _count_parts(value, text_tokens)
                total += part_tokens
                images += part_images
                if unknown:
                    reasons.append(fill(_PARTS_NOT_COUNTED, count=unknown))
            elif key == "tool_calls" and isinstance(value, list):
                total += _count_tool_calls(value, text_tokens)
                if _TOOL_CALLS_ESTIMATED not in reasons:
                    reasons.append(_TOOL_CALLS_ESTIMATED)
            else:
                total += text_tokens(json.dumps(value, ensure_ascii=False))
                reasons.append(fill(_FIELD_ESTIMATED, key=key))
            if key == "name":
                total += TOKENS_PER_NAME
    total += REPLY_PRIMING

    if images:
        reasons.append(fill(_IMAGES_ESTIMATED, count=images))
    if tools:
        tool_tokens, complete = _count_tools(tools, encoding_name, text_tokens)
        total += tool_tokens
        if not complete or not _VERIFIED_FAMILIES.match(_bare_model(model)):
            reasons.append(QT_TRANSLATE_NOOP("Engine", "tool definitions estimated"))

    note = fill(_APPROXIMATE, reasons="; ".join(dict.fromkeys(reasons))) if reasons else None
    return TokenCount(total, not reasons, encoding_name, note)


def _count_parts(parts: list, text_tokens: Any) -> tuple[int, int, int]:
    """(tokens, images, unknown parts) of a multi-part `content` list."""
    tokens = images = unknown = 0
    for part in parts:
        if not isinstance(part, Mapping):
            unknown += 1
            continue
        kind = part.get("type")
        if kind == "text" and isinstance(part.get("text"), str):
            tokens += text_tokens(part["text"])
        elif kind == "image_url":
            image = part.get("image_url") or {}
            tokens += estimate_image_tokens(image.get("url", ""), image.get("detail", "auto"))
            images += 1
        else:  # input_audio, file, refusal…: no public formula
            unknown += 1
    return tokens, images, unknown


def _count_tool_calls(calls: list, text_tokens: Any) -> int:
    tokens = 0
    for call in calls:
        function = call.get("function", {}) if isinstance(call, Mapping) else {}
        tokens += text_tokens(str(function.get("name", ""))) + text_tokens(str(function.get("arguments", "")))
        tokens += TOKENS_PER_MESSAGE
    return tokens


def _count_tools(tools: list, encoding_name: str, text_tokens: Any) -> tuple[int, bool]:
    """Tokens of the `tools` definitions (cookbook formula); False when a schema had parts it ignores."""
    k = _TOOL_OVERHEAD[encoding_name]
    tokens = 0
    complete = True
    for tool in tools:
        function = tool.get("function") if isinstance(tool, Mapping) else None
        if not isinstance(function, Mapping):
            tokens += text_tokens(json.dumps(tool, ensure_ascii=False))
            complete = False
            continue
        tokens += k.func_init
        description = str(function.get("description", "")).removesuffix(".")
        tokens += text_tokens(f"{function.get('name', '')}:{description}")
        properties = (function.get("parameters") or {}).get("properties") or {}
        if properties:
            tokens += k.prop_init
            for name, spec in properties.items():
                spec = spec if isinstance(spec, Mapping) else {}
                tokens += k.prop_key
                if "enum" in spec:
                    tokens += k.enum_init
                    for item in spec["enum"]:
                        tokens += k.enum_item + text_tokens(str(item))
                p_desc = str(spec.get("description", "")).removesuffix(".")
                tokens += text_tokens(f"{name}:{spec.get('type', '')}:{p_desc}")
                if set(spec) - {"type", "description", "enum"}:
                    complete = False  # nested objects, items, formats: the formula does not cover them
    if tools:
        tokens += k.func_end
    return tokens, complete


def estimate_image_tokens(url: str, detail: str = "auto") -> int:
    """OpenAI's tile formula: 85 for low detail; else fit 2048², shortest side 768, 170 per 512-px tile + 85."""
    if detail == "low":
        return _IMAGE_LOW_DETAIL
    width, height = image_size_from_data_url(url) or _IMAGE_UNKNOWN_SIZE
    scale = min(1.0, 2048 / max(width, height))
    width, height = width * scale, height * scale
    scale = min(1.0, 768 / min(width, height))
    width, height = width * scale, height * scale
    tiles = math.ceil(width / 512) * math.ceil(height / 512)
    return _IMAGE_LOW_DETAIL + _IMAGE_PER_TILE * tiles


def image_size_from_data_url(url: str) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG `data:` URL, read from its header; None when unknown."""
    if not url.startswith("data:") or ";base64," not in url:
        return None
    encoded = url.split(";base64,", 1)[1][: 4 * 65536]  # headers are near the start: decode 192 KB at most
    try:
        data = base64.b64decode(encoded[: len(encoded) - len(encoded) % 4])
    except ValueError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None
