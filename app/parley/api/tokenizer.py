"""A provider's own tokenizer endpoints: llama.cpp's `POST /tokenize`, `/detokenize`, `/apply-template`.

Used for providers whose profile says they have one (the built-in local model does), so token
ids and pieces are the model's own instead of a tiktoken approximation. Both endpoints live at
the server root, not under `/v1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parley.api.client import ChatClient
from parley.api.errors import APIError, NotFound, secret_values
from parley.core.texts import QT_TRANSLATE_NOOP, fill

_NO_TOKENIZER = QT_TRANSLATE_NOOP(
    "Engine",
    "This provider has no tokenizer endpoint (HTTP 404 from {url}). "
    "Token ids are shown from the offline tokenizer instead.",
)
_UNEXPECTED_SHAPE = QT_TRANSLATE_NOOP("Engine", "The provider's {endpoint} answer has an unexpected shape.")


@dataclass(frozen=True)
class ProviderToken:
    id: int
    piece: bytes  # may be part of a UTF-8 character (llama.cpp then sends a list of byte values)

    @property
    def text(self) -> str:
        return self.piece.decode("utf-8", "replace")


def tokenizer_root(base_url: str) -> str:
    """`http://host:port/v1` -> `http://host:port`: where /tokenize lives."""
    root = base_url.rstrip("/")
    return root.removesuffix("/v1")


async def tokenize(
    client: ChatClient,
    base_url: str,
    text: str,
    *,
    headers: dict[str, str] | None = None,
    add_special: bool = False,
) -> list[ProviderToken]:
    """The model's tokens for `text`, each with its bytes. Raises api.errors.APIError with a sentence."""
    headers = headers or {}
    url = tokenizer_root(base_url) + "/tokenize"
    body = {"content": text, "with_pieces": True, "add_special": add_special}
    payload = await _post(client, url, headers, body)
    entries = payload.get("tokens") if isinstance(payload, dict) else None
    if not isinstance(entries, list):
        raise _unexpected("/tokenize", payload, headers)
    tokens = []
    for entry in entries:
        if isinstance(entry, int):  # a server that ignored with_pieces
            tokens.append(ProviderToken(entry, b""))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), int):
            raise _unexpected("/tokenize", payload, headers)
        tokens.append(ProviderToken(entry["id"], _piece_bytes(entry.get("piece"))))
    return tokens


async def detokenize(
    client: ChatClient, base_url: str, ids: Sequence[int], *, headers: dict[str, str] | None = None
) -> str:
    """The text of a sequence of token ids, as the model's tokenizer decodes it."""
    headers = headers or {}
    url = tokenizer_root(base_url) + "/detokenize"
    payload = await _post(client, url, headers, {"tokens": [int(i) for i in ids]})
    content = payload.get("content") if isinstance(payload, dict) else None
    if not isinstance(content, str):
        raise _unexpected("/detokenize", payload, headers)
    return content


# Fields of a chat request that the chat template renders into the prompt.
_TEMPLATE_FIELDS = ("messages", "tools", "tool_choice", "parallel_tool_calls", "chat_template_kwargs",
                    "reasoning_format", "response_format")


async def count_prompt_tokens(
    client: ChatClient,
    base_url: str,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
    template_endpoint: str = "/apply-template",
    tokenize_endpoint: str = "/tokenize",
) -> int:
    """The prompt tokens a chat request will use, as the server counts them (llama.cpp).

    The server renders the request with the model's chat template, then tokenizes the prompt
    the way it does for a completion (special tokens added and parsed): the figure is the
    `usage.prompt_tokens` the request then reports.
    """
    headers = headers or {}
    root = tokenizer_root(base_url)
    request = {k: body[k] for k in _TEMPLATE_FIELDS if k in body}
    rendered = await _post(client, root + template_endpoint, headers, request)
    prompt = rendered.get("prompt") if isinstance(rendered, dict) else None
    if not isinstance(prompt, str):
        raise _unexpected(template_endpoint, rendered, headers)
    payload = await _post(client, root + tokenize_endpoint, headers, {"content": prompt, "add_special": True})
    tokens = payload.get("tokens") if isinstance(payload, dict) else None
    if not isinstance(tokens, list):
        raise _unexpected(tokenize_endpoint, payload, headers)
    return len(tokens)


def _piece_bytes(piece: Any) -> bytes:
    if isinstance(piece, str):
        return piece.encode("utf-8")
    if isinstance(piece, list) and all(isinstance(b, int) and 0 <= b < 256 for b in piece):
        return bytes(piece)
    return b""


async def _post(client: ChatClient, url: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
    try:
        return await client.post_json(url, headers, body)
    except NotFound as exc:
        raise NotFound(
            fill(_NO_TOKENIZER, url=url),
            provider_message=exc.provider_message,
            status=404,
            secrets=secret_values(headers),
        ) from exc


def _unexpected(endpoint: str, payload: Any, headers: dict[str, str]) -> APIError:
    return APIError(
        fill(_UNEXPECTED_SHAPE, endpoint=endpoint),
        provider_message=str(payload)[:300],
        secrets=secret_values(headers),
    )
