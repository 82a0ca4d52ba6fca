"""InspectorWidget: read an answer token by token, see why each token was chosen, steer the next one.

Thin by design: analysis lives in `core.logprobs`, ban/boost/continue rules in `core.steering`.
The widget renders and forwards intent through two signals the main window connects:

- ``bias_requested(message_id, {"<token id>": bias}, regenerate)``
- ``continue_requested(message_id, token_index, prefix_text)``

(see docs/inspector.md for the wiring).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from parley.core import tokens
from parley.core.conversation import Generation, Message
from parley.core.files import ConversationFileError
from parley.core.logprobs import IdSpace, TokenSequence, analyse, id_space_for, token_table, write_token_table
from parley.core.providers import ProviderProfile
from parley.core.steering import (
    BAN,
    Availability,
    SteeringError,
    bias_availability,
    bias_target,
    continuation_availability,
    continuation_prefix,
)
from parley.ui.engine_text import localize
from parley.ui.inspector import colors
from parley.ui.inspector.details import TokenDetails
from parley.ui.inspector.facts import token_facts
from parley.ui.inspector.flow_view import TokenFlowView
from parley.ui.inspector.legend import Legend
from parley.ui.inspector.metrics import EntropyChart, LeastLikelyList, summary_text
from parley.ui.inspector.notices import logprob_entries, no_logprobs_reason, sequence_notices

EMPTY_TEXT = QT_TRANSLATE_NOOP("InspectorWidget", "Select an assistant answer to inspect its tokens.")  # self.tr it


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Showing a long answer allocates ~50,000 objects in one burst, which triggers full collections
    that walk every logprob dict of the conversation (160,000 for 8,000 tokens × 20): measured, that
    made showing take 120–400 ms instead of a steady ~110 ms. Collection resumes right after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class InspectorWidget(QWidget):
    bias_requested = Signal(str, dict, bool)  # message id, {"<token id>": bias}, regenerate
    continue_requested = Signal(str, int, str)  # message id, token index, prefix text
    export_finished = Signal(str, str)  # path, error sentence ("" when it worked)
    _export_done = Signal(str, str)  # from the export thread to the GUI thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._message: Message | None = None
        self._generation: Generation | None = None
        self._live = False  # showing an answer that is still streaming
        self._profile: ProviderProfile | None = None
        self._model = ""
        self._choice = 0
        self._seq = TokenSequence()
        self._space = IdSpace("none", "", reason="no answer is shown")
        self._mode = colors.ColourMode.PROBABILITY
        self._dialog: QFileDialog | None = None
        self._export_thread: threading.Thread | None = None
        self._metrics_ready = False

        # header
        self.title = QLabel(self.tr(EMPTY_TEXT))
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        self.choices = QTabBar()
        self.choices.setObjectName("inspectorChoices")
        self.choices.setVisible(False)
        self.choices.currentChanged.connect(self._choice_changed)
        self.colour_by = QComboBox()
        self.colour_by.setObjectName("inspectorColourBy")
        for mode in colors.ColourMode:
            self.colour_by.addItem(self.tr("Colour by {mode}").format(mode=mode.label.lower()), mode)
        self.colour_by.currentIndexChanged.connect(self._mode_changed)
        self.whitespace = QCheckBox(self.tr("Show whitespace"))
        self.whitespace.setObjectName("inspectorWhitespace")
        self.whitespace.setToolTip(self.tr("Show spaces as ␣, line breaks as ⏎ and tabs as ⇥."))
        self.whitespace.toggled.connect(self._whitespace_toggled)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("inspectorExport")
        self.export_button.setToolTip(self.tr("Save the token table as CSV or JSON."))
        self.export_button.clicked.connect(self.start_export)

        # content
        self.notices = QLabel("")
        self.notices.setObjectName("inspectorNotices")
        self.notices.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setObjectName("inspectorSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = TokenFlowView()
        self.view.tooltip_for = self.tooltip_text
        self.view.token_clicked.connect(self._token_clicked)
        self.view.setMinimumHeight(90)
        self.legend = Legend(self.view.palette_)
        self.chart = EntropyChart(self.view.palette_)
        self.chart.position_clicked.connect(self.select_token)
        self.details = TokenDetails()
        self.details.ban_clicked.connect(lambda: self._request_bias(BAN))
        self.details.boost_clicked.connect(self._request_bias)
        self.details.continue_clicked.connect(self._request_continue)
        self.least_likely = LeastLikelyList()
        self.least_likely.token_chosen.connect(self.select_token)
        self.status = QLabel("")
        self.status.setObjectName("inspectorStatus")
        self.status.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(self.colour_by)
        controls.addWidget(self.whitespace)
        controls.addStretch(1)
        controls.addWidget(self.export_button)

        least = QWidget()
        least_layout = QVBoxLayout(least)
        least_layout.setContentsMargins(0, 0, 0, 0)
        least_layout.addWidget(QLabel(self.tr("Least likely tokens")))
        least_layout.addWidget(self.least_likely)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.details)
        bottom.addWidget(least)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([600, 200])

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(bottom)
        self.splitter.setChildrenCollapsible(False)
        self._bottom = bottom

        legend_row = QHBoxLayout()
        legend_row.addWidget(self.summary, 3)
        legend_row.addWidget(self.legend, 2)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(controls)
        content_layout.addWidget(self.notices)
        content_layout.addLayout(legend_row)
        content_layout.addWidget(self.chart)
        content_layout.addWidget(self.splitter, 1)
        self.empty = QLabel(self.tr(EMPTY_TEXT))
        self.empty.setObjectName("inspectorEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.choices)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self._export_done.connect(self._on_export_done)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_details()

    def _fit_details(self) -> None:
        """Give the details (table, actions) the height they need; the tokens get the rest.
        QSplitter keeps its first distribution even when a child's minimum grows later."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        need = self._bottom.minimumSizeHint().height()
        if total and sizes[1] < need:
            self.splitter.setSizes([max(self.view.minimumHeight(), total - need), need])

    # -- public API -------------------------------------------------------------------------------

    @property
    def sequence(self) -> TokenSequence:
        return self._seq

    @property
    def message_id(self) -> str | None:
        return self._message.id if self._message is not None else None

    @property
    def id_space(self) -> IdSpace:
        return self._space

    @property
    def metrics_ready(self) -> bool:
        """True once the entropy chart and the least-likely list show the current answer."""
        return self._metrics_ready

    @property
    def live(self) -> bool:
        """Showing an answer that is still streaming."""
        return self._live

    @property
    def showing_tokens(self) -> bool:
        return self.stack.currentIndex() == 1

    def show_generation(self, message: Message, generation: Generation, choice_index: int | None = None, *,
                        profile: ProviderProfile | None = None, model: str | None = None,
                        live: bool = False) -> None:
        """Inspect one choice of one generation of an assistant message.

        ``live``: the answer is still streaming (``generation`` holds what arrived so far): the tokens
        are shown, but nothing that needs the finished answer (ban/boost, continue, export, the charts).
        """
        self._live = live
        self._message, self._generation, self._profile = message, generation, profile
        self._model = model or (generation.request or {}).get("model") or generation.model or ""
        choice = generation.selected_choice if choice_index is None else choice_index
        self._choice = max(0, min(choice, max(0, len(generation.choices) - 1)))
        self.choices.blockSignals(True)
        while self.choices.count():
            self.choices.removeTab(0)
        for i in range(len(generation.choices)):
            self.choices.addTab(self.tr("Choice {n}").format(n=i + 1))
        self.choices.setCurrentIndex(self._choice)
        self.choices.setVisible(len(generation.choices) > 1)
        self.choices.blockSignals(False)
        self.status.setText(self.tr("Streaming: {n} tokens so far; the full view follows when it finishes.").format(
            n=len(logprob_entries(generation.choices[0])[0]) if generation.choices else 0) if live else "")
        with _gc_paused():
            self._show_choice()

    def clear(self, reason: str | None = None) -> None:
        self._message = self._generation = None
        self._live = False
        self._seq = TokenSequence()
        self.title.setText(self.tr("Token inspector"))
        self.choices.setVisible(False)
        self.empty.setText(reason or self.tr(EMPTY_TEXT))
        self.stack.setCurrentIndex(0)
        self.view.set_sequence(self._seq, [])
        self.details.clear()

    def select_token(self, index: int) -> None:
        if not 0 <= index < len(self._seq.tokens):
            return
        self.view.select(index)
        self._token_clicked(index)

    def tooltip_text(self, index: int) -> str:
        return token_facts(self._seq, index, self._space)

    def set_colour_mode(self, mode: colors.ColourMode) -> None:
        self.colour_by.setCurrentIndex(list(colors.ColourMode).index(mode))

    # -- showing -----------------------------------------------------------------------------------

    def _show_choice(self) -> None:
        generation = self._generation
        assert generation is not None
        choice = generation.choices[self._choice] if generation.choices else None
        provider = self._profile.name if self._profile else (generation.provider or self.tr("provider"))
        model = self._model or self.tr("unknown model")
        title = f"{provider} · {model}"
        if len(generation.choices) > 1:
            title = self.tr("{title} · choice {k} of {n}").format(title=title, k=self._choice + 1,
                                                                  n=len(generation.choices))
        self.title.setText(title)
        entries, which = logprob_entries(choice)
        self.details.clear()
        if not entries:
            self._seq = TokenSequence()
            self.view.set_sequence(self._seq, [])
            self.empty.setText(no_logprobs_reason(generation, choice, self._profile, self._model))
            self.stack.setCurrentIndex(0)
            self.export_button.setEnabled(False)
            return
        self._seq = seq = analyse(entries)
        self._space = id_space_for(seq, self._model, provider)
        if self._space.encoding and not self._live:  # loading one takes ~0.3 s (mid-stream: a stall)
            threading.Thread(target=tokens.preload, args=([self._space.encoding],), name="tiktoken-preload",
                             daemon=True).start()
        listed = colors.max_alternatives(seq)
        merged = sum(1 for t in seq.tokens if t.is_merged)
        self.notices.setText("\n".join(sequence_notices(generation, which, merged, listed)))
        self.notices.setVisible(bool(self.notices.text()))
        self.view.set_sequence(seq, colors.steps(seq, self._mode))
        self.legend.set_mode(self._mode, listed)
        self.summary.setText(summary_text(seq))
        self.chart.set_sequence(TokenSequence())
        self.least_likely.clear()
        self.export_button.setEnabled(not self._live)
        self.details.set_availability(*self._availability())
        self.stack.setCurrentIndex(1)
        if self._live:
            return
        # The entropy chart and the jump list read all 8,000 × 20 alternatives of a long answer (~50 ms):
        # they are filled right after the tokens are on screen.
        self._metrics_ready = False
        QTimer.singleShot(0, lambda: self._fill_metrics(seq))

    def _fill_metrics(self, seq: TokenSequence) -> None:
        if seq is not self._seq:
            return  # another answer is shown by now
        with _gc_paused():
            self.chart.set_sequence(seq)
            self.least_likely.set_sequence(seq)
        if self.view.selected is not None:
            self.chart.set_selected(self.view.selected)
        self._metrics_ready = True

    def _availability(self) -> tuple[Availability, Availability]:
        if self._live:
            streaming = Availability(False, self.tr("The answer is still streaming."))
            return streaming, streaming
        if self._profile is None:
            unknown = Availability(False, self.tr("The provider of this answer is unknown."))
            return unknown, unknown
        caps = self._profile.capabilities_for(self._model)
        return bias_availability(caps, self._space), continuation_availability(caps)

    def _token_clicked(self, index: int) -> None:
        self.chart.set_selected(index)
        self.details.show_token(self._seq, index, self._space, token_facts(self._seq, index, self._space))
        self._fit_details()

    def _choice_changed(self, index: int) -> None:
        if self._generation is not None and index >= 0:
            self._choice = index
            with _gc_paused():
                self._show_choice()

    def _mode_changed(self, _index: int) -> None:
        self._mode = self.colour_by.currentData()
        self.view.set_steps(colors.steps(self._seq, self._mode))
        self.legend.set_mode(self._mode, colors.max_alternatives(self._seq))

    def _whitespace_toggled(self, show: bool) -> None:
        self.view.set_show_whitespace(show)

    # -- steering ----------------------------------------------------------------------------------

    def _request_bias(self, value: int) -> None:
        index = self.details.token_index
        if index is None or self._message is None:
            return
        alt = self.details.selected_alternative()
        try:
            target = bias_target(self._seq, index, self._space, None if alt is None or alt.chosen else alt)
        except SteeringError as exc:
            self.status.setText(localize(str(exc)))
            return
        if value == BAN:
            self.status.setText(self.tr("Banned {target}.").format(target=localize(target.describe())))
        else:
            self.status.setText(self.tr("Boosted (+{value}) {target}.").format(value=value,
                                                                             target=localize(target.describe())))
        self.bias_requested.emit(self._message.id, target.bias(value), self.details.regenerate.isChecked())

    def _request_continue(self) -> None:
        index = self.details.token_index
        alt = self.details.selected_alternative()
        if index is None or alt is None or self._message is None:
            return
        try:
            prefix = continuation_prefix(self._seq, index, alt)
        except SteeringError as exc:
            self.status.setText(localize(str(exc)))
            return
        self.status.setText(self.tr("Continuing in a new branch from “{text}”.").format(text=prefix[-40:]))
        self.continue_requested.emit(self._message.id, index, prefix)

    # -- export ------------------------------------------------------------------------------------

    def start_export(self) -> None:
        """Ask where to save the token table (non-blocking: `open()`, never `exec()`)."""
        if not self._seq.tokens:
            return
        dialog = QFileDialog(self, self.tr("Export token table"))
        dialog.setObjectName("inspectorExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("CSV (*.csv)"), self.tr("JSON (*.json)")])
        dialog.setDefaultSuffix("csv")
        dialog.selectFile("tokens.csv")
        dialog.filterSelected.connect(
            lambda f: dialog.setDefaultSuffix("json" if "json" in f.lower() else "csv"))
        dialog.fileSelected.connect(self.export_to)
        self._dialog = dialog
        dialog.open()

    def export_to(self, path: str | Path) -> None:
        """Write the table on a worker thread; ``export_finished(path, error)`` says how it went."""
        seq, model, space = self._seq, self._model, self._space
        meta = {"provider": self._profile.name if self._profile else None, "model": model,
                "id_space": space.label or None, "choice": self._choice}
        target = str(path)
        self.status.setText(self.tr("Exporting {n} tokens…").format(n=f"{len(seq.tokens):,}"))

        def work() -> None:
            try:
                write_token_table(token_table(seq, model, space), target, meta)
            except ConversationFileError as exc:
                self._export_done.emit(target, exc.user_message)
            else:
                self._export_done.emit(target, "")

        self._export_thread = threading.Thread(target=work, name="inspector-export", daemon=True)
        self._export_thread.start()

    def _on_export_done(self, path: str, error: str) -> None:
        self.status.setText(localize(error) or self.tr("Saved the token table to {path}.").format(path=path))
        self.export_finished.emit(path, error)
