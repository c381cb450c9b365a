"""The initiatives' part of the demo data: groups across the regions, in kk, ru and en, with members."""

from __future__ import annotations

from dauys import demo
from dauys.initiatives import services
from dauys.places.models import Place
from dauys.problems.models import Category

INITIATIVES = [
    (
        "Жасыл аула",
        "Аулаларға ағаш отырғызамыз және оларды күтеміз. Әр сенбі сайын — бір аула.\n\n"
        "Бізге күрек, су және көңіл-күй керек.",
        "ecology",
        "open",
    ),
    (
        "Безопасная дорога в школу",
        "Добиваемся пешеходных переходов, светофоров и тротуаров у школ. Собираем обращения родителей и "
        "следим за ответами акимата.",
        "roads",
        "open",
    ),
    (
        "Accessible city",
        "We map the ramps, lifts and crossings that wheelchair users and parents with prams cannot use, and "
        "ask the akimat to fix them, one by one.",
        "roads",
        "request",
    ),
    (
        "Таза су",
        "Ауыз судың сапасын тексеріп, нәтижелерін жариялаймыз. Су құбырының апаттары туралы хабарлаймыз.",
        "utilities",
        "request",
    ),
    (
        "Двор без свалки",
        "Убираем стихийные свалки вместе с соседями и добиваемся, чтобы контейнеры вывозили по графику.",
        "housing",
        "open",
    ),
]


@demo.step(stage=demo.CONTENT)
def initiatives(batch: demo.Batch) -> str:
    rng, people = batch.rng, batch.people
    if len(people) < 4:
        return ""
    places = list(Place.objects.exclude(kind=Place.Kind.COUNTRY).order_by("code"))
    categories = {c.slug: c for c in Category.objects.all()}
    made = 0
    for name, text, topic, joining in INITIATIVES:
        founder = rng.choice(people)
        here = rng.sample(places, rng.randint(1, 3))
        initiative = services.initiative_create(
            actor=founder,
            data=services.InitiativeInput(
                name=name,
                description=text,
                places=here,
                topics=[categories[topic]] if topic in categories else [],
                links=[f"https://t.me/demo_{made + 1}"] if rng.random() < 0.6 else [],
                joining=joining,
            ),
        )
        for person in rng.sample(people, rng.randint(2, min(8, len(people)))):
            if person.pk != founder.pk:
                services.initiative_join(initiative=initiative, actor=person)
        made += 1
    return f"{made} initiatives"
