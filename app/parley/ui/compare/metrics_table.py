"""One row per target: TTFT, speed, tokens, total time, cost, outcome; the best value per metric stands out.

"Best" is decided by ``services.compare.best_of`` among the columns that ended by themselves without
an error (a stopped column's short total time is not a win). Estimated values (chunk counts and
offline prompt counts, before the provider reports usage) are written with "≈".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from parley.services.compare import Measured, best_of, format_metric
from parley.ui.theme import Theme, current_theme

BEST_ROLE = Qt.ItemDataRole.UserRole + 1  # True on a cell holding the best value of its metric


# (metric, heading, tooltip of the heading, tooltip of a best cell); the texts are shown through self.tr
METRIC_COLUMNS = (
    ("ttft", QT_TRANSLATE_NOOP("MetricsTable", "TTFT"),
     QT_TRANSLATE_NOOP("MetricsTable", "Time to first token, measured by Parley"),
     QT_TRANSLATE_NOOP("MetricsTable", "Fastest first token")),
    ("tokens_per_second", QT_TRANSLATE_NOOP("MetricsTable", "tok/s"),
     QT_TRANSLATE_NOOP("MetricsTable", "Output tokens per second after the first token"),
     QT_TRANSLATE_NOOP("MetricsTable", "Fastest output")),
    ("prompt_tokens", QT_TRANSLATE_NOOP("MetricsTable", "In"),
     QT_TRANSLATE_NOOP("MetricsTable", "Input (prompt) tokens"), ""),
    ("completion_tokens", QT_TRANSLATE_NOOP("MetricsTable", "Out"),
     QT_TRANSLATE_NOOP("MetricsTable", "Output (completion) tokens"), ""),
    ("total_seconds", QT_TRANSLATE_NOOP("MetricsTable", "Total"),
     QT_TRANSLATE_NOOP("MetricsTable", "Seconds from sending to the last byte"),
     QT_TRANSLATE_NOOP("MetricsTable", "Shortest total time")),
    ("cost", QT_TRANSLATE_NOOP("MetricsTable", "Cost"),
     QT_TRANSLATE_NOOP("MetricsTable", "Estimated cost from Parley's price table (USD)"),
     QT_TRANSLATE_NOOP("MetricsTable", "Cheapest")),
)
TARGET_COLUMN, STATUS_COLUMN = 0, 1
FIRST_METRIC = 2
FINISH_COLUMN = FIRST_METRIC + len(METRIC_COLUMNS)


class MetricsTable(QTableWidget):
    """Read-only table; ``set_rows`` is cheap enough to call on every coalesced update."""

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        super().__init__(0, FINISH_COLUMN + 1, parent)
        self.theme = theme or current_theme()
        headings = [self.tr("Target"), self.tr("Status"), *[self.tr(h) for _m, h, _t, _b in METRIC_COLUMNS],
                    self.tr("Finish")]
        self.setHorizontalHeaderLabels(headings)
        for col, (_m, _h, tip, _b) in enumerate(METRIC_COLUMNS, FIRST_METRIC):
            self.horizontalHeaderItem(col).setToolTip(self.tr(tip))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TARGET_COLUMN, QHeaderView.ResizeMode.Stretch)
        for col in range(STATUS_COLUMN, FINISH_COLUMN + 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.best: dict[str, set[int]] = {}

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def set_rows(self, labels: Sequence[str], statuses: Sequence[str], measured: Sequence[Measured | None],
                 comparable: Sequence[bool]) -> None:
        """Show every target; the best values are computed among the ``comparable`` rows only."""
        self.best = best_of([m.metrics if (m is not None and ok) else None
                             for m, ok in zip(measured, comparable, strict=True)])
        if self.rowCount() != len(labels):
            self.setRowCount(len(labels))
        for row, (label, status, m) in enumerate(zip(labels, statuses, measured, strict=True)):
            self._set(row, TARGET_COLUMN, label, tip=label)
            self._set(row, STATUS_COLUMN, status)
            for col, (name, _h, _t, best_tip) in enumerate(METRIC_COLUMNS, FIRST_METRIC):
                value = getattr(m.metrics, name) if m is not None else None
                estimated = m is not None and name in m.estimated
                text = format_metric(name, value, estimated)
                is_best = row in self.best.get(name, set())
                tip = self.tr("Estimated: the provider has not reported usage yet") if estimated else ""
                if is_best:
                    tip = self.tr("{best} of the targets that finished").format(best=self.tr(best_tip))
                self._set(row, col, text, align_right=True, best=is_best, tip=tip)
            finish = m.metrics.finish_reason if m is not None and m.metrics.finish_reason else "—"
            self._set(row, FINISH_COLUMN, finish)

    def _set(self, row: int, col: int, text: str, *, align_right: bool = False, best: bool = False,
             tip: str = "") -> None:
        item = self.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if align_right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, col, item)
        if item.text() != text:
            item.setText(text)
        item.setToolTip(tip)
        if bool(item.data(BEST_ROLE)) != best:
            item.setData(BEST_ROLE, best)
            font = QFont(self.font())
            font.setBold(best)
            item.setFont(font)
            if best:
                tint = QColor(self.theme.accent)
                tint.setAlpha(48)
                item.setBackground(QBrush(tint))
            else:
                item.setBackground(QBrush())

    def is_best(self, row: int, metric: str) -> bool:
        col = FIRST_METRIC + [m for m, _h, _t, _b in METRIC_COLUMNS].index(metric)
        item = self.item(row, col)
        return item is not None and bool(item.data(BEST_ROLE))

    def cell_text(self, row: int, metric: str) -> str:
        names = ["target", "status", *[m for m, _h, _t, _b in METRIC_COLUMNS], "finish"]
        item = self.item(row, names.index(metric))
        return item.text() if item is not None else ""
