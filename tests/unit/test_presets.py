"""Presets: named parameter sets in user_data_dir()/presets (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.services import presets


def test_save_and_load_round_trip_keeps_every_value(data_dir: Path) -> None:
    values = {
        "temperature": 0.3,
        "stop": ["\n\n", "END"],
        "metadata": {"project": "demo"},
        "response_format": {"type": "json_object"},
        "top_k": 40,  # a provider extra
        "my_server_flag": {"nested": [1, 2]},  # unknown to the catalog: kept as typed
    }
    saved = presets.save("Precise JSON", values, {"timeout": 30, "extra_headers": {"X-Trace": "1"}})

    assert saved.path is not None and saved.path.parent == data_dir / "presets"
    loaded = presets.find("precise json")
    assert loaded is not None
    assert loaded.name == "Precise JSON"
    assert loaded.params == values
    assert loaded.options == {"timeout": 30, "extra_headers": {"X-Trace": "1"}}
    on_disk = json.loads(saved.path.read_text(encoding="utf-8"))
    assert on_disk["format"] == "parley.preset" and on_disk["version"] == 1


def test_model_and_messages_never_go_into_a_preset() -> None:
    saved = presets.save("p", {"model": "gpt-4o", "messages": [], "temperature": 1})
    assert saved.params == {"temperature": 1}


def test_invalid_values_are_refused_with_the_catalog_sentence() -> None:
    with pytest.raises(presets.PresetError, match="temperature must be a number from 0 to 2"):
        presets.save("hot", {"temperature": 7})
    assert presets.names() == []


def test_credentials_in_extra_headers_are_refused() -> None:
    with pytest.raises(presets.PresetError, match="Authorization carries a credential"):
        presets.save("leaky", {}, {"extra_headers": {"Authorization": "Bearer sk-abc"}})
    assert not list((presets.presets_dir()).iterdir())


@pytest.mark.parametrize("name, problem", [("   ", "Give the preset a name"), ("x" * 81, "at most 80"),
                                           ("a\nb", "line breaks")])
def test_bad_names(name: str, problem: str) -> None:
    with pytest.raises(presets.PresetError, match=problem):
        presets.save(name, {"temperature": 1})


def test_same_name_replaces_unless_told_not_to() -> None:
    presets.save("Creative", {"temperature": 1.2})
    presets.save("creative", {"temperature": 1.4})
    assert [p.name for p in presets.list_presets()[0]] == ["creative"]
    assert presets.find("Creative").params == {"temperature": 1.4}
    with pytest.raises(presets.PresetError, match="already exists"):
        presets.save("CREATIVE", {"temperature": 1}, overwrite=False)


def test_names_that_share_a_file_name_get_their_own_files() -> None:
    presets.save("a/b", {"n": 1})
    presets.save("a b", {"n": 2})
    assert sorted(p.name for p in presets.list_presets()[0]) == ["a b", "a/b"]
    assert presets.find("a/b").params == {"n": 1}
    assert all(p.path.parent == presets.presets_dir() for p in presets.list_presets()[0])


def test_unreadable_files_are_reported_and_left_alone() -> None:
    folder = presets.presets_dir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    (folder / "future.json").write_text(json.dumps({"format": "parley.preset", "version": 99, "name": "f",
                                                    "params": {}}), encoding="utf-8")
    presets.save("good", {"seed": 1})
    found, problems = presets.list_presets()
    assert [p.name for p in found] == ["good"]
    assert len(problems) == 3
    assert any("not valid JSON" in p for p in problems)
    assert any("not a Parley preset" in p for p in problems)
    assert any("newer Parley" in p for p in problems)
    assert (folder / "broken.json").read_text(encoding="utf-8") == "{not json"


def test_delete() -> None:
    presets.save("gone", {"n": 2})
    assert presets.delete("GONE") is True
    assert presets.find("gone") is None
    assert presets.delete("gone") is False


def test_differences_say_what_changed_added_and_removed() -> None:
    preset = {"temperature": 0.2, "stop": ["x"], "seed": 7}
    current = {"temperature": 0.9, "seed": 7.0, "top_p": 0.5, "custom_flag": True}
    diff = {d.name: d for d in presets.differences(current, preset)}
    assert set(diff) == {"temperature", "stop", "top_p", "custom_flag"}
    assert diff["temperature"].kind == "changed"
    assert diff["temperature"].sentence() == "temperature is 0.9 (the preset has 0.2)"
    assert diff["stop"].kind == "removed" and "unset" in diff["stop"].sentence()
    assert diff["top_p"].kind == "added"
    # catalog order first, extras last
    assert [d.name for d in presets.differences(current, preset)][-1] == "custom_flag"


def test_true_and_one_are_different_settings() -> None:
    assert presets.differences({"x": True}, {"x": 1})
    assert not presets.differences({"x": 1}, {"x": 1.0})


def test_reset_to_defaults_unsets_everything() -> None:
    assert presets.defaults() == {}
