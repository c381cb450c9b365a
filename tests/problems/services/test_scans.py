"""Scans of appeals and answers: private by default, stripped of metadata, shown to the public only by choice."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from dauys.accounts.services import account_delete
from dauys.problems import services
from dauys.problems.models import Appeal, Scan
from dauys.problems.services.scans import scan_set_public
from tests.problems.test_views import jpeg_with_gps

pytestmark = pytest.mark.django_db


def _upload(name: str = "letter.jpg", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else jpeg_with_gps(), content_type="image/jpeg")


def _record(client: Client, problem, **extra):  # type: ignore[no-untyped-def]
    data = {
        "authority": "akimat-astana-yesil",
        "delivery": "recorded",
        "channel": "paper",
        "registration_number": "ЖТ-7",
        "registered_on": (date.today() - timedelta(days=1)).isoformat(),
        "scans": [_upload("Ivanov Ivan, Abai 5 kv 12.jpg"), _upload("page2.jpg")],
        **extra,
    }
    return client.post(f"/en/problems/{problem.pk}/appeal/", data)


def _files(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def test_a_recorded_appeals_scans_are_private_and_clean(client: Client, make_problem, author, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    assert _record(client, problem).status_code == 302
    scans = list(Scan.objects.order_by("position"))
    assert [s.position for s in scans] == [0, 1] and not any(s.public for s in scans)
    # Stored outside the public media, under a random name, without EXIF (GPS, camera).
    stored = _files(settings.PRIVATE_MEDIA_ROOT)
    assert len(stored) == 2 and not _files(settings.MEDIA_ROOT)
    assert all("Ivanov" not in p.name for p in stored)
    with Image.open(stored[0]) as img:
        assert not img.getexif() and "exif" not in img.info

    url = f"/scans/{scans[0].pk}"
    own = client.get(url)
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    assert own["Cache-Control"] == "private, no-store"
    assert b"".join(own.streaming_content) == (Path(settings.PRIVATE_MEDIA_ROOT) / scans[0].image.name).read_bytes()
    assert Client().get(url).status_code == 404
    other = Client()
    other.force_login(make_user("Curious"))
    assert other.get(url).status_code == 404
    staff = make_user("Moderator")
    staff.is_staff = True
    staff.save()
    moderator = Client()
    moderator.force_login(staff)
    assert moderator.get(url).status_code == 200

    public_page = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert url not in public_page
    assert "2 scanned pages are seen only by the author and the moderators." in public_page
    authors_page = client.get(f"/en/problems/{problem.pk}/").content.decode()
    assert url in authors_page and "Make public" in authors_page


def test_the_author_makes_a_scan_public_and_hides_it_again(  # type: ignore[no-untyped-def]
    client: Client, make_problem, author, make_user, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    client.force_login(author)
    _record(client, problem)
    scan = Scan.objects.order_by("position").first()
    assert scan is not None
    visitor = Client()
    assert f"/scans/{scan.pk}" not in visitor.get(f"/en/problems/{problem.pk}/").content.decode()

    stranger = Client()
    stranger.force_login(make_user("Stranger"))
    assert stranger.post(f"/en/scans/{scan.pk}/visibility/", {"public": "1"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/en/scans/{scan.pk}/visibility/", {"public": "1"}).status_code == 302
    page = visitor.get(f"/en/problems/{problem.pk}/").content.decode()
    assert f"/scans/{scan.pk}" in page and "1 scanned page is seen only by the author" in page
    shown = visitor.get(f"/scans/{scan.pk}")
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("public")
    # Public now, but still only the author decides.
    assert stranger.post(f"/en/scans/{scan.pk}/visibility/", {"public": "0"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/scans/{scan.pk}/visibility/", {"public": "0"})
    assert visitor.get(f"/scans/{scan.pk}").status_code == 404


def test_bad_scans_are_refused_and_leave_nothing(client: Client, make_problem, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    response = _record(client, problem, scans=[_upload("letter.pdf", b"%PDF-1.7 not an image")])
    assert response.status_code == 400
    assert "letter.pdf" in response.content.decode()
    too_many = _record(client, problem, scans=[_upload(f"p{i}.jpg") for i in range(7)])
    assert too_many.status_code == 400 and "Attach at most 6 scanned pages." in too_many.content.decode()
    by_dauys = _record(client, problem, delivery="dauys")
    assert by_dauys.status_code == 400
    assert "Scans are for an appeal you sent yourself" in by_dauys.content.decode()
    assert not Appeal.objects.exists() and not Scan.objects.exists()
    assert not _files(settings.PRIVATE_MEDIA_ROOT)


def test_an_answers_scan_and_account_deletion(
    client: Client, recorded_appeal, author, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date.today() - timedelta(days=3))
    client.force_login(author)
    response = client.post(
        f"/en/appeals/{appeal.pk}/answer/",
        {
            "kind": "formal",
            "text": "Your appeal was considered.",
            "received_on": date.today().isoformat(),
            "scans": [_upload()],
            "scans_public": "on",
        },
    )
    assert response.status_code == 302
    public = Scan.objects.get(answer__appeal=appeal)
    assert public.public
    assert Client().get(f"/scans/{public.pk}").status_code == 200
    private = Scan.objects.create(
        appeal=appeal, content_type="image/jpeg", width=1, height=1, sha256="0" * 64, image="scans/x.jpg"
    )
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=author)
    # The public record stays; the private page went with the account.
    assert list(Scan.objects.all()) == [public] and not Scan.objects.filter(pk=private.pk).exists()


def test_services_refuse_too_many_scans(make_problem, yesil_akimat, author) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from dauys.core.images import process_upload

    page = process_upload(jpeg_with_gps())
    with pytest.raises(ValidationError) as exc:
        services.appeal_create(
            problem=make_problem(),
            authority=yesil_akimat,
            actor=author,
            delivery="recorded",
            registration_number="1",
            registered_on=date.today(),
            scans=[page] * 7,
        )
    assert "scans" in exc.value.message_dict
    assert not _files(settings.PRIVATE_MEDIA_ROOT)


def test_private_files_have_no_url() -> None:
    from dauys.core.storage import private_storage

    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url("scans/x.jpg")
    assert Path(private_storage.location) == Path(settings.PRIVATE_MEDIA_ROOT).resolve()


def test_only_a_change_of_visibility_emits_its_event(client: Client, make_problem, author, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    _record(client, problem)
    scan = Scan.objects.order_by("position").first()
    assert scan is not None
    with pytest.raises(PermissionDenied):
        scan_set_public(scan=scan, actor=make_user("Stranger"), public=True)
    names, scan = emitted(scan_set_public, scan=scan, actor=author, public=True)
    assert names == ["scan.visibility_changed"] and scan.public
    assert emitted(scan_set_public, scan=scan, actor=author, public=True)[0] == []
