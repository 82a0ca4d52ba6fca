"""The real built-in local model (llama.cpp via xllamacpp), started once per test session.

Skipped, with the reason, when xllamacpp or the model file is missing. The model is found like
the app finds it, minus the user's own data folder (tests never read it): $PARLEY_LOCAL_MODEL,
else `.parley-models/` in the checkout (`python packaging/fetch_model.py .parley-models`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.api.local import LocalServer, default_model_path, local_available


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
