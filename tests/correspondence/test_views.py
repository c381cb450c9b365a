"""The applicant's review of a reply: private to them, refused with reasons, and "not an answer" starts the clock."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from dauys.correspondence import services
from dauys.correspondence.models import IncomingMail
from dauys.problems.models import Appeal
from tests.problems.services.test_scans import pdf_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(sent_appeal, reply) -> IncomingMail:  # type: ignore[no-untyped-def]
    return services.mail_receive(reply(sent_appeal, pdf=pdf_with(javascript=True)))


def test_only_the_applicant_sees_the_reply(received, make_user, author) -> None:  # type: ignore[no-untyped-def]
    stranger = Client()
    stranger.force_login(make_user("Stranger"))
    assert stranger.get(f"/en/replies/{received.pk}/").status_code == 404
    assert stranger.post(f"/en/replies/{received.pk}/dismiss/").status_code == 404
    assert stranger.get(f"/en/replies/{received.pk}/attachments/0").status_code == 404
    own = Client()
    own.force_login(author)
    page = own.get(f"/en/replies/{received.pk}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "a PDF with scripts or actions: refused" in body  # the attachment is named, and not offered
    assert own.get(f"/en/replies/{received.pk}/attachments/0").status_code == 404


def test_publishing_needs_the_confirmation_and_a_valid_answer(received, author) -> None:  # type: ignore[no-untyped-def]
    own = Client()
    own.force_login(author)
    refused = own.post(f"/en/replies/{received.pk}/", {"kind": "promise", "text": "x", "received_on": "2026-06-09"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Confirm that the text holds nothing personal to hide" in body
    assert IncomingMail.objects.get(pk=received.pk).status == "review"


def test_not_an_answer_starts_the_clock_again(received, author) -> None:  # type: ignore[no-untyped-def]
    assert Appeal.objects.get(pk=received.appeal_id).reply_received_on is not None
    own = Client()
    own.force_login(author)
    assert own.post(f"/en/replies/{received.pk}/dismiss/").status_code == 302
    assert IncomingMail.objects.get(pk=received.pk).status == "dismissed"
    assert Appeal.objects.get(pk=received.appeal_id).reply_received_on is None
    again = own.post(f"/en/replies/{received.pk}/dismiss/", follow=True)
    assert "This reply is not waiting for a review." in again.content.decode()


def test_a_promise_without_its_date_is_refused_with_the_reason(received, author) -> None:  # type: ignore[no-untyped-def]
    own = Client()
    own.force_login(author)
    data = {"kind": "promise", "text": "We will fix it.", "received_on": "2026-06-09", "confirm": "on"}
    refused = own.post(f"/en/replies/{received.pk}/", data)
    assert (
        refused.status_code == 400
        and "Give the date by which the authority promised to act." in refused.content.decode()
    )
    assert IncomingMail.objects.get(pk=received.pk).status == "review"


def test_the_problem_page_leads_its_author_to_the_reply_and_says_the_clock_stopped(  # type: ignore[no-untyped-def]
    received, author, make_user
) -> None:
    url = received.appeal.of_problem.get_absolute_url()
    own = Client()
    own.force_login(author)
    page = own.get(url).content.decode()
    assert f"/en/replies/{received.pk}/" in page and "Review the reply by e-mail" in page
    assert received.appeal.reply_address in page  # the appeal's own address, for its author
    reader = Client()
    reader.force_login(make_user("Reader"))
    theirs = reader.get(url).content.decode()
    assert f"/en/replies/{received.pk}/" not in theirs and received.appeal.reply_address not in theirs
    assert "the deadline stopped that day" in theirs and "days left" not in theirs


def test_a_moderator_publishes_a_reply_left_unreviewed_for_ten_working_days(  # type: ignore[no-untyped-def]
    received, make_user
) -> None:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    import time_machine

    from dauys.discussions.models import Moderator
    from dauys.problems.models import Answer

    moderator = make_user("Moderator_one")
    Moderator.objects.create(user=moderator)
    client = Client()
    client.force_login(moderator)
    data = {"kind": "substantive", "text": "Качели заменены.", "received_on": "2026-06-09", "confirm": "on"}
    early = client.post(f"/en/replies/{received.pk}/", data)
    assert early.status_code == 403 and "A moderator may publish it once it has waited 10 working days" in (
        early.content.decode()
    )
    assert IncomingMail.objects.get(pk=received.pk).status == "review"
    later = datetime.combine(received.received_at.date(), time(10), ZoneInfo("Asia/Almaty")).replace(day=25)
    with time_machine.travel(later, tick=False):  # 11 working days after it came (10 June -> 25 June)
        client.force_login(moderator)  # a new session: the first one is older than a session lasts
        page = client.get(f"/en/replies/{received.pk}/").content.decode()
        assert "As a moderator you may publish it" in page
        assert client.post(f"/en/replies/{received.pk}/", data).status_code == 302
    answer = Answer.objects.get(appeal_id=received.appeal_id)
    assert (answer.posted_by, answer.via, answer.text) == (moderator, "email", "Качели заменены.")
    assert IncomingMail.objects.get(pk=received.pk).status == "published"


def test_the_applicant_does_not_read_what_waits_for_an_operator(sent_appeal, reply, author, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    other = recorded_appeal(date(2026, 6, 1))
    queued = services.mail_receive(reply(sent_appeal, text=f"Про обращение {other.reference}: Иванов, Абая 5."))
    assert queued.reason == "other_reference"
    own = Client()
    own.force_login(author)
    assert own.get(f"/en/replies/{queued.pk}/").status_code == 404


def test_publishing_after_the_appeal_moved_on_is_told(received, author, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.models import Authority, Representative
    from dauys.problems import services as control

    clerk = make_user("Clerk")
    Representative.objects.create(user=clerk, authority=received.appeal.authority, verified=True)
    other = Authority.objects.get(slug="akimat-almaty-almaly")
    control.answer_record(
        appeal=received.appeal, actor=clerk, kind="redirect", text="Not ours.", received_on=date(2026, 6, 10),
        redirect_to=other,
    )  # fmt: skip
    own = Client()
    own.force_login(author)
    data = {"kind": "substantive", "text": "Done.", "received_on": "2026-06-09", "confirm": "on"}
    refused = own.post(f"/en/replies/{received.pk}/", data)
    assert refused.status_code == 400 and "no longer applies" in refused.content.decode()
