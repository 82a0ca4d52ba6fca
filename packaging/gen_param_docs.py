"""Regenerate docs/parameters.md from the parameter catalog: `python packaging/gen_param_docs.py`.

tests/unit/test_params.py fails when the committed file is out of date.
"""

from __future__ import annotations

from pathlib import Path

from parley.core.params import markdown_table

TARGET = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"


def main() -> int:
    TARGET.write_text(markdown_table(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
