"""Demo problems: realistic texts in Kazakh, Russian and English, with appeals in every state."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from dauys.authorities.models import Authority
from dauys.core.images import ProcessedImage, process_upload
from dauys.places.models import Place
from dauys.problems import services
from dauys.problems.models import Answer, Appeal, Category, Problem
from dauys.problems.routing import suggest

TEXTS: list[tuple[str, str, str]] = [
    (
        "roads",
        "Шұңқырлар Абай даңғылында",
        "Абай даңғылы мен Сейфуллин көшесінің қиылысында терең шұңқырлар пайда болды. Көліктер жиі зақымданады, жаяу жүргіншілерге қауіпті.",
    ),
    (
        "roads",
        "Ямы на улице после ремонта теплотрассы",
        "После прошлогоднего ремонта теплотрассы асфальт так и не восстановили. Во дворе дома 14 яма глубиной около 30 см, осенью её заливает водой.",
    ),
    (
        "utilities",
        "Нет горячей воды третью неделю",
        "В домах 5, 7 и 9 по улице Жамбыла нет горячей воды с начала месяца. Управляющая компания ссылается на ремонт, сроков не называет.",
    ),
    (
        "utilities",
        "Жылу берілмеді",
        "Қазан айының ортасынан бері пәтерлерде батареялар суық. Балалар ауырып жатыр, үйде температура 14 градус.",
    ),
    (
        "housing",
        "Лифт не работает с весны",
        "В 12-этажном доме по проспекту Республики лифт стоит с апреля. Пожилые жители не могут выйти из квартир.",
    ),
    (
        "transport",
        "Bus route 32 skips the stop near the school",
        "Since September buses on route 32 do not stop at the school stop in the morning. Children walk 1.5 km along the highway.",
    ),
    (
        "ecology",
        "Стихийная свалка у реки",
        "На берегу реки за гаражами образовалась свалка строительного мусора. Мусор сжигают по вечерам, дым идёт в жилые дома.",
    ),
    (
        "ecology",
        "Өзен жағасындағы қоқыс",
        "Өзен жағасы тұрмыстық қоқысқа толып кетті. Контейнерлер жоқ, қоқыс шығарылмайды.",
    ),
    (
        "health",
        "Емханада дәрігер жоқ",
        "Ауылдық амбулаторияда үш айдан бері терапевт жоқ. Науқастар аудан орталығына 60 шақырым жол жүреді.",
    ),
    (
        "education",
        "No heating in the school gym",
        "The gym of school No. 41 has had no heating since the windows were replaced. Physical education classes are held in coats.",
    ),
    (
        "social",
        "Не пересчитали пособие после рождения ребёнка",
        "Подала документы на пособие через ЦОН три месяца назад, выплата так и не назначена, на звонки не отвечают.",
    ),
    (
        "land",
        "Участок под детскую площадку отдали под застройку",
        "Земельный участок во дворе, где жители 10 лет назад сами поставили детскую площадку, выделен под коммерческое строительство без общественных слушаний.",
    ),
    (
        "corruption",
        "Требуют деньги за место в детском саду",
        "Заведующая детским садом потребовала «благотворительный взнос» за зачисление ребёнка вне очереди.",
    ),
    (
        "other",
        "Street lights off on the whole street",
        "All street lights on Kenesary street have been off for a month. It is completely dark after 6 pm.",
    ),
]
ANSWERS = {
    Answer.Kind.SUBSTANTIVE: "Работы по устранению включены в план текущего года, подрядчик определён, срок выполнения — до конца месяца.",
    Answer.Kind.PROMISE: "Мәселе бақылауға алынды, жұмыстар келесі айдың соңына дейін орындалады.",
    Answer.Kind.REFUSAL: "Финансирование на текущий год не предусмотрено.",
    Answer.Kind.FORMAL: "Ваше обращение рассмотрено. Разъяснено действующее законодательство.",
    Answer.Kind.APOLOGY: "We apologise for the inconvenience; the responsible department has been instructed.",
    Answer.Kind.RESOLVED: "Работы выполнены в полном объёме, акт приёмки подписан.",
    Answer.Kind.REDIRECT: "Обращение направлено по компетенции в уполномоченный орган.",
}


def demo_letter(rng: random.Random, stamp: str) -> ProcessedImage:
    """A made-up scanned letter: a page of grey 'lines', a blue registration stamp (no real text, nobody's data)."""
    import io

    from PIL import Image, ImageDraw

    page = Image.new("RGB", (620, 877), (250, 250, 247))
    draw = ImageDraw.Draw(page)
    y = 70
    while y < 780:
        width = rng.randint(300, 520) if rng.random() < 0.85 else rng.randint(120, 250)
        draw.rectangle([60, y, 60 + width, y + 7], fill=(120, 120, 125))
        y += rng.choice([18, 18, 18, 34])
    draw.ellipse([420, 690, 560, 830], outline=(40, 70, 170), width=5)
    draw.text((445, 752), stamp, fill=(40, 70, 170))
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=80)
    return process_upload(buf.getvalue())


