"""Model output (untrusted Markdown) -> safe HTML for Qt's rich text, block by block.

Pipeline for prose: Python-Markdown -> nh3 allowlist (no raw HTML survives, links only
http/https/mailto, no images) -> HTML that QTextBrowser can show. Fenced code never goes
through Markdown: Pygments highlights it (it escapes everything) and we add a copy link
with our own ``parley-copy:`` scheme *after* sanitizing, so model output can never forge one.

Streaming needs the text cut into blocks: a block is finished once the next one has
started, and a finished block is rendered once and cached. Only the open tail block is
re-rendered while tokens arrive (FIELD-NOTES: re-rendering everything per chunk is quadratic).
"""

from __future__ import annotations

import html
import re
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

# Markdown, nh3 and Pygments are imported when the first message is rendered, not at start-up
# (the window's first paint does not need them).

COPY_SCHEME = "parley-copy"

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")

_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "del", "s",
    "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "a", "sup", "sub", "img",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
_SAFE_SCHEMES = {"http", "https", "mailto"}
_IMG_TAG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _absolute_urls_only(tag: str, attribute: str, value: str) -> str | None:
    # nh3 lets relative URLs through; in a QTextBrowser they resolve to local files.
    if attribute in ("href", "src"):
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        return value if scheme in _SAFE_SCHEMES else None
    return value


def sanitize_html(raw: str) -> str:
    """Keep only harmless formatting tags; drop scripts, handlers, styles and unsafe links."""
    import nh3

    cleaned = nh3.clean(
        raw,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_absolute_urls_only,
        url_schemes=_SAFE_SCHEMES,
        link_rel=None,
    )
    # Borders so tables read as tables (Qt draws none by default); nh3 leaves a bare <table>.
    cleaned = cleaned.replace("<table>", '<table border="1" cellspacing="0" cellpadding="4">')
    return _IMG_TAG.sub(_image_as_link, cleaned)


def _image_as_link(match: re.Match[str]) -> str:
    # Remote images are never fetched: show them as a link the user may choose to open.
    attrs = dict(_ATTR.findall(match.group(1)))
    label = attrs.get("alt") or "image"
    src = attrs.get("src")
    if not src:
        return f"[{label}]"
    return f'<a href="{src}">[image: {label}]</a>'


COMMON_LANGUAGES = ("python", "javascript", "typescript", "bash", "json", "html", "css", "sql", "c", "cpp",
                    "java", "go", "rust", "yaml")


def preload(pygments_styles: tuple[str, ...] = ()) -> None:
    """Import the renderer's libraries and the common lexers (safe on a worker thread).

    Done after the window's first paint, so the first streamed reply does not pay ~0.2 s for it.
    """
    import markdown
    import nh3
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name

    markdown.Markdown(extensions=["tables", "sane_lists", "nl2br"]).convert("*warm* `up`\n\n| a |\n|---|\n| b |")
    nh3.clean("<p>warm</p>")
    for name in COMMON_LANGUAGES:
        get_lexer_by_name(name)
    for style in pygments_styles:
        get_style_by_name(style)


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
            stripped = line.strip()
            if stripped and stripped[0] == fence[0] and set(stripped) == {fence[0]} and len(stripped) >= len(fence) \
                    and len(line) - len(line.lstrip(" ")) <= 3:
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
        open_block = Block("code", text[code_start:], lang)
    else:
        open_block = Block("text", text[cur_start:])
    return Split(closed, open_block, cur_start)


def all_blocks(text: str) -> list[Block]:
    """Every block of a finished text (the tail counts as finished)."""
    split = split_blocks(text)
    return split.closed + ([split.open] if split.open else [])


