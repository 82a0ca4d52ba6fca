"""Sequence metrics: the summary line, the entropy chart along the answer, the least-likely jump list."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget

from parley.core.logprobs import TokenSequence, visible
from parley.ui.inspector.colors import Palette
from parley.ui.inspector.facts import percent


def summary_text(seq: TokenSequence) -> str:
    if not seq.tokens:
        return QCoreApplication.translate("InspectorMetrics", "No tokens.")
    mean = seq.mean_logprob() or 0.0
    joint = seq.sum_logprob()
    joint_text = f"{math.exp(joint):.3g}" if joint > -700 else f"e^{joint:.0f}"
    return QCoreApplication.translate(
        "InspectorMetrics", "{n} tokens · mean logprob {mean} · perplexity {perplexity} · "
        "joint probability {joint} (log {log})").format(
        n=f"{len(seq.tokens):,}", mean=f"{mean:.3f}", perplexity=f"{seq.perplexity():.3f}", joint=joint_text,
        log=f"{joint:.2f}")


class EntropyChart(QWidget):
    """Per-position entropy, estimated from the listed alternatives (a lower bound), as bars along the
    answer. Many tokens per pixel show the largest value of their bucket. Click to jump."""

    position_clicked = Signal(int)
    TITLE = QT_TRANSLATE_NOOP("EntropyChart",
                              "Entropy per token (nats; a lower bound: only the listed alternatives are counted)")

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorEntropy")
        self._palette = palette
        self._values: list[float | None] = []
        self._top = 1.0
        self._selected: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("{title}. Click to jump to a token.").format(title=self.tr(self.TITLE)))
        self.setAccessibleName(self.tr("Entropy chart"))

    def set_sequence(self, seq: TokenSequence) -> None:
        self._values = [t.entropy_lower_bound for t in seq.tokens]
        listed = max((len(t.raw_alternatives) for t in seq.tokens), default=0)
        self._top = max(math.log(max(2, listed)), max((v for v in self._values if v is not None), default=0.0))
        self._selected = None
        self.update()

    @property
    def values(self) -> list[float | None]:
        return self._values

    def set_selected(self, index: int | None) -> None:
        self._selected = index
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, self.fontMetrics().height() + 44)

    def _plot(self) -> QRectF:
        return QRectF(2, self.fontMetrics().height() + 2, self.width() - 4, self.height() - self.fontMetrics().height() - 4)

    def index_at(self, x: float) -> int | None:
        if not self._values:
            return None
        plot = self._plot()
        frac = (x - plot.left()) / max(1.0, plot.width())
        return min(len(self._values) - 1, max(0, int(frac * len(self._values))))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        text_colour = self.palette().color(self.foregroundRole())
        painter.setPen(text_colour)
        painter.drawText(QRectF(2, 0, self.width() - 4, self.fontMetrics().height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.tr("Entropy per token, lower bound from top-k (0 … {top} nats)").format(
                             top=f"{self._top:.2f}"))
        plot = self._plot()
        painter.setPen(QPen(QColor(text_colour.red(), text_colour.green(), text_colour.blue(), 60)))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        n = len(self._values)
        if n:
            columns = max(1, int(plot.width()))
            per_column = n / columns
            bar_width = max(1.0, plot.width() / n)
            top = self._top or 1.0
            for column in range(min(columns, n)):
                lo = int(column * per_column) if n > columns else column
                hi = max(lo + 1, int((column + 1) * per_column)) if n > columns else column + 1
                bucket = [v for v in self._values[lo:hi] if v is not None]
                if not bucket:
                    continue
                value = max(bucket)
                h = plot.height() * min(1.0, value / top)
                x = plot.left() + (column if n > columns else column * bar_width)
                colour = self._palette.background(int((1 - min(1.0, value / top)) * 255))
                painter.fillRect(QRectF(x, plot.bottom() - h, bar_width if n <= columns else 1.0, h), colour)
            if self._selected is not None and self._selected < n:
                x = plot.left() + (self._selected + 0.5) * plot.width() / n
                painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 1))
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if index is not None:
            self.position_clicked.emit(index)


class LeastLikelyList(QListWidget):
    """The least likely tokens of the answer; choosing one jumps to it."""

    token_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorLeastLikely")
        self.setAccessibleName(self.tr("Least likely tokens"))
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def set_sequence(self, seq: TokenSequence, count: int = 20) -> None:
        self.clear()
        for token in seq.least_likely(count):
            shown = visible(seq.group_of(token.index).text) if token.is_fragment else visible(token.token)
            item = QListWidgetItem(f"#{token.index + 1}  {shown}   {percent(token.probability)}")
            item.setData(Qt.ItemDataRole.UserRole, token.index)
            item.setToolTip(self.tr("Token {n}: logprob {logprob}").format(n=token.index + 1,
                                                                           logprob=f"{token.logprob:.4f}"))
            self.addItem(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.token_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
