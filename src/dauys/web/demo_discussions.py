"""Demo comments in kk/ru/en: discussions on problems, answers, places and authorities, with a little moderation."""

from __future__ import annotations

import random
from typing import Any

from dauys.discussions import services
from dauys.discussions.models import Moderator
from dauys.problems.models import Answer, Problem

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


def demo_discussions(*, rng: random.Random, users: list[Any], problems: list[Problem]) -> int:
    """Comments on the given problems and their answers; returns how many were written."""
    made = 0
    problems = [p for p in problems if p.is_public]
    moderator = users[0]
    Moderator.objects.get_or_create(user=moderator)  # the demo login can try moderation
    for problem in problems:
        key = f"problem:{problem.pk}"
        for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
            if rng.random() < 0.2:
                name, mailbox = rng.choice(GUESTS)
                guest = services.Guest(name=name, email=f"{mailbox}@guest.demo.dauys.invalid", confirmed=True)
                top = services.comment_post(target_key=key, body=rng.choice(COMMENTS), guest=guest)
            else:
                top = services.comment_post(target_key=key, body=rng.choice(COMMENTS), author=rng.choice(users))
            made += 1
            if top.status != "published":  # held by the spam rules (the demo repeats its few texts)
                continue
            for _ in range(rng.choice([0, 0, 1, 2])):
                services.comment_post(target_key=key, body=rng.choice(REPLIES), author=rng.choice(users), parent=top)
                made += 1
    answers = list(Answer.objects.filter(appeal__problem__in=problems, kind=Answer.Kind.FORMAL)[:5])
    for answer in answers:
        services.comment_post(
            target_key=f"answer:{answer.pk}",
            body="Это отписка: ни срока, ни ответственного. / Бұл жай ғана жауап үшін жазылған хат.",
            author=rng.choice(users),
        )
        made += 1
    # Moderation in public: a spam comment flagged and hidden, with its line in the log.
    if problems and len(users) > 3:
        spam = services.comment_post(
            target_key=f"problem:{problems[0].pk}", body="Buy cheap followers at example.com!!!", author=users[-1]
        )
        for flagger in users[1:4]:
            services.comment_flag(comment=spam, user=flagger, rule="spam")
        services.comment_hide(comment=spam, moderator=moderator, rule="spam")
        flagged = services.comment_post(
            target_key=f"problem:{problems[-1].pk}",
            body="Это всё из-за соседей с пятого этажа, вот их адрес…",
            author=users[-2],
        )
        services.comment_flag(comment=flagged, user=users[1], rule="personal_data")
        made += 2
    return made
