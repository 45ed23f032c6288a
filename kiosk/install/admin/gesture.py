"""The hidden gesture that opens admin mode: N taps in the top-left corner within T seconds.

``CornerTaps.tap(x, y, width, height)`` returns True on the tap that completes the gesture
(default: 5 taps inside the 120 x 120 px top-left square within 3 s). A tap elsewhere starts
over. Time comes from an injected monotonic clock. Pure; used on the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class CornerTaps:
    def __init__(self, taps: int = 5, within: float = 3.0, corner_px: int = 120,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.taps = taps
        self.within = within
        self.corner_px = corner_px
        self.clock = clock
        self._times: list[float] = []

    def in_corner(self, x: float, y: float) -> bool:
        return 0 <= x < self.corner_px and 0 <= y < self.corner_px

    def tap(self, x: float, y: float) -> bool:
        if not self.in_corner(x, y):
            self._times.clear()
            return False
        now = self.clock()
        self._times = [t for t in self._times if now - t <= self.within]
        self._times.append(now)
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False
