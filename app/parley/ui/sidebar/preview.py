"""The request preview: what Send will post, built by the engine exactly as the runner builds it. No widgets
(QtCore only, for translated notes).

`services.runner.Runner.build` pops `stream` from the conversation's params (Parley streams unless it is
false) and hands the rest to `core.request.build_request`; this module does the same, so the preview is
the body the provider receives (a test compares it with what a loopback server records). The preview
never has the API key: the Authorization header names the environment variable instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from parley.core import export, tokens
from parley.core.providers import ProviderProfile
from parley.core.request import RequestError, build_request

# Where the built-in server lives is known only once it has started (it picks a free port).
LOCAL_PLACEHOLDER = "http://127.0.0.1:<port>/v1"


@dataclass(frozen=True)
class Preview:
    url: str = ""
    headers: dict[str, str] | None = None  # no credential in them: the key is a placeholder
    body: dict[str, Any] | None = None
    adjustments: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # why there is no body (invalid parameters, no message…)
    notes: tuple[str, ...] = ()  # facts about the preview itself (placeholder URL, key not shown)
    tokens: tokens.TokenCount | None = None
    key_env: str = export.DEFAULT_KEY_ENV  # the variable curl and Python read the key from

    @property
    def body_json(self) -> str:
        return json.dumps(self.body, ensure_ascii=False, indent=2) if self.body is not None else ""

    def curl(self) -> str:
        if self.body is None or self.headers is None:
            return ""
        return export.to_curl(self.url, self.headers, self.body, key_env=self.key_env)

    def python(self) -> str:
        if self.body is None or self.headers is None:
            return ""
        return export.to_python(self.url, self.headers, self.body, key_env=self.key_env)


def key_env(profile: ProviderProfile) -> str:
    return profile.key_env or "API_KEY"


def request_preview(
    messages: list[dict[str, Any]],
    params: Mapping[str, Any],
    profile: ProviderProfile,
    model: str,
    *,
    base_url: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    count_tokens: bool = True,
) -> Preview:
    notes: list[str] = []
    chosen_base = base_url or profile.base_url
    if not chosen_base and profile.builtin_server:
        chosen_base = LOCAL_PLACEHOLDER
        notes.append(QCoreApplication.translate(
            "RequestPreview", "The built-in server picks its port when it starts; the URL shows <port> until then."))
    values = dict(params)
    stream = bool(values.pop("stream", True))  # as Runner.build: Parley streams unless told not to
    # Keyless local servers get no Authorization header unless a key is stored: show none.
    placeholder = f"${key_env(profile)}" if profile.auth != "none" and profile.key_required else None
    if placeholder:
        notes.append(QCoreApplication.translate("RequestPreview", "The API key is never shown: {placeholder} stands for it."
                                                ).format(placeholder=placeholder))
    try:
        built = build_request(
            messages or [{"role": "user", "content": ""}],
            values,
            profile,
            model,
            api_key=placeholder,
            base_url=chosen_base or None,
            stream=stream,
            extra_headers=extra_headers,
        )
    except RequestError as exc:
        return Preview(problems=exc.problems, notes=tuple(notes))
    if not messages:
        notes.append(QCoreApplication.translate(
            "RequestPreview", "There is no message yet: the body shows an empty user message in its place."))
    count = (tokens.count_messages(built.body.get("messages", []), model, tools=built.body.get("tools"))
             if count_tokens else None)
    return Preview(
        url=built.url,
        headers=dict(built.headers),
        body=built.body,
        adjustments=built.adjustments,
        notes=tuple(notes),
        tokens=count,
        key_env=key_env(profile),
    )
