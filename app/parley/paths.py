"""Where Parley's bundled resources and per-user data live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The bundled resources: inside the wheel, or the repo's top-level `resources/` in a checkout."""
    inside = _PACKAGE_DIR / "resources"
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user data (library, presets, models). PARLEY_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("PARLEY_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("Parley", "Parley"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def library_dir() -> Path:
    path = user_data_dir() / "conversations"
    path.mkdir(parents=True, exist_ok=True)
    return path


def models_dir() -> Path:
    path = user_data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path
