"""What product managers and admins type about features, their scores and scorecards. Forms
check shapes; the services decide (dependency loops, zero effort, ranges) and their messages
land on the field they name."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from itpm.portfolio.models import Persona, Segment, Service
from itpm.web import choosers
from itpm.web.forms import RecordsField

from .. import scoring
from ..models import DeliveryTeam, Feature, Goal, Initiative, Release, Scorecard
from ..queries.features import FIELD_CHOICES, SORTS
from ..queries.strategy import owners


def _live(model: Any) -> Any:
    return model.objects.filter(archived_at__isnull=True)


class FeatureForm(forms.ModelForm):  # type: ignore[type-arg]
    """A feature's fields. Validation of the model's constraints is left to the service, which
    reports the same messages on the same fields."""

    class Meta:
        model = Feature
        fields = [
            "name",
            "description",
            "customer_summary",
            "service",
            "initiative",
            "personas",
            "segments",
            "depends_on",
            "team",
            "owner",
            "effort_days",
            "status",
            "horizon",
            "starts_on",
            "target_on",
            "release",
            "is_shared",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "customer_summary": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "target_on": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = {"personas": RecordsField, "segments": RecordsField, "depends_on": RecordsField}
        labels = {"effort_days": "Effort (person-days)", "depends_on": "Depends on", "is_shared": "Shared roadmap"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["service"].queryset = _live(Service).order_by("name")
        fields["initiative"].queryset = _live(Initiative).order_by("name")
        fields["personas"].queryset = _live(Persona).order_by("name")
        fields["segments"].queryset = _live(Segment).order_by("name")
        fields["team"].queryset = _live(DeliveryTeam).order_by("name")
        fields["release"].queryset = _live(Release).order_by("release_on", "name")
        fields["team"].empty_label = "No team yet"
        fields["release"].empty_label = "No release yet"
        fields["owner"].queryset = owners()
        others = _live(Feature).order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        fields["depends_on"].queryset = others
        fields["depends_on"].help_text = "Features that must be done first."
        choosers.use(
            self,
            service="services",
            personas="personas",
            segments="segments",
            depends_on="features",
            owner="product-managers",
            initiative="initiatives",
        )

    def validate_unique(self) -> None:
        """The service checks names (case-insensitively) and reports a clash on the name."""

    def _post_clean(self) -> None:
        """Leave the model untouched: the service sets the values, validates and saves."""

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        many = {name: data.pop(name) for name in ("personas", "segments", "depends_on")}
        return {"values": data, **many}


class FeatureFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Words")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Feature.Status.choices])
    horizon = forms.ChoiceField(required=False, choices=[("", "Any horizon"), *Feature.Horizon.choices])
    service = choosers.ChosenRecord("services", required=False, queryset=Service.objects.none())
    team = forms.ModelChoiceField(required=False, queryset=DeliveryTeam.objects.none(), empty_label="Any team")
    release = forms.ModelChoiceField(required=False, queryset=Release.objects.none(), empty_label="Any release")
    initiative = choosers.ChosenRecord("initiatives", required=False, queryset=Initiative.objects.none())
    goal = choosers.ChosenRecord("goals", required=False, queryset=Goal.objects.none())
    archived = forms.BooleanField(required=False, label="Include archived")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["service"].queryset = _live(Service).only("pk", "name").order_by("name")
        fields["team"].queryset = _live(DeliveryTeam).only("pk", "name").order_by("name")
        fields["release"].queryset = _live(Release).only("pk", "name").order_by("release_on", "name")
        fields["initiative"].queryset = _live(Initiative).only("pk", "name").order_by("name")
        fields["goal"].queryset = _live(Goal).only("pk", "name").order_by("name")


class IdeaSearchForm(forms.Form):
    idea_q = forms.CharField(required=False, max_length=200, label="Find open ideas by title")


SCORE_INPUT_LIMIT = 10_000_000


class IdeaLinkForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ScoreForm(forms.Form):
    """Inputs on one scorecard: RICE's reach (typed, or derived), impact and confidence, or one
    field per metric of a weighted scorecard; effort defaults to the feature's. Blank is missing,
    never zero; numbers are checked by the scoring service."""

    def __init__(self, *args: Any, scorecard: Scorecard, feature: Feature, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"score{scorecard.pk}")
        super().__init__(*args, **kwargs)
        self.scorecard = scorecard
        default_effort = feature.effort_days
        if scorecard.kind == Scorecard.Kind.RICE:
            self.fields["reach_source"] = forms.ChoiceField(
                choices=[(key, label.capitalize()) for key, label in scoring.REACH_SOURCES.items()],
                initial="typed",
                required=False,
                label="Reach from",
            )
            self.fields["reach"] = forms.CharField(
                required=False, max_length=30, label="Reach (people)", help_text="Used when reach is typed in."
            )
            self.fields["impact"] = forms.ChoiceField(
                required=False,
                choices=[("", "—"), *((str(v), f"{v} {label}") for v, label in scoring.RICE_IMPACTS.items())],
            )
            self.fields["confidence"] = forms.CharField(required=False, max_length=30, label="Confidence (%)")
        else:
            for metric in scorecard.metrics:
                key = str(metric.get("key"))
                self.fields[key] = forms.CharField(
                    required=False,
                    max_length=30,
                    label=str(metric.get("label") or key),
                    help_text=f"From {metric.get('min')} to {metric.get('max')}; weight {metric.get('weight')}.",
                )
        if scorecard.kind == Scorecard.Kind.RICE or scorecard.divide_by_effort:
            self.fields["effort"] = forms.CharField(
                required=False,
                max_length=30,
                label="Effort (person-days)",
                help_text=f"The feature's effort ({default_effort}) when left blank."
                if default_effort
                else "The feature has no effort yet.",
            )

    def clean(self) -> dict[str, Any]:
        """Numbers beyond what a score can hold are refused here; what is not a number is left to
        the scoring service, which names the input."""
        data = super().clean() or {}
        for key, value in list(data.items()):
            if key == "reach_source" or not isinstance(value, str) or not value.strip():
                continue
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                continue
            if number.is_finite() and (abs(number) > SCORE_INPUT_LIMIT or -number.as_tuple().exponent > 2):  # type: ignore[operator]
                self.add_error(key, f"Give a number up to {SCORE_INPUT_LIMIT:,} with at most two decimals.")
        return data

    def inputs(self) -> dict[str, Any]:
        return dict(self.cleaned_data.items())


_METRIC_LINE = re.compile(r"^(?P<label>[^|]+)\|(?P<weight>[^|]+)(?:\|(?P<low>[^|]+)\|(?P<high>[^|]+))?$")


class ScorecardForm(forms.Form):
    name = forms.CharField(max_length=80)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    metrics = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One metric a line: name | weight | lowest | highest, e.g. “Compliance need | 0.5 | 1 | 5”. "
        "The range is 1 to 5 when left out.",
    )
    divide_by_effort = forms.BooleanField(required=False, initial=True, label="Divide by effort (person-days)")

    @staticmethod
    def metrics_as_text(scorecard: Scorecard) -> str:
        return "\n".join(f"{m['label']} | {m['weight']} | {m['min']} | {m['max']}" for m in scorecard.metrics)

    def clean_metrics(self) -> list[dict[str, str]]:
        parsed = []
        for number, raw in enumerate(self.cleaned_data["metrics"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            match = _METRIC_LINE.match(line)
            if not match:
                raise forms.ValidationError(f"Line {number} should read “name | weight | lowest | highest”.")
            label = match["label"].strip()
            key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or f"metric_{number}"
            parsed.append(
                {
                    "key": key,
                    "label": label,
                    "weight": match["weight"].strip(),
                    "min": (match["low"] or "1").strip(),
                    "max": (match["high"] or "5").strip(),
                }
            )
        return parsed


class ChangesForm(forms.Form):
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    field = forms.ChoiceField(required=False, choices=[("", "Every field"), *FIELD_CHOICES])

    def clean_since(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("since")
        if day is not None and not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
            raise forms.ValidationError("Choose a date between 2000 and 2100.")
        return day

    def moment(self) -> datetime.datetime:
        day = self.cleaned_data.get("since") or (timezone.localdate() - datetime.timedelta(days=14))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class PrioritiesForm(forms.Form):
    scorecard = forms.ModelChoiceField(queryset=Scorecard.objects.none(), required=False, empty_label=None)
    sort = forms.ChoiceField(required=False, choices=[(key, key.capitalize()) for key in SORTS])
    reverse = forms.BooleanField(required=False, label="Reverse order")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scorecard"].queryset = _live(Scorecard)  # type: ignore[attr-defined]
