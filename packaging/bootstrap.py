#!/usr/bin/env python3
"""Set up Parley from a fresh checkout with nothing but Python, then run it or its tests.

    python3 packaging/bootstrap.py run  [ARGS...]   # venv + deps + local model, then open Parley
    python3 packaging/bootstrap.py test [PYTEST ARGS...]   # venv + dev deps + local model, ruff, the whole suite

Standard library only: this script runs before anything is installed. It is idempotent:
a second run reinstalls only when pyproject.toml changed, and fetches the model only once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("PARLEY_VENV", ROOT / ".venv"))
MODELS = ROOT / ".parley-models"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

QT_LINUX_HINT = (
    "Qt needs a few system libraries on Linux. On Debian/Ubuntu:\n"
    "  sudo apt-get install libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 "
    "libdbus-1-3 libxcb-cursor0 libxkbcommon-x11-0 fonts-ipafont-gothic"
)


def say(msg: str) -> None:
    print(f"[parley setup] {msg}", flush=True)


def run(cmd: list[str | Path], **kw: object) -> None:
    result = subprocess.run([str(c) for c in cmd], **kw)  # type: ignore[call-overload]
    if result.returncode != 0:
        sys.exit(f"[parley setup] failed ({result.returncode}): {' '.join(map(str, cmd))}")


def ensure_venv(extra: str) -> None:
    if sys.version_info < (3, 11) or sys.version_info >= (3, 14):
        sys.exit(f"Parley needs Python 3.11, 3.12 or 3.13 (this is {sys.version.split()[0]}).")
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".parley-{extra}.stamp"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing Parley and its dependencies ([{extra}]) — the first time takes a few minutes")
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extra}]"])
    stamp.write_text(digest)


def ensure_model() -> None:
    """The built-in local model (SmolLM2-135M-Instruct, 98 MB) so Parley works with no key and no network."""
    if os.environ.get("PARLEY_LOCAL_MODEL"):
        return
    run([PYTHON, ROOT / "packaging" / "fetch_model.py", MODELS])


def check_qt() -> None:
    probe = subprocess.run([str(PYTHON), "-c", "from PySide6 import QtWidgets"], capture_output=True, text=True)
    if probe.returncode != 0:
        say("PySide6 is installed but cannot load:\n" + probe.stderr.strip().splitlines()[-1])
        if sys.platform.startswith("linux"):
            say(QT_LINUX_HINT)
        sys.exit(1)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    env = dict(os.environ)
    if command == "run":
        ensure_venv("local")
        ensure_model()
        check_qt()
        parley = BIN / ("parley.exe" if os.name == "nt" else "parley")
        return subprocess.call([str(parley), *rest], env=env)
    ensure_venv("dev")
    ensure_model()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")  # tests never need a display
    say("ruff check")
    run([PYTHON, "-m", "ruff", "check", ROOT / "app", ROOT / "tests", ROOT / "packaging"], env=env)
    say("pytest")
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
