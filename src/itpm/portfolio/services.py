"""Every write to the portfolio, with its permission check and audit row.

Who may do what:
- employees report shadow IT and ask for service options (their own records only);
- product managers create markets, competitors, segments, personas, services, options and
  stories, and change those they own or created (a market's owner also keeps its competitors
  and segments, a service's owner its options);
- admins change everything, and alone may delete for good (refused while anything refers to
  the record). Everyone else archives: archived records leave lists but are never lost.

Records are saved, archived and restored the one way kept records are
(:mod:`itpm.records.services`): validated by their model, with an audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Department, User
from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError, NotAllowed
from itpm.notifications import services as notifications
from itpm.records import services as records

from . import queries
from .models import (
    Competitor,
    Market,
    OptionRequest,
    Persona,
    PortfolioRecord,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

# --- Permission predicates ----------------------------------------------------------------


def can_manage_portfolio(actor: User) -> bool:
    return actor.is_product_manager


def require_portfolio_manager(actor: User) -> None:
    """Creating markets, personas, services and stories (and the pages that do) is for product
    managers and admins."""
    if not can_manage_portfolio(actor):
        raise NotAllowed("Only product managers and admins change the portfolio.")


def _may_edit(actor: User, record: models.Model) -> bool:
    """Product managers edit what they own or created; a market's owner or creator also edits
    its competitors and segments, a service's its options; whoever reported a shadow tool
    edits it."""
    if isinstance(record, ShadowTool):
        return actor.is_product_manager or record.created_by_id == actor.pk
    if not actor.is_product_manager:
        return False
    if records.owns_or_created(actor, record):
        return True
    if isinstance(record, (Competitor, Segment)):
        return _may_edit(actor, record.market)
    if isinstance(record, ServiceOption):
        return _may_edit(actor, record.service)
    return False


_keeper = records.Keeper(
    may_edit=_may_edit, refusal="You can change only what you own or created; ask the owner of “{record}”."
)
can_edit = _keeper.can_edit
require_edit = _keeper.require_edit
archive = _keeper.archive
restore = _keeper.restore


def _decided_by(record: models.Model) -> list[models.Model]:
    """The record and those whose owner or creator also changes it (:func:`_may_edit`): a
    competitor's or segment's market, an option's service."""
    if isinstance(record, (Competitor, Segment)):
        return [record, *_decided_by(record.market)]
    if isinstance(record, ServiceOption):
        return [record, *_decided_by(record.service)]
    return [record]


def why_not_editable(actor: User, record: models.Model) -> str | None:
    """Why the actor may not change the record, said on its page where the buttons would be,
    or None when they may (the rule of :func:`can_edit`). Names who may: the owners and
    creators the rule accepts, and admins."""
    if can_edit(actor, record):
        return None
    if not actor.is_active:
        return "Deactivated people change nothing."
    if isinstance(record, ShadowTool):
        return "Only whoever reported this tool, product managers and admins change it."
    if not actor.is_product_manager:
        return "Only product managers and admins change the portfolio."
    names: list[str] = []
    for kept in _decided_by(record):
        for person in (getattr(kept, "owner", None), getattr(kept, "created_by", None)):
            if person is not None and person.full_name not in names:
                names.append(person.full_name)
    who = f"{', '.join(names)} or an admin" if names else "an admin"
    return f"You can change only what you own or created: {who} can change “{record}”."


def can_delete(actor: User, record: models.Model) -> bool:
    return actor.is_admin


def why_not_deletable(actor: User, record: models.Model) -> str | None:
    """Why the actor may not delete the record for good now, or None when they may: only
    admins delete, and only what nothing refers to any more (:func:`delete` refuses the same)."""
    if not can_delete(actor, record):
        return "Only admins delete for good; archive it instead."
    # Counted afresh: a page's record may hold only its live relations, prefetched.
    references = _references(type(record)._base_manager.get(pk=record.pk))
    if references:
        return f"Still referred to by {references}, so it cannot be deleted; archive it instead."
    return None


def can_answer(actor: User, request: OptionRequest) -> bool:
    return actor.is_admin or (actor.is_active and request.option.service.owner_id == actor.pk)


