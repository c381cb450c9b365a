"""``dauys mail-in``: a mail server's pipe delivers one message on standard input; the exit status tells it what to
do (0 taken, 75 try again later, 65 refused: it bounces to the sender)."""

from __future__ import annotations

import argparse
import io
import sys

import pytest

from dauys.correspondence import commands, services
from dauys.correspondence.models import IncomingMail

pytestmark = pytest.mark.django_db


def _stdin(monkeypatch, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))


def test_a_piped_message_is_stored_with_its_envelope_recipient(monkeypatch, capsys, sent_appeal, reply) -> None:  # type: ignore[no-untyped-def]
    raw = reply(sent_appeal, to="undisclosed-recipients:;")
    _stdin(monkeypatch, raw)
    assert commands.mail_in(argparse.Namespace(recipient=sent_appeal.reply_address.upper())) == 0
    said = capsys.readouterr()
    assert "stored as review" in said.out + said.err
    assert IncomingMail.objects.get().appeal_id == sent_appeal.pk


def test_a_message_too_large_is_refused(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "MAX_BYTES", 10)
    _stdin(monkeypatch, b"From: a@b.kz\r\n\r\n" + b"x" * 100)
    assert commands.mail_in(argparse.Namespace(recipient="")) == commands.EX_DATAERR
    assert not IncomingMail.objects.exists()


def test_without_a_mailbox_mail_poll_says_so(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.DAUYS_MAIL_IMAP_URL = None
    assert commands.mail_poll(argparse.Namespace()) == commands.EX_CONFIG
    said = capsys.readouterr()
    assert "DAUYS_MAIL_IMAP_URL is not set" in said.out + said.err


def test_a_mailbox_that_fails_is_a_temporary_failure(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    """Nothing listens at the mailbox's port: mail-poll says so in a line and exits 75 (try again), no traceback."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    settings.DAUYS_MAIL_IMAP_URL = f"imap://replies:pw@127.0.0.1:{port}/INBOX"
    assert commands.mail_poll(argparse.Namespace()) == commands.EX_TEMPFAIL
    said = capsys.readouterr()
    assert "the mailbox failed (ConnectionRefusedError" in said.out + said.err
    assert "pw" not in said.out + said.err
