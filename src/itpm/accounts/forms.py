"""What people type about people, departments and keys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from itpm.errors import RateLimited
from itpm.imports.forms import UploadForm, valid_only_field
from itpm.web.choosers import ChosenRecord

from . import imports, queries
from .models import Department, Role, Scope, User
from .services import sign_in as sign_in_services


class SignInForm(AuthenticationForm):
    """Email + password, with failed attempts slowed per (email, address) and per address."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": "That email and password don't match an active account.",
        "inactive": "This account is deactivated.",
    }

    throttled = False
    retry_after: int | None = None

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        address = sign_in_services.client_address(self.request) if self.request else None
        try:
            sign_in_services.check(email=email, address=address)
        except RateLimited as exc:
            self.throttled, self.retry_after = True, exc.retry_after
            raise forms.ValidationError(exc.message, code="throttled") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            sign_in_services.record_failure(email=email, address=address)
            raise
        sign_in_services.record_success(email=email, address=address)
        return cleaned


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset flow, with the email sent by the task worker instead of inline."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        from . import tasks

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        tasks.send_email.enqueue(subject=subject, body=body, to=[to_email])

    def get_users(self, email: str) -> Any:
        return User.objects.filter(email__iexact=email, is_active=True)


class DepartmentChoiceField(ChosenRecord):
    """A department, chosen by name (web.choosers); a department includes its sub-departments."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("departments", queryset=Department.objects.order_by("name"), **kwargs)

    def load(self, exclude_subtree_of: Department | None = None, empty_label: str = "") -> None:
        """Leave out a department being edited and everything under it (it cannot be its own parent)."""
        if exclude_subtree_of is not None:
            self.queryset = self.queryset.exclude(path__startswith=exclude_subtree_of.path)


class _DepartmentFormMixin:
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def chosen_department(self, name: str = "department") -> Department | None:
        chosen: Department | None = self.cleaned_data.get(name)
        return chosen


class PersonForm(_DepartmentFormMixin, forms.Form):
    email = forms.EmailField(max_length=254)
    full_name = forms.CharField(max_length=150)
    job_title = forms.CharField(max_length=150, required=False)
    department = DepartmentChoiceField(required=False)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EMPLOYEE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].load()  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        """The person's details as ``people.invite_user`` and ``update_user`` take them."""
        data = self.cleaned_data
        fields = ("email", "full_name", "role", "job_title")
        return {name: data[name] for name in fields} | {"department": self.chosen_department()}


class InviteForm(PersonForm):
    send_invitation = forms.BooleanField(
        required=False, initial=True, help_text="Email a link to choose a password (sent in the background)."
    )


class DeactivateForm(forms.Form):
    hand_over_to = ChosenRecord(
        "people",
        queryset=User.objects.none(),
        required=False,
        help_text="Whoever takes over everything listed under Owns; product records need a product manager.",
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hand_over_to"].queryset = (  # type: ignore[attr-defined]
            queries.active_people().exclude(pk=person.pk)
        )


class DepartmentForm(_DepartmentFormMixin, forms.Form):
    name = forms.CharField(max_length=120)
    parent = DepartmentChoiceField(required=False, label="Part of")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lead = ChosenRecord("people", queryset=User.objects.none(), required=False, label="Lead")

    def __init__(self, *args: Any, editing: Department | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].load(exclude_subtree_of=editing)  # type: ignore[attr-defined]
        self.fields["lead"].queryset = queries.active_people()  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        """The department's details as ``departments.create_department`` and ``update_department`` take them."""
        data = self.cleaned_data
        return {"name": data["name"], "parent": self.chosen_department("parent"),
                "description": data["description"], "lead": data["lead"]}  # fmt: skip


class ProfileForm(forms.Form):
    full_name = forms.CharField(max_length=150)
    job_title = forms.CharField(max_length=150, required=False)


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What you will use it for, e.g. “reporting script”.")
    scopes = forms.MultipleChoiceField(
        choices=[(Scope.READ, "Read"), (Scope.WRITE, "Write")],
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ],
    )
    expires_in_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        initial=90,
        label="Expires after (days)",
        help_text="Leave empty for a token that does not expire.",
    )


class ApplicationKeyForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="The application that will use it, e.g. “Expenses app”.")
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, initial=[Scope.INGEST]
    )


class PeopleFilterForm(_DepartmentFormMixin, forms.Form):
    q = forms.CharField(required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"}))
    department = DepartmentChoiceField(required=False)
    role = forms.ChoiceField(choices=[("", "Any role"), *Role.choices], required=False)
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("deactivated", "Deactivated"), ("all", "Everyone")], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].load(empty_label="Any department")  # type: ignore[attr-defined]


class ImportForm(UploadForm):
    """A CSV file of people or departments; or, once checked, the file held from the check."""

    max_bytes = imports.MAX_BYTES
    asks_for = "a CSV file"

    kind = forms.ChoiceField(
        choices=[("people", "People"), ("departments", "Departments")],
        widget=forms.RadioSelect,
        initial="people",
        label="What the file holds",
    )
    file = forms.FileField(
        required=False,
        label="CSV file",
        help_text=(
            f"UTF-8, separated by commas or semicolons, at most {imports.MAX_BYTES // (1024 * 1024)} MB. "
            "The first line names the columns."
        ),
    )
    valid_rows_only = valid_only_field("row")
    send_invitations = forms.BooleanField(
        required=False,
        label="Email new people an invitation",
        help_text="People only. Without it, new people are added but not told; invite them later from their page.",
    )

    def options(self) -> dict[str, Any]:
        options = super().options()
        options["valid_only"] = options.pop("valid_rows_only")  # the form's field keeps its older name
        return options
