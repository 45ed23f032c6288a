"""The first-run setup that kiosk installers answer once: backend, reader, printer, display,
admin PIN.

``kiosk.install.setup.flow`` is the step model (pure, no Qt: the steps, which follows which,
what each accepts, what the finished setup writes); ``kiosk.install.setup.wizard`` is the
touch-friendly screen that attaches a page to each step; the live tests of the answers are
``kiosk.install.health``'s; ``kiosk.install.setup.cli`` is ``kiosk setup`` (and
``kiosk setup --from-file FILE`` for a mass roll-out). The setup never imports admin mode.
Importing this package loads no Qt.
"""
