"""Editors for parameters with structure: response_format, tool_choice, stream_options.

Each builds the exact JSON the API expects from a few fields, and keeps any field it does not
show (from a file or a newer API) instead of dropping it.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from parley.core.params import Param
from parley.ui.sidebar.editors import UNSET, InputError, ValueEditor, guard_wheel
from parley.ui.sidebar.json_edit import EXAMPLES, JsonText, parse_json, pretty
from parley.ui.sidebar.schema_check import schema_errors, strict_notes

RESPONSE_TYPES = ("text", "json_object", "json_schema")
TOOL_MODES = ("none", "auto", "required")


def _form(parent: QWidget) -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setSpacing(4)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class ResponseFormatEditor(ValueEditor):
    """text / json_object / json_schema (name, description, strict, schema — the schema checked as JSON Schema)."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.kind = QComboBox(self)
        self.kind.addItems(RESPONSE_TYPES)
        self.kind.setPlaceholderText(self.tr("not set (text)"))
        guard_wheel(self.kind)
        self.schema_box = QWidget(self)
        self.name = QLineEdit(self.schema_box)
        self.name.setPlaceholderText(self.tr("a-z, A-Z, 0-9, _ and -, at most 64"))
        self.description = QLineEdit(self.schema_box)
        self.description.setPlaceholderText(self.tr("optional: what the format is for"))
        self.strict = QCheckBox(self.tr("strict: always follow the schema exactly"), self.schema_box)
        self.schema = JsonText(self.schema_box)
        self.schema.setPlaceholderText('{"type": "object", "properties": {…}}')
        form = _form(self.schema_box)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.strict)
        form.addRow(self.tr("Schema"), self.schema)
        self.schema_box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.schema_box)
        self._kept: dict[str, Any] = {}  # fields of json_schema this editor does not show
        self._kept_top: dict[str, Any] = {}
        self._loading = False
        self.kind.activated.connect(self._kind_chosen)
        self.name.textEdited.connect(lambda _t: self.edited.emit())
        self.description.textEdited.connect(lambda _t: self.edited.emit())
        self.strict.clicked.connect(lambda _c: self.edited.emit())
        self.schema.textChanged.connect(self._schema_changed)
        self.show_unset()

    def _kind_chosen(self, _index: int) -> None:
        is_schema = self.kind.currentText() == "json_schema"
        self.schema_box.setVisible(is_schema)
        if is_schema and not self.name.text() and not self.schema.toPlainText().strip():
            self._loading = True
            self.name.setText("answer")
            self.strict.setChecked(True)
            self.schema.setPlainText(pretty(EXAMPLES["schema"]))
            self._loading = False
        self.edited.emit()

    def _schema_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def raw_value(self) -> Any:
        kind = self.kind.currentText() if self.kind.currentIndex() >= 0 else ""
        if not kind:
            return UNSET
        if kind != "json_schema":
            return {**copy.deepcopy(self._kept_top), "type": kind}
        schema = parse_json(self.schema.toPlainText())
        if schema is UNSET:
            raise InputError(self.tr("response_format json_schema needs a schema."))
        problems = schema_errors(schema)
        if problems:
            raise InputError(self.tr("The schema is not valid JSON Schema: {problem}").format(problem=problems[0]))
        inner: dict[str, Any] = {**copy.deepcopy(self._kept), "name": self.name.text()}
        if self.description.text():
            inner["description"] = self.description.text()
        if self.strict.isChecked():
            inner["strict"] = True
        inner["schema"] = schema
        return {**copy.deepcopy(self._kept_top), "type": "json_schema", "json_schema": inner}

    def notes(self) -> list[str]:
        if self.kind.currentText() != "json_schema" or not self.strict.isChecked():
            return []
        try:
            schema = parse_json(self.schema.toPlainText())
        except InputError:
            return []
        return strict_notes(schema) if schema is not UNSET else []

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            kind = value.get("type") if isinstance(value, dict) else None
            if kind not in RESPONSE_TYPES:
                self.show_unset()
                return
            self.kind.setCurrentText(kind)
            self._kept_top = {k: copy.deepcopy(v) for k, v in value.items() if k not in ("type", "json_schema")}
            inner = value.get("json_schema") if isinstance(value.get("json_schema"), dict) else {}
            self._kept = {k: copy.deepcopy(v) for k, v in inner.items()
                          if k not in ("name", "description", "strict", "schema")}
            self.name.setText(str(inner.get("name", "")))
            self.description.setText(str(inner.get("description", "")))
            self.strict.setChecked(inner.get("strict") is True)
            self.schema.setPlainText(pretty(inner["schema"]) if "schema" in inner else "")
            self.schema_box.setVisible(kind == "json_schema")
        finally:
            self._loading = False

    def show_unset(self) -> None:
        self._loading = True
        self.kind.setCurrentIndex(-1)
        self.schema_box.setVisible(False)
        self._kept, self._kept_top = {}, {}
        self._loading = False


