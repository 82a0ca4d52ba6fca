"""Light and dark looks: the Qt palette, role colours, code highlighting style, CJK fonts.

The app follows the OS colour scheme (Qt 6.5+ ``QStyleHints.colorScheme``) unless the user
picks one; every widget reads colours from the current ``Theme`` instead of hard-coding them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

# Tried in order after the platform's UI font so Japanese and Chinese never fall back to boxes.
CJK_FALLBACKS = (
    "Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans", "IPAGothic", "IPAPGothic",
    "TakaoPGothic", "VL PGothic", "WenQuanYi Micro Hei", "Droid Sans Fallback",
    "Hiragino Sans", "Hiragino Kaku Gothic ProN", "PingFang SC", "Yu Gothic UI", "Meiryo",
    "Microsoft YaHei UI", "Microsoft JhengHei UI", "Malgun Gothic",
)


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    window: str
    base: str
    text: str
    muted: str
    accent: str
    danger: str
    warning: str
    card: str  # background of a message
    card_border: str
    table_border: str  # lines of tables in rendered answers
    pygments_style: str
    roles: tuple[tuple[str, str], ...]  # role -> colour of its label

    def role_color(self, role: str) -> str:
        return dict(self.roles).get(role, self.text)

    def palette(self) -> QPalette:
        p = QPalette()
        window, base, text = QColor(self.window), QColor(self.base), QColor(self.text)
        accent = QColor(self.accent)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            p.setColor(group, QPalette.ColorRole.Window, window)
            p.setColor(group, QPalette.ColorRole.WindowText, text)
            p.setColor(group, QPalette.ColorRole.Base, base)
            p.setColor(group, QPalette.ColorRole.AlternateBase, QColor(self.card))
            p.setColor(group, QPalette.ColorRole.Text, text)
            p.setColor(group, QPalette.ColorRole.Button, window)
            p.setColor(group, QPalette.ColorRole.ButtonText, text)
            p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor(self.card))
            p.setColor(group, QPalette.ColorRole.ToolTipText, text)
            p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(self.muted))
            p.setColor(group, QPalette.ColorRole.Highlight, accent)
            p.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
            p.setColor(group, QPalette.ColorRole.Link, accent)
            p.setColor(group, QPalette.ColorRole.LinkVisited, accent)
            p.setColor(group, QPalette.ColorRole.Mid, QColor(self.card_border))
            p.setColor(group, QPalette.ColorRole.Midlight, QColor(self.card))
            p.setColor(group, QPalette.ColorRole.Light, window.lighter(160 if self.dark else 110))
            p.setColor(group, QPalette.ColorRole.Dark, window.darker(160 if self.dark else 130))
            p.setColor(group, QPalette.ColorRole.Shadow, QColor("#000000"))
        disabled = QPalette.ColorGroup.Disabled
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            p.setColor(disabled, role, QColor(self.muted))
        p.setColor(disabled, QPalette.ColorRole.Window, window)
        p.setColor(disabled, QPalette.ColorRole.Base, window)
        p.setColor(disabled, QPalette.ColorRole.Button, window)
        return p

    def document_css(self) -> str:
        """Default stylesheet of rendered messages (Qt's rich-text CSS subset)."""
        return (
            f"a {{ color: {self.accent}; }}"
            f"code {{ background-color: {self.card_border}; }}"
            f"blockquote {{ color: {self.muted}; }}"
            f"th {{ background-color: {self.card_border}; }}"
        )


LIGHT = Theme(
    name="light", dark=False,
    window="#f3f4f6", base="#ffffff", text="#1f2328", muted="#6e7781",
    accent="#0969da", danger="#cf222e", warning="#9a6700",
    card="#ffffff", card_border="#e5e7eb", table_border="#c8ced6",
    pygments_style="friendly",
    roles=(("system", "#8250df"), ("developer", "#8250df"), ("user", "#0969da"),
           ("assistant", "#1a7f37"), ("tool", "#9a6700")),
)

DARK = Theme(
    name="dark", dark=True,
    window="#16181d", base="#1e2127", text="#e6e6e6", muted="#9aa4b2",
    accent="#58a6ff", danger="#ff7b72", warning="#d29922",
    card="#22262e", card_border="#343a46", table_border="#4a5261",
    pygments_style="one-dark",
    roles=(("system", "#d2a8ff"), ("developer", "#d2a8ff"), ("user", "#79c0ff"),
           ("assistant", "#7ee787"), ("tool", "#e3b341")),
)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


class ThemeManager(QObject):
    """Holds the current theme; ``changed`` fires when the OS scheme or the user's choice changes."""

    changed = Signal(object)

    def __init__(self, app: QApplication, preference: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._preference = preference
        self.theme = self._resolve()
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._on_os_scheme_changed)
        self._apply()

    @property
    def preference(self) -> str:
        return self._preference

    def set_preference(self, preference: str) -> None:
        """``"system"``, ``"light"`` or ``"dark"``."""
        self._preference = preference
        self._refresh()

    def _on_os_scheme_changed(self, *_: object) -> None:
        if self._preference == "system":
            self._refresh()

    def _resolve(self) -> Theme:
        if self._preference == "system":
            return DARK if system_prefers_dark() else LIGHT
        return DARK if self._preference == "dark" else LIGHT

    def _refresh(self) -> None:
        theme = self._resolve()
        if theme != self.theme:
            self.theme = theme
            self._apply()
            self.changed.emit(theme)

    def _apply(self) -> None:
        set_current_theme(self.theme)
        hints = QGuiApplication.styleHints()
        # Tell Qt too (6.8+): Fusion draws frames, check boxes and focus rings for dark or light by
        # the *scheme*, not the palette, so a dark palette on a light system would hide them.
        if hints is not None and hasattr(hints, "setColorScheme"):
            if self._preference == "system":
                hints.unsetColorScheme()
            else:
                hints.setColorScheme(Qt.ColorScheme.Dark if self.theme.dark else Qt.ColorScheme.Light)
        self._app.setPalette(self.theme.palette())


_current: Theme = LIGHT


def current_theme() -> Theme:
    """The theme widgets should paint with (set by the app; light until then)."""
    return _current


def set_current_theme(theme: Theme) -> None:
    global _current
    _current = theme


def install_fonts(app: QApplication) -> None:
    """Keep the platform UI font and add CJK families behind it, so 日本語 and 中文 render.

    The platform font is often an alias ("Sans Serif"); the resolved family goes first, or
    Qt would pick the first CJK font for Latin text too.
    """
    font = QFont(app.font())
    primary = QFontInfo(font).family()
    available = set(QFontDatabase.families())
    fallbacks = [f for f in CJK_FALLBACKS if f in available and f != primary]
    font.setFamilies([primary, *fallbacks])
    app.setFont(font)
    if not (QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
            or QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)):
        log.warning("No Japanese or Chinese font is installed: such text shows as boxes. On Linux install "
                    "fonts-noto-cjk or fonts-ipafont-gothic.")


def monospace_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    primary = QFontInfo(font).family()
    available = set(QFontDatabase.families())
    font.setFamilies([primary, *[f for f in CJK_FALLBACKS if f in available and f != primary]])
    return font
