"""Real MIME messages for the tests of the replies by e-mail, built as mail programs write them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dauys.problems.models import Appeal

REPLY_ADDRESS = "replies+{token}@dauys.example.org"
BODY_ADDRESS = "kense@yesil.gov.kz"


@pytest.fixture(autouse=True)
def _reply_address(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DAUYS_REPLY_ADDRESS = REPLY_ADDRESS


@pytest.fixture
def sent_appeal(make_problem, yesil_akimat, author) -> Appeal:  # type: ignore[no-untyped-def]
    """An appeal about a problem, e-mailed by Dauys to the Yesil akimat on 3 June (the frozen clock is 10 June)."""
    from dauys.authorities.models import Authority
    from dauys.problems import services

    Authority.objects.filter(pk=yesil_akimat.pk).update(email=BODY_ADDRESS, email_source="https://yesil.gov.kz")
    yesil_akimat.refresh_from_db()
    with time_machine.travel(datetime(2026, 6, 3, 10, tzinfo=ZoneInfo("Asia/Almaty")), tick=False):  # a week ago
        problem = make_problem(title="Broken swing in the yard of Kenesary 1")
        appeal = services.appeal_create(problem=problem, authority=yesil_akimat, actor=author, delivery="dauys")
    appeal.refresh_from_db()
    assert appeal.status == "sent" and appeal.reply_token
    return appeal


def message(
    appeal: Appeal | None = None,
    *,
    to: str = "",
    sender: str = BODY_ADDRESS,
    subject: str = "",
    text: str = "Уважаемая Айгерим! Качели заменены 5 июня. Аким района.",
    html: str = "",
    pdf: bytes | None = None,
    sent: date | None = None,
    extra: dict[str, str] | None = None,
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"Аппарат акима <{sender}>"
    mail["To"] = to or (appeal.reply_address if appeal else "nobody@dauys.example.org")
    mail["Subject"] = subject or (f"Re: [{appeal.reference}] Broken swing" if appeal else "Hello")
    mail["Date"] = format_datetime(datetime.combine(sent or date(2026, 6, 9), time(11, 30), ZoneInfo("Asia/Almaty")))
    mail["Message-ID"] = make_msgid(domain="yesil.gov.kz")
    for name, value in (extra or {}).items():
        mail[name] = value
    if html and not text:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(text)
        if html:
            mail.add_alternative(html, subtype="html")
    if pdf is not None:
        mail.add_attachment(pdf, maintype="application", subtype="pdf", filename="Ответ 12-3-456.pdf")
    return mail


@pytest.fixture
def reply() -> Callable[..., bytes]:
    def make(appeal: Appeal | None = None, **kwargs: Any) -> bytes:
        return bytes(message(appeal, **kwargs))

    return make
