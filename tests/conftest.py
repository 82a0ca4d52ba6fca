"""Shared fixtures: an in-memory keyring, a temp data folder, the loopback SSE server."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to open a display in tests (no display on CI: pytest would abort).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DBUS_SESSION_BUS_ADDRESS", "disabled:")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT))  # so `tests.support` imports from anywhere

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from tests.support.sse_server import LoopbackServer  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps secrets in a dict (unit tests never touch the real OS keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    if request.node.get_closest_marker("secretservice"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder and no provider keys from the environment."""
    path = tmp_path / "parley-data"
    monkeypatch.setenv("PARLEY_DATA_DIR", str(path))
    for var in [v for v in os.environ if v.endswith("_API_KEY")]:
        monkeypatch.delenv(var, raising=False)
    return path


@pytest.fixture
def sse_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
