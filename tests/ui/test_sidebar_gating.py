"""Capability gating, warnings, one-click fixes, search and help in the parameter sidebar."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices

from parley.core.providers import ProviderProfile, learned_fixes, load_profiles
from parley.ui.sidebar.panel import ParameterSidebar

PROFILES = load_profiles()


def make(qtbot: Any, provider: str, model: str) -> ParameterSidebar:
    widget = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(widget)
    widget.set_target(PROFILES[provider], model)
    widget.set_messages([{"role": "user", "content": "Hi"}])
    for group in widget.sections:
        widget.show_group(group)
    return widget


def plain(rich: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rich)).split())


def gate(sidebar: ParameterSidebar, name: str) -> tuple[bool, str]:
    """(editor enabled, the name's tooltip as plain text)."""
    row = sidebar.row(name)
    return row.editor.isEnabled(), plain(row.send.toolTip())


# --- three profiles ------------------------------------------------------------------------------------------


def test_openai_reasoning_model(qtbot: Any) -> None:
    sidebar = make(qtbot, "openai", "o3-mini")
    for name in ("temperature", "top_p", "presence_penalty", "frequency_penalty", "logit_bias"):
        enabled, tip = gate(sidebar, name)
        assert not enabled and "Not available: o3-mini rejects it." in tip, name
    for name in ("logprobs", "top_logprobs"):
        enabled, tip = gate(sidebar, name)
        assert not enabled and "returns no log probabilities" in tip
    assert not gate(sidebar, "stop")[0]
    assert not gate(sidebar, "top_k")[0] and "non-standard" in gate(sidebar, "top_k")[1]
    for name in ("reasoning_effort", "max_completion_tokens", "store", "service_tier", "seed", "tools"):
        assert gate(sidebar, name)[0], name

    effort = sidebar.row("reasoning_effort").editor
    enabled = {effort.combo.itemText(i): effort.combo.model().item(i).isEnabled()
               for i in range(effort.combo.count())}
    assert enabled == {"none": False, "minimal": False, "low": True, "medium": True, "high": True,
                       "xhigh": False, "max": False}

    sidebar.set_params({"max_tokens": 300, "temperature": 0.2})
    assert "Sent as max_completion_tokens" in sidebar.row("max_tokens").message_text()
    assert "Not sent: o3-mini rejects it." in sidebar.row("temperature").message_text()
    assert "Reasoning model" in sidebar.target_notes.text()
    assert "5 unavailable" in sidebar.sections["Sampling"].header.text()  # temperature, top_p, penalties, logit_bias
    body = sidebar.preview().body
    assert "temperature" not in body and body["max_completion_tokens"] == 300


def test_openai_chat_model(qtbot: Any) -> None:
    sidebar = make(qtbot, "openai", "gpt-4o-mini")
    for name in ("temperature", "top_p", "logprobs", "top_logprobs", "logit_bias", "stop", "n", "store",
                 "service_tier", "prediction", "tools", "response_format"):
        assert gate(sidebar, name)[0], name
    enabled, tip = gate(sidebar, "reasoning_effort")
    assert not enabled and "OpenAI has no reasoning effort setting" in tip
    assert not gate(sidebar, "verbosity")[0]
    assert not gate(sidebar, "audio")[0] and not gate(sidebar, "modalities")[0]
    for extra in ("top_k", "min_p", "repetition_penalty", "mirostat"):
        assert not gate(sidebar, extra)[0], extra


def test_llama_cpp(qtbot: Any) -> None:
    sidebar = make(qtbot, "llamacpp", "smollm2")
    for name in ("top_k", "min_p", "typical_p", "repeat_penalty", "mirostat", "chat_template_kwargs",
                 "temperature", "logprobs", "seed", "n", "tools"):
        assert gate(sidebar, name)[0], name
    for name in ("store", "metadata", "service_tier", "prediction", "reasoning_effort", "safety_identifier"):
        assert not gate(sidebar, name)[0], name
    assert "llama.cpp server does not store completions" in gate(sidebar, "store")[1]

    sidebar.set_params({"repetition_penalty": 1.1, "max_completion_tokens": 64, "top_k": 40})
    assert "Sent as repeat_penalty" in sidebar.row("repetition_penalty").message_text()
    assert "Sent as max_tokens" in sidebar.row("max_completion_tokens").message_text()
    body = sidebar.preview().body
    assert body["repeat_penalty"] == 1.1 and body["max_tokens"] == 64 and body["top_k"] == 40


def test_gating_follows_other_parameters(qtbot: Any) -> None:
    """GPT-5.1 takes temperature only while reasoning_effort is "none"."""
    sidebar = make(qtbot, "openai", "gpt-5.1")
    assert gate(sidebar, "temperature")[0]
    sidebar.set_params({"reasoning_effort": "high"})
    enabled, tip = gate(sidebar, "temperature")
    assert not enabled and 'only with reasoning_effort "none"' in tip
    sidebar.set_params({"reasoning_effort": "none"})
    assert gate(sidebar, "temperature")[0]


def test_changing_the_model_regates_and_is_announced(qtbot: Any) -> None:
    sidebar = make(qtbot, "openai", "gpt-4o-mini")
    assert gate(sidebar, "temperature")[0]
    with qtbot.waitSignal(sidebar.model_changed) as signal:
        sidebar.model_combo.setEditText("o3")
        sidebar.model_combo.lineEdit().editingFinished.emit()
    assert signal.args == ["o3"]
    assert not gate(sidebar, "temperature")[0]


def test_hide_unavailable_keeps_what_is_set(qtbot: Any) -> None:
    sidebar = make(qtbot, "openai", "o3-mini")
    sidebar.set_params({"temperature": 0.5})
    sidebar.hide_unavailable.setChecked(True)
    assert sidebar.row("top_p").isHidden()
    assert not sidebar.row("temperature").isHidden()  # set: it stays visible so it can be unset
    assert not sidebar.row("reasoning_effort").isHidden()
    sidebar.hide_unavailable.setChecked(False)
    assert not sidebar.row("top_p").isHidden()


# --- warnings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params, words", [
    ({"temperature": 0.5, "top_p": 0.5}, "temperature and top_p are both set"),
    ({"n": 3}, "you pay for the tokens of all of them"),
    ({"response_format": {"type": "json_object"}}, 'needs the word "JSON"'),
])
def test_conflict_warnings(qtbot: Any, params: dict[str, Any], words: str) -> None:
    sidebar = make(qtbot, "openai", "gpt-4o-mini")
    sidebar.set_params(params)
    assert not sidebar.warnings.isHidden()
    assert words in plain(sidebar.warnings.text())


