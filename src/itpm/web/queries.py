"""What the home pages show, each in a bounded number of queries, and who may read each: the
portal everyone, the workspace product managers, the administration admins."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from itpm.accounts import queries as accounts_queries
from itpm.accounts.models import ApiKey, Department, Role, User
from itpm.audit import queries as audit_queries
from itpm.audit.models import AuditEntry
from itpm.errors import NotAllowed
from itpm.feedback import queries as feedback_queries
from itpm.ideas import queries as ideas_queries


@dataclass
class Overview:
    numbers: dict[str, int] = field(default_factory=dict)
    rows: list[object] = field(default_factory=list)
    chart: list[tuple[str, int]] = field(default_factory=list)
    recent: list[AuditEntry] = field(default_factory=list)
    surveys: list[object] = field(default_factory=list)


def portal_overview(*, viewer: User) -> Overview:
    colleagues = 0
    if viewer.department is not None:
        colleagues = accounts_queries.people_in_department(viewer.department).exclude(pk=viewer.pk).count()
    trending = list(ideas_queries.idea_list(viewer, ideas_queries.IdeaFilter(sort="trending"))[:5])
    surveys = list(feedback_queries.waiting_for(viewer)[:5])
    return Overview(numbers={"colleagues": colleagues}, rows=list(trending), surveys=list(surveys))


def _people_by_role() -> dict[str, int]:
    counts = User.objects.aggregate(
        people=Count("pk", filter=Q(is_active=True)),
        product_managers=Count("pk", filter=Q(is_active=True, role=Role.PRODUCT_MANAGER)),
        admins=Count("pk", filter=Q(is_active=True, role=Role.ADMIN)),
        deactivated=Count("pk", filter=Q(is_active=False)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def workspace_overview(*, viewer: User) -> Overview:
    if not viewer.is_product_manager:
        raise NotAllowed("The product workspace is for product managers.")
    numbers = _people_by_role()
    numbers["departments"] = Department.objects.count()
    numbers["ideas_to_triage"] = ideas_queries.triage_inbox(viewer).count()
    top_level = [row for row in accounts_queries.department_tree() if row.depth == 0]
    top_level.sort(key=lambda row: -row.total_people)
    return Overview(
        numbers=numbers,
        rows=list(top_level),
        chart=[(row.department.name, row.total_people) for row in top_level],
    )


def admin_overview(*, viewer: User) -> Overview:
    if not viewer.is_admin:
        raise NotAllowed("Administration is for admins.")
    numbers = _people_by_role()
    numbers["departments"] = Department.objects.count()
    numbers["active_keys"] = ApiKey.objects.filter(revoked_at__isnull=True).count()
    numbers["never_signed_in"] = User.objects.filter(is_active=True, last_login__isnull=True).count()
    recent = list(audit_queries.audit_entries(viewer=viewer)[:8])
    return Overview(numbers=numbers, recent=recent)
