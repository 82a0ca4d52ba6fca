"""The parameter sidebar: every Chat Completions parameter, generated from the catalog (`core.params`).

What it holds is a params dict exactly like `Conversation.params` (absent key = unset; keys the catalog
does not know come from the "Extra body" editor and are sent as written), plus request options
(extra headers, timeout, retries) that are not part of the body. It is gated by the target's
capabilities (`core.providers`), warns with `core.params.warnings`, and previews the request with the
same builder the runner uses. See docs/sidebar.md for wiring it into the main window.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from parley.core import params as catalog
from parley.core import providers
from parley.core.conversation import Conversation
from parley.core.params import Param, ParamError
from parley.core.providers import Capabilities, ProviderProfile
from parley.core.redaction import is_credential_header
from parley.services import presets
from parley.services.runner import RunOptions
from parley.ui.engine_text import localize
from parley.ui.sidebar import fixes
from parley.ui.sidebar.editors import (
    UNSET,
    ChoiceEditor,
    ChoiceListEditor,
    MapEditor,
    NumberEditor,
    TextEditor,
    TextListEditor,
    ValueEditor,
    guard_wheel,
)
from parley.ui.sidebar.help_pane import HelpPane
from parley.ui.sidebar.json_edit import JsonEditor
from parley.ui.sidebar.logit_bias import LogitBiasEditor, TokenSource
from parley.ui.sidebar.presets_bar import PresetBar
from parley.ui.sidebar.preview import Preview, request_preview
from parley.ui.sidebar.preview_panel import PreviewPanel
from parley.ui.sidebar.row import ParamRow
from parley.ui.sidebar.section import GroupSection
from parley.ui.sidebar.structured import ResponseFormatEditor, StreamOptionsEditor, ToolChoiceEditor
from parley.ui.theme import current_theme

# Set by the conversation and its target, not by the sidebar (the model has its own box at the top).
_NOT_EDITED = frozenset({"model", "messages"})
EMIT_DELAY_MS = 120  # a slider drag becomes one params_changed, not fifty
PREVIEW_DELAY_MS = 200

# Not request-body parameters, so not in the catalog: the sidebar's own entries in "Advanced".
# Their descriptions are help data like the catalog's (`core.params`), which is not translated either.
EXTRA_BODY = Param(
    "extra_body", "json", "Advanced",
    "Fields Parley has no editor for, merged into the request body exactly as written: options of a "
    "particular server (vLLM guided_json, OpenRouter provider routing…). Keys that have their own editor "
    "above are refused here.", json_schema={"type": "object"})
EXTRA_HEADERS = Param(
    "extra_headers", "map", "Advanced",
    "HTTP headers added to each request (routing, tracing, organisation headers). API keys do not belong "
    "here: store them under Providers & keys.", value_kind="string")
TIMEOUT = Param(
    "timeout", "number", "Advanced",
    "Seconds to wait for the next bytes of an answer before giving up (an idle timeout, not a total one).",
    default=120, minimum=1, maximum=600, step=5)
MAX_RETRIES = Param(
    "max_retries", "integer", "Advanced",
    "How many times a request is retried after a connection error, 429 or 5xx — only while nothing has "
    "arrived yet, so an answer is never duplicated.", default=2, minimum=0, maximum=10)
STREAM = Param(
    "stream", "boolean", "Advanced",
    "Receive the answer while it is generated (server-sent events). Parley streams unless this is false; "
    "the API itself defaults to false.", default=True, doc_url=catalog.CATALOG["stream"].doc_url,
    spec_schema=catalog.CATALOG["stream"].spec_schema)
OPTION_PARAMS = {p.name: p for p in (EXTRA_HEADERS, TIMEOUT, MAX_RETRIES)}

_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def providers_module_profiles() -> dict[str, ProviderProfile]:
    return providers.load_profiles()


def editable_params() -> list[Param]:
    """Every parameter with an editor, in catalog (= group) order, then the sidebar's own entries."""
    out = []
    for name, param in catalog.CATALOG.items():
        if name in _NOT_EDITED:
            continue
        out.append(STREAM if name == "stream" else param)
    return [*out, EXTRA_BODY, *OPTION_PARAMS.values()]


