"""Conversation messages + parameters + a provider profile -> the exact request to send.

Every change made to fit the provider is returned as a sentence in `BuiltRequest.adjustments`
("temperature dropped: o3-mini rejects it", "developer message sent as system: Groq has no developer
role"), never made silently. Parameters are validated through the catalog (`core.params`) first; keys of
`extra_body` pass through untouched. Reasoning text of earlier answers is never sent.

Keys live only in the headers of a `BuiltRequest`; its repr, str and `redacted()` never show them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from parley.core import params as catalog
from parley.core.providers import Capabilities, ProviderProfile
from parley.core.redaction import is_credential_header, mask_credential, redact, secret_values
from parley.core.texts import QT_TRANSLATE_NOOP, fill

# Adjustments: `label` is the model (when a model rule applied) or the provider's name.
_NOT_CONTINUED = QT_TRANSLATE_NOOP(
    "Engine", "the last assistant message is sent as a finished turn: {label} cannot continue a partial answer"
)
_CONTINUED_WITH = QT_TRANSLATE_NOOP("Engine", "the last assistant message is continued ({fields} added)")
_CONTINUED_ELSEWHERE = QT_TRANSLATE_NOOP("Engine", "sent to {url}: {provider} continues partial answers there")
_SYSTEM_AS_USER = QT_TRANSLATE_NOOP("Engine", "system and developer messages sent as user: {label} accepts neither")
_DEVELOPER_AS_SYSTEM = QT_TRANSLATE_NOOP("Engine", "developer message sent as system: {label} has no developer role")
_NON_USER_NAMES_DROPPED = QT_TRANSLATE_NOOP(
    "Engine", "names of non-user messages dropped: {label} does not accept them"
)
_NAMES_DROPPED = QT_TRANSLATE_NOOP("Engine", "message names dropped: {label} does not accept them")
_MANAGED_IGNORED = QT_TRANSLATE_NOOP(
    "Engine", "{name} parameter ignored: Parley sets it from the conversation and target"
)
_DROPPED = QT_TRANSLATE_NOOP("Engine", "{name} dropped: {reason}")
_DROPPED_FOR_OTHER = QT_TRANSLATE_NOOP("Engine", "{name} dropped: {wire} is also set")
_SENT_AS = QT_TRANSLATE_NOOP("Engine", "{name} sent as {wire} ({label} expects it)")
_EFFORT_DROPPED = QT_TRANSLATE_NOOP("Engine", 'reasoning_effort "{effort}" dropped: {label} accepts {values}')
_TOP_LOGPROBS_LOWERED = QT_TRANSLATE_NOOP(
    "Engine", "top_logprobs lowered from {given} to {most}: {label} returns at most that many"
)
_SCHEMA_AS_JSON_OBJECT = QT_TRANSLATE_NOOP(
    "Engine",
    "response_format json_schema sent as json_object: {label} has no structured outputs, "
    "so the schema is not enforced",
)
_NO_JSON_OUTPUT = QT_TRANSLATE_NOOP("Engine", "response_format dropped: {label} has no JSON output mode")
_NO_JSON_MODE = QT_TRANSLATE_NOOP("Engine", "response_format dropped: {label} has no JSON mode")
_NEEDS_BASE_URL = QT_TRANSLATE_NOOP("Engine", "{provider} needs a base URL: set it in the provider settings.")
_NEEDS_BASE_URL_HINT = QT_TRANSLATE_NOOP(
    "Engine", "{provider} needs a base URL ({hint}): set it in the provider settings."
)
_NEEDS_MODEL = QT_TRANSLATE_NOOP("Engine", "{provider} needs a model (deployment) name.")
_NO_KEY = QT_TRANSLATE_NOOP("Engine", "No API key for {provider}: add one under Providers & keys.")
_NO_KEY_OR_ENV = QT_TRANSLATE_NOOP("Engine", "No API key for {provider}: add one under Providers & keys or set {env}.")

# Message fields that hold a model's reasoning: shown to the user, never sent back.
_REASONING_FIELDS = ("reasoning", "reasoning_content")
# Known secrets shorter than this are not hidden in previews: local servers take dummy keys ("none",
# "EMPTY", "ollama") that also occur as ordinary words of the body.
_MIN_PREVIEW_SECRET = 8


class RequestError(ValueError):
    """The request cannot be built; `problems` are sentences for the user (nothing is lost by failing)."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


class MissingKeyError(RequestError):
    """The provider needs an API key and none was given."""


