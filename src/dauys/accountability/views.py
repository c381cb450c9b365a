"""Scorecards, the lists behind their figures, rankings and comparison: read-only pages, no JavaScript needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dauys.accountability import charts, counting, selectors
from dauys.accountability.models import Scope
from dauys.authorities.models import Authority
from dauys.authorities.selectors import vertical
from dauys.core.i18n import name_key, order_by_name
from dauys.pages.cache import private_page, shared_page
from dauys.places.models import Place

SCOPES = {"authority": Scope.AUTHORITY, "vertical": Scope.VERTICAL, "place": Scope.PLACE}


def _period(request: HttpRequest) -> tuple[selectors.Period, dict[str, list[str]]]:
    """The asked period, or the default one with the errors to show (a bad period is a 400, never a 500)."""
    try:
        return selectors.parse_period(request.GET), {}
    except ValidationError as exc:
        return selectors.parse_period({}), exc.message_dict


def _context(request: HttpRequest, period: selectors.Period, errors: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "period": period,
        "period_errors": errors,
        "periods": list(selectors.PERIODS.items()),
        "asked": request.GET,
        "readers": counting.READERS_NEEDED,
        "nav": "scorecards",
    }


def _behind(scope_name: str, slug: str) -> str:
    """The start of the links from a card's figures to their lists: the template appends "<figure>/?<period>"."""
    return reverse("accountability:behind", args=[scope_name, slug, "received"]).removesuffix("received/")


def _card(scope: int, subject: int, slug: str, period: selectors.Period) -> dict[str, Any]:
    card = selectors.figures(scope, subject, period)
    months = selectors.monthly(scope, subject, period)
    scope_name = next(k for k, v in SCOPES.items() if v == scope)
    return {
        "card": card,
        "behind": _behind(scope_name, slug),
        "months": months,
        "trend": charts.monthly_bars(months),
        "kinds_bar": charts.share_bar(card.kinds()),
    }


@require_GET
@shared_page
def authority_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority.objects.select_related("place"), slug=slug)
    period, errors = _period(request)
    context = _context(request, period, errors)
    context.update(authority=authority, chain=vertical(authority=authority))
    context.update(_card(Scope.AUTHORITY, authority.pk, slug, period))
    children = list(authority.children.filter(is_active=True).select_related("place"))
    if children:
        # The authority's vertical and each subordinate's, in one pass over the tallies.
        below = selectors.figures_of(Scope.VERTICAL, [authority.pk, *(c.pk for c in children)], period)
        context["vertical_card"] = below.get(authority.pk) or selectors.Figures({})
        context["vertical_behind"] = _behind("vertical", slug)
        context["below"] = sorted(
            ((c, below.get(c.pk) or selectors.Figures({})) for c in children),
            key=lambda pair: (-pair[1].received, name_key(pair[0].name)),
        )
    return render(request, "accountability/authority.html", context, status=400 if errors else 200)


@require_GET
@shared_page
def place_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    period, errors = _period(request)
    context = _context(request, period, errors)
    context.update(place=place, chain=place.ancestors())
    context.update(_card(Scope.PLACE, place.pk, slug, period))
    children = list(place.children.all())
    if children:
        within = selectors.figures_of(Scope.PLACE, [c.pk for c in children], period)
        context["within"] = sorted(
            ((c, within.get(c.pk) or selectors.Figures({})) for c in children),
            key=lambda pair: (-pair[1].received, name_key(pair[0].name)),
        )
    if place.parent_id is None or place.kind == Place.Kind.CITY:
        context.update(_map(request, period, place))
    return render(request, "accountability/place.html", context, status=400 if errors else 200)


