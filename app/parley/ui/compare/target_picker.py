"""Where a column is sent: provider (from the profiles), model (typed, or from the provider's list),
and a base URL when the provider needs one.

Model lists come from ``GET /models`` through the runner's ``ChatClient``; one ``ModelLists`` is
shared by every column, so a provider is asked once per base URL. Listing never blocks: the key is
read on a worker thread (a keyring can block) and the request runs on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from parley.api.errors import APIError
from parley.core.conversation import Target
from parley.core.providers import ProviderProfile
from parley.core.request import RequestError, request_headers
from parley.ui.engine_text import localize

if TYPE_CHECKING:
    from parley.services.runner import Runner

log = logging.getLogger(__name__)
LOCAL = "local"


class ModelLists(QObject):
    """Model ids per (provider, base URL), fetched on request. ``listed``/``failed`` say how it went."""

    listed = Signal(str, str, list)  # provider id, base URL, model ids
    failed = Signal(str, str, str)  # provider id, base URL, a sentence for the user

    def __init__(self, runner: Callable[[], Runner], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._cache: dict[tuple[str, str], list[str]] = {}
        self._tasks: dict[tuple[str, str], asyncio.Task[None]] = {}

    def cached(self, provider: str, base_url: str) -> list[str] | None:
        return self._cache.get((provider, base_url))

    def busy(self, provider: str, base_url: str) -> bool:
        task = self._tasks.get((provider, base_url))
        return task is not None and not task.done()

    def request(self, profile: ProviderProfile, base_url: str | None) -> None:
        """Fetch the list (again) unless a fetch for the same provider and URL is under way."""
        runner = self._runner()
        url = base_url or ""
        if profile.id == LOCAL and not base_url:
            local = runner.local
            url = local.base_url if local is not None and local.base_url else ""
            if not url:
                self.failed.emit(profile.id, "", self.tr(
                    "The built-in local model is not running: it serves the one model it has loaded."))
                return
        elif not url:
            url = "" if profile.needs_base_url() else profile.base_url
            if not url:
                hint = profile.base_url_hint or self.tr("the provider's base URL")
                self.failed.emit(profile.id, base_url or "", self.tr("Set the base URL first: {hint}.").format(
                    hint=hint))
                return
        key = (profile.id, base_url or "")
        if self.busy(*key):
            return
        self._tasks[key] = asyncio.ensure_future(self._fetch(runner, profile, url, key))

    async def _fetch(self, runner: Runner, profile: ProviderProfile, url: str, key: tuple[str, str]) -> None:
        try:
            lookup = await asyncio.to_thread(lambda: runner.keys.get(profile.id, profile.key_env))
            headers = request_headers(profile, lookup.value, require_key=False)
            models = await runner.client.list_models(url, headers)
        except APIError as exc:
            self.failed.emit(key[0], key[1], str(exc))
            return
        except RequestError as exc:
            self.failed.emit(key[0], key[1], " ".join(localize(p) for p in exc.problems))
            return
        except Exception as exc:  # a broken keyring or an odd answer: say so, never crash the window
            log.warning("listing models of %s failed: %s", profile.id, exc)
            self.failed.emit(key[0], key[1], self.tr("Could not list the models: {error}").format(error=exc))
            return
        ids = sorted({str(m.get("id", "")) for m in models if m.get("id")})
        self._cache[key] = ids
        self.listed.emit(key[0], key[1], ids)

    def shutdown(self) -> None:
        for task in self._tasks.values():
            if not task.done():
                task.cancel()  # once: a repeated cancel of an httpx request leaks pool connections
        self._tasks.clear()


class ModelCombo(QComboBox):
    """Editable; asks for the provider's model list the first time it is opened."""

    opening = Signal()

    def showPopup(self) -> None:
        self.opening.emit()
        super().showPopup()


