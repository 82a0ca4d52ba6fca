"""The comparison workspace: one prompt, N targets streaming side by side, with metrics (see docs/compare.md)."""

from parley.ui.compare.workspace import CompareWorkspace

__all__ = ["CompareWorkspace"]
