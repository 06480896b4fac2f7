"""The `itpm` command for operators: demo, serve, worker, migrate, createadmin, check, import, portfolio."""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def _say(message: str) -> None:
    print(message, flush=True)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
    import django

    django.setup()


def _local_http_defaults(host: str, port: int) -> None:
    """The demo serves plain HTTP on this machine: no HTTPS redirect, cookies without Secure."""
    os.environ.setdefault("ITPM_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("ITPM_SECURE_COOKIES", "0")
    os.environ.setdefault("ITPM_HSTS_SECONDS", "0")
    os.environ.setdefault("ITPM_COLLECTSTATIC", "0")
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    os.environ.setdefault("ITPM_SITE_URL", f"http://{shown_host}:{port}")
    hosts = {"localhost", "127.0.0.1", "[::1]", host if ":" not in host else f"[{host}]"}
    if host in ("0.0.0.0", "::"):
        hosts.add("*")
    os.environ.setdefault("ITPM_ALLOWED_HOSTS", ",".join(sorted(hosts)))


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        _say(f"Applying {len(plan)} database migrations…")
        started = time.monotonic()
        for index, (migration, _backwards) in enumerate(plan, start=1):
            call_command("migrate", migration.app_label, migration.name, verbosity=verbosity, interactive=False)
            if index % 5 == 0 or index == len(plan):
                _say(f"  {index}/{len(plan)} migrations applied ({time.monotonic() - started:.1f}s)")
    else:
        _say("Database is up to date.")
    call_command("createcachetable", verbosity=0)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, not {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, not {port}")
    return port


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, not {number}")
    return number


def _gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "itpm.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--access-logfile",
        "-",
        "--access-logformat",
        '%(h)s "%(m)s %(U)s" %(s)s %(M)sms',
        "--graceful-timeout",
        "5",
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "django", "db_worker", "--queue-name", "*", "--interval", "1", "--no-reload"]


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = Path(os.environ.get("ITPM_DATA_DIR", "itpm-data")).resolve()
    os.environ["ITPM_DATA_DIR"] = str(data_dir)
    if not os.environ.get("ITPM_DATABASE_URL"):
        os.environ.pop("ITPM_DATABASE_URL", None)
    _local_http_defaults(args.host, args.port)
    _say(f"itpm demo — data in {data_dir}")
    _setup_django()
    _migrate()
    from itpm import demo

    if demo.is_loaded():
        _say("Demo data already loaded; reusing it.")
    else:
        _say("Loading demo data (first start only)…")
        demo.load_all(_say)
    url = os.environ["ITPM_SITE_URL"]
    _say("")
    _say(f"itpm is starting at {url}/")
    _say("Sign in with one of these demo accounts:")
    for role, email, password in demo.credentials():
        _say(f"  {role:<16} {email:<32} password: {password}")
    _say("Emails (invitations, password resets) are printed below by the background worker.")
    _say("Press Ctrl+C to stop.")
    _say("")
    if args.no_server:
        return 0
    from itpm.notifications.tasks import ensure_digest_scheduled

    ensure_digest_scheduled()
    env = dict(os.environ)
    processes = [
        subprocess.Popen(_worker_command(), env=env),
        subprocess.Popen(_gunicorn_command(args.host, args.port, args.workers), env=env),
    ]
    return _supervise(processes)


def _supervise(processes: list[subprocess.Popen[bytes]]) -> int:
    """Run until Ctrl+C or until one process ends, then stop the others."""
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while not stopping:
            for process in processes:
                result = process.poll()
                if result is not None:
                    _say(f"A process stopped (exit code {result}); stopping itpm.")
                    code = result or 1
                    stopping = True
            time.sleep(0.2)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    if args.migrate:
        _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    os.execv(sys.executable, _gunicorn_command(args.host, args.port, args.workers))
    return 0  # pragma: no cover - execv does not return


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from itpm.ideas.tasks import ensure_signatures_up_to_date
    from itpm.notifications.tasks import ensure_digest_scheduled

    ensure_digest_scheduled()  # the daily digest books its own next run from then on
    ensure_signatures_up_to_date()  # after an upgrade, or an interrupted run: re-embed stale ideas
    os.execv(sys.executable, _worker_command())
    return 0  # pragma: no cover


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup_django()
    _migrate(verbosity=1 if args.verbose else 0)
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from itpm.accounts.models import Role, User, normalise_email
    from itpm.audit import services as audit

    email = normalise_email(args.email)
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError:
        _say(f"error: {args.email!r} is not a valid email address.")
        return 2
    if User.objects.filter(email=email).exists():
        _say(f"error: someone with the email {email} already exists.")
        return 2
    password = os.environ.get("ITPM_ADMIN_PASSWORD") or ""
    if not password:
        if not sys.stdin.isatty():
            _say("error: set ITPM_ADMIN_PASSWORD, or run this in a terminal to type the password.")
            return 2
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            _say("error: the passwords differ.")
            return 2
    candidate = User(email=email, full_name=args.name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        _say("error: " + " ".join(exc.messages))
        return 2
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=args.name, role=Role.ADMIN)
        audit.record(
            actor=None, action="accounts.user.admin_created", target=user, after={"email": email, "role": Role.ADMIN}
        )
    _say(f"Admin {email} created.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="WARNING")
    except SystemCheckError as exc:
        _say(str(exc))
        return 1
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    _say(f"Database reachable ({connection.vendor}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Check (or with --apply, import) a CSV file of people or departments; print the report per line."""
    _setup_django()
    from itpm.accounts import imports
    from itpm.imports import cli

    actor = cli.actor(args.actor, may=imports.can_import, who="admin")
    if actor is None:
        return 2
    return cli.run(
        args.file,
        max_bytes=imports.MAX_BYTES,
        check=lambda content: imports.import_csv(
            actor=actor,
            kind=args.kind,
            content=content,
            apply=args.apply,
            valid_only=args.valid_rows_only,
            send_invitations=args.send_invitations,
            source_name=args.file.name,
            max_rows=None,  # no web server timeout to stay inside
        ),
    )


def cmd_portfolio_export(args: argparse.Namespace) -> int:
    """Write the whole portfolio (JSON) or one kind of record (CSV) to a file or to standard output."""
    _setup_django()
    from itpm.portfolio.transfer import export, kinds

    content = (
        export.portfolio_json(export.portfolio_document()) if args.kind == "portfolio" else export.kind_csv(args.kind)
    )
    if args.output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return 0
    try:
        args.output.write_bytes(content)
    except OSError as exc:
        _say(f"error: cannot write {args.output}: {exc.strerror or exc}")
        return 2
    _say(f"Exported {kinds.what(args.kind)} to {args.output} ({len(content)} bytes).")
    return 0


def cmd_portfolio_import(args: argparse.Namespace) -> int:
    """Check (or with --apply, import) a portfolio JSON or CSV file; print the report per item."""
    _setup_django()
    from itpm.imports import cli
    from itpm.portfolio.transfer import imports

    actor = cli.actor(args.actor, may=imports.can_import, who="product manager or admin")
    if actor is None:
        return 2
    return cli.run(
        args.file,
        max_bytes=imports.MAX_BYTES,
        check=lambda content: imports.import_file(
            actor=actor,
            kind=args.kind,
            content=content,
            apply=args.apply,
            valid_only=args.valid_only,
            source_name=args.file.name,
            max_changes=None,  # no web server timeout to stay inside
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itpm", description="itpm: run an internal IT department as a product business."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="Start a demo with believable data on SQLite (no setup needed).")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=_port, default=8000)
    demo.add_argument("--workers", type=_positive, default=2, help="web server processes (default 2)")
    demo.add_argument("--no-server", action="store_true", help="prepare the data, then exit")
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="Run the production web server (gunicorn).")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--workers", type=_positive, default=max(2, (os.cpu_count() or 1) * 2))
    serve.add_argument("--migrate", action="store_true", help="apply database migrations first")
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser("worker", help="Run the background-task worker (email, imports, rollups).")
    worker.set_defaults(handler=cmd_worker)

    migrate = commands.add_parser("migrate", help="Create or upgrade the database.")
    migrate.add_argument("--verbose", action="store_true")
    migrate.set_defaults(handler=cmd_migrate)

    createadmin = commands.add_parser(
        "createadmin", help="Create an admin (password from ITPM_ADMIN_PASSWORD or a prompt)."
    )
    createadmin.add_argument("--email", required=True)
    createadmin.add_argument("--name", required=True, help="full name")
    createadmin.set_defaults(handler=cmd_createadmin)

    check = commands.add_parser("check", help="Check the configuration and that the database answers.")
    check.add_argument("--deploy", action="store_true", help="also run Django's production checks")
    check.set_defaults(handler=cmd_check)

    import_ = commands.add_parser("import", help="Check or import people or departments from a CSV file.")
    import_.add_argument("kind", choices=["people", "departments"])
    import_.add_argument("file", type=Path, help="the CSV file (UTF-8, comma or semicolon separated)")
    import_.add_argument("--as", dest="actor", required=True, metavar="EMAIL", help="the admin the import is made by")
    import_.add_argument("--apply", action="store_true", help="write the rows (default: a dry run that writes nothing)")
    import_.add_argument(
        "--valid-rows-only", action="store_true", help="with --apply, import the valid rows and skip those with errors"
    )
    import_.add_argument(
        "--send-invitations",
        action="store_true",
        help="people only: email new people an invitation (sent by the worker)",
    )
    import_.set_defaults(handler=cmd_import)

    from itpm.portfolio.transfer.kinds import KINDS  # no Django: the parser is built before Django is set up

    kinds = list(KINDS)
    portfolio = commands.add_parser("portfolio", help="Export or import the service portfolio (JSON or CSV).")
    portfolio_commands = portfolio.add_subparsers(dest="portfolio_command", required=True, metavar="ACTION")
    export = portfolio_commands.add_parser(
        "export", help="Write the whole portfolio as JSON, or one kind of record as CSV."
    )
    export.add_argument(
        "kind", nargs="?", choices=kinds, default="portfolio", help="what to export (default: the whole portfolio)"
    )
    export.add_argument("--output", "-o", type=Path, help="the file to write (default: standard output)")
    export.set_defaults(handler=cmd_portfolio_export)
    portfolio_import = portfolio_commands.add_parser(
        "import", help="Check or import the whole portfolio (JSON) or one kind of record (CSV)."
    )
    portfolio_import.add_argument("kind", choices=kinds, help="what the file holds: portfolio (JSON) or a kind (CSV)")
    portfolio_import.add_argument("file", type=Path)
    portfolio_import.add_argument(
        "--as", dest="actor", required=True, metavar="EMAIL", help="the product manager or admin the import is made by"
    )
    portfolio_import.add_argument(
        "--apply", action="store_true", help="write the items (default: a dry run that writes nothing)"
    )
    portfolio_import.add_argument(
        "--valid-only", action="store_true", help="with --apply, import the valid items and skip those with errors"
    )
    portfolio_import.set_defaults(handler=cmd_portfolio_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from django.core.exceptions import ImproperlyConfigured

    try:
        return int(args.handler(args))
    except ImproperlyConfigured as exc:
        _say(f"error: configuration: {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
