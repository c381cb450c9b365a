from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from dauys.authorities.models import Authority
from dauys.problems.models import Category, RoutingRule

DATA = Path(__file__).resolve().parents[1] / "data" / "categories.json"
# Categories that go to a national body whatever the place, unless an operator adds a more specific rule.
DEFAULT_ROUTES = {"corruption": "anti-corruption-agency", "law-enforcement": "prosecutor-general"}


@transaction.atomic
def categories_seed(*, path: Path = DATA) -> int:
    """Create the shipped categories and default routes that are missing; keep operators' edits."""
    created = 0
    for position, row in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        _category, made = Category.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "position": position,
                "name_kk": row["name"]["kk"],
                "name_ru": row["name"]["ru"],
                "name_en": row["name"]["en"],
            },
        )
        created += made
    for slug, authority_slug in DEFAULT_ROUTES.items():
        category = Category.objects.filter(slug=slug).first()
        authority = Authority.objects.filter(slug=authority_slug).first()
        if category and authority and not RoutingRule.objects.filter(category=category, place=None).exists():
            RoutingRule.objects.create(category=category, place=None, authority=authority)
    return created
