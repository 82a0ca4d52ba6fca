"""KeyStore (keyring first, then session memory, then environment) and key redaction."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import InitError, KeyringLocked, PasswordDeleteError

from parley.secrets import REDACTED, KeyLookup, KeyStore, KeyStoreError, RedactingFilter, redact, scrub

KEY = "sk-proj-" + "Zx9QeY2mT7vB4nK8wL1aR6cD3fG5hJ0p"  # fake; split so secret scanners see no key


class BrokenKeyring(KeyringBackend):
    """A backend failing like a real one does: locked collection, dismissed prompt, dead D-Bus."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        raise self.error


class DBusError(Exception):
    pass


def files_containing(root: Path, needle: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


# -- with a working keyring (the in-memory one from conftest) ------------------------------------


def test_a_key_set_goes_to_the_keyring_under_the_parley_service(memory_keyring) -> None:
    store = KeyStore()
    assert store.available and store.unavailable_reason is None
    result = store.set("openai", KEY)
    assert (result.source, result.value) == ("keyring", KEY)
    assert memory_keyring.store[("parley", "openai")] == KEY
    assert result.detail == f"stored in {store.backend_name}"


def test_get_reads_back_what_set_stored_and_delete_forgets_it(memory_keyring) -> None:
    store = KeyStore()
    store.set("groq", KEY)
    assert KeyStore().get("groq").value == KEY  # another store (a new app start) sees it too
    store.delete("groq")
    assert store.get("groq") == KeyLookup(None, None, "no key set")
    assert ("parley", "groq") not in memory_keyring.store
    store.delete("groq")  # deleting what is not there is fine


def test_a_pasted_key_loses_its_surrounding_whitespace() -> None:
    store = KeyStore()
    store.set("openai", f"  {KEY}\n")
    assert store.get("openai").value == KEY


def test_an_empty_key_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="empty"):
        KeyStore().set("openai", "  \n")


def test_the_keyring_wins_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment-123456")
    store = KeyStore()
    assert store.get("openai", "OPENAI_API_KEY").source == "environment"
    store.set("openai", KEY)
    found = store.get("openai", "OPENAI_API_KEY")
    assert (found.source, found.value) == ("keyring", KEY)


def test_the_environment_is_used_when_nothing_is_stored(monkeypatch) -> None:
    monkeypatch.setenv("GROQ_API_KEY", " gsk_abcdefghijklmnopqrstuvwx ")
    found = KeyStore().get("groq", "GROQ_API_KEY")
    assert (found.value, found.source, found.detail) == (
        "gsk_abcdefghijklmnopqrstuvwx",
        "environment",
        "from environment (GROQ_API_KEY)",
    )


def test_a_missing_key_says_where_one_could_come_from() -> None:
    found = KeyStore().get("mistral", "MISTRAL_API_KEY")
    assert found.value is None and found.source is None and not found.found
    assert "MISTRAL_API_KEY" in found.detail


def test_status_tells_the_source_without_the_key() -> None:
    store = KeyStore()
    store.set("openai", KEY)
    status = store.status("openai", "OPENAI_API_KEY")
    assert status.value is None and status.source == "keyring" and status.found


def test_the_key_never_shows_in_repr_or_str() -> None:
    found = KeyStore().set("openai", KEY)
    assert KEY not in repr(found) and KEY not in str(found)
    assert "keyring" in repr(found)


# -- without a usable keyring ------------------------------------------------------------------


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_keyring_means_session_memory_with_a_reason(backend, tmp_path: Path) -> None:
    store = KeyStore(backend)
    assert not store.available and store.backend_name == "none"
    assert "session only" in store.unavailable_reason and "never written to disk" in store.unavailable_reason
    result = store.set("openai", KEY)
    assert (result.source, result.value) == ("session", KEY)
    assert result.detail == store.unavailable_reason
    assert store.get("openai").source == "session"
    assert store.session_values() == [KEY]
    assert files_containing(tmp_path, KEY) == []  # nothing spilled into the data folder
    store.delete("openai")
    assert store.get("openai").value is None


def test_the_session_key_wins_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment-123456")
    store = KeyStore(fail.Keyring())
    store.set("openai", KEY)
    assert store.get("openai", "OPENAI_API_KEY").value == KEY


def test_the_detected_fail_backend_is_reported_as_unavailable(monkeypatch) -> None:
    import keyring

    keyring.set_keyring(fail.Keyring())  # what headless Linux detects; conftest restores the memory one
    store = KeyStore()
    assert not store.available
    assert store.unavailable_reason.startswith("No system keyring is available")


def test_a_plaintext_keyrings_alt_backend_is_refused() -> None:
    class PlaintextKeyring(KeyringBackend):  # stands in for keyrings.alt.file.PlaintextKeyring
        priority = 1  # type: ignore[assignment]
        get_password = set_password = delete_password = lambda *a: None

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    store = KeyStore(PlaintextKeyring())
    assert not store.available
    assert "plain text" in store.unavailable_reason
    assert store.set("openai", KEY).source == "session"


