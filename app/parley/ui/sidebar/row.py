"""One parameter in the sidebar: a "send" checkbox with the name, the editor, and one line of messages.

The checkbox is the unset state made visible: unchecked, the parameter is not sent and the API default
applies; touching the editor checks it. A value the catalog refuses stays in the editor, the row says
why in red, and the parameter is not sent until it is fixed: nothing the user typed is thrown away.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from parley.core.params import Param, ParamError
from parley.ui.engine_text import localize
from parley.ui.sidebar.editors import UNSET, InputError, ValueEditor
from parley.ui.theme import current_theme

Validator = Callable[[Any], Any]


def help_html(param: Param, *, link: bool = False) -> str:
    """Description, default, range, deprecation, who accepts it, and the docs address (a link if asked)."""
    facts = [html.escape(param.description)]  # catalog data: not translated
    if param.default is not None:
        default = ("true" if param.default else "false") if isinstance(param.default, bool) else param.default
        facts.append(QCoreApplication.translate("ParamRow", "<b>Default:</b> {value}").format(
            value=html.escape(str(default))))
    if param.range_text:
        facts.append(QCoreApplication.translate("ParamRow", "<b>Range:</b> {range}").format(
            range=html.escape(param.range_text)))
    if param.choices:
        facts.append(QCoreApplication.translate("ParamRow", "<b>Values:</b> {values}").format(
            values=html.escape(", ".join(param.choices))))
    if param.max_items:
        facts.append((QCoreApplication.translate("ParamRow", "<b>At most:</b> {n} pairs") if param.kind == "map"
                      else QCoreApplication.translate("ParamRow", "<b>At most:</b> {n} items")
                      ).format(n=param.max_items))
    if param.deprecated:
        if param.deprecated_by:
            facts.append(QCoreApplication.translate("ParamRow", "<b>Deprecated</b> — use <code>{name}</code>")
                         .format(name=html.escape(param.deprecated_by)))
        else:
            facts.append(QCoreApplication.translate("ParamRow", "<b>Deprecated</b>"))
    if param.nonstandard:
        facts.append(QCoreApplication.translate("ParamRow", "<b>Not part of the OpenAI API;</b> accepted by {providers}")
                     .format(providers=html.escape(", ".join(param.providers))))
    if param.doc_url:
        url = html.escape(param.doc_url, quote=True)
        facts.append(QCoreApplication.translate("ParamRow", '<b>Docs:</b> <a href="{url}">{url}</a>').format(url=url)
                     if link else QCoreApplication.translate("ParamRow", "<b>Docs:</b> {url}").format(url=url))
    title = f"<b><code>{html.escape(param.name)}</code></b>"
    return title + "<br>" + "<br>".join(facts)


class ParamRow(QFrame):
    """`changed(name)` fires after the user changes the value or the send state."""

    changed = Signal(str)
    help_requested = Signal(str)

    def __init__(self, param: Param, editor: ValueEditor, validate: Validator,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.name = param.name
        self.editor = editor
        self._validate = validate
        # What is sent: the checked value as the catalog normalizes it — or, when the catalog refuses it,
        # as typed (the request builder then refuses to send and says why; nothing is silently dropped).
        # UNSET when not checked or when the input cannot be read at all (a JSON syntax error).
        self.value: Any = UNSET
        self.error: str | None = None
        self._foreign: Any = UNSET  # a value set from outside that the editor cannot show exactly
        self.accepted = True
        self.gate_reason: str | None = None
        self.hint = ""
        self.setObjectName("paramRow")

        label = self.tr("{label} (deprecated)").format(label=param.label) if param.deprecated else param.label
        self.send = QCheckBox(label, self)
        self.send.setToolTip(help_html(param))
        self.send.clicked.connect(self._send_clicked)
        self.tag = QLabel(self)
        self.tag.setObjectName("muted")
        self.tag.setVisible(False)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setAutoRaise(True)
        self.help_button.setToolTip(self.tr("About {name}").format(name=param.name))
        self.help_button.clicked.connect(lambda: self.help_requested.emit(self.name))
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(4)
        header.addWidget(self.send, 1)
        header.addWidget(self.tag)
        header.addWidget(self.help_button)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 3, 2, 5)
        layout.setSpacing(3)
        layout.addLayout(header)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        editor.edited.connect(self._edited)
        if param.nonstandard:
            self.set_tag(self.tr("extra"), self.tr("Not part of the OpenAI API: {providers} accept it.").format(
                providers=", ".join(param.providers)))

    # --- state ---------------------------------------------------------------------------------------

    @property
    def is_set(self) -> bool:
        return self.send.isChecked()

    def set_value(self, value: Any) -> None:
        """Programmatic (a conversation opened, a preset loaded): no `changed` signal."""
        self._foreign = UNSET
        if value is UNSET:
            self.send.setChecked(False)
            self.editor.show_unset()
        else:
            self.editor.set_value(value)
            try:
                shown = self.editor.raw_value()
            except InputError:
                shown = UNSET
            if shown is UNSET or not _same(shown, value):
                # The editor cannot show it exactly (a shape it has no field for, more decimals than the
                # spin box): keep the value as it was set until the user edits it.
                self._foreign = copy.deepcopy(value)
            self.send.setChecked(True)
        self._evaluate()

    def _edited(self) -> None:
        self._foreign = UNSET
        try:
            raw = self.editor.raw_value()
        except InputError:
            raw = None  # something typed: that is a wish to send it, even if it cannot be read yet
        self.send.setChecked(raw is not UNSET)
        self._evaluate()
        self.changed.emit(self.name)

    def _send_clicked(self, checked: bool) -> None:
        if checked:
            try:
                empty = self.editor.raw_value() is UNSET
            except InputError:
                empty = False
            if empty and self.param.default is not None:
                self.editor.set_value(self.param.default)  # checking "send" sends the default as a start
        self._evaluate()
        self.changed.emit(self.name)

    def revalidate(self) -> None:
        """Check the current input again (its validator depends on other parameters)."""
        self._evaluate()

    def _evaluate(self) -> None:
        self.value, self.error = UNSET, None
        notes: list[str] = []
        if self.send.isChecked() and self._foreign is not UNSET:
            raw = self._foreign
            notes.append(self.tr("Kept as it was set: {value}").format(value=_short_json(raw)))
        elif self.send.isChecked():
            try:
                raw = self.editor.raw_value()
            except InputError as exc:
                raw, self.error = UNSET, str(exc)
        if self.send.isChecked():
            if raw is UNSET and not self.error:
                notes.append(self.tr("No value yet: not sent."))
            elif raw is not UNSET:
                try:
                    self.value = self._validate(raw)
                except ParamError as exc:
                    self.value, self.error = raw, str(exc)
            notes.extend(getattr(self.editor, "notes", list)())
        self._show(notes)

    # --- looks ---------------------------------------------------------------------------------------

    def set_tag(self, text: str, tooltip: str = "") -> None:
        self.tag.setText(text)
        self.tag.setToolTip(tooltip)
        self.tag.setVisible(bool(text))

    def set_gate(self, accepted: bool, reason: str | None) -> None:
        """Capability gating: an unsupported parameter is disabled, with the reason as its tooltip.

        A value already set stays (the request builder drops it and says so); only unsetting stays possible.
        """
        reason = localize(reason) if reason else reason
        if accepted == self.accepted and reason == self.gate_reason:
            return
        self.accepted, self.gate_reason = accepted, reason
        self.editor.setEnabled(accepted)
        tip = help_html(self.param)
        if not accepted and reason:
            tip = self.tr("<b>Not available:</b> {reason}.").format(reason=html.escape(reason)) + "<br><br>" + tip
        self.send.setToolTip(tip)
        self.editor.setToolTip("" if accepted else (reason or ""))
        self._evaluate()

    def set_hint(self, hint: str) -> None:
        """A fact about how it is sent ("sent as max_completion_tokens")."""
        if hint != self.hint:
            self.hint = hint
            self._evaluate()

    def _show(self, notes: list[str]) -> None:
        theme = current_theme()
        self.send.setEnabled(self.accepted or self.send.isChecked())
        font = self.send.font()
        font.setBold(self.value is not UNSET and not self.error)
        self.send.setFont(font)
        lines: list[tuple[str, str]] = []
        if self.error:
            lines.append((theme.danger, localize(self.error)))
        if not self.accepted and self.gate_reason and self.send.isChecked():
            lines.append((theme.warning, self.tr("Not sent: {reason}.").format(reason=self.gate_reason)))
        if self.hint and self.value is not UNSET and self.accepted:
            lines.append((theme.muted, self.hint))
        lines.extend((theme.warning, localize(note)) for note in notes)
        if lines:
            self.message.setText("<br>".join(f'<span style="color:{c}">{html.escape(t)}</span>' for c, t in lines))
        self.message.setVisible(bool(lines))

    def message_text(self) -> str:
        """The message line as plain text (tests, accessibility)."""
        return _plain(self.message.text()) if not self.message.isHidden() else ""


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values, where True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def _short_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def _plain(rich: str) -> str:
    return html.unescape(re.sub(r"<br>", "\n", re.sub(r"<(?!br>)[^>]+>", "", rich)))
