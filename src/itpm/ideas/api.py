"""The ideas portal over the API: browse and search ideas, submit and edit them, vote, comment,
follow, triage (statuses, history, internal notes, assignment, visibility, merges), the
statuses themselves, similar-idea suggestions and the CSV export. Same services and queries
as the pages.

Who reads what:
- a person reads the ideas they may see (:func:`itpm.ideas.queries.visible_ideas`): public
  ones, their own private ones, and every idea for product managers;
- application keys with the ``read`` scope act for no person: they read public ideas only,
  as a person who sees no private idea would (never a vote of theirs, never a private idea);
- an idea the caller may not see answers exactly as one that does not exist (404);
- who voted is for product managers; everyone else gets the votes counted by department;
- internal notes and the export are for product managers; every write needs a person with the
  ``write`` scope, and the services decide who may change what.
"""

import datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from itpm.accounts.models import Scope, User
from itpm.api_access import ERRORS, BoundedPagination, acting_person, reader
from itpm.api_input import Choice, Id, NotBoolean, Payload, Reference, ServiceArguments, Text
from itpm.errors import Invalid, NotFound
from itpm.portfolio.models import Service

from . import export, queries, services, similar
from .models import Comment, Idea, InternalNote, Stage, StatusChange
from .models import Status as IdeaStatus

router = Router(tags=["ideas"])

Title = Annotated[Text, Field(min_length=1, max_length=services.TITLE_MAX)]
Prose = Annotated[Text, Field(max_length=services.TEXT_MAX)]
SortParam = Literal["trending", "top", "newest"]


# --- Shapes -------------------------------------------------------------------------------------


class StatusRef(Schema):
    id: int
    name: str
    stage: str


class IdeaOut(Schema):
    id: int
    title: str
    description: str = Field(..., description="Markdown, as written")
    kind: str
    status: StatusRef
    service_id: int | None
    department_id: int | None = Field(..., description="The submitter's department when they submitted")
    submitted_by_id: int | None
    owner_id: int | None
    is_private: bool
    merged_into_id: int | None = Field(..., description="The idea it was merged into, when you may see that one")
    vote_count: int
    comment_count: int = Field(..., description="Comments not hidden")
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    viewer_voted: bool = Field(..., description="Whether you voted for it (always false for application keys)")

    @staticmethod
    def resolve_merged_into_id(idea: Idea) -> int | None:
        shown: int | None = getattr(idea, "shown_merged_into_id", None)
        return shown


class IdeaFilters(Schema):
    sort: SortParam = Field("trending", description="trending (recent votes weigh more), top (most votes), newest")
    q: Text = Field("", max_length=200, description="Words to find in the title or description")
    stage: Stage | None = None
    status_id: Id | None = None
    service_id: Id | None = None
    kind: Idea.Kind | None = None
    department_id: Id | None = Field(None, description="Submitted from this department or one below it")
    include_merged: bool = Field(False, description="Also list ideas merged into others")


class IdeaIn(Payload):
    title: Title
    description: Prose = Field("", description="Markdown")
    kind: Choice[Idea.Kind] = Idea.Kind.IMPROVEMENT
    service_id: Id | None = None


class IdeaPatch(Payload):
    title: Title | None = None
    description: Prose | None = None
    kind: Choice[Idea.Kind] | None = None
    service_id: Id | None = Field(None, description="null clears the service")


class VoteIn(Payload):
    importance: Annotated[Literal[1, 2, 3], NotBoolean] | None = Field(
        None, description="1 nice to have, 2 important, 3 critical"
    )


class VoteStateOut(Schema):
    idea_id: int
    voted: bool
    importance: int | None
    vote_count: int


class DepartmentVotesOut(Schema):
    department: str
    votes: int


class VoterOut(Schema):
    id: int
    full_name: str
    email: str
    department: str | None = Field(..., description="Their department when they voted")
    importance: int | None
    voted_at: datetime.datetime


