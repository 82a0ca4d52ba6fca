"""Comparisons against loopback servers (one per target, so each column has its own reply), plus the
Qt-free pieces the comparison workspace uses: metrics, best values, overrides, sets, export, keep."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.core import events as ev
from parley.core.conversation import Conversation, Generation, Message, Target, Timings
from parley.secrets import KeyStore
from parley.services import compare as cmp
from parley.services.compare import CompareRun, CompareTarget, Metrics
from parley.services.runner import Runner
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, error_body

USAGE = {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}


@pytest.fixture
def servers() -> Iterator[list[LoopbackServer]]:
    started = [LoopbackServer().start() for _ in range(3)]
    yield started
    for s in started:
        s.stop()


@pytest.fixture
async def runner() -> Runner:
    r = Runner()
    yield r
    await r.aclose()


def prompt() -> Conversation:
    conv = Conversation(title="Haiku", target=Target(provider="custom", model="main-model"))
    conv.append(Message(role="system", content="Be brief."))
    conv.append(Message(role="user", content="A haiku about rain"))
    conv.params = {"temperature": 0.7, "seed": 1}
    return conv


def spec(server: LoopbackServer, model: str, **params: object) -> CompareTarget:
    target = Target(provider="custom", model=model, base_url=server.base_url)
    return CompareTarget(cmp.target_label(target, params), target, dict(params))


# -- running ---------------------------------------------------------------------------------------------


async def test_each_target_gets_its_own_model_and_parameters(servers, runner) -> None:
    for s, word in zip(servers, ("Drizzle", "Puddles", "Thunder"), strict=True):
        s.queue(Reply(chunks=chat_chunks([word, " falls"], usage=USAGE, model=f"{word.lower()}-v1")))
    targets = [spec(servers[0], "m-a"), spec(servers[1], "m-b", temperature=0.1), spec(servers[2], "m-c", top_p=0.5)]
    conv = prompt()
    seen: dict[int, list[ev.RunEvent]] = {0: [], 1: [], 2: []}

    results = await cmp.compare(runner, conv, targets, on_event=lambda i, e: seen[i].append(e))

    assert [r.text for r in results] == ["Drizzle falls", "Puddles falls", "Thunder falls"]
    bodies = [s.requests[-1].body for s in servers]
    assert [b["model"] for b in bodies] == ["m-a", "m-b", "m-c"]
    assert [b["temperature"] for b in bodies] == [0.7, 0.1, 0.7]  # overrides win, the rest is the conversation's
    assert "top_p" not in bodies[0] and bodies[2]["top_p"] == 0.5
    assert all(b["seed"] == 1 for b in bodies)
    assert all(isinstance(events[-1], ev.RunFinished) for events in seen.values())
    assert [r.metrics.completion_tokens for r in results] == [3, 3, 3]
    assert len(conv.messages) == 2  # the user's conversation is never touched


async def test_stop_all_keeps_what_arrived_and_the_finished_column(servers, runner) -> None:
    servers[0].queue(Reply(chunks=chat_chunks(["quick"], usage=USAGE)))
    servers[1].queue(Reply(chunks=chat_chunks([f"w{i} " for i in range(300)]), delay=0.01))
    targets = [spec(servers[0], "fast"), spec(servers[1], "slow")]
    got_text = asyncio.Event()
    finished_first = asyncio.Event()

    def on_event(i: int, e: ev.RunEvent) -> None:
        if i == 1 and isinstance(e, ev.TextDelta) and e.text.startswith("w5"):
            got_text.set()
        if i == 0 and isinstance(e, ev.RunFinished):
            finished_first.set()

    run = CompareRun(runner, prompt(), targets, on_event=on_event).start()
    await asyncio.wait_for(asyncio.gather(got_text.wait(), finished_first.wait()), 10)
    run.stop()
    run.stop()  # a second Stop all is harmless
    results = await asyncio.wait_for(run.wait(), 5)

    assert results[0].text == "quick" and cmp.status_of(results[0].generation) == "done"
    slow = results[1]
    assert slow.text.startswith("w0 w1 w2 w3 w4 w5") and "w299" not in slow.text
    assert cmp.status_of(slow.generation) == "stopped" and slow.generation.error is None


async def test_stopping_one_column_leaves_the_others_running(servers, runner) -> None:
    servers[0].queue(Reply(chunks=chat_chunks([f"a{i} " for i in range(40)]), delay=0.01))
    servers[1].queue(Reply(chunks=chat_chunks([f"b{i} " for i in range(300)]), delay=0.01))
    started = asyncio.Event()
    run = CompareRun(runner, prompt(), [spec(servers[0], "a"), spec(servers[1], "b")],
                     on_event=lambda i, e: started.set() if i == 1 and isinstance(e, ev.TextDelta) else None).start()
    await asyncio.wait_for(started.wait(), 5)
    run.stop(1)
    results = await asyncio.wait_for(run.wait(), 10)
    assert results[0].text == "".join(f"a{i} " for i in range(40))
    assert cmp.status_of(results[1].generation) == "stopped"


async def test_sequential_stop_marks_the_waiting_targets_not_run(servers, runner) -> None:
    servers[0].queue(Reply(chunks=chat_chunks([f"x{i} " for i in range(300)]), delay=0.01))
    seen: dict[int, list[ev.RunEvent]] = {0: [], 1: [], 2: []}
    started = asyncio.Event()

    def on_event(i: int, e: ev.RunEvent) -> None:
        seen[i].append(e)
        if isinstance(e, ev.TextDelta):
            started.set()

    targets = [spec(s, f"m{i}") for i, s in enumerate(servers)]
    run = CompareRun(runner, prompt(), targets, mode="sequential", on_event=on_event).start()
    await asyncio.wait_for(started.wait(), 5)
    assert run.generation(1) is None  # not started yet
    run.stop()
    results = await asyncio.wait_for(run.wait(), 5)
    assert [cmp.status_of(r.generation) for r in results] == ["stopped", "not run", "not run"]
    assert all(isinstance(seen[i][-1], ev.RunStopped) for i in (0, 1, 2))
    assert not servers[1].requests and not servers[2].requests  # nothing was sent for them


async def test_sequential_runs_one_after_another(servers, runner) -> None:
    for s in servers[:2]:
        s.queue(Reply(chunks=chat_chunks(["one", " two"], usage=USAGE), delay=0.02))
    results = await cmp.compare(runner, prompt(), [spec(servers[0], "a"), spec(servers[1], "b")], mode="sequential")
    first, second = (r.generation.timings for r in results)
    assert first.finished <= second.sent


async def test_cancelling_the_waiter_stops_every_run_once(servers, runner) -> None:
    for s in servers[:2]:
        s.queue(Reply(chunks=chat_chunks([f"t{i} " for i in range(300)]), delay=0.01))
    run = CompareRun(runner, prompt(), [spec(servers[0], "a"), spec(servers[1], "b")]).start()
    waiter = asyncio.ensure_future(run.wait())
    await asyncio.sleep(0.2)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    for h in run.handles:
        assert h is not None and h.cancelled
        gen = await h.wait()
        assert gen.interrupted


async def test_an_error_in_one_column_does_not_touch_the_others(servers, runner) -> None:
    servers[0].queue(Reply(chunks=chat_chunks(["fine"], usage=USAGE)))
    servers[1].queue(Reply(status=400, body=error_body("Unsupported value: 'temperature' does not support 0.1",
                                                       param="temperature")))
    results = await cmp.compare(runner, prompt(), [spec(servers[0], "a"), spec(servers[1], "b", temperature=0.1)])
    assert results[0].text == "fine" and results[0].generation.error is None
    assert "does not support 0.1" in results[1].generation.error
    assert cmp.status_of(results[1].generation) == "failed"


# -- metrics ---------------------------------------------------------------------------------------------


def test_measure_estimates_until_usage_arrives() -> None:
    gen = Generation(provider="openai", request={"model": "gpt-4o-mini"},
                     timings=Timings(sent=100.0, first_token=100.5, last_token=102.5))
    live = cmp.measure(gen, chunks=41, prompt_estimate=1000, now=103.0)
    m = live.metrics
    assert m.ttft == pytest.approx(0.5) and m.total_seconds == pytest.approx(3.0)
    assert m.completion_tokens == 41 and m.tokens_per_second == pytest.approx(20.0)
    assert m.cost == pytest.approx((1000 * 0.15 + 41 * 0.6) / 1e6)
    assert live.estimated == {"completion_tokens", "prompt_tokens", "tokens_per_second", "cost"}

    gen.usage = {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940}
    gen.timings.finished = 103.5
    final = cmp.measure(gen, chunks=41, prompt_estimate=1000)
    assert final.estimated == frozenset()
    assert final.metrics.completion_tokens == 40 and final.metrics.total_seconds == pytest.approx(3.5)
    assert final.metrics.cost == pytest.approx((900 * 0.15 + 40 * 0.6) / 1e6)


def row(**values: float | None) -> Metrics:
    base: dict[str, float | None] = dict(ttft=None, tokens_per_second=None, prompt_tokens=None,
                                         completion_tokens=None, total_seconds=None, cost=None)
    base.update(values)
    return Metrics(finish_reason="stop", **base)  # type: ignore[arg-type]


def test_best_of_picks_the_right_direction_and_shares_ties() -> None:
    rows = [row(ttft=0.4, tokens_per_second=50.0, total_seconds=3.0, cost=0.002, completion_tokens=100),
            row(ttft=0.2, tokens_per_second=80.0, total_seconds=3.0, cost=0.0, completion_tokens=20),
            None,  # failed or stopped: takes no part
            row(ttft=0.2, tokens_per_second=10.0, total_seconds=2.5, cost=None, completion_tokens=300)]
    best = cmp.best_of(rows)
    assert best == {"ttft": {1, 3}, "tokens_per_second": {1}, "total_seconds": {3}, "cost": {1}}


def test_best_of_says_nothing_for_one_row_or_all_equal() -> None:
    assert cmp.best_of([row(ttft=0.1)]) == {}
    assert cmp.best_of([row(cost=0.0), row(cost=0.0), None]) == {}


# -- overrides -------------------------------------------------------------------------------------------


def test_overrides_are_checked_with_the_catalog() -> None:
    assert cmp.parse_overrides("") == {}
    assert cmp.parse_overrides('{"temperature": 0.2, "max_tokens": 50}') == {"temperature": 0.2, "max_tokens": 50}
    with pytest.raises(cmp.OverridesError, match="line 1, column 17"):
        cmp.parse_overrides('{"temperature": }')
    with pytest.raises(cmp.OverridesError, match="JSON object"):
        cmp.parse_overrides("[1, 2]")
    with pytest.raises(cmp.OverridesError, match="temperature") as err:
        cmp.parse_overrides('{"temperature": 7}')
    assert "2" in str(err.value)  # says the range
    with pytest.raises(cmp.OverridesError, match=r"temprature.*temperature"):
        cmp.parse_overrides('{"temprature": 0.5}')
    with pytest.raises(cmp.OverridesError, match="model cannot be overridden"):
        cmp.parse_overrides('{"model": "gpt-4o"}')


def test_labels_tell_columns_apart() -> None:
    t = Target(provider="openai", model="gpt-4o-mini")
    assert cmp.target_label(t, {"temperature": 0.2}) == "openai · gpt-4o-mini · temperature=0.2"
    assert cmp.unique_labels(["a", "b", "a", "a"]) == ["a", "b", "a (2)", "a (3)"]


# -- comparison sets -------------------------------------------------------------------------------------


def a_set() -> cmp.ComparisonSet:
    return cmp.ComparisonSet("Rain poems", [
        CompareTarget("mini", Target(provider="openai", model="gpt-4o-mini"), {"temperature": 0.2}),
        CompareTarget("lab", Target(provider="custom", model="qwen", base_url="http://10.0.0.5:8000/v1")),
    ], mode="sequential")


def test_sets_round_trip_through_the_comparisons_folder(data_dir: Path) -> None:
    saved = cmp.save_set(a_set())
    assert saved.path is not None and saved.path.parent == data_dir / "comparisons"
    on_disk = json.loads(saved.path.read_text(encoding="utf-8"))
    assert on_disk["format"] == "parley.comparison-set" and on_disk["version"] == 1
    loaded = cmp.read_set(saved.path)
    assert loaded.name == "Rain poems" and loaded.mode == "sequential"
    assert [(t.label, t.target.provider, t.target.model, t.target.base_url, t.params) for t in loaded.targets] == [
        ("mini", "openai", "gpt-4o-mini", None, {"temperature": 0.2}),
        ("lab", "custom", "qwen", "http://10.0.0.5:8000/v1", {}),
    ]
    again = cmp.save_set(cmp.ComparisonSet("rain poems", loaded.targets[:1]))  # same name: replaced
    assert again.path == saved.path
    sets, problems = cmp.list_sets()
    assert [len(s.targets) for s in sets] == [1] and not problems
    assert cmp.delete_set("Rain Poems") and cmp.list_sets() == ([], [])


def test_bad_set_files_are_reported_and_left_alone() -> None:
    folder = cmp.sets_dir()
    broken = folder / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    newer = folder / "newer.json"
    newer.write_text(json.dumps({"format": "parley.comparison-set", "version": 9, "name": "x", "targets": []}))
    wrong = folder / "wrong.json"
    wrong.write_text(json.dumps({"format": "parley.comparison-set", "version": 1, "name": "x",
                                 "targets": [{"provider": "openai", "params": {"temperature": 9}}]}))
    sets, problems = cmp.list_sets()
    assert sets == []
    assert any("broken.json is not valid JSON" in p for p in problems)
    assert any("newer Parley" in p for p in problems)
    assert any("target 1" in p and "temperature" in p for p in problems)
    assert broken.read_text(encoding="utf-8") == "{not json"


def test_a_set_never_holds_credentials_or_invalid_overrides() -> None:
    leaky = cmp.ComparisonSet("leaky", [CompareTarget("x", Target(provider="custom", model="m",
                                                                  base_url="https://me:hunter2@host/v1"))])
    with pytest.raises(cmp.CompareSetError, match="credentials"):
        cmp.save_set(leaky)
    bad = cmp.ComparisonSet("bad", [CompareTarget("x", Target(provider="openai"), {"top_p": 3})])
    with pytest.raises(cmp.CompareSetError, match="top_p"):
        cmp.save_set(bad)
    with pytest.raises(cmp.CompareSetError, match="name"):
        cmp.save_set(cmp.ComparisonSet("  ", []))
    assert list(cmp.sets_dir().iterdir()) == []


# -- export ----------------------------------------------------------------------------------------------


async def test_export_has_the_table_with_best_values_and_every_answer(servers, runner) -> None:
    KeyStore().set("custom", "sk-test-secret-abcdefghijklmnop")
    servers[0].queue(Reply(chunks=chat_chunks(["Soft | rain"], usage=USAGE)))
    servers[1].queue(Reply(chunks=chat_chunks(["Loud rain"], usage={**USAGE, "completion_tokens": 9}), delay=0.05))
    servers[2].queue(Reply(status=404, body=error_body("The model `c` does not exist")))
    targets = [spec(servers[0], "a"), spec(servers[1], "b", temperature=0.1), spec(servers[2], "c")]
    conv = prompt()
    results = await cmp.compare(runner, conv, targets, options=None)
    assert servers[0].requests[-1].headers["authorization"] == "Bearer sk-test-secret-abcdefghijklmnop"

    md = cmp.results_to_markdown(conv, results, targets)
    assert "> A haiku about rain" in md
    assert "Soft | rain" in md and "Loud rain" in md
    assert "**Error:**" in md and "The model `c` does not exist" in md
    table = [line for line in md.splitlines() if line.startswith("| custom")]
    assert len(table) == 3 and "failed" in table[2]
    assert "**" in table[0].split("|")[7] or "**" in table[1].split("|")[7]  # a best total time is bold
    assert "overrides `{\"temperature\": 0.1}`" in md

    data = json.loads(cmp.results_to_json(conv, results, targets, mode="parallel"))
    assert data["format"] == "parley.comparison-results"
    assert [r["status"] for r in data["results"]] == ["done", "done", "failed"]
    assert data["results"][1]["overrides"] == {"temperature": 0.1}
    assert data["results"][1]["request"]["temperature"] == 0.1
    assert data["messages"][-1] == {"role": "user", "content": "A haiku about rain"}
    for text in (md, json.dumps(data)):
        assert "sk-test-secret" not in text


# -- keep this answer ------------------------------------------------------------------------------------


async def test_keep_answer_adds_a_new_assistant_turn(servers, runner) -> None:
    servers[0].queue(Reply(chunks=chat_chunks(["Kept", " answer"], usage=USAGE)))
    conv = prompt()
    key = cmp.prompt_key(conv)
    [result] = await cmp.compare(runner, conv, [spec(servers[0], "a", temperature=0.1)])

    message = cmp.keep_answer(conv, result.generation, key)
    assert conv.messages[-1] is message and message.role == "assistant" and message.content == "Kept answer"
    assert len(message.generations) == 1 and message.generations[0].id != result.generation.id
    assert message.generations[0].request["temperature"] == 0.1  # how it was produced stays with it
    assert conv.wire_messages()[-1] == {"role": "assistant", "content": "Kept answer"}

    with pytest.raises(cmp.KeepError, match="changed"):
        cmp.keep_answer(conv, result.generation, key)  # the conversation has a new turn now
    with pytest.raises(cmp.KeepError, match="no answer"):
        cmp.keep_answer(conv, Generation(provider="custom"))
