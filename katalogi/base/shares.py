"""The one rounding rule for percentages: one decimal, halves up; the shares of a whole by largest remainder.

Every percentage the site, the open data and the council report show is made here, so
"1 of 8" is 12.5 % on every page, and the shares of a whole (the actions by status) add
up to exactly 100 %: each share is first cut down to the precision, and the tenths still
missing go to the shares whose cut-off parts were largest (the largest remainder method,
Hamilton's), the earlier share first on a tie. Integers all the way, so no binary fraction
tips a half the wrong way.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

DECIMALS = 1  # of every percentage shown
STEPS = 100 * 10 ** DECIMALS  # a whole, in the smallest step shown (tenths of a per cent)
UNIT = Decimal(1).scaleb(-DECIMALS)  # 0.1


def exact(value) -> Fraction:
    """A number as an exact fraction: a float as the decimal it was written as (0.1 is 1/10)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def percent(part, whole) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal, halves up; None when the whole is zero (no share to show)."""
    if not whole:
        return None
    steps = exact(part) * STEPS / exact(whole)
    return (Decimal(steps.numerator) / Decimal(steps.denominator)).quantize(Decimal(1), ROUND_HALF_UP) * UNIT


def shares(parts: Sequence) -> list[Decimal]:
    """The share of each part of their sum, in per cent, adding up to exactly 100 (all zero when the sum is)."""
    total = sum((exact(part) for part in parts), Fraction(0))
    if not total:
        return [Decimal(0) * UNIT for _ in parts]
    wanted = [exact(part) * STEPS / total for part in parts]
    floors = [value.numerator // value.denominator for value in wanted]
    missing = STEPS - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda index: (-(wanted[index] - floors[index]), index))
    for index in by_remainder[:missing]:
        floors[index] += 1
    return [Decimal(steps) * UNIT for steps in floors]
