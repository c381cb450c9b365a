"""Taking mail in: each message is stored once, matched to its appeal or queued for an operator with its reason.

A reply is matched only when all of these hold; otherwise it waits for an operator, and nothing of it is published:

1. it reached an appeal's own reply address (``Appeal.reply_token`` in one of its recipient addresses);
2. it comes from the body's known domain (the domain of its public e-mail address), or from the applicant's own
   address (a reply they forward);
3. its DKIM signature verifies, when it has one;
4. it names no other appeal's reference;
5. it is not a delivery failure (a bounce) and can be read as MIME.

A matched reply stops the appeal's clock on the day the body sent it (``problems.services.appeal_reply_received``),
and waits, private, for its applicant, who publishes it as an answer once they have removed what is personal, or
says it is none (``reply_publish``, ``reply_dismiss``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.authorities.models import Authority
from dauys.core.calendar import working_days_between
from dauys.core.images import ImageRejected, ProcessedImage, process_upload
from dauys.core.pdfs import PdfRejected, ProcessedPdf, looks_like_pdf, process_pdf
from dauys.core.storage import private_storage
from dauys.core.tasks import enqueue_on_commit
from dauys.correspondence import mime
from dauys.correspondence.models import IncomingMail
from dauys.discussions.services.rules import is_moderator
from dauys.problems import services as control
from dauys.problems.models import Answer, Appeal

logger = logging.getLogger(__name__)
MAX_BYTES = 25 * 1024 * 1024
# How DKIM keys are looked up: None is dkimpy's own DNS lookup; tests give a function (name -> TXT record).
DNS: Callable[..., bytes] | None = None
Reason = IncomingMail.Reason


def storable(text: str) -> str:
    """What a header says, without what no database of ours stores (NUL, half a surrogate pair)."""
    return "".join(ch for ch in text if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)


def _token_of(address: str) -> str | None:
    """The appeal token in ``address``, if it has the shape of the instance's reply address."""
    pattern = getattr(settings, "DAUYS_REPLY_ADDRESS", "").lower()
    if not pattern:
        return None
    before, _sep, after = pattern.partition("{token}")
    if address.startswith(before) and address.endswith(after) and len(address) > len(before) + len(after):
        token = address[len(before) : len(address) - len(after)]
        return token if token.isalnum() else None
    return None


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _aligned(domains: list[str], sender: str) -> bool:
    """A signing domain that is the sender's domain, or a domain above it."""
    own = _domain(sender)
    return any(own == d or own.endswith("." + d) for d in domains)


def _dkim_ok(raw: bytes) -> bool:
    import dkim

    try:
        return bool(dkim.verify(raw, dnsfunc=DNS) if DNS is not None else dkim.verify(raw))
    except Exception:
        logger.info("a DKIM signature could not be checked")
        return False


def mail_receive(raw: bytes, *, recipient: str = "", size: int | None = None) -> IncomingMail:
    """Store one message as it came, once, and match it or queue it. ``recipient``: the envelope address the mail
    server delivered it to, when it says (``dauys mail-in --recipient``). ``size``: the message's size, when only
    its headers are given because it is larger than Dauys takes (``imap``)."""
    digest = hashlib.sha256(raw).hexdigest()
    known = IncomingMail.objects.filter(sha256=digest).first()
    if known is not None:
        return known  # the same message again (a poll or a delivery repeated after a fault)
    try:
        with transaction.atomic():
            mail = _receive(raw, digest, recipient.strip().lower(), size or len(raw))
    except IntegrityError:
        return IncomingMail.objects.get(sha256=digest)  # another worker stored it at the same moment
    return mail


