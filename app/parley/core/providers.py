"""Provider profiles: where a provider lives, how it authenticates, and what it accepts — as data.

Bundled profiles are JSON files in `resources/providers/`; custom profiles (name, base URL, extra
headers — never a key) live in `user_data_dir()/providers.json`. A profile holds provider-wide
`Capabilities` plus ordered model rules (`{"match": glob, "capabilities": {...}}`) so that quirks such as
"o3 takes max_completion_tokens and rejects temperature" are data, never `if "o1" in model` branches.

When a provider answers 400 naming a parameter, the user can choose to drop or rename it; that choice is
remembered per (provider, model) in `user_data_dir()/learned_rules.json` and applied by
`ProviderProfile.capabilities_for` like any other rule.

Pure data and file reading: no network here (listing models is the API client's job).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.core import params as catalog
from parley.core.files import ConversationFileError, write_atomic
from parley.core.redaction import is_credential_header
from parley.core.texts import QT_TRANSLATE_NOOP, fill
from parley.paths import resource, user_data_dir

AUTH_STYLES = ("bearer", "api-key", "none")
TOKEN_LIMIT_FIELDS = ("max_tokens", "max_completion_tokens")
MESSAGE_NAME_POLICIES = ("all", "user", "none")
FIX_ACTIONS = ("drop", "rename")
CUSTOM_FILE = "providers.json"
LEARNED_FILE = "learned_rules.json"
FILE_VERSION = 1

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

# Profile mistakes: `who` is the profile's id as written (quoted), plus ", rule '…'" inside a model rule.
_UNKNOWN_CAPABILITY = QT_TRANSLATE_NOOP("Engine", "Provider {who}: unknown capability {names}.")
_NOT_STRING_LIST = QT_TRANSLATE_NOOP("Engine", "Provider {who}: {key} must be a list of strings.")
_BAD_RENAMES = QT_TRANSLATE_NOOP("Engine", "Provider {who}: renames must map parameter names to names.")
_BAD_TOKEN_LIMIT = QT_TRANSLATE_NOOP("Engine", "Provider {who}: token_limit_field must be one of {choices}.")
_BAD_MESSAGE_NAMES = QT_TRANSLATE_NOOP("Engine", "Provider {who}: message_names must be one of {choices}.")
_BAD_CONTINUATION = QT_TRANSLATE_NOOP("Engine", "Provider {who}: continuation takes {keys}.")
_MISSING_FIELDS = QT_TRANSLATE_NOOP("Engine", "Provider {who}: missing {keys}.")
_BAD_ID = QT_TRANSLATE_NOOP(
    "Engine", "Provider {who}: the id must be lower-case letters, digits, dots, dashes or underscores."
)
_BAD_AUTH = QT_TRANSLATE_NOOP("Engine", "Provider {who}: auth must be one of {choices}.")
_BAD_KEY_ENV = QT_TRANSLATE_NOOP(
    "Engine", "Provider {who}: key_env must name an environment variable (like OPENAI_API_KEY)."
)
_RULE_WITHOUT_MATCH = QT_TRANSLATE_NOOP("Engine", "Provider {who}: model rule {number} has no match pattern.")
_RULE_WHO = QT_TRANSLATE_NOOP("Engine", "{who}, rule {match}")  # the subject of the sentences above
_CUSTOM_UNREADABLE = QT_TRANSLATE_NOOP(
    "Engine", "Could not read your custom providers in {path} ({error}); they are left untouched."
)
_CUSTOM_SKIPPED = QT_TRANSLATE_NOOP("Engine", "Skipped a custom provider: {error}")
_CREDENTIAL_HEADER = QT_TRANSLATE_NOOP(
    "Engine",
    "The header {names} carries a credential; keys are kept in the system keyring, "
    "never in provider profiles. Remove it and store the key under Providers & keys.",
)
_BUILTIN_ID = QT_TRANSLATE_NOOP("Engine", "{id} is a built-in provider; give your provider another name.")
_BAD_AUTH_STYLE = QT_TRANSLATE_NOOP("Engine", "Authentication must be one of {choices}.")
_CANNOT_SAVE = QT_TRANSLATE_NOOP("Engine", "Cannot save {name}: {problem}")  # the same sentence as core.files
_DROPPED_FOR_PROVIDER = QT_TRANSLATE_NOOP("Engine", "you chose to drop it for every {provider} model")
_DROPPED_FOR_MODEL = QT_TRANSLATE_NOOP(
    "Engine", "you chose to drop it after {provider} rejected it for {model}"
)
# Why a parameter is not sent, as the end of "X dropped: …" (`label`: the model or the provider's name).
_REJECTS = QT_TRANSLATE_NOOP("Engine", "{label} rejects it")
_IGNORES = QT_TRANSLATE_NOOP("Engine", "{label} ignores it")
_NO_REASONING_EFFORT = QT_TRANSLATE_NOOP("Engine", "{label} has no reasoning effort setting")
_ONLY_WITHOUT_REASONING = QT_TRANSLATE_NOOP("Engine", '{label} accepts it only with reasoning_effort "none"')
_NO_NONSTANDARD = QT_TRANSLATE_NOOP("Engine", "{label} does not accept non-standard parameters")


class ProfileError(ValueError):
    """A profile that cannot be loaded or saved; the message is a sentence for the user."""


# ---------------------------------------------------------------------------------------------------------
# Capabilities


@dataclass(frozen=True)
class Continuation:
    """How a provider continues a partial assistant message instead of starting a new one.

    `message_fields` are added to the last (assistant) message (DeepSeek: `{"prefix": true}`), `body`
    fields to the request (vLLM: `continue_final_message`), and `base_url` replaces the profile's URL
    when the feature lives elsewhere (DeepSeek's beta endpoint). All empty means "a trailing assistant
    message is continued as is" (llama.cpp's assistant prefill).
    """

    message_fields: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    base_url: str | None = None
    # llama.cpp (measured, xllamacpp 2026.10): a non-streamed answer starts with the prefix again,
    # streamed deltas do not. Whoever assembles the answer must not show the prefix twice.
    repeats_prefix_when_not_streaming: bool = False


# Which capability flag governs which request parameter, and the sentence used when it is off
# (module-level, so defining them registers the templates).
# `{label}` is the model (when a model rule applied) or the provider's name.
_FLAG_PARAMS: dict[str, tuple[str, str]] = {
    "logprobs": ("logprobs", QT_TRANSLATE_NOOP("Engine", "{label} returns no log probabilities")),
    "top_logprobs": ("logprobs", QT_TRANSLATE_NOOP("Engine", "{label} returns no log probabilities")),
    "n": ("n", QT_TRANSLATE_NOOP("Engine", "{label} returns one choice per request")),
    "seed": ("seed", QT_TRANSLATE_NOOP("Engine", "{label} has no seed parameter")),
    "tools": ("tools", QT_TRANSLATE_NOOP("Engine", "{label} does not support tool calls")),
    "tool_choice": ("tools", QT_TRANSLATE_NOOP("Engine", "{label} does not support tool calls")),
    "parallel_tool_calls": ("parallel_tool_calls", QT_TRANSLATE_NOOP("Engine", "{label} does not accept parallel_tool_calls")),
    "store": ("store", QT_TRANSLATE_NOOP("Engine", "{label} does not store completions")),
    "metadata": ("store", QT_TRANSLATE_NOOP("Engine", "{label} does not store completions")),
    "service_tier": ("service_tier", QT_TRANSLATE_NOOP("Engine", "{label} has no service tiers")),
    "prediction": ("prediction", QT_TRANSLATE_NOOP("Engine", "{label} does not support predicted outputs")),
    "modalities": ("audio", QT_TRANSLATE_NOOP("Engine", "{label} does not produce audio")),
    "audio": ("audio", QT_TRANSLATE_NOOP("Engine", "{label} does not produce audio")),
    "stream_options": ("stream_options", QT_TRANSLATE_NOOP("Engine", "{label} does not accept stream_options")),
    "verbosity": ("verbosity", QT_TRANSLATE_NOOP("Engine", "{label} has no verbosity setting")),
    "web_search_options": ("openai_extras", QT_TRANSLATE_NOOP("Engine", "{label} does not accept OpenAI-only parameters")),
    "safety_identifier": ("openai_extras", QT_TRANSLATE_NOOP("Engine", "{label} does not accept OpenAI-only parameters")),
    "prompt_cache_key": ("openai_extras", QT_TRANSLATE_NOOP("Engine", "{label} does not accept OpenAI-only parameters")),
    "prompt_cache_options": ("openai_extras", QT_TRANSLATE_NOOP("Engine", "{label} does not accept OpenAI-only parameters")),
    "prompt_cache_retention": ("openai_extras", QT_TRANSLATE_NOOP("Engine", "{label} does not accept OpenAI-only parameters")),
    "moderation": ("openai_extras", QT_TRANSLATE_NOOP("Engine", "{label} does not accept OpenAI-only parameters")),
}


@dataclass(frozen=True)
class Capabilities:
    """What a provider (or one model of it) accepts. Defaults describe a typical OpenAI-compatible server."""

    developer_role: bool = True  # else developer messages are sent as system
    system_role: bool = True  # else system/developer messages are sent as user (o1-mini)
    message_names: str = "all"  # which roles may carry `name`: all | user | none
    token_limit_field: str = "max_tokens"  # max_tokens | max_completion_tokens
    logprobs: bool = True
    max_top_logprobs: int | None = 20  # None: no limit known
    n: bool = True
    seed: bool = True
    tools: bool = True
    parallel_tool_calls: bool = True
    json_object: bool = True
    json_schema: bool = True
    reasoning_effort: tuple[str, ...] = ()  # accepted values; empty: not accepted
    store: bool = False  # store + metadata (stored completions)
    service_tier: bool = False
    prediction: bool = False
    audio: bool = False  # modalities + audio
    stream_options: bool = True
    verbosity: bool = False
    openai_extras: bool = False  # web_search_options, safety_identifier, prompt caching, moderation
    legacy_functions: bool = False  # accepts deprecated functions/function_call as they are
    nonstandard: tuple[str, ...] = ()  # non-OpenAI parameters it accepts (top_k, min_p, …)
    unsupported: tuple[str, ...] = ()  # other parameters it rejects
    ignored: tuple[str, ...] = ()  # parameters it accepts but ignores (dropped so the body tells the truth)
    only_without_reasoning: tuple[str, ...] = ()  # accepted only when reasoning_effort is unset or "none"
    renames: dict[str, str] = field(default_factory=dict)  # parameter -> the name this provider uses
    tokenize_endpoint: str | None = None  # path on the server root, e.g. llama.cpp "/tokenize"
    # path on the server root that renders messages with the model's chat template (llama.cpp
    # "/apply-template"): with tokenize_endpoint, an exact count of a request's prompt tokens
    chat_template_endpoint: str | None = None
    continuation: Continuation | None = None
    notes: tuple[str, ...] = ()  # quirks worth telling the user
    label: str = ""  # who these capabilities describe: a model id or the provider's name
    learned_drops: dict[str, str] = field(
        default_factory=dict
    )  # parameter -> why (the user's answer to a 400)

    def accepts(self, param_name: str, params: Mapping[str, Any] | None = None) -> tuple[bool, str | None]:
        """Whether `param_name` may be sent; when not, the reason as the end of "X dropped: …".

        `params` (the other parameters of the request) matters for rules such as "temperature only
        without reasoning".
        """
        label = self.label or QT_TRANSLATE_NOOP("Engine", "this provider")
        if param_name in self.learned_drops:
            return False, self.learned_drops[param_name]
        if param_name in self.unsupported:
            return False, fill(_REJECTS, label=label)
        if param_name in self.ignored:
            return False, fill(_IGNORES, label=label)
        if param_name == "reasoning_effort" and not self.reasoning_effort:
            return False, fill(_NO_REASONING_EFFORT, label=label)
        if param_name in self.only_without_reasoning and params is not None:
            effort = params.get("reasoning_effort")
            if effort not in (None, "none"):
                return False, fill(_ONLY_WITHOUT_REASONING, label=label)
        flag = _FLAG_PARAMS.get(param_name)
        if flag is not None and not getattr(self, flag[0]):
            return False, fill(flag[1], label=label)
        if _is_nonstandard(param_name) and param_name not in self.nonstandard:
            return False, fill(_NO_NONSTANDARD, label=label)
        return True, None

    def wire_name(self, param_name: str) -> str:
        """The name this provider expects for a parameter (Mistral: seed -> random_seed)."""
        return self.renames.get(param_name, param_name)

    def __hash__(self) -> int:  # dict fields would make the generated hash fail
        return hash(repr(self))


def _is_nonstandard(name: str) -> bool:
    try:
        return catalog.get(name).nonstandard
    except catalog.UnknownParamError:
        return False  # unknown to the catalog: an extra the user asked for, passed through


_TUPLE_FIELDS = {f.name for f in dataclasses.fields(Capabilities) if f.type.startswith("tuple")}
_UNION_FIELDS = {"unsupported", "ignored", "notes", "only_without_reasoning"}  # rules add to these
_CAPABILITY_FIELDS = {f.name for f in dataclasses.fields(Capabilities)} - {"label", "learned_drops"}


def _capability_values(data: Mapping[str, Any], who: str) -> dict[str, Any]:
    """JSON capability overrides -> dataclass field values, with a sentence for each mistake."""
    unknown = set(data) - _CAPABILITY_FIELDS
    if unknown:
        raise ProfileError(fill(_UNKNOWN_CAPABILITY, who=who, names=", ".join(sorted(unknown))))
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TUPLE_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ProfileError(fill(_NOT_STRING_LIST, who=who, key=key))
            values[key] = tuple(value)
        elif key == "continuation":
            values[key] = None if value is None else _continuation(value, who)
        elif key == "renames":
            if not isinstance(value, dict):
                raise ProfileError(fill(_BAD_RENAMES, who=who))
            values[key] = dict(value)
        else:
            values[key] = value
    if values.get("token_limit_field", "max_tokens") not in TOKEN_LIMIT_FIELDS:
        raise ProfileError(fill(_BAD_TOKEN_LIMIT, who=who, choices=", ".join(TOKEN_LIMIT_FIELDS)))
    if values.get("message_names", "all") not in MESSAGE_NAME_POLICIES:
        raise ProfileError(fill(_BAD_MESSAGE_NAMES, who=who, choices=", ".join(MESSAGE_NAME_POLICIES)))
    return values


def _continuation(data: Any, who: str) -> Continuation:
    known = {"message_fields", "body", "base_url", "repeats_prefix_when_not_streaming"}
    if not isinstance(data, dict) or set(data) - known:
        raise ProfileError(fill(_BAD_CONTINUATION, who=who, keys=", ".join(sorted(known))))
    return Continuation(
        message_fields=dict(data.get("message_fields") or {}),
        body=dict(data.get("body") or {}),
        base_url=data.get("base_url"),
        repeats_prefix_when_not_streaming=bool(data.get("repeats_prefix_when_not_streaming", False)),
    )


def _merge(base: Capabilities, overrides: dict[str, Any]) -> Capabilities:
    """Apply a rule: scalars and lists replace, except the lists in _UNION_FIELDS which add; renames merge."""
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        if key in _UNION_FIELDS:
            changes[key] = tuple(dict.fromkeys((*getattr(base, key), *value)))
        elif key == "renames":
            changes[key] = {**base.renames, **value}
        else:
            changes[key] = value
    return dataclasses.replace(base, **changes)


def _capabilities_to_json(caps: Capabilities) -> dict[str, Any]:
    """Only what differs from the defaults, in JSON shapes (for saving custom profiles)."""
    default = Capabilities()
    out: dict[str, Any] = {}
    for name in sorted(_CAPABILITY_FIELDS):
        value = getattr(caps, name)
        if value == getattr(default, name):
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Continuation):
            value = dataclasses.asdict(value)
        out[name] = value
    return out


# ---------------------------------------------------------------------------------------------------------
# Model rules


@dataclass(frozen=True)
class ModelRule:
    """Capability overrides for the models whose id matches.

    `match` is a case-insensitive glob (`o3*`), or a regular expression when it starts with `re:`.
    `exclude` lists globs/regexes of ids the rule does not apply to (`gpt-5*` except `*-chat*`).
    """

    match: str
    capabilities: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    note: str | None = None

    def matches(self, model: str) -> bool:
        return _pattern_matches(self.match, model) and not any(
            _pattern_matches(p, model) for p in self.exclude
        )


def _pattern_matches(pattern: str, model: str) -> bool:
    if pattern.startswith("re:"):
        return re.search(pattern[3:], model, re.IGNORECASE) is not None
    return fnmatch.fnmatchcase(model.lower(), pattern.lower())


def _model_basename(model: str) -> str:
    """Routers prefix ids with a vendor (`openai/o3-mini`); rules are written for the bare id too."""
    return model.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------------------
# Profiles


@dataclass(frozen=True)
class ProviderProfile:
    id: str
    name: str
    base_url: str
    auth: str
    key_env: str | None
    docs_url: str | None
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    capabilities: Capabilities = field(default_factory=Capabilities)
    model_rules: tuple[ModelRule, ...] = ()
    builtin: bool = True
    chat_path: str = "/chat/completions"  # `{model}` is replaced by the (URL-quoted) model id (Azure)
    key_required: bool = True  # False: local servers where a key is optional
    base_url_hint: str | None = None  # what to type when base_url has placeholders or is filled at runtime
    notes: tuple[str, ...] = ()
    default_model: str | None = None  # used when the user picked none (servers that ignore `model`)
    builtin_server: bool = False  # Parley starts this server itself (the built-in llama.cpp model)

    def capabilities_for(self, model: str) -> Capabilities:
        """Provider capabilities with every matching model rule applied in order, then learned fixes."""
        caps = dataclasses.replace(self.capabilities, label=self.name)
        bare = _model_basename(model)
        for rule in self.model_rules:
            if rule.matches(model) or (bare != model and rule.matches(bare)):
                caps = _merge(caps, rule.capabilities)
                caps = dataclasses.replace(caps, label=model)
                if rule.note:
                    caps = dataclasses.replace(caps, notes=(*caps.notes, rule.note))
        return _apply_learned(caps, self, model)

    def __hash__(self) -> int:  # dict fields would make the generated hash fail
        return hash((self.id, self.name, self.base_url, self.builtin))

    def needs_base_url(self) -> bool:
        """True when the base URL still has to be typed in or filled at runtime (Azure resource, local)."""
        return not self.base_url or "{" in self.base_url

    def tokenize_url(self, model: str = "", base_url: str | None = None) -> str | None:
        """Where to ask the server for token ids (llama.cpp `/tokenize` lives on the server root, not /v1)."""
        endpoint = self.capabilities_for(model).tokenize_endpoint
        root = (base_url or self.base_url).rstrip("/")
        if not endpoint or not root or "{" in root:
            return None
        if root.endswith("/v1"):
            root = root[: -len("/v1")]
        return root + endpoint


def profile_from_dict(data: Mapping[str, Any], *, builtin: bool) -> ProviderProfile:
    """Build a profile from its JSON form, with a sentence for each mistake."""
    who = repr(data.get("id", "?"))
    required = ("id", "name", "base_url", "auth")
    missing = [k for k in required if k not in data]
    if missing:
        raise ProfileError(fill(_MISSING_FIELDS, who=who, keys=", ".join(missing)))
    if not isinstance(data["id"], str) or not _ID.match(data["id"]):
        raise ProfileError(fill(_BAD_ID, who=who))
    if data["auth"] not in AUTH_STYLES:
        raise ProfileError(fill(_BAD_AUTH, who=who, choices=", ".join(AUTH_STYLES)))
    key_env = data.get("key_env")
    if key_env is not None and not _ENV_NAME.match(str(key_env)):
        raise ProfileError(fill(_BAD_KEY_ENV, who=who))
    rules = []
    for i, rule in enumerate(data.get("model_rules", [])):
        if "match" not in rule:
            raise ProfileError(fill(_RULE_WITHOUT_MATCH, who=who, number=i + 1))
        rules.append(
            ModelRule(
                match=rule["match"],
                capabilities=_capability_values(
                    rule.get("capabilities", {}), fill(_RULE_WHO, who=who, match=repr(rule["match"]))
                ),
                exclude=tuple(rule.get("exclude", [])),
                note=rule.get("note"),
            )
        )
    caps = Capabilities(**_capability_values(data.get("capabilities", {}), who))
    return ProviderProfile(
        id=data["id"],
        name=data["name"],
        base_url=data["base_url"],
        auth=data["auth"],
        key_env=key_env,
        docs_url=data.get("docs_url"),
        headers=dict(data.get("headers", {})),
        query={k: str(v) for k, v in data.get("query", {}).items()},
        capabilities=caps,
        model_rules=tuple(rules),
        builtin=builtin,
        chat_path=data.get("chat_path", "/chat/completions"),
        key_required=data.get("key_required", data["auth"] != "none"),
        base_url_hint=data.get("base_url_hint"),
        default_model=data.get("default_model"),
        builtin_server=bool(data.get("builtin_server", False)),
        notes=tuple(data.get("notes", [])),
    )


def profile_to_dict(profile: ProviderProfile) -> dict[str, Any]:
    """The JSON form of a profile (what custom profiles are saved as)."""
    data: dict[str, Any] = {
        "id": profile.id,
        "name": profile.name,
        "base_url": profile.base_url,
        "auth": profile.auth,
        "key_env": profile.key_env,
        "docs_url": profile.docs_url,
        "headers": dict(profile.headers),
        "query": dict(profile.query),
        "capabilities": _capabilities_to_json(profile.capabilities),
        "chat_path": profile.chat_path,
        "key_required": profile.key_required,
    }
    if profile.model_rules:
        data["model_rules"] = [
            {"match": r.match, "exclude": list(r.exclude), "note": r.note, "capabilities": _rule_json(r)}
            for r in profile.model_rules
        ]
    if profile.base_url_hint:
        data["base_url_hint"] = profile.base_url_hint
    if profile.default_model:
        data["default_model"] = profile.default_model
    if profile.builtin_server:
        data["builtin_server"] = True
    if profile.notes:
        data["notes"] = list(profile.notes)
    return data


def _rule_json(rule: ModelRule) -> dict[str, Any]:
    out = {}
    for key, value in rule.capabilities.items():
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Continuation):
            value = dataclasses.asdict(value)
        out[key] = value
    return out


# ---------------------------------------------------------------------------------------------------------
# Loading and saving


def bundled_profiles() -> dict[str, ProviderProfile]:
    """Every profile shipped in resources/providers/, in the order of their `order` field."""
    entries = []
    for path in sorted(resource("providers").glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
        entries.append((data.get("order", 1000), data["id"], profile_from_dict(data, builtin=True)))
    return {pid: profile for _, pid, profile in sorted(entries, key=lambda e: (e[0], e[1]))}


def _custom_path() -> Path:
    return user_data_dir() / CUSTOM_FILE


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def custom_profiles() -> tuple[dict[str, ProviderProfile], list[str]]:
    """The user's own profiles, and a sentence for each one that could not be read (it stays on disk)."""
    path = _custom_path()
    if not path.exists():
        return {}, []
    try:
        data = _read_json(path)
        entries = data["profiles"] if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ValueError("no profiles list")
    except (OSError, ValueError, KeyError) as exc:
        return {}, [fill(_CUSTOM_UNREADABLE, path=path, error=exc)]
    profiles: dict[str, ProviderProfile] = {}
    problems: list[str] = []
    for entry in entries:
        try:
            profile = profile_from_dict(entry, builtin=False)
        except (ProfileError, TypeError, AttributeError) as exc:
            problems.append(fill(_CUSTOM_SKIPPED, error=exc))
            continue
        profiles[profile.id] = profile
    return profiles, problems


def load_profiles() -> dict[str, ProviderProfile]:
    """Bundled profiles followed by the user's custom ones (a custom id never replaces a bundled one)."""
    profiles = bundled_profiles()
    custom, _problems = custom_profiles()
    for pid, profile in custom.items():
        profiles.setdefault(pid, profile)
    return profiles


def _check_no_secrets(profile: ProviderProfile) -> None:
    secret = sorted(h for h in profile.headers if is_credential_header(h))  # never saved to disk
    if secret:
        raise ProfileError(fill(_CREDENTIAL_HEADER, names=", ".join(secret)))
    if profile.key_env is not None and not _ENV_NAME.match(profile.key_env):
        raise ProfileError(
            QT_TRANSLATE_NOOP("Engine", "The key variable must be the *name* of an environment variable, not a key.")
        )


def save_custom_profile(profile: ProviderProfile) -> ProviderProfile:
    """Add or replace one custom profile. Refuses credentials and ids taken by bundled profiles."""
    if profile.id in bundled_profiles():
        raise ProfileError(fill(_BUILTIN_ID, id=repr(profile.id)))
    if not _ID.match(profile.id):
        raise ProfileError(
            QT_TRANSLATE_NOOP("Engine", "A provider id must be lower-case letters, digits, dots, dashes or underscores.")
        )
    if profile.auth not in AUTH_STYLES:
        raise ProfileError(fill(_BAD_AUTH_STYLE, choices=", ".join(AUTH_STYLES)))
    _check_no_secrets(profile)
    saved = dataclasses.replace(profile, builtin=False)
    entries = [e for e in _existing_custom_entries() if e.get("id") != saved.id]
    entries.append(profile_to_dict(saved))
    _save_json(_custom_path(), {"version": FILE_VERSION, "profiles": entries})
    return saved


def delete_custom_profile(profile_id: str) -> bool:
    """Remove a custom profile; False when there was none with that id."""
    entries = _existing_custom_entries()
    kept = [e for e in entries if e.get("id") != profile_id]
    if len(kept) == len(entries):
        return False
    _save_json(_custom_path(), {"version": FILE_VERSION, "profiles": kept})
    return True


def new_custom_profile(
    name: str,
    base_url: str,
    *,
    headers: Mapping[str, str] | None = None,
    auth: str = "bearer",
    key_env: str | None = None,
    profile_id: str | None = None,
) -> ProviderProfile:
    """A custom profile with the generic OpenAI-compatible capabilities (those of the "custom" profile)."""
    template = bundled_profiles().get("custom")
    caps = template.capabilities if template else Capabilities()
    return ProviderProfile(
        id=profile_id or slug(name),
        name=name,
        base_url=base_url,
        auth=auth,
        key_env=key_env,
        docs_url=None,
        headers=dict(headers or {}),
        capabilities=caps,
        builtin=False,
        key_required=auth != "none",
    )


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text or "custom-provider"


def _existing_custom_entries() -> list[dict[str, Any]]:
    """The custom entries on disk; an unreadable file is set aside (renamed), never silently overwritten."""
    path = _custom_path()
    if not path.exists():
        return []
    try:
        data = _read_json(path)
        entries = data.get("profiles") if isinstance(data, dict) else None
        if isinstance(entries, list):
            return [e for e in entries if isinstance(e, dict)]
        raise ValueError("no profiles list")
    except (OSError, ValueError):
        path.replace(path.with_name(f"{path.name}.unreadable-{int(time.time())}"))
        return []


def _save_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON with ``core.files.write_atomic``: a crash leaves the old file or the new one.

    A failure becomes a ProfileError whose sentence names the file and the cause.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), backup=False)
    except ConversationFileError as exc:
        raise ProfileError(exc.user_message) from None
    except OSError as exc:  # the folder could not be made
        raise ProfileError(fill(_CANNOT_SAVE, name=path.name, problem=f"{exc.strerror or exc}.")) from None


