from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dauys.authorities.selectors import authority_list
from dauys.pages.cache import shared_page, tag_page
from dauys.places import selectors


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
    tag_page(request, f"place:{place.slug}")
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "ancestors": place.ancestors(),
            "children": selectors.sub_places(place=place),
            "authorities": authority_list().filter(place=place),  # this place's own, not those below it
            "nav": "places",
        },
    )
