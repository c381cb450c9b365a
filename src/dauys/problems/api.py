"""Public control in the API: problems, appeals, answers, supports, follows, routing (mounted by ``dauys.api``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from dauys.accounts.selectors import signed_in
from dauys.api.common import ERRORS, page_url, token
from dauys.api.errors import ApiError
from dauys.api.pagination import page
from dauys.api.routers import routers
from dauys.api.schemas import Page
from dauys.authorities.api import find_authority
from dauys.notifications.services import follow_set
from dauys.places.api import find_place
from dauys.problems import selectors, services
from dauys.problems.models import Answer, Appeal, Category, Problem, RoutingRule
from dauys.problems.selectors import PUBLIC

router = Router()


class RoutingRuleOut(Schema):
    id: int
    category: str | None = Field(description="category slug; null: any category")
    place: str | None = Field(description="place slug; null: the whole country (a rule covers everything under it)")
    authority: str = Field(description="slug of the authority problems are suggested to go to")


class AppealOut(Schema):
    id: int
    reference: str
    kind: str = Field(description="appeal or complaint")
    authority: str = Field(description="authority slug")
    status: str
    delivery: str
    signed: bool = Field(description="e-mailed by Dauys with the author's real name and address (not published)")
    registration_number: str
    registered_on: date | None
    deadline: date | None
    extended_until: date | None
    answered_on: date | None
    answer_kind: str | None
    complains_about: int | None
    redirected_from: int | None


class ProblemOut(Schema):
    id: int
    url: str
    title: str
    body: str
    status: str
    category: str
    place: str = Field(description="ISO 3166-2 code where the place has one, else its slug")
    latitude: float | None
    longitude: float | None
    supports_count: int
    author: str = Field(description="public name, or 'anonymous'")
    created_at: datetime
    published_at: datetime | None
    appeals: list[AppealOut]


class ProblemPage(Page):
    items: list[ProblemOut]


class ProblemIn(Schema):
    title: str = Field(max_length=160)
    body: str = Field(max_length=20000)
    category: str = Field(description="category slug")
    place: str = Field(description="place slug or ISO code")
    latitude: float | None = None
    longitude: float | None = None
    blur_location: bool = False
    hide_author: bool = False
    publish: bool = Field(True, description="publish at once (false keeps a draft)")
    submission_key: str = Field("", max_length=64, description="idempotency key: the same key twice gives one problem")


class AppealIn(Schema):
    authority: str = Field(description="authority slug")
    delivery: str = Field("recorded", description="recorded (sent by the author) or dauys (e-mailed by Dauys)")
    registration_number: str = ""
    registered_on: date | None = None
    auto_escalate: bool = False
    signed: bool = Field(
        False,
        description="delivery dauys only: the e-mail carries the author's real name and address, which they gave "
        "privately on their account page; only the addressee receives them",
    )


class AnswerIn(Schema):
    kind: str
    text: str = Field(max_length=20000)
    received_on: date
    promise_due_on: date | None = None
    refusal_reason: str = ""
    redirect_to: str | None = Field(None, description="authority slug, for a redirect")


class AnswerOut(Schema):
    id: int
    appeal: int
    kind: str
    text: str
    received_on: date
    by_representative: bool
    promise_due_on: date | None


class SupportOut(Schema):
    supported: bool
    supports_count: int


class FollowOut(Schema):
    following: bool


class TimelineEventOut(Schema):
    id: int
    at: datetime
    kind: str = Field(
        description="published, edited, appeal:recorded|queued|sent|extended|work_started|registered|overdue|"
        "escalated, answer:<kind>, answer:judged, promise:broken, fix:not_fixed, status:<status>"
    )
    actor: str | None = Field(description="public name; null for the instance or an author who hid their name")
    appeal: int | None
    authority: str | None = Field(description="the slug of the appeal's authority")
    answer: int | None
    data: dict[str, Any] = Field(description="details: a reason, a new deadline, the fields edited, a verdict")


class TimelinePage(Page):
    items: list[TimelineEventOut]


def appeal_out(a: Appeal) -> dict[str, Any]:
    answers = sorted(a.answers.all(), key=lambda x: (x.received_on, x.pk))
    return {
        "id": a.pk,
        "reference": a.reference,
        "kind": a.kind,
        "authority": a.authority.slug,
        "status": a.status,
        "delivery": a.delivery,
        "signed": a.signed,
        "registration_number": a.registration_number,
        "registered_on": a.registered_on,
        "deadline": a.deadline,
        "extended_until": a.extended_until,
        "answered_on": a.answered_on,
        "answer_kind": answers[-1].kind if answers else None,
        "complains_about": a.complains_about_id,
        "redirected_from": a.redirected_from_id,
    }


def problem_out(request: HttpRequest, p: Problem) -> dict[str, Any]:
    return {
        "id": p.pk,
        "url": page_url(request, p),
        "title": p.title,
        "body": p.body,
        "status": p.status,
        "category": p.category.slug,
        "place": p.place.iso_code or p.place.slug,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "supports_count": p.supports_count,
        "author": "anonymous" if p.hide_author else p.author.public_name,
        "created_at": p.created_at,
        "published_at": p.published_at,
        "appeals": [appeal_out(a) for a in p.appeals.all()],
    }


def appeals_prefetch() -> Prefetch:
    # Of the answers only what appeal_out reads: their texts can be long.
    answers = Answer.objects.only("id", "appeal_id", "kind", "received_on")
    appeals = Appeal.objects.select_related("authority").prefetch_related(Prefetch("answers", answers)).order_by("pk")
    return Prefetch("appeals", queryset=appeals)


def problems_qs() -> Any:
    return Problem.objects.select_related("category", "place", "author").prefetch_related(appeals_prefetch())


class ProblemFilters(Schema):
    place: str | None = None
    category: str | None = None
    status: str | None = None
    authority: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = 20


@router.get("/problems", response={200: ProblemPage, **ERRORS}, summary="Public problems, newest first")
def problem_list(request: HttpRequest, filters: Query[ProblemFilters]) -> dict[str, Any]:
    category_id = None
    if filters.category:
        category_id = Category.objects.filter(slug=filters.category).values_list("pk", flat=True).first()
        if category_id is None:
            raise ApiError(400, "invalid", "There is no such category.", fields={"category": ["unknown category"]})
    if filters.status and filters.status not in PUBLIC:
        raise ApiError(
            400, "invalid", f"status must be one of {', '.join(PUBLIC)}.", fields={"status": ["unknown status"]}
        )
    chosen = selectors.ProblemFilters(
        place=find_place(filters.place) if filters.place else None,
        category_id=category_id,
        authority_id=find_authority(filters.authority).pk if filters.authority else None,
        status=filters.status or "",
        query=filters.q or "",
    )
    # The same filters as the pages; the API shows whole problems with their appeals.
    qs = (
        selectors.problem_list(chosen)
        .defer(None)
        .defer("search_words")
        .select_related("author")
        .prefetch_related(appeals_prefetch())
    )
    rows, next_url = page(request, qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [problem_out(request, p) for p in rows], "next": next_url}


@router.get("/problems/{problem_id}", response={200: ProblemOut, **ERRORS}, summary="One problem with its appeals")
def problem_get(request: HttpRequest, problem_id: int) -> dict[str, Any]:
    return problem_out(request, get_object_or_404(problems_qs().filter(status__in=PUBLIC), pk=problem_id))


@router.get(
    "/problems/{problem_id}/timeline",
    response={200: TimelinePage, **ERRORS},
    summary="A problem's public history, oldest first",
)
def problem_timeline(
    request: HttpRequest, problem_id: int, cursor: str | None = None, limit: int = 100
) -> dict[str, Any]:
    problem = get_object_or_404(Problem.objects.filter(status__in=PUBLIC), pk=problem_id)
    events = problem.timeline.select_related("actor", "appeal__authority")
    rows, next_url = page(request, events, cursor=cursor, limit=limit, descending=False)
    return {
        "items": [
            {
                "id": e.pk,
                "at": e.created_at,
                "kind": e.kind,
                "actor": e.public_actor.public_name if e.public_actor is not None else None,
                "appeal": e.appeal_id,
                "authority": e.appeal.authority.slug if e.appeal is not None else None,
                "answer": e.answer_id,
                "data": e.data,
            }
            for e in rows
        ],
        "next": next_url,
    }


@router.post("/problems", response={201: ProblemOut, **ERRORS}, auth=token, summary="File a problem")
def problem_create(request: HttpRequest, payload: ProblemIn) -> Status:
    category = Category.objects.filter(slug=payload.category).first()
    if category is None:
        raise ApiError(400, "invalid", "There is no such category.", fields={"category": ["unknown category"]})
    problem = services.problem_file(
        author=signed_in(request),
        data=services.ProblemInput(
            title=payload.title,
            body=payload.body,
            category=category,
            place=find_place(payload.place),
            latitude=payload.latitude,
            longitude=payload.longitude,
            blur_location=payload.blur_location,
            hide_author=payload.hide_author,
        ),
        submission_key=payload.submission_key,
        publish=payload.publish,
    )
    return Status(201, problem_out(request, problems_qs().get(pk=problem.pk)))


@router.post(
    "/problems/{problem_id}/appeals",
    response={201: ProblemOut, **ERRORS},
    auth=token,
    summary="Address a problem to an authority",
)
def appeal_create(request: HttpRequest, problem_id: int, payload: AppealIn) -> Status:
    problem = get_object_or_404(Problem, pk=problem_id)
    if payload.delivery not in Appeal.Delivery.values:
        raise ApiError(
            400, "invalid", "delivery must be 'recorded' or 'dauys'.", fields={"delivery": ["unknown delivery"]}
        )
    services.appeal_create(
        problem=problem,
        authority=find_authority(payload.authority),
        actor=signed_in(request),
        delivery=payload.delivery,
        registration_number=payload.registration_number,
        registered_on=payload.registered_on,
        auto_escalate=payload.auto_escalate,
        signed=payload.signed and payload.delivery == Appeal.Delivery.DAUYS,
    )
    return Status(201, problem_out(request, problems_qs().get(pk=problem.pk)))


@router.post(
    "/appeals/{appeal_id}/answers", response={201: AnswerOut, **ERRORS}, auth=token, summary="Record an answer"
)
def answer_create(request: HttpRequest, appeal_id: int, payload: AnswerIn) -> Status:
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    answer = services.answer_record(
        appeal=appeal,
        actor=signed_in(request),
        kind=payload.kind,
        text=payload.text,
        received_on=payload.received_on,
        promise_due_on=payload.promise_due_on,
        refusal_reason=payload.refusal_reason,
        redirect_to=find_authority(payload.redirect_to, "redirect_to") if payload.redirect_to else None,
    )
    return Status(
        201,
        {
            "id": answer.pk,
            "appeal": appeal.pk,
            "kind": answer.kind,
            "text": answer.text,
            "received_on": answer.received_on,
            "by_representative": answer.by_representative,
            "promise_due_on": answer.promise_due_on,
        },
    )


def _open_problem(problem_id: int) -> Problem:
    return get_object_or_404(Problem, pk=problem_id, status__in=PUBLIC)


@router.put(
    "/problems/{problem_id}/support", response={200: SupportOut, **ERRORS}, auth=token, summary="Support a problem"
)
def support_put(request: HttpRequest, problem_id: int) -> dict[str, Any]:
    # By id: the service checks in its INSERT that the problem exists and is open (the hot path of the API).
    try:
        count = services.support_set(problem=problem_id, user=signed_in(request), supported=True).count
    except Problem.DoesNotExist:
        raise Http404 from None
    except ValidationError:
        if not Problem.objects.filter(pk=problem_id, status__in=PUBLIC).exists():
            raise Http404 from None  # a draft or a removed problem: not there for anyone but its author
        raise
    return {"supported": True, "supports_count": count}


@router.delete(
    "/problems/{problem_id}/support", response={200: SupportOut, **ERRORS}, auth=token, summary="Withdraw a support"
)
def support_delete(request: HttpRequest, problem_id: int) -> dict[str, Any]:
    count = services.support_set(problem=_open_problem(problem_id), user=signed_in(request), supported=False).count
    return {"supported": False, "supports_count": count}


@router.put(
    "/problems/{problem_id}/follow", response={200: FollowOut, **ERRORS}, auth=token, summary="Follow a problem"
)
def follow_put(request: HttpRequest, problem_id: int) -> dict[str, bool]:
    follow_set(user=signed_in(request), target=f"problem:{_open_problem(problem_id).pk}", following=True)
    return {"following": True}


@router.delete(
    "/problems/{problem_id}/follow", response={200: FollowOut, **ERRORS}, auth=token, summary="Stop following"
)
def follow_delete(request: HttpRequest, problem_id: int) -> dict[str, bool]:
    follow_set(user=signed_in(request), target=f"problem:{_open_problem(problem_id).pk}", following=False)
    return {"following": False}


@router.get(
    "/routing",
    response={200: list[RoutingRuleOut], **ERRORS},
    summary="The routing table: which authority a problem of a category, in a place, is suggested to go to",
)
def routing_list(request: HttpRequest) -> list[dict[str, Any]]:
    rules = RoutingRule.objects.select_related("category", "place", "authority").order_by("pk")
    return [
        {
            "id": r.pk,
            "category": r.category.slug if r.category_id else None,  # type: ignore[union-attr]
            "place": r.place.slug if r.place_id else None,  # type: ignore[union-attr]
            "authority": r.authority.slug,
        }
        for r in rules
    ]


routers.add("problems", router)
