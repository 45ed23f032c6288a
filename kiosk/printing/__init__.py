"""Receipts on paper: the printed receipt after a settlement.

``kiosk.printing.receipt`` decides what a receipt says (pure); ``kiosk.printing.spec`` parses
the configuration's ``printer`` string (pure); ``kiosk.printing.printers`` prints it - through
Qt's print support to an installed printer (or a PDF file), or as ESC/POS to a network
thermal printer (python-escpos) - and turns every fault into ``PrinterFault`` with a code;
``kiosk.printing.service`` runs printing off the GUI thread after the receipt screen is
shown, and remembers the last fault for admin mode. A printer fault never blocks or undoes a
settlement: the receipt stays on screen with its QR code.
"""
