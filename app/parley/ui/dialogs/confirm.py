"""Confirmation prompts, non-blocking: shown with ``open()`` and answered through a callback.

``QDialog.exec()`` inside a qasync coroutine breaks the loop ("Cannot enter into task"), so no
prompt here ever runs a nested event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"



def ask_unsaved_changes(parent: QWidget | None, name: str, decided: Callable[[str], None]) -> QMessageBox:
    """Ask whether to save ``name`` before it is closed; ``decided`` gets "save", "discard" or "cancel"."""
    box = QMessageBox(parent)
    box.setObjectName("unsaved-changes")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Confirm", "Unsaved changes"))
    box.setText(QCoreApplication.translate("Confirm", "Save the changes to “%1”?").replace("%1", name))
    box.setInformativeText(QCoreApplication.translate("Confirm", "Your changes are lost if you don't save them."))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    choices = {
        QMessageBox.StandardButton.Save: SAVE,
        QMessageBox.StandardButton.Discard: DISCARD,
        QMessageBox.StandardButton.Cancel: CANCEL,
    }

    def finished(_result: int) -> None:
        clicked = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        decided(choices.get(clicked, CANCEL))
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box


def ask_confirmation(parent: QWidget | None, title: str, text: str, action: str,
                     confirmed: Callable[[], None], *, destructive: bool = False) -> QMessageBox:
    """A yes/cancel question; ``confirmed`` runs only when the user chose ``action``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole if destructive
                       else QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else ok)
    box.setEscapeButton(cancel)

    def finished(_result: int) -> None:
        if box.clickedButton() is ok:
            confirmed()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box
