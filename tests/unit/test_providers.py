"""Provider profiles: bundled data, model rules, custom profiles (never a key) and learned fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.core import providers
from parley.core.providers import (
    AUTH_STYLES,
    Capabilities,
    ModelRule,
    ProfileError,
    delete_custom_profile,
    forget_fix,
    learned_fixes,
    load_profiles,
    new_custom_profile,
    profile_from_dict,
    remember_fix,
    save_custom_profile,
)
from parley.paths import resource

EXPECTED_IDS = {
    "openai", "azure", "gemini", "xai", "openrouter", "groq", "deepseek", "mistral", "together",
    "fireworks", "cerebras", "sambanova", "plamo", "ollama", "lmstudio", "llamacpp", "vllm", "local", "custom",
}  # fmt: skip

EXPECTED_KEY_ENV = {
    "openai": "OPENAI_API_KEY",
    "azure": "AZURE_OPENAI_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "xai": "XAI_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "groq": "GROQ_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "together": "TOGETHER_API_KEY",
    "fireworks": "FIREWORKS_API_KEY",
    "cerebras": "CEREBRAS_API_KEY",
    "sambanova": "SAMBANOVA_API_KEY",
    "plamo": "PLAMO_API_KEY",
}

SECRET = "sk-test-SECRET-0123456789abcdef"


def test_every_bundled_profile_loads_with_the_required_fields() -> None:
    profiles = load_profiles()
    assert set(profiles) >= EXPECTED_IDS
    for pid, profile in profiles.items():
        assert profile.builtin, pid
        assert profile.id == pid
        assert profile.name.strip(), pid
        assert profile.auth in AUTH_STYLES, pid
        assert isinstance(profile.capabilities, Capabilities), pid
        assert profile.chat_path.startswith("/"), pid
        if pid not in ("local", "custom"):
            assert profile.base_url.startswith(("https://", "http://localhost")), pid
            assert profile.docs_url and profile.docs_url.startswith("https://"), pid
        if profile.key_required:
            assert profile.auth != "none", pid
        # A model rule that matches nothing in its own example would be dead data; at least be sure each parses.
        for rule in profile.model_rules:
            assert rule.match, pid


def test_profiles_and_capabilities_can_key_a_dict() -> None:
    profiles = load_profiles()
    seen = {profile: profile.capabilities_for("gpt-4o") for profile in profiles.values()}
    assert len(seen) == len(profiles)
    assert len({caps: 1 for caps in seen.values()}) >= 2


def test_bundled_file_names_are_their_ids() -> None:
    for path in resource("providers").glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["id"] == path.stem


def test_cloud_profiles_name_their_key_variable() -> None:
    profiles = load_profiles()
    for pid, env in EXPECTED_KEY_ENV.items():
        assert profiles[pid].key_env == env
        assert profiles[pid].key_required
    for pid in ("ollama", "lmstudio", "llamacpp", "vllm", "local"):
        assert not profiles[pid].key_required, pid


def test_azure_uses_an_api_key_header_a_deployment_url_and_an_api_version() -> None:
    azure = load_profiles()["azure"]
    assert azure.auth == "api-key"
    assert "{model}" in azure.chat_path and "deployments" in azure.chat_path
    assert azure.query.get("api-version")
    assert azure.needs_base_url()  # the resource name must be typed in


def test_openrouter_identifies_the_app_with_a_default_header() -> None:
    assert load_profiles()["openrouter"].headers.get("X-Title") == "Parley"


@pytest.mark.parametrize(
    "model", ["o1", "o3-mini", "o4-mini-2025-04-16", "gpt-5", "gpt-5-mini", "gpt-5-nano"]
)
def test_openai_reasoning_models_reject_sampling_and_take_reasoning_effort(model: str) -> None:
    caps = load_profiles()["openai"].capabilities_for(model)
    assert caps.token_limit_field == "max_completion_tokens"
    assert caps.reasoning_effort
    for param in (
        "temperature",
        "top_p",
        "presence_penalty",
        "frequency_penalty",
        "logprobs",
        "top_logprobs",
    ):
        ok, reason = caps.accepts(param, {})
        assert not ok, param
        assert model in reason


@pytest.mark.parametrize("model", ["gpt-4o", "gpt-4.1-mini", "gpt-5-chat-latest", "gpt-5.1-chat-latest"])
def test_openai_chat_models_accept_sampling_and_no_reasoning_effort(model: str) -> None:
    caps = load_profiles()["openai"].capabilities_for(model)
    for param in ("temperature", "top_p", "presence_penalty", "logprobs", "top_logprobs", "seed", "n"):
        assert caps.accepts(param, {}) == (True, None), param
    ok, reason = caps.accepts("reasoning_effort", {})
    assert not ok and "no reasoning effort" in reason


def test_gpt_5_1_accepts_temperature_only_without_reasoning() -> None:
    caps = load_profiles()["openai"].capabilities_for("gpt-5.1")
    assert caps.accepts("temperature", {}) == (True, None)
    assert caps.accepts("temperature", {"reasoning_effort": "none"}) == (True, None)
    ok, reason = caps.accepts("temperature", {"reasoning_effort": "high"})
    assert not ok and '"none"' in reason
    assert "none" in caps.reasoning_effort


def test_o3_rejects_stop_but_o1_does_not() -> None:
    openai = load_profiles()["openai"]
    assert not openai.capabilities_for("o3").accepts("stop")[0]
    assert openai.capabilities_for("o1").accepts("stop") == (True, None)


def test_rules_match_router_style_ids_by_their_bare_name() -> None:
    caps = load_profiles()["openai"].capabilities_for("openai/o3-mini")
    assert not caps.accepts("temperature", {})[0]


def test_groq_and_deepseek_quirks() -> None:
    profiles = load_profiles()
    groq = profiles["groq"].capabilities_for("llama-3.3-70b-versatile")
    assert not groq.developer_role
    assert not groq.accepts("logprobs")[0]
    assert groq.message_names == "none"
    reasoner = profiles["deepseek"].capabilities_for("deepseek-reasoner")
    ok, reason = reasoner.accepts("temperature", {})
    assert not ok and reason == "deepseek-reasoner ignores it"
    assert reasoner.continuation is not None and reasoner.continuation.message_fields == {"prefix": True}
    assert profiles["deepseek"].capabilities_for("deepseek-chat").accepts("temperature", {}) == (True, None)


def test_local_servers_accept_their_native_sampling_parameters() -> None:
    profiles = load_profiles()
    for pid in ("llamacpp", "local"):
        caps = profiles[pid].capabilities_for("whatever")
        assert caps.accepts("top_k") == (True, None)
        assert caps.accepts("min_p") == (True, None)
        assert caps.wire_name("repetition_penalty") == "repeat_penalty"
        assert caps.continuation is not None
    ok, reason = profiles["openai"].capabilities_for("gpt-4o").accepts("top_k")
    assert not ok and reason == "OpenAI does not accept non-standard parameters"


def test_tokenize_url_lives_on_the_server_root() -> None:
    profiles = load_profiles()
    assert profiles["llamacpp"].tokenize_url() == "http://localhost:8080/tokenize"
    assert profiles["local"].tokenize_url() is None  # not started yet
    assert (
        profiles["local"].tokenize_url(base_url="http://127.0.0.1:41234/v1")
        == "http://127.0.0.1:41234/tokenize"
    )
    assert profiles["openai"].tokenize_url() is None


def test_model_rules_support_globs_regexes_and_exclusions() -> None:
    rule = ModelRule(match="gpt-5*", exclude=("*-chat*",))
    assert rule.matches("gpt-5-mini") and rule.matches("GPT-5")
    assert not rule.matches("gpt-5-chat-latest")
    assert ModelRule(match="re:^o[134]").matches("o4-mini")
    assert not ModelRule(match="re:^o[134]").matches("gpt-4o")


def test_a_profile_with_a_typo_is_refused_with_a_sentence() -> None:
    data = {
        "id": "x",
        "name": "X",
        "base_url": "https://x",
        "auth": "bearer",
        "capabilities": {"logprob": False},
    }
    with pytest.raises(ProfileError, match="unknown capability logprob"):
        profile_from_dict(data, builtin=False)
    with pytest.raises(ProfileError, match="auth must be one of"):
        profile_from_dict({**data, "capabilities": {}, "auth": "basic"}, builtin=False)
    with pytest.raises(ProfileError, match="environment variable"):
        profile_from_dict({**data, "capabilities": {}, "key_env": "sk-live-abc def"}, builtin=False)


# --- custom profiles ---------------------------------------------------------------------------------------


def test_custom_profiles_round_trip_and_never_store_a_key(data_dir: Path) -> None:
    profile = new_custom_profile(
        "My Gateway", "https://gateway.example/v1", headers={"X-Team": "research"}, key_env="GATEWAY_KEY"
    )
    saved = save_custom_profile(profile)
    assert not saved.builtin
    loaded = load_profiles()["my-gateway"]
    assert loaded == saved
    assert loaded.headers == {"X-Team": "research"}
    text = (data_dir / "providers.json").read_text(encoding="utf-8")
    assert "GATEWAY_KEY" in text  # the variable's name, which is not a secret
    assert "sk-" not in text and "Authorization" not in text

    # Replacing keeps one entry; deleting removes it.
    save_custom_profile(new_custom_profile("My Gateway", "https://gateway2.example/v1"))
    assert load_profiles()["my-gateway"].base_url == "https://gateway2.example/v1"
    assert delete_custom_profile("my-gateway")
    assert "my-gateway" not in load_profiles()
    assert not delete_custom_profile("my-gateway")


@pytest.mark.parametrize("header", ["Authorization", "api-key", "X-Api-Key", "x-goog-api-key"])
def test_saving_a_profile_with_a_credential_header_is_refused(header: str, data_dir: Path) -> None:
    profile = new_custom_profile("Leaky", "https://leaky.example/v1", headers={header: f"Bearer {SECRET}"})
    with pytest.raises(ProfileError, match="keyring"):
        save_custom_profile(profile)
    path = data_dir / "providers.json"
    assert not path.exists() or SECRET not in path.read_text(encoding="utf-8")


def test_a_custom_profile_cannot_take_a_builtin_id() -> None:
    with pytest.raises(ProfileError, match="built-in"):
        save_custom_profile(new_custom_profile("OpenAI", "https://proxy.example/v1", profile_id="openai"))


def test_an_unreadable_custom_file_loses_nothing(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "providers.json"
    path.write_text("{ not json", encoding="utf-8")
    profiles = load_profiles()
    assert "openai" in profiles  # bundled profiles still load
    _custom, problems = providers.custom_profiles()
    assert problems and "left untouched" in problems[0]
    save_custom_profile(new_custom_profile("Fresh", "https://fresh.example/v1"))
    set_aside = list(data_dir.glob("providers.json.unreadable-*"))
    assert len(set_aside) == 1 and set_aside[0].read_text(encoding="utf-8") == "{ not json"
    assert "fresh" in load_profiles()


# --- learned fixes -----------------------------------------------------------------------------------------


def test_a_learned_drop_applies_to_that_provider_and_model_only(data_dir: Path) -> None:
    groq = load_profiles()["groq"]
    assert groq.capabilities_for("llama-3.3-70b-versatile").accepts("seed") == (True, None)
    remember_fix("groq", "llama-3.3-70b-versatile", "seed", "drop")
    ok, reason = groq.capabilities_for("llama-3.3-70b-versatile").accepts("seed")
    assert not ok and "you chose to drop it" in reason
    assert groq.capabilities_for("gemma2-9b-it").accepts("seed") == (True, None)
    assert load_profiles()["together"].capabilities_for("llama-3.3-70b-versatile").accepts("seed")[0]
    assert (
        json.loads((data_dir / "learned_rules.json").read_text(encoding="utf-8"))["fixes"][0]["param"]
        == "seed"
    )

    assert forget_fix("groq", "llama-3.3-70b-versatile", "seed")
    assert groq.capabilities_for("llama-3.3-70b-versatile").accepts("seed") == (True, None)
    assert not forget_fix("groq", "llama-3.3-70b-versatile", "seed")


def test_a_learned_rename_and_a_provider_wide_fix() -> None:
    custom = load_profiles()["custom"]
    remember_fix("custom", "*", "max_tokens", "rename", "max_completion_tokens")
    assert custom.capabilities_for("any-model").wire_name("max_tokens") == "max_completion_tokens"
    remember_fix("custom", "*", "max_tokens", "drop")  # a new answer replaces the old one
    fixes = learned_fixes()
    assert len(fixes) == 1 and fixes[0].action == "drop"
    with pytest.raises(ValueError):
        remember_fix("custom", "*", "seed", "rename")
    with pytest.raises(ValueError):
        remember_fix("custom", "*", "seed", "ignore")


def test_learned_fixes_are_read_once_while_the_file_is_unchanged(data_dir: Path, monkeypatch) -> None:
    remember_fix("groq", "*", "seed", "drop")
    reads = []
    real_read = providers._read_learned
    monkeypatch.setattr(providers, "_read_learned", lambda path: reads.append(path) or real_read(path))
    groq = load_profiles()["groq"]
    for _ in range(50):
        assert not groq.capabilities_for("llama-3.3-70b-versatile").accepts("seed")[0]
    assert len(reads) <= 1


def test_a_learned_fix_changed_on_disk_by_another_program_is_seen_at_once(data_dir: Path) -> None:
    groq = load_profiles()["groq"]
    remember_fix("groq", "*", "seed", "drop")
    assert not groq.capabilities_for("gemma2-9b-it").accepts("seed")[0]
    path = data_dir / "learned_rules.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fixes"][0]["param"] = "top_p"
    path.write_text(json.dumps(data), encoding="utf-8")  # rewritten in place (same inode), as an editor might
    caps = groq.capabilities_for("gemma2-9b-it")
    assert caps.accepts("seed")[0] and not caps.accepts("top_p")[0]
    path.unlink()
    assert groq.capabilities_for("gemma2-9b-it").accepts("top_p")[0]
    assert learned_fixes() == []


def test_a_file_that_cannot_be_saved_is_a_sentence_and_leaves_no_temp_file(data_dir: Path) -> None:
    (data_dir / "learned_rules.json").mkdir(parents=True)  # something in the way of the file
    with pytest.raises(ProfileError, match=r"^Cannot save learned_rules\.json: .+\. The previous version"):
        remember_fix("groq", "*", "seed", "drop")
    assert sorted(p.name for p in data_dir.iterdir()) == ["learned_rules.json"]


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX file modes")
def test_saving_keeps_the_mode_the_user_gave_the_file(data_dir: Path) -> None:
    save_custom_profile(new_custom_profile("Mine", "https://mine.example/v1"))
    path = data_dir / "providers.json"
    assert path.stat().st_mode & 0o777 == 0o600  # new files are private
    path.chmod(0o640)
    save_custom_profile(new_custom_profile("Mine", "https://mine2.example/v1"))
    assert path.stat().st_mode & 0o777 == 0o640
    assert load_profiles()["mine"].base_url == "https://mine2.example/v1"
