"""Ban/boost ids in the right id space, and continuing from an alternative as a new branch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.core import tokens
from parley.core.conversation import Conversation, Message
from parley.core.logprobs import TokenSequence, analyse, id_space_for
from parley.core.providers import bundled_profiles
from parley.core.request import build_request
from parley.core.steering import (
    BAN,
    SteeringError,
    apply_bias,
    bias_availability,
    bias_target,
    continuation_availability,
    continuation_branch,
    continuation_prefix,
    merged_logit_bias,
    params_with_bias,
)
from tests.unit.test_logprobs import LLAMA_DO, LLAMA_SU

PROFILES = bundled_profiles()


def fixture_seq(fixtures_dir: Path, name: str) -> TokenSequence:
    return analyse(json.loads((fixtures_dir / name).read_text(encoding="utf-8"))["content"])


def test_ban_a_kishida_token_uses_its_o200k_id(fixtures_dir: Path) -> None:
    seq = fixture_seq(fixtures_dir, "logprobs-openai-kishida.json")
    space = id_space_for(seq, "gpt-4o-mini")
    assert bias_availability(PROFILES["openai"].capabilities_for("gpt-4o-mini"), space).ok
    target = bias_target(seq, 0, space)
    assert target.bias(BAN) == {"86845": -100}  # 岸 in o200k_base
    assert "o200k_base" in target.describe()
    # boosting an alternative: 河 at the same position
    river = next(a for a in seq.tokens[0].alternatives if a.token == "河")
    assert bias_target(seq, 0, space, river).token_id == tokens.token_ids("河", "gpt-4o-mini")[0]


def test_fragment_tokens_are_biased_by_their_own_piece(fixtures_dir: Path) -> None:
    seq = fixture_seq(fixtures_dir, "logprobs-openai-suzuki-fragments.json")
    space = id_space_for(seq, "gpt-4o-mini")
    first = bias_target(seq, 0, space)
    assert first.token_id == 159763 and first.shown == "bytes e9 88"  # the lead bytes of 鈴
    assert "part of 鈴" in (first.note or "")
    assert bias_target(seq, 1, space).token_id == 112  # the continuation byte b4


def test_llama_cpp_ids_come_from_the_answer() -> None:
    seq = analyse([LLAMA_DO, LLAMA_SU])
    space = id_space_for(seq, "SmolLM2-135M-Instruct")
    target = bias_target(seq, 0, space)
    assert target.token_id == 119 and target.shown == "ど"
    assert "last piece (a9)" in (target.note or "")
    assert "the model's own token ids" in target.describe()
    alt = seq.tokens[1].alternatives[1]
    assert bias_target(seq, 1, space, alt).bias(7) == {"41414": 7}


def test_ban_is_unavailable_with_a_reason() -> None:
    seq = analyse([{"token": "Hi", "bytes": list(b"Hi"), "logprob": -0.1, "top_logprobs": []}])
    deepseek = PROFILES["deepseek"].capabilities_for("deepseek-chat")
    verdict = bias_availability(deepseek, id_space_for(seq, "deepseek-chat"))
    assert not verdict.ok and verdict.reason == "Ban and boost need logit_bias: DeepSeek rejects it."
    together = PROFILES["together"].capabilities_for("meta-llama/Llama-3.3-70B-Instruct-Turbo")
    unknown = id_space_for(seq, "meta-llama/Llama-3.3-70B-Instruct-Turbo", "Together AI")
    verdict = bias_availability(together, unknown)
    assert not verdict.ok and "its token ids are unknown" in (verdict.reason or "")
    with pytest.raises(SteeringError, match="token's id"):
        bias_target(seq, 0, unknown)


def test_bias_merges_into_the_parameters() -> None:
    params = {"temperature": 0, "logit_bias": {"5": 3}}
    out = params_with_bias(params, {"7": -100})
    assert out == {"temperature": 0, "logit_bias": {"5": 3, "7": -100}}
    assert params == {"temperature": 0, "logit_bias": {"5": 3}}  # the input is not changed
    assert merged_logit_bias({"5": 3}, {"5": 0}) == {}  # 0 removes: it would change nothing
    assert merged_logit_bias(None, {"1": 500}) == {"1": 100}  # clamped to the API's range
    assert "logit_bias" not in params_with_bias({"logit_bias": {"5": 3}}, {"5": 0})
    conversation = Conversation(params={"seed": 1})
    assert apply_bias(conversation, {"9": -100}) == {"9": -100}
    assert conversation.params == {"seed": 1, "logit_bias": {"9": -100}}


# --- continue from an alternative ------------------------------------------------------------------------

def test_prefix_is_the_text_before_the_token_plus_the_alternative(fixtures_dir: Path) -> None:
    seq = fixture_seq(fixtures_dir, "logprobs-openai-suzuki-fragments.json")
    deer = next(a for a in seq.tokens[2].alternatives if a.token == "鹿")
    assert continuation_prefix(seq, 2, deer) == "鈴鹿"
    dull = next(a for a in seq.tokens[1].alternatives if a.token == "\\x8d")
    assert continuation_prefix(seq, 1, dull) == "鈍"  # the continuation byte completes the lead bytes
    kishi = seq.tokens[0].alternatives[0]
    assert continuation_prefix(seq, 0, kishi) == "岸"
    lead = seq.tokens[0].alternatives[1]  # \xe9\x88 alone is half a character
    with pytest.raises(SteeringError, match="inside a character"):
        continuation_prefix(seq, 0, lead)


def test_prefix_after_a_llama_cpp_merged_entry_keeps_the_hidden_lead_bytes() -> None:
    seq = analyse([LLAMA_DO, LLAMA_SU])
    to = seq.tokens[0].alternatives[1]  # a8 after the hidden e3 81
    assert continuation_prefix(seq, 0, to) == "と"
    shi = seq.tokens[1].alternatives[1]
    assert continuation_prefix(seq, 1, shi) == "どし"


def conversation_with_answer(provider: str = "local") -> Conversation:
    conv = Conversation()
    conv.target.provider = provider
    conv.append(Message(role="system", content="Answer in Japanese."))
    conv.append(Message(role="user", content="Who?"))
    conv.append(Message(role="assistant", content="鈴木善幸です。"))
    conv.append(Message(role="user", content="And then?"))
    return conv


def test_continuation_branch_ends_with_the_partial_answer() -> None:
    conv = conversation_with_answer()
    plan = continuation_branch(conv, 2, "鈴鹿")
    assert conv.active_branch == 1 and conv.branch is plan.branch
    assert [m.role for m in plan.branch.messages] == ["system", "user", "assistant"]
    assert plan.branch.messages[-1].content == "鈴鹿" and plan.message_index == 2
    assert plan.branch.name.endswith("鈴鹿")
    assert [m.text for m in conv.branches[0].messages][2:] == ["鈴木善幸です。", "And then?"]  # untouched
    with pytest.raises(SteeringError):
        continuation_branch(conv, 1, "x")  # not an assistant message


@pytest.mark.parametrize(("provider", "model", "expect_message", "expect_body"), [
    ("local", "SmolLM2", {}, {}),
    ("deepseek", "deepseek-chat", {"prefix": True}, {}),
    ("vllm", "any", {}, {"continue_final_message": True, "add_generation_prompt": False}),
])
def test_the_request_of_a_continuation_carries_the_prefix(provider: str, model: str, expect_message: dict,
                                                          expect_body: dict) -> None:
    conv = conversation_with_answer(provider)
    profile = PROFILES[provider]
    assert continuation_availability(profile.capabilities_for(model)).ok
    continuation_branch(conv, 2, "鈴鹿")
    built = build_request(conv.wire_messages(), {}, profile, model, api_key="k" * 20,
                          base_url="http://127.0.0.1:1/v1", continue_partial=True)
    assert built.body["messages"][-1] == {"role": "assistant", "content": "鈴鹿", **expect_message}
    assert {k: built.body[k] for k in expect_body} == expect_body
    assert built.continued_prefix == "鈴鹿"


def test_continuation_unavailable_where_the_provider_cannot_continue() -> None:
    verdict = continuation_availability(PROFILES["openai"].capabilities_for("gpt-4o-mini"))
    assert not verdict.ok
    assert verdict.reason is not None and verdict.reason.startswith("OpenAI cannot continue a partial answer")
