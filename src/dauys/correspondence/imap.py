"""Polling an IMAP mailbox for replies, as Froide does (docs/authorities-side.md says why this, and a pipe).

Each unseen message is fetched whole (``BODY.PEEK[]``: fetching does not mark it), stored (``mail_receive``: once,
whatever happens after), and only then flagged ``\\Seen``. A worker killed between the two fetches it again at the
next poll, and the store recognises it: nothing is lost and nothing is doubled. Messages go in groups (up to 50, and
32 MB): one command fetches a group and one flags it, so a burst costs a few round trips per group, not per
message. A message larger than Dauys takes is not fetched: its headers are, it is queued for an operator with the
reason, and it stays in the mailbox.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import time
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.db import DatabaseError

from dauys.correspondence.services import MAX_BYTES, mail_receive, mail_unreadable

logger = logging.getLogger(__name__)

SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
UID = re.compile(rb"UID (\d+)")
# Messages fetched with one command: a few round trips per burst instead of three per message, and never more than
# GROUP_BYTES in memory (a message larger than that is fetched alone).
GROUP, GROUP_BYTES = 50, 32 * 1024 * 1024


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


def _sizes(client: imaplib.IMAP4, uids: list[str]) -> dict[str, int]:
    _status, data = client.uid("FETCH", ",".join(uids), "(RFC822.SIZE)")
    sizes = {}
    for line in data:
        head = line[0] if isinstance(line, tuple) else line
        if isinstance(head, bytes) and (uid := UID.search(head)) and (size := SIZE.search(head)):
            sizes[uid.group(1).decode()] = int(size.group(1))
    return sizes


def _fetch(client: imaplib.IMAP4, uids: list[str], item: str) -> dict[str, bytes]:
    """``item`` of each message, by UID (a server answers in any order, and leaves out what was deleted)."""
    _status, data = client.uid("FETCH", ",".join(uids), f"({item})")
    found = {}
    for k, part in enumerate(data):
        if not isinstance(part, tuple):
            continue
        # The UID comes before the literal or after it (pymap: ``4 (BODY[] {1980}``, literal, `` UID 104)``).
        after = data[k + 1] if k + 1 < len(data) and isinstance(data[k + 1], bytes) else b""
        if uid := UID.search(part[0]) or UID.search(after):
            found[uid.group(1).decode()] = part[1]
    return found


def _groups(uids: list[str], sizes: dict[str, int]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    total = 0
    for uid in uids:
        size = min(sizes.get(uid, 0), MAX_BYTES)
        if groups[-1] and (len(groups[-1]) >= GROUP or total + size > GROUP_BYTES):
            groups.append([])
            total = 0
        groups[-1].append(uid)
        total += size
    return [g for g in groups if g]


def poll_mailbox(url: str, *, seconds: float | None = None) -> Poll:
    """One pass over the mailbox: the messages unseen when it starts, oldest first; with ``seconds``, the pass stops
    taking new ones once that long has passed (the worker's pass ends before the next one is due; the rest wait)."""
    client, folder = connect(url)
    done = Poll()
    stop_at = None if seconds is None else time.monotonic() + seconds
    try:
        status, _data = client.select(folder)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open the folder {folder!r}")
        _status, found = client.uid("SEARCH", "UNSEEN")
        unseen = (found[0] or b"").decode("ascii").split()
        for start in range(0, len(unseen), GROUP):
            if stop_at is not None and time.monotonic() > stop_at:
                break
            batch = unseen[start : start + GROUP]
            sizes = _sizes(client, batch)
            for group in _groups(batch, sizes):
                _take(client, group, sizes, done)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return done


def _take(client: imaplib.IMAP4, group: list[str], sizes: dict[str, int], done: Poll) -> None:
    """Fetch a group whole (a message larger than Dauys takes: its headers only), store each message, then flag the
    stored ones seen, with one command; a fault between the two fetches them again, and the store knows them."""
    whole = [uid for uid in group if sizes.get(uid, 0) <= MAX_BYTES]
    raws = _fetch(client, whole, "BODY.PEEK[]") if whole else {}
    if len(whole) < len(group):
        raws |= _fetch(client, [uid for uid in group if uid not in whole], "BODY.PEEK[HEADER]")
    stored: list[str] = []
    try:
        for uid in group:
            if uid not in raws:
                continue  # deleted from the mailbox meanwhile
            raw, size = raws[uid], sizes.get(uid) or len(raws[uid])
            try:
                mail = mail_receive(raw, size=size)
            except DatabaseError:
                raise  # the database is away: the message stays unseen, for the next pass
            except Exception as exc:
                logger.warning("incoming message %s could not be read: %s", uid, type(exc).__name__)
                mail = mail_unreadable(raw, size=size, error=f"{type(exc).__name__}")
            stored.append(uid)
            done.fetched += 1
            done.stored[mail.status] = done.stored.get(mail.status, 0) + 1
    finally:
        if stored:
            client.uid("STORE", ",".join(stored), "+FLAGS.SILENT", "(\\Seen)")
