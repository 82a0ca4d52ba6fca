"""Screenshots of the real main window (light, dark, a Japanese conversation) for the README and docs.

Run under a real X server, not offscreen, e.g.:
    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/take_ui_screenshots.py
(Debian: xvfb xauth, the xcb libraries listed in FIELD-NOTES, fonts-ipafont-gothic for Japanese.)
Writes docs/screenshots/window-light.png, window-dark.png, window-japanese.png.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("DBUS_SESSION_BUS_ADDRESS", "disabled:")
os.environ["PARLEY_DATA_DIR"] = tempfile.mkdtemp(prefix="parley-shots-")

from parley.core import files  # noqa: E402
from parley.core.conversation import Choice, Conversation, Generation, Message, Target, Timings  # noqa: E402

ANSWER_EN = """Here is a small, safe way to read a file **line by line** in Python:

```python
from pathlib import Path

def count_lines(path: str) -> int:
    with Path(path).open(encoding="utf-8") as fh:
        return sum(1 for _ in fh)
```

Why it works:

- `open()` returns an iterator, so memory stays flat even for huge files.
- The `with` block closes the file, also when an exception is raised.

| approach | memory | speed |
|---|---|---|
| `read().splitlines()` | whole file | fast |
| iterate the file | one line | fast |
"""

ANSWER_JA = """東京でおすすめの散歩コースを三つ紹介します。

1. **谷中・根津・千駄木**：昔ながらの商店街と路地が楽しめます。
2. **神楽坂**：石畳の小道に、和菓子屋やカフェが並びます。
3. **隅田川テラス**：川沿いを歩きながら、スカイツリーが見えます。

> 歩きやすい靴と、水分補給を忘れずに。

所要時間の目安：

| コース | 距離 | 時間 |
|---|---|---|
| 谷根千 | 約4 km | 2時間 |
| 神楽坂 | 約2 km | 1時間 |
"""


def generation(text: str, *, model: str, provider: str, prompt: int, completion: int, ttft: float,
               reasoning: str | None = None, finish: str = "stop") -> Generation:
    sent = 1_700_000_000.0
    return Generation(
        provider=provider, model=model,
        request={"model": model, "stream": True},
        choices=[Choice(content=text, reasoning=reasoning, finish_reason=finish)],
        usage={"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
               "completion_tokens_details": {"reasoning_tokens": 64 if reasoning else 0}},
        timings=Timings(sent=sent, first_byte=sent + ttft * 0.8, first_token=sent + ttft,
                        last_token=sent + ttft + completion / 61.5, finished=sent + ttft + completion / 61.5 + 0.01),
    )


def english() -> Conversation:
    conv = Conversation(title="Reading files in Python", target=Target(provider="openai", model="gpt-4o-mini"))
    conv.params.update({"temperature": 0.4, "max_completion_tokens": 800})
    conv.append(Message(role="system", content="You are a concise senior Python reviewer."))
    conv.append(Message(role="user", content="How do I count the lines of a big text file without loading it?"))
    answer = Message(role="assistant")
    answer.add_generation(generation("Use `wc -l` if you are in a shell, or iterate over the file in Python.",
                                     model="gpt-4o-mini-2024-07-18", provider="openai", prompt=41,
                                     completion=19, ttft=0.31))
    answer.add_generation(generation(ANSWER_EN, model="gpt-4o-mini-2024-07-18", provider="openai", prompt=41,
                                     completion=212, ttft=0.27,
                                     reasoning="The user wants streaming reads; show the iterator idiom "
                                               "and compare memory use in a table."))
    conv.append(answer)
    conv.append(Message(role="user", content="And how would I test it?"))
    tool = Message(role="assistant", content=None, tool_calls=[{
        "id": "call_7Qx2", "type": "function",
        "function": {"name": "run_tests", "arguments": '{"path": "tests/test_lines.py", "verbose": true}'}}])
    tool.add_generation(Generation(provider="openai", model="gpt-4o-mini-2024-07-18", choices=[Choice(
        content=None, tool_calls=tool.tool_calls, finish_reason="tool_calls")],
        usage={"prompt_tokens": 268, "completion_tokens": 24, "total_tokens": 292}))
    tool.select(0, 0)
    conv.append(tool)
    return conv


def japanese() -> Conversation:
    conv = Conversation(title="東京の散歩コース", target=Target(provider="local", model="SmolLM2-135M-Instruct"))
    conv.append(Message(role="system", content="あなたは東京に詳しい、親切な案内人です。"))
    conv.append(Message(role="user", content="週末に東京で散歩するなら、どこがおすすめですか？"))
    answer = Message(role="assistant")
    answer.add_generation(generation(ANSWER_JA, model="SmolLM2-135M-Instruct", provider="local", prompt=58,
                                     completion=187, ttft=0.09))
    conv.append(answer)
    return conv


async def shoot(name: str, conv: Conversation, theme: str) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from parley.ui.app import ShutdownHooks, app_settings, build_window
    from parley.ui.main_window import THEME_SETTING

    settings_dir = tempfile.mkdtemp()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    settings = app_settings()
    settings.setValue(THEME_SETTING, theme)
    path = Path(tempfile.mkdtemp()) / f"{name}.parley.json"
    files.save(conv, path)
    hooks = ShutdownHooks()
    window = build_window(QApplication.instance(), settings, hooks, file=path)
    window.resize(1440, 900)
    window.show()
    window.warm_up()
    await asyncio.sleep(1.2)  # first paint, sidebar, fonts, token count
    window.pane.view.scroll_to_end()
    await asyncio.sleep(0.4)
    out = HERE / f"{name}.png"
    window.grab().save(str(out))
    print("wrote", out)
    window._closing_confirmed = True
    window.close()
    await hooks.run()


def main() -> int:
    from parley.ui.app import create_application, install_event_loop

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        print("run this under a real X server (xvfb-run), not offscreen", file=sys.stderr)
    app = create_application()
    app.setQuitOnLastWindowClosed(False)  # one window after the other
    loop = install_event_loop(app)
    with loop:
        loop.run_until_complete(shoot("window-light", english(), "light"))
        loop.run_until_complete(shoot("window-dark", english(), "dark"))
        loop.run_until_complete(shoot("window-japanese", japanese(), "light"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