class VotesOut(Schema):
    idea_id: int
    vote_count: int
    by_department: list[DepartmentVotesOut]
    voters: list[VoterOut] | None = Field(..., description="Product managers only; null for everyone else")


class CommentOut(Schema):
    id: int
    idea_id: int
    author_id: int | None
    author_name: str
    body: str | None = Field(..., description="Markdown; null when hidden, except for product managers")
    hidden: bool
    hidden_reason: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None


class CommentIn(Payload):
    body: Annotated[Text, Field(min_length=1, max_length=services.TEXT_MAX)]


class HideIn(Payload):
    reason: Annotated[Text, Field(min_length=1, max_length=200, description="The author sees it")]


class SubscriptionIn(Payload):
    subscribed: bool


class SubscriptionOut(Schema):
    idea_id: int
    subscribed: bool


class StatusChangeIn(Payload):
    status_id: Id
    message: Prose = Field("", description="Public: followers receive it")


class StatusChangeOut(Schema):
    id: int
    from_status: StatusRef | None
    to_status: StatusRef
    message: str
    changed_by_id: int | None
    created_at: datetime.datetime


class NoteIn(Payload):
    body: Annotated[Text, Field(min_length=1, max_length=services.TEXT_MAX)]


class NoteOut(Schema):
    id: int
    idea_id: int
    author_id: int | None
    body: str
    created_at: datetime.datetime


class AssignIn(Payload):
    service_id: Id | None = Field(None, description="Left out: unchanged; null: no service")
    owner_id: Id | None = Field(None, description="A product manager. Left out: unchanged; null: nobody")


class VisibilityIn(Payload):
    private: bool


class MergeIn(Payload):
    into_id: Id = Field(..., description="The idea that stays")
    message: Prose = Field("", description="Public: followers of both receive it")


class StatusOut(Schema):
    id: int
    name: str
    stage: str
    description: str
    position: int
    is_builtin: bool
    archived_at: datetime.datetime | None


class StatusFilters(Schema):
    include_archived: bool = Field(False, description="Also list archived statuses")


class StatusIn(Payload):
    name: Annotated[Text, Field(min_length=1, max_length=60)]
    stage: Choice[Stage] = Field(..., description="The fixed stage it maps to (not duplicate, which merges use)")
    description: Annotated[Text, Field(max_length=200)] = ""


class StatusPatch(Payload):
    name: Annotated[Text, Field(min_length=1, max_length=60)] | None = None
    description: Annotated[Text, Field(max_length=200)] | None = None


class SimilarQuery(Schema):
    title: Text = Field("", max_length=200, description="A title being typed; fewer than 3 characters finds nothing")
    description: Prose = Field(
        "",
        description="The description being written, if any (Markdown): the query is then the title and its first "
        "1,000 characters, as on the submit page",
    )


class SimilarOut(Schema):
    id: int
    title: str
    vote_count: int
    status: StatusRef
    score: float = Field(..., description="How alike, 0 to 1")


# --- Ids in ---------------------------------------------------------------------------------------

SERVICE = Reference("service_id", "service", Service, "service")
STATUS = Reference("status_id", "status", IdeaStatus, "status")
OWNER = Reference("owner_id", "owner", User, "person")
IDEAS = ServiceArguments(SERVICE, STATUS, OWNER, renamed={"into": "into_id"})


# --- Comments out: hidden text withheld -------------------------------------------------------------


def _comment_out(viewer: User | None, comment: Comment) -> dict[str, Any]:
    author = comment.author
    return {
        "id": comment.pk,
        "idea_id": comment.idea_id,
        "author_id": comment.author_id,
        "author_name": (author.full_name or author.email) if author else "",
        "body": queries.comment_text(viewer, comment),
        "hidden": comment.is_hidden,
        "hidden_reason": comment.hidden_reason,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
    }


