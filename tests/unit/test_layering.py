"""core, api, services, secrets and cli must never import Qt (ARCHITECTURE: dependencies point one way)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "parley"
QT_MODULES = ("PySide6", "shiboken6", "qasync")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui":
            continue
        offenders += [f"{rel}: {n}" for n in _imports(path) if n.split(".")[0] in QT_MODULES]
    assert not offenders, "Qt imported outside parley/ui: " + ", ".join(offenders)


def test_lower_layers_do_not_import_upper_ones() -> None:
    # core <- api <- services <- (cli, ui)
    forbidden = {
        "core": ("parley.api", "parley.services", "parley.ui", "parley.cli"),
        "api": ("parley.services", "parley.ui", "parley.cli"),
        "services": ("parley.ui", "parley.cli"),
    }
    offenders = []
    for layer, bad in forbidden.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            offenders += [f"{layer}/{path.name}: {n}" for n in _imports(path) if n.startswith(bad)]
    assert not offenders, "layering broken: " + ", ".join(offenders)


def test_the_layering_scan_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport qasync\n")
    assert [n for n in _imports(sample) if n.split('.')[0] in QT_MODULES] == ["PySide6.QtCore", "qasync"]
