"""The installation room: what turns a checkout or the packaged folder into an installed
kiosk, and what hospital IT uses to keep it running.

- ``kiosk.install.config``: the one ``KioskConfig`` (file, environment and command line, one
  validator, atomic writes);
- ``kiosk.install.pin``: the admin PIN's hash and lockout (pure);
- ``kiosk.install.health``: the one set of health checks (reader, backend and token, journal,
  fonts, translations, printer) that ``--self-test``, admin status and the setup all use;
- ``kiosk.install.selftest``: ``kiosk --self-test``;
- ``kiosk.install.setup``: the first-run setup (a pure step model and its Qt pages);
- ``kiosk.install.admin``: admin mode (gesture, PIN pad, status, diagnostics, lockdown).

Below it: printing, the Qt kit, the flow, the client, the card and the journal; above it only
``kiosk.app``, which wires it in. Inside it ``setup`` and ``admin`` never import each other,
and ``config`` and ``pin`` import neither. Importing this package loads no Qt.
"""
