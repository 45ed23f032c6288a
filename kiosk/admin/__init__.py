"""Admin mode for hospital IT: the hidden gesture, the admin PIN (hashed, with a lockout),
the status page (reader, backend, printer, journal), the diagnostics bundle and leaving the
kiosk.

``kiosk.admin.pin`` and ``kiosk.admin.gesture`` are pure (stdlib only, tested directly);
``kiosk.admin.status`` and ``kiosk.admin.diagnostics`` gather facts off the GUI thread;
``kiosk.admin.dialog`` holds the Qt widgets (GUI thread only). Importing this package loads
no Qt.
"""
