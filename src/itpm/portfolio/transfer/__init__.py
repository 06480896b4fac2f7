"""Exporting and importing the portfolio: the whole of it as one JSON document, or one kind of
record (markets, competitors, segments, ...) as a CSV file.

Records refer to each other by natural keys, never by ids: a market, persona or service by its
name, a competitor or segment by its market's name and its own, an option by its service's name
and its own, an owner by email, a department by its ``Parent / Child`` path. Archived records
are exported too, flagged ``archived``.

An import checks every item first and reports each one by where it is (a CSV line number, or a
JSON path such as ``services[3]``): the action it would take (create, update, unchanged) or its
errors, each naming the field (``services[3].segments[1]``). A dry run (the default) writes
nothing. Applying writes every item in one transaction, and only when no item has an error,
unless the caller asks for the valid items only. An import never deletes. Re-importing an
export changes nothing.

- :mod:`.kinds`: the kinds of record (no Django, for the command line's parser);
- :mod:`.layout`: each kind's columns and keys, and how the JSON document nests them;
- :mod:`.snapshot`: everything there is, loaded in a fixed number of queries;
- :mod:`.export`: the JSON document and the CSV files;
- :mod:`.read`, :mod:`.check`, :mod:`.write`: an import's three steps, and :mod:`.report` its report;
- :mod:`.imports`: the import itself, as the page, the API and the command line call it.

What every import shares (decoding, headers, the report's counts, the upload shelf) is in
:mod:`itpm.imports`.
"""
