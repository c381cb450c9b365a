"""Polling an IMAP mailbox for replies, as Froide does (docs/authorities-side.md says why this, and a pipe).

Each unseen message is fetched whole (``BODY.PEEK[]``: fetching does not mark it), stored (``mail_receive``: once,
whatever happens after), and only then flagged ``\\Seen``. A worker killed between the two fetches it again at the
next poll, and the store recognises it: nothing is lost and nothing is doubled. A message larger than Dauys takes
is not fetched: its headers are, it is queued for an operator with the reason, and it stays in the mailbox.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.db import DatabaseError

from dauys.correspondence.services import MAX_BYTES, mail_receive, mail_unreadable

logger = logging.getLogger(__name__)

SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class Poll:
    fetched: int = 0
    stored: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        kinds = ", ".join(f"{n} {status}" for status, n in sorted(self.stored.items())) or "nothing new"
        return f"{self.fetched} messages fetched: {kinds}"


def connect(url: str) -> tuple[imaplib.IMAP4, str]:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    client: imaplib.IMAP4
    if parts.scheme == "imaps":
        client = imaplib.IMAP4_SSL(host, port or 993, timeout=30)
    else:
        client = imaplib.IMAP4(host, port or 143, timeout=30)
    client.login(unquote(parts.username or ""), unquote(parts.password or ""))
    return client, unquote(parts.path.lstrip("/")) or "INBOX"


def _parts(data: list[object]) -> bytes:
    return b" ".join(p[0] if isinstance(p, tuple) else p for p in data if isinstance(p, bytes | tuple))


def poll_mailbox(url: str, *, limit: int = 500) -> Poll:
    """One pass over the mailbox: at most ``limit`` unseen messages, oldest first."""
    client, folder = connect(url)
    done = Poll()
    try:
        status, _data = client.select(folder)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open the folder {folder!r}")
        _status, found = client.uid("SEARCH", "UNSEEN")
        for uid in (found[0] or b"").decode("ascii").split()[:limit]:
            _status, sized = client.uid("FETCH", uid, "(RFC822.SIZE)")
            match = SIZE.search(_parts(sized))
            size = int(match.group(1)) if match else 0
            whole = size <= MAX_BYTES
            _status, data = client.uid("FETCH", uid, "(BODY.PEEK[])" if whole else "(BODY.PEEK[HEADER])")
            raw = next((part[1] for part in data if isinstance(part, tuple)), b"")
            try:
                mail = mail_receive(raw, size=size)
            except DatabaseError:
                raise  # the database is away: the message stays unseen, for the next pass
            except Exception as exc:
                logger.warning("incoming message %s could not be read: %s", uid, type(exc).__name__)
                mail = mail_unreadable(raw, size=size, error=f"{type(exc).__name__}")
            done.fetched += 1
            done.stored[mail.status] = done.stored.get(mail.status, 0) + 1
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return done
