"""Between the window and the engine: sends, stops, retries and edits one conversation.

Widgets forward intents here; this object changes the ``Conversation`` (through its own
methods), starts runs on the ``Runner`` and tells the view what to repaint. Run events
arrive for every chunk and are batched (``EventBatcher``) before anything is painted.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence

from parley.core import events as ev
from parley.core.conversation import Conversation, Message
from parley.ui.conversation.live_turn import FLUSH_INTERVAL_MS, EventBatcher, LiveTurn

if TYPE_CHECKING:
    from parley.services.runner import RunHandle, Runner

# A Runner, or a function that makes one when first needed (importing and creating the
# runner's HTTP client is kept out of the window's first paint).
RunnerSource = Union["Runner", Callable[[], "Runner"]]

log = logging.getLogger(__name__)
_RUN_END = (ev.RunFinished, ev.RunStopped, ev.RunFailed)


UNDO_DEPTH = 50  # deleted messages that Undo can bring back


class ConversationController(QObject):
    """Owns the open conversation's runs and edits; emits what changed."""

    messagesChanged = Signal()  # rows were added, removed, moved or the branch changed
    messageChanged = Signal(str)  # one message must be rendered again
    liveUpdated = Signal(str)  # a streaming message has new content
    runningChanged = Signal(bool)
    modified = Signal(object)  # Message | None: what changed (None: more than one message)
    editStarted = Signal(str)  # a newly inserted message should open in its editor
    notice = Signal(str)  # a sentence for the status bar
    undoChanged = Signal(bool)  # whether a deleted message can be brought back

    def __init__(self, conversation: Conversation, runner: RunnerSource,
                 parent: QObject | None = None, flush_interval_ms: int = FLUSH_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.conversation = conversation
        self._runner_source = runner
        self._runner: Runner | None = runner if hasattr(runner, "start") else None  # type: ignore[assignment]
        self._handle: RunHandle | None = None
        self._inserted_for_edit: set[str] = set()  # messages inserted to be typed in: gone if cancelled
        self._deleted: list[tuple[str, int, Message]] = []  # (branch id, index, message): Undo brings them back
        self._live: dict[str, LiveTurn] = {}
        self._batchers: dict[str, EventBatcher] = {}  # one per run, so a stopped run's last events stay its own
        self._flush_interval_ms = flush_interval_ms

    # State -------------------------------------------------------------------------------------

    @property
    def has_runner(self) -> bool:
        return self._runner is not None

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            source = self._runner_source
            assert callable(source)
            self._runner = source()
        return self._runner

    @property
    def running(self) -> bool:
        return self._handle is not None

    @property
    def handle(self) -> RunHandle | None:
        return self._handle

    def live_for(self, message_id: str) -> LiveTurn | None:
        return self._live.get(message_id)

    def set_conversation(self, conversation: Conversation) -> None:
        self.stop()
        self.conversation = conversation
        self._live.clear()
        if self._deleted:
            self._deleted.clear()
            self.undoChanged.emit(False)
        self.messagesChanged.emit()

    @property
    def can_undo_delete(self) -> bool:
        return bool(self._deleted)

    def undo_delete(self) -> bool:
        """Put the last deleted message back where it was (on its branch, which is then shown)."""
        if not self._deleted:
            return False
        if self.running:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return False
        branch_id, index, message = self._deleted.pop()
        branches = self.conversation.branches
        at = next((i for i, b in enumerate(branches) if b.id == branch_id), None)
        if at is None:  # its branch went meanwhile: back on the branch shown
            at = self.conversation.active_branch
        self.conversation.active_branch = at
        messages = self.conversation.messages
        messages.insert(min(index, len(messages)), message)
        self.undoChanged.emit(bool(self._deleted))
        self.structure_changed()
        self.notice.emit(self.tr("The deleted message is back."))
        return True

    # Sending and running -----------------------------------------------------------------------------

    def add_message(self, role: str, content: str | list[dict[str, Any]]) -> Message:
        message = self.conversation.append(Message(role=role, content=content))
        self.messagesChanged.emit()
        self.modified.emit(None)
        return message

    def send(self, text: str, *, role: str = "user", images: list[dict[str, Any]] | None = None,
             run: bool = True) -> bool:
        """Add the composer's message (if any) and, unless ``run`` is False, ask the model.

        Returns False when nothing happened (a run is going on, or there is nothing to send).
        """
        if self.running and run:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return False
        content: str | list[dict[str, Any]] = text
        if images:
            content = ([{"type": "text", "text": text}] if text else []) + list(images)
        if text or images:
            self.add_message(role, content)
        elif not run or not self.conversation.messages:
            return False
        if run:
            self.start_run()
        return True

    def start_run(self, regenerate: int | None = None, *, continue_partial: bool = False) -> RunHandle | None:
        """Ask the model: a new answer at the end, a new alternative of answer ``regenerate``, or (with
        ``continue_partial``) the rest of the partial answer that ends the active branch."""
        if self.running:
            return None
        if regenerate is not None:  # Regenerate, Retry, a bias from the inspector: the edit is not lost
            self._keep_edit(self.conversation.messages[regenerate])
        batcher: list[EventBatcher] = []  # filled below; the run's first event comes later, from the loop
        handle = self.runner.start(self.conversation, on_event=lambda e: batcher[0].push(e), regenerate=regenerate,
                                   continue_partial=continue_partial)
        batcher.append(self._new_batcher(handle.message.id))
        self._handle = handle
        self._live[handle.message.id] = LiveTurn(handle.message.id)
        if regenerate is None:
            self.messagesChanged.emit()
        else:
            self.messageChanged.emit(handle.message.id)
        self.liveUpdated.emit(handle.message.id)
        self.runningChanged.emit(True)
        self.modified.emit(None)
        return handle

    def continue_with(self, message_id: str, prefix: str) -> RunHandle | None:
        """Continue answer ``message_id`` from ``prefix`` (its text up to a token, then a chosen alternative).

        The answer itself is left as it is: a new branch ends with ``prefix`` as a partial assistant
        message, and the model continues that message in place (same streaming, Stop and autosave as a send).
        """
        if self.running:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return None
        try:
            index = self.conversation.index_of(message_id)
        except KeyError:
            self.notice.emit(self.tr("That answer is not on this branch: switch back to its branch to continue it."))
            return None
        from parley.core.steering import SteeringError, continuation_branch  # not needed at start-up

        try:
            plan = continuation_branch(self.conversation, index, prefix)
        except SteeringError as exc:
            self.notice.emit(str(exc))
            return None
        self.notice.emit(self.tr("Now on {branch}").format(branch=plan.branch.name))
        return self.start_run(continue_partial=True)

    def _new_batcher(self, message_id: str) -> EventBatcher:
        batcher = EventBatcher(lambda batch: self._deliver(message_id, batch), self._flush_interval_ms, self)
        self._batchers[message_id] = batcher
        return batcher

    def stop(self) -> None:
        """Stop at once: the text that arrived stays, marked "stopped"."""
        handle = self._handle
        if handle is None:
            return
        handle.cancel()
        batcher = self._batchers.get(handle.message.id)
        if batcher is not None:
            batcher.flush()
        live = self._live.get(handle.message.id)
        stopped_now = live is not None and live.running
        if stopped_now:
            live.status = "stopped"
            self._write_partial(handle.message, live)
            if not handle.done:  # marked now, not when the run winds down: a save right after (switching
                handle.generation.interrupted = True  # conversations, closing) must say "stopped" too
                handle.generation.timings.finished = time.time()
        self._handle = None
        self.liveUpdated.emit(handle.message.id)
        self.runningChanged.emit(False)
        if stopped_now:
            self.modified.emit(handle.message)

    def _deliver(self, message_id: str, batch: list[ev.RunEvent]) -> None:
        live = self._live.get(message_id)
        if live is None:
            return
        stopped_before = live.status == "stopped"
        live.apply(batch)
        if stopped_before:  # the user's stop wins over a late "finished"
            live.status = "stopped"
        message = self._message_by_id(message_id)
        if message is not None and live.running:
            self._write_partial(message, live)
        if not live.running and (stopped_before is False or isinstance(batch[-1], _RUN_END)):
            self._finish(message_id)
        self.liveUpdated.emit(message_id)
        self.modified.emit(message)

    def _write_partial(self, message: Message, live: LiveTurn) -> None:
        # The runner fills the message when the run ends; until then the partial text is
        # written here so autosave (and a crash) keeps what has arrived.
        message.content = live.text
        message.reasoning = live.reasoning or None
        message.refusal = live.refusal or None

    def _finish(self, message_id: str) -> None:
        if self._handle is not None and self._handle.message.id == message_id:
            self._handle = None
            self.runningChanged.emit(False)
        self._live.pop(message_id, None)
        batcher = self._batchers.pop(message_id, None)
        if batcher is not None:
            batcher.deleteLater()
        self.messageChanged.emit(message_id)

    def _message_by_id(self, message_id: str) -> Message | None:
        for m in self.conversation.messages:
            if m.id == message_id:
                return m
        return None

    # Card actions ---------------------------------------------------------------------------------

    def handle_action(self, name: str, message_id: str, arg: object) -> None:
        """Entry point for ``MessageWidget.action``."""
        handler = getattr(self, f"_action_{name}", None)
        if handler is None:
            log.warning("unknown message action %s", name)
            return
        try:
            index = self.conversation.index_of(message_id)
        except KeyError:
            return
        handler(index, arg)

    def _busy_with(self, index: int) -> bool:
        if self._handle is not None and self._handle.message is self.conversation.messages[index]:
            self.notice.emit(self.tr("This message is still streaming."))
            return True
        return False

    def _action_select(self, index: int, arg: object) -> None:
        message = self.conversation.messages[index]
        alternatives = message.alternatives()
        if isinstance(arg, int) and 0 <= arg < len(alternatives) and not self._busy_with(index):
            self._keep_edit(message)
            message.select(*alternatives[arg])
            self._changed(message)

    def _keep_edit(self, message: Message) -> None:
        """An edited answer about to be replaced on screen is kept as an alternative, not lost."""
        written = not message.generations  # typed or inserted by the user, or from a file without its runs
        if message.keep_edit():  # it is the last alternative
            n = len(message.alternatives())
            if written:
                self.notice.emit(self.tr("The answer that was here is kept as answer 1: ‹ › switch back to it."))
            else:
                self.notice.emit(self.tr("Your edit is kept as answer {k} of {n}.").format(k=n, n=n))

    @staticmethod
    def edit_changes(message: Message, draft: tuple[str, ...]) -> bool:
        """Whether an editor's (role, text[, tool call id]) differs from what the message holds."""
        role, text, *rest = draft
        call_id = (rest[0] or None) if rest and role == "tool" else message.tool_call_id
        return (role, text, call_id) != (message.role, message.text, message.tool_call_id)

    def commit_edit(self, message_id: str, draft: tuple[str, ...]) -> None:
        """Save an editor's draft into its message, on whichever branch it is (before the window closes
        or another conversation replaces this one)."""
        for branch in self.conversation.branches:
            message = next((m for m in branch.messages if m.id == message_id), None)
            if message is None:
                continue
            if branch is self.conversation.branch:
                self._action_edit(branch.messages.index(message), draft)
            elif self.edit_changes(message, draft):
                self._apply_edit(message, draft)
                self.modified.emit(message)
            return

    def _action_edit(self, index: int, arg: object) -> None:
        message = self.conversation.messages[index]
        self._inserted_for_edit.discard(message.id)
        if self._busy_with(index):
            return
        if not self.edit_changes(message, arg):  # type: ignore[arg-type]
            self.messageChanged.emit(message.id)  # saved unchanged: the editor closes, nothing was edited
            return
        self._apply_edit(message, arg)  # type: ignore[arg-type]
        self._changed(message)

    @staticmethod
    def _apply_edit(message: Message, draft: tuple[str, ...]) -> None:
        role, text, *rest = draft
        call_id = (rest[0] or None) if rest and role == "tool" else message.tool_call_id
        message.role = role
        message.tool_call_id = call_id
        if isinstance(message.content, list):
            others = [p for p in message.content if p.get("type") != "text"]
            message.content = ([{"type": "text", "text": text}] if text else []) + others
        else:
            message.content = text
        message.edited = True

    def _action_delete(self, index: int, arg: object) -> None:
        if self._busy_with(index):
            return
        message = self.conversation.delete(index)
        self._deleted = [*self._deleted, (self.conversation.branch.id, index, message)][-UNDO_DEPTH:]
        self.undoChanged.emit(True)
        self.structure_changed()
        undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
        self.notice.emit(self.tr("Message deleted: Edit › Undo delete ({key}) brings it back.").format(key=undo))

    def _action_move(self, index: int, arg: object) -> None:
        target = index + int(arg)  # type: ignore[call-overload]
        if self.running:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return
        if 0 <= target < len(self.conversation.messages):
            self.conversation.move(index, target)
            self.structure_changed()

    def _action_insert(self, index: int, arg: object) -> None:
        where, role = arg  # type: ignore[misc]
        at = index if where == "above" else index + 1
        streaming_at = self._streaming_index()
        if streaming_at is not None and at <= streaming_at:
            self.notice.emit(self.tr("Wait for the reply to finish before inserting above it."))
            return
        message = self.conversation.insert(at, Message(role=role, content=""))
        self._inserted_for_edit.add(message.id)
        self.structure_changed()
        self.editStarted.emit(message.id)

    def _action_cancel_edit(self, index: int, arg: object) -> None:
        """An edit was cancelled: a message inserted for it, still empty, is removed again."""
        message = self.conversation.messages[index]
        if message.id in self._inserted_for_edit and not message.text and not message.tool_calls \
                and not message.generations:
            self.conversation.delete(index)
            self.structure_changed()
        self._inserted_for_edit.discard(message.id)

    def _streaming_index(self) -> int | None:
        """Where the answer that is streaming sits on the shown branch (None: nothing streams here)."""
        if self._handle is None:
            return None
        try:
            return self.conversation.index_of(self._handle.message.id)
        except KeyError:
            return None

    def _action_regenerate(self, index: int, arg: object) -> None:
        if self.conversation.messages[index].role != "assistant":
            return
        if self.running:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return
        self.start_run(regenerate=index)

    def _action_retry(self, index: int, arg: object) -> None:
        """Send the same request again; a failed attempt that produced nothing is not kept."""
        if self.running:
            return
        message = self.conversation.messages[index]
        gen = message.generation
        failed_empty = gen is not None and gen.error and not message.text and not message.tool_calls
        if failed_empty and len(message.generations) == 1 and index == len(self.conversation.messages) - 1:
            self.conversation.delete(index)
            self.messagesChanged.emit()
            self.start_run()
            return
        if failed_empty:
            message.generations.remove(gen)
            message.select(len(message.generations) - 1)
        self.start_run(regenerate=index)

    def _action_branch(self, index: int, arg: object) -> None:
        if self.running:  # the streaming answer would be left on a branch no longer shown
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return
        branch = self.conversation.branch_from(index)
        self.notice.emit(self.tr("Now on {branch}").format(branch=branch.name))
        self.structure_changed()

    def switch_branch(self, branch_index: int) -> None:
        if not 0 <= branch_index < len(self.conversation.branches) \
                or branch_index == self.conversation.active_branch:
            return
        if self.running:
            self.notice.emit(self.tr("A reply is still streaming: stop it first (Esc)."))
            return
        self.conversation.active_branch = branch_index
        self.structure_changed()

    def _changed(self, message: Message) -> None:
        self.messageChanged.emit(message.id)
        self.modified.emit(message)

    def structure_changed(self) -> None:
        """Messages were added, removed or moved (also from outside, e.g. an answer kept from a comparison)."""
        self.messagesChanged.emit()
        self.modified.emit(None)

    async def aclose(self) -> None:
        self.stop()
        if self._runner is not None:
            await self._runner.aclose()