class TargetPicker(QWidget):
    """Provider, model and (when needed) base URL of one column. ``changed`` fires on every edit."""

    changed = Signal()
    notice = Signal(str)  # what happened to a model listing (shown in the column)

    def __init__(self, profiles: dict[str, ProviderProfile], models: ModelLists,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.models = models
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.provider = QComboBox(self)
        self.provider.setToolTip(self.tr("Provider of this column"))
        self.provider.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.provider.setMinimumContentsLength(8)
        self.model = ModelCombo(self)
        self.model.setEditable(True)
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model.setToolTip(self.tr("Model of this column: type one or pick from the provider's list"))
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(10)
        self.refresh = QToolButton(self)
        self.refresh.setText("↻")
        self.refresh.setAutoRaise(True)
        self.refresh.setToolTip(self.tr("List the provider's models"))
        row.addWidget(self.provider, 2)
        row.addWidget(self.model, 3)
        row.addWidget(self.refresh)
        self.base_url = QLineEdit(self)
        self.base_url.setPlaceholderText(self.tr("Base URL, e.g. http://127.0.0.1:8080/v1"))
        self.base_url.setToolTip(self.tr("This provider needs the address of its server"))
        self.base_url.setClearButtonEnabled(True)
        layout.addLayout(row)
        layout.addWidget(self.base_url)
        self.set_profiles(profiles)

        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.model.currentTextChanged.connect(self._edited)
        self.model.opening.connect(self._list_once)
        self.base_url.textChanged.connect(self._edited)
        self.refresh.clicked.connect(self.list_models)
        models.listed.connect(self._listed)
        models.failed.connect(self._failed)

    # Profiles and values ---------------------------------------------------------------------

    def set_profiles(self, profiles: dict[str, ProviderProfile]) -> None:
        current = self.provider.currentData()
        self.profiles = profiles
        self._filling = True
        try:
            self.provider.clear()
            for pid, profile in profiles.items():
                self.provider.addItem(profile.name, pid)
            if current is not None:
                self._select_provider(current)
        finally:
            self._filling = False
        self._update_base_url()

    def _select_provider(self, provider_id: str) -> None:
        index = self.provider.findData(provider_id)
        if index < 0:  # a set or a conversation naming a provider this machine does not have
            self.provider.addItem(self.tr("{id} (unknown provider)").format(id=provider_id), provider_id)
            index = self.provider.count() - 1
        self.provider.setCurrentIndex(index)

    @property
    def profile(self) -> ProviderProfile | None:
        return self.profiles.get(self.provider.currentData() or "")

    def set_target(self, target: Target) -> None:
        self._filling = True
        try:
            self._select_provider(target.provider)
            self._fill_models()
            self.model.setEditText(target.model)
            self.base_url.setText(target.base_url or "")
        finally:
            self._filling = False
        self._update_base_url()

    def target(self) -> Target:
        base_url = self.base_url.text().strip() or None
        return Target(provider=str(self.provider.currentData() or ""), model=self.model.currentText().strip(),
                      base_url=base_url)

    def _update_base_url(self) -> None:
        profile = self.profile
        needs = profile is None or (profile.needs_base_url() and profile.id != LOCAL)
        self.base_url.setVisible(needs or bool(self.base_url.text()))
        default = profile.default_model if profile is not None else None
        self.model.lineEdit().setPlaceholderText(default or self.tr("model id"))

    # Editing -----------------------------------------------------------------------------------

    def _provider_changed(self, _index: int) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            profile = self.profile
            if profile is not None and not profile.needs_base_url():
                self.base_url.clear()  # another provider's server address would send it elsewhere
            self.model.setEditText("")
            self._fill_models()
        finally:
            self._filling = False
        self._update_base_url()
        self.changed.emit()

    def _edited(self, *_: Any) -> None:
        if not self._filling:
            self._update_base_url()
            self.changed.emit()

    def _fill_models(self) -> None:
        profile = self.profile
        if profile is None:
            return
        ids = self.models.cached(profile.id, self.base_url.text().strip()) or []
        text = self.model.currentText()
        was_filling = self._filling
        self._filling = True
        try:
            self.model.clear()
            self.model.addItems(ids)
            self.model.setEditText(text)
        finally:
            self._filling = was_filling

    def _list_once(self) -> None:
        profile = self.profile
        if profile is not None and self.models.cached(profile.id, self.base_url.text().strip()) is None:
            self.list_models()

    def list_models(self) -> None:
        profile = self.profile
        if profile is None:
            self.notice.emit(self.tr("This provider is not set up on this machine."))
            return
        self.notice.emit(self.tr("Listing the models of {name}…").format(name=profile.name))
        self.models.request(profile, self.base_url.text().strip() or None)

    def _listed(self, provider: str, base_url: str, ids: list[str]) -> None:
        if provider == self.provider.currentData() and base_url == self.base_url.text().strip():
            self._fill_models()
            count = self.tr("1 model") if len(ids) == 1 else self.tr("{n} models").format(n=len(ids))
            self.notice.emit(self.tr("{name}: {count}").format(name=self.provider.currentText(), count=count))

    def _failed(self, provider: str, base_url: str, message: str) -> None:
        if provider == self.provider.currentData() and base_url in ("", self.base_url.text().strip()):
            self.notice.emit(message)

    def set_editable(self, editable: bool) -> None:
        for w in (self.provider, self.model, self.refresh, self.base_url):
            w.setEnabled(editable)

    def disconnect_lists(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.models.listed.disconnect(self._listed)
            self.models.failed.disconnect(self._failed)
