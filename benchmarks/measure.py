"""Sign in, check every scenario answers 200, load each with wrk, write the results.

Run by ``benchmarks/run`` against the server it started, with the same ``ITPM_*``
environment (this process opens the same database to count each scenario's queries).
Only 127.0.0.1 is ever loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import http.cookiejar
import importlib.metadata
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LUA_SCRIPT = HERE / "report.lua"
RESULT_PREFIX = "BENCH_RESULT "
SCHEMA_VERSION = 1
QUIET_SPREAD = 0.15  # the bare view's rate may move this much between rounds on a quiet machine
QUIET_BACKGROUND = 10.0  # percent of the machine other processes may use meanwhile
SLOW_REQUESTS = 3  # in-process requests timed for a scenario not loaded with wrk
SLOW_HTTP_TIMEOUT = 120.0  # seconds the one HTTP request of such a scenario may take


class BenchmarkError(Exception):
    """Something that makes the numbers meaningless; the run stops and says why."""


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str  # may name values of the credentials' "ideas" or "roadmap", e.g. {idea}, filled in by resolve()
    caller: str  # "anonymous", "token", or the handle of a signed-in account
    about: str
    expect: str = ""  # text the answer must contain; default: what every answer to this caller has
    optional: bool = False  # left out, with a note, when this checkout has no such route
    # False for a page too slow to load with wrk (it would only time out): profiled in-process
    # over a few requests and fetched once over HTTP, recording what the server answered.
    loaded: bool = True

    def resolve(self, values: dict[str, Any]) -> Scenario:
        """The scenario with its path's {names} filled in, URL-quoted, from ``values``."""
        names = re.findall(r"{(\w+)}", self.path)
        missing = [name for name in names if name not in values]
        if missing:
            raise BenchmarkError(f"{self.name}: the generated data names no {', '.join(missing)} (path {self.path})")
        path = self.path.format(**{name: urllib.parse.quote(str(values[name]), safe="") for name in names})
        return dataclasses.replace(self, path=path)


SCENARIOS = [
    Scenario("bare", "/healthz", "anonymous", "constant text, no session, no database: the ceiling"),
    Scenario("portal", "/portal/", "employee", "signed-in employee's home page (where / sends employees)"),
    Scenario("workspace", "/workspace/", "pm", "signed-in product manager's home page"),
    Scenario("administration", "/administration/", "admin", "signed-in admin's home page"),
    Scenario("api_me", "/api/v1/me", "token", "API: the caller, with a personal token as Bearer"),
    # The portfolio suite (benchmarks/run portfolio: data from benchmarks.generate_portfolio).
    Scenario(
        "catalog",
        "/portfolio/catalog/",
        "employee",
        "service catalog, first page: services by market, options open to the employee's segments",
    ),
    Scenario(
        "portfolio",
        "/portfolio/",
        "pm",
        "product manager's portfolio view, first page: services by market and the health summary",
    ),
    # The ideas suite (benchmarks/run ideas: data from benchmarks.generate_ideas).
    Scenario(
        "ideas_list",
        "/ideas/?sort=trending",
        "employee",
        "ideas list, first page (30), trending first, with whether the employee voted",
        expect='class="idea-title"',
    ),
    Scenario(
        "ideas_search",
        "/ideas/?q={word}",
        "employee",
        "ideas list searched for a common word (PostgreSQL full-text search), first page",
        expect='class="idea-title"',
    ),
    Scenario(
        "idea",
        "/ideas/{idea}/",
        "employee",
        "the page of the open idea with the most comments: every comment, votes by department, history",
    ),
    Scenario(
        "idea_triage",
        "/ideas/{idea}/",
        "pm",
        "the same idea as a product manager: triage forms, notes and likely duplicates (similarity index)",
    ),
    Scenario(
        "similar",
        "/ideas/similar/?title={title}",
        "employee",
        "the similar-ideas panel (htmx fragment) for a typed title: in-process similarity index, then a query",
        expect="Similar ideas already shared",
    ),
    Scenario("report", "/ideas/report/", "pm", "the ideas report for product managers", optional=True),
    Scenario(
        "api_ideas",
        "/api/v1/ideas",
        "token",
        "API: the first page of ideas, with a personal token as Bearer",
        expect='"title"',
        optional=True,
    ),
    # The roadmap suite (benchmarks/run roadmap: data from benchmarks.generate_roadmap).
    Scenario(
        "board",
        "/roadmap/board/",
        "pm",
        "the now/next/later board: every open feature as a card with its move form, RICE score and goals",
        expect='class="board-card"',
    ),
    Scenario(
        "timeline",
        "/roadmap/timeline/",
        "pm",
        "the timeline, default: 6 fiscal quarters from the current one, grouped by goal, undated features apart",
        expect='class="timeline-bar ',
    ),
    Scenario(
        "timeline_team",
        "/roadmap/timeline/?group_by=team",
        "pm",
        "the same timeline grouped by delivery team",
        expect='class="timeline-bar ',
    ),
    Scenario(
        "priorities",
        "/roadmap/priorities/?scorecard={rice}",
        "pm",
        "the prioritisation table on the built-in RICE scorecard: every open feature, scored ones first",
        expect='class="priorities"',
    ),
    Scenario(
        "features",
        "/roadmap/features/",
        "pm",
        "the feature list, first page (50), with its filters",
        expect="feature-status-",
    ),
    Scenario(
        "shared",
        "/roadmap/shared/",
        "employee",
        "the shared roadmap every employee reads: the features marked shared, by horizon",
        expect="shared-card",
    ),
    Scenario(
        "capacity",
        "/roadmap/delivery/capacity/",
        "pm",
        "delivery capacity: each team's planned effort against its person-days per quarter, with the chart",
    ),
    Scenario(
        "alignment",
        "/roadmap/delivery/alignment/",
        "pm",
        '"is it on the roadmap?": work in progress on no feature (each with a link form listing every '
        "feature) and planned features with no work; too slow to load with wrk at this size",
        loaded=False,
    ),
]
SCENARIO_NAMES = [scenario.name for scenario in SCENARIOS]