@dataclass(frozen=True, repr=False)
class BuiltRequest:
    url: str
    headers: dict[str, str]
    body: dict[str, Any]
    adjustments: tuple[str, ...] = ()
    # When the last assistant message is being continued: its text, and whether the provider's answer
    # starts with that text again (llama.cpp, non-streamed) so it must not be shown twice.
    continued_prefix: str | None = None
    prefix_echoed: bool = False

    def _secrets(self) -> list[str]:
        return [s for s in secret_values(self.headers) if len(s) >= _MIN_PREVIEW_SECRET]

    def redacted_headers(self) -> dict[str, str]:
        """The headers with every credential masked: `Authorization: Bearer sk-…REDACTED`."""
        secrets = self._secrets()
        return {
            name: mask_credential(value) if is_credential_header(name) else _scrub(value, secrets)
            for name, value in self.headers.items()
        }

    def redacted(self) -> dict[str, Any]:
        """url, headers, body and adjustments with every credential masked (dry runs, exports, logs)."""
        secrets = self._secrets()
        return {
            "url": _scrub(self.url, secrets),
            "headers": self.redacted_headers(),
            "body": _scrub_json(self.body, secrets),
            "adjustments": list(self.adjustments),
        }

    def __repr__(self) -> str:
        secrets = self._secrets()
        keys = ", ".join(self.body)
        return _scrub(
            f"BuiltRequest(url={self.url!r}, headers={self.redacted_headers()!r}, body={{{keys}}}, "
            f"adjustments={list(self.adjustments)!r})",
            secrets,
        )

    __str__ = __repr__


def _scrub(text: str, secrets: list[str]) -> str:
    # Exact values only: the preview shows the request as sent, key-shaped text the user wrote included.
    return redact(text, secrets, patterns=False)


