"""Token probabilities from real OpenAI-shaped fixtures and llama.cpp-shaped merged entries."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from parley.core.logprobs import analyse, complete_with_next, visible


def load(fixtures_dir: Path, name: str) -> list[dict]:
    return json.loads((fixtures_dir / name).read_text(encoding="utf-8"))["content"]


def test_kishida_tokens_are_whole_characters(fixtures_dir: Path) -> None:
    seq = analyse(load(fixtures_dir, "logprobs-openai-kishida.json"))
    assert seq.text == "岸田文雄です。"
    assert [g.text for g in seq.groups] == ["岸", "田", "文", "雄", "です", "。"]
    first = seq.tokens[0]
    assert first.probability == pytest.approx(math.exp(-0.00050787657))
    assert first.rank == 1
    # the fragment alternative \xe9\x88 cannot be completed by 田, so it shows no character
    frag = first.alternatives[1]
    assert frag.is_fragment and frag.display is None
    assert complete_with_next(frag, seq.tokens[1]) is None


def test_suzuki_fragments_group_into_one_character_with_their_own_probabilities(fixtures_dir: Path) -> None:
    entries = load(fixtures_dir, "logprobs-openai-suzuki-fragments.json")
    seq = analyse(entries)
    assert seq.text == "鈴木善幸です。"
    first_group = seq.groups[0]
    assert first_group.text == "鈴" and first_group.tokens == (0, 1) and first_group.is_fragmented
    t0, t1 = seq.tokens[0], seq.tokens[1]
    assert t0.is_fragment and t1.is_fragment
    assert t0.data == bytes([233, 136]) and t1.data == bytes([180])
    # each fragment keeps its own probability
    assert t0.logprob == pytest.approx(entries[0]["logprob"])
    assert t1.logprob == pytest.approx(entries[1]["logprob"])
    # the chosen fragment alternative at position 0 shows the character it became
    chosen0 = next(a for a in t0.alternatives if a.chosen)
    assert chosen0.display == "鈴"
    # alternatives of the continuation byte complete the same lead bytes: \x8d -> 鈍
    alt_displays = {a.token: a.display for a in t1.alternatives}
    assert alt_displays["\\xb4"] == "鈴"
    assert alt_displays["\\x8d"] == "鈍"
    assert seq.group_of(1).text == "鈴"


def test_llama_cpp_merged_entries_are_shown_as_they_are() -> None:
    # llama.cpp merges a multibyte character's tokens into one entry (logprob of the last piece only)
    entries = [
        {"id": 1, "token": "鈴", "bytes": list("鈴".encode()), "logprob": -0.5,
         "top_logprobs": [{"id": 1, "token": "鈴", "bytes": list("鈴".encode()), "logprob": -0.5},
                          {"id": 2, "token": "木", "bytes": list("木".encode()), "logprob": -1.5}]},
        {"id": 3, "token": "です", "bytes": list("です".encode()), "logprob": -0.1, "top_logprobs": []},
    ]
    seq = analyse(entries)
    assert [g.text for g in seq.groups] == ["鈴", "です"]
    assert not seq.groups[0].is_fragmented
    assert seq.tokens[0].alternatives[1].display == "木"


def test_sequence_metrics() -> None:
    entries = [{"token": t, "bytes": list(t.encode()), "logprob": lp,
                "top_logprobs": [{"token": t, "bytes": list(t.encode()), "logprob": lp},
                                 {"token": "x", "bytes": [120], "logprob": math.log(max(1e-300, 1 - math.exp(lp)))}]}
               for t, lp in (("a", math.log(0.5)), ("b", math.log(0.25)), ("c", math.log(1.0)))]
    seq = analyse(entries)
    assert seq.mean_logprob() == pytest.approx((math.log(0.5) + math.log(0.25)) / 3)
    assert seq.perplexity() == pytest.approx(math.exp(-seq.mean_logprob()))
    assert seq.joint_probability() == pytest.approx(0.125)
    assert [t.token for t in seq.least_likely(2)] == ["b", "a"]
    assert seq.tokens[0].entropy_lower_bound == pytest.approx(math.log(2))
    assert seq.tokens[0].coverage == pytest.approx(1.0)


def test_special_tokens_without_bytes_and_invisible_characters() -> None:
    seq = analyse([{"token": " hi\n", "bytes": list(b" hi\n"), "logprob": -0.1, "top_logprobs": []},
                   {"token": "<|end|>", "bytes": None, "logprob": -0.2, "top_logprobs": []}])
    assert [g.text for g in seq.groups] == [" hi\n", "<|end|>"]
    assert visible(" hi\n\t") == "␣hi⏎⇥"
    assert seq.tokens[1].rank is None
