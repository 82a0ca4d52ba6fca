"""The token inspector as a user meets it: real fixtures, real hover and click events, the signals
that steer the next answer, and the sentences shown when something cannot be done."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip
from pytestqt.qtbot import QtBot

from parley.core.conversation import Choice, Generation, Message
from parley.core.providers import bundled_profiles
from parley.ui import theme
from parley.ui.inspector import InspectorWidget
from parley.ui.inspector.colors import ColourMode
from tests.unit.test_logprobs import LLAMA_DO, LLAMA_SU

PROFILES = bundled_profiles()
SUZUKI = "logprobs-openai-suzuki-fragments.json"
KISHIDA = "logprobs-openai-kishida.json"


def entries(fixtures_dir: Path, name: str) -> list[dict]:
    return json.loads((fixtures_dir / name).read_text(encoding="utf-8"))["content"]


def answer(content: list[dict] | None, text: str = "", *, request: dict | None = None, provider: str = "openai",
           choices: list[list[dict]] | None = None) -> tuple[Message, Generation]:
    contents = choices if choices is not None else [content]
    gen = Generation(provider=provider, request=request if request is not None else {"logprobs": True},
                     choices=[Choice(index=i, content=text,
                                     logprobs=None if c is None else {"content": c, "refusal": None})
                              for i, c in enumerate(contents)])
    return Message(role="assistant", content=text), gen


@pytest.fixture
def inspector(qtbot: QtBot) -> InspectorWidget:
    widget = InspectorWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(widget: InspectorWidget, content: list[dict] | None, *, profile: str = "openai",
         model: str = "gpt-4o-mini", **kwargs: object) -> tuple[Message, Generation]:
    message, generation = answer(content, provider=profile, **kwargs)  # type: ignore[arg-type]
    widget.show_generation(message, generation, profile=PROFILES[profile], model=model)
    QApplication.processEvents()
    if widget.showing_tokens:
        deadline = time.monotonic() + 5
        while not widget.metrics_ready and time.monotonic() < deadline:
            QApplication.processEvents()
        assert widget.metrics_ready  # the chart and the jump list follow right after the tokens
    return message, generation


def centre(widget: InspectorWidget, token_index: int) -> QPoint:
    return widget.view.token_rect(token_index).center()


def click_token(qtbot: QtBot, widget: InspectorWidget, token_index: int) -> None:
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=centre(widget, token_index))


def hover(widget: InspectorWidget, token_index: int) -> str:
    viewport = widget.view.viewport()
    pos = centre(widget, token_index)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    return QToolTip.text()


# --- rendering the fixtures -----------------------------------------------------------------------------

def test_suzuki_fragments_show_whole_characters_with_each_tokens_probability(
        qtbot: QtBot, inspector: InspectorWidget, fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, SUZUKI))
    assert inspector.showing_tokens
    assert inspector.view.layout_info().texts == ["鈴", "木", "善", "幸", "です", "。"]
    # 鈴 is one cell made of two tokens; each token has its own slice, hover and colour
    first, second = inspector.view.token_rect(0), inspector.view.token_rect(1)
    assert first.right() < second.left() and first.top() == second.top()
    assert inspector.view.token_at(first.center()) == 0 and inspector.view.token_at(second.center()) == 1
    tip = hover(inspector, 0)
    assert tip.splitlines()[0] == "鈴   0.008% · logprob -9.4335 · rank 2 of 5"
    assert "bytes e9 88 · id 159763 (o200k_base)" in tip
    assert "token 1 of 2 of the character 鈴" in tip
    assert hover(inspector, 1).splitlines()[0] == "鈴   100.0% · logprob 0.0000 · rank 1 of 5"
    assert "bytes b4 · id 112" in hover(inspector, 1)
    assert hover(inspector, 3).splitlines()[0].startswith("善   52.1% · logprob -0.6518 · rank 1 of 5")


def test_cells_are_painted_in_the_colour_of_their_probability(inspector: InspectorWidget,
                                                              fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, KISHIDA))
    image = inspector.view.viewport().grab().toImage()
    palette = inspector.view.palette_
    for index in (0, 4):  # 岸 (99.95%, yellow) and です (90.3%, green-yellow)
        rect = inspector.view.token_rect(index)
        pixel = image.pixelColor(rect.left() + 1, rect.top() + 1)
        p = inspector.sequence.tokens[index].probability
        assert pixel.rgb() == palette.background(round(p * 255)).rgb()
    left = image.pixelColor(inspector.view.token_rect(0).topLeft() + QPoint(1, 1))
    assert left.green() > 200 and left.blue() < 100  # viridis' bright end for a near-certain token


def test_click_shows_the_alternatives_table(qtbot: QtBot, inspector: InspectorWidget, fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, SUZUKI))
    click_token(qtbot, inspector, 1)
    assert inspector.details.token_index == 1
    rows = inspector.details.table_rows()
    assert rows[0] == ["✓ ‹b4› → 鈴", "100.0%", "0.0000", "b4", "112"]
    assert rows[1] == ["‹8d› → 鈍", "<0.001%", "-100.0000", "8d", "235"]  # the fragment alternative's character
    assert inspector.details.heading.text() == "鈴  ·  token 2 of 2 ‹b4›"
    assert inspector.details.coverage.text() == "The 5 listed alternatives cover 100.0% of the probability."
    click_token(qtbot, inspector, 0)
    rows = inspector.details.table_rows()
    assert rows[0] == ["岸", "99.96%", "-0.0004", "e5 b2 b8", "86845"]
    assert rows[1][0] == "✓ ‹e9 88› → 鈴" and rows[1][1] == "0.008%"
    assert inspector.details.table.horizontalHeaderItem(4).text() == "Id (o200k_base)"


def test_keyboard_jump_list_and_chart_select_tokens(qtbot: QtBot, inspector: InspectorWidget,
                                                    fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, SUZUKI))
    least = inspector.least_likely
    assert least.item(0).text() == "#1  鈴   0.008%" and least.item(1).text() == "#6  です   27.5%"
    least.itemClicked.emit(least.item(1))
    assert inspector.details.token_index == 5 and inspector.view.selected == 5
    inspector.view.setFocus()
    qtbot.keyClick(inspector.view, Qt.Key.Key_Right)
    assert inspector.details.token_index == 6
    chart = inspector.chart
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(chart.width() - 3, chart.height() - 3))
    assert inspector.details.token_index == 6
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(3, chart.height() - 3))
    assert inspector.details.token_index == 0
    assert chart.values[0] == pytest.approx(inspector.sequence.tokens[0].entropy_lower_bound)


def test_metrics_summary(inspector: InspectorWidget, fixtures_dir: Path) -> None:
    content = entries(fixtures_dir, KISHIDA)
    show(inspector, content)
    total = sum(e["logprob"] for e in content)
    text = inspector.summary.text()
    assert text.startswith("6 tokens · mean logprob ")
    assert f"mean logprob {total / 6:.3f}" in text
    assert f"perplexity {math.exp(-total / 6):.3f}" in text
    assert f"joint probability {math.exp(total):.3g}" in text


def test_whitespace_on_demand_and_colour_modes(qtbot: QtBot, inspector: InspectorWidget) -> None:
    content = [{"token": t, "bytes": list(t.encode()), "logprob": lp,
                "top_logprobs": [{"token": t, "bytes": list(t.encode()), "logprob": lp},
                                 {"token": "x", "bytes": [120], "logprob": math.log(1 - math.exp(lp) + 1e-12)}]}
               for t, lp in (("Hello", -0.01), (" world", -0.7), (".\n", -0.2), ("Bye", -1.5))]
    show(inspector, content)
    assert inspector.view.layout_info().texts == ["Hello", " world", ".", "Bye"]
    assert inspector.view.token_rect(3).top() > inspector.view.token_rect(2).top()  # the newline breaks the row
    inspector.whitespace.setChecked(True)
    assert inspector.view.layout_info().texts == ["Hello", "␣world", ".⏎", "Bye"]
    by_probability = list(inspector.view._steps)
    inspector.set_colour_mode(ColourMode.ENTROPY)
    assert inspector.view._steps != by_probability
    assert inspector.legend.labels()[2] == "0 nats (sure)"
    inspector.set_colour_mode(ColourMode.RANK)
    assert inspector.view._steps == [255, 255, 255, 255]  # greedy: every chosen token ranked first
    assert inspector.legend.labels() == ("not in top 2", "", "rank 1")


def test_each_choice_when_n_is_more_than_one(qtbot: QtBot, inspector: InspectorWidget, fixtures_dir: Path) -> None:
    show(inspector, None, choices=[entries(fixtures_dir, KISHIDA), entries(fixtures_dir, SUZUKI)])
    assert inspector.choices.isVisibleTo(inspector) and inspector.choices.count() == 2
    assert inspector.sequence.text == "岸田文雄です。"
    inspector.choices.setCurrentIndex(1)
    assert inspector.sequence.text == "鈴木善幸です。"
    assert inspector.title.text() == "OpenAI · gpt-4o-mini · choice 2 of 2"


# --- no logprobs ---------------------------------------------------------------------------------------

def test_no_logprobs_names_provider_and_model(inspector: InspectorWidget) -> None:
    show(inspector, None, request={"model": "gpt-4o-mini"})
    assert not inspector.showing_tokens
    assert inspector.empty.text() == (
        "OpenAI returned no log probabilities for gpt-4o-mini. The request did not ask for them: turn on "
        "logprobs (and top_logprobs for alternatives) in the sidebar, then regenerate.")
    show(inspector, None, request={"logprobs": True}, profile="groq", model="llama-3.3-70b-versatile")
    assert inspector.empty.text() == ("Groq returned no log probabilities for llama-3.3-70b-versatile. "
                                      "Its profile says Groq never returns them.")
    show(inspector, None, request={"logprobs": True}, profile="ollama", model="llama3.2")
    assert "asked for them (logprobs: true) but the answer carried none" in inspector.empty.text()
    assert not inspector.export_button.isEnabled()
    message, generation = answer(None, provider="openai")
    generation.edited = True  # the user's edit of an answer, kept as an alternative
    inspector.show_generation(message, generation, profile=PROFILES["openai"], model="gpt-4o-mini")
    assert inspector.empty.text().startswith("This alternative is your edit of an answer")


# --- steering ------------------------------------------------------------------------------------------

def test_ban_and_boost_emit_logit_bias_in_the_models_id_space(qtbot: QtBot, inspector: InspectorWidget,
                                                              fixtures_dir: Path) -> None:
    message, _ = show(inspector, entries(fixtures_dir, KISHIDA))
    click_token(qtbot, inspector, 0)
    details = inspector.details
    assert details.ban_button.isEnabled() and details.ban_button.text() == "Ban “岸”"
    with qtbot.waitSignal(inspector.bias_requested) as ban:
        qtbot.mouseClick(details.ban_button, Qt.MouseButton.LeftButton)
    assert ban.args == [message.id, {"86845": -100}, True]
    assert "Banned token 86845 (岸) in o200k_base (tiktoken)" in inspector.status.text()
    # boost an alternative: pick 河 in the table, +7, without regenerating
    river = next(r for r, row in enumerate(details.table_rows()) if row[0] == "河")
    details.select_row(river)
    details.boost_value.setValue(7)
    details.regenerate.setChecked(False)
    assert details.boost_button.text() == "Boost “河”"
    with qtbot.waitSignal(inspector.bias_requested) as boost:
        qtbot.mouseClick(details.boost_button, Qt.MouseButton.LeftButton)
    assert boost.args == [message.id, {details.table_rows()[river][4]: 7}, False]


def test_llama_cpp_ban_uses_the_ids_the_answer_carried(qtbot: QtBot, inspector: InspectorWidget) -> None:
    message, _ = show(inspector, [LLAMA_DO, LLAMA_SU], profile="local", model="SmolLM2-135M-Instruct")
    click_token(qtbot, inspector, 0)
    assert inspector.details.table_rows()[1] == ["‹a8› → と", "12.2%", "-2.1000", "a8", "118"]
    assert "merged by the provider" in inspector.details.facts.text()
    with qtbot.waitSignal(inspector.bias_requested) as ban:
        qtbot.mouseClick(inspector.details.ban_button, Qt.MouseButton.LeftButton)
    assert ban.args == [message.id, {"119": -100}, True]


def test_ban_disabled_with_the_reason(qtbot: QtBot, inspector: InspectorWidget, fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, KISHIDA), profile="deepseek", model="deepseek-chat")
    click_token(qtbot, inspector, 0)
    assert not inspector.details.ban_button.isEnabled() and not inspector.details.boost_button.isEnabled()
    assert "Ban and boost need logit_bias: DeepSeek rejects it." in inspector.details.reason.text()
    show(inspector, entries(fixtures_dir, KISHIDA), profile="together", model="meta-llama/Llama-3.3-70B")
    click_token(qtbot, inspector, 0)
    assert not inspector.details.ban_button.isEnabled()
    assert "its token ids are unknown" in inspector.details.reason.text()


def test_continue_with_an_alternative_emits_the_prefix(qtbot: QtBot, inspector: InspectorWidget) -> None:
    message, _ = show(inspector, [LLAMA_DO, LLAMA_SU], profile="local", model="SmolLM2-135M-Instruct")
    click_token(qtbot, inspector, 1)
    details = inspector.details
    assert not details.continue_button.isEnabled()  # the chosen token is selected: nothing to change
    assert details.reason.text() == "To continue with an alternative, select it in the table."
    details.select_row(1)  # し
    assert details.continue_button.isEnabled()
    with qtbot.waitSignal(inspector.continue_requested) as cont:
        qtbot.mouseClick(details.continue_button, Qt.MouseButton.LeftButton)
    assert cont.args == [message.id, 1, "どし"]
    details.select_row(2)  # e3 82: half a character, the text cannot stop there
    qtbot.mouseClick(details.continue_button, Qt.MouseButton.LeftButton)
    assert "cannot stop inside a character" in inspector.status.text()


def test_continue_disabled_where_the_provider_cannot_continue(qtbot: QtBot, inspector: InspectorWidget,
                                                              fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, KISHIDA))
    click_token(qtbot, inspector, 0)
    inspector.details.select_row(2)
    assert not inspector.details.continue_button.isEnabled()
    assert inspector.details.reason.text().startswith("OpenAI cannot continue a partial answer")


# --- export --------------------------------------------------------------------------------------------

def test_export_through_the_file_dialog(qtbot: QtBot, inspector: InspectorWidget, fixtures_dir: Path,
                                        tmp_path: Path) -> None:
    show(inspector, entries(fixtures_dir, SUZUKI))
    inspector.start_export()
    dialog = inspector.findChild(QFileDialog, "inspectorExportDialog")
    assert dialog is not None and dialog.isVisible()  # opened with open(): nothing blocks the event loop
    target = tmp_path / "suzuki.csv"
    with qtbot.waitSignal(inspector.export_finished, timeout=10_000) as done:
        dialog.fileSelected.emit(str(target))
    assert done.args == [str(target), ""]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["character"] for r in rows] == ["鈴", "鈴", "木", "善", "幸", "です", "。"]
    assert [r["id"] for r in rows[:2]] == ["159763", "112"]
    assert inspector.status.text() == f"Saved the token table to {target}."

    with qtbot.waitSignal(inspector.export_finished, timeout=10_000) as done:
        inspector.export_to(tmp_path / "suzuki.json")
    data = json.loads((tmp_path / "suzuki.json").read_text(encoding="utf-8"))
    assert data["model"] == "gpt-4o-mini" and data["id_space"] == "o200k_base (tiktoken)"
    assert data["tokens"][1]["alternatives"][1]["display"] == "鈍"

    with qtbot.waitSignal(inspector.export_finished, timeout=10_000) as failed:
        inspector.export_to(tmp_path / "missing-folder" / "x.csv")
    assert failed.args[1].startswith("Cannot save x.csv") and "does not exist" in failed.args[1]
    assert inspector.status.text() == failed.args[1]


def test_clear_shows_the_reason(inspector: InspectorWidget, fixtures_dir: Path) -> None:
    show(inspector, entries(fixtures_dir, SUZUKI))
    inspector.clear("The answer is still streaming.")
    assert not inspector.showing_tokens and inspector.empty.text() == "The answer is still streaming."
    assert inspector.message_id is None


# --- screenshot ----------------------------------------------------------------------------------------

def test_screenshot_of_the_suzuki_answer(qtbot: QtBot, inspector: InspectorWidget, fixtures_dir: Path,
                                         qapp: QApplication) -> None:
    """Renders the inspector as docs/screenshots/inspector.png shows it (saved there when
    PARLEY_SCREENSHOT_DIR is set) and checks the characters are really drawn on their colours."""
    previous = qapp.font()
    theme.install_fonts(qapp)  # as the app does: the UI font, then CJK fallbacks
    try:
        inspector.resize(900, 760)
        show(inspector, entries(fixtures_dir, SUZUKI))
        click_token(qtbot, inspector, 0)
        QApplication.processEvents()
        image = inspector.view.viewport().grab().toImage()
        for index in (0, 2):  # 鈴 (cell of tokens 0 and 1) and 木
            rect = inspector.view.token_rect(index)
            background = image.pixelColor(rect.right() - 1, rect.top() + 1).rgb()
            ink = sum(1 for x in range(rect.left() + 2, rect.right() - 1) for y in range(rect.top() + 3, rect.bottom() - 6)
                      if image.pixelColor(x, y).rgb() != background)
            assert ink > 10, f"no glyph drawn for token {index}"
        if folder := os.environ.get("PARLEY_SCREENSHOT_DIR"):
            assert inspector.grab().save(str(Path(folder) / "inspector.png"))
    finally:
        qapp.setFont(previous)
