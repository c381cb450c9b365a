"""The mail journey through a real IMAP server (pymap, started here): an appeal goes out with its reply address, the
body's reply with a PDF comes back to the mailbox, the worker's poll takes it in once (however often it polls, and
after a poll cut short), the public sees only that an answer came, and the citizen publishes it as the answer."""

from __future__ import annotations

import imaplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail as outbox
from django.test import Client

from dauys.correspondence.imap import poll_mailbox
from dauys.correspondence.models import IncomingMail
from dauys.correspondence.services import parsed_of
from dauys.problems.models import Answer, Appeal, Scan
from tests.correspondence.conftest import message
from tests.problems.services.test_scans import pdf_with

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
USER, PASSWORD = "replies", "a mailbox password"


@pytest.fixture
def imap_server() -> Iterator[str]:
    """pymap's in-memory IMAP server, as a process of its own; its demo data is four unrelated messages."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pymap = Path(sys.executable).parent / "pymap"
    proc = subprocess.Popen(
        [str(pymap), "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict", "--demo-data",
         "--demo-user", USER, "--demo-password", PASSWORD],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pymap did not start") from None
            time.sleep(0.1)
    yield f"imap://{USER}:{PASSWORD.replace(' ', '%20')}@127.0.0.1:{port}/INBOX"
    proc.terminate()
    proc.wait(timeout=10)


def deliver(port_url: str, raw: bytes) -> None:
    """What the mail server does when a message reaches the mailbox."""
    port = int(port_url.rsplit(":", 1)[1].split("/")[0])
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(USER, PASSWORD)
    client.append("INBOX", None, None, raw)
    client.logout()


def test_a_reply_comes_back_through_the_mailbox(  # type: ignore[no-untyped-def]
    imap_server, sent_appeal, author, django_capture_on_commit_callbacks
) -> None:
    sent = [m for m in outbox.outbox if sent_appeal.reference in m.subject]
    assert sent and sent[0].reply_to == [sent_appeal.reply_address]  # the appeal went out with its own address

    reply = message(sent_appeal, pdf=pdf_with(), text="Качели заменены 5 июня. Абенова Айгерим, ул. Кенесары 1.")
    reply.replace_header("To", sent[0].reply_to[0])
    deliver(imap_server, bytes(reply))
    deliver(imap_server, bytes(message(None, subject="Spam: cheap followers")))
    with django_capture_on_commit_callbacks(execute=True):
        first = poll_mailbox(imap_server)
    # pymap's two unseen demo messages, the spam and the reply: only the reply is the appeal's.
    assert first.fetched == 4 and first.stored == {"queued": 3, "review": 1}
    assert str(poll_mailbox(imap_server)) == "0 messages fetched: nothing new"  # seen: not fetched again
    # A poll cut short after storing and before flagging: the message comes again, and is not stored twice.
    client = imaplib.IMAP4("127.0.0.1", int(imap_server.rsplit(":", 1)[1].split("/")[0]))
    client.login(USER, PASSWORD)
    client.select("INBOX")
    client.uid("STORE", "1:*", "-FLAGS", "(\\Seen)")
    client.logout()
    again = poll_mailbox(imap_server)
    assert again.fetched == 6 and IncomingMail.objects.count() == 6  # the same 4 once, and pymap's 2 seen ones

    received = IncomingMail.objects.get(status="review")
    appeal = Appeal.objects.get(pk=sent_appeal.pk)
    assert received.appeal == appeal and appeal.reply_received_on is not None
    public = Client().get(appeal.of_problem.get_absolute_url()).content.decode()
    assert "An answer came by e-mail" in public and "Кенесары" not in public

    # The citizen reviews it: removes their address, keeps the PDF, publishes it as a promise.
    citizen = Client()
    citizen.force_login(author)
    page = citizen.get(f"/en/replies/{received.pk}/")
    assert (
        page.status_code == 200
        and "Кенесары" in page.content.decode()
        and "Ответ 12-3-456.pdf" in page.content.decode()
    )
    assert Client().get(f"/en/replies/{received.pk}/").status_code == 302  # to sign in
    with django_capture_on_commit_callbacks(execute=True):
        done = citizen.post(
            f"/en/replies/{received.pk}/",
            {
                "kind": "substantive",
                "text": "Качели заменены 5 июня.",
                "received_on": appeal.reply_received_on.isoformat(),
                "chosen": ["0"],
                "scans_visibility": "public",
                "confirm": "on",
            },
        )
    assert done.status_code == 302
    answer = Answer.objects.get(appeal=appeal)
    assert (answer.via, answer.kind, answer.received_on) == ("email", "substantive", appeal.reply_received_on)
    scan = Scan.objects.get(answer=answer)
    assert scan.content_type == "application/pdf" and scan.public
    appeal.refresh_from_db()
    assert appeal.status == "answered" and appeal.reply_received_on is None
    public = Client().get(appeal.of_problem.get_absolute_url()).content.decode()
    assert "Качели заменены 5 июня." in public and "Кенесары" not in public and "PDF document, 1 page" in public


def test_forwards_html_mail_automatic_replies_and_bounces_through_the_mailbox(  # type: ignore[no-untyped-def]
    imap_server, sent_appeal, author, admin_user, django_capture_on_commit_callbacks
) -> None:
    """Each kind of message a reply address meets, as the mail server hands it over, in one poll."""
    from email.message import EmailMessage

    from dauys.notifications.models import Notification
    from tests.correspondence.test_services import _bounce_of, _headers_of

    # The applicant forwards the body's reply, whole (message/rfc822), with its PDF.
    forward = EmailMessage()
    forward["From"], forward["To"], forward["Subject"] = author.email, sent_appeal.reply_address, "Fwd: ответ"
    forward.set_content("Пересылаю ответ акимата.")
    forward.add_attachment(message(sent_appeal, to=author.email, text="Качели заменены.", pdf=pdf_with()))
    deliver(imap_server, bytes(forward))
    # The body answers in HTML only; its mail system also sends an acknowledgement of its own.
    deliver(imap_server, bytes(message(sent_appeal, text="", html="<p>Ремонт <b>завершён</b>.</p>")))
    automatic = message(sent_appeal, text="Ваше обращение получено.", extra={"Auto-Submitted": "auto-replied"})
    deliver(imap_server, bytes(automatic))
    # The appeal's own e-mail comes back from a mail server that no longer knows the address.
    sent = next(m for m in outbox.outbox if sent_appeal.reference in m.subject).message()
    deliver(imap_server, _bounce_of(_headers_of(sent)))

    with django_capture_on_commit_callbacks(execute=True):
        poll_mailbox(imap_server)
    mine = IncomingMail.objects.filter(appeal=sent_appeal).order_by("pk")
    assert [(m.status, m.reason) for m in mine] == [
        ("review", ""), ("review", ""), ("queued", "automatic"), ("queued", "bounce"),
    ]  # fmt: skip
    forwarded, html = (parsed_of(m) for m in mine[:2])
    assert "Качели заменены." in forwarded.text
    assert [a.content_type for a in forwarded.attachments] == ["application/pdf"]
    assert html.text == "Ремонт завершён."
    assert Notification.objects.filter(user=author, kind="reply.received").count() == 2
    assert Notification.objects.filter(user=author, kind="appeal.bounced").count() == 1
    assert Notification.objects.filter(user=admin_user, kind="mail.bounced").count() == 1


class _Canned:
    """An IMAP client whose FETCH answers as a given server lays its response out (imaplib's data list)."""

    def __init__(self, data: list[object]) -> None:
        self.data = data

    def uid(self, *args: object) -> tuple[str, list[object]]:
        return "OK", self.data


@pytest.mark.parametrize(
    "data",
    [
        # Dovecot, Gmail: the UID before the literal, FLAGS too.
        [(b"1 (UID 7 FLAGS (\\Recent) BODY[] {5}", b"first"), b")", (b"2 (UID 9 BODY[] {6}", b"second"), b")"],
        # pymap: the UID after it.
        [(b"1 (BODY[] {5}", b"first"), b" UID 7)", (b"2 (BODY[] {6}", b"second"), b" UID 9 FLAGS (\\Seen))"],
        # Any order, and an unsolicited FLAGS line of another message between.
        [(b"2 (UID 9 BODY[] {6}", b"second"), b")", b"5 (FLAGS (\\Deleted))", (b"1 (UID 7 BODY[] {5}", b"first"), b")"],
    ],
)
def test_fetched_messages_are_known_by_their_uid_however_the_server_lays_them_out(data) -> None:  # type: ignore[no-untyped-def]
    from dauys.correspondence.imap import _fetch

    assert _fetch(_Canned(data), ["7", "9"], "BODY.PEEK[]") == {"7": b"first", "9": b"second"}  # type: ignore[arg-type]
