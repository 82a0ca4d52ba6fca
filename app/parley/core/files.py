"""The conversation file format (``*.parley.json``): serialize, load, migrate, validate, save atomically.

A file holds the whole conversation (every branch, every generation with its exact request body,
choices, logprobs, usage and timings) plus a top-level ``"request"``: the exact body the active
branch would post next, so ``jq .request file | curl -d @- …`` reproduces it. Files never hold
headers or keys. Unknown fields at the top level, in messages, generations, choices, branches and
the target survive a load/save round trip, so a newer Parley's additions are not lost by an older one.

Loading also accepts a bare Chat Completions request (``{"model", "messages", ...params}``) and a bare
messages array. Every problem becomes a ``ConversationFileError`` with one sentence naming it; loading
never writes. The format is described in docs/file-format.md.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

from parley.core.conversation import Branch, Choice, Conversation, Generation, Message, Target, Timings
from parley.core.spec import format_path
from parley.core.texts import QT_TRANSLATE_NOOP, fill
from parley.paths import resource

_CANNOT_OPEN = QT_TRANSLATE_NOOP("Engine", "Cannot open {name}: {problem}")
_CANNOT_SAVE = QT_TRANSLATE_NOOP("Engine", "Cannot save {name}: {problem}")
_FOLDER_MISSING = QT_TRANSLATE_NOOP("Engine", "the folder {folder} does not exist")
_NO_WRITE_PERMISSION = QT_TRANSLATE_NOOP("Engine", "no permission to write in {folder}")
_PREVIOUS_VERSION_IN = QT_TRANSLATE_NOOP("Engine", "{problem} The previous version is in {name}.")
_PREVIOUS_VERSION_KEPT = QT_TRANSLATE_NOOP("Engine", "{problem}. The previous version was not changed.")
_NOT_UTF8 = QT_TRANSLATE_NOOP(
    "Engine", "it is not UTF-8 text (invalid byte at offset {offset}); is it a conversation file?"
)
_JSON_CUT_OFF = QT_TRANSLATE_NOOP(
    "Engine",
    "the JSON stops before it is complete ({where}): the file was cut off, probably while "
    "it was being written.",
)
_JSON_INVALID = QT_TRANSLATE_NOOP("Engine", "the JSON is invalid at {where}: {error}.")
_NOT_A_CONVERSATION = QT_TRANSLATE_NOOP(
    "Engine",
    "it holds a JSON {type}, not a conversation, a Chat Completions request or a messages array.",
)
_VERSION_NOT_NUMBER = QT_TRANSLATE_NOOP("Engine", "its format version is {version} instead of a whole number.")
_VERSION_TOO_NEW = QT_TRANSLATE_NOOP(
    "Engine",
    "it was made by a newer Parley (file format version {version}); this one reads up to version "
    "{supported}. Update Parley to open it.",
)
_VERSION_UNKNOWN = QT_TRANSLATE_NOOP("Engine", "file format version {version} is not one Parley ever wrote.")
_WRONG_FORMAT = QT_TRANSLATE_NOOP(
    "Engine", "its format is {found}, not {expected}: it is not a Parley conversation."
)
_MODEL_NOT_STRING = QT_TRANSLATE_NOOP("Engine", "model: {model} is not a string.")

FORMAT = "parley.conversation"
VERSION = 1
EXTENSION = ".parley.json"
SCHEMA_FILE = ("schema", "conversation.schema.json")
_WIDTH = 100  # objects/arrays whose JSON fits in this many columns stay on one line

_TOP_KEYS = {
    "format",
    "version",
    "id",
    "title",
    "created",
    "updated",
    "target",
    "params",
    "request_options",
    "active_branch",
    "branches",
    "request",
}
_BRANCH_KEYS = {"id", "name", "messages"}
_TARGET_KEYS = {"provider", "model", "base_url"}
_MESSAGE_KEYS = {
    "id",
    "role",
    "content",
    "name",
    "tool_calls",
    "tool_call_id",
    "refusal",
    "reasoning",
    "edited",
    "selected_generation",
    "generations",
}
_GENERATION_KEYS = {
    "id",
    "provider",
    "base_url",
    "model",
    "request",
    "choices",
    "usage",
    "timings",
    "system_fingerprint",
    "service_tier",
    "response_id",
    "created",
    "adjustments",
    "interrupted",
    "edited",
    "error",
    "error_kind",
    "provider_extras",
    "selected_choice",
}
_CHOICE_KEYS = {
    "index",
    "content",
    "refusal",
    "reasoning",
    "tool_calls",
    "finish_reason",
    "logprobs",
    "audio",
}
_TIMING_KEYS = ("sent", "first_byte", "first_token", "last_token", "finished")


class ConversationFileError(Exception):
    """A file that cannot be opened or saved, with one sentence saying why (the file is left as it was)."""

    def __init__(
        self,
        problem: str,
        *,
        path: str | os.PathLike[str] | None = None,
        where: str | None = None,
        saving: bool = False,
    ) -> None:
        self.problem = problem
        self.path = Path(path) if path is not None else None
        self.where = where  # "line 3, column 7" or a JSON path such as "branches[0].messages[2].role"
        name = self.path.name if self.path is not None else QT_TRANSLATE_NOOP("Engine", "the conversation")
        self.user_message = fill(_CANNOT_SAVE if saving else _CANNOT_OPEN, name=name, problem=problem)
        super().__init__(self.user_message)


# -- writing ---------------------------------------------------------------------------------------


def default_request(conv: Conversation) -> dict[str, Any]:
    """The body without a provider profile's adjustments: model, the active branch's messages, params."""
    return {"model": conv.target.model, "messages": conv.wire_messages(), **copy.deepcopy(conv.params)}


def to_dict(conv: Conversation, *, request_body: dict[str, Any] | None = None) -> dict[str, Any]:
    """The file's JSON object (independent of ``conv``). ``request_body``: the exact next body
    (from core.request) if known; otherwise ``default_request(conv)``."""
    return copy.deepcopy(_to_dict(conv, request_body))


def _to_dict(conv: Conversation, request_body: dict[str, Any] | None) -> dict[str, Any]:
    # Shares values with `conv` (no copy per field): dumps only reads them; to_dict copies once.
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "id": conv.id,
        "title": conv.title,
        "created": conv.created,
        "updated": conv.updated,
        "target": _with_extra(
            {"provider": conv.target.provider, "model": conv.target.model, "base_url": conv.target.base_url},
            conv.target,
        ),
        "params": conv.params,
        **({"request_options": conv.request_options} if conv.request_options else {}),
        "active_branch": conv.active_branch,
        "branches": [_branch_to_dict(b) for b in conv.branches],
        "request": request_body if request_body is not None else default_request(conv),
    }
    return _with_extra(data, conv)


def _extra_of(obj: Any) -> dict[str, Any]:
    return obj.extra


def _with_extra(data: dict[str, Any], obj: Any) -> dict[str, Any]:
    for key, value in _extra_of(obj).items():
        data.setdefault(key, value)
    return data


def _branch_to_dict(branch: Branch) -> dict[str, Any]:
    data = {"id": branch.id, "name": branch.name, "messages": [_message_to_dict(m) for m in branch.messages]}
    return _with_extra(data, branch)


def _message_to_dict(m: Message) -> dict[str, Any]:
    data: dict[str, Any] = {"id": m.id, "role": m.role, "content": m.content}
    for key in ("name", "tool_calls", "tool_call_id", "refusal", "reasoning"):
        value = getattr(m, key)
        if value is not None:
            data[key] = value
    if m.edited:
        data["edited"] = True
    if m.generations:
        data["selected_generation"] = m.selected_generation
        data["generations"] = [_generation_to_dict(g) for g in m.generations]
    return _with_extra(data, m)


def _generation_to_dict(g: Generation) -> dict[str, Any]:
    data = {
        "id": g.id,
        "provider": g.provider,
        "base_url": g.base_url,
        "model": g.model,
        "request": g.request,  # the body only: headers (and keys) are never part of it
        "choices": [_choice_to_dict(c) for c in g.choices],
        "selected_choice": g.selected_choice,
        "usage": g.usage,
        "timings": {key: getattr(g.timings, key) for key in _TIMING_KEYS},
        "system_fingerprint": g.system_fingerprint,
        "service_tier": g.service_tier,
        "response_id": g.response_id,
        "created": g.created,
        "adjustments": list(g.adjustments),
        "interrupted": g.interrupted,
        "error": g.error,
        "error_kind": g.error_kind,
        "provider_extras": g.provider_extras,
    }
    if g.edited:
        data["edited"] = True
    return _with_extra(data, g)


def _choice_to_dict(c: Choice) -> dict[str, Any]:
    data = {
        "index": c.index,
        "content": c.content,
        "refusal": c.refusal,
        "reasoning": c.reasoning,
        "tool_calls": c.tool_calls,
        "finish_reason": c.finish_reason,
        "logprobs": c.logprobs,
        "audio": c.audio,
    }
    return _with_extra(data, c)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), check_circular=False).encode
_SMALL = 24  # containers with at most this many values may share one line


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _has_at_most(value: Any, budget: int) -> bool:
    """Whether a JSON value holds at most ``budget`` values; stops counting as soon as it knows."""
    stack = [value]
    while stack:
        budget -= 1
        if budget < 0:
            return False
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _render(value: Any, indent: str = "") -> str:
    """JSON that people and diffs can read, written fast enough for files with many logprobs.

    Small objects and arrays of plain values stay on one line, and so does each logprobs token entry
    (with its alternatives): plain ``indent=2`` would put every number of every ``bytes`` array on a
    line of its own (files grow several times over) and runs json's slow pure-Python encoder.
    """
    if _is_scalar(value) or not value:
        return _encode(value)
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        return _encode(value)
    if isinstance(value, dict) and "token" in value and "logprob" in value:
        return _encode(value)
    if _has_at_most(value, _SMALL):
        compact = _encode(value)
        if len(compact) + len(indent) <= _WIDTH:
            return compact
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{_encode(str(k))}: {_render(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(f"{inner}{_render(v, inner)}" for v in value) + "\n" + indent + "]"


def dumps(conv: Conversation, *, request_body: dict[str, Any] | None = None) -> str:
    """The file's text (UTF-8, ends with a newline)."""
    return _render(_to_dict(conv, request_body)) + "\n"


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where save() keeps the previous version: ``name.parley.json.bak``."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


