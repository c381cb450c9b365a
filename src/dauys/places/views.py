from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dauys.ledger.leaves import api_url
from dauys.ledger.views import record_page
from dauys.pages.cache import shared_page, tag_page
from dauys.places import gazetteer, outlines, selectors, tiles
from dauys.places.models import Place


@require_GET
@shared_page
def index(request: HttpRequest) -> HttpResponse:
    units = list(selectors.top_level_units())
    return render(
        request,
        "places/index.html",
        {
            "country": selectors.country(),
            "regions": [u for u in units if u.kind == "region"],
            "cities": [u for u in units if u.kind == "city"],
            "nav": "places",
        },
    )


@require_GET
@shared_page
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = selectors.place_detail(slug=slug)
    if place is None:
        raise Http404
    tag_page(request, f"place:{place.slug}")
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "ancestors": place.ancestors(),
            "children": selectors.sub_places(place=place),
            "nav": "places",
        },
    )


@shared_page
@require_GET
def record(request: HttpRequest, slug: str) -> HttpResponse:
    """The place's entries in the public log (its changes by the operators)."""
    place = get_object_or_404(Place, slug=slug)
    url = api_url(f"places/{place.slug}")
    return record_page(request, object_url=url, title=str(place), back=place.get_absolute_url())


@require_GET
def outlines_geojson(request: HttpRequest) -> HttpResponse:
    """The outlines of the regions, cities and city districts, for the interactive map (``places.outlines``)."""
    response = HttpResponse(outlines.geojson(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def locate(request: HttpRequest) -> JsonResponse:
    """The smallest place a point lies in, for the pin of a form: ``?lat=51.13&lon=71.43`` gives Yesil district
    with the way up to it ("Yesil District, Astana"). A point outside Kazakhstan is a 404, bad numbers a 400."""
    point = selectors.point_in(request.GET)
    if point is None:
        message = _("Give the point as lat and lon in degrees, for example lat=51.1282&lon=71.4304.")
        return JsonResponse({"error": "bad_request", "message": message}, status=400)
    place = selectors.place_at(lat=point[0], lon=point[1])
    if place is None:
        return JsonResponse(
            {"error": "not_found", "message": _("This point is not in Kazakhstan: choose the place from the list.")},
            status=404,
        )
    trail = [p for p in (place, *reversed(place.ancestors())) if p.kind != Place.Kind.COUNTRY]
    return JsonResponse(
        {"place": place.slug, "name": place.name, "trail": ", ".join(str(p.name) for p in trail)},
        headers={"Cache-Control": "private, max-age=3600"},
    )


@require_GET
def tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    """One map tile from the instance's PMTiles archive (``places.tiles``); 404 where it has none."""
    if settings.MAP_PMTILES is None:
        raise Http404
    found = tiles.archive(str(settings.MAP_PMTILES)).tile(z, x, y)
    if found is None:
        raise Http404
    response = HttpResponse(found.data, content_type=found.content_type)
    if found.encoding:
        response["Content-Encoding"] = found.encoding
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """Towns, villages and districts by name in any script (``places.gazetteer``): ``?q=Qaraghandy``, with the
    region each lies in, named in the page's language. Fewer than two letters find nothing."""
    found = gazetteer.search(request.GET.get("q", "")[:100])
    units = {p.code: p for p in Place.objects.filter(code__in={e.unit for e in found if e.unit})}
    return JsonResponse(
        {
            "results": [
                {
                    "name": entry.name(),
                    "kind": entry.kind,
                    "region": units[entry.unit].name if entry.unit in units else None,
                    "lat": entry.lat,
                    "lon": entry.lon,
                }
                for entry in found
            ]
        },
        headers={"Cache-Control": "public, max-age=3600"},
    )
