"""Correspondence's part of the demo data: a body's reply by e-mail, waiting for the review of the demo login's person.

It goes in as a mail server would give it (``mail_receive``), from the body's address when the directory has one and
else forwarded by the applicant, so that the visitor who signs in finds it in "my cases" and on the problem's page.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from django.conf import settings
from django.utils import timezone

from dauys import demo
from dauys.authorities.models import Authority
from dauys.correspondence.services import mail_receive
from dauys.problems import services as control
from dauys.problems.demo import TEXTS, demo_letter
from dauys.problems.models import OPEN_STATUSES, Appeal, Category


@demo.step(stage=demo.REACTIONS)
def a_reply_by_email(batch: demo.Batch) -> str:
    if not settings.DAUYS_REPLY_ADDRESS or not batch.people:
        return ""  # the instance takes no mail: appeals have no reply address
    person = batch.people[0]  # the one the summary tells the visitor to sign in as
    appeal = (
        Appeal.objects.filter(problem__author=person, status__in=OPEN_STATUSES, reply_received_on__isnull=True)
        .select_related("authority", "problem")
        .order_by("pk")
        .first()
    ) or _an_appeal_of(person, batch)
    if appeal is None or not appeal.reply_address:
        return ""
    scan = demo_letter(batch.rng, appeal.reference).original  # a made-up scanned page, as the problems' demo draws
    mail = mail_receive(bytes(_reply(appeal, person.email, batch.rng.randint(100, 999), scan)))
    return f"a reply by e-mail for {person.email} to review ({mail.status})"


def _an_appeal_of(person: Any, batch: demo.Batch) -> Appeal | None:
    """The visitor's own case, when the batch gave them none: a problem they filed through eOtinish a week ago to a
    body the directory can reach by e-mail."""
    body = (
        Authority.objects.filter(is_active=True, place__isnull=False)
        .exclude(email="")
        .select_related("place")
        .order_by("pk")
        .first()
    )
    if body is None or body.place is None:
        return None
    slug, title, text = batch.rng.choice(TEXTS)
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        return None
    problem = control.problem_file(
        author=person,
        data=control.ProblemInput(
            title=title, body=text, category=category, place=body.place,
            latitude=body.place.latitude, longitude=body.place.longitude, blur_location=True,
        ),
        publish=True,
    )  # fmt: skip
    registered = timezone.localdate() - timedelta(days=7)
    return control.appeal_create(
        problem=problem,
        authority=body,
        actor=person,
        delivery=Appeal.Delivery.RECORDED,
        channel=Appeal.Channel.EOTINISH,
        registration_number=f"ЖТ-{registered.year}-{batch.rng.randint(10000, 99999)}",
        registered_on=registered,
    )


def _reply(appeal: Appeal, applicant: str, number: int, scan: bytes) -> EmailMessage:
    body = appeal.authority
    letter = EmailMessage()
    letter["From"] = f"{body.name_ru} <{body.email or 'kense@bodies.demo.dauys.invalid'}>"
    letter["To"] = applicant
    letter["Subject"] = f"Re: {appeal.reference}"
    letter["Date"] = format_datetime(timezone.now())
    letter["Message-ID"] = make_msgid(domain="bodies.demo.dauys.invalid")
    letter.set_content(
        f"Уважаемый заявитель!\n\nНа ваше обращение {appeal.reference} сообщаем, что работы включены в план "
        "текущего месяца. Ответ прилагается.\n\nҚұрметті өтініш беруші! Жұмыстар ағымдағы айдың жоспарына "
        f"енгізілді.\n\nИсп. Абенова А., тел. 8 (7172) 55-{number}-00\n"
    )
    letter.add_attachment(scan, maintype="image", subtype="jpeg", filename=f"otvet-{number}.jpg")
    if body.email:
        letter.replace_header("To", appeal.reply_address)
        return letter
    # The body wrote to the applicant; they forward it to the appeal's address, whole.
    forward = EmailMessage()
    forward["From"], forward["To"] = applicant, appeal.reply_address
    forward["Subject"] = f"Fwd: Re: {appeal.reference}"
    forward["Date"] = letter["Date"]
    forward["Message-ID"] = make_msgid(domain="demo.dauys.invalid")
    forward.set_content("Пересылаю ответ акимата.")
    forward.add_attachment(letter)
    return forward
