"""Engine figures: CLI start time, and memory for a 20k-token reply with top_logprobs=20.

Run: `python tests/benchmarks/bench_engine.py` (or `pytest tests/benchmarks/bench_engine.py -s`).
Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from parley.core.conversation import Conversation, Message, Target  # noqa: E402
from parley.services.runner import Runner  # noqa: E402
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cli_start_times(runs: int = 7) -> list[float]:
    times = []
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "parley", "providers"], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def logprob_entry(i: int) -> dict:
    token = f" w{i % 1000}"
    alts = [{"token": f" a{j}", "bytes": list(f" a{j}".encode()), "logprob": -1.0 - j} for j in range(19)]
    return {"token": token, "bytes": list(token.encode()), "logprob": -0.5,
            "top_logprobs": [{"token": token, "bytes": list(token.encode()), "logprob": -0.5}, *alts]}


async def reply_memory(tokens: int = 20_000) -> dict[str, float]:
    pieces = [f" w{i % 1000}" for i in range(tokens)]
    chunks = chat_chunks(pieces, logprobs=[[logprob_entry(i)] for i in range(tokens)],
                         usage={"prompt_tokens": 10, "completion_tokens": tokens, "total_tokens": tokens + 10})
    wire_mb = sum(len(c) for c in chunks) / 1e6
    with LoopbackServer() as server:
        server.queue(Reply(chunks=chunks))
        conv = Conversation(target=Target(provider="custom", model="m", base_url=server.base_url))
        conv.append(Message(role="user", content="go"))
        conv.params.update(logprobs=True, top_logprobs=20)
        runner = Runner()
        gc.collect()
        rss_before = rss_mb()
        start = time.perf_counter()
        gen = await runner.run(conv)
        elapsed = time.perf_counter() - start
        gc.collect()
        retained = rss_mb() - rss_before
        assert len(gen.choice.logprobs["content"]) == tokens
        # the same run again under tracemalloc, for the peak of Python allocations (slower: not timed)
        server.queue(Reply(chunks=chunks))
        conv.messages.pop()
        tracemalloc.start()
        await runner.run(conv)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        await runner.aclose()
    return {"wire_mb": wire_mb, "seconds": elapsed, "peak_traced_mb": peak / 1e6, "rss_growth_mb": retained}


def main() -> None:
    starts = cli_start_times()
    mem = asyncio.run(reply_memory())
    print()
    print("| engine benchmark | figure |")
    print("|---|---|")
    print(f"| CLI start (`parley providers`, median of {len(starts)}) | {statistics.median(starts) * 1000:.0f} ms |")
    print(f"| 20k-token reply, top_logprobs=20: bytes on the wire | {mem['wire_mb']:.1f} MB |")
    print(f"| … streamed + assembled over loopback | {mem['seconds']:.2f} s |")
    print(f"| … peak Python allocations while streaming | {mem['peak_traced_mb']:.0f} MB |")
    print(f"| … RSS growth after the run (held by the conversation) | {mem['rss_growth_mb']:.0f} MB |")


def test_engine_benchmark() -> None:
    main()


if __name__ == "__main__":
    main()
