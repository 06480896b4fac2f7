"""Survey pages: the product managers' list, setup, questions and results, the invitations per
department, the admins' fatigue limit, and for everyone the surveys waiting for them and the
one short page that answers a survey. Thin: forms check shapes, services decide and write,
queries read. A person who may not answer (outside the audience, closed, answered) gets the
answer page with the reason in words, not an error page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from itpm.errors import Conflict, DomainError, NotAllowed, NotFound
from itpm.web.pages import SignedInRequest, save_or_show, saved, show_on_form

from . import forms, queries, services
from .models import Survey, SurveyStatus

PAGE_SIZE = 25


def _survey_values(survey: Survey) -> dict[str, Any]:
    return {
        "title": survey.title,
        "kind": survey.kind,
        "service": survey.service,
        "intro": survey.intro,
        "segments": list(survey.segments.all()),
        "personas": list(survey.personas.all()),
        "departments": list(survey.departments.all()),
        "people": list(survey.people.all()),
        "must_have_in": list(survey.must_have_in.all()),
        "sample_size": survey.sample_size,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "is_anonymous": survey.is_anonymous,
    }


# --- Product managers ---------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in SurveyStatus.values else ""
    page = Paginator(queries.surveys(viewer=request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/list.html",
        {
            "page": page,
            "status": status,
            "statuses": SurveyStatus.choices,
            "query": f"status={status}" if status else "",
        },
    )


@login_required
def survey_new(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_survey_manager(actor)
    form = forms.SurveyForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda data: services.create_survey(actor=actor, **data),
        success=lambda survey: reverse("feedback:detail", args=[survey.pk]),
        message="Survey saved as a draft. Check the questions, then open it.",
        title="New survey",
        cancel=reverse("feedback:list"),
        intro="Who is it for, and about what? People invited to another survey recently are skipped when it opens.",
    )


@login_required
def survey_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    survey = queries.managed_survey(viewer=actor, pk=pk)
    if survey.status != SurveyStatus.DRAFT:
        raise Conflict("Only a draft survey can be changed; start the next round to change it.")
    form = forms.SurveyForm(request.POST or None, initial=_survey_values(survey), editing=True)
    return save_or_show(
        request,
        form,
        lambda data: services.edit_survey(actor=actor, survey=survey, **data),
        success=reverse("feedback:detail", args=[survey.pk]),
        title=f"Change “{survey.title}”",
        cancel=reverse("feedback:detail", args=[survey.pk]),
    )


def _detail(request: SignedInRequest, survey: Survey, *, form: Any = None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "feedback/detail.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "question_form": form or forms.QuestionForm(),
            "audience": {
                "Segments": list(survey.segments.all()),
                "Personas": list(survey.personas.all()),
                "Departments": list(survey.departments.all()),
                "People": list(survey.people.all()),
                "Very disappointed to lose the service of": list(survey.must_have_in.all()),
            },
            "invited": survey.invitations.count(),
            "rounds": list(queries.series(survey)),
        },
        status=status,
    )


@login_required
@require_GET
def survey_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _detail(request, queries.managed_survey(viewer=request.user, pk=pk))


@login_required
@require_POST
def question_add(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    survey = queries.managed_survey(viewer=actor, pk=pk)
    form = forms.QuestionForm(request.POST)
    if saved(request, form, lambda data: services.add_question(actor=actor, survey=survey, **data)) is None:
        return _detail(request, survey, form=form, status=422)
    messages.success(request, "Question added.")
    return redirect("feedback:detail", pk=survey.pk)


@login_required
@require_POST
def question_remove(request: SignedInRequest, pk: int, question_pk: int) -> HttpResponse:
    actor = request.user
    survey = queries.managed_survey(viewer=actor, pk=pk)
    question = survey.questions.filter(pk=question_pk).first()
    if question is None:
        raise NotFound("There is no such question in this survey.")
    services.remove_question(actor=actor, question=question)
    messages.success(request, "Question removed.")
    return redirect("feedback:detail", pk=survey.pk)


@login_required
@require_POST
def survey_open(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    survey = queries.managed_survey(viewer=actor, pk=pk)
    try:
        invited = services.open_survey(actor=actor, survey=survey)
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, survey, status=exc.status)
    if invited is None:
        messages.success(request, f"Open. Invitations go out on {survey.opens_on:%-d %B}.")
    else:
        skipped = f" {invited.skipped_recent} skipped: surveyed recently." if invited.skipped_recent else ""
        messages.success(request, f"Open. {invited.invited} people invited.{skipped}")
    return redirect("feedback:detail", pk=survey.pk)


@login_required
@require_POST
def survey_close(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    survey = services.close_survey(actor=actor, survey=queries.managed_survey(viewer=actor, pk=pk))
    messages.success(request, "Closed. No more answers are taken.")
    return redirect("feedback:results", pk=survey.pk)


@login_required
@require_POST
def survey_next_round(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    created = services.next_round(actor=actor, survey=queries.managed_survey(viewer=actor, pk=pk))
    messages.success(request, "The next round is a draft: check the dates, then open it.")
    return redirect("feedback:detail", pk=created.pk)


@login_required
@require_GET
def results(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    survey = queries.managed_survey(viewer=actor, pk=pk)
    return render(request, "feedback/results.html", {"result": queries.results(viewer=actor, survey=survey)})


@login_required
@require_GET
def invitations(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    rows = queries.invitations_by_department(viewer=actor)
    return render(
        request,
        "feedback/invitations.html",
        {
            "rows": rows,
            "chart": [(name, count) for name, count, _ in rows],
            "fatigue": services.fatigue_setting(),
            "can_set_fatigue": services.can_set_fatigue(actor),
        },
    )


@login_required
def fatigue(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_fatigue_setter(actor)
    form = forms.FatigueForm(
        request.POST or None, initial={"min_days_between": services.fatigue_setting().min_days_between}
    )
    return save_or_show(
        request,
        form,
        lambda data: services.set_fatigue(actor=actor, **data),
        success=reverse("feedback:fatigue"),
        message="Saved. Surveys opened from now on respect the new limit.",
        title="Survey fatigue",
        cancel=reverse("web:administration"),
        intro="Survey invitations to one person are at least this many days apart, across all surveys.",
    )


# --- Everyone ------------------------------------------------------------------------------


@login_required
@require_GET
def waiting(request: SignedInRequest) -> HttpResponse:
    return render(request, "feedback/waiting.html", {"surveys": list(queries.waiting_for(request.user))})


@login_required
def answer(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    survey = queries.survey(pk)
    try:
        services.require_answerable(actor, survey)
    except (NotAllowed, Conflict) as exc:
        # Someone not invited learns nothing of the survey, not even its title.
        shown = None if isinstance(exc, NotAllowed) else survey
        status = exc.status if request.method == "POST" else 200
        return render(request, "feedback/answer.html", {"survey": shown, "reason": exc.message}, status=status)
    questions = list(survey.questions.all())
    if request.method != "POST":
        initial = {f"q{pk}": value for pk, value in queries.draft_answers(actor, survey).items()}
        form = forms.AnswerForm(initial=initial, questions=questions)
        return render(request, "feedback/answer.html", {"survey": survey, "form": form})
    form = forms.AnswerForm(request.POST, questions=questions)
    submit = request.POST.get("action") != "save"
    if form.is_valid():
        try:
            services.save_response(actor=actor, survey=survey, answers=form.answers(), submit=submit)
        except (NotAllowed, Conflict) as exc:
            return render(request, "feedback/answer.html", {"survey": survey, "reason": exc.message}, status=exc.status)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            if submit:
                messages.success(request, "Thank you: your answers are in.")
                return redirect("feedback:waiting")
            messages.success(request, "Saved. Come back to finish any time before the survey closes.")
            return redirect("feedback:answer", pk=survey.pk)
    return render(request, "feedback/answer.html", {"survey": survey, "form": form}, status=422)
