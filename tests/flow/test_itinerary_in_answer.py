"""A returning patient's eligibility answer may carry the itinerary of the open visit the kiosk
shows first (issue 19: one request on each step's critical path): the session then shows it
without asking again, and asks only when the answer's itinerary is for another visit or none
came."""

from __future__ import annotations

from kiosk.flow import session as fs
from kiosk.flow.models import ItineraryView, OpenVisit
from kiosk.flow.samples import eligible


def _returning(itinerary: ItineraryView | None) -> tuple[fs.Session, list[fs.Effect]]:
    s = fs.Session()
    (check,) = s.handle(fs.CardInserted("R"))
    visits = [OpenVisit(7, "INT", 5, 0), OpenVisit(9, "LAB", 6, 12_000)]
    return s, s.handle(fs.EligibilityReceived(check.generation, eligible(visits),
                                              itinerary=itinerary))


def test_the_itinerary_that_came_with_the_answer_is_shown_without_a_request() -> None:
    itinerary = ItineraryView(visit_id=9, stops=(), total_expected_minutes=0)
    s, effects = _returning(itinerary)
    assert effects == []
    view = s.view()
    assert view.state is fs.State.ITINERARY and not view.busy
    assert view.itinerary == itinerary


def test_an_itinerary_for_another_visit_or_none_is_asked_for() -> None:
    for itinerary in (ItineraryView(visit_id=7, stops=(), total_expected_minutes=0), None):
        s, effects = _returning(itinerary)
        # the visit with charges to pay (9) is the one shown first
        assert effects == [fs.LoadItinerary(s.generation, 9)]
        assert s.view().state is fs.State.ITINERARY and s.view().busy
