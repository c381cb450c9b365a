"""An appeal the law can consider names its applicant (APPK Art. 63). The citizen gives their real name and address
once, privately; an appeal they sign carries them to the addressee, and nothing else anywhere holds them: not the
message Dauys keeps, not a page, the API, open data, the public export, the record or the log."""

from __future__ import annotations

import html
import json
import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from dauys.accounts import services as accounts
from dauys.accounts.models import Applicant, ApplicantDetails
from dauys.accounts.selectors import applicant_of
from dauys.ledger import sequencer
from dauys.ledger.export import export
from dauys.problems import services
from dauys.problems.models import Appeal

pytestmark = pytest.mark.django_db

DETAILS = ApplicantDetails(
    full_name="Серикова Айгерим Болатқызы",
    iin="900101400013",
    postal_address="Астана, Есиль ауданы, Қабанбай батыр 11, пәтер 7",
    email="aigerim.private@example.kz",
)
SECRETS = (DETAILS.full_name, DETAILS.iin, "Қабанбай батыр 11", DETAILS.email)


@pytest.fixture
def akimat(yesil_akimat):  # type: ignore[no-untyped-def]
    yesil_akimat.email = "appeals@yesil.example.kz"
    yesil_akimat.save()
    return yesil_akimat


def test_a_signed_appeal_carries_the_name_to_the_addressee_and_nowhere_else(  # type: ignore[no-untyped-def]
    make_problem, akimat, author, django_capture_on_commit_callbacks, caplog, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    accounts.applicant_save(user=author, details=DETAILS)
    problem = make_problem()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_create(problem=problem, authority=akimat, actor=author, delivery="dauys", signed=True)
    appeal.refresh_from_db()
    assert appeal.status == "sent" and appeal.signed
    (sent,) = mail.outbox
    assert sent.to == ["appeals@yesil.example.kz"] and not sent.cc and not sent.bcc
    head = sent.body.split("\n\n", 1)[0]
    assert all(secret in head for secret in SECRETS), head
    assert problem.body in sent.body
    # What Dauys keeps of the message is the public text.
    assert all(secret not in appeal.message for secret in SECRETS) and problem.title in appeal.message

    sequencer.sequence_all()
    export(tmp_path / "export")
    exported = "".join(p.read_text(errors="replace") for p in (tmp_path / "export").rglob("*") if p.is_file())
    anyone = Client()
    readings = {
        "page": anyone.get(problem.get_absolute_url()).content.decode(),
        "api": anyone.get(f"/api/v1/problems/{problem.pk}").content.decode(),
        "timeline": anyone.get(f"/api/v1/problems/{problem.pk}/timeline").content.decode(),
        "feed": anyone.get(f"/feeds/problems/{problem.pk}.atom").content.decode(),
        "open data": b"".join(anyone.get("/open-data/appeals.jsonl").streaming_content).decode(),
        "export": exported,
        "log": caplog.text,
    }
    for where, text in readings.items():
        assert all(secret not in text for secret in SECRETS), where
    assert "with the applicant's name and address" in html.unescape(
        readings["page"]
    )  # that it was signed is public; not by whom
    assert json.loads(readings["api"])["appeals"][0]["signed"] is True
    assert '"signed": true' in readings["open data"]


def test_the_details_are_sealed_at_rest_and_unreadable_under_another_key(author) -> None:  # type: ignore[no-untyped-def]
    accounts.applicant_save(user=author, details=DETAILS)
    row = Applicant.objects.get(user=author)
    assert all(secret not in row.sealed for secret in SECRETS)
    assert applicant_of(author) == DETAILS
    assert "Серикова" not in repr(applicant_of(author)) and "Серикова" not in str(row)
    with override_settings(SECRET_KEY="another-secret-key-of-at-least-32-characters"):
        assert applicant_of(author) is None  # asked for again, never garbled


def test_signing_needs_details_and_refuses_cleanly(make_problem, akimat, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    with pytest.raises(ValidationError) as info:
        services.appeal_create(problem=problem, authority=akimat, actor=author, delivery="dauys", signed=True)
    assert "signed" in info.value.message_dict
    assert not Appeal.objects.exists()


@pytest.mark.commits_held  # the worker runs below, after the deletion, not at the commit
def test_details_deleted_before_the_e_mail_leaves_go_unsent(make_problem, akimat, author) -> None:  # type: ignore[no-untyped-def]
    accounts.applicant_save(user=author, details=DETAILS)
    problem = make_problem()
    appeal = services.appeal_create(problem=problem, authority=akimat, actor=author, delivery="dauys", signed=True)
    assert appeal.status == "queued" and appeal.signed
    assert accounts.applicant_delete(user=author)
    from dauys.problems.events import AppealQueued
    from dauys.problems.subscribers import deliver_appeal

    deliver_appeal(AppealQueued.of(appeal))
    appeal.refresh_from_db()
    assert appeal.status == "sent" and not appeal.signed
    assert all(secret not in mail.outbox[-1].body for secret in SECRETS)


def test_an_automatic_complaint_is_signed_as_its_appeal_was(  # type: ignore[no-untyped-def]
    make_problem, akimat, author, django_capture_on_commit_callbacks
) -> None:
    parent = akimat.parent
    parent.email = "complaints@astana.example.kz"
    parent.accepts_complaints = True
    parent.save()
    accounts.applicant_save(user=author, details=DETAILS)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_create(
            problem=make_problem(), authority=akimat, actor=author, delivery="dauys", signed=True
        )
    Appeal.objects.filter(pk=appeal.pk).update(status=Appeal.Status.OVERDUE, overdue_since=date.today() - timedelta(1))
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.appeal_escalate(appeal=appeal, actor=None)
    complaint.refresh_from_db()
    assert complaint.signed and complaint.status == "sent"
    (sent,) = [m for m in mail.outbox if m.to == ["complaints@astana.example.kz"]]
    assert DETAILS.full_name in sent.body and DETAILS.full_name not in complaint.message


def test_a_recorded_appeal_is_never_marked_signed(recorded_appeal, author) -> None:  # type: ignore[no-untyped-def]
    accounts.applicant_save(user=author, details=DETAILS)
    appeal = recorded_appeal(date.today(), signed=True)  # its author signs it where they file it
    assert not appeal.signed and not Appeal.objects.filter(signed=True).exists()


def test_an_appeal_redirected_by_its_body_stays_signed(  # type: ignore[no-untyped-def]
    make_problem, akimat, author, django_capture_on_commit_callbacks
) -> None:
    from dauys.authorities.models import Authority

    accounts.applicant_save(user=author, details=DETAILS)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_create(
            problem=make_problem(), authority=akimat, actor=author, delivery="dauys", signed=True
        )
    other = Authority.objects.exclude(pk=akimat.pk).filter(is_active=True).first()
    services.answer_record(
        appeal=appeal, actor=author, kind="redirect", text="Not ours.", received_on=date.today(), redirect_to=other
    )
    redirected = Appeal.objects.get(redirected_from=appeal)
    assert redirected.signed and redirected.authority == other
