"""Presets in the sidebar: choose one, save the current parameters under a name, reset, see what differs.

Saving asks for the name inline (no modal dialog: nested event loops break under qasync).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.services import presets
from parley.ui.engine_text import localize
from parley.ui.sidebar.editors import guard_wheel
from parley.ui.theme import current_theme

CurrentValues = Callable[[], tuple[dict[str, Any], dict[str, Any]]]  # (params, request options)
NO_PRESET = QT_TRANSLATE_NOOP("PresetBar", "No preset")  # shown as self.tr(NO_PRESET)


class PresetBar(QWidget):
    preset_chosen = Signal(object)  # presets.Preset
    reset_requested = Signal()
    details_requested = Signal(str)  # rich text listing the differences

    def __init__(self, current: CurrentValues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = current
        self.active: presets.Preset | None = None
        self.combo = QComboBox(self)
        self.combo.setToolTip(self.tr("Load a saved parameter set (files in the Parley data folder)"))
        self.combo.setMinimumContentsLength(8)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        guard_wheel(self.combo)
        self.combo.activated.connect(self._chosen)
        self.save_button = QPushButton(self.tr("Save…"), self)
        self.save_button.setToolTip(self.tr("Save the current parameters as a preset"))
        self.save_button.clicked.connect(self._ask_name)
        self.reset_button = QPushButton(self.tr("Reset"), self)
        self.reset_button.setToolTip(self.tr("Unset every parameter: the provider's defaults apply"))
        self.reset_button.clicked.connect(self.reset_requested.emit)
        self.more = QToolButton(self)
        self.more.setText("⋯")
        self.more.setAutoRaise(True)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        self.delete_action = menu.addAction(self.tr("Delete this preset"))
        self.delete_action.triggered.connect(self._delete)
        self.more.setMenu(menu)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.combo, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.reset_button)
        top.addWidget(self.more)

        self.name_box = QWidget(self)
        self.name = QLineEdit(self.name_box)
        self.name.setPlaceholderText(self.tr("Preset name"))
        self.name.returnPressed.connect(self._save)
        confirm = QPushButton(self.tr("Save"), self.name_box)
        confirm.clicked.connect(self._save)
        cancel = QPushButton(self.tr("Cancel"), self.name_box)
        cancel.clicked.connect(self._cancel)
        row = QHBoxLayout(self.name_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.name, 1)
        row.addWidget(confirm)
        row.addWidget(cancel)
        self.name_box.hide()

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        self.status.linkActivated.connect(lambda _l: self.details_requested.emit(self.details_html()))
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.name_box)
        layout.addWidget(self.status)
        self.reload()

    # --- list ----------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> list[str]:
        """Re-read the presets folder; returns the sentences about files that could not be read."""
        found, problems = presets.list_presets()
        wanted = select if select is not None else (self.active.name if self.active else None)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr(NO_PRESET), None)
        for preset in found:
            self.combo.addItem(preset.name, preset)
        self.combo.blockSignals(False)
        self.active = next((p for p in found if wanted and p.name.casefold() == wanted.casefold()), None)
        self.combo.setCurrentIndex(self.combo.findText(self.active.name) if self.active else 0)
        self.delete_action.setEnabled(self.active is not None)
        if problems:
            self._say(" ".join(localize(p) for p in problems), error=True)
        return problems

    def _chosen(self, index: int) -> None:
        preset = self.combo.itemData(index)
        self.active = preset if isinstance(preset, presets.Preset) else None
        self.delete_action.setEnabled(self.active is not None)
        if self.active is not None:
            self.preset_chosen.emit(self.active)
        self.update_diff()

    def select(self, name: str | None) -> None:
        """Make `name` the preset differences are shown against (None: no preset), without loading it."""
        self.reload(select=name or "")

    # --- save / delete -------------------------------------------------------------------------------

    def _ask_name(self) -> None:
        self.name.setText(self.active.name if self.active else "")
        self.name_box.show()
        self.name.setFocus()
        self.name.selectAll()

    def _cancel(self) -> None:
        self.name_box.hide()

    def _save(self) -> None:
        params, options = self._current()
        try:
            saved = presets.save(self.name.text(), params, options)
        except presets.PresetError as exc:
            self._say(localize(str(exc)), error=True)
            return
        self.name_box.hide()
        self.reload(select=saved.name)
        self._say(self.tr("Saved “{name}”.").format(name=saved.name))

    def save_as(self, name: str) -> presets.Preset | None:
        """Save under `name` as the Save button does (for the shell and tests)."""
        self.name.setText(name)
        self._save()
        return self.active

    def _delete(self) -> None:
        if self.active is None:
            return
        name = self.active.name
        try:
            presets.delete(name)
        except presets.PresetError as exc:
            self._say(localize(str(exc)), error=True)
            return
        self.active = None
        self.reload(select="")
        self._say(self.tr("Deleted “{name}”.").format(name=name))

    # --- differences ---------------------------------------------------------------------------------

    def differences(self) -> list[presets.Difference]:
        if self.active is None:
            return []
        params, _options = self._current()
        return presets.differences(params, self.active.params)

    def update_diff(self) -> None:
        if self.active is None:
            self.status.hide()
            return
        diffs = self.differences()
        name = html.escape(self.active.name)
        if not diffs:
            self._say(self.tr("Same as the preset “{name}”.").format(name=name), rich=True)
            return
        names = ", ".join(d.name for d in diffs[:4]) + ("…" if len(diffs) > 4 else "")
        self._say(self.tr("Differs from “{name}” in {n}: {names} <a href='#diff'>details</a>").format(
            name=name, n=len(diffs), names=html.escape(names)), rich=True)

    def details_html(self) -> str:
        diffs = self.differences()
        if self.active is None:
            return ""
        items = ("".join(f"<li>{html.escape(localize(d.sentence()))}</li>" for d in diffs)
                 or "<li>" + self.tr("nothing") + "</li>")
        return self.tr("<b>Changes from “{name}”</b>").format(name=html.escape(self.active.name)) + f"<ul>{items}</ul>"

    def _say(self, text: str, *, error: bool = False, rich: bool = False) -> None:
        body = text if rich else html.escape(text)
        color = current_theme().danger if error else current_theme().muted
        self.status.setText(f'<span style="color:{color}">{body}</span>')
        self.status.show()
