"""Demo machines only: the demo panel that inserts the demo patients' virtual cards, the
embedded reference backend, and the fixtures that tests and benchmarks share.

Never part of an installed kiosk's behaviour: the composition root loads this room only when
the kiosk runs in demo mode.
"""
