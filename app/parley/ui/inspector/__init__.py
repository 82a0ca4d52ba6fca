"""The token-probability inspector (issue 5): `InspectorWidget`; wiring in docs/inspector.md."""

from parley.ui.inspector.widget import InspectorWidget

__all__ = ["InspectorWidget"]