# --- HTTP against the running server -------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: dict[str, str], timeout: float = 30) -> Answer:
    """One GET, redirects not followed: a 302 to the sign-in page must not pass for a page."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers.items()), exc.read())
    except (urllib.error.URLError, OSError) as exc:
        raise BenchmarkError(f"GET {url} failed: {exc}; is the server still running?") from exc


def fetch_once(url: str, headers: dict[str, str], timeout: float) -> dict[str, Any]:
    """One GET of a page too slow to load with wrk: what the server answered and how long it
    took, or how it failed (a gunicorn worker past its timeout is killed and the connection
    dropped). Never raises: the answer is the measurement."""
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            size = len(response.read())
            status = response.status
    except urllib.error.HTTPError as exc:
        size, status = len(exc.read()), exc.code
    except (urllib.error.URLError, OSError) as exc:
        return {"error": str(getattr(exc, "reason", exc)), "seconds": round(time.perf_counter() - started, 2)}
    return {"status": status, "bytes": size, "seconds": round(time.perf_counter() - started, 2)}


def sign_in(base_url: str, email: str, password: str) -> tuple[str, str]:
    """Sign in through the real form (CSRF token, argon2 check, session row); returns the
    session cookie value and the page the sign-in landed on."""
    try:
        return _sign_in(base_url, email, password)
    except (urllib.error.URLError, OSError) as exc:  # HTTPError (4xx/5xx) included
        raise BenchmarkError(f"signing in as {email} failed: {exc}") from exc


def _sign_in(base_url: str, email: str, password: str) -> tuple[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base_url}/accounts/sign-in/"
    with opener.open(login_url, timeout=30) as response:
        form = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if match is None:
        raise BenchmarkError(f"no CSRF token in the sign-in form at {login_url}")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": email, "password": password, "next": ""}
    ).encode()
    request = urllib.request.Request(login_url, data=data, headers={"Referer": login_url})
    with opener.open(request, timeout=30) as response:  # follows / → the role's home page
        landed = urllib.parse.urlparse(response.url).path
        if response.status != 200 or landed.startswith("/accounts/sign-in"):
            raise BenchmarkError(f"signing in as {email} failed: HTTP {response.status} at {landed}")
    session = next((cookie.value for cookie in jar if cookie.name == "sessionid"), None)
    if not session:
        raise BenchmarkError(f"signing in as {email} set no session cookie")
    return session, landed


def caller_headers(scenario: Scenario, sessions: dict[str, str], token: str) -> dict[str, str]:
    if scenario.caller == "anonymous":
        return {}
    if scenario.caller == "token":
        return {"Authorization": f"Bearer {token}"}
    return {"Cookie": f"sessionid={sessions[scenario.caller]}"}


def verify(base_url: str, scenario: Scenario, headers: dict[str, str], expect: str, timeout: float = 30) -> None:
    """The scenario must answer 200 with the expected content, or the load would measure
    a redirect or an error page. After a load it also waits out the requests still queued."""
    answer = fetch(base_url + scenario.path, headers, timeout)
    if answer.status != 200:
        where = answer.headers.get("Location", "")
        raise BenchmarkError(
            f"{scenario.name}: GET {scenario.path} answered {answer.status}"
            + (f" (redirect to {where})" if where else "")
            + f", not 200; refusing to benchmark it. Body starts: {answer.body[:200]!r}"
        )
    if expect.encode() not in answer.body:
        raise BenchmarkError(f"{scenario.name}: GET {scenario.path} answered 200 but without {expect!r}")


# --- In-process diagnostics: queries and time per request, without HTTP ------------------


def in_process_profile(
    scenarios: list[Scenario], sessions: dict[str, str], token: str, repeat: int, budget: float = 20.0
) -> dict[str, dict[str, float]]:
    """Each scenario through Django's test client in this process (same settings, middleware
    and database, no network, no gunicorn): queries per request and median milliseconds, over
    ``repeat`` requests or as many as fit in ``budget`` seconds (at least 10) for a slow page."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out: dict[str, dict[str, float]] = {}
    for scenario in scenarios:
        client = Client(HTTP_HOST="127.0.0.1")
        headers: dict[str, str] = {}
        if scenario.caller == "token":
            headers["Authorization"] = f"Bearer {token}"
        elif scenario.caller != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[scenario.caller]
        _body(client.get(scenario.path, headers=headers))  # warm: URL resolver, templates, connection
        with CaptureQueriesContext(connection) as queries:
            response = client.get(scenario.path, headers=headers)
            body = _body(response)  # a streamed export queries while it streams
        query_count = len(queries.captured_queries)  # now: the next request_started clears the log
        sql_seconds = sum(float(query["time"]) for query in queries.captured_queries)
        if response.status_code != 200:
            raise BenchmarkError(f"{scenario.name}: in-process GET answered {response.status_code}")
        if scenario.expect and scenario.expect.encode() not in body:
            raise BenchmarkError(f"{scenario.name}: in-process GET answered 200 but without {scenario.expect!r}")
        timings = []
        deadline = time.monotonic() + budget
        for _ in range(max(repeat, 1)):
            started = time.perf_counter()
            _body(client.get(scenario.path, headers=headers))
            timings.append(time.perf_counter() - started)
            if len(timings) >= 10 and time.monotonic() > deadline:
                break
        out[scenario.name] = {
            "queries": query_count,
            "ms": round(statistics.median(timings) * 1000, 3),
            "sql_ms": round(sql_seconds * 1000, 1),
            "response_bytes": len(body),
        }
        if len(timings) < repeat:
            print(f"  {scenario.name}: in-process median over {len(timings)} requests (time budget)", flush=True)
    connection.close()
    return out


