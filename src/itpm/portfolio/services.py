"""Every write to the portfolio, with its permission check and audit row.

Who may do what:
- employees report shadow IT and ask for service options (their own records only);
- product managers create markets, competitors, segments, personas, services, options and
  stories, and change those they own or created (a market's owner also keeps its competitors
  and segments, a service's owner its options);
- admins change everything, and alone may delete for good (refused while anything refers to
  the record). Everyone else archives: archived records leave lists but are never lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Department, User
from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError, NotAllowed
from itpm.notifications import services as notifications

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

Record = TypeVar("Record", bound=PortfolioRecord)

# --- Permission predicates ----------------------------------------------------------------


def can_manage_portfolio(actor: User) -> bool:
    return actor.is_product_manager


def can_edit(actor: User, record: models.Model) -> bool:
    """Admins edit all; product managers edit what they own or created; a market's owner or
    creator also edits its competitors and segments, a service's its options."""
    if not actor.is_active:
        return False
    if actor.is_admin:
        return True
    if isinstance(record, ShadowTool):
        return actor.is_product_manager or record.created_by_id == actor.pk
    if not actor.is_product_manager:
        return False
    if getattr(record, "created_by_id", None) == actor.pk or getattr(record, "owner_id", None) == actor.pk:
        return True
    if isinstance(record, (Competitor, Segment)):
        return can_edit(actor, record.market)
    if isinstance(record, ServiceOption):
        return can_edit(actor, record.service)
    return False


def can_delete(actor: User, record: models.Model) -> bool:
    return actor.is_admin


