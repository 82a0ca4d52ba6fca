"""One redaction for the whole app: key shapes, exact values, credential headers and masked previews."""

from __future__ import annotations

import json
import random
import string

import pytest

from parley import secrets
from parley.api import errors
from parley.core import export, redaction
from parley.core.conversation import Conversation, Message
from parley.core.redaction import (
    CREDENTIAL_HEADERS,
    KEY_PATTERNS,
    PLACEHOLDER,
    mask_credential,
    redact,
    secret_values,
)


def fake(alphabet: str, length: int, seed: int) -> str:
    """A random-looking fake key body (fixed per seed, so failures are reproducible)."""
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase + string.digits
URLSAFE = ALNUM + "-_"

# (pattern name, text containing the secret, the secret) — keys shaped like each provider's real ones.
EXAMPLES = [
    ("authorization header", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
    ("authorization header", "sent Authorization: Bearer abc.def-ghi upstream", "abc.def-ghi"),
    ("bearer token", f"token was bearer eyJhbGciOiJIUzI1NiJ9.{fake(URLSAFE, 40, 1)}",
     f"eyJhbGciOiJIUzI1NiJ9.{fake(URLSAFE, 40, 1)}"),
    ("api key assignment", f"api-key: {fake(LOWER, 32, 2)}", fake(LOWER, 32, 2)),
    ("api key assignment", f'{{"api_key": "{fake(ALNUM, 24, 3)}"}}', fake(ALNUM, 24, 3)),
    ("api key assignment", f"OPENAI_API_KEY={fake(ALNUM, 30, 4)}", fake(ALNUM, 30, 4)),
    ("api key assignment", f'x-api-key: "{fake(ALNUM, 20, 5)}"', fake(ALNUM, 20, 5)),
    ("key, token or secret assignment", "GET /v1/models?key=SECRETSECRET123&alt=sse", "SECRETSECRET123"),
    ("key, token or secret assignment", f"access_token={fake(ALNUM, 40, 6)}", fake(ALNUM, 40, 6)),
    ("key, token or secret assignment", f"secret: {fake(ALNUM, 18, 7)}", fake(ALNUM, 18, 7)),
    ("sk- key", f"bad key sk-proj-{fake(URLSAFE, 48, 8)}, try again", f"sk-proj-{fake(URLSAFE, 48, 8)}"),
    ("sk- key", f"sk-ant-api03-{fake(URLSAFE, 40, 9)}", f"sk-ant-api03-{fake(URLSAFE, 40, 9)}"),
    ("sk- key", f"sk-or-v1-{fake('0123456789abcdef', 64, 10)}", f"sk-or-v1-{fake('0123456789abcdef', 64, 10)}"),
    ("sk- key", "Incorrect API key provided: sk-abc1*********************6789.", "sk-abc1*********************6789"),
    ("sk_ key", f"sk_live_{fake(ALNUM, 24, 11)}", f"sk_live_{fake(ALNUM, 24, 11)}"),
    ("Groq key", f"gsk_{fake(ALNUM, 52, 12)}", f"gsk_{fake(ALNUM, 52, 12)}"),
    ("Google key", f"AIzaSy{fake(URLSAFE, 33, 13)}", f"AIzaSy{fake(URLSAFE, 33, 13)}"),
    ("xAI key", f"xai-{fake(ALNUM, 80, 14)}", f"xai-{fake(ALNUM, 80, 14)}"),
    ("Hugging Face token", f"hf_{fake(ALNUM, 34, 15)}", f"hf_{fake(ALNUM, 34, 15)}"),
    ("Perplexity key", f"pplx-{fake(ALNUM, 48, 16)}", f"pplx-{fake(ALNUM, 48, 16)}"),
    ("Cerebras key", f"csk-{fake(LOWER, 48, 17)}", f"csk-{fake(LOWER, 48, 17)}"),
    ("NVIDIA key", f"nvapi-{fake(URLSAFE, 64, 18)}", f"nvapi-{fake(URLSAFE, 64, 18)}"),
]


def test_every_pattern_has_an_example() -> None:
    assert {name for name, _, _ in EXAMPLES} == {p.name for p in KEY_PATTERNS}


@pytest.mark.parametrize(("name", "text", "secret"), EXAMPLES, ids=[f"{n}: {t[:24]}" for n, t, _ in EXAMPLES])
def test_each_key_shape_is_redacted_by_its_pattern(name: str, text: str, secret: str) -> None:
    pattern = next(p for p in KEY_PATTERNS if p.name == name)
    assert secret not in pattern.sub(text)
    scrubbed = redact(text)
    assert secret not in scrubbed and PLACEHOLDER in scrubbed
    assert secret[4:16] not in scrubbed  # not even a middle piece survives
    assert redact(scrubbed) == scrubbed  # redacting twice changes nothing


@pytest.mark.parametrize(("text", "kept"), [
    ("Authorization: Bearer sk-live-abcdefghij1234", "Authorization: Bearer "),
    ('{"api_key": "abcdefghijklmnopqrstu"}', '{"api_key": "'),
    ("?key=SECRETSECRET123&alt=sse", "&alt=sse"),
    ("bad key gsk_abcdefghijklmnop1234, try again", ", try again"),
])
def test_the_label_and_the_text_around_a_key_are_kept(text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text", [
    "the token probabilities are shown",
    "ask-me anything; a risk-free task-list-item",
    "Bearer authentication is used, and bearer tokens expire",
    "authorization: required for this endpoint",
    'api_key=os.environ["OPENAI_API_KEY"]',
    "client = OpenAI(api_key=api_key)",
    '-H "Authorization: Bearer $OPENAI_API_KEY"',
    '-H "api-key: ${AZURE_OPENAI_API_KEY}"',
    "max_tokens=4096 is too large; the task-specific tokenizer failed",
    "temperature=0.7 top_p=0.9 seed=1234",
    "from huggingface_hub import hf_hub_download",
    "model xai-grok-2-1212 and sk-learn style names",
    "cache_key = 'user_12345678'; monkey: banana123456",
    "the key: press Enter to continue",
    "AIza is a prefix; gsk_ and hf_ alone are not keys",
    "日本語のテキストとトークン確率",
])
def test_ordinary_prose_and_code_are_left_alone(text: str) -> None:
    assert redact(text) == text


