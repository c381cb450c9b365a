"""Storage for private files (``settings.PRIVATE_MEDIA_ROOT``): no URL, read only through views that check access."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage outside MEDIA_ROOT, so no web server configured for media can ever serve it."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> str:
        return ""

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no public URL; link to the view that serves them")

    def deconstruct(self) -> tuple[str, tuple[()], dict[str, object]]:
        return ("dauys.core.storage.PrivateStorage", (), {})


private_storage = PrivateStorage()
