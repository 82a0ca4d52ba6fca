"""Writes Markdown blocks of model output into a QTextDocument, without going through HTML.

Prose goes through Qt's own Markdown parser (md4c, C++) with raw HTML switched off: HTML the
model writes is shown as text, never interpreted (FIELD-NOTES: ``MarkdownDialectGitHub |
MarkdownNoHTML``). What md4c still produces from untrusted text is then neutralised in the
document: links that are not http/https lose their target, images become a
"[image: …]" label (a link only for http/https; nothing is ever fetched). Code blocks are
highlighted by Pygments straight into character formats, under a label with a copy link in
Parley's own ``parley-copy:`` scheme, which model output cannot forge (its links are checked
above and ``parley-copy`` is not an allowed scheme).

Building the document this way costs about half of Python-Markdown + Pygments HTML + Qt's HTML
parser for the same reply (docs/benchmarks-ui.md), and the Python share is far smaller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextFrameFormat,
    QTextTable,
)

from parley.ui.conversation.safe_browser import SafeDocument
from parley.ui.markdown_render import COPY_SCHEME, Block, unfinished_fence_as_text, with_line_breaks
from parley.ui.theme import Theme

SAFE_LINK_SCHEMES = ("http", "https")  # the only links the window opens (after asking)
_FEATURES = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
_OBJECT = "\ufffc"  # how an image sits in the document text
# Only text with one of these can hold a link, an image, inline code or a quote worth a second look.
_NEEDS_POLISH = ("[", "<", "`", ">")
_SACRIFICE = "\u200b\n\n"
# A GitHub table's delimiter row (``|---|:--:|``, also quoted): prose with one may hold a table.
_TABLE_DELIMITER_ROW = re.compile(r"^(?=[^\n]*\|)[ \t]*(?:>[ \t]*)*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
# A caller that inserts what was written here as a fragment starts the document with this text:
# Qt merges a fragment's first block into the block at the cursor, and this block is the one lost.
PLACEHOLDER = "\u200b"


def may_hold_table(text: str) -> bool:
    """Whether Markdown text has a table's delimiter row (such prose is written another way)."""
    return _TABLE_DELIMITER_ROW.search(text) is not None


def _safe_href(href: str) -> bool:
    scheme, sep, _ = href.partition(":")
    return bool(sep) and scheme.lower() in SAFE_LINK_SCHEMES