def _receive(raw: bytes, digest: str, recipient: str, size: int) -> IncomingMail:
    mail = IncomingMail(sha256=digest, size=size, recipient=recipient[:320])
    if size > MAX_BYTES:
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0][:65536]
        return _queued(mail, head, Reason.TOO_LARGE, f"{size} bytes: only its headers are kept here")
    try:
        parsed = mime.parse(raw)
    except mime.Malformed as exc:
        return _queued(mail, raw, Reason.MALFORMED, storable(str(exc))[:500])
    mail.subject, mail.sender, mail.message_id, mail.sent_at = (
        storable(parsed.subject), storable(parsed.sender)[:320], storable(parsed.message_id), parsed.sent_at,
    )  # fmt: skip
    addresses = [recipient] if recipient else []
    addresses += parsed.recipients
    token = next((t for a in addresses if (t := _token_of(a))), None)
    if token is not None:
        mail.recipient = next(a for a in addresses if _token_of(a) == token)[:320]
        mail.appeal = Appeal.objects.select_related("authority", "problem").filter(reply_token=token).first()
    if parsed.bounce:
        return _bounced(mail, raw, parsed)
    if mail.appeal is None:
        return _queued(mail, raw, Reason.UNKNOWN_ADDRESS, storable(", ".join(addresses))[:500])
    appeal = mail.appeal
    if parsed.dkim_signed and _aligned(parsed.dkim_domains, parsed.sender):
        # Only a signature of the sender's own domain says anything of the sender; another domain's is ignored.
        mail.dkim = "pass" if _dkim_ok(raw) else "fail"
        if mail.dkim == "fail":
            return _queued(mail, raw, Reason.DKIM_FAILED, "")
    if parsed.automatic:
        # An out-of-office note or a system's "received": no answer, and it stops no clock (an operator may
        # release it if it is one after all).
        return _queued(mail, raw, Reason.AUTOMATIC, "")
    if not _may_send(parsed.sender, appeal):
        return _queued(mail, raw, Reason.UNEXPECTED_SENDER, storable(parsed.sender)[:320])
    others = sorted(parsed.references - {appeal.reference})
    if others and Appeal.objects.filter(reference__in=others).exists():
        return _queued(mail, raw, Reason.OTHER_REFERENCE, ", ".join(others)[:500])
    mail.status = IncomingMail.Status.REVIEW
    _keep(mail, raw)
    if appeal.awaits_answer:
        control.appeal_reply_received(appeal=appeal, sent_on=sent_on(mail, appeal))
    enqueue_on_commit("dauys.correspondence.tasks.tell_the_applicant", mail.pk)
    return mail


def _bounced(mail: IncomingMail, raw: bytes, parsed: mime.Parsed) -> IncomingMail:
    """A delivery report, queued for an operator. When it says the delivery failed for good (not "delayed") and the
    message it returns is Dauys's (its Reply-To has an appeal's unguessable address: a bounce naming only the public
    reference could be forged by anyone), the operators are told to check the body's address, and, when what came
    back is the appeal itself (not a later reminder), its applicant that the body did not get it. Once per appeal:
    the next bounces of the same appeal tell nobody."""
    token = next((t for a in parsed.returned if (t := _token_of(a))), None)
    appeal = Appeal.objects.select_related("authority").filter(reply_token=token).first() if token else None
    mail.appeal = appeal or mail.appeal  # else the appeal whose address it reached, if any: told to nobody
    told_before = (
        appeal is not None
        and IncomingMail.objects.filter(appeal=appeal, reason=Reason.BOUNCE, detail__startswith="failed:").exists()
    )
    if appeal is not None and parsed.failed:
        address = appeal.addressee_email or appeal.authority.email
        what = parsed.returned_kind or "appeal"
        detail = f"failed: the {what} e-mail of appeal {appeal.reference} to {address} came back"
    elif appeal is not None:
        detail = f"delayed: the e-mail of appeal {appeal.reference} is not delivered yet; the mail server tries again"
    else:
        detail = ""
    mail = _queued(mail, raw, Reason.BOUNCE, detail)
    if appeal is not None and parsed.failed and not told_before:
        applicant = parsed.returned_kind in ("", "appeal")  # a reminder's bounce: the appeal itself arrived
        enqueue_on_commit("dauys.correspondence.tasks.tell_of_the_bounce", mail.pk, applicant)
    return mail


def mail_unreadable(raw: bytes, *, size: int | None = None, error: str = "") -> IncomingMail:
    """Keep a message that could not be taken in (an error while reading it), queued for an operator, so that it
    neither stops the next ones nor is lost."""
    digest = hashlib.sha256(raw).hexdigest()
    known = IncomingMail.objects.filter(sha256=digest).first()
    if known is not None:
        return known
    try:
        with transaction.atomic():
            mail = IncomingMail(sha256=digest, size=size or len(raw))
            return _queued(mail, raw[:MAX_BYTES], Reason.MALFORMED, storable(error)[:500])
    except IntegrityError:
        return IncomingMail.objects.get(sha256=digest)  # another worker stored it at the same moment


def _may_send(sender: str, appeal: Appeal) -> bool:
    """The body's own domain (of its public address, or of the addressee's), or the applicant's own address."""
    if not sender:
        return False
    bodies = {appeal.authority.email, appeal.addressee_email}
    if _domain(sender) in {_domain(a) for a in bodies if a}:
        return True
    applicant = appeal.subject_author
    return applicant is not None and bool(applicant.email) and applicant.email.lower() == sender


