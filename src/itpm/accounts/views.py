"""Pages about people, departments, sign-in and API keys. Thin: parse, call a service, render."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from itpm.errors import DomainError
from itpm.imports.views import check_or_import
from itpm.web.pages import SignedInRequest, query_without_page, saved, show_on_form

from . import forms, imports, queries
from .models import ApiKey, User
from .services import departments as department_services
from .services import keys as key_services
from .services import ownership as ownership_services
from .services import people as people_services
from .services import sign_in as sign_in_services

PAGE_SIZE = 50


def _require_admin(request: SignedInRequest) -> User:
    actor = request.user
    people_services.require_people_manager(actor)
    return actor


# --- Sign-in and passwords (Django's own flows) -----------------------------------------


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
            if form.retry_after:
                response["Retry-After"] = str(form.retry_after)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        sign_in_services.record_password_change(actor=form.user)  # the signed-in person, whose password changed
        messages.success(self.request, "Your password has been changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


# --- Your profile and personal tokens --------------------------------------------------

ISSUED_KEY_SESSION = "itpm-issued-key"


def _show_once_after_redirect(request: HttpRequest, issued: key_services.IssuedKey, to: str) -> HttpResponse:
    """Post/redirect/get: a reload must not create a second key. The secret waits in the
    server-side session for the very next page view, which removes it."""
    request.session[ISSUED_KEY_SESSION] = {"key": {"name": issued.key.name}, "secret": issued.secret}
    return redirect(to)


def _issued_key(request: HttpRequest) -> dict[str, Any] | None:
    return request.session.pop(ISSUED_KEY_SESSION, None)  # type: ignore[no-any-return]


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    profile_form = forms.ProfileForm(initial={"full_name": actor.full_name, "job_title": actor.job_title})
    token_form = forms.TokenForm()
    issued = _issued_key(request)
    if request.method == "POST" and request.POST.get("form") == "profile":
        profile_form = forms.ProfileForm(request.POST)
        if profile_form.is_valid():
            try:
                people_services.update_profile(actor=actor, **profile_form.cleaned_data)
            except DomainError as exc:
                show_on_form(profile_form, exc)
            else:
                messages.success(request, "Your profile has been saved.")
                return redirect("accounts:profile")
    elif request.method == "POST" and request.POST.get("form") == "token":
        token_form = forms.TokenForm(request.POST)
        if token_form.is_valid():
            try:
                created = key_services.create_personal_token(actor=actor, **token_form.cleaned_data)
            except DomainError as exc:
                show_on_form(token_form, exc)
            else:
                return _show_once_after_redirect(request, created, "accounts:profile")
    status = 422 if (profile_form.errors or token_form.errors) else 200
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "token_form": token_form,
            "issued": issued,
            "tokens": queries.api_keys_of(actor),
        },
        status=status,
    )


@login_required
@require_POST
def revoke_key(request: SignedInRequest, pk: int) -> HttpResponse:
    key = key_services.revoke_api_key(actor=request.user, key=queries.api_key(pk))
    messages.success(request, f"“{key.name}” is revoked; programs using it are now refused.")
    if key.kind == ApiKey.Kind.APPLICATION:
        return redirect("accounts:application_keys")
    return redirect("accounts:profile")


# --- Directory (everyone) ---------------------------------------------------------------


def _filtered_people(request: SignedInRequest, *, with_status: bool) -> tuple[forms.PeopleFilterForm, Any]:
    """The directory lists active people; the admins' list also the status the form asks for."""
    form = forms.PeopleFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "search": form.cleaned_data.get("q") or "",
            "department": form.chosen_department(),
            "role": form.cleaned_data.get("role") or "",
            "status": (form.cleaned_data.get("status") or "active") if with_status else "active",
        }
    people = queries.people(request.user, **filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return form, page


@login_required
def directory(request: SignedInRequest) -> HttpResponse:
    form, page = _filtered_people(request, with_status=False)
    template = "accounts/_directory_results.html" if request.htmx else "accounts/directory.html"
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request)})


# --- People (admins) ------------------------------------------------------------------


@login_required
def people(request: SignedInRequest) -> HttpResponse:
    _require_admin(request)
    form, page = _filtered_people(request, with_status=True)
    template = "accounts/_people_results.html" if request.htmx else "accounts/people.html"
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request)})


