"""A three-column comparison at a realistic size (screenshot for docs/).

`PARLEY_SCREENSHOTS=1 pytest tests/ui/test_compare_screenshot.py` rewrites docs/screenshots/compare*.png;
otherwise the image goes to a temporary folder and only its content is checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parley.core.conversation import Conversation, Message, Target
from parley.services.runner import Runner
from parley.ui.compare import CompareWorkspace
from parley.ui.theme import DARK, LIGHT, Theme, current_theme, set_current_theme
from tests.support.sse_server import LoopbackServer, Reply, chat_chunks
from tests.ui.conftest import until

ROOT = Path(__file__).resolve().parents[2]

ANSWERS = [
    ["## Rain in Kyoto\n\n", "Soft rain on the moss,\n", "temple eaves count every drop —\n",
     "the city exhales.\n\n", "- **Season:** *tsuyu*, the plum rains\n", "- **Sound:** steady, low\n"],
    ["Here is a haiku:\n\n", "> Grey silk over roofs\n", "> a heron waits in the ford\n",
     "> umbrellas bloom red\n\n", "Syllables: `5-7-5`.\n"],
    ["```text\n", "drip  drip   drip\n", "  puddles widen\n", "```\n\n",
     "1. Rain falls\n", "2. Streets shine\n", "3. Cats sulk indoors\n"],
]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    if os.environ.get("PARLEY_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


@pytest.fixture
def runner(arun) -> Iterator[Runner]:
    r = Runner()
    yield r
    arun(r.aclose())


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[Theme]:
    chosen = DARK if request.param == "dark" else LIGHT
    palette, previous = qapp.palette(), current_theme()
    set_current_theme(chosen)
    qapp.setPalette(chosen.palette())
    yield chosen
    set_current_theme(previous)
    qapp.setPalette(palette)


def test_three_column_screenshot(qtbot: QtBot, arun, runner: Runner, out_dir: Path, theme: Theme) -> None:
    servers = [LoopbackServer().start() for _ in range(3)]
    try:
        paces = [(0.05, 0.01), (0.25, 0.03), (0.12, 0.02)]  # (first token, between tokens)
        for server, answer, (first, gap) in zip(servers, ANSWERS, paces, strict=True):
            pieces = [w + " " for chunk in answer for w in chunk.split(" ")]
            pieces = [p[:-1] if p.endswith("\n ") else p for p in pieces]
            server.queue(Reply(chunks=chat_chunks(pieces, usage={"prompt_tokens": 31, "completion_tokens": len(pieces),
                                                                 "total_tokens": 31 + len(pieces)}),
                               initial_delay=first, delay=gap))
        conv = Conversation(title="Rain haiku", target=Target(provider="vllm", model="qwen2.5-7b-instruct"))
        conv.append(Message(role="system", content="You are a poet. Answer in Markdown."))
        conv.append(Message(role="user", content="Write a haiku about rain in Kyoto, then a note on it."))
        conv.params = {"temperature": 0.7, "max_tokens": 300}
        ws = CompareWorkspace(runner, runner.profiles)
        qtbot.addWidget(ws)
        ws.set_conversation(conv)
        ws.clear_columns()
        ws.add_target(Target(provider="vllm", model="qwen2.5-7b-instruct", base_url=servers[0].base_url))
        ws.add_target(Target(provider="llamacpp", model="llama-3.1-8b-instruct", base_url=servers[1].base_url),
                      {"temperature": 0.2})
        ws.add_target(Target(provider="ollama", model="mistral-small:24b", base_url=servers[2].base_url),
                      {"top_p": 0.9, "seed": 7})
        ws.columns[2].overrides_button.setChecked(False)
        ws.resize(1280, 800)
        ws.show()
        qtbot.waitExposed(ws)
        assert ws.run()
        arun(until(lambda: not ws.running, 20, "the comparison"))
        assert [c.state for c in ws.columns] == ["done", "done", "done"]
        qtbot.wait(80)
        path = out_dir / ("compare.png" if theme is LIGHT else "compare-dark.png")
        ws.grab().save(str(path))
    finally:
        for s in servers:
            s.stop()

    image = QImage(str(path))
    assert image.width() >= 1280 and image.height() >= 800
    colours = set()
    for y in range(0, image.height(), 9):
        for x in range(0, image.width(), 9):
            colours.add(image.pixel(x, y))
    assert len(colours) > 40  # text, cards, highlighted cells: not a blank grab
