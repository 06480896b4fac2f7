"""Scores against hand calculations: RICE, weighted value/effort, admins' own scorecards, refusals
with the input named, missing inputs listed (never taken as zero), and reach derived from data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from itpm.accounts.models import Role, User
from itpm.errors import DomainError
from itpm.ideas import services as idea_services
from itpm.roadmap import scoring, services
from itpm.roadmap.models import FeatureScore, Scorecard
from itpm.roadmap.queries import features as feature_queries

from ..factories import DepartmentFactory, FeatureFactory, IdeaFactory, PersonaFactory, SegmentFactory, UserFactory

D = Decimal


def _rice(reach: str | None, impact: str | None, confidence: str | None, effort: str | None) -> scoring.Result:
    return scoring.rice(
        reach=D(reach) if reach is not None else None,
        impact=D(impact) if impact is not None else None,
        confidence=D(confidence) if confidence is not None else None,
        effort=D(effort) if effort is not None else None,
    )


VALUE_EFFORT = [
    scoring.Metric("business_value", "Business value", D("0.4")),
    scoring.Metric("customer_value", "Value to customers", D("0.4")),
    scoring.Metric("risk_reduction", "Risk reduction", D("0.2")),
]


# --- RICE ---------------------------------------------------------------------------------------


def test_rice_is_reach_times_impact_times_confidence_over_effort() -> None:
    result = _rice("1200", "2", "80", "20")  # 1200 x 2 x 0.8 / 20 = 96
    assert result.score == D("96.00")
    assert result.missing == []
    assert result.formula == "1200 × 2 × 80% ÷ 20 = 96.00"


def test_rice_with_fractions() -> None:
    result = _rice("350", "0.5", "65", "7.5")  # 350 x 0.5 x 0.65 / 7.5 = 113.75 / 7.5 = 15.1666… → 15.17
    assert result.score == D("15.17")


def test_rice_rounds_half_up_to_two_places() -> None:
    # 1 x 0.25 x 0.5 / 1 = 0.125 → 0.13 (half up, not banker's 0.12)
    assert _rice("1", "0.25", "50", "1").score == D("0.13")
    # 10 x 3 x 1 / 3 = 10 exactly
    assert _rice("10", "3", "100", "3").score == D("10.00")


@pytest.mark.parametrize("effort", ["0", "-5"])
def test_rice_refuses_zero_or_negative_effort_naming_effort(effort: str) -> None:
    with pytest.raises(DomainError) as refused:
        _rice("100", "1", "50", effort)
    assert refused.value.field == "effort"
    assert "Effort must be more than zero" in refused.value.message


def test_rice_refuses_an_impact_not_in_the_list() -> None:
    with pytest.raises(DomainError) as refused:
        _rice("100", "1.5", "50", "10")
    assert refused.value.field == "impact"
    assert refused.value.message == "Impact is one of 0.25, 0.5, 1, 2 or 3."


@pytest.mark.parametrize("confidence", ["-1", "100.5", "250"])
def test_rice_refuses_confidence_outside_0_to_100(confidence: str) -> None:
    with pytest.raises(DomainError) as refused:
        _rice("100", "1", confidence, "10")
    assert refused.value.field == "confidence"


def test_rice_accepts_confidence_at_the_bounds() -> None:
    assert _rice("100", "1", "0", "10").score == D("0.00")
    assert _rice("100", "1", "100", "10").score == D("10.00")  # 100 x 1 x 1 / 10


@pytest.mark.parametrize(
    ("reach", "impact", "confidence", "effort", "missing"),
    [
        (None, "2", "80", "20", ["reach"]),
        ("1200", None, "80", "20", ["impact"]),
        ("1200", "2", None, "20", ["confidence"]),
        ("1200", "2", "80", None, ["effort"]),
        (None, None, None, None, ["reach", "impact", "confidence", "effort"]),
    ],
)
def test_each_missing_rice_input_is_listed_and_gives_no_score(
    reach: str | None, impact: str | None, confidence: str | None, effort: str | None, missing: list[str]
) -> None:
    result = _rice(reach, impact, confidence, effort)
    assert result.score is None
    assert result.missing == missing


# --- Weighted -----------------------------------------------------------------------------------


def test_value_over_effort_is_the_weighted_sum_over_effort() -> None:
    values = {"business_value": D(4), "customer_value": D(5), "risk_reduction": D(2)}
    result = scoring.weighted(VALUE_EFFORT, values, effort=D(10), divide_by_effort=True)
    assert result.score == D("0.40")  # (0.4x4 + 0.4x5 + 0.2x2) / 10 = (1.6 + 2 + 0.4) / 10 = 0.4
    assert result.formula == "(0.4 × 4 + 0.4 × 5 + 0.2 × 2) ÷ 10 = 0.40"


def test_custom_metrics_with_their_own_ranges_and_no_effort_division() -> None:
    metrics = scoring.parse_metrics(
        [
            {"key": "compliance", "label": "Compliance", "weight": "3", "min": "0", "max": "10"},
            {"key": "reuse", "label": "Reuse", "weight": "1.5", "min": "1", "max": "3"},
        ]
    )
    result = scoring.weighted(metrics, {"compliance": D(7), "reuse": D(3)}, effort=None, divide_by_effort=False)
    assert result.score == D("25.50")  # 3 x 7 + 1.5 x 3 = 21 + 4.5
    assert result.missing == []


def test_custom_metric_outside_its_range_is_refused_naming_the_metric() -> None:
    metrics = scoring.parse_metrics([{"key": "reuse", "label": "Reuse", "weight": "1", "min": "1", "max": "3"}])
    with pytest.raises(DomainError) as refused:
        scoring.weighted(metrics, {"reuse": D(4)}, effort=D(2), divide_by_effort=True)
    assert refused.value.field == "reuse"
    assert refused.value.message == "Reuse goes from 1 to 3."


def test_weighted_missing_metric_and_effort_are_listed() -> None:
    result = scoring.weighted(VALUE_EFFORT, {"business_value": D(4)}, effort=None, divide_by_effort=True)
    assert result.score is None
    assert result.missing == ["customer_value", "risk_reduction", "effort"]


@pytest.mark.parametrize("effort", [D(0), D(-1)])
def test_weighted_refuses_zero_or_negative_effort(effort: Decimal) -> None:
    values = {"business_value": D(4), "customer_value": D(5), "risk_reduction": D(2)}
    with pytest.raises(DomainError) as refused:
        scoring.weighted(VALUE_EFFORT, values, effort=effort, divide_by_effort=True)
    assert refused.value.field == "effort"


def test_a_scorecard_without_metrics_or_with_a_bad_range_is_refused() -> None:
    with pytest.raises(DomainError, match="at least one metric"):
        scoring.parse_metrics([])
    with pytest.raises(DomainError, match="lower to a higher"):
        scoring.parse_metrics([{"key": "x", "label": "X", "weight": "1", "min": "5", "max": "1"}])


# --- Through the service: stored inputs, derived reach -----------------------------------------------


@pytest.fixture
def rice(db: object) -> Scorecard:
    return Scorecard.objects.get(name="RICE")


def test_score_feature_stores_inputs_and_the_score(product_manager: User, rice: Scorecard) -> None:
    feature = FeatureFactory(effort_days=D(20))
    saved = services.score_feature(
        actor=product_manager, feature=feature, scorecard=rice, inputs={"reach": "1200", "impact": "2",
                                                                        "confidence": "80"}
    )  # fmt: skip
    assert saved.score == D("96.00")  # effort defaults to the feature's 20 days
    assert D(saved.inputs["effort"]) == 20
    assert saved.inputs["reach_source"] == "typed"


def test_missing_input_is_saved_as_missing_not_zero(product_manager: User, rice: Scorecard) -> None:
    feature = FeatureFactory(effort_days=D(20))
    saved = services.score_feature(
        actor=product_manager, feature=feature, scorecard=rice, inputs={"reach": "1200", "impact": "2"}
    )
    assert saved.score is None
    assert saved.inputs["confidence"] is None


def test_zero_effort_through_the_service_writes_nothing(product_manager: User, rice: Scorecard) -> None:
    feature = FeatureFactory(effort_days=D(20))
    with pytest.raises(DomainError) as refused:
        services.score_feature(
            actor=product_manager, feature=feature, scorecard=rice,
            inputs={"reach": "1200", "impact": "2", "confidence": "80", "effort": "0"},
        )  # fmt: skip
    assert refused.value.field == "effort"
    assert not FeatureScore.objects.exists()


def test_reach_derived_from_the_audience_of_personas_and_segments(product_manager: User, rice: Scorecard) -> None:
    finance, legal = DepartmentFactory(name="Finance"), DepartmentFactory(name="Legal")
    UserFactory.create_batch(3, department=finance)
    UserFactory.create_batch(2, department=legal)
    UserFactory(department=legal, is_active=False)  # former colleagues are not reached
    segment = SegmentFactory(departments=[finance])
    persona = PersonaFactory(segments=[SegmentFactory(departments=[legal])])
    feature = FeatureFactory(effort_days=D(10))
    feature.segments.set([segment])
    feature.personas.set([persona])
    assert feature_queries.derived_reach(feature, "audience") == 5  # 3 in Finance + 2 active in Legal
    saved = services.score_feature(
        actor=product_manager, feature=feature, scorecard=rice,
        inputs={"reach_source": "audience", "reach": "9999", "impact": "1", "confidence": "100"},
    )  # fmt: skip
    assert saved.inputs["reach"] == "5"
    assert saved.score == D("0.50")  # 5 x 1 x 1 / 10


def test_reach_derived_from_distinct_voters_of_linked_ideas(product_manager: User, rice: Scorecard) -> None:
    first, second = IdeaFactory(), IdeaFactory()
    both, only_first, only_second = (UserFactory(role=Role.EMPLOYEE) for _ in range(3))
    for voter, idea in [(both, first), (both, second), (only_first, first), (only_second, second)]:
        idea_services.vote(actor=voter, idea=idea)
    feature = FeatureFactory(effort_days=D(2))
    feature.ideas.set([first, second])
    assert feature_queries.derived_reach(feature, "votes") == 3  # four votes, three people
    saved = services.score_feature(
        actor=product_manager, feature=feature, scorecard=rice,
        inputs={"reach_source": "votes", "impact": "2", "confidence": "50"},
    )  # fmt: skip
    assert saved.score == D("1.50")  # 3 x 2 x 0.5 / 2


def test_an_unknown_reach_source_is_refused(product_manager: User, rice: Scorecard) -> None:
    with pytest.raises(DomainError) as refused:
        services.score_feature(
            actor=product_manager, feature=FeatureFactory(), scorecard=rice, inputs={"reach_source": "guess"}
        )
    assert refused.value.field == "reach_source"


def test_employees_cannot_score(employee: User, rice: Scorecard) -> None:
    with pytest.raises(DomainError) as refused:
        services.score_feature(actor=employee, feature=FeatureFactory(), scorecard=rice, inputs={})
    assert refused.value.status == 403


def test_inputs_too_large_to_store_are_refused_with_the_field_named() -> None:
    with pytest.raises(DomainError, match="at most 1,000,000,000") as caught:
        scoring.number("1e20", name="reach", label="Reach")
    assert caught.value.field == "reach"
    # Each input within bounds, but the score beyond what can be stored and compared.
    with pytest.raises(DomainError, match="too large") as caught:
        scoring.rice(
            reach=Decimal(1_000_000_000), impact=Decimal(3), confidence=Decimal(100), effort=Decimal("0.0001")
        )
    assert caught.value.field == "effort"
    # Tiny fractions are kept to four places.
    assert scoring.number("0.123456", name="effort", label="Effort") == Decimal("0.1235")
