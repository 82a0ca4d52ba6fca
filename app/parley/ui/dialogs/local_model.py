"""The built-in local model section of the Providers & Keys dialog: live status and a GGUF picker."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parley.api.local import LocalModelError, LocalModelState, LocalServer, local_available
from parley.ui.engine_text import localize
from parley.ui.theme import current_theme


class LocalModelSection(QGroupBox):
    """Shows ``LocalServer`` state as it changes (callbacks may come from any thread: a signal hops
    them to the GUI thread) and lets the user pick another GGUF file (``model_chosen``)."""

    model_chosen = Signal(Path)
    state_changed = Signal(object, object)  # (LocalModelState, error), on the GUI thread

    def __init__(self, server: LocalServer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Built-in local model"))
        self.server = server
        self._task: asyncio.Task[str] | None = None
        self._picker: QFileDialog | None = None

        self.status = QLabel(self)
        self.status.setObjectName("local-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model_label = QLabel(self)
        self.model_label.setWordWrap(True)
        self.model_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Choose GGUF file…"), self)
        self.choose_button.setToolTip(self.tr("Use another llama.cpp model file (.gguf)"))
        self.choose_button.clicked.connect(self.open_picker)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.clicked.connect(self._start_or_stop)

        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.model_label)
        layout.addLayout(buttons)

        self.state_changed.connect(self._show)
        self.destroyed.connect(lambda *_: self.detach())
        self.server = None
        self.set_server(server)

    def set_server(self, server: LocalServer | None) -> None:
        """Show (and control) ``server`` from now on: after a new GGUF file was chosen, say."""
        self.detach()
        self.server = server
        if server is not None:
            server.on_state.append(self._on_state)
        self._show_model(server.model_path if server is not None else None)
        self.refresh()

    # -- state ---------------------------------------------------------------

    def _on_state(self, state: LocalModelState, error: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the section may already be gone (C++ object deleted)
            self.state_changed.emit(state, error)

    def detach(self) -> None:
        """Stop listening to the server (the dialog closes; the server lives on)."""
        if self.server is not None and self._on_state in self.server.on_state:
            self.server.on_state.remove(self._on_state)

    def refresh(self) -> None:
        if self.server is None:
            ok, reason = local_available()
            self._render(LocalModelState.STOPPED, None if ok else reason)
            return
        self._render(self.server.state, self.server.error)

    def _show(self, state: LocalModelState, error: str | None) -> None:
        self._render(state, error)

    def _render(self, state: LocalModelState, error: str | None) -> None:
        theme = current_theme()
        error = localize(error) if error else error
        if state is LocalModelState.READY:
            where = self.server.base_url if self.server is not None else ""
            text, color = self.tr("Ready at %1").replace("%1", where or ""), theme.accent
        elif state is LocalModelState.STARTING:
            text, color = self.tr("Starting…"), theme.muted
        elif state is LocalModelState.FAILED:
            text, color = self.tr("Failed: %1").replace("%1", error or self.tr("no reason given")), theme.danger
        else:
            text, color = self.tr("Stopped"), theme.muted
            path = self.server.model_path if self.server is not None else None
            if error:
                text += " — " + error
            elif self.server is not None and (path is None or not path.is_file()):
                text += " — " + self.tr("the model file was not found; choose one below")
        self.status.setText(f"● {text}")
        self.status.setStyleSheet(f"color: {color};")
        self.status.setAccessibleName(text)
        running = state in (LocalModelState.READY, LocalModelState.STARTING)
        self.start_button.setText(self.tr("Stop") if running else self.tr("Start"))
        self.start_button.setToolTip(self.tr("Stop the model's server (it starts again with the next send)")
                                     if running else self.tr("Load the model now instead of at the first send"))
        self.start_button.setEnabled(self.server is not None)
        self.state = state

    def _show_model(self, path: Path | None) -> None:
        if path is None:
            self.model_label.setText(self.tr("Model file: none found"))
        else:
            self.model_label.setText(self.tr("Model file: %1").replace("%1", str(path)))
            self.model_label.setToolTip(str(path))

    # -- actions -------------------------------------------------------------

    def open_picker(self) -> None:
        """A file dialog shown with ``open()`` (no nested event loop)."""
        start = self.server.model_path.parent if self.server is not None and self.server.model_path else Path.home()
        picker = QFileDialog(self, self.tr("Choose a GGUF model"), str(start),
                             self.tr("GGUF models (*.gguf);;All files (*)"))
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.fileSelected.connect(lambda name: self.choose_file(Path(name)))
        picker.finished.connect(picker.deleteLater)
        self._picker = picker
        picker.open()

    def choose_file(self, path: Path) -> bool:
        """Take ``path`` as the model file when it is a readable .gguf file; the reason otherwise."""
        path = Path(path)
        if path.suffix.lower() != ".gguf":
            self._render(self.state, None)
            self.status.setText("● " + self.tr("%1 is not a GGUF model file (.gguf).").replace("%1", path.name))
            self.status.setStyleSheet(f"color: {current_theme().danger};")
            return False
        if not path.is_file():
            self.status.setText("● " + self.tr("%1 does not exist.").replace("%1", str(path)))
            self.status.setStyleSheet(f"color: {current_theme().danger};")
            return False
        self._show_model(path)
        self.model_chosen.emit(path)
        return True

    def _start_or_stop(self) -> None:
        if self.server is None:
            return
        if self.server.state in (LocalModelState.READY, LocalModelState.STARTING):
            self._task = asyncio.ensure_future(self.server.stop())
        else:
            self._task = asyncio.ensure_future(self._start())

    async def _start(self) -> str:
        assert self.server is not None
        try:
            return await self.server.start()
        except LocalModelError:
            return ""  # the FAILED state (with its sentence) arrives through on_state
