"""The counter station (``kiosk counter``): the staff desktop app at the payment counter.

Staff sign in with a backend account, read the patient's insurance card, see the full identity
and the patient's account (link, eligibility, visits, settlements, debts), link first-time
cards (consent, signature, payment method), unlink/suspend/reinstate, take payment for debts
and for visits paid at the counter, and refund settlements.

Layout: ``consent`` (versioned consent texts) and ``rules`` (pure decisions) know no Qt;
``controller`` does every backend call and card read through ``kiosk.qt.background`` and
tells the window what happened; ``screens`` only show and emit intents; ``window`` is the one
place that switches screens; ``app`` builds it all from the command line.
"""
