"""Periodic public reports: weekly and monthly, for the whole instance and for each region and city.

A report is written once, after its period is over (the daily job writes every report that is due), and kept as
written: its URL is a stable citation even when later answers are recorded with older dates. It holds numbers and
ids only; names are shown in the reader's language when the report is read.

What a report says about its period (``start`` to ``end``, both included), for the place and everything in it:
new problems published, answers received (by kind), appeals that went overdue, promises broken, and the biggest
movers: the bodies whose share of appeals answered on time changed most against the period before (cohorts of
appeals registered in each period, with at least ``MOVER_MIN`` appeals in both); and the new problems by place,
for its map: the country's by region and city, a city's by district.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from dauys.accountability import selectors
from dauys.accountability.models import Report, Scope
from dauys.places.models import Place
from dauys.places.selectors import descendant_ids

MOVER_MIN = 5
TOP = 10


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_of(key: str) -> tuple[date, date]:
    start = date.fromisoformat(f"{key}-1") if "W" in key else None  # YYYY-Www-D is ISO 8601
    if start is None:
        raise ValueError(key)
    return start, start + timedelta(days=6)


def month_of(key: str) -> tuple[date, date]:
    start = date.fromisoformat(f"{key}-01")
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def period_of(kind: str, key: str) -> tuple[date, date]:
    """The first and last day of a report's period; ValueError for a malformed key."""
    if kind == Report.Kind.WEEKLY:
        return week_of(key)
    if kind == Report.Kind.MONTHLY and len(key) == 7:
        return month_of(key)
    raise ValueError(key)


def last_complete(kind: str, today: date) -> str:
    """The key of the latest period of ``kind`` that is over by ``today``."""
    if kind == Report.Kind.WEEKLY:
        return week_key(today - timedelta(days=today.weekday() + 1))
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def build(kind: str, key: str, place: Place | None) -> dict[str, Any]:
    """What the report says (see the module's docstring), from the record as it is now."""
    from dauys.authorities.models import Authority
    from dauys.problems.models import Answer, Appeal, Problem, Promise
    from dauys.problems.selectors import PUBLIC

    start, end = period_of(kind, key)
    places = descendant_ids(place) if place is not None else None
    problems = Problem.objects.filter(status__in=PUBLIC, published_at__date__gte=start, published_at__date__lte=end)
    bodies = Authority.objects.all()
    if places is not None:
        problems = problems.filter(place_id__in=places)
        bodies = bodies.filter(place_id__in=places)
    public_appeals = Appeal.objects.filter(problem__status__in=PUBLIC)
    if places is not None:
        public_appeals = public_appeals.filter(authority__in=bodies)
    answers = Answer.objects.filter(appeal__in=public_appeals, received_on__range=(start, end))
    overdue = public_appeals.filter(overdue_since__range=(start, end))
    broken = Promise.objects.filter(
        problem__status__in=PUBLIC, status="broken", settled_on__range=(start, end), authority__in=bodies
    )
    period = selectors.Period("custom", start, end)
    before = selectors.Period("custom", start - (end - start) - timedelta(days=1), start - timedelta(days=1))
    ids = list(bodies.filter(is_active=True).values_list("pk", flat=True))
    now_cards = selectors.figures_of(Scope.AUTHORITY, ids, period)
    then_cards = selectors.figures_of(Scope.AUTHORITY, ids, before)
    movers = []
    for pk, card in now_cards.items():
        previous = then_cards.get(pk)
        if card.received >= MOVER_MIN and previous is not None and previous.received >= MOVER_MIN:
            movers.append({"authority": pk, "now": card.on_time_share or 0, "before": previous.on_time_share or 0})
    movers.sort(key=lambda m: (-abs(m["now"] - m["before"]), m["authority"]))
    return {
        "problems": problems.count(),
        "top_problems": list(problems.order_by("-supports_count", "-pk").values_list("pk", flat=True)[:TOP]),
        "answers": answers.count(),
        "answers_by_kind": dict(answers.values_list("kind").annotate(n=Count("pk")).order_by()),
        "overdue": overdue.count(),
        "overdue_by_authority": [
            [a, n]
            for a, n in overdue.values_list("authority_id").annotate(n=Count("pk")).order_by("-n", "authority_id")[:TOP]
        ],
        "promises_broken": broken.count(),
        "broken_by_authority": [
            [a, n]
            for a, n in broken.values_list("authority_id").annotate(n=Count("pk")).order_by("-n", "authority_id")[:TOP]
        ],
        "movers": movers[:TOP],
        "problems_by_place": [[pk, n] for pk, n in sorted(_by_part(problems, place).items())],
    }


def _by_part(problems: Any, place: Place | None) -> dict[int, int]:
    """New problems per part of the report's map: the country's 20 units, or a city's districts (none for a
    region: the outlines divide only the cities)."""
    from dauys.places import maps
    from dauys.problems.selectors import counts_by_part

    if place is None:
        parts = set(Place.objects.filter(iso_code__in=maps.UNITS).values_list("pk", flat=True))
    elif place.kind == Place.Kind.CITY:
        parts = set(place.children.values_list("pk", flat=True))
    else:
        return {}
    return counts_by_part(parts, problems)


