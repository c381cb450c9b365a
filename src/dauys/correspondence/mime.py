"""Reading a message as it came: who sent it, to which address, when, its text and its attachments.

The standard library's parser (``email`` with the modern policy) reads it; nothing here trusts what it says. A
message with only HTML gets its text from the HTML (scripts and styles dropped, blocks on lines of their own).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

REFERENCE = re.compile(r"\bDA-[0-9A-F]{8}\b")
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@")


class Malformed(ValueError):
    """The message cannot be read as MIME."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass
class Parsed:
    subject: str
    sender: str
    recipients: list[str]
    sent_at: datetime | None
    text: str
    message_id: str
    attachments: list[Attachment] = field(default_factory=list)
    bounce: bool = False
    automatic: bool = False  # an automatic reply: out of office, a system's acknowledgement (RFC 3834)
    references: set[str] = field(default_factory=set)
    returned: list[str] = field(default_factory=list)  # a bounce's: the Reply-To addresses of the message it returns
    returned_kind: str = ""  # a bounce's: what Dauys sent (X-Dauys-Message: "appeal", "reminder"; "" if not said)
    failed: bool = False  # a bounce's delivery status says the delivery failed for good (not "delayed")
    dkim_signed: bool = False
    dkim_domains: list[str] = field(default_factory=list)  # the d= of each DKIM-Signature


MAX_HEADERS = 64 * 1024  # a header block larger than this is no letter's: refused before it is parsed


def parse(raw: bytes) -> Parsed:
    end = raw.find(b"\r\n\r\n")
    end = raw.find(b"\n\n") if end < 0 else end
    if (end if end >= 0 else len(raw)) > MAX_HEADERS:
        raise Malformed(f"its headers are larger than {MAX_HEADERS} bytes")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        subject = str(message.get("Subject", "") or "")[:998]
        sender = _address(message.get_all("From") or [])
        recipients = [a for name in RECIPIENT_HEADERS for a in _addresses(message.get_all(name) or [])]
        text, attachments = _content(message)
    except (ValueError, TypeError, LookupError, AttributeError, AssertionError, UnicodeError) as exc:
        raise Malformed(str(exc)) from exc
    sent_at = None
    if message.get("Date"):
        try:
            sent_at = parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError, IndexError):
            sent_at = None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = None  # a date without its zone could be a day off
    report = message.get_content_type() == "multipart/report" and message.get_param("report-type") == "delivery-status"
    bounce = report or sender.lower().startswith(BOUNCE_SENDERS)
    # The returned message's headers (a text/rfc822-headers or message/rfc822 part) carry its appeal's reply address.
    returned = _addresses(_returned_headers(message, "Reply-To")) if bounce else []
    kinds = [str(v).strip().lower() for v in _returned_headers(message, "X-Dauys-Message")] if bounce else []
    return Parsed(
        subject=subject,
        sender=sender,
        recipients=recipients,
        sent_at=sent_at,
        text=text,
        message_id=str(message.get("Message-ID", "") or "").strip()[:998],
        attachments=attachments,
        bounce=bounce,
        automatic=_automatic(message),
        returned=returned,
        returned_kind=kinds[0] if kinds else "",
        failed=bounce and _failed(message),
        references=set(REFERENCE.findall(subject + "\n" + text)),
        dkim_signed=message.get("DKIM-Signature") is not None,
        dkim_domains=[
            m.group(1).lower().rstrip(".")
            for header in message.get_all("DKIM-Signature") or []
            if (m := re.search(r"\bd=([^;\s]+)", str(header)))
        ],
    )


def _automatic(message: EmailMessage) -> bool:
    """An autoresponder's reply (out of office, "we received your letter"): RFC 3834's ``Auto-Submitted:
    auto-replied``, and the older marks of autoresponders. Not ``auto-generated``: document systems put it on the
    real answers they send, and queuing an answer would let its appeal fall overdue."""
    words = str(message.get("Auto-Submitted", "") or "").split()
    precedence = str(message.get("Precedence", "") or "").strip().lower()
    return (
        (bool(words) and words[0].lower().rstrip(";") == "auto-replied")
        or precedence == "auto_reply"
        or any(message.get(h) is not None for h in ("X-Autoreply", "X-Autorespond"))
    )


