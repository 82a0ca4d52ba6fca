"""Cutting streamed Markdown into blocks: what is finished is rendered once, only the tail again."""

from __future__ import annotations

import itertools

from parley.ui.markdown_render import Block, StreamingMarkdown, all_blocks, split_blocks, with_line_breaks

SAMPLE = (
    "# Title\n\nA paragraph with **bold**\nand a second line.\n\n"
    "```python\nx = 1\n\n\ny = 2\n```\n\n"
    "1. one\n\n2. two\n\n- a\n- b\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "> quoted\n\nThe end.\n"
)


def test_blocks_split_at_blank_lines_but_keep_code_and_lists_whole() -> None:
    blocks = all_blocks(SAMPLE)
    kinds = [b.kind for b in blocks]
    assert kinds == ["text", "text", "code", "text", "text", "text", "text"]
    code = blocks[2]
    assert code == Block("code", "x = 1\n\n\ny = 2\n", "python")  # blank lines inside code do not split
    assert blocks[3].text == "1. one\n\n2. two\n\n- a\n- b\n\n"  # list items continue a list: "2." stays 2


def test_an_unfinished_line_or_fence_keeps_the_block_open() -> None:
    split = split_blocks("Para one.\n\nPara t")
    assert [b.text for b in split.closed] == []  # "Para t" may still turn into a continuation
    assert split.open is not None and split.open.text == "Para one.\n\nPara t"
    split = split_blocks("Intro\n\n```js\nlet a = 1;\n")
    assert [b.text for b in split.closed] == ["Intro\n\n"]
    assert split.open == Block("code", "let a = 1;\n", "js")


def test_streaming_hands_out_each_finished_block_exactly_once_in_order() -> None:
    stream = StreamingMarkdown()
    handed_out: list[Block] = []
    for i in range(1, len(SAMPLE) + 1):
        update = stream.update(SAMPLE[:i])
        assert not update.reset
        while stream.peek() is not None:
            handed_out.append(stream.take()[0])
    # Everything except the open tail was handed over once, in order, as a one-shot split cuts it.
    assert handed_out == split_blocks(SAMPLE).closed
    assert stream.open == split_blocks(SAMPLE).open


def test_code_blocks_are_numbered_for_their_copy_links_open_one_included() -> None:
    stream = StreamingMarkdown()
    stream.update("```python\nx = 1\n```\n\nText\n\n```sh\nls")
    indexes = [stream.take()[1] for _ in range(2)]
    assert indexes == [0, -1]  # prose has no code index
    assert stream.open_code_index() == 1
    assert stream.codes == ["x = 1\n", "ls"]
    stream.update("```python\nx = 1\n```\n\nText\n\n```sh\nls -la\n```\n")
    assert stream.take()[1] == 1 and stream.codes == ["x = 1\n", "ls -la\n"]  # the open one was replaced


def test_a_text_that_did_not_just_grow_resets_the_stream() -> None:
    stream = StreamingMarkdown()
    stream.update("First para.\n\nSecond para.\n\nThird")
    while stream.peek() is not None:
        stream.take()
    update = stream.update("Something else entirely\n\nnext\n")
    assert update.reset
    assert "Something else" in stream.take()[0].text


def test_single_newlines_in_prose_become_line_breaks() -> None:
    assert with_line_breaks("one\ntwo\n\nthree\n") == "one  \ntwo\n\nthree\n"


def test_code_blocks_are_highlighted_and_get_a_copy_link(qtbot) -> None:
    from PySide6.QtGui import QTextCursor

    from parley.ui.conversation.markdown_view import MarkdownView

    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown("```python\ndef f():\n    return 1\n```\n")
    assert view.codes == ["def f():\n    return 1\n"]
    assert "def f():\n    return 1" in view.toPlainText()
    assert 'href="parley-copy:0"' in view.toHtml()
    doc = view.document()
    keyword = doc.find("def")
    name = doc.find("f()")
    keyword_color = QTextCursor(doc)
    keyword_color.setPosition(keyword.selectionEnd())
    name_color = QTextCursor(doc)
    name_color.setPosition(name.selectionStart() + 1)
    assert keyword_color.charFormat().foreground().color() != name_color.charFormat().foreground().color()
    assert keyword_color.charFormat().fontFixedPitch()  # code is monospace


def _long_markdown(sections: int) -> str:
    code = "```python\n" + "".join(f"def step_{j}(x):\n    return x * {j}\n" for j in range(6)) + "```\n\n"
    table = "| name | value |\n|---|---:|\n" + "".join(f"| row {j} | {j * 7} |\n" for j in range(5)) + "\n"
    return "".join(f"## Section {i}\n\nSome **prose** with `code`.\n\n{code}{table}" for i in range(sections))


