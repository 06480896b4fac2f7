"""What every import shares, so that each app keeps only its own columns and row checks.

An import reads a file (:mod:`.files`: decoding, the delimiter, header matching), checks
every row against what exists and reports each one by where it is (:mod:`.reports`: the
action it would take or its errors, each naming the field), and writes only when asked, in
one transaction, all or nothing unless the caller asks for the valid rows only. A checked
upload waits on a shelf for its *Import* click (:mod:`.shelf`). The page (:mod:`.forms`,
:mod:`.views`, the templates ``imports/_upload.html`` and ``imports/_report.html`` under
``web/templates``), the API (:mod:`.api`) and the command line (:mod:`.cli`) drive every
import the same way.

The imports themselves: ``accounts/imports.py`` (people, departments),
``portfolio/transfer/`` (the portfolio as JSON, or one kind of record as CSV) and
``roadmap/imports.py`` (work items from Jira).
"""
