"""Offline token counts, ids and byte pieces (core/tokens.py)."""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from parley.core import tokens
from parley.core.tokens import TokenCount

# OpenAI cookbook "How to count tokens with tiktoken", section 6: these six messages cost
# 129 prompt tokens on gpt-3.5-turbo and gpt-4 and 124 on gpt-4o and gpt-4o-mini, as reported
# by the API's usage.prompt_tokens.
COOKBOOK_MESSAGES = [
    {
        "role": "system",
        "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
    },
    {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Things working well together will increase revenue.",
    },
    {
        "role": "system",
        "name": "example_user",
        "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
    },
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Let's talk later when we're less busy about how to do better.",
    },
    {
        "role": "user",
        "content": "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    },
]

# Cookbook section 7: with this tool the API reported 105 (gpt-3.5-turbo, gpt-4) and 101 (gpt-4o, -mini).
COOKBOOK_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_current_weather",
            "description": "Get the current weather in a given location",
            "parameters": {
                "type": "object",
                "properties": {
                    "location": {
                        "type": "string",
                        "description": "The city and state, e.g. San Francisco, CA",
                    },
                    "unit": {
                        "type": "string",
                        "description": "The unit of temperature to return",
                        "enum": ["celsius", "fahrenheit"],
                    },
                },
                "required": ["location"],
            },
        },
    }
]
COOKBOOK_TOOL_MESSAGES = [
    {
        "role": "system",
        "content": "You are a helpful assistant that can answer to questions about the weather.",
    },
    {"role": "user", "content": "What's the weather like in San Francisco?"},
]

KISHIDA_IDS = [86845, 30814, 4883, 52446, 15121, 788]


@pytest.mark.parametrize(
    ("model", "encoding", "exact"),
    [
        ("gpt-4o-mini", "o200k_base", True),
        ("gpt-4o-2024-08-06", "o200k_base", True),
        ("chatgpt-4o-latest", "o200k_base", True),
        ("gpt-4.1-nano", "o200k_base", True),
        ("gpt-5", "o200k_base", True),
        ("o1", "o200k_base", True),
        ("o3-mini", "o200k_base", True),
        ("o4-mini-2025-04-16", "o200k_base", True),
        ("openai/gpt-4o", "o200k_base", True),
        ("ft:gpt-4o-mini:acme::abc123", "o200k_base", True),
        ("gpt-4", "cl100k_base", True),
        ("gpt-4-turbo", "cl100k_base", True),
        ("gpt-3.5-turbo-0125", "cl100k_base", True),
        ("gemini-2.5-flash", "o200k_base", False),
        ("llama-3.1-8b-instant", "o200k_base", False),
        ("omni-moderation-latest", "o200k_base", False),
        ("", "o200k_base", False),
    ],
)
def test_models_map_to_their_encoding_and_unknown_ones_are_approximate(
    model: str, encoding: str, exact: bool
) -> None:
    assert tokens.encoding_name_for(model) == (encoding, exact)


def test_the_japanese_check_matches_openai_ids_offline() -> None:
    tokens.get_encoding("o200k_base")  # points tiktoken at the bundled files
    import tiktoken

    assert tiktoken.encoding_for_model("gpt-4o-mini").encode("岸田文雄です。") == KISHIDA_IDS
    assert tokens.token_ids("岸田文雄です。", "gpt-4o-mini") == KISHIDA_IDS


def test_count_text_labels_exact_and_approximate_counts() -> None:
    exact = tokens.count_text("岸田文雄です。", "gpt-4o-mini")
    assert exact == TokenCount(tokens=6, exact=True, encoding="o200k_base", note=None)

    approx = tokens.count_text("岸田文雄です。", "gemini-2.5-pro")
    assert approx.tokens == 6 and not approx.exact
    assert approx.note == "approximate: gemini-2.5-pro uses its own tokenizer; counted with o200k_base"

    # the two encodings really differ: cl100k needs more tokens for the same Japanese text
    assert tokens.count_text("岸田文雄です。", "gpt-4").tokens > 6


def test_special_token_text_typed_by_a_user_is_counted_as_plain_text() -> None:
    count = tokens.count_text("<|endoftext|>", "gpt-4o")
    assert count.tokens > 1  # not the single special token, and no exception
    assert 199999 not in tokens.token_ids("<|endoftext|>", "gpt-4o")


