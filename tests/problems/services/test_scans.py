"""Scans of appeals and answers: private by default, stripped of metadata, shown to the addressee or the public only
by choice; PDFs checked, cleaned and downloaded, never shown inline."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from dauys.accounts.services import account_delete
from dauys.problems import services
from dauys.problems.models import Appeal, Scan
from dauys.problems.services.scans import scan_set_visibility
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
    assert "2 scans are seen only by the applicant, the moderators and, if the applicant chose, the authority." in (
        public_page
    )
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
    assert stranger.post(f"/en/scans/{scan.pk}/visibility/", {"visibility": "public"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/en/scans/{scan.pk}/visibility/", {"visibility": "public"}).status_code == 302
    page = visitor.get(f"/en/problems/{problem.pk}/").content.decode()
    assert f"/scans/{scan.pk}" in page and "1 scan is seen only by the applicant" in page
    shown = visitor.get(f"/scans/{scan.pk}")
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("public")
    # Public now, but still only the author decides.
    assert stranger.post(f"/en/scans/{scan.pk}/visibility/", {"visibility": "private"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/scans/{scan.pk}/visibility/", {"visibility": "private"})
    assert visitor.get(f"/scans/{scan.pk}").status_code == 404
    # A choice that is not one is refused with its reason, and changes nothing.
    refused = client.post(f"/en/scans/{scan.pk}/visibility/", {"visibility": "everyone"}, follow=True)
    assert "Choose who sees the scan." in refused.content.decode()
    scan.refresh_from_db()
    assert scan.visibility == "private"


def test_bad_scans_are_refused_and_leave_nothing(client: Client, make_problem, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    response = _record(client, problem, scans=[_upload("letter.pdf", b"%PDF-1.7 not a PDF")])
    assert response.status_code == 400
    assert "“letter.pdf” is not a PDF we can read." in response.content.decode()
    active = _record(client, problem, scans=[_upload("reply.pdf", pdf_with(javascript=True))])
    assert active.status_code == 400 and "“reply.pdf” contains scripts or actions" in active.content.decode()
    carrying = _record(client, problem, scans=[_upload("reply.pdf", pdf_with(attachment=True))])
    assert carrying.status_code == 400 and "“reply.pdf” carries other files inside" in carrying.content.decode()
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
            "scans_visibility": "public",
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
        scan_set_visibility(scan=scan, actor=make_user("Stranger"), visibility="public")
    names, scan = emitted(scan_set_visibility, scan=scan, actor=author, visibility="public")
    assert names == ["scan.visibility_changed"] and scan.public
    assert emitted(scan_set_visibility, scan=scan, actor=author, visibility="public")[0] == []


def pdf_with(*, javascript: bool = False, attachment: bool = False, author: str = "Ivanov Ivan") -> bytes:
    """A one-page letter as a PDF, with its author in the document information (and, if asked, a script that runs
    on opening, or a file inside)."""
    import pikepdf
    from fpdf import FPDF

    letter = FPDF()
    letter.add_page()
    letter.set_font("helvetica")
    letter.cell(text="Answer No. 12-3/456 of 1 December 2026")
    letter.set_author(author)
    raw = bytes(letter.output())
    if not (javascript or attachment):
        return raw
    pdf = pikepdf.open(io.BytesIO(raw))
    if javascript:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    if attachment:
        pdf.attachments["setup.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_pdf_scan_is_cleaned_and_always_downloaded(client: Client, make_problem, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    sent = pdf_with()
    assert b"Ivanov Ivan" in sent
    response = _record(client, problem, scans=[_upload("reply.pdf", sent)], scans_visibility="public")
    assert response.status_code == 302
    scan = Scan.objects.get()
    assert (scan.content_type, scan.pages, scan.public) == ("application/pdf", 1, True)
    kept = (Path(settings.PRIVATE_MEDIA_ROOT) / scan.image.name).read_bytes()
    assert kept.startswith(b"%PDF-") and b"Ivanov Ivan" not in kept  # the document information is gone
    reader = pypdf.PdfReader(io.BytesIO(kept))
    assert "Answer No. 12-3/456" in reader.pages[0].extract_text() and not reader.metadata
    served = Client().get(f"/scans/{scan.pk}")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;") and "sandbox" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content) == kept
    page = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert "PDF document, 1 page" in page


def test_a_scan_shared_with_the_addressee_is_seen_by_its_representatives_only(  # type: ignore[no-untyped-def]
    client: Client, make_problem, author, make_user, yesil_akimat
) -> None:
    from dauys.authorities.models import Authority, Representative

    problem = make_problem()
    client.force_login(author)
    assert _record(client, problem, scans_visibility="addressee").status_code == 302
    scan = Scan.objects.order_by("position").first()
    assert scan is not None and scan.visibility == "addressee"
    ours, theirs, unverified = make_user("Yesil clerk"), make_user("Other clerk"), make_user("Claims to be")
    Representative.objects.create(user=ours, authority=yesil_akimat, verified=True)
    Representative.objects.create(user=unverified, authority=yesil_akimat, verified=False)
    other_body = Authority.objects.exclude(pk=yesil_akimat.pk).first()
    Representative.objects.create(user=theirs, authority=other_body, verified=True)
    for user, status in ((ours, 200), (theirs, 404), (unverified, 404)):
        reader = Client()
        reader.force_login(user)
        assert reader.get(f"/scans/{scan.pk}").status_code == status, user
    assert Client().get(f"/scans/{scan.pk}").status_code == 404


def test_pdfs_that_act_by_themselves_or_are_made_to_take_long_are_refused() -> None:
    import pikepdf

    from dauys.core.pdfs import PdfRejected, process_pdf

    def with_root(**entries: object) -> bytes:
        pdf = pikepdf.open(io.BytesIO(pdf_with()))
        for key, value in entries.items():
            pdf.Root[f"/{key}"] = value
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()

    remote = pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String("\\\\\\\\host\\\\share\\\\x.pdf"))
    script_link = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("javascript:alert(1)"))
    for action in (remote, script_link, pikepdf.Dictionary(S=pikepdf.Name.Sound)):
        with pytest.raises(PdfRejected) as exc:
            process_pdf(with_root(OpenAction=action))
        assert exc.value.code == "active"
    web_link = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://akimat.gov.kz/"))
    assert process_pdf(with_root(Links=web_link)).pages == 1
    many = pikepdf.new()
    many.add_blank_page()
    many.Root.X = pikepdf.Array([many.make_indirect(pikepdf.Dictionary(A=1)) for _ in range(25_000)])
    out = io.BytesIO()
    many.save(out)
    with pytest.raises(PdfRejected) as exc:
        process_pdf(out.getvalue())
    assert exc.value.code == "too_complex"


def test_a_pdf_whose_size_is_not_a_number_is_refused_not_a_500() -> None:
    import re

    import pikepdf

    from dauys.core.pdfs import PdfRejected, process_pdf

    out = io.BytesIO()
    pikepdf.open(io.BytesIO(pdf_with())).save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    crafted = re.sub(rb"/Size \d+", b"/Size /X", out.getvalue())
    assert b"/Size /X" in crafted
    try:
        processed = process_pdf(crafted)
    except PdfRejected as exc:  # the trailer's size is not a number: refused, with its reason
        assert exc.code == "too_complex"
    else:  # or qpdf repaired the trailer while reading it: then it is an ordinary letter
        assert processed.pages == 1
