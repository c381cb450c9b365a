"""Demo people (``dauys.demo``): pseudonymous accounts with confirmed addresses that receive no e-mail."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from dauys import demo
from dauys.accounts.models import User

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


def _next_batch() -> int:
    return User.objects.filter(username__startswith="demo").count() // 20 + 1


demo.number_batches_by(_next_batch)


@demo.step(stage=demo.PEOPLE)
def people(batch: demo.Batch) -> str:
    rng, count = batch.rng, 20 * batch.scale
    batch.say(f"creating {count} people…")
    users: list[User] = []
    for i in range(count):
        n = (batch.number - 1) * count + i + 1
        name = f"{rng.choice(FIRST)}_{rng.choice(WORDS)}{n}"
        user = User(username=f"demo{n}", email=f"demo{n}@{DEMO_DOMAIN}", display_name=name, email_notifications="off")
        user.set_password(DEMO_PASSWORD)
        users.append(user)
    User.objects.bulk_create(users)
    batch.people = list(User.objects.filter(username__in=[u.username for u in users]))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in batch.people]
    )
    batch.login = f"Log in as {batch.people[0].email} with the password {DEMO_PASSWORD}."
    return f"{len(batch.people)} people"
