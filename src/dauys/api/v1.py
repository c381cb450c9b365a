"""REST API v1 (DESIGN section 6): public reads for everyone, writes with a token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema, Status

from dauys import __version__
from dauys.api import errors
from dauys.api.auth import BearerToken
from dauys.api.errors import ApiError
from dauys.api.pagination import page
from dauys.api.schemas import (
    AnswerIn,
    AnswerOut,
    AppealIn,
    AuthorityOut,
    AuthorityPage,
    CommentIn,
    CommentOut,
    CommentPage,
    ErrorOut,
    FollowOut,
    HeldOut,
    ModerationActionOut,
    ModerationPage,
    PlaceOut,
    PlacePage,
    ProblemIn,
    ProblemOut,
    ProblemPage,
    ReportOut,
    ReportPage,
    RoutingRuleOut,
    ScorecardOut,
    SupportOut,
    TimelinePage,
)
from dauys.authorities.models import Authority
from dauys.core.i18n import names
from dauys.discussions import limits as discussion_limits
from dauys.discussions import selectors as discussion_selectors
from dauys.discussions import services as discussion_services
from dauys.discussions import targets as discussion_targets
from dauys.discussions.models import Comment, ModerationAction
from dauys.places.models import Place
from dauys.problems import selectors, services
from dauys.problems.models import Answer, Appeal, Category, Problem, RoutingRule
from dauys.problems.selectors import PUBLIC

api = NinjaAPI(
    title="Dauys API",
    version="1",
    urls_namespace="api-v1",
    description="Public control of authorities in Kazakhstan: problems, appeals with their legal clock, answers. "
    "Reads are public; writes need `Authorization: Bearer <token>` (`dauys token create USERNAME`).",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
token = BearerToken()
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def page_url(request: HttpRequest, obj: Any) -> str:
    """The English page of an object, as an absolute URL (the API speaks English; pages exist in kk/ru too)."""
    with translation.override("en"):
        return request.build_absolute_uri(obj.get_absolute_url())


def place_out(p: Place) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "code": p.code,
        "iso_code": p.iso_code or None,
        "kind": p.kind,
        "parent": p.parent.slug if p.parent_id and p.parent else None,
        "name": names(p),
        "centroid": [p.latitude, p.longitude] if p.latitude is not None else None,
    }


def authority_out(request: HttpRequest, a: Authority) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "kind": a.kind,
        "name": names(a),
        "place": a.place.slug if a.place_id and a.place else None,
        "parent": a.parent.slug if a.parent_id and a.parent else None,
        "accepts_complaints": a.accepts_complaints,
        "answer_working_days": a.response_rule.answer_working_days,
        "url": page_url(request, a),
    }


def appeal_out(a: Appeal) -> dict[str, Any]:
    answers = sorted(a.answers.all(), key=lambda x: (x.received_on, x.pk))
    return {
        "id": a.pk,
        "reference": a.reference,
        "kind": a.kind,
        "authority": a.authority.slug,
        "status": a.status,
        "delivery": a.delivery,
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


def find_place(key: str) -> Place:
    place = Place.objects.filter(Q(slug=key) | Q(iso_code=key) | Q(code=key)).first()
    if place is None:
        raise ApiError(400, "invalid", "There is no such place.", fields={"place": ["unknown place"]})
    return place


def find_authority(key: str, field: str = "authority") -> Authority:
    authority = Authority.objects.filter(slug=key, is_active=True).select_related("response_rule").first()
    if authority is None:
        raise ApiError(400, "invalid", "There is no such authority.", fields={field: ["unknown authority"]})
    return authority


@api.get("/", summary="About this API", auth=None)
def root(request: HttpRequest) -> dict[str, str]:
    return {
        "name": "Dauys API",
        "version": "1",
        "software": __version__,
        "openapi": request.build_absolute_uri("openapi.json"),
    }


class ProblemFilters(Schema):
    place: str | None = None
    category: str | None = None
    status: str | None = None
    authority: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = 20


@api.get("/problems", response={200: ProblemPage, **ERRORS}, summary="Public problems, newest first")
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
    qs = selectors.problem_list(chosen).defer(None).select_related("author").prefetch_related(appeals_prefetch())
    rows, next_url = page(request, qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [problem_out(request, p) for p in rows], "next": next_url}


@api.get("/problems/{problem_id}", response={200: ProblemOut, **ERRORS}, summary="One problem with its appeals")
def problem_get(request: HttpRequest, problem_id: int) -> dict[str, Any]:
    return problem_out(request, get_object_or_404(problems_qs().filter(status__in=PUBLIC), pk=problem_id))


@api.get(
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
                "actor": e.actor.public_name if e.actor is not None and not e.actor_hidden else None,
                "appeal": e.appeal_id,
                "authority": e.appeal.authority.slug if e.appeal is not None else None,
                "answer": e.answer_id,
                "data": e.data,
            }
            for e in rows
        ],
        "next": next_url,
    }


@api.post("/problems", response={201: ProblemOut, **ERRORS}, auth=token, summary="File a problem")
def problem_create(request: HttpRequest, payload: ProblemIn) -> Status:
    category = Category.objects.filter(slug=payload.category).first()
    if category is None:
        raise ApiError(400, "invalid", "There is no such category.", fields={"category": ["unknown category"]})
    problem = services.problem_draft(
        author=request.user,
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
    )
    if payload.publish:
        problem = services.problem_publish(problem=problem, actor=request.user)
    return Status(201, problem_out(request, problems_qs().get(pk=problem.pk)))


@api.post(
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
        actor=request.user,
        delivery=payload.delivery,
        registration_number=payload.registration_number,
        registered_on=payload.registered_on,
        auto_escalate=payload.auto_escalate,
    )
    return Status(201, problem_out(request, problems_qs().get(pk=problem.pk)))


@api.post("/appeals/{appeal_id}/answers", response={201: AnswerOut, **ERRORS}, auth=token, summary="Record an answer")
def answer_create(request: HttpRequest, appeal_id: int, payload: AnswerIn) -> Status:
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    answer = services.answer_record(
        appeal=appeal,
        actor=request.user,
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


@api.put(
    "/problems/{problem_id}/support", response={200: SupportOut, **ERRORS}, auth=token, summary="Support a problem"
)
def support_put(request: HttpRequest, problem_id: int) -> dict[str, Any]:
    # By id: the service checks in its INSERT that the problem exists and is open (the hot path of the API).
    try:
        count = services.support_set(problem=problem_id, user=request.user, supported=True)
    except Problem.DoesNotExist:
        raise Http404 from None
    except ValidationError:
        if not Problem.objects.filter(pk=problem_id, status__in=PUBLIC).exists():
            raise Http404 from None  # a draft or a removed problem: not there for anyone but its author
        raise
    return {"supported": True, "supports_count": count}


@api.delete(
    "/problems/{problem_id}/support", response={200: SupportOut, **ERRORS}, auth=token, summary="Withdraw a support"
)
def support_delete(request: HttpRequest, problem_id: int) -> dict[str, Any]:
    count = services.support_set(problem=_open_problem(problem_id), user=request.user, supported=False)
    return {"supported": False, "supports_count": count}


@api.put("/problems/{problem_id}/follow", response={200: FollowOut, **ERRORS}, auth=token, summary="Follow a problem")
def follow_put(request: HttpRequest, problem_id: int) -> dict[str, bool]:
    services.follow_set(user=request.user, problem=_open_problem(problem_id), following=True)
    return {"following": True}


@api.delete("/problems/{problem_id}/follow", response={200: FollowOut, **ERRORS}, auth=token, summary="Stop following")
def follow_delete(request: HttpRequest, problem_id: int) -> dict[str, bool]:
    services.follow_set(user=request.user, problem=_open_problem(problem_id), following=False)
    return {"following": False}


@api.get("/places", response={200: PlacePage, **ERRORS}, summary="Places of Kazakhstan")
def place_list(request: HttpRequest, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    rows, next_url = page(request, Place.objects.select_related("parent"), cursor=cursor, limit=limit, descending=False)
    return {"items": [place_out(p) for p in rows], "next": next_url}


@api.get("/places/{slug}", response={200: PlaceOut, **ERRORS}, summary="One place")
def place_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    return place_out(get_object_or_404(Place.objects.select_related("parent"), slug=slug))


@api.get("/authorities", response={200: AuthorityPage, **ERRORS}, summary="Authorities and the vertical")
def authority_list(
    request: HttpRequest, kind: str | None = None, cursor: str | None = None, limit: int = 100
) -> dict[str, Any]:
    qs = Authority.objects.filter(is_active=True).select_related("place", "parent", "response_rule")
    if kind:
        if kind not in Authority.Kind.values:
            raise ApiError(400, "invalid", "There is no such kind of authority.", fields={"kind": ["unknown kind"]})
        qs = qs.filter(kind=kind)
    rows, next_url = page(request, qs, cursor=cursor, limit=limit, descending=False)
    return {"items": [authority_out(request, a) for a in rows], "next": next_url}


@api.get("/authorities/{slug}", response={200: AuthorityOut, **ERRORS}, summary="One authority")
def authority_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    authority = get_object_or_404(
        Authority.objects.select_related("place", "parent", "response_rule"), slug=slug, is_active=True
    )
    return authority_out(request, authority)


def scorecard_out(request: HttpRequest, scope: int, subject: Any, params: Any) -> dict[str, Any]:
    from dauys.accountability import selectors as acc
    from dauys.accountability.counting import KIND_COLUMN, TALLY_COLUMNS

    period = acc.parse_period(params)
    card = acc.figures(scope, subject.pk, period)
    sums = {c: card.sums.get(c, 0) for c in TALLY_COLUMNS}
    sums["resolved"] = sums.pop(KIND_COLUMN["resolved"])  # the answer kind, by its name
    sums["answered"] = card.answered
    sums["promises_pending"] = card.promises_pending
    scope_name = {1: "authority", 2: "vertical", 3: "place"}[scope]
    link = "accountability:place" if scope_name == "place" else "accountability:authority"
    return {
        "subject": subject.slug,
        "scope": scope_name,
        "period": {"key": period.key, "start": period.start, "end": period.end},
        "figures": sums,
        "shares": {
            name: card.get(name)
            for name in (
                "on_time_share",
                "late_share",
                "overdue_share",
                "substantive_share",
                "resolved_share",
                "kept_share",
            )
        },
        "answer_working_days": {"median": card.answer_median, "p90": card.answer_p90},
        "resolution_days": {"median": card.resolution_median},
        "months": [
            {
                "month": month.strftime("%Y-%m"),
                **{k: f.get(k) or 0 for k in ("received", "on_time", "late", "overdue", "pending", "problems")},
                "problems_resolved": f.problems_resolved,
            }
            for month, f in acc.monthly(scope, subject.pk, period)
        ],
        "how_we_count": request.build_absolute_uri(reverse(link, args=[subject.slug])) + "#how-we-count",
    }


SHARES = ("on_time_share", "late_share", "overdue_share", "substantive_share", "resolved_share", "kept_share")
SCORECARD_PARAMS = "`period`: 30d, 90d, 12m (the default), all, or custom with `from` and `to` (YYYY-MM-DD)."


@api.get(
    "/authorities/{slug}/scorecard",
    response={200: ScorecardOut, **ERRORS},
    summary="An authority's scorecard over a period",
    description=SCORECARD_PARAMS + " `scope`: own (the default) or vertical (with every body below it).",
)
def authority_scorecard(
    request: HttpRequest,
    slug: str,
    period: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
    scope: str = "own",
) -> dict[str, Any]:
    authority = get_object_or_404(Authority, slug=slug)
    if scope not in ("own", "vertical"):
        raise ApiError(400, "invalid", "scope is own or vertical.", fields={"scope": ["unknown scope"]})
    params = {"period": period or "", "from": start or "", "to": end or ""}
    return scorecard_out(request, 2 if scope == "vertical" else 1, authority, params)


@api.get(
    "/places/{slug}/scorecard",
    response={200: ScorecardOut, **ERRORS},
    summary="A place's scorecard: the bodies located in it and the problems filed there",
    description=SCORECARD_PARAMS,
)
def place_scorecard(
    request: HttpRequest,
    slug: str,
    period: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
) -> dict[str, Any]:
    place = get_object_or_404(Place, slug=slug)
    return scorecard_out(request, 3, place, {"period": period or "", "from": start or "", "to": end or ""})


def report_out(request: HttpRequest, r: Any, refs: tuple[dict[int, str], set[int]]) -> dict[str, Any]:
    """A periodic report (``refs``: the slugs of the bodies it names, by id; which of its problems are public)."""
    slugs, public = refs
    c = r.content
    with translation.override("en"):
        url, pdf = r.get_absolute_url(), r.get_pdf_url()
    return {
        "kind": r.kind,
        "key": r.key,
        "start": r.start,
        "end": r.end,
        "place": r.place.slug if r.place_id else None,
        "written_at": r.created_at,
        "problems": c["problems"],
        "top_problems": [pk for pk in c["top_problems"] if pk in public],  # not those removed since
        "answers": c["answers"],
        "answers_by_kind": c["answers_by_kind"],
        "overdue": c["overdue"],
        "overdue_by": [{"authority": slugs.get(a), "count": n} for a, n in c["overdue_by_authority"]],
        "promises_broken": c["promises_broken"],
        "broken_by": [{"authority": slugs.get(a), "count": n} for a, n in c["broken_by_authority"]],
        "movers": [
            {"authority": slugs.get(m["authority"]), "before": m["before"], "now": m["now"]} for m in c["movers"]
        ],
        "url": request.build_absolute_uri(url),
        "pdf": request.build_absolute_uri(pdf),
    }


def report_refs(reports: list[Any]) -> tuple[dict[int, str], set[int]]:
    """For ``report_out``: the slugs of the bodies the reports name, and which of their problems are public."""
    from dauys.accountability.reports import bodies_named

    ids: set[int] = set()
    problems: set[int] = set()
    for r in reports:
        ids |= bodies_named(r.content)
        problems.update(r.content["top_problems"])
    slugs = dict(Authority.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return slugs, set(Problem.objects.filter(pk__in=problems, status__in=PUBLIC).values_list("pk", flat=True))


@api.get(
    "/reports",
    response={200: ReportPage, **ERRORS},
    summary="Periodic reports, newest first",
    description="`kind`: weekly or monthly; `place`: a place's slug for its reports, `country` for the whole "
    "country's; both optional.",
)
def report_list(
    request: HttpRequest,
    kind: str | None = None,
    place: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    from dauys.accountability.models import Report

    qs = Report.objects.select_related("place")
    if kind:
        if kind not in Report.Kind.values:
            raise ApiError(400, "invalid", "kind is weekly or monthly.", fields={"kind": ["unknown kind"]})
        qs = qs.filter(kind=kind)
    if place == "country":
        qs = qs.filter(place=None)
    elif place:
        qs = qs.filter(place=get_object_or_404(Place, slug=place))
    rows, next_url = page(request, qs, cursor=cursor, limit=limit)
    refs = report_refs(rows)
    return {"items": [report_out(request, r, refs) for r in rows], "next": next_url}


@api.get(
    "/reports/{kind}/{key}",
    response={200: ReportOut, **ERRORS},
    summary="One periodic report",
    description="`place`: a place's slug for its report; omitted, the whole country's.",
)
def report_get(request: HttpRequest, kind: str, key: str, place: str | None = None) -> dict[str, Any]:
    from dauys.accountability.models import Report

    where = get_object_or_404(Place, slug=place) if place else None
    report = get_object_or_404(Report.objects.select_related("place"), kind=kind, key=key, place=where)
    return report_out(request, report, report_refs([report]))


@api.get(
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


# Discussions ------------------------------------------------------------------------------------------------------


def comment_out(request: HttpRequest, c: Comment) -> dict[str, Any]:
    shown = c.status == Comment.Status.PUBLISHED
    return {
        "id": c.pk,
        "url": page_url(request, c),
        "target": c.thread.target,
        "parent": c.parent_id,
        "author": c.public_name if shown else None,
        "guest": c.is_guest,
        "status": c.status,
        "body": c.body if shown else None,
        "body_html": c.body_html if shown else None,
        "hidden_rule": c.hidden_rule or None,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
    }


def comments_qs() -> Any:
    return Comment.objects.select_related("thread", "author").filter(status__in=discussion_selectors.SHOWN)


@api.get("/comments", response={200: CommentPage, **ERRORS}, summary="The comments on a public object, oldest first")
def comment_list(request: HttpRequest, target: str, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    if discussion_targets.resolve(target) is None:
        raise ApiError(404, "not_found", "There is no public object with this target.", fields={"target": [target]})
    qs = comments_qs().filter(thread__target=target)
    rows, next_url = page(request, qs, cursor=cursor, limit=limit, descending=False)
    return {"items": [comment_out(request, c) for c in rows], "next": next_url}


@api.get("/comments/{comment_id}", response={200: CommentOut, **ERRORS}, summary="One comment")
def comment_get(request: HttpRequest, comment_id: int) -> dict[str, Any]:
    comment = get_object_or_404(comments_qs(), pk=comment_id)
    if discussion_targets.resolve(comment.thread.target) is None:
        raise Http404  # what it discusses is no longer public
    return comment_out(request, comment)


@api.post(
    "/comments",
    response={201: CommentOut, 202: HeldOut, **ERRORS},
    auth=token,
    summary="Comment on a public object (202 when the spam rules hold it for a moderator)",
)
def comment_create(request: HttpRequest, payload: CommentIn) -> Status:
    target = discussion_targets.resolve(payload.target)
    if target is None:
        raise ApiError(
            404, "not_found", "There is no public object with this target.", fields={"target": [payload.target]}
        )
    discussion_limits.comment(request, request.user)
    comment = discussion_services.comment_post(
        target_key=payload.target, body=payload.body, author=request.user, parent=payload.parent, target=target
    )
    if comment.status == Comment.Status.HELD:
        return Status(202, {"id": comment.pk, "status": "held", "held_for": comment.held_for})
    if comment.status != Comment.Status.PUBLISHED:  # a double submission of a comment changed since
        comment = comments_qs().get(pk=comment.pk)
    return Status(201, comment_out(request, comment))


def moderation_out(a: ModerationAction) -> dict[str, Any]:
    return {
        "id": a.pk,
        "action": a.action,
        "object_kind": a.object_kind,
        "object_id": a.object_id,
        "rule": a.rule or None,
        "moderator": a.moderator.public_name,
        "created_at": a.created_at,
    }


@api.get("/moderation", response={200: ModerationPage, **ERRORS}, summary="The public moderation log, newest first")
def moderation_list(request: HttpRequest, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    rows, next_url = page(request, discussion_selectors.moderation_log(), cursor=cursor, limit=limit)
    return {"items": [moderation_out(a) for a in rows], "next": next_url}


@api.get("/moderation/{action_id}", response={200: ModerationActionOut, **ERRORS}, summary="One moderation action")
def moderation_get(request: HttpRequest, action_id: int) -> dict[str, Any]:
    return moderation_out(get_object_or_404(discussion_selectors.moderation_log(), pk=action_id))
