"""Refresh the translation sources and compile them: resources/i18n/parley_<language>.ts -> .qm.

    python packaging/update_translations.py            # lupdate: add new strings to every .ts, then lrelease
    python packaging/update_translations.py --add ko    # start a new language (parley_ko.ts)

Translators open a .ts file in Qt Linguist (``pyside6-linguist``), translate, save, and run this
again; Parley loads the .qm for the user's UI language at start (``PARLEY_LANG=ja`` to try one).
Both tools come with PySide6.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
DEFAULT_LANGUAGES = ("ja", "zh_CN")


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python (a venv), else on PATH."""
    for candidate in (Path(sys.executable).parent / name, Path(sys.executable).parent / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: it comes with PySide6 (pip install PySide6-Essentials)")
    return found


# The window's own strings (tr()), and the engine's sentences it shows (QT_TRANSLATE_NOOP("Engine", …)).
SOURCE_DIRS = ("ui", "core", "api", "services")


def sources() -> list[str]:
    package = ROOT / "app" / "parley"
    found = [p for folder in SOURCE_DIRS for p in (package / folder).rglob("*.py")] + [package / "secrets.py"]
    return sorted(str(p.relative_to(ROOT)) for p in found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--add", metavar="LANG", help="create parley_LANG.ts as well (e.g. ko, zh_TW)")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    languages = {p.stem.removeprefix("parley_") for p in I18N.glob("parley_*.ts")} or set(DEFAULT_LANGUAGES)
    if args.add:
        languages.add(args.add)
    ts_files = [str((I18N / f"parley_{lang}.ts").relative_to(ROOT)) for lang in sorted(languages)]
    # -no-obsolete: strings removed from the code leave the .ts too; -locations none: no line
    # numbers, so a .ts changes only when strings do.
    subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", *ts_files],
                   cwd=ROOT, check=True)
    for ts in ts_files:
        subprocess.run([tool("pyside6-lrelease"), "-silent", ts], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
