"""The kiosk's look: the shipped CJK font, the colour palette and the stylesheet.

Patients are often elderly, so text is large (body >= 24 px, >= 32 px in large-text mode),
buttons are at least 88 px tall and every text/background pair used by the stylesheet has a
WCAG contrast ratio of at least 4.5:1 (``CONTRAST_PAIRS``; a test computes them). Care mode
(长辈模式) goes further: body text >= 36 px, headings >= 56 px, touch targets >= 120 px, and
its palette (``CARE_PALETTE``) gives every pair at least 7:1. The stylesheet
``assets/styles/kiosk.qss`` is a template: ``@name@`` tokens are filled with the palette
colours and the sizes of the current text mode by ``stylesheet(large, care=...)``. The keypad's
focus ring (``FOCUS_RING``) is painted, two colours so it shows on every background.

Threads: GUI thread only (fonts and stylesheets are Qt GUI objects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.qt.assets import asset

FONT_FILE = ("fonts", "wqy-microhei.ttc")
FALLBACK_FAMILY = "WenQuanYi Micro Hei"

PALETTE: dict[str, str] = {
    "background": "#F4F6F8",
    "surface": "#FFFFFF",
    "text": "#1B2430",
    "muted": "#46505C",
    "primary": "#0B5CAD",
    "on_primary": "#FFFFFF",
    "pay": "#1D6B31",
    "on_pay": "#FFFFFF",
    "border": "#5B6B7C",
    "topbar": "#0B3D6E",
    "on_topbar": "#FFFFFF",
    "notice": "#FFF1C2",
    "on_notice": "#4D3200",
    "alert": "#FDE8E8",
    "on_alert": "#8A1C1C",
    "good": "#1D6B31",
    "disabled": "#D5DBE1",
    "on_disabled": "#3A4350",
    "pressed": "#08427D",
    "backdrop": "#0B1620",
}

# Care mode's colours: the same palette with the mid-tones darkened to 7:1 (WCAG AAA).
CARE_PALETTE: dict[str, str] = dict(
    PALETTE, primary="#08427D", pressed="#05305C", pay="#14532A", good="#14532A",
    border="#384350", muted="#384350")
# The keypad focus ring: a thick yellow band inside a black one (visible on light and dark).
FOCUS_RING = ("#000000", "#FFD400")
FOCUS_RING_WIDTH = 10

# (foreground, background) pairs the stylesheet and the painted widgets really use.
CONTRAST_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("primary", "surface"),
    ("primary", "background"),
    ("on_primary", "primary"),
    ("on_primary", "pressed"),
    ("on_pay", "pay"),
    ("on_topbar", "topbar"),
    ("on_notice", "notice"),
    ("on_alert", "alert"),
    ("good", "surface"),
    ("good", "background"),
    ("on_disabled", "disabled"),
)


@dataclass(frozen=True, slots=True)
class Sizes:
    """Pixel sizes of one text mode."""

    body: int
    small: int
    title: int
    display: int
    big: int
    huge: int
    button: int
    button_height: int
    bar_button_height: int


NORMAL = Sizes(body=26, small=24, title=44, display=64, big=36, huge=150, button=30,
               button_height=96, bar_button_height=88)
LARGE = Sizes(body=34, small=32, title=54, display=76, big=46, huge=190, button=38,
              button_height=112, bar_button_height=96)
# Care mode at the 1080-wide reference: body >= 36, headings >= 56, targets >= 120.
CARE = Sizes(body=36, small=36, title=56, display=72, big=44, huge=180, button=40,
             button_height=120, bar_button_height=120)


def sizes(large: bool, care: bool = False) -> Sizes:
    return CARE if care else LARGE if large else NORMAL


def palette(care: bool = False) -> dict[str, str]:
    return CARE_PALETTE if care else PALETTE


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an ``#RRGGBB`` colour."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


_font_family: str | None = None


def load_fonts() -> str:
    """Register the shipped CJK font (once) and return its family name.

    Call after the ``QApplication`` exists. The kiosk must not depend on the fonts of the
    machine it runs on: without this font Chinese text would show as empty boxes.
    """
    global _font_family
    if _font_family is None:
        font_id = QFontDatabase.addApplicationFont(str(asset(*FONT_FILE)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise RuntimeError(f"could not load the kiosk font {asset(*FONT_FILE)}")
        _font_family = families[0]
    return _font_family


def apply_app_font(app: QApplication, large: bool = False) -> QFont:
    """Load the font and make it the application font at body size."""
    font = QFont(load_fonts())
    font.setPixelSize(sizes(large).body)
    app.setFont(font)
    return font


_TOKEN = re.compile(r"@([a-z_]+)@")


def stylesheet(large: bool = False, *, care: bool = False) -> str:
    """The kiosk stylesheet for one text mode (care mode: its sizes and colours), tokens
    filled in."""
    template = asset("styles", "kiosk.qss").read_text(encoding="utf-8")
    values: dict[str, str] = dict(palette(care))
    size = sizes(large, care)
    for name in Sizes.__slots__:
        values[name] = f"{getattr(size, name)}px"
    values["font_family"] = _font_family or FALLBACK_FAMILY

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return _TOKEN.sub(fill, template)