def can_place_in_market(actor: User) -> bool:
    """Placing a shadow-IT report in a market is a product manager's call; others' choice is ignored."""
    return actor.is_product_manager


def require_answer(actor: User, request: OptionRequest) -> None:
    if not can_answer(actor, request):
        raise NotAllowed("Only the service's owner or an admin answers this request.")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _check_owner(owner: User | None) -> None:
    if owner is not None and not owner.is_product_manager:
        raise DomainError(f"{owner} is not a product manager; owners must be.", field="owner")


def _same_market(segments: Iterable[Segment], market: Market | None, field: str = "segments") -> list[Segment]:
    """The chosen segments, all live and, when a market is given, all of that market: a
    service (and its options) serves customers of its own market."""
    chosen = list(segments)
    for segment in chosen:
        if segment.archived_at is not None:
            raise DomainError(f"Segment “{segment}” is archived.", field=field)
        if market is not None and segment.market_id != market.pk:
            raise DomainError(f"Segment “{segment}” belongs to another market than “{market}”.", field=field)
    return chosen


def _offered_to(segments: list[Segment], *, is_standard: bool) -> list[Segment]:
    """An option is either standard (for everyone) or for the segments chosen, never both."""
    if is_standard and segments:
        raise DomainError("A standard option is for everyone; leave the segments empty.", field="segments")
    if not is_standard and not segments:
        raise DomainError("Choose the segments this option is for, or mark it standard.", field="segments")
    return segments


# --- Markets and competitors ---------------------------------------------------------------


@transaction.atomic
def create_market(*, actor: User, name: str, owner: User | None = None, **details: str) -> Market:
    require_portfolio_manager(actor)
    _check_owner(owner)
    return records.save(
        actor=actor,
        record=Market(),
        values={"name": name, "owner": owner or actor, **details},
        action="portfolio.market.created",
    )


@transaction.atomic
def update_market(*, actor: User, market: Market, **values: Any) -> Market:
    require_edit(actor, market)
    if "owner" in values:
        _check_owner(values["owner"])
    return records.save(actor=actor, record=market, values=values, action="portfolio.market.updated")


@transaction.atomic
def add_competitor(
    *, actor: User, market: Market, name: str, kind: str = Competitor.Kind.PROVIDER, notes: str = "", website: str = ""
) -> Competitor:
    require_edit(actor, market)
    return records.save(
        actor=actor,
        record=Competitor(market=market),
        values={"name": name, "kind": kind, "notes": notes, "website": website},
        action="portfolio.competitor.created",
    )


@transaction.atomic
def update_competitor(*, actor: User, competitor: Competitor, **values: Any) -> Competitor:
    require_edit(actor, competitor)
    return records.save(actor=actor, record=competitor, values=values, action="portfolio.competitor.updated")


# --- Segments and personas -------------------------------------------------------------------


@transaction.atomic
def create_segment(
    *, actor: User, market: Market, name: str, departments: Iterable[Department] = (), **details: Any
) -> Segment:
    require_edit(actor, market)
    if market.archived_at is not None:
        raise DomainError("This market is archived; restore it first.", field="market")
    return records.save(
        actor=actor,
        record=Segment(market=market),
        values={"name": name, **details},
        many={"departments": departments},
        action="portfolio.segment.created",
    )


@transaction.atomic
def update_segment(
    *, actor: User, segment: Segment, departments: Iterable[Department] | None = None, **values: Any
) -> Segment:
    require_edit(actor, segment)
    return records.save(
        actor=actor,
        record=segment,
        values=values,
        many={"departments": departments},
        action="portfolio.segment.updated",
    )


@transaction.atomic
def create_persona(
    *, actor: User, name: str, segments: Iterable[Segment] = (), departments: Iterable[Department] = (), **details: Any
) -> Persona:
    require_portfolio_manager(actor)
    return records.save(
        actor=actor,
        record=Persona(),
        values={"name": name, **details},
        many={"segments": _same_market(segments, None), "departments": departments},
        action="portfolio.persona.created",
    )


