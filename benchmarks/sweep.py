"""Every page of the navigation and every API list, measured in one run against the bare
50-row list page: ``benchmarks/run sweep``.

Run by ``benchmarks/run sweep`` against the server it started with ``benchmarks.settings``
(the site's routes plus ``/bench/bare-list/``, see :mod:`benchmarks.bare_urls`), on the data of
every suite. The scenarios are not a list kept by hand: the pages are the navigation's entries
(``itpm.web.navigation``: the portal's as an employee, the workspace's as a product manager,
the administration's as an admin) and the API lists are the OpenAPI document's GET operations
without path parameters (as the first of an employee's, a product manager's and an admin's
read tokens they answer). Each is profiled in-process (median time, queries, size) and loaded
with wrk, short, in the same rounds as the bare list page; the machinery is
:mod:`benchmarks.measure`'s. A page that fails is recorded with its reason and the sweep goes
on: the sweep is a survey, not a gate.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    HERE,
    SLOW_HTTP_TIMEOUT,
    BenchmarkError,
    CpuMeter,
    Run,
    Scenario,
    caller_headers,
    describe_run,
    fetch,
    fetch_once,
    in_process_profile,
    print_table,
    record,
    run_wrk,
    sign_in,
    unloaded_record,
    verify,
    write_results,
)

BARE_LIST = Scenario(
    "bare_list",
    "/bench/bare-list/",
    "employee",
    "the yardstick: 50 people (name, email, department) in the base layout, signed in (benchmarks/bare_urls.py)",
    expect="<td>",
)
HEALTHZ = Scenario("bare", "/healthz", "anonymous", "constant text, no session, no database: the ceiling")
SECTION_CALLERS = {"portal": "employee", "workspace": "pm", "admin": "admin"}
TOKEN_CALLERS = ("employee", "pm", "admin")  # the API list is measured with the first that may read it
SIGNED_IN = "/accounts/profile/"  # every signed-in page links it
SLOW_MS = 10_000  # a page slower than this in-process is fetched once over HTTP, not loaded with wrk


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()


def navigation_pages() -> tuple[list[Scenario], set[str]]:
    """A scenario for each page of the navigation, as the role whose section lists it; then
    each page an entry counts as its own (``also_current``: the timeline under "Board &
    timeline", the invitation form under "People") that has a URL without arguments. The
    names of the latter come back too: such a name may be a form's action, not a page."""
    _setup_django()
    from django.urls import NoReverseMatch, reverse

    from itpm.web import navigation

    sections = {"portal": navigation.PORTAL, "workspace": navigation.WORKSPACE, "admin": navigation.ADMINISTRATION}
    pages: list[Scenario] = []
    linked: set[str] = set()
    seen: set[str] = set()
    for section, items in sections.items():
        for item in items:
            for entry in (item, *item.children):
                if entry.url_name in seen:
                    continue
                seen.add(entry.url_name)
                about = f'"{entry.label}" in the {section} navigation'
                pages.append(
                    Scenario(_page_name(entry.url_name), reverse(entry.url_name), SECTION_CALLERS[section], about)
                )
        for item in items:
            for entry in (item, *item.children):
                for url_name in entry.also_current:
                    if url_name in seen:
                        continue
                    seen.add(url_name)
                    try:
                        url = reverse(url_name)
                    except NoReverseMatch:  # a page of one record, or a prefix of several names
                        continue
                    about = f'reached from "{entry.label}" in the {section} navigation'
                    pages.append(Scenario(_page_name(url_name), url, SECTION_CALLERS[section], about))
                    linked.add(_page_name(url_name))
    return pages, linked


def record_pages() -> list[Scenario]:
    """The pages of single records that grow with the data, each at its largest record: the
    idea with the most comments, the catalog service with the most options, the feature with
    the most linked ideas and the release with the most features (issue 14 names the idea page
    among the pages to judge; the navigation reaches these only through a record)."""
    _setup_django()
    from django.db.models import Count
    from django.urls import reverse

    from itpm.ideas.models import Idea
    from itpm.portfolio.queries import catalog_services
    from itpm.roadmap.models import Feature, Release

    found: list[Scenario] = []
    ideas = Idea.objects.filter(is_private=False, merged_into__isnull=True)
    features = Feature.objects.filter(archived_at__isnull=True)
    releases = Release.objects.filter(archived_at__isnull=True)
    picks = [
        ("ideas_idea", "ideas:detail", "employee", ideas.annotate(n=Count("comments"))),
        ("portfolio_catalog_service", "portfolio:catalog_service", "employee",
         catalog_services(search="").annotate(n=Count("options"))),
        ("roadmap_feature", "roadmap:feature", "pm", features.annotate(n=Count("work_items"))),
        ("roadmap_release", "roadmap:release", "pm", releases.annotate(n=Count("features"))),
    ]  # fmt: skip
    for name, url_name, caller, records in picks:
        largest = records.order_by("-n", "pk").values_list("pk", "n").first()
        if largest is None:
            continue
        pk, size = largest
        found.append(Scenario(name, reverse(url_name, args=[pk]), caller, f"the largest record ({size} rows inside)"))
    return found


def _page_name(url_name: str) -> str:
    return url_name.replace(":", "_")


def api_lists(document: dict[str, Any]) -> tuple[list[str], list[dict[str, str]]]:
    """The paths of the OpenAPI document's GET operations without path parameters (and with no
    required query parameter), and the GET operations left out with why."""
    paths: list[str] = []
    left_out: list[dict[str, str]] = []
    for route, operations in document.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None:
            continue
        full = route if route.startswith("/api/") else "/api/v1" + route
        parameters = operation.get("parameters", [])
        if "{" in route:
            left_out.append({"path": full, "reason": "has path parameters"})
        elif any(p.get("required") and p.get("in") == "query" for p in parameters):
            left_out.append({"path": full, "reason": "has a required query parameter"})
        else:
            paths.append(full)
    return paths, left_out


def read_tokens(accounts: dict[str, str], employee_token: str) -> dict[str, str]:
    """Read tokens for the product manager and the admin (benchmarks.generate made the employee's)."""
    _setup_django()
    from django.db import connection

    from itpm.accounts.models import Scope, User
    from itpm.accounts.services import keys as key_services

    tokens = {"employee": employee_token}
    for handle in ("pm", "admin"):
        actor = User.objects.get(email=accounts[handle])
        tokens[handle] = key_services.create_personal_token(actor=actor, name="sweep", scopes=[Scope.READ]).secret
    connection.close()
    return tokens


def _name(path: str) -> str:
    return "api_" + (
        path.removeprefix("/api/v1/").strip("/").replace("/", "_").replace("-", "_").replace(".", "_") or "root"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True, help="the server, e.g. http://127.0.0.1:8123")
    parser.add_argument("--credentials", type=Path, required=True, help="JSON written by the generators")
    parser.add_argument("--name", default="sweep", help="results go to benchmarks/results/NAME.json")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", default="2s", help="wrk duration per page and round")
    parser.add_argument("--rounds", type=int, default=1, help="times each page is loaded, interleaved")
    parser.add_argument("--warmup", default="1s", help="unrecorded wrk run before each page; 0 to skip")
    parser.add_argument("--wrk-timeout", default="30s", help="wrk --timeout (default gunicorn's 30 s)")
    parser.add_argument("--workers", type=int, required=True, help="gunicorn workers (recorded only)")
    parser.add_argument("--server-pid", type=int, help="gunicorn's pid, to tell its CPU use from other load")
    parser.add_argument("--repeat", type=int, default=10, help="in-process requests per page for in_process_ms")
    parser.add_argument("--only", default="", help="comma-separated scenario names (default: every page)")
    parser.add_argument("--results-dir", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)

    if urllib.parse.urlparse(args.base_url).hostname != "127.0.0.1":
        parser.error("benchmarks only load 127.0.0.1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    credentials = json.loads(args.credentials.read_text())
    accounts: dict[str, str] = credentials["accounts"]
    database = urllib.parse.urlparse(os.environ.get("ITPM_DATABASE_URL", "")).path.lstrip("/")
    meter = CpuMeter(args.server_pid, database)
    failed: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []

    def fail(scenario: Scenario, reason: str) -> None:
        failed.append({"scenario": scenario.name, "path": scenario.path, "caller": scenario.caller, "error": reason})
        print(f"  {scenario.name}: {reason}; left out", flush=True)

    try:
        sessions: dict[str, str] = {}
        for handle in TOKEN_CALLERS:
            sessions[handle], landed = sign_in(args.base_url, accounts[handle], credentials["password"])
            print(f"signed in as {accounts[handle]} through /accounts/sign-in/ (landed on {landed})", flush=True)
        tokens = read_tokens(accounts, credentials["token"])
        expectations = {"anonymous": "ok", **dict.fromkeys(sessions, SIGNED_IN)}
        for reference in (HEALTHZ, BARE_LIST):  # without these two the ratios mean nothing: stop
            verify(args.base_url, reference, caller_headers(reference, sessions, ""), reference.expect or "ok")

        # The API lists, each with the first token that may read it.
        answer = fetch(args.base_url + "/api/v1/openapi.json", {"Authorization": f"Bearer {tokens['employee']}"})
        if answer.status != 200:
            raise BenchmarkError(f"GET /api/v1/openapi.json answered {answer.status}")
        api_paths, left_out = api_lists(json.loads(answer.body))
        skipped += [{"scenario": _name(item["path"]), **item} for item in left_out]
        token_of: dict[str, str] = {}  # scenario name → the token it is measured with
        candidates, linked = navigation_pages()
        candidates += record_pages()
        for api_path in api_paths:
            statuses = []
            for handle in TOKEN_CALLERS:
                answered = fetch(args.base_url + api_path, {"Authorization": f"Bearer {tokens[handle]}"})
                statuses.append(f"{handle} {answered.status}")
                if answered.status == 200:
                    token_of[_name(api_path)] = tokens[handle]
                    candidates.append(
                        Scenario(_name(api_path), api_path, "token", f"API list, with the {handle}'s read token")
                    )
                    break
            else:
                skipped.append({"scenario": _name(api_path), "path": api_path, "reason": ", ".join(statuses)})
                print(f"skipping {api_path}: no token reads it ({', '.join(statuses)})", flush=True)
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            candidates = [scenario for scenario in candidates if scenario.name in wanted]

        # Each page must answer 200 (as a signed-in page, or JSON) before it is measured.
        pages: list[Scenario] = []
        for scenario in candidates:
            token = token_of.get(scenario.name, "")
            try:
                verify(
                    args.base_url,
                    scenario,
                    caller_headers(scenario, sessions, token),
                    scenario.expect or expectations.get(scenario.caller, ""),
                    timeout=SLOW_HTTP_TIMEOUT,
                )
            except BenchmarkError as exc:
                if scenario.name not in linked:
                    fail(scenario, str(exc))
                else:  # a form's action (POST only) or a download: not a page to read
                    skipped.append({"scenario": scenario.name, "path": scenario.path, "reason": str(exc)[:200]})
                continue
            pages.append(scenario)
        print(f"checked {len(pages)} pages and API lists: each answers 200", flush=True)

        # In-process: median time, queries, size; a page of many seconds is not loaded with wrk.
        profile: dict[str, dict[str, float]] = {}
        for scenario in [HEALTHZ, BARE_LIST, *pages]:
            try:
                token = token_of.get(scenario.name, "")
                profile |= in_process_profile([scenario], sessions, token, args.repeat, budget=0.0)
            except Exception as exc:  # a survey: record what broke and go on
                if scenario in (HEALTHZ, BARE_LIST):
                    raise
                fail(scenario, f"in-process: {type(exc).__name__}: {exc}")
                continue
            numbers = profile[scenario.name]
            print(
                f"in-process {scenario.name}: {numbers['ms']:.1f} ms, {numbers['queries']:.0f} queries, "
                f"{numbers['response_bytes'] / 1000:,.0f} KB",
                flush=True,
            )
        pages = [scenario for scenario in pages if scenario.name in profile]
        loaded = [HEALTHZ, BARE_LIST] + [s for s in pages if profile[s.name]["ms"] <= SLOW_MS]
        once: dict[str, dict[str, Any]] = {}
        for scenario in [s for s in pages if profile[s.name]["ms"] > SLOW_MS]:
            headers = caller_headers(scenario, sessions, token_of.get(scenario.name, ""))
            once[scenario.name] = fetch_once(args.base_url + scenario.path, headers, SLOW_HTTP_TIMEOUT)
            print(f"{scenario.name} is too slow to load with wrk; once over HTTP: {once[scenario.name]}", flush=True)
        description = describe_run()

        # Every page once per round after the bare list page, as measure.py does.
        runs: dict[str, list[Run]] = {scenario.name: [] for scenario in loaded}
        for round_number in range(1, args.rounds + 1):
            for scenario in loaded:  # those that failed or gave no answer in a round are gone from runs
                headers = caller_headers(scenario, sessions, token_of.get(scenario.name, ""))
                url = args.base_url + scenario.path
                expected = scenario.expect or expectations.get(scenario.caller, "")
                try:
                    if round_number == 1 and args.warmup.strip().rstrip("smh") not in ("", "0"):
                        run_wrk(
                            url,
                            headers,
                            threads=args.threads,
                            connections=args.connections,
                            duration=args.warmup,
                            timeout=args.wrk_timeout,
                        )
                        verify(args.base_url, scenario, headers, "", timeout=SLOW_HTTP_TIMEOUT)
                    print(f"round {round_number}/{args.rounds}: {scenario.name} ({scenario.path})", flush=True)
                    meter.start()
                    raw = run_wrk(
                        url,
                        headers,
                        threads=args.threads,
                        connections=args.connections,
                        duration=args.duration,
                        timeout=args.wrk_timeout,
                    )
                    result = Run.from_wrk(raw, meter.background_percent())
                    verify(args.base_url, scenario, headers, expected, timeout=SLOW_HTTP_TIMEOUT)
                except BenchmarkError as exc:
                    if scenario in (HEALTHZ, BARE_LIST):
                        raise
                    fail(scenario, str(exc))
                    del runs[scenario.name]
                    continue
                if result.requests == 0 and scenario not in (HEALTHZ, BARE_LIST):
                    # Slower than the load lasted: no rate to give; what one request takes instead.
                    once[scenario.name] = fetch_once(url, headers, SLOW_HTTP_TIMEOUT)
                    print(f"  no answer within {args.duration}; once over HTTP: {once[scenario.name]}", flush=True)
                    del runs[scenario.name]
                    continue
                if result.non_2xx_3xx:
                    fail(scenario, f"{result.non_2xx_3xx} of {result.requests} responses were 4xx/5xx under load")
                    del runs[scenario.name]
                    continue
                runs[scenario.name].append(result)
            loaded = [scenario for scenario in loaded if scenario.name in runs]
    except BenchmarkError as exc:
        print(f"sweep failed: {exc}", file=sys.stderr, flush=True)
        return 1

    bare_runs = runs[BARE_LIST.name]
    records = [
        record(args.name, scenario, runs[scenario.name], bare_runs, profile[scenario.name]) for scenario in loaded
    ] + [
        unloaded_record(args.name, s, profile[s.name], once[s.name]) | {"in_process_requests": args.repeat}
        for s in pages
        if s.name in once
    ]
    for row in records:  # the ratio here is to the bare list page, not to /healthz
        row["ratio_to_bare_list"] = row.pop("ratio_to_bare")
    rates = [run.requests_per_second for run in bare_runs]
    spread = round((max(rates) - min(rates)) / statistics.mean(rates), 3) if len(rates) > 1 else None
    document = {
        "schema": 1,
        "benchmark": args.name,
        **description,
        "load": {
            "tool": "wrk",
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
            "rounds": args.rounds,
            "warmup": args.warmup,
            "timeout": args.wrk_timeout,
            "target": "127.0.0.1",
        },
        "server": {
            "command": f"itpm serve --host 127.0.0.1 --workers {args.workers} (gunicorn, sync workers), "
            "DJANGO_SETTINGS_MODULE=benchmarks.settings",
            "workers": args.workers,
        },
        "data": credentials["data"],
        "reference": BARE_LIST.path,
        "bare_list_spread": spread,
        "scenarios": records,
        "failed": failed,
        "skipped": skipped,
    }
    output = args.results_dir / f"{args.name}.json"
    write_results(output, document)
    print()
    for row in records:
        row["ratio_to_bare"] = row["ratio_to_bare_list"]  # print_table's column
    print_table(records, reference="vs list", sizes=True)
    print()
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration} x {args.rounds} rounds, --timeout "
        f"{args.wrk_timeout}, gunicorn {args.workers} sync workers, {os.cpu_count()} CPUs. Results: {output}"
    )
    print(
        f"vs list: req/s over the bare 50-row list page's ({BARE_LIST.path}) in the same round. "
        f"{len(failed)} failed, {len(skipped)} left out (see the results file: failed, skipped)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