class DocumentWriter:
    """Appends rendered blocks at the end of a document, for one colour scheme."""

    def __init__(self, theme: Theme) -> None:
        from pygments.styles import get_style_by_name

        self._theme = theme
        self._style = get_style_by_name(theme.pygments_style)
        self.code_background = self._style.background_color or "#f6f8fa"
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._code_base = QTextCharFormat()
        self._code_base.setFontFamilies(list(dict.fromkeys([mono.family(), "monospace"])))
        self._code_base.setFontFixedPitch(True)
        self._token_formats: dict[object, tuple[tuple, QTextCharFormat]] = {}
        self._lexers: dict[str, Any] = {}
        self._label = QTextCharFormat()
        self._label.setForeground(QColor(theme.muted))
        self._label_block = QTextBlockFormat()
        self._label_block.setTopMargin(6)
        self._label_block.setBottomMargin(0)
        self._frame = QTextFrameFormat()
        self._frame.setBackground(QColor(self.code_background))
        self._frame.setPadding(8)
        self._frame.setBorder(0)
        self._frame.setMargin(0)
        self._frame.setTopMargin(2)
        self._frame.setBottomMargin(4)
        self._code_block = QTextBlockFormat()
        self._code_block.setTopMargin(0)
        self._code_block.setBottomMargin(0)
        self._inline_code_background = QColor(theme.card_border)
        self._muted = QColor(theme.muted)
        self._accent = QColor(theme.accent)
        self._table_border = QBrush(QColor(theme.table_border))
        self._header_background = QBrush(QColor(theme.card_border))
        self._side: SafeDocument | None = None

    # Appending ------------------------------------------------------------------------------

    def append(self, doc: QTextDocument, block: Block, code_index: int = -1) -> None:
        if block.kind == "code":
            self.append_code(doc, block.text, block.lang, code_index)
        else:
            self.append_prose(doc, block.text)

    def append_prose(self, doc: QTextDocument, text: str) -> None:
        """Markdown prose at the end of ``doc``; raw HTML in it stays text."""
        if not text.strip():
            return
        if may_hold_table(text):
            self._append_with_tables(doc, text)
            return
        self._write_prose(doc, text)

    def _write_prose(self, doc: QTextDocument, text: str) -> None:
        cursor = self._fresh_block(doc, reuse_placeholder=True)
        start = cursor.position()
        # Inserting a fragment merges its first block into the block at the cursor and drops that
        # block's format (a heading would become a paragraph): a sacrificial empty paragraph takes
        # that place, and is then left as a zero-height separator.
        cursor.insertMarkdown(_SACRIFICE + with_line_breaks(unfinished_fence_as_text(text)), _FEATURES)
        drop_sacrifice(doc, start)
        if any(marker in text for marker in _NEEDS_POLISH):
            self._polish(doc, start)

    def _append_with_tables(self, doc: QTextDocument, text: str) -> None:
        """Prose with a table: written into a side document first, where its tables can be found.

        Qt registers the tables of ``doc`` only when its edit block ends, and by then they would
        have been laid out once in md4c's style (collapsed borders, which cost Qt's layout about
        twice as much as separate ones: 24 against 13 ms for the 63 tables of the benchmark
        reply). The side document is never laid out; inserting it into ``doc`` copies it once.
        """
        side = self._side
        if side is None:
            side = self._side = SafeDocument()
            side.setUndoRedoEnabled(False)
        side.clear()
        # Qt merges a fragment's first block into the block at the cursor (taking that block's
        # format): the placeholder paragraph is the one merged, and is then left as a separator.
        QTextCursor(side).insertText(PLACEHOLDER)
        self._write_prose(side, text)
        self._restyle_tables(side)
        cursor = QTextCursor(doc)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if cursor.block().length() > 1:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        start = cursor.position()
        cursor.insertFragment(QTextDocumentFragment(side))
        drop_sacrifice(doc, start)

    def _restyle_tables(self, doc: QTextDocument) -> None:
        """Thin separate cell borders in the theme's colour, a shaded header row."""
        for frame in doc.rootFrame().childFrames():
            if not isinstance(frame, QTextTable):
                continue
            fmt = frame.format()
            fmt.setBorderCollapse(False)
            fmt.setBorder(0.5)  # each cell draws its own: neighbours together make one thin line
            fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            fmt.setBorderBrush(self._table_border)
            fmt.setCellSpacing(0)
            frame.setFormat(fmt)
            for column in range(frame.columns()):  # a GitHub table's first row is its header
                cell = frame.cellAt(0, column)
                cell_format = cell.format()
                cell_format.setBackground(self._header_background)
                cell.setFormat(cell_format)

    def append_code(self, doc: QTextDocument, code: str, lang: str, index: int) -> None:
        """A highlighted code block with its language and a copy link (``parley-copy:<index>``)."""
        cursor = self._fresh_block(doc, self._label_block, self._label)
        cursor.insertText(lang or "code", self._label)
        cursor.insertText("\u2002\u2002", self._label)
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(f"{COPY_SCHEME}:{index}")
        link.setForeground(self._accent)
        cursor.insertText(QCoreApplication.translate("MarkdownView", "Copy"), link)
        cursor.insertFrame(self._frame)
        cursor.setBlockFormat(self._code_block)
        cursor.setBlockCharFormat(self._code_base)
        for text, fmt in self._runs(code, lang):
            cursor.insertText(text, fmt)
        # Qt keeps a block after a frame; it takes no room until something is written into it.
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.setBlockFormat(separator_format())

    @staticmethod
    def _fresh_block(doc: QTextDocument, block_format: QTextBlockFormat | None = None,
                     char_format: QTextCharFormat | None = None, reuse_placeholder: bool = False) -> QTextCursor:
        """A cursor in an empty block at the end: the last block if it is empty, else a new one.

        ``reuse_placeholder``: a last block holding only ``PLACEHOLDER`` counts as empty too (prose
        leaves it as it is: its first block goes into a block of its own).
        """
        cursor = QTextCursor(doc)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        block = cursor.block()
        if (block.length() == 1 and not _is_rule(block)) or (reuse_placeholder and block.text() == PLACEHOLDER):
            # an empty document, the block Qt keeps after a code frame, or a caller's placeholder
            if block_format is not None:
                cursor.setBlockFormat(block_format)
            if char_format is not None:
                cursor.setBlockCharFormat(char_format)
        else:
            cursor.insertBlock(block_format or QTextBlockFormat(), char_format or QTextCharFormat())
        return cursor

    # Code -----------------------------------------------------------------------------------

    def _lexer(self, lang: str) -> Any:
        """The Pygments lexer for a fence's language, looked up once per language."""
        lexer = self._lexers.get(lang)
        if lexer is None:
            from pygments.lexers import get_lexer_by_name
            from pygments.lexers.special import TextLexer
            from pygments.util import ClassNotFound

            try:
                lexer = get_lexer_by_name(lang) if lang else TextLexer()
            except ClassNotFound:
                lexer = TextLexer()
            self._lexers[lang] = lexer
        return lexer

    def _runs(self, code: str, lang: str) -> list[tuple[str, QTextCharFormat]]:
        """Pygments tokens merged into runs of one format (whitespace joins the run before it)."""
        lexer = self._lexer(lang)
        runs: list[tuple[str, QTextCharFormat]] = []
        key: tuple | None = None
        parts: list[str] = []
        fmt = self._code_base
        for ttype, value in lexer.get_tokens(code):
            token_key, token_fmt = self._token_format(ttype)
            if token_key == key or (key is not None and value.isspace() and not key[1] and not key[4]):
                parts.append(value)
                continue
            if parts:
                runs.append(("".join(parts), fmt))
            key, fmt, parts = token_key, token_fmt, [value]
        if parts:
            runs.append(("".join(parts), fmt))
        if runs and runs[-1][0].endswith("\n"):  # the lexer ends code with a newline: no empty last line
            last, last_fmt = runs.pop()
            if last[:-1]:
                runs.append((last[:-1], last_fmt))
        return runs

    def _token_format(self, ttype: object) -> tuple[tuple, QTextCharFormat]:
        cached = self._token_formats.get(ttype)
        if cached is None:
            style = self._style.style_for_token(ttype)
            key = (style["color"], style["bgcolor"], style["bold"], style["italic"], style["underline"])
            fmt = QTextCharFormat(self._code_base)
            if style["color"]:
                fmt.setForeground(QColor("#" + style["color"]))
            if style["bgcolor"]:
                fmt.setBackground(QColor("#" + style["bgcolor"]))
            if style["bold"]:
                fmt.setFontWeight(QFont.Weight.Bold)
            if style["italic"]:
                fmt.setFontItalic(True)
            if style["underline"]:
                fmt.setFontUnderline(True)
            cached = self._token_formats[ttype] = (key, fmt)
        return cached

    # Prose: neutralise what untrusted Markdown produced ---------------------------------------

    def _polish(self, doc: QTextDocument, start: int) -> None:
        """From ``start`` to the end: unsafe links lose their target, images become labels,
        inline code gets a background and quotes the muted colour."""
        edits: list[tuple[int, int, QTextCharFormat, str | None]] = []  # (pos, length, format, new text)
        block = doc.findBlock(start)
        while block.isValid():
            quoted = (block.blockFormat().intProperty(QTextFormat.Property.BlockQuoteLevel) or 0) > 0
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    edits.append(self._image_edit(fragment.position(), fragment.length(), fmt))
                elif fmt.isAnchor():
                    if not _safe_href(fmt.anchorHref()):
                        plain = QTextCharFormat(fmt)
                        plain.setAnchor(False)
                        plain.clearProperty(QTextFormat.Property.AnchorHref)
                        plain.clearForeground()
                        plain.setFontUnderline(False)
                        edits.append((fragment.position(), fragment.length(), plain, None))
                elif fmt.fontFixedPitch():
                    code = QTextCharFormat(fmt)
                    code.setBackground(self._inline_code_background)
                    edits.append((fragment.position(), fragment.length(), code, None))
                elif quoted:
                    muted = QTextCharFormat(fmt)
                    muted.setForeground(self._muted)
                    edits.append((fragment.position(), fragment.length(), muted, None))
                it += 1
            block = block.next()
        cursor = QTextCursor(doc)
        for pos, length, fmt, text in reversed(edits):  # from the end: earlier positions stay valid
            cursor.setPosition(pos)
            cursor.setPosition(pos + length, QTextCursor.MoveMode.KeepAnchor)
            if text is None:
                cursor.setCharFormat(fmt)
            else:
                cursor.insertText(text, fmt)

    def _image_edit(self, pos: int, length: int, fmt: QTextCharFormat) -> tuple[int, int, QTextCharFormat, str]:
        # Images are never fetched: the user sees a label, a link they may choose to open.
        image = fmt.toImageFormat()
        src = image.name()
        alt = str(image.property(QTextFormat.Property.ImageAltText) or "") or "image"
        label = QTextCharFormat()
        if src.split(":", 1)[0].lower() in ("http", "https") and ":" in src:
            label.setAnchor(True)
            label.setAnchorHref(src)
            label.setForeground(self._accent)
        return pos, length, label, f"[image: {alt}]" * (length // len(_OBJECT))


@contextmanager
def edit_block(doc: QTextDocument) -> Iterator[None]:
    """Group the edits made inside into one: the document is laid out once, at the end.

    Outside an edit block every insertion (a code token, a format fix) lays out what it touched.
    Inside one, Qt has not yet rebuilt its frame tree, so tables and code frames written there
    cannot be looked up as frames until the block ends.
    """
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        yield
    finally:
        cursor.endEditBlock()


def drop_sacrifice(doc: QTextDocument, start: int) -> None:
    """Clear the block at ``start``, where a fragment's sacrificial first paragraph was merged.

    An empty block there is joined with the next one, which keeps the next one's format (Qt
    keeps the format of the later block): a heading stays a heading, a list item stays in its
    list, and the spacing is what one insertion would have given. Where the next block cannot be
    joined (a table or code frame starts there) or there is none, the block stays as a
    zero-height separator; Qt does not show an empty block before a table anyway.
    """
    fix = QTextCursor(doc)
    fix.setPosition(start)
    fix.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    fix.removeSelectedText()
    if fix.block().length() == 1 and fix.block().next().isValid():
        before = doc.characterCount()
        fix.deleteChar()
        if doc.characterCount() < before:
            return  # joined; the next block kept its format (a horizontal rule is empty too)
    fix.setBlockFormat(separator_format())


def _is_rule(block: QTextBlock) -> bool:
    """A Markdown horizontal rule: an empty block that Qt draws as a line."""
    return block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)


def separator_format() -> QTextBlockFormat:
    """A block of zero height: what is left of a sacrificial paragraph between two insertions."""
    fmt = QTextBlockFormat()
    fmt.setTopMargin(0)
    fmt.setBottomMargin(0)
    fmt.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    return fmt
