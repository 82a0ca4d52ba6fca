"""Library and autosave costs: listing/searching 1,000 conversation files, autosave snapshots.

Run:  python tests/benchmarks/bench_library.py      (or: pytest tests/benchmarks/bench_library.py -s)

Rows:
- library first scan / rescan / search: ``services.library.Library`` over 1,000 files of 20
  messages (≈45 KB each); a rescan only stats files, a search while typing uses the index;
- snapshot full / incremental: what autosave costs on the GUI thread for a 1,000-message
  conversation (every 5th answer with 50 logprob tokens): ``files.to_dict`` versus
  ``ui.documents.Snapshots.take`` after one message changed (the streaming case);
- write: ``files.save_dict`` of that conversation (runs on the worker thread).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from parley.core import files
from parley.core.conversation import Choice, Conversation, Generation, Message
from parley.services.library import Library

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "日本語", "中文"]


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_library(folder: Path) -> None:
    rng = random.Random(1)
    for i in range(1000):
        conv = Conversation(title=f"Conversation {i}")
        for _ in range(10):
            conv.append(Message("user", " ".join(rng.choice(WORDS) for _ in range(40))))
            answer = Message("assistant", "")
            answer.add_generation(Generation(choices=[Choice(content=" ".join(rng.choice(WORDS) for _ in range(150)))]))
            conv.append(answer)
        files.save(conv, folder / f"c{i}.parley.json")
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    library = Library(folder)
    start = time.perf_counter()
    library.scan()
    first = time.perf_counter() - start
    rescan = _best(library.scan)
    search = _best(lambda: library.search("gamma kappa 日本語", rescan=False))
    print(f"library: 1,000 files, {size:.0f} MB")
    print(f"  first scan         {first * 1000:8.0f} ms")
    print(f"  rescan (unchanged) {rescan * 1000:8.1f} ms")
    print(f"  search (typing)    {search * 1000:8.1f} ms")


def bench_snapshots(folder: Path) -> None:
    from parley.ui.documents import Snapshots  # imports Qt (QtCore only is used)

    conv = Conversation(title="big")
    text = "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit. " * 30
    token = {"token": "ab", "logprob": -0.1, "bytes": [97, 98],
             "top_logprobs": [{"token": "x", "logprob": -1.0, "bytes": [120]}] * 5}
    for i in range(500):
        conv.append(Message("user", f"question {i} " + text[:200]))
        answer = Message("assistant", "")
        logprobs = {"content": [dict(token) for _ in range(50)]} if i % 5 == 0 else None
        answer.add_generation(Generation(request={"model": "m"}, choices=[Choice(content=text, logprobs=logprobs)]))
        conv.append(answer)
    full = _best(lambda: files.to_dict(conv))
    snaps = Snapshots()
    snaps.take(conv)
    last = conv.messages[-1]

    def one_change() -> None:
        last.content += " more"
        snaps.invalidate(last)
        snaps.take(conv)

    incremental = _best(one_change)
    data = snaps.take(conv)
    write = _best(lambda: files.save_dict(data, folder / "big.parley.json"))
    size = (folder / "big.parley.json").stat().st_size / 1e6
    print(f"autosave: 1,000 messages, {size:.1f} MB file")
    print(f"  snapshot, full copy          {full * 1000:8.1f} ms  (GUI thread)")
    print(f"  snapshot, one message changed{incremental * 1000:8.1f} ms  (GUI thread)")
    print(f"  encode + atomic write        {write * 1000:8.1f} ms  (worker thread)")


def test_library_benchmark() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "lib").mkdir()
        bench_library(Path(tmp) / "lib")
        bench_snapshots(Path(tmp))


if __name__ == "__main__":
    test_library_benchmark()
