"""The engine's user-facing sentences are marked so that Qt's lupdate extracts every one of them."""

from __future__ import annotations

import ast
import string
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "app" / "parley"


def engine_sources() -> list[Path]:
    found = [p for folder in ("core", "api", "services") for p in (PACKAGE / folder).rglob("*.py")]
    return sorted([*found, PACKAGE / "secrets.py"])


def marked() -> dict[str, str]:
    """Every QT_TRANSLATE_NOOP text in the engine, with where it is (file:line)."""
    found: dict[str, str] = {}
    for path in engine_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QT_TRANSLATE_NOOP":
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                context, text = node.args
                # lupdate reads only literals: a variable context or a computed text is never extracted
                assert isinstance(context, ast.Constant) and context.value == "Engine", where
                assert isinstance(text, ast.Constant) and isinstance(text.value, str), where
                found[text.value] = where
    return found


def test_engine_sentences_are_marked_as_lupdate_reads_them() -> None:
    texts = marked()
    assert len(texts) > 100  # errors, run setup, library, files, presets, compare, local model, keys…
    for text, where in texts.items():
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
        for name, spec, conv in fields:
            assert name.isidentifier() and not spec and conv is None, f"{where}: field {{{name}}}"
        words = "".join(literal for literal, *_ in string.Formatter().parse(text))
        assert sum(ch.isalpha() for ch in words) >= 3, f"{where}: a template needs words of its own"


def _update_script():  # packaging/update_translations.py (not a package)
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_provider_profiles_notes_are_listed_for_translation() -> None:
    script = _update_script()
    notes = script.data_texts()
    assert any("random_seed" in note for note in notes)  # Mistral's profile note
    assert script.DATA_TEXTS.read_text(encoding="utf-8") == script.data_texts_source(), \
        "resources/i18n/data_texts.py is stale: run python packaging/update_translations.py"


def test_the_translation_files_carry_every_engine_sentence() -> None:
    """lupdate skips what it cannot read (a text in parentheses, say) without a word: compare."""
    texts = set(marked()) | set(_update_script().data_texts())
    for ts in sorted((ROOT / "resources" / "i18n").glob("parley_*.ts")):
        root = ET.parse(ts).getroot()
        engine = {msg.findtext("source") or "" for ctx in root.iter("context") if ctx.findtext("name") == "Engine"
                  for msg in ctx.iter("message")}
        assert engine == texts, f"{ts.name}: missing {sorted(texts - engine)[:3]}, extra {sorted(engine - texts)[:3]}"
