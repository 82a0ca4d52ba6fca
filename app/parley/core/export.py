"""Exports: Markdown, JSONL (messages and fine-tuning lines), and curl / Python snippets of a request.

Nothing exported carries a key: credential headers become environment-variable placeholders
(``"Authorization: Bearer $OPENAI_API_KEY"``, ``os.environ["OPENAI_API_KEY"]``), and every exported
string goes through ``parley.core.redaction.redact`` (the known keys plus anything key-shaped).
"""

from __future__ import annotations

import json
import pprint
import re
import shlex
import textwrap
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parley.core.conversation import Conversation, Message
from parley.core.redaction import is_credential_header, redact, secret_values

DEFAULT_KEY_ENV = "OPENAI_API_KEY"
# Query parameters that carry credentials (some gateways take ?key=…).
_SECRET_QUERY = frozenset({"key", "api_key", "api-key", "apikey", "token", "access_token"})
# Keyword arguments of `client.chat.completions.create` in every openai SDK since 1.50; other body
# fields (provider extensions, newer fields) go through `extra_body`, which every version accepts.
SDK_ARGUMENTS = frozenset(
    {
        "model", "messages", "audio", "frequency_penalty", "function_call", "functions", "logit_bias",
        "logprobs", "max_completion_tokens", "max_tokens", "metadata", "modalities", "n",
        "parallel_tool_calls", "prediction", "presence_penalty", "reasoning_effort", "response_format",
        "seed", "service_tier", "stop", "store", "stream", "stream_options", "temperature", "tool_choice",
        "tools", "top_logprobs", "top_p", "user",
    }
)  # fmt: skip
_SDK_SETS_ITSELF = frozenset({"content-type", "accept", "user-agent", "content-length", "host"})
_ROLE_TITLES = {"system": "System", "developer": "Developer", "user": "User", "assistant": "Assistant",
                "tool": "Tool result"}  # fmt: skip


def _clean(value: Any, secrets: Iterable[str]) -> Any:
    """``value`` with every string redacted (JSON structure kept intact)."""
    secrets = list(secrets)
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, list):
        return [_clean(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, secrets) for k, v in value.items()}
    return value


# -- Markdown --------------------------------------------------------------------------------------


