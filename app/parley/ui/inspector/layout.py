"""Where each character group of the answer sits in the token view: a flow layout, computed
once per width, with bisect hit-testing. No Qt here (widths come from a function), so it is
tested and benchmarked on its own.

A cell is one `CharGroup` (usually one token; a fragmented CJK character is one cell holding
several tokens, drawn as slices). Newlines end the row after the cell that holds them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from parley.core.logprobs import TokenSequence, visible

EMPTY_CELL_WIDTH = 6  # a token that is only a newline still needs something to hover and click


def cell_text(text: str, show_whitespace: bool) -> tuple[str, int]:
    """What a cell draws and how many line breaks follow it."""
    breaks = text.count("\n")
    if show_whitespace:
        return visible(text), breaks
    return text.replace("\r", "").replace("\n", "").replace("\t", "    "), breaks


@dataclass
class FlowLayout:
    """Positions of cells (x, row) and rows (y); all lists indexed by cell or row."""

    width: int
    row_height: int
    texts: list[str] = field(default_factory=list)
    xs: list[int] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    cell_row: list[int] = field(default_factory=list)
    row_first: list[int] = field(default_factory=list)  # first cell of each row
    row_y: list[int] = field(default_factory=list)
    height: int = 0

    def row_range(self, top: int, bottom: int) -> range:
        """The rows that intersect [top, bottom)."""
        if not self.row_y:
            return range(0)
        first = max(0, bisect_right(self.row_y, top) - 1)
        last = bisect_right(self.row_y, bottom)
        return range(first, min(last, len(self.row_y)))

    def cells_of_row(self, row: int) -> range:
        end = self.row_first[row + 1] if row + 1 < len(self.row_first) else len(self.xs)
        return range(self.row_first[row], end)

    def cell_at(self, x: int, y: int) -> int | None:
        if not self.row_y or y < 0:
            return None
        row = bisect_right(self.row_y, y) - 1
        if row < 0 or y >= self.row_y[row] + self.row_height:
            return None
        cells = self.cells_of_row(row)
        if not cells:
            return None
        i = bisect_right(self.xs, x, cells.start, cells.stop) - 1
        if i < cells.start or x >= self.xs[i] + self.widths[i]:
            return None
        return i


def compute_layout(
    seq: TokenSequence,
    width: int,
    text_width: Callable[[str], int],
    row_height: int,
    *,
    show_whitespace: bool = False,
    padding: int = 2,
    gap: int = 1,
    row_gap: int = 2,
) -> FlowLayout:
    """Lay the groups of ``seq`` out in rows no wider than ``width`` (a cell wider than that gets a row)."""
    layout = FlowLayout(width=width, row_height=row_height)
    measured: dict[str, int] = {}
    x = y = 0
    row_started = True  # the current row has no cell yet
    layout.row_first.append(0)
    layout.row_y.append(0)
    step = row_height + row_gap
    texts, xs, widths, cell_row = layout.texts, layout.xs, layout.widths, layout.cell_row
    for index, group in enumerate(seq.groups):
        text, breaks = cell_text(group.text, show_whitespace)
        w = measured.get(text)
        if w is None:
            w = measured[text] = (text_width(text) if text else EMPTY_CELL_WIDTH - 2 * padding) + 2 * padding
        if not row_started and x + w > width:
            x, y = 0, y + step
            layout.row_first.append(index)
            layout.row_y.append(y)
        texts.append(text)
        xs.append(x)
        widths.append(w)
        cell_row.append(len(layout.row_y) - 1)
        x += w + gap
        row_started = False
        for _ in range(breaks):
            x, y = 0, y + step
            layout.row_first.append(index + 1)
            layout.row_y.append(y)
            row_started = True
    layout.height = layout.row_y[-1] + row_height
    return layout


def token_cells(seq: TokenSequence) -> Sequence[int]:
    """The cell (group) of each token."""
    return [t.group for t in seq.tokens]
