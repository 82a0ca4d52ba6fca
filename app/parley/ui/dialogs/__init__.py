"""Dialogs: providers & keys, confirmations. All are shown with ``open()`` (never ``exec()``; FIELD-NOTES)."""
