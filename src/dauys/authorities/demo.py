"""Demo representatives (``dauys.demo``): some people of the batch answer for an akimat, verified, and the demo
prints their logins. Their bodies get a demo e-mail address (on a domain that cannot receive mail, and said to be
demo data), so that a visitor can try an appeal e-mailed by Dauys; a real body's address is never made up."""

from __future__ import annotations

from django.utils import timezone

from dauys import demo
from dauys.authorities.models import Authority, Representative
from dauys.authorities.services import authority_save, representative_set_verified

POSITIONS = [
    "Public reception office",
    "Приёмная акима",
    "Әкім аппаратының баспасөз қызметі",
    "Appeals department",
]
DEMO_MAIL_DOMAIN = "bodies.demo.dauys.invalid"


@demo.step(stage=demo.DIRECTORY)
def representatives(batch: demo.Batch) -> str:
    rng, users = batch.rng, batch.people
    akimats = list(Authority.objects.filter(kind=Authority.Kind.AKIMAT).order_by("slug"))
    made: list[tuple[Representative, Authority]] = []
    # The first person is the demo's own login; the representatives are others.
    for user, authority in zip(
        rng.sample(users[1:], k=min(len(users) // 10, len(akimats))),
        rng.sample(akimats, k=len(akimats)),
        strict=False,
    ):
        rep, _ = Representative.objects.get_or_create(
            user=user, authority=authority, defaults={"position": rng.choice(POSITIONS)}
        )
        representative_set_verified(representative=rep, verified=True)
        if not authority.email:
            authority.email = f"{authority.slug}@{DEMO_MAIL_DOMAIN}"
            authority.email_source = "Demo data: not a real address"
            authority.email_checked_on = timezone.localdate()
            authority_save(authority=authority, changed=["email", "email_source", "email_checked_on"])
        made.append((rep, authority))
    if made:
        logins = "; ".join(f"{rep.user.email} for {authority.name_en}" for rep, authority in made)
        batch.login += f" Verified representatives of a body (same password): {logins}."
    return f"{len(made)} verified representatives"
