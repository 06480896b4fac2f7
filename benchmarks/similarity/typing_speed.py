"""How fast a typing suggestion is at 20,000 ideas, in-process, the way the submit page's panel
and ``GET /api/v1/ideas/similar`` call ``ideas.similar.suggestions``.

Run: .venv/bin/python benchmarks/similarity/typing_speed.py [--ideas 20000] [--calls 50] [--no-recent]

It makes a throw-away SQLite database in a temporary ``ITPM_DATA_DIR`` (nothing else is
touched), migrates it and stores ``--ideas`` open ideas: the 184 ideas of
benchmarks/similarity/ideas.csv with their real signatures (so typed queries find real
candidates past the cut and the candidates query has work), and synthetic ones up to the count,
with random unit vectors as signatures (the index and the matrix product cost the same for any
vector). Then, in a fresh process state:

- the first call after start (model load, index built from the stored signatures);
- a title being typed, one more word per call (what the panel sends after 300 ms);
- a description being written under a fixed title, one more word per call (what the panel sends
  after 600 ms without typing in the description);
- a title edited while a description stays as it was.

It prints the median and 95th percentile of each and the index's memory.

With ``--existing`` it makes nothing: it reads the database the ``ITPM_*`` environment names
(for example the benchmark database ``benchmarks/run sweep --keep`` leaves, PostgreSQL, 20,000
ideas with real signatures) and types as its first active employee.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make src/ importable without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TITLE = "Claiming my travel costs takes far too long in the expense tool"
DESCRIPTION = (
    "Every month I spend most of an afternoon entering mileage, parking and hotel receipts in "
    "Spendly, and it rejects the PDF receipts from the hotel so I have to scan them again"
)
TITLE_EDITS = [
    "Claiming travel costs takes far too long in the expense tool",
    "Claiming travel costs takes too long in Spendly",
    "Claiming my travel costs takes ages",
    "Travel cost claims take ages",
]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _summary(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(f"| {label} | {len(times)} | {_ms(statistics.median(times))} | {_ms(p95)} | {_ms(min(times))} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--no-recent", action="store_true", help="encode every query text again (as before the cache)")
    parser.add_argument("--existing", action="store_true", help="measure on the configured database, adding nothing")
    args = parser.parse_args()
    if not args.existing:
        os.environ["ITPM_DATA_DIR"] = tempfile.mkdtemp(prefix="itpm-typing-speed-")
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("ITPM_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.similarity.ideas import load_ideas
    from itpm.accounts.models import Role, User
    from itpm.ideas import queries, similar
    from itpm.ideas.models import Idea, Stage
    from itpm.similarity import Method, embed_documents, semantic

    if args.existing:
        employee = User.objects.filter(role=Role.EMPLOYEE, is_active=True).order_by("pk").first()
        if employee is None:
            sys.exit("--existing: the database has no active employee")
        open_ideas = Idea.objects.filter(merged_into__isnull=True).count()
        print(f"{open_ideas:,} open ideas in the {connection.vendor} database")
    else:
        call_command("migrate", verbosity=0)
        employee = User.objects.create_user(email="eva@example.com", password=None, full_name="Eva", role=Role.EMPLOYEE)
        status = queries.status_for_stage(Stage.NEW)
        kind = similar.signature_kind(Method.SEMANTIC)
        real = load_ideas()[: args.ideas]
        started = time.perf_counter()
        documents = [similar.similarity_document(i.title, i.description) for i in real]
        signatures = embed_documents(documents, Method.SEMANTIC)
        rng = np.random.default_rng(16)
        rows = [
            Idea(
                title=i.title,
                description=i.description,
                status=status,
                submitted_by=employee,
                similarity_signature=signature,
                similarity_method=kind,
            )
            for i, signature in zip(real, signatures, strict=True)
        ]
        words = [
            "laptop",
            "printer",
            "vpn",
            "teams",
            "outlook",
            "dispatch",
            "stockroom",
            "badge",
            "wifi",
            "payroll",
            "shift",
            "depot",
            "report",
        ]
        for n in range(args.ideas - len(rows)):
            vector = rng.standard_normal(semantic.DIMENSIONS).astype(np.float32)
            vector /= np.linalg.norm(vector)
            title = " ".join(rng.choice(words, size=4)) + f" {n}"
            rows.append(
                Idea(
                    title=title,
                    description=f"Synthetic idea {n}.",
                    status=status,
                    submitted_by=employee,
                    similarity_signature=semantic.to_signature(vector),
                    similarity_method=kind,
                )
            )
        Idea.objects.bulk_create(rows, batch_size=2_000)
        print(
            f"{Idea.objects.count():,} open ideas stored ({len(real)} real, the rest synthetic) "
            f"in {time.perf_counter() - started:.1f} s; {connection.vendor}\n"
        )
    # A fresh process as far as similarity goes: no model, no index.
    semantic._model = None
    similar.OPEN_IDEAS.reset()
    semantic.forget_recent()
    if args.no_recent:
        semantic.encode_recent = semantic.encode  # type: ignore[assignment]

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    first = similar.suggestions(employee, TITLE, description=DESCRIPTION)
    first_call = time.perf_counter() - started
    index = similar.OPEN_IDEAS.current()
    print(
        f"First call after start (model load + index of {len(index):,} ideas + the query): {_ms(first_call)}, "
        f"{len(first)} suggestion(s): {[match.idea.title for match in first]}"
    )

    def timed(calls: list[tuple[str, str]]) -> list[float]:
        times = []
        for title, description in calls:
            started = time.perf_counter()
            similar.suggestions(employee, title, description=description)
            times.append(time.perf_counter() - started)
        return times

    title_words, description_words = TITLE.split(), DESCRIPTION.split()
    typed_titles = [
        (" ".join(title_words[: 2 + n % (len(title_words) - 1)]) + f" {'x' * (n // 10)}", "") for n in range(args.calls)
    ]
    typed_descriptions = [
        (TITLE, " ".join(description_words[: 1 + n % len(description_words)]) + " " * (n // 30))
        for n in range(args.calls)
    ]
    edited_titles = [(TITLE_EDITS[n % len(TITLE_EDITS)] + " " * (n // 4), DESCRIPTION) for n in range(args.calls)]
    timed(typed_titles[:5])  # warm-up
    print("\n| what is typed | calls | median | p95 | fastest |\n| --- | ---: | ---: | ---: | ---: |")
    _summary("a title, one more word each call", timed(typed_titles))
    _summary("a description, one more word each call, the title as it was", timed(typed_descriptions))
    _summary("the title edited, the description as it was", timed(edited_titles))

    timed_encode: list[float] = []
    for _ in range(20):
        started = time.perf_counter()
        semantic.encode([DESCRIPTION])
        timed_encode.append(time.perf_counter() - started)
    print(f"\nEncoding the 29-word description alone: median {_ms(statistics.median(timed_encode))}")
    matrix = index._vectors._matrix
    print(
        f"Index: {len(index):,} rows in a {matrix.shape[0]:,} x {matrix.shape[1]} float32 matrix, "
        f"{matrix.nbytes / 2**20:.1f} MB; position map of {len(index._vectors._position):,} keys"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"Peak resident: {rss / 1024:.0f} MB (before the first call {rss_before / 1024:.0f} MB, "
        f"with Django and {args.ideas:,} Idea objects created)"
    )


if __name__ == "__main__":
    main()
