"""Whatever the backend (or something pretending to be it) answers, the client ends in a
result or one of its typed errors: never a KeyError, TypeError or AttributeError."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import BILL, ELIGIBILITY, ITINERARY, SETTLEMENT, VISIT

from kiosk.client.answers import decode_response
from kiosk.client.errors import BackendError
from kiosk.client.models import (
    Bill,
    Eligibility,
    Itinerary,
    ResponseShapeError,
    Settlement,
    Visit,
    parse_bill,
    parse_eligibility,
    parse_itinerary,
    parse_settlement,
    parse_visit,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)

CASES = [(parse_eligibility, ELIGIBILITY), (parse_visit, VISIT), (parse_bill, BILL),
         (parse_itinerary, ITINERARY), (parse_settlement, SETTLEMENT)]


RESULT_TYPES = {parse_eligibility: Eligibility, parse_visit: Visit, parse_bill: Bill,
                parse_itinerary: Itinerary, parse_settlement: Settlement}


def assert_parsed_or_refused(parse: Any, doc: Any) -> None:
    try:
        result = parse(doc)
    except ResponseShapeError as err:
        assert err.where.startswith("$") and err.problem
    else:
        assert isinstance(result, RESULT_TYPES[parse])


def paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += paths(value, (*prefix, index))
    return out


def replaced(doc: Any, path: tuple, value: Any) -> Any:
    doc = copy.deepcopy(doc)
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


@settings(max_examples=300, deadline=None)
@given(case=st.sampled_from(CASES), data=st.data(), value=json_values)
def test_any_field_replaced_by_any_json_is_parsed_or_refused(case, data, value) -> None:
    parse, doc = case
    path = data.draw(st.sampled_from(paths(doc)))
    assert_parsed_or_refused(parse, replaced(doc, path, value))


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from(CASES), value=json_values)
def test_any_json_document_is_parsed_or_refused(case, value) -> None:
    parse, _ = case
    assert_parsed_or_refused(parse, value)


@settings(max_examples=300, deadline=None)
@given(status=st.integers(100, 599), raw=st.binary(max_size=200) | json_values.map(
    lambda v: repr(v).encode()))
def test_decode_response_returns_or_raises_a_backend_error(status: int, raw: bytes) -> None:
    try:
        decode_response(status, raw)
    except BackendError as err:
        assert err.outcome_unknown == (status >= 500 or 200 <= status < 300)
    else:
        assert 200 <= status < 300
