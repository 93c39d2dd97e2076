"""The messages of procurement data from outside: CPV codes checked against the vocabulary, business ids, and
eForms notices being imported, declared once like the content's problems (problems.py) and translated in the
same catalogues; every_problem.ALL has them after the others.
"""

from __future__ import annotations

from .problems import Problem

# --- CPV codes and business ids ---

UNKNOWN_CPV = Problem(
    "{value} is not a code of the CPV 2008 vocabulary; the nearest code is {code} ({name})",
    "Write a code of the CPV vocabulary: its eight digits, a dash and its check digit.", "cpv_codes")
CPV_CHECK_DIGIT = Problem(
    "the check digit of {value} is wrong: the CPV code is {code} ({name})",
    "Write the code with the check digit the CPV vocabulary gives it.", "cpv_codes")
UNKNOWN_CPV_PREFIX = Problem(
    "no CPV code starts with {value}; the nearest code is {code} ({name})",
    "Write the first digits of codes that exist in the CPV vocabulary.", "cpv")
EXPECTED_BUSINESS_ID = Problem(
    "expected a Finnish business id (Y-tunnus) such as 0201256-6, got {value}",
    "Seven digits, a dash and the check digit, as the Finnish trade register writes it.", "business_id")
BUSINESS_ID_CHECK_DIGIT = Problem(
    "the check digit of the business id {value} is wrong: it would be {digit}",
    "Copy the business id from the trade register (ytj.fi); a mistyped digit changes the check digit.",
    "business_id")
BUSINESS_ID_IMPOSSIBLE = Problem(
    "{value} cannot be a business id: no check digit fits its seven digits",
    "Copy the business id from the trade register (ytj.fi).", "business_id")
DUPLICATE_BUSINESS_ID = Problem(
    "the business id {value} is also organisation {other}'s",
    "A business id names one organisation: give it to the one that procures (the notices' buyer).",
    "business_id")
