"""Demo data: realistic, deterministic for a seed, in Kazakh, Russian and English.

Each call adds one more batch. Later parts of Dauys add their own objects to a batch here.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import transaction

from dauys.accounts.models import User
from dauys.authorities.models import Authority, Representative
from dauys.authorities.services import representative_set_verified
from dauys.problems.models import Problem
from dauys.web.demo_discussions import demo_discussions
from dauys.web.demo_problems import demo_problems

DEMO_DOMAIN = "demo.dauys.invalid"
DEMO_PASSWORD = "dauys-demo-2026"  # noqa: S105 - public on purpose: printed after seeding

FIRST = [
    "Aigerim",
    "Nurlan",
    "Dana",
    "Yerlan",
    "Madina",
    "Arman",
    "Saule",
    "Timur",
    "Gulnara",
    "Daniyar",
    "Асель",
    "Бауыржан",
    "Жанар",
    "Ерлан",
    "Айдана",
    "Дмитрий",
    "Ольга",
    "Сергей",
    "Әсем",
    "Нұрсұлтан",
]
WORDS = [
    "qala",
    "dala",
    "aul",
    "kok",
    "taw",
    "su",
    "jol",
    "jarys",
    "nur",
    "tal",
    "город",
    "степь",
    "двор",
    "голос",
    "река",
    "мост",
    "park",
    "street",
    "river",
    "voice",
]
POSITIONS = [
    "Public reception office",
    "Приёмная акима",
    "Әкім аппаратының баспасөз қызметі",
    "Appeals department",
]


@transaction.atomic
def demo_batch(*, scale: int = 1, seed: int | None = None, progress: Callable[[str], None] = print) -> str:
    batch = User.objects.filter(username__startswith="demo").count() // 20 + 1
    rng = random.Random(seed if seed is not None else batch)
    count = 20 * scale
    progress(f"demo batch {batch}: creating {count} people…")
    users: list[User] = []
    for i in range(count):
        n = (batch - 1) * count + i + 1
        name = f"{rng.choice(FIRST)}_{rng.choice(WORDS)}{n}"
        user = User(username=f"demo{n}", email=f"demo{n}@{DEMO_DOMAIN}", display_name=name, email_notifications="off")
        user.set_password(DEMO_PASSWORD)
        users.append(user)
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__in=[u.username for u in users]))
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    akimats = list(Authority.objects.filter(kind=Authority.Kind.AKIMAT).order_by("slug"))
    reps = 0
    for user, authority in zip(
        rng.sample(users, k=min(len(users) // 10, len(akimats))),
        rng.sample(akimats, k=len(akimats)),
        strict=False,
    ):
        rep, _ = Representative.objects.get_or_create(
            user=user, authority=authority, defaults={"position": rng.choice(POSITIONS)}
        )
        representative_set_verified(representative=rep, verified=True)
        reps += 1
    progress(f"demo batch {batch}: filing {30 * scale} problems with appeals and answers…")
    problems = demo_problems(rng=rng, users=users, count=30 * scale, progress=progress)
    progress(f"demo batch {batch}: writing comments…")
    batch_problems = list(Problem.objects.filter(author__in=users).order_by("pk"))
    comments = demo_discussions(rng=rng, users=users, problems=batch_problems)
    from dauys.problems.monitoring import monitor

    progress(f"demo batch {batch}: regular monitoring: {monitor()}")
    from dauys.accountability.reports import write_due

    progress(f"demo batch {batch}: {write_due()} periodic reports written")
    first = users[0]
    return (
        f"demo batch {batch}: {len(users)} people, {reps} verified representatives, {problems} problems, "
        f"{comments} comments. "
        f"Log in as {first.email} with the password {DEMO_PASSWORD}"
    )
