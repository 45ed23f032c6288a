"""Reach mode's band: which rows of the screen a seated user reaches (ADA 308, EN 301 549
chapter 8: operable parts 380-1220 mm above the floor), from the installation's screen height
above the floor and pixel size (entered in setup). Pure; any thread.
"""

from __future__ import annotations

REACH_LOW_MM = 380.0
REACH_HIGH_MM = 1220.0


def reach_band(height_px: int, bottom_mm: float | None = None,
               pixel_mm: float | None = None) -> tuple[int, int]:
    """``(top, bottom)`` pixel rows (0 at the top of the window) inside the reach band.

    ``bottom_mm``: the height of the screen's lowest row above the floor; ``pixel_mm``: the
    pixel pitch. Without them: the lower half of the screen. A screen entirely out of reach
    gets the rows nearest to it (at least a quarter of the screen), so controls stay usable.
    """
    if not bottom_mm or not pixel_mm or bottom_mm <= 0 or pixel_mm <= 0:
        return height_px // 2, height_px
    top_mm = bottom_mm + height_px * pixel_mm

    def row(mm: float) -> int:  # the row at ``mm`` above the floor
        return round((top_mm - mm) / pixel_mm)

    top = max(0, min(height_px, row(REACH_HIGH_MM)))
    bottom = max(0, min(height_px, row(REACH_LOW_MM)))
    least = height_px // 4
    if bottom - top < least:
        if top >= height_px - least:  # all of the screen is too high: its lowest rows
            top, bottom = height_px - least, height_px
        elif bottom <= least:  # too low: its highest rows
            top, bottom = 0, least
        else:
            top = max(0, bottom - least)
    return top, bottom
