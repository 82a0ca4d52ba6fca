"""KeyStore against a real Secret Service (gnome-keyring over D-Bus).

Runs only with PARLEY_TEST_SECRET_SERVICE=1, inside a D-Bus session with an unlocked keyring:

    dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
        && PARLEY_TEST_SECRET_SERVICE=1 pytest tests/unit/test_secret_service.py'
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from parley.secrets import KeyStore

pytestmark = [
    pytest.mark.secretservice,
    pytest.mark.skipif(
        os.environ.get("PARLEY_TEST_SECRET_SERVICE") != "1",
        reason="needs a real Secret Service: set PARLEY_TEST_SECRET_SERVICE=1 under dbus-run-session",
    ),
]

KEY = "sk-proj-secret-service-" + uuid.uuid4().hex


@pytest.fixture
def provider_id() -> str:
    """A provider id no real user has, removed afterwards even when the test fails."""
    pid = f"parley-test-{uuid.uuid4().hex[:8]}"
    yield pid
    KeyStore().delete(pid)


def test_the_secret_service_is_detected() -> None:
    store = KeyStore()
    assert store.available, store.unavailable_reason
    assert store.backend_name == "SecretService Keyring"


def test_set_get_delete_through_the_secret_service(provider_id: str) -> None:
    stored = KeyStore().set(provider_id, KEY)
    assert (stored.source, stored.detail) == ("keyring", "stored in SecretService Keyring")

    fresh = KeyStore()  # nothing cached in memory: the daemon has it
    found = fresh.get(provider_id)
    assert (found.value, found.source) == (KEY, "keyring")
    assert fresh.session_values() == []

    fresh.delete(provider_id)
    assert KeyStore().get(provider_id).value is None


def test_a_locked_keyring_whose_prompt_cannot_be_shown_falls_back_to_the_session(tmp_path: Path) -> None:
    """A second, never-unlocked gnome-keyring: the unlock prompt is dismissed (no display)."""
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        assert shutil.which(tool), f"{tool} is not installed"
    home = tmp_path / "home"
    (home / ".cache").mkdir(parents=True)  # without it gnome-keyring hangs instead of answering
    probe = (
        "import json; from parley.secrets import KeyStore; s = KeyStore(); "
        f"r = s.set('openai', {KEY!r}); "
        "print(json.dumps({'available': s.available, 'source': r.source, 'detail': r.detail, "
        "'again': s.get('openai').source}))"
    )
    # A private home and XDG folders: this daemon must not find (or clash with) the outer session's one.
    env = {
        k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS" and not k.startswith("XDG_")
    }
    env["HOME"] = str(home)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env.update(
        XDG_RUNTIME_DIR=str(runtime),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    script = 'gnome-keyring-daemon --components=secrets --daemonize >/dev/null && exec "$0" -c "$1"'
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script, sys.executable, probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["source"] == "session" and result["again"] == "session"
    assert not result["available"]
    assert "locked" in result["detail"] and "never written to disk" in result["detail"]
    assert KEY not in done.stdout + done.stderr
