"""Conversations: messages in wire format, generations with their full record, and branches.

A conversation has one or more branches; each branch is a plain list of messages.
An assistant message produced by a run keeps every *generation* that produced it
(regenerate adds one, the previous answer stays as an alternative ‹k/n›), and each
generation keeps all its choices (n>1) plus what is needed to reproduce it: the exact
request body, provider, base URL, usage, timings, logprobs and the adjustments the
provider profile made. The message's own wire fields mirror the selected choice, so
building the next request never has to look inside generations.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

ROLES = ("system", "developer", "user", "assistant", "tool")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass
class Choice:
    """One choice of a generation (``choices[i]`` of a response), fully assembled."""

    index: int = 0
    content: str | None = None
    refusal: str | None = None
    reasoning: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    finish_reason: str | None = None
    # ``choices[i].logprobs`` as the provider sent it: {"content": [...], "refusal": [...]}
    logprobs: dict[str, Any] | None = None
    audio: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # provider fields we do not model

    @property
    def has_output(self) -> bool:
        """Anything the model produced (an empty stopped or failed choice has none)."""
        return bool(self.content or self.tool_calls or self.refusal or self.reasoning or self.audio)


@dataclass
class Timings:
    """Client-side timings of one turn, in seconds since the epoch (None when it never happened)."""

    sent: float | None = None
    first_byte: float | None = None
    first_token: float | None = None
    last_token: float | None = None
    finished: float | None = None

    @property
    def ttft(self) -> float | None:
        """Time to first token."""
        if self.sent is None or self.first_token is None:
            return None
        return self.first_token - self.sent

    def tokens_per_second(self, completion_tokens: int | None) -> float | None:
        """Output rate after the first token (excludes queueing and prompt processing)."""
        if not completion_tokens or self.first_token is None or self.last_token is None:
            return None
        span = self.last_token - self.first_token
        if span <= 0 or completion_tokens < 2:
            return None
        return (completion_tokens - 1) / span


@dataclass
class Generation:
    """One request/response round trip that produced an assistant message."""

    id: str = field(default_factory=new_id)
    provider: str | None = None
    base_url: str | None = None
    model: str | None = None  # as returned by the provider (``response.model``)
    request: dict[str, Any] | None = None  # the exact JSON body that was posted
    choices: list[Choice] = field(default_factory=list)
    usage: dict[str, Any] | None = None
    timings: Timings = field(default_factory=Timings)
    system_fingerprint: str | None = None
    service_tier: str | None = None
    response_id: str | None = None
    created: int | None = None
    adjustments: list[str] = field(default_factory=list)
    interrupted: bool = False  # stopped by the user or cut off by an error after output arrived
    edited: bool = False  # not a model's answer: the user's edit of one, kept as an alternative
    error: str | None = None  # user-facing sentence when the run failed
    error_kind: str | None = None  # "api" | "network" | "setup" | "internal": lets the CLI pick an exit code
    provider_extras: dict[str, Any] = field(default_factory=dict)  # e.g. llama.cpp ``timings``
    selected_choice: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields survive load/save

    @property
    def choice(self) -> Choice | None:
        if not self.choices:
            return None
        return self.choices[min(self.selected_choice, len(self.choices) - 1)]


@dataclass
class Message:
    """A message in wire format plus Parley's metadata."""

    role: str
    content: str | list[dict[str, Any]] | None = ""
    name: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None
    refusal: str | None = None
    reasoning: str | None = None  # shown, never sent back
    id: str = field(default_factory=new_id)
    generations: list[Generation] = field(default_factory=list)
    selected_generation: int = 0
    edited: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # unknown wire fields survive load/save

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    @property
    def generation(self) -> Generation | None:
        if not self.generations:
            return None
        return self.generations[min(self.selected_generation, len(self.generations) - 1)]

    @property
    def text(self) -> str:
        """The text of the content, whatever its shape (string or content parts)."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(p.get("text", "") for p in self.content if p.get("type") == "text")

    def add_generation(self, generation: Generation) -> None:
        self.generations.append(generation)
        self.select(len(self.generations) - 1, 0)

    def select(self, generation_index: int, choice_index: int | None = None) -> None:
        """Show another alternative: copy the chosen choice into the wire fields."""
        if not self.generations:
            return
        self.selected_generation = max(0, min(generation_index, len(self.generations) - 1))
        gen = self.generations[self.selected_generation]
        if choice_index is not None and gen.choices:
            gen.selected_choice = max(0, min(choice_index, len(gen.choices) - 1))
        choice = gen.choice
        if choice is None:
            return
        self.content = choice.content if choice.content is not None else ("" if not choice.tool_calls else None)
        self.refusal = choice.refusal
        self.reasoning = choice.reasoning
        self.tool_calls = copy.deepcopy(choice.tool_calls) if choice.tool_calls else None
        self.edited = False

    def keep_edit(self) -> bool:
        """Before another alternative is shown: an edit of the shown answer becomes an alternative of
        its own (the model's answer stays as it was). An assistant message no model wrote (typed,
        inserted, or from a file without its generations) is kept the same way before its first
        regeneration. True when one was added."""
        gen = self.generation
        if gen is None:
            if self.role != "assistant" or not (self.text or self.tool_calls or self.refusal):
                return False
        elif not self.edited:
            return False
        choice = Choice(index=0, content=self.content if isinstance(self.content, str) else self.text,
                        refusal=self.refusal, reasoning=self.reasoning,
                        tool_calls=copy.deepcopy(self.tool_calls) if self.tool_calls else None)
        self.generations.append(Generation(provider=gen.provider if gen else None,
                                           base_url=gen.base_url if gen else None,
                                           model=gen.model if gen else None, choices=[choice], edited=True))
        self.selected_generation = len(self.generations) - 1
        self.edited = False
        return True

    def alternatives(self) -> list[tuple[int, int]]:
        """Every (generation, choice) pair this message can show, in order: the ‹k/n› list."""
        return [(g, c) for g, gen in enumerate(self.generations) for c in range(max(1, len(gen.choices)))]

    def to_wire(self) -> dict[str, Any]:
        """The message as the Chat Completions API expects it."""
        wire: dict[str, Any] = {"role": self.role}
        if self.content is not None or self.role != "assistant":
            wire["content"] = copy.deepcopy(self.content) if self.content is not None else ""
        if self.name:
            wire["name"] = self.name
        if self.role == "assistant":
            if self.tool_calls:
                wire["tool_calls"] = copy.deepcopy(self.tool_calls)
                if wire.get("content") == "":
                    wire["content"] = None
            if self.refusal:
                wire["refusal"] = self.refusal
            if "content" not in wire:
                wire["content"] = None
        if self.role == "tool":
            wire["tool_call_id"] = self.tool_call_id or ""
        # fields Parley does not model (e.g. a provider's cache_control) are the user's: send them as they are
        for key, value in self.extra.items():
            wire.setdefault(key, copy.deepcopy(value))
        return wire

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Message:
        known = {"role", "content", "name", "tool_calls", "tool_call_id", "refusal", "reasoning_content"}
        role = data.get("role", "user")
        if role == "function":  # deprecated role: keep the text as a tool message
            role = "tool"
        return cls(
            role=role,
            content=data.get("content"),
            name=data.get("name"),
            tool_calls=data.get("tool_calls"),
            tool_call_id=data.get("tool_call_id"),
            refusal=data.get("refusal"),
            reasoning=data.get("reasoning_content"),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass
class Branch:
    name: str
    messages: list[Message] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Target:
    """Where a conversation is sent: a provider profile id and a model (base URL overrides the profile's)."""

    provider: str = "local"
    model: str = ""
    base_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Conversation:
    title: str = "Untitled"
    branches: list[Branch] = field(default_factory=lambda: [Branch("main")])
    active_branch: int = 0
    params: dict[str, Any] = field(default_factory=dict)  # parameter name -> value; absent = unset
    # Transport settings that are not part of the body: timeout, max_retries, extra_headers (never credentials)
    request_options: dict[str, Any] = field(default_factory=dict)
    target: Target = field(default_factory=Target)
    id: str = field(default_factory=new_id)
    created: float | None = None
    updated: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level fields survive load/save

    @property
    def branch(self) -> Branch:
        return self.branches[self.active_branch]

    @property
    def messages(self) -> list[Message]:
        """The messages of the active branch."""
        return self.branch.messages

    def wire_messages(self, upto: int | None = None) -> list[dict[str, Any]]:
        """The active branch as API messages (optionally only the first ``upto``)."""
        msgs = self.messages if upto is None else self.messages[:upto]
        return [m.to_wire() for m in msgs]

    def append(self, message: Message) -> Message:
        self.messages.append(message)
        return message

    def insert(self, index: int, message: Message) -> Message:
        self.messages.insert(index, message)
        return message

    def delete(self, index: int) -> Message:
        return self.messages.pop(index)

    def move(self, index: int, new_index: int) -> None:
        msg = self.messages.pop(index)
        self.messages.insert(max(0, min(new_index, len(self.messages))), msg)

    def index_of(self, message_id: str) -> int:
        for i, m in enumerate(self.messages):
            if m.id == message_id:
                return i
        raise KeyError(message_id)

    def branch_from(self, index: int, name: str | None = None) -> Branch:
        """A new branch holding a copy of messages ``0..index`` of the active one; it becomes active."""
        copied = [copy.deepcopy(m) for m in self.messages[: index + 1]]
        for m in copied:
            m.id = new_id()
        branch = Branch(name or f"branch {len(self.branches) + 1}", copied)
        self.branches.append(branch)
        self.active_branch = len(self.branches) - 1
        return branch