# ---------------------------------------------------------------------------------------------------------
# Learned fixes: "drop it" / "rename it" after a 400 that named a parameter


@dataclass(frozen=True)
class LearnedFix:
    provider_id: str
    model: str  # a model id, or "*" for every model of the provider
    param: str
    action: str  # "drop" | "rename"
    rename_to: str | None = None


def _learned_path() -> Path:
    return user_data_dir() / LEARNED_FILE


# The last read of the learned-rules file, keyed by what changes whenever the file does: the UI asks for
# capabilities many times per second, and parsing the file each time cost ~30 µs of a ~60 µs call.
# Every save replaces the file (a new inode), so Parley's own writes are always seen; an in-place edit by
# another program is seen once its size or modification time differs (the time is coarse on some systems).
_learned_cache: tuple[tuple[str, int, int, int], tuple[LearnedFix, ...]] | None = None


def learned_fixes() -> list[LearnedFix]:
    """Every remembered fix (an unreadable file counts as none and is left for the user to inspect)."""
    global _learned_cache
    path = _learned_path()
    try:
        stat = path.stat()
    except OSError:
        return []
    key = (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    cached = _learned_cache
    if cached is not None and cached[0] == key:
        return list(cached[1])
    fixes = _read_learned(path)
    _learned_cache = (key, tuple(fixes))
    return fixes


def _read_learned(path: Path) -> list[LearnedFix]:
    try:
        data = _read_json(path)
        entries = data.get("fixes", []) if isinstance(data, dict) else []
        return [
            LearnedFix(e["provider"], e["model"], e["param"], e["action"], e.get("to"))
            for e in entries
            if isinstance(e, dict) and e.get("action") in FIX_ACTIONS
        ]
    except (OSError, ValueError, KeyError):
        return []


def _save_learned(fixes: list[LearnedFix]) -> None:
    entries = []
    for fix in fixes:
        entry = {"provider": fix.provider_id, "model": fix.model, "param": fix.param, "action": fix.action}
        if fix.rename_to:
            entry["to"] = fix.rename_to
        entries.append(entry)
    _save_json(_learned_path(), {"version": FILE_VERSION, "fixes": entries})


def remember_fix(
    provider_id: str, model: str, param: str, action: str, rename_to: str | None = None
) -> LearnedFix:
    """Remember the user's answer to a 400 naming `param`: drop it, or send it as `rename_to`."""
    if action not in FIX_ACTIONS:
        raise ValueError(f"action must be one of {', '.join(FIX_ACTIONS)}")
    if action == "rename" and not rename_to:
        raise ValueError("a rename needs the new parameter name")
    fix = LearnedFix(provider_id, model, param, action, rename_to if action == "rename" else None)
    others = [f for f in learned_fixes() if (f.provider_id, f.model, f.param) != (provider_id, model, param)]
    _save_learned([*others, fix])
    return fix


def forget_fix(provider_id: str, model: str, param: str) -> bool:
    """Undo a remembered fix; False when there was none."""
    fixes = learned_fixes()
    kept = [f for f in fixes if (f.provider_id, f.model, f.param) != (provider_id, model, param)]
    if len(kept) == len(fixes):
        return False
    _save_learned(kept)
    return True


def _apply_learned(caps: Capabilities, profile: ProviderProfile, model: str) -> Capabilities:
    fixes = [f for f in learned_fixes() if f.provider_id == profile.id and f.model in (model, "*")]
    if not fixes:
        return caps
    fixes.sort(key=lambda f: f.model != "*")  # a fix for this very model wins over a provider-wide one
    drops: dict[str, str] = {}
    renames: dict[str, str] = {}
    for fix in fixes:
        drops.pop(fix.param, None)
        renames.pop(fix.param, None)
        if fix.action == "drop":
            drops[fix.param] = (
                fill(_DROPPED_FOR_PROVIDER, provider=profile.name)
                if fix.model == "*"
                else fill(_DROPPED_FOR_MODEL, provider=profile.name, model=model)
            )
        elif fix.rename_to:
            renames[fix.param] = fix.rename_to
    return dataclasses.replace(
        caps, learned_drops={**caps.learned_drops, **drops}, renames={**caps.renames, **renames}
    )