def test_logprob_entries_map_back_to_the_ids_openai_returned(fixtures_dir: Path) -> None:
    fixture = json.loads((fixtures_dir / "logprobs-openai-kishida.json").read_text(encoding="utf-8"))
    ids = [tokens.token_id_for_bytes(bytes(entry["bytes"]), "gpt-4o-mini") for entry in fixture["content"]]
    assert ids == KISHIDA_IDS


def test_utf8_fragments_map_to_ids_that_together_decode_to_one_character(fixtures_dir: Path) -> None:
    fixture = json.loads((fixtures_dir / "logprobs-openai-suzuki-fragments.json").read_text(encoding="utf-8"))
    first, second = fixture["content"][0]["bytes"], fixture["content"][1]["bytes"]
    assert (first, second) == ([233, 136], [180])
    a = tokens.token_id_for_bytes(bytes(first), "gpt-4o-mini")
    b = tokens.token_id_for_bytes(bytes(second), "gpt-4o-mini")
    assert a is not None and b is not None and a != b
    assert tokens.decode_bytes(a, "gpt-4o-mini") == bytes(first)
    assert (tokens.decode_bytes(a, "gpt-4o-mini") + tokens.decode_bytes(b, "gpt-4o-mini")).decode() == "鈴"
    assert tokens.get_encoding("o200k_base").decode([a, b]) == "鈴"
    # the request biased 岸 away (logit_bias {"86845": -50}): that id is indeed 岸
    assert tokens.token_id_for_bytes("岸".encode(), "gpt-4o-mini") == int(
        next(iter(fixture["request_extra"]["logit_bias"]))
    )


def test_bytes_that_are_no_single_token_have_no_id() -> None:
    assert tokens.token_id_for_bytes("岸田文雄".encode(), "gpt-4o") is None
    assert tokens.token_id_for_bytes(b"", "gpt-4o") is None


def test_token_pieces_give_ids_and_bytes_that_rebuild_the_text() -> None:
    text = "Hello, 鈴木善幸です。"
    pieces = tokens.token_pieces(text, "gpt-4o")
    assert [tid for tid, _ in pieces] == tokens.token_ids(text, "gpt-4o")
    assert b"".join(piece for _, piece in pieces).decode() == text
    assert any(len(piece) < 3 and piece[0] >= 0x80 for _, piece in pieces)  # 鈴 is split mid-character


def test_decoding_an_id_outside_the_vocabulary_says_so() -> None:
    with pytest.raises(ValueError, match="not a token id of o200k_base"):
        tokens.decode_bytes(10**7, "gpt-4o")


@pytest.mark.parametrize(
    ("model", "expected"), [("gpt-3.5-turbo", 129), ("gpt-4", 129), ("gpt-4o", 124), ("gpt-4o-mini", 124)]
)
def test_count_messages_matches_the_api_figures_from_openais_cookbook(model: str, expected: int) -> None:
    count = tokens.count_messages(COOKBOOK_MESSAGES, model)
    assert (count.tokens, count.exact, count.note) == (expected, True, None)


@pytest.mark.parametrize(
    ("model", "expected"), [("gpt-3.5-turbo", 105), ("gpt-4", 105), ("gpt-4o", 101), ("gpt-4o-mini", 101)]
)
def test_count_messages_with_tools_matches_the_cookbook(model: str, expected: int) -> None:
    count = tokens.count_messages(COOKBOOK_TOOL_MESSAGES, model, tools=COOKBOOK_TOOLS)
    assert (count.tokens, count.exact) == (expected, True)


def test_tools_on_models_the_cookbook_did_not_verify_are_labelled_estimates() -> None:
    count = tokens.count_messages(COOKBOOK_TOOL_MESSAGES, "gpt-5", tools=COOKBOOK_TOOLS)
    assert count.tokens == 101 and not count.exact
    assert count.note == "approximate: tool definitions estimated"


def test_count_messages_on_another_vendor_model_is_approximate() -> None:
    count = tokens.count_messages(COOKBOOK_MESSAGES, "claude-sonnet-4")
    assert count.tokens == 124 and not count.exact
    assert "claude-sonnet-4 uses its own tokenizer" in (count.note or "")


def _png_data_url(width: int, height: int) -> str:
    header = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + struct.pack(">II", width, height)
        + b"\x08\x06\x00\x00\x00"
    )
    return "data:image/png;base64," + base64.b64encode(header + b"\x00" * 16).decode()


