"""The API's routers: each app registers its own in its ``api`` module (``core.seams``); ``v1`` mounts them."""

from __future__ import annotations

from ninja import Router

from dauys.core.seams import Registry

routers: Registry[Router] = Registry("API router")
