"""One run: (conversation, target) -> a streamed assistant generation, as events.

The runner owns the task: it builds the exact request with the provider profile, streams
it, assembles the chunks, records client timings, and keeps whatever arrived when the
user stops or the connection fails (the generation is then marked ``interrupted``).
Cancel happens once and closes the connection (FIELD-NOTES: repeated cancellation of an
httpx stream leaks pool connections).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from parley.api.client import ChatClient
from parley.api.errors import APIError, ConnectError, StreamDropped, TimedOut
from parley.api.local import LocalServer
from parley.api.stream_process import ReaderLost, RemoteStream, StreamProcess
from parley.api.tokenizer import count_prompt_tokens
from parley.core import events as ev
from parley.core.conversation import Choice, Conversation, Generation, Message
from parley.core.providers import ProviderProfile, load_profiles
from parley.core.request import BuiltRequest, RequestError, build_request
from parley.core.stream import AssembledResponse, StreamAssembler, assemble_response
from parley.core.texts import QT_TRANSLATE_NOOP, fill
from parley.secrets import KeyStore

log = logging.getLogger(__name__)

# Sentences with values (core.texts): the window translates them; the English stays as it is.
_UNKNOWN_PROVIDER = QT_TRANSLATE_NOOP("Engine", "Unknown provider {provider}. Known providers: {known}.")
_NO_MODEL = QT_TRANSLATE_NOOP("Engine", "No model chosen for {provider}: pick one in the sidebar's Model field "
                                        "(on the command line: --model).")
_NO_BASE_URL = QT_TRANSLATE_NOOP("Engine", "{provider} has no base URL: set one in Settings › Providers & Keys "
                                           "(on the command line: --base-url).")
_UNEXPECTED = QT_TRANSLATE_NOOP("Engine", "Unexpected error: {error}")

EventSink = Callable[[ev.RunEvent], None]

# Failures of the network rather than of the provider's answer (the CLI exits 4 for these).
NETWORK_ERRORS = (ConnectError, TimedOut, StreamDropped)
_YIELD_EVERY = 0.004  # seconds of stream handling before the event loop gets a turn


class RunSetupError(Exception):
    """The run could not be prepared (unknown provider, no model, local model unavailable…)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass
class ResolvedTarget:
    profile: ProviderProfile
    model: str
    base_url: str
    api_key: str | None = field(repr=False)
    key_source: str | None


@dataclass(frozen=True)
class RunOptions:
    """Per-run transport settings (the sidebar's Advanced group; CLI flags)."""

    connect_timeout: float | None = None  # seconds; None = the client's default
    read_timeout: float | None = None  # idle seconds between two chunks before giving up
    max_retries: int | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, conversation: Conversation) -> RunOptions:
        """The options a conversation carries (``request_options``: timeout, max_retries, extra_headers)."""
        saved = conversation.request_options
        return cls(read_timeout=saved.get("timeout"), max_retries=saved.get("max_retries"),
                   extra_headers=dict(saved.get("extra_headers") or {}))

    def timeout(self, client: ChatClient) -> httpx.Timeout | None:
        if self.connect_timeout is None and self.read_timeout is None:
            return None
        base = client.timeout
        return httpx.Timeout(connect=self.connect_timeout or base.connect, read=self.read_timeout or base.read,
                             write=base.write, pool=base.pool)




class RunHandle:
    """A run in progress. ``cancel()`` is immediate and idempotent; ``wait()`` returns the generation."""

    def __init__(self, message: Message, generation: Generation) -> None:
        self.message = message
        self.generation = generation
        self.task: asyncio.Task[Generation] | None = None
        self.continue_partial = False
        self._cancelled = False

    def cancel(self) -> None:
        if self._cancelled or self.task is None or self.task.done():
            return
        self._cancelled = True
        self.task.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def done(self) -> bool:
        return self.task is not None and self.task.done()

    async def wait(self) -> Generation:
        """The generation, also when the run was cancelled before it could start."""
        assert self.task is not None
        try:
            return await self.task
        except asyncio.CancelledError:
            if not self.task.cancelled():  # the waiter itself is being cancelled
                raise
            self.generation.interrupted = True
            return self.generation


