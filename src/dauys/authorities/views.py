from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dauys.authorities import selectors
from dauys.authorities.forms import AuthorityFilterForm
from dauys.authorities.models import Authority
from dauys.ledger.leaves import api_url
from dauys.ledger.views import record_page
from dauys.pages.cache import shared_page, tag_page


@require_GET
@shared_page
def index(request: HttpRequest) -> HttpResponse:
    form = AuthorityFilterForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        authorities = selectors.authority_list(
            kind=form.cleaned_data["kind"], place=form.cleaned_data["place"], query=form.cleaned_data["q"]
        )
    elif form.is_bound:
        authorities = selectors.authority_list().none()
        status = 400
    else:
        authorities = selectors.authority_list()
    page = Paginator(authorities, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "authorities/index.html",
        {"form": form, "page": page, "query": query.urlencode(), "nav": "authorities"},
        status=status,
    )


@require_GET
@shared_page
def vertical(request: HttpRequest) -> HttpResponse:
    return render(request, "authorities/vertical.html", {"roots": selectors.vertical_tree(), "nav": "authorities"})


@require_GET
@shared_page
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    authority = selectors.authority_detail(slug=slug)
    if authority is None:
        raise Http404
    tag_page(request, f"authority:{authority.slug}")
    return render(
        request,
        "authorities/detail.html",
        {
            "authority": authority,
            "vertical": selectors.vertical(authority=authority),
            "subordinates": selectors.subordinates(authority=authority),
            "representatives": selectors.verified_representatives(authority=authority),
            "rule": authority.response_rule,
            "nav": "authorities",
        },
    )


@shared_page
@require_GET
def record(request: HttpRequest, slug: str) -> HttpResponse:
    """The authority's entries in the public log (its changes by the operators)."""
    authority = get_object_or_404(Authority, slug=slug, is_active=True)
    url = api_url(f"authorities/{authority.slug}")
    return record_page(request, object_url=url, title=str(authority), back=authority.get_absolute_url())