def report_map(report: Report) -> Any:
    """The report's new problems on the outline map (``places.maps``), or None: a region's report, or a report
    written before reports kept their figures by place."""
    from dauys.places import maps

    values = {int(pk): n for pk, n in report.content.get("problems_by_place", [])}
    if not values:
        return None
    if report.place is None:

        def regional(place: Place) -> str:
            return reverse("accountability:report_place", args=[report.kind, report.key, place.slug])

        return maps.country(values, regional)

    def problems_there(place: Place) -> str:
        return f"{reverse('problems:index')}?{urlencode({'place': place.slug})}"

    return maps.districts(report.place, values, problems_there)


def bodies_named(content: dict[str, Any]) -> set[int]:
    """The ids of the authorities a report's content names (who let appeals go overdue, broke promises, moved)."""
    ids = {a for a, _n in content["overdue_by_authority"]} | {a for a, _n in content["broken_by_authority"]}
    return ids | {m["authority"] for m in content["movers"]}


def resolved(report: Report) -> dict[str, Any]:
    """What a report says, with the objects behind its ids (names in the active language): for its page and PDF."""
    from dauys.authorities.models import Authority
    from dauys.problems.models import Answer, Problem
    from dauys.problems.selectors import PUBLIC

    content = report.content
    bodies = Authority.objects.in_bulk(bodies_named(content))
    # A problem removed since the report was written is no longer shown (the report keeps its id only).
    public = Problem.objects.filter(status__in=PUBLIC).select_related("category", "place")
    problems = public.in_bulk(content["top_problems"])
    kinds = dict(Answer.Kind.choices)
    return {
        "content": content,
        "top_problems": [problems[i] for i in content["top_problems"] if i in problems],
        "answers_by_kind": [(kinds.get(k, k), n) for k, n in sorted(content["answers_by_kind"].items())],
        "overdue_by": [(bodies.get(a), n) for a, n in content["overdue_by_authority"]],
        "broken_by": [(bodies.get(a), n) for a, n in content["broken_by_authority"]],
        "movers": [
            (bodies.get(m["authority"]), m["before"], m["now"], m["now"] - m["before"]) for m in content["movers"]
        ],
        "mover_min": MOVER_MIN,
        "map": report_map(report),
    }


def write_due(today: date | None = None) -> int:
    """Write every report whose period is over and that does not exist yet; return how many were written."""
    from dauys.accountability.services import report_write
    from dauys.places import maps

    today = today or timezone.localdate()
    units = list(Place.objects.filter(iso_code__in=maps.UNITS))
    written = 0
    for kind in Report.Kind.values:
        key = last_complete(kind, today)
        for place in [None, *units]:
            if Report.objects.filter(kind=kind, key=key, place=place).exists():
                continue
            try:
                report_write(kind=kind, key=key, place=place)
                written += 1
            except IntegrityError:  # another worker wrote it first
                continue
    return written


def send(report_id: int) -> int:
    """E-mail a new report to the people subscribed to it, each in their language; return how many were sent.

    The report's PDF in the person's language is attached. Runs in a worker (``subscribers.send_report``, on
    ``report.written``); a failure is retried by the queue. Subscriptions of deleted accounts or of accounts
    without an address are skipped.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import translation
    from django.utils.translation import gettext as _

    from dauys.accountability import pdf
    from dauys.accountability.models import ReportSubscription

    report = Report.objects.select_related("place").get(pk=report_id)
    documents: dict[str, bytes] = {}  # the PDF in each language, made once
    subscribers = ReportSubscription.objects.filter(
        kind=report.kind, place=report.place, user__deleted_at__isnull=True
    ).select_related("user")
    sent = 0
    for subscription in subscribers:
        user = subscription.user
        if not user.email:
            continue
        with translation.override(user.language or "kk"):
            kind = _("Weekly report") if report.kind == Report.Kind.WEEKLY else _("Monthly report")
            where = report.place.name if report.place else _("Whole country")
            c = report.content
            summary = _(
                "%(problems)s new problems, %(answers)s answers, %(overdue)s appeals overdue, "
                "%(broken)s promises broken."
            ) % {
                "problems": c["problems"],
                "answers": c["answers"],
                "overdue": c["overdue"],
                "broken": c["promises_broken"],
            }
            url = settings.BASE_URL + report.get_absolute_url()
            manage = settings.BASE_URL + reverse("accountability:subscriptions")
            body = f"{kind}: {report.start.isoformat()} – {report.end.isoformat()}, {where}\n\n{summary}\n\n{url}\n\n"
            body += _("Change what you receive: %(url)s") % {"url": manage}
            lang = user.language or "kk"
            if lang not in documents:
                documents[lang] = pdf.render(report, lang)
            message = EmailMessage(subject=f"Dauys: {kind} {report.key} · {where}", body=body, to=[user.email])
            message.attach(pdf.filename(report), documents[lang], "application/pdf")
            message.send()
        sent += 1
    return sent
