"""What people type into surveys. Forms check shapes; the services apply the rules. Records
that grow (services, segments, personas, departments, people) are picked with the choosers."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from itpm.accounts.models import Department, User
from itpm.portfolio.forms import DepartmentsField
from itpm.portfolio.models import Persona, Segment, Service
from itpm.web.choosers import ChosenRecord, ChosenRecords

from .models import Question, QuestionKind, Survey, SurveyKind
from .queries import must_have_sources

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SurveyForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        choices=SurveyKind.choices,
        initial=SurveyKind.PMF,
        help_text="The standard kinds come with their standard questions; add your own to any kind.",
    )
    service = ChosenRecord(
        "services",
        queryset=Service.objects.none(),
        required=False,
        help_text="Leave it empty for a survey about IT as a whole.",
    )
    intro = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    segments = ChosenRecords("segments", queryset=Segment.objects.none(), required=False)
    personas = ChosenRecords("personas", queryset=Persona.objects.none(), required=False)
    departments = DepartmentsField()
    people = ChosenRecords("people", queryset=User.objects.none(), required=False, label="Named people")
    must_have_in = ChosenRecords(
        "pmf-surveys",
        queryset=Survey.objects.none(),
        required=False,
        label="People very disappointed to lose a service",
        help_text="Those who answered “very disappointed” in these product/market-fit surveys (never anonymous ones).",
    )
    sample_size = forms.IntegerField(
        required=False, min_value=1, max_value=1_000_000, help_text="Invite a random sample of this many people."
    )
    opens_on = forms.DateField(widget=DATE, initial=timezone.localdate, help_text="Invitations go out on this day.")
    closes_on = forms.DateField(widget=DATE, initial=lambda: timezone.localdate() + datetime.timedelta(days=14))
    is_anonymous = forms.BooleanField(
        required=False,
        label="Anonymous",
        help_text="Answers are kept with no person; breakdowns by group need at least 5 responses.",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        self.fields["segments"].queryset = Segment.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        self.fields["personas"].queryset = Persona.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        self.fields["people"].queryset = User.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["departments"].queryset = Department.objects.all()  # type: ignore[attr-defined]
        self.fields["must_have_in"].queryset = must_have_sources()  # type: ignore[attr-defined]
        if editing:
            del self.fields["kind"]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=QuestionKind.choices, label="Kind of question")
    text = forms.CharField(max_length=300, label="Question")
    choices = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="For choices: one a line."
    )
    scale_min = forms.IntegerField(required=False, label="Scale from", initial=1)
    scale_max = forms.IntegerField(required=False, label="Scale to", initial=5)
    required = forms.BooleanField(required=False, label="An answer is required")

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]


class FatigueForm(forms.Form):
    min_days_between = forms.IntegerField(
        min_value=0, max_value=365, label="Days between two invitations to one person",
        help_text="0 means no limit.",
    )  # fmt: skip


def answer_fields(questions: list[Question]) -> dict[str, forms.Field]:
    """One field per question, named ``q<id>``."""
    found: dict[str, forms.Field] = {}
    for question in questions:
        name = f"q{question.pk}"
        common: dict[str, Any] = {"label": question.text, "required": False, "help_text": question.help_text}
        if question.kind == QuestionKind.SINGLE:
            found[name] = forms.ChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
            )
        elif question.kind == QuestionKind.MULTIPLE:
            found[name] = forms.MultipleChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
            )
        elif question.kind == QuestionKind.SCALE:
            found[name] = forms.TypedChoiceField(
                choices=[(n, str(n)) for n in question.scale],
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                **common,
            )
        else:
            found[name] = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common)
    return found


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields.update(answer_fields(questions))

    def answers(self) -> dict[int, Any]:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}
