"""The import page every import shares: "Check file" reports what importing would do and holds
the file; "Import" writes it (the held file, unless another is chosen). A file that cannot be
read is said on the form; a file whose rows have errors shows the report and why nothing was
written. Either answers 422."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from itpm.accounts.models import User

from .forms import UploadForm
from .reports import ImportRefused, ImportReport
from .shelf import HeldUpload, UploadShelf

Form = TypeVar("Form", bound=UploadForm)


@dataclass
class ImportPage(Generic[Form]):
    form: Form
    report: ImportReport[Any] | None = None
    refusal: str | None = None  # why nothing was written, when rows have errors
    held: HeldUpload | None = None

    def render(self, request: HttpRequest, template: str, extra: dict[str, Any] | None = None) -> HttpResponse:
        return render(
            request,
            template,
            {"form": self.form, "report": self.report, "refusal": self.refusal, "held": self.held, **(extra or {})},
            status=422 if self.form.errors or self.refusal else 200,
        )


def check_or_import(
    request: HttpRequest,
    *,
    actor: User,
    shelf: UploadShelf,
    form_class: type[Form],
    run: Callable[..., ImportReport[Any]],
    initial: dict[str, Any] | None = None,
) -> ImportPage[Form]:
    """The page's form and, after a POST, its report: ``run(content=, apply=, source_name=,
    **form.options())`` checks (and with ``apply``, writes) the chosen file."""
    held = shelf.held(actor=actor, token=request.POST.get("upload", ""))
    form = form_class(request.POST or None, request.FILES or None, held=held, initial=initial)
    page = ImportPage(form=form, held=held)
    if request.method != "POST" or not form.is_valid():
        return page
    name, content = form.source()
    try:
        page.report = run(
            content=content, apply=request.POST.get("action") == "import", source_name=name, **form.options()
        )
    except ImportRefused as exc:
        if exc.report is None:  # the file itself is wrong: say so on the form
            for problem in exc.problems:
                form.add_error("file", problem.message)
            page.held = None
            return page
        page.report, page.refusal = exc.report, exc.message
    if not page.report.applied:
        if held is None or held.content != content:
            page.held = shelf.hold(actor=actor, name=name, content=content)
    elif held is not None:
        shelf.release(actor=actor, token=held.token)
        page.held = None
    return page
