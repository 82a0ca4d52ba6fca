"""The inspector's colour scales: viridis (colour-blind safe, lightness rises monotonically).

Every token gets a value in [0, 1] where 1 means "the model was sure" (bright yellow) and 0
"surprising" (dark purple), whatever the colour mode; the legend names what the ends mean.
Colours come from a 256-entry table so painting 8,000 tokens never interpolates.
"""

from __future__ import annotations

import math
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QLinearGradient

from parley.core.logprobs import TokenInfo, TokenSequence

# matplotlib's viridis at 0.0, 0.1, … 1.0
_VIRIDIS = ("#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
            "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725")
STEPS = 256
NO_DATA = -1  # a token without the facts the mode needs (no alternatives listed): painted grey


class ColourMode(Enum):
    PROBABILITY = "probability"
    ENTROPY = "entropy"
    RANK = "rank"

    @property
    def label(self) -> str:
        if self is ColourMode.PROBABILITY:
            return QCoreApplication.translate("ColourMode", "Probability")
        if self is ColourMode.ENTROPY:
            return QCoreApplication.translate("ColourMode", "Entropy (lower bound)")
        return QCoreApplication.translate("ColourMode", "Rank")


def _lerp(a: QColor, b: QColor, t: float) -> QColor:
    # 8-bit channels: what the screen shows, so painted pixels compare equal to the palette
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def viridis(t: float) -> QColor:
    t = min(1.0, max(0.0, t))
    stops = [QColor(c) for c in _VIRIDIS]
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    return _lerp(stops[i], stops[i + 1], pos - i)


def _readable_text(background: QColor) -> QColor:
    # relative luminance (WCAG): dark text on the light half of the scale, white on the dark half
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(background.redF()) + 0.7152 * channel(background.greenF()) + \
        0.0722 * channel(background.blueF())
    return QColor("#000000") if lum > 0.18 else QColor("#ffffff")


class Palette:
    """Background and text colour for each of the 256 steps, plus the no-data grey."""

    def __init__(self) -> None:
        self.backgrounds = [viridis(i / (STEPS - 1)) for i in range(STEPS)]
        self.texts = [_readable_text(c) for c in self.backgrounds]
        self.no_data = QColor("#c8c8c8")
        self.no_data_text = QColor("#000000")
        self.divider = QColor("#ffffff")

    def background(self, step: int) -> QColor:
        return self.no_data if step == NO_DATA else self.backgrounds[step]

    def text(self, step: int) -> QColor:
        return self.no_data_text if step == NO_DATA else self.texts[step]

    def gradient(self, x0: float, x1: float) -> QLinearGradient:
        gradient = QLinearGradient(x0, 0, x1, 0)
        for i, colour in enumerate(_VIRIDIS):
            gradient.setColorAt(i / (len(_VIRIDIS) - 1), QColor(colour))
        return gradient


def max_alternatives(seq: TokenSequence) -> int:
    return max((len(t.raw_alternatives) for t in seq.tokens), default=0)


def value(token: TokenInfo, mode: ColourMode, listed: int) -> float | None:
    """The token's place on the scale (1 = sure, 0 = surprising); None when the mode has no data."""
    if mode is ColourMode.PROBABILITY:
        return token.probability
    if not token.raw_alternatives:
        return None
    if mode is ColourMode.ENTROPY:
        entropy = token.entropy_lower_bound or 0.0
        return 1.0 - min(1.0, entropy / math.log(max(2, listed)))
    rank = token.rank
    if rank is None:
        return 0.0  # not even among the listed alternatives
    return 1.0 - (rank - 1) / max(1, listed)


def steps(seq: TokenSequence, mode: ColourMode) -> list[int]:
    """The palette step of every token."""
    listed = max_alternatives(seq)
    top = STEPS - 1
    out = []
    for token in seq.tokens:
        v = value(token, mode, listed)
        out.append(NO_DATA if v is None else int(v * top + 0.5))
    return out


def legend_labels(mode: ColourMode, listed: int) -> tuple[str, str, str]:
    """(left end, middle, right end) labels of the legend."""
    if mode is ColourMode.PROBABILITY:
        return "0%", "50%", "100%"
    if mode is ColourMode.ENTROPY:
        top = math.log(max(2, listed))
        return (QCoreApplication.translate("ColourMode", "≥ {top} nats (unsure)").format(top=f"{top:.2f}"),
                f"{top / 2:.2f}", QCoreApplication.translate("ColourMode", "0 nats (sure)"))
    left = (QCoreApplication.translate("ColourMode", "not in top {n}").format(n=listed) if listed
            else QCoreApplication.translate("ColourMode", "not listed"))
    return left, "", QCoreApplication.translate("ColourMode", "rank 1")
