"""The bundled subset of OpenAI's API description, as JSON Schema, and validation against it.

`resources/spec/openai-chat.json` holds the Chat Completions (and legacy Completions) request and
response schemas under `$defs` (see packaging/extract_spec.py). Everything here is read-only and cached:
the document is loaded once, each validator is built once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema costs ~55 ms to import: loaded on first validation, not at start-up
    import jsonschema
    from jsonschema.exceptions import ValidationError

from parley.paths import resource

SPEC_FILE = ("spec", "openai-chat.json")
_DEF_PREFIX = "#/$defs/"
_MAX_MESSAGE = 200


@functools.cache
def load_spec() -> dict[str, Any]:
    """The whole bundled document: `$schema`, `$comment` (source note) and `$defs`."""
    with resource(*SPEC_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


def schema_names() -> list[str]:
    return list(load_spec()["$defs"])


def definition(name: str) -> dict[str, Any]:
    """One named schema, as stored (its `$ref`s point into `$defs`)."""
    defs = load_spec()["$defs"]
    if name not in defs:
        raise KeyError(f"No schema named {name!r} in the bundled API description.")
    return defs[name]


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a `{"$ref": "#/$defs/X"}` chain to the schema it names (other schemas come back unchanged)."""
    while isinstance(schema.get("$ref"), str) and schema["$ref"].startswith(_DEF_PREFIX):
        schema = definition(schema["$ref"][len(_DEF_PREFIX):])
    return schema


