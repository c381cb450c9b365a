from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class PlaceOut(Schema):
    slug: str
    code: str
    iso_code: str | None
    kind: str
    parent: str | None = Field(None, description="slug of the parent place")
    name: dict[str, str]
    centroid: list[float] | None


class RoutingRuleOut(Schema):
    id: int
    category: str | None = Field(description="category slug; null: any category")
    place: str | None = Field(description="place slug; null: the whole country (a rule covers everything under it)")
    authority: str = Field(description="slug of the authority problems are suggested to go to")


class AuthorityOut(Schema):
    slug: str
    kind: str
    name: dict[str, str]
    place: str | None = Field(None, description="slug of the jurisdiction place; null for the whole country")
    parent: str | None = Field(None, description="slug of the higher body")
    accepts_complaints: bool
    answer_working_days: int
    url: str


class AppealOut(Schema):
    id: int
    reference: str
    kind: str = Field(description="appeal or complaint")
    authority: str = Field(description="authority slug")
    status: str
    delivery: str
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


class Page(Schema):
    next: str | None


class ProblemPage(Page):
    items: list[ProblemOut]


class PlacePage(Page):
    items: list[PlaceOut]


class AuthorityPage(Page):
    items: list[AuthorityOut]


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


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


class CommentOut(Schema):
    id: int
    url: str = Field(description="the comment's own page")
    target: str = Field(description='what it comments on: "problem:12", "answer:3", "place:<slug>", "authority:<slug>"')
    parent: int | None = Field(None, description="the comment it replies to")
    author: str | None = Field(None, description="public name (a guest's chosen name); null once not shown")
    guest: bool
    status: str = Field(description="published, deleted (by its author) or hidden (by the moderators)")
    body: str | None = Field(None, description="Markdown source, while published")
    body_html: str | None = Field(None, description="sanitised HTML, while published")
    hidden_rule: str | None = None
    created_at: datetime
    edited_at: datetime | None = Field(None, description="set when edited after the first 15 minutes")


class CommentPage(Page):
    items: list[CommentOut]


class CommentIn(Schema):
    target: str = Field(description='"problem:12", "answer:3", "place:<slug>" or "authority:<slug>"')
    body: str = Field(description="Markdown subset, at most 10,000 characters")
    parent: int | None = Field(None, description="reply to this comment (one level: a reply to a reply joins it)")


class ModerationActionOut(Schema):
    id: int
    action: str
    object_kind: str
    object_id: int
    rule: str | None
    moderator: str = Field(description="the moderator's public name")
    created_at: datetime


class ModerationPage(Page):
    items: list[ModerationActionOut]


class HeldOut(Schema):
    id: int
    status: str = Field(description='"held": waiting for a moderator')
    held_for: list[str] = Field(description="the spam rules it matched (see docs/discussions.md)")


class PeriodOut(Schema):
    key: str = Field(description="30d, 90d, 12m, all or custom")
    start: date | None = Field(description="first day counted; null: from the beginning")
    end: date


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM: the appeals registered (problems published) that month")
    received: int
    on_time: int
    late: int
    overdue: int
    pending: int
    problems: int
    problems_resolved: int


class ScorecardOut(Schema):
    subject: str = Field(description="authority or place slug")
    scope: str = Field(description="authority (its own appeals), vertical (with every body below it) or place")
    period: PeriodOut
    figures: dict[str, int] = Field(description="the sums: received, on_time, late, overdue, pending, answer kinds, …")
    shares: dict[str, int | None] = Field(description="percentages, rounded; null when there is nothing to divide")
    answer_working_days: dict[str, int | None] = Field(description="median and p90 (nearest rank) of working days")
    resolution_days: dict[str, int | None] = Field(description="median calendar days from publication to resolution")
    months: list[MonthOut]
    how_we_count: str = Field(description="where each figure is defined")


class ReportCount(Schema):
    authority: str | None = Field(description="authority slug (null: a body since removed)")
    count: int


class ReportMover(Schema):
    authority: str | None
    before: int = Field(description="% answered on time, appeals registered in the period before")
    now: int = Field(description="% answered on time, appeals registered in this period")


class ReportOut(Schema):
    kind: str = Field(description="weekly or monthly")
    key: str = Field(description="2026-W47 (ISO week) or 2026-11")
    start: date
    end: date
    place: str | None = Field(description="place slug; null: the whole country")
    written_at: datetime = Field(description="when it was written; a report is kept as written")
    problems: int = Field(description="new problems published in the period")
    top_problems: list[int] = Field(description="ids of the most supported of them")
    answers: int
    answers_by_kind: dict[str, int]
    overdue: int = Field(description="appeals that went overdue in the period")
    overdue_by: list[ReportCount]
    promises_broken: int
    broken_by: list[ReportCount]
    movers: list[ReportMover] = Field(description="the biggest changes in on-time share (>= 5 appeals in both)")
    url: str
    pdf: str


class ReportPage(Page):
    items: list[ReportOut]


class TimelineEventOut(Schema):
    id: int
    at: datetime
    kind: str = Field(
        description="published, edited, appeal:recorded|queued|sent|extended|overdue|escalated, answer:<kind>, "
        "answer:judged, promise:broken, fix:not_fixed, status:<status>"
    )
    actor: str | None = Field(description="public name; null for the instance or an author who hid their name")
    appeal: int | None
    authority: str | None = Field(description="the slug of the appeal's authority")
    answer: int | None
    data: dict[str, Any] = Field(description="details: a reason, a new deadline, the fields edited, a verdict")


class TimelinePage(Page):
    items: list[TimelineEventOut]
