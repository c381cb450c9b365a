"""An appeal's subject and addressee are generic (problems.subjects, authorities.addressees): an appeal about a
problem works as ever, and a subject of another kind (here a "motion", registered as another app would) runs the
same legal clock: delivered by e-mail, reminded, marked overdue, escalated up the vertical, answered, and on the
public log as a leaf about its own object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, models, transaction

from dauys.authorities.models import Authority
from dauys.core.events import record_events
from dauys.ledger import sequencer
from dauys.ledger.models import Entry
from dauys.problems import services
from dauys.problems.models import Appeal
from dauys.problems.monitoring import monitor
from dauys.problems.subjects import SubjectKind, register, subjects
from tests.conftest import tables_of

pytestmark = pytest.mark.django_db


class Motion(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")

    class Meta:
        app_label = "subjects_test"

    def __str__(self) -> str:
        return self.title


if "motion" not in subjects:
    register(
        SubjectKind(
            "motion",
            model=Motion,
            title=lambda m: m.title,
            url=lambda m: f"/en/motions/{m.pk}/",
            author=lambda m: m.author,
            place=lambda m: m.place,
            public=lambda m: (f"motions/{m.pk}", {"title": m.title}),
        )
    )


@pytest.fixture(scope="module")
def motions(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with tables_of(django_db_blocker, Motion):
        yield


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=ZoneInfo("Asia/Almaty"))


def test_an_appeal_about_a_problem_is_what_it_was(recorded_appeal, yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date.today())
    appeal.refresh_from_db()
    assert (appeal.subject_kind, appeal.subject_id, appeal.addressee_kind, appeal.addressee_id) == (
        "problem",
        None,
        "authority",
        None,
    )
    assert appeal.subject_key == f"problem:{appeal.problem_id}" and appeal.subject == appeal.problem
    assert appeal.addressee == yesil_akimat and appeal.subject_author == appeal.problem.author


def test_the_database_holds_the_two_shapes_apart(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date.today())
    for bad in (
        {"subject_kind": "motion"},  # another kind, yet a problem's key
        {"subject_id": 5},  # a problem and an id of another subject
        {"addressee_kind": "official"},  # an official with no id
        {"addressee_id": 3},  # the body, and an id as well
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Appeal.objects.filter(pk=appeal.pk).update(**bad)


def test_a_subject_of_another_kind_runs_the_same_legal_clock(  # type: ignore[no-untyped-def]
    motions, make_user, astana_yesil, yesil_akimat, django_capture_on_commit_callbacks
) -> None:
    organiser = make_user("Organiser", email="organiser@example.org")
    yesil_akimat.email = "appeals@yesil.example.kz"
    yesil_akimat.save()
    Authority.objects.filter(pk=yesil_akimat.parent_id).update(email="complaints@astana.example.kz")
    motion = Motion.objects.create(title="Light the Yesil embankment", author=organiser, place=astana_yesil)
    with (
        time_machine.travel(at(date(2026, 3, 16)), tick=False),
        record_events() as seen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        appeal = services.appeal_open(
            subject_kind="motion",
            subject_id=motion.pk,
            authority=yesil_akimat,
            actor=organiser,
            message="1,204 residents ask the akimat to light the embankment.",
        )
    appeal.refresh_from_db()
    # Delivered by e-mail to the body, with the clock started on the day it was sent (15 working days).
    assert appeal.problem is None and appeal.subject_key == f"motion:{motion.pk}" and appeal.subject == motion
    assert appeal.status == "sent" and appeal.deadline == date(2026, 4, 9)
    assert [m.to for m in mail.outbox] == [["appeals@yesil.example.kz"]]
    assert "Light the Yesil embankment" in mail.outbox[0].subject and "1,204" in mail.outbox[0].body
    assert [(e.name, e.subject) for e in seen] == [
        ("appeal.queued", f"motion:{motion.pk}"),
        ("appeal.sent", f"motion:{motion.pk}"),
    ]

    mail.outbox.clear()
    with time_machine.travel(at(date(2026, 4, 6)), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert monitor().reminded == 1  # the organiser and the body are reminded before the deadline
    assert ["appeals@yesil.example.kz"] in [m.to for m in mail.outbox]
    with (
        time_machine.travel(at(date(2026, 4, 10)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        record_events() as seen,
    ):
        assert monitor().overdue == 1  # silence past the deadline: deemed a refusal
    appeal.refresh_from_db()
    assert appeal.status == "overdue" and ("appeal.overdue", f"motion:{motion.pk}") in [
        (e.name, getattr(e, "subject", "")) for e in seen
    ]

    with time_machine.travel(at(date(2026, 4, 13)), tick=False), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Exception, match="Only the author"):
            services.appeal_escalate(appeal=appeal, actor=make_user("Stranger"))
        complaint = services.appeal_escalate(appeal=appeal, actor=organiser, delivery="dauys")
        complaint.refresh_from_db()
        assert complaint.subject_key == appeal.subject_key and complaint.authority_id == yesil_akimat.parent_id
        assert complaint.kind == "complaint" and complaint.complains_about_id == appeal.pk
        answer = services.answer_record(
            appeal=complaint, actor=organiser, kind="substantive", text="Lights in May.", received_on=date(2026, 4, 13)
        )
    complaint.refresh_from_db()
    assert complaint.status == "answered" and answer.appeal_id == complaint.pk

    # On the public log, each step is a leaf about the motion itself, never about a problem.
    sequencer.sequence_all()
    leaves = [json.loads(e.data) for e in Entry.objects.order_by("index")]
    about = [leaf for leaf in leaves if leaf["type"].startswith(("appeal.", "answer."))]
    assert {leaf["object"].rsplit("/api/v1/", 1)[1] for leaf in about} == {f"motions/{motion.pk}"}
    assert [leaf["type"] for leaf in about] == [
        "appeal.queued",
        "appeal.sent",
        "appeal.overdue",
        "appeal.queued",  # the complaint to the higher body, queued with the escalation
        "appeal.escalated",
        "appeal.sent",  # then delivered by the worker
        "answer.recorded",
    ]


def test_an_unknown_kind_or_a_mismatched_addressee_is_refused(motions, make_user, astana_yesil, yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    organiser = make_user("Organiser")
    motion = Motion.objects.create(title="A motion", author=organiser, place=astana_yesil)
    with pytest.raises(ValueError, match="registered kind of subject"):
        services.appeal_open(subject_kind="manifesto", subject_id=1, authority=yesil_akimat, actor=None, message="x")
    with pytest.raises(ValueError, match="registered kind of subject"):
        services.appeal_open(subject_kind="problem", subject_id=1, authority=yesil_akimat, actor=None, message="x")
    with pytest.raises(Motion.DoesNotExist):
        services.appeal_open(
            subject_kind="motion", subject_id=motion.pk + 99, authority=yesil_akimat, actor=None, message="x"
        )
    with pytest.raises(ValueError, match="registered kind of addressee"):
        services.appeal_open(
            subject_kind="motion",
            subject_id=motion.pk,
            authority=yesil_akimat,
            actor=None,
            message="x",
            addressee_kind="deputy",
            addressee_id=1,
        )
