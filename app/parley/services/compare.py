"""Comparison: one prompt, N targets (provider, model, parameter set), with metrics.

Each target runs on its own copy of the conversation, so results never mix. Runs are
concurrent by default (``parallel``); ``sequential`` gives cleaner latency figures when
targets share one machine (e.g. several local models).

Besides running (``compare`` for the CLI, ``CompareRun`` when a window needs to stop one
column or all of them and keep what arrived), this module holds what the comparison
workspace needs without Qt: live and final metrics, the best value per metric, parameter
overrides typed as JSON, comparison sets saved in ``user_data_dir()/comparisons``, results
exported as Markdown or JSON, and "keep this answer" as a new assistant turn.
"""

from __future__ import annotations

import asyncio
import copy
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from parley.core import events as ev
from parley.core import params as catalog
from parley.core.conversation import Conversation, Generation, Message, Target, new_id
from parley.core.pricing import cost_of
from parley.core.texts import QT_TRANSLATE_NOOP, fill
from parley.paths import user_data_dir
from parley.services.names import file_slug, name_problem
from parley.services.runner import RunHandle, Runner, RunOptions

MODES = ("parallel", "sequential")

# Sentences with values (core.texts): the window translates them; the English stays as it is.
_OVERRIDES_NOT_JSON = QT_TRANSLATE_NOOP("Engine", "Not valid JSON: line {line}, column {column}: {problem}.")
_OVERRIDES_NOT_OBJECT = QT_TRANSLATE_NOOP("Engine", "Overrides are a JSON object of parameters, e.g. {example}.")
_TARGET_PROBLEM = QT_TRANSLATE_NOOP("Engine", "Target {number} ({label}): {problem}")
_SET_NOT_A_SET = QT_TRANSLATE_NOOP("Engine", "{source} is not a Parley comparison set; it was left as it is.")
_SET_NEWER = QT_TRANSLATE_NOOP("Engine", "{source} was written by a newer Parley (format version {version}); update "
                               "Parley to use it.")
_SET_NO_TARGETS = QT_TRANSLATE_NOOP("Engine", "{source} has no name or no target list; it was left as it is.")
_SET_MODE = QT_TRANSLATE_NOOP("Engine", "{source}: mode must be parallel or sequential, not {mode}.")
_SET_NO_PROVIDER = QT_TRANSLATE_NOOP("Engine", "{source}: target {number} has no provider.")
_SET_NOT_TEXT = QT_TRANSLATE_NOOP("Engine", "{source}: target {number} has a model or base URL that is not text.")
_SET_TARGET = QT_TRANSLATE_NOOP("Engine", "{source}: target {number}: {problem}")
_SET_CREDENTIALS = QT_TRANSLATE_NOOP("Engine", "{source}: the base URL holds a user name or password; comparison "
                                     "sets never hold credentials. Store the key under Providers & Keys instead.")
_SET_NOT_JSON = QT_TRANSLATE_NOOP("Engine", "{source} is not valid JSON ({problem}); it was left as it is.")
_TARGET_CREDENTIALS = QT_TRANSLATE_NOOP("Engine", "Target {number} ({label}): the base URL holds a user name or "
                                        "password; comparison sets never hold credentials. Store the key under "
                                        "Providers & Keys instead.")
_CANNOT_SAVE_SET = QT_TRANSLATE_NOOP("Engine", "Cannot save the comparison set: {problem}")
_CANNOT_READ_SET = QT_TRANSLATE_NOOP("Engine", "Cannot read {file}: {reason}.")
_CANNOT_DELETE_SET = QT_TRANSLATE_NOOP("Engine", "Cannot delete the comparison set {name}: {reason}.")


@dataclass
class CompareTarget:
    label: str
    target: Target
    params: dict[str, Any] = field(default_factory=dict)  # overrides on top of the conversation's params


@dataclass
class Metrics:
    ttft: float | None  # seconds to first token
    tokens_per_second: float | None
    prompt_tokens: int | None
    completion_tokens: int | None
    total_seconds: float | None
    cost: float | None  # USD, when a price is known
    finish_reason: str | None