def _failed(message: EmailMessage) -> bool:
    """Whether a bounce reports a delivery that failed for good: a delivery-status part with ``Action: failed``
    (RFC 3464), not one that is only ``delayed``. A bounce without one (an old mail server's plain text) is taken
    as failed."""
    actions: list[str] = []
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            for group in part.get_payload() if part.is_multipart() else []:
                if not isinstance(group, str):
                    actions += [str(a).strip().lower() for a in group.get_all("Action") or []]
    return "failed" in actions if actions else True


def _returned_headers(message: EmailMessage, name: str) -> list[object]:
    """The values of header ``name`` in the message a bounce returns (RFC 3462: its last part, whole or headers)."""
    found: list[object] = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                found += BytesParser(policy=policy.default).parsebytes(payload, headersonly=True).get_all(name) or []
        elif kind == "message/rfc822":
            for inner in part.iter_parts():
                found += inner.get_all(name) or []
    return found


def _addresses(values: list[object]) -> list[str]:
    return [address.strip().lower() for _name, address in getaddresses([str(v) for v in values]) if "@" in address]


def _address(values: list[object]) -> str:
    found = _addresses(values)
    return found[0] if found else ""


MAX_DEPTH = 3  # messages forwarded inside forwarded messages, read this deep


def _content(message: EmailMessage, depth: int = 0) -> tuple[str, list[Attachment]]:
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        content = body.get_content()
        text = html_to_text(content) if body.get_content_type() == "text/html" else str(content)
    attachments: list[Attachment] = []
    for part in message.iter_attachments():
        if part.get_content_type() == "message/rfc822" and depth < MAX_DEPTH:
            # A reply forwarded as an attachment (how many mail programs forward): its text and its files are the
            # message's, under a line that says where they come from. Not Dauys's own appeal, which a body's
            # system may return with its answer: it is headed by the applicant's name and address.
            for inner in part.iter_parts():
                if isinstance(inner, EmailMessage) and inner.get("X-Dauys-Reference") is None:
                    inner_text, inner_files = _content(inner, depth + 1)
                    text = f"{text.rstrip()}\n\n{_forwarded_heading(inner)}\n\n{inner_text}".lstrip()
                    attachments += inner_files
            continue
        if part.get_content_maintype() in {"multipart", "message"}:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        name = part.get_filename() or f"attachment.{part.get_content_subtype()}"
        attachments.append(Attachment(_safe_name(name), part.get_content_type(), payload))
    return text.strip(), attachments


def _forwarded_heading(inner: EmailMessage) -> str:
    """Who sent the forwarded message, when, about what. The sender by name (or their domain): the text is offered
    for publication, and an official's address may be their own."""
    said = []
    fields = (("From", _sender_name(inner)), ("Date", inner.get("Date", "")), ("Subject", inner.get("Subject", "")))
    for name, value in fields:
        if value := str(value or "").strip():
            said.append(f"{name}: {value}")
    return "---------- Forwarded message ----------\n" + "\n".join(said)


def _sender_name(message: EmailMessage) -> str:
    pairs = getaddresses([str(v) for v in message.get_all("From") or []])
    if not pairs:
        return ""
    name, address = pairs[0]
    return name.strip() or ("@" + address.rpartition("@")[2] if "@" in address else "")


def _safe_name(name: str) -> str:
    """A file name to show, never a path."""
    return re.sub(r"[\\/\x00-\x1f]", "_", name).strip()[:120] or "attachment"


BLOCKS = re.compile(r"<(?=/?(?:p|div|br|li|tr|h[1-6]|blockquote|table|pre)\b)", re.IGNORECASE)
MAX_HTML = 512 * 1024


def html_to_text(html: str) -> str:
    """The text of an HTML body, in time linear in its size (nh3, not the standard library's parser, whose time on
    malformed input can grow with the square of it): blocks on lines of their own, scripts and styles dropped."""
    import nh3

    marked = BLOCKS.sub("\n<", html[:MAX_HTML])
    text = htmllib.unescape(nh3.clean(marked, tags=set(), clean_content_tags={"script", "style", "head", "title"}))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
