"""A collapsible group of parameter rows whose rows are built the first time it opens.

Building every editor up front costs more than the whole rest of the window; most people open two
or three groups, so the others stay a header until needed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from parley.ui.sidebar.row import ParamRow

RowFactory = Callable[[str, QWidget], ParamRow]

# The catalog's group names (`core.params.GROUPS`), listed so lupdate offers them for translation: the
# names stay English keys everywhere else; only the header shows them translated.
_GROUP_TITLES = (
    QT_TRANSLATE_NOOP("GroupSection", "Sampling"),
    QT_TRANSLATE_NOOP("GroupSection", "Length and stopping"),
    QT_TRANSLATE_NOOP("GroupSection", "Output format"),
    QT_TRANSLATE_NOOP("GroupSection", "Tools"),
    QT_TRANSLATE_NOOP("GroupSection", "Reasoning"),
    QT_TRANSLATE_NOOP("GroupSection", "Tokens and probabilities"),
    QT_TRANSLATE_NOOP("GroupSection", "Storage and attribution"),
    QT_TRANSLATE_NOOP("GroupSection", "Advanced"),
)


class GroupSection(QWidget):
    rows_built = Signal(object)  # the section, once its rows exist

    def __init__(self, title: str, names: list[str], factory: RowFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.names = names
        self._factory = factory
        self.rows: dict[str, ParamRow] = {}
        self.header = QToolButton(self)
        self.header.setObjectName("groupHeader")
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.RightArrow)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setAutoRaise(True)
        self.header.toggled.connect(self._toggled)
        self.body = QFrame(self)
        self.body.setObjectName("groupBody")
        self.body.setVisible(False)
        self._body_layout = QVBoxLayout(self.body)
        self._body_layout.setContentsMargins(6, 0, 0, 4)
        self._body_layout.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.set_summary("")

    @property
    def built(self) -> bool:
        return bool(self.rows) or not self.names

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)
        self._toggled(expanded)  # also when unchanged: the body may need building

    def build(self) -> None:
        if self.rows:
            return
        for name in self.names:
            row = self._factory(name, self.body)
            self.rows[name] = row
            self._body_layout.addWidget(row)
        self.rows_built.emit(self)

    def _toggled(self, expanded: bool) -> None:
        if expanded:
            self.build()
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def set_summary(self, summary: str) -> None:
        title = self.tr(self.title)  # a catalog group name, marked for translation above
        self.header.setText(f"{title}   {summary}" if summary else title)

    def filter(self, visible_names: set[str] | None) -> bool:
        """Show only these rows (None: all). Returns whether any row of the group matches."""
        matches = self.names if visible_names is None else [n for n in self.names if n in visible_names]
        if visible_names is not None and matches:
            self.build()
        for name, row in self.rows.items():
            row.setVisible(visible_names is None or name in visible_names)
        return bool(matches)