def _scrub_json(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return _scrub(value, secrets)
    if isinstance(value, list):
        return [_scrub_json(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, secrets) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------------------


def build_request(
    messages: list[dict[str, Any]],
    params: Mapping[str, Any],
    profile: ProviderProfile,
    model: str,
    *,
    api_key: str | None,
    base_url: str | None = None,
    stream: bool = True,
    extra_headers: Mapping[str, str] | None = None,
    extra_body: Mapping[str, Any] | None = None,
    continue_partial: bool = False,
    require_key: bool = True,
) -> BuiltRequest:
    """The exact URL, headers and body for one Chat Completions request, plus what was adjusted and why.

    `params` maps parameter names to values (absent or None = unset). `continue_partial` asks the
    provider to continue the last (assistant) message instead of answering anew.
    Raises RequestError (with sentences) for invalid parameters or a missing base URL, and
    MissingKeyError when the provider needs a key and none was given — unless `require_key` is False
    (dry runs, stored "next request" bodies), which builds the request without the auth header.
    """
    caps = profile.capabilities_for(model)
    notes: list[str] = []

    if not messages:
        raise RequestError([QT_TRANSLATE_NOOP("Engine", "There is no message to send.")])
    if continue_partial and messages[-1].get("role") != "assistant":
        raise RequestError(
            [QT_TRANSLATE_NOOP("Engine", "Only an assistant message can be continued; the last message is not one.")]
        )

    wire_messages = _prepare_messages(messages, caps, notes)
    sent_params = _prepare_params(params, caps, stream, notes)

    body: dict[str, Any] = {"model": model, "messages": wire_messages}
    body.update(sent_params)
    body["stream"] = stream
    if stream and caps.stream_options:
        _add_include_usage(body, notes)

    chosen_base = base_url
    continued_prefix = None
    prefix_echoed = False
    if continue_partial:
        continued_prefix = _text_of(wire_messages[-1])
        continuation = caps.continuation
        if continuation is None:
            notes.append(fill(_NOT_CONTINUED, label=caps.label))
            continued_prefix = None
        else:
            wire_messages[-1].update(copy.deepcopy(continuation.message_fields))
            for key, value in continuation.body.items():
                body[key] = copy.deepcopy(value)
            added = [
                f'"{k}": {_json_text(v)}'
                for k, v in {**continuation.message_fields, **continuation.body}.items()
            ]
            notes.append(
                fill(_CONTINUED_WITH, fields=", ".join(added))
                if added
                else QT_TRANSLATE_NOOP("Engine", "the last assistant message is continued")
            )
            if continuation.base_url and base_url is None:
                chosen_base = continuation.base_url
                notes.append(fill(_CONTINUED_ELSEWHERE, url=continuation.base_url, provider=profile.name))
            prefix_echoed = continuation.repeats_prefix_when_not_streaming and not stream

    if extra_body:
        for key, value in extra_body.items():
            body[key] = copy.deepcopy(value)

    url = _url(profile, model, chosen_base)
    headers = request_headers(
        profile, api_key, stream=stream, extra_headers=extra_headers, require_key=require_key
    )
    return BuiltRequest(
        url=url,
        headers=headers,
        body=body,
        adjustments=tuple(notes),
        continued_prefix=continued_prefix,
        prefix_echoed=prefix_echoed,
    )


# --- messages ----------------------------------------------------------------------------------------------


def _prepare_messages(
    messages: list[dict[str, Any]], caps: Capabilities, notes: list[str]
) -> list[dict[str, Any]]:
    out = []
    moved_developer = moved_to_user = dropped_names = False
    for message in messages:
        wire = {k: copy.deepcopy(v) for k, v in message.items() if k not in _REASONING_FIELDS}
        role = wire.get("role")
        if role in ("system", "developer") and not caps.system_role:
            wire["role"] = "user"
            moved_to_user = True
        elif role == "developer" and not caps.developer_role:
            wire["role"] = "system"
            moved_developer = True
        if "name" in wire and (
            caps.message_names == "none" or (caps.message_names == "user" and role != "user")
        ):
            del wire["name"]
            dropped_names = True
        out.append(wire)
    label = caps.label
    if moved_to_user:
        notes.append(fill(_SYSTEM_AS_USER, label=label))
    if moved_developer:
        notes.append(fill(_DEVELOPER_AS_SYSTEM, label=label))
    if dropped_names:
        notes.append(fill(_NON_USER_NAMES_DROPPED if caps.message_names == "user" else _NAMES_DROPPED, label=label))
    return out


def _text_of(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


# --- parameters --------------------------------------------------------------------------------------------


def _prepare_params(
    params: Mapping[str, Any], caps: Capabilities, stream: bool, notes: list[str]
) -> dict[str, Any]:
    values = _validated(params, stream, notes)
    _translate_legacy(values, caps, notes)
    _gate(values, caps, stream, notes)
    return _renamed(values, caps, notes)


def _validated(params: Mapping[str, Any], stream: bool, notes: list[str]) -> dict[str, Any]:
    """Catalog-checked values (normalized as the catalog returns them); unknown names pass through."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in params.items():
        if value is None:
            continue  # unset
        try:
            param = catalog.get(name)
        except catalog.UnknownParamError:
            values[name] = copy.deepcopy(value)  # a provider extra the catalog does not know: sent as typed
            continue
        if param.managed:
            if name == "stream":
                notes.append(
                    QT_TRANSLATE_NOOP("Engine", "stream true kept: Parley decides whether to stream")
                    if stream
                    else QT_TRANSLATE_NOOP("Engine", "stream false kept: Parley decides whether to stream")
                )
            else:
                notes.append(fill(_MANAGED_IGNORED, name=name))
            continue
        try:
            values[name] = catalog.validate(name, value)
        except catalog.ParamError as exc:
            problems.append(str(exc))
    if problems:
        raise RequestError(problems)
    return values


def _translate_legacy(values: dict[str, Any], caps: Capabilities, notes: list[str]) -> None:
    """Deprecated parameters -> their replacements, where the provider wants the replacements."""
    if not caps.legacy_functions:
        if "functions" in values:
            tools = list(values.get("tools") or [])
            named = {t.get("function", {}).get("name") for t in tools if isinstance(t, dict)}
            for function in values.pop("functions"):
                if function.get("name") not in named:
                    tools.append({"type": "function", "function": function})
            values["tools"] = tools
            notes.append(QT_TRANSLATE_NOOP("Engine", "functions sent as tools (functions is deprecated)"))
        if "function_call" in values:
            choice = values.pop("function_call")
            if "tool_choice" in values:
                notes.append(QT_TRANSLATE_NOOP("Engine", "function_call dropped: tool_choice is also set"))
            else:
                values["tool_choice"] = (
                    {"type": "function", "function": {"name": choice["name"]}}
                    if isinstance(choice, dict)
                    else choice
                )
                notes.append(
                    QT_TRANSLATE_NOOP("Engine", "function_call sent as tool_choice (function_call is deprecated)")
                )

    limits = [n for n in ("max_completion_tokens", "max_tokens") if n in values]
    if len(limits) == 2:
        values.pop("max_tokens")
        notes.append(QT_TRANSLATE_NOOP("Engine", "max_tokens dropped: max_completion_tokens is also set"))
        limits = ["max_completion_tokens"]
    if limits and limits[0] != caps.token_limit_field:
        given = limits[0]
        values[caps.token_limit_field] = values.pop(given)
        notes.append(fill(_SENT_AS, name=given, wire=caps.token_limit_field, label=caps.label))

    if "top_logprobs" in values and values.get("logprobs") is not True:
        values["logprobs"] = True
        notes.append(QT_TRANSLATE_NOOP("Engine", "logprobs set to true: top_logprobs needs it"))


def _gate(values: dict[str, Any], caps: Capabilities, stream: bool, notes: list[str]) -> None:
    """Drop what the provider cannot take and fit values to its limits, saying so each time."""
    context = dict(values)
    label = caps.label
    for name in list(values):
        ok, reason = caps.accepts(name, context)
        if not ok:
            del values[name]
            notes.append(fill(_DROPPED, name=name, reason=reason))

    effort = values.get("reasoning_effort")
    if effort is not None and effort not in caps.reasoning_effort:
        del values["reasoning_effort"]
        notes.append(fill(_EFFORT_DROPPED, effort=effort, label=label, values=", ".join(caps.reasoning_effort)))

    top = values.get("top_logprobs")
    if isinstance(top, int) and caps.max_top_logprobs is not None and top > caps.max_top_logprobs:
        values["top_logprobs"] = caps.max_top_logprobs
        notes.append(fill(_TOP_LOGPROBS_LOWERED, given=top, most=caps.max_top_logprobs, label=label))

    response_format = values.get("response_format")
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind == "json_schema" and not caps.json_schema:
        if caps.json_object:
            values["response_format"] = {"type": "json_object"}
            notes.append(fill(_SCHEMA_AS_JSON_OBJECT, label=label))
        else:
            del values["response_format"]
            notes.append(fill(_NO_JSON_OUTPUT, label=label))
    elif kind == "json_object" and not caps.json_object:
        del values["response_format"]
        notes.append(fill(_NO_JSON_MODE, label=label))

    if "stream_options" in values and not stream:
        del values["stream_options"]
        notes.append(QT_TRANSLATE_NOOP("Engine", "stream_options dropped: the request is not streamed"))


def _renamed(values: dict[str, Any], caps: Capabilities, notes: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    renamed = {name: caps.wire_name(name) for name in values}
    for name, value in values.items():
        wire = renamed[name]
        if wire == name:
            out[name] = value
            continue
        if wire in values and renamed.get(wire) == wire:
            notes.append(fill(_DROPPED_FOR_OTHER, name=name, wire=wire))
            continue
        out[wire] = value
        notes.append(fill(_SENT_AS, name=name, wire=wire, label=caps.label))
    return out


def _add_include_usage(body: dict[str, Any], notes: list[str]) -> None:
    """Ask for the usage chunk when streaming: people want token counts, and it costs nothing."""
    options = body.get("stream_options")
    if options is None:
        body["stream_options"] = {"include_usage": True}
    elif isinstance(options, dict) and "include_usage" not in options:
        body["stream_options"] = {**options, "include_usage": True}
    else:
        return  # the user decided
    notes.append(QT_TRANSLATE_NOOP("Engine", "stream_options.include_usage added so token counts arrive while streaming"))


def _json_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return repr(value) if not isinstance(value, str) else f'"{value}"'


# --- URL and headers ---------------------------------------------------------------------------------------


def _url(profile: ProviderProfile, model: str, base_url: str | None) -> str:
    base = (base_url or profile.base_url or "").strip()
    if not base or "{" in base:
        problem = (
            fill(_NEEDS_BASE_URL_HINT, provider=profile.name, hint=profile.base_url_hint)
            if profile.base_url_hint
            else fill(_NEEDS_BASE_URL, provider=profile.name)
        )
        raise RequestError([problem])
    if "{model}" in profile.chat_path and not model:
        raise RequestError([fill(_NEEDS_MODEL, provider=profile.name)])
    url = base.rstrip("/") + profile.chat_path.replace("{model}", quote(model, safe=""))
    if profile.query:
        url += ("&" if "?" in url else "?") + urlencode(profile.query)
    return url


def request_headers(
    profile: ProviderProfile,
    api_key: str | None,
    *,
    stream: bool = False,
    extra_headers: Mapping[str, str] | None = None,
    require_key: bool = True,
) -> dict[str, str]:
    """The headers of any request to this provider (chat, model listing): content type, the profile's
    defaults, authentication in the profile's style, then `extra_headers`. MissingKeyError as above."""
    headers = {
        "Content-Type": "application/json",
        "Accept": "text/event-stream" if stream else "application/json",
    }
    headers.update(profile.headers)
    if api_key and profile.auth == "bearer":
        headers["Authorization"] = f"Bearer {api_key}"
    elif api_key and profile.auth == "api-key":
        headers["api-key"] = api_key
    elif not api_key and require_key and profile.key_required and profile.auth != "none":
        problem = (
            fill(_NO_KEY_OR_ENV, provider=profile.name, env=profile.key_env)
            if profile.key_env
            else fill(_NO_KEY, provider=profile.name)
        )
        raise MissingKeyError([problem])
    if extra_headers:
        headers.update(extra_headers)
    return headers
