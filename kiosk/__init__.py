"""Self-service kiosk for credit-based medical care: see the doctor first, pay once at the end.

The package is split into rooms that data flows through one way (see README.md):
``domain`` (pure types and rules), ``card`` (PC/SC reader), ``client`` (backend API),
``journal`` (local store), ``flow`` (patient session state machine), ``ui`` (screens),
``counter`` (staff station) and ``server`` (the reference backend service).
"""

__version__ = "0.1.0"
