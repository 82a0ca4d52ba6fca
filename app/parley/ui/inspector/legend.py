"""The colour legend: the viridis bar with what its ends mean in the current colour mode."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from parley.ui.inspector.colors import ColourMode, Palette, legend_labels


class Legend(QWidget):
    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorLegend")
        self._palette = palette
        self._mode = ColourMode.PROBABILITY
        self._listed = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._update_tooltip()

    def set_mode(self, mode: ColourMode, listed: int) -> None:
        self._mode, self._listed = mode, listed
        self._update_tooltip()
        self.update()

    def labels(self) -> tuple[str, str, str]:
        return legend_labels(self._mode, self._listed)

    def _update_tooltip(self) -> None:
        left, _mid, right = self.labels()
        self.setToolTip(self.tr("{mode}: dark purple = {left}, yellow = {right}. Grey: no data.").format(
            mode=self._mode.label, left=left, right=right))
        self.setAccessibleName(self.tr("Colour legend, {mode}, from {left} to {right}").format(
            mode=self._mode.label, left=left, right=right))

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(220, fm.height() * 2 + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        fm = self.fontMetrics()
        bar = QRectF(4, 2, self.width() - 8, fm.height() * 0.8)
        painter.fillRect(bar, self._palette.gradient(bar.left(), bar.right()))
        painter.setPen(self.palette().color(self.foregroundRole()))
        left, mid, right = self.labels()
        text_y = bar.bottom() + 2
        area = QRectF(bar.left(), text_y, bar.width(), fm.height() + 2)
        painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
        painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, mid)
        painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)
        painter.end()