def demo_problems(*, rng: random.Random, users: list[Any], count: int, progress: Any) -> int:
    places = list(Place.objects.exclude(kind=Place.Kind.COUNTRY).order_by("code"))
    categories = {c.slug: c for c in Category.objects.all()}
    ministries = list(Authority.objects.filter(kind=Authority.Kind.MINISTRY).order_by("slug"))
    today = timezone.localdate()
    made = 0
    for i in range(count):
        author = rng.choice(users)
        slug, title, body = rng.choice(TEXTS)
        place = rng.choice(places)
        lat = (place.latitude or 48.0) + rng.uniform(-0.05, 0.05)
        lon = (place.longitude or 67.0) + rng.uniform(-0.05, 0.05)
        blur, hide = rng.random() < 0.3, rng.random() < 0.15
        publish = rng.random() >= 0.08  # else a draft left unpublished
        problem = services.problem_file(
            author=author,
            data=services.ProblemInput(
                title=title,
                body=body,
                category=categories[slug],
                place=place,
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                blur_location=blur,
                hide_author=hide,
            ),
            publish=publish,
        )
        if not publish:
            made += 1
            continue
        for supporter in rng.sample(users, k=rng.randint(0, min(12, len(users)))):
            if supporter.pk != author.pk:
                services.support_set(problem=problem, user=supporter, supported=True)
        for follower in rng.sample(users, k=rng.randint(0, 3)):
            services.follow_set(user=follower, problem=problem, following=True)
        authority = suggest(category=problem.category, place=place)
        if authority is None or rng.random() < 0.1:
            made += 1
            continue  # not addressed yet
        registered = today - timedelta(days=rng.randint(1, 80))
        appeal = services.appeal_create(
            problem=problem,
            authority=authority,
            actor=author,
            delivery=Appeal.Delivery.RECORDED,
            registration_number=f"ЖТ-{registered.year}-{rng.randint(10000, 99999)}",
            registered_on=registered,
            auto_escalate=rng.random() < 0.2,
            # Some authors attach the registered appeal; a few of them chose to show it.
            scans=[demo_letter(rng, registered.isoformat())] if rng.random() < 0.3 else [],
            scans_public=rng.random() < 0.4,
        )
        roll = rng.random()
        if roll < 0.55 and appeal.deadline:
            kind = rng.choice(list(ANSWERS))
            received = min(today, registered + timedelta(days=rng.randint(3, 30)))
            extra: dict[str, Any] = {}
            if kind == Answer.Kind.PROMISE:
                extra["promise_due_on"] = received + timedelta(days=rng.choice([10, 20, 45, 90]))
            if kind == Answer.Kind.REFUSAL:
                extra["refusal_reason"] = "Бюджетте қаражат көзделмеген."
            if kind == Answer.Kind.REDIRECT:
                extra["redirect_to"] = rng.choice(ministries)
            letter = [demo_letter(rng, received.isoformat())] if rng.random() < 0.4 else []
            answer = services.answer_record(
                appeal=appeal,
                actor=author,
                kind=kind,
                text=ANSWERS[kind],
                received_on=received,
                scans=letter,
                scans_public=rng.random() < 0.6,
                **extra,
            )
            for judge in rng.sample(users, k=rng.randint(0, 5)):
                services.answer_judge(
                    answer=answer, actor=judge, verdict=rng.choice(["substantive", "formal", "formal"])
                )
            if kind in (Answer.Kind.RESOLVED,) and rng.random() < 0.5:
                services.problem_set_status(problem=problem, actor=author, status=Problem.Status.RESOLVED)
        elif roll < 0.65 and appeal.deadline and appeal.registered_on:
            until = min(appeal.deadline + timedelta(days=20), appeal.registered_on + timedelta(days=58))
            if until > appeal.deadline:
                services.appeal_extend(appeal=appeal, actor=author, until=until, reason="Требуется выезд на место.")
        made += 1
        if (i + 1) % 50 == 0:
            progress(f"  {i + 1} of {count} problems…")
    return made