def _map(request: HttpRequest, period: selectors.Period, place: Place) -> dict[str, Any]:
    """The country's 20 top-level units, or a city's districts, coloured by one figure, on the server-drawn
    outline map (no tiles, no script)."""
    from dauys.places import maps

    figure = request.GET.get("map", "on_time_share")
    if figure not in charts.MAP_FIGURES:
        figure = "on_time_share"
    parts = list(Place.objects.filter(iso_code__in=maps.UNITS) if place.parent_id is None else place.children.all())
    cards = selectors.figures_of(Scope.PLACE, [u.pk for u in parts], period)
    values = {u.pk: v for u in parts if (c := cards.get(u.pk)) and (v := c.get(figure)) is not None}
    suffix = charts.MAP_FIGURES[figure][1]

    def href(place: Place) -> str:
        return f"{reverse('accountability:place', args=[place.slug])}?{period.query()}"

    def text(v: int) -> str:
        return f"{v}{suffix}"

    if place.parent_id is None:
        drawn: maps.Map | None = maps.country(values, href, text=text, missing="–")
    else:
        drawn = maps.districts(place, values, href, text=text, missing="–")
    if drawn is None:
        return {}
    return {
        "map_figure": figure,
        "map_figures": [(k, label) for k, (label, _suffix) in charts.MAP_FIGURES.items()],
        "map_label": charts.MAP_FIGURES[figure][0],
        "map": drawn,
        "map_table": sorted(drawn.shapes, key=lambda s: name_key(s.place.name)),
    }


@require_GET
@shared_page
def behind(request: HttpRequest, scope: str, slug: str, figure: str) -> HttpResponse:
    """The problems a figure counts, for the same subject and period."""
    if scope not in SCOPES or figure not in selectors.FIGURES:
        raise Http404
    subject: Authority | Place
    if scope == "place":
        subject = get_object_or_404(Place, slug=slug)
        card_url = reverse("accountability:place", args=[slug])
    else:
        subject = get_object_or_404(Authority, slug=slug)
        card_url = reverse("accountability:authority", args=[slug])
    period, errors = _period(request)
    context = _context(request, period, errors)
    problems = selectors.problems_behind(SCOPES[scope], subject.pk, figure, period)
    page = Paginator(problems, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        subject=subject,
        scope=scope,
        figure=figure,
        figure_label=charts.FIGURE_LABELS[figure],
        card_url=card_url,
        page=page,
        query=query.urlencode(),
    )
    return render(request, "accountability/behind.html", context, status=400 if errors else 200)


@require_GET
@shared_page
def rankings(request: HttpRequest) -> HttpResponse:
    period, errors = _period(request)
    context = _context(request, period, errors)
    figure = request.GET.get("figure", "on_time_share")
    group_key = request.GET.get("group", selectors.GROUPS[0].key)
    group = next((g for g in selectors.GROUPS if g.key == group_key), None)
    if figure not in selectors.RANKED:
        errors = {**errors, "figure": [_("There is no such figure to rank by.")]}
        figure = "on_time_share"
    if group is None:
        errors = {**errors, "group": [_("There is no such group of authorities.")]}
        group = selectors.GROUPS[0]
    context["period_errors"] = errors
    ranked, unranked = selectors.ranking(group, figure, period)
    context.update(
        groups=selectors.GROUPS,
        group=group,
        figures=[(k, label) for k, (label, _better) in selectors.RANKED.items()],
        figure=figure,
        figure_label=selectors.RANKED[figure][0],
        higher_better=selectors.RANKED[figure][1],
        ranked=ranked,
        unranked=unranked,
        min_appeals=selectors.MIN_APPEALS,
    )
    return render(request, "accountability/rankings.html", context, status=400 if errors else 200)


MAX_COMPARED = 4