def _body(response: Any) -> bytes:
    """The whole body of a test client's response, a streamed one (an export) read to the end."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def has_route(path: str) -> bool:
    """Whether this checkout's URL configuration answers ``path`` (query string ignored)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
    import django

    django.setup()
    from django.urls import Resolver404, resolve

    try:
        resolve(urllib.parse.urlparse(path).path)
    except Resolver404:
        return False
    return True


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def suggestion_profile(email: str, titles: list[str], rounds: int = 5) -> dict[str, Any]:
    """``ideas.similar.suggestions(viewer, title)`` timed in this process, as the similar-ideas
    panel calls it: the index built once (cold), then every title ``rounds`` times over the
    warm index. Also the two parts of one call: searching the index (embedding the typed title
    and scoring every indexed idea) and everything else (the index's catch-up query, the
    visibility query for the candidates)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from itpm import similarity
    from itpm.accounts.models import User
    from itpm.ideas import similar

    viewer = User.objects.get(email=email)
    similar.OPEN_IDEAS.reset()
    started = time.perf_counter()
    index = similar.OPEN_IDEAS.current()
    build_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    similar.suggestions(viewer, titles[0])  # the first search loads the model when signatures were stored
    first_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as queries:
        similar.suggestions(viewer, titles[0])
    calls: list[float] = []
    searches: list[float] = []
    answered = 0
    threshold = similarity.default_threshold(index.method) * 0.85
    for _ in range(rounds):
        for title in titles:
            started = time.perf_counter()
            found = similar.suggestions(viewer, title)
            calls.append(time.perf_counter() - started)
            started = time.perf_counter()
            index.search(title, limit=similar.CANDIDATES, min_score=threshold)
            searches.append(time.perf_counter() - started)
            answered += bool(found)
    connection.close()
    return {
        "method": index.method.value,
        "indexed_ideas": len(index),
        "titles": len(titles),
        "calls": len(calls),
        "titles_with_suggestions": answered // rounds,
        "queries_per_call": len(queries.captured_queries),
        "index_build_ms": round(build_ms, 1),
        "first_call_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(calls) * 1000, 2),
        "p95_ms": round(_percentile(calls, 0.95) * 1000, 2),
        "max_ms": round(max(calls) * 1000, 2),
        "index_search_median_ms": round(statistics.median(searches) * 1000, 2),
    }


# --- CPU accounting: how busy the machine was with work other than this benchmark ---------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _busy_ticks() -> int:
    """user + nice + system ticks over all CPUs since boot."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return int(fields[1]) + int(fields[2]) + int(fields[3])


