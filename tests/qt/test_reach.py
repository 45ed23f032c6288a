"""Reach mode's band (issue 15, item 4): rows 380-1220 mm above the floor."""

from __future__ import annotations

from kiosk.qt.reach import reach_band


def test_default_is_the_lower_half():
    assert reach_band(1920) == (960, 1920)
    assert reach_band(1080, None, 0.3) == (540, 1080)


def test_band_from_the_screens_height_and_pixel_size():
    # a 1920-row screen of 0.5 mm pixels whose lowest row is 700 mm above the floor: its top
    # is at 1660 mm; 1220 mm lies 440 mm (880 rows) below the top, the bottom is all in reach
    assert reach_band(1920, 700, 0.5) == (880, 1920)
    # lowest row at 200 mm, top at 1160 mm: all but the bottom 180 mm (360 rows)
    assert reach_band(1920, 200, 0.5) == (0, 1560)


def test_a_screen_out_of_reach_keeps_its_nearest_quarter():
    assert reach_band(1920, 1300, 0.5) == (1440, 1920)  # all above 1220 mm
    assert reach_band(1920, 0.01, 0.1) == (0, 480)  # all below 380 mm
