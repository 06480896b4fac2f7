"""The portfolio's import and export page, and its downloads (product managers and admins).
Thin: the form reads the upload, :mod:`itpm.portfolio.transfer` checks, writes and exports."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from itpm.exports import download
from itpm.imports.forms import UploadForm, valid_only_field
from itpm.imports.views import check_or_import
from itpm.web.pages import SignedInRequest

from .transfer import export, imports
from .transfer.kinds import CSV_KINDS, KIND_LABELS, KINDS, CsvKind


class TransferForm(UploadForm):
    """A JSON document of the whole portfolio or a CSV file of one kind of record; or, once
    checked, the file held from the check."""

    max_bytes = imports.MAX_BYTES

    kind = forms.ChoiceField(
        choices=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        widget=forms.RadioSelect,
        initial="portfolio",
        label="What the file holds",
    )
    file = forms.FileField(
        required=False,
        label="File",
        help_text=(
            f"A JSON export of the whole portfolio, or a CSV file of one kind (UTF-8, separated by commas or "
            f"semicolons); at most {imports.MAX_BYTES // (1024 * 1024)} MB."
        ),
    )
    valid_only = valid_only_field("item")


@login_required
def transfer_page(request: SignedInRequest) -> HttpResponse:
    """Export links; check a file (a dry run) or import it."""
    actor = request.user
    imports.require_import(actor)
    initial_kind = request.GET.get("kind", "portfolio")
    page = check_or_import(
        request,
        actor=actor,
        shelf=imports.shelf,
        form_class=TransferForm,
        run=partial(imports.import_file, actor=actor),
        initial={"kind": initial_kind if initial_kind in KINDS else "portfolio"},
    )
    return page.render(
        request,
        "portfolio/transfer.html",
        {"csv_kinds": [(kind, KIND_LABELS[kind]) for kind in CSV_KINDS], "max_changes": imports.MAX_CHANGES},
    )


@login_required
@require_GET
def export_json(request: SignedInRequest) -> HttpResponse:
    """The whole portfolio as one JSON file."""
    document = export.export_portfolio(actor=request.user)
    return download(
        export.portfolio_json(document),
        filename=export.export_filename("portfolio"),
        content_type="application/json; charset=utf-8",
    )


@login_required
@require_GET
def export_csv(request: SignedInRequest, kind: str) -> HttpResponse:
    """One kind of record as a CSV file."""
    export.require_export(request.user)
    if kind not in CSV_KINDS:
        raise Http404("There is no such kind of record to export.")
    chosen: CsvKind = kind  # type: ignore[assignment]
    return download(export.kind_csv(chosen), filename=export.export_filename(chosen))
