from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.core.events import emit
from dauys.core.images import ProcessedImage
from dauys.core.markdown import render
from dauys.core.storage import private_storage
from dauys.places.models import Place
from dauys.problems import states
from dauys.problems.events import ProblemDrafted, ProblemEdited, ProblemPublished, ProblemStatusChanged
from dauys.problems.models import Category, Photo, Problem, Promise
from dauys.problems.services.timeline import public_actor, record

MAX_PHOTOS = 6
# Kazakhstan's bounding box, with a margin.
LAT_RANGE = (40.0, 56.0)
LON_RANGE = (46.0, 88.0)
BLUR_METRES = 500.0


@dataclass(frozen=True)
class ProblemInput:
    title: str
    body: str
    category: Category
    place: Place
    latitude: float | None = None
    longitude: float | None = None
    blur_location: bool = False
    hide_author: bool = False


def blur(latitude: float, longitude: float) -> tuple[float, float]:
    """Snap a point to the centre of its cell on a ~500 m grid: nearby points all land on the same spot."""
    lat_step = BLUR_METRES / 111_320.0
    lat = (math.floor(latitude / lat_step) + 0.5) * lat_step
    # The longitude step follows the cell's latitude, not the point's, so all points of a cell share one grid.
    lon_step = BLUR_METRES / (111_320.0 * max(0.1, math.cos(math.radians(lat))))
    return round(lat, 6), round((math.floor(longitude / lon_step) + 0.5) * lon_step, 6)


def _validate(data: ProblemInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    body = data.body.strip()
    if len(title) < 5:
        errors.setdefault("title", []).append(_("Give the problem a title of at least 5 characters."))
    if len(title) > 160:
        errors.setdefault("title", []).append(_("The title can have at most 160 characters."))
    if len(body) < 10:
        errors.setdefault("body", []).append(_("Describe the problem in at least 10 characters."))
    if len(body) > 20000:
        errors.setdefault("body", []).append(_("The description can have at most 20,000 characters."))
    if (data.latitude is None) != (data.longitude is None):
        errors.setdefault("latitude", []).append(_("Give both latitude and longitude, or neither."))
    elif (
        data.latitude is not None
        and data.longitude is not None
        and not (LAT_RANGE[0] <= data.latitude <= LAT_RANGE[1] and LON_RANGE[0] <= data.longitude <= LON_RANGE[1])
    ):
        errors.setdefault("latitude", []).append(_("The point is not in Kazakhstan."))
    if data.place.kind == Place.Kind.COUNTRY:
        errors.setdefault("place", []).append(_("Choose a region, city or district, not the whole country."))
    if errors:
        raise ValidationError(errors)
    lat, lon = data.latitude, data.longitude
    if lat is not None and lon is not None and data.blur_location:
        lat, lon = blur(lat, lon)  # only the blurred point is ever stored
    return {
        "title": title,
        "body": body,
        "body_html": render(body),
        "category": data.category,
        "place": data.place,
        "latitude": lat,
        "longitude": lon,
        "blur_location": data.blur_location,
        "hide_author": data.hide_author,
    }


def _save_photos(problem: Problem, photos: Sequence[ProcessedImage]) -> None:
    """Write the photos' files and rows; if anything fails, delete the files already written (no orphans)."""
    start = problem.photos.count()
    if start + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("A problem can have at most %(n)d photos.") % {"n": MAX_PHOTOS}]})
    public = problem.is_public  # a draft's photos are private until it is published
    storage = default_storage if public else private_storage
    written: list[str] = []
    try:
        for position, image in enumerate(photos, start=start):
            stem = uuid.uuid4().hex  # never the uploaded file's name, which may identify its author
            photo = Photo(
                problem=problem,
                width=image.width,
                height=image.height,
                sha256=image.sha256,
                position=position,
                public=public,
            )
            for size in Photo.SIZES:
                field = getattr(photo, size)
                suffix = "" if size == "original" else f"-{size}"
                content = image.original if size == "original" else image.renditions[size]
                wanted = field.field.generate_filename(photo, f"{stem}{suffix}.{image.extension}")
                field.name = storage.save(wanted, ContentFile(content))
                written.append(field.name)
            photo.save()
    except BaseException:
        # The service's transaction rolls back with this exception; the files must go with the rows.
        for name in written:
            storage.delete(name)
        raise


def _publish_photos(problem: Problem) -> None:
    """Copy a newly published problem's photos from the private store to the public media. The private copies go
    once the publication is committed; if it fails, the public copies go at once."""
    copied: list[str] = []
    left: list[str] = []
    try:
        for photo in problem.photos.filter(public=False):
            for size in Photo.SIZES:
                field = getattr(photo, size)
                with private_storage.open(field.name, "rb") as private:
                    public_name = default_storage.save(field.name, private)
                copied.append(public_name)
                left.append(field.name)
                field.name = public_name
            photo.public = True
            photo.save(update_fields=[*Photo.SIZES, "public"])
    except BaseException:
        for name in copied:
            default_storage.delete(name)
        raise

    def forget_private_copies() -> None:
        for name in left:
            private_storage.delete(name)

    transaction.on_commit(forget_private_copies)


