"""Shared fixtures: an in-memory keyring, a temp data folder, the loopback SSE server."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator
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

from parley.api.local import LocalServer, default_model_path, local_available  # noqa: E402
from parley.services.runner import Runner  # noqa: E402
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
def data_dir(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder and no provider keys from the environment.

    XDG_DATA_HOME too: deleting a conversation moves it to the system's trash, which on Linux is
    ``$XDG_DATA_HOME/Trash`` (the tests' deleted files must not land in the user's trash).
    """
    path = tmp_path / "parley-data"
    monkeypatch.setenv("PARLEY_DATA_DIR", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))  # not in tmp_path: tests list it
    for var in [v for v in os.environ if v.endswith("_API_KEY")]:
        monkeypatch.delenv(var, raising=False)
    return path


@pytest.fixture
def sse_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
async def runner() -> AsyncIterator[Runner]:
    """A Runner with its own HTTP client, closed after the test (UI tests define their own)."""
    r = Runner()
    yield r
    await r.aclose()


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


# The real built-in local model (llama.cpp via xllamacpp), started once per test session and shared by
# the e2e and UI tests. Skipped, with the reason, when xllamacpp or the model file is missing: the model
# is found like the app finds it, minus the user's own data folder ($PARLEY_LOCAL_MODEL, else
# `.parley-models/` in the checkout: `python packaging/fetch_model.py .parley-models`).


def _model_or_skip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PARLEY_DATA_DIR", str(tmp_path_factory.mktemp("e2e-data")))
        ok, reason = local_available()
        path = default_model_path()
    if not ok or path is None:
        pytest.skip(f"the local model is not available: {reason}")
    return path


@pytest.fixture(scope="session")
def local_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _model_or_skip(tmp_path_factory)


@pytest.fixture(scope="session")
def local_model(local_model_path: Path) -> Iterator[LocalServer]:
    """The running LocalServer (for tests that need its state, pid or root URL)."""
    server = LocalServer(local_model_path)
    server.start_sync(timeout=60)
    yield server
    server.stop_sync()


@pytest.fixture(scope="session")
def local_server(local_model: LocalServer) -> str:
    """The base URL (`http://127.0.0.1:PORT/v1`) of the running local model."""
    assert local_model.base_url is not None
    return local_model.base_url
