"""Patients insured elsewhere (异地就医) who may pay later here: what their insured place means
for them, in words (``EligibilityView.region_class``, ``region_filed``).

A local patient hears nothing of it. In the province: the insurance share follows the home
city's rules. Another province with a filing (备案): settled directly, by the home province's
rules. Another province without one (the hospital's setting still gives credit): the
insurance may pay less, and what filing is. Patients the region rules give no credit see
their reason on the not-eligible screen (``kiosk.ui.messages``) instead.

``region_words(view)`` is the text: the check-in screen shows it, the voice says it.
Threads: GUI thread only (translation).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.flow.session import SessionView
from kiosk.ui import messages


def region_words(view: SessionView) -> str:
    """What the patient's insured place means for them here, or "" (local, or not told)."""
    elig = view.eligibility
    cls = elig.region_class if elig else None
    if elig is None or cls in (None, "local"):
        return ""
    if cls == "in_province":
        return QCoreApplication.translate(
            "RegionNote", "You are insured in another city of this province. You can pay later "
                     "here; the insurance share follows your home city's rules.")
    if elig.region_filed:
        return QCoreApplication.translate(
            "RegionNote", "You are insured in another province and have filed for treatment here. "
                     "Your bill is settled directly, by your home province's rules.")
    return " ".join((QCoreApplication.translate(
        "RegionNote", "You are insured in another province and no filing for treatment here was "
                 "found. You can pay later here, but the insurance may pay a smaller share."),
                     messages.tr(messages.FILING)))


__all__ = ["region_words"]