def test_warnings_judge_what_is_sent(qtbot: Any) -> None:
    """top_logprobs without logprobs: the builder sets logprobs, so there is nothing to warn about."""
    sidebar = make(qtbot, "openai", "gpt-4o-mini")
    sidebar.set_params({"top_logprobs": 3})
    assert sidebar.warnings.isHidden()
    assert "logprobs set to true: top_logprobs needs it" in [a.lower() for a in sidebar.preview().adjustments]
    sidebar.set_params({"max_tokens": 10})  # deprecated, and chosen by the user: said even though it is renamed
    assert "max_tokens is deprecated" in plain(sidebar.warnings.text())


def test_json_warning_goes_away_when_a_message_asks_for_json(qtbot: Any) -> None:
    sidebar = make(qtbot, "openai", "gpt-4o-mini")
    sidebar.set_params({"response_format": {"type": "json_object"}})
    sidebar.set_messages([{"role": "system", "content": "Answer in JSON."}, {"role": "user", "content": "Hi"}])
    assert sidebar.warnings.isHidden()


# --- one-click fixes after a 400 -------------------------------------------------------------------------


def test_drop_fix_is_remembered_for_that_model(qtbot: Any, data_dir: Path) -> None:
    sidebar = make(qtbot, "openai", "gpt-4o-mini")
    sidebar.set_params({"temperature": 0.3})
    sidebar.offer_fix("temperature", "Unsupported parameter: 'temperature' is not supported with this model.")
    assert not sidebar.fix_banner.isHidden()
    assert "rejected <b>temperature</b> for gpt-4o-mini" in sidebar.fix_text.text()
    assert sidebar.fix_rename.isHidden()
    with qtbot.waitSignal(sidebar.fix_applied) as signal:
        sidebar.fix_drop.click()
    assert signal.args == ["temperature", "drop"]
    assert sidebar.fix_banner.isHidden()

    saved = json.loads((data_dir / "learned_rules.json").read_text(encoding="utf-8"))
    assert saved["fixes"] == [{"provider": "openai", "model": "gpt-4o-mini", "param": "temperature",
                               "action": "drop"}]
    enabled, tip = gate(sidebar, "temperature")
    assert not enabled and "chose to drop it" in tip and "gpt-4o-mini" in tip
    assert "temperature" not in sidebar.preview().body
    assert sidebar.params()["temperature"] == 0.3  # the conversation keeps its value
    assert "Undo" in sidebar.warnings.text()

    later = make(qtbot, "openai", "gpt-4o-mini")  # a new window, same model: still dropped
    assert not gate(later, "temperature")[0]
    other = make(qtbot, "openai", "gpt-4o")  # another model: untouched
    assert gate(other, "temperature")[0]

    sidebar._warning_link("forget:gpt-4o-mini:temperature")  # the Undo link
    assert gate(sidebar, "temperature")[0] and learned_fixes() == []


