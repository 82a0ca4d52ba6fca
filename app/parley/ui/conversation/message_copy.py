"""A message as the three things users paste elsewhere: plain text, Markdown, and its API JSON."""

from __future__ import annotations

import json

from parley.core.conversation import Message


def as_text(message: Message) -> str:
    """The text as shown; a message with no text gives its refusal or its tool calls (name(arguments))."""
    if message.text:
        return message.text
    if message.refusal:
        return message.refusal
    calls = [f"{(c.get('function') or {}).get('name', '?')}({(c.get('function') or {}).get('arguments', '')})"
             for c in message.tool_calls or []]
    return "\n".join(calls)


def as_markdown(message: Message) -> str:
    """A heading with the role, then the content; images and tool calls in readable form."""
    lines = [f"**{message.role}**", ""]
    if isinstance(message.content, list):
        for part in message.content:
            if part.get("type") == "text":
                lines.append(part.get("text", ""))
            elif part.get("type") == "image_url":
                url = (part.get("image_url") or {}).get("url", "")
                lines.append("[image]" if url.startswith("data:") else f"![image]({url})")
    elif message.content:
        lines.append(message.content)
    if message.refusal:
        lines.append(f"> Refusal: {message.refusal}")
    for call in message.tool_calls or []:
        fn = call.get("function") or {}
        lines += [f"Tool call `{fn.get('name', '?')}`:", "```json", fn.get("arguments", ""), "```"]
    return "\n".join(lines).rstrip() + "\n"


def as_json(message: Message) -> str:
    return json.dumps(message.to_wire(), ensure_ascii=False, indent=2)
