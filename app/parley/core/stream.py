"""Assembly of Chat Completions chunks into complete choices, emitting typed events on the way.

``StreamAssembler.feed(chunk)`` takes each parsed ``chat.completion.chunk`` dict (parsed once by
``api.sse``) and returns the events it carries; ``result()`` builds the assembled response at any
time (mid-stream too, so a stopped run keeps its partial output). ``assemble_response(body)``
gives a non-streamed response the same shape.

Speed matters (a long stream is tens of thousands of chunks): text fragments go into lists and
are joined only in ``result()``; chunk dicts are read, never copied.

Providers differ in what they send (see FIELD-NOTES); all of these are handled:
- a first chunk without ``role`` (llama.cpp, when the first token is a partial UTF-8 character);
- Azure's first chunk with empty ``choices`` and ``prompt_filter_results`` (and empty id/model);
- ``reasoning_content`` (DeepSeek, vLLM) and ``reasoning`` (OpenRouter) deltas;
- n>1 with interleaved choices, each with its own role and finish chunk (llama.cpp);
- a usage-only final chunk with ``choices: []``;
- non-standard top-level fields (llama.cpp ``timings``, Groq ``x_groq``, SambaNova
  ``time_to_first_token``…) kept raw in ``provider_extras``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from parley.core.conversation import Choice
from parley.core.events import (
    Finish,
    LogprobsDelta,
    ProviderMetrics,
    ReasoningDelta,
    RefusalDelta,
    ResponseMeta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    UsageReport,
)

# Top-level fields of a chunk or response that we model; anything else is a provider extra.
# ``obfuscation`` is OpenAI's random padding against length side channels: noise, dropped.
_STANDARD_TOP = frozenset({"id", "object", "created", "model", "system_fingerprint", "service_tier",
                           "choices", "usage", "obfuscation"})
_META_FIELDS = ("id", "model", "created", "system_fingerprint", "service_tier")
# Fields of ``choices[i]`` that are modelled; others (Azure ``content_filter_results``…) go to Choice.extra.
_STANDARD_CHOICE = frozenset({"index", "delta", "message", "finish_reason", "logprobs"})
# Delta / message fields with a dedicated accumulator.
_STANDARD_DELTA = frozenset({"role", "content", "refusal", "reasoning_content", "reasoning", "tool_calls",
                             "function_call", "audio"})


@dataclass
class AssembledResponse:
    """A complete response, streamed or not: the choices plus response-level facts."""

    choices: list[Choice] = field(default_factory=list)  # sorted by index
    usage: dict[str, Any] | None = None
    id: str | None = None
    model: str | None = None
    created: int | None = None
    system_fingerprint: str | None = None
    service_tier: str | None = None
    # raw non-standard fields: llama.cpp ``timings``, ``x_groq``, Azure ``prompt_filter_results``…
    provider_extras: dict[str, Any] = field(default_factory=dict)

    def choice(self, index: int = 0) -> Choice | None:
        """The choice with this ``index`` (not list position), if it arrived."""
        for c in self.choices:
            if c.index == index:
                return c
        return None


class _ToolCallState:
    __slots__ = ("arguments", "extra", "id", "name", "type")

    def __init__(self) -> None:
        self.id: str | None = None
        self.type: str | None = None
        self.name: list[str] = []
        self.arguments: list[str] = []
        self.extra: dict[str, Any] = {}

    def build(self) -> dict[str, Any]:
        call: dict[str, Any] = {"id": self.id, "type": self.type or "function",
                                "function": {"name": "".join(self.name), "arguments": "".join(self.arguments)}}
        for key, value in self.extra.items():
            if key == "function":
                call["function"].update(value)  # e.g. a provider's extra keys inside ``function``
            else:
                call[key] = value
        return call


class _ChoiceState:
    """What has arrived so far for one choice index; text stays in fragment lists until ``build``."""

    __slots__ = ("audio", "content", "extra", "finish_reason", "function_call", "has_content", "has_refusal",
                 "index", "lp_content", "lp_refusal", "lp_seen", "reasoning", "refusal", "role", "tool_calls")

    def __init__(self, index: int) -> None:
        self.index = index
        self.role: str | None = None
        self.content: list[str] = []
        self.has_content = False  # content "" and content absent are different answers
        self.refusal: list[str] = []
        self.has_refusal = False
        self.reasoning: list[str] = []
        self.tool_calls: dict[int, _ToolCallState] = {}
        self.function_call: dict[str, list[str]] | None = None
        self.audio: dict[str, Any] | None = None
        self.finish_reason: str | None = None
        self.lp_seen = False
        self.lp_content: list[dict[str, Any]] | None = None
        self.lp_refusal: list[dict[str, Any]] | None = None
        self.extra: dict[str, Any] = {}

    def build(self) -> Choice:
        extra = dict(self.extra)
        if self.function_call is not None:  # legacy function calling: kept as the wire field it is
            extra["function_call"] = {k: "".join(v) for k, v in self.function_call.items()}
        if self.role is not None and self.role != "assistant":
            extra["role"] = self.role
        logprobs = None
        if self.lp_seen:
            logprobs = {"content": list(self.lp_content) if self.lp_content is not None else None,
                        "refusal": list(self.lp_refusal) if self.lp_refusal is not None else None}
        return Choice(
            index=self.index,
            content="".join(self.content) if self.has_content else None,
            refusal="".join(self.refusal) if self.has_refusal else None,
            reasoning="".join(self.reasoning) if self.reasoning else None,
            tool_calls=[self.tool_calls[i].build() for i in sorted(self.tool_calls)] or None,
            finish_reason=self.finish_reason,
            logprobs=logprobs,
            audio=dict(self.audio) if self.audio is not None else None,
            extra=extra,
        )


class StreamAssembler:
    """Feed chunk dicts in arrival order; get events back and the assembled response at the end."""

    def __init__(self) -> None:
        self._choices: dict[int, _ChoiceState] = {}
        self._meta: dict[str, Any] = dict.fromkeys(_META_FIELDS)
        self._usage: dict[str, Any] | None = None
        self._extras: dict[str, Any] = {}
        self.chunks = 0  # how many chunks were fed (for progress and benchmarks)

    def feed(self, chunk: dict[str, Any]) -> list[StreamEvent]:
        """Take one chunk; return the events it carries, in a stable order per choice."""
        self.chunks += 1
        events: list[StreamEvent] = []
        meta = self._meta
        # Response-level facts: the first non-empty value wins (Azure's first chunk has id "" and
        # model ""), except fingerprint and tier, which some providers only settle on later chunks.
        changed = False
        for key in _META_FIELDS:
            value = chunk.get(key)
            if value and value != meta[key] and (meta[key] is None or key in ("system_fingerprint", "service_tier")):
                meta[key] = value
                changed = True
        if changed:
            events.append(ResponseMeta(**meta))

        # Shapes are checked with cheap type tests: a chunk that is valid JSON but not the expected
        # shape loses its odd parts instead of stopping the stream.
        choices = chunk.get("choices")
        if choices and type(choices) is list:
            for raw in choices:
                if type(raw) is dict:
                    self._feed_choice(raw, events)

        usage = chunk.get("usage")
        if usage and type(usage) is dict:
            self._usage = usage
            events.append(UsageReport(usage))

        if not chunk.keys() <= _STANDARD_TOP:
            extras = {k: v for k, v in chunk.items() if k not in _STANDARD_TOP and v is not None}
            if extras:
                _merge_extras(self._extras, extras)
                events.append(ProviderMetrics(extras))
        return events

    def _feed_choice(self, raw: dict[str, Any], events: list[StreamEvent]) -> None:
        index = raw.get("index") or 0
        if type(index) is not int:
            index = 0
        state = self._choices.get(index)
        if state is None:
            state = self._choices[index] = _ChoiceState(index)
        # A few servers put a whole ``message`` in a streamed choice instead of a ``delta``.
        delta = raw.get("delta")
        if delta is None:
            delta = raw.get("message")
        if delta and type(delta) is dict:
            self._feed_delta(state, delta, events)

        logprobs = raw.get("logprobs")
        if type(logprobs) is dict:
            state.lp_seen = True
            lp_content = logprobs.get("content")
            lp_refusal = logprobs.get("refusal")
            if type(lp_content) is list:
                if state.lp_content is None:
                    state.lp_content = []
                state.lp_content.extend(lp_content)
            else:
                lp_content = None
            if type(lp_refusal) is list:
                if state.lp_refusal is None:
                    state.lp_refusal = []
                state.lp_refusal.extend(lp_refusal)
            else:
                lp_refusal = None
            if lp_content or lp_refusal:
                events.append(LogprobsDelta(index, tuple(lp_content or ()), tuple(lp_refusal or ())))

        if not raw.keys() <= _STANDARD_CHOICE:
            for key, value in raw.items():
                if key not in _STANDARD_CHOICE and value is not None:
                    state.extra[key] = value  # e.g. Azure content_filter_results: the latest verdict

        reason = raw.get("finish_reason")
        if reason and type(reason) is str:
            state.finish_reason = reason
            events.append(Finish(index, reason))

    def _feed_delta(self, state: _ChoiceState, delta: dict[str, Any], events: list[StreamEvent]) -> None:
        index = state.index
        text = delta.get("content")
        if type(text) is str:
            state.has_content = True
            if text:
                state.content.append(text)
                events.append(TextDelta(index, text))
            if len(delta) == 1:
                return  # the common case: a content-only delta
        elif type(text) is list:
            self._feed_content_parts(state, text, events)

        role = delta.get("role")
        if role and type(role) is str:
            state.role = role
        refusal = delta.get("refusal")
        if type(refusal) is str:
            state.has_refusal = True
            if refusal:
                state.refusal.append(refusal)
                events.append(RefusalDelta(index, refusal))
        # DeepSeek and vLLM say ``reasoning_content``, OpenRouter ``reasoning``; some gateways send
        # both with the same text, so one delta contributes once.
        thought = delta.get("reasoning_content") or delta.get("reasoning")
        if thought:
            if isinstance(thought, str):
                state.reasoning.append(thought)
                events.append(ReasoningDelta(index, thought))
            else:  # not a known shape: keep it raw rather than lose it
                state.extra["reasoning"] = _merge(state.extra.get("reasoning"), thought)
        tool_calls = delta.get("tool_calls")
        if tool_calls and type(tool_calls) is list:
            for fragment in tool_calls:
                if type(fragment) is dict:
                    self._feed_tool_call(state, fragment, events)
        function_call = delta.get("function_call")
        if function_call and type(function_call) is dict:
            parts = state.function_call
            if parts is None:
                parts = state.function_call = {"name": [], "arguments": []}
            for key, value in function_call.items():
                if isinstance(value, str):
                    parts.setdefault(key, []).append(value)
        audio = delta.get("audio")
        if audio and type(audio) is dict:
            # Audio arrives as base64 ``data`` and ``transcript`` fragments; kept raw (not decoded).
            acc = state.audio
            if acc is None:
                acc = state.audio = {}
            for key, value in audio.items():
                if key in ("data", "transcript") and isinstance(value, str):
                    acc[key] = acc.get(key, "") + value
                elif value is not None:
                    acc[key] = value
        if not delta.keys() <= _STANDARD_DELTA:
            for key, value in delta.items():
                if key not in _STANDARD_DELTA and value is not None:
                    state.extra[key] = _merge(state.extra.get(key), value)

    def _feed_content_parts(self, state: _ChoiceState, parts: list[Any], events: list[StreamEvent]) -> None:
        """Content sent as a list of parts (Mistral's reasoning models stream ``thinking`` and ``text``
        parts): text parts are content, thinking parts reasoning, anything else is kept raw."""
        index = state.index
        state.has_content = True
        for part in parts:
            kind = part.get("type") if type(part) is dict else None
            if kind == "text" and type(part.get("text")) is str:
                if part["text"]:
                    state.content.append(part["text"])
                    events.append(TextDelta(index, part["text"]))
            elif kind == "thinking":
                thinking = part.get("thinking")
                pieces = [thinking] if type(thinking) is str else [
                    p.get("text") for p in thinking or () if type(p) is dict and type(p.get("text")) is str]
                for piece in pieces:
                    if piece:
                        state.reasoning.append(piece)
                        events.append(ReasoningDelta(index, piece))
            else:
                state.extra.setdefault("content_parts", []).append(part)

    def _feed_tool_call(self, state: _ChoiceState, fragment: dict[str, Any], events: list[StreamEvent]) -> None:
        calls = state.tool_calls
        call_id = fragment.get("id") or None
        index = fragment.get("index")
        if not isinstance(index, int):
            # Some servers omit ``index``: match by id, else continue the latest call.
            index = next((i for i, c in calls.items() if call_id and c.id == call_id), None)
            if index is None:
                index = len(calls) if (call_id or not calls) else max(calls)
        call = calls.get(index)
        if call is None:
            call = calls[index] = _ToolCallState()
        if call_id and call.id is None:
            call.id = call_id  # servers that repeat the id on every fragment must not duplicate it
        kind = fragment.get("type")
        if kind:
            call.type = kind
        function = fragment.get("function")
        if type(function) is not dict:
            function = {}
        name = function.get("name")
        if type(name) is not str:
            name = None
        elif name and not (call.name and name == "".join(call.name)):
            # (a few servers repeat the whole name on every fragment; OpenAI sends it once)
            call.name.append(name)
        arguments = function.get("arguments")
        if type(arguments) is not str:
            # a few servers send arguments as an object rather than a JSON string
            arguments = json.dumps(arguments, ensure_ascii=False) if arguments is not None else None
        if arguments:
            call.arguments.append(arguments)
        for key, value in fragment.items():
            if key not in ("index", "id", "type", "function") and value is not None:
                call.extra[key] = _merge(call.extra.get(key), value)
        if not function.keys() <= {"name", "arguments"}:
            others = {k: v for k, v in function.items() if k not in ("name", "arguments")}
            call.extra["function"] = _merge(call.extra.get("function"), others)
        events.append(ToolCallDelta(state.index, index, call_id, name or None, arguments or ""))

    def result(self) -> AssembledResponse:
        """The response as assembled so far (complete once the stream has ended)."""
        meta = self._meta
        return AssembledResponse(
            choices=[self._choices[i].build() for i in sorted(self._choices)],
            usage=self._usage,
            id=meta["id"],
            model=meta["model"],
            created=meta["created"],
            system_fingerprint=meta["system_fingerprint"],
            service_tier=meta["service_tier"],
            provider_extras=dict(self._extras),
        )


def assemble_response(body: dict[str, Any]) -> AssembledResponse:
    """A non-streamed Chat Completions response in the same shape as an assembled stream."""
    choices = []
    for raw in body.get("choices") or []:
        message = raw.get("message") or {}
        extra = {k: v for k, v in raw.items() if k not in _STANDARD_CHOICE and v is not None}
        extra.update({k: v for k, v in message.items() if k not in _STANDARD_DELTA and v is not None})
        if message.get("function_call"):
            extra["function_call"] = message["function_call"]
        role = message.get("role")
        if role and role != "assistant":
            extra["role"] = role
        reasoning = message.get("reasoning_content") or message.get("reasoning")
        choices.append(Choice(
            index=raw.get("index") or 0,
            content=message.get("content"),
            refusal=message.get("refusal"),
            reasoning=reasoning if isinstance(reasoning, str) and reasoning else None,
            tool_calls=message.get("tool_calls") or None,
            finish_reason=raw.get("finish_reason") or None,
            logprobs=raw.get("logprobs"),
            audio=message.get("audio"),
            extra=extra,
        ))
    choices.sort(key=lambda c: c.index)
    return AssembledResponse(
        choices=choices,
        usage=body.get("usage") or None,
        id=body.get("id") or None,
        model=body.get("model") or None,
        created=body.get("created") or None,
        system_fingerprint=body.get("system_fingerprint") or None,
        service_tier=body.get("service_tier") or None,
        provider_extras={k: v for k, v in body.items() if k not in _STANDARD_TOP and v is not None},
    )


def _merge_extras(acc: dict[str, Any], new: dict[str, Any]) -> None:
    """Provider extras: latest value wins, but dicts merge shallowly (Groq sends ``x_groq.id`` first
    and ``x_groq.usage`` on the last chunk; both are worth keeping)."""
    for key, value in new.items():
        old = acc.get(key)
        acc[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value


# Keys of unmodelled delta objects that label a fragment rather than carry text: repeated on every
# fragment (OpenRouter's reasoning_details repeat "type" and "format"), so the latest value wins.
_LABEL_KEYS = frozenset({"index", "type", "format", "id", "signature"})


def _merge(acc: Any, delta: Any) -> Any:
    """Accumulate an unmodelled delta field much as the OpenAI SDK does: strings concatenate, dicts
    merge (label keys excepted), lists of ``index``-ed dicts merge by index, other lists extend;
    other scalars: latest wins."""
    if acc is None:
        if isinstance(delta, list) and delta and all(isinstance(d, dict) and "index" in d for d in delta):
            return _merge([], delta)
        return delta
    if isinstance(acc, str) and isinstance(delta, str):
        return acc + delta
    if isinstance(acc, dict) and isinstance(delta, dict):
        merged = dict(acc)
        for key, value in delta.items():
            merged[key] = value if key in _LABEL_KEYS else _merge(merged.get(key), value)
        return merged
    if isinstance(acc, list) and isinstance(delta, list):
        merged_list = list(acc)
        for entry in delta:
            if isinstance(entry, dict) and isinstance(entry.get("index"), int):
                position = next((i for i, e in enumerate(merged_list)
                                 if isinstance(e, dict) and e.get("index") == entry["index"]), None)
                if position is not None:
                    merged_list[position] = _merge(merged_list[position], entry)
                    continue
            merged_list.append(entry)
        return merged_list
    return delta
