"""The 18-character resident ID number: check digit, validity and masking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.citizen_id import CHECK_CHARS, check_digit, is_valid, mask_id, mask_name

# The worked example of GB 11643-1999 and numbers built for the demo cards.
VALID = ["11010519491231002X", "990101195603140023", "990101194807020045", "990101199004150068"]


@pytest.mark.parametrize("number", VALID)
def test_known_numbers_are_valid(number):
    assert is_valid(number)
    assert check_digit(number[:17]) == number[17]


def test_check_digit_by_hand():
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 % 11 = 2
    assert check_digit("11010519491231002") == CHECK_CHARS[2] == "X"


def test_lowercase_x_is_accepted():
    assert is_valid("11010519491231002x")


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit
        "11010519491231002",  # 17 characters
        "11010519491231002XX",  # 19 characters
        "11010519491231002X\n",  # trailing newline
        " 11010519491231002X",
        "1101051949123100X2",  # X not at the end
        "",
        "ABCDEFGHIJKLMNOPQR",
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits
        "１１０１０５１９４９１２３１００２X",  # full-width digits
    ],
)
def test_malformed_numbers_are_invalid(number):
    assert is_valid(number) is False


def with_check(first17: str) -> str:
    return first17 + check_digit(first17)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490001", "00000101", "19000229"])
def test_impossible_birth_dates_are_invalid_even_with_a_right_check(birth):
    assert not is_valid(with_check(f"110105{birth}002"))


def test_leap_day_is_a_real_birth_date():
    assert is_valid(with_check("11010520000229002"))


@pytest.mark.parametrize("bad", ["1234567890123456", "123456789012345678", "1234567890123456X",
                                 "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧", "12345678901234 67"])
def test_check_digit_refuses_anything_but_17_ascii_digits(bad):
    with pytest.raises(ValueError):
        check_digit(bad)


first17s = st.builds(
    lambda region, born, seq: f"{region:06d}{born:%Y%m%d}{seq:03d}",
    st.integers(110000, 659999),
    st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    st.integers(0, 999),
)


@given(first17s, st.data())
def test_every_single_character_change_is_caught(first17, data):
    number = with_check(first17)
    assert is_valid(number)
    position = data.draw(st.integers(0, 17))
    replacement = data.draw(st.sampled_from("0123456789X").filter(lambda c: c != number[position]))
    assert not is_valid(number[:position] + replacement + number[position + 1:])


@given(first17s, st.integers(0, 15))
def test_every_adjacent_swap_of_different_digits_is_caught(first17, position):
    number = with_check(first17)
    a, b = number[position], number[position + 1]
    if a != b:
        assert not is_valid(number[:position] + b + a + number[position + 2:])


def test_mask_id():
    assert mask_id("990101195603140023") == "9901**********0023"
    assert mask_id("123456789") == "1234*6789"
    assert mask_id("12345678") == "********"
    assert mask_id("") == ""


@given(first17s)
def test_mask_id_hides_the_birth_date_and_keeps_the_length(first17):
    number = with_check(first17)
    masked = mask_id(number)
    assert len(masked) == 18
    assert masked[4:14] == "*" * 10
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]


@pytest.mark.parametrize(
    ("name", "masked"),
    [("林秀英", "林**"), ("林平", "林*"), ("林", "林*"), ("  王海 ", "王*"), ("", ""), ("   ", ""),
     ("Lin Ping", "L*******"), ("李䶮", "李*"), ("欧阳娜娜", "欧***")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_future_birth_dates_are_left_to_callers():
    # is_valid checks the shape and calendar only; a future birth date is for callers to judge
    later = date.today() + timedelta(days=400)
    assert is_valid(with_check(f"990101{later:%Y%m%d}001"))
