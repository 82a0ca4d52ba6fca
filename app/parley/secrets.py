"""API keys in the OS keyring, with a session-only fallback, and redaction of anything key-like.

Keys live in the system keyring (Secret Service, macOS Keychain, Windows Credential Locker)
under the service name ``parley`` and the provider id as user name. When there is no usable
keyring (headless Linux, a locked keyring whose unlock prompt was dismissed, a broken D-Bus),
keys are kept in this process's memory only and the user is told why: a key is never written
to disk by Parley, and plaintext backends (``keyrings.alt``) are refused on purpose.

``redact`` / ``scrub`` (from ``parley.core.redaction``) remove keys from log records and error text.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from parley.core.redaction import PLACEHOLDER, redact
from parley.core.texts import QT_TRANSLATE_NOOP, fill

REDACTED = PLACEHOLDER  # the old name, still imported

# The "kept in memory for this session only" clause is spelled out in each sentence: a translator needs each
# sentence whole, not pieced together.
_PLAINTEXT_BACKEND = QT_TRANSLATE_NOOP(
    "Engine",
    "The configured keyring ({name}) would store keys as plain text on disk, so Parley does not use it: "
    "API keys are kept in memory for this session only and are never written to disk.",
)
_KEYRING_UNUSABLE = QT_TRANSLATE_NOOP(
    "Engine",
    "The system keyring could not be used ({detail}), so API keys are kept in memory for this session "
    "only and are never written to disk.",
)
_KEY_NOT_GIVEN_BACK = QT_TRANSLATE_NOOP(
    "Engine",
    "The system keyring ({name}) accepted the key but did not give it back, so API keys are kept in "
    "memory for this session only and are never written to disk.",
)
_NOT_REMOVED = QT_TRANSLATE_NOOP(
    "Engine", "The key for {provider} could not be removed from the system keyring: {reason}"
)
_STORED_IN = QT_TRANSLATE_NOOP("Engine", "stored in {keyring}")
_FROM_ENVIRONMENT = QT_TRANSLATE_NOOP("Engine", "from environment ({variable})")
_NO_KEY_SET_OR_ENV = QT_TRANSLATE_NOOP("Engine", "no key set (store one, or set {variable})")


@dataclass(frozen=True)
class KeyLookup:
    """Where a provider's key came from. ``value`` never shows in repr (logs, tracebacks)."""

    value: str | None = field(repr=False)
    source: str | None  # "keyring" | "session" | "environment" | None
    detail: str  # a sentence for the UI: "stored in SecretService Keyring", "from environment (X)"

    @property
    def found(self) -> bool:
        return self.source is not None

    def without_value(self) -> KeyLookup:
        return KeyLookup(None, self.source, self.detail)


class KeyStoreError(Exception):
    """A keyring operation that has no safe fallback failed (e.g. deleting from a locked keyring)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def _is_plaintext_backend(backend: Any) -> bool:
    # keyrings.alt stores keys base64-encoded or in plain files: "never plaintext on disk" rules it out.
    return type(backend).__module__.startswith("keyrings.alt")


def _usable_backend(backend: Any) -> tuple[Any | None, str | None]:
    """The backend Parley may use, or None with the reason why not."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        # The chainer would also read from (and may write to) plaintext backends: pick one ourselves.
        candidates = [b for b in backend.backends if not _is_plaintext_backend(b)]
        candidates = [b for b in candidates if not isinstance(b, fail.Keyring | null.Keyring)]
        if not candidates:
            return None, _no_backend_reason()
        return candidates[0], None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None, _no_backend_reason()
    if _is_plaintext_backend(backend):
        return None, fill(_PLAINTEXT_BACKEND, name=_name_of(backend))
    return backend, None


def _no_backend_reason() -> str:
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return QT_TRANSLATE_NOOP(
            "Engine",
            "No system keyring is available, so API keys are kept in memory for this session only and are "
            "never written to disk. To keep keys between sessions, install and unlock a Secret Service "
            "keyring (GNOME Keyring or KWallet).",
        )
    return QT_TRANSLATE_NOOP(
        "Engine",
        "No system keyring is available, so API keys are kept in memory for this session only and are "
        "never written to disk.",
    )


def _name_of(backend: Any) -> str:
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


def _failure_reason(exc: BaseException, secrets: Iterable[str] = ()) -> str:
    """A user-facing sentence for a keyring error (the error text is scrubbed of any key first)."""
    from keyring import errors

    text = redact(str(exc), secrets)
    if isinstance(exc, errors.KeyringLocked) or "dismissed" in text.lower() or "locked" in text.lower():
        return QT_TRANSLATE_NOOP(
            "Engine",
            "The system keyring is locked and was not unlocked (the unlock prompt was dismissed or could "
            "not be shown), so API keys are kept in memory for this session only and are never written to "
            "disk. Unlock the keyring and try again to store keys permanently.",
        )
    if isinstance(exc, errors.NoKeyringError):
        return _no_backend_reason()
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return fill(_KEYRING_UNUSABLE, detail=detail)