def _process_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, user + system ticks) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _our_processes(server_pid: int, database: str) -> dict[int, int]:
    """Ticks used so far by the server's processes and the PostgreSQL backends of our database."""
    stats: dict[int, tuple[int, int]] = {}
    backends: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        stat = _process_stat(pid)
        if stat is None:
            continue
        stats[pid] = stat
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            backends.add(pid)
    ours = {server_pid} | backends
    changed = True
    while changed:  # the server's children, grandchildren, …
        children = {pid for pid, (parent, _) in stats.items() if parent in ours and pid not in ours}
        ours |= children
        changed = bool(children)
    return {pid: stats[pid][1] for pid in ours if pid in stats}


class CpuMeter:
    """CPU used during a run by everything except the server, its database backends and wrk:
    other people's tests, builds, editors. High values mean the numbers are depressed."""

    def __init__(self, server_pid: int | None, database: str) -> None:
        self.server_pid, self.database = server_pid, database

    def start(self) -> None:
        self.busy = _busy_ticks()
        self.ours = _our_processes(self.server_pid, self.database) if self.server_pid else {}
        self.children = _children_ticks()
        self.started = time.monotonic()

    def background_percent(self) -> float | None:
        if not self.server_pid:
            return None
        seconds = time.monotonic() - self.started
        busy = _busy_ticks() - self.busy
        now = _our_processes(self.server_pid, self.database)
        ours = sum(ticks - self.ours.get(pid, 0) for pid, ticks in now.items())
        ours += _children_ticks() - self.children  # wrk
        other = max(busy - ours, 0) / CLOCK_TICKS
        return round(100 * other / ((os.cpu_count() or 1) * seconds), 1)


def _children_ticks() -> int:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * CLOCK_TICKS)


# --- wrk ------------------------------------------------------------------------------


