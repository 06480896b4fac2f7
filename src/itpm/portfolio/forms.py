"""What product managers and employees type about the portfolio. Model forms validate the
fields (a clash of names on the name: :class:`~itpm.records.forms.KeptRecordForm`); the
services apply the rules (who may change what) when the form is saved."""

from __future__ import annotations

from typing import Any

from django import forms

from itpm.accounts.models import Department, Role, User
from itpm.accounts.queries import department_choices
from itpm.records.forms import KeptRecordForm
from itpm.web import choosers
from itpm.web.forms import RecordsField

from .models import (
    Competitor,
    Market,
    OptionRequest,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)


def _product_managers() -> Any:
    return User.objects.filter(is_active=True, role__in=[Role.PRODUCT_MANAGER, Role.ADMIN]).order_by("full_name")


class DepartmentsField(choosers.ChosenRecords):
    """Departments, chosen by name; each includes its sub-departments."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "A department includes its sub-departments.")
        super().__init__("departments", queryset=Department.objects.order_by("name"), **kwargs)


def _segments_queryset() -> Any:
    return Segment.objects.filter(archived_at__isnull=True).select_related("market").order_by("market__name", "name")


class SegmentChoiceField(RecordsField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.market.name} → {obj.name}"


class MarketForm(KeptRecordForm[Market]):
    class Meta:
        model = Market
        fields = ["name", "description", "value_proposition", "competitive_advantages", "vulnerabilities", "owner"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["description", "value_proposition", "competitive_advantages", "vulnerabilities"]
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _product_managers()  # type: ignore[attr-defined]
        choosers.use(self, owner="product-managers")


class CompetitorForm(KeptRecordForm[Competitor]):
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Competitor
        fields = ["name", "kind", "notes", "website"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class SegmentForm(KeptRecordForm[Segment]):
    departments = DepartmentsField()

    class Meta:
        model = Segment
        fields = ["name", "value_proposition", "needs", "departments", "estimated_size"]
        widgets = {"value_proposition": forms.Textarea(attrs={"rows": 3}), "needs": forms.Textarea(attrs={"rows": 3})}


class PersonaForm(KeptRecordForm[Persona]):
    segments = SegmentChoiceField(
        queryset=Segment.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    departments = DepartmentsField(help_text="Optional: where these people work (with sub-departments).")

    class Meta:
        model = Persona
        fields = [
            "name",
            "summary",
            "segments",
            "departments",
            "job_titles",
            "needs",
            "expectations",
            "values",
            "pains",
            "typical_day",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["needs", "expectations", "values", "pains", "typical_day", "job_titles"]
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segments"].queryset = _segments_queryset()  # type: ignore[attr-defined]
        choosers.use(self, segments="segments")


class ServiceForm(KeptRecordForm[Service]):
    segments = SegmentChoiceField(
        queryset=Segment.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Who it is offered to.",
    )
    request_url = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Where to ask for it, e.g. the service desk form.",
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "value_proposition",
            "market",
            "owner",
            "lifecycle",
            "kind",
            "segments",
            "annual_cost",
            "target_availability",
            "request_url",
            "request_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "value_proposition": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["market"].queryset = Market.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = _product_managers()  # type: ignore[attr-defined]
        self.fields["segments"].queryset = _segments_queryset()  # type: ignore[attr-defined]
        choosers.use(self, market="markets", owner="product-managers", segments="segments")


class OptionForm(KeptRecordForm[ServiceOption]):
    segments = SegmentChoiceField(
        queryset=Segment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The segments that get it; leave empty for a standard option.",
    )

    class Meta:
        model = ServiceOption
        fields = ["name", "description", "is_standard", "segments", "annual_cost"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segments = _segments_queryset()
        if service.market_id:
            segments = segments.filter(market_id=service.market_id)
        self.fields["segments"].queryset = segments  # type: ignore[attr-defined]


class StoryForm(KeptRecordForm[UseCaseStory]):
    departments = DepartmentsField(help_text="Where you heard it.")

    class Meta:
        model = UseCaseStory
        fields = [
            "title",
            "persona",
            "service",
            "inputs",
            "expected_outputs",
            "magic",
            "time_constraints",
            "priorities",
            "heard_on",
            "heard_from",
            "departments",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["inputs", "expected_outputs", "magic", "time_constraints", "priorities"]
            },
            "heard_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = Persona.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        self.fields["service"].queryset = Service.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        choosers.use(self, persona="personas", service="services")


class ShadowToolForm(KeptRecordForm[ShadowTool]):
    class Meta:
        model = ShadowTool
        fields = ["name", "purpose", "department", "people_count", "annual_cost", "market"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, can_place_in_market: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "— my department —"), *department_choices()]  # type: ignore[attr-defined]
        choosers.use(self, department="departments")
        if can_place_in_market:
            self.fields["market"].queryset = Market.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
            choosers.use(self, market="markets")
        else:
            del self.fields["market"]


class OptionRequestForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text="Why you need it; it helps the owner decide.",
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(OptionRequest.Status.GRANTED, "Grant"), (OptionRequest.Status.DECLINED, "Decline")]
    )
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search the catalog",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. email archive"}),
    )


class ServiceFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    market = choosers.ChosenRecord("markets", queryset=Market.objects.filter(archived_at__isnull=True), required=False)
    lifecycle = forms.ChoiceField(choices=[("", "Any lifecycle"), *Service.Lifecycle.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Service.Kind.choices], required=False)


class StorySearchForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search stories", max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    persona = choosers.ChosenRecord(
        "personas", queryset=Persona.objects.filter(archived_at__isnull=True), required=False
    )
    service = choosers.ChosenRecord(
        "services", queryset=Service.objects.filter(archived_at__isnull=True), required=False
    )
