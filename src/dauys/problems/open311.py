"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under ``/open311/v2/``, in JSON and XML.

Services are our categories; a service request is a public problem. ``POST requests`` files and publishes a
problem as the account of the API token given as ``api_key`` (``dauys token create``). Errors are the
specification's list of ``{"code", "description"}`` with the matching HTTP status. Clients written for
FixMyStreet-style servers work unchanged: the same paths, parameters, fields and formats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from dauys.api.auth import user_for_token
from dauys.core.errors import error_format
from dauys.core.ratelimit import Limit, RateLimited, hit
from dauys.places.models import Place
from dauys.places.selectors import place_at
from dauys.problems import services
from dauys.problems.models import Appeal, Category, Photo, Problem
from dauys.problems.selectors import PUBLIC

CLOSED = {"resolved", "unresolved", "withdrawn", "duplicate"}
MAX_RESULTS = 1000  # the specification's suggested ceiling
DEFAULT_DAYS = 90  # without dates, the last 90 days (as the specification suggests)
POST_LIMITS = (Limit(10, 60), Limit(100, 86400))
KAZAKHSTAN = (40.5, 46.4, 55.5, 87.4)  # south, west, north, east


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def _xml(root: str, item: str, rows: Iterable[dict[str, Any]]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        element = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(element, key)
            if isinstance(value, list):  # keywords
                child.text = ",".join(value)
            elif isinstance(value, bool):
                child.text = "true" if value else "false"
            elif value is not None:
                child.text = str(value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")


def _respond(
    fmt: str, root: str, item: str, rows: list[dict[str, Any]] | dict[str, Any], status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        data = _xml(root, item, rows if isinstance(rows, list) else [rows])
        response = HttpResponse(data, status=status, content_type="text/xml; charset=utf-8")
    else:
        response = JsonResponse(rows, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, "errors", "error", [{"code": status, "description": description}], status=status)


# Errors answered before an endpoint runs (an unknown address, a body over the size limit): the spec's error list,
# in XML where the address asks for XML.
error_format(
    "/open311/",
    lambda request, status, message: _error("xml" if request.path.endswith(".xml") else "json", status, message),
)


def endpoint(view: Any) -> Any:
    """Spec errors for anything that goes wrong with the request; a wrong method is a 405 in the same format."""

    def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)
        except RateLimited as exc:
            response = _error(fmt, 429, exc.message)
            response["Retry-After"] = str(exc.retry_after)
            return response

    return csrf_exempt(wrapped)


def _base(request: HttpRequest) -> str:
    return (settings.BASE_URL or request.build_absolute_uri("/").rstrip("/")).rstrip("/")


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


@endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method != "GET":
        raise Open311Error(405, "Use GET.")
    base = _base(request)
    document = {
        "changeset": "2026-11-25T00:00:00+05:00",
        "contact": f"{base}/ (Dauys: public control of authorities in Kazakhstan)",
        "key_service": f"api_key is an account's API token: {base}/en/accounts/me/tokens/ (or `dauys token create`)",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": f"{base}/open311/v2",
                "changeset": "2026-11-25T00:00:00+05:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    if fmt == "xml":
        top = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(top, key).text = str(document[key])
        endpoints = ET.SubElement(top, "endpoints")
        for item in document["endpoints"]:
            e = ET.SubElement(endpoints, "endpoint")
            for key in ("specification", "url", "changeset", "type"):
                ET.SubElement(e, key).text = item[key]  # type: ignore[index]
            formats = ET.SubElement(e, "formats")
            for f in item["formats"]:  # type: ignore[index]
                ET.SubElement(formats, "format").text = f
        data = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(data, content_type="text/xml; charset=utf-8")
    return JsonResponse(document)


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.name,
        "metadata": False,
        "type": "realtime",
        "keywords": [category.slug],
        "group": "",
    }


@endpoint
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method != "GET":
        raise Open311Error(405, "Use GET.")
    return _respond(fmt, "services", "service", [_service(c) for c in Category.objects.order_by("position", "pk")])


@endpoint
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    if request.method != "GET":
        raise Open311Error(405, "Use GET.")
    category = Category.objects.filter(slug=code).first()
    if category is None:
        raise Open311Error(404, f"There is no service with the code {code!r}.")
    # No service has extra attributes (metadata is false): the definition lists none.
    if fmt == "xml":
        top = ET.Element("service_definition")
        ET.SubElement(top, "service_code").text = category.slug
        ET.SubElement(top, "attributes")
        data = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(data, content_type="text/xml; charset=utf-8")
    return JsonResponse({"service_code": category.slug, "attributes": []})


def _requests_qs() -> Any:
    appeals = Appeal.objects.select_related("authority").order_by("-created_at", "-pk")
    return (
        Problem.objects.filter(status__in=PUBLIC)
        .select_related("category", "place")
        .defer("body_html", "search_words")
        .prefetch_related(Prefetch("appeals", queryset=appeals), Prefetch("photos", queryset=Photo.objects.all()))
    )


def _request_out(request: HttpRequest, p: Problem) -> dict[str, Any]:
    base = _base(request)
    appeals = list(p.appeals.all())  # newest first
    current = appeals[0] if appeals else None
    photos = list(p.photos.all())
    notes = ""
    expected = None
    if current is not None:
        notes = f"{current.get_status_display()}: {current.authority.name} ({current.reference})"
        deadline = current.effective_deadline
        if deadline is not None and current.answered_on is None:
            # The legal deadline, at the end of that day in Almaty.
            end = timezone.make_aware(datetime.combine(deadline, datetime.max.time().replace(microsecond=0)))
            expected = _iso(end)
    latitude, longitude = p.latitude, p.longitude
    return {
        "service_request_id": str(p.pk),
        "status": "closed" if p.status in CLOSED else "open",
        "status_notes": notes,
        "service_name": p.category.name,
        "service_code": p.category.slug,
        "description": f"{p.title}\n\n{p.body}",
        "agency_responsible": current.authority.name if current else "",
        "service_notice": "",
        "requested_datetime": _iso(p.published_at or p.created_at),
        "updated_datetime": _iso(p.updated_at),
        "expected_datetime": expected,
        "address": p.place.name,
        "address_id": p.place.slug,
        "zipcode": None,
        "lat": latitude,
        "long": longitude,
        "media_url": base + photos[0].large.url if photos else None,
    }


def _date(value: str, name: str) -> datetime:
    try:
        parsed = parse_datetime(value.strip().replace(" ", "+"))  # a "+" left unescaped in a query string is a space
    except ValueError:  # well formed, but no such moment: month 13, an offset of 25 hours
        parsed = None
    if parsed is None:
        raise Open311Error(400, f"{name} must be a W3C date and time, for example 2026-11-01T00:00:00+05:00.")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@endpoint
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, "Use GET or POST.")
    params = request.GET
    qs = _requests_qs()
    if ids := params.get("service_request_id", "").strip():
        try:
            wanted = [int(i) for i in ids.split(",") if i.strip()]
        except ValueError:
            raise Open311Error(400, "service_request_id must be ids separated by commas.") from None
        rows = [_request_out(request, p) for p in qs.filter(pk__in=wanted[:MAX_RESULTS]).order_by("-published_at")]
        return _respond(fmt, "service_requests", "request", rows)
    if codes := params.get("service_code", "").strip():
        slugs = [c.strip() for c in codes.split(",") if c.strip()]
        known = set(Category.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if unknown := [s for s in slugs if s not in known]:
            raise Open311Error(400, f"There is no service with the code {unknown[0]!r}.")
        qs = qs.filter(category__slug__in=slugs)
    if status := params.get("status", "").strip():
        states = {s.strip() for s in status.split(",")}
        if not states <= {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both (open,closed).")
        if states == {"open"}:
            qs = qs.exclude(status__in=CLOSED)
        elif states == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    end = _date(params["end_date"], "end_date") if params.get("end_date") else timezone.now()
    start = (
        _date(params["start_date"], "start_date") if params.get("start_date") else end - timedelta(days=DEFAULT_DAYS)
    )
    if start > end:
        raise Open311Error(400, "start_date must be before end_date.")
    qs = qs.filter(published_at__gte=start, published_at__lte=end).order_by("-published_at", "-pk")
    return _respond(fmt, "service_requests", "request", [_request_out(request, p) for p in qs[:MAX_RESULTS]])


@endpoint
def request_detail(request: HttpRequest, fmt: str, pk: str) -> HttpResponse:
    if request.method != "GET":
        raise Open311Error(405, "Use GET.")
    problem = _requests_qs().filter(pk=int(pk)).first() if pk.isdigit() else None
    if problem is None:
        raise Open311Error(404, f"There is no service request {pk!r}.")
    return _respond(fmt, "service_requests", "request", [_request_out(request, problem)])


def place_for_point(latitude: float, longitude: float) -> Place:
    """The smallest place whose outline holds the point (a city district, a city of regional significance, else
    the region or city of republican significance), as the filing form's pin finds it (``places.outlines``)."""
    south, west, north, east = KAZAKHSTAN
    if not (south <= latitude <= north and west <= longitude <= east):
        raise Open311Error(400, "lat/long is outside Kazakhstan.")
    place = place_at(lat=latitude, lon=longitude)
    if place is None:
        raise Open311Error(400, "lat/long is outside Kazakhstan.")
    return place


def _place_for_address(text: str) -> Place | None:
    text = text.strip()
    if not text:
        return None
    exact = Place.objects.filter(Q(slug=text) | Q(code=text) | Q(iso_code=text)).first()
    if exact is not None:
        return exact
    named = Q(name_kk__icontains=text) | Q(name_ru__icontains=text) | Q(name_en__icontains=text)
    return Place.objects.filter(named).order_by("-depth").first()


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    user = user_for_token(data.get("api_key", "").strip()) if data.get("api_key") else None
    if user is None:
        raise Open311Error(403, "A valid api_key is required to post a service request (an account's API token).")
    # jurisdiction_id is accepted and ignored: one instance is one jurisdiction.
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required.")
    category = Category.objects.filter(slug=code).first()
    if category is None:
        raise Open311Error(404, f"There is no service with the code {code!r}.")
    latitude = longitude = None
    place: Place | None
    if data.get("lat") or data.get("long"):
        try:
            latitude, longitude = float(data["lat"]), float(data["long"])
        except (KeyError, ValueError):
            raise Open311Error(400, "lat and long must both be given, as decimal degrees.") from None
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            raise Open311Error(400, "lat and long must be numbers.")
        place = place_for_point(latitude, longitude)
    else:
        place = _place_for_address(data.get("address_id", "")) or _place_for_address(data.get("address_string", ""))
        if place is None:
            raise Open311Error(
                400, "A location is required: lat and long, or an address_string or address_id naming a place."
            )
    description = data.get("description", "").strip()
    if not description:
        raise Open311Error(400, "description is required: say what the problem is.")
    first_line = description.splitlines()[0].strip()
    title = first_line if len(first_line) <= 160 else first_line[:159].rstrip() + "…"
    hit("open311-post", str(user.pk), *POST_LIMITS)
    try:
        problem = services.problem_file(
            author=user,
            data=services.ProblemInput(
                title=title, body=description, category=category, place=place, latitude=latitude, longitude=longitude
            ),
            publish=True,
        )
    except ValidationError as exc:
        raise Open311Error(400, " ".join(str(m) for m in exc.messages)) from None
    except PermissionDenied as exc:
        raise Open311Error(403, str(exc) or "Not allowed.") from None
    notice = (
        "Published. Address it to the authority responsible on its page: " + _base(request) + problem.get_absolute_url()
    )
    row = {"service_request_id": str(problem.pk), "service_notice": notice, "account_id": None}
    return _respond(fmt, "service_requests", "request", [row], status=201)
