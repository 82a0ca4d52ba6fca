"""Conversation files: full round trip, the reproducible "request", migrations, bad files, atomic saves."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from parley.core import files
from parley.core.conversation import Choice, Conversation, Generation, Message, Timings
from parley.core.files import ConversationFileError
from parley.core.providers import bundled_profiles
from parley.core.request import build_request
from parley.core.spec import validation_errors

KEY = "sk-proj-FAKE-FILES-0123456"


def token(text: str, logprob: float) -> dict:
    raw = list(text.encode())
    return {
        "token": text,
        "logprob": logprob,
        "bytes": raw,
        "top_logprobs": [
            {"token": text, "logprob": logprob, "bytes": raw},
            {"token": "x", "logprob": -3.5, "bytes": [120]},
        ],
    }


def rich_conversation() -> Conversation:
    """Everything a conversation can hold: branches, tools, n=2, logprobs, timings, edits, refusals."""
    conv = Conversation(
        title='日本語 "quotes" and tools',
        params={
            "temperature": 0.3,
            "n": 2,
            "logprobs": True,
            "top_logprobs": 2,
            "tools": [{"type": "function", "function": {"name": "clock", "parameters": {"type": "object"}}}],
        },
        created=1_760_000_000.25,
        updated=1_760_000_100.5,
    )
    conv.target.provider, conv.target.model, conv.target.base_url = (
        "openai",
        "gpt-4o-mini",
        "https://example.test/v1",
    )
    conv.append(Message("system", "Be brief.", edited=True))
    conv.append(
        Message(
            "user",
            [
                {"type": "text", "text": "何時?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
            ],
            name="alice",
        )
    )
    call = {"id": "call_1", "type": "function", "function": {"name": "clock", "arguments": '{"tz": "JST"}'}}
    tool_turn = conv.append(Message("assistant", None))
    tool_turn.add_generation(
        Generation(
            provider="openai",
            base_url="https://example.test/v1",
            model="gpt-4o-mini-2024-07-18",
            request={"model": "gpt-4o-mini", "messages": conv.wire_messages(2), "stream": True},
            choices=[Choice(index=0, content=None, tool_calls=[call], finish_reason="tool_calls")],
            usage={"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49},
            timings=Timings(sent=1.0, first_byte=1.2, first_token=1.3, last_token=1.9, finished=2.0),
            system_fingerprint="fp_abc",
            service_tier="default",
            response_id="chatcmpl-1",
            created=1_760_000_050,
            adjustments=["max_tokens sent as max_completion_tokens"],
            provider_extras={"timings": {"predicted_ms": 5.5}},
        )
    )
    conv.append(Message("tool", '{"time": "12:00"}', tool_call_id="call_1"))
    answer = conv.append(Message("assistant", ""))
    answer.add_generation(
        Generation(
            model="m1",
            request={"model": "gpt-4o-mini", "messages": []},
            choices=[Choice(content="Old answer", finish_reason="stop")],
        )
    )
    answer.add_generation(
        Generation(
            model="m2",
            request={"model": "gpt-4o-mini", "messages": conv.wire_messages(4), "n": 2},
            choices=[
                Choice(
                    index=0,
                    content="正午です。",
                    finish_reason="stop",
                    logprobs={"content": [token("正", -0.1), token("午", -0.2)], "refusal": None},
                    reasoning="The tool said 12:00.",
                    extra={"annotations": []},
                ),
                Choice(index=1, content=None, refusal="I can't.", finish_reason="stop"),
            ],
            interrupted=True,
            error="The connection closed early.",
            selected_choice=0,
        )
    )
    answer.select(1, 1)
    answer.content = "hand-edited"
    answer.edited = True
    answer.extra["audio"] = {"id": "audio_1"}
    conv.branch_from(1, name="what if")
    conv.append(Message("user", "Other question"))
    conv.active_branch = 0
    return conv


def save_and_load(conv: Conversation, tmp_path: Path, **kwargs) -> tuple[Conversation, dict]:
    path = tmp_path / "chat.parley.json"
    files.save(conv, path, **kwargs)
    return files.load(path), json.loads(path.read_text(encoding="utf-8"))


# -- round trip ------------------------------------------------------------------------------------


def test_every_part_of_a_conversation_survives_save_and_load(tmp_path: Path) -> None:
    conv = rich_conversation()
    loaded, _ = save_and_load(conv, tmp_path)
    assert loaded == conv  # dataclass equality: branches, messages, generations, choices, timings, params…
    assert loaded.messages[4].content == "hand-edited" and loaded.messages[4].edited
    assert (loaded.messages[4].selected_generation, loaded.messages[4].generation.selected_choice) == (1, 1)
    assert loaded.branches[1].name == "what if" and loaded.active_branch == 0
    assert files.dumps(loaded) == files.dumps(conv)


def test_the_file_is_readable_utf8_json_with_one_line_per_logprob_token(tmp_path: Path) -> None:
    path = tmp_path / "chat.parley.json"
    files.save(rich_conversation(), path)
    text = path.read_bytes().decode("utf-8")
    assert "正午です。" in text and "\\u" not in text
    assert text.endswith("}\n")
    token_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"token": ')]
    assert len(token_lines) == 2  # the entries with their alternatives, not one line per byte
    assert all(line.strip().endswith("]},") or line.strip().endswith("]}") for line in token_lines)


def test_the_top_level_request_is_the_postable_body_of_the_active_branch(tmp_path: Path) -> None:
    conv = rich_conversation()
    _, data = save_and_load(conv, tmp_path)
    request = data["request"]
    assert request == {"model": "gpt-4o-mini", "messages": conv.wire_messages(), **conv.params}
    assert "reasoning" not in json.dumps(request)  # shown to the user, never sent back
    assert validation_errors("CreateChatCompletionRequest", request) == []


def test_a_request_built_with_a_key_is_stored_as_its_body_only(tmp_path: Path) -> None:
    conv = rich_conversation()
    openai = bundled_profiles()["openai"]
    sent = build_request(conv.wire_messages(), conv.params, openai, "gpt-4o-mini", api_key=KEY)
    assert sent.headers["Authorization"] == f"Bearer {KEY}"
    conv.messages[4].generation.request = sent.body
    following = build_request(conv.wire_messages(), conv.params, openai, "gpt-4o-mini", api_key=KEY)
    path = tmp_path / "chat.parley.json"
    files.save(conv, path, request_body=following.body)
    raw = path.read_bytes()
    assert KEY.encode() not in raw and b"Authorization" not in raw
    data = json.loads(raw)
    assert data["request"] == following.body
    assert data["branches"][0]["messages"][4]["generations"][1]["request"] == sent.body


def test_unknown_fields_everywhere_survive_a_round_trip(tmp_path: Path) -> None:
    data = files.to_dict(rich_conversation())
    data["x_top"] = {"from": "a newer Parley"}
    data["target"]["x_region"] = "eu"
    branch = data["branches"][0]
    branch["x_color"] = "green"
    branch["messages"][1]["x_pinned"] = True
    generation = branch["messages"][2]["generations"][0]
    generation["x_cost_usd"] = 0.0012
    generation["choices"][0]["x_safety"] = ["ok"]
    path = tmp_path / "newer.parley.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    files.save(files.load(path), path)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["x_top"] == {"from": "a newer Parley"}
    assert again["target"]["x_region"] == "eu"
    assert again["branches"][0]["x_color"] == "green"
    assert again["branches"][0]["messages"][1]["x_pinned"] is True
    generation = again["branches"][0]["messages"][2]["generations"][0]
    assert generation["x_cost_usd"] == 0.0012 and generation["choices"][0]["x_safety"] == ["ok"]


def test_to_dict_and_from_dict_share_nothing_with_their_source() -> None:
    conv = rich_conversation()
    data = files.to_dict(conv)
    data["params"]["temperature"] = 2.0
    data["branches"][0]["messages"][4]["generations"][1]["choices"][0]["logprobs"]["content"].clear()
    assert conv.params["temperature"] == 0.3
    assert len(conv.messages[4].generations[1].choices[0].logprobs["content"]) == 2
    rebuilt = files.from_dict(data)
    data["params"]["top_p"] = 0.5
    assert "top_p" not in rebuilt.params


def test_a_turn_saved_mid_stream_that_never_finished_opens_as_interrupted(tmp_path: Path) -> None:
    """Parley died (kill -9) between an autosave and the end of the stream: the saved text is cut off."""
    conv = Conversation()
    conv.append(Message("user", "Tell me a story"))
    cut = conv.append(Message("assistant", "Once upon"))
    cut.generations.append(Generation(timings=Timings(sent=100.0, first_token=100.2)))
    done = conv.append(Message("assistant", "The end."))
    done.generations.append(Generation(timings=Timings(sent=200.0, first_token=200.1, finished=201.0)))
    not_sent = conv.append(Message("assistant", "typed by hand"))
    not_sent.generations.append(Generation())
    path = tmp_path / "cut.parley.json"
    files.save(conv, path)
    loaded = files.load(path).messages
    assert [m.generation.interrupted for m in loaded[1:]] == [True, False, False]
    assert loaded[1].text == "Once upon"


def test_an_out_of_range_active_branch_opens_the_last_branch() -> None:
    data = files.to_dict(rich_conversation())
    data["active_branch"] = 7
    assert files.from_dict(data).active_branch == 1


# -- other inputs ----------------------------------------------------------------------------------


def test_a_bare_chat_completions_request_opens_with_its_params_and_model(tmp_path: Path) -> None:
    body = {
        "model": "gpt-4o",
        "temperature": 0.2,
        "response_format": {"type": "json_object"},
        "messages": [
            {"role": "developer", "content": "JSON only"},
            {"role": "user", "content": "日本語で"},
            {"role": "assistant", "content": "はい", "reasoning_content": "thinking", "audio": None},
        ],
    }
    path = tmp_path / "request.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    conv = files.load(path)
    assert conv.target.model == "gpt-4o" and conv.title == "request"
    assert conv.params == {"temperature": 0.2, "response_format": {"type": "json_object"}}
    assert [m.role for m in conv.messages] == ["developer", "user", "assistant"]
    assert conv.messages[2].reasoning == "thinking" and conv.messages[2].extra == {"audio": None}
    assert files.to_dict(conv)["request"]["messages"][1] == {"role": "user", "content": "日本語で"}


def test_a_bare_messages_array_opens_as_a_conversation() -> None:
    conv = files.loads('[{"role": "system", "content": "hi"}, {"role": "user", "content": "yo"}]')
    assert [(m.role, m.content) for m in conv.messages] == [("system", "hi"), ("user", "yo")]
    assert conv.params == {} and conv.title == "Imported messages"


def test_version_0_files_are_migrated(tmp_path: Path) -> None:
    old = {
        "format": "parley.conversation",
        "version": 0,
        "title": "old one",
        "provider": "groq",
        "model": "llama-3.1-8b",
        "params": {"temperature": 1.0},
        "x_kept": 1,
        "messages": [
            {"role": "user", "content": "hi"},
            {
                "role": "assistant",
                "content": "hello",
                "meta": {
                    "model": "llama-3.1-8b-instant",
                    "finish_reason": "stop",
                    "ttft_ms": 210,
                    "usage": {"completion_tokens": 1},
                    "request": {"model": "llama-3.1-8b", "messages": []},
                    "logprobs": {"content": [token("hello", -0.01)]},
                },
            },
        ],
    }
    path = tmp_path / "old.parley.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    conv = files.load(path)
    assert (conv.title, conv.target.provider, conv.target.model) == ("old one", "groq", "llama-3.1-8b")
    assert [b.name for b in conv.branches] == ["main"] and len(conv.messages) == 2
    gen = conv.messages[1].generation
    assert (gen.model, gen.provider, gen.usage) == ("llama-3.1-8b-instant", "groq", {"completion_tokens": 1})
    assert gen.choice.content == "hello" and gen.choice.finish_reason == "stop"
    assert gen.choice.logprobs["content"][0]["token"] == "hello"
    files.save(conv, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == files.VERSION and saved["x_kept"] == 1
    assert saved["branches"][0]["messages"][1]["generations"][0]["ttft_ms"] == 210  # kept, not dropped
    assert json.loads(files.backup_path(path).read_text())["version"] == 0  # the old file is the backup


def test_migrations_cover_every_version_up_to_the_current_one() -> None:
    assert sorted(files.MIGRATIONS) == list(range(files.VERSION))


# -- files that cannot be opened -------------------------------------------------------------------

GOOD = files.dumps(rich_conversation())


def bad_file_cases() -> list[tuple[str, bytes, list[str]]]:
    data = json.loads(GOOD)
    robot = json.loads(GOOD)
    robot["branches"][0]["messages"][1]["role"] = "robot"
    ints = json.loads(GOOD)
    ints["branches"][0]["messages"][2]["generations"][0]["choices"] = "none"
    return [
        (
            "corrupt",
            GOOD.replace('"version": 1,', '"version": 1').encode(),
            ["line 4, column 3", "invalid", "Expecting ',' delimiter"],
        ),
        ("truncated", GOOD.encode()[: len(GOOD) // 2], ["cut off"]),
        ("empty", b"  \n", ["empty"]),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", ["not UTF-8"]),
        ("other format", json.dumps({**data, "format": "chatbox.session"}).encode(), ['"chatbox.session"']),
        (
            "future",
            json.dumps({**data, "version": 3}).encode(),
            ["made by a newer Parley (file format version 3); this one reads up to version 1"],
        ),
        ("version text", json.dumps({**data, "version": "1"}).encode(), ["version", '"1"']),
        ("negative version", json.dumps({**data, "version": -1}).encode(), ["version -1"]),
        ("bad role", json.dumps(robot).encode(), ["branches[0].messages[1].role", "'robot'"]),
        (
            "bad choices",
            json.dumps(ints).encode(),
            ["branches[0].messages[2].generations[0].choices", "array"],
        ),
        ("no branches", json.dumps({"format": "parley.conversation", "version": 1}).encode(), ["branches"]),
        ("response", json.dumps({"object": "chat.completion", "choices": []}).encode(), ["response"]),
        (
            "bad request message",
            json.dumps(
                {"model": "m", "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": 5}]}
            ).encode(),
            ["messages[1].content"],
        ),
        ("messages not objects", b'["hello"]', ["[0]", "object"]),
        ("number", b"42", ["JSON number"]),
    ]


@pytest.mark.parametrize(
    ("raw", "phrases"),
    [(raw, phrases) for _, raw, phrases in bad_file_cases()],
    ids=[name for name, _, _ in bad_file_cases()],
)
def test_a_bad_file_gets_one_clear_sentence_and_stays_untouched(tmp_path: Path, raw: bytes, phrases) -> None:
    path = tmp_path / "broken.parley.json"
    path.write_bytes(raw)
    before = (path.stat().st_mtime_ns, path.read_bytes())
    with pytest.raises(ConversationFileError) as caught:
        files.load(path)
    message = str(caught.value)
    assert message.startswith("Cannot open broken.parley.json: ")
    for phrase in phrases:
        assert phrase in message
    assert "Traceback" not in message and len(message) < 400
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.parley.json"]


def test_a_truncated_file_points_at_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "chat.parley.json"
    files.save(rich_conversation(), path)
    files.save(rich_conversation(), path)
    path.write_bytes(path.read_bytes()[:500])  # a crash mid-write by some other program
    with pytest.raises(ConversationFileError, match=r"previous version is in chat\.parley\.json\.bak"):
        files.load(path)
    assert files.load(files.backup_path(path)).title == rich_conversation().title


def test_a_missing_file_is_reported_as_such(tmp_path: Path) -> None:
    with pytest.raises(ConversationFileError, match="does not exist"):
        files.load(tmp_path / "nope.parley.json")


# -- saving ----------------------------------------------------------------------------------------


def test_saving_keeps_the_previous_version_as_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "chat.parley.json"
    conv = rich_conversation()
    files.save(conv, path)
    assert not files.backup_path(path).exists()  # nothing to back up yet
    first = path.read_bytes()
    conv.title = "second"
    files.save(conv, path)
    assert files.backup_path(path).read_bytes() == first
    assert files.load(path).title == "second"
    conv.title = "third"
    files.save(conv, path)
    assert files.load(files.backup_path(path)).title == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chat.parley.json", "chat.parley.json.bak"]


def test_a_failed_save_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "chat.parley.json"
    files.save(rich_conversation(), path)
    before = path.read_bytes()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    conv = rich_conversation()
    conv.title = "never written"
    with pytest.raises(ConversationFileError, match=r"disk is full\. The previous version was not changed"):
        files.save(conv, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_saving_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(
        ConversationFileError, match=r"Cannot save chat\.parley\.json: the folder .* does not exist"
    ):
        files.save(rich_conversation(), tmp_path / "gone" / "chat.parley.json")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_files_are_private_and_existing_files_keep_their_mode(tmp_path: Path) -> None:
    path = tmp_path / "chat.parley.json"
    files.save(rich_conversation(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    files.save(rich_conversation(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
def test_saving_through_a_symlink_updates_the_linked_file(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "chat.parley.json"
    real.parent.mkdir()
    files.save(rich_conversation(), real)
    link = tmp_path / "link.parley.json"
    link.symlink_to(real)
    conv = rich_conversation()
    conv.title = "through the link"
    files.save(conv, link)
    assert link.is_symlink() and files.load(real).title == "through the link"


def test_concurrent_saves_from_worker_threads_leave_one_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "chat.parley.json"
    titles = [f"save {i}" for i in range(8)]
    payloads = []
    for title in titles:  # serialize on the "GUI" thread, write on workers
        conv = rich_conversation()
        conv.title = title
        payloads.append(files.dumps(conv).encode())
    threads = [threading.Thread(target=files.write_atomic, args=(path, data)) for data in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert files.load(path).title in titles
    assert files.load(files.backup_path(path)).title in titles
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chat.parley.json", "chat.parley.json.bak"]


def test_a_to_dict_snapshot_is_written_later_exactly_as_save_would(tmp_path: Path) -> None:
    conv = rich_conversation()
    body = {"model": "gpt-4o-mini", "messages": conv.wire_messages(), "stream": True}
    expected = files.dumps(conv, request_body=body)
    snapshot = files.to_dict(conv, request_body=body)  # on the GUI thread
    conv.title = "edited while the worker writes"
    conv.messages.clear()
    path = tmp_path / "chat.parley.json"
    files.save_dict(snapshot, path)  # on the worker
    assert path.read_text(encoding="utf-8") == expected


def test_file_errors_carry_the_user_message_like_other_parley_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.parley.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConversationFileError) as caught:
        files.load(path)
    assert caught.value.user_message == str(caught.value) and caught.value.path == path
    assert caught.value.where == "end"


@pytest.mark.skipif(not (shutil.which("jq") and shutil.which("curl")), reason="needs jq and curl")
def test_the_documented_jq_and_curl_recipe_reposts_the_request(tmp_path: Path, sse_server) -> None:
    conv = rich_conversation()
    path = tmp_path / "chat.parley.json"
    files.save(conv, path)
    recipe = (  # docs/file-format.md, "Reproducing a request"
        f"jq .request {shlex.quote(str(path))} | curl -sS {sse_server.base_url}/chat/completions "
        '-H "Authorization: Bearer $OPENAI_API_KEY" -H "Content-Type: application/json" -d @-'
    )
    done = subprocess.run(["sh", "-c", recipe], env={**os.environ, "OPENAI_API_KEY": KEY},
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sse_server.requests[-1].body == files.default_request(conv)
    assert sse_server.requests[-1].headers["authorization"] == f"Bearer {KEY}"


def test_the_example_in_the_docs_is_a_valid_file_that_round_trips() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "file-format.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)\n```", doc, flags=re.S).group(1)
    conv = files.loads(example)
    assert conv.messages[1].generation.choice.logprobs["content"][0]["token"] == "Tokyo"
    assert files.dumps(conv, request_body=json.loads(example)["request"]) == example + "\n"


def test_request_options_round_trip(tmp_path) -> None:
    from parley.core import files as f
    from parley.core.conversation import Conversation, Message

    conv = Conversation()
    conv.append(Message(role="user", content="hi"))
    conv.request_options = {"timeout": 300, "max_retries": 1, "extra_headers": {"X-Team": "a"}}
    path = tmp_path / "c.parley.json"
    f.save(conv, path)
    assert f.load(path).request_options == conv.request_options
    bad = path.read_text(encoding="utf-8").replace('"max_retries": 1', '"max_retries": -1')
    with pytest.raises(f.ConversationFileError):
        f.loads(bad)