def _comments_page(request: HttpRequest, page: list[Comment]) -> list[dict[str, Any]]:
    viewer = reader(request)
    return [_comment_out(viewer, comment) for comment in page]


# --- Statuses (declared before /{idea_id} so their paths are matched first) ---------------------------


@router.get("/statuses", response={200: list[StatusOut], **ERRORS}, tags=["ideas: statuses"])
@paginate(BoundedPagination)
def list_statuses(request: HttpRequest, filters: Query[StatusFilters]) -> QuerySet[IdeaStatus]:
    """Every status an idea can have, in order; archived ones only when asked for."""
    reader(request)
    return queries.statuses(include_archived=filters.include_archived)


@router.post("/statuses", response={201: StatusOut, **ERRORS}, tags=["ideas: statuses"])
def create_status(request: HttpRequest, payload: StatusIn) -> Status[IdeaStatus]:
    """Admins add a status of their own, mapped to one of the fixed stages."""
    actor = acting_person(request, Scope.WRITE)
    created = services.create_status(
        actor=actor, name=payload.name, stage=payload.stage.value, description=payload.description
    )
    return Status(201, created)


@router.patch("/statuses/{status_id}", response={200: StatusOut, **ERRORS}, tags=["ideas: statuses"])
def update_status(request: HttpRequest, status_id: Id, payload: StatusPatch) -> IdeaStatus:
    """Admins rename a status or change its description; fields left out stay as they are."""
    actor = acting_person(request, Scope.WRITE)
    status = queries.status(status_id)
    return services.rename_status(
        actor=actor,
        status=status,
        name=payload.name if payload.name is not None else status.name,
        description=payload.description if payload.description is not None else status.description,
    )


@router.post("/statuses/{status_id}/archive", response={200: StatusOut, **ERRORS}, tags=["ideas: statuses"])
def archive_status(request: HttpRequest, status_id: Id) -> IdeaStatus:
    """Admins take a status of their own out of the choices; ideas in it keep it."""
    actor = acting_person(request, Scope.WRITE)
    return services.archive_status(actor=actor, status=queries.status(status_id))


# --- Similar ideas and the export -------------------------------------------------------------------


@router.get(
    "/similar",
    response={200: list[SimilarOut], **ERRORS},
    summary="Open ideas resembling an idea being written: its title, and its description once begun (at most 5)",
)
def similar_ideas(request: HttpRequest, query: Query[SimilarQuery]) -> list[dict[str, Any]]:
    """Suggestions before someone submits a duplicate: open (not merged) ideas the caller may
    see, most alike first, past the typing cut: the same suggestions as the submit page's panel."""
    found = similar.suggestions(reader(request), query.title, description=query.description)
    return [
        {
            "id": match.idea.pk,
            "title": match.idea.title,
            "vote_count": match.idea.vote_count,
            "status": match.idea.status,
            "score": round(float(match.score), 4),
        }
        for match in found
    ]


