"""The comparison workspace: the open conversation's prompt sent to N targets, side by side.

Each column is a target (provider, model, parameter overrides). Run streams every column at once
(or one after another), with live TTFT, speed, tokens and cost; Stop all (Esc) keeps what arrived;
the metrics table below has one row per target with the best value per metric highlighted. A
column's answer can be kept as the conversation's next assistant turn (``keep_requested``: the main
window appends it, see docs/compare.md). Target lists are saved as comparison sets; results are
exported as Markdown or JSON.

Widgets render state and forward intents; running, metrics, sets and export live in
``services.compare`` (no Qt).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core import events as ev
from parley.core.conversation import Conversation, Generation, Target, new_id
from parley.core.files import ConversationFileError, write_atomic
from parley.core.pricing import price_for
from parley.core.providers import ProviderProfile
from parley.services import compare as cmp
from parley.ui.compare.column import CompareColumn
from parley.ui.compare.metrics_table import MetricsTable
from parley.ui.compare.target_picker import ModelLists
from parley.ui.conversation.live_turn import FLUSH_INTERVAL_MS
from parley.ui.conversation.message_parts import plain_label
from parley.ui.engine_text import localize
from parley.ui.theme import Theme, current_theme

if TYPE_CHECKING:
    from parley.services.runner import Runner

log = logging.getLogger(__name__)

RunnerSource = Union["Runner", Callable[[], "Runner"]]
TICK_MS = 250  # how often running columns' clocks move while no token arrives
EXPORT_FILTERS = {"markdown": QT_TRANSLATE_NOOP("CompareWorkspace", "Markdown (*.md)"),
                  "json": QT_TRANSLATE_NOOP("CompareWorkspace", "JSON (*.json)")}  # shown through self.tr


def _short(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class CompareWorkspace(QWidget):
    """``CompareWorkspace(runner, profiles, parent)``; call ``set_conversation`` with the open conversation."""

    keep_requested = Signal(object)  # Generation: a copy (fresh id) to append as the next assistant turn
    running_changed = Signal(bool)
    notice = Signal(str)  # a sentence for the status bar

    def __init__(self, runner: RunnerSource, profiles: dict[str, ProviderProfile] | None = None,
                 parent: QWidget | None = None, *, theme: Theme | None = None,
                 flush_interval_ms: int = FLUSH_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._runner_source = runner
        self._runner: Runner | None = runner if hasattr(runner, "start") else None  # type: ignore[assignment]
        if profiles is None:
            from parley.core.providers import load_profiles

            profiles = self._runner.profiles if self._runner is not None else load_profiles()
        self.profiles = profiles
        self.theme = theme or current_theme()
        self.conversation: Conversation | None = None
        self.columns: list[CompareColumn] = []
        self.models = ModelLists(lambda: self.runner, self)
        self._flush_interval_ms = flush_interval_ms
        self._run: cmp.CompareRun | None = None
        self._task: asyncio.Task[Any] | None = None
        self._estimate_task: asyncio.Future[Any] | None = None
        self._prompt_key: tuple[tuple[str, str, str], ...] | None = None
        self._prompt_snapshot: Conversation | None = None  # what the last run sent (for export)
        self._ran_targets: list[cmp.CompareTarget] = []
        self._ran_mode = "parallel"
        self._dialog: QWidget | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._table_pending = False
        self._build()
        self._update_controls()

    # Building -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.run_button = QPushButton(self.tr("▶ Run"), self)
        self.run_button.setToolTip(self.tr("Send the conversation to every column (Ctrl+Shift+Enter)"))
        self.run_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("■ Stop all"), self)
        self.stop_button.setToolTip(self.tr("Stop every column; what arrived is kept (Esc)"))
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("Parallel"), "parallel")
        self.mode.addItem(self.tr("Sequential"), "sequential")
        self.mode.setToolTip(self.tr("Parallel: all columns at once. Sequential: one after another, for cleaner "
                                     "timings when the targets share a machine"))
        self.add_button = QPushButton(self.tr("+ Add target"), self)
        self.add_button.setToolTip(self.tr("A new column (a copy of the conversation's target to start from)"))
        self.sets_button = QToolButton(self)
        self.sets_button.setText(self.tr("Sets"))
        self.sets_button.setToolTip(self.tr("Save or load the columns (targets and overrides) as a comparison set"))
        self.sets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sets_menu = QMenu(self)
        self.sets_menu.aboutToShow.connect(self._fill_sets_menu)
        self.sets_button.setMenu(self.sets_menu)
        self.export_button = QToolButton(self)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self)
        export_menu.addAction(self.tr("Export as Markdown…"), lambda: self.export_dialog("markdown"))
        export_menu.addAction(self.tr("Export as JSON…"), lambda: self.export_dialog("json"))
        export_menu.addAction(self.tr("Copy as Markdown"), self.copy_markdown)
        self.export_button.setMenu(export_menu)
        for w in (self.run_button, self.stop_button, self.mode, self.add_button, self.sets_button,
                  self.export_button):
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.prompt_label = plain_label("", self)
        self.prompt_label.setWordWrap(False)
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.prompt_label)

        self.columns_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.columns_splitter.setChildrenCollapsible(False)
        self.columns_splitter.setHandleWidth(6)
        self.columns_area = QScrollArea(self)
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.columns_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns_area.setWidget(self.columns_splitter)
        self.table = MetricsTable(self, self.theme)
        self.table.setMinimumHeight(70)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.columns_area)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([520, 130])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        self.table.cellClicked.connect(lambda row, _col: self.show_column(row))
        self.run_button.clicked.connect(self.run)
        self.stop_button.clicked.connect(self.stop)
        self.add_button.clicked.connect(lambda: self.add_target())
        self.stop_action = QAction(self.tr("Stop all"), self)
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stop_action.triggered.connect(self.stop)
        self.addAction(self.stop_action)
        self.run_action = QAction(self.tr("Run"), self)
        self.run_action.setShortcut(QKeySequence("Ctrl+Shift+Return"))
        self.run_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.run_action.triggered.connect(self.run)
        self.addAction(self.run_action)
        self.set_theme(self.theme)

    # Runner, profiles, theme, conversation ----------------------------------------------------------

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            source = self._runner_source
            assert callable(source)
            self._runner = source()
        return self._runner

    def set_profiles(self, profiles: dict[str, ProviderProfile]) -> None:
        """After Providers & Keys changed them: every column's provider list follows."""
        self.profiles = profiles
        for column in self.columns:
            column.set_profiles(profiles)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.prompt_label.setStyleSheet(f"color: {theme.muted};")
        self.table.set_theme(theme)
        for column in self.columns:
            column.set_theme(theme)

    def set_conversation(self, conversation: Conversation) -> None:
        """The conversation whose messages and parameters are the prompt. A different one clears the results."""
        if conversation is not self.conversation:
            if self.running:
                self.stop()
            self.conversation = conversation
            for column in self.columns:
                column.clear_result()
            self._prompt_key = None
            self._prompt_snapshot = None
            if not self.columns:
                self.add_target(copy.deepcopy(conversation.target))
        self.refresh_prompt()

    def refresh_prompt(self) -> None:
        """Update the prompt line (call after the conversation's messages or parameters changed)."""
        conv = self.conversation
        if conv is None or not conv.messages:
            self.prompt_label.setText(self.tr("The conversation has no messages yet: write one, then Run."))
        else:
            users = [m for m in conv.messages if m.role == "user"]
            last = users[-1].text if users else conv.messages[-1].text
            params = ", ".join(f"{k}={v}" for k, v in conv.params.items())
            count = self.tr("1 message") if len(conv.messages) == 1 else self.tr("{n} messages").format(
                n=len(conv.messages))
            parts = [self.tr("Prompt: “{text}”").format(text=_short(last)), count]
            if params:
                parts.append(self.tr("conversation parameters: {p}").format(p=_short(params, 60)))
            self.prompt_label.setText("  ·  ".join(parts))
            self.prompt_label.setToolTip(last)
        self._update_controls()

    # Columns ----------------------------------------------------------------------------------------

    def add_target(self, target: Target | None = None, params: dict[str, Any] | None = None,
                   at: int | None = None) -> CompareColumn:
        """A new column; without a target it copies the last column's (or the conversation's) provider and model."""
        if target is None:
            if self.columns:
                target = self.columns[-1].picker.target()
            elif self.conversation is not None:
                target = copy.deepcopy(self.conversation.target)
            else:
                target = Target()
        column = CompareColumn(self.profiles, self.models, None, self.theme, self._flush_interval_ms)
        column.set_spec(target, params)
        index = len(self.columns) if at is None else at
        self.columns.insert(index, column)
        self.columns_splitter.insertWidget(index, column)
        column.duplicate_requested.connect(lambda c=column: self.duplicate_column(self.columns.index(c)))
        column.remove_requested.connect(lambda c=column: self.remove_column(self.columns.index(c)))
        column.stop_requested.connect(lambda c=column: self.stop_column(self.columns.index(c)))
        column.keep_requested.connect(lambda c=column: self.keep(self.columns.index(c)))
        column.changed.connect(self._columns_changed)
        column.updated.connect(self._schedule_table)
        column.ended.connect(self._update_table)  # at once: "best" must never lag behind a finished column
        self._columns_changed()
        self._even_widths()
        return column

    def duplicate_column(self, index: int) -> CompareColumn | None:
        if self.running:
            return None
        source = self.columns[index]
        try:
            params = source.overrides.value()
        except cmp.OverridesError:
            params = {}
        column = self.add_target(source.picker.target(), params, at=index + 1)
        if not params and source.overrides.text.toPlainText().strip():
            column.overrides.text.setPlainText(source.overrides.text.toPlainText())  # keep the draft, errors too
            column.overrides_button.setChecked(True)
        return column

    def remove_column(self, index: int) -> None:
        if self.running or not 0 <= index < len(self.columns):
            return
        column = self.columns.pop(index)
        column.picker.disconnect_lists()
        column.hide()
        column.setParent(None)
        column.deleteLater()
        self._columns_changed()
        self._even_widths()

    def show_column(self, index: int) -> None:
        """Scroll the columns so that column ``index`` is in view (a click on its table row)."""
        if 0 <= index < len(self.columns):
            self.columns_area.ensureWidgetVisible(self.columns[index], 0, 0)

    def clear_columns(self) -> None:
        for i in reversed(range(len(self.columns))):
            self.remove_column(i)

    def _columns_changed(self) -> None:
        for n, column in enumerate(self.columns, 1):
            column.set_number(n)
        self._update_table()
        self._update_controls()

    def _even_widths(self) -> None:
        if self.columns:
            width = max(self.columns_area.viewport().width(), 300 * len(self.columns))
            self.columns_splitter.setSizes([width // len(self.columns)] * len(self.columns))

    def compare_targets(self) -> list[cmp.CompareTarget] | None:
        """Every column's target, labelled so each can be told apart; None (and the reason shown) if one is bad."""
        specs = []
        bad = []
        for column in self.columns:
            try:
                specs.append(column.spec())
            except cmp.OverridesError as exc:
                bad.append(column.number)
                column.overrides_button.setChecked(True)
                column.show_note(self.tr("Overrides: {problem}").format(problem=localize(str(exc))))
            else:
                if not column.picker.target().provider:
                    bad.append(column.number)
                    column.show_note(self.tr("Pick a provider for this column."))
        if bad:
            which = ", ".join(str(n) for n in bad)
            self.notice.emit(self.tr("Fix column {which} first: see the message in the column.").format(which=which))
            return None
        for spec, label in zip(specs, cmp.unique_labels([s.label for s in specs]), strict=True):
            spec.label = label
        return specs

    # Running ----------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._run is not None

    def run(self) -> bool:
        """Send the conversation to every column. False (and a notice) when that cannot happen now."""
        conv = self.conversation
        if self.running:
            return False
        if conv is None or not conv.messages:
            self.notice.emit(self.tr("The conversation has no messages to send: write one first."))
            return False
        if not self.columns:
            self.notice.emit(self.tr("Add a target first."))
            return False
        targets = self.compare_targets()
        if targets is None:
            return False
        mode = str(self.mode.currentData())
        run = cmp.CompareRun(self.runner, conv, targets, mode=mode, on_event=self._on_event)
        self._run = run
        self._prompt_key = cmp.prompt_key(conv)
        self._prompt_snapshot = copy.deepcopy(conv)
        self._ran_targets = targets
        self._ran_mode = mode
        for i, column in enumerate(self.columns):
            column.begin(lambda i=i, run=run: run.generation(i))
        run.start()
        self._task = asyncio.ensure_future(self._drive(run))
        self._start_prompt_estimate(conv, targets)
        self._ticker.start()
        self._update_table()
        self._update_controls()
        self.running_changed.emit(True)
        return True

    def _on_event(self, index: int, event: ev.RunEvent) -> None:
        if not shiboken6.isValid(self):  # the window went away mid-run: nobody to show this to
            if self._run is not None:
                self._run.stop()
            return
        if 0 <= index < len(self.columns):
            self.columns[index].push(event)

    async def _drive(self, run: cmp.CompareRun) -> None:
        try:
            await run.wait()
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug must not leave the workspace "running" forever
            log.exception("comparison failed unexpectedly")
        finally:
            if self._run is run and shiboken6.isValid(self):
                self._ended()

    def _ended(self) -> None:
        self._run = None
        self._task = None
        self._ticker.stop()
        for column in self.columns:
            if column.running:  # a column whose end event never came (a bug): do not leave it spinning
                column.mark_stopped()
        self._update_table()
        self._update_controls()
        self.running_changed.emit(False)
        ended = [c.state for c in self.columns]
        failed = ended.count("failed")
        self.notice.emit(self.tr("Comparison finished: {done} of {n} answered{failed}.").format(
            done=ended.count("done"), n=len(ended),
            failed=self.tr(", {k} failed").format(k=failed) if failed else ""))

    def stop(self) -> None:
        """Stop every column at once; what arrived stays."""
        run = self._run
        if run is None:
            return
        run.stop()
        for column in self.columns:
            column.mark_stopped()
        self._update_table()

    def stop_column(self, index: int) -> None:
        if self._run is not None and 0 <= index < len(self.columns):
            self._run.stop(index)
            self.columns[index].mark_stopped()

    def _start_prompt_estimate(self, conv: Conversation, targets: list[cmp.CompareTarget]) -> None:
        """Count the prompt offline (worker thread) when a column has a price, so its cost shows while streaming."""
        priced = [t for t in targets if any((price_for(t.target.provider, t.target.model) or {}).values())]
        if not priced:
            return
        from parley.core.tokens import count_messages

        messages, model = conv.wire_messages(), priced[0].target.model or "gpt-4o"

        async def count() -> None:
            try:
                result = await asyncio.to_thread(count_messages, messages, model)
            except Exception as exc:  # no estimate is fine: the provider's usage arrives at the end
                log.info("prompt estimate failed: %s", exc)
                return
            for column in self.columns:
                column.prompt_estimate = result.tokens

        self._estimate_task = asyncio.ensure_future(count())

    def _tick(self) -> None:
        for column in self.columns:
            if column.running:
                column.refresh_metrics()
        self._update_table()

    def _schedule_table(self) -> None:
        # Columns update every ~30 ms each; the table follows at most once per turn of the loop.
        if not self._table_pending:
            self._table_pending = True
            QTimer.singleShot(0, self._update_table)

    def _update_table(self) -> None:
        self._table_pending = False
        labels = cmp.unique_labels([c.label() for c in self.columns])
        states = [self._state_text(c.state) for c in self.columns]
        self.table.set_rows(labels, states, [c.measured() for c in self.columns], [c.comparable for c in self.columns])
        self.table.setVisible(bool(self.columns))

    def _state_text(self, state: str) -> str:
        return {"idle": "—", "waiting": self.tr("waiting"), "streaming": self.tr("streaming"),
                "retrying": self.tr("retrying"), "stopped": self.tr("stopped"), "not run": self.tr("not run"),
                "failed": self.tr("failed"), "done": self.tr("done")}.get(state, state)

    def _update_controls(self) -> None:
        running = self.running
        has_prompt = self.conversation is not None and bool(self.conversation.messages)
        self.run_button.setEnabled(not running and has_prompt and bool(self.columns))
        self.run_action.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.stop_action.setEnabled(running)  # Esc stays free for others when nothing runs
        for w in (self.mode, self.add_button, self.sets_button):
            w.setEnabled(not running)
        self.export_button.setEnabled(not running and self._prompt_snapshot is not None)

    # Keep this answer ---------------------------------------------------------------------------------

    def keep(self, index: int) -> Generation | None:
        """Emit ``keep_requested`` with a copy of column ``index``'s generation, if it still answers the prompt."""
        column = self.columns[index]
        gen = column.generation
        if gen is None or self.conversation is None:
            return None
        try:
            if gen.choice is None or not gen.choice.has_output:
                raise cmp.KeepError(self.tr("This column has no answer to keep."))
            if self._prompt_key is not None and cmp.prompt_key(self.conversation) != self._prompt_key:
                raise cmp.KeepError(self.tr(
                    "The conversation changed since this comparison ran: run it again to keep an answer."))
        except cmp.KeepError as exc:
            column.show_note(str(exc))
            self.notice.emit(str(exc))
            return None
        kept = copy.deepcopy(gen)
        kept.id = new_id()
        column.mark_kept()
        self.keep_requested.emit(kept)
        return kept

    # Results and export ---------------------------------------------------------------------------------

    def results(self) -> list[cmp.CompareResult]:
        """The last run's columns as they stand (also after Stop all)."""
        snapshot = self._prompt_snapshot
        if snapshot is None:
            return []
        out = []
        for column, spec in zip(self.columns, self._ran_targets, strict=False):
            gen = column.generation or Generation(provider=spec.target.provider)
            measured = column.measured()
            metrics = measured.metrics if measured is not None else cmp.metrics_of(gen)
            out.append(cmp.CompareResult(spec.label, cmp.prepare(snapshot, spec), gen, metrics))
        return out

    def export_text(self, fmt: str) -> str:
        snapshot = self._prompt_snapshot
        if snapshot is None:
            raise ValueError(self.tr("nothing to export: run the comparison first"))  # shown as a notice
        results = self.results()
        if fmt == "markdown":
            return cmp.results_to_markdown(snapshot, results, self._ran_targets)
        return cmp.results_to_json(snapshot, results, self._ran_targets, mode=self._ran_mode)

    def export_to(self, path: Path, fmt: str) -> bool:
        """Write the results as ``markdown`` or ``json``; False (and a notice) when that failed."""
        try:
            text = self.export_text(fmt)
            write_atomic(path, text.encode("utf-8"), backup=False)
        except (ValueError, ConversationFileError) as exc:
            self.notice.emit(getattr(exc, "user_message", None) or str(exc))
            return False
        self.notice.emit(self.tr("Exported {name}").format(name=Path(path).name))
        return True

    def export_dialog(self, fmt: str) -> None:
        title = self._prompt_snapshot.title if self._prompt_snapshot is not None else "comparison"
        suffix = ".md" if fmt == "markdown" else ".json"
        dialog = QFileDialog(self, self.tr("Export comparison"), f"{title} comparison{suffix}",
                             self.tr(EXPORT_FILTERS[fmt]))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda p: self.export_to(Path(p), fmt))
        self._dialog = dialog
        dialog.open()  # never exec(): a nested loop breaks qasync

    def copy_markdown(self) -> None:
        try:
            QGuiApplication.clipboard().setText(self.export_text("markdown"))
        except ValueError as exc:
            self.notice.emit(str(exc))
            return
        self.notice.emit(self.tr("Comparison copied as Markdown"))

    # Comparison sets ------------------------------------------------------------------------------------

    def current_set(self, name: str) -> cmp.ComparisonSet:
        """The columns as a set; OverridesError when a column's overrides are not valid."""
        return cmp.ComparisonSet(name, [c.spec() for c in self.columns], str(self.mode.currentData()))

    def save_set(self, name: str) -> cmp.ComparisonSet | None:
        try:
            saved = cmp.save_set(self.current_set(name))
        except (cmp.OverridesError, cmp.CompareSetError) as exc:
            self.notice.emit(self.tr("The set was not saved: {problem}").format(problem=localize(str(exc))))
            return None
        self.notice.emit(self.tr("Saved the comparison set “{name}”").format(name=saved.name))
        return saved

    def load_set(self, cset: cmp.ComparisonSet) -> bool:
        if self.running:
            self.notice.emit(self.tr("Stop the comparison before loading another set."))
            return False
        self.clear_columns()
        for spec in cset.targets:
            self.add_target(spec.target, spec.params)
        self.mode.setCurrentIndex(max(0, self.mode.findData(cset.mode)))
        self._prompt_snapshot = None
        self._update_controls()
        self.notice.emit(self.tr("Loaded the comparison set “{name}”").format(name=cset.name))
        return True

    def load_set_file(self, path: Path) -> bool:
        try:
            cset = cmp.read_set(path)
        except cmp.CompareSetError as exc:
            self.notice.emit(str(exc))
            return False
        return self.load_set(cset)

    def _fill_sets_menu(self) -> None:
        menu = self.sets_menu
        menu.clear()
        menu.addAction(self.tr("Save set…"), self.save_set_dialog)
        menu.addAction(self.tr("Open set file…"), self.open_set_dialog)
        sets, problems = cmp.list_sets()
        if sets:
            menu.addSeparator()
            for cset in sets:
                n = len(cset.targets)
                action = menu.addAction(self.tr("{name} ({n} targets)").format(name=cset.name, n=n),
                                        lambda c=cset: self.load_set(c))
                action.setToolTip("\n".join(s.label for s in cset.targets))
            delete = menu.addMenu(self.tr("Delete set"))
            for cset in sets:
                delete.addAction(cset.name, lambda name=cset.name: self._delete_set(name))
        for problem in problems:
            menu.addAction(localize(problem)).setEnabled(False)

    def _delete_set(self, name: str) -> None:
        try:
            cmp.delete_set(name)
        except cmp.CompareSetError as exc:
            self.notice.emit(str(exc))

    def save_set_dialog(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save comparison set"))
        dialog.setLabelText(self.tr("Name of the set (targets and overrides, never keys):"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save_set)
        self._dialog = dialog
        dialog.open()  # never exec(): a nested loop breaks qasync

    def open_set_dialog(self) -> None:
        dialog = QFileDialog(self, self.tr("Open comparison set"), str(cmp.sets_dir()), self.tr("JSON (*.json)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda p: self.load_set_file(Path(p)))
        self._dialog = dialog
        dialog.open()

    # Shutting down -----------------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Stop the runs and wait for them to wind down (the runner itself is the caller's to close)."""
        self.stop()
        self.models.shutdown()
        task = self._task
        if task is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(task), 5)
