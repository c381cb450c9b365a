from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dauys.ledger.leaves import api_url
from dauys.ledger.views import record_page
from dauys.pages.cache import shared_page, tag_page
from dauys.places import selectors
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
