"""Payback and ROI against hand calculations, the business case explained with its numbers,
and fiscal quarters for years starting in January, April and July.

Model (business_case.py): O one-off cost, C yearly cost, B yearly benefit, m months to value,
H horizon in years. payback = (12*O + B*m) / (B - C) months when B > C;
ROI = (B*max(0, H - m/12) - (O + C*H)) / (O + C*H) * 100, both rounded half-up to one decimal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from itpm.roadmap.business_case import BusinessCase
from itpm.roadmap.models import Initiative, Quarter
from itpm.roadmap.queries.strategy import explain, number

D = Decimal


def case(
    o: int | None = 120_000, c: int | None = 20_000, b: int | None = 100_000, m: int | None = 6, h: int = 3
) -> BusinessCase:
    return BusinessCase(
        one_off_cost=None if o is None else D(o),
        yearly_cost=None if c is None else D(c),
        yearly_benefit=None if b is None else D(b),
        months_to_value=m,
        horizon_years=h,
    )


# --- Payback -------------------------------------------------------------------------------------


def test_payback_of_the_worked_example() -> None:
    # (12 * 120,000 + 100,000 * 6) / (100,000 - 20,000) = (1,440,000 + 600,000) / 80,000 = 25.5
    assert case().payback_months == D("25.5")


def test_payback_with_value_from_the_first_month() -> None:
    # (12 * 10,000 + 12,000 * 5) / (12,000 - 2,000) = 180,000 / 10,000 = 18.0
    assert case(o=10_000, c=2_000, b=12_000, m=5).payback_months == D("18.0")


def test_payback_rounds_half_up_to_one_decimal() -> None:
    # (12 * 325 + 1,000 * 1) / (1,000 - 600) = 4,900 / 400 = 12.25 → 12.3 (half-even would give 12.2)
    assert case(o=325, c=600, b=1_000, m=1).payback_months == D("12.3")


def test_payback_does_not_depend_on_the_horizon() -> None:
    assert {case(h=h).payback_months for h in (1, 3, 5)} == {D("25.5")}


@pytest.mark.parametrize(
    ("missing", "label"),
    [("o", "one-off cost"), ("c", "yearly cost"), ("b", "yearly benefit"), ("m", "months to value")],
)
def test_each_missing_input_gives_no_numbers_and_is_named(missing: str, label: str) -> None:
    business_case = case(**{missing: None})  # type: ignore[arg-type]
    assert business_case.payback_months is None
    assert business_case.roi_percent is None
    assert business_case.missing == [label]
    assert business_case.never_pays_back is False


def test_all_inputs_missing_are_named_in_order() -> None:
    assert case(o=None, c=None, b=None, m=None).missing == [
        "one-off cost",
        "yearly cost",
        "yearly benefit",
        "months to value",
    ]


@pytest.mark.parametrize("benefit", [20_000, 10_000, 0])
def test_benefit_not_above_the_yearly_cost_never_pays_back(benefit: int) -> None:
    business_case = case(b=benefit)  # yearly cost 20,000
    assert business_case.payback_months is None
    assert business_case.never_pays_back is True


def test_benefit_just_above_the_yearly_cost_pays_back_late() -> None:
    # (12 * 120,000 + 20,001 * 6) / (20,001 - 20,000) = 1,560,006 / 1 = 1,560,006.0 months
    assert case(b=20_001).payback_months == D("1560006.0")
    assert case(b=20_001).never_pays_back is False


def test_no_costs_pays_back_at_once() -> None:
    # (12 * 0 + 1,000 * 0) / (1,000 - 0) = 0.0
    assert case(o=0, c=0, b=1_000, m=0).payback_months == D("0.0")


# --- Return on investment ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("horizon", "roi"),
    [
        # H = 1: benefit 100,000 * (1 - 6/12) = 50,000; cost 120,000 + 20,000 * 1 = 140,000;
        #        (50,000 - 140,000) / 140,000 = -0.642857 → -64.3 %
        (1, D("-64.3")),
        # H = 3: benefit 100,000 * 2.5 = 250,000; cost 120,000 + 60,000 = 180,000;
        #        70,000 / 180,000 = 0.388888 → 38.9 %
        (3, D("38.9")),
        # H = 5: benefit 100,000 * 4.5 = 450,000; cost 120,000 + 100,000 = 220,000;
        #        230,000 / 220,000 = 1.045454 → 104.5 %
        (5, D("104.5")),
    ],
)
def test_roi_over_one_three_and_five_years(horizon: int, roi: Decimal) -> None:
    assert case(h=horizon).roi_percent == roi


def test_totals_of_the_worked_example() -> None:
    business_case = case()
    assert business_case.total_benefit == D(250_000)  # 100,000 * (3 - 6 / 12)
    assert business_case.total_cost == D(180_000)  # 120,000 + 20,000 * 3


def test_roi_rounds_half_up_to_one_decimal() -> None:
    # H = 1, m = 0: benefit 3,001; cost 1,000 + 1,000 = 2,000; 1,001 / 2,000 = 0.5005 → 50.05 → 50.1
    assert case(o=1_000, c=1_000, b=3_001, m=0, h=1).roi_percent == D("50.1")


def test_roi_with_months_that_are_not_whole_years_rounds_half_up() -> None:
    # benefit 12,000 * (3 - 5/12) = 31,000; cost 10,000 + 2,000 * 3 = 16,000;
    # 15,000 / 16,000 = 0.9375 → 93.75 → 93.8 (inexact 5/12 must not turn it into 93.7)
    assert case(o=10_000, c=2_000, b=12_000, m=5).roi_percent == D("93.8")


def test_zero_total_cost_gives_no_roi() -> None:
    business_case = case(o=0, c=0, b=1_000, m=0)
    assert business_case.total_cost == 0
    assert business_case.roi_percent is None


@pytest.mark.parametrize("months", [36, 48, 120])
def test_value_at_or_after_the_horizon_counts_no_benefit(months: int) -> None:
    business_case = case(m=months)  # horizon 3 years = 36 months
    assert business_case.total_benefit == 0
    # (0 - 180,000) / 180,000 = -100.0 %
    assert business_case.roi_percent == D("-100.0")


def test_a_case_that_never_pays_back_still_has_a_return() -> None:
    # B = C = 20,000: benefit 20,000 * 2.5 = 50,000; cost 180,000; -130,000 / 180,000 = -0.7222 → -72.2 %
    assert case(b=20_000).roi_percent == D("-72.2")


# --- Explained, numbers filled in -----------------------------------------------------------------


def initiative(**values: object) -> Initiative:
    defaults: dict[str, object] = {
        "one_off_cost": D("120000.00"),
        "yearly_cost": D("20000.00"),
        "yearly_benefit": D("100000.00"),
        "months_to_value": 6,
        "horizon_years": 3,
    }
    return Initiative(name="Self-service onboarding", **(defaults | values))


def test_explained_payback_shows_the_formula_with_the_numbers() -> None:
    explained = explain(initiative())
    assert explained.payback == "25.5 months"
    assert explained.payback_formula == "(12 × 120,000 + 100,000 × 6) ÷ (100,000 − 20,000) = 25.5 months"


def test_explained_roi_shows_benefit_cost_and_return() -> None:
    explained = explain(initiative())
    assert explained.benefit_formula == "100,000 × (3 − 6 ÷ 12) = 250,000"
    assert explained.cost_formula == "120,000 + 20,000 × 3 = 180,000"
    assert explained.roi_formula == "(250,000 − 180,000) ÷ 180,000 × 100 = 38.9 %"
    assert explained.roi == "38.9 % over 3 years"


def test_explained_missing_benefit_names_it_never_zero() -> None:
    explained = explain(initiative(yearly_benefit=None))
    assert explained.payback == "Add the yearly benefit to see the payback."
    assert explained.roi == "Add the yearly benefit to see the return over 3 years."
    assert explained.payback_formula == explained.roi_formula == ""
    assert "0" not in explained.payback


def test_explained_several_missing_inputs_are_listed() -> None:
    explained = explain(initiative(one_off_cost=None, months_to_value=None))
    assert explained.payback == "Add the one-off cost and months to value to see the payback."


def test_explained_never_pays_back_says_why() -> None:
    explained = explain(initiative(yearly_benefit=D("15000")))
    assert explained.payback == (
        "Never pays back: the yearly benefit (15,000) does not exceed the yearly cost (20,000)."
    )
    assert explained.payback_formula == ""


def test_explained_zero_cost_says_there_is_no_return() -> None:
    explained = explain(initiative(one_off_cost=D(0), yearly_cost=D(0), horizon_years=1))
    assert explained.roi == "No return can be computed: the total cost over 1 year is 0."


def test_explained_value_after_the_horizon_shows_zero_benefit() -> None:
    explained = explain(initiative(months_to_value=40))
    assert explained.benefit_formula == "100,000 × 0 (the value arrives at or after the horizon's end) = 0"


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("120000.00"), "120,000"), (D("1234.5"), "1,234.5"), (D("0.125"), "0.13"), (D("-64.3"), "-64.3"), (7, "7")],
)
def test_numbers_are_grouped_and_trimmed(value: Decimal | int, text: str) -> None:
    assert number(value) == text


# --- Fiscal quarters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_month", "day", "quarter"),
    [
        # January: the fiscal year is the calendar year.
        (1, datetime.date(2026, 1, 1), Quarter(2026, 1)),
        (1, datetime.date(2026, 3, 31), Quarter(2026, 1)),
        (1, datetime.date(2026, 4, 1), Quarter(2026, 2)),
        (1, datetime.date(2026, 12, 31), Quarter(2026, 4)),
        # April: FY2027 runs April 2026 - March 2027.
        (4, datetime.date(2026, 3, 31), Quarter(2026, 4)),
        (4, datetime.date(2026, 4, 1), Quarter(2027, 1)),
        (4, datetime.date(2026, 12, 31), Quarter(2027, 3)),
        (4, datetime.date(2027, 1, 1), Quarter(2027, 4)),
        # July: FY2027 runs July 2026 - June 2027.
        (7, datetime.date(2026, 6, 30), Quarter(2026, 4)),
        (7, datetime.date(2026, 7, 1), Quarter(2027, 1)),
        (7, datetime.date(2026, 9, 30), Quarter(2027, 1)),
        (7, datetime.date(2026, 12, 31), Quarter(2027, 2)),
        (7, datetime.date(2027, 1, 1), Quarter(2027, 3)),
        (7, datetime.date(2027, 6, 30), Quarter(2027, 4)),
    ],
)
def test_quarter_of_a_day(start_month: int, day: datetime.date, quarter: Quarter) -> None:
    assert Quarter.of(day, start_month) == quarter


@pytest.mark.parametrize(
    ("start_month", "quarter", "starts", "ends"),
    [
        (1, Quarter(2026, 1), datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (1, Quarter(2026, 4), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (4, Quarter(2027, 1), datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (4, Quarter(2027, 3), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (4, Quarter(2027, 4), datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
        (7, Quarter(2027, 1), datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        (7, Quarter(2027, 2), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (7, Quarter(2027, 3), datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
        (7, Quarter(2027, 4), datetime.date(2027, 4, 1), datetime.date(2027, 6, 30)),
    ],
)
def test_quarter_dates(start_month: int, quarter: Quarter, starts: datetime.date, ends: datetime.date) -> None:
    assert quarter.starts_on(start_month) == starts
    assert quarter.ends_on(start_month) == ends


@pytest.mark.parametrize("start_month", [1, 4, 7])
def test_quarters_follow_each_other_without_gaps(start_month: int) -> None:
    quarter = Quarter(2026, 1)
    for _ in range(8):
        following = quarter.next()
        assert following.starts_on(start_month) == quarter.ends_on(start_month) + datetime.timedelta(days=1)
        assert Quarter.of(quarter.starts_on(start_month), start_month) == quarter
        assert Quarter.of(quarter.ends_on(start_month), start_month) == quarter
        quarter = following


def test_the_fourth_quarter_is_followed_by_the_next_years_first() -> None:
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert str(Quarter(2027, 1)) == "FY2027 Q1"
    assert Quarter(2027, 1).key == "2027-Q1"


@pytest.mark.parametrize("text", ["2027-Q1", "FY2027 Q1", "fy2027 q1", " FY2027-Q1 "])
def test_parse_reads_both_spellings(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2027, 1)


@pytest.mark.parametrize("text", ["2027-Q5", "2027-Q0", "Q1", "1999-Q1", "2027", "", "FY20x7 Q1"])
def test_parse_refuses_what_is_not_a_quarter(text: str) -> None:
    with pytest.raises(ValueError, match="is not a quarter like 2027-Q1"):
        Quarter.parse(text)
