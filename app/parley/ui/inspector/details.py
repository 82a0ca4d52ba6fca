"""The selected token: its facts, the table of top alternatives, and the steering actions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parley.core.logprobs import Alternative, IdSpace, TokenSequence, bytes_label, complete_with_next, visible
from parley.core.steering import BIAS_MAX, DEFAULT_BOOST, Availability
from parley.ui.engine_text import localize
from parley.ui.inspector.facts import percent

COLUMNS = (QT_TRANSLATE_NOOP("TokenDetails", "Token"), QT_TRANSLATE_NOOP("TokenDetails", "Probability"),
           QT_TRANSLATE_NOOP("TokenDetails", "Logprob"), QT_TRANSLATE_NOOP("TokenDetails", "Bytes"),
           QT_TRANSLATE_NOOP("TokenDetails", "Id"))  # headings, shown through self.tr


@dataclass(frozen=True)
class AlternativeRow:
    """One row of the alternatives table as text (kept Qt-free so tests read it directly)."""

    token: str
    probability: str
    logprob: str
    bytes: str
    id: str
    chosen: bool
    note: str


def alternative_rows(seq: TokenSequence, token_index: int, space: IdSpace) -> list[AlternativeRow]:
    token = seq.tokens[token_index]
    following = seq.tokens[token_index + 1] if token_index + 1 < len(seq.tokens) else None
    rows = []
    for alt in token.alternatives:
        rows.append(AlternativeRow(
            token=_alternative_text(alt),
            probability=percent(alt.probability),
            logprob=f"{alt.logprob:.4f}",
            bytes=bytes_label(alt.data),
            id=_id_text(space, alt),
            chosen=alt.chosen,
            note=_alternative_note(alt, following),
        ))
    return rows


def _id_text(space: IdSpace, alt: Alternative) -> str:
    if not space.known:
        return "—"
    token_id = space.id_of(alt.data, alt.token, alt.id)
    return "—" if token_id is None else str(token_id)


def _alternative_text(alt: Alternative) -> str:
    if not alt.is_fragment:
        return visible(alt.display if alt.display is not None else alt.token)
    if alt.display is not None:  # completed by the bytes around it: show the character it makes
        return f"‹{bytes_label(alt.data)}› → {visible(alt.display)}"
    return f"‹{bytes_label(alt.data)}›"


def quoted(alt: Alternative) -> str:
    """An alternative as a button names it: “Tokyo”, or ‹e9 88› for part of a character."""
    return f"‹{bytes_label(alt.data)}›" if alt.is_fragment else f"“{visible(alt.display or alt.token)}”"


def _alternative_note(alt: Alternative, following: object) -> str:
    if not alt.is_fragment:
        return ""
    if alt.display is not None:
        return QCoreApplication.translate(
            "TokenDetails", "Part of a character: with the bytes around it, it makes {character}.").format(
            character=alt.display)
    with_next = complete_with_next(alt, following) if following is not None else None  # type: ignore[arg-type]
    if with_next is not None:
        return QCoreApplication.translate(
            "TokenDetails", "Part of a character: followed by the next token's bytes it would make {character}."
        ).format(character=with_next)
    return QCoreApplication.translate(
        "TokenDetails", "Part of a character whose other bytes would have come from the next token(s).")


class TokenDetails(QWidget):
    """Facts about one token and what to do with it.

    ``ban_clicked`` / ``boost_clicked(value)`` / ``continue_clicked`` act on the selected row of the
    table (the chosen token unless the user picked an alternative); the widget above turns them into
    requests. ``selected_alternative()`` tells which alternative is picked.
    """

    ban_clicked = Signal()
    boost_clicked = Signal(int)
    continue_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorDetails")
        self._seq = TokenSequence()
        self._index: int | None = None
        self._bias_ok = Availability(False, self.tr("No answer is shown."))
        self._continue_ok = Availability(False, self.tr("No answer is shown."))

        self.heading = QLabel(self.tr("Click a token to see its alternatives."))
        self.heading.setObjectName("inspectorTokenHeading")
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        self.heading.setFont(heading_font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel("")
        self.facts.setObjectName("inspectorTokenFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("inspectorAlternatives")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._refresh_actions)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4
                                    + self.table.horizontalHeader().sizeHint().height() + 4)
        self.coverage = QLabel("")
        self.coverage.setObjectName("inspectorCoverage")
        self.coverage.setWordWrap(True)

        self.ban_button = QPushButton(self.tr("Ban"))
        self.ban_button.setObjectName("inspectorBan")
        self.ban_button.clicked.connect(self.ban_clicked)
        self.boost_button = QPushButton(self.tr("Boost"))
        self.boost_button.setObjectName("inspectorBoost")
        self.boost_value = QSpinBox()
        self.boost_value.setObjectName("inspectorBoostValue")
        self.boost_value.setRange(1, BIAS_MAX)
        self.boost_value.setValue(DEFAULT_BOOST)
        self.boost_value.setPrefix("+")
        self.boost_value.setToolTip(self.tr("The logit_bias a boost adds (1 to 100)."))
        self.boost_button.clicked.connect(lambda: self.boost_clicked.emit(self.boost_value.value()))
        self.regenerate = QCheckBox(self.tr("and regenerate"))
        self.regenerate.setObjectName("inspectorRegenerate")
        self.regenerate.setChecked(True)
        self.continue_button = QPushButton(self.tr("Continue with this alternative"))
        self.continue_button.setObjectName("inspectorContinue")
        self.continue_button.clicked.connect(self.continue_clicked)
        self.reason = QLabel("")
        self.reason.setObjectName("inspectorActionReason")
        self.reason.setWordWrap(True)

        actions = QHBoxLayout()
        actions.addWidget(self.ban_button)
        actions.addWidget(self.boost_button)
        actions.addWidget(self.boost_value)
        actions.addWidget(self.regenerate)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.coverage)
        layout.addLayout(actions)
        layout.addWidget(self.continue_button)
        layout.addWidget(self.reason)
        self._refresh_actions()

    # -- state --------------------------------------------------------------------------------------

    @property
    def token_index(self) -> int | None:
        return self._index

    def set_availability(self, bias: Availability, continuation: Availability) -> None:
        self._bias_ok, self._continue_ok = bias, continuation
        self._refresh_actions()

    def clear(self, message: str | None = None) -> None:
        self._seq, self._index = TokenSequence(), None
        self.heading.setText(self.tr("Click a token to see its alternatives.") if message is None else message)
        self.facts.setText("")
        self.coverage.setText("")
        self.table.setRowCount(0)
        self._refresh_actions()

    def show_token(self, seq: TokenSequence, index: int, space: IdSpace, facts: str) -> None:
        self._seq, self._index = seq, index
        token = seq.tokens[index]
        group = seq.group_of(index)
        if group.is_fragmented:
            k = group.tokens.index(index) + 1
            self.heading.setText(self.tr("{character}  ·  token {k} of {n} ‹{bytes}›").format(
                character=visible(group.text), k=k, n=len(group.tokens), bytes=bytes_label(token.data)))
        else:
            self.heading.setText(visible(token.token))
        self.facts.setText(facts)
        rows = alternative_rows(seq, index, space)
        id_header = (self.tr("Id") if not space.known else
                     self.tr("Id ({vocabulary})").format(vocabulary=space.encoding or self.tr("model")))
        self.table.setHorizontalHeaderItem(4, QTableWidgetItem(id_header))
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        chosen_row = None
        for r, row in enumerate(rows):
            cells = ((("✓ " if row.chosen else "") + row.token), row.probability, row.logprob, row.bytes, row.id)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.chosen:
                    item.setFont(bold)
                if row.note:
                    item.setToolTip(row.note)
                self.table.setItem(r, c, item)
            if row.chosen:
                chosen_row = r
        if rows:
            sentence = (self.tr("The {n} listed alternatives cover {share} of the probability.") if token.rank else
                        self.tr("The {n} listed alternatives cover {share} of the probability; the chosen token is "
                                "not among them."))
            self.coverage.setText(sentence.format(n=len(rows), share=percent(token.coverage)))
        else:
            self.coverage.setText(self.tr("The provider listed no alternatives for this token (top_logprobs was 0)."))
        self.table.blockSignals(True)
        self.table.clearSelection()
        if chosen_row is not None:
            self.table.selectRow(chosen_row)
        self.table.blockSignals(False)
        self._refresh_actions()

    def table_rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    def selected_alternative(self) -> Alternative | None:
        if self._index is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        alternatives = self._seq.tokens[self._index].alternatives
        row = rows[0].row()
        return alternatives[row] if row < len(alternatives) else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _refresh_actions(self) -> None:
        has_token = self._index is not None
        alt = self.selected_alternative()
        what = self.tr("this token")
        if alt is not None and not alt.chosen:
            what = quoted(alt)
        elif has_token:
            token = self._seq.tokens[self._index]  # type: ignore[index]
            what = f"‹{bytes_label(token.data)}›" if token.is_fragment else f"“{visible(token.token)}”"
        bias_ok = has_token and self._bias_ok.ok
        self.ban_button.setEnabled(bias_ok)
        self.boost_button.setEnabled(bias_ok)
        self.boost_value.setEnabled(bias_ok)
        self.regenerate.setEnabled(bias_ok)
        self.ban_button.setText(self.tr("Ban {token}").format(token=what) if has_token else self.tr("Ban"))
        self.boost_button.setText(self.tr("Boost {token}").format(token=what) if has_token else self.tr("Boost"))
        reasons = []
        if has_token and not self._bias_ok.ok and self._bias_ok.reason:
            reasons.append(self._bias_ok.reason)
        can_continue = has_token and self._continue_ok.ok and alt is not None and not alt.chosen
        self.continue_button.setEnabled(can_continue)
        if has_token and not self._continue_ok.ok and self._continue_ok.reason:
            reasons.append(self._continue_ok.reason)
        elif has_token and self._continue_ok.ok and (alt is None or alt.chosen):
            reasons.append(self.tr("To continue with an alternative, select it in the table."))
        self.continue_button.setToolTip(localize(self._continue_ok.reason) or
                                        self.tr("Start a new branch from the text up to this token plus the selected "
                                                "alternative, and let the model continue from there."))
        tip = localize(self._bias_ok.reason) or self.tr("Ban sets logit_bias -100 for the selected token's id; "
                                              "boost adds the value.")
        self.ban_button.setToolTip(tip)
        self.boost_button.setToolTip(tip)
        self.reason.setText("\n".join(localize(reason) for reason in reasons))
        self.reason.setVisible(bool(reasons))
