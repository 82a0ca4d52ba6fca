"""The help pane: a parameter's description, default, range and documentation link.

Links open only when the user clicks them, and only http/https addresses: a catalog or a provider
profile can never make Parley open a file or run a custom URL scheme.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from parley.core.params import Param
from parley.ui.sidebar.row import help_html

SAFE_SCHEMES = ("http", "https")


def open_link(url: str) -> bool:
    """Open `url` in the browser if it is http or https; False (and nothing opened) otherwise."""
    parsed = QUrl(url)
    if not parsed.isValid() or parsed.scheme().lower() not in SAFE_SCHEMES or not parsed.host():
        return False
    return bool(QDesktopServices.openUrl(parsed))


class HelpPane(QFrame):
    link_opened = Signal(str)
    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpPane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setOpenExternalLinks(False)  # linkActivated below decides
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.linkActivated.connect(self._link)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Close help"))
        close.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.text, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.addLayout(top)
        self.param_name: str | None = None
        self.hide()

    def show_param(self, param: Param, unavailable: str | None = None, hint: str = "") -> None:
        parts = [help_html(param, link=True)]
        if hint:
            parts.append(html.escape(hint))
        if unavailable:
            parts.append(self.tr("<b>Not available here:</b> {reason}.").format(reason=html.escape(unavailable)))
        self.show_html("<br><br>".join(parts))
        self.param_name = param.name

    def show_html(self, rich: str) -> None:
        self.param_name = None
        self.text.setText(rich)
        self.show()

    def _link(self, url: str) -> None:
        if open_link(url):
            self.link_opened.emit(url)
        else:
            self.link_refused.emit(url)
