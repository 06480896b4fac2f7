"""The portfolio's import and export page, and its downloads (product managers and admins).
Thin: the form reads the upload, :mod:`itpm.portfolio.transfer` checks and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from itpm.accounts.models import User
from itpm.importing import HeldUpload
from itpm.web.pages import SignedInRequest

from . import transfer


class TransferForm(forms.Form):
    """A JSON document of the whole portfolio or a CSV file of one kind of record; or, once
    checked, the file held from the check."""

    kind = forms.ChoiceField(
        choices=[(kind, transfer.KIND_LABELS[kind]) for kind in transfer.KINDS],
        widget=forms.RadioSelect,
        initial="portfolio",
        label="What the file holds",
    )
    file = forms.FileField(
        required=False,
        label="File",
        help_text=(
            f"A JSON export of the whole portfolio, or a CSV file of one kind (UTF-8, separated by commas or "
            f"semicolons); at most {transfer.MAX_BYTES // (1024 * 1024)} MB."
        ),
    )
    valid_only = forms.BooleanField(
        required=False,
        label="Import the valid items only",
        help_text="Otherwise nothing is imported while any item has an error.",
    )

    def __init__(self, *args: Any, held: HeldUpload | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size is not None and upload.size > transfer.MAX_BYTES:
            raise forms.ValidationError(
                f"This file is larger than {transfer.MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and self.held is None and "file" not in self.errors:
            self.add_error("file", "Choose a file.")
        return cleaned

    def source(self) -> tuple[str, bytes]:
        """The chosen file's name and bytes: a new upload wins over the held one."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.name or "upload", upload.read(transfer.MAX_BYTES + 1)
        assert self.held is not None  # clean() insists on one or the other
        return self.held.name, self.held.content


def _require_manager(request: SignedInRequest) -> User:
    actor = request.user
    if not transfer.can_import(actor):
        raise PermissionDenied("Importing and exporting the portfolio is for product managers.")
    return actor


@login_required
def transfer_page(request: SignedInRequest) -> HttpResponse:
    """Export links; check a file (a dry run) or import it."""
    actor = _require_manager(request)
    held = transfer.held_upload(actor=actor, token=request.POST.get("upload", ""))
    initial_kind = request.GET.get("kind", "portfolio")
    form = TransferForm(
        request.POST or None,
        request.FILES or None,
        held=held,
        initial={"kind": initial_kind if initial_kind in transfer.KINDS else "portfolio"},
    )
    report = refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name, content = form.source()
        try:
            report = transfer.import_file(
                actor=actor,
                kind=data["kind"],
                content=content,
                apply=request.POST.get("action") == "import",
                valid_only=data["valid_only"],
                source_name=name,
            )
        except transfer.ImportRefused as exc:
            if exc.report is None:  # the file itself is wrong: say so on the form
                for problem in exc.problems:
                    form.add_error("file", problem.message)
                held = None
            else:
                report, refusal = exc.report, exc.message
        if report is not None and not report.applied:
            held = (
                held
                if held is not None and held.content == content
                else transfer.hold_upload(actor=actor, name=name, content=content)
            )
        elif report is not None and held is not None:
            transfer.release_upload(actor=actor, token=held.token)
            held = None
    status = 422 if form.errors or refusal else 200
    return render(
        request,
        "portfolio/transfer.html",
        {
            "form": form,
            "report": report,
            "refusal": refusal,
            "held": held,
            "csv_kinds": [(kind, transfer.KIND_LABELS[kind]) for kind in transfer.CSV_KINDS],
            "max_changes": transfer.MAX_CHANGES,
        },
        status=status,
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def export_json(request: SignedInRequest) -> HttpResponse:
    """The whole portfolio as one JSON file."""
    actor = _require_manager(request)
    document = transfer.export_portfolio(actor=actor)
    return _download(
        transfer.portfolio_json(document), "application/json; charset=utf-8", transfer.export_filename("portfolio")
    )


@login_required
@require_GET
def export_csv(request: SignedInRequest, kind: str) -> HttpResponse:
    """One kind of record as a CSV file."""
    actor = _require_manager(request)
    if kind not in transfer.CSV_KINDS:
        raise Http404("There is no such kind of record to export.")
    chosen: transfer.CsvKind = kind  # type: ignore[assignment]
    return _download(
        transfer.export_csv(actor=actor, kind=chosen), "text/csv; charset=utf-8", transfer.export_filename(chosen)
    )