def _fence(text: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside (so it cannot be closed early)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def _pretty_json(text: str) -> tuple[str, str]:
    """Tool arguments/results: pretty JSON when they parse (truncated arguments stay as they came)."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2), "json"
    except (ValueError, TypeError):
        return text, ""


def _content_markdown(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = []
    for part in content:
        kind = part.get("type")
        if kind == "text":
            parts.append(part.get("text", ""))
        elif kind == "image_url":
            url = (part.get("image_url") or {}).get("url", "")
            # data: URLs are megabytes of base64: say an image was there instead of pasting it
            parts.append(f"![image]({url})" if url.startswith(("http://", "https://")) else "*[image]*")
        elif kind == "input_audio":
            parts.append("*[audio]*")
        elif kind == "file":
            name = (part.get("file") or {}).get("filename") or "file"
            parts.append(f"*[file: {name}]*")
        else:
            parts.append(f"*[{kind}]*")
    return "\n\n".join(p for p in parts if p)


def _facts(message: Message) -> str:
    """Per-turn facts: model, tokens, TTFT, tok/s (only those that are known)."""
    gen = message.generation
    if gen is None:
        return ""
    facts = []
    if gen.model:
        facts.append(gen.model)
    usage = gen.usage or {}
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if prompt is not None and completion is not None:
        facts.append(f"{prompt} prompt + {completion} completion tokens")
    elif completion is not None:
        facts.append(f"{completion} completion tokens")
    if gen.timings.ttft is not None:
        facts.append(f"TTFT {gen.timings.ttft:.2f} s")
    rate = gen.timings.tokens_per_second(completion)
    if rate is not None:
        facts.append(f"{rate:.1f} tok/s")
    choice = gen.choice
    if choice is not None and choice.finish_reason not in (None, "stop", "tool_calls"):
        facts.append(f"finish: {choice.finish_reason}")
    if gen.interrupted:
        facts.append("interrupted")
    if gen.error:
        facts.append(f"error: {gen.error}")
    return "*" + " · ".join(facts) + "*" if facts else ""


def _heading(message: Message) -> str:
    title = _ROLE_TITLES.get(message.role, message.role.title())
    if message.name:
        title += f" · {message.name}"
    if message.role == "tool" and message.tool_call_id:
        title += f" · {message.tool_call_id}"
    alternatives = message.alternatives()
    if len(alternatives) > 1:
        gen = message.generation
        shown = (message.selected_generation, gen.selected_choice if gen else 0)
        position = alternatives.index(shown) + 1 if shown in alternatives else 1
        title += f" ‹{position}/{len(alternatives)}›"
    if message.edited:
        title += " (edited)"
    return f"## {title}"


def _message_markdown(message: Message) -> str:
    blocks = [_heading(message)]
    if message.reasoning:
        blocks.append(f"<details>\n<summary>Reasoning</summary>\n\n{message.reasoning}\n\n</details>")
    if message.role == "tool":
        text, language = _pretty_json(message.text)
        blocks.append(_fence(text, language))
    else:
        text = _content_markdown(message.content)
        if text:
            blocks.append(text)
    if message.refusal:
        blocks.append(f"> **Refusal:** {message.refusal}")
    for call in message.tool_calls or []:
        function = call.get("function") or {}
        arguments, language = _pretty_json(function.get("arguments", ""))
        label = f"**Tool call** `{function.get('name', '?')}`"
        if call.get("id"):
            label += f" ({call['id']})"
        blocks.append(f"{label}\n\n{_fence(arguments, language)}")
    facts = _facts(message)
    if facts:
        blocks.append(facts)
    return "\n\n".join(blocks)


def to_markdown(conv: Conversation, *, secrets: Iterable[str] = ()) -> str:
    """The active branch as Markdown: roles as headings, reasoning folded, tool calls as JSON blocks."""
    lines = [f"# {conv.title}"]
    target = conv.target.model or "no model"
    if conv.target.provider:
        target += f" ({conv.target.provider})"
    lines.append(f"*{target}*")
    if conv.params:
        settings = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in conv.params.items()
                             if k not in ("tools", "response_format"))  # fmt: skip
        if settings:
            lines.append(f"*{settings}*")
    lines += [_message_markdown(m) for m in conv.messages]
    return redact("\n\n".join(lines) + "\n", secrets)


# -- JSONL -----------------------------------------------------------------------------------------


def _jsonl_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_jsonl(conv: Conversation, *, secrets: Iterable[str] = ()) -> str:
    """One line per message of the active branch, in wire format."""
    return "".join(_jsonl_line(_clean(m, secrets)) + "\n" for m in conv.wire_messages())


def to_finetuning_jsonl(convs: Conversation | Iterable[Conversation], *, secrets: Iterable[str] = ()) -> str:
    """OpenAI fine-tuning lines: ``{"messages": [...]}`` per conversation (plus its ``tools``, if any)."""
    if isinstance(convs, Conversation):
        convs = [convs]
    secrets = list(secrets)
    lines = []
    for conv in convs:
        example: dict[str, Any] = {"messages": conv.wire_messages()}
        for key in ("tools", "parallel_tool_calls"):
            if key in conv.params:
                example[key] = conv.params[key]
        lines.append(_jsonl_line(_clean(example, secrets)) + "\n")
    return "".join(lines)


# -- request snippets ------------------------------------------------------------------------------


def _placeholder_parts(name: str, value: str, key_env: str) -> list[tuple[str, bool]]:
    """The header value as (text, is_env_var) pieces: the credential becomes the variable."""
    scheme, space, credential = value.partition(" ")
    if space and credential and scheme.lower() in ("bearer", "basic", "token"):
        return [(f"{scheme} ", False), (key_env, True)]
    return [(key_env, True)]


def _is_secret_header(name: str, value: str, secrets: list[str]) -> bool:
    return is_credential_header(name) or redact(value, secrets) != value


_DOUBLE_QUOTE_SAFE = re.compile(r"[A-Za-z0-9 _.,:/=+@%-]*")


def _shell_word(pieces: list[tuple[str, bool]]) -> str:
    """One shell word where ``$VAR`` pieces expand and everything else is literal."""
    literals = [text for text, is_var in pieces if not is_var]
    if all(_DOUBLE_QUOTE_SAFE.fullmatch(text) for text in literals):
        return '"' + "".join(f"${{{t}}}" if is_var else t for t, is_var in pieces) + '"'
    return "".join(f'"${{{t}}}"' if is_var else shlex.quote(t) for t, is_var in pieces)


def _split_url(url: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """The URL without its query, and the query as (name, value, is_secret) triples."""
    parts = urlsplit(url)
    query = [(k, v, k.lower() in _SECRET_QUERY) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query="")), query


def to_curl(url: str, headers: dict[str, str], body: dict[str, Any], *, key_env: str = DEFAULT_KEY_ENV) -> str:
    """A POSIX-shell curl command that posts ``body``; credentials come from ``$key_env``."""
    secrets = secret_values(headers)
    base, query = _split_url(url)
    if any(secret for _, _, secret in query):
        pieces: list[tuple[str, bool]] = [(base + "?", False)]
        for i, (k, v, secret) in enumerate(query):
            sep = "&" if i else ""
            pieces += [(f"{sep}{k}=", False), (key_env, True)] if secret else [(f"{sep}{urlencode({k: v})}", False)]
        url_word = _shell_word(pieces)
    else:
        url_word = shlex.quote(redact(url, secrets))
    flags = "-sS -N" if body.get("stream") else "-sS"
    lines = [f"curl {flags} {url_word}"]
    for name, value in headers.items():
        if _is_secret_header(name, value, secrets):
            lines.append(f"-H {_shell_word([(f'{name}: ', False), *_placeholder_parts(name, value, key_env)])}")
        else:
            lines.append(f"-H {shlex.quote(f'{name}: {value}')}")
    payload = json.dumps(_clean(body, secrets), ensure_ascii=False, indent=2)
    lines.append(f"-d {shlex.quote(payload)}")
    return " \\\n  ".join(lines) + "\n"


def _py(value: Any, indent: str) -> str:
    """A Python literal for a JSON value, continuation lines indented to sit under ``indent``."""
    text = pprint.pformat(value, width=100 - len(indent), sort_dicts=False)
    return textwrap.indent(text, indent)[len(indent):]


def to_python(url: str, headers: dict[str, str], body: dict[str, Any], *, key_env: str = DEFAULT_KEY_ENV) -> str:
    """A script using the ``openai`` SDK that sends ``body``; the key is read from ``os.environ``."""
    secrets = secret_values(headers)
    body = _clean(body, secrets)
    base, query = _split_url(url)
    trimmed = base.rstrip("/")
    note = ""
    if trimmed.endswith("/chat/completions"):
        base_url = trimmed[: -len("/chat/completions")]
    else:
        base_url = trimmed
        note = "# this endpoint does not end in /chat/completions: check base_url\n"

    bearer = False
    default_headers: dict[str, str] = {}  # literal values; secret ones are rendered as os.environ lookups
    secret_headers: list[tuple[str, list[tuple[str, bool]]]] = []
    for name, value in headers.items():
        if _is_secret_header(name, value, secrets):
            pieces = _placeholder_parts(name, value, key_env)
            if name.lower() == "authorization" and pieces[0][0].lower() == "bearer ":
                bearer = True  # the SDK sends "Authorization: Bearer <api_key>" itself
            else:
                secret_headers.append((name, pieces))
        elif name.lower() not in _SDK_SETS_ITSELF:
            default_headers[name] = value

    env = f"os.environ[{key_env!r}]"
    client = [f"    base_url={base_url!r},"]
    if bearer:
        client.append(f"    api_key={env},")
    elif secret_headers or any(secret for _, _, secret in query):
        client.append('    api_key="unused",  # the key travels in a header or the query below')
    else:
        client.append('    api_key="not-needed",  # this endpoint takes no key')
    if default_headers or secret_headers:
        entries = [f"        {k!r}: {v!r}," for k, v in default_headers.items()]
        for name, pieces in secret_headers:
            expr = " + ".join(env if is_var else repr(text) for text, is_var in pieces)
            entries.append(f"        {name!r}: {expr},")
        client.append("    default_headers={\n" + "\n".join(entries) + "\n    },")
    if query:
        entries = [f"        {k!r}: {env if secret else repr(v)}," for k, v, secret in query]
        client.append("    default_query={\n" + "\n".join(entries) + "\n    },")

    arguments = {k: v for k, v in body.items() if k in SDK_ARGUMENTS}
    extra = {k: v for k, v in body.items() if k not in SDK_ARGUMENTS}
    call = [f"    {k}={_py(v, '    ')}," for k, v in arguments.items()]
    if extra:
        call.append(f"    extra_body={_py(extra, '    ')},")

    streaming = bool(body.get("stream"))
    result = "stream" if streaming else "response"
    if streaming:
        tail = (
            "for chunk in stream:\n"
            "    if chunk.choices and chunk.choices[0].delta.content:\n"
            '        print(chunk.choices[0].delta.content, end="", flush=True)\n'
            "print()\n"
        )
    else:
        tail = "for choice in response.choices:\n    print(choice.message.content)\n"
    return (
        "# pip install openai\n"
        "import os\n\n"
        "from openai import OpenAI\n\n"
        f"{note}"
        "client = OpenAI(\n" + "\n".join(client) + "\n)\n\n"
        f"{result} = client.chat.completions.create(\n" + "\n".join(call) + "\n)\n" + tail
    )