class BlockRenderer:
    """Renders blocks to sanitized HTML for one colour scheme, caching by content."""

    def __init__(self, pygments_style: str = "default", cache_size: int = 4096) -> None:
        import markdown
        from pygments.formatters import HtmlFormatter
        from pygments.styles import get_style_by_name

        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "nl2br"],
            extension_configs={"tables": {"use_align_attribute": True}},
        )
        style = get_style_by_name(pygments_style)
        self.code_background = style.background_color or "#f6f8fa"
        self._formatter = HtmlFormatter(nowrap=True, noclasses=True, style=pygments_style)
        self._cache: OrderedDict[tuple[str, str, str, int], str] = OrderedDict()
        self._cache_size = cache_size

    def render(self, block: Block, code_index: int = 0) -> str:
        key = (block.kind, block.text, block.lang, code_index if block.kind == "code" else -1)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        out = self._code(block, code_index) if block.kind == "code" else self._prose(block.text)
        self._cache[key] = out
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out

    def _prose(self, text: str) -> str:
        self._md.reset()
        return sanitize_html(self._md.convert(text))

    def _code(self, block: Block, index: int) -> str:
        from pygments import highlight
        from pygments.lexers import get_lexer_by_name
        from pygments.lexers.special import TextLexer
        from pygments.util import ClassNotFound

        try:
            lexer = get_lexer_by_name(block.lang) if block.lang else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        body = highlight(block.text, lexer, self._formatter).rstrip("\n")
        label = html.escape(block.lang or "code")
        return (
            f'<p style="margin-top:6px; margin-bottom:0px"><span style="color:#888888">{label}</span>'
            f'&nbsp;&nbsp;<a href="{COPY_SCHEME}:{index}">Copy</a></p>'
            f'<table width="100%" cellspacing="0" cellpadding="8" border="0" bgcolor="{self.code_background}">'
            f"<tr><td><pre>{body}</pre></td></tr></table>"
        )

    def render_text(self, text: str) -> tuple[str, list[str]]:
        """A whole finished text: its HTML and the code of its code blocks (for the copy links)."""
        parts: list[str] = []
        codes: list[str] = []
        for block in all_blocks(text):
            if block.kind == "code":
                parts.append(self.render(block, len(codes)))
                codes.append(block.text)
            else:
                parts.append(self.render(block))
        return "".join(parts), codes


@dataclass(slots=True)
class StreamUpdate:
    """What changed since the last update of a growing text."""

    reset: bool  # the text did not just grow: render everything again
    finished: list[str] = field(default_factory=list)  # newly finished blocks' HTML, in order
    tail: str = ""  # HTML of the open block (replaces the previous tail); empty while catching up
    caught_up: bool = True  # False: finished blocks are still waiting (the budget ran out)


class StreamingMarkdown:
    """Follows a growing text; each finished block is rendered exactly once.

    With a time budget, only as many blocks are rendered as fit in it and the rest wait for
    the next update: a burst of text (a fast stream, opening a huge message) never blocks
    the event loop for long, the view just catches up over a few turns of the loop.
    """

    def __init__(self, renderer: BlockRenderer) -> None:
        self._renderer = renderer
        self._text = ""
        self._offset = 0  # where the open block starts
        self._pending: deque[Block] = deque()  # finished but not rendered yet
        self._open: Block | None = None
        self.codes: list[str] = []  # code of finished code blocks, then the open one (if code)
        self._finished_codes = 0

    @property
    def caught_up(self) -> bool:
        return not self._pending

    def update(self, text: str, budget: float | None = None, max_html: int | None = None) -> StreamUpdate:
        """``budget``: seconds of rendering allowed now; ``max_html``: characters of finished HTML
        handed over now (inserting HTML into Qt costs time too, even when the block was cached).
        None: everything."""
        deadline = None if budget is None else time.perf_counter() + budget
        reset = not text.startswith(self._text[: self._offset])
        if reset:
            self._offset = 0
            self._finished_codes = 0
            self._pending.clear()
        self._text = text
        split = split_blocks(text, self._offset)
        self._offset = split.open_start
        self._pending.extend(split.closed)
        self._open = split.open
        del self.codes[self._finished_codes:]
        finished: list[str] = []
        size = 0
        while self._pending and (not finished or (
                (deadline is None or time.perf_counter() < deadline) and (max_html is None or size < max_html))):
            finished.append(self._render(self._pending.popleft()))
            size += len(finished[-1])
        self._finished_codes = len(self.codes)
        if self._pending:
            return StreamUpdate(reset, finished, "", caught_up=False)
        tail = self._render(self._open) if self._open else ""
        return StreamUpdate(reset, finished, tail)

    def _render(self, block: Block) -> str:
        if block.kind != "code":
            return self._renderer.render(block)
        out = self._renderer.render(block, len(self.codes))
        self.codes.append(block.text)
        return out
