"""The shared Qt kit: what every Qt program of the product (patient kiosk, counter station,
setup, admin mode, printing) builds on.

- ``background``: the one helper that runs work off the GUI thread and answers on it;
- ``theme``: palette, sizes, the shipped CJK font and the stylesheet;
- ``i18n``: Qt Linguist translations, switched live;
- ``assets``: finds the shipped files, frozen or from source;
- ``card_signals``: card reader events as queued Qt signals;
- ``widgets`` and ``qr``: basic widgets and QR codes.

The kit knows no patient session and no backend: it may import ``kiosk.domain`` only.
"""