def run_wrk(
    url: str, headers: dict[str, str], *, threads: int, connections: int, duration: str, timeout: str | None = None
) -> dict[str, Any]:
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", duration, "-s", str(LUA_SCRIPT)]
    if timeout:  # how long wrk waits for an answer before counting a timeout (wrk's default: 2 s)
        command += ["--timeout", timeout]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchmarkError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    raise BenchmarkError(f"wrk printed no {RESULT_PREFIX.strip()} line:\n{done.stdout}")


@dataclass
class Run:
    """One wrk run of one scenario in one round."""

    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    seconds: float
    non_2xx_3xx: int
    socket_errors: int
    background_cpu_percent: float | None

    @classmethod
    def from_wrk(cls, raw: dict[str, Any], background: float | None) -> Run:
        seconds = raw["duration_us"] / 1e6
        latency = raw["latency_us"]
        errors = raw["errors"]
        return cls(
            requests_per_second=raw["requests"] / seconds,
            p50_ms=latency["p50"] / 1000,
            p90_ms=latency["p90"] / 1000,
            p99_ms=latency["p99"] / 1000,
            max_ms=latency["max"] / 1000,
            requests=raw["requests"],
            seconds=seconds,
            non_2xx_3xx=errors["status"],
            socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
            background_cpu_percent=background,
        )


def record(
    benchmark: str, scenario: Scenario, runs: list[Run], bare_runs: list[Run] | None, profile: dict[str, float] | None
) -> dict[str, Any]:
    """One scenario's record: rates and latencies are means over the rounds; the ratio to the
    bare view is taken round by round (same minute, same machine state), then averaged."""
    ratio = None
    if bare_runs:
        ratio = round(
            statistics.mean(
                run.requests_per_second / bare.requests_per_second for run, bare in zip(runs, bare_runs, strict=True)
            ),
            3,
        )
    backgrounds = [run.background_cpu_percent for run in runs if run.background_cpu_percent is not None]
    return {
        "benchmark": benchmark,
        "scenario": scenario.name,
        "path": scenario.path,
        "caller": scenario.caller,
        "about": scenario.about,
        "requests_per_second": round(statistics.mean(run.requests_per_second for run in runs), 1),
        "p50_ms": round(statistics.mean(run.p50_ms for run in runs), 2),
        "p90_ms": round(statistics.mean(run.p90_ms for run in runs), 2),
        "p99_ms": round(statistics.mean(run.p99_ms for run in runs), 2),
        "max_ms": round(max(run.max_ms for run in runs), 2),
        "ratio_to_bare": ratio,
        "rounds_requests_per_second": [round(run.requests_per_second, 1) for run in runs],
        "requests": sum(run.requests for run in runs),
        "seconds": round(sum(run.seconds for run in runs), 2),
        "non_2xx_3xx": sum(run.non_2xx_3xx for run in runs),
        "socket_errors": sum(run.socket_errors for run in runs),
        "queries_per_request": None if profile is None else profile["queries"],
        "in_process_ms": None if profile is None else profile["ms"],
        "sql_ms": None if profile is None else profile["sql_ms"],
        "response_bytes": None if profile is None else profile["response_bytes"],
        "background_cpu_percent": round(max(backgrounds), 1) if backgrounds else None,
    }


def unloaded_record(
    benchmark: str, scenario: Scenario, profile: dict[str, float], http: dict[str, Any]
) -> dict[str, Any]:
    """A scenario not loaded with wrk: the in-process numbers and one request over HTTP."""
    return {
        "benchmark": benchmark,
        "scenario": scenario.name,
        "path": scenario.path,
        "caller": scenario.caller,
        "about": scenario.about,
        "loaded": False,
        **dict.fromkeys(("requests_per_second", "p50_ms", "p90_ms", "p99_ms", "max_ms", "ratio_to_bare")),
        "rounds_requests_per_second": [],
        "requests": 0,
        "seconds": 0,
        "non_2xx_3xx": 0,
        "socket_errors": 0,
        "queries_per_request": profile["queries"],
        "in_process_ms": profile["ms"],
        "in_process_requests": SLOW_REQUESTS,
        "sql_ms": profile["sql_ms"],
        "response_bytes": profile["response_bytes"],
        "http_once": http,
        "background_cpu_percent": None,
    }


# --- Machine and run description ----------------------------------------------------------


