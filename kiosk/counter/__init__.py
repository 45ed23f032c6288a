"""The counter station (``kiosk counter``): the staff desktop app at the payment counter.

Staff sign in with a backend account, read the patient's insurance card, see the full identity
and the patient's account (link, eligibility, visits, settlements, debts), link first-time
cards (consent, signature, payment method), unlink/suspend/reinstate, take payment for debts
and for visits paid at the counter, and refund settlements.

Layout, after the kiosk's own pattern: ``session`` is the staff session as a pure state
machine (``events`` are its intents, effects and results, as data; ``rules`` and ``consent``
its pure decisions and texts); ``runner`` carries out the effects (card, staff client, the
counter's journal of payments); ``controller`` feeds events in and runs effects on the
injected background pool; ``window`` shows each view on the screens (``patient_screen``,
``forms``, ``payment_screen``), which only show and emit intents; ``messages`` words every
code for staff; ``app`` assembles it all from the command line.
"""
