"""The token view's flow layout (no Qt): wrapping, line breaks and bisect hit-testing."""

from __future__ import annotations

from parley.core.logprobs import analyse
from parley.ui.inspector.layout import EMPTY_CELL_WIDTH, cell_text, compute_layout


def seq_of(*pieces: str):  # type: ignore[no-untyped-def]
    return analyse([{"token": p, "bytes": list(p.encode()), "logprob": -0.1} for p in pieces])


def width(text: str) -> int:
    return 10 * len(text)  # a monospace "font": 10 px per character


def test_cells_wrap_at_the_width_and_break_after_newlines() -> None:
    seq = seq_of("aaaa", "bbbb", "cc\n", "dd", "\n", "\n", "e")
    layout = compute_layout(seq, 100, width, 20, padding=2, gap=1, row_gap=2)
    # widths: text + 2*padding; "aaaa" 44, "bbbb" 44 -> 44+1+44 = 89 fits in 100; "cc" 24 does not
    assert layout.xs[:3] == [0, 45, 0]
    assert [layout.cell_row[i] for i in range(7)] == [0, 0, 1, 2, 2, 3, 4]
    assert layout.texts[4] == "" and layout.widths[4] == EMPTY_CELL_WIDTH  # a lone newline stays clickable
    assert layout.row_y == [0, 22, 44, 66, 88]
    assert layout.height == 88 + 20


def test_hit_testing_finds_the_cell_under_a_point() -> None:
    seq = seq_of("aaaa", "bbbb", "cc\n", "dd")
    layout = compute_layout(seq, 100, width, 20, padding=2, gap=1, row_gap=2)
    assert layout.cell_at(0, 0) == 0
    assert layout.cell_at(44, 5) is None  # the 1 px gap between cells
    assert layout.cell_at(50, 19) == 1
    assert layout.cell_at(50, 21) is None  # the gap between rows
    assert layout.cell_at(5, 30) == 2 and layout.cell_at(30, 30) is None  # right of the row's last cell
    assert layout.cell_at(5, 50) == 3
    assert layout.cell_at(5, 500) is None and layout.cell_at(5, -1) is None
    assert list(layout.row_range(21, 45)) == [0, 1, 2]


def test_a_cell_wider_than_the_view_gets_its_own_row() -> None:
    layout = compute_layout(seq_of("a", "x" * 30, "b"), 100, width, 20)
    assert [layout.cell_row[i] for i in range(3)] == [0, 1, 2]


def test_visible_whitespace() -> None:
    assert cell_text(" hi\n", show_whitespace=True) == ("␣hi⏎", 1)
    assert cell_text(" hi\n", show_whitespace=False) == (" hi", 1)
    assert cell_text("\t", show_whitespace=False) == ("    ", 0)
