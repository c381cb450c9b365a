"""Scans of appeals and answers: private by default, or shared with the addressee, or public (``models.Scan``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.authorities.models import Representative
from dauys.core.events import emit
from dauys.core.images import ProcessedImage
from dauys.core.pdfs import ProcessedPdf
from dauys.problems.events import ScanVisibilityChanged
from dauys.problems.models import Answer, Appeal, Scan

MAX_SCANS = 6


def save_scans(
    *,
    images: Sequence[ProcessedImage | ProcessedPdf],
    visibility: str,
    appeal: Appeal | None = None,
    answer: Answer | None = None,
) -> list[Scan]:
    """Write the scans' files and rows inside the caller's transaction; on failure no file stays behind.

    Services call it last, after every check, so that nothing after it can roll the rows back under the files.
    """
    if len(images) > MAX_SCANS:
        raise ValidationError({"scans": [_("Attach at most %(n)d scanned pages.") % {"n": MAX_SCANS}]})
    if visibility not in Scan.Visibility.values:
        raise ValidationError({"scans_visibility": [_("Choose who sees the scans.")]})
    saved: list[Scan] = []
    try:
        for position, image in enumerate(images):
            scan = Scan(
                appeal=appeal,
                answer=answer,
                content_type=image.content_type,
                width=image.width,
                height=image.height,
                sha256=image.sha256,
                pages=getattr(image, "pages", 1),
                position=position,
                visibility=visibility,
            )
            # A random name, never the uploaded file's (it may name its author).
            scan.image.save(f"{uuid.uuid4().hex}.{image.extension}", ContentFile(image.original), save=False)
            saved.append(scan)
            scan.save()
    except BaseException:
        for scan in saved:
            scan.image.storage.delete(str(scan.image.name))
        raise
    return saved


def owner_of(scan: Scan) -> int | None:
    """The applicant of the scan's appeal: the problem's author, or whoever speaks for its subject."""
    return scan.letter.subject_author_id


def visible_to(scan: Scan, user: User | AnonymousUser | None) -> bool:
    """Public scans to everyone; the others to the applicant and staff, and those shared with the addressee to the
    verified representatives of the body the appeal went to."""
    if scan.public:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.pk == owner_of(scan):
        return True
    return scan.visibility == Scan.Visibility.ADDRESSEE and is_addressee(user, scan.letter)


def is_addressee(user: User | AnonymousUser, appeal: Appeal) -> bool:
    """``user`` is a verified representative of the body ``appeal`` went to."""
    return Representative.objects.filter(user_id=user.pk or 0, authority_id=appeal.authority_id, verified=True).exists()


@transaction.atomic
def scan_set_visibility(*, scan: Scan, actor: User, visibility: str) -> Scan:
    """The applicant decides who sees a scan: themselves only, also the addressee, or everyone (having covered what
    is personal)."""
    scan = (
        Scan.objects.select_for_update(of=("self",))
        .select_related("appeal__problem", "answer__appeal__problem")
        .get(pk=scan.pk)
    )
    if actor is None or actor.pk != owner_of(scan):
        raise PermissionDenied(_("Only the applicant decides who sees a scan."))
    if visibility not in Scan.Visibility.values:
        raise ValidationError({"visibility": [_("Choose who sees the scan.")]})
    if scan.visibility != visibility:
        scan.visibility = visibility
        scan.save(update_fields=["visibility"])
        letter = scan.letter
        emit(ScanVisibilityChanged.of(letter, scan_id=scan.pk, public=scan.public, visibility=visibility))
    return scan
