"""Scans of appeals and answers: private by default (see ``models.Scan``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.core.events import emit
from dauys.core.images import ProcessedImage
from dauys.problems.events import ScanVisibilityChanged
from dauys.problems.models import Answer, Appeal, Scan

MAX_SCANS = 6


def save_scans(
    *, images: Sequence[ProcessedImage], public: bool, appeal: Appeal | None = None, answer: Answer | None = None
) -> list[Scan]:
    """Write the scans' files and rows inside the caller's transaction; on failure no file stays behind.

    Services call it last, after every check, so that nothing after it can roll the rows back under the files.
    """
    if len(images) > MAX_SCANS:
        raise ValidationError({"scans": [_("Attach at most %(n)d scanned pages.") % {"n": MAX_SCANS}]})
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
                position=position,
                public=public,
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
    """Public scans to everyone; private ones to the problem's author and staff only."""
    if scan.public:
        return True
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff) or user.pk == owner_of(scan)


@transaction.atomic
def scan_set_public(*, scan: Scan, actor: User, public: bool) -> Scan:
    """The author shows a scan to everyone (having covered what is personal) or hides it again."""
    scan = (
        Scan.objects.select_for_update(of=("self",))
        .select_related("appeal__problem", "answer__appeal__problem")
        .get(pk=scan.pk)
    )
    if actor is None or actor.pk != owner_of(scan):
        raise PermissionDenied(_("Only the problem's author decides who sees a scan."))
    if scan.public != public:
        scan.public = public
        scan.save(update_fields=["public"])
        emit(ScanVisibilityChanged(problem_id=scan.letter.of_problem.pk, scan_id=scan.pk, public=public))
    return scan
