"""Exports: Markdown, JSONL, and curl / Python snippets that really reproduce the request without the key."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess

import pytest

from parley.core import export
from parley.core.conversation import Choice, Conversation, Generation, Message, Timings
from tests.support.sse_server import LoopbackServer, Reply, chat_completion

KEY = "sk-proj-FAKE-EXPORT-012345"
TRICKY = 'It\'s "quoted"\nsecond line: 日本語のテキスト $HOME `date` \\ back\\slash 100% & <tag>'


def conversation() -> Conversation:
    conv = Conversation(
        title="Export test",
        params={
            "temperature": 0.3,
            "tools": [{"type": "function", "function": {"name": "clock", "parameters": {"type": "object"}}}],
        },
    )
    conv.target.provider, conv.target.model = "openai", "gpt-4o-mini"
    conv.append(Message("system", "Be brief."))
    conv.append(
        Message(
            "user",
            [
                {"type": "text", "text": "何時ですか?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 500}},
            ],
            name="alice",
        )
    )
    call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "clock", "arguments": '{"tz": "Asia/Tokyo", "format": "24h"}'},
    }
    asks = conv.append(Message("assistant", None))
    asks.add_generation(
        Generation(
            model="gpt-4o-mini-2024-07-18",
            choices=[
                Choice(
                    content=None, tool_calls=[call], finish_reason="tool_calls", reasoning="Need the clock."
                )
            ],
            usage={"prompt_tokens": 40, "completion_tokens": 9},
            timings=Timings(sent=1.0, first_byte=1.2, first_token=1.3, last_token=1.9, finished=2.0),
        )
    )
    conv.append(Message("tool", '{"time": "12:00", "note": "```fenced```"}', tool_call_id="call_1"))
    answer = conv.append(Message("assistant", ""))
    for text in ("Noon.", "It is noon.", "正午です。"):
        answer.add_generation(
            Generation(model="gpt-4o-mini-2024-07-18", choices=[Choice(content=text, finish_reason="length")])
        )
    answer.select(1)
    return conv


# -- Markdown --------------------------------------------------------------------------------------


def test_markdown_has_one_heading_per_message_in_order() -> None:
    md = export.to_markdown(conversation())
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == ["System", "User · alice", "Assistant", "Tool result · call_1", "Assistant ‹2/3›"]
    assert md.startswith("# Export test\n")
    assert "It is noon." in md and "正午です。" not in md  # the shown alternative only


def test_markdown_folds_reasoning_and_shows_tool_calls_as_json() -> None:
    md = export.to_markdown(conversation())
    assert "<details>\n<summary>Reasoning</summary>\n\nNeed the clock.\n\n</details>" in md
    block = re.search(r"\*\*Tool call\*\* `clock` \(call_1\)\n\n```json\n(.*?)\n```", md, flags=re.S)
    assert block and json.loads(block.group(1)) == {"tz": "Asia/Tokyo", "format": "24h"}


def test_markdown_fences_survive_backticks_inside_a_tool_result() -> None:
    md = export.to_markdown(conversation())
    block = re.search(r"^(`{4,})json\n(.*?)\n\1$", md, flags=re.S | re.M)
    assert block and json.loads(block.group(2))["note"] == "```fenced```"


def test_markdown_has_a_facts_line_per_generated_turn() -> None:
    md = export.to_markdown(conversation())
    assert "*gpt-4o-mini-2024-07-18 · 40 prompt + 9 completion tokens · TTFT 0.30 s · 13.3 tok/s*" in md
    assert "*gpt-4o-mini-2024-07-18 · finish: length*" in md


def test_markdown_does_not_paste_inline_image_data() -> None:
    md = export.to_markdown(conversation())
    assert "*[image]*" in md and "base64" not in md


def test_markdown_redacts_keys_in_messages() -> None:
    conv = conversation()
    conv.append(Message("user", f"my key is {KEY}, and this one too: hunter2-custom-secret"))
    md = export.to_markdown(conv, secrets=["hunter2-custom-secret"])
    assert KEY not in md and "hunter2-custom-secret" not in md and md.count("[redacted]") == 2


# -- JSONL -----------------------------------------------------------------------------------------


def test_jsonl_is_one_wire_message_per_line() -> None:
    conv = conversation()
    lines = export.to_jsonl(conv).splitlines()
    assert [json.loads(line) for line in lines] == conv.wire_messages()
    assert "何時ですか?" in lines[1]  # readable UTF-8, not \u escapes
    assert all("reasoning" not in line for line in lines)


def test_finetuning_jsonl_has_one_example_per_conversation_with_its_tools() -> None:
    first, second = conversation(), conversation()
    second.params = {}
    lines = export.to_finetuning_jsonl([first, second]).splitlines()
    examples = [json.loads(line) for line in lines]
    assert [sorted(e) for e in examples] == [["messages", "tools"], ["messages"]]
    assert examples[0]["messages"] == first.wire_messages()
    assert examples[0]["tools"] == first.params["tools"]
    assert export.to_finetuning_jsonl(first) == lines[0] + "\n"


def test_jsonl_redacts_keys_and_stays_valid_json() -> None:
    conv = conversation()
    conv.append(Message("user", f'config: {{"api_key": "{KEY}"}}'))
    line = export.to_jsonl(conv).splitlines()[-1]
    assert KEY not in line and json.loads(line)["content"] == 'config: {"api_key": "[redacted]"}'


# -- curl ------------------------------------------------------------------------------------------

URL = "https://api.openai.com/v1/chat/completions"
HEADERS = {
    "Content-Type": "application/json",
    "Authorization": f"Bearer {KEY}",
    "HTTP-Referer": "https://p.test",
}


def body(**extra) -> dict:
    return {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "Réponds en 日本語."},
            {"role": "user", "content": TRICKY},
        ],
        "temperature": 0.3,
        **extra,
    }


def parse_curl(command: str) -> tuple[list[str], dict]:
    """What a POSIX shell would pass to curl: the words, and the JSON after -d."""
    words = shlex.split(command.replace("\\\n", ""))
    assert words[0] == "curl"
    return words, json.loads(words[words.index("-d") + 1])


def test_curl_command_parses_back_to_the_exact_body() -> None:
    command = export.to_curl(URL, HEADERS, body())
    words, payload = parse_curl(command)
    assert payload == body()
    assert URL in words
    headers = [words[i + 1] for i, w in enumerate(words) if w == "-H"]
    assert headers == [
        "Content-Type: application/json",
        "Authorization: Bearer ${OPENAI_API_KEY}",
        "HTTP-Referer: https://p.test",
    ]
    assert KEY not in command


def test_curl_streams_without_buffering_only_for_stream_bodies() -> None:
    assert parse_curl(export.to_curl(URL, HEADERS, body(stream=True)))[0][1:3] == ["-sS", "-N"]
    assert "-N" not in parse_curl(export.to_curl(URL, HEADERS, body()))[0]


def test_curl_uses_the_providers_key_variable_and_header_style() -> None:
    command = export.to_curl(
        "https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",
        {"api-key": "0123456789abcdef0123456789abcdef"},
        body(),
        key_env="AZURE_OPENAI_API_KEY",
    )
    words, _ = parse_curl(command)
    assert "api-key: ${AZURE_OPENAI_API_KEY}" in words
    assert "0123456789abcdef0123456789abcdef" not in command


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@needs_curl
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_the_curl_command_run_by_a_shell_sends_the_same_request(
    sse_server: LoopbackServer, stream: bool
) -> None:
    sent = body(stream=True) if stream else body()
    if not stream:
        sse_server.queue(Reply(body=chat_completion("ok")))
    command = export.to_curl(f"{sse_server.base_url}/chat/completions", HEADERS, sent)
    done = subprocess.run(
        ["sh", "-c", command],
        env={**os.environ, "OPENAI_API_KEY": KEY},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    recorded = sse_server.requests[-1]
    assert recorded.body == sent
    assert recorded.headers["authorization"] == f"Bearer {KEY}"
    assert recorded.headers["http-referer"] == "https://p.test"


@needs_curl
def test_a_key_in_the_query_string_becomes_the_variable_too(sse_server: LoopbackServer) -> None:
    sse_server.queue(Reply(body=chat_completion("ok")))
    url = f"{sse_server.base_url}/chat/completions?key=0123456789abcdef0123&alt=json"
    command = export.to_curl(url, {"Content-Type": "application/json"}, body(), key_env="GATEWAY_KEY")
    assert "0123456789abcdef0123" not in command
    done = subprocess.run(
        ["sh", "-c", command],
        env={**os.environ, "GATEWAY_KEY": "from-env-42"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert sse_server.requests[-1].path.endswith("/chat/completions?key=from-env-42&alt=json")


# -- Python ----------------------------------------------------------------------------------------


def run_snippet(snippet: str) -> None:
    exec(compile(snippet, "parley-export.py", "exec"), {"__name__": "__main__"})


def test_python_snippet_compiles_and_never_holds_the_key() -> None:
    snippet = export.to_python(URL, HEADERS, body(top_k=40, stream=True))
    compile(snippet, "parley-export.py", "exec")
    assert KEY not in snippet
    assert "api_key=os.environ['OPENAI_API_KEY']" in snippet
    assert "base_url='https://api.openai.com/v1'" in snippet
    assert "extra_body={'top_k': 40}" in snippet


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_the_python_snippet_sends_the_same_request(
    sse_server: LoopbackServer, monkeypatch, capsys, stream
) -> None:
    sent = body(stream=True, top_k=40, stop=["\n\n"]) if stream else body(top_k=40, seed=7)
    if not stream:
        sse_server.queue(Reply(body=chat_completion("It is noon.")))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    run_snippet(export.to_python(f"{sse_server.base_url}/chat/completions", HEADERS, sent))
    recorded = sse_server.requests[-1]
    assert recorded.body == sent
    assert recorded.headers["authorization"] == f"Bearer {KEY}"
    assert recorded.headers["http-referer"] == "https://p.test"
    assert capsys.readouterr().out == ("Hello world\n" if stream else "It is noon.\n")


def test_the_python_snippet_sends_header_and_query_keys_from_the_environment(
    sse_server: LoopbackServer, monkeypatch, capsys
) -> None:
    sse_server.queue(Reply(body=chat_completion("ok")))
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    url = f"{sse_server.base_url}/chat/completions?api-version=2024-10-21"
    snippet = export.to_python(url, {"api-key": KEY}, body(), key_env="AZURE_OPENAI_API_KEY")
    assert KEY not in snippet
    run_snippet(snippet)
    recorded = sse_server.requests[-1]
    assert recorded.headers["api-key"] == KEY and recorded.body == body()
    assert recorded.path.endswith("/chat/completions?api-version=2024-10-21")


def test_a_keyless_local_endpoint_gets_a_placeholder_key() -> None:
    snippet = export.to_python("http://127.0.0.1:8080/v1/chat/completions", {}, body())
    assert 'api_key="not-needed"' in snippet and "os.environ" not in snippet.replace("import os", "")
    compile(snippet, "parley-export.py", "exec")


def test_keys_inside_the_body_are_redacted_in_both_snippets() -> None:
    leaky = body()
    leaky["messages"].append({"role": "user", "content": f"use {KEY} please"})
    for snippet in (export.to_curl(URL, HEADERS, leaky), export.to_python(URL, HEADERS, leaky)):
        assert KEY not in snippet and "[redacted]" in snippet


def test_a_gateway_credential_header_is_not_pasted_into_snippets() -> None:
    headers = {**HEADERS, "X-Portkey-Api-Key": "pk-gateway-0123456789"}
    for snippet in (export.to_curl(URL, headers, body()), export.to_python(URL, headers, body())):
        assert "pk-gateway-0123456789" not in snippet and "X-Portkey-Api-Key" in snippet


def test_cerebras_and_nvidia_keys_are_redacted_in_exports() -> None:
    conv = conversation()
    cerebras, nvidia = "csk-" + "k3y9" * 12, "nvapi-" + "Zx_9-" * 13
    conv.append(Message("user", f"keys: {cerebras} and {nvidia}"))
    for text in (export.to_markdown(conv), export.to_jsonl(conv), export.to_finetuning_jsonl(conv)):
        assert cerebras not in text and nvidia not in text
