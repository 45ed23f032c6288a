"""The first-run setup that kiosk installers answer once: backend, reader, printer, display,
admin PIN. ``kiosk.setup_wizard.checks`` tests each answer (blocking, pure of Qt);
``kiosk.setup_wizard.wizard`` is the touch-friendly screen; ``kiosk.setup_wizard.cli`` is
``kiosk setup`` (and ``kiosk setup --from-file FILE`` for a mass roll-out).
"""
