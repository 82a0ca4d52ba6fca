"""Paints a library row as two lines: the title, then smaller muted facts (or where the search matched)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PADDING_X = 8
PADDING_Y = 5
LINE_GAP = 2


class EntryDelegate(QStyledItemDelegate):
    @staticmethod
    def _detail_font(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        small.setBold(False)
        return small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title = QFontMetrics(option.font)
        detail = QFontMetrics(self._detail_font(option.font))
        return QSize(200, title.height() + LINE_GAP + detail.height() + 2 * PADDING_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")  # opt.text has "\n" turned into U+2028
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        title, _, detail = text.partition("\n")
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        main = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(PADDING_X, PADDING_Y, -PADDING_X, -PADDING_Y)
        painter.save()
        painter.setFont(opt.font)
        fm = QFontMetrics(opt.font)
        painter.setPen(main)
        painter.drawText(rect.left(), rect.top() + fm.ascent(),
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        small = self._detail_font(opt.font)
        sm = QFontMetrics(small)
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(rect.left(), rect.top() + fm.height() + LINE_GAP + sm.ascent(),
                         sm.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()