class ToolChoiceEditor(ValueEditor):
    """none / auto / required, or one of the tools defined in `tools` by name."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = QComboBox(self)
        self.combo.setPlaceholderText(self.tr("not set (auto with tools, none without)"))
        guard_wheel(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self._tools: list[tuple[str, str]] = []  # (type, name) from the tools parameter
        self._other: Any = None  # a value from a file this editor has no entry for
        self._fill()
        self.combo.activated.connect(lambda _i: self.edited.emit())

    @staticmethod
    def _value_for(kind: str, name: str) -> dict[str, Any]:
        return {"type": kind, kind: {"name": name}}

    def _fill(self) -> None:
        current = self.raw_value() if self.combo.count() else UNSET
        self.combo.blockSignals(True)
        self.combo.clear()
        for mode in TOOL_MODES:
            self.combo.addItem(mode, mode)
        for kind, name in self._tools:
            self.combo.addItem(f"{kind}: {name}", self._value_for(kind, name))
        if self._other is not None:
            self.combo.addItem(self.tr("as in the file: {value}").format(value=pretty(self._other)[:40]), self._other)
        if current is not UNSET and not self._select(current):
            # The chosen tool left `tools`: keep the choice (a warning says the API would reject it).
            self.combo.addItem(self.tr("{choice} (not in tools)").format(choice=self._label(current)), current)
        self.combo.blockSignals(False)
        if current is UNSET:
            self.combo.setCurrentIndex(-1)
        else:
            self._select(current)

    @staticmethod
    def _label(value: Any) -> str:
        if isinstance(value, dict) and isinstance(value.get(value.get("type")), dict):
            return f"{value['type']}: {value[value['type']].get('name')}"
        return pretty(value)[:40]

    def set_tools(self, tools: Any) -> None:
        """Offer the tools currently defined (function and custom tools, by name)."""
        found: list[tuple[str, str]] = []
        for tool in tools if isinstance(tools, list) else []:
            if not isinstance(tool, dict):
                continue
            kind = tool.get("type")
            inner = tool.get(kind) if isinstance(kind, str) else None
            if kind in ("function", "custom") and isinstance(inner, dict) and isinstance(inner.get("name"), str):
                found.append((kind, inner["name"]))
        if found != self._tools:
            self._tools = found
            self._fill()

    def _select(self, value: Any) -> bool:
        for i in range(self.combo.count()):
            if self.combo.itemData(i) == value:
                self.combo.setCurrentIndex(i)
                return True
        return False

    def raw_value(self) -> Any:
        index = self.combo.currentIndex()
        return UNSET if index < 0 else copy.deepcopy(self.combo.itemData(index))

    def set_value(self, value: Any) -> None:
        if self._select(value):
            return
        if isinstance(value, dict) and value.get("type") in ("function", "custom"):
            kind = value["type"]
            name = (value.get(kind) or {}).get("name") if isinstance(value.get(kind), dict) else None
            if isinstance(name, str) and set(value) == {"type", kind}:
                self._tools.append((kind, name))  # named in the file though not (yet) in tools
                self._fill()
                self._select(value)
                return
        self._other = copy.deepcopy(value)
        self._fill()
        self._select(value)

    def show_unset(self) -> None:
        self.combo.setCurrentIndex(-1)

    def named_tool_missing(self) -> str | None:
        """The tool the choice names when `tools` does not define it (the API would reject the request)."""
        value = self.raw_value()
        if isinstance(value, dict) and value.get("type") in ("function", "custom"):
            name = (value.get(value["type"]) or {}).get("name")
            return name if (value["type"], name) not in self._tools else None
        return None


class StreamOptionsEditor(ValueEditor):
    """include_usage and include_obfuscation, each true or false (or left out)."""

    FIELDS = ("include_usage", "include_obfuscation")

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        form = _form(self)
        self.combos: dict[str, QComboBox] = {}
        for field in self.FIELDS:
            combo = QComboBox(self)
            combo.addItem("true", True)
            combo.addItem("false", False)
            combo.setPlaceholderText(self.tr("left out"))
            guard_wheel(combo)
            combo.activated.connect(lambda _i: self.edited.emit())
            self.combos[field] = combo
            form.addRow(field, combo)
        self.setLayout(form)
        self._kept: dict[str, Any] = {}

    def raw_value(self) -> Any:
        out = copy.deepcopy(self._kept)
        for field, combo in self.combos.items():
            if combo.currentIndex() >= 0:
                out[field] = combo.currentData()
        return out if out else UNSET

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        self._kept = {k: copy.deepcopy(v) for k, v in value.items() if k not in self.FIELDS}
        for field, combo in self.combos.items():
            item = value.get(field)
            combo.setCurrentIndex(-1 if not isinstance(item, bool) else (0 if item else 1))

    def show_unset(self) -> None:
        self.set_value({})
