"""The main window: wiring only. Library on the left, conversation and composer in the centre (with the
comparison workspace as a second tab), parameters and tokens in docks on the right, facts about the next
request in the status bar."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from parley.core.conversation import Choice, Conversation, Generation
from parley.ui.composer import SEND_CTRL_ENTER, SEND_ENTER, Composer, send_key_name
from parley.ui.conversation.controller import ConversationController, RunnerSource
from parley.ui.conversation.pane import ConversationPane
from parley.ui.conversation.token_counter import NextRequestCounter
from parley.ui.documents import DocumentController, dropped_file
from parley.ui.engine_text import localize
from parley.ui.theme import ThemeManager, current_theme

if TYPE_CHECKING:
    from parley.ui.compare import CompareWorkspace
    from parley.ui.inspector import InspectorWidget
    from parley.ui.sidebar.panel import ParameterSidebar

SEND_KEY_SETTING = "composer/send_key"
# The token inspector follows a streaming answer (when it is on screen) at most this often, and only
# up to this many tokens: above, one redraw would cost tens of milliseconds of the stream's smoothness.
LIVE_INSPECT_INTERVAL_S = 0.5
LIVE_INSPECT_MAX_TOKENS = 3000
THEME_SETTING = "view/theme"
LOCAL_MODEL_SETTING = "local/model_path"
FILE_FOLDER_SETTING = "files/last_folder"  # where Open, Save As and Export dialogs start
FILE_FILTER = "Parley conversations (*.parley.json *.json);;All files (*)"
CONVERSATION_TAB, COMPARE_TAB = 0, 1


class MainWindow(QMainWindow):
    def __init__(
        self,
        *,
        settings: QSettings,
        documents: DocumentController,
        runner: RunnerSource,
        themes: ThemeManager | None = None,
        library_panel: QWidget | None = None,
    ) -> None:
        """``runner``: a Runner, or a function making one (called after the first paint, see ``warm_up``)."""
        super().__init__()
        self.settings = settings
        self.documents = documents
        self.themes = themes
        self.setWindowTitle("Parley")
        self.setAcceptDrops(True)

        self.controller = ConversationController(documents.conversation, runner, self)
        self.pane = ConversationPane(self.controller, self, current_theme())
        self.composer = Composer(self)
        self.composer.set_send_key(str(settings.value(SEND_KEY_SETTING, SEND_ENTER)))
        self.pane.view.send_key_name = send_key_name(self.composer.send_key)
        self.sidebar: ParameterSidebar | None = None  # built by warm_up(), after the first paint
        self.inspector: InspectorWidget | None = None  # likewise
        self.library_panel = library_panel
        self.compare: CompareWorkspace | None = None  # built the first time its tab is shown
        self._tasks: set[asyncio.Task[Any]] = set()
        self.error_box: QMessageBox | None = None  # the error shown now (a newer one replaces it)
        self._listed_models: dict[str, list[str]] = {}  # provider id -> models its /models listed this session
        # Work that follows the end of a run (status bar count, sidebar, inspector…), one job per turn
        # of the event loop: run back to back with the last render, they stalled the window ~40 ms.
        self._deferred: list[Callable[[], None]] = []
        self._live_inspect_due = 0.0  # when the token inspector may redraw a streaming answer again
        self._inspect_next: str | None = None

        centre = QSplitter(Qt.Orientation.Vertical, self)
        centre.setObjectName("centreSplitter")
        centre.addWidget(self.pane)
        centre.addWidget(self.composer)
        centre.setStretchFactor(0, 1)
        centre.setStretchFactor(1, 0)
        centre.setSizes([600, 140])
        centre.setChildrenCollapsible(False)
        self.centre_splitter = centre

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("centreTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(centre, self.tr("Conversation"))
        self.compare_slot = QWidget(self)  # holds the workspace once it is built (it costs nothing at start)
        QVBoxLayout(self.compare_slot).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.compare_slot, self.tr("Compare"))
        self.tabs.setTabToolTip(COMPARE_TAB, self.tr("This conversation sent to several providers and models "
                                                     "side by side (Ctrl+Shift+K)"))

        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.setObjectName("mainSplitter")
        self.library_slot = QWidget(self)
        slot_layout = QVBoxLayout(self.library_slot)
        slot_layout.setContentsMargins(0, 0, 0, 0)
        if library_panel is not None:
            slot_layout.addWidget(library_panel)
        else:
            self.library_slot.hide()
        main.addWidget(self.library_slot)
        main.addWidget(self.tabs)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 1)
        main.setSizes([240, 900])
        self.main_splitter = main
        self.setCentralWidget(main)

        self.sidebar_dock = QDockWidget(self.tr("Parameters"), self)
        self.sidebar_dock.setObjectName("parametersDock")
        placeholder = QLabel(self.tr("Loading parameters…"), self)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setEnabled(False)
        self.sidebar_dock.setWidget(placeholder)
        self.sidebar_dock.setMinimumWidth(300)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.sidebar_dock)
        self.inspector_dock = QDockWidget(self.tr("Tokens"), self)
        self.inspector_dock.setObjectName("inspectorDock")
        self.inspector_dock.setToolTip(self.tr("Token probabilities of the selected answer"))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.tabifyDockWidget(self.sidebar_dock, self.inspector_dock)
        self.sidebar_dock.raise_()

        self._build_status_bar()
        self._build_menus()
        self._counter = NextRequestCounter(parent=self)
        self._counter.counted.connect(self._show_token_count)
        self._connect()
        self._restore_state()
        self._update_title()
        QTimer.singleShot(0, self._refresh_status)

    # Building ---------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.provider_label = QLabel(self)
        self.model_label = QLabel(self)
        self.key_label = QLabel(self)
        self.tokens_label = QLabel(self)
        self.provider_label.setToolTip(self.tr("Provider the next request goes to"))
        self.model_label.setToolTip(self.tr("Model of the next request"))
        self.key_label.setToolTip(self.tr("Where the API key comes from"))
        self.tokens_label.setToolTip(self.tr("Input tokens of the next request (counted offline)"))
        for label in (self.provider_label, self.model_label, self.key_label, self.tokens_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None,
                tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New conversation"), self.new_conversation, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, self.tr("&Save"), self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, self.tr("Save &as…"), self.save_as_dialog, QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        export_menu = file_menu.addMenu(self.tr("&Export"))
        self._action(export_menu, self.tr("As &Markdown…"), lambda: self.export_dialog("markdown"))
        self._action(export_menu, self.tr("As conversation &JSON…"), lambda: self.export_dialog("json"))
        self._action(export_menu, self.tr("Copy request as &curl"), lambda: self.copy_request("curl"),
                     tip=self.tr("The next request as a curl command (the key stays an environment variable)"))
        self._action(export_menu, self.tr("Copy request as &Python"), lambda: self.copy_request("python"),
                     tip=self.tr("The next request as an openai-SDK script (the key stays an environment variable)"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        # Ctrl+Z in a text field (composer, editor) stays that field's own undo: Qt gives text
        # widgets the standard editing keys before window shortcuts.
        self.undo_delete_action = self._action(edit_menu, self.tr("&Undo delete"), self.controller.undo_delete,
                                               QKeySequence.StandardKey.Undo,
                                               self.tr("Bring back the last deleted message"))
        self.undo_delete_action.setEnabled(False)
        # Only where messages are: the library panel has its own Ctrl+Z (undo a trash), and two
        # enabled window-wide Ctrl+Z would cancel each other out ("ambiguous shortcut").
        self.removeAction(self.undo_delete_action)
        self.undo_delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.pane.addAction(self.undo_delete_action)
        self.controller.undoChanged.connect(self.undo_delete_action.setEnabled)
        self._action(edit_menu, self.tr("&Find in conversation…"), self.open_find, QKeySequence.StandardKey.Find)

        conv_menu = bar.addMenu(self.tr("&Conversation"))
        self.send_action = self._action(conv_menu, self.tr("&Send"), self._send_from_composer, "Ctrl+Return",
                                        self.tr("Send the composer's message and ask the model"))
        self.stop_action = self._action(conv_menu, self.tr("S&top"), self.controller.stop, "Esc",
                                        self.tr("Stop the reply; what arrived is kept"))
        self.stop_action.setEnabled(False)  # enabled only while streaming, so Esc stays free otherwise
        self._action(conv_menu, self.tr("Focus the &composer"), self.focus_composer, "Ctrl+L")
        self._action(conv_menu, self.tr("Scroll to the &end"), self.scroll_to_end, "Ctrl+End")

        view_menu = bar.addMenu(self.tr("&View"))
        self._action(view_menu, self.tr("C&onversation"), self.show_conversation,
                     tip=self.tr("Back to the conversation (Ctrl+L also focuses its composer)"))
        self.compare_action = self._action(
            view_menu, self.tr("&Compare targets"), self.show_compare, "Ctrl+Shift+K",
            self.tr("Send this conversation to several providers and models side by side"))
        view_menu.addSeparator()
        view_menu.addAction(self.sidebar_dock.toggleViewAction())
        view_menu.addAction(self.inspector_dock.toggleViewAction())
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        group = QActionGroup(self)
        current = self.themes.preference if self.themes else "system"
        for key, label in (("system", self.tr("Follow the system")), ("light", self.tr("Light")),
                           ("dark", self.tr("Dark"))):
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key == current)
            action.triggered.connect(lambda _c=False, k=key: self.set_theme(k))
            group.addAction(action)
        send_menu = view_menu.addMenu(self.tr("Send &key"))
        send_group = QActionGroup(self)
        for key, label in ((SEND_ENTER, self.tr("Enter sends (Shift+Enter: new line)")),
                           (SEND_CTRL_ENTER, self.tr("Ctrl+Enter sends (Enter: new line)"))):
            action = send_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(self.composer.send_key == key)
            action.triggered.connect(lambda _c=False, k=key: self.set_send_key(k))
            send_group.addAction(action)
        self.settings_menu = bar.addMenu(self.tr("&Settings"))
        self._action(self.settings_menu, self.tr("&Providers && Keys…"), self.open_providers,
                     tip=self.tr("Provider profiles, API keys and the built-in local model"))

    def _connect(self) -> None:
        c = self.controller
        c.runningChanged.connect(self._running_changed)
        c.modified.connect(self._on_modified)
        c.notice.connect(lambda text: self.statusBar().showMessage(localize(text), 6000))
        self.composer.sendRequested.connect(self._on_send_requested)
        self.composer.stopRequested.connect(c.stop)
        self.composer.notice.connect(lambda text: self.statusBar().showMessage(text, 6000))
        c.messageChanged.connect(self._offer_parameter_fix)
        c.messageChanged.connect(self._message_finished_or_changed)
        c.liveUpdated.connect(self._inspected_message_streams)
        self.pane.view.messageSelected.connect(self.inspect)
        self.tabs.currentChanged.connect(self._tab_changed)
        d = self.documents
        d.settling.connect(self.pane.view.commit_edits)
        d.replacing.connect(self._before_replace)
        d.conversation_loaded.connect(self._on_conversation_loaded)
        # Bound methods, not lambdas: Qt drops them when the window goes, while the document controller
        # (which outlives it at shutdown) may still report a last write.
        d.path_changed.connect(self._update_title)
        d.title_changed.connect(self._update_title)
        d.saved.connect(self._saved)
        d.exported.connect(self._exported)
        d.dirty_changed.connect(self._update_title)
        d.error.connect(self.show_error)
        d.autosave_failed.connect(self._show_problem)  # retried at every change: a line, not a box each time
        if self.themes is not None:
            self.themes.changed.connect(self.pane.view.set_theme)

    # Conversation --------------------------------------------------------------------------------

    def _before_replace(self) -> None:
        # Another conversation is about to be shown: the open one keeps what it showed (a streaming
        # reply stops, marked "stopped"; edits in progress are saved) before it is written.
        self.controller.stop()
        self.pane.view.commit_edits()

    def _on_conversation_loaded(self, conversation: Conversation) -> None:
        self.controller.set_conversation(conversation)
        self.pane.show_conversation()
        if self.sidebar is not None:
            self.sidebar.set_conversation(conversation)
            self._offer_listed_models(conversation.target.provider)
        if self.compare is not None:
            self.compare.set_conversation(conversation)
        self._update_title()
        self._refresh_status()

    def _on_send_requested(self, text: str, role: str, images: list, run: bool) -> None:
        if self.controller.send(text, role=role, images=images, run=run):
            self.composer.clear()
            self.pane.view.scroll_to_end()

    def _send_from_composer(self) -> None:
        self.composer._submit(run=True)

    def _running_changed(self, running: bool) -> None:
        self.composer.set_running(running)
        self._update_stop()
        if not running:
            self._later(self._refresh_status)
            self._later(self._refresh_compare_prompt)

    def _on_modified(self, message: object = None) -> None:
        self.documents.mark_changed(message if message is not None else None)  # type: ignore[arg-type]
        if not self.controller.running:
            self._later(self._count_if_idle)
            self._later(self._refresh_sidebar_messages)
            self._later(self._refresh_compare_prompt)

    def _count_if_idle(self) -> None:
        # A send adds the message, then starts the run: the count waits for the run's end (which
        # counts again). Loading the tokenizer on a thread mid-stream held the GIL and blocked the
        # window for 250–350 ms at a time.
        if not self.controller.running:
            self._request_count()

    def _refresh_sidebar_messages(self) -> None:
        if not self.controller.running and self.sidebar is not None:
            self.sidebar.set_messages(self.documents.conversation.wire_messages())

    def _refresh_compare_prompt(self) -> None:
        if self.compare is not None:
            self.compare.refresh_prompt()

    def _later(self, job: Callable[[], None]) -> None:
        """Run ``job`` on a later turn of the event loop, one job per turn (a job queued twice runs once)."""
        if job in self._deferred:
            return
        self._deferred.append(job)
        if len(self._deferred) == 1:
            QTimer.singleShot(0, self, self._run_deferred)

    def _run_deferred(self) -> None:
        if not self._deferred:
            return
        job = self._deferred.pop(0)
        if self._deferred:
            QTimer.singleShot(0, self, self._run_deferred)
        job()

    def _offer_parameter_fix(self, message_id: str) -> None:
        """A 400 naming a parameter: the sidebar offers to drop or rename it."""
        if self.sidebar is None:
            return
        conv = self.documents.conversation
        try:
            generation = conv.messages[conv.index_of(message_id)].generation
        except KeyError:
            return
        if generation is None or not generation.error:
            return
        from parley.ui.sidebar.fixes import rejected_param

        param = rejected_param(generation.error)
        if param:
            self.sidebar.offer_fix(param, generation.error)

    def _on_params_changed(self) -> None:
        self.documents.mark_changed()
        self._refresh_status()
        if self.compare is not None:
            self.compare.refresh_prompt()

    # Conversation and Compare tabs -------------------------------------------------------------------

    def show_conversation(self) -> None:
        self.tabs.setCurrentIndex(CONVERSATION_TAB)

    def show_compare(self) -> None:
        self.tabs.setCurrentIndex(COMPARE_TAB)

    def open_find(self) -> None:
        self.show_conversation()
        self.pane.open_find()

    def scroll_to_end(self) -> None:
        self.show_conversation()
        self.pane.view.scroll_to_end()

    def _tab_changed(self, index: int) -> None:
        if index == COMPARE_TAB:
            workspace = self.compare or self._build_compare()
            workspace.setFocus()  # its Esc (Stop all) and Ctrl+Shift+Enter (Run) work from inside it
        self._update_stop()
        # Ctrl+Enter sends the composer's text: not from the Compare tab, where the composer is hidden.
        self.send_action.setEnabled(index == CONVERSATION_TAB)

    def _build_compare(self) -> CompareWorkspace:
        from parley.ui.compare import CompareWorkspace

        runner = self.controller.runner
        # The window's runner, fetched when used: one HTTP client and one local model server for all.
        workspace = CompareWorkspace(lambda: self.controller.runner, runner.profiles, self.compare_slot,
                                     theme=current_theme())
        workspace.set_conversation(self.documents.conversation)
        workspace.keep_requested.connect(self._keep_compared_answer)
        workspace.notice.connect(lambda text: self.statusBar().showMessage(localize(text), 6000))
        if self.themes is not None:
            self.themes.changed.connect(workspace.set_theme)
        self.compare_slot.layout().addWidget(workspace)
        workspace.show()  # now, not on the next turn of the loop: it takes the focus right away
        self.compare = workspace
        return workspace

    def _update_stop(self) -> None:
        # Esc: the window-wide Stop and the workspace's Stop all must never both be enabled, or Qt
        # finds the shortcut ambiguous and runs neither. The conversation's Stop belongs to its tab.
        self.stop_action.setEnabled(self.controller.running and self.tabs.currentIndex() == CONVERSATION_TAB)

    def _keep_compared_answer(self, generation: Generation) -> None:
        """A comparison column's answer becomes the conversation's next assistant turn."""
        from parley.services.compare import KeepError, keep_answer

        if self.controller.running:
            self.statusBar().showMessage(self.tr("A reply is still streaming: stop it first (Esc)."), 6000)
            return
        conv = self.documents.conversation
        try:
            message = keep_answer(conv, generation)
        except KeepError as exc:
            self.statusBar().showMessage(localize(str(exc)), 6000)
            return
        self.controller.structure_changed()  # repaint, and autosave through `modified`
        self.statusBar().showMessage(self.tr("Answer kept as the next turn of the conversation"), 6000)
        self.scroll_to_end()
        self.inspect(message.id)

    # Token inspector --------------------------------------------------------------------------------

    def inspect(self, message_id: str) -> None:
        """Show the token probabilities of a message (the one the user clicked, or a finished reply)."""
        inspector = self.inspector
        if inspector is None:
            return
        conv = self.documents.conversation
        try:
            message = conv.messages[conv.index_of(message_id)]
        except KeyError:
            return
        generation = message.generation
        if message.role != "assistant" or generation is None:
            inspector.clear(self.tr("This message was typed, not generated: it has no token probabilities."))
            return
        live = self.controller.live_for(message_id)
        if live is not None and live.running:
            inspector.clear(self.tr("The answer is still streaming…"))
            self._live_inspect_due = 0.0
            self._inspected_message_streams(message_id, chosen=True)  # its tokens so far, if it has any
            return
        runner = self.controller.runner
        profile = runner.profiles.get(generation.provider or conv.target.provider)
        inspector.show_generation(message, generation, generation.selected_choice, profile=profile,
                                  model=(generation.request or {}).get("model") or conv.target.model)

    def _message_finished_or_changed(self, message_id: str) -> None:
        if self.inspector is None or self.controller.live_for(message_id) is not None:
            return
        messages = self.documents.conversation.messages
        is_last = bool(messages) and messages[-1].id == message_id and messages[-1].role == "assistant"
        if message_id == self.inspector.message_id or is_last:
            self._inspect_next = message_id
            self._later(self._inspect_finished)

    def _inspect_finished(self) -> None:
        message_id, self._inspect_next = self._inspect_next, None
        if message_id is not None and self.controller.live_for(message_id) is None:
            self.inspect(message_id)

    def _inspected_message_streams(self, message_id: str, chosen: bool = False) -> None:
        """While an answer streams, the token inspector (when it is on screen) shows its tokens so far:
        the answer it shows, a new answer at the end, or (``chosen``) one the user clicked."""
        inspector = self.inspector
        live = self.controller.live_for(message_id)
        if inspector is None or live is None or not live.running:
            return
        conv = self.documents.conversation
        is_last = bool(conv.messages) and conv.messages[-1].id == message_id
        if inspector.message_id != message_id and not is_last and not chosen:
            return
        if not live.logprobs or not inspector.isVisible():
            if inspector.message_id == message_id:
                inspector.clear(self.tr("The answer is still streaming…"))
            return
        if len(live.logprobs) > LIVE_INSPECT_MAX_TOKENS:
            if inspector.live:
                inspector.status.setText(self.tr("Streaming: the live view pauses for long answers; "
                                                 "all of it is shown when it finishes."))
            return
        now = time.perf_counter()
        if now < self._live_inspect_due:
            return  # redrawn at most every LIVE_INSPECT_INTERVAL_S (and less often when it is costly)
        message = conv.messages[conv.index_of(message_id)]
        generation = message.generation
        provider = (generation.provider if generation is not None else None) or conv.target.provider
        so_far = Generation(provider=provider, model=live.model,
                            choices=[Choice(index=live.choice, content=live.text, logprobs={"content": live.logprobs})])
        model = ((generation.request or {}).get("model") if generation is not None else None) or conv.target.model
        inspector.show_generation(message, so_far, 0, profile=self.controller.runner.profiles.get(provider),
                                  model=model, live=True)
        cost = time.perf_counter() - now
        self._live_inspect_due = now + max(LIVE_INSPECT_INTERVAL_S, 20 * cost)  # ≤ 5 % of the GUI thread

    def _apply_bias(self, message_id: str, bias: dict, regenerate: bool) -> None:
        from parley.core import steering

        conv = self.documents.conversation
        steering.apply_bias(conv, bias)
        if self.sidebar is not None:
            self.sidebar.set_conversation(conv)  # its logit_bias editor shows the new pairs
        self.documents.mark_changed()
        if regenerate:
            with contextlib.suppress(KeyError):
                self.controller.start_run(regenerate=conv.index_of(message_id))
        else:
            self.statusBar().showMessage(self.tr("logit_bias updated: it applies to the next request"), 6000)

    def _continue_from_token(self, message_id: str, _index: int, prefix: str) -> None:
        """The inspector's "Continue with this alternative": a new branch, continued by the model."""
        handle = self.controller.continue_with(message_id, prefix)
        if handle is None:
            return  # the controller said why in the status bar
        self.show_conversation()
        self.pane.view.scroll_to_end()
        self.inspect(handle.message.id)  # "still streaming" until the continuation is there

    def focus_composer(self) -> None:
        self.show_conversation()
        self.composer.edit.setFocus()

    def warm_up(self) -> None:
        """After the first paint: the runner (its HTTP client costs ~0.1 s) and the parameter sidebar."""
        self._preload_renderer()
        runner = self.controller.runner
        if self.sidebar is None:
            from parley.ui.sidebar.panel import ParameterSidebar

            providers = {pid: profile.name for pid, profile in runner.profiles.items()}
            sidebar = ParameterSidebar(providers, self, profiles=runner.profiles)
            sidebar.set_conversation(self.documents.conversation)
            sidebar.set_messages(self.documents.conversation.wire_messages())
            sidebar.changed.connect(self._on_params_changed)
            sidebar.provider_changed.connect(self._offer_listed_models)
            sidebar.fix_applied.connect(lambda param, _action: self.statusBar().showMessage(
                self.tr("{param} fixed: press Retry on the failed answer to send again").format(param=param), 8000))
            self.sidebar = sidebar
            self.sidebar_dock.setWidget(sidebar)
            self._offer_listed_models(self.documents.conversation.target.provider)
        if self.inspector is None:
            from parley.ui.inspector import InspectorWidget

            inspector = InspectorWidget(self)
            inspector.bias_requested.connect(self._apply_bias)
            inspector.continue_requested.connect(self._continue_from_token)
            inspector.export_finished.connect(
                lambda path, error: self.statusBar().showMessage(error or self.tr("Saved {path}").format(path=path),
                                                                 8000))
            self.inspector = inspector
            self.inspector_dock.setWidget(inspector)
        self._refresh_status()

    def _preload_renderer(self) -> None:
        if getattr(self, "_preloading", None) is not None:
            return
        from parley.ui.markdown_render import preload
        from parley.ui.theme import DARK, LIGHT

        def work() -> None:
            preload((LIGHT.pygments_style, DARK.pygments_style))
            # Start-up objects live as long as the app: keep them out of the garbage collector's
            # full collections, which otherwise pause a long stream for tens of milliseconds.
            gc.freeze()

        self._preloading = threading.Thread(target=work, name="parley-preload", daemon=True)
        self._preloading.start()

    # Status bar -------------------------------------------------------------------------------------

    def _refresh_status(self) -> None:
        target = self.documents.conversation.target
        profiles = self.controller.runner.profiles if self.controller.has_runner else {}
        profile = profiles.get(target.provider)
        self.provider_label.setText(profile.name if profile is not None else target.provider)
        self.provider_label.setToolTip(self.tr("Provider profile: {id}").format(id=target.provider))
        default = profile.default_model if profile is not None else None
        if target.model:
            self.model_label.setText(target.model)
        elif default:
            self.model_label.setText(self.tr("{model} (the provider's default)").format(model=default))
        else:
            self.model_label.setText(self.tr("default model"))
        self.key_label.setText(self._key_source())
        self._request_count()

    def _key_source(self) -> str:
        if not self.controller.has_runner:
            return ""
        controller_runner = self.controller.runner
        provider = self.documents.conversation.target.provider
        if provider not in controller_runner.profiles:  # deleted, or a file from another machine
            return self.tr("provider not found: pick one in the sidebar")
        try:
            profile = controller_runner.profile(provider)
            lookup = controller_runner.keys.status(profile.id, profile.key_env)
        except Exception:  # a broken keyring: say nothing rather than fail
            return self.tr("key: unknown")
        if not lookup.found:
            return self.tr("key: not set") if profile.key_required else self.tr("key: not needed")
        return self.tr("key: {where}").format(where=localize(lookup.detail))

    def _request_count(self) -> None:
        conv = self.documents.conversation
        if not conv.messages:
            # Nothing to count yet: the tokenizer (≈80 MB for o200k) loads with the first message.
            self.tokens_label.setText(self.tr("next request: 0 tokens"))
            return
        runner = self.controller.runner if self.controller.has_runner else None
        model = runner.model_for(conv) if runner is not None else conv.target.model
        # The provider's own count when it can give one (llama.cpp), else tiktoken's.
        server_count = (lambda: runner.count_next_request(conv)) \
            if runner is not None and runner.counts_tokens_itself(conv) else None
        self._counter.request(conv.wire_messages(), model, server_count)

    def _show_token_count(self, tokens: int, exact: bool, note: str) -> None:
        self.tokens_label.setText(self.tr("next request: {n} tokens").format(n=f"{tokens:,}")
                                  if exact else self.tr("next request: ≈{n} tokens").format(n=f"{tokens:,}"))
        self.tokens_label.setToolTip(localize(note) or self.tr("Input tokens of the next request (counted offline)"))

    # Files ---------------------------------------------------------------------------------------------

    def new_conversation(self) -> None:
        self.documents.confirm_discard(self, self.documents.new)

    def open_path(self, path: Path) -> None:
        self.documents.confirm_discard(self, lambda: self.documents.open(Path(path)))

    def dialog_folder(self) -> str:
        """The folder file dialogs start in: the last one used, else Documents (never the process's
        working directory, which for a desktop app is wherever it happened to be launched)."""
        last = str(self.settings.value(FILE_FOLDER_SETTING, "") or "")
        if last and Path(last).is_dir():
            return last
        from PySide6.QtCore import QStandardPaths

        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def _file_dialog(self, title: str, name: str, file_filter: str) -> QFileDialog:
        dialog = QFileDialog(self, title, "", file_filter)
        dialog.setDirectory(self.dialog_folder())
        if name:
            dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda p: self.settings.setValue(FILE_FOLDER_SETTING, str(Path(p).parent)))
        return dialog

    def open_dialog(self) -> None:
        dialog = self._file_dialog(self.tr("Open conversation"), "", self.tr(FILE_FILTER))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: self.open_path(Path(p)))
        dialog.open()

    def save(self) -> None:
        self.documents.save()

    def save_as_dialog(self) -> None:
        dialog = self._file_dialog(self.tr("Save conversation as"), self.documents.suggested_file_name(),
                                   self.tr(FILE_FILTER))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("parley.json")  # "notes" is "notes.parley.json", and the dialog asks before overwriting it
        dialog.fileSelected.connect(lambda p: self.save_as_checked(Path(p)))
        dialog.open()

    def save_as_checked(self, chosen: Path) -> None:
        """Save As to the name the user chose, made a conversation file name; if that changed the name
        and the file exists, ask first (the file dialog only checked the name as typed)."""
        from parley.ui.dialogs.confirm import ask_confirmation
        from parley.ui.documents import conversation_path

        target = conversation_path(chosen)
        if target == chosen or not target.exists():
            self.documents.save_as(target)
            return
        ask_confirmation(self, self.tr("Replace file?"),
                         self.tr("“{name}” already exists in “{folder}”. Replace it with this conversation?").format(
                             name=target.name, folder=target.parent),
                         self.tr("Replace"), lambda: self.documents.save_as(target), destructive=True)

    def export_dialog(self, kind: str) -> None:
        markdown = kind == "markdown"
        name = self.documents.suggested_file_name()
        if markdown:
            name = name.removesuffix(".parley.json").removesuffix(".json") + ".md"
        dialog = self._file_dialog(self.tr("Export conversation"), name,
                                   self.tr("Markdown (*.md)") if markdown else self.tr(FILE_FILTER))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("md" if markdown else "json")  # an export Parley (and the OS) can open again
        if markdown:
            secrets = self.controller.runner.keys.session_values()
            dialog.fileSelected.connect(lambda p: self.documents.export_markdown(Path(p), secrets=secrets))
        else:
            dialog.fileSelected.connect(lambda p: self.documents.export_json(Path(p)))
        dialog.open()

    def copy_request(self, language: str) -> None:
        """The next request as curl or Python, on the clipboard (the key is an environment variable)."""
        from parley.services.runner import RunSetupError
        from parley.ui.documents import request_snippet

        async def build() -> None:
            runner = self.controller.runner
            conv = self.documents.conversation
            profile = runner.profiles.get(conv.target.provider)
            placeholder = bool(profile is not None and profile.builtin_server and not conv.target.base_url
                               and (runner.local is None or runner.local.base_url is None))
            try:
                text = await request_snippet(runner, conv, language)
            except RunSetupError as exc:
                self.statusBar().showMessage(localize(exc.user_message), 10000)
                return
            QGuiApplication.clipboard().setText(text)
            if placeholder:
                self.statusBar().showMessage(self.tr(
                    "Request copied as {language}. The built-in model is not running: its URL says <port> "
                    "until it starts (send a message, then copy again).").format(language=language), 10000)
            else:
                self.statusBar().showMessage(self.tr("Request copied as {language}").format(language=language), 6000)

        self._keep(build())

    def _keep(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # a handle so it is not garbage-collected (and could be cancelled)
        task.add_done_callback(self._tasks.discard)

    def open_providers(self) -> None:
        from parley.api.local import LocalServer
        from parley.ui.dialogs.providers import ProvidersDialog

        runner = self.controller.runner
        if runner.local is None:
            stored = str(self.settings.value(LOCAL_MODEL_SETTING, "") or "")
            runner.local = LocalServer(Path(stored) if stored else None)
        dialog = ProvidersDialog(runner.keys, runner.client, local_server=runner.local,
                                 select=self.documents.conversation.target.provider, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.profiles_changed.connect(self._reload_profiles)
        dialog.key_changed.connect(lambda _pid: self._refresh_status())
        dialog.models_listed.connect(self._models_listed)
        dialog.local_model_chosen.connect(self._local_model_chosen)
        dialog.open()  # never exec(): a nested loop breaks qasync
        self.providers_dialog = dialog

    def _reload_profiles(self) -> None:
        from parley.core.providers import load_profiles

        runner = self.controller.runner
        runner.profiles = load_profiles()
        if self.sidebar is not None:
            self.sidebar.deleteLater()
            self.sidebar = None
            self.warm_up()  # a fresh sidebar knows the new profiles
        if self.compare is not None:
            self.compare.set_profiles(runner.profiles)
        self._refresh_status()

    def _models_listed(self, provider_id: str, models: list[str]) -> None:
        # kept for this session: picking that provider later (sidebar, another conversation) offers them
        self._listed_models[provider_id] = list(models)
        if provider_id == self.documents.conversation.target.provider:
            self._offer_listed_models(provider_id)

    def _offer_listed_models(self, provider_id: str) -> None:
        if self.sidebar is not None:
            self.sidebar.set_models(self._listed_models.get(provider_id, []))

    def _local_model_chosen(self, path: Path) -> None:
        from parley.api.local import LocalServer

        self.settings.setValue(LOCAL_MODEL_SETTING, str(path))
        runner = self.controller.runner
        old = runner.local
        runner.local = LocalServer(Path(path))
        if old is not None:
            self._keep(old.stop())
        if getattr(self, "providers_dialog", None) is not None:
            self.providers_dialog.set_local_server(runner.local)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.documents.recent_files()
        if not recent:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(path.name, lambda p=path: self.open_path(p)).setToolTip(str(path))

    def _update_title(self, *_changed: object) -> None:
        self.setWindowTitle(f"{self.documents.display_name} — Parley")

    def _saved(self, path: Path) -> None:
        self.statusBar().showMessage(self.tr("Saved {name}").format(name=Path(path).name), 4000)

    def _exported(self, path: Path) -> None:
        self.statusBar().showMessage(self.tr("Exported {name}").format(name=Path(path).name), 6000)

    def _show_problem(self, text: str) -> None:
        self.statusBar().showMessage(localize(text), 10000)

    def show_error(self, text: str) -> None:
        """A file could not be opened, saved, exported, renamed or trashed: a box says why (a
        status-bar line is cut off by the permanent labels and gone after a few seconds)."""
        self.statusBar().showMessage(localize(text), 10000)
        if self.error_box is not None:
            self.error_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Parley"), localize(text),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, shown=box: setattr(self, "error_box", None) if self.error_box is shown else None)
        self.error_box = box
        box.open()  # never exec(): a nested loop breaks qasync

    def report_problem_at_start(self, text: str) -> None:
        """A file named on the command line did not open: say so in a box once the window shows
        (a status-bar line is easily missed while the window appears)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Could not open the file"), localize(text),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.startup_problem = box
        QTimer.singleShot(0, box.open)  # never exec(): a nested loop breaks qasync

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    # Preferences ----------------------------------------------------------------------------------------

    def set_theme(self, key: str) -> None:
        self.settings.setValue(THEME_SETTING, key)
        if self.themes is not None:
            self.themes.set_preference(key)

    def set_send_key(self, key: str) -> None:
        self.composer.set_send_key(key)
        self.settings.setValue(SEND_KEY_SETTING, key)
        self.pane.view.send_key_name = send_key_name(self.composer.send_key)  # its empty-page hint
        self.pane.view.viewport().update()

    # Window state -------------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:
            self.resizeDocks([self.sidebar_dock], [390], Qt.Orientation.Horizontal)
        for splitter, key in ((self.main_splitter, "window/main_splitter"),
                              (self.centre_splitter, "window/centre_splitter")):
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                splitter.restoreState(value)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/main_splitter", self.main_splitter.saveState())
        self.settings.setValue("window/centre_splitter", self.centre_splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pane.view.commit_edits()  # an edit in progress is saved like any change (then prompted for)
        if not getattr(self, "_closing_confirmed", False):
            answered_now: list[bool] = []
            asking = [True]

            def proceed() -> None:
                if asking[0]:
                    answered_now.append(True)  # nothing to ask: close right away
                else:  # the user answered the unsaved-changes prompt later
                    self._closing_confirmed = True
                    QTimer.singleShot(0, self.close)

            self.documents.confirm_discard(self, proceed)
            asking[0] = False
            if not answered_now:
                event.ignore()
                return
        self.save_state()
        self.controller.stop()
        if self.compare is not None:
            self.compare.stop()
        self._counter.shutdown()
        for task in list(self._tasks):
            task.cancel()
        event.accept()

    async def aclose(self) -> None:
        """At exit (also after the window was deleted): the comparison's runs wind down first, then the
        conversation's run and the shared runner (whose close cancels any run still going)."""
        compare = self.compare
        if compare is not None and shiboken6.isValid(compare):
            await compare.aclose()
        await self.controller.aclose()