def _validate_extra_body(value: Any, own: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParamError("extra_body", QCoreApplication.translate(
            "ParameterSidebar", "Extra body must be a JSON object ({\"name\": value, …})."))
    taken = sorted(k for k in value if k in own)
    if len(taken) == 1:
        raise ParamError("extra_body", QCoreApplication.translate(
            "ParameterSidebar", "{name} has an editor of its own in the sidebar: set it there.").format(name=taken[0]))
    if taken:
        raise ParamError("extra_body", QCoreApplication.translate(
            "ParameterSidebar", "{names} have an editor of its own in the sidebar: set it there."
        ).format(names=", ".join(taken)))
    return value


def _validate_headers(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ParamError("extra_headers", QCoreApplication.translate(
            "ParameterSidebar", "Extra headers must be name: value pairs."))
    for name, item in value.items():
        if not _HEADER_NAME.match(name):
            raise ParamError("extra_headers", QCoreApplication.translate(
                "ParameterSidebar", "{name} is not a valid HTTP header name.").format(name=repr(name)))
        if is_credential_header(name):
            raise ParamError("extra_headers", QCoreApplication.translate(
                "ParameterSidebar", "The {name} header carries a credential: store the key under "
                "Providers & keys instead, where it stays out of files.").format(name=name))
        if not isinstance(item, str) or "\n" in item or "\r" in item:
            raise ParamError("extra_headers", QCoreApplication.translate(
                "ParameterSidebar", "The value of {name} must be one line of text.").format(name=name))
    return value


def _validate_range(param: Param, value: Any) -> Any:
    integer = param.kind == "integer"
    ok_type = isinstance(value, int if integer else (int, float)) and not isinstance(value, bool)
    low, high = param.minimum, param.maximum
    if not ok_type or (low is not None and value < low) or (high is not None and value > high):
        sentence = (QCoreApplication.translate("ParameterSidebar", "{name} must be a whole number from {range}, not {value}.")
                    if integer else
                    QCoreApplication.translate("ParameterSidebar", "{name} must be a number from {range}, not {value}."))
        raise ParamError(param.name, sentence.format(name=param.name, range=param.range_text, value=repr(value)))
    return value


class ParameterSidebar(QWidget):
    """The right-hand dock's content. Signals carry complete values, never deltas."""

    changed = Signal()  # the bound conversation was changed (params, model or provider): mark it modified
    params_changed = Signal(dict)  # every parameter to send (absent = unset), after the user changed one
    options_changed = Signal(dict)  # {"extra_headers": {...}, "timeout": s, "max_retries": n}, set ones only
    model_changed = Signal(str)  # the user picked or typed another model
    provider_changed = Signal(str)  # the user picked another provider (its profile id)
    problems_changed = Signal(list)  # sentences; while not empty, the values in error are not sent
    fix_applied = Signal(str, str)  # (param, "drop" | "rename:<name>") after the user chose a fix

    def __init__(self, providers: Mapping[str, str] | None = None, parent: QWidget | None = None, *,
                 profiles: Mapping[str, ProviderProfile] | None = None,
                 expanded: tuple[str, ...] = ("Sampling", "Length and stopping")) -> None:
        """`providers`: profile id -> name for the provider box (default: every profile);
        `profiles`: the profiles to gate with (default: `core.providers.load_profiles()`)."""
        super().__init__(parent)
        self.setObjectName("parameterSidebar")
        self._profiles: dict[str, ProviderProfile] = dict(profiles if profiles is not None
                                                          else providers_module_profiles())
        self._conversation: Conversation | None = None
        self._params_by_name = {p.name: p for p in editable_params()}
        self._own_names = frozenset(n for n in self._params_by_name if n != EXTRA_BODY.name) | _NOT_EDITED
        self._values: dict[str, Any] = {}  # parameter / option name -> value, for rows not built yet
        self._rows: dict[str, ParamRow] = {}
        self._profile: ProviderProfile | None = None
        self._model = ""
        self._base_url: str | None = None
        self._caps: Capabilities | None = None
        self._messages: list[dict[str, Any]] = []
        self._source: TokenSource | None = None
        self._problems: list[str] = []
        self._offer: fixes.FixOffer | None = None
        self._preview: Preview = Preview()
        self._quick: Preview = Preview()
        self._pending_params = self._pending_options = False

        self._emit_timer = _single_shot(self, EMIT_DELAY_MS, self._emit_now)
        self._preview_timer = _single_shot(self, PREVIEW_DELAY_MS, self.refresh_preview)

        # --- model -----------------------------------------------------------------------------------
        self.model_combo = QComboBox(self)
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.lineEdit().setPlaceholderText(self.tr("model id, e.g. gpt-4o-mini"))
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(10)
        guard_wheel(self.model_combo)
        self.model_combo.activated.connect(lambda _i: self._model_edited())
        self.model_combo.lineEdit().editingFinished.connect(self._model_edited)
        self.provider_combo = QComboBox(self)
        self.provider_combo.setToolTip(self.tr("Where the conversation is sent (configure in Providers & keys)"))
        self.provider_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        guard_wheel(self.provider_combo)
        names = providers if providers is not None else {pid: p.name for pid, p in self._profiles.items()}
        for pid, name in names.items():
            self.provider_combo.addItem(name, pid)
        self.provider_combo.activated.connect(lambda _i: self._provider_chosen())
        model_row = QFormLayout()
        model_row.setContentsMargins(0, 0, 0, 0)
        model_row.setSpacing(4)
        model_row.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        model_row.addRow(self.tr("Provider"), self.provider_combo)
        model_row.addRow(self.tr("Model"), self.model_combo)
        self.target_notes = QLabel(self)
        self.target_notes.setObjectName("muted")
        self.target_notes.setWordWrap(True)
        self.target_notes.hide()

        # --- presets, fix offer, warnings ------------------------------------------------------------
        self.presets = PresetBar(lambda: (self.params(), self.request_options()), self)
        self.presets.preset_chosen.connect(self._load_preset)
        self.presets.reset_requested.connect(self.reset_to_defaults)
        self.presets.details_requested.connect(lambda text: self._show_help_html(text))

        self.fix_banner = QFrame(self)
        self.fix_banner.setObjectName("fixBanner")
        self.fix_text = QLabel(self.fix_banner)
        self.fix_text.setWordWrap(True)
        self.fix_drop = QPushButton(self.tr("Leave it out"), self.fix_banner)
        self.fix_drop.clicked.connect(lambda: self._choose_fix("drop"))
        self.fix_rename = QPushButton("", self.fix_banner)
        self.fix_rename.clicked.connect(lambda: self._choose_fix(f"rename:{self._offer.rename_to}"
                                                                 if self._offer else "drop"))
        dismiss = QPushButton(self.tr("Dismiss"), self.fix_banner)
        dismiss.clicked.connect(self.fix_banner.hide)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.fix_drop)
        buttons.addWidget(self.fix_rename)
        buttons.addStretch(1)
        buttons.addWidget(dismiss)
        banner_layout = QVBoxLayout(self.fix_banner)
        banner_layout.setContentsMargins(6, 6, 6, 6)
        banner_layout.addWidget(self.fix_text)
        banner_layout.addLayout(buttons)
        self.fix_banner.hide()

        self.warnings = QLabel(self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.linkActivated.connect(self._warning_link)
        self.warnings.hide()

        # --- parameters tab --------------------------------------------------------------------------
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Find a parameter…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.hide_unavailable = QCheckBox(self.tr("Hide unavailable"), self)
        self.hide_unavailable.setToolTip(self.tr("Hide parameters this provider and model do not accept"))
        self.hide_unavailable.toggled.connect(lambda _c: self._filter(self.search.text()))
        search_row = QHBoxLayout()
        search_row.setSpacing(6)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.hide_unavailable)

        groups: dict[str, list[str]] = {group: [] for group in catalog.GROUPS}
        for param in self._params_by_name.values():
            groups[param.group].append(param.name)
        self.sections: dict[str, GroupSection] = {}
        container = QWidget()
        container.setObjectName("sections")
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for group, names in groups.items():
            section = GroupSection(group, names, self._make_row, container)
            section.rows_built.connect(self._section_built)
            self.sections[group] = section
            column.addWidget(section)
        self.no_match = QLabel(self.tr("No parameter matches."), container)
        self.no_match.setObjectName("muted")
        self.no_match.hide()
        column.addWidget(self.no_match)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(container)
        self.help = HelpPane(self)

        params_tab = QWidget(self)
        params_layout = QVBoxLayout(params_tab)
        params_layout.setContentsMargins(0, 4, 0, 0)
        params_layout.setSpacing(4)
        params_layout.addLayout(search_row)
        params_layout.addWidget(self.scroll, 1)
        params_layout.addWidget(self.help)

        self.preview_panel = PreviewPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(params_tab, self.tr("Parameters"))
        self.tabs.addTab(self.preview_panel, self.tr("Request"))
        self.tabs.currentChanged.connect(lambda _i: self._preview_timer.start())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(model_row)
        layout.addWidget(self.target_notes)
        layout.addWidget(self.presets)
        layout.addWidget(self.fix_banner)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tabs, 1)
        self._apply_style()
        self._expanded_before_search: dict[str, bool] | None = None
        for group in expanded:
            if group in self.sections:
                self.sections[group].set_expanded(True)
        self._after_change(emit=False)

    # ============================================================================ public API

    def params(self) -> dict[str, Any]:
        """The parameters to send: catalog names plus extra-body keys (absent = unset)."""
        out: dict[str, Any] = {}
        for name in self._params_by_name:
            if name in OPTION_PARAMS:
                continue
            value = self._current(name)
            if value is UNSET:
                continue
            if name == EXTRA_BODY.name:
                for key, item in value.items():
                    out.setdefault(key, copy.deepcopy(item))
            else:
                out[name] = copy.deepcopy(value)
        return out

    def request_options(self) -> dict[str, Any]:
        """What is not in the body: extra headers, timeout and retries (only those set)."""
        out = {}
        for name in OPTION_PARAMS:
            value = self._current(name)
            if value is not UNSET:
                out[name] = copy.deepcopy(value)
        return out

    def set_params(self, params: Mapping[str, Any]) -> None:
        """Show a conversation's parameters (no params_changed: nothing changed from its point of view)."""
        self._distribute(dict(params))
        self._after_change(emit=False)

    def run_options(self) -> RunOptions:
        """The request options as the runner takes them: `runner.start(conversation, options=...)`."""
        options = self.request_options()
        return RunOptions(read_timeout=options.get("timeout"), max_retries=options.get("max_retries"),
                          extra_headers=dict(options.get("extra_headers") or {}))

    def set_request_options(self, options: Mapping[str, Any]) -> None:
        for name in OPTION_PARAMS:
            self._set_one(name, copy.deepcopy(options[name]) if name in options else UNSET)
        self._after_change(emit=False)

    def set_target(self, profile: ProviderProfile | None, model: str, base_url: str | None = None) -> None:
        """Gate the editors by what this provider and model accept (and preview for them).
        None: an unknown provider, nothing is gated."""
        self._profile, self._model, self._base_url = profile, model, base_url
        if profile is not None:
            self._profiles.setdefault(profile.id, profile)
            index = self.provider_combo.findData(profile.id)
            if index < 0:
                self.provider_combo.addItem(profile.name, profile.id)
                index = self.provider_combo.count() - 1
            self.provider_combo.setCurrentIndex(index)
        if self.model_combo.currentText() != model:
            self.model_combo.setEditText(model)
        self._show_default_model()
        self._refresh_caps()

    def _show_default_model(self) -> None:
        default = self._profile.default_model if self._profile is not None else None
        self.model_combo.lineEdit().setPlaceholderText(
            self.tr("default: {model}").format(model=default) if default else self.tr("model id, e.g. gpt-4o-mini"))

    def set_conversation(self, conversation: Conversation) -> None:
        """Show a conversation's target and parameters, and write the user's changes back into it
        (`conversation.params`, `target.model`, `target.provider`), emitting `changed` after each."""
        self._conversation = None  # nothing below is a user change
        target = conversation.target
        self.set_target(self._profiles.get(target.provider), target.model, target.base_url)
        if target.provider not in self._profiles:
            self.provider_combo.addItem(target.provider, target.provider)
            self.provider_combo.setCurrentIndex(self.provider_combo.count() - 1)
        self.set_params(conversation.params)
        self.set_request_options(conversation.request_options)
        self.set_messages(conversation.wire_messages())
        self._conversation = conversation

    def set_models(self, models: list[str]) -> None:
        """The model ids to offer (from the provider's model list); the current text stays."""
        current = self.model_combo.currentText()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems(models)
        self.model_combo.setEditText(current)
        self.model_combo.blockSignals(False)

    def model(self) -> str:
        return self._model

    def set_messages(self, messages: list[dict[str, Any]]) -> None:
        """The wire messages the next request will carry (for warnings, the preview and its token count)."""
        self._messages = copy.deepcopy(messages)
        self._rebuild_quick()
        self._update_warnings()
        self._preview_timer.start()

    def set_token_source(self, source: TokenSource | None) -> None:
        """How to reach the provider's tokenizer endpoint (text -> [(id, bytes)]), or None for offline ids."""
        self._source = source
        self._retarget_bias()

    def problems(self) -> list[str]:
        """Sentences about values that cannot be sent as typed (they are left out until fixed)."""
        return list(self._problems)

    def offer_fix(self, param: str, provider_message: str = "") -> None:
        """After a 400 naming `param`: offer to leave it out (or rename it) for this model from now on."""
        self._offer = fixes.offer_for(param, provider_message)
        who = self._profile.name if self._profile else self.tr("The provider")
        model = self._model or self.tr("this model")
        text = self.tr("{provider} rejected <b>{param}</b> for {model}.").format(
            provider=html.escape(who), param=html.escape(param), model=html.escape(model))
        if provider_message:
            text += " " + self.tr("It said: “{message}”").format(message=html.escape(localize(provider_message)))
        self.fix_text.setText(text)
        self.fix_rename.setVisible(self._offer.rename_to is not None)
        self.fix_rename.setText(self.tr("Send as {name}").format(name=self._offer.rename_to)
                                if self._offer.rename_to else "")
        self.fix_drop.setText(self.tr("Leave {param} out for {model}").format(param=param, model=model))
        self.fix_banner.show()

    def apply_provider_fix(self, param: str, action: str) -> None:
        """Remember "drop" or "rename:<new>" for `param` with this provider and model, and apply it now."""
        if self._profile is None:
            raise ValueError("No provider is set: call set_target first.")
        fixes.remember(self._profile.id, self._model, param, action)
        self.fix_banner.hide()
        self._refresh_caps()
        self.fix_applied.emit(param, action)

    def reset_to_defaults(self) -> None:
        """Unset every parameter (request options included): the provider's defaults apply."""
        self._distribute(presets.defaults())
        for name in OPTION_PARAMS:
            self._set_one(name, UNSET)
        self._after_change(emit=True, params=True, options=True)

    def preview(self) -> Preview:
        """The request as Send would post it now (built on demand, tokens counted)."""
        self.refresh_preview(force=True)
        return self._preview

    def row(self, name: str) -> ParamRow:
        """The editor row of a parameter (its group is built if it was not yet)."""
        param = self._params_by_name[name]
        self.sections[param.group].build()
        return self._rows[name]

    def show_group(self, group: str, expanded: bool = True) -> None:
        self.sections[group].set_expanded(expanded)

    # ============================================================================ rows

    def _make_row(self, name: str, parent: QWidget) -> ParamRow:
        param = self._params_by_name[name]
        editor = _editor_for(param, parent)
        if name == EXTRA_BODY.name:
            own = self._own_names

            def validate(value: Any) -> Any:
                return _validate_extra_body(value, own)
        elif name == EXTRA_HEADERS.name:
            validate = _validate_headers
        elif name in OPTION_PARAMS:
            def validate(value: Any, p: Param = param) -> Any:
                return _validate_range(p, value)
        else:
            def validate(value: Any, n: str = name) -> Any:
                return catalog.validate(n, value)
        row = ParamRow(param, editor, validate, parent)
        row.set_value(self._values.get(name, UNSET))
        row.changed.connect(self._row_changed)
        row.help_requested.connect(self._show_help)
        self._rows[name] = row
        return row

    def _section_built(self, _section: GroupSection) -> None:
        self._link_tools()
        self._retarget_bias()
        self._regate()
        self._filter(self.search.text())

    def _current(self, name: str) -> Any:
        row = self._rows.get(name)
        if row is not None:
            return row.value
        return self._values.get(name, UNSET)

    def _set_one(self, name: str, value: Any) -> None:
        if value is UNSET:
            self._values.pop(name, None)
        else:
            self._values[name] = value
        row = self._rows.get(name)
        if row is not None:
            row.set_value(value)

    def _distribute(self, params: dict[str, Any]) -> None:
        extra = {}
        for name in self._params_by_name:
            if name in OPTION_PARAMS or name == EXTRA_BODY.name:
                continue
            self._set_one(name, params.pop(name) if name in params else UNSET)
        for key, value in params.items():
            if value is not None:
                extra[key] = value  # unknown to the editors (provider extras, model…): kept, sent as written
        self._set_one(EXTRA_BODY.name, extra if extra else UNSET)
        self._link_tools()

    def _row_changed(self, name: str) -> None:
        row = self._rows[name]
        if row.value is UNSET:
            self._values.pop(name, None)
        else:
            self._values[name] = row.value
        if name == "tools":
            self._link_tools()
        self._after_change(emit=True, params=name not in OPTION_PARAMS, options=name in OPTION_PARAMS)

    def _link_tools(self) -> None:
        choice = self._rows.get("tool_choice")
        if choice is not None and isinstance(choice.editor, ToolChoiceEditor):
            choice.editor.set_tools(self._current("tools") if self._current("tools") is not UNSET else [])
            choice.revalidate()

    def _after_change(self, *, emit: bool, params: bool = True, options: bool = False) -> None:
        self._regate()
        self._update_problems()
        self._rebuild_quick()
        self._update_warnings()
        self._update_summaries()
        self.presets.update_diff()
        self._preview_timer.start()
        if emit:
            conv = self._conversation
            if conv is not None and params:
                conv.params.clear()
                conv.params.update(self.params())  # at once: a Send right after an edit uses it
            if conv is not None and options:
                conv.request_options = self.request_options()  # saved with the conversation
            self._pending_options = self._pending_options or options
            self._pending_params = self._pending_params or params
            self._emit_timer.start()

    def _emit_now(self) -> None:
        if self._pending_params:
            self.params_changed.emit(self.params())
            if self._conversation is not None:
                self.changed.emit()
        if self._pending_options:
            self.options_changed.emit(self.request_options())
        self._pending_params = self._pending_options = False

    def flush(self) -> None:
        """Emit pending changes now (before Send, so the debounce never loses the last edit)."""
        if self._emit_timer.isActive():
            self._emit_timer.stop()
            self._emit_now()

    # ============================================================================ capabilities

    def _refresh_caps(self) -> None:
        self._caps = self._profile.capabilities_for(self._model) if self._profile else None
        notes = list(self._caps.notes) if self._caps else []
        self.target_notes.setText(" ".join(localize(note) for note in notes))
        self.target_notes.setVisible(bool(notes))
        self._retarget_bias()
        self._after_change(emit=False)

    def _retarget_bias(self) -> None:
        row = self._rows.get("logit_bias")
        if row is not None and isinstance(row.editor, LogitBiasEditor) and self._profile is not None:
            row.editor.set_target(self._profile, self._model, self._source)

    def availability(self, name: str, current: Mapping[str, Any] | None = None) -> tuple[bool, str | None]:
        """Whether the current target accepts `name`, and why not (`current`: params(), if at hand)."""
        if self._caps is None or name in OPTION_PARAMS or name in (EXTRA_BODY.name, "stream"):
            return True, None
        return self._caps.accepts(name, self.params() if current is None else current)

    def _regate(self) -> None:
        caps = self._caps
        current = self.params()
        for name, row in self._rows.items():
            if caps is None or name in OPTION_PARAMS or name in (EXTRA_BODY.name, "stream"):
                row.set_gate(True, None)
                row.set_hint("")
                continue
            ok, reason = caps.accepts(name, current)
            row.set_gate(ok, reason)
            row.set_hint(self._hint(name, caps))
            if name == "reasoning_effort" and isinstance(row.editor, ChoiceEditor):
                allowed = caps.reasoning_effort
                accepted = ", ".join(allowed)
                row.editor.set_allowed(allowed or None, self.tr("{model} accepts {values}").format(
                    model=caps.label or self.tr("This model"), values=accepted) if allowed else "")
                value = row.value
                if ok and value is not UNSET and allowed and value not in allowed:
                    row.set_hint(self.tr("Not sent: {model} accepts {values}.").format(model=caps.label, values=accepted))

    def _hint(self, name: str, caps: Capabilities) -> str:
        if name in ("max_tokens", "max_completion_tokens") and name != caps.token_limit_field:
            return self.tr("Sent as {name} ({model} expects it).").format(name=caps.token_limit_field, model=caps.label)
        wire = caps.wire_name(name)
        if wire != name:
            return self.tr("Sent as {name} ({model} expects it).").format(name=wire, model=caps.label)
        if name == "top_logprobs" and caps.max_top_logprobs is not None:
            return self.tr("{model} returns at most {n}.").format(model=caps.label, n=caps.max_top_logprobs)
        return ""

    def _choose_fix(self, action: str) -> None:
        if self._offer is not None:
            self.apply_provider_fix(self._offer.param, action)

    # ============================================================================ warnings, problems, summaries

    def _update_problems(self) -> None:
        problems = [row.error for row in self._rows.values() if row.error]
        for name, value in self._values.items():  # values of rows not built yet (from a file)
            if name in self._rows or name in OPTION_PARAMS or name == EXTRA_BODY.name:
                continue
            try:
                catalog.validate(name, value)
            except ParamError as exc:
                problems.append(str(exc))
        if problems != self._problems:
            self._problems = problems
            self.problems_changed.emit(list(problems))

    def _rebuild_quick(self) -> None:
        """The request as it would be built now, without the token count (well under a millisecond):
        warnings judge what is sent, and the Request tab says how many adjustments there are."""
        if self._profile is None:
            self._quick = Preview()
        else:
            self._quick = request_preview(self._messages, self.params(), self._profile, self._model,
                                          base_url=self._base_url, count_tokens=False)
        count = len(self._quick.adjustments)
        self.tabs.setTabText(1, self.tr("Request ({n} adjusted)").format(n=count) if count else self.tr("Request"))

    def warning_sentences(self) -> list[str]:
        """Conflicts in what will be sent (after the provider's adjustments: top_logprobs without logprobs
        is fixed by the builder, so it is not a warning), plus deprecated parameters the user chose."""
        current = self.params()
        body = self._quick.body
        sent = current if body is None else {k: v for k, v in body.items() if k not in _NOT_EDITED}
        deprecated = {n for n in (*sent, *current) if n in catalog.CATALOG and catalog.CATALOG[n].deprecated}
        notes = catalog.warnings({n: v for n, v in current.items() if n in deprecated}, self._messages)
        notes += catalog.warnings({n: v for n, v in sent.items() if n not in deprecated}, self._messages)
        notes = list(dict.fromkeys(localize(note) for note in notes))
        choice = self._rows.get("tool_choice")
        if choice is not None and isinstance(choice.editor, ToolChoiceEditor):
            missing = choice.editor.named_tool_missing()
            if missing and choice.value is not UNSET:
                notes.append(self.tr("tool_choice names {name}, which tools does not define; the API rejects that.")
                             .format(name=missing))
        return notes

    def learned_fixes(self) -> list[providers.LearnedFix]:
        if self._profile is None:
            return []
        return [f for f in providers.learned_fixes()
                if f.provider_id == self._profile.id and f.model in (self._model, "*")]

    def _update_warnings(self) -> None:
        theme = current_theme()
        lines = [f'<div style="color:{theme.warning}">⚠ {html.escape(n)}</div>' for n in self.warning_sentences()]
        name = self._profile.name if self._profile else ""
        undo = self.tr("Undo")
        for fix in self.learned_fixes():
            lines.append(f'<div style="color:{theme.muted}">{html.escape(fixes.describe(fix, name))} '
                         f'<a href="forget:{html.escape(fix.model)}:{html.escape(fix.param)}">{undo}</a></div>')
        self.warnings.setText("".join(lines))
        self.warnings.setVisible(bool(lines))

    def _warning_link(self, link: str) -> None:
        kind, _, rest = link.partition(":")
        if kind == "forget" and self._profile is not None:
            model, _, param = rest.rpartition(":")
            providers.forget_fix(self._profile.id, model, param)
            self._refresh_caps()

    def _update_summaries(self) -> None:
        current = self.params()
        options = self.request_options()
        for section in self.sections.values():
            set_count = sum(1 for n in section.names if n in current or n in options
                            or (n == EXTRA_BODY.name and self._current(n) is not UNSET))
            off = sum(1 for n in section.names if not self.availability(n, current)[0])
            parts = []
            if set_count:
                parts.append(self.tr("{n} set").format(n=set_count))
            if off:
                parts.append(self.tr("{n} unavailable").format(n=off))
            section.set_summary(" · ".join(parts))

    # ============================================================================ search, help, presets, preview

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        hide_off = self.hide_unavailable.isChecked()
        current = self.params() if hide_off else {}
        if needle and self._expanded_before_search is None:
            self._expanded_before_search = {g: s.expanded for g, s in self.sections.items()}
        any_match = False
        for section in self.sections.values():
            visible = None
            if needle or hide_off:
                visible = {n for n in section.names
                           if (not needle or needle in n.casefold()
                               or needle in self._params_by_name[n].label.casefold())
                           and (not hide_off or self.availability(n, current)[0] or n in self._values)}
            matches = section.filter(visible)
            section.setVisible(matches)
            any_match = any_match or matches
            if needle and matches:
                section.set_expanded(True)
        if not needle and self._expanded_before_search is not None:
            for group, was in self._expanded_before_search.items():
                self.sections[group].set_expanded(was)
            self._expanded_before_search = None
        self.no_match.setVisible(not any_match)

    def _show_help(self, name: str) -> None:
        param = self._params_by_name[name]
        ok, reason = self.availability(name)
        row = self._rows.get(name)
        self.help.show_param(param, None if ok else localize(reason), row.hint if row else "")

    def _show_help_html(self, text: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.help.show_html(text)

    def _load_preset(self, preset: presets.Preset) -> None:
        self._distribute(dict(preset.params))
        for name in OPTION_PARAMS:
            self._set_one(name, copy.deepcopy(preset.options[name]) if name in preset.options else UNSET)
        self._after_change(emit=True, params=True, options=True)

    def refresh_preview(self, force: bool = False) -> None:
        self._preview_timer.stop()
        if self._profile is None:
            return
        if not force and (self.tabs.currentWidget() is not self.preview_panel or not self.isVisible()):
            return  # counting tokens of a long conversation is the costly part: only when it is looked at
        headers = self.request_options().get("extra_headers")
        self._preview = request_preview(self._messages, self.params(), self._profile, self._model,
                                        base_url=self._base_url, extra_headers=headers)
        self.preview_panel.show_preview(self._preview)

    def _model_edited(self) -> None:
        text = self.model_combo.currentText().strip()
        if text == self._model:
            return
        self._model = text
        self._refresh_caps()
        self.model_changed.emit(text)
        if self._conversation is not None:
            self._conversation.target.model = text
            self.changed.emit()

    def _provider_chosen(self) -> None:
        pid = self.provider_combo.currentData()
        if not isinstance(pid, str) or (self._profile is not None and pid == self._profile.id):
            return
        self._profile = self._profiles.get(pid)
        self._base_url = None
        self._show_default_model()
        self._refresh_caps()
        self.provider_changed.emit(pid)
        if self._conversation is not None:
            self._conversation.target.provider = pid
            self._conversation.target.base_url = None
            self.changed.emit()

    # ============================================================================ looks

    def _apply_style(self) -> None:
        theme = current_theme()
        self.setStyleSheet(
            f"""
            QLabel#muted {{ color: {theme.muted}; }}
            QLabel#mono {{ font-family: monospace; }}
            QToolButton#groupHeader {{ font-weight: 600; padding: 5px 2px; border: none;
                border-top: 1px solid {theme.card_border}; text-align: left; }}
            QFrame#paramRow {{ border-bottom: 1px solid {theme.card_border}; }}
            QFrame#fixBanner {{ border: 1px solid {theme.warning}; border-radius: 4px; }}
            QFrame#helpPane {{ border: 1px solid {theme.card_border}; border-radius: 4px; }}
            """
        )


def _editor_for(param: Param, parent: QWidget) -> ValueEditor:
    special = {"logit_bias": LogitBiasEditor, "response_format": ResponseFormatEditor,
               "tool_choice": ToolChoiceEditor, "stream_options": StreamOptionsEditor}
    if param.name in special:
        return special[param.name](param, parent)
    if param.name == EXTRA_HEADERS.name:
        return MapEditor(param, parent, key_placeholder="Header-Name")  # an example name; "value" as default
    if param.kind in ("number", "integer"):
        return NumberEditor(param, parent)
    if param.kind in ("enum", "boolean"):
        return ChoiceEditor(param, parent)
    if param.kind == "string":
        return TextEditor(param, parent)
    if param.kind == "string_list":
        return ChoiceListEditor(param, parent) if param.choices else TextListEditor(param, parent)
    if param.kind == "map":
        return MapEditor(param, parent)
    return JsonEditor(param, parent)


def _single_shot(parent: QWidget, ms: int, slot: Any) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
