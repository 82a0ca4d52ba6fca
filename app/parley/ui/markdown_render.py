"""Model output (untrusted Markdown) cut into blocks, so a growing reply is rendered incrementally.

A block is a top-level piece of Markdown: prose or a fenced code block. While a reply streams, a
block is finished once the next one has started; a finished block is rendered once, and only the
open tail block is rendered again as tokens arrive (FIELD-NOTES: re-rendering everything per
chunk is quadratic). ``ui.conversation.document_writer`` turns blocks into document content.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

COPY_SCHEME = "parley-copy"

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# A single newline inside prose ends the line, as chat UIs show it (two spaces make it a hard break).
_SOFT_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")

COMMON_LANGUAGES = ("python", "javascript", "typescript", "bash", "json", "html", "css", "sql", "c", "cpp",
                    "java", "go", "rust", "yaml")


def preload(pygments_styles: tuple[str, ...] = ()) -> None:
    """Import Pygments and the common lexers (safe on a worker thread).

    Done after the window's first paint, so the first streamed reply does not pay for it.
    """
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name

    for name in COMMON_LANGUAGES:
        get_lexer_by_name(name)
    for style in pygments_styles:
        get_style_by_name(style)


def with_line_breaks(text: str) -> str:
    """Prose with every single newline made a hard line break (Markdown would join the lines)."""
    return _SOFT_BREAK.sub("  \n", text)


def unfinished_fence_as_text(text: str) -> str:
    """A last line that opens a code fence but has no newline yet ("```py" while it streams, or a
    reply cut off there) is shown as typed: Markdown would open an empty code block and show nothing."""
    last = text[text.rfind("\n") + 1:]
    match = _FENCE.match(last)
    if match is None:
        return text
    at = len(text) - len(last) + match.start("fence")
    return text[:at] + "\\" + text[at:]


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level piece of Markdown: prose (``text``) or a fenced code block (``code``)."""

    kind: str
    text: str
    lang: str = ""


@dataclass(slots=True)
class Split:
    closed: list[Block]
    open: Block | None
    open_start: int  # offset of the open block in the text: scanning resumes there


def split_blocks(text: str, start: int = 0) -> Split:
    """Cut ``text[start:]`` into finished blocks and the open tail.

    A prose block ends at a blank line followed by a line that does not continue it
    (indented lines and further list items continue it, so ``1.`` ``2.`` stay one list);
    a code block ends with its closing fence. Only complete lines decide a boundary.
    """
    closed: list[Block] = []
    pos = start
    cur_kind: str | None = None
    cur_start = start
    blank_seen = False
    is_list = False
    fence = ""
    lang = ""
    code_start = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            break  # an incomplete line stays in the open block
        line = text[pos:nl]
        nxt = nl + 1
        if cur_kind == "code":
            if _closes(line, fence):
                closed.append(Block("code", text[code_start:pos], lang))
                cur_kind, cur_start = None, nxt
        elif (m := _FENCE.match(line)) and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
            if cur_kind == "text":
                closed.append(Block("text", text[cur_start:pos]))
            cur_kind, cur_start = "code", pos
            fence, lang, code_start = m.group("fence"), m.group("info").strip().split(" ")[0], nxt
        elif not line.strip():
            if cur_kind is None:
                cur_start = nxt
            else:
                blank_seen = True
        elif cur_kind is None:
            cur_kind, cur_start, blank_seen = "text", pos, False
            is_list = bool(_LIST_ITEM.match(line))
        elif blank_seen:
            continues = line[:1] in (" ", "\t") or (is_list and bool(_LIST_ITEM.match(line)))
            if not continues:
                closed.append(Block("text", text[cur_start:pos]))
                cur_start, is_list = pos, bool(_LIST_ITEM.match(line))
            blank_seen = False
        pos = nxt
    if cur_kind is None:
        rest = text[cur_start:]
        open_block = Block("text", rest) if rest.strip() else None
    elif cur_kind == "code":
        code = text[code_start:]
        last_line = code[code.rfind("\n") + 1:]
        if _closes(last_line, fence):  # "```" typed but no newline yet (or ever: the reply ended there)
            code = code[: len(code) - len(last_line)]
        open_block = Block("code", code, lang)
    else:
        open_block = Block("text", text[cur_start:])
    return Split(closed, open_block, cur_start)


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` is a closing fence for a code block opened with ``fence``."""
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence) \
        and len(line) - len(line.lstrip(" ")) <= 3


def all_blocks(text: str) -> list[Block]:
    """Every block of a finished text (the tail counts as finished)."""
    split = split_blocks(text)
    return split.closed + ([split.open] if split.open else [])


@dataclass(slots=True)
class StreamUpdate:
    """What changed since the last update of a growing text."""

    reset: bool  # the text did not just grow: render everything again
    caught_up: bool = True  # False: finished blocks are waiting to be rendered


class StreamingMarkdown:
    """Follows a growing text: hands out each finished block exactly once, then the open tail.

    The caller renders as many pending blocks as fit in its time budget (``take``) and the rest
    on the next turns of the event loop: a burst of text (a fast stream, opening a huge message)
    never blocks the loop for long, the view just catches up over a few turns.
    """

    def __init__(self) -> None:
        self._text = ""
        self._offset = 0  # where the open block starts
        self._pending: deque[Block] = deque()  # finished but not rendered yet
        self.open: Block | None = None  # the unfinished last block
        self.codes: list[str] = []  # code of the code blocks handed out, then the open one (if code)
        self._finished_codes = 0

    @property
    def caught_up(self) -> bool:
        return not self._pending

    def update(self, text: str) -> StreamUpdate:
        reset = not text.startswith(self._text[: self._offset])
        if reset:
            self._offset = 0
            self._pending.clear()
            self.codes.clear()
            self._finished_codes = 0
        self._text = text
        split = split_blocks(text, self._offset)
        self._offset = split.open_start
        self._pending.extend(split.closed)
        self.open = split.open
        del self.codes[self._finished_codes:]
        return StreamUpdate(reset, caught_up=not self._pending)

    def peek(self) -> Block | None:
        return self._pending[0] if self._pending else None

    def take(self) -> tuple[Block, int]:
        """The next finished block and its code index (-1 for prose)."""
        block = self._pending.popleft()
        if block.kind != "code":
            return block, -1
        del self.codes[self._finished_codes:]
        self.codes.append(block.text)
        self._finished_codes = len(self.codes)
        return block, self._finished_codes - 1

    def open_code_index(self) -> int:
        """Registers the open block as code (for its copy link) and returns its index."""
        del self.codes[self._finished_codes:]
        if self.open is None or self.open.kind != "code":
            return -1
        self.codes.append(self.open.text)
        return len(self.codes) - 1
