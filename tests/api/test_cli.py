"""`parley run|compare|keys|providers|models` end to end against the loopback server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest

from parley.cli import main
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, error_body

ROOT = Path(__file__).resolve().parents[2]


def write_request(tmp_path: Path, **extra: object) -> Path:
    path = tmp_path / "chat.json"
    path.write_text(json.dumps({"model": "test-model",
                                "messages": [{"role": "user", "content": "こんにちは"}], **extra},
                               ensure_ascii=False), encoding="utf-8")
    return path


def target_args(server: LoopbackServer) -> list[str]:
    return ["--provider", "custom", "--base-url", server.base_url, "--model", "test-model"]


def test_run_streams_to_stdout_and_appends_the_turn(sse_server, tmp_path, capsys) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["やあ", "、元気？"])))
    path = write_request(tmp_path, temperature=0.5)

    code = main(["run", str(path), *target_args(sse_server), "--set", "seed=7"])

    assert code == 0
    assert capsys.readouterr().out == "やあ、元気？\n"
    posted = sse_server.requests[-1].body
    assert posted["temperature"] == 0.5 and posted["seed"] == 7
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format"] == "parley.conversation"
    # the file now holds the assistant turn, and its `request` is what the next send would post
    assert saved["request"]["messages"][-1] == {"role": "assistant", "content": "やあ、元気？"}


def test_run_writes_out_and_leaves_the_input_alone(sse_server, tmp_path) -> None:
    path = write_request(tmp_path)
    before = path.read_bytes()
    out = tmp_path / "out.parley.json"
    assert main(["run", str(path), *target_args(sse_server), "--out", str(out)]) == 0
    assert path.read_bytes() == before
    assert "Hello world" in out.read_text(encoding="utf-8")


def test_dry_run_prints_the_exact_request_with_the_key_redacted(sse_server, tmp_path, capsys) -> None:
    keyring.set_password("parley", "custom", "sk-test-SECRET-1234567890")
    path = write_request(tmp_path)

    code = main(["run", str(path), *target_args(sse_server), "--dry-run", "--set", "top_p=0.9"])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"POST {sse_server.base_url}/chat/completions")
    assert "SECRET-1234567890" not in out
    body = json.loads(out[out.index("{"):])
    assert body["top_p"] == 0.9 and body["messages"][0]["content"] == "こんにちは"
    assert sse_server.requests == []  # nothing was sent


def test_invalid_parameter_is_a_usage_error(sse_server, tmp_path, capsys) -> None:
    path = write_request(tmp_path)
    assert main(["run", str(path), *target_args(sse_server), "--set", "temperature=7"]) == 2
    assert "temperature" in capsys.readouterr().err
    assert sse_server.requests == []


def test_corrupt_file_is_a_usage_error_and_stays_untouched(tmp_path, capsys) -> None:
    path = tmp_path / "broken.parley.json"
    path.write_text('{"format": "parley.conversation", "version": 1, "branches": [', encoding="utf-8")
    before = path.read_bytes()
    assert main(["run", str(path)]) == 2
    assert "broken.parley.json" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_api_error_exits_3_with_the_providers_message(sse_server, tmp_path, capsys) -> None:
    sse_server.queue(Reply(status=401, body=error_body("Incorrect API key provided", type_="invalid_request_error",
                                                       code="invalid_api_key")))
    path = write_request(tmp_path)
    before = path.read_bytes()
    assert main(["run", str(path), *target_args(sse_server)]) == 3
    assert "Incorrect API key provided" in capsys.readouterr().err
    assert path.read_bytes() == before  # nothing arrived, nothing to save


def test_connection_refused_exits_4(tmp_path, capsys) -> None:
    path = write_request(tmp_path)
    code = main(["run", str(path), "--provider", "custom", "--base-url", "http://127.0.0.1:9/v1",
                 "--model", "m"])
    assert code == 4
    assert capsys.readouterr().err.strip()


def test_drop_after_output_saves_the_partial_reply_marked_interrupted(sse_server, tmp_path) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["half ", "an ", "answer"]), drop_after=3))
    path = write_request(tmp_path)
    assert main(["run", str(path), *target_args(sse_server)]) == 4
    saved = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(saved, ensure_ascii=False)
    assert "half an " in text and '"interrupted": true' in text


@pytest.mark.skipif(os.name == "nt", reason="SIGINT delivery differs on Windows")
def test_ctrl_c_saves_the_partial_reply_and_exits_130(sse_server, tmp_path) -> None:
    sse_server.queue(Reply(chunks=chat_chunks([f"tok{i} " for i in range(400)]), delay=0.01))
    path = write_request(tmp_path)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    proc = subprocess.Popen([sys.executable, "-m", "parley", "run", str(path), *target_args(sse_server)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None
    first = proc.stdout.read(4)  # wait until streaming has started
    assert first == b"tok0"
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err.decode()
    saved = json.loads(path.read_text(encoding="utf-8"))
    dumped = json.dumps(saved)
    assert "tok0 tok1" in dumped and '"interrupted": true' in dumped and "tok399" not in dumped


def test_compare_prints_a_metrics_row_per_target(sse_server, tmp_path, capsys) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["A"], usage={"prompt_tokens": 4, "completion_tokens": 1,
                                                            "total_tokens": 5})),
                     Reply(chunks=chat_chunks(["B"], usage={"prompt_tokens": 4, "completion_tokens": 1,
                                                            "total_tokens": 5})))
    path = write_request(tmp_path)
    url = sse_server.base_url
    code = main(["compare", str(path), "--mode", "sequential", "--json",
                 "-t", "custom:m1?temperature=0.1", "-t", "custom:m2?temperature=0.9", "--set", "seed=1"])
    # custom has no base URL of its own: the targets fail with a clear setup message
    assert code == 2
    assert "base URL" in capsys.readouterr().out
    # with a base URL, both targets run with their own parameters
    code = main(["compare", str(path), "--mode", "sequential", "--json",
                 "-t", "custom:m1?temperature=0.1", "-t", "custom:m2?temperature=0.9", "--base-url", url])
    assert code == 0, capsys.readouterr().err
    rows = json.loads(capsys.readouterr().out)
    assert [r["text"] for r in rows] == ["A", "B"]
    assert [r["completion_tokens"] for r in rows] == [1, 1]
    temps = [r.body["temperature"] for r in sse_server.requests]
    assert temps == [0.1, 0.9]


def test_keys_set_list_delete_never_print_the_key(monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("sk-live-abcdefghijklmnop\n"))
    assert main(["keys", "set", "openai"]) == 0
    assert keyring.get_password("parley", "openai") == "sk-live-abcdefghijklmnop"
    assert main(["keys", "list"]) == 0
    out = capsys.readouterr().out
    assert "abcdefghijklmnop" not in out and "openai" in out
    assert main(["keys", "delete", "openai"]) == 0
    assert keyring.get_password("parley", "openai") is None
    assert main(["keys", "set", "no-such-provider"]) == 2


def test_models_lists_the_providers_models(sse_server, capsys) -> None:
    assert main(["models", "custom", "--base-url", sse_server.base_url]) == 0
    assert capsys.readouterr().out.split() == ["test-model"]
    assert sse_server.requests[-1].path == "/v1/models"


def test_a_closed_stdout_pipe_still_saves_the_reply(sse_server, tmp_path) -> None:
    # `parley run chat.json | head -c 5`: the reader goes away, the turn must still be saved
    sse_server.queue(Reply(chunks=chat_chunks([f"piece{i} " for i in range(300)]), delay=0.002))
    path = write_request(tmp_path)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    proc = subprocess.Popen([sys.executable, "-m", "parley", "run", str(path), *target_args(sse_server)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None
    assert proc.stdout.read(6) == b"piece0"
    proc.stdout.close()  # like `head` exiting
    _out, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode()
    assert proc.returncode == 0
    assert "piece299" in path.read_text(encoding="utf-8")


def test_a_failed_save_is_a_clear_message(sse_server, tmp_path, capsys) -> None:
    path = write_request(tmp_path)
    code = main(["run", str(path), *target_args(sse_server), "--out", str(tmp_path / "missing" / "x.json")])
    assert code == 2
    assert "missing" in capsys.readouterr().err


def test_unknown_parameter_message_is_readable(sse_server, tmp_path, capsys) -> None:
    path = write_request(tmp_path)
    assert main(["run", str(path), *target_args(sse_server), "--set", "temprature=1"]) == 2
    err = capsys.readouterr().err
    assert "'temprature'" in err and "temperature" in err


def test_keys_set_without_a_keyring_stores_nothing_and_says_so(monkeypatch, capsys) -> None:
    import io

    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(sys, "stdin", io.StringIO("sk-live-abcdefghijklmnop\n"))
    assert main(["keys", "set", "openai"]) == 2
    err = capsys.readouterr().err
    assert "nothing was stored" in err and "OPENAI_API_KEY" in err and "abcdefghijklmnop" not in err


def test_read_timeout_flag_applies_to_the_run(sse_server, tmp_path, capsys) -> None:
    sse_server.queue(Reply(chunks=chat_chunks(["slow"]), initial_delay=1.5))
    path = write_request(tmp_path)
    code = main(["run", str(path), *target_args(sse_server), "--read-timeout", "0.3", "--max-retries", "0"])
    assert code == 4
    assert "did not answer for 0.3 s" in capsys.readouterr().err
    assert len(sse_server.requests) == 1
