"""The numbers surveys produce, computed in this one place from counts, each with its sample
size and (for proportions) a 95 % Wilson interval, and words where n is too small to mean
anything. Pure arithmetic: :mod:`itpm.feedback.queries` counts the answers and hands the counts
here, so every figure is tested against a hand calculation without a database.

- **PMF share** (Sean Ellis): very disappointed ÷ (very + somewhat + not disappointed); "I no
  longer use it" is left out of the denominator. The line is 40 %; about 40 answers are needed
  before the test means much.
- **NPS**: % promoters (9 to 10) minus % detractors (0 to 6), passives 7 to 8; from -100 to 100.
- **CSAT** (and happiness): the mean of 1 to 5 and the share satisfied (4 or 5).
- **Breakdowns** by department, segment or persona are withheld below :data:`MIN_GROUP`
  responses, so a small group's answers cannot be read back to its members.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Z_95 = 1.959963984540054
MIN_GROUP = 5  # fewer responses than this in a group: the group's figure is not shown
PMF_LINE = 0.40
PMF_ENOUGH = 40  # responses the 40 % test needs to mean much
NPS_ENOUGH = 30
CSAT_ENOUGH = 30

VERY = "Very disappointed"
SOMEWHAT = "Somewhat disappointed"
NOT = "Not disappointed"
NO_LONGER = "I no longer use it"
PMF_CHOICES = [VERY, SOMEWHAT, NOT, NO_LONGER]


def wilson(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of ``count`` successes in ``n``, as shares from 0 to 1 ((0, 1) for n = 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = count / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def responses(n: int) -> str:
    return f"{n} response{'' if n == 1 else 's'}"


def too_few(n: int, enough: int, test: str) -> str | None:
    """Words for a sample too small to mean much ("12 responses; the 40 % test needs about 40"),
    or None when it is big enough."""
    if n >= enough:
        return None
    if n == 0:
        return f"No responses yet; {test} needs about {enough}."
    return f"{responses(n)}; {test} needs about {enough}."


@dataclass(frozen=True)
class Proportion:
    count: int
    n: int

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.count, self.n) if self.n else None

    @property
    def percent(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.0f} %"

    @property
    def interval_words(self) -> str:
        if self.interval is None:
            return ""
        low, high = self.interval
        return f"95 % interval {low * 100:.0f}–{high * 100:.0f} %"


@dataclass(frozen=True)
class PmfFigure:
    very: int
    somewhat: int
    not_disappointed: int
    no_longer_use: int

    @property
    def n(self) -> int:
        return self.very + self.somewhat + self.not_disappointed

    @property
    def share(self) -> Proportion:
        return Proportion(self.very, self.n)

    @property
    def verdict(self) -> str:
        """Above, below or across the 40 % line, as the interval says; or why nothing is said."""
        interval = self.share.interval
        if interval is None:
            return "No answers to the fit question yet."
        low, high = interval
        if low >= PMF_LINE:
            return "Above the 40 % line: a must-have for these people."
        if high < PMF_LINE:
            return "Below the 40 % line."
        return "Too close to the 40 % line to tell with this many answers."

    @property
    def caution(self) -> str | None:
        return too_few(self.n, PMF_ENOUGH, "the 40 % test")


def pmf(counts: Mapping[str, int]) -> PmfFigure:
    return PmfFigure(
        very=counts.get(VERY, 0),
        somewhat=counts.get(SOMEWHAT, 0),
        not_disappointed=counts.get(NOT, 0),
        no_longer_use=counts.get(NO_LONGER, 0),
    )


@dataclass(frozen=True)
class NpsFigure:
    promoters: int
    passives: int
    detractors: int

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        return (self.promoters - self.detractors) * 100 / self.n if self.n else None

    @property
    def promoter_share(self) -> Proportion:
        return Proportion(self.promoters, self.n)

    @property
    def detractor_share(self) -> Proportion:
        return Proportion(self.detractors, self.n)

    @property
    def caution(self) -> str | None:
        return too_few(self.n, NPS_ENOUGH, "a steady NPS")


def nps(scores: Mapping[int, int]) -> NpsFigure:
    return NpsFigure(
        promoters=sum(count for score, count in scores.items() if score >= 9),
        passives=sum(count for score, count in scores.items() if 7 <= score <= 8),
        detractors=sum(count for score, count in scores.items() if score <= 6),
    )


@dataclass(frozen=True)
class CsatFigure:
    total: int  # the sum of the scores
    n: int
    satisfied: Proportion

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def caution(self) -> str | None:
        return too_few(self.n, CSAT_ENOUGH, "a steady satisfaction figure")


def csat(scores: Mapping[int, int], *, satisfied_from: int = 4) -> CsatFigure:
    n = sum(scores.values())
    return CsatFigure(
        total=sum(score * count for score, count in scores.items()),
        n=n,
        satisfied=Proportion(sum(count for score, count in scores.items() if score >= satisfied_from), n),
    )


def is_suppressed(n: int) -> bool:
    return n < MIN_GROUP


def suppressed_words(n: int) -> str:
    return f"Fewer than {MIN_GROUP} responses: not shown, so no one's answers can be read back."