@transaction.atomic
def update_persona(
    *,
    actor: User,
    persona: Persona,
    segments: Iterable[Segment] | None = None,
    departments: Iterable[Department] | None = None,
    **values: Any,
) -> Persona:
    require_edit(actor, persona)
    chosen = _same_market(segments, None) if segments is not None else None
    return records.save(
        actor=actor,
        record=persona,
        values=values,
        many={"segments": chosen, "departments": departments},
        action="portfolio.persona.updated",
    )


# --- Services and options ----------------------------------------------------------------------


@transaction.atomic
def create_service(
    *,
    actor: User,
    name: str,
    market: Market | None,
    owner: User | None = None,
    segments: Iterable[Segment] = (),
    **details: Any,
) -> Service:
    require_portfolio_manager(actor)
    _check_owner(owner)
    return records.save(
        actor=actor,
        record=Service(),
        values={"name": name, "market": market, "owner": owner or actor, **details},
        many={"segments": _same_market(segments, market)},
        action="portfolio.service.created",
    )


@transaction.atomic
def update_service(
    *, actor: User, service: Service, segments: Iterable[Segment] | None = None, **values: Any
) -> Service:
    require_edit(actor, service)
    if "owner" in values:
        _check_owner(values["owner"])
    chosen = _same_market(segments, values.get("market", service.market)) if segments is not None else None
    return records.save(
        actor=actor, record=service, values=values, many={"segments": chosen}, action="portfolio.service.updated"
    )


@transaction.atomic
def add_option(
    *,
    actor: User,
    service: Service,
    name: str,
    description: str = "",
    is_standard: bool = False,
    segments: Iterable[Segment] = (),
    annual_cost: Decimal | None = None,
) -> ServiceOption:
    require_edit(actor, service)
    chosen = _offered_to(_same_market(segments, service.market), is_standard=is_standard)
    return records.save(
        actor=actor,
        record=ServiceOption(service=service),
        values={"name": name, "description": description, "is_standard": is_standard, "annual_cost": annual_cost},
        many={"segments": chosen},
        action="portfolio.option.created",
    )


@transaction.atomic
def update_option(
    *, actor: User, option: ServiceOption, segments: Iterable[Segment] | None = None, **values: Any
) -> ServiceOption:
    require_edit(actor, option)
    chosen = _same_market(segments, option.service.market) if segments is not None else list(option.segments.all())
    _offered_to(chosen, is_standard=values.get("is_standard", option.is_standard))
    return records.save(
        actor=actor, record=option, values=values, many={"segments": chosen}, action="portfolio.option.updated"
    )


# --- Use-case stories ------------------------------------------------------------------------


@transaction.atomic
def create_story(
    *, actor: User, title: str, persona: Persona, departments: Iterable[Department] = (), **details: Any
) -> UseCaseStory:
    require_portfolio_manager(actor)
    if persona.archived_at is not None:
        raise DomainError("This persona is archived.", field="persona")
    return records.save(
        actor=actor,
        record=UseCaseStory(),
        values={"title": title, "persona": persona, **details},
        many={"departments": departments},
        action="portfolio.story.created",
    )


@transaction.atomic
def update_story(
    *, actor: User, story: UseCaseStory, departments: Iterable[Department] | None = None, **values: Any
) -> UseCaseStory:
    require_edit(actor, story)
    return records.save(
        actor=actor, record=story, values=values, many={"departments": departments}, action="portfolio.story.updated"
    )


# --- Shadow IT -------------------------------------------------------------------------------------


@transaction.atomic
def report_shadow_tool(
    *, actor: User, name: str, purpose: str, department: Department | None = None, **details: Any
) -> ShadowTool:
    """Anyone may report a tool their department uses outside IT's portfolio."""
    _require(actor.is_active, "Deactivated people cannot report tools.")
    if not purpose.strip():
        raise DomainError("Say what the tool is used for.", field="purpose")
    if details.get("market") is not None and not can_place_in_market(actor):
        details.pop("market")
    return records.save(
        actor=actor,
        record=ShadowTool(),
        values={"name": name, "purpose": purpose, "department": department or actor.department, **details},
        action="portfolio.shadow_tool.reported",
    )


