"""The numbers of an initiative's business case: payback in months and return on investment
over a horizon, each shown with its inputs. Missing inputs give no number, never a zero.

Model (also in docs/roadmap.md): the one-off cost is paid at the start; the yearly cost runs
from the start; the yearly benefit begins after ``months_to_value`` months. With one-off cost
O, yearly cost C, yearly benefit B, months to value m and a horizon of H years:

- payback (months) t solves  B/12 * (t - m) - C/12 * t = O,  so  t = (12*O + B*m) / (B - C),
  defined only when B > C (otherwise the investment never pays back);
- ROI over H years = (benefit - cost) / cost, where benefit = B * max(0, H - m/12) and
  cost = O + C * H (undefined when the cost is zero).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

INPUTS = {
    "one_off_cost": "one-off cost",
    "yearly_cost": "yearly cost",
    "yearly_benefit": "yearly benefit",
    "months_to_value": "months to value",
}


@dataclass(frozen=True)
class BusinessCase:
    one_off_cost: Decimal | None
    yearly_cost: Decimal | None
    yearly_benefit: Decimal | None
    months_to_value: int | None
    horizon_years: int = 3

    @property
    def missing(self) -> list[str]:
        return [label for name, label in INPUTS.items() if getattr(self, name) is None]

    @property
    def payback_months(self) -> Decimal | None:
        """Months until the cumulative net benefit covers the one-off cost; None when inputs
        are missing or the yearly benefit does not exceed the yearly cost."""
        if self.missing:
            return None
        assert self.one_off_cost is not None
        assert self.yearly_cost is not None
        assert self.yearly_benefit is not None
        assert self.months_to_value is not None
        margin = self.yearly_benefit - self.yearly_cost
        if margin <= 0:
            return None
        months = (12 * self.one_off_cost + self.yearly_benefit * self.months_to_value) / margin
        return months.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def never_pays_back(self) -> bool:
        return not self.missing and (self.yearly_benefit or 0) <= (self.yearly_cost or 0)

    @property
    def total_benefit(self) -> Decimal | None:
        if self.yearly_benefit is None or self.months_to_value is None:
            return None
        earning_years = max(Decimal(0), Decimal(self.horizon_years) - Decimal(self.months_to_value) / 12)
        return self.yearly_benefit * earning_years

    @property
    def total_cost(self) -> Decimal | None:
        if self.one_off_cost is None or self.yearly_cost is None:
            return None
        return self.one_off_cost + self.yearly_cost * self.horizon_years

    @property
    def roi_percent(self) -> Decimal | None:
        """(benefit - cost) / cost over the horizon, in percent, one decimal."""
        benefit, cost = self.total_benefit, self.total_cost
        if benefit is None or cost is None or cost == 0:
            return None
        return ((benefit - cost) / cost * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
