"""Checks of a JSON Schema the user wrote (response_format json_schema, tool parameters). No widgets.

The catalog checks that `response_format` has the right shape; this checks that the schema inside is
itself valid JSON Schema, and what OpenAI's strict mode additionally requires. The sentences are
translated (QtCore only); the validator's own message (`exc.message`) stays as jsonschema words it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema.exceptions import SchemaError
from PySide6.QtCore import QCoreApplication

from parley.core.spec import format_path


def schema_errors(schema: Any) -> list[str]:
    """Why `schema` is not a valid JSON Schema (checked against its own metaschema, 2020-12 by default)."""
    if not isinstance(schema, dict):
        return [QCoreApplication.translate("SchemaCheck", "The schema must be a JSON object, not {type}.").format(
            type=type(schema).__name__)]
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        where = format_path(exc.absolute_path)
        where = "schema" if where in ("", "body") else f"schema.{where}".replace(".[", "[")
        return [f"{where}: {exc.message}"]
    return []


def strict_notes(schema: Any) -> list[str]:
    """What OpenAI's strict Structured Outputs would reject: every object needs
    `additionalProperties: false` and all of its properties listed in `required`."""
    notes: list[str] = []
    for path, node in _objects(schema, "schema"):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        if node.get("additionalProperties") is not False:
            notes.append(QCoreApplication.translate(
                "SchemaCheck", "{path}: strict mode needs \"additionalProperties\": false.").format(path=path))
        missing = [name for name in props if name not in (node.get("required") or [])]
        if missing:
            notes.append(QCoreApplication.translate(
                "SchemaCheck", "{path}: strict mode needs every property in \"required\" (missing: {names})."
            ).format(path=path, names=", ".join(missing)))
    return notes


def _objects(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield path, node
        for key, value in node.items():
            if key in ("properties", "$defs", "definitions", "patternProperties") and isinstance(value, dict):
                for name, sub in value.items():
                    yield from _objects(sub, f"{path}.{key}.{name}")
            elif key in ("items", "additionalProperties", "not", "if", "then", "else"):
                yield from _objects(value, f"{path}.{key}")
            elif key in ("anyOf", "oneOf", "allOf", "prefixItems") and isinstance(value, list):
                for i, sub in enumerate(value):
                    yield from _objects(sub, f"{path}.{key}[{i}]")