def _rooted(schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": load_spec()["$schema"], **schema, "$defs": load_spec()["$defs"]}


@functools.cache
def validator(schema_name: str) -> jsonschema.Validator:
    """A draft 2020-12 validator for one named schema (e.g. "CreateChatCompletionRequest")."""
    definition(schema_name)  # a clear KeyError for an unknown name
    import jsonschema

    return jsonschema.Draft202012Validator(_rooted({"$ref": _DEF_PREFIX + schema_name}))


def subschema_validator(schema: dict[str, Any]) -> jsonschema.Validator:
    """A validator for a fragment whose `$ref`s point into the bundled `$defs` (e.g. one request property)."""
    import jsonschema

    return jsonschema.Draft202012Validator(_rooted(schema))


def validation_errors(schema_name: str, instance: Any) -> list[str]:
    """Every way `instance` breaks the named schema, as "path: message" sentences (empty when it is valid)."""
    return describe_errors(validator(schema_name).iter_errors(instance))


def property_schemas(schema_name: str) -> dict[str, list[dict[str, Any]]]:
    """The properties of an object schema after `allOf` merging: name -> every schema that constrains it.

    `CreateChatCompletionRequest` is `allOf: [CreateModelResponseProperties, {...}]` and the same
    property (e.g. `top_logprobs`) can be declared at several levels; all of them apply.
    """
    merged: dict[str, list[dict[str, Any]]] = {}

    def collect(schema: dict[str, Any]) -> None:
        schema = resolve(schema)
        for part in schema.get("allOf", []):
            collect(part)
        for name, sub in schema.get("properties", {}).items():
            merged.setdefault(name, []).append(sub)

    collect(definition(schema_name))
    return merged


def property_facts(schema_name: str, prop: str) -> dict[str, Any]:
    """What the description states about one property: `types`, and where stated `minimum`, `maximum`,
    `default`, `enum`, `item_enum`, `maxItems`, `maxLength`, `deprecated`.

    Null alternatives are ignored (Parley expresses "unset" by leaving a key out). Bounds come from any
    alternative (each only constrains its own JSON type); a `default` counts only when it belongs to the
    property as a whole, not to one of several alternatives. When several allOf levels state a bound,
    the strictest wins.
    """
    facts: dict[str, Any] = {"types": set()}

    def visit(schema: dict[str, Any], whole: bool) -> None:
        if "$ref" in schema:
            visit({k: v for k, v in schema.items() if k != "$ref"}, whole)  # annotations beside the $ref
            schema = resolve(schema)
        if schema.get("deprecated") is True:
            facts["deprecated"] = True
        if whole and schema.get("default") is not None and "default" not in facts:
            facts["default"] = schema["default"]
        kind = schema.get("type")
        kinds = [kind] if isinstance(kind, str) else list(kind or [])
        facts["types"].update(k for k in kinds if k != "null")
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            facts["enum"] = values if "enum" not in facts else [v for v in facts["enum"] if v in values]
        items = schema.get("items")
        if isinstance(items, dict) and "enum" in resolve(items):
            facts["item_enum"] = list(resolve(items)["enum"])
        for key, stricter in (("minimum", max), ("maximum", min), ("maxItems", min), ("maxLength", min)):
            if key in schema:
                facts[key] = stricter(facts[key], schema[key]) if key in facts else schema[key]
        for key in ("anyOf", "oneOf", "allOf"):
            parts = schema.get(key, [])
            alternatives = [p for p in parts if p.get("type") != "null"]
            for part in parts:
                visit(part, whole and (key == "allOf" or len(alternatives) == 1))

    for sub in property_schemas(schema_name)[prop]:
        visit(sub, True)
    return facts


# ---------------------------------------------------------------------------------------------------------
# Error messages people can act on.


def format_path(path: Iterable[Any]) -> str:
    """["messages", 0, "role"] -> "messages[0].role"; the empty path is "body"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not str(part).isidentifier():
            text += f"[{json.dumps(part)}]"  # map keys such as logit_bias token ids
        else:
            text += f".{part}" if text else part
    return text or "body"


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def describe_errors(errors: Iterable[ValidationError]) -> list[str]:
    lines: list[str] = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        specific = _most_specific(error)
        lines.append(f"{format_path(specific.absolute_path)}: {_short(specific.message)}{_limit(specific)}")
    return list(dict.fromkeys(lines))


_LIMITS = {
    "maxItems": "at most {} items",
    "minItems": "at least {} items",
    "maxLength": "at most {} characters",
    "maxProperties": "at most {} entries",
}


def _limit(error: ValidationError) -> str:
    """jsonschema says "is too long" without the limit; people need the number."""
    template = _LIMITS.get(str(error.validator))
    if error.validator == "minItems" and error.validator_value == 1:
        return ""  # "should be non-empty" says it already
    return f" ({template.format(error.validator_value)})" if template else ""


def _most_specific(error: ValidationError) -> ValidationError:
    from jsonschema.exceptions import ValidationError, best_match

    """Replace "X is not valid under any of the given schemas" by the error of the alternative that was meant.

    OpenAPI marks tagged unions with `discriminator` (messages by `role`, response_format by `type`);
    tools items are tagged by `type` without saying so. When the tag names an alternative, its errors
    are the real ones; when the tag matches none, the tag itself is the error.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return error
    branches = _non_null_branches(error)
    tag = _tag_property(error.schema, [schema for _, schema in branches], error.instance)
    if tag is not None:
        allowed = {}
        for index, schema in branches:
            for value in resolve(schema).get("properties", {}).get(tag, {}).get("enum", []):
                allowed[value] = index
        value = error.instance.get(tag)
        if value not in allowed:
            choices = ", ".join(repr(v) for v in allowed)
            return ValidationError(
                f"{value!r} is not one of {choices}" if tag in error.instance else f"{tag!r} is required",
                path=[*error.absolute_path, tag] if tag in error.instance else error.absolute_path,
            )
        chosen = [e for e in error.context if e.schema_path and e.schema_path[0] == allowed[value]]
        if chosen:
            return _most_specific(best_match(chosen))
        return error
    # Untagged: the alternatives of the instance's own JSON type are the ones that were meant (a null
    # alternative never is). When that leaves one, its errors are the real ones.
    wrong_type = {e.schema_path[0] for e in error.context if e.validator == "type" and len(e.schema_path) == 2}
    meant_branches = {index for index, _ in branches} - wrong_type
    if len(meant_branches) == 1:
        meant = [e for e in error.context if e.schema_path and e.schema_path[0] in meant_branches]
        if meant:
            return _most_specific(best_match(meant))
    if not meant_branches:
        # No alternative takes this JSON type: name the types that would do.
        expected = [e.validator_value for e in error.context if e.validator == "type" and len(e.schema_path) == 2]
        names = list(dict.fromkeys(t for value in expected for t in ([value] if isinstance(value, str) else value)))
        names = [t for t in names if t != "null"]
        return ValidationError(f"{error.instance!r} is not of type {', '.join(map(repr, names))}",
                               path=error.absolute_path)
    return error


def _non_null_branches(error: ValidationError) -> list[tuple[int, dict[str, Any]]]:
    alternatives = error.schema.get(error.validator, [])
    return [(i, s) for i, s in enumerate(alternatives) if s.get("type") != "null"]


def _tag_property(owner: dict[str, Any], branches: list[dict[str, Any]], instance: Any) -> str | None:
    if not isinstance(instance, dict) or len(branches) < 2:
        return None
    declared = owner.get("discriminator", {}).get("propertyName")
    candidates = [declared] if declared else ["type", "role"]
    for name in candidates:
        enums = [resolve(b).get("properties", {}).get(name, {}).get("enum") for b in branches]
        if all(isinstance(e, list) and len(e) == 1 for e in enums) and len({e[0] for e in enums}) == len(enums):
            return name
    return None