def sent_on(mail: IncomingMail, appeal: Appeal) -> date:
    """The day the body sent it, as its Date says; the day it came when the Date is missing or cannot be true."""
    received = timezone.localdate(mail.received_at) if mail.received_at else timezone.localdate()
    if mail.sent_at is None:
        return received
    day = timezone.localdate(mail.sent_at)
    earliest = appeal.registered_on or timezone.localdate(appeal.created_at)
    return day if earliest <= day <= received else received


def raw_name(digest: str) -> str:
    """Where a message's raw file is kept: named by its hash, so that the same message is always the same file."""
    return f"mail/{digest[:2]}/{digest}.eml"


def _keep(mail: IncomingMail, raw: bytes) -> None:
    """Write the raw file (whole, or not at all: written aside, then renamed), then the row. A file whose row is
    never committed (a rollback, a killed process) is the same file when the message comes again, and ``sweep``
    removes it if it never does; it is not deleted here, where a racing worker's row may already name it."""
    name = raw_name(mail.sha256)
    path = Path(private_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    with aside.open("wb") as f:
        f.write(raw)
        f.flush()
        os.fsync(f.fileno())  # on disk before the row that names it commits (a pipe's mail server then drops it)
    os.replace(aside, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # and the rename too
    finally:
        os.close(directory)
    mail.raw.name = name
    mail.save()


SWEEP_AFTER = timedelta(days=1)


def sweep(*, older_than: timedelta = SWEEP_AFTER) -> int:
    """Remove the raw files that no stored message names (and parts left by a killed write), once they are older
    than ``older_than``: a file that young may belong to a transaction not yet committed. Returns how many."""
    root = Path(private_storage.path("mail"))
    if not root.is_dir():
        return 0
    cutoff = (timezone.now() - older_than).timestamp()
    removed = 0
    batch: dict[str, Path] = {}

    def settle() -> int:
        named = set(IncomingMail.objects.filter(raw__in=list(batch)).values_list("raw", flat=True))
        gone = 0
        for name, p in batch.items():
            if name not in named and _remove_if_still_orphan(name, p, cutoff):
                gone += 1
        batch.clear()
        return gone

    for path in root.rglob("*"):
        if not path.is_file() or path.stat().st_mtime > cutoff:
            continue
        if path.name.endswith((".part", ".sweep")):
            path.unlink(missing_ok=True)
            removed += 1
            continue
        batch[path.relative_to(root.parent).as_posix()] = path
        if len(batch) >= 1000:
            removed += settle()
    return removed + (settle() if batch else 0)


def _remove_if_still_orphan(name: str, path: Path, cutoff: float) -> bool:
    """Remove a raw file found without its row, unless the message came again meanwhile: the file is moved aside
    first (a worker writing it anew then makes a new file), and put back if it is young or a row names it now."""
    tomb = path.with_name(path.name + ".sweep")
    try:
        os.replace(path, tomb)
    except FileNotFoundError:
        return False
    if tomb.stat().st_mtime > cutoff or IncomingMail.objects.filter(raw=name).exists():
        if not path.exists():
            os.replace(tomb, path)  # the same bytes: a file is named by its content's hash
        else:
            tomb.unlink(missing_ok=True)
        return False
    tomb.unlink(missing_ok=True)
    return True


def _queued(mail: IncomingMail, raw: bytes, reason: str, detail: str) -> IncomingMail:
    mail.status, mail.reason, mail.detail = IncomingMail.Status.QUEUED, reason, detail
    _keep(mail, raw)
    logger.info("incoming mail %s queued for an operator: %s", mail.pk, reason)
    return mail


# --- The applicant's review ------------------------------------------------------------------------------------


def parsed_of(mail: IncomingMail) -> mime.Parsed:
    with mail.raw.open("rb") as f:
        return mime.parse(f.read())


def checked_attachments(parsed: mime.Parsed) -> list[tuple[mime.Attachment, Any, str]]:
    """Each attachment, cleaned (an image or a PDF, as an upload is) or refused with the reason's code."""
    return [checked(attachment) for attachment in parsed.attachments]


def checked(attachment: mime.Attachment) -> tuple[mime.Attachment, Any, str]:
    """One attachment, cleaned, or None and the code of the reason it cannot be published."""
    try:
        if looks_like_pdf(attachment.payload):
            return attachment, process_pdf(attachment.payload), ""
        if attachment.content_type.startswith("image/"):
            return attachment, process_upload(attachment.payload), ""
        return attachment, None, "not_a_scan"
    except (PdfRejected, ImageRejected) as exc:
        return attachment, None, exc.code


UNREVIEWED_WORKING_DAYS = 10


def left_unreviewed(mail: IncomingMail) -> bool:
    """Its applicant has not reviewed it for ``UNREVIEWED_WORKING_DAYS`` working days: a moderator may publish it."""
    waited = working_days_between(timezone.localdate(mail.received_at), timezone.localdate())
    return mail.status == IncomingMail.Status.REVIEW and waited >= UNREVIEWED_WORKING_DAYS


def _reviewer(mail: IncomingMail, actor: User) -> tuple[Appeal, bool]:
    """The reply's appeal, and whether ``actor`` reviews it as a moderator (not its applicant)."""
    appeal = mail.appeal
    if appeal is None or mail.status != IncomingMail.Status.REVIEW:
        raise ValidationError(_("This reply is not waiting for a review."))
    if actor.pk == appeal.subject_author_id:
        return appeal, False
    if is_moderator(actor) and left_unreviewed(mail):
        return appeal, True
    raise PermissionDenied(
        _("Only the applicant reviews a reply; a moderator may, once it has waited %(n)d working days.")
        % {"n": UNREVIEWED_WORKING_DAYS}
    )


@transaction.atomic
def reply_publish(
    *,
    mail: IncomingMail,
    actor: User,
    kind: str,
    text: str,
    received_on: date,
    chosen: Sequence[int] = (),
    scans_visibility: str = "addressee",
    promise_due_on: date | None = None,
    refusal_reason: str = "",
    redirect_to: Authority | None = None,
) -> Answer:
    """The applicant publishes the reply as the body's answer, with the text as they redacted it and the attachments
    they chose (by their position), cleaned; the answer counts as received by e-mail on the day the body sent it."""
    mail = (
        IncomingMail.objects.select_for_update(of=("self",))
        .select_related("appeal__problem", "appeal__authority")
        .get(pk=mail.pk)
    )
    appeal, as_moderator = _reviewer(mail, actor)
    attachments = checked_attachments(parsed_of(mail))
    scans: list[ProcessedImage | ProcessedPdf] = []
    for index in chosen:
        if not 0 <= index < len(attachments) or attachments[index][1] is None:
            raise ValidationError({"chosen": [_("Choose only attachments that are scans Dauys can publish.")]})
        scans.append(attachments[index][1])
    answer = control.answer_record(
        appeal=appeal, actor=actor, kind=kind, text=text, received_on=received_on, scans=scans,
        scans_visibility=scans_visibility, promise_due_on=promise_due_on, refusal_reason=refusal_reason,
        redirect_to=redirect_to, via=Answer.Via.EMAIL, moderator=as_moderator,
    )  # fmt: skip
    mail.status, mail.answer, mail.reviewed_at = IncomingMail.Status.PUBLISHED, answer, timezone.now()
    mail.save(update_fields=["status", "answer", "reviewed_at"])
    return answer  # answer_record ended the clock's stop: nothing to settle


@transaction.atomic
def reply_dismiss(*, mail: IncomingMail, actor: User) -> IncomingMail:
    """The applicant says the reply is no answer (an acknowledgement of receipt, say): the clock runs again."""
    mail = IncomingMail.objects.select_for_update(of=("self",)).select_related("appeal__problem").get(pk=mail.pk)
    appeal, _as_moderator = _reviewer(mail, actor)
    mail.status, mail.reviewed_at = IncomingMail.Status.DISMISSED, timezone.now()
    mail.save(update_fields=["status", "reviewed_at"])
    if not IncomingMail.objects.filter(appeal=appeal, status=IncomingMail.Status.REVIEW).exists():
        control.appeal_reply_settled(appeal=appeal)  # the clock runs again once no reply of it awaits review
    return mail


@transaction.atomic
def mail_release(*, mail: IncomingMail) -> IncomingMail:
    """An operator found a queued reply to be the body's after all (an official writing from a personal address,
    say): it goes to its appeal's applicant for review, as a matched reply does. Bounces and unknown addresses
    cannot be released: they have no appeal, or are no reply."""
    mail = (
        IncomingMail.objects.select_for_update(of=("self",))
        .select_related("appeal__authority", "appeal__problem")
        .get(pk=mail.pk)
    )
    if mail.status != IncomingMail.Status.QUEUED or mail.appeal is None or mail.reason == Reason.BOUNCE:
        raise ValidationError(_("Only a queued reply that reached an appeal's address can be released."))
    mail.status = IncomingMail.Status.REVIEW
    mail.save(update_fields=["status"])
    if mail.appeal.awaits_answer:
        control.appeal_reply_received(appeal=mail.appeal, sent_on=sent_on(mail, mail.appeal))
    enqueue_on_commit("dauys.correspondence.tasks.tell_the_applicant", mail.pk)
    return mail