def save(
    conv: Conversation, path: str | os.PathLike[str], *, request_body: dict[str, Any] | None = None
) -> None:
    """Serialize, then write atomically, keeping the previous version as ``.bak``.

    The conversation is read only while serializing (first step), so a caller may serialize on its
    own thread and hand the bytes to ``write_atomic`` on a worker.
    """
    data = dumps(conv, request_body=request_body).encode("utf-8")
    write_atomic(path, data)


def save_dict(data: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write an object made by ``to_dict`` (a snapshot taken on another thread), as ``save`` would."""
    if data.get("format") != FORMAT:
        raise ValueError("save_dict() takes the object made by to_dict()")
    write_atomic(path, (_render(data) + "\n").encode("utf-8"))


def write_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never a mix.

    Temp file in the same folder, flush + fsync, ``os.replace``, fsync of the folder. New files get
    owner-only permissions (conversations are private); an existing file keeps its mode.
    """
    target = Path(os.path.realpath(path))  # write through a symlink instead of replacing it
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ConversationFileError(_os_problem(exc, folder), path=path, saving=True) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
            if backup:
                _keep_backup(target)
        _replace(tmp, target)
        _fsync_folder(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        problem = fill(_PREVIOUS_VERSION_KEPT, problem=_os_problem(exc, folder))
        raise ConversationFileError(problem, path=path, saving=True) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _replace(source: Path, target: Path) -> None:
    # On Windows a reader (an indexer, an antivirus scan) briefly holding the file makes the rename
    # fail with PermissionError; a few short retries ride that out.
    attempts = 5 if os.name == "nt" else 1
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _keep_backup(target: Path) -> None:
    """Point ``name.bak`` at the current version, atomically (hard link; copy where links are not allowed)."""
    bak = backup_path(target)
    staging = bak.with_name(f".{bak.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.link(target, staging)
    except OSError:  # FAT, some network shares, Windows without privileges
        import shutil

        shutil.copy2(target, staging)
    try:
        os.replace(staging, bak)
    finally:
        staging.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open directories; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _os_problem(exc: OSError, folder: Path) -> str:
    import errno

    if isinstance(exc, FileNotFoundError):
        return fill(_FOLDER_MISSING, folder=folder)
    if isinstance(exc, PermissionError):
        return fill(_NO_WRITE_PERMISSION, folder=folder)
    if exc.errno == errno.ENOSPC:
        return QT_TRANSLATE_NOOP("Engine", "the disk is full")
    return exc.strerror or str(exc)


# -- reading ---------------------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Conversation:
    """Open a conversation file, a bare Chat Completions request or a bare messages array."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConversationFileError(QT_TRANSLATE_NOOP("Engine", "the file does not exist."), path=path) from None
    except IsADirectoryError:
        raise ConversationFileError(QT_TRANSLATE_NOOP("Engine", "it is a folder, not a file."), path=path) from None
    except PermissionError:
        raise ConversationFileError(QT_TRANSLATE_NOOP("Engine", "no permission to read it."), path=path) from None
    except OSError as exc:
        raise ConversationFileError(f"{exc.strerror or exc}.", path=path) from None
    try:
        data = _parse_json(raw)
        title = path.name.removesuffix(EXTENSION).removesuffix(".json")
        return _from_json(data, title)
    except ConversationFileError as exc:
        problem = exc.problem
        if exc.where == "end" and backup_path(path).exists():
            problem = fill(_PREVIOUS_VERSION_IN, problem=problem, name=backup_path(path).name)
        raise ConversationFileError(problem, path=path, where=exc.where) from None


def loads(text: str | bytes) -> Conversation:
    """Parse a conversation (or bare request / messages array) from its JSON text."""
    return _from_json(_parse_json(text), None)


def _parse_json(raw: str | bytes) -> Any:
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConversationFileError(fill(_NOT_UTF8, offset=exc.start), where=f"byte {exc.start}") from None
    else:
        text = raw.removeprefix("\ufeff")
    if not text.strip():
        raise ConversationFileError(QT_TRANSLATE_NOOP("Engine", "the file is empty."), where="end")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        # Cut off mid-document, or inside a string that never closes: either way the end is missing.
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise ConversationFileError(fill(_JSON_CUT_OFF, where=where), where="end") from None
        raise ConversationFileError(fill(_JSON_INVALID, where=where, error=exc.msg), where=where) from None
    except RecursionError:
        raise ConversationFileError(QT_TRANSLATE_NOOP("Engine", "the JSON is nested too deeply to read.")) from None


def from_dict(data: Any, *, title: str | None = None) -> Conversation:
    """A Conversation from parsed JSON: a Parley file (any version we can migrate), a bare request or
    messages array (``title`` names those). Raises ConversationFileError; ``data`` is not modified and
    the conversation shares nothing with it."""
    return _from_json(copy.deepcopy(data), title)


def _from_json(data: Any, title: str | None) -> Conversation:
    # The conversation takes over parts of `data` (no copy per field): callers pass data they own.
    if isinstance(data, list):
        return _from_messages(data, title or "Imported messages")
    if not isinstance(data, dict):
        raise ConversationFileError(fill(_NOT_A_CONVERSATION, type=_json_type(data)))
    if "format" in data:
        return _from_file(data)
    if isinstance(data.get("messages"), list):
        return _from_request(data, title or "Imported request")
    if isinstance(data.get("choices"), list):
        raise ConversationFileError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "it is a Chat Completions response, not a conversation or a request (open the request instead).",
            )
        )
    raise ConversationFileError(
        QT_TRANSLATE_NOOP(
            "Engine",
            "it is not a Parley conversation, a Chat Completions request or a messages array "
            '(no "format" and no "messages" field).',
        )
    )


def _json_type(value: Any) -> str:
    return {str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


# -- versions --------------------------------------------------------------------------------------


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0: one flat message list, the target spread over the top level, generation facts in a
    per-message ``meta``. (An illustrative early shape that proves the migration path; see the docs.)"""
    old = copy.deepcopy(data)
    messages = []
    for message in old.pop("messages", []):
        meta = message.pop("meta", None) if isinstance(message, dict) else None
        if isinstance(meta, dict) and message.get("role") == "assistant":
            choice = {
                "index": 0,
                "content": message.get("content"),
                "tool_calls": message.get("tool_calls"),
                "finish_reason": meta.pop("finish_reason", None),
                "logprobs": meta.pop("logprobs", None),
            }
            generation = {
                "provider": old.get("provider"),
                "base_url": old.get("base_url"),
                "model": meta.pop("model", None),
                "request": meta.pop("request", None),
                "usage": meta.pop("usage", None),
                "choices": [choice],
                **meta,  # facts v1 has no field for (e.g. ttft_ms) stay as unknown generation fields
            }
            message["generations"] = [generation]
            message["selected_generation"] = 0
        messages.append(message)
    target = {
        "provider": old.pop("provider", "local"),
        "model": old.pop("model", ""),
        "base_url": old.pop("base_url", None),
    }
    return {
        **old,
        "version": 1,
        "target": target,
        "active_branch": 0,
        "branches": [{"name": "main", "messages": messages}],
    }


# version N -> a function turning a version-N object into version N+1 (pure: returns a new dict)
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a Parley file object to the current VERSION, one step at a time."""
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ConversationFileError(fill(_VERSION_NOT_NUMBER, version=json.dumps(version)), where="version")
    if version > VERSION:
        raise ConversationFileError(fill(_VERSION_TOO_NEW, version=version, supported=VERSION), where="version")
    if version < 0 or any(v not in MIGRATIONS for v in range(version, VERSION)):
        raise ConversationFileError(fill(_VERSION_UNKNOWN, version=version), where="version")
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


# -- validation ------------------------------------------------------------------------------------


@functools.cache
def schema() -> dict[str, Any]:
    with resource(*SCHEMA_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def _validator(definition: str | None = None) -> jsonschema.Validator:
    root = schema() if definition is None else {**schema(), "$ref": f"#/$defs/{definition}"}
    if definition is not None:
        root = {k: v for k, v in root.items() if k not in ("required", "properties", "type")}
    import jsonschema  # loaded on the first file check, not at start-up

    return jsonschema.Draft202012Validator(root)


def _check(data: Any, definition: str | None = None, prefix: list[Any] | None = None) -> None:
    from jsonschema.exceptions import best_match

    error = best_match(_validator(definition).iter_errors(data))
    if error is None:
        return
    path = [*(prefix or []), *error.absolute_path]
    where = format_path(path) if path else "the top level"
    raise ConversationFileError(f"{where}: {_short(error.message)}.", where=where)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- building objects ------------------------------------------------------------------------------


def _from_file(data: dict[str, Any]) -> Conversation:
    if data.get("format") != FORMAT:
        found = json.dumps(data.get("format"), ensure_ascii=False)
        raise ConversationFileError(fill(_WRONG_FORMAT, found=found, expected=json.dumps(FORMAT)), where="format")
    data = migrate(data)
    _check(data)
    conv = Conversation(
        title=data.get("title", "Untitled"),
        branches=[_branch_from_dict(b) for b in data["branches"]],
        params=data.get("params", {}),
        request_options=data.get("request_options", {}),
        target=_target_from_dict(data.get("target", {})),
        created=data.get("created"),
        updated=data.get("updated"),
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )
    if "id" in data:
        conv.id = data["id"]
    conv.active_branch = min(data.get("active_branch", 0), len(conv.branches) - 1)
    return conv


def _keep_unknown(obj: Any, data: dict[str, Any], known: set[str]) -> None:
    obj.extra = {k: v for k, v in data.items() if k not in known}


def _target_from_dict(data: dict[str, Any]) -> Target:
    target = Target(
        provider=data.get("provider", "local"), model=data.get("model", ""), base_url=data.get("base_url")
    )
    _keep_unknown(target, data, _TARGET_KEYS)
    return target


def _branch_from_dict(data: dict[str, Any]) -> Branch:
    branch = Branch(name=data.get("name", "main"), messages=[_message_from_dict(m) for m in data["messages"]])
    if "id" in data:
        branch.id = data["id"]
    _keep_unknown(branch, data, _BRANCH_KEYS)
    return branch


def _message_from_dict(data: dict[str, Any]) -> Message:
    message = Message(
        role=data["role"],
        content=data.get("content", ""),
        name=data.get("name"),
        tool_calls=data.get("tool_calls"),
        tool_call_id=data.get("tool_call_id"),
        refusal=data.get("refusal"),
        reasoning=data.get("reasoning"),
        generations=[_generation_from_dict(g) for g in data.get("generations", [])],
        selected_generation=data.get("selected_generation", 0),
        edited=data.get("edited", False),
        extra={k: v for k, v in data.items() if k not in _MESSAGE_KEYS},
    )
    if "id" in data:
        message.id = data["id"]
    return message


def _generation_from_dict(data: dict[str, Any]) -> Generation:
    timings = data.get("timings") or {}
    generation = Generation(
        provider=data.get("provider"),
        base_url=data.get("base_url"),
        model=data.get("model"),
        request=data.get("request"),
        choices=[_choice_from_dict(c, i) for i, c in enumerate(data.get("choices", []))],
        usage=data.get("usage"),
        timings=Timings(**{key: timings.get(key) for key in _TIMING_KEYS}),
        system_fingerprint=data.get("system_fingerprint"),
        service_tier=data.get("service_tier"),
        response_id=data.get("response_id"),
        created=data.get("created"),
        adjustments=list(data.get("adjustments", [])),
        # a turn saved while it was still running and never finished: Parley ended mid-stream (a crash,
        # kill -9), so what was saved is cut off, like a stopped answer
        interrupted=bool(data.get("interrupted", False)
                         or (timings.get("sent") is not None and timings.get("finished") is None)),
        edited=data.get("edited", False),
        error=data.get("error"),
        error_kind=data.get("error_kind"),
        provider_extras=data.get("provider_extras", {}),
        selected_choice=data.get("selected_choice", 0),
    )
    if "id" in data:
        generation.id = data["id"]
    _keep_unknown(generation, data, _GENERATION_KEYS)
    return generation


def _choice_from_dict(data: dict[str, Any], position: int) -> Choice:
    return Choice(
        index=data.get("index", position),
        content=data.get("content"),
        refusal=data.get("refusal"),
        reasoning=data.get("reasoning"),
        tool_calls=data.get("tool_calls"),
        finish_reason=data.get("finish_reason"),
        logprobs=data.get("logprobs"),
        audio=data.get("audio"),
        extra={k: v for k, v in data.items() if k not in _CHOICE_KEYS},
    )


def _wire_messages(items: list[Any], prefix: list[Any]) -> list[Message]:
    for i, item in enumerate(items):
        _check(item, "wireMessage", [*prefix, i])
    return [Message.from_wire(item) for item in items]


def _from_request(data: dict[str, Any], title: str) -> Conversation:
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise ConversationFileError(fill(_MODEL_NOT_STRING, model=json.dumps(model)), where="model")
    conv = Conversation(title=title, params={k: v for k, v in data.items() if k not in ("model", "messages")})
    conv.target.model = model or ""
    conv.branch.messages = _wire_messages(data["messages"], ["messages"])
    return conv


def _from_messages(items: list[Any], title: str) -> Conversation:
    conv = Conversation(title=title)
    conv.branch.messages = _wire_messages(items, [])
    return conv
