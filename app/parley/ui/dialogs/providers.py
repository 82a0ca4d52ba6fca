"""Providers & Keys: provider profiles, API keys in the OS keyring, a connection test, the model list,
and the built-in local model.

A key typed here goes straight to ``KeyStore.set`` and the field is cleared: the dialog never shows
a stored key again, only where it lives ("stored in SecretService Keyring", "from environment
(OPENAI_API_KEY)"). Network calls run as asyncio tasks on the qasync loop; the dialog is shown with
``open()``, never ``exec()`` (FIELD-NOTES: a nested loop inside a coroutine breaks qasync).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from parley.api.client import ChatClient
from parley.api.errors import APIError
from parley.api.local import LocalModelState, LocalServer
from parley.core.providers import (
    AUTH_STYLES,
    ProfileError,
    ProviderProfile,
    custom_profiles,
    delete_custom_profile,
    load_profiles,
    new_custom_profile,
    save_custom_profile,
    slug,
)
from parley.core.request import RequestError, request_headers
from parley.secrets import KeyStore, KeyStoreError
from parley.ui.dialogs.confirm import ask_confirmation
from parley.ui.dialogs.local_model import LocalModelSection
from parley.ui.engine_text import localize
from parley.ui.theme import current_theme

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_ID = ""  # the list item of a provider being added (not saved yet)


class HeaderTextError(ValueError):
    pass


def parse_headers(text: str) -> dict[str, str]:
    """``Name: value`` per line (blank lines ignored) -> dict; a sentence for the first bad line."""
    headers: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        name = name.strip()
        if not sep or not name or any(c.isspace() for c in name):
            raise HeaderTextError(QCoreApplication.translate(
                "ProvidersDialog", "Extra headers, line {n}: write one header per line as “Name: value”."
            ).format(n=number))
        headers[name] = value.strip()
    return headers


def format_headers(headers: dict[str, str]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in headers.items())


class ProvidersDialog(QDialog):
    """Signals tell the main window what changed; it reloads profiles or keys where it shows them."""

    profiles_changed = Signal()  # a custom profile was added, edited or deleted
    key_changed = Signal(str)  # provider id whose key was stored or removed
    models_listed = Signal(str, list)  # provider id, model ids (from Test connection / Refresh)
    local_model_chosen = Signal(Path)  # the user picked another GGUF file

    def __init__(
        self,
        keys: KeyStore,
        client: ChatClient,
        *,
        local_server: LocalServer | None = None,
        select: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Providers & Keys"))
        self.setObjectName("providers-dialog")
        self.keys = keys
        self.client = client
        self.local_server = local_server
        self.profiles: dict[str, ProviderProfile] = {}
        self._task: asyncio.Task[None] | None = None
        self._current: str | None = None
        self._loaded_form: tuple[str, ...] = ()  # the form as the selected provider filled it
        self._asking: QMessageBox | None = None  # the unsaved-edits question, while it is open

        self.banner = QLabel(self)
        self.banner.setObjectName("keyring-banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Providers"))
        self.list.currentItemChanged.connect(self._item_changed)
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setToolTip(self.tr("Add an OpenAI-compatible provider"))
        self.add_button.clicked.connect(self.add_provider)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setToolTip(self.tr("Delete this custom provider (built-in ones cannot be deleted)"))
        self.delete_button.clicked.connect(self.delete_provider)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.delete_button)
        left_layout.addLayout(list_buttons)

        right = QWidget(self)
        self._build_form(right)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 520])

        self.local_section = LocalModelSection(local_server, self)
        self.local_section.model_chosen.connect(self.local_model_chosen)
        self.local_section.state_changed.connect(self._local_state)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.local_section)
        layout.addWidget(buttons)
        self.finished.connect(self._closed)
        self.resize(self.sizeHint().expandedTo(QSize(800, 660)))

        self.update_banner()
        self.reload(select)

    def _build_form(self, parent: QWidget) -> None:
        self.name_edit = QLineEdit(parent)
        self.url_edit = QLineEdit(parent)
        self.url_edit.setPlaceholderText("https://example.com/v1")
        self.auth_combo = QComboBox(parent)
        for style, label in zip(AUTH_STYLES, (self.tr("Bearer token (Authorization header)"),
                                              self.tr("api-key header (Azure style)"), self.tr("No key")),
                                strict=True):
            self.auth_combo.addItem(label, style)
        self.env_edit = QLineEdit(parent)
        self.env_edit.setPlaceholderText(self.tr("optional, e.g. MY_PROVIDER_API_KEY"))
        self.headers_edit = QPlainTextEdit(parent)
        self.headers_edit.setPlaceholderText(self.tr("Extra headers, one per line: Name: value"))
        self.headers_edit.setMinimumHeight(52)
        self.headers_edit.setMaximumHeight(80)
        self.save_button = QPushButton(self.tr("Save provider"), parent)
        self.save_button.setToolTip(self.tr("Save the name, base URL and headers of this custom provider"))
        self.save_button.clicked.connect(self.save_provider)
        self.duplicate_button = QPushButton(self.tr("Duplicate as custom"), parent)
        self.duplicate_button.setToolTip(self.tr("Copy this provider into a custom one you can edit"))
        self.duplicate_button.clicked.connect(self.duplicate_provider)
        self.form_message = QLabel(parent)
        self.form_message.setObjectName("form-message")
        self.form_message.setWordWrap(True)
        self.docs_label = QLabel(parent)
        self.docs_label.setOpenExternalLinks(False)
        self.docs_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.docs_label.setWordWrap(True)

        profile_box = QGroupBox(self.tr("Provider"), parent)
        form = QFormLayout(profile_box)
        self._form = form
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Base URL"), self.url_edit)
        form.addRow(self.tr("Authentication"), self.auth_combo)
        form.addRow(self.tr("Key variable"), self.env_edit)
        form.addRow(self.tr("Headers"), self.headers_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.duplicate_button)
        row.addWidget(self.save_button)
        form.addRow(row)
        form.addRow(self.form_message)
        form.addRow(self.docs_label)

        self.key_status = QLabel(parent)
        self.key_status.setObjectName("key-status")
        self.key_status.setWordWrap(True)
        self.key_edit = QLineEdit(parent)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setObjectName("key-edit")
        self.key_edit.returnPressed.connect(self.store_key)
        self.store_key_button = QPushButton(self.tr("Store key"), parent)
        self.store_key_button.setToolTip(self.tr("Store the key in the system keyring; it is never shown again"))
        self.store_key_button.clicked.connect(self.store_key)
        self.remove_key_button = QPushButton(self.tr("Remove key"), parent)
        self.remove_key_button.setToolTip(self.tr("Delete this provider's key from the system keyring"))
        self.remove_key_button.clicked.connect(self.remove_key)
        key_box = QGroupBox(self.tr("API key"), parent)
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(self.key_status)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.store_key_button)
        key_row.addWidget(self.remove_key_button)
        key_layout.addLayout(key_row)

        self.test_button = QPushButton(self.tr("Test connection"), parent)
        self.test_button.setToolTip(self.tr("Ask the provider for its models (GET /models)"))
        self.test_button.clicked.connect(self.test_connection)
        self.refresh_button = QPushButton(self.tr("Refresh"), parent)
        self.refresh_button.setToolTip(self.tr("Reload the model list"))
        self.refresh_button.clicked.connect(self.test_connection)
        self.outcome = QLabel(parent)
        self.outcome.setObjectName("connection-outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.models = QListWidget(parent)
        self.models.setAccessibleName(self.tr("Models"))
        self.models.setMinimumHeight(90)
        test_box = QGroupBox(self.tr("Connection and models"), parent)
        test_layout = QVBoxLayout(test_box)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.outcome, 1)
        test_row.addWidget(self.refresh_button)
        test_layout.addLayout(test_row)
        test_layout.addWidget(self.models, 1)

        layout = QVBoxLayout(parent)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(profile_box)
        layout.addWidget(key_box)
        layout.addWidget(test_box, 1)

    # -- list ------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the profiles again (bundled + custom) and rebuild the list."""
        self.profiles = load_profiles()
        _custom, problems = custom_profiles()
        keep = select if select is not None else self._current
        self.list.blockSignals(True)
        self.list.clear()
        for pid, profile in self.profiles.items():
            item = QListWidgetItem(profile.name if profile.builtin else f"{profile.name} ({self.tr('custom')})")
            item.setData(ID_ROLE, pid)
            item.setToolTip(self._key_detail(profile))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if problems:
            self._message(" ".join(localize(p) for p in problems), error=True)
        row = next((i for i in range(self.list.count()) if self.list.item(i).data(ID_ROLE) == keep), 0)
        self.list.setCurrentRow(row)
        self._select(self.list.currentItem())

    def select_provider(self, provider_id: str) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == provider_id:
                self.list.setCurrentRow(i)
                return True
        return False

    @property
    def current_profile(self) -> ProviderProfile | None:
        return self.profiles.get(self._current or "")

    # -- unsaved edits of a provider -------------------------------------------------------------

    def _form_state(self) -> tuple[str, ...]:
        return (self.name_edit.text(), self.url_edit.text(), str(self.auth_combo.currentData()),
                self.env_edit.text(), self.headers_edit.toPlainText())

    def has_unsaved_edits(self) -> bool:
        """The form of a custom (or new) provider differs from what was saved."""
        profile = self.current_profile
        editable = profile is None or not profile.builtin
        return editable and self._current is not None and self._form_state() != self._loaded_form

    def _ask_about_edits(self, then: Callable[[], None]) -> None:
        """Save / Don't save / Cancel for the form's edits; ``then`` runs unless the user cancelled or
        the save failed (its reason is shown in the form)."""
        from parley.ui.dialogs.confirm import ask_unsaved_changes

        def decided(choice: str) -> None:
            self._asking = None
            if choice == "save" and self.save_provider():
                then()
            elif choice == "discard":
                self._loaded_form = self._form_state()
                then()

        name = self.name_edit.text().strip() or self.tr("New provider")
        self._asking = ask_unsaved_changes(self, name, decided)

    def _item_changed(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if previous is not None and self.has_unsaved_edits():
            wanted = item.data(ID_ROLE) if item is not None else None
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)  # stay on the edited provider until the user decides
            self.list.blockSignals(False)
            self._ask_about_edits(lambda: self.select_provider(wanted) if wanted else None)
            return
        self._select(item)

    def reject(self) -> None:
        """Close (button, Esc, the window's close box): edits of a provider are asked about first."""
        if self.has_unsaved_edits():
            self._ask_about_edits(super().reject)
            return
        super().reject()

    def _select(self, item: QListWidgetItem | None) -> None:
        self._cancel_task()
        self.models.clear()
        self.outcome.clear()
        self._message("")
        pid = item.data(ID_ROLE) if item is not None else None
        self._current = pid
        profile = self.profiles.get(pid or "")
        editable = profile is None or not profile.builtin
        for widget in (self.name_edit, self.url_edit, self.env_edit):
            widget.setReadOnly(not editable)
        self.headers_edit.setReadOnly(not editable)
        self.auth_combo.setEnabled(editable)
        self.save_button.setVisible(editable)
        self.duplicate_button.setVisible(not editable)
        self.delete_button.setEnabled(profile is None or not profile.builtin)
        self._form.setRowVisible(self.headers_edit, editable or bool(profile and profile.headers))
        self.key_edit.clear()
        if profile is None:  # a provider being added
            for widget in (self.name_edit, self.url_edit, self.env_edit):
                widget.clear()
            self.headers_edit.clear()
            self.auth_combo.setCurrentIndex(0)
            self.docs_label.clear()
            self.key_status.setText(self.tr("The key is stored when you save the provider."))
            self.name_edit.setFocus()
        else:
            self.name_edit.setText(profile.name)
            self.url_edit.setText(profile.base_url)
            self.url_edit.setPlaceholderText(profile.base_url_hint or "https://example.com/v1")
            self.auth_combo.setCurrentIndex(max(0, self.auth_combo.findData(profile.auth)))
            self.env_edit.setText(profile.key_env or "")
            self.headers_edit.setPlainText(format_headers(profile.headers))
            if profile.builtin:
                self._message(self.tr("Built-in provider: use “Duplicate as custom” to change its settings."))
            notes = " ".join(localize(note) for note in profile.notes)
            docs = f"{self.tr('Docs')}: {profile.docs_url}" if profile.docs_url else ""
            self.docs_label.setText("\n".join(t for t in (notes, docs) if t))
        is_local = profile is not None and profile.builtin_server
        no_key = profile is not None and profile.auth == "none"
        for widget in (self.key_edit, self.store_key_button, self.remove_key_button):
            widget.setEnabled(not is_local and not no_key)
        self.key_edit.setPlaceholderText(
            self.tr("This provider needs no key") if (is_local or no_key) else self.tr("Paste a key to store it"))
        if profile is not None:
            self._show_key_status(profile)
        self.test_button.setEnabled(profile is not None or pid == NEW_ID)
        self.refresh_button.setEnabled(profile is not None or pid == NEW_ID)
        self._loaded_form = self._form_state()

    def _key_detail(self, profile: ProviderProfile) -> str:
        if profile.auth == "none":
            return self.tr("No key needed")
        return localize(self.keys.status(profile.id, profile.key_env).detail)

    def _show_key_status(self, profile: ProviderProfile) -> None:
        status = self.keys.status(profile.id, profile.key_env)
        if profile.auth == "none":
            text = self.tr("No key needed.")
        elif status.source is None:
            text = self.tr("No key: %1.").replace("%1", localize(status.detail))
        else:
            text = self.tr("Key %1.").replace("%1", localize(status.detail))
        self.key_status.setText(text)
        if profile.auth == "none":
            return
        self.remove_key_button.setEnabled(status.source in ("keyring", "session"))
        if status.source in ("keyring", "session"):
            self.key_edit.setPlaceholderText(self.tr("Paste a new key to replace the stored one"))

    # -- keys ------------------------------------------------------------------

    def update_banner(self) -> None:
        """A visible warning when there is no usable keyring: keys then last for this session only."""
        if self.keys.available:
            self.banner.hide()
            return
        theme = current_theme()
        self.banner.setText(localize(self.keys.unavailable_reason) or self.tr("No system keyring is available."))
        self.banner.setStyleSheet(
            f"QLabel#keyring-banner {{ background: {theme.card}; color: {theme.text}; "
            f"border: 1px solid {theme.warning}; border-left: 4px solid {theme.warning}; padding: 6px; }}")
        self.banner.show()

    def store_key(self) -> None:
        profile = self.current_profile
        key = self.key_edit.text()
        if profile is None or not key.strip():
            return
        self.key_edit.clear()  # the key never stays in a widget
        try:
            self.keys.set(profile.id, key)
        except ValueError as exc:
            self._message(str(exc), error=True)
            return
        finally:
            del key
        self.update_banner()
        self._show_key_status(profile)
        self._refresh_tooltip(profile)
        self.key_changed.emit(profile.id)

    def remove_key(self) -> None:
        profile = self.current_profile
        if profile is None:
            return
        try:
            self.keys.delete(profile.id)
        except KeyStoreError as exc:
            self._message(getattr(exc, "user_message", None) or str(exc), error=True)
            self.update_banner()
            return
        self._show_key_status(profile)
        self._refresh_tooltip(profile)
        self.key_changed.emit(profile.id)

    def _refresh_tooltip(self, profile: ProviderProfile) -> None:
        item = self.list.currentItem()
        if item is not None:
            item.setToolTip(self._key_detail(profile))

    # -- custom profiles -------------------------------------------------------

    def add_provider(self) -> None:
        item = QListWidgetItem(self.tr("New provider"))
        item.setData(ID_ROLE, NEW_ID)
        self.list.addItem(item)
        self.list.setCurrentItem(item)

    def duplicate_provider(self) -> None:
        profile = self.current_profile
        if profile is None:
            return
        self.add_provider()
        self.name_edit.setText(self.tr("%1 (custom)").replace("%1", profile.name))
        self.url_edit.setText(profile.base_url)
        self.auth_combo.setCurrentIndex(max(0, self.auth_combo.findData(profile.auth)))
        self.env_edit.setText(profile.key_env or "")
        self.headers_edit.setPlainText(format_headers(profile.headers))

    def _draft(self) -> ProviderProfile:
        """The profile the form describes (raises ProfileError / HeaderTextError with a sentence)."""
        name = self.name_edit.text().strip()
        url = self.url_edit.text().strip()
        if not name:
            raise ProfileError(self.tr("Give the provider a name."))
        if not url.startswith(("http://", "https://")):
            raise ProfileError(self.tr("The base URL must start with http:// or https://."))
        headers = parse_headers(self.headers_edit.toPlainText())
        existing = self.current_profile
        env = self.env_edit.text().strip() or None
        auth = self.auth_combo.currentData()
        if existing is not None and not existing.builtin:
            return dataclasses.replace(existing, name=name, base_url=url, headers=headers, key_env=env,
                                       auth=auth, key_required=auth != "none")
        profile_id = slug(name)
        if profile_id in self.profiles:
            raise ProfileError(self.tr("A provider with the id “%1” exists already: choose another name.")
                               .replace("%1", profile_id))
        return new_custom_profile(name, url, headers=headers, auth=auth, key_env=env)

    def save_provider(self) -> bool:
        """Save the form as a custom provider; False (with the reason shown) when it cannot be."""
        try:
            saved = save_custom_profile(self._draft())
        except (ProfileError, HeaderTextError) as exc:
            self._message(str(exc), error=True)
            return False
        key = self.key_edit.text()
        if key.strip():
            self.key_edit.clear()
            self.keys.set(saved.id, key)
            self.key_changed.emit(saved.id)
        self.reload(saved.id)
        self._message(self.tr("Saved."))
        self.profiles_changed.emit()
        return True

    def delete_provider(self) -> None:
        profile = self.current_profile
        if profile is None or profile.builtin:
            if self._current == NEW_ID:
                self.reload(None)
            return

        def confirmed() -> None:
            delete_custom_profile(profile.id)
            with contextlib.suppress(KeyStoreError):
                self.keys.delete(profile.id)  # its key would otherwise linger in the keyring
            self.reload("")
            self.profiles_changed.emit()
            self.key_changed.emit(profile.id)

        ask_confirmation(self, self.tr("Delete provider"),
                         self.tr("Delete “%1” and its stored key?").replace("%1", profile.name),
                         self.tr("Delete"), confirmed, destructive=True)

    # -- connection test and models -------------------------------------------

    def test_connection(self) -> None:
        """GET /models for the selected provider (with its form values and key); the outcome shows inline."""
        profile = self.current_profile
        if profile is None and self._current != NEW_ID:
            return
        if profile is None or not profile.builtin:
            try:
                profile = self._draft()  # test what the form says, saved or not
            except (ProfileError, HeaderTextError) as exc:
                self._outcome(str(exc), ok=False)
                return
        self._cancel_task()
        base_url = self._base_url(profile)
        if base_url is None:
            return
        self._outcome(self.tr("Connecting…"), ok=None)
        self.test_button.setEnabled(False)
        self.refresh_button.setEnabled(False)
        self._task = asyncio.ensure_future(self._list_models(profile, base_url))

    async def _list_models(self, profile: ProviderProfile, base_url: str) -> None:
        try:
            # A key typed but not stored yet is tried as is (the user is checking it before saving).
            key = self.key_edit.text().strip() or self.keys.get(profile.id, profile.key_env).value
            try:
                headers = request_headers(profile, key)
            except RequestError as exc:
                self._outcome(" ".join(localize(p) for p in exc.problems), ok=False)
                return
            try:
                models = await self.client.list_models(base_url, headers)
            except APIError as exc:
                self._outcome(str(exc), ok=False)
                return
            ids = sorted({str(m.get("id", "")) for m in models if m.get("id")})
            self.models.clear()
            self.models.addItems(ids)
            self._outcome(self.tr("Connected: %1").replace("%1", self._count_text(len(ids))), ok=True)
            self.models_listed.emit(profile.id, ids)
        finally:
            self.test_button.setEnabled(True)
            self.refresh_button.setEnabled(True)

    def _count_text(self, n: int) -> str:
        return self.tr("1 model") if n == 1 else self.tr("%1 models").replace("%1", str(n))

    def _base_url(self, profile: ProviderProfile) -> str | None:
        if profile.builtin_server:
            server = self.local_server
            if server is None or server.state is not LocalModelState.READY or not server.base_url:
                state = server.state.value if server is not None else self.tr("not set up")
                self._outcome(self.tr("The built-in local model is not running (%1): start it below.")
                              .replace("%1", state), ok=False)
                return None
            return server.base_url
        if profile.needs_base_url():
            hint = profile.base_url_hint or self.tr("the provider's base URL")
            self._outcome(self.tr("Set the base URL first: %1.").replace("%1", hint), ok=False)
            return None
        return profile.base_url

    def _cancel_task(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()  # once: repeated cancellation of an httpx request leaks pool connections

    def set_local_server(self, server: LocalServer | None) -> None:
        """The built-in model's server changed (a new GGUF file): test, show and start that one."""
        self.local_server = server
        self.local_section.set_server(server)

    def _local_state(self, state: LocalModelState, _error: str | None) -> None:
        current = self.current_profile
        if current is not None and current.builtin_server and state is not LocalModelState.READY:
            self.models.clear()  # those models are gone with the server

    # -- messages --------------------------------------------------------------

    def _outcome(self, text: str, *, ok: bool | None) -> None:
        theme = current_theme()
        color = {True: theme.accent, False: theme.danger, None: theme.muted}[ok]
        mark = {True: "✓ ", False: "✗ ", None: ""}[ok]
        self.outcome.setText(mark + localize(text))
        self.outcome.setStyleSheet(f"color: {color};")

    def _message(self, text: str, *, error: bool = False) -> None:
        self.form_message.setText(localize(text))
        self.form_message.setStyleSheet(f"color: {current_theme().danger};" if error else "")

    def _closed(self, _result: Any = None) -> None:
        self._cancel_task()
        self.local_section.detach()