# -- exact values ------------------------------------------------------------------------------


def test_a_known_secret_without_any_known_shape_is_redacted_exactly() -> None:
    odd = "zz9plural-zalpha-7777"
    text = f"the gateway said: {odd} is not valid (and zz9plural alone is just a word)"
    assert redact(text) == text  # no pattern knows this shape…
    assert redact(text, [odd]) == text.replace(odd, PLACEHOLDER)  # …knowing the value catches it


def test_known_secrets_are_replaced_longest_first() -> None:
    assert redact("a=abc123xyz b=abc123", ["abc123", "abc123xyz"]) == f"a={PLACEHOLDER} b={PLACEHOLDER}"


def test_blank_and_very_short_secrets_are_ignored() -> None:
    text = "a b c: nothing to hide, x=1"
    assert redact(text, ["", "   ", "a", "b c", "x=1"]) == text


def test_patterns_can_be_turned_off_and_the_placeholder_chosen() -> None:
    key = f"gsk_{fake(ALNUM, 52, 12)}"
    text = f"{key} and custom-value-123456"
    assert redact(text, ["custom-value-123456"], patterns=False) == f"{key} and {PLACEHOLDER}"
    assert redact(text, ["custom-value-123456"], placeholder="***") == "*** and ***"


def test_a_redacted_json_string_stays_valid_json() -> None:
    key = f"sk-proj-{fake(URLSAFE, 48, 8)}"
    line = json.dumps({"content": f'my config: {{"api_key": "{key}"}}'})
    assert json.loads(redact(line, [key])) == {"content": f'my config: {{"api_key": "{PLACEHOLDER}"}}'}


# -- headers -----------------------------------------------------------------------------------


def test_credential_headers_are_lower_case_and_cover_every_auth_style() -> None:
    assert all(name == name.lower() for name in CREDENTIAL_HEADERS)
    assert {"authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key"} <= CREDENTIAL_HEADERS
    assert redaction.is_credential_header("X-Goog-Api-Key") and not redaction.is_credential_header("X-Title")


def test_secret_values_are_the_header_credentials_with_and_without_the_scheme() -> None:
    values = secret_values({
        "Authorization": "Bearer tok-123456",
        "Proxy-Authorization": "Basic dXNlcjpwYXNz",
        "api-key": "azurekey999",
        "X-Portkey-Api-Key": "pk-gateway-123",  # a gateway's own credential header
        "X-Session-Token": "session-abc",
        "Content-Type": "application/json",
        "HTTP-Referer": "https://parley.example",
        "x-api-key": "",
    })
    assert values == ["Bearer tok-123456", "tok-123456", "Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "azurekey999",
                      "pk-gateway-123", "session-abc"]


@pytest.mark.parametrize(("value", "shown"), [
    (f"Bearer sk-proj-{fake(URLSAFE, 48, 8)}", "Bearer sk-…REDACTED"),
    (f"Bearer gsk_{fake(ALNUM, 52, 12)}", "Bearer gsk_…REDACTED"),
    (f"nvapi-{fake(URLSAFE, 64, 18)}", "nvapi-…REDACTED"),
    ("0123456789abcdef0123456789abcdef", "…REDACTED"),  # Azure: no prefix, nothing shown
    ("Bearer sk-short", "Bearer …REDACTED"),  # too short for the prefix to say nothing about the rest
    ("Basic dXNlcjpwYXNzd29yZA==", "Basic …REDACTED"),
])
def test_a_credential_header_is_masked_to_its_scheme_and_key_kind(value: str, shown: str) -> None:
    masked = mask_credential(value)
    assert masked == shown
    credential = value.split(" ")[-1]
    assert credential[len(shown.split(" ")[-1].split("…")[0]):][:4] not in masked


# -- every path agrees ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text", "secret"), EXAMPLES, ids=[f"{n}: {t[:24]}" for n, t, _ in EXAMPLES])
def test_logs_errors_and_exports_redact_the_same_keys(name: str, text: str, secret: str) -> None:
    """Cerebras csk- and NVIDIA nvapi- keys used to be caught in API errors but not in exports."""
    assert secrets.scrub(text) == errors.scrub_secrets(text) == redact(text)
    conv = Conversation(title="Leak")
    conv.append(Message("user", f"please debug: {text}"))
    assert secret not in export.to_markdown(conv)
    assert secret not in export.to_jsonl(conv)
    assert secret not in str(errors.error_from_payload({"error": {"message": f"rejected: {text}"}}, status=401))
