"""Taking a reply in: matched to its appeal only at its own address, from the body (or its applicant), with a DKIM
signature that verifies when there is one, naming no other appeal; everything else queued for an operator with its
reason. Stored once, whatever is repeated; never published before the applicant's review."""

from __future__ import annotations

from datetime import date

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from dauys.correspondence import services
from dauys.correspondence.models import IncomingMail
from dauys.notifications.models import Notification
from dauys.problems.models import Appeal
from tests.correspondence.conftest import BODY_ADDRESS
from tests.problems.services.test_scans import pdf_with

pytestmark = pytest.mark.django_db


def test_a_reply_at_the_appeals_address_stops_the_clock_and_waits_for_review(  # type: ignore[no-untyped-def]
    sent_appeal, reply, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.mail_receive(reply(sent_appeal, pdf=pdf_with()))
    assert (mail.status, mail.reason, mail.appeal_id) == ("review", "", sent_appeal.pk)
    assert mail.recipient == sent_appeal.reply_address and mail.sender == BODY_ADDRESS
    appeal = Appeal.objects.get(pk=sent_appeal.pk)
    assert appeal.reply_received_on == date(2026, 6, 9) and appeal.status == "sent"  # the body's day of sending
    note = Notification.objects.get(user=appeal.subject_author, kind="reply.received")
    assert note.url == f"/en/replies/{mail.pk}/"
    public = Client().get(appeal.of_problem.get_absolute_url()).content.decode()
    assert "An answer came by e-mail, sent on 9 Jun 2026" in public
    assert "Качели заменены" not in public  # the text stays private until the review


def test_the_same_message_twice_is_stored_once(sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    raw = reply(sent_appeal)
    first = services.mail_receive(raw)
    again = services.mail_receive(raw)
    assert again.pk == first.pk and IncomingMail.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"to": "replies+nosuchtoken0000000@dauys.example.org"}, "unknown_address"),
        ({"to": "someone@dauys.example.org"}, "unknown_address"),
        ({"sender": "spoof@gmail.com"}, "unexpected_sender"),
        ({"sender": "kense@yesil.gov.kz.evil.example"}, "unexpected_sender"),
    ],
)
def test_a_reply_that_fails_a_check_is_queued_with_its_reason(sent_appeal, reply, kwargs, reason) -> None:  # type: ignore[no-untyped-def]
    mail = services.mail_receive(reply(sent_appeal, **kwargs))
    assert (mail.status, mail.reason) == ("queued", reason)
    assert Appeal.objects.get(pk=sent_appeal.pk).reply_received_on is None