def test_a_burst_is_rendered_in_slices_that_let_other_timers_run_in_between(qtbot) -> None:
    from PySide6.QtCore import QTimer

    from parley.ui.conversation.markdown_view import MarkdownView

    view = MarkdownView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    text = _long_markdown(60)
    view.stream(text)
    assert not view.caught_up  # far more than one slice: the rest follows on later turns of the loop
    # A timer due now gets its turn while the view is still catching up: input, painting and the
    # runner are never held up for the whole burst.
    seen_before_caught_up: list[bool] = []
    QTimer.singleShot(1, lambda: seen_before_caught_up.append(not view.caught_up))
    qtbot.waitUntil(lambda: view.caught_up and bool(seen_before_caught_up), timeout=5000)
    assert seen_before_caught_up == [True]
    assert "Section 59" in view.toPlainText() and "step_5" in view.toPlainText()


def test_showing_the_same_text_again_leaves_the_document_alone(qtbot) -> None:
    from parley.ui.conversation.markdown_view import MarkdownView

    view = MarkdownView()
    qtbot.addWidget(view)
    view.stream("Intro\n\n```python\nx = 1\n```\n\nThe open tail")
    qtbot.waitUntil(lambda: view.caught_up, timeout=2000)
    revision = view.document().revision()
    view.set_markdown("Intro\n\n```python\nx = 1\n```\n\nThe open tail")  # a finished run is rendered twice
    assert view.document().revision() == revision
    view.stream("Intro\n\n```python\nx = 1\n```\n\nThe open tail grew")
    assert view.document().revision() != revision and view.toPlainText().endswith("The open tail grew")


def test_a_streamed_reply_ends_up_as_the_same_document_as_one_shown_whole(qtbot) -> None:
    from parley.ui.conversation.markdown_view import MarkdownView

    streamed, whole = MarkdownView(), MarkdownView()
    qtbot.addWidget(streamed)
    qtbot.addWidget(whole)
    text = SAMPLE + _long_markdown(3)
    for i in range(1, len(text) + 1, 5):  # a token of ~5 characters at a time
        streamed.stream(text[:i])
    streamed.stream(text)
    whole.set_markdown(text)
    qtbot.waitUntil(lambda: streamed.caught_up and whole.caught_up, timeout=5000)

    def lines(view: MarkdownView) -> list[str]:
        return [line for line in view.toPlainText().split("\n") if line.strip("\u200b")]

    assert lines(whole)[0] == "Title" and lines(whole)[-2:] == ["row 4", "28"]  # the last table cell
    assert streamed.codes == whole.codes and len(whole.codes) == 4
    # Not just the same text: the same blocks, formats and spacing, wherever the slices fell.
    assert streamed.document().toHtml() == whole.document().toHtml()
    assert streamed.document().size().height() == whole.document().size().height()


def test_paragraphs_written_in_separate_slices_are_spaced_as_one_text(qtbot) -> None:
    """Where one insertion ends and the next begins, nothing is left that adds space."""
    from parley.ui.conversation.markdown_view import MarkdownView

    paragraphs = "".join(f"Paragraph {i} says something.\n\n" for i in range(60))  # several prose groups
    view = MarkdownView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.set_markdown(paragraphs)
    qtbot.waitUntil(lambda: view.caught_up, timeout=3000)
    doc = view.document()
    tops = []
    block = doc.begin()
    while block.isValid():
        assert block.text().strip("\u200b"), "an empty block between paragraphs"
        tops.append(doc.documentLayout().blockBoundingRect(block).top())
        block = block.next()
    assert len(tops) == 60 and len({round(b - a, 1) for a, b in itertools.pairwise(tops)}) == 1


def test_a_reply_that_ends_on_a_fence_without_a_newline(qtbot) -> None:
    from parley.ui.conversation.markdown_view import MarkdownView

    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown("Intro\n\n```python\nx = 1\n```")  # models often end like this
    qtbot.waitUntil(lambda: view.caught_up, timeout=2000)
    assert view.codes == ["x = 1\n"] and "```" not in view.toPlainText()  # the closing fence is not code
    view.set_markdown("Here it comes:\n\n```python")  # streaming (or cut off) right after the opening fence
    qtbot.waitUntil(lambda: view.caught_up, timeout=2000)
    assert view.toPlainText().rstrip().endswith("```python")  # shown as typed, not an empty code block


def _tables(view) -> list:
    from PySide6.QtGui import QTextCursor

    found: dict[int, object] = {}
    block = view.document().begin()
    while block.isValid():
        cursor = QTextCursor(view.document())
        cursor.setPosition(block.position())
        table = cursor.currentTable()
        if table is not None:
            found[table.firstPosition()] = table
        block = block.next()
    return list(found.values())


