"""The conversation library panel (left side of the main window)."""

from parley.ui.library.panel import LibraryPanel

__all__ = ["LibraryPanel"]
