"""Admin mode for hospital IT: the hidden gesture, the admin PIN pad (the PIN's hash and
lockout are ``kiosk.install.pin``), the status page (reader, backend, printer, journal), the
diagnostics bundle and leaving the kiosk.

``kiosk.install.admin.gesture`` is pure (stdlib only, tested directly);
``kiosk.install.admin.status`` (the health checks, worded) and
``kiosk.install.admin.diagnostics`` gather facts off the GUI thread;
``kiosk.install.admin.dialog`` holds the Qt widgets (GUI thread only);
``kiosk.install.admin.cli`` is ``kiosk admin``. Admin mode never imports the setup: "run setup
again" is a signal that ``kiosk.app`` wires to it. Importing this package loads no Qt.
"""