@dataclass
class CompareResult:
    label: str
    conversation: Conversation
    generation: Generation
    metrics: Metrics

    @property
    def text(self) -> str:
        choice = self.generation.choice
        return (choice.content or "") if choice else ""


def metrics_of(gen: Generation) -> Metrics:
    usage = gen.usage or {}
    completion = usage.get("completion_tokens")
    prompt = usage.get("prompt_tokens")
    t = gen.timings
    total = (t.finished - t.sent) if (t.finished and t.sent) else None
    return Metrics(
        ttft=t.ttft,
        tokens_per_second=t.tokens_per_second(completion),
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_seconds=total,
        cost=cost_of(gen.provider, gen.model or (gen.request or {}).get("model"), usage),
        finish_reason=gen.choice.finish_reason if gen.choice else None,
    )


def prepare(conversation: Conversation, spec: CompareTarget) -> Conversation:
    conv = copy.deepcopy(conversation)
    conv.target = copy.deepcopy(spec.target)
    conv.params = {**conv.params, **spec.params}
    return conv


# ---------------------------------------------------------------------------------------------------------
# Running


NOT_RUN = QT_TRANSLATE_NOOP("Engine", "Not run: the comparison was stopped before this target's turn.")


class CompareRun:
    """A comparison in progress: ``stop()`` ends every column (or ``stop(i)`` one), keeping what arrived.

    ``on_event(i, event)`` receives each column's run events. A column that never started (a
    sequential comparison stopped early) gets a ``RunStopped`` and an empty generation marked
    interrupted, so every column ends with exactly one terminal event.
    """

    def __init__(
        self,
        runner: Runner,
        conversation: Conversation,
        targets: Sequence[CompareTarget],
        *,
        mode: str = "parallel",
        on_event: Callable[[int, ev.RunEvent], None] | None = None,
        options: RunOptions | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError("mode must be 'parallel' or 'sequential'")
        self.runner = runner
        self.mode = mode
        self.targets = list(targets)
        self.conversations = [prepare(conversation, t) for t in self.targets]
        self.handles: list[RunHandle | None] = [None] * len(self.targets)
        self._skipped: dict[int, Generation] = {}
        self._on_event = on_event
        self._options = options
        self._stopping = False
        self._task: asyncio.Future[Any] | None = None

    def _sink(self, i: int) -> Callable[[ev.RunEvent], None]:
        on_event = self._on_event
        return (lambda e: on_event(i, e)) if on_event else (lambda _e: None)

    def _start_one(self, i: int) -> RunHandle:
        handle = self.runner.start(self.conversations[i], on_event=self._sink(i), options=self._options)
        self.handles[i] = handle
        return handle

    def start(self) -> CompareRun:
        """Start on the running event loop (parallel: every column now; sequential: one after another)."""
        if self._task is not None:
            raise RuntimeError("a CompareRun starts once")
        if self.mode == "parallel":
            handles = [self._start_one(i) for i in range(len(self.targets))]
            self._task = asyncio.ensure_future(asyncio.gather(*(h.wait() for h in handles)))
        else:
            self._task = asyncio.ensure_future(self._sequential())
        return self

    async def _sequential(self) -> None:
        for i in range(len(self.targets)):
            if self._stopping or i in self._skipped:
                self._skip(i)
                continue
            await self._start_one(i).wait()

    def _skip(self, i: int) -> None:
        gen = self._skipped.get(i) or Generation(provider=self.targets[i].target.provider, interrupted=True)
        self._skipped[i] = gen
        self._sink(i)(ev.RunStopped())

    def stop(self, index: int | None = None) -> None:
        """Stop every column (``None``) or one. Each run is cancelled once; partial output stays."""
        indices = range(len(self.targets)) if index is None else [index]
        if index is None:
            self._stopping = True
        for i in indices:
            handle = self.handles[i]
            if handle is not None:
                handle.cancel()
            elif i not in self._skipped:
                self._skipped[i] = Generation(provider=self.targets[i].target.provider, interrupted=True)
                if self.mode == "parallel" or self._task is None:
                    self._sink(i)(ev.RunStopped())

    @property
    def done(self) -> bool:
        return self._task is not None and self._task.done()

    def generation(self, i: int) -> Generation | None:
        """Column ``i``'s generation as it stands (None while a sequential column waits its turn)."""
        handle = self.handles[i]
        if handle is not None:
            return handle.generation
        return self._skipped.get(i)

    def results(self) -> list[CompareResult]:
        """Every column as it stands, in the order of the targets."""
        out = []
        for i, (spec, conv) in enumerate(zip(self.targets, self.conversations, strict=True)):
            gen = self.generation(i) or Generation(provider=spec.target.provider)
            out.append(CompareResult(spec.label, conv, gen, metrics_of(gen)))
        return out

    async def wait(self) -> list[CompareResult]:
        """The results once every column has ended. Cancelling the waiter stops the comparison."""
        assert self._task is not None, "start() first"
        try:
            # shield: a cancelled waiter must not cancel the runs a second time (FIELD-NOTES: a
            # repeated cancel of an httpx stream leaks pool connections); stop() cancels them once.
            await asyncio.shield(self._task)
        except asyncio.CancelledError:
            self.stop()
            raise
        return self.results()


async def compare(
    runner: Runner,
    conversation: Conversation,
    targets: Sequence[CompareTarget],
    *,
    mode: str = "parallel",
    on_event: Callable[[int, ev.RunEvent], None] | None = None,
    options: RunOptions | None = None,
) -> list[CompareResult]:
    """Run every target on the same conversation; results come back in the order of ``targets``."""
    run = CompareRun(runner, conversation, targets, mode=mode, on_event=on_event, options=options)
    return await run.start().wait()


# ---------------------------------------------------------------------------------------------------------
# Metrics while streaming, and the best value per metric


@dataclass
class OutputCounter:
    """Counts output chunks: the token count until the provider reports usage (about one token per chunk)."""

    chunks: int = 0

    def feed(self, events: Sequence[ev.RunEvent]) -> None:
        self.chunks += sum(1 for e in events if isinstance(e, ev.OUTPUT_EVENTS))


@dataclass(frozen=True)
class Measured:
    """Metrics of one column, and which of them are estimates (named like the fields of ``Metrics``)."""

    metrics: Metrics
    estimated: frozenset[str] = frozenset()


def measure(gen: Generation, *, chunks: int = 0, prompt_estimate: int | None = None,
            now: float | None = None) -> Measured:
    """Metrics of a generation, running or ended.

    Until the provider reports usage, output tokens are the chunk count and input tokens the
    offline estimate (``prompt_estimate``); those fields are listed in ``estimated``. A running
    generation's total time is the time elapsed so far.
    """
    final = metrics_of(gen)
    estimated: set[str] = set()
    completion, prompt = final.completion_tokens, final.prompt_tokens
    if completion is None and chunks:
        completion = chunks
        estimated.add("completion_tokens")
    if prompt is None and prompt_estimate is not None:
        prompt = prompt_estimate
        estimated.add("prompt_tokens")
    t = gen.timings
    rate = final.tokens_per_second
    if rate is None and "completion_tokens" in estimated:
        rate = t.tokens_per_second(completion)
        if rate is not None:
            estimated.add("tokens_per_second")
    total = final.total_seconds
    if total is None and t.sent is not None and t.finished is None:
        total = (time.time() if now is None else now) - t.sent
    cost = final.cost
    if estimated & {"completion_tokens", "prompt_tokens"}:
        model = gen.model or (gen.request or {}).get("model")
        cost = cost_of(gen.provider, model, {"prompt_tokens": prompt or 0, "completion_tokens": completion or 0})
        if cost is not None:
            estimated.add("cost")
    metrics = Metrics(ttft=final.ttft, tokens_per_second=rate, prompt_tokens=prompt, completion_tokens=completion,
                      total_seconds=total, cost=cost, finish_reason=final.finish_reason)
    return Measured(metrics, frozenset(estimated))


# Which way is better, per metric. Token counts have no "better": more or fewer words is not a score.
BEST_RULES: dict[str, Callable[[Sequence[float]], float]] = {
    "ttft": min,
    "tokens_per_second": max,
    "total_seconds": min,
    "cost": min,
}


def best_of(rows: Sequence[Metrics | None]) -> dict[str, set[int]]:
    """Per metric, the rows holding the best value (ties share it).

    ``None`` rows take no part (the caller passes None for columns that failed, were stopped or
    are still running). A metric is left out when fewer than two rows have a value or when they
    are all equal: highlighting then says nothing.
    """
    out: dict[str, set[int]] = {}
    for name, pick in BEST_RULES.items():
        values = {i: getattr(m, name) for i, m in enumerate(rows) if m is not None and getattr(m, name) is not None}
        if len(values) < 2:
            continue
        best = pick(values.values())
        winners = {i for i, v in values.items() if math.isclose(v, best, rel_tol=1e-9, abs_tol=1e-12)}
        if len(winners) < len(values):
            out[name] = winners
    return out


def comparable(gen: Generation | None) -> bool:
    """A column whose metrics mean something next to the others: it ended by itself, without an error."""
    return gen is not None and gen.timings.finished is not None and not gen.error and not gen.interrupted


# ---------------------------------------------------------------------------------------------------------
# Parameter overrides typed as JSON


class OverridesError(ValueError):
    """Overrides that cannot be used; ``str()`` is one sentence (or several, one per problem) for the user."""


def parse_overrides(text: str) -> dict[str, Any]:
    """A JSON object of parameters (blank: none) checked with the catalog, or OverridesError saying why."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OverridesError(fill(_OVERRIDES_NOT_JSON, line=exc.lineno, column=exc.colno, problem=exc.msg)) from None
    return check_overrides(value)


_NOT_OVERRIDABLE = {  # set by the comparison itself
    "model": QT_TRANSLATE_NOOP("Engine", "model cannot be overridden here: pick the model above."),
    "messages": QT_TRANSLATE_NOOP("Engine", "messages cannot be overridden here: the prompt is the conversation's."),
    "stream": QT_TRANSLATE_NOOP("Engine", "stream cannot be overridden here: comparisons always stream."),
}


def check_overrides(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise OverridesError(fill(_OVERRIDES_NOT_OBJECT, example='{"temperature": 0.2}'))
    for name, sentence in _NOT_OVERRIDABLE.items():
        if name in value:
            raise OverridesError(sentence)
    problems = catalog.validate_all(value)
    if problems:
        raise OverridesError(" ".join(str(p) for p in problems))
    return value


# ---------------------------------------------------------------------------------------------------------
# Labels


def target_label(spec: CompareTarget | Target, params: Mapping[str, Any] | None = None) -> str:
    """``provider · model`` plus the overrides in short, e.g. ``openai · gpt-4o-mini · temperature=0.2``."""
    target = spec.target if isinstance(spec, CompareTarget) else spec
    overrides = spec.params if isinstance(spec, CompareTarget) else (params or {})
    parts = [target.provider, target.model or "default model"]
    for name, value in overrides.items():
        text = json.dumps(value, ensure_ascii=False)
        parts.append(f"{name}={text if len(text) <= 16 else text[:15] + '…'}")
    return " · ".join(parts)


def unique_labels(labels: Sequence[str]) -> list[str]:
    """The same labels, with ``(2)``, ``(3)``… after repeats so every column can be told apart."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


# ---------------------------------------------------------------------------------------------------------
# Comparison sets: targets + overrides saved as JSON in user_data_dir()/comparisons

SET_FORMAT = "parley.comparison-set"
SET_VERSION = 1
SETS_FOLDER = "comparisons"
SET_EXTENSION = ".json"
MAX_SET_NAME = 80


class CompareSetError(Exception):
    """A comparison set that cannot be saved or read; ``str()`` is one sentence for the user."""


@dataclass
class ComparisonSet:
    name: str
    targets: list[CompareTarget] = field(default_factory=list)
    mode: str = "parallel"
    path: Path | None = None


def sets_dir() -> Path:
    path = user_data_dir() / SETS_FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def set_file_name(name: str) -> str:
    return file_slug(name, "comparison") + SET_EXTENSION


def _check_set_name(name: str) -> str:
    problem = name_problem(name, "comparison set", MAX_SET_NAME)
    if problem:
        raise CompareSetError(problem)
    return name.strip()


def _check_base_url(url: str | None, problem: str) -> str | None:
    """``url``, or CompareSetError(``problem``) when it holds credentials."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.username or parts.password:
        # a file that is shared and copied around never carries a credential
        raise CompareSetError(problem)
    return url


def set_to_dict(cset: ComparisonSet) -> dict[str, Any]:
    targets = []
    for i, spec in enumerate(cset.targets, 1):
        try:
            params = check_overrides(spec.params)
        except OverridesError as exc:
            raise CompareSetError(fill(_TARGET_PROBLEM, number=i, label=spec.label, problem=exc)) from None
        entry: dict[str, Any] = {"label": spec.label, "provider": spec.target.provider, "model": spec.target.model}
        base_url = _check_base_url(spec.target.base_url, fill(_TARGET_CREDENTIALS, number=i, label=spec.label))
        if base_url:
            entry["base_url"] = base_url
        if params:
            entry["params"] = copy.deepcopy(params)
        targets.append(entry)
    return {"format": SET_FORMAT, "version": SET_VERSION, "name": cset.name, "mode": cset.mode, "targets": targets}


def set_from_dict(data: Any, source: str = "The comparison set") -> ComparisonSet:
    if not isinstance(data, dict) or data.get("format") != SET_FORMAT:
        raise CompareSetError(fill(_SET_NOT_A_SET, source=source))
    version = data.get("version")
    if not isinstance(version, int) or version > SET_VERSION:
        raise CompareSetError(fill(_SET_NEWER, source=source, version=version))
    name, mode, entries = data.get("name"), data.get("mode", "parallel"), data.get("targets")
    if not isinstance(name, str) or not isinstance(entries, list):
        raise CompareSetError(fill(_SET_NO_TARGETS, source=source))
    if mode not in MODES:
        raise CompareSetError(fill(_SET_MODE, source=source, mode=repr(mode)))
    targets = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("provider"), str) or not entry["provider"]:
            raise CompareSetError(fill(_SET_NO_PROVIDER, source=source, number=i))
        model = entry.get("model") or ""
        base_url = entry.get("base_url") or None
        if not isinstance(model, str) or not (base_url is None or isinstance(base_url, str)):
            raise CompareSetError(fill(_SET_NOT_TEXT, source=source, number=i))
        try:
            params = check_overrides(entry.get("params") or {})
        except OverridesError as exc:
            raise CompareSetError(fill(_SET_TARGET, source=source, number=i, problem=str(exc))) from None
        credentials = fill(_SET_CREDENTIALS, source=source)
        target = Target(provider=entry["provider"], model=model, base_url=_check_base_url(base_url, credentials))
        label = entry.get("label") if isinstance(entry.get("label"), str) else ""
        spec = CompareTarget(label or "", target, params)
        spec.label = label or target_label(spec)
        targets.append(spec)
    return ComparisonSet(name=name, targets=targets, mode=mode)


def save_set(cset: ComparisonSet, path: Path | None = None) -> ComparisonSet:
    """Write the set (to ``path``, or under its name in ``sets_dir()``, replacing one of the same name)."""
    from parley.core.files import ConversationFileError, write_atomic

    name = _check_set_name(cset.name)
    saved = ComparisonSet(name, list(cset.targets), cset.mode)
    data = set_to_dict(saved)
    if path is None:
        existing = find_set(name)
        path = existing.path if existing is not None and existing.path is not None else sets_dir() / set_file_name(name)
    try:
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), backup=False)
    except ConversationFileError as exc:
        raise CompareSetError(fill(_CANNOT_SAVE_SET, problem=exc.problem)) from None
    saved.path = Path(path)
    return saved


def read_set(path: Path) -> ComparisonSet:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise CompareSetError(fill(_CANNOT_READ_SET, file=Path(path).name, reason=reason)) from None
    except ValueError as exc:
        raise CompareSetError(fill(_SET_NOT_JSON, source=Path(path).name, problem=str(exc))) from None
    cset = set_from_dict(data, Path(path).name)
    cset.path = Path(path)
    return cset


def list_sets() -> tuple[list[ComparisonSet], list[str]]:
    """Every readable set in ``sets_dir()``, sorted by name, and a sentence per file that could not be read."""
    found, problems = [], []
    for path in sorted(sets_dir().glob(f"*{SET_EXTENSION}")):
        try:
            found.append(read_set(path))
        except CompareSetError as exc:
            problems.append(str(exc))
    found.sort(key=lambda s: s.name.casefold())
    return found, problems


def find_set(name: str) -> ComparisonSet | None:
    wanted = name.strip().casefold()
    return next((s for s in list_sets()[0] if s.name.casefold() == wanted), None)


def delete_set(name: str) -> bool:
    cset = find_set(name)
    if cset is None or cset.path is None:
        return False
    try:
        cset.path.unlink()
    except OSError as exc:
        raise CompareSetError(fill(_CANNOT_DELETE_SET, name=repr(cset.name), reason=exc.strerror or exc)) from None
    return True


# ---------------------------------------------------------------------------------------------------------
# Export

RESULTS_FORMAT = "parley.comparison-results"
RESULTS_VERSION = 1

_COLUMNS = (  # (metric, heading, how it is written)
    ("ttft", "TTFT", "{:.2f} s"),
    ("tokens_per_second", "tok/s", "{:.1f}"),
    ("prompt_tokens", "In", "{}"),
    ("completion_tokens", "Out", "{}"),
    ("total_seconds", "Total", "{:.2f} s"),
    ("cost", "Cost", "${:.6f}"),
)


def status_of(gen: Generation) -> str:
    """``done``, ``stopped``, ``not run``, ``failed`` or ``running``: a column's outcome in one word."""
    if gen.error:
        return "failed"
    if gen.interrupted:
        return "stopped" if gen.timings.sent is not None else "not run"
    return "done" if gen.timings.finished is not None else "running"


def format_metric(name: str, value: Any, estimated: bool = False) -> str:
    if value is None:
        return "—"
    pattern = dict((n, p) for n, _h, p in _COLUMNS).get(name, "{}")
    if name == "cost" and value == 0:
        return "$0"  # a free (local) model: no need for six zeros
    if name == "cost" and value >= 0.0001:
        pattern = "${:.4f}"
    return ("≈" if estimated else "") + pattern.format(value)


def _prompt_text(conversation: Conversation) -> str:
    users = [m for m in conversation.messages if m.role == "user"]
    return users[-1].text if users else ""


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def results_to_markdown(conversation: Conversation, results: Sequence[CompareResult],
                        targets: Sequence[CompareTarget] | None = None) -> str:
    """A report: the prompt, a metrics table (best values in bold) and each answer in full."""
    best = best_of([r.metrics if comparable(r.generation) else None for r in results])
    lines = [f"# Comparison: {conversation.title}", ""]
    prompt = _prompt_text(conversation)
    if prompt:
        lines += ["**Prompt**", "", *[f"> {line}" for line in prompt.splitlines() or [""]], ""]
    if conversation.params:
        lines += [f"Conversation parameters: `{json.dumps(conversation.params, ensure_ascii=False)}`", ""]
    lines.append("| Target | Model | " + " | ".join(h for _n, h, _p in _COLUMNS) + " | Finish |")
    lines.append("|---|---|" + "---:|" * len(_COLUMNS) + "---|")
    for i, r in enumerate(results):
        cells = [_md_cell(r.label), _md_cell(r.generation.model or r.conversation.target.model or "—")]
        for name, _h, _p in _COLUMNS:
            text = format_metric(name, getattr(r.metrics, name))
            cells.append(f"**{text}**" if i in best.get(name, set()) else text)
        outcome = status_of(r.generation)
        cells.append(_md_cell(r.metrics.finish_reason or "—") if outcome == "done" else outcome)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Best values are in bold (lowest TTFT, total time and cost; highest tok/s).", ""]
    for i, r in enumerate(results, 1):
        spec = targets[i - 1] if targets is not None and i - 1 < len(targets) else None
        overrides = spec.params if spec is not None else {}
        lines.append(f"## {i}. {r.label}")
        lines.append("")
        facts = [r.conversation.target.provider, r.generation.model or r.conversation.target.model or "default model"]
        if overrides:
            facts.append(f"overrides `{json.dumps(overrides, ensure_ascii=False)}`")
        lines += ["_" + " · ".join(facts) + "_", ""]
        choice = r.generation.choice
        if choice is not None and choice.reasoning:
            lines += ["<details><summary>Reasoning</summary>", "", choice.reasoning.strip(), "", "</details>", ""]
        if r.text:
            lines += [r.text.rstrip(), ""]
        if choice is not None and choice.refusal:
            lines += [f"> Refusal: {choice.refusal}", ""]
        for call in (choice.tool_calls or []) if choice is not None else []:
            fn = call.get("function", {})
            lines += [f"Tool call `{fn.get('name', '')}`:", "", "```json", str(fn.get("arguments", "")), "```", ""]
        outcome = status_of(r.generation)
        if r.generation.error:
            lines += [f"> **Error:** {r.generation.error}", ""]
        elif outcome in ("stopped", "not run"):
            lines += [f"> _{'Stopped: the text above is what arrived.' if outcome == 'stopped' else NOT_RUN}_", ""]
    return "\n".join(lines).rstrip() + "\n"


def results_to_dict(conversation: Conversation, results: Sequence[CompareResult],
                    targets: Sequence[CompareTarget] | None = None, *, mode: str | None = None) -> dict[str, Any]:
    """Everything needed to read or reproduce the comparison: the prompt, each request body and answer."""
    best = best_of([r.metrics if comparable(r.generation) else None for r in results])
    rows = []
    for i, r in enumerate(results):
        spec = targets[i] if targets is not None and i < len(targets) else None
        gen, choice = r.generation, r.generation.choice
        rows.append({
            "label": r.label,
            "provider": r.conversation.target.provider,
            "model_requested": r.conversation.target.model or None,
            "model": gen.model,
            "overrides": copy.deepcopy(spec.params) if spec is not None else {},
            "status": status_of(gen),
            "text": r.text,
            "reasoning": choice.reasoning if choice else None,
            "refusal": choice.refusal if choice else None,
            "tool_calls": copy.deepcopy(choice.tool_calls) if choice else None,
            "error": gen.error,
            "metrics": dict(vars(r.metrics)),
            "best": sorted(name for name, rows_ in best.items() if i in rows_),
            "usage": copy.deepcopy(gen.usage),
            "request": copy.deepcopy(gen.request),
        })
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "title": conversation.title,
        "exported": time.time(),
        "mode": mode,
        "messages": conversation.wire_messages(),
        "params": copy.deepcopy(conversation.params),
        "results": rows,
    }