def _output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    except OSError:
        return ""
    return (done.stdout or done.stderr).strip()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    connection.close()
    return str(row[0]) if row else ""


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def describe_run() -> dict[str, Any]:
    diff = _output(["git", "diff", "HEAD", "--", "src", "pyproject.toml"])
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": _output(["git", "rev-parse", "HEAD"]),
        # Whether src/ differed from that commit when measured, and a fingerprint of the difference.
        "git_dirty": bool(diff),
        "git_diff_sha256": hashlib.sha256(diff.encode()).hexdigest()[:16] if diff else None,
        "machine": {
            "cpu_count": os.cpu_count(),
            "cpu_model": _cpu_model(),
            "memory_gb": _memory_gb(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "postgres": _postgres_version(),
            "wrk": _output(["wrk", "-v"]).splitlines()[0] if _output(["wrk", "-v"]) else "",
            "django": _version("django"),
            "django_ninja": _version("django-ninja"),
            "gunicorn": _version("gunicorn"),
        },
    }


# --- Report ---------------------------------------------------------------------------


def print_table(records: list[dict[str, Any]], reference: str = "vs bare", sizes: bool = False) -> None:
    """The records as a table; ``reference`` heads the ratio column, ``sizes`` adds the page size."""
    width = max([18] + [len(row["path"]) for row in records])
    names = max([15] + [len(row["scenario"]) for row in records])
    header = (
        f"{'scenario':<{names}} {'path':<{width}} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {reference:>8} "
        f"{'queries':>7} {'in-proc ms':>10}" + (f" {'KB':>7}" if sizes else "") + f" {'other CPU':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in records:
        ratio = (
            ""
            if row["ratio_to_bare"] is None
            else f"{row['ratio_to_bare'] * 100:.{0 if row['ratio_to_bare'] >= 0.1 else 1}f}%"
        )
        queries = "" if row["queries_per_request"] is None else str(row["queries_per_request"])
        in_process = "" if row["in_process_ms"] is None else f"{row['in_process_ms']:.2f}"
        size = "" if row.get("response_bytes") is None else f"{row['response_bytes'] / 1000:,.0f}"
        other = "" if row["background_cpu_percent"] is None else f"{row['background_cpu_percent']:.0f}%"
        if row["requests_per_second"] is None:  # not loaded with wrk
            rate, p50, p99 = "not run", "", ""
        else:
            rate, p50, p99 = f"{row['requests_per_second']:,.0f}", f"{row['p50_ms']:.2f}", f"{row['p99_ms']:.2f}"
        print(
            f"{row['scenario']:<{names}} {row['path']:<{width}} {rate:>8} "
            f"{p50:>7} {p99:>7} {ratio:>8} {queries:>7} {in_process:>10}"
            + (f" {size:>7}" if sizes else "")
            + f" {other:>9}"
        )


def write_results(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=2) + "\n")
    os.replace(temporary, path)


