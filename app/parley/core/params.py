"""The parameter catalog: every request parameter Parley knows, as data.

One source of truth for the sidebar (editors, ranges, defaults, help), the request builder, the CLI
`--set KEY=VALUE` validation, capability hints and docs/parameters.md.

Two endpoints, two catalogs: `CATALOG` for /v1/chat/completions (the standard fields of OpenAI's
`CreateChatCompletionRequest` plus well-known non-standard sampling extras) and `COMPLETIONS_CATALOG`
for the legacy /v1/completions, where some names mean something else (`logprobs` is an integer there).
Ranges, defaults and enums of standard parameters are those of the bundled API description
(resources/spec/openai-chat.json); tests/unit/test_params.py holds the catalog to it.

"Unset" means the key is absent from the params dict: there is no sentinel value, and `None` is refused.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from parley.core import spec
from parley.core.texts import QT_TRANSLATE_NOOP, fill

_UNKNOWN_CHAT = QT_TRANSLATE_NOOP("Engine", "{name} is not a Chat Completions parameter Parley knows.")
_UNKNOWN_LEGACY = QT_TRANSLATE_NOOP("Engine", "{name} is not a legacy Completions parameter Parley knows.")
_DEPRECATED = QT_TRANSLATE_NOOP("Engine", "{name} is deprecated in the OpenAI API.")
_DEPRECATED_BY = QT_TRANSLATE_NOOP("Engine", "{name} is deprecated in the OpenAI API: use {instead} instead.")

# Validation: `value` is the wrong value as quoted back (JSON, shortened).
# Numbers: (what was expected, which bounds the parameter has) -> the sentence.
_MUST_BE_NUMBER = {
    ("number", "int64"): QT_TRANSLATE_NOOP("Engine", "{name} must be a number that fits in 64 bits, not {value}."),
    ("number", "range"): QT_TRANSLATE_NOOP("Engine", "{name} must be a number from {low} to {high}, not {value}."),
    ("number", "low"): QT_TRANSLATE_NOOP("Engine", "{name} must be a number of at least {low}, not {value}."),
    ("number", "high"): QT_TRANSLATE_NOOP("Engine", "{name} must be a number of at most {high}, not {value}."),
    ("number", "none"): QT_TRANSLATE_NOOP("Engine", "{name} must be a number, not {value}."),
    ("finite", "int64"): QT_TRANSLATE_NOOP(
        "Engine", "{name} must be a finite number that fits in 64 bits, not {value}."),
    ("finite", "range"): QT_TRANSLATE_NOOP(
        "Engine", "{name} must be a finite number from {low} to {high}, not {value}."),
    ("finite", "low"): QT_TRANSLATE_NOOP("Engine", "{name} must be a finite number of at least {low}, not {value}."),
    ("finite", "high"): QT_TRANSLATE_NOOP("Engine", "{name} must be a finite number of at most {high}, not {value}."),
    ("finite", "none"): QT_TRANSLATE_NOOP("Engine", "{name} must be a finite number, not {value}."),
    ("whole", "int64"): QT_TRANSLATE_NOOP(
        "Engine", "{name} must be a whole number that fits in 64 bits, not {value}."),
    ("whole", "range"): QT_TRANSLATE_NOOP(
        "Engine", "{name} must be a whole number from {low} to {high}, not {value}."),
    ("whole", "low"): QT_TRANSLATE_NOOP("Engine", "{name} must be a whole number of at least {low}, not {value}."),
    ("whole", "high"): QT_TRANSLATE_NOOP("Engine", "{name} must be a whole number of at most {high}, not {value}."),
    ("whole", "none"): QT_TRANSLATE_NOOP("Engine", "{name} must be a whole number, not {value}."),
}
_NOT_NULL = QT_TRANSLATE_NOOP("Engine", "{name} cannot be null: leave it unset.")
_NOT_NULL_DEFAULT = QT_TRANSLATE_NOOP(
    "Engine", "{name} cannot be null: leave it unset to use the API default ({default}).")
_NOT_BOOLEAN = QT_TRANSLATE_NOOP("Engine", "{name} must be true or false, not {value}.")
_NOT_A_CHOICE = QT_TRANSLATE_NOOP("Engine", "{name} must be one of {choices}, not {value}.")
_NOT_TEXT = QT_TRANSLATE_NOOP("Engine", "{name} must be text, not {value}.")
_EMPTY_TEXT = QT_TRANSLATE_NOOP("Engine", "{name} is empty: leave it unset instead.")
_TOO_LONG = QT_TRANSLATE_NOOP("Engine", "{name} can be at most {most} characters long (this one has {count}).")
_NOT_TEXT_LIST = QT_TRANSLATE_NOOP("Engine", "{name} must be a text or a list of texts, not {value}.")
_EMPTY_LIST = QT_TRANSLATE_NOOP("Engine", "{name} is an empty list: leave it unset instead.")
_TOO_MANY_ENTRIES = QT_TRANSLATE_NOOP("Engine", "{name} takes at most {most} entries (this one has {count}).")
_ENTRY_NOT_A_CHOICE = QT_TRANSLATE_NOOP("Engine", "{name} entries must be among {choices}, not {value}.")
_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Engine", "{name} must be a JSON object (key: value pairs), not {value}.")
_TOO_MANY_PAIRS = QT_TRANSLATE_NOOP("Engine", "{name} takes at most {most} pairs (this one has {count}).")
_BAD_KEY = QT_TRANSLATE_NOOP("Engine", "{name} keys must each be {hint}, not {value}.")
_KEY_TOO_LONG = QT_TRANSLATE_NOOP(
    "Engine", "{name} keys can be at most {most} characters long ({key} has {count}).")
_NOT_WHOLE_IN_RANGE = QT_TRANSLATE_NOOP("Engine", "{name} must be a whole number from {range}, not {value}.")
_MORE_PROBLEM = QT_TRANSLATE_NOOP("Engine", "{location}: {problem} (and {count} more problem)")
_MORE_PROBLEMS = QT_TRANSLATE_NOOP("Engine", "{location}: {problem} (and {count} more problems)")
_DID_YOU_MEAN = QT_TRANSLATE_NOOP("Engine", "{unknown} Did you mean {suggestion}?")
_ONLY_LEGACY = QT_TRANSLATE_NOOP("Engine", "{unknown} It exists only for the legacy /v1/completions endpoint.")
_N_CHOICES = QT_TRANSLATE_NOOP(
    "Engine", "n is {n}: every request generates {n} choices and you pay for the tokens of all of them."
)
_BEST_OF_BELOW_N = QT_TRANSLATE_NOOP("Engine", "best_of ({best_of}) must not be smaller than n ({n}).")
_BEST_OF_COST = QT_TRANSLATE_NOOP(
    "Engine", "best_of is {best_of}: the server generates {best_of} completions and you pay for all."
)

KINDS = ("number", "integer", "boolean", "enum", "string", "string_list", "map", "json")
GROUPS = (
    "Sampling",
    "Length and stopping",
    "Output format",
    "Tools",
    "Reasoning",
    "Tokens and probabilities",
    "Storage and attribution",
    "Advanced",
)
CHAT = "chat"
COMPLETIONS = "completions"
ENDPOINTS = (CHAT, COMPLETIONS)
CHAT_SCHEMA = "CreateChatCompletionRequest"
COMPLETIONS_SCHEMA = "CreateCompletionRequest"

_CHAT_DOCS = "https://platform.openai.com/docs/api-reference/chat/create#chat_create-"
_COMPLETIONS_DOCS = "https://platform.openai.com/docs/api-reference/completions/create#completions_create-"
_LLAMA_CPP_DOCS = "https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md"
_VLLM_DOCS = "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html#extra-parameters"
_OPENROUTER_DOCS = "https://openrouter.ai/docs/api-reference/parameters"

LLAMA_CPP = "llama.cpp"
VLLM = "vLLM"
OPENROUTER = "OpenRouter"
TOGETHER = "Together AI"


class ParamError(ValueError):
    """A parameter value Parley will not send, with a sentence that says why and what is allowed."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownParamError(KeyError):
    """`get()` of a name no catalog knows. `str()` is the plain sentence (KeyError would quote it)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Param:
    name: str  # wire name, e.g. "temperature", "stream_options"
    kind: str  # one of KINDS
    group: str  # one of GROUPS
    description: str  # one or two user-facing sentences
    default: Any = None  # what the API does when the key is absent (None: not documented / nothing)
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None  # a sensible editor increment for numbers
    choices: tuple[str, ...] = ()  # enum values; for string_list, the allowed items
    max_items: int | None = None  # string_list items, map pairs, or json arrays (informational)
    max_length: int | None = None  # characters of a string, or of each map value
    key_pattern: str | None = None  # maps: what every key must look like (regex, full match)
    key_hint: str | None = None  # maps: the key rule in words
    key_max_length: int | None = None  # maps: characters per key
    value_kind: str | None = None  # maps: "integer" or "string"
    deprecated: bool = False
    deprecated_by: str | None = None  # the parameter to use instead
    nonstandard: bool = False  # not in OpenAI's API description
    providers: tuple[str, ...] = ()  # for nonstandard parameters: servers known to accept it
    legacy: bool = False  # this definition is the /v1/completions one
    managed: bool = False  # set by Parley itself (model, messages, stream, prompt), not the sidebar
    doc_url: str | None = None
    spec_schema: str | None = None  # the request schema that defines it (standard parameters)
    json_schema: dict[str, Any] | None = None  # json kind, nonstandard: the schema the value must satisfy

    @property
    def label(self) -> str:
        """A short title for editors: "top_logprobs" -> "Top logprobs"."""
        text = self.name.replace("_", " ")
        return text[:1].upper() + text[1:]

    @property
    def range_text(self) -> str:
        """The allowed range in words ("0 to 2", "at least 1"), or "" when there is none."""
        low, high = self.minimum, self.maximum
        if abs(low or 0) >= 2**62 or abs(high or 0) >= 2**62:
            return "64-bit integer"
        if low is not None and high is not None:
            return f"{_number(low)} to {_number(high)}"
        if low is not None:
            return f"at least {_number(low)}"
        if high is not None:
            return f"at most {_number(high)}"
        return ""

    def value_schema(self) -> dict[str, Any] | None:
        """For json kinds: the JSON Schema a value must satisfy (`$ref`s point into the bundled spec)."""
        if self.json_schema is not None:
            return self.json_schema
        if self.kind == "json" and self.spec_schema:
            return {"allOf": spec.property_schemas(self.spec_schema)[self.name]}
        return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# ---------------------------------------------------------------------------------------------------------
# The catalog. Descriptions are the API description's, shortened; ranges and defaults are its own.


def _chat(name: str, kind: str, group: str, description: str, **fields: Any) -> Param:
    return Param(name, kind, group, description, doc_url=_CHAT_DOCS + name, spec_schema=CHAT_SCHEMA, **fields)


def _legacy(name: str, kind: str, group: str, description: str, **fields: Any) -> Param:
    return Param(name, kind, group, description, doc_url=_COMPLETIONS_DOCS + name,
                 spec_schema=COMPLETIONS_SCHEMA, legacy=True, **fields)


def _extra(name: str, kind: str, group: str, description: str, providers: tuple[str, ...], doc_url: str,
           **fields: Any) -> Param:
    return Param(name, kind, group, description, nonstandard=True, providers=providers, doc_url=doc_url, **fields)


_INT64 = 9223372036854776000  # the bound the API description states for `seed`

_STANDARD_CHAT: tuple[Param, ...] = (
    # Managed by Parley: the target picks the model, the conversation gives the messages.
    _chat("model", "string", "Advanced", "ID of the model that generates the response, e.g. gpt-4o-mini or o3.",
          managed=True),
    _chat("messages", "json", "Advanced", "The conversation so far, as a list of messages with roles.",
          managed=True),
    _chat("stream", "boolean", "Advanced",
          "Send the response as server-sent events while it is generated.", default=False, managed=True),
    # Sampling
    _chat("temperature", "number", "Sampling",
          "Sampling temperature: higher values like 0.8 make the output more random, lower values like 0.2 "
          "more focused and deterministic. Change this or top_p, not both.",
          default=1, minimum=0, maximum=2, step=0.05),
    _chat("top_p", "number", "Sampling",
          "Nucleus sampling: only the tokens that make up the top_p probability mass are considered "
          "(0.1 = the top 10%). Change this or temperature, not both.",
          default=1, minimum=0, maximum=1, step=0.05),
    _chat("frequency_penalty", "number", "Sampling",
          "Positive values penalize tokens by how often they already appear, making verbatim repetition "
          "less likely.", default=0, minimum=-2, maximum=2, step=0.1),
    _chat("presence_penalty", "number", "Sampling",
          "Positive values penalize tokens that already appear at all, nudging the model toward new topics.",
          default=0, minimum=-2, maximum=2, step=0.1),
    _chat("seed", "integer", "Advanced",
          "Best-effort deterministic sampling: the same seed and parameters should give the same result. "
          "Not guaranteed; compare system_fingerprint.",
          minimum=-_INT64, maximum=_INT64, deprecated=True),
    _chat("n", "integer", "Advanced",
          "How many choices to generate. You are charged for the tokens of every choice.",
          default=1, minimum=1, maximum=128),
    _chat("logit_bias", "map", "Sampling",
          "Bias added to the logits of specific token IDs, from -100 (ban the token) to 100 (force it); "
          "values between -1 and 1 nudge.",
          minimum=-100, maximum=100, key_pattern=r"\d+", key_hint="a token ID (a whole number)",
          value_kind="integer"),
    # Length and stopping
    _chat("max_completion_tokens", "integer", "Length and stopping",
          "Upper bound on the tokens generated, counting visible output and reasoning tokens.", minimum=1),
    _chat("max_tokens", "integer", "Length and stopping",
          "Maximum number of tokens to generate. o-series and newer reasoning models reject it.",
          minimum=1, deprecated=True, deprecated_by="max_completion_tokens"),
    _chat("stop", "string_list", "Length and stopping",
          "Up to 4 sequences where generation stops; the returned text does not contain them. "
          "Not supported by the latest reasoning models (o3, o4-mini).", max_items=4),
    # Output format
    _chat("response_format", "json", "Output format",
          'The output format: {"type": "json_schema", ...} for Structured Outputs, {"type": "json_object"} '
          'for the older JSON mode, or {"type": "text"}.'),
    _chat("modalities", "string_list", "Advanced",
          'Output types to generate: ["text"] (the default) or ["text", "audio"] for audio-capable models.',
          choices=("text", "audio")),
    _chat("audio", "json", "Advanced",
          'Audio output settings, {"voice": ..., "format": ...}; required when modalities include "audio".'),
    _chat("prediction", "json", "Advanced",
          "A Predicted Output: content the answer will largely repeat (e.g. a file being regenerated with "
          "small changes), which makes generation much faster."),
    # Tools
    _chat("tools", "json", "Tools",
          "Tools the model may call: function tools ({\"type\": \"function\", \"function\": {...}}) "
          "or custom tools."),
    _chat("tool_choice", "json", "Tools",
          'Which tool the model calls: "none", "auto", "required", or a specific tool. The default is '
          '"none" without tools and "auto" with tools.'),
    _chat("parallel_tool_calls", "boolean", "Tools",
          "Whether the model may call several tools in one turn.", default=True),
    _chat("web_search_options", "json", "Tools",
          "Web search settings (search context size, approximate user location) for search models."),
    _chat("functions", "json", "Tools",
          "Functions the model may generate JSON inputs for.",
          max_items=128, deprecated=True, deprecated_by="tools"),
    _chat("function_call", "json", "Tools",
          'Which function the model calls: "none", "auto" or {"name": ...} to force one.',
          deprecated=True, deprecated_by="tool_choice"),
    # Reasoning
    _chat("reasoning_effort", "enum", "Reasoning",
          "How much reasoning models think before answering: less effort is faster and uses fewer reasoning "
          "tokens. Not every model supports every value.",
          default="medium", choices=("none", "minimal", "low", "medium", "high", "xhigh", "max")),
    _chat("verbosity", "enum", "Reasoning",
          "How verbose the answer is: lower values give more concise answers.",
          default="medium", choices=("low", "medium", "high")),
    # Tokens and probabilities
    _chat("logprobs", "boolean", "Tokens and probabilities",
          "Return the log probability of each output token.", default=False),
    _chat("top_logprobs", "integer", "Tokens and probabilities",
          "How many most likely alternatives to return at each token position, with their log "
          "probabilities. Needs logprobs.", minimum=0, maximum=20),
    # Storage and attribution
    _chat("store", "boolean", "Storage and attribution",
          "Store this completion for OpenAI's distillation and evals products.", default=False),
    _chat("metadata", "map", "Storage and attribution",
          "Up to 16 key-value pairs attached to the stored completion, for filtering in the dashboard.",
          max_items=16, key_max_length=64, max_length=512, value_kind="string"),
    _chat("safety_identifier", "string", "Storage and attribution",
          "A stable ID for your end user (hash it), used to detect usage-policy violations.", max_length=64),
    _chat("prompt_cache_key", "string", "Storage and attribution",
          "Groups similar requests to raise prompt-cache hit rates; replaces user for caching."),
    _chat("user", "string", "Storage and attribution",
          "A stable end-user ID, replaced by safety_identifier (abuse detection) and prompt_cache_key "
          "(caching).", deprecated=True, deprecated_by="safety_identifier"),
    # Advanced
    _chat("service_tier", "enum", "Advanced",
          "Processing tier: auto (the project setting), default, flex (cheaper, slower), priority or fast.",
          default="auto", choices=("auto", "default", "flex", "scale", "priority", "fast")),
    _chat("stream_options", "json", "Advanced",
          'Streaming options: {"include_usage": true} adds a final chunk with token usage. Only when '
          "streaming."),
    _chat("prompt_cache_options", "json", "Advanced",
          'Prompt caching: {"mode": "implicit" | "explicit", "ttl": ...} (gpt-5.6 and later).'),
    _chat("prompt_cache_retention", "enum", "Advanced",
          "Maximum prompt-cache retention: in_memory or 24h.",
          choices=("in_memory", "24h"), deprecated=True, deprecated_by="prompt_cache_options"),
    _chat("moderation", "json", "Advanced",
          'Moderate the input and output with a moderation model, e.g. {"model": "omni-moderation-latest"}.'),
)

_NONSTANDARD: tuple[Param, ...] = (
    _extra("top_k", "integer", "Advanced",
           "Sample only from the K most likely tokens; 0 considers all tokens.",
           (LLAMA_CPP, VLLM, OPENROUTER, TOGETHER), _OPENROUTER_DOCS, minimum=0),
    _extra("min_p", "number", "Advanced",
           "Drop tokens less likely than min_p times the most likely token; 0 turns it off.",
           (LLAMA_CPP, VLLM, OPENROUTER, TOGETHER), _OPENROUTER_DOCS, minimum=0, maximum=1, step=0.01),
    _extra("top_a", "number", "Advanced",
           "Drop tokens less likely than top_a times the square of the top probability; 0 turns it off.",
           (OPENROUTER,), _OPENROUTER_DOCS, minimum=0, maximum=1, step=0.01),
    _extra("typical_p", "number", "Advanced",
           "Locally typical sampling; 1 turns it off.", (LLAMA_CPP,), _LLAMA_CPP_DOCS,
           minimum=0, maximum=1, step=0.01),
    _extra("repetition_penalty", "number", "Advanced",
           "Multiplicative penalty on tokens already in the prompt or output; 1 turns it off, above 1 "
           "discourages repetition.", (VLLM, OPENROUTER, TOGETHER), _OPENROUTER_DOCS,
           minimum=0, maximum=2, step=0.05),
    _extra("repeat_penalty", "number", "Advanced",
           "llama.cpp's repetition penalty over the last tokens; 1 turns it off.", (LLAMA_CPP,),
           _LLAMA_CPP_DOCS, minimum=0, step=0.05),
    _extra("mirostat", "integer", "Advanced",
           "Mirostat sampling, which steers toward a target perplexity: 0 off, 1 Mirostat, 2 Mirostat 2.0.",
           (LLAMA_CPP,), _LLAMA_CPP_DOCS, minimum=0, maximum=2),
    _extra("mirostat_tau", "number", "Advanced", "Mirostat target entropy (tau).", (LLAMA_CPP,),
           _LLAMA_CPP_DOCS, minimum=0, step=0.5),
    _extra("mirostat_eta", "number", "Advanced", "Mirostat learning rate (eta).", (LLAMA_CPP,),
           _LLAMA_CPP_DOCS, minimum=0, step=0.01),
    _extra("min_tokens", "integer", "Length and stopping",
           "Generate at least this many tokens before end-of-sequence or stop strings may end the answer.",
           (VLLM,), _VLLM_DOCS, minimum=0),
    _extra("ignore_eos", "boolean", "Length and stopping",
           "Keep generating past the end-of-sequence token (until the length limit).", (LLAMA_CPP, VLLM),
           _VLLM_DOCS),
)

_CHAT_ONLY_EXTRAS: tuple[Param, ...] = (
    _extra("chat_template_kwargs", "json", "Advanced",
           'Extra variables for the model\'s chat template, e.g. {"enable_thinking": false} for Qwen3.',
           (LLAMA_CPP, VLLM), _VLLM_DOCS, json_schema={"type": "object"}),
)

_LEGACY_OWN: tuple[Param, ...] = (
    _legacy("prompt", "json", "Advanced",
            "The prompt to complete: a string, a list of strings, or token IDs.",
            default="<|endoftext|>", managed=True),
    _legacy("suffix", "string", "Output format",
            "Text that comes after the completion, for inserting text (gpt-3.5-turbo-instruct only)."),
    _legacy("echo", "boolean", "Output format", "Return the prompt in addition to the completion.",
            default=False),
    _legacy("best_of", "integer", "Sampling",
            "Generate best_of completions server-side and return the one with the highest log probability "
            "per token. Must exceed n, cannot be streamed, and multiplies the cost.",
            default=1, minimum=0, maximum=20),
    _legacy("logprobs", "integer", "Tokens and probabilities",
            "Return the log probabilities of this many most likely tokens at each position (0 to 5), plus "
            "the chosen token.", minimum=0, maximum=5),
    _legacy("max_tokens", "integer", "Length and stopping",
            "Maximum number of tokens to generate; prompt plus max_tokens must fit the context window.",
            default=16, minimum=0),
    _legacy("seed", "integer", "Advanced",
            "Best-effort deterministic sampling: the same seed and parameters should give the same result."),
    _legacy("user", "string", "Storage and attribution",
            "A unique identifier of your end user, to help detect abuse."),
)


def _ordered(params: Iterable[Param]) -> dict[str, Param]:
    """Group order first (the sidebar's order), then the order written above."""
    listed = list(params)
    names = [p.name for p in listed]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate parameters in the catalog: {sorted(duplicates)}")
    return {p.name: p for p in sorted(listed, key=lambda p: GROUPS.index(p.group))}


CATALOG: dict[str, Param] = _ordered((*_STANDARD_CHAT, *_NONSTANDARD, *_CHAT_ONLY_EXTRAS))

_LEGACY_SHARED = ("model", "stream", "temperature", "top_p", "frequency_penalty", "presence_penalty", "n",
                  "logit_bias", "stop", "stream_options")
COMPLETIONS_CATALOG: dict[str, Param] = _ordered(
    (*(CATALOG[name] for name in _LEGACY_SHARED), *_LEGACY_OWN, *_NONSTANDARD)
)


def catalog(endpoint: str = CHAT) -> dict[str, Param]:
    if endpoint == CHAT:
        return CATALOG
    if endpoint == COMPLETIONS:
        return COMPLETIONS_CATALOG
    raise ValueError(f"Unknown endpoint {endpoint!r}: use {CHAT!r} or {COMPLETIONS!r}.")


def get(name: str, endpoint: str = CHAT) -> Param:
    """The parameter called `name`; UnknownParamError (a KeyError) with a suggestion when there is none."""
    params = catalog(endpoint)
    if name in params:
        return params[name]
    raise UnknownParamError(name, _unknown_message(name, endpoint))


def _unknown_message(name: str, endpoint: str) -> str:
    message = fill(_UNKNOWN_CHAT if endpoint == CHAT else _UNKNOWN_LEGACY, name=repr(name))
    close = difflib.get_close_matches(name, list(catalog(endpoint)), n=1, cutoff=0.6)
    if close:
        return fill(_DID_YOU_MEAN, unknown=message, suggestion=repr(close[0]))
    if endpoint == CHAT and name in COMPLETIONS_CATALOG:
        return fill(_ONLY_LEGACY, unknown=message)
    return message


def compare_with_spec(params: Mapping[str, Param], schema_name: str) -> tuple[list[str], list[str]]:
    """How a catalog and a request schema of the API description differ, by name:
    (spec properties the catalog lacks, catalog entries claiming to be standard that the spec lacks).
    Non-standard entries named like a spec property count as missing standard ones.
    """
    in_spec = spec.property_schemas(schema_name)
    standard = {name for name, param in params.items() if not param.nonstandard}
    missing = [name for name in in_spec if name not in standard]
    invented = [name for name in standard if name not in in_spec]
    return missing, invented


# ---------------------------------------------------------------------------------------------------------
# Validation


def validate(name: str, value: Any, endpoint: str = CHAT) -> Any:
    """The value as Parley will send it, or ParamError with a sentence naming the parameter and its range."""
    try:
        param = get(name, endpoint)
    except UnknownParamError as exc:
        raise ParamError(name, exc.message) from None
    if value is None:
        if param.default is None:
            raise ParamError(name, fill(_NOT_NULL, name=name))
        raise ParamError(name, fill(_NOT_NULL_DEFAULT, name=name, default=_show(param.default)))
    return _CHECKS[param.kind](param, value)


def validate_all(params: Mapping[str, Any], endpoint: str = CHAT) -> list[ParamError]:
    """Every problem in a params dict (empty when all of it can be sent)."""
    errors = []
    for name, value in params.items():
        try:
            validate(name, value, endpoint)
        except ParamError as exc:
            errors.append(exc)
    return errors


def parse_cli_value(name: str, text: str, endpoint: str = CHAT) -> Any:
    """`--set KEY=VALUE`: the value is JSON when it parses as JSON, else plain text; then validated.

    Text parameters take the text as written, so `--set user=1234` is the string "1234".
    """
    try:
        param = get(name, endpoint)
    except UnknownParamError as exc:
        raise ParamError(name, exc.message) from None
    try:
        value: Any = json.loads(text)
    except ValueError:
        value = text
    if param.kind in ("string", "enum") and not isinstance(value, str):
        value = text
    if param.kind == "string_list" and not isinstance(value, (str, list)):
        value = text
    return validate(name, value, endpoint)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _describe(value: Any) -> str:
    """How a wrong value is quoted back: its JSON, shortened, with a word on its type when that is the issue."""
    text = _show(value) if not isinstance(value, float) or math.isfinite(value) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _out_of_range(param: Param, value: float) -> bool:
    return (param.minimum is not None and value < param.minimum) or (
        param.maximum is not None and value > param.maximum
    )


def _not_a_number(param: Param, what: str, value: str) -> ParamError:
    """The sentence for a wrong number, e.g. "temperature must be a number from 0 to 2, not 3".

    `what` is "number", "finite" or "whole"; the parameter's bounds pick the rest of the sentence.
    """
    low, high = param.minimum, param.maximum
    if abs(low or 0) >= 2**62 or abs(high or 0) >= 2**62:
        bounds = "int64"
    elif low is not None and high is not None:
        bounds = "range"
    elif low is not None:
        bounds = "low"
    elif high is not None:
        bounds = "high"
    else:
        bounds = "none"
    return ParamError(param.name, fill(
        _MUST_BE_NUMBER[what, bounds], name=param.name, value=value,
        low="" if low is None else _number(low), high="" if high is None else _number(high)))


def _check_number(param: Param, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _not_a_number(param, "number", _describe(value))
    if not math.isfinite(value):
        raise _not_a_number(param, "finite", str(value))
    if _out_of_range(param, value):
        raise _not_a_number(param, "number", _describe(value))
    return value


def _check_integer(param: Param, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _not_a_number(param, "whole", _describe(value))
    if _out_of_range(param, value):
        raise _not_a_number(param, "whole", _describe(value))
    return value


def _check_boolean(param: Param, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ParamError(param.name, fill(_NOT_BOOLEAN, name=param.name, value=_describe(value)))
    return value


def _choices_text(choices: Iterable[str]) -> str:
    return ", ".join(choices)


def _check_enum(param: Param, value: Any) -> str:
    if isinstance(value, str):
        for choice in param.choices:
            if value.strip().lower() == choice.lower():
                return choice
    raise ParamError(param.name, fill(_NOT_A_CHOICE, name=param.name, choices=_choices_text(param.choices),
                                      value=_describe(value)))


def _check_string(param: Param, value: Any) -> str:
    if not isinstance(value, str):
        raise ParamError(param.name, fill(_NOT_TEXT, name=param.name, value=_describe(value)))
    if value == "":
        raise ParamError(param.name, fill(_EMPTY_TEXT, name=param.name))
    if param.max_length is not None and len(value) > param.max_length:
        raise ParamError(param.name, fill(_TOO_LONG, name=param.name, most=param.max_length, count=len(value)))
    return value


def _check_string_list(param: Param, value: Any) -> str | list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ParamError(param.name, fill(_NOT_TEXT_LIST, name=param.name, value=_describe(value)))
    if not items:
        raise ParamError(param.name, fill(_EMPTY_LIST, name=param.name))
    if param.max_items is not None and len(items) > param.max_items:
        raise ParamError(param.name, fill(_TOO_MANY_ENTRIES, name=param.name, most=param.max_items, count=len(items)))
    for item in items:
        if param.choices and item not in param.choices:
            raise ParamError(param.name, fill(_ENTRY_NOT_A_CHOICE, name=param.name,
                                              choices=_choices_text(param.choices), value=_describe(item)))
    return value  # a single string stays a string: the body is sent as written


def _check_map(param: Param, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParamError(param.name, fill(_NOT_AN_OBJECT, name=param.name, value=_describe(value)))
    if param.max_items is not None and len(value) > param.max_items:
        raise ParamError(param.name, fill(_TOO_MANY_PAIRS, name=param.name, most=param.max_items, count=len(value)))
    normalized: dict[str, Any] = {}
    for raw_key, item in value.items():
        key = str(raw_key) if isinstance(raw_key, int) and not isinstance(raw_key, bool) else raw_key
        if not isinstance(key, str) or (param.key_pattern and not re.fullmatch(param.key_pattern, key)):
            hint = param.key_hint or "text"
            raise ParamError(param.name, fill(_BAD_KEY, name=param.name, hint=hint, value=_describe(raw_key)))
        if param.key_max_length is not None and len(key) > param.key_max_length:
            raise ParamError(param.name, fill(_KEY_TOO_LONG, name=param.name, most=param.key_max_length,
                                              key=_describe(key), count=len(key)))
        normalized[key] = _check_map_value(param, key, item)
    return normalized


def _check_map_value(param: Param, key: str, item: Any) -> Any:
    where = f"{param.name}[{_show(key)}]"
    if param.value_kind == "integer":
        if isinstance(item, float) and item.is_integer():
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int) or _out_of_range(param, item):
            template = _NOT_WHOLE_IN_RANGE if param.range_text else _MUST_BE_NUMBER["whole", "none"]
            raise ParamError(param.name, fill(template, name=where, range=param.range_text, value=_describe(item)))
        return item
    if not isinstance(item, str):
        raise ParamError(param.name, fill(_NOT_TEXT, name=where, value=_describe(item)))
    if param.max_length is not None and len(item) > param.max_length:
        raise ParamError(param.name, fill(_TOO_LONG, name=where, most=param.max_length, count=len(item)))
    return item


def _check_json(param: Param, value: Any) -> Any:
    schema = param.value_schema()
    if schema is None:
        return value
    errors = spec.describe_errors(spec.subschema_validator(schema).iter_errors(value))
    if errors:
        # The paths are relative to the value; prefix the parameter so "type: ..." reads "response_format.type: ...".
        first = errors[0]
        path, _, message = first.partition(": ")
        location = param.name if path == "body" else (
            f"{param.name}{path}" if path.startswith("[") else f"{param.name}.{path}")
        if len(errors) == 1:
            raise ParamError(param.name, f"{location}: {message}")  # the validator's own sentence
        more = _MORE_PROBLEMS if len(errors) > 2 else _MORE_PROBLEM
        raise ParamError(param.name, fill(more, location=location, problem=message, count=len(errors) - 1))
    return value


_CHECKS = {
    "number": _check_number,
    "integer": _check_integer,
    "boolean": _check_boolean,
    "enum": _check_enum,
    "string": _check_string,
    "string_list": _check_string_list,
    "map": _check_map,
    "json": _check_json,
}


# ---------------------------------------------------------------------------------------------------------
# Combinations worth a word before sending


def warnings(params: Mapping[str, Any], messages: list[dict[str, Any]] | None = None,
             endpoint: str = CHAT) -> list[str]:
    """Sentences about parameter combinations that are legal one by one but surprising together.

    Pass the parameters as they will be sent. `stream` is only judged when present (Parley sets it).
    """
    notes: list[str] = []
    has = params.__contains__

    for name in params:
        param = catalog(endpoint).get(name)
        if param is not None and param.deprecated:
            notes.append(fill(_DEPRECATED_BY, name=name, instead=param.deprecated_by) if param.deprecated_by
                         else fill(_DEPRECATED, name=name))

    if endpoint == CHAT and has("top_logprobs") and params.get("logprobs") is not True:
        notes.append(QT_TRANSLATE_NOOP(
            "Engine", "top_logprobs only works with logprobs set to true; OpenAI rejects the request otherwise."))
    if has("temperature") and has("top_p"):
        notes.append(QT_TRANSLATE_NOOP(
            "Engine", "temperature and top_p are both set: OpenAI recommends changing one of them, not both."))
    if has("max_tokens") and has("max_completion_tokens"):
        notes.append(QT_TRANSLATE_NOOP(
            "Engine", "max_tokens and max_completion_tokens are both set: keep max_completion_tokens only."))
    n = params.get("n")
    if isinstance(n, int) and not isinstance(n, bool) and n > 1:
        notes.append(fill(_N_CHOICES, n=n))
    if has("stream_options") and params.get("stream") is False:
        notes.append(QT_TRANSLATE_NOOP(
            "Engine", "stream_options only applies to streamed requests; this one is not streamed."))

    response_format = params.get("response_format")
    if (isinstance(response_format, dict) and response_format.get("type") == "json_object"
            and messages is not None and not any("json" in _text_of(m).lower() for m in messages)):
        notes.append(QT_TRANSLATE_NOOP(
            "Engine",
            'JSON mode (response_format json_object) needs the word "JSON" in the messages; '
            "OpenAI rejects the request otherwise. Ask for JSON in the system or user message."))
    if has("tool_choice") and not params.get("tools"):
        notes.append(QT_TRANSLATE_NOOP("Engine", "tool_choice has no effect without tools."))
    if has("parallel_tool_calls") and not params.get("tools"):
        notes.append(QT_TRANSLATE_NOOP("Engine", "parallel_tool_calls has no effect without tools."))
    if has("function_call") and not params.get("functions"):
        notes.append(QT_TRANSLATE_NOOP("Engine", "function_call has no effect without functions."))
    modalities = params.get("modalities")
    wants_audio = isinstance(modalities, list) and "audio" in modalities
    if wants_audio and not has("audio"):
        notes.append(QT_TRANSLATE_NOOP(
            "Engine",
            'modalities include "audio" but the audio parameter (voice and format) is not set; '
            "the API requires it."))
    if has("audio") and not wants_audio:
        notes.append(QT_TRANSLATE_NOOP(
            "Engine", 'audio is set but modalities do not include "audio", so no audio is generated.'))

    if endpoint == COMPLETIONS and has("best_of"):
        best_of = params["best_of"]
        if isinstance(n, int) and isinstance(best_of, int) and best_of < n:
            notes.append(fill(_BEST_OF_BELOW_N, best_of=best_of, n=n))
        if params.get("stream") is True:
            notes.append(QT_TRANSLATE_NOOP("Engine", "best_of results cannot be streamed."))
        if isinstance(best_of, int) and best_of > 1:
            notes.append(fill(_BEST_OF_COST, best_of=best_of))
    return notes


def _text_of(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


# ---------------------------------------------------------------------------------------------------------
# docs/parameters.md


def markdown_table() -> str:
    """docs/parameters.md: one table per group, then the legacy Completions definitions."""
    lines = [
        "# Request parameters",
        "",
        "Generated from `app/parley/core/params.py` by `python packaging/gen_param_docs.py`; do not edit by hand.",
        "Ranges and defaults of standard parameters are those of OpenAI's API description "
        "(`resources/spec/openai-chat.json`).",
        "A parameter that is not set is not sent: the API default in the table applies.",
        "",
    ]
    chat_params = list(CATALOG.values())
    for group in GROUPS:
        rows = [p for p in chat_params if p.group == group]
        if rows:
            lines += [f"## {group}", "", *_table(rows), ""]
    legacy_rows = [p for p in COMPLETIONS_CATALOG.values() if p.legacy]
    lines += [
        "## Legacy /v1/completions only",
        "",
        "These definitions apply to the legacy Completions endpoint; the other Chat parameters above "
        "(sampling, stop, stream_options, the non-standard extras) apply there too.",
        "",
        *_table(legacy_rows),
        "",
    ]
    return "\n".join(lines)


def _table(rows: list[Param]) -> list[str]:
    out = ["| Name | Type | Range | Default | Notes |", "| --- | --- | --- | --- | --- |"]
    for param in rows:
        out.append(f"| `{param.name}` | {_type_text(param)} | {_cell(param.range_text)} | "
                   f"{_cell(_show(param.default) if param.default is not None else '')} | {_cell(_notes(param))} |")
    return out


def _type_text(param: Param) -> str:
    if param.kind == "enum":
        return "one of " + ", ".join(f"`{c}`" for c in param.choices)
    if param.kind == "string_list":
        items = " (" + ", ".join(f"`{c}`" for c in param.choices) + ")" if param.choices else ""
        limit = f", at most {param.max_items}" if param.max_items else ""
        return f"text or list of texts{items}{limit}"
    if param.kind == "map":
        value = "whole numbers" if param.value_kind == "integer" else "texts"
        limit = f", at most {param.max_items} pairs" if param.max_items else ""
        return f"map of {value}{limit}"
    if param.kind == "string" and param.max_length:
        return f"text (at most {param.max_length} characters)"
    return {"number": "number", "integer": "integer", "boolean": "boolean", "string": "text",
            "json": "JSON"}[param.kind]


def _notes(param: Param) -> str:
    notes = [param.description]
    if param.managed:
        notes.append("Set by Parley.")
    if param.deprecated:
        notes.append(f"Deprecated: use `{param.deprecated_by}`." if param.deprecated_by else "Deprecated.")
    if param.nonstandard:
        notes.append("Non-standard, accepted by " + ", ".join(param.providers) + ".")
    return " ".join(notes)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