def results_to_json(conversation: Conversation, results: Sequence[CompareResult],
                    targets: Sequence[CompareTarget] | None = None, *, mode: str | None = None) -> str:
    return json.dumps(results_to_dict(conversation, results, targets, mode=mode), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Keep this answer


class KeepError(ValueError):
    """An answer that cannot become the conversation's next turn; ``str()`` says why."""


def prompt_key(conversation: Conversation) -> tuple[tuple[str, str, str], ...]:
    """What a comparison sent, to tell later whether the conversation is still the same prompt."""
    return tuple((m.id, m.role, json.dumps(m.to_wire(), sort_keys=True, ensure_ascii=False))
                 for m in conversation.messages)


def keep_answer(conversation: Conversation, generation: Generation,
                prompt: tuple[tuple[str, str, str], ...] | None = None) -> Message:
    """Append the answer as a new assistant message holding a copy of the generation (a fresh id).

    With ``prompt`` (``prompt_key`` of the conversation when the comparison ran), an answer to a
    conversation that has changed since is refused: it would answer a question no longer there.
    """
    choice = generation.choice
    if choice is None or not choice.has_output:
        raise KeepError(QT_TRANSLATE_NOOP("Engine", "This column has no answer to keep."))
    if prompt is not None and prompt_key(conversation) != prompt:
        raise KeepError(QT_TRANSLATE_NOOP("Engine", "The conversation changed since this comparison ran: run it "
                                                  "again to keep an answer."))
    kept = copy.deepcopy(generation)
    kept.id = new_id()
    message = Message(role="assistant", content="")
    message.generations.append(kept)
    message.select(0, kept.selected_choice)
    conversation.append(message)
    return message