def _jpeg_data_url(width: int, height: int) -> str:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8" + app0 + sof0 + b"\xff\xd9").decode()


def test_image_sizes_are_read_from_png_and_jpeg_headers() -> None:
    assert tokens.image_size_from_data_url(_png_data_url(1920, 1080)) == (1920, 1080)
    assert tokens.image_size_from_data_url(_jpeg_data_url(640, 480)) == (640, 480)
    assert tokens.image_size_from_data_url("https://example.com/cat.png") is None


@pytest.mark.parametrize(
    ("width", "height", "detail", "expected"),
    [
        (1024, 1024, "high", 765),  # OpenAI's worked example: 768x768, 4 tiles
        (2048, 4096, "high", 1105),  # 1024x2048 -> 768x1536, 6 tiles
        (4096, 4096, "low", 85),
        (300, 200, "auto", 255),  # small images are not upscaled: one tile
    ],
)
def test_image_token_estimates_follow_openais_tile_formula(
    width: int, height: int, detail: str, expected: int
) -> None:
    assert tokens.estimate_image_tokens(_png_data_url(width, height), detail) == expected


def test_messages_with_images_count_the_text_and_say_the_image_is_estimated() -> None:
    text_only = tokens.count_messages([{"role": "user", "content": "Describe this picture."}], "gpt-4o")
    with_image = tokens.count_messages(
        [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Describe this picture."},
                    {"type": "image_url", "image_url": {"url": _png_data_url(1024, 1024), "detail": "high"}},
                ],
            }
        ],
        "gpt-4o",
    )
    assert with_image.tokens == text_only.tokens + 765
    assert not with_image.exact
    assert with_image.note == "approximate: 1 image(s) estimated with OpenAI's tile formula"


def test_assistant_tool_calls_and_tool_results_are_counted_and_labelled() -> None:
    messages = [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temp_c": 21}'},
    ]
    count = tokens.count_messages(messages, "gpt-4o")
    without_call = tokens.count_messages([messages[0], messages[2]], "gpt-4o")
    assert count.tokens > without_call.tokens + 3
    assert count.note == "approximate: tool calls estimated"


def test_encodings_load_once_when_many_threads_ask_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import tiktoken

    monkeypatch.setattr(tokens, "_encodings", {})
    loads: list[str] = []
    real = tiktoken.get_encoding

    def counting(name: str) -> tiktoken.Encoding:
        loads.append(name)
        return real(name)

    monkeypatch.setattr(tiktoken, "get_encoding", counting)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(tokens.get_encoding("cl100k_base"))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loads == ["cl100k_base"]
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_only_the_bundled_encodings_are_offered() -> None:
    with pytest.raises(ValueError, match="not available offline"):
        tokens.get_encoding("r50k_base")


def _run_offline(code: str, cache_dir: str | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    # any download attempt fails fast: tiktoken fetches over https through `requests`, which honours the proxy
    env.update(
        HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9", NO_PROXY="", TMPDIR=str(tmp_path)
    )
    if cache_dir is not None:
        env["TIKTOKEN_CACHE_DIR"] = cache_dir
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("user_cache", ["unset", "empty folder"])
def test_a_fresh_process_counts_without_network(tmp_path: Path, user_cache: str) -> None:
    cache = None
    if user_cache == "empty folder":
        cache = str(tmp_path / "my-cache")
        os.mkdir(cache)
    code = (
        "from parley.core import tokens; import os\n"
        "print(tokens.count_text('岸田文雄です。', 'gpt-4o').tokens, tokens.count_text('hello world', 'gpt-4').tokens)\n"
        "print(os.environ['TIKTOKEN_CACHE_DIR'])\n"
    )
    result = _run_offline(code, cache, tmp_path)
    assert result.returncode == 0, result.stderr
    counts, used_cache = result.stdout.splitlines()
    assert counts == "6 2"
    assert Path(used_cache) == tokens.bundled_cache_dir()


def test_a_user_cache_that_already_has_the_files_is_left_alone(tmp_path: Path) -> None:
    cache = tmp_path / "my-cache"
    cache.mkdir()
    for name in ("fb374d419588a4632f3f557e76b4b70aebbca790", "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"):
        (cache / name).write_bytes((tokens.bundled_cache_dir() / name).read_bytes())
    code = (
        "from parley.core import tokens; import os; tokens.preload(); print(os.environ['TIKTOKEN_CACHE_DIR'])"
    )
    result = _run_offline(code, str(cache), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(cache)
