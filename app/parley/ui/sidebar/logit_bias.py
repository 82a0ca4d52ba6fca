"""The logit_bias editor: token id -> bias pairs, plus "by word": type text, see its tokens, bias them.

Ids come from the target's encoding (tiktoken for OpenAI models), from the provider's tokenizer endpoint
when the shell gives a token source (llama.cpp `/tokenize`), or else from o200k_base with a sentence
saying they are an approximation. The resulting JSON is shown as it will be sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.api import tokenizer
from parley.api.client import ChatClient
from parley.core.params import Param
from parley.core.providers import ProviderProfile
from parley.ui.engine_text import localize
from parley.ui.sidebar import bias
from parley.ui.sidebar.editors import UNSET, MapEditor, ValueEditor, guard_wheel

# The shell's way to reach a provider's tokenizer: text -> [(id, bytes)] (see provider_token_source).
TokenSource = Callable[[str], Awaitable[Sequence[tuple[int, bytes]]]]
MAX_SHOWN = 64  # tokens listed with their own bias box; "Set all" still covers every token


def provider_token_source(client: ChatClient, base_url: str, headers: dict[str, str] | None = None
                          ) -> TokenSource:
    """A TokenSource asking the server's own tokenizer (llama.cpp `/tokenize`) through the app's client."""

    async def source(text: str) -> list[tuple[int, bytes]]:
        return [(t.id, t.piece) for t in await tokenizer.tokenize(client, base_url, text, headers=headers)]

    return source


class LogitBiasEditor(ValueEditor):
    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.pairs = MapEditor(param, self, key_placeholder=self.tr("token id"),
                               value_placeholder=self.tr("bias −100…100"))
        self.pairs.edited.connect(self._pairs_edited)
        self.toggle = QToolButton(self)
        self.toggle.setText(self.tr("By word…"))
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip(self.tr("Type text, see its tokens in the model's encoding, and bias them"))
        self.toggle.toggled.connect(self._toggle_words)
        self.words: WordPanel | None = None  # built on first use
        self.result = QLabel(self)
        self.result.setObjectName("mono")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.pairs)
        layout.addWidget(self.toggle)
        layout.addWidget(self.result)
        self._profile: ProviderProfile | None = None
        self._model = ""
        self._source: TokenSource | None = None
        self._show_result()

    # --- target ----------------------------------------------------------------------------------------

    def set_target(self, profile: ProviderProfile, model: str, source: TokenSource | None) -> None:
        self._profile, self._model, self._source = profile, model, source
        if self.words is not None:
            self.words.retokenize()

    # --- value -----------------------------------------------------------------------------------------

    def _pairs_edited(self) -> None:
        self._show_result()
        if self.words is not None:
            self.words.refresh_biases()
        self.edited.emit()

    def current_map(self) -> dict[str, Any]:
        try:
            value = self.pairs.raw_value()
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def apply(self, ids: Sequence[int], value: int) -> None:
        self.pairs.set_value(bias.apply_bias(self.current_map(), ids, value))
        self._pairs_edited()

    def _show_result(self) -> None:
        current = self.current_map()
        self.result.setText(self.tr("Sent as: {json}").format(json=json.dumps(current)) if current else "")
        self.result.setVisible(bool(current))

    def raw_value(self) -> Any:
        return self.pairs.raw_value()

    def set_value(self, value: Any) -> None:
        self.pairs.set_value(value)
        self._show_result()
        if self.words is not None:
            self.words.refresh_biases()

    def show_unset(self) -> None:
        self.set_value({})

    # --- by word -------------------------------------------------------------------------------------------

    def _toggle_words(self, shown: bool) -> None:
        if shown and self.words is None:
            self.words = WordPanel(self)
            self.layout().insertWidget(2, self.words)
        if self.words is not None:
            self.words.setVisible(shown)


class WordPanel(QWidget):
    """Text -> tokens (piece, id, bias), "Set all to", and where the ids come from."""

    def __init__(self, owner: LogitBiasEditor) -> None:
        super().__init__(owner)
        self.owner = owner
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("Text to bias, e.g.  Paris"))
        self.text.setClearButtonEnabled(True)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("muted")
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Token"), self.tr("ID"), self.tr("Bias")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.all_bias = QSpinBox(self)
        self.all_bias.setRange(bias.BIAS_MIN, bias.BIAS_MAX)
        self.all_bias.setValue(-100)
        guard_wheel(self.all_bias)
        self.apply_all = QPushButton(self.tr("Set all to"), self)
        self.apply_all.clicked.connect(self._apply_all)
        self.apply_all.setToolTip(self.tr("Give every token of the text this bias (−100 bans, 100 forces, 0 removes)"))
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.apply_all)
        controls.addWidget(self.all_bias)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        layout.addWidget(self.text)
        layout.addWidget(self.table)
        layout.addLayout(controls)
        layout.addWidget(self.explanation)
        self.tokenization: bias.Tokenization | None = None
        self._task: asyncio.Future[Any] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.retokenize)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.retokenize()

    def ids(self) -> list[int]:
        return [p.id for p in self.tokenization.pieces] if self.tokenization else []

    def _apply_all(self) -> None:
        if self.ids():
            self.owner.apply(self.ids(), self.all_bias.value())

    def retokenize(self) -> None:
        """Tokenize the text now: with the provider's endpoint when there is one, else offline."""
        self._timer.stop()
        profile, model = self.owner._profile, self.owner._model
        if profile is None:
            self.explanation.setText(self.tr("Choose a provider and a model to see token ids."))
            return
        text = self.text.text()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        source = self.owner._source
        loop = _running_loop()
        if text and source is not None and loop is not None and bias.has_tokenizer_endpoint(profile, model):
            self._task = loop.create_task(self._ask_provider(source, text, profile, model))
            self.explanation.setText(self.tr("Asking {provider} for its token ids…").format(provider=profile.name))
            return
        self._show(bias.offline_tokenization(text, profile, model))

    async def _ask_provider(self, source: TokenSource, text: str, profile: ProviderProfile, model: str) -> None:
        try:
            pairs = await source(text)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the endpoint is optional: say why and show offline ids
            offline = bias.offline_tokenization(text, profile, model)
            with contextlib.suppress(RuntimeError):
                said = self.tr("{provider}'s tokenizer did not answer ({error}).").format(
                    provider=profile.name, error=localize(str(exc)))
                self._show(bias.Tokenization(offline.pieces, offline.source, False,
                                             f"{said} {offline.explanation}"))
            return
        with contextlib.suppress(RuntimeError):  # the panel may be gone by now
            self._show(bias.provider_tokenization(list(pairs), profile, model))

    def _show(self, tokenization: bias.Tokenization) -> None:
        self.tokenization = tokenization
        shown = tokenization.pieces[:MAX_SHOWN]
        self.table.setRowCount(len(shown))
        current = self.owner.current_map()
        for row, piece in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(piece.shown))
            self.table.setItem(row, 1, QTableWidgetItem(str(piece.id)))
            spin = QSpinBox(self.table)
            spin.setRange(bias.BIAS_MIN, bias.BIAS_MAX)
            spin.setValue(int(current.get(str(piece.id), 0)) if _is_int(current.get(str(piece.id))) else 0)
            spin.setToolTip(self.tr("Bias for token {id}; 0 leaves it out").format(id=piece.id))
            guard_wheel(spin)
            spin.valueChanged.connect(lambda value, tid=piece.id: self.owner.apply([tid], value))
            self.table.setCellWidget(row, 2, spin)
        rows_height = sum(self.table.rowHeight(r) for r in range(len(shown)))
        self.table.setFixedHeight(min(180, self.table.horizontalHeader().sizeHint().height() + rows_height
                                          + 2 * self.table.frameWidth() + 8))
        more = len(tokenization.pieces) - len(shown)
        n = len(tokenization.pieces)
        if more > 0:
            count = self.tr("{n} tokens in {source} (the first {shown} are listed)").format(
                n=n, source=tokenization.source, shown=MAX_SHOWN)
        elif n == 1:
            count = self.tr("1 token in {source}").format(source=tokenization.source)
        else:
            count = self.tr("{n} tokens in {source}").format(n=n, source=tokenization.source)
        self.explanation.setText(self.tr("{count}. {explanation}").format(count=count, explanation=tokenization.explanation)
                                 if tokenization.pieces else tokenization.explanation)

    def refresh_biases(self) -> None:
        current = self.owner.current_map()
        for row in range(self.table.rowCount()):
            spin = self.table.cellWidget(row, 2)
            item = self.table.item(row, 1)
            if isinstance(spin, QSpinBox) and item is not None:
                value = current.get(item.text())
                spin.blockSignals(True)
                spin.setValue(int(value) if _is_int(value) else 0)
                spin.blockSignals(False)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The qasync loop when the app runs one; None (offline ids only) otherwise."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value is not UNSET
