"""Correspondence's subcommands of ``dauys`` (``core.commands``): mail-in (a mail server's pipe) and mail-poll."""

from __future__ import annotations

import argparse
import imaplib
import sys

from dauys.core.commands import check_database, command, say, setup

# sysexits.h: what a mail server understands of a pipe's exit status.
EX_DATAERR, EX_TEMPFAIL, EX_CONFIG = 65, 75, 78


def _mail_in_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recipient", default="", help="the envelope recipient (Postfix: ${original_recipient})")


@command(
    "mail-in",
    help="take in one message from standard input (for a mail server's pipe transport)",
    arguments=_mail_in_arguments,
)
def mail_in(args: argparse.Namespace) -> int:
    setup()
    from django.db import DatabaseError

    from dauys.correspondence.services import MAX_BYTES, mail_receive

    raw = sys.stdin.buffer.read(2 * MAX_BYTES + 1)
    if len(raw) > 2 * MAX_BYTES:
        say("the message is larger than Dauys takes: refused")
        return EX_DATAERR  # the mail server bounces it to its sender, who is told
    try:
        check_database()
        mail = mail_receive(raw, recipient=args.recipient)
    except DatabaseError as exc:
        say(f"the database cannot store it now ({type(exc).__name__}): the mail server will try again")
        return EX_TEMPFAIL
    say(f"stored as {mail.status}{': ' + mail.reason if mail.reason else ''}")
    return 0


@command("mail-poll", help="take in the replies waiting in the mailbox of DAUYS_MAIL_IMAP_URL, once")
def mail_poll(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from django.conf import settings

    from dauys.correspondence.imap import poll_mailbox

    if not settings.DAUYS_MAIL_IMAP_URL:
        say("DAUYS_MAIL_IMAP_URL is not set: there is no mailbox to poll")
        return EX_CONFIG
    try:
        say(str(poll_mailbox(settings.DAUYS_MAIL_IMAP_URL)))
    except (imaplib.IMAP4.error, OSError) as exc:
        # What was stored stays stored; what was not flagged seen comes again at the next pass, and is known.
        say(f"the mailbox failed ({type(exc).__name__}: {exc}): the rest waits for the next pass")
        return EX_TEMPFAIL
    return 0
