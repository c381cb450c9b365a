from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from dauys.accountability.feeds import ReportsFeed
from dauys.api import opendata
from dauys.api.v1 import api as api_v1
from dauys.places import views as place_views
from dauys.problems import open311
from dauys.problems import views as problem_views
from dauys.problems.feeds import ProblemsFeed, TimelineFeed
from dauys.web import views as web_views

handler400 = "dauys.web.views.bad_request"
handler403 = "dauys.web.views.permission_denied"
handler404 = "dauys.web.views.page_not_found"
handler500 = "dauys.web.views.server_error"

# Machine endpoints: no language prefix.
urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("-/floor", web_views.floor, name="floor"),
    path("api/v1/", api_v1.urls),
    path("open-data/", opendata.index, name="open-data"),
    re_path(r"^open-data/(?P<name>[a-z_]+)\.(?P<fmt>csv|jsonl)$", opendata.download, name="open-data-download"),
    path("tiles/<int:z>/<int:x>/<int:y>", place_views.tile, name="tiles"),
    path("feeds/problems.atom", ProblemsFeed(), name="feed-problems"),
    path("feeds/reports.atom", ReportsFeed(), name="feed-reports"),
    path("feeds/places/<slug:place>.atom", ProblemsFeed(), name="feed-place"),
    path("feeds/authorities/<slug:authority>.atom", ProblemsFeed(), name="feed-authority"),
    path("feeds/problems/<int:pk>.atom", TimelineFeed(), name="feed-timeline"),
    # Only photos are public media; scans of letters (which carry names and addresses) are never served here.
    re_path(r"^media/(?P<path>photos/[\w/.-]+)$", web_views.media, name="media"),
    # Scans are served one by one to whoever may see them (problems.services.scans.visible_to).
    path("scans/<int:pk>", problem_views.scan, name="scan"),
    path("ledger/", include("dauys.ledger.urls")),
    # Open311 GeoReport v2: JSON or XML by the extension, as the specification has it.
    re_path(r"^open311/v2/discovery\.(?P<fmt>json|xml)$", open311.discovery, name="open311-discovery"),
    re_path(r"^open311/v2/services\.(?P<fmt>json|xml)$", open311.service_list, name="open311-services"),
    re_path(
        r"^open311/v2/services/(?P<code>[\w-]+)\.(?P<fmt>json|xml)$", open311.service_definition, name="open311-service"
    ),
    re_path(r"^open311/v2/requests\.(?P<fmt>json|xml)$", open311.requests, name="open311-requests"),
    re_path(r"^open311/v2/requests/(?P<pk>[\w-]+)\.(?P<fmt>json|xml)$", open311.request_detail, name="open311-request"),
]

# Pages: under /kk/, /ru/ or /en/; "/" redirects by the browser's preference (LocaleMiddleware).
urlpatterns += i18n_patterns(
    path("", include("dauys.web.urls")),
    path("", include("dauys.accountability.urls")),
    path("places/", include("dauys.places.urls")),
    path("authorities/", include("dauys.authorities.urls")),
    path("initiatives/", include("dauys.initiatives.urls")),
    path("", include("dauys.problems.urls")),
    path("", include("dauys.correspondence.urls")),
    path("", include("dauys.notifications.urls")),
    path("", include("dauys.discussions.urls")),
    path("", include("dauys.ledger.page_urls")),
    path("", include("dauys.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