def test_rename_fix_suggested_from_the_provider_message(qtbot: Any) -> None:
    sidebar = make(qtbot, "custom", "some-model")
    sidebar.set_target(PROFILES["custom"], "some-model", base_url="http://127.0.0.1:9/v1")
    sidebar.set_params({"max_tokens": 100})
    sidebar.offer_fix("max_tokens", "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead.")
    assert sidebar.fix_rename.text() == "Send as max_completion_tokens"
    sidebar.fix_rename.click()
    body = sidebar.preview().body
    assert body["max_completion_tokens"] == 100 and "max_tokens" not in body


def test_apply_provider_fix_api(qtbot: Any) -> None:
    sidebar = make(qtbot, "llamacpp", "m")
    sidebar.set_params({"seed": 5})
    sidebar.apply_provider_fix("seed", "rename:random_seed")
    assert sidebar.preview().body["random_seed"] == 5
    with pytest.raises(ValueError, match='"drop" or "rename'):
        sidebar.apply_provider_fix("seed", "explode")


# --- search and help -------------------------------------------------------------------------------------


def test_search_by_name(qtbot: Any) -> None:
    sidebar = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(sidebar)
    sidebar.set_target(PROFILES["openai"], "gpt-4o-mini")
    tools_was_open = sidebar.sections["Tools"].expanded
    sidebar.search.setText("penalty")
    shown = {n for s in sidebar.sections.values() if not s.isHidden()
             for n, row in s.rows.items() if not row.isHidden()}
    assert shown == {"frequency_penalty", "presence_penalty", "repetition_penalty", "repeat_penalty"}
    assert sidebar.sections["Tools"].isHidden()
    sidebar.search.setText("zzz")
    assert not sidebar.no_match.isHidden()
    sidebar.search.setText("")
    assert not sidebar.sections["Tools"].isHidden()
    assert sidebar.sections["Tools"].expanded == tools_was_open


def test_help_pane_and_safe_links(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    sidebar = make(qtbot, "openai", "o3-mini")
    row = sidebar.row("temperature")
    assert "Default:</b> 1" in row.send.toolTip() and "Range:</b> 0 to 2" in row.send.toolTip()
    row.help_button.click()
    text = sidebar.help.text.text()
    assert "Sampling temperature" in text and "Not available here" in text and "<a href=" in text
    assert opened == []  # nothing opens until the user clicks

    sidebar.help.text.linkActivated.emit("https://platform.openai.com/docs/api-reference/chat/create")
    sidebar.help.text.linkActivated.emit("file:///etc/passwd")
    sidebar.help.text.linkActivated.emit("javascript:alert(1)")
    assert opened == ["https://platform.openai.com/docs/api-reference/chat/create"]


def test_unknown_provider_gates_nothing(qtbot: Any) -> None:
    sidebar = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(sidebar)
    sidebar.set_target(None, "whatever")
    assert gate(sidebar, "top_k")[0] and gate(sidebar, "store")[0]


def test_custom_profile(qtbot: Any) -> None:
    profile = ProviderProfile(id="mine", name="My server", base_url="http://127.0.0.1:9/v1", auth="none",
                              key_env=None, docs_url=None, builtin=False, key_required=False)
    sidebar = ParameterSidebar(profiles=PROFILES)
    qtbot.addWidget(sidebar)
    sidebar.set_target(profile, "m")
    assert sidebar.provider_combo.currentText() == "My server"
    assert sidebar.preview().url == "http://127.0.0.1:9/v1/chat/completions"


def test_the_model_field_names_the_providers_default_when_empty(qtbot: Any) -> None:
    sidebar = make(qtbot, "local", "")
    assert sidebar.model_combo.currentText() == ""
    assert sidebar.model_combo.lineEdit().placeholderText() == "default: smollm2-135m-instruct"
    sidebar.set_target(PROFILES["custom"], "")  # no default: an example instead
    assert sidebar.model_combo.lineEdit().placeholderText() == "model id, e.g. gpt-4o-mini"
