"""What every CSV export shares: cells a spreadsheet would run as formulas are guarded, files
are UTF-8 with a byte-order mark (so spreadsheets read them right), and a download names its
file and tells the browser not to guess its type. The ideas, the roadmap and the portfolio
export through here; the portfolio import reads guarded cells back with :func:`unguard_cell`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
ROWS_PER_CHUNK = 500  # rows written to a streamed response at a time
READ_CHUNK = 2000  # rows a streamed export fetches from the database at a time
CSV_TYPE = "text/csv; charset=utf-8"


def guard_cell(value: str) -> str:
    """A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR)
    gets a leading single quote; so does one that already starts with quotes before such a
    character, so that :func:`unguard_cell` gives back exactly the original text."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


def unguard_cell(value: str) -> str:
    """The reverse of :func:`guard_cell`, applied to every cell read from an exported file."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[bytes]:
    """A CSV file piece by piece (every :data:`ROWS_PER_CHUNK` rows), every cell guarded; for
    streaming an export whose rows are read from the database as they are written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow([guard_cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([guard_cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_file(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A whole CSV file at once, every cell guarded."""
    return b"".join(csv_chunks(header, rows))


@overload
def download(content: bytes, *, filename: str, content_type: str = CSV_TYPE) -> HttpResponse: ...
@overload
def download(content: Iterator[bytes], *, filename: str, content_type: str = CSV_TYPE) -> StreamingHttpResponse: ...
def download(
    content: bytes | Iterator[bytes], *, filename: str, content_type: str = CSV_TYPE
) -> HttpResponse | StreamingHttpResponse:
    """A file download for the pages and the API: streamed when ``content`` comes in pieces."""
    response: HttpResponse | StreamingHttpResponse = (
        HttpResponse(content, content_type=content_type)
        if isinstance(content, bytes)
        else StreamingHttpResponse(content, content_type=content_type)
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