class Runner:
    """Runs conversations against providers; shared by the window, the CLI and comparisons."""

    def __init__(
        self,
        *,
        client: ChatClient | None = None,
        keys: KeyStore | None = None,
        profiles: dict[str, ProviderProfile] | None = None,
        local: LocalServer | None = None,
        stream_process: StreamProcess | None = None,
    ) -> None:
        self.client = client or ChatClient()
        self._keys = keys
        self.profiles = profiles if profiles is not None else load_profiles()
        self.local = local
        # The window's runner reads streams in this child process (parsing off the GUI's core);
        # without it, or while it is not running, streams are read here.
        self.stream_process = stream_process
        self._handles: set[RunHandle] = set()

    @property
    def keys(self) -> KeyStore:
        if self._keys is None:
            self._keys = KeyStore()
        return self._keys

    async def _key_store(self) -> KeyStore:
        # Opening a keyring can block (D-Bus, an unlock prompt): never on the event loop's thread.
        if self._keys is None:
            self._keys = await asyncio.to_thread(KeyStore)
        return self._keys

    # -- target resolution -------------------------------------------------

    def profile(self, provider_id: str) -> ProviderProfile:
        try:
            return self.profiles[provider_id]
        except KeyError:
            known = ", ".join(sorted(self.profiles))
            raise RunSetupError(fill(_UNKNOWN_PROVIDER, provider=repr(provider_id), known=known)) from None

    async def resolve(self, conversation: Conversation, *, start_local: bool = True) -> ResolvedTarget:
        """Profile, model, base URL and key for the conversation's target.

        With ``start_local=False`` the built-in model is not started: its base URL is then a
        placeholder (for --dry-run and the request stored in files).
        """
        target = conversation.target
        profile = self.profile(target.provider)
        base_url = target.base_url or profile.base_url
        if profile.builtin_server and not target.base_url:
            if start_local:
                base_url = await self._local_base_url()
            else:
                base_url = (self.local.base_url if self.local and self.local.base_url
                            else "http://127.0.0.1:<port>/v1")  # the server picks a free port when it starts
        if not base_url:
            raise RunSetupError(fill(_NO_BASE_URL, provider=profile.name))
        model = self.model_for(conversation)
        if not model:
            raise RunSetupError(fill(_NO_MODEL, provider=profile.name))
        keys = await self._key_store()
        key = await asyncio.to_thread(keys.get, profile.id, profile.key_env)
        return ResolvedTarget(profile, model, base_url, key.value, key.source)

    async def next_request(self, conversation: Conversation) -> dict[str, Any] | None:
        """The exact body the next send would post (no key needed, nothing started): files store it."""
        try:
            resolved = await self.resolve(conversation, start_local=False)
            return self.build(conversation, resolved, require_key=False).body
        except RunSetupError:
            return None

    def model_for(self, conversation: Conversation) -> str:
        """The model the next request goes to: the conversation's, else its provider's default ("" if neither)."""
        profile = self.profiles.get(conversation.target.provider)
        return conversation.target.model or (profile.default_model if profile else None) or ""

    def counts_tokens_itself(self, conversation: Conversation) -> bool:
        """Whether the provider can count the next request's prompt tokens exactly (llama.cpp: chat
        template and tokenizer endpoints in its profile)."""
        profile = self.profiles.get(conversation.target.provider)
        if profile is None:
            return False
        caps = profile.capabilities_for(self.model_for(conversation))
        return bool(caps.chat_template_endpoint and caps.tokenize_endpoint)

    async def count_next_request(self, conversation: Conversation) -> int | None:
        """The prompt tokens of the next request as the server itself counts them, when it can say
        (llama.cpp: chat template + tokenizer endpoints) and is running; None otherwise.

        Never starts the built-in model. Raises api.errors.APIError when the server fails.
        """
        if not self.counts_tokens_itself(conversation):
            return None
        try:
            resolved = await self.resolve(conversation, start_local=False)
        except RunSetupError:
            return None
        if "<port>" in resolved.base_url:  # the built-in model is not running
            return None
        caps = resolved.profile.capabilities_for(resolved.model)
        built = self.build(conversation, resolved, require_key=False)
        return await count_prompt_tokens(self.client, resolved.base_url, built.body, headers=built.headers,
                                         template_endpoint=caps.chat_template_endpoint or "",
                                         tokenize_endpoint=caps.tokenize_endpoint or "")

    async def _local_base_url(self) -> str:
        if self.local is None:
            self.local = LocalServer()
        try:
            return await self.local.start()
        except Exception as exc:  # the local server's reason is already a full sentence
            raise RunSetupError(self.local.error or str(exc)) from exc

    def build(self, conversation: Conversation, resolved: ResolvedTarget, *, upto: int | None = None,
              require_key: bool = True, extra_headers: dict[str, str] | None = None,
              continue_partial: bool = False) -> BuiltRequest:
        params = dict(conversation.params)
        stream = bool(params.pop("stream", True))
        try:
            return build_request(
                conversation.wire_messages(upto),
                params,
                resolved.profile,
                resolved.model,
                api_key=resolved.api_key,
                base_url=resolved.base_url,
                stream=stream,
                require_key=require_key,
                extra_headers=extra_headers or None,
                continue_partial=continue_partial,
            )
        except RequestError as exc:
            raise RunSetupError(" ".join(exc.problems)) from exc

    # -- running ------------------------------------------------------------

    def start(
        self,
        conversation: Conversation,
        *,
        on_event: EventSink | None = None,
        regenerate: int | None = None,
        options: RunOptions | None = None,
        continue_partial: bool = False,
    ) -> RunHandle:
        """Start a run on the running event loop (``options``: default, the conversation's own).

        Without ``regenerate`` a new assistant message is appended to the active branch; with
        ``regenerate=i`` message ``i`` (an assistant message) gets a new generation and only the
        messages before it are sent. The message is in the conversation at once. With
        ``continue_partial`` the active branch's last message (an assistant message holding a
        prefix, see ``core.steering.continuation_branch``) is sent and continued in place: its
        new generation's text is the prefix plus what the model adds.
        """
        if continue_partial:
            message = conversation.messages[-1] if conversation.messages else None
            if message is None or message.role != "assistant":
                raise ValueError("only a trailing assistant message can be continued")
            upto = None
        elif regenerate is None:
            upto = len(conversation.messages)  # the new (empty) assistant message is not sent
            message = conversation.append(Message(role="assistant", content=""))
        else:
            message = conversation.messages[regenerate]
            if message.role != "assistant":
                raise ValueError("only an assistant message can be regenerated")
            upto = regenerate
        generation = Generation(provider=conversation.target.provider)
        message.generations.append(generation)
        message.selected_generation = len(message.generations) - 1
        handle = RunHandle(message, generation)
        handle.continue_partial = continue_partial
        sink = on_event or (lambda _e: None)
        options = options or RunOptions.of(conversation)
        handle.task = asyncio.ensure_future(self._run(conversation, handle, upto, sink, options))
        self._handles.add(handle)
        handle.task.add_done_callback(lambda _t: self._handles.discard(handle))
        return handle

    async def run(self, conversation: Conversation, **kwargs: Any) -> Generation:
        return await self.start(conversation, **kwargs).wait()

    async def _run(self, conversation: Conversation, handle: RunHandle, upto: int | None, emit: EventSink,
                   options: RunOptions) -> Generation:
        gen = handle.generation
        message = handle.message
        assembler = StreamAssembler()
        remote: RemoteStream | None = None
        got_output = False
        prefix = ""

        def partial() -> AssembledResponse:  # what arrived, when the run ends early
            return remote.result() if remote is not None else assembler.result()
        try:
            resolved = await self.resolve(conversation)
            built = self.build(conversation, resolved, upto=upto, extra_headers=options.extra_headers,
                               continue_partial=handle.continue_partial)
            prefix = built.continued_prefix or ""
            if prefix:  # listeners show the whole answer; the prefix is not model output (no timings)
                emit(ev.TextDelta(0, prefix))
            timeout = options.timeout(self.client)
            gen.base_url = resolved.base_url
            gen.request = built.body
            gen.adjustments = list(built.adjustments)
            emit(ev.RunStarted(built.url, built.body, tuple(built.adjustments)))
            gen.timings.sent = time.time()

            def on_retry(attempt: int, delay: float, err: APIError) -> None:
                emit(ev.Retrying(attempt, delay, err.user_message))

            def deliver(event: ev.RunEvent, first_at: float | None = None, last_at: float | None = None) -> None:
                """Output timings (the child's clock readings, or now), then the listeners."""
                nonlocal got_output
                if isinstance(event, ev.OUTPUT_EVENTS):
                    now = time.time() if last_at is None else 0.0
                    if not got_output:
                        got_output = True
                        gen.timings.first_token = first_at or now
                    gen.timings.last_token = last_at or now
                emit(event)

            def on_first_byte(at: float | None = None) -> None:  # ``at``: the child's clock reading
                gen.timings.first_byte = at or time.time()

            result: AssembledResponse | None = None
            if built.body.get("stream", False) and self.stream_process is not None and self.stream_process.available:
                remote = self.stream_process.open(
                    built.url, built.headers, built.body, timeout=timeout, max_retries=options.max_retries,
                    on_retry=on_retry, on_first_byte=on_first_byte)
                try:
                    async for events, t_first, t_last in remote.batches():
                        for event in events:
                            deliver(event, t_first, t_last)
                    result = remote.result()
                except ReaderLost:
                    if got_output or remote.first_byte_at is not None:
                        raise
                    log.warning("the stream reader process is gone; reading this stream here")
                    remote = None  # nothing came back yet: read the stream in this process instead
            if result is None and built.body.get("stream", False):
                chunks = self.client.stream_chat(
                    built.url, built.headers, built.body, on_retry=on_retry, on_first_byte=on_first_byte,
                    timeout=timeout, max_retries=options.max_retries,
                )
                # aclosing: a cancel that lands while a chunk is handled closes the response now, not at GC
                async with contextlib.aclosing(chunks):
                    slice_start = time.perf_counter()
                    async for chunk in chunks:
                        # httpx hands over a whole socket read (thousands of chunks) without yielding:
                        # give the event loop (the window) a turn every few milliseconds.
                        if time.perf_counter() - slice_start > _YIELD_EVERY:
                            await asyncio.sleep(0)
                            slice_start = time.perf_counter()
                        for event in assembler.feed(chunk):
                            deliver(event)
                result = assembler.result()
            elif result is None:
                body = await self.client.complete(built.url, built.headers, built.body, on_retry=on_retry,
                                                  timeout=timeout, max_retries=options.max_retries)
                now = time.time()
                gen.timings.first_byte = gen.timings.first_byte or now
                result = assemble_response(body)
                if built.prefix_echoed:  # the server repeated the prefix: keep only what it added
                    for c in result.choices:
                        if c.content and c.content.startswith(prefix):
                            c.content = c.content[len(prefix):]
                got_output = any(c.has_output for c in result.choices)
                gen.timings.first_token = gen.timings.last_token = now
                for event in _events_of(result):
                    emit(event)
            _fill(gen, result, prefix)
            gen.timings.finished = time.time()
            message.select(message.selected_generation, 0)
            emit(ev.RunFinished())
        except asyncio.CancelledError:
            _fill(gen, await remote.stop() if remote is not None else assembler.result(), prefix)
            gen.interrupted = True
            gen.timings.finished = time.time()
            message.select(message.selected_generation, gen.selected_choice)
            emit(ev.RunStopped())
        except (APIError, RunSetupError) as exc:
            _fill(gen, partial(), prefix)
            if isinstance(exc, APIError):
                gen.error = str(exc)
                gen.error_kind = "network" if isinstance(exc, NETWORK_ERRORS) else "api"
            else:
                gen.error, gen.error_kind = exc.user_message, "setup"
            gen.interrupted = got_output
            gen.timings.finished = time.time()
            message.select(message.selected_generation, gen.selected_choice)
            emit(ev.RunFailed(gen.error, got_output))
        except Exception as exc:  # a bug must not lose the partial output
            log.exception("run failed unexpectedly")
            _fill(gen, partial(), prefix)
            gen.error, gen.error_kind = fill(_UNEXPECTED, error=exc), "internal"
            gen.interrupted = got_output
            gen.timings.finished = time.time()
            message.select(message.selected_generation, gen.selected_choice)
            emit(ev.RunFailed(gen.error, got_output))
        return gen

    async def aclose(self) -> None:
        for handle in list(self._handles):
            handle.cancel()
        for handle in list(self._handles):
            if handle.task is not None:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await handle.task
        await self.client.aclose()
        if self.stream_process is not None:
            await self.stream_process.aclose()
        if self.local is not None:
            await self.local.stop()


