"""Reading an uploaded file: UTF-8 text (with or without a byte-order mark) of bounded size,
CSV separated by commas or semicolons, a header whose columns are matched by name. Any problem
here refuses the whole file before a row is checked."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .reports import ImportRefused, RowError

Columns = Mapping[str, bool]  # column name → required? In the order messages and docs show.


def decode(content: bytes | None, *, max_bytes: int, what: str = "CSV") -> str:
    """The file as text; ``what`` is the kind of file asked for ("CSV", "JSON")."""
    if content is None:
        raise ImportRefused(f"Attach a {what} file.")
    if len(content) > max_bytes:
        raise ImportRefused(f"The file is larger than {max_bytes // (1024 * 1024)} MB; split it into smaller files.")
    try:
        text = content.decode("utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError as exc:
        save_as = "“CSV UTF-8”" if what == "CSV" else "UTF-8"
        raise ImportRefused(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). Save it as {save_as} and try again."
        ) from None
    if "\x00" in text:
        raise ImportRefused(f"The file contains NUL bytes; it is not a {what} text file.")
    if not text.strip():
        raise ImportRefused("The file is empty.")
    return text


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon, whichever the header line uses more (column names contain neither)."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def column_name(cell: str) -> str:
    """A header cell as a column name: ``Full name`` and ``full-name`` are ``full_name``."""
    return "_".join(cell.strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class Record:
    line: int  # the line it starts on (a quoted cell may span lines)
    row: int  # its place among the file's records, as a spreadsheet numbers rows (the header is 1)
    cells: list[str]

    def cells_beyond(self, width: int) -> int:
        """How many non-empty cells the record has beyond a header of ``width`` columns."""
        return sum(1 for cell in self.cells[width:] if cell.strip())


@dataclass(frozen=True)
class Sheet:
    """A CSV file split into its header and the records below it that have a non-blank cell."""

    header_line: int
    header: list[str]
    body: list[Record]

    def records(self, *, max_rows: int | None = None, command: str | None = None) -> list[Record]:
        """The records below the header; refused when there are none, or more than ``max_rows``
        (``command`` names the command line that has no such limit)."""
        if not self.body:
            raise ImportRefused("The file has a header but no rows below it.")
        if max_rows is not None and len(self.body) > max_rows:
            elsewhere = f", or use `{command}` on the server" if command else ""
            raise ImportRefused(
                f"The file has {len(self.body)} rows; at most {max_rows} are imported at once here. "
                f"Split it into smaller files{elsewhere}."
            )
        return self.body


def sheet(text: str) -> Sheet:
    """Split CSV text into records, numbered by line and by row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    records: list[Record] = []
    row = 0
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            row += 1
            if any(cell.strip() for cell in cells):
                records.append(Record(line=start, row=row, cells=cells))
    except csv.Error as exc:
        raise ImportRefused(f"Line {reader.line_num} cannot be read as CSV: {exc}.") from None
    if not records:
        raise ImportRefused("The file is empty.")
    return Sheet(header_line=records[0].line, header=records[0].cells, body=records[1:])


def extra_values(count: int) -> RowError | None:
    """The error of a row with ``count`` non-empty cells beyond the header's columns."""
    if not count:
        return None
    return RowError(None, f"this row has {count} more values than the header has columns")


@dataclass(frozen=True)
class Row:
    """One record by column: every column the header has, stripped (empty when the row is short)."""

    line: int
    row: int
    values: dict[str, str]
    extra_cells: int  # non-empty cells beyond the header

    def extra_error(self) -> RowError | None:
        return extra_values(self.extra_cells)


@dataclass(frozen=True)
class Table:
    columns: frozenset[str]  # the columns the header has
    rows: list[Row]


def _looks_like(names: set[str], kinds: Mapping[str, Columns]) -> str | None:
    """The kind whose columns the header has (all its required ones, no others), if any."""
    for kind, columns in kinds.items():
        if {name for name, required in columns.items() if required} <= names <= set(columns):
            return kind
    return None


def match_header(
    sheet: Sheet, columns: Columns, *, kind: str = "", others: Mapping[str, Columns] | None = None
) -> list[str | None]:
    """Each header cell's column name (None for a column to pass over), or a refusal listing
    every problem: unknown, repeated and missing columns, values under no name; and, when the
    header is another kind's (``others``), which one."""
    body = sheet.body
    problems: list[str] = []
    names: list[str | None] = []
    seen: set[str] = set()
    unknown: list[str] = []
    for position, cell in enumerate(sheet.header, start=1):
        name = column_name(cell)
        if not name:
            if any(position <= len(record.cells) and record.cells[position - 1].strip() for record in body):
                problems.append(f"column {position} has values but no name in the header")
            names.append(None)
        elif name not in columns:
            unknown.append(cell.strip())
            names.append(None)
        elif name in seen:
            problems.append(f'column "{name}" appears twice')
            names.append(None)
        else:
            seen.add(name)
            names.append(name)
    if unknown:
        listed = ", ".join(f'"{name}"' for name in unknown)
        problems.insert(
            0, f"unknown column{'s' if len(unknown) > 1 else ''} {listed} (the columns are: {', '.join(columns)})"
        )
    missing = [name for name, required in columns.items() if required and name not in seen]
    problems.extend(f'missing required column "{name}"' for name in missing)
    if problems:
        other = _looks_like({name for cell in sheet.header if (name := column_name(cell))}, others or {})
        if (unknown or missing) and other is not None:
            problems.append(f"this looks like a file of {other.replace('_', ' ')}, not {kind.replace('_', ' ')}")
        raise ImportRefused(
            f"The header (line {sheet.header_line}) is not right: {'; '.join(problems)}.",
            problems=[RowError("file", f"header: {problem}") for problem in problems],
        )
    return names


def table(
    sheet: Sheet,
    names: list[str | None],
    *,
    max_rows: int | None = None,
    command: str | None = None,
    read_cell: Callable[[str], str] | None = None,
) -> Table:
    """The records below the header by column name (``names``, as :func:`match_header` gives);
    ``read_cell`` turns each cell into its text before it is stripped."""
    seen = frozenset(name for name in names if name is not None)
    rows = []
    for record in sheet.records(max_rows=max_rows, command=command):
        values = dict.fromkeys(seen, "")
        for name, cell in zip(names, record.cells, strict=False):
            if name is not None:
                values[name] = (read_cell(cell) if read_cell else cell).strip()
        rows.append(
            Row(line=record.line, row=record.row, values=values, extra_cells=record.cells_beyond(len(sheet.header)))
        )
    return Table(columns=seen, rows=rows)


def read_table(
    content: bytes | None,
    *,
    columns: Columns,
    max_bytes: int,
    max_rows: int | None = None,
    command: str | None = None,
    kind: str = "",
    others: Mapping[str, Columns] | None = None,
) -> Table:
    """Decode and split a CSV file, and match its header to ``columns``, in one go."""
    found = sheet(decode(content, max_bytes=max_bytes))
    names = match_header(found, columns, kind=kind, others=others)
    return table(found, names, max_rows=max_rows, command=command)
