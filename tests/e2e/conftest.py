"""The e2e fixtures (`local_model`, `local_server`) live in tests/conftest.py: UI tests share the same server."""
