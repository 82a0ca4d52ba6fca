"""SSE parsing over a real loopback HTTP connection: framing, [DONE], errors, split reads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx
import openai
import pytest

from parley.api.errors import MalformedStream
from parley.api.sse import (
    MalformedChunk,
    SSEError,
    SSEParser,
    StreamErrorEvent,
    iter_chunks,
    parse_sse_bytes,
)
from parley.core.stream import StreamAssembler
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks, sse

STREAMS = Path(__file__).resolve().parents[1] / "fixtures" / "streams"


async def fetch(server: LoopbackServer, pieces: list[bytes], **reply: object) -> list[dict]:
    """POST to the loopback server and collect every chunk ``iter_chunks`` yields."""
    server.queue(Reply(chunks=pieces, **reply))  # type: ignore[arg-type]
    async with httpx.AsyncClient() as client, client.stream("POST", server.base_url + "/chat/completions",
                                                            json={"stream": True}) as response:
        return [chunk async for chunk in iter_chunks(response)]


async def fetch_until_error(server: LoopbackServer, pieces: list[bytes]) -> tuple[list[dict], Exception]:
    """Like ``fetch``, but the stream is expected to fail: returns what arrived before, and the error."""
    server.queue(Reply(chunks=pieces))
    received: list[dict] = []
    async with httpx.AsyncClient() as client, client.stream("POST", server.base_url + "/chat/completions",
                                                            json={"stream": True}) as response:
        with pytest.raises(SSEError) as caught:
            async for chunk in iter_chunks(response):
                received.append(chunk)
    return received, caught.value


def text_of(chunks: list[dict]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c.get("choices"))


async def test_a_well_formed_stream_yields_every_chunk_once_and_stops_at_done(sse_server: LoopbackServer) -> None:
    chunks = await fetch(sse_server, chat_chunks(["Hello", ",", " world"], usage={"prompt_tokens": 3}))
    assert text_of(chunks) == "Hello, world"
    assert chunks[-1] == {**chunks[-1], "choices": [], "usage": {"prompt_tokens": 3}}
    assert all(isinstance(c, dict) for c in chunks)  # "[DONE]" is not a chunk
    assert len(chunks) == 6  # role, 3 pieces, finish, usage


async def test_comments_and_keep_alives_are_ignored(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["a", "b"])
    noisy = [b": keep-alive\n\n", b":\n\n", plain[0], b": OPENROUTER PROCESSING\n\n", plain[1],
             b": ping - 2025-01-01 00:00:00\n", plain[2], *plain[3:]]
    assert await fetch(sse_server, noisy) == parse_sse_bytes(b"".join(plain))
    assert text_of(await fetch(sse_server, noisy)) == "ab"


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["CRLF", "CR"])
async def test_crlf_and_cr_line_endings(sse_server: LoopbackServer, ending: bytes) -> None:
    stream = b"".join(chat_chunks(["Zeile ", "zwei"])).replace(b"\n", ending)
    assert text_of(await fetch(sse_server, [stream])) == "Zeile zwei"


async def test_a_crlf_split_between_two_writes_is_one_line_ending(sse_server: LoopbackServer) -> None:
    # If the LF after a CR that ended a read were taken for a blank line, the two-line event below
    # would be dispatched after its first line, as the invalid JSON '{"choices": ['.
    event = b'data: {"choices": [\r\ndata: {"index": 0, "delta": {"content": "joined"}}]}\r\n\r\n'
    cut = event.index(b"\r\n") + 1
    chunks = await fetch(sse_server, [event[:cut], event[cut:], b"data: [DONE]\r\n\r\n"], delay=0.05)
    assert text_of(chunks) == "joined"


async def test_multi_line_data_is_joined_with_newlines(sse_server: LoopbackServer) -> None:
    event = b'data: {"choices": [{"index": 0,\ndata:  "delta": {"content": "two lines"}}]}\n\n'
    chunks = await fetch(sse_server, [event, sse("[DONE]")])
    assert text_of(chunks) == "two lines"
    # The exact payload keeps the newline, and "data:" without a space keeps its leading space.
    (parsed,) = SSEParser().feed(event)
    assert parsed.data == '{"choices": [{"index": 0,\n "delta": {"content": "two lines"}}]}'


async def test_a_stream_that_ends_without_done_is_complete(sse_server: LoopbackServer) -> None:
    chunks = await fetch(sse_server, chat_chunks(["no ", "done"], done=False))
    assert text_of(chunks) == "no done"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


async def test_nothing_after_done_is_read(sse_server: LoopbackServer) -> None:
    chunks = await fetch(sse_server, [*chat_chunks(["before"]), b"data: not json at all\n\n"])
    assert text_of(chunks) == "before"


async def test_empty_data_events_are_skipped(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["x"])
    chunks = await fetch(sse_server, [b"data:\n\n", plain[0], b"data: \n\n", b"data:   \n\n", *plain[1:]])
    assert chunks == parse_sse_bytes(b"".join(plain))


async def test_a_garbage_line_raises_malformed_chunk_carrying_the_text(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["kept"])
    garbage = "<html><body>502 Bad Gateway</body></html>"
    received, error = await fetch_until_error(sse_server, [*plain[:2], sse(garbage), *plain[2:]])
    assert isinstance(error, MalformedChunk) and isinstance(error, MalformedStream)  # one error taxonomy
    assert error.text == garbage
    assert garbage in str(error) and "kept" in error.message  # a sentence that says output is kept
    assert not error.retryable
    assert text_of(received) == "kept"  # what arrived before the bad line reached the consumer


async def test_malformed_chunk_truncates_a_long_offending_text(sse_server: LoopbackServer) -> None:
    garbage = "{" + "x" * 5000
    _, error = await fetch_until_error(sse_server, [sse(garbage)])
    assert isinstance(error, MalformedChunk)
    assert error.text.startswith("{xxx") and len(error.text) < 250 and error.text.endswith("…")
    assert len(str(error)) < 500


async def test_json_that_is_not_an_object_is_malformed(sse_server: LoopbackServer) -> None:
    _, error = await fetch_until_error(sse_server, [b"data: 42\n\n"])
    assert isinstance(error, MalformedChunk) and error.text == "42"


async def test_an_error_event_mid_stream_is_raised_after_the_output_before_it(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["partial ", "answer"], done=False)
    error_event = (b'event: error\ndata: {"error": {"message": "Overloaded, try later", "type": "overloaded_error",'
                   b' "code": 529}}\n\n')
    received, error = await fetch_until_error(sse_server, [*plain[:3], error_event, *plain[3:]])
    assert isinstance(error, StreamErrorEvent)
    assert error.provider_message == "Overloaded, try later"
    assert error.message == ("The provider reported an error during the stream (HTTP 529, overloaded_error): "
                             "“Overloaded, try later”. The output received so far is kept.")
    assert error.body == {"message": "Overloaded, try later", "type": "overloaded_error", "code": 529}
    assert text_of(received) == "partial answer"


async def test_an_error_event_with_plain_text_data(sse_server: LoopbackServer) -> None:
    _, error = await fetch_until_error(sse_server, [b"event: error\ndata: upstream timed out\n\n"])
    assert isinstance(error, StreamErrorEvent) and error.provider_message == "upstream timed out"


async def test_an_error_object_inside_a_chunk_is_raised(sse_server: LoopbackServer) -> None:
    # OpenRouter's documented mid-stream failure: a chunk with "error" and finish_reason "error" after a 200.
    stream = (STREAMS / "openrouter-midstream-error.sse").read_bytes()
    received, error = await fetch_until_error(sse_server, [stream])
    assert isinstance(error, StreamErrorEvent)
    assert "(server_error): “Provider disconnected unexpectedly”" in error.message
    assert error.body["code"] == "server_error"
    assert text_of(received) == "Partial"


async def test_error_texts_never_carry_an_api_key(sse_server: LoopbackServer) -> None:
    key = "sk-proj-Zx81QmPv27LkWwQ9"
    _, error = await fetch_until_error(
        sse_server, [sse({"error": {"message": f"Incorrect API key provided: {key}", "code": "invalid_api_key"}})])
    assert key not in str(error) and key not in repr(error) and "[redacted]" in error.message
    _, error = await fetch_until_error(sse_server, [f"data: oops Authorization: Bearer {key}\n\n".encode()])
    assert isinstance(error, MalformedChunk)
    assert key not in str(error) and key not in error.text and key not in repr(error)


async def test_one_event_split_across_two_writes(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["split ", "event"])
    event = plain[1]
    middle = len(event) // 2
    chunks = await fetch(sse_server, [plain[0], event[:middle], event[middle:], *plain[2:]], delay=0.05)
    assert text_of(chunks) == "split event"


async def test_a_multibyte_character_split_across_writes(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["日本", "語 ✓"])
    event = plain[1]
    cut = event.index("日".encode()) + 1  # inside the 3-byte sequence of 日
    pieces = [plain[0], event[:cut], event[cut:cut + 1], event[cut + 1:], *plain[2:]]
    with pytest.raises(UnicodeDecodeError):
        event[:cut].decode()  # the first write really ends inside a character
    chunks = await fetch(sse_server, pieces, delay=0.05)
    assert text_of(chunks) == "日本語 ✓"


async def test_a_real_recorded_stream_sent_in_seven_byte_writes(sse_server: LoopbackServer) -> None:
    stream = (STREAMS / "llamacpp-logprobs-multibyte.sse").read_bytes()
    pieces = [stream[i:i + 7] for i in range(0, len(stream), 7)]
    chunks = await fetch(sse_server, pieces)
    assert chunks == parse_sse_bytes(stream)
    assert '"日本"' in text_of(chunks)


def test_every_split_point_of_a_stream_gives_the_same_events() -> None:
    stream = (b"\xef\xbb\xbf: hi\r\nevent: note\r\nid: 7\r\ndata: {\"a\": \"\xc3\xa9\xe6\x97\xa5\"}\r\n\r\n"
              b"data: {\"b\":\rdata: 2}\r\rdata: [DONE]\n\n")
    whole = SSEParser().feed(stream)
    assert [(e.event, e.id, e.data) for e in whole] == [
        ("note", "7", '{"a": "é日"}'), ("message", "7", '{"b":\n2}'), ("message", "7", "[DONE]")]
    for cut in range(len(stream) + 1):
        parser = SSEParser()
        assert parser.feed(stream[:cut]) + parser.feed(stream[cut:]) == whole, f"split at byte {cut}"
    parser = SSEParser()
    assert [e for i in range(len(stream)) for e in parser.feed(stream[i:i + 1])] == whole  # byte by byte


async def test_a_byte_order_mark_at_the_start_is_ignored(sse_server: LoopbackServer) -> None:
    plain = chat_chunks(["first ", "kept"])
    with_bom = b"\xef\xbb\xbf" + plain[0]
    assert text_of(await fetch(sse_server, [with_bom, *plain[1:]])) == "first kept"
    # ... also when the BOM itself arrives in two reads
    assert text_of(await fetch(sse_server, [with_bom[:2], with_bom[2:], *plain[1:]], delay=0.05)) == "first kept"


def test_event_fields_follow_the_spec() -> None:
    events = SSEParser().feed(
        b"id: 1\nevent: update\nretry: 3000\ndata: one\n\n"
        b"data: two\nid\n\n"  # "id" without a colon: an empty id
        b"event: custom\n\n"  # no data: nothing is dispatched, and the type does not leak
        b"data:three\nunknown: ignored\nid: bad\x00id\n\n")
    assert [(e.data, e.event, e.id, e.retry) for e in events] == [
        ("one", "update", "1", 3000), ("two", "message", "", None), ("three", "message", "", None)]


def test_an_event_cut_off_by_the_end_of_the_stream_is_discarded() -> None:
    # The spec: "If the file ends in the middle of an event, before the final empty line, the
    # incomplete event is not dispatched" - a half-received JSON line must not become a chunk.
    assert parse_sse_bytes(b'data: {"a": 1}\n\ndata: {"b": 2') == [{"a": 1}]
    assert parse_sse_bytes(b'data: {"a": 1}\n\ndata: {"b": 2}\n') == [{"a": 1}]


async def test_a_wrong_content_type_does_not_stop_a_good_stream(sse_server: LoopbackServer) -> None:
    chunks = await fetch(sse_server, chat_chunks(["still ", "parsed"]), headers={"Content-Type": "text/plain"})
    assert text_of(chunks) == "still parsed"


async def test_event_streams_are_utf8_whatever_charset_the_header_claims(sse_server: LoopbackServer) -> None:
    chunks = await fetch(sse_server, chat_chunks(["日本", "語"]),
                         headers={"Content-Type": "text/event-stream; charset=iso-8859-1"})
    assert text_of(chunks) == "日本語"


async def test_a_gzip_encoded_stream_is_decoded(sse_server: LoopbackServer) -> None:
    body = gzip.compress(b"".join(chat_chunks(["compressed"])))
    chunks = await fetch(sse_server, [body[:10], body[10:]], headers={"Content-Encoding": "gzip"})
    assert text_of(chunks) == "compressed"


async def test_chunks_are_parsed_exactly_as_json_loads_would(sse_server: LoopbackServer) -> None:
    stream = (STREAMS / "openai-parallel-tool-calls.sse").read_bytes()
    expected = [json.loads(line[6:]) for line in stream.decode().split("\n\n") if line.startswith("data: {")]
    assert await fetch(sse_server, [stream]) == expected


@pytest.mark.parametrize("name", ["openai-parallel-tool-calls.sse", "llamacpp-logprobs-multibyte.sse",
                                  "openrouter-reasoning.sse"])
async def test_the_openai_sdk_reading_the_same_bytes_gets_the_same_answer(sse_server: LoopbackServer,
                                                                          name: str) -> None:
    """Whole pipelines compared over a real connection: the SDK's SSE decoder and accumulator vs
    ``iter_chunks`` + ``StreamAssembler``, on a stream with CRLF endings in 7-byte writes."""
    stream = (STREAMS / name).read_bytes().replace(b"\n", b"\r\n")
    pieces = [stream[i:i + 7] for i in range(0, len(stream), 7)]
    sse_server.queue(Reply(chunks=pieces))
    client = openai.AsyncOpenAI(base_url=sse_server.base_url, api_key="test", max_retries=0)
    async with client.chat.completions.stream(model="m", messages=[{"role": "user", "content": "hi"}]) as sdk:
        async for _ in sdk:
            pass
        snapshot = sdk.current_completion_snapshot
    await client.close()

    assembler = StreamAssembler()
    for chunk in await fetch(sse_server, pieces):
        assembler.feed(chunk)
    ours = assembler.result().choices[0]
    theirs = snapshot.choices[0]
    assert ours.content == theirs.message.content
    assert ours.finish_reason == theirs.finish_reason
    assert ours.tool_calls == ([c.model_dump(exclude={"index": True, "function": {"parsed_arguments"}})
                                for c in theirs.message.tool_calls] if theirs.message.tool_calls else None)
    assert ours.logprobs == (theirs.logprobs.model_dump() if theirs.logprobs else None)
    assert ours.reasoning == (theirs.message.model_extra or {}).get("reasoning")