@pytest.mark.parametrize(
    ("error", "phrase"),
    [
        (InitError("Failed to create the collection: Prompt dismissed.."), "locked"),
        (KeyringLocked("Failed to unlock the collection!"), "locked"),
        (DBusError("org.freedesktop.DBus.Error.ServiceUnknown: no secrets service"), "DBusError"),
    ],
    ids=["prompt-dismissed", "locked", "dbus"],
)
def test_a_failing_keyring_falls_back_to_the_session_with_a_clear_reason(error, phrase) -> None:
    backend = BrokenKeyring(error)
    store = KeyStore(backend)
    assert store.available  # we only learn it is broken when we use it
    result = store.set("openai", KEY)
    assert (result.source, result.value) == ("session", KEY)
    assert phrase in result.detail and "session only" in result.detail
    assert not store.available and store.unavailable_reason == result.detail
    assert store.get("openai").value == KEY


def test_after_one_failure_the_keyring_is_not_asked_again_until_reconnect() -> None:
    backend = BrokenKeyring(InitError("Prompt dismissed"))
    store = KeyStore(backend)
    store.get("openai")
    store.get("groq")
    store.set("openai", KEY)
    assert backend.calls == 1  # no prompt storm
    store.reconnect()
    assert store.available
    store.get("openai")
    assert backend.calls == 2


def test_a_keyring_error_that_echoes_the_key_is_redacted_in_the_reason() -> None:
    store = KeyStore(BrokenKeyring(DBusError(f"cannot store secret {KEY}")))
    result = store.set("openai", KEY)
    assert KEY not in result.detail and REDACTED in result.detail


def test_a_keyring_that_swallows_keys_is_noticed() -> None:
    class ForgetfulKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            pass

        def delete_password(self, service, username):
            raise PasswordDeleteError(username)

    store = KeyStore(ForgetfulKeyring())
    result = store.set("openai", KEY)
    assert result.source == "session" and "did not give it back" in result.detail


def test_deleting_from_a_locked_keyring_says_the_key_is_still_there() -> None:
    store = KeyStore(BrokenKeyring(KeyringLocked("Failed to unlock the collection!")))
    with pytest.raises(KeyStoreError, match="could not be removed"):
        store.delete("openai")


# -- redaction ---------------------------------------------------------------------------------


def test_redact_replaces_known_secrets_longest_first() -> None:
    assert redact("a=abc123xyz b=abc123", ["abc123", "abc123xyz"]) == f"a={REDACTED} b={REDACTED}"


def test_redact_ignores_empty_secrets() -> None:
    assert redact("nothing to hide", ["", "  "]) == "nothing to hide"


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {KEY}",
        "authorization: bearer 0123456789abcdef0123456789",
        "api-key: 0123456789abcdef0123",
        'x-api-key: "0123456789abcdef0123"',
        '{"api_key": "abcdefghijklmnopqrstu"}',
        "OPENAI_API_KEY=zzzzzzzzzzzzzzzzzzzzzzzz",
        "key sk-ant-api03-abcdefghijklmnop",
        "gsk_ABCDEFGHIJKLMNOPQRSTUV",
        "AIza" + "SyA0123456789abcdefghijklmnopqrstuv",  # fake, split for secret scanners
        "hf_abcdefghijklmnopqrstuvwxyz",
    ],
)
def test_scrub_removes_key_shaped_strings(text: str) -> None:
    scrubbed = scrub(text)
    assert REDACTED in scrubbed
    secret_part = text.split()[-1].split("=")[-1].strip('"{}: ')
    assert secret_part not in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "the token probabilities are shown",
        "Bearer authentication is used",
        "ask-me anything; task-list-item",
        'api_key=os.environ["OPENAI_API_KEY"]',
        '-H "Authorization: Bearer $OPENAI_API_KEY"',
        "temperature=0.7 top_p=0.9",
    ],
)
def test_scrub_leaves_ordinary_text_alone(text: str) -> None:
    assert scrub(text) == text


def test_the_store_remembers_every_key_it_handed_out_for_log_redaction(monkeypatch) -> None:
    monkeypatch.setenv("CUSTOM_KEY", "plain-looking-env-secret")
    store = KeyStore()
    store.set("openai", KEY)
    KeyStore().set("groq", "gsk_stored_earlier_0123456789")  # stored by another run of the app
    store.get("groq")
    store.get("custom", "CUSTOM_KEY")
    store.get("nothing")
    assert sorted(store.known_values()) == sorted([KEY, "gsk_stored_earlier_0123456789", "plain-looking-env-secret"])
    store.delete("openai")
    assert KEY in store.known_values()  # old log lines may still hold it


def test_the_logging_filter_redacts_messages_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    store = KeyStore(fail.Keyring())
    store.set("custom", "plain-looking-secret")
    handler.addFilter(RedactingFilter(store.session_values))
    log = logging.getLogger("parley.test.redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("sending with %s and %s", "plain-looking-secret", f"Bearer {KEY}")
        try:
            raise RuntimeError(f"server echoed {KEY}")
        except RuntimeError:
            log.exception("request failed")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert "plain-looking-secret" not in output and KEY not in output
    assert "RuntimeError: server echoed [redacted]" in output
    assert output.count(REDACTED) == 3