def test_tables_get_thin_theme_borders_and_a_shaded_header_and_their_neighbours_keep_their_format(qtbot) -> None:
    from PySide6.QtGui import QColor

    from parley.ui.conversation.markdown_view import MarkdownView
    from parley.ui.theme import LIGHT

    view = MarkdownView(theme=LIGHT)
    qtbot.addWidget(view)
    text = ("## Results\n\n| name | value |\n|---|---:|\n| a | 1 |\n| b | 2 |\n\nAfter the table.\n\n"
            "- item\n\n| x |\n|---|\n| y |\n")
    for i in range(1, len(text) + 1, 7):  # streamed: tables arrive row by row
        view.stream(text[:i])
    view.stream(text)
    qtbot.waitUntil(lambda: view.caught_up, timeout=3000)

    tables = _tables(view)
    assert [(t.rows(), t.columns()) for t in tables] == [(3, 2), (2, 1)]
    for table in tables:
        fmt = table.format()
        # Separate cell borders cost Qt's layout about half of md4c's collapsed ones.
        assert not fmt.borderCollapse() and fmt.borderBrush().color() == QColor(LIGHT.table_border)
        assert table.cellAt(0, 0).format().background().color() == QColor(LIGHT.card_border)  # header row
        assert table.cellAt(1, 0).format().background().style().name == "NoBrush"  # body rows are not shaded
    block = view.document().begin()
    formats = {}
    while block.isValid():
        formats[block.text()] = block
        block = block.next()
    assert formats["Results"].blockFormat().headingLevel() == 2  # the heading before a table stays a heading
    assert formats["After the table."].blockFormat().headingLevel() == 0
    assert formats["item"].textList() is not None  # a list right before a table stays a list


def test_links_and_images_inside_tables_are_neutralised_too(qtbot) -> None:
    from parley.ui.conversation.markdown_view import MarkdownView

    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown("| a | b |\n|---|---|\n| [x](javascript:alert(1)) | ![i](file:///etc/passwd) |\n"
                      "| [ok](https://example.org) | `code` |\n")
    qtbot.waitUntil(lambda: view.caught_up, timeout=2000)
    hrefs = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.isImageFormat()
            if fmt.isAnchor():
                hrefs.append(fmt.anchorHref())
            it += 1
        block = block.next()
    assert hrefs == ["https://example.org"]
    assert "[image: i]" in view.toPlainText() and len(_tables(view)) == 1


def _streamed_and_whole(qtbot, text: str):
    from parley.ui.conversation.markdown_view import MarkdownView

    streamed, whole = MarkdownView(), MarkdownView()
    for view in (streamed, whole):
        qtbot.addWidget(view)
        view.resize(600, 400)
    for i in range(1, len(text) + 1, 3):
        streamed.stream(text[:i])
    streamed.stream(text)
    whole.set_markdown(text)
    qtbot.waitUntil(lambda: streamed.caught_up and whole.caught_up, timeout=3000)
    return streamed, whole


def _rules(view) -> int:
    from PySide6.QtGui import QTextFormat

    count, block = 0, view.document().begin()
    while block.isValid():
        count += block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)
        block = block.next()
    return count


def test_horizontal_rules_stay_wherever_they_fall(qtbot) -> None:
    """Models put ``---`` between sections: a rule is an empty block, which must neither be
    reused for the next text nor joined away."""
    cases = {
        "Summary\n\n---\n": 1,  # the last block
        "```py\nx = 1\n```\n\n---\n\nafter\n\nend\n": 1,  # right after code
        "| a |\n|---|\n| 1 |\n\n---\n\nafter\n\nend\n": 1,  # right after a table
        "# A\n\ntext\n\n---\n\n# B\n\ntext\n\n***\n\nlast\n": 2,  # between sections
    }
    for text, rules in cases.items():
        streamed, whole = _streamed_and_whole(qtbot, text)
        assert (_rules(streamed), _rules(whole)) == (rules, rules), text
        assert streamed.document().toHtml() == whole.document().toHtml(), text


def test_a_table_in_a_quote_looks_like_any_other_table(qtbot) -> None:
    text = "# H\n\n> | q | r |\n> |---|---|\n> | 1 | 2 |\n\nPara\n\nx\n"
    streamed, whole = _streamed_and_whole(qtbot, text)
    for view in (streamed, whole):
        tables = _tables(view)
        assert len(tables) == 1 and not tables[0].format().borderCollapse()
    assert streamed.document().toHtml() == whole.document().toHtml()
    assert streamed.document().size().height() == whole.document().size().height()
