"""Token probabilities from real OpenAI-shaped fixtures and llama.cpp-shaped merged entries."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from parley.core.logprobs import (
    analyse,
    complete_with_next,
    id_space_for,
    token_table,
    visible,
    write_token_table,
)


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


# --- llama.cpp merged entries, measured with xllamacpp (SmolLM2, 「どこですか？」) --------------------------

def _piece(token_id: int, data: bytes, logprob: float, token: str = "�") -> dict:
    return {"id": token_id, "token": token, "bytes": list(data), "logprob": logprob}


# ど = e3 81 a9 arrives as one entry whose id, logprob and alternatives are those of its last piece (a9)
LLAMA_DO = {"id": 119, "token": "ど", "bytes": list("ど".encode()), "logprob": -0.219,
            "top_logprobs": [_piece(119, b"\xa9", -0.219), _piece(118, b"\xa8", -2.1), _piece(120, b"\xaa", -3.0)]}
LLAMA_SU = {"id": 39958, "token": "す", "bytes": list("す".encode()), "logprob": -0.06,
            "top_logprobs": [_piece(39958, "す".encode(), -0.06, "す"), _piece(41414, "し".encode(), -3.1, "し"),
                             _piece(10391, b"\xe3\x82", -4.0, "")]}


def test_llama_cpp_merged_entry_keeps_its_last_piece_and_completes_the_alternatives() -> None:
    seq = analyse([LLAMA_DO, LLAMA_SU])
    do, su = seq.tokens
    assert seq.text == "どす" and [g.text for g in seq.groups] == ["ど", "す"]
    assert do.is_merged and do.merged_prefix == b"\xe3\x81" and do.own_bytes == b"\xa9"
    assert do.id == 119 and do.rank == 1  # the chosen alternative is found by id, not by its text "�"
    # the hidden leading bytes e3 81 complete each continuation-byte alternative into a character
    assert [a.display for a in do.alternatives] == ["ど", "と", "な"]
    assert [a.id for a in do.alternatives] == [119, 118, 120]
    # a whole-token entry is not merged; its fragment alternative (e3 82) has no completion to show
    assert not su.is_merged and su.own_bytes == "す".encode()
    assert [a.display for a in su.alternatives] == ["す", "し", None]
    assert seq.bytes_before(1) == "ど".encode()
    assert seq.bytes_before(0) == b"\xe3\x81"  # up to the piece whose probability is reported


def test_entropy_is_minus_sum_p_log_p_over_the_listed_alternatives() -> None:
    lps = [math.log(0.6), math.log(0.3), math.log(0.05)]
    seq = analyse([{"token": "a", "bytes": [97], "logprob": lps[0],
                    "top_logprobs": [{"token": t, "bytes": [ord(t)], "logprob": lp} for t, lp in zip("abc", lps, strict=True)]}])
    token = seq.tokens[0]
    assert token.entropy_lower_bound == pytest.approx(-sum(math.exp(lp) * lp for lp in lps))
    assert token.coverage == pytest.approx(0.95)
    assert analyse([{"token": "a", "bytes": [97], "logprob": -1.0}]).tokens[0].entropy_lower_bound is None


def test_bytes_before_a_token_in_the_middle_of_a_character(fixtures_dir: Path) -> None:
    seq = analyse(load(fixtures_dir, "logprobs-openai-suzuki-fragments.json"))
    assert seq.bytes_before(0) == b""
    assert seq.bytes_before(1) == b"\xe9\x88"
    assert seq.bytes_before(3).decode() == "鈴木"


def test_malformed_entries_do_not_break_the_analysis() -> None:
    seq = analyse([{"token": "x", "bytes": "not bytes", "logprob": None, "top_logprobs": None},
                   {"token": "y", "bytes": [121], "logprob": float("nan")}])
    assert [t.probability for t in seq.tokens] == [0.0, 0.0]
    assert seq.text == "xy"


# --- id spaces and the token table -----------------------------------------------------------------------

def test_id_space_follows_the_answer_and_the_model(fixtures_dir: Path) -> None:
    openai = analyse(load(fixtures_dir, "logprobs-openai-kishida.json"))
    assert id_space_for(openai, "gpt-4o-mini").kind == "tiktoken"
    assert id_space_for(openai, "gpt-4o-mini").label == "o200k_base (tiktoken)"
    assert id_space_for(openai, "gpt-4-0613").encoding == "cl100k_base"
    unknown = id_space_for(openai, "mistral-large-latest", "Mistral")
    assert not unknown.known and "Mistral sent no token ids" in (unknown.reason or "")
    llama = analyse([LLAMA_DO])
    assert id_space_for(llama, "SmolLM2-135M-Instruct").kind == "provider"


def test_token_table_of_kishida_has_the_tiktoken_ids(fixtures_dir: Path) -> None:
    seq = analyse(load(fixtures_dir, "logprobs-openai-kishida.json"))
    rows = token_table(seq, "gpt-4o-mini")
    # the ids OpenAI's own encoder gives for 岸田文雄です。 (FIELD-NOTES, checked with tiktoken)
    assert [r["id"] for r in rows] == [86845, 30814, 4883, 52446, 15121, 788]
    assert rows[0]["character"] == "岸" and rows[0]["bytes"] == "e5 b2 b8" and rows[0]["rank"] == 1
    assert rows[0]["id_space"] == "o200k_base (tiktoken)"
    assert rows[0]["alternatives"][0]["id"] == 86845
    assert rows[0]["alternatives"][1]["bytes"] == "e9 88" and rows[0]["alternatives"][1]["display"] is None


def test_token_table_csv_and_json_files(fixtures_dir: Path, tmp_path: Path) -> None:
    seq = analyse(load(fixtures_dir, "logprobs-openai-suzuki-fragments.json"))
    rows = token_table(seq, "gpt-4o-mini")
    assert rows[0]["fragment"] and rows[0]["character"] == "鈴" and rows[0]["id"] == 159763
    assert rows[1]["id"] == 112 and rows[1]["bytes"] == "b4"

    csv_path = write_token_table(rows, tmp_path / "tokens.csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read the Japanese as UTF-8
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["character"] for r in table] == ["鈴", "鈴", "木", "善", "幸", "です", "。"]
    assert float(table[3]["probability"]) == pytest.approx(math.exp(-0.6518133170669681))
    assert table[1]["alternatives"].startswith("鈴 (100.00%) | 鈍 (0.00%)")

    json_path = write_token_table(rows, tmp_path / "tokens.json", {"model": "gpt-4o-mini"})
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["model"] == "gpt-4o-mini" and len(data["tokens"]) == 7
    assert data["tokens"][0]["alternatives"][0]["display"] == "岸"
    assert not list(tmp_path.glob(".*.tmp"))  # the temp files were renamed into place