@login_required
def invite(request: SignedInRequest) -> HttpResponse:
    actor = _require_admin(request)
    form = forms.InviteForm(request.POST or None, initial={"send_invitation": True})
    person = saved(
        request,
        form,
        lambda data: people_services.invite_user(
            actor=actor, send_invitation=data["send_invitation"], **form.details()
        ),
    )
    if person is not None:
        note = " An invitation is on its way." if form.cleaned_data["send_invitation"] else ""
        messages.success(request, f"{person.full_name} has been added.{note}")
        return redirect("accounts:person", pk=person.pk)
    return render(request, "accounts/invite.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def person(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _require_admin(request)
    subject = queries.account(pk)
    form = forms.PersonForm(
        request.POST or None,
        initial={
            "email": subject.email,
            "full_name": subject.full_name,
            "job_title": subject.job_title,
            "department": subject.department_id,
            "role": subject.role,
        },
    )
    if (
        saved(request, form, lambda data: people_services.update_user(actor=actor, user=subject, **form.details()))
        is not None
    ):
        messages.success(request, "Saved.")
        return redirect("accounts:person", pk=subject.pk)
    return render(
        request,
        "accounts/person.html",
        {
            "subject": subject,
            "form": form,
            "deactivate_form": forms.DeactivateForm(person=subject),
            "owned": ownership_services.owned_records(subject),
            "tokens": queries.api_keys_of(subject),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def deactivate(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _require_admin(request)
    subject = queries.account(pk)
    form = forms.DeactivateForm(request.POST, person=subject)
    if not form.is_valid():
        raise DomainError("Choose an active person to hand over to.", field="hand_over_to")
    people_services.deactivate_user(actor=actor, user=subject, hand_over_to=form.cleaned_data["hand_over_to"])
    done = f"{subject.full_name} is deactivated; their tokens are revoked and their contributions kept."
    return _back_to_person(request, subject, done)


def _back_to_person(request: HttpRequest, subject: User, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("accounts:person", pk=subject.pk)


@login_required
@require_POST
def reactivate(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = people_services.reactivate_user(actor=request.user, user=queries.account(pk))
    return _back_to_person(request, subject, f"{subject.full_name} is active again.")


@login_required
@require_POST
def resend_invitation(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = queries.account(pk)
    people_services.resend_invitation(actor=request.user, user=subject)
    return _back_to_person(request, subject, f"A new invitation is on its way to {subject.email}.")


# --- Departments (admins) ---------------------------------------------------------------


@login_required
def departments(request: SignedInRequest) -> HttpResponse:
    _require_admin(request)
    return render(request, "accounts/departments.html", {"rows": queries.department_tree()})


@login_required
def department_create(request: SignedInRequest) -> HttpResponse:
    actor = _require_admin(request)
    form = forms.DepartmentForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    department = saved(request, form, lambda data: department_services.create_department(actor=actor, **form.details()))
    if department is not None:
        messages.success(request, f"{department.name} has been created.")
        return redirect("accounts:departments")
    return render(request, "accounts/department_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def department_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _require_admin(request)
    department = queries.department(pk)
    form = forms.DepartmentForm(
        request.POST or None,
        editing=department,
        initial={
            "name": department.name,
            "parent": department.parent_id,
            "description": department.description,
            "lead": department.lead_id,
        },
    )
    changed = saved(
        request,
        form,
        lambda data: department_services.update_department(actor=actor, department=department, **form.details()),
    )
    if changed is not None:
        messages.success(request, "Saved.")
        return redirect("accounts:departments")
    people_count = queries.people_in_department(department).count()
    return render(
        request,
        "accounts/department_form.html",
        {
            "form": form,
            "department": department,
            "people_count": people_count,
            "not_deletable": department_services.why_not_deletable(department),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def department_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    department = queries.department(pk)
    department_services.delete_department(actor=request.user, department=department)
    messages.success(request, f"{department.name} has been deleted.")
    return redirect("accounts:departments")


# --- Application keys (admins) ----------------------------------------------------------


@login_required
def application_keys(request: SignedInRequest) -> HttpResponse:
    actor = _require_admin(request)
    form = forms.ApplicationKeyForm(request.POST or None)
    issued = _issued_key(request)
    created = saved(request, form, lambda data: key_services.create_application_key(actor=actor, **data))
    if created is not None:
        return _show_once_after_redirect(request, created, "accounts:application_keys")
    return render(
        request,
        "accounts/application_keys.html",
        {"form": form, "issued": issued, "keys": queries.application_keys()},
        status=422 if form.errors else 200,
    )


# --- Import from CSV (admins) -------------------------------------------------------------


@login_required
def import_csv(request: SignedInRequest) -> HttpResponse:
    """Check a CSV file of people or departments (a dry run), or import it."""
    actor = _require_admin(request)
    page = check_or_import(
        request,
        actor=actor,
        shelf=imports.shelf,
        form_class=forms.ImportForm,
        run=partial(imports.import_csv, actor=actor),
        initial={"kind": request.GET.get("kind", "people")},
    )
    return page.render(request, "accounts/import.html")
