"""Building blocks for UI tests: a conversation pointed at the loopback server, a pane around it."""

from __future__ import annotations

import json
from typing import Any

from parley.core.conversation import Conversation, Message, Target
from parley.services.runner import Runner
from parley.ui.conversation.controller import ConversationController
from parley.ui.conversation.pane import ConversationPane
from tests.support.sse_server import LoopbackServer, sse


def loopback_conversation(server: LoopbackServer, *messages: Message) -> Conversation:
    conv = Conversation(target=Target(provider="custom", model="test-model", base_url=server.base_url))
    for m in messages:
        conv.append(m)
    return conv


def make_pane(qtbot: Any, conv: Conversation, runner: Runner | None = None,
              size: tuple[int, int] = (900, 700)) -> tuple[ConversationController, ConversationPane]:
    controller = ConversationController(conv, runner or Runner())
    pane = ConversationPane(controller)
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    return controller, pane


def delta_chunks(deltas: list[dict[str, Any]], *, choice: int = 0, finish_reason: str = "stop",
                 usage: dict[str, Any] | None = None) -> list[bytes]:
    """A stream whose chunks carry the given ``delta`` objects (reasoning, refusal, tool calls…)."""
    base = {"id": "chatcmpl-x", "object": "chat.completion.chunk", "created": 1, "model": "test-model"}
    out = [sse({**base, "choices": [{"index": choice, "delta": {"role": "assistant"}, "finish_reason": None}]})]
    out += [sse({**base, "choices": [{"index": choice, "delta": d, "finish_reason": None}]}) for d in deltas]
    out.append(sse({**base, "choices": [{"index": choice, "delta": {}, "finish_reason": finish_reason}]}))
    if usage:
        out.append(sse({**base, "choices": [], "usage": usage}))
    out.append(sse("[DONE]"))
    return out


def two_choice_chunks(first: list[str], second: list[str]) -> list[bytes]:
    """An n=2 stream with the choices interleaved, as llama.cpp and OpenAI send them."""
    base = {"id": "chatcmpl-n", "object": "chat.completion.chunk", "created": 1, "model": "test-model"}
    out = []
    for i in (0, 1):
        out.append(sse({**base, "choices": [{"index": i, "delta": {"role": "assistant", "content": ""},
                                             "finish_reason": None}]}))
    for a, b in zip(first, second, strict=True):
        out.append(sse({**base, "choices": [{"index": 0, "delta": {"content": a}, "finish_reason": None}]}))
        out.append(sse({**base, "choices": [{"index": 1, "delta": {"content": b}, "finish_reason": None}]}))
    for i in (0, 1):
        out.append(sse({**base, "choices": [{"index": i, "delta": {}, "finish_reason": "stop"}]}))
    out.append(sse("[DONE]"))
    return out


def tool_call_deltas(name: str, arguments: dict[str, Any], call_id: str = "call_1") -> list[dict[str, Any]]:
    args = json.dumps(arguments)
    half = len(args) // 2
    return [
        {"tool_calls": [{"index": 0, "id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}]},
        {"tool_calls": [{"index": 0, "function": {"arguments": args[:half]}}]},
        {"tool_calls": [{"index": 0, "function": {"arguments": args[half:]}}]},
    ]