def can_answer(actor: User, request: OptionRequest) -> bool:
    return actor.is_admin or (actor.is_active and request.option.service.owner_id == actor.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _require_manager(actor: User) -> None:
    _require(can_manage_portfolio(actor), "Only product managers and admins change the portfolio.")


def _require_edit(actor: User, record: models.Model) -> None:
    _require(can_edit(actor, record), f"You can change only what you own or created; ask the owner of “{record}”.")


# --- Saving with validation, audit and clear errors -----------------------------------------

UNIQUE_NAME_MESSAGES = {
    "market_name_unique_ci": "There is already a market with this name.",
    "competitor_name_unique_in_market": "This market already lists a competitor with this name.",
    "segment_name_unique_in_market": "This market already has a segment with this name.",
    "persona_name_unique_ci": "There is already a persona with this name.",
    "service_name_unique_ci": "There is already a service with this name.",
    "option_name_unique_in_service": "This service already has an option with this name.",
}


def _tidy(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _validate(instance: models.Model, name_field: str = "name") -> None:
    """Model validation (lengths, choices, URLs, ranges, unique names) as one DomainError."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=True)
    except ValidationError as exc:
        for field_name, errors in exc.message_dict.items():
            message = " ".join(errors)
            if field_name == "__all__":
                is_name_clash = message in UNIQUE_NAME_MESSAGES.values()
                raise DomainError(message, field=name_field if is_name_clash else None) from None
            raise DomainError(f"{_label(instance, field_name)}: {message}", field=field_name) from None


def _label(instance: models.Model, field_name: str | None) -> str:
    if field_name is None:
        return ""
    try:
        return str(getattr(instance._meta.get_field(field_name), "verbose_name", field_name)).capitalize()
    except FieldDoesNotExist:  # a non-model key
        return field_name


def _fields_of(instance: models.Model) -> list[str]:
    skip = {"id", "created_at", "updated_at", "created_by"}
    return [f.name for f in instance._meta.concrete_fields if f.name not in skip]


def _save(
    *,
    actor: User,
    instance: Record,
    values: dict[str, Any],
    many: Mapping[str, Iterable[Any]] | None = None,
    action: str,
) -> Record:
    creating = instance.pk is None
    before = {} if creating else audit.snapshot(instance, _fields_of(instance))
    for name, value in values.items():
        setattr(instance, name, _tidy(value))
    if creating:
        instance.created_by = actor
    _validate(instance)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a concurrent request took the name first
        message = next((m for c, m in UNIQUE_NAME_MESSAGES.items() if c in str(exc)), "That clashes with a record.")
        raise DomainError(message, field="name") from None
    after = audit.snapshot(instance, _fields_of(instance))
    for name, related in (many or {}).items():
        chosen = list(related)
        getattr(instance, name).set(chosen)
        after[name] = sorted(obj.pk for obj in chosen)
    audit.record(actor=actor, action=action, target=instance, before=before, after=after)
    return instance


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


# --- Markets and competitors ---------------------------------------------------------------


@transaction.atomic
def create_market(*, actor: User, name: str, owner: User | None = None, **details: str) -> Market:
    _require_manager(actor)
    _check_owner(owner)
    return _save(
        actor=actor,
        instance=Market(),
        values={"name": name, "owner": owner or actor, **details},
        action="portfolio.market.created",
    )


@transaction.atomic
def update_market(*, actor: User, market: Market, **values: Any) -> Market:
    _require_edit(actor, market)
    if "owner" in values:
        _check_owner(values["owner"])
    return _save(actor=actor, instance=market, values=values, action="portfolio.market.updated")


@transaction.atomic
def add_competitor(
    *, actor: User, market: Market, name: str, kind: str = Competitor.Kind.PROVIDER, notes: str = "", website: str = ""
) -> Competitor:
    _require_edit(actor, market)
    return _save(
        actor=actor,
        instance=Competitor(market=market),
        values={"name": name, "kind": kind, "notes": notes, "website": website},
        action="portfolio.competitor.created",
    )


@transaction.atomic
def update_competitor(*, actor: User, competitor: Competitor, **values: Any) -> Competitor:
    _require_edit(actor, competitor)
    return _save(actor=actor, instance=competitor, values=values, action="portfolio.competitor.updated")


# --- Segments and personas -------------------------------------------------------------------


@transaction.atomic
def create_segment(
    *, actor: User, market: Market, name: str, departments: Iterable[Department] = (), **details: Any
) -> Segment:
    _require_edit(actor, market)
    if market.archived_at is not None:
        raise DomainError("This market is archived; restore it first.", field="market")
    return _save(
        actor=actor,
        instance=Segment(market=market),
        values={"name": name, **details},
        many={"departments": departments},
        action="portfolio.segment.created",
    )


@transaction.atomic
def update_segment(
    *, actor: User, segment: Segment, departments: Iterable[Department] | None = None, **values: Any
) -> Segment:
    _require_edit(actor, segment)
    many = {"departments": departments} if departments is not None else None
    return _save(actor=actor, instance=segment, values=values, many=many, action="portfolio.segment.updated")


@transaction.atomic
def create_persona(
    *, actor: User, name: str, segments: Iterable[Segment] = (), departments: Iterable[Department] = (), **details: Any
) -> Persona:
    _require_manager(actor)
    return _save(
        actor=actor,
        instance=Persona(),
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
    _require_edit(actor, persona)
    many: dict[str, Iterable[Any]] = {}
    if segments is not None:
        many["segments"] = _same_market(segments, None)
    if departments is not None:
        many["departments"] = departments
    return _save(actor=actor, instance=persona, values=values, many=many, action="portfolio.persona.updated")


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
    _require_manager(actor)
    _check_owner(owner)
    return _save(
        actor=actor,
        instance=Service(),
        values={"name": name, "market": market, "owner": owner or actor, **details},
        many={"segments": _same_market(segments, market)},
        action="portfolio.service.created",
    )


@transaction.atomic
def update_service(
    *, actor: User, service: Service, segments: Iterable[Segment] | None = None, **values: Any
) -> Service:
    _require_edit(actor, service)
    if "owner" in values:
        _check_owner(values["owner"])
    many = {"segments": _same_market(segments, values.get("market", service.market))} if segments is not None else None
    return _save(actor=actor, instance=service, values=values, many=many, action="portfolio.service.updated")


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
    _require_edit(actor, service)
    chosen = _same_market(segments, service.market)
    if is_standard and chosen:
        raise DomainError("A standard option is for everyone; leave the segments empty.", field="segments")
    if not is_standard and not chosen:
        raise DomainError("Choose the segments this option is for, or mark it standard.", field="segments")
    return _save(
        actor=actor,
        instance=ServiceOption(service=service),
        values={"name": name, "description": description, "is_standard": is_standard, "annual_cost": annual_cost},
        many={"segments": chosen},
        action="portfolio.option.created",
    )


@transaction.atomic
def update_option(
    *, actor: User, option: ServiceOption, segments: Iterable[Segment] | None = None, **values: Any
) -> ServiceOption:
    _require_edit(actor, option)
    chosen = _same_market(segments, option.service.market) if segments is not None else list(option.segments.all())
    is_standard = values.get("is_standard", option.is_standard)
    if is_standard and chosen:
        raise DomainError("A standard option is for everyone; leave the segments empty.", field="segments")
    if not is_standard and not chosen:
        raise DomainError("Choose the segments this option is for, or mark it standard.", field="segments")
    return _save(
        actor=actor, instance=option, values=values, many={"segments": chosen}, action="portfolio.option.updated"
    )


# --- Use-case stories ------------------------------------------------------------------------


@transaction.atomic
def create_story(
    *, actor: User, title: str, persona: Persona, departments: Iterable[Department] = (), **details: Any
) -> UseCaseStory:
    _require_manager(actor)
    if persona.archived_at is not None:
        raise DomainError("This persona is archived.", field="persona")
    return _save(
        actor=actor,
        instance=UseCaseStory(),
        values={"title": title, "persona": persona, **details},
        many={"departments": departments},
        action="portfolio.story.created",
    )


@transaction.atomic
def update_story(
    *, actor: User, story: UseCaseStory, departments: Iterable[Department] | None = None, **values: Any
) -> UseCaseStory:
    _require_edit(actor, story)
    many = {"departments": departments} if departments is not None else None
    return _save(actor=actor, instance=story, values=values, many=many, action="portfolio.story.updated")


# --- Shadow IT -------------------------------------------------------------------------------------


@transaction.atomic
def report_shadow_tool(
    *, actor: User, name: str, purpose: str, department: Department | None = None, **details: Any
) -> ShadowTool:
    """Anyone may report a tool their department uses outside IT's portfolio."""
    _require(actor.is_active, "Deactivated people cannot report tools.")
    if not purpose.strip():
        raise DomainError("Say what the tool is used for.", field="purpose")
    market = details.get("market")
    if market is not None and not actor.is_product_manager:
        details.pop("market")  # placing it in a market is a product manager's call
    return _save(
        actor=actor,
        instance=ShadowTool(),
        values={"name": name, "purpose": purpose, "department": department or actor.department, **details},
        action="portfolio.shadow_tool.reported",
    )


@transaction.atomic
def update_shadow_tool(*, actor: User, tool: ShadowTool, **values: Any) -> ShadowTool:
    _require_edit(actor, tool)
    if "market" in values and not actor.is_product_manager:
        values.pop("market")
    return _save(actor=actor, instance=tool, values=values, action="portfolio.shadow_tool.updated")


# --- Archive, restore, delete -------------------------------------------------------------------


@transaction.atomic
def archive(*, actor: User, record: Record) -> Record:
    _require_edit(actor, record)
    if record.archived_at is None:
        record.archived_at = timezone.now()
        record.save(update_fields=["archived_at", "updated_at"])
        audit.record(
            actor=actor, action=f"portfolio.{record._meta.model_name}.archived", target=record, after={"archived": True}
        )
    return record


@transaction.atomic
def restore(*, actor: User, record: Record) -> Record:
    _require_edit(actor, record)
    if record.archived_at is not None:
        record.archived_at = None
        record.save(update_fields=["archived_at", "updated_at"])
        audit.record(
            actor=actor,
            action=f"portfolio.{record._meta.model_name}.restored",
            target=record,
            after={"archived": False},
        )
    return record


@transaction.atomic
def delete(*, actor: User, record: PortfolioRecord) -> None:
    """Admins only, and only when nothing refers to the record any more."""
    _require(can_delete(actor, record), "Only admins delete for good; archive it instead.")
    references = _references(record)
    if references:
        raise Conflict(f"“{record}” is still referred to by {references}; archive it instead.")
    before = audit.snapshot(record, _fields_of(record))
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
            recipients=[owner], kind="portfolio.option_request.created",
            title=f"{actor} asks for “{option}” ({option.service})", body=body.strip(),
            url=reverse("portfolio:requests"),
        )
    return request


@transaction.atomic
def answer_option_request(*, actor: User, request: OptionRequest, status: str, answer: str) -> OptionRequest:
    _require(can_answer(actor, request), "Only the service's owner or an admin answers this request.")
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
        recipients=[request.requested_by], kind="portfolio.option_request.answered",
        title=f"Your request for “{request.option}”: {request.get_status_display().lower()}",
        body=f"{actor} answered: {request.answer}", url=reverse("portfolio:catalog"),
    )
    return request
