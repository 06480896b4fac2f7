"""Scoring features on a scorecard. Pure calculations: the services store the result.

- RICE = reach * impact * confidence / effort, with reach in people, impact one of
  0.25 / 0.5 / 1 / 2 / 3, confidence in percent (0-100) and effort in person-days.
- Weighted (value/effort and admins' own scorecards) = sum of weight * value over the scorecard's
  metrics, divided by effort in person-days when the scorecard says so.

Every input a score needs is listed; a missing one gives no score and is named, never taken
as zero. Zero or negative effort is refused with a message, since it would divide by zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from itpm.errors import DomainError

RICE_IMPACTS = {
    Decimal("0.25"): "Minimal",
    Decimal("0.5"): "Low",
    Decimal("1"): "Medium",
    Decimal("2"): "High",
    Decimal("3"): "Massive",
}
REACH_SOURCES = {
    "typed": "typed in",
    "audience": "people in the feature's personas and segments",
    "votes": "people who voted for its linked ideas",
}
SCORE_PLACES = Decimal("0.01")
LARGEST_INPUT = 1_000_000_000
LARGEST_SCORE = Decimal(10) ** 11  # what FeatureScore.score holds (16 digits, 4 decimals), with room


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    weight: Decimal
    low: Decimal = Decimal(1)
    high: Decimal = Decimal(5)


@dataclass(frozen=True)
class Result:
    score: Decimal | None
    missing: list[str] = field(default_factory=list)
    formula: str = ""

    @property
    def is_complete(self) -> bool:
        return self.score is not None


def number(value: Any, *, name: str, label: str) -> Decimal | None:
    """A decimal from what people typed or sent; blank means missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DomainError(f"{label} must be a number.", field=name)
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(f"{label} must be a number.", field=name) from None
    if not result.is_finite():
        raise DomainError(f"{label} must be a number.", field=name)
    if abs(result) > LARGEST_INPUT:
        raise DomainError(f"{label} must be at most {LARGEST_INPUT:,}.", field=name)
    return result.quantize(Decimal("0.0001")) if result.as_tuple().exponent < -4 else result  # type: ignore[operator]


def check_effort(effort: Decimal | None) -> None:
    if effort is not None and effort <= 0:
        raise DomainError("Effort must be more than zero person-days: a score divides by it.", field="effort")


def _rounded(value: Decimal) -> Decimal:
    if abs(value) >= LARGEST_SCORE:
        raise DomainError("These inputs give a score too large to compare; check reach, weights and effort.",
                          field="effort")  # fmt: skip
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def rice(
    *, reach: Decimal | None, impact: Decimal | None, confidence: Decimal | None, effort: Decimal | None
) -> Result:
    check_effort(effort)
    if reach is not None and reach < 0:
        raise DomainError("Reach cannot be negative.", field="reach")
    if impact is not None and impact not in RICE_IMPACTS:
        raise DomainError("Impact is one of 0.25, 0.5, 1, 2 or 3.", field="impact")
    if confidence is not None and not (0 <= confidence <= 100):
        raise DomainError("Confidence is a percentage from 0 to 100.", field="confidence")
    inputs = {"reach": reach, "impact": impact, "confidence": confidence, "effort": effort}
    missing = [name for name, value in inputs.items() if value is None]
    if missing:
        return Result(None, missing, "reach × impact × confidence ÷ effort")
    assert reach is not None
    assert impact is not None
    assert confidence is not None
    assert effort is not None
    score = reach * impact * (confidence / 100) / effort
    formula = f"{reach} × {impact} × {confidence}% ÷ {effort} = {_rounded(score)}"
    return Result(_rounded(score), [], formula)


def parse_metrics(raw: Sequence[Mapping[str, Any]]) -> list[Metric]:
    """A scorecard's metrics from their stored form, refusing what cannot score."""
    metrics: list[Metric] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        key = str(item.get("key", "")).strip()
        label = str(item.get("label", "")).strip() or key
        if not key or not key.replace("_", "").isalnum():
            raise DomainError(f"Metric {index + 1} needs a key of letters, digits and underscores.", field="metrics")
        if key in seen or key == "effort":
            raise DomainError(f"Metric key “{key}” is used twice or reserved.", field="metrics")
        seen.add(key)
        weight = number(item.get("weight"), name="metrics", label=f"The weight of “{label}”")
        if weight is None or weight <= 0:
            raise DomainError(f"Give “{label}” a weight above zero.", field="metrics")
        low = number(item.get("min", 1), name="metrics", label=f"The lowest value of “{label}”")
        high = number(item.get("max", 5), name="metrics", label=f"The highest value of “{label}”")
        if low is None or high is None or low >= high:
            raise DomainError(f"The range of “{label}” must go from a lower to a higher number.", field="metrics")
        metrics.append(Metric(key, label, weight, low, high))
    if not metrics:
        raise DomainError("A scorecard needs at least one metric.", field="metrics")
    return metrics


def weighted(
    metrics: Sequence[Metric], values: Mapping[str, Decimal | None], *, effort: Decimal | None, divide_by_effort: bool
) -> Result:
    if divide_by_effort:
        check_effort(effort)
    for metric in metrics:
        value = values.get(metric.key)
        if value is not None and not (metric.low <= value <= metric.high):
            raise DomainError(f"{metric.label} goes from {metric.low} to {metric.high}.", field=metric.key)
    missing = [metric.key for metric in metrics if values.get(metric.key) is None]
    if divide_by_effort and effort is None:
        missing.append("effort")
    terms = " + ".join(f"{metric.weight} × {metric.label}" for metric in metrics)
    formula = f"({terms}) ÷ effort" if divide_by_effort else terms
    if missing:
        return Result(None, missing, formula)
    value = sum((metric.weight * values[metric.key] for metric in metrics), Decimal(0))  # type: ignore[operator]
    if divide_by_effort:
        assert effort is not None
        value = value / effort
    shown = " + ".join(f"{metric.weight} × {values[metric.key]}" for metric in metrics)
    shown = f"({shown}) ÷ {effort}" if divide_by_effort else shown
    return Result(_rounded(value), [], f"{shown} = {_rounded(value)}")