@transaction.atomic
def problem_draft(
    *, author: User, data: ProblemInput, photos: Sequence[ProcessedImage] = (), submission_key: str = ""
) -> Problem:
    """Save a new problem as a draft. The same ``submission_key`` twice (a double-submitted form) gives one problem."""
    if submission_key:
        existing = Problem.objects.filter(author=author, submission_key=submission_key).first()
        if existing is not None:
            return existing
    fields = _validate(data)
    try:
        with transaction.atomic():
            problem = Problem.objects.create(author=author, submission_key=submission_key, **fields)
    except IntegrityError:
        # A concurrent request with the same key won the race.
        return Problem.objects.get(author=author, submission_key=submission_key)
    _save_photos(problem, photos)
    emit(ProblemDrafted(problem_id=problem.pk))
    return problem


@transaction.atomic
def problem_edit(
    *, problem: Problem, actor: User, data: ProblemInput, photos: Sequence[ProcessedImage] = ()
) -> Problem:
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if actor.pk != problem.author_id:
        raise PermissionDenied(_("Only the author can edit a problem."))
    if problem.status not in (Problem.Status.DRAFT, Problem.Status.OPEN):
        raise ValidationError(_("A closed problem cannot be edited."))
    fields = _validate(data)
    changed = sorted(k for k, v in fields.items() if getattr(problem, k) != v and k != "body_html")
    for key, value in fields.items():
        setattr(problem, key, value)
    problem.save()
    _save_photos(problem, photos)
    if photos:
        changed.append("photos")
    if problem.status != Problem.Status.DRAFT and changed:
        record(problem, "edited", actor=actor, fields=changed)
    emit(ProblemEdited(problem_id=problem.pk, fields=changed, actor=public_actor(problem, actor)))
    return problem


@transaction.atomic
def problem_publish(*, problem: Problem, actor: User, hide_author: bool = False) -> Problem:
    """Publish a draft. ``hide_author``: hide the author's name first, so that the permanent public record (the
    log's leaves cannot be changed later) never names them."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if actor.pk != problem.author_id:
        raise PermissionDenied(_("Only the author can publish a problem."))
    if problem.status == Problem.Status.OPEN:
        return problem  # published already: a second click changes nothing
    states.check_problem(problem.status, Problem.Status.OPEN)
    problem.status = Problem.Status.OPEN
    problem.published_at = timezone.now()
    problem.hide_author = problem.hide_author or hide_author
    problem.save(update_fields=["status", "published_at", "hide_author", "updated_at"])
    record(problem, "published", actor=actor)
    _publish_photos(problem)  # the last write: a failure before it leaves no public copy of a draft's photo
    emit(ProblemPublished(problem_id=problem.pk, actor=public_actor(problem, actor)))
    return problem


@transaction.atomic
def problem_file(
    *,
    author: User,
    data: ProblemInput,
    photos: Sequence[ProcessedImage] = (),
    submission_key: str = "",
    publish: bool = False,
) -> Problem:
    """File a problem: the one way every channel (the web form, the API, Open311, the demo) creates one.

    Saved as a draft, and with ``publish`` published in the same transaction: a failure at either step leaves
    nothing behind (no draft without its photos, no half-filed problem). The same ``submission_key`` twice gives
    one problem. Emits ``problem.drafted``, then ``problem.published`` when it publishes.
    """
    problem = problem_draft(author=author, data=data, photos=photos, submission_key=submission_key)
    if publish:
        problem = problem_publish(problem=problem, actor=author)
    return problem


CLOSING = {Problem.Status.RESOLVED, Problem.Status.UNRESOLVED, Problem.Status.WITHDRAWN, Problem.Status.DUPLICATE}


@transaction.atomic
def problem_set_status(
    *,
    problem: Problem,
    actor: User | None,
    status: str,
    reason: str = "",
    duplicate_of: Problem | None = None,
) -> Problem:
    """Resolve, withdraw, reopen, mark as a duplicate. ``actor`` None is the monitoring job.

    The author resolves, withdraws or marks a duplicate; anyone signed in may reopen a resolved or unresolved
    problem, giving the evidence as ``reason`` (the community keeps watching until it is fixed). Only a moderator
    removes a problem or restores a removed one (its author may not bring it back by "reopening" it).
    """
    from dauys.discussions.services import is_moderator

    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    old = problem.status
    if old == status:
        return problem
    states.check_problem(old, status)
    if Problem.Status.REMOVED in (old, status) and (actor is None or not is_moderator(actor)):
        raise PermissionDenied(_("Only a moderator can remove a problem or restore a removed one."))
    is_author = actor is not None and actor.pk == problem.author_id
    if status in (Problem.Status.WITHDRAWN, Problem.Status.DUPLICATE) and not is_author:
        raise PermissionDenied(_("Only the author can do this."))
    if status == Problem.Status.RESOLVED and actor is not None and not is_author:
        raise PermissionDenied(_("Only the author can mark the problem resolved."))
    if status == Problem.Status.OPEN and old != Problem.Status.DRAFT and not reason.strip():
        raise ValidationError({"reason": [_("Say why the problem is not fixed: what you saw, and when.")]})
    if status == Problem.Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == problem.pk or not duplicate_of.is_public:
            raise ValidationError({"duplicate_of": [_("Choose the published problem this one repeats.")]})
        problem.duplicate_of = duplicate_of
    problem.status = status
    problem.closed_at = timezone.now() if status in CLOSING else None
    problem.save()
    if status == Problem.Status.RESOLVED:
        today = timezone.localdate()
        Promise.objects.filter(problem=problem, status=Promise.Status.PENDING, due_on__gte=today).update(
            status=Promise.Status.KEPT, settled_on=today
        )
    record(problem, f"status:{status}", actor=actor, old=old, reason=reason.strip()[:2000])
    emit(ProblemStatusChanged(problem_id=problem.pk, old=old, new=status, actor=public_actor(problem, actor)))
    return problem