@transaction.atomic
def update_shadow_tool(*, actor: User, tool: ShadowTool, **values: Any) -> ShadowTool:
    require_edit(actor, tool)
    if "market" in values and not can_place_in_market(actor):
        values.pop("market")
    return records.save(actor=actor, record=tool, values=values, action="portfolio.shadow_tool.updated")


# --- Deleting for good ---------------------------------------------------------------------------


@transaction.atomic
def delete(*, actor: User, record: PortfolioRecord) -> None:
    """Admins only, and only when nothing refers to the record any more."""
    _require(can_delete(actor, record), "Only admins delete for good; archive it instead.")
    references = _references(record)
    if references:
        raise Conflict(f"“{record}” is still referred to by {references}; archive it instead.")
    before = records.snapshot(record)
    audit.record(actor=actor, action=f"portfolio.{record._meta.model_name}.deleted", target=record, before=before)
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError:
        raise Conflict(f"“{record}” is still referred to; archive it instead.") from None


def _references(record: models.Model) -> str:
    """What still points at a record, e.g. "3 services and 2 segments" (empty when nothing)."""
    parts = []
    for relation in record._meta.related_objects:
        if relation.many_to_many or relation.one_to_many:
            accessor = relation.get_accessor_name()
            if accessor is None:
                continue
            count = getattr(record, accessor).count()
            if count:
                meta = getattr(relation.related_model, "_meta", None)
                name = (meta.verbose_name if count == 1 else meta.verbose_name_plural) if meta else accessor
                parts.append(f"{count} {name}")
    return " and ".join(parts)


# --- Option requests -----------------------------------------------------------------------------


@transaction.atomic
def request_option(*, actor: User, option: ServiceOption, reason: str = "") -> OptionRequest:
    """An employee asks for an option their segment lacks; it reaches the service's owner."""
    _require(actor.is_active, "Deactivated people cannot make requests.")
    if option.archived_at is not None or option.service.archived_at is not None:
        raise DomainError("This option is no longer offered.")
    mine = set(queries.segments_of(actor).values_list("pk", flat=True))
    if option.is_standard or set(option.segments.values_list("pk", flat=True)) & mine:
        raise DomainError("This option is already open to you; ask for it through the service's request link.")
    if OptionRequest.objects.filter(option=option, requested_by=actor, status=OptionRequest.Status.OPEN).exists():
        raise DomainError("You have already asked for this option; the owner will answer.")
    try:
        with transaction.atomic():
            request = OptionRequest.objects.create(option=option, requested_by=actor, reason=reason.strip())
    except IntegrityError:
        raise DomainError("You have already asked for this option; the owner will answer.") from None
    audit.record(
        actor=actor,
        action="portfolio.option_request.created",
        target=request,
        after={"option": option.pk, "reason": request.reason},
    )
    owner = option.service.owner
    if owner is not None:
        body = render_to_string("portfolio/email/option_request.txt", {"request": request})
        notifications.notify(
            recipients=[owner],
            kind="portfolio.option_request.created",
            title=f"{actor} asks for “{option}” ({option.service})",
            body=body.strip(),
            url=reverse("portfolio:requests"),
        )
    return request


@transaction.atomic
def answer_option_request(*, actor: User, request: OptionRequest, status: str, answer: str) -> OptionRequest:
    require_answer(actor, request)
    if status not in (OptionRequest.Status.GRANTED, OptionRequest.Status.DECLINED):
        raise DomainError("Answer with “granted” or “declined”.", field="status")
    if not answer.strip():
        raise DomainError("Tell them why, in a sentence or two.", field="answer")
    if request.status != OptionRequest.Status.OPEN:
        raise DomainError("This request has already been answered.")
    request.status, request.answer = status, answer.strip()
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save()
    audit.record(
        actor=actor,
        action="portfolio.option_request.answered",
        target=request,
        before={"status": "open"},
        after={"status": status, "answer": request.answer},
    )
    notifications.notify(
        recipients=[request.requested_by],
        kind="portfolio.option_request.answered",
        title=f"Your request for “{request.option}”: {request.get_status_display().lower()}",
        body=f"{actor} answered: {request.answer}",
        url=reverse("portfolio:catalog"),
    )
    return request
