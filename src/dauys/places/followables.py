"""Places people may follow (``notifications.follows``): they hear of new problems there and below."""

from __future__ import annotations

from dauys.notifications.follows import followable
from dauys.places.models import Place

followable("place", lambda slug: Place.objects.filter(slug=slug).first())