def _is_zero(duration: str) -> bool:
    return duration.strip().rstrip("smh") in ("", "0")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True, help="the server, e.g. http://127.0.0.1:8123")
    parser.add_argument("--credentials", type=Path, required=True, help="JSON written by benchmarks.generate")
    parser.add_argument("--name", default="foundation", help="results go to benchmarks/results/NAME.json")
    parser.add_argument("--scenarios", default=",".join(SCENARIO_NAMES), help="comma-separated subset")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", default="4s", help="wrk duration per scenario and round")
    parser.add_argument("--rounds", type=int, default=3, help="times each scenario is loaded, interleaved")
    parser.add_argument("--warmup", default="2s", help="unrecorded wrk run before each scenario; 0 to skip")
    parser.add_argument("--wrk-timeout", default=None, help="wrk --timeout, e.g. 30s (default: wrk's own, 2 s)")
    parser.add_argument("--workers", type=int, required=True, help="gunicorn workers (recorded only)")
    parser.add_argument("--server-pid", type=int, help="gunicorn's pid, to tell its CPU use from other load")
    parser.add_argument("--repeat", type=int, default=200, help="in-process requests per scenario for in_process_ms")
    parser.add_argument("--repeat-seconds", type=float, default=20.0, help="time budget for those, per scenario")
    parser.add_argument("--results-dir", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)

    if urllib.parse.urlparse(args.base_url).hostname != "127.0.0.1":
        parser.error("benchmarks only load 127.0.0.1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    wanted = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(SCENARIO_NAMES))
    if unknown:
        parser.error(f"unknown scenarios {unknown}; choose from {SCENARIO_NAMES}")
    scenarios = [scenario for scenario in SCENARIOS if scenario.name in wanted]
    credentials = json.loads(args.credentials.read_text())
    skipped: list[dict[str, str]] = []
    for scenario in [s for s in scenarios if s.optional]:
        if not has_route(scenario.path):
            scenarios.remove(scenario)
            skipped.append({"scenario": scenario.name, "reason": f"this checkout has no route for {scenario.path}"})
            print(f"skipping {scenario.name}: this checkout has no route for {scenario.path}", flush=True)
    token: str = credentials["token"]
    accounts: dict[str, str] = credentials["accounts"]
    database = urllib.parse.urlparse(os.environ.get("ITPM_DATABASE_URL", "")).path.lstrip("/")
    meter = CpuMeter(args.server_pid, database)

    try:
        sessions: dict[str, str] = {}
        for handle in sorted({s.caller for s in scenarios} - {"anonymous", "token"}):
            sessions[handle], landed = sign_in(args.base_url, accounts[handle], credentials["password"])
            print(f"signed in as {accounts[handle]} through /accounts/sign-in/ (landed on {landed})", flush=True)
        expectations = {
            "anonymous": "ok",
            "token": f'"email": "{accounts["employee"]}"',
            **dict.fromkeys(sessions, "/accounts/profile/"),  # every signed-in page links it
        }
        values = {**credentials.get("ideas", {}), **credentials.get("roadmap", {})}
        scenarios = [scenario.resolve(values) for scenario in scenarios]
        loaded = [scenario for scenario in scenarios if scenario.loaded]
        for scenario in loaded:
            expected = scenario.expect or expectations[scenario.caller]
            verify(args.base_url, scenario, caller_headers(scenario, sessions, token), expected)
            print(f"checked {scenario.name}: GET {scenario.path} answers 200", flush=True)
        profile = in_process_profile(loaded, sessions, token, args.repeat, args.repeat_seconds)
        once: dict[str, dict[str, Any]] = {}
        for scenario in [s for s in scenarios if not s.loaded]:
            print(f"{scenario.name} is not loaded with wrk: timing {SLOW_REQUESTS} requests in-process…", flush=True)
            profile |= in_process_profile([scenario], sessions, token, SLOW_REQUESTS, 0.0)
            print(
                f"  in-process: {profile[scenario.name]['ms'] / 1000:.1f} s a request, "
                f"{profile[scenario.name]['response_bytes'] / 1e6:.1f} MB; now once over HTTP",
                flush=True,
            )
            once[scenario.name] = fetch_once(
                args.base_url + scenario.path, caller_headers(scenario, sessions, token), SLOW_HTTP_TIMEOUT
            )
            print(f"  over HTTP: {once[scenario.name]}", flush=True)
        suggestions = None
        if "ideas" in credentials and any(scenario.name == "similar" for scenario in scenarios):
            suggestions = suggestion_profile(accounts["employee"], credentials["ideas"]["titles"])
            print(
                f"similar-idea suggestions in-process over {suggestions['indexed_ideas']:,} ideas: median "
                f"{suggestions['median_ms']} ms, p95 {suggestions['p95_ms']} ms ({suggestions['calls']} calls)",
                flush=True,
            )
        description = describe_run()

        # Every scenario once per round, rounds one after the other: a slow minute on a shared
        # machine then hits every scenario alike instead of one.
        runs: dict[str, list[Run]] = {scenario.name: [] for scenario in loaded}
        for round_number in range(1, args.rounds + 1):
            for scenario in loaded:
                headers = caller_headers(scenario, sessions, token)
                url = args.base_url + scenario.path
                if round_number == 1 and not _is_zero(args.warmup):
                    run_wrk(
                        url,
                        headers,
                        threads=args.threads,
                        connections=args.connections,
                        duration=args.warmup,
                        timeout=args.wrk_timeout,
                    )
                    if args.wrk_timeout:  # pages of seconds: wait out what the warm-up left queued
                        verify(args.base_url, scenario, headers, "", timeout=SLOW_HTTP_TIMEOUT)
                print(
                    f"round {round_number}/{args.rounds}: loading {scenario.name} ({scenario.path}) "
                    f"for {args.duration}…",
                    flush=True,
                )
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
                if result.non_2xx_3xx:
                    raise BenchmarkError(
                        f"{scenario.name}: {result.non_2xx_3xx} of {result.requests} responses "
                        "were 4xx/5xx under load; the numbers would be meaningless"
                    )
                if result.socket_errors:
                    print(f"  warning: {result.socket_errors} socket errors (connect/read/write/timeout)", flush=True)
                # Still 200 after the load; for pages of seconds (a wrk timeout given), it waits
                # behind the requests wrk left queued, so the next load starts on idle workers.
                verify(
                    args.base_url,
                    scenario,
                    headers,
                    scenario.expect or expectations[scenario.caller],
                    timeout=SLOW_HTTP_TIMEOUT if args.wrk_timeout else 30,
                )
                runs[scenario.name].append(result)
    except BenchmarkError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr, flush=True)
        return 1

    bare_runs = runs.get("bare")
    records = [
        record(args.name, scenario, runs[scenario.name], bare_runs, profile.get(scenario.name))
        if scenario.loaded
        else unloaded_record(args.name, scenario, profile[scenario.name], once[scenario.name])
        for scenario in scenarios
    ]
    bare_rates = [run.requests_per_second for run in bare_runs or []]
    bare_spread = (
        round((max(bare_rates) - min(bare_rates)) / statistics.mean(bare_rates), 3) if len(bare_rates) > 1 else None
    )
    busiest = max((row["background_cpu_percent"] or 0 for row in records), default=0)
    quiet = (bare_spread is None or bare_spread <= QUIET_SPREAD) and busiest <= QUIET_BACKGROUND

    document = {
        "schema": SCHEMA_VERSION,
        "benchmark": args.name,
        **description,
        "load": {
            "tool": "wrk",
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
            "rounds": args.rounds,
            "warmup": args.warmup,
            "timeout": args.wrk_timeout or "2s (wrk's default)",
            "target": "127.0.0.1",
        },
        "server": {
            "command": f"itpm serve --host 127.0.0.1 --workers {args.workers} (gunicorn, sync workers)",
            "workers": args.workers,
            "database": "PostgreSQL on 127.0.0.1, CONN_MAX_AGE=600, health checks on",
            "api_rate_limit_per_minute": int(os.environ.get("ITPM_API_RATE_LIMIT", "6000")),
        },
        "data": credentials["data"],
        # How much the bare view's rate moved between rounds, and whether other work kept the
        # machine busy: numbers from a machine that was not quiet compare badly.
        "bare_spread": bare_spread,
        "machine_quiet": quiet,
        "scenarios": records,
    }
    if suggestions is not None:  # the ideas suite: similar-idea suggestions, timed in-process
        document["similarity_suggestions"] = suggestions
    if skipped:
        document["skipped"] = skipped
    output = args.results_dir / f"{args.name}.json"
    write_results(output, document)
    print()
    print_table(records)
    print()
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration} x {args.rounds} rounds, gunicorn "
        f"{args.workers} sync workers, {credentials['data']['people']} people, {os.cpu_count()} CPUs. "
        f"Results: {output}"
    )
    print(
        "req/s, p50, p99: means over the rounds. vs bare: req/s over the bare view's in the same round. "
        "other CPU: most of the machine used by anything but the server, its database backends and wrk."
    )
    if not quiet:
        moved = "" if bare_spread is None else f"the bare view moved {bare_spread * 100:.0f}% between rounds, "
        print(
            f"warning: the machine was not quiet ({moved}up to {busiest:.0f}% CPU used by other processes); "
            "compare with care."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
