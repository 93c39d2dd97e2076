"""The one rounding rule for percentages: one decimal, halves up; the shares of a whole add up to 100 %."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from katalogi.base.shares import percent, shares


def test_one_of_eight_is_twelve_and_a_half_and_halves_go_up():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 3) == Decimal("33.3") and percent(2, 3) == Decimal("66.7")
    assert percent(1, 16) == Decimal("6.3"), "6.25 goes up, not to the even 6.2"
    assert percent(0.1, 0.3) == Decimal("33.3"), "floats as written, not as binary fractions"
    assert percent(5, 0) is None and percent(0, 0) is None
    assert percent(0, 7) == Decimal("0.0")


def test_the_statuses_of_three_actions_add_up_to_a_hundred():
    assert shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")], "the first gets the tenth"
    assert shares([1, 7]) == [Decimal("12.5"), Decimal("87.5")]
    assert shares([0, 0]) == [Decimal("0.0"), Decimal("0.0")]
    assert shares([2, 0, 1]) == [Decimal("66.7"), Decimal("0.0"), Decimal("33.3")]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_shares_of_a_whole_add_up_and_each_is_within_a_tenth(counts):
    found = shares(counts)
    total = sum(counts)
    if total == 0:
        assert all(share == 0 for share in found)
        return
    assert sum(found) == Decimal(100)
    for count, share in zip(counts, found, strict=True):
        exact = Fraction(100 * count, total)
        assert abs(Fraction(share) - exact) < Fraction(1, 10), (count, share)
        assert Fraction(share) in (Fraction(math.floor(exact * 10), 10), Fraction(math.floor(exact * 10) + 1, 10))
        if count == 0:
            assert share == 0, "nothing gets no tenth"