def _fill(gen: Generation, result: AssembledResponse, prefix: str = "") -> None:
    gen.choices = list(result.choices) or gen.choices or [Choice(index=0, content="")]
    if prefix:  # a continued answer reads as one text: the prefix, then what the model added
        for choice in gen.choices:
            choice.content = prefix + (choice.content or "")
    gen.usage = result.usage
    gen.model = result.model
    gen.response_id = result.id
    gen.created = result.created
    gen.system_fingerprint = result.system_fingerprint
    gen.service_tier = result.service_tier
    gen.provider_extras = dict(result.provider_extras)


def _events_of(result: AssembledResponse) -> list[ev.StreamEvent]:
    """The events a non-streamed response would have produced, so listeners see one shape."""
    out: list[ev.StreamEvent] = [ev.ResponseMeta(result.id, result.model, result.created,
                                                 result.system_fingerprint, result.service_tier)]
    for c in result.choices:
        if c.reasoning:
            out.append(ev.ReasoningDelta(c.index, c.reasoning))
        if c.content:
            out.append(ev.TextDelta(c.index, c.content))
        if c.refusal:
            out.append(ev.RefusalDelta(c.index, c.refusal))
        for i, call in enumerate(c.tool_calls or []):
            fn = call.get("function", {})
            out.append(ev.ToolCallDelta(c.index, i, call.get("id"), fn.get("name"), fn.get("arguments", "")))
        if c.logprobs:
            out.append(ev.LogprobsDelta(c.index, tuple(c.logprobs.get("content") or ()),
                                        tuple(c.logprobs.get("refusal") or ())))
        out.append(ev.Finish(c.index, c.finish_reason))
    if result.usage:
        out.append(ev.UsageReport(result.usage))
    return out
