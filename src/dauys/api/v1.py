"""The REST API, version 1: one NinjaAPI that mounts the routers the apps register (``api.routers``)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.operation import Operation

from dauys import __version__
from dauys.api import errors
from dauys.api.parsing import StoredTextParser
from dauys.api.routers import routers


class DauysAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The ids the operations had when one module held them all (generated clients keep their names)."""
        return f"dauys_api_v1_{operation.view_func.__name__}"


api = DauysAPI(
    title="Dauys API",
    version="1",
    urls_namespace="api-v1",
    description="Public control of authorities in Kazakhstan: problems, appeals with their legal clock, answers. "
    "Reads are public; writes need `Authorization: Bearer <token>` (`dauys token create USERNAME`).",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=StoredTextParser(),
)
errors.install(api)


@api.get("/", summary="About this API", auth=None)
def root(request: HttpRequest) -> dict[str, str]:
    return {
        "name": "Dauys API",
        "version": "1",
        "software": __version__,
        "openapi": request.build_absolute_uri("openapi.json"),
    }


for _name, router in routers.items():
    api.add_router("", router)
