"""Demo public control (``dauys.demo``): problems with realistic texts in Kazakh, Russian and English, appeals in
every state, comments on them with a little moderation in public, then a run of the regular monitoring."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from dauys import demo
from dauys.authorities.models import Authority, Representative
from dauys.core.images import ProcessedImage, process_upload
from dauys.discussions import services as discussions
from dauys.notifications.services import follow_set
from dauys.places.models import Place
from dauys.problems import services
from dauys.problems.models import Answer, Appeal, Category, Problem, Scan
from dauys.problems.monitoring import monitor
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


@demo.step(stage=demo.CONTENT)
def problems(batch: demo.Batch) -> str:
    rng, users, count, progress = batch.rng, batch.people, 30 * batch.scale, batch.progress
    batch.say(f"filing {count} problems with appeals and answers…")
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
            follow_set(user=follower, target=f"problem:{problem.pk}", following=True)
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
            scans_visibility=Scan.Visibility.PUBLIC if rng.random() < 0.4 else Scan.Visibility.ADDRESSEE,
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
                scans_visibility=Scan.Visibility.PUBLIC if rng.random() < 0.6 else Scan.Visibility.ADDRESSEE,
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
    return f"{made} problems"


@demo.step(stage=demo.CONTENT)
def bodies_at_work(batch: demo.Batch) -> str:
    """Each verified representative of the batch finds appeals in its body's inbox, and works on them as a body
    does: answers one, says work has started on another, extends the term of a third, and leaves the rest (one of
    them due in a few working days) waiting."""
    rng, today, made = batch.rng, timezone.localdate(), 0
    categories = {c.slug: c for c in Category.objects.all()}
    reps = Representative.objects.filter(user__in=batch.people, verified=True).select_related("authority", "user")
    for rep in reps.order_by("pk"):
        body = rep.authority
        place = body.place or Place.objects.filter(kind=Place.Kind.CITY).order_by("code").first()
        if place is None:
            continue
        authors = [u for u in batch.people if u.pk != rep.user_id]
        appeals = []
        for days_ago in (17, 12, 6, 3, 1):
            slug, title, text = rng.choice(TEXTS)
            author = rng.choice(authors)
            problem = services.problem_file(
                author=author,
                data=services.ProblemInput(
                    title=title, body=text, category=categories[slug], place=place,
                    latitude=place.latitude, longitude=place.longitude, blur_location=True,
                ),
                publish=True,
            )  # fmt: skip
            registered = today - timedelta(days=days_ago)
            appeal = services.appeal_create(
                problem=problem,
                authority=body,
                actor=author,
                delivery=Appeal.Delivery.RECORDED,
                channel=Appeal.Channel.EOTINISH,
                registration_number=f"ЖТ-{registered.year}-{rng.randint(10000, 99999)}",
                registered_on=registered,
                scans=[demo_letter(rng, registered.isoformat())] if rng.random() < 0.5 else [],
                scans_visibility=Scan.Visibility.ADDRESSEE,
            )
            appeals.append(appeal)
            made += 1
        answered, started, extended = appeals[1], appeals[2], appeals[3]
        services.answer_record(
            appeal=answered,
            actor=rep.user,
            kind=Answer.Kind.PROMISE,
            text="Жұмыс жоспарға енгізілді. Работы включены в план текущего месяца.",
            received_on=today,
            promise_due_on=today + timedelta(days=21),
        )
        services.appeal_work_started(appeal=started, actor=rep.user, note="Бригада жіберілді / Бригада направлена.")
        if extended.deadline and extended.registered_on:
            services.appeal_extend(
                appeal=extended,
                actor=rep.user,
                until=min(extended.deadline + timedelta(days=15), extended.registered_on + timedelta(days=58)),
                reason="Требуется обследование специалистами / Мамандардың тексеруі қажет.",
                decided_on=today,
            )
    return f"{made} appeals in the representatives' inboxes"


COMMENTS = [
    "Біздің көшеде де дәл осындай жағдай. Әкімдікке мен де жаздым.",
    "Қолдаймын! Балалар мектепке осы жолмен барады.",
    "Жауап келді ме? Мерзімі өтіп кетті ғой.",
    "У нас во дворе то же самое, третий год подряд.",
    "Спасибо, что подняли вопрос. Подписался на обновления.",
    "Ответ **формальный**: ни сроков, ни ответственного. Надо жаловаться выше.",
    "Фото приложу завтра, когда будет светло.",
    "Same on our street. The akimat promised a repair in spring and nothing happened.",
    "Has anyone tried calling the 109 line? They registered my complaint but did not answer.",
    "I walked past today: still not fixed.\n\n> promised by the end of the month\n\nWe will see.",
]
REPLIES = [
    "Иә, мен де көрдім.",
    "Согласен, давайте соберём подписи.",
    "Thanks, I will add my support.",
    "Напишите номер обращения, сверим сроки.",
]
GUESTS = [("Айгерим", "aigerim"), ("Нурлан", "nurlan"), ("Olga", "olga"), ("Марат", "marat")]


@demo.step(stage=demo.REACTIONS)
def comments(batch: demo.Batch) -> str:
    """Comments on the batch's problems and their answers."""
    batch.say("writing comments…")
    rng, users, made = batch.rng, batch.people, 0
    problems = [p for p in Problem.objects.filter(author__in=users).order_by("pk") if p.is_public]
    moderator = users[0]  # a moderator (discussions' demo step): the demo login can try moderation
    for problem in problems:
        key = f"problem:{problem.pk}"
        for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
            if rng.random() < 0.2:
                name, mailbox = rng.choice(GUESTS)
                guest = discussions.Guest(name=name, email=f"{mailbox}@guest.demo.dauys.invalid", confirmed=True)
                top = discussions.comment_post(target_key=key, body=rng.choice(COMMENTS), guest=guest)
            else:
                top = discussions.comment_post(target_key=key, body=rng.choice(COMMENTS), author=rng.choice(users))
            made += 1
            if top.status != "published":  # held by the spam rules (the demo repeats its few texts)
                continue
            for _ in range(rng.choice([0, 0, 1, 2])):
                discussions.comment_post(target_key=key, body=rng.choice(REPLIES), author=rng.choice(users), parent=top)
                made += 1
    answers = list(Answer.objects.filter(appeal__problem__in=problems, kind=Answer.Kind.FORMAL)[:5])
    for answer in answers:
        discussions.comment_post(
            target_key=f"answer:{answer.pk}",
            body="Это отписка: ни срока, ни ответственного. / Бұл жай ғана жауап үшін жазылған хат.",
            author=rng.choice(users),
        )
        made += 1
    # Moderation in public: a spam comment flagged and hidden, with its line in the log.
    if problems and len(users) > 3:
        spam = discussions.comment_post(
            target_key=f"problem:{problems[0].pk}", body="Buy cheap followers at example.com!!!", author=users[-1]
        )
        for flagger in users[1:4]:
            discussions.comment_flag(comment=spam, user=flagger, rule="spam")
        discussions.comment_hide(comment=spam, moderator=moderator, rule="spam")
        flagged = discussions.comment_post(
            target_key=f"problem:{problems[-1].pk}",
            body="Это всё из-за соседей с пятого этажа, вот их адрес…",
            author=users[-2],
        )
        discussions.comment_flag(comment=flagged, user=users[1], rule="personal_data")
        made += 2
    return f"{made} comments"


@demo.step(stage=demo.HOUSEKEEPING)
def monitoring(batch: demo.Batch) -> str:
    batch.say(f"regular monitoring: {monitor()}")
    return ""
