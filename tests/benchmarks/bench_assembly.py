"""How fast chunks are parsed and assembled: a 20,000-chunk stream over loopback.

Run:  python tests/benchmarks/bench_assembly.py      (or: pytest tests/benchmarks/bench_assembly.py -s)

The server runs in a child process (so its writes do not compete with the client for the GIL)
and writes every event separately, as a real server does. Rows:
- transport: httpx reading the bytes, nothing else (the floor);
- httpx-sse: httpx-sse's event parser + json.loads (the library we chose not to use);
- parse: ``api.sse.iter_chunks`` (SSE framing + one json.loads per chunk): the "raw SSE parsing rate";
- parse + assemble: the same, each chunk fed to ``core.stream.StreamAssembler``;
- ... with the cyclic garbage collector paused: the assembled logprobs are kept (that is the
  point), hundreds of thousands of small dicts and lists, and CPython's GC walks them again and
  again while they accumulate; this row shows how much of the cost that is;
- in memory: the same two steps without a socket, to show the CPU cost of each part.
The goal: parse + assemble at no less than half the parse rate. Measured (2 shared cores,
Python 3.11): text-only streams reach about 0.6-0.7 of the parse rate. With logprobs the
assembler's own work is still small (the "assemble only" row), but keeping every logprob entry
means CPython's full garbage collections walk a few hundred thousand retained dicts and lists:
about 0.55 of the parse rate in a bare interpreter, nearer 0.3 in a process with a larger heap
(e.g. under pytest), and the "gc paused" row recovers most of it. A caller that streams long
logprob runs can pause or tune the cyclic GC for the duration of the run.
"""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHUNKS = 20_000
REPEATS = 3
WORDS = [" the", " quick", " brown", " fox", " jumps", " over", " lazy", " dogs", " 日本", "語", " café", "."]


def make_stream(n: int, logprobs: bool) -> list[bytes]:
    """``n`` content chunks shaped like OpenAI's (role chunk, deltas, finish, usage-only chunk, [DONE])."""
    base = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1732000000,
            "model": "gpt-4o-mini-2024-07-18", "service_tier": "default", "system_fingerprint": "fp_0ba0d124f1",
            "usage": None}

    def event(obj: Any) -> bytes:
        return b"data: " + json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"

    out = [event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": None},
                                       "logprobs": None, "finish_reason": None}]})]
    for i in range(n):
        word = WORDS[i % len(WORDS)]
        lp = None
        if logprobs:
            alternatives = [{"token": w, "logprob": -0.5 * k, "bytes": list(w.encode())}
                            for k, w in enumerate(WORDS[:5])]
            lp = {"content": [{"token": word, "logprob": -0.25, "bytes": list(word.encode()),
                               "top_logprobs": alternatives}], "refusal": None}
        out.append(event({**base, "choices": [{"index": 0, "delta": {"content": word}, "logprobs": lp,
                                               "finish_reason": None}]}))
    out.append(event({**base, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}]}))
    out.append(event({**base, "choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": n,
                                                       "total_tokens": n + 10}}))
    out.append(b"data: [DONE]\n\n")
    return out


def expected_text(n: int) -> str:
    return "".join(WORDS[i % len(WORDS)] for i in range(n))


def serve(n: int, logprobs: bool) -> None:
    """Child process: serve the same stream to every request until stdin closes."""
    from tests.support.sse_server import LoopbackServer, Reply

    with LoopbackServer(default=Reply(chunks=make_stream(n, logprobs))) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()


async def _timed(label: str, url: str, consume: Any) -> tuple[str, float]:
    import httpx

    best = float("inf")
    async with httpx.AsyncClient(timeout=60) as client:
        for _ in range(REPEATS):
            started = time.perf_counter()
            async with client.stream("POST", url, json={"stream": True}) as response:
                await consume(response)
            best = min(best, time.perf_counter() - started)
    return label, best


async def _network_rows(url: str, n: int) -> list[tuple[str, float]]:
    from httpx_sse import EventSource

    from parley.api.sse import iter_chunks
    from parley.core.stream import StreamAssembler

    async def transport(response: Any) -> None:
        async for _ in response.aiter_bytes():
            pass

    async def httpx_sse(response: Any) -> None:
        async for event in EventSource(response).aiter_sse():
            if event.data != "[DONE]":
                json.loads(event.data)

    async def parse(response: Any) -> None:
        async for _ in iter_chunks(response):
            pass

    async def parse_and_assemble(response: Any) -> None:
        assembler = StreamAssembler()
        async for chunk in iter_chunks(response):
            assembler.feed(chunk)
        text = assembler.result().choices[0].content
        assert text == expected_text(n), "assembly went wrong"

    async def parse_and_assemble_gc_paused(response: Any) -> None:
        gc.disable()
        try:
            await parse_and_assemble(response)
        finally:
            gc.enable()

    rows = []
    for label, consume in (("transport (httpx bytes only)", transport), ("httpx-sse + json.loads", httpx_sse),
                           ("parse: iter_chunks", parse), ("parse + assemble", parse_and_assemble),
                           ("parse + assemble, gc paused", parse_and_assemble_gc_paused)):
        rows.append(await _timed(label, url, consume))
    return rows


def _memory_rows(n: int, logprobs: bool) -> list[tuple[str, float]]:
    from parley.api.sse import parse_sse_bytes
    from parley.core.stream import StreamAssembler

    data = b"".join(make_stream(n, logprobs))
    best_parse = best_assemble = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        chunks = parse_sse_bytes(data)
        best_parse = min(best_parse, time.perf_counter() - started)
        started = time.perf_counter()
        assembler = StreamAssembler()
        for chunk in chunks:
            assembler.feed(chunk)
        assembler.result()
        best_assemble = min(best_assemble, time.perf_counter() - started)
    return [("in memory: parse_sse_bytes", best_parse), ("in memory: assemble only", best_assemble)]


def run(n: int = CHUNKS) -> str:
    lines = []
    for logprobs in (False, True):
        child = subprocess.Popen([sys.executable, __file__, "--serve", str(n), str(int(logprobs))],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            assert child.stdout is not None
            url = child.stdout.readline().strip() + "/chat/completions"
            rows = asyncio.run(_network_rows(url, n)) + _memory_rows(n, logprobs)
        finally:
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=10)
        size = len(b"".join(make_stream(n, logprobs)))
        parse_rate = n / dict(rows)["parse: iter_chunks"]
        lines.append(f"\n{n:,} chunks, {'with logprobs (top 5)' if logprobs else 'text only'}, "
                     f"{size / n:.0f} bytes per event, best of {REPEATS}")
        lines.append(f"{'':32} {'seconds':>8} {'chunks/s':>10} {'vs parse':>9}")
        for label, seconds in rows:
            rate = n / seconds
            lines.append(f"{label:32} {seconds:8.3f} {rate:10,.0f} {rate / parse_rate:9.2f}")
    return "\n".join(lines)


def test_assembly_speed() -> None:
    """Prints the table (``-s`` to see it); not a timed assertion."""
    print(run())


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), bool(int(sys.argv[3])))
    else:
        print(run())