@require_GET
@shared_page
def compare(request: HttpRequest) -> HttpResponse:
    period, errors = _period(request)
    context = _context(request, period, errors)
    slugs = [s for s in request.GET.getlist("a") if s][:MAX_COMPARED]
    found = {a.slug: a for a in Authority.objects.filter(slug__in=slugs).select_related("place")}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        errors = {**errors, "a": [_("There is no authority “%(slug)s”.") % {"slug": unknown[0]}]}
    authorities = [found[s] for s in dict.fromkeys(slugs) if s in found]
    cards = selectors.figures_of(Scope.AUTHORITY, [a.pk for a in authorities], period)
    compared = [(a, cards.get(a.pk) or selectors.Figures({})) for a in authorities]
    context.update(
        period_errors=errors,
        compared=compared,
        rows=[(label, unit, [f.get(attr) for _a, f in compared]) for attr, label, unit in charts.COMPARED_ROWS],
        choices=Authority.objects.filter(is_active=True)
        .order_by(order_by_name())  # in the reader's language and alphabet
        .only("slug", "name_kk", "name_ru", "name_en"),
        slots=range(MAX_COMPARED),
        chosen=slugs + [""] * (MAX_COMPARED - len(slugs)),
    )
    return render(request, "accountability/compare.html", context, status=400 if errors else 200)


@require_GET
@shared_page
def report_archive(request: HttpRequest) -> HttpResponse:
    from dauys.accountability.models import Report

    reports = Report.objects.filter(place=None).order_by("-start", "kind")
    return render(
        request,
        "accountability/report_archive.html",
        {
            "weekly": reports.filter(kind="weekly")[:104],
            "monthly": reports.filter(kind="monthly")[:120],
            "nav": "scorecards",
        },
    )


def _report(kind: str, key: str, place: str | None) -> tuple[Any, Place | None]:
    """The report at a URL, and its place (None: the whole country); 404 for anything else."""
    from dauys.accountability.models import Report

    where = get_object_or_404(Place, slug=place) if place else None
    return get_object_or_404(Report, kind=kind, key=key, place=where), where


@require_GET
@shared_page
def report_detail(request: HttpRequest, kind: str, key: str, place: str | None = None) -> HttpResponse:
    from dauys.accountability.models import Report
    from dauys.accountability.reports import resolved

    report, where = _report(kind, key, place)
    regional = Report.objects.filter(kind=kind, key=key, place__isnull=False).select_related("place")
    return render(
        request,
        "accountability/report.html",
        {
            "report": report,
            "where": where,
            **resolved(report),
            "regional": sorted(regional, key=lambda r: name_key(r.place.name)) if where is None else [],
            "nav": "scorecards",
        },
    )


@require_GET
def report_pdf(request: HttpRequest, kind: str, key: str, place: str | None = None) -> HttpResponse:
    """The same report as a PDF, in the reader's language (for printing, filing and citing)."""
    from dauys.accountability import pdf

    report, _where = _report(kind, key, place)
    response = HttpResponse(pdf.render(report, get_language() or "kk"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(report)}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Which reports come to the person's e-mail: weekly and monthly, for the country and any region or city."""
    from dauys.accountability.models import Report, ReportSubscription
    from dauys.accountability.services import report_subscriptions_set
    from dauys.places import maps

    private_page(request)
    user: Any = request.user
    units = sorted(Place.objects.filter(iso_code__in=maps.UNITS), key=lambda p: name_key(p.name))
    by_slug = {p.slug: p for p in units}
    if request.method == "POST":
        wanted: set[tuple[str, int | None]] = set()
        for value in request.POST.getlist("report"):
            kind, _sep, where = value.partition(":")
            if kind not in Report.Kind.values or (where and where not in by_slug):
                return render(request, "400.html", status=400)
            wanted.add((kind, by_slug[where].pk if where else None))
        report_subscriptions_set(user=user, wanted=wanted)
        messages.success(request, _("Saved: the reports you chose will come to your e-mail address."))
        return redirect("accountability:subscriptions")
    have = {
        f"{s.kind}:{s.place.slug if s.place else ''}"
        for s in ReportSubscription.objects.filter(user=user).select_related("place")
    }
    rows = [("", _("Whole country")), *((p.slug, p.name) for p in units)]
    return render(
        request,
        "accountability/subscriptions.html",
        {"rows": rows, "have": have, "nav": "scorecards"},
    )