@router.get(
    "/export.csv",
    response={**ERRORS},
    summary="Every idea as CSV (product managers)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The ideas as CSV (UTF-8 with a byte-order mark); formula-like cells start with '",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """One row per idea, private and merged ones included: id, title, type, status, stage,
    service, department, submitter, votes, comments, created, private, merged into, url."""
    actor = acting_person(request, Scope.READ)
    return export.download(actor=actor)


# --- Comments by id -------------------------------------------------------------------------------


@router.patch("/comments/{comment_id}", response={200: CommentOut, **ERRORS}, tags=["ideas: comments"])
def edit_comment(request: HttpRequest, comment_id: Id, payload: CommentIn) -> dict[str, Any]:
    """Authors edit their own comments, unless hidden."""
    actor = acting_person(request, Scope.WRITE)
    edited = services.edit_comment(actor=actor, comment=queries.visible_comment(actor, comment_id), body=payload.body)
    return _comment_out(actor, edited)


@router.post("/comments/{comment_id}/hide", response={200: CommentOut, **ERRORS}, tags=["ideas: comments"])
def hide_comment(request: HttpRequest, comment_id: Id, payload: HideIn) -> dict[str, Any]:
    """Product managers hide a comment with a reason everyone sees; its text is then withheld
    from everyone but product managers."""
    actor = acting_person(request, Scope.WRITE)
    hidden = services.hide_comment(
        actor=actor, comment=queries.visible_comment(actor, comment_id), reason=payload.reason
    )
    return _comment_out(actor, hidden)


@router.post("/comments/{comment_id}/unhide", response={200: CommentOut, **ERRORS}, tags=["ideas: comments"])
def unhide_comment(request: HttpRequest, comment_id: Id) -> dict[str, Any]:
    actor = acting_person(request, Scope.WRITE)
    shown = services.unhide_comment(actor=actor, comment=queries.visible_comment(actor, comment_id))
    return _comment_out(actor, shown)


# --- Ideas ------------------------------------------------------------------------------------------


@router.get("", response={200: list[IdeaOut], **ERRORS})
@paginate(BoundedPagination)
def list_ideas(request: HttpRequest, filters: Query[IdeaFilters]) -> QuerySet[Idea]:
    """The ideas you may see, filtered and sorted as on the ideas page; merged ones left out
    unless `include_merged=true`."""
    return queries.ideas_as_listed(
        reader(request),
        queries.IdeaFilter(
            sort=filters.sort,
            text=filters.q,
            stage=filters.stage.value if filters.stage else "",
            status_id=filters.status_id,
            service_id=filters.service_id,
            kind=filters.kind.value if filters.kind else "",
            department_id=filters.department_id,
            include_merged=filters.include_merged,
        ),
    )


@router.post("", response={201: IdeaOut, **ERRORS})
def submit_idea(request: HttpRequest, payload: IdeaIn) -> Status[Idea]:
    """Anyone signed in submits an idea; it starts as *new*, public, with the submitter following it."""
    actor = acting_person(request, Scope.WRITE)
    with IDEAS.fields_as_sent():
        idea = services.submit_idea(
            actor=actor,
            title=payload.title,
            description=payload.description,
            kind=payload.kind.value,
            service=SERVICE.one(payload.service_id),
        )
    return Status(201, queries.idea_as_listed(actor, idea.pk))


@router.get("/{idea_id}", response={200: IdeaOut, **ERRORS})
def get_idea(request: HttpRequest, idea_id: Id) -> Idea:
    return queries.idea_as_listed(reader(request), idea_id)


@router.patch("/{idea_id}", response={200: IdeaOut, **ERRORS})
def edit_idea(request: HttpRequest, idea_id: Id, payload: IdeaPatch) -> Idea:
    """Submitters edit their own ideas, product managers any; fields left out stay as they are."""
    actor = acting_person(request, Scope.WRITE)
    idea = queries.idea_as_listed(actor, idea_id)
    sent = payload.model_dump(exclude_unset=True)
    with IDEAS.fields_as_sent():
        services.edit_idea(
            actor=actor,
            idea=idea,
            title=payload.title if payload.title is not None else idea.title,
            description=payload.description if payload.description is not None else idea.description,
            kind=payload.kind.value if payload.kind is not None else idea.kind,
            service=SERVICE.one(payload.service_id) if "service_id" in sent else idea.service,
        )
    return queries.idea_as_listed(actor, idea_id)


# --- Votes ------------------------------------------------------------------------------------------


def _vote_state(actor: User, idea_id: Id) -> dict[str, Any]:
    idea = queries.idea_as_listed(actor, idea_id)
    mine = queries.vote_of(actor, idea)
    return {
        "idea_id": idea.pk,
        "voted": mine is not None,
        "importance": mine.importance if mine else None,
        "vote_count": idea.vote_count,
    }


@router.put("/{idea_id}/vote", response={200: VoteStateOut, **ERRORS}, tags=["ideas: votes"])
def vote(request: HttpRequest, idea_id: Id, payload: VoteIn) -> dict[str, Any]:
    """Vote, or change your vote's importance: one vote per person. Merged ideas take no votes (409)."""
    actor = acting_person(request, Scope.WRITE)
    services.vote(actor=actor, idea=queries.idea_as_listed(actor, idea_id), importance=payload.importance)
    return _vote_state(actor, idea_id)


@router.delete("/{idea_id}/vote", response={200: VoteStateOut, **ERRORS}, tags=["ideas: votes"])
def unvote(request: HttpRequest, idea_id: Id) -> dict[str, Any]:
    """Withdraw your vote (nothing happens when you had none)."""
    actor = acting_person(request, Scope.WRITE)
    services.unvote(actor=actor, idea=queries.idea_as_listed(actor, idea_id))
    return _vote_state(actor, idea_id)


@router.get("/{idea_id}/votes", response={200: VotesOut, **ERRORS}, tags=["ideas: votes"])
def votes(request: HttpRequest, idea_id: Id) -> dict[str, Any]:
    """The votes counted by the voters' departments (when they voted); product managers also get
    who voted, with what importance."""
    viewer = reader(request)
    idea = queries.idea_as_listed(viewer, idea_id)
    by_department = [{"department": name, "votes": count} for name, count in queries.votes_by_department(idea)]
    cast = queries.voters_of(viewer, idea)
    voters = None
    if cast is not None:
        voters = [
            {
                "id": cast_vote.voter.pk,
                "full_name": cast_vote.voter.full_name,
                "email": cast_vote.voter.email,
                "department": cast_vote.department.name if cast_vote.department else None,
                "importance": cast_vote.importance,
                "voted_at": cast_vote.created_at,
            }
            for cast_vote in cast
        ]
    return {
        "idea_id": idea.pk,
        "vote_count": sum(row["votes"] for row in by_department),
        "by_department": by_department,
        "voters": voters,
    }


# --- Comments on an idea ----------------------------------------------------------------------------


@router.get("/{idea_id}/comments", response={200: list[CommentOut], **ERRORS}, tags=["ideas: comments"])
@paginate(BoundedPagination, finish=_comments_page)
def list_comments(request: HttpRequest, idea_id: Id) -> QuerySet[Comment]:
    """Oldest first. A hidden comment shows `hidden: true` and the reason; its text only to product managers."""
    return queries.comments_of(queries.idea_as_listed(reader(request), idea_id))


@router.post("/{idea_id}/comments", response={201: CommentOut, **ERRORS}, tags=["ideas: comments"])
def add_comment(request: HttpRequest, idea_id: Id, payload: CommentIn) -> Status[dict[str, Any]]:
    actor = acting_person(request, Scope.WRITE)
    created = services.comment(actor=actor, idea=queries.idea_as_listed(actor, idea_id), body=payload.body)
    return Status(201, _comment_out(actor, created))


# --- Following --------------------------------------------------------------------------------------


@router.put("/{idea_id}/subscription", response={200: SubscriptionOut, **ERRORS})
def set_subscription(request: HttpRequest, idea_id: Id, payload: SubscriptionIn) -> dict[str, Any]:
    """Follow or stop following an idea. Stopping is remembered: voting or commenting later does
    not follow it again."""
    actor = acting_person(request, Scope.WRITE)
    done = services.set_subscription(
        actor=actor, idea=queries.idea_as_listed(actor, idea_id), subscribed=payload.subscribed
    )
    return {"idea_id": done.idea_id, "subscribed": done.subscribed}


# --- Triage -----------------------------------------------------------------------------------------


@router.post("/{idea_id}/status", response={200: StatusChangeOut, **ERRORS}, tags=["ideas: triage"])
def change_status(request: HttpRequest, idea_id: Id, payload: StatusChangeIn) -> StatusChange:
    """Product managers move an idea to another status; followers receive the message. To mark a
    duplicate, merge it instead."""
    actor = acting_person(request, Scope.WRITE)
    idea = queries.idea_as_listed(actor, idea_id)
    with IDEAS.fields_as_sent():
        return services.change_status(
            actor=actor, idea=idea, status=STATUS.one(payload.status_id), message=payload.message
        )


@router.get("/{idea_id}/history", response={200: list[StatusChangeOut], **ERRORS}, tags=["ideas: triage"])
@paginate(BoundedPagination)
def status_history(request: HttpRequest, idea_id: Id) -> QuerySet[StatusChange]:
    """The idea's status changes, oldest first, with their public messages (as on its page)."""
    return queries.status_history(queries.idea_as_listed(reader(request), idea_id))


@router.get("/{idea_id}/notes", response={200: list[NoteOut], **ERRORS}, tags=["ideas: triage"])
@paginate(BoundedPagination)
def list_notes(request: HttpRequest, idea_id: Id) -> QuerySet[InternalNote]:
    """Product managers' internal notes, oldest first. Employees never see them."""
    actor = acting_person(request, Scope.READ)
    return queries.internal_notes(actor, queries.idea_as_listed(actor, idea_id))


@router.post("/{idea_id}/notes", response={201: NoteOut, **ERRORS}, tags=["ideas: triage"])
def add_note(request: HttpRequest, idea_id: Id, payload: NoteIn) -> Status[InternalNote]:
    actor = acting_person(request, Scope.WRITE)
    return Status(201, services.add_note(actor=actor, idea=queries.idea_as_listed(actor, idea_id), body=payload.body))


@router.post("/{idea_id}/assign", response={200: IdeaOut, **ERRORS}, tags=["ideas: triage"])
def assign(request: HttpRequest, idea_id: Id, payload: AssignIn) -> Idea:
    """Product managers give an idea a service and an owning product manager. A field left out
    stays as it is; null clears it."""
    actor = acting_person(request, Scope.WRITE)
    idea = queries.idea_as_listed(actor, idea_id)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {}
    if "service_id" in sent:
        changes["service"] = SERVICE.one(payload.service_id)
    if "owner_id" in sent:
        changes["owner"] = OWNER.one(payload.owner_id)
    with IDEAS.fields_as_sent():
        services.assign(actor=actor, idea=idea, **changes)
    return queries.idea_as_listed(actor, idea_id)


@router.post("/{idea_id}/visibility", response={200: IdeaOut, **ERRORS}, tags=["ideas: triage"])
def set_visibility(request: HttpRequest, idea_id: Id, payload: VisibilityIn) -> Idea:
    """Product managers make an idea private (its submitter and product managers only) or public."""
    actor = acting_person(request, Scope.WRITE)
    services.set_private(actor=actor, idea=queries.idea_as_listed(actor, idea_id), private=payload.private)
    return queries.idea_as_listed(actor, idea_id)


@router.post("/{idea_id}/merge", response={200: IdeaOut, **ERRORS}, tags=["ideas: triage"])
def merge(request: HttpRequest, idea_id: Id, payload: MergeIn) -> Idea:
    """Product managers fold a duplicate into `into_id`: votes (a person who voted on both counts
    once), comments and followers move. Answers the idea that stays."""
    actor = acting_person(request, Scope.WRITE)
    duplicate = queries.idea_as_listed(actor, idea_id)
    try:
        into = queries.idea_as_listed(actor, payload.into_id)
    except NotFound:
        raise Invalid(f"There is no idea {payload.into_id}.", field="into_id") from None
    with IDEAS.fields_as_sent():
        kept = services.merge(actor=actor, duplicate=duplicate, into=into, message=payload.message)
    return queries.idea_as_listed(actor, kept.pk)
