"""A small parameter dock until the full sidebar lands: provider, model, temperature, max tokens.

Unchecked means "not sent": the provider's default applies (a conversation's ``params`` only
holds what the user set).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from parley.core.conversation import Conversation

MAX_TOKENS_PARAM = "max_completion_tokens"  # the request builder renames it per provider profile


class MinimalSidebar(QWidget):
    changed = Signal()

    def __init__(self, providers: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        """``providers``: profile id -> display name."""
        super().__init__(parent)
        self._conversation: Conversation | None = None
        self._loading = False

        self.provider = QComboBox(self)
        for pid, name in (providers or {"local": "Local model"}).items():
            self.provider.addItem(name, pid)
        self.provider.setToolTip(self.tr("Where the conversation is sent (configure in Providers & Keys)"))
        self.model = QComboBox(self)
        self.model.setEditable(True)
        self.model.setToolTip(self.tr("Model id as the provider names it"))
        self.model.lineEdit().setPlaceholderText(self.tr("provider default"))

        self.use_temperature = QCheckBox(self.tr("Temperature"), self)
        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setDecimals(2)
        self.temperature.setValue(1.0)
        self.temperature.setToolTip(self.tr("Sampling temperature, 0–2; unchecked: not sent (provider default)"))

        self.use_max_tokens = QCheckBox(self.tr("Max tokens"), self)
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(1, 1_000_000)
        self.max_tokens.setValue(1024)
        self.max_tokens.setGroupSeparatorShown(True)
        self.max_tokens.setToolTip(self.tr("Upper bound on generated tokens; unchecked: not sent"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Provider"), self.provider)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.use_temperature, self.temperature)
        form.addRow(self.use_max_tokens, self.max_tokens)
        note = QLabel(self.tr("Unchecked parameters are not sent."), self)
        note.setEnabled(False)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

        self.provider.currentIndexChanged.connect(self._store)
        self.model.currentTextChanged.connect(self._store)
        self.use_temperature.toggled.connect(self._store)
        self.temperature.valueChanged.connect(self._store)
        self.use_max_tokens.toggled.connect(self._store)
        self.max_tokens.valueChanged.connect(self._store)
        self._sync_enabled()

    def set_conversation(self, conversation: Conversation) -> None:
        self._conversation = conversation
        self._loading = True
        try:
            index = self.provider.findData(conversation.target.provider)
            if index < 0:
                self.provider.addItem(conversation.target.provider, conversation.target.provider)
                index = self.provider.count() - 1
            self.provider.setCurrentIndex(index)
            self.model.setCurrentText(conversation.target.model)
            params = conversation.params
            self.use_temperature.setChecked("temperature" in params)
            if isinstance(params.get("temperature"), int | float):
                self.temperature.setValue(float(params["temperature"]))
            limit = params.get(MAX_TOKENS_PARAM, params.get("max_tokens"))
            self.use_max_tokens.setChecked(limit is not None)
            if isinstance(limit, int):
                self.max_tokens.setValue(limit)
        finally:
            self._loading = False
        self._sync_enabled()

    def set_models(self, models: list[str]) -> None:
        current = self.model.currentText()
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(models)
        self.model.setCurrentText(current)
        self.model.blockSignals(False)

    def _sync_enabled(self) -> None:
        self.temperature.setEnabled(self.use_temperature.isChecked())
        self.max_tokens.setEnabled(self.use_max_tokens.isChecked())

    def _store(self, *_: object) -> None:
        self._sync_enabled()
        conv = self._conversation
        if conv is None or self._loading:
            return
        conv.target.provider = self.provider.currentData(Qt.ItemDataRole.UserRole) or conv.target.provider
        conv.target.model = self.model.currentText().strip()
        if self.use_temperature.isChecked():
            conv.params["temperature"] = round(self.temperature.value(), 2)
        else:
            conv.params.pop("temperature", None)
        if self.use_max_tokens.isChecked():
            conv.params.pop("max_tokens", None)
            conv.params[MAX_TOKENS_PARAM] = self.max_tokens.value()
        else:
            conv.params.pop(MAX_TOKENS_PARAM, None)
            conv.params.pop("max_tokens", None)
        self.changed.emit()
