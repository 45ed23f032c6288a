"""The look: contrast of every colour pair the stylesheet uses, text and button sizes, the
shipped CJK font, the background painted once and still everywhere."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QScrollArea

from kiosk.flow import samples
from kiosk.flow.session import State
from kiosk.install.setup.wizard import SetupWizard
from kiosk.qt import theme
from tests.ui.conftest import show


def test_wcag_formula_on_known_values():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # #767676 on white is the classic "just passes AA" grey
    assert theme.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background"), theme.CONTRAST_PAIRS)
def test_every_colour_pair_has_contrast_of_at_least_4_5(foreground, background):
    ratio = theme.contrast_ratio(theme.PALETTE[foreground], theme.PALETTE[background])
    assert ratio >= 4.5, f"{foreground} on {background}: {ratio:.2f}"


@pytest.mark.parametrize("large", [False, True])
def test_stylesheet_uses_only_palette_colours_and_fills_every_token(large):
    qss = theme.stylesheet(large)
    assert "@" not in qss
    palette = {value.upper() for value in theme.PALETTE.values()}
    used = {match.upper() for match in re.findall(r"#[0-9A-Fa-f]{6}\b", qss)}
    assert used and used <= palette, used - palette
    # the one translucent colour is the palette's backdrop
    backdrop = theme.PALETTE["backdrop"].lstrip("#")
    rgb = tuple(int(backdrop[i:i + 2], 16) for i in (0, 2, 4))
    for r, g, b in re.findall(r"rgba\((\d+), (\d+), (\d+),", qss):
        assert (int(r), int(g), int(b)) == rgb


def test_sizes_are_large_enough_for_elderly_patients():
    assert theme.NORMAL.body >= 24 and theme.NORMAL.small >= 24
    assert theme.LARGE.body >= 32 and theme.LARGE.small >= 32
    for mode in (theme.NORMAL, theme.LARGE):
        assert mode.button_height >= 88 and mode.bar_button_height >= 88
    for field in theme.Sizes.__slots__:
        assert getattr(theme.LARGE, field) > getattr(theme.NORMAL, field), field
    assert f"font-size: {theme.LARGE.body}px" in theme.stylesheet(True)
    assert f"min-height: {theme.NORMAL.button_height}px" in theme.stylesheet(False)


def test_the_shipped_cjk_font_loads_and_covers_simplified_chinese(qapp):
    family = theme.load_fonts()
    assert family == theme.load_fonts()  # registered once
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    font = theme.apply_app_font(qapp, large=True)
    assert qapp.font().family() == family and font.pixelSize() == theme.LARGE.body
    assert f'font-family: "{family}"' in theme.stylesheet()


def _background_points(screen) -> list:
    """Window points over each scroll area's empty part, and over the screen's margin."""
    points = [screen.mapTo(screen.window(), QPoint(8, 8))]
    for area in screen.findChildren(QScrollArea):
        if not area.isVisible():
            continue
        body, viewport = area.widget(), area.viewport()
        for y in range(viewport.height() - 4, 0, -24):
            at = body.mapFrom(viewport, QPoint(4, y))
            if body.rect().contains(at) and body.childAt(at) is None:
                points.append(viewport.mapTo(screen.window(), QPoint(4, y)))
                break
        else:
            raise AssertionError(f"no empty part in the scroll area of {screen.objectName()}")
    return points


@pytest.mark.parametrize("state", ["check_in", "itinerary", "bill", "not_eligible", "attract"])
def test_screens_and_their_scroll_areas_show_the_theme_background(window, state):
    """The background is painted once, by the window (screens, stacks and scroll areas are
    transparent, so a screen change fills the screen once): it must still be the theme's
    colour everywhere, never the platform's grey showing through a scroll area."""
    show(window, samples.every_screen()[State(state)])
    image = window.grab().toImage()
    points = _background_points(window.current_screen())
    assert len(points) >= 2 or state in ("not_eligible", "attract")
    for point in points:
        assert image.pixelColor(point).name().upper() == theme.PALETTE["background"].upper(), (
            state, point)


def test_the_setup_wizard_has_the_theme_background_and_styles_itself(qtbot, tmp_path, background):
    wizard = SetupWizard(background, config_path=tmp_path / "kiosk.toml")
    qtbot.addWidget(wizard)
    wizard.resize(1080, 1920)
    wizard.show()
    qtbot.waitExposed(wizard)
    image = wizard.grab().toImage()
    for x, y in ((4, 4), (540, 1000), (1075, 1915)):  # corner, middle of the page, corner
        assert image.pixelColor(x, y).name().upper() == theme.PALETTE["background"].upper()
    assert wizard.next.height() >= theme.NORMAL.button_height  # styled without a caller's help