class KeyStore:
    """Get, set and delete provider API keys; thread-safe, never raises for a broken keyring on get/set.

    Lookup order: the OS keyring, then keys kept for this session, then the provider's environment
    variable. After the keyring fails once (locked, dismissed prompt, D-Bus gone), the store stops
    asking it (no prompt storm) until ``reconnect()``.
    """

    SERVICE = "parley"

    def __init__(self, backend: Any | None = None) -> None:
        """``backend``: a keyring backend to use instead of the detected one (tests)."""
        self._explicit_backend = backend
        self._lock = threading.Lock()
        self._session: dict[str, str] = {}
        self._seen: set[str] = set()  # every key handed out or stored, so logs can redact it exactly
        self._backend: Any | None = None
        self.backend_name: str = "none"
        self.unavailable_reason: str | None = None
        self.reconnect()

    # -- backend state -------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._backend is not None

    def reconnect(self) -> None:
        """Detect the keyring again (e.g. after the user unlocked it or installed one)."""
        try:
            if self._explicit_backend is not None:
                candidate = self._explicit_backend
            else:
                import keyring

                candidate = keyring.get_keyring()
            backend, reason = _usable_backend(candidate)
        except Exception as exc:  # any init error: broken config file, D-Bus failures, import errors
            backend, reason = None, _failure_reason(exc)
        self._backend = backend
        self.backend_name = _name_of(backend) if backend is not None else "none"
        self.unavailable_reason = reason

    def _give_up_on_keyring(self, exc: BaseException, secrets: Iterable[str] = ()) -> None:
        self._backend = None
        self.unavailable_reason = _failure_reason(exc, secrets)

    # -- operations ----------------------------------------------------------------------------

    def get(self, provider_id: str, env_var: str | None = None) -> KeyLookup:
        found = self._lookup(provider_id, env_var)
        if found.value:
            with self._lock:
                self._seen.add(found.value)
        return found

    def _lookup(self, provider_id: str, env_var: str | None) -> KeyLookup:
        backend = self._backend
        if backend is not None:
            try:
                value = backend.get_password(self.SERVICE, provider_id)
            except Exception as exc:
                self._give_up_on_keyring(exc)
            else:
                if value:
                    return KeyLookup(value, "keyring", fill(_STORED_IN, keyring=self.backend_name))
        with self._lock:
            value = self._session.get(provider_id)
        if value:
            return KeyLookup(value, "session", QT_TRANSLATE_NOOP("Engine", "kept in memory for this session only"))
        if env_var:
            value = os.environ.get(env_var, "").strip()
            if value:
                return KeyLookup(value, "environment", fill(_FROM_ENVIRONMENT, variable=env_var))
            return KeyLookup(None, None, fill(_NO_KEY_SET_OR_ENV, variable=env_var))
        return KeyLookup(None, None, QT_TRANSLATE_NOOP("Engine", "no key set"))

    def status(self, provider_id: str, env_var: str | None = None) -> KeyLookup:
        """Where the key comes from, without the key (for listings)."""
        return self.get(provider_id, env_var).without_value()

    def set(self, provider_id: str, key: str) -> KeyLookup:
        """Store a key: in the keyring, or for this session when there is none (detail says why)."""
        key = key.strip()  # pasted keys often carry a trailing newline
        if not key:
            raise ValueError(
                QT_TRANSLATE_NOOP("Engine", "The API key is empty: paste the key, or delete the stored one instead.")
            )
        with self._lock:
            self._seen.add(key)
        backend = self._backend
        if backend is not None:
            try:
                backend.set_password(self.SERVICE, provider_id, key)
                stored = backend.get_password(self.SERVICE, provider_id)
            except Exception as exc:
                self._give_up_on_keyring(exc, [key])
            else:
                if stored == key:
                    with self._lock:
                        self._session.pop(provider_id, None)
                    return KeyLookup(key, "keyring", fill(_STORED_IN, keyring=self.backend_name))
                self._backend = None
                self.unavailable_reason = fill(_KEY_NOT_GIVEN_BACK, name=self.backend_name)
        with self._lock:
            self._session[provider_id] = key
        session_only = QT_TRANSLATE_NOOP(
            "Engine", "API keys are kept in memory for this session only and are never written to disk."
        )
        return KeyLookup(key, "session", self.unavailable_reason or session_only)

    def delete(self, provider_id: str) -> None:
        """Forget the key everywhere Parley keeps it (the environment is the user's own)."""
        with self._lock:
            self._session.pop(provider_id, None)
        backend = self._backend
        if backend is None:
            return
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(self.SERVICE, provider_id)
        except PasswordDeleteError:
            return  # nothing stored: already the state the user asked for
        except Exception as exc:
            self._give_up_on_keyring(exc)
            raise KeyStoreError(
                fill(_NOT_REMOVED, provider=provider_id, reason=self.unavailable_reason)
            ) from None

    def session_values(self) -> list[str]:
        """Keys held in memory for this session (no keyring)."""
        with self._lock:
            return list(self._session.values())

    def known_values(self) -> list[str]:
        """Every key this store has handed out or stored since it was made: what logs must redact
        exactly (``RedactingFilter(store.known_values)``), including keys with no recognizable shape."""
        with self._lock:
            return list(self._seen)


# -- redaction -----------------------------------------------------------------------------------


def scrub(text: str) -> str:
    """Replace anything that looks like an API key or credential (``sk-…``, ``Bearer …``)."""
    return redact(text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts known keys and key-shaped strings from every record.

    ``secrets`` is called per record, so keys added during the session are covered too.
    """

    def __init__(self, secrets: Callable[[], Iterable[str]] | None = None) -> None:
        super().__init__()
        self._secrets = secrets or (lambda: ())

    def filter(self, record: logging.LogRecord) -> bool:
        known = list(self._secrets())
        record.msg = redact(record.getMessage(), known)
        record.args = None
        if record.exc_info:
            # Format the traceback now so the formatter cannot print an unredacted copy later.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), known)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text, known)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, known)
        return True
