"""Value editors, one per parameter kind: numbers, enums, booleans, text, lists, maps.

An editor shows a value and says when the user changed it (`edited`); it never decides whether the
value is valid (the catalog does, in the row). Each editor can show "unset": the API default, or
"not set", distinct from any value. `raw_value()` returns UNSET or what the user entered, and raises
InputError when the input cannot even be read (letters in a number list, a value without a key).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.params import Param


class _Unset:
    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()
_INT32 = 2**31 - 1


class InputError(ValueError):
    """Input that cannot be read as a value at all; the message is a sentence for the user."""


def default_text(param: Param) -> str:
    """What an unset editor shows: the API default when there is one."""
    if param.default is None:
        return QCoreApplication.translate("ValueEditor", "not set")
    value = param.default
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)  # JSON, not words
    return QCoreApplication.translate("ValueEditor", "default ({value})").format(value=text)


class WheelGuard(QObject):
    """Scrolling the sidebar must not change a slider, spin box or combo the pointer passes over."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return False


_GUARD: WheelGuard | None = None


def guard_wheel(widget: QWidget) -> None:
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_GUARD)


class ValueEditor(QWidget):
    """Base: `edited` fires on user changes only; set_value/show_unset never fire it."""

    edited = Signal()

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param

    def raw_value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def show_unset(self) -> None:
        """Show the unset state (the default, greyed or as placeholder)."""
        raise NotImplementedError


def _row(*widgets: QWidget, stretch_last: bool = False) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if (stretch_last and i == len(widgets) - 1) else 0)
    return layout


# --- numbers -----------------------------------------------------------------------------------------------


