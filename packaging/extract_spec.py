"""Extract the Chat Completions subset of OpenAI's OpenAPI description into resources/spec/openai-chat.json.

One-off (re-run when the upstream description changes):

    python packaging/extract_spec.py path/to/openai-openapi.yaml [resources/spec/openai-chat.json]

The full description is 3 MB of YAML; Parley only needs the request/response schemas of
/v1/chat/completions and /v1/completions. The output is plain JSON Schema draft 2020-12: every
`#/components/schemas/X` becomes `#/$defs/X`, and the OpenAPI 3.0 leftovers that JSON Schema does not
understand are rewritten (`nullable: true` -> an explicit null alternative) or dropped (`x-*`
vendor keys, `example`), so `jsonschema.Draft202012Validator` sees exactly what the API accepts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOTS = (
    "CreateChatCompletionRequest",
    "CreateCompletionRequest",
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ChatCompletionTokenLogprob",
)
SOURCE_NOTE = (
    "Subset of OpenAI's official OpenAPI description (openai/openai-openapi, commit f85dbe2, 2026-08-21), "
    "MIT licensed: the schemas of /v1/chat/completions and /v1/completions and everything they reference. "
    "Converted to JSON Schema draft 2020-12 by packaging/extract_spec.py "
    "(nullable -> null alternatives, x-* keys and examples dropped)."
)
COMPONENT_PREFIX = "#/components/schemas/"
DROPPED_KEYS = {"example", "examples"}
# Keywords whose value is a map of name -> schema (walk the values, never treat the names as keywords).
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}


def referenced_names(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(COMPONENT_PREFIX):
                found.add(value[len(COMPONENT_PREFIX):])
            else:
                found |= referenced_names(value)
    elif isinstance(node, list):
        for item in node:
            found |= referenced_names(item)
    return found


def closure(schemas: dict[str, Any], roots: tuple[str, ...]) -> list[str]:
    """Names of the roots and every schema they reach, in the upstream order."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(referenced_names(schemas[name]) - seen)
    return [name for name in schemas if name in seen]


def convert(node: Any) -> Any:
    """One OpenAPI schema -> a draft 2020-12 schema."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-") or key in DROPPED_KEYS or key == "nullable":
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: convert(sub) for name, sub in value.items()}
        elif key == "$ref" and isinstance(value, str) and value.startswith(COMPONENT_PREFIX):
            out[key] = "#/$defs/" + value[len(COMPONENT_PREFIX):]
        elif key == "discriminator" and isinstance(value, dict):
            mapping = {k: "#/$defs/" + v[len(COMPONENT_PREFIX):] for k, v in value.get("mapping", {}).items()}
            out[key] = {**value, "mapping": mapping} if mapping else dict(value)
        else:
            out[key] = convert(value)
    if node.get("nullable") is True:
        out = with_null(out)
    return out


def with_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`nullable: true` means "or null". A plain `type` takes "null"; anything else gets a null alternative."""
    kind = schema.get("type")
    composite = any(k in schema for k in ("$ref", "oneOf", "anyOf", "allOf"))
    if isinstance(kind, str) and not composite:
        schema = {**schema, "type": [kind, "null"]}
        if "enum" in schema and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        return schema
    # Keep the annotations on the outside so tools reading `description`/`default` still find them.
    annotations = {k: schema[k] for k in ("title", "description", "default", "deprecated") if k in schema}
    inner = {k: v for k, v in schema.items() if k not in annotations}
    return {**annotations, "anyOf": [inner, {"type": "null"}]}


def extract(openapi: dict[str, Any]) -> dict[str, Any]:
    schemas = openapi["components"]["schemas"]
    defs = {name: convert(schemas[name]) for name in closure(schemas, ROOTS)}
    leftover = {ref for ref in referenced_names(defs)}
    if leftover:
        raise SystemExit(f"unconverted references left: {sorted(leftover)}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": SOURCE_NOTE,
        "$defs": defs,
    }


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[1])
    target = Path(argv[2]) if len(argv) == 3 else Path(__file__).resolve().parent.parent / "resources/spec/openai-chat.json"
    with source.open(encoding="utf-8") as handle:
        openapi = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    document = extract(openapi)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"{target}: {len(document['$defs'])} schemas, {len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
