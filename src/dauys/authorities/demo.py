"""Demo representatives (``dauys.demo``): some people of the batch answer for an akimat, verified."""

from __future__ import annotations

from dauys import demo
from dauys.authorities.models import Authority, Representative
from dauys.authorities.services import representative_set_verified

POSITIONS = [
    "Public reception office",
    "Приёмная акима",
    "Әкім аппаратының баспасөз қызметі",
    "Appeals department",
]


@demo.step(stage=demo.DIRECTORY)
def representatives(batch: demo.Batch) -> str:
    rng, users = batch.rng, batch.people
    akimats = list(Authority.objects.filter(kind=Authority.Kind.AKIMAT).order_by("slug"))
    made = 0
    for user, authority in zip(
        rng.sample(users, k=min(len(users) // 10, len(akimats))),
        rng.sample(akimats, k=len(akimats)),
        strict=False,
    ):
        rep, _ = Representative.objects.get_or_create(
            user=user, authority=authority, defaults={"position": rng.choice(POSITIONS)}
        )
        representative_set_verified(representative=rep, verified=True)
        made += 1
    return f"{made} verified representatives"