class NumberEditor(ValueEditor):
    """A slider (when the range is bounded) and a spin box with the catalog's real range.

    One extra position below the minimum means "unset": the spin box then reads "default (1)" or
    "not set", so the unset state can be reached and seen from the keyboard too.
    """

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.integer = param.kind == "integer"
        self.step = float(param.step or 1)
        low = param.minimum if param.minimum is not None else (-1e9 if not self.integer else -_INT32 + 1)
        high = param.maximum if param.maximum is not None else (1e9 if not self.integer else _INT32)
        self.low, self.high = float(low), float(high)
        self.wide = self.integer and (abs(self.low) > _INT32 or abs(self.high) > _INT32)
        self.slider: QSlider | None = None
        self.line: QLineEdit | None = None
        self.spin: QAbstractSpinBox | None = None
        if self.wide:  # 64-bit integers (seed): a spin box cannot hold them
            self.line = QLineEdit(self)
            self.line.setValidator(QRegularExpressionValidator(r"-?\d{0,19}", self.line))
            self.line.setPlaceholderText(default_text(param))
            self.line.textEdited.connect(lambda _t: self.edited.emit())
            self.setLayout(_row(self.line, stretch_last=True))
            return
        if self.integer:
            spin: QAbstractSpinBox = QSpinBox(self)
            spin.setRange(int(self.low - self.step), int(self.high))
            spin.setSingleStep(int(self.step))
        else:
            spin = QDoubleSpinBox(self)
            decimals = max(2, _decimals(self.step))
            spin.setDecimals(decimals)
            spin.setRange(self.low - self.step, self.high)
            spin.setSingleStep(self.step)
        spin.setSpecialValueText(default_text(param))
        spin.setKeyboardTracking(False)
        spin.setAccelerated(True)
        spin.setMinimumWidth(96)
        guard_wheel(spin)
        self.spin = spin
        bounded = param.minimum is not None and param.maximum is not None
        if bounded and (self.high - self.low) / self.step <= 10_000:
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(0, round((self.high - self.low) / self.step))
            slider.setPageStep(max(1, slider.maximum() // 10))
            guard_wheel(slider)
            slider.valueChanged.connect(self._slider_moved)
            self.slider = slider
            self.setLayout(_row(slider, spin))
            self.layout().setStretch(0, 1)
        else:
            self.setLayout(_row(spin))
            self.layout().addStretch(1)
        spin.valueChanged.connect(self._spin_changed)
        self.show_unset()

    def _unset_position(self) -> float:
        assert self.spin is not None
        return float(self.spin.minimum())  # type: ignore[attr-defined]

    def _widen_to(self, value: float) -> None:
        """A value from a file outside the range is shown as it is (the row says why it is refused),
        never silently clamped to the nearest allowed one."""
        assert self.spin is not None
        low, high = self.spin.minimum(), self.spin.maximum()  # type: ignore[attr-defined]
        if value <= low + self.step / 2:
            self.spin.setMinimum(value - self.step)  # type: ignore[attr-defined]
        if value > high:
            self.spin.setMaximum(value)  # type: ignore[attr-defined]

    def _slider_moved(self, position: int) -> None:
        value = self.low + position * self.step
        self._set_spin(value)
        self.edited.emit()

    def _spin_changed(self, value: float) -> None:
        if self.slider is not None and value > self._unset_position() + self.step / 2:
            self.slider.blockSignals(True)
            self.slider.setValue(round((value - self.low) / self.step))
            self.slider.blockSignals(False)
        self.edited.emit()

    def _set_spin(self, value: float) -> None:
        assert self.spin is not None
        self.spin.blockSignals(True)
        self.spin.setValue(int(value) if self.integer else value)  # type: ignore[attr-defined]
        self.spin.blockSignals(False)

    def raw_value(self) -> Any:
        if self.line is not None:
            text = self.line.text().strip()
            if not text or text == "-":
                return UNSET
            return int(text)
        assert self.spin is not None
        value = self.spin.value()  # type: ignore[attr-defined]
        if value <= self._unset_position() + self.step / 2:
            return UNSET
        if self.integer:
            return int(value)
        number = round(float(value), self.spin.decimals())  # type: ignore[attr-defined]
        return int(number) if number.is_integer() else number  # 1, not 1.0, as the user typed it

    def set_value(self, value: Any) -> None:
        if self.line is not None:
            self.line.setText(str(value))
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.show_unset()
            return
        self._widen_to(value)
        self._set_spin(value)
        if self.slider is not None:
            self.slider.blockSignals(True)
            self.slider.setValue(round((min(max(value, self.low), self.high) - self.low) / self.step))
            self.slider.blockSignals(False)

    def show_unset(self) -> None:
        if self.line is not None:
            self.line.clear()
            return
        self._set_spin(self._unset_position())
        if self.slider is not None:
            resting = self.param.default if isinstance(self.param.default, (int, float)) else self.low
            self.slider.blockSignals(True)
            self.slider.setValue(round((float(resting) - self.low) / self.step))
            self.slider.blockSignals(False)


def _decimals(step: float) -> int:
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


# --- choices -----------------------------------------------------------------------------------------------


class ChoiceEditor(ValueEditor):
    """An enum (or a boolean as true/false). Choices a provider does not accept are shown disabled."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = QComboBox(self)
        self.combo.setPlaceholderText(default_text(param))
        guard_wheel(self.combo)
        self._values: list[Any] = []
        if param.kind == "boolean":
            self._fill([True, False], ["true", "false"])
        else:
            self._fill(list(param.choices), list(param.choices))
        self.combo.activated.connect(lambda _i: self.edited.emit())
        self.setLayout(_row(self.combo, stretch_last=True))
        self.show_unset()

    def _fill(self, values: list[Any], labels: list[str]) -> None:
        self.combo.clear()
        self._values = list(values)
        for label, value in zip(labels, values, strict=True):
            self.combo.addItem(label, value)

    def set_allowed(self, allowed: Sequence[str] | None, reason: str = "") -> None:
        """Grey out the choices a provider does not list (None: all allowed)."""
        model = self.combo.model()
        if not isinstance(model, QStandardItemModel):
            return
        for row, value in enumerate(self._values):
            item = model.item(row)
            ok = allowed is None or value in allowed
            item.setEnabled(ok)
            item.setToolTip("" if ok else reason)

    def raw_value(self) -> Any:
        index = self.combo.currentIndex()
        return UNSET if index < 0 else self._values[index]

    def set_value(self, value: Any) -> None:
        for i, known in enumerate(self._values):
            if known == value and type(known) is type(value):
                self.combo.setCurrentIndex(i)
                return
        # A value the catalog does not list (from a file): keep it visible rather than drop it.
        self._values.append(value)
        self.combo.addItem(str(value), value)
        self.combo.setCurrentIndex(len(self._values) - 1)

    def show_unset(self) -> None:
        self.combo.setCurrentIndex(-1)


# --- text --------------------------------------------------------------------------------------------------


class TextEditor(ValueEditor):
    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(default_text(param))
        self.line.setClearButtonEnabled(True)
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.setLayout(_row(self.line, stretch_last=True))

    def raw_value(self) -> Any:
        text = self.line.text()
        return UNSET if text == "" else text

    def set_value(self, value: Any) -> None:
        self.line.setText(str(value))

    def show_unset(self) -> None:
        self.line.clear()


def escape(text: str) -> str:
    """Line breaks and tabs made visible for a one-line field (stop sequences often are "\\n")."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def unescape(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "ntr\\":
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[text[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


class TextListEditor(ValueEditor):
    """Up to `max_items` texts (stop sequences), one field each; \\n and \\t stand for line break and tab."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.limit = param.max_items or 16
        self.fields: list[QLineEdit] = []
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(3)
        self._add_field()

    def _add_field(self, text: str = "") -> QLineEdit:
        line = QLineEdit(self)
        line.setPlaceholderText(self.tr("add a sequence (\\n = line break)") if self.fields
                                else self.tr("not set (\\n = line break)"))
        line.setText(text)
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self._changed)
        self.fields.append(line)
        self._box.addWidget(line)
        return line

    def _changed(self, _text: str = "") -> None:
        self._tidy()
        self.edited.emit()

    def _tidy(self) -> None:
        """Keep exactly one empty field at the end while below the limit."""
        filled = [f for f in self.fields if f.text()]
        empties = [f for f in self.fields if not f.text()]
        for extra in empties[1:] if len(filled) < self.limit else empties:
            if extra.hasFocus():
                continue
            self.fields.remove(extra)
            extra.deleteLater()
        if len(self.fields) < self.limit and all(f.text() for f in self.fields):
            self._add_field()

    def raw_value(self) -> Any:
        items = [unescape(f.text()) for f in self.fields if f.text()]
        return items if items else UNSET

    def set_value(self, value: Any) -> None:
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        for f in self.fields:
            f.deleteLater()
        self.fields = []
        for item in items:
            self._add_field(escape(str(item)))
        if len(self.fields) < self.limit:
            self._add_field()

    def show_unset(self) -> None:
        self.set_value([])


class ChoiceListEditor(ValueEditor):
    """A list drawn from fixed choices (modalities): one checkbox per choice."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for choice in param.choices:
            box = QCheckBox(choice, self)
            box.clicked.connect(lambda _c: self.edited.emit())
            self.boxes[choice] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def raw_value(self) -> Any:
        chosen = [c for c, box in self.boxes.items() if box.isChecked()]
        return chosen if chosen else UNSET

    def set_value(self, value: Any) -> None:
        items = value if isinstance(value, list) else [value]
        for choice, box in self.boxes.items():
            box.setChecked(choice in items)

    def show_unset(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)


# --- maps --------------------------------------------------------------------------------------------------


class MapEditor(ValueEditor):
    """Key-value pairs (metadata, logit_bias, extra headers) with a count against the limit."""

    def __init__(self, param: Param, parent: QWidget | None = None, *, key_placeholder: str | None = None,
                 value_placeholder: str | None = None) -> None:
        super().__init__(param, parent)
        key_placeholder = self.tr("key") if key_placeholder is None else key_placeholder
        value_placeholder = self.tr("value") if value_placeholder is None else value_placeholder
        self.integer_values = param.value_kind == "integer"
        self.limit = param.max_items
        self.key_placeholder = key_placeholder
        self.value_placeholder = value_placeholder
        self.pairs: list[tuple[QLineEdit, QLineEdit, QWidget]] = []
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(3)
        self._pair_box = QVBoxLayout()
        self._pair_box.setSpacing(3)
        self._box.addLayout(self._pair_box)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("+ Add pair"))
        self.add_button.setAutoRaise(True)
        self.add_button.clicked.connect(self._add_clicked)
        self.count = QLabel(self)
        self.count.setObjectName("muted")
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.add_button)
        footer.addStretch(1)
        footer.addWidget(self.count)
        self._box.addLayout(footer)
        self._update_count()

    def _add_clicked(self) -> None:
        key, _value, _row_widget = self._add_pair()
        key.setFocus()
        self._update_count()

    def _add_pair(self, key_text: str = "", value_text: str = "") -> tuple[QLineEdit, QLineEdit, QWidget]:
        row = QWidget(self)
        key = QLineEdit(key_text, row)
        key.setPlaceholderText(self.key_placeholder)
        value = QLineEdit(value_text, row)
        value.setPlaceholderText(self.value_placeholder)
        remove = QToolButton(row)
        remove.setText("✕")
        remove.setAutoRaise(True)
        remove.setToolTip(self.tr("Remove this pair"))
        layout = _row(key, value, remove)
        layout.setStretch(0, 1)
        layout.setStretch(1, 1)
        row.setLayout(layout)
        entry = (key, value, row)
        key.textEdited.connect(lambda _t: self.edited.emit())
        value.textEdited.connect(lambda _t: self.edited.emit())
        remove.clicked.connect(lambda: self._remove(entry))
        self.pairs.append(entry)
        self._pair_box.addWidget(row)
        return entry

    def _remove(self, entry: tuple[QLineEdit, QLineEdit, QWidget]) -> None:
        if entry in self.pairs:
            self.pairs.remove(entry)
            entry[2].deleteLater()
            self._update_count()
            self.edited.emit()

    def _update_count(self) -> None:
        n = len([p for p in self.pairs if p[0].text() or p[1].text()])
        self.count.setText(self.tr("{n}/{limit} pairs").format(n=n, limit=self.limit) if self.limit
                           else self.tr("{n} pairs").format(n=n))
        self.add_button.setEnabled(self.limit is None or len(self.pairs) < self.limit)

    def raw_value(self) -> Any:
        self._update_count()
        out: dict[str, Any] = {}
        for key_field, value_field, _row_widget in self.pairs:
            key, text = key_field.text(), value_field.text()
            if not key and not text:
                continue
            if not key:
                raise InputError(self.tr("{name}: the value {value} has no key.").format(
                    name=self.param.name, value=repr(text)))
            if key in out:
                raise InputError(self.tr("{name}: the key {key} appears twice.").format(
                    name=self.param.name, key=repr(key)))
            out[key] = _int_or_text(text) if self.integer_values else text
        return out if out else UNSET

    def set_value(self, value: Any) -> None:
        for _k, _v, row in self.pairs:
            row.deleteLater()
        self.pairs = []
        if isinstance(value, dict):
            for key, item in value.items():
                self._add_pair(str(key), str(item))
        self._update_count()

    def show_unset(self) -> None:
        self.set_value({})


def _int_or_text(text: str) -> Any:
    try:
        return int(text.strip())
    except ValueError:
        return text  # the catalog names the key and says what a value must be
