"""The centre of the window: branch selector, find bar and the conversation view, bound to a controller."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from parley.ui.conversation.controller import ConversationController
from parley.ui.conversation.find_bar import FindBar
from parley.ui.conversation.view import ConversationView
from parley.ui.theme import Theme


class ConversationPane(QWidget):
    def __init__(self, controller: ConversationController, parent: QWidget | None = None,
                 theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view = ConversationView(self, theme)
        self.view.set_live_source(controller.live_for)
        self.view.action.connect(controller.handle_action)
        self.view.editCommitted.connect(controller.commit_edit)
        self.find_bar = FindBar(self)
        self.find_bar.matchSelected.connect(self._show_match)
        self.find_bar.closed.connect(self.view.setFocus)

        self.branches = QComboBox(self)
        self.branches.setToolTip(self.tr("Branches of this conversation (\"Branch from here\" on a message adds one)"))
        self.branches.activated.connect(self._switch_branch)
        self._branch_row = QWidget(self)
        row = QHBoxLayout(self._branch_row)
        row.setContentsMargins(8, 4, 8, 0)
        row.addWidget(QLabel(self.tr("Branch:"), self._branch_row))
        row.addWidget(self.branches)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._branch_row)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)

        controller.messagesChanged.connect(self._reload)
        controller.messageChanged.connect(self.view.refresh_message)
        controller.liveUpdated.connect(self.view.update_live)
        controller.editStarted.connect(self.view.start_edit)
        controller.runningChanged.connect(self._running_changed)
        self.show_conversation()

    def _switch_branch(self, index: int) -> None:
        self.controller.switch_branch(index)
        self._update_branches()  # the selector always names the branch shown (a switch can be refused)

    def _running_changed(self, running: bool) -> None:
        # The streaming reply belongs to the branch shown: switching waits until it ends (or is stopped).
        self.branches.setEnabled(not running)
        self.branches.setToolTip(
            self.tr("Stop the streaming reply (Esc) to switch branches") if running
            else self.tr("Branches of this conversation (\"Branch from here\" on a message adds one)"))

    def show_conversation(self) -> None:
        """A different conversation (or branch) is current: start over at its end."""
        self.view.set_messages(self.controller.conversation.messages)
        self._update_branches()

    def _reload(self) -> None:
        self.view.reload(self.controller.conversation.messages)
        self._update_branches()

    def _update_branches(self) -> None:
        conv = self.controller.conversation
        self.branches.blockSignals(True)
        self.branches.clear()
        for branch in conv.branches:
            self.branches.addItem(self.tr("{name} ({n} messages)").format(name=branch.name, n=len(branch.messages)))
        self.branches.setCurrentIndex(conv.active_branch)
        self.branches.blockSignals(False)
        self._branch_row.setVisible(len(conv.branches) > 1)

    def open_find(self) -> None:
        self.find_bar.open_bar(self.controller.conversation.messages)

    def _show_match(self, message_id: str, query: str) -> None:
        widget = self.view.scroll_to_message(message_id)
        if widget is not None and widget.highlight(query):
            # Put the match a third of the way down the viewport.
            self.view.scroll_to_message(message_id, max(0, widget.find_rect_y() - self.view.viewport().height() // 3))
