"""Bodies people may follow (``notifications.follows``): they hear of each appeal addressed to one."""

from __future__ import annotations

from dauys.authorities.models import Authority
from dauys.notifications.follows import followable

followable("authority", lambda slug: Authority.objects.filter(slug=slug, is_active=True).first())
