"""Every survey figure against a hand calculation (Wilson: p̂ = x/n, z = 1.96,
centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z·√(p̂(1-p̂)/n + z²/4n²) / (1 + z²/n))."""

from __future__ import annotations

import pytest

from itpm.feedback import figures
from itpm.feedback.figures import NO_LONGER, NOT, SOMEWHAT, VERY


def pct(value: float) -> float:
    return round(value * 100, 1)


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        (4, 10, 16.8, 68.7),  # centre 0.428, half 0.260
        (8, 20, 21.9, 61.3),  # centre 0.416, half 0.197
        (0, 5, 0.0, 43.4),  # centre = half = 0.384 / 1.768 = 0.217
        (1, 1, 20.7, 100.0),  # centre 2.921 / 4.841 = 0.603, half 0.397
        (5, 5, 56.6, 100.0),
    ],
)
def test_wilson_interval_matches_the_hand_calculation(count: int, n: int, low: float, high: float) -> None:
    found_low, found_high = figures.wilson(count, n)
    assert (pct(found_low), pct(found_high)) == (low, high)


def test_wilson_of_nothing_is_the_whole_range() -> None:
    assert figures.wilson(0, 0) == (0.0, 1.0)
    assert figures.Proportion(0, 0).interval is None
    assert figures.Proportion(0, 0).percent == "—"


def test_pmf_share_leaves_out_people_who_no_longer_use_it() -> None:
    # 8 very, 10 somewhat, 2 not, 5 no longer: 8 / (8 + 10 + 2) = 40 %, n = 20.
    figure = figures.pmf({VERY: 8, SOMEWHAT: 10, NOT: 2, NO_LONGER: 5})
    assert figure.n == 20
    assert figure.share.share == pytest.approx(0.40)
    assert figure.share.percent == "40 %"
    assert figure.share.interval_words == "95 % interval 22–61 %"
    assert figure.verdict == "Too close to the 40 % line to tell with this many answers."
    assert figure.caution == "20 responses; the 40 % test needs about 40."


def test_pmf_with_only_no_longer_users_has_no_share() -> None:
    figure = figures.pmf({NO_LONGER: 7})
    assert figure.n == 0
    assert figure.share.share is None
    assert figure.verdict == "No answers to the fit question yet."
    assert figure.caution == "No responses yet; the 40 % test needs about 40."


def test_pmf_with_no_responses() -> None:
    figure = figures.pmf({})
    assert figure.n == 0
    assert figure.share.interval is None


def test_pmf_with_one_response() -> None:
    figure = figures.pmf({VERY: 1})
    assert figure.share.percent == "100 %"
    assert figure.caution == "1 response; the 40 % test needs about 40."
    # 20.7 % to 100 % straddles the line: one answer proves nothing.
    assert figure.verdict.startswith("Too close")


def test_pmf_clearly_above_and_below_the_line() -> None:
    # 60 of 100: Wilson 50.2 to 69.1 %, all above 40 %; 20 of 100: 13.3 to 28.9 %, all below.
    assert figures.pmf({VERY: 60, SOMEWHAT: 40}).verdict.startswith("Above the 40 % line")
    assert figures.pmf({VERY: 20, NOT: 80}).verdict == "Below the 40 % line."
    assert figures.pmf({VERY: 40, SOMEWHAT: 60}).caution is None  # n = 100 is enough


def test_nps_counts_promoters_passives_and_detractors() -> None:
    # promoters 3 + 2 = 5, passives 2 + 1 = 3, detractors 1 + 1 = 2; (5 - 2) / 10 = +30.
    figure = figures.nps({10: 3, 9: 2, 8: 2, 7: 1, 6: 1, 3: 1})
    assert (figure.promoters, figure.passives, figure.detractors, figure.n) == (5, 3, 2, 10)
    assert figure.score == pytest.approx(30.0)
    assert figure.promoter_share.percent == "50 %"
    assert figure.caution == "10 responses; a steady NPS needs about 30."


def test_nps_of_all_detractors_is_minus_100_and_of_nothing_is_none() -> None:
    assert figures.nps({0: 4, 6: 1}).score == pytest.approx(-100.0)
    assert figures.nps({}).score is None


def test_csat_mean_and_share_satisfied() -> None:
    # 5·2 + 4·3 + 3 + 2 + 1 = 28 over 8 answers: mean 3.5; satisfied (4 or 5) 5 of 8 = 62.5 %.
    figure = figures.csat({5: 2, 4: 3, 3: 1, 2: 1, 1: 1})
    assert figure.n == 8
    assert figure.mean == pytest.approx(3.5)
    assert figure.satisfied.share == pytest.approx(0.625)
    assert figures.csat({}).mean is None


def test_groups_under_five_are_suppressed_and_five_is_shown() -> None:
    assert figures.is_suppressed(4)
    assert not figures.is_suppressed(5)