def test_a_reply_naming_another_appeal_is_queued(sent_appeal, reply, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    other = recorded_appeal(date(2026, 6, 1))
    mail = services.mail_receive(reply(sent_appeal, text=f"Ответ на обращение {other.reference}."))
    assert (mail.status, mail.reason, mail.detail) == ("queued", "other_reference", other.reference)


def test_the_applicant_may_forward_the_bodys_reply(sent_appeal, reply, author) -> None:  # type: ignore[no-untyped-def]
    mail = services.mail_receive(reply(sent_appeal, sender=author.email, subject="Fwd: ответ акимата"))
    assert mail.status == "review"


def test_html_only_mail_gives_its_text(sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    html = "<html><head><style>p{}</style></head><body><p>Качели <b>заменены</b>.</p><script>x()</script></body></html>"
    mail = services.mail_receive(reply(sent_appeal, text="", html=html))
    assert mail.status == "review"
    assert services.parsed_of(mail).text == "Качели заменены."


def test_bounces_and_malformed_mail_are_queued(sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    bounce = (
        b"From: MAILER-DAEMON@mx.yesil.gov.kz\r\nTo: noreply@dauys.example.org\r\nSubject: Undelivered Mail\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b--\r\n"
    )
    assert (services.mail_receive(bounce).status, IncomingMail.objects.get().reason) == ("queued", "bounce")
    unreadable = b"From: a@yesil.gov.kz\r\nContent-Type: text/plain; charset=x-nonexistent\r\n\r\nhello"
    mail = services.mail_receive(unreadable)
    assert (mail.status, mail.reason, mail.detail) == ("queued", "malformed", "unknown encoding: x-nonexistent")
    nul = services.mail_receive(b"From: a@yesil.gov.kz\r\nSubject: a\x00b\r\nTo: x@y.kz\r\n\r\n\xff\x00")
    assert (nul.status, nul.reason, nul.subject) == ("queued", "unknown_address", "ab")
    huge = services.mail_receive(
        b"From: a@yesil.gov.kz\r\nSubject: big\r\n\r\n" + b"x" * 100, size=services.MAX_BYTES + 1
    )
    assert (huge.status, huge.reason) == ("queued", "too_large")
    assert IncomingMail.objects.filter(status="review").count() == 0


@pytest.fixture
def dkim_key(monkeypatch):  # type: ignore[no-untyped-def]
    """A key of the body's domain, published in a DNS that the test answers."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    import base64

    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    def dns(name: bytes, timeout: int = 5) -> bytes:
        return record if name == b"mail._domainkey.yesil.gov.kz." else b""

    monkeypatch.setattr(services, "DNS", dns)
    return private


def test_a_dkim_signature_is_checked_when_there_is_one(sent_appeal, reply, dkim_key) -> None:  # type: ignore[no-untyped-def]
    raw = reply(sent_appeal)
    signed = dkim.sign(raw, b"mail", b"yesil.gov.kz", dkim_key, include_headers=[b"from", b"to", b"subject"]) + raw
    good = services.mail_receive(signed)
    assert (good.status, good.dkim) == ("review", "pass")
    tampered = signed.replace(b"Subject: Re:", b"Subject: Fw:")
    assert tampered != signed
    bad = services.mail_receive(tampered)
    assert (bad.status, bad.reason, bad.dkim) == ("queued", "dkim_failed", "fail")


def test_an_operator_releases_a_reply_from_an_unexpected_address(sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    queued = services.mail_receive(reply(sent_appeal, sender="akim.yesil@gmail.com"))
    assert (queued.status, queued.reason) == ("queued", "unexpected_sender")
    released = services.mail_release(mail=queued)
    assert released.status == "review" and Appeal.objects.get(pk=sent_appeal.pk).reply_received_on is not None
    stray = services.mail_receive(reply(None))
    with pytest.raises(ValidationError):
        services.mail_release(mail=stray)


def test_the_operators_queue_lists_and_shows_what_waits(admin_client, sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    queued = services.mail_receive(reply(sent_appeal, sender="spoof@gmail.com"))
    listing = admin_client.get("/en/admin/correspondence/incomingmail/?status__exact=queued")
    assert listing.status_code == 200 and "spoof@gmail.com" in listing.content.decode()
    page = admin_client.get(f"/en/admin/correspondence/incomingmail/{queued.pk}/change/")
    assert page.status_code == 200 and "the sender is neither the body nor the applicant" in page.content.decode()
    done = admin_client.post(
        "/en/admin/correspondence/incomingmail/",
        {"action": "release", "_selected_action": [queued.pk]},
        follow=True,
    )
    assert done.status_code == 200 and IncomingMail.objects.get(pk=queued.pk).status == "review"


def test_hostile_mail_is_read_in_bounded_time_or_refused(sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    import time

    started = time.monotonic()
    html = services.mail_receive(reply(sent_appeal, text="", html="<a " * 40_000))
    assert html.status == "review" and time.monotonic() - started < 10  # the standard parser took 145 s
    headers = services.mail_receive(b"From: a@yesil.gov.kz\r\nTo: " + b"x@y.kz, " * 20_000 + b"\r\n\r\nhi")
    assert (headers.status, headers.reason) == ("queued", "malformed")
    nul = services.mail_receive(reply(sent_appeal, sender="a\x00b@evil.example"))
    assert nul.status == "queued" and "\x00" not in nul.detail + nul.sender


def test_a_signature_of_another_domain_says_nothing_of_the_sender(sent_appeal, reply, dkim_key, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    raw = reply(sent_appeal)
    other = dkim.sign(raw, b"mail", b"evil.example", dkim_key, include_headers=[b"from", b"to", b"subject"]) + raw
    mail = services.mail_receive(other)
    assert (mail.status, mail.dkim) == ("review", "")  # matched on its address and sender, not on that signature


def test_the_clock_stops_only_for_a_reply_in_time_and_an_answer_ends_the_stop(  # type: ignore[no-untyped-def]
    sent_appeal, reply, make_user
) -> None:
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    import time_machine

    from dauys.authorities.models import Representative
    from dauys.problems import services as control
    from dauys.problems.monitoring import monitor

    deadline = sent_appeal.deadline
    after = deadline + timedelta(days=3)
    with time_machine.travel(datetime.combine(after + timedelta(days=2), time(10), ZoneInfo("Asia/Almaty"))):
        late = services.mail_receive(reply(sent_appeal, sent=after))
        assert late.status == "review"
        monitor()
        assert Appeal.objects.get(pk=sent_appeal.pk).status == "overdue"  # a late reply stops nothing
        clerk = make_user("Clerk")
        Representative.objects.create(user=clerk, authority=sent_appeal.authority, verified=True)
        control.answer_record(
            appeal=Appeal.objects.get(pk=sent_appeal.pk), actor=clerk, kind="substantive", text="Done.",
            received_on=after + timedelta(days=2),
        )  # fmt: skip
    assert Appeal.objects.get(pk=sent_appeal.pk).reply_received_on is None


def test_one_unreadable_message_does_not_stop_the_next(sent_appeal, reply, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    kept = services.mail_unreadable(b"From: a@b.kz\r\n\r\nbroken", error="RecursionError")
    assert (kept.status, kept.reason, kept.detail) == ("queued", "malformed", "RecursionError")
    assert services.mail_unreadable(b"From: a@b.kz\r\n\r\nbroken").pk == kept.pk  # once


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Auto-Submitted": "auto-replied"}, "queued"),  # RFC 3834: an out-of-office note, "we received it"
        ({"Auto-Submitted": "Auto-Replied; owner-email=kense@yesil.gov.kz"}, "queued"),
        ({"Precedence": "auto_reply"}, "queued"),
        ({"X-Autoreply": "yes"}, "queued"),
        ({"Auto-Submitted": "auto-generated"}, "review"),  # what document systems put on their real answers
        ({"Auto-Submitted": "no (sent by the clerk)"}, "review"),  # said by a person
    ],
)
def test_an_automatic_reply_is_queued_and_stops_no_clock(sent_appeal, reply, headers, status) -> None:  # type: ignore[no-untyped-def]
    mail = services.mail_receive(reply(sent_appeal, text="Я в отпуске до 20 июня.", extra=headers))
    assert (mail.status, mail.reason or "", mail.appeal_id) == (
        status, "automatic" if status == "queued" else "", sent_appeal.pk,
    )  # fmt: skip
    stopped = Appeal.objects.get(pk=sent_appeal.pk).reply_received_on is not None
    assert stopped is (status == "review")


def test_a_reply_forwarded_as_an_attachment_keeps_its_text_and_files(sent_appeal, reply, author) -> None:  # type: ignore[no-untyped-def]
    """Many mail programs forward a message whole, as a message/rfc822 part: its text and files are the reply's."""
    from email.message import EmailMessage

    from tests.correspondence.conftest import message

    inner = message(sent_appeal, to=author.email, text="Качели заменены 5 июня.", pdf=pdf_with())
    outer = EmailMessage()
    outer["From"], outer["To"] = author.email, sent_appeal.reply_address
    outer["Subject"] = "Fwd: ответ акимата"
    outer.set_content("Пересылаю ответ акимата.")
    outer.add_attachment(inner)  # message/rfc822
    # The body's system returned Dauys's own appeal with it: headed by the applicant's name and address, it stays out.
    own = EmailMessage()
    own["From"], own["To"], own["X-Dauys-Reference"] = "noreply@dauys.example.org", BODY_ADDRESS, sent_appeal.reference
    own.set_content("Абенова Айгерим Сериковна, ИИН 900101400123, ул. Кенесары 1, кв. 5\n\nСломаны качели.")
    outer.add_attachment(own)
    mail = services.mail_receive(bytes(outer))
    assert mail.status == "review"
    parsed = services.parsed_of(mail)
    # The sender by name only: the text is offered for publication.
    heading = "---------- Forwarded message ----------\nFrom: Аппарат акима\n"
    assert parsed.text.startswith(f"Пересылаю ответ акимата.\n\n{heading}")
    assert "kense@" not in parsed.text and "Кенесары" not in parsed.text and "ИИН" not in parsed.text
    assert parsed.text.endswith(f"Subject: Re: [{sent_appeal.reference}] Broken swing\n\nКачели заменены 5 июня.")
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("Ответ 12-3-456.pdf", "application/pdf")]


def _bounce_of(headers: bytes, action: bytes = b"failed") -> bytes:
    """A delivery report (RFC 3464) returning a message's headers, as Postfix writes one."""
    return (
        b"From: MAILER-DAEMON@mx.yesil.gov.kz\r\nTo: bounces@dauys.example.org\r\nSubject: Undelivered Mail\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\n<kense@yesil.gov.kz>: mailbox unavailable\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.yesil.gov.kz\r\n\r\n"
        b"Final-Recipient: rfc822; kense@yesil.gov.kz\r\nAction: " + action + b"\r\nStatus: 5.1.1\r\n"
        b"--b\r\nContent-Type: text/rfc822-headers\r\n\r\n" + headers + b"\r\n--b--\r\n"
    )


def _headers_of(sent) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(f"{name}: {value}\r\n".encode() for name, value in sent.items() if name != "Subject")


def test_a_bounce_of_an_appeals_email_tells_its_applicant_and_the_operators(  # type: ignore[no-untyped-def]
    sent_appeal, author, admin_user, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail as outbox

    sent = next(m for m in outbox.outbox if sent_appeal.reference in m.subject).message()
    # First the mail server reports a delay: nobody is told, it may still arrive.
    with django_capture_on_commit_callbacks(execute=True):
        delayed = services.mail_receive(_bounce_of(_headers_of(sent), action=b"delayed"))
    assert (delayed.status, delayed.reason, delayed.appeal_id) == ("queued", "bounce", sent_appeal.pk)
    assert delayed.detail.startswith("delayed: ")
    assert not Notification.objects.filter(kind__in=["appeal.bounced", "mail.bounced"]).exists()
    # Then it gives up.
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.mail_receive(_bounce_of(_headers_of(sent)))
    assert (mail.status, mail.reason, mail.appeal_id) == ("queued", "bounce", sent_appeal.pk)
    assert mail.detail == f"failed: the appeal e-mail of appeal {sent_appeal.reference} to {BODY_ADDRESS} came back"
    told = Notification.objects.get(user=author, kind="appeal.bounced")
    assert told.url == sent_appeal.of_problem.get_absolute_url()
    operator = Notification.objects.get(user=admin_user, kind="mail.bounced")
    assert operator.url == f"/en/admin/correspondence/incomingmail/{mail.pk}/change/"
    assert Appeal.objects.get(pk=sent_appeal.pk).reply_received_on is None  # a bounce is no reply
    # Another report of the same appeal (a second mail server, a copy) tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_receive(_bounce_of(_headers_of(sent) + b"X-Copy: 2\r\n"))
    assert Notification.objects.filter(kind__in=["appeal.bounced", "mail.bounced"]).count() == 2


def test_a_bounced_reminder_tells_the_operators_not_the_applicant(  # type: ignore[no-untyped-def]
    sent_appeal, author, admin_user, django_capture_on_commit_callbacks
) -> None:
    """The appeal arrived weeks ago; the reminder before its deadline came back: the body's address is to check."""
    from django.core import mail as outbox

    from dauys.problems.tasks import remind_authority

    outbox.outbox.clear()
    remind_authority(sent_appeal.pk)
    reminder = outbox.outbox[-1].message()
    assert reminder["X-Dauys-Message"] == "reminder"
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.mail_receive(_bounce_of(_headers_of(reminder)))
    assert mail.detail.startswith("failed: the reminder e-mail of appeal ")
    assert not Notification.objects.filter(user=author, kind="appeal.bounced").exists()
    assert Notification.objects.filter(user=admin_user, kind="mail.bounced").count() == 1


def test_a_bounce_naming_only_the_public_reference_tells_nobody(  # type: ignore[no-untyped-def]
    sent_appeal, author, django_capture_on_commit_callbacks
) -> None:
    """The reference is public: anyone could forge a bounce naming it. Only the appeal's own address counts."""
    forged = f"X-Dauys-Reference: {sent_appeal.reference}\r\nSubject: [{sent_appeal.reference}]\r\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.mail_receive(_bounce_of(forged))
    assert (mail.status, mail.reason, mail.appeal_id) == ("queued", "bounce", None)
    assert not Notification.objects.filter(kind__in=["appeal.bounced", "mail.bounced"]).exists()


def test_raw_files_whose_message_was_never_stored_are_swept_a_day_on(sent_appeal, reply, settings) -> None:  # type: ignore[no-untyped-def]
    import os
    import time
    from pathlib import Path

    kept = services.mail_receive(reply(sent_appeal))
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    orphan = root / services.raw_name("0" * 64)  # written by a worker whose transaction never committed
    part = orphan.with_name("x.eml.123.456.part")  # a write cut short
    young = root / services.raw_name("1" * 64)  # perhaps of a transaction still running
    for path in (orphan, part, young):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"From: x\r\n\r\n")
    old = time.time() - 2 * 86400
    for path in (orphan, part, root / kept.raw.name):
        os.utime(path, (old, old))
    # A row an earlier version stored under the month's folder keeps its file.
    dated = services.mail_receive(reply(sent_appeal, text="Second reply."))
    old_name = f"mail/2026/06/{dated.sha256}.eml"
    (root / old_name).parent.mkdir(parents=True, exist_ok=True)
    os.replace(root / dated.raw.name, root / old_name)
    IncomingMail.objects.filter(pk=dated.pk).update(raw=old_name)
    os.utime(root / old_name, (old, old))
    assert services.sweep() == 2
    assert not orphan.exists() and not part.exists()
    assert young.exists() and (root / kept.raw.name).exists() and (root / old_name).exists()
    assert services.parsed_of(kept).subject.startswith("Re: [")
    assert [p.name for p in root.rglob("*.sweep")] == []


def test_the_same_message_after_a_rollback_reuses_its_file(sent_appeal, reply, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker killed after writing the file and before committing leaves it; the message comes again (it is
    still unseen in the mailbox) and is kept in the same file, not beside it."""
    from pathlib import Path

    from dauys.problems import services as control

    raw = reply(sent_appeal)

    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("killed")

    monkeypatch.setattr(control, "appeal_reply_received", fail)
    with pytest.raises(RuntimeError):
        services.mail_receive(raw)
    assert IncomingMail.objects.count() == 0
    monkeypatch.undo()
    mail = services.mail_receive(raw)
    files = [p for p in Path(settings.PRIVATE_MEDIA_ROOT, "mail").rglob("*") if p.is_file()]
    assert files == [Path(settings.PRIVATE_MEDIA_ROOT, mail.raw.name)] and files[0].read_bytes() == raw
