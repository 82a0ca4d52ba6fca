"""The token view: every token a coloured cell, custom-painted.

Thousands of QLabels or a rich-text document with one span per token take seconds to build
for a long answer; this view lays cells out once per width (`layout.compute_layout`), paints
only the rows inside the viewport and finds the cell under the mouse by bisection.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from parley.core.logprobs import TokenSequence
from parley.ui.inspector.colors import NO_DATA, Palette
from parley.ui.inspector.layout import FlowLayout, compute_layout

PADDING = 2


class TokenFlowView(QAbstractScrollArea):
    """Shows a TokenSequence; emits ``token_clicked(token_index)``. Tooltips come from ``tooltip_for``."""

    token_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorTokens")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName(self.tr("Answer tokens coloured by probability"))
        self.palette_ = Palette()
        self.tooltip_for: Callable[[int], str] = lambda _i: ""
        self._seq = TokenSequence()
        self._steps: list[int] = []
        self._show_whitespace = False
        self._layout: FlowLayout | None = None
        self._selected: int | None = None
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)  # the answer is what people read here: a bit larger
        self.setFont(font)
        self._metrics = QFontMetrics(self.font())

    # -- data -------------------------------------------------------------------------------

    @property
    def sequence(self) -> TokenSequence:
        return self._seq

    @property
    def selected(self) -> int | None:
        return self._selected

    def set_sequence(self, seq: TokenSequence, steps: list[int]) -> None:
        self._seq = seq
        self._steps = steps
        self._selected = None
        self._layout = None
        self.verticalScrollBar().setValue(0)
        self._relayout()

    def set_steps(self, steps: list[int]) -> None:
        self._steps = steps
        self.viewport().update()

    def set_show_whitespace(self, show: bool) -> None:
        if show != self._show_whitespace:
            self._show_whitespace = show
            self._relayout()

    def select(self, token_index: int | None, *, ensure_visible: bool = True) -> None:
        self._selected = token_index
        if token_index is not None and ensure_visible:
            self.ensure_visible(token_index)
        self.viewport().update()

    # -- geometry -----------------------------------------------------------------------------

    def _relayout(self) -> None:
        self._metrics = QFontMetrics(self.font())
        width = max(40, self.viewport().width() - 2 * PADDING)
        self._layout = compute_layout(self._seq, width, self._metrics.horizontalAdvance,
                                      self._metrics.height() + 2 * PADDING, show_whitespace=self._show_whitespace,
                                      padding=PADDING)
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, self._layout.height + 2 * PADDING - self.viewport().height()))
        bar.setPageStep(self.viewport().height())
        bar.setSingleStep(self._layout.row_height)
        self.viewport().update()

    def layout_info(self) -> FlowLayout:
        if self._layout is None:
            self._relayout()
        assert self._layout is not None
        return self._layout

    def token_rect(self, token_index: int) -> QRect:
        """Where a token is drawn, in viewport coordinates (a slice of its cell when it is a fragment)."""
        layout = self.layout_info()
        token = self._seq.tokens[token_index]
        cell = token.group
        group = self._seq.groups[cell]
        x, w = layout.xs[cell], layout.widths[cell]
        y = layout.row_y[layout.cell_row[cell]]
        if group.is_fragmented:
            n = len(group.tokens)
            k = group.tokens.index(token_index)
            x, w = x + w * k // n, w * (k + 1) // n - w * k // n
        return QRect(x + PADDING, y + PADDING - self.verticalScrollBar().value(), w, layout.row_height)

    def token_at(self, pos: QPoint) -> int | None:
        layout = self.layout_info()
        x = pos.x() - PADDING
        y = pos.y() - PADDING + self.verticalScrollBar().value()
        cell = layout.cell_at(x, y)
        if cell is None:
            return None
        group = self._seq.groups[cell]
        if not group.is_fragmented:
            return group.tokens[0]
        offset = x - layout.xs[cell]
        k = min(len(group.tokens) - 1, max(0, offset * len(group.tokens) // max(1, layout.widths[cell])))
        return group.tokens[k]

    def ensure_visible(self, token_index: int) -> None:
        rect = self.token_rect(token_index)
        bar = self.verticalScrollBar()
        if rect.top() < 0:
            bar.setValue(bar.value() + rect.top() - PADDING)
        elif rect.bottom() > self.viewport().height():
            bar.setValue(bar.value() + rect.bottom() - self.viewport().height() + PADDING)

    # -- Qt events -------------------------------------------------------------------------------

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)
        if self._layout is None or self._layout.width != max(40, self.viewport().width() - 2 * PADDING):
            self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        layout = self.layout_info()
        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        top = self.verticalScrollBar().value()
        clip = event.rect()
        offset_y = PADDING - top
        ascent = self._metrics.ascent() + PADDING
        seq, steps, pal = self._seq, self._steps, self.palette_
        groups = seq.groups
        for row in layout.row_range(clip.top() - offset_y, clip.bottom() - offset_y + 1):
            y = layout.row_y[row] + offset_y
            for cell in layout.cells_of_row(row):
                x = layout.xs[cell] + PADDING
                w = layout.widths[cell]
                members = groups[cell].tokens
                if len(members) == 1:
                    step = steps[members[0]]
                    painter.fillRect(x, y, w, layout.row_height, pal.background(step))
                    painter.setPen(pal.text(step))
                else:
                    # a character made of several tokens: the cell takes the colour of its least likely
                    # token, and a strip along the bottom shows each token's own colour, one slice each
                    worst = min(members, key=lambda i: steps[i] if steps[i] != NO_DATA else 10**6)
                    painter.fillRect(x, y, w, layout.row_height, pal.background(steps[worst]))
                    n = len(members)
                    strip = max(3, layout.row_height // 4)
                    for k, token_index in enumerate(members):
                        x0, x1 = x + w * k // n, x + w * (k + 1) // n
                        painter.fillRect(x0, y + layout.row_height - strip, x1 - x0, strip,
                                         pal.background(steps[token_index]))
                        if k:
                            painter.fillRect(x0, y + layout.row_height - strip, 1, strip, pal.divider)
                    painter.setPen(pal.text(steps[worst]))
                text = layout.texts[cell]
                if text:
                    painter.drawText(QPointF(x + PADDING, y + ascent), text)
        if self._selected is not None and self._selected < len(seq.tokens):
            rect = self.token_rect(self._selected)
            if rect.intersects(clip):
                pen = QPen(self.palette().color(self.palette().ColorRole.Highlight), 2)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(-1, -1, 0, 0))
                painter.setPen(QPen(QColor("#ffffff"), 1))
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.token_at(event.pos())
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(index), self.viewport(),
                                  self.token_rect(index))
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.token_at(event.position().toPoint())
            if index is not None:
                self.select(index, ensure_visible=False)
                self.token_clicked.emit(index)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._seq.tokens and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            current = self._selected if self._selected is not None else -1
            step = 1 if event.key() == Qt.Key.Key_Right else -1
            index = min(len(self._seq.tokens) - 1, max(0, current + step))
            self.select(index)
            self.token_clicked.emit(index)
            return
        super().keyPressEvent(event)
