"""A body's inbox, as its verified representative uses it: the appeals with their deadlines, the tabs, the appeal's
page with the letter and the scans shared with the body, and every action, each refused with its reason to whoever
does not speak for the body. The pages are never stored, and their queries do not grow with the appeals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dauys.accounts.models import ApplicantDetails
from dauys.accounts.services import applicant_save
from dauys.authorities.models import Authority, Representative
from dauys.notifications.models import Notification
from dauys.problems import inbox, services
from dauys.problems.models import Answer, Appeal, Scan
from tests.problems.services.test_scans import pdf_with

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


@pytest.fixture
def clerk(make_user, yesil_akimat):  # type: ignore[no-untyped-def]
    user = make_user("Yesil_clerk", email="clerk@yesil.example.kz")
    Representative.objects.create(user=user, authority=yesil_akimat, position="Appeals office", verified=True)
    return user


@pytest.fixture
def as_clerk(clerk) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(clerk)
    return client


def test_whoever_is_not_a_representative_is_told_why(client: Client, make_user, yesil_akimat, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=2))
    client.force_login(make_user("Curious"))
    index = client.get("/en/inbox/")
    assert index.status_code == 403 and "You are not a verified representative of any body" in index.content.decode()
    for url in (
        f"/en/inbox/{yesil_akimat.slug}/",
        f"/en/inbox/appeals/{appeal.pk}/",
        f"/en/inbox/appeals/{appeal.pk}/answer/",
        f"/en/inbox/appeals/{appeal.pk}/redirect/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only the verified representatives of" in response.content.decode()
    for action in ("extend", "work-started", "registration", "assign"):
        assert client.post(f"/en/inbox/appeals/{appeal.pk}/{action}/", {}).status_code == 403
    assert Client().get("/en/inbox/").status_code == 302  # to sign in


def test_a_representative_of_one_body_goes_straight_to_its_inbox(as_clerk: Client, yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    response = as_clerk.get("/en/inbox/")
    assert response.status_code == 302 and response["Location"] == f"/en/inbox/{yesil_akimat.slug}/"
    page = as_clerk.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert "No appeal awaits your answer." in page.content.decode()


def test_the_inbox_lists_the_appeals_deadline_soonest_with_tabs(  # type: ignore[no-untyped-def]
    as_clerk: Client, recorded_appeal, make_problem, yesil_akimat, clerk
) -> None:
    late = recorded_appeal(TODAY - timedelta(days=40), problem=make_problem(title="Broken lamp on Abai"))
    Appeal.objects.filter(pk=late.pk).update(status="overdue", overdue_since=TODAY - timedelta(days=10))
    soon = recorded_appeal(TODAY - timedelta(days=18), problem=make_problem(title="Flooded underpass"))
    fresh = recorded_appeal(TODAY - timedelta(days=1), problem=make_problem(title="No ramp at the clinic"))
    done = recorded_appeal(TODAY - timedelta(days=5), problem=make_problem(title="Graffiti on the school"))
    services.answer_record(appeal=done, actor=clerk, kind="substantive", text="Painted over.", received_on=TODAY)
    other = recorded_appeal(TODAY - timedelta(days=3), authority=Authority.objects.get(slug="akimat-almaty-almaly"))

    page = as_clerk.get(f"/en/inbox/{yesil_akimat.slug}/").content.decode()
    order = [page.index(t) for t in ("Broken lamp on Abai", "Flooded underpass", "No ramp at the clinic")]
    assert order == sorted(order)
    assert "Graffiti on the school" not in page and other.of_problem.title not in page  # answered; another body's
    assert 'Awaiting an answer <span class="badge">3</span>' in page
    assert "working days late" in page and "working days left" in page
    overdue = as_clerk.get(f"/en/inbox/{yesil_akimat.slug}/?show=overdue").content.decode()
    assert "Broken lamp on Abai" in overdue and "Flooded underpass" not in overdue
    answered = as_clerk.get(f"/en/inbox/{yesil_akimat.slug}/?show=answered").content.decode()
    assert "Graffiti on the school" in answered and "Answered 10 Jun 2026" in answered
    bogus = as_clerk.get(f"/en/inbox/{yesil_akimat.slug}/?show=everything&after=garbage")
    assert bogus.status_code == 200 and "Broken lamp on Abai" in bogus.content.decode()
    assert soon and fresh


def test_pages_follow_a_cursor(as_clerk: Client, recorded_appeal, make_problem, yesil_akimat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(inbox, "PAGE", 2)
    titles = [f"Problem number {n}" for n in range(5)]
    for n, title in enumerate(titles):
        recorded_appeal(TODAY - timedelta(days=10 - n), problem=make_problem(title=title))
    seen: list[str] = []
    url = f"/en/inbox/{yesil_akimat.slug}/"
    while url:
        response = as_clerk.get(url)
        body = response.content.decode()
        seen.extend(t for t in titles if t in body)
        next_link = response.context["next_url"]
        url = f"/en/inbox/{yesil_akimat.slug}/{next_link}" if next_link else ""
    assert seen == titles


def test_the_inbox_costs_the_same_queries_for_many_appeals(  # type: ignore[no-untyped-def]
    as_clerk: Client, recorded_appeal, make_problem, yesil_akimat
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert as_clerk.get(f"/en/inbox/{yesil_akimat.slug}/").status_code == 200
        return len(seen)

    recorded_appeal(TODAY - timedelta(days=3))
    queries()  # the first request of a process fills its caches (the session's reads, the calendar)
    few = queries()
    for n in range(12):
        recorded_appeal(TODAY - timedelta(days=n % 9), problem=make_problem(title=f"Problem {n}"))
    queries()  # the first request after a write reads the stored pages' generation once more
    assert queries() == few <= 15


def test_the_appeal_page_shows_the_letter_the_applicants_lines_and_shared_scans(  # type: ignore[no-untyped-def]
    as_clerk: Client, make_problem, yesil_akimat, author, make_user
) -> None:
    yesil_akimat.email, yesil_akimat.email_source = "appeals@yesil.example.kz", "https://yesil.example.kz/contacts"
    yesil_akimat.save()
    applicant_save(
        user=author, details=ApplicantDetails(full_name="Abenova Aigerim", postal_address="Astana, Kenesary 1")
    )
    problem = make_problem(title="Broken swing in the yard")
    appeal = services.appeal_create(
        problem=problem, authority=yesil_akimat, actor=author, delivery="dauys", signed=True
    )
    page = as_clerk.get(f"/en/inbox/appeals/{appeal.pk}/").content.decode()
    assert "Broken swing in the yard" in page and "Abenova Aigerim" in page and "Kenesary 1" in page
    assert "Give your registration number" in page and "Say that work has started" in page
    # The public page of the same problem never shows the applicant's lines.
    assert "Abenova" not in Client().get(problem.get_absolute_url()).content.decode()


def test_a_body_above_reads_without_the_applicants_lines_and_does_not_act(  # type: ignore[no-untyped-def]
    make_user, recorded_appeal, yesil_akimat, author, make_problem
) -> None:
    appeal = recorded_appeal(TODAY - timedelta(days=2))
    city = yesil_akimat.parent
    assert city is not None
    boss = make_user("City_clerk")
    Representative.objects.create(user=boss, authority=city, verified=True)
    client = Client()
    client.force_login(boss)
    page = client.get(f"/en/inbox/appeals/{appeal.pk}/")
    assert page.status_code == 200 and "addressed to a body below yours" in page.content.decode()
    assert "What your body does" not in page.content.decode()
    assert client.post(f"/en/inbox/appeals/{appeal.pk}/work-started/", {"note": ""}).status_code == 403
    # A signed appeal's lines went to the body it was sent to, not to the bodies above it.
    yesil_akimat.email, yesil_akimat.email_source = "appeals@yesil.example.kz", "https://yesil.example.kz/contacts"
    yesil_akimat.save()
    applicant_save(user=author, details=ApplicantDetails(full_name="Abenova Aigerim", postal_address="Kenesary 1"))
    problem = make_problem(title="Signed appeal")
    signed = services.appeal_create(
        problem=problem, authority=yesil_akimat, actor=author, delivery="dauys", signed=True
    )
    above = client.get(f"/en/inbox/appeals/{signed.pk}/").content.decode()
    assert "Signed appeal" in above and "Abenova" not in above and "Kenesary" not in above
    own = client.get(f"/en/inbox/{city.slug}/").content.decode()
    assert appeal.of_problem.title not in own
    with_below = client.get(f"/en/inbox/{city.slug}/?show=open&below=1").content.decode()
    assert appeal.of_problem.title in with_below and yesil_akimat.name_en in with_below


def test_answering_with_a_pdf_from_the_inbox(  # type: ignore[no-untyped-def]
    as_clerk: Client, recorded_appeal, django_capture_on_commit_callbacks
) -> None:
    appeal = recorded_appeal(TODAY - timedelta(days=4))
    form = as_clerk.get(f"/en/inbox/appeals/{appeal.pk}/answer/")
    body = form.content.decode()
    assert form.status_code == 200 and 'value="formal"' not in body and 'value="redirect"' not in body
    bad = as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/answer/", {"kind": "formal", "text": "", "received_on": "x"})
    assert bad.status_code == 400
    errors = bad.content.decode()
    assert "Select a valid choice" in errors and 'name="received_on"' not in errors  # the body dates nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = as_clerk.post(
            f"/en/inbox/appeals/{appeal.pk}/answer/",
            {
                "kind": "promise",
                "text": "The swing will be replaced by the end of June.",
                "promise_due_on": "2026-06-30",
                "scans": [SimpleUploadedFile("answer.pdf", pdf_with(), content_type="application/pdf")],
                "scans_visibility": "addressee",
            },
        )
    assert done.status_code == 302 and done["Location"] == f"/en/inbox/appeals/{appeal.pk}/"
    answer = Answer.objects.get(appeal=appeal)
    assert (answer.kind, answer.via, answer.by_representative) == ("promise", "inbox", True)
    scan = Scan.objects.get(answer=answer)
    assert (scan.content_type, scan.visibility) == ("application/pdf", "addressee")
    public = Client().get(appeal.of_problem.get_absolute_url()).content.decode()
    assert "The swing will be replaced" in public and "posted by a verified representative" in public
    assert Notification.objects.filter(user=appeal.of_problem.author, kind="answer.recorded").exists()


def test_extension_errors_come_back_on_the_page(as_clerk: Client, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=4))
    response = as_clerk.post(
        f"/en/inbox/appeals/{appeal.pk}/extend/", {"until": "2027-12-31", "decided_on": "", "reason": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The law allows at most two months in all" in page and "Give the date of the decision to extend." in page
    assert "<details open>" in page
    good = as_clerk.post(
        f"/en/inbox/appeals/{appeal.pk}/extend/",
        {
            "until": (appeal.deadline + timedelta(days=7)).isoformat(),
            "decided_on": TODAY.isoformat(),
            "reason": "A survey.",
        },
    )
    assert good.status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).status == "extended"


def test_redirecting_tells_the_competent_body(  # type: ignore[no-untyped-def]
    as_clerk: Client, recorded_appeal, make_user, django_capture_on_commit_callbacks
) -> None:
    appeal = recorded_appeal(TODAY - timedelta(days=1))
    competent = Authority.objects.get(slug="akimat-almaty-almaly")
    theirs = make_user("Almaly_clerk", email="clerk@almaly.example.kz")
    Representative.objects.create(user=theirs, authority=competent, verified=True)
    missing = as_clerk.post(
        f"/en/inbox/appeals/{appeal.pk}/redirect/", {"redirect_to": "", "received_on": "", "text": ""}
    )
    assert missing.status_code == 400 and "Choose the authority the appeal goes on to." in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = as_clerk.post(
            f"/en/inbox/appeals/{appeal.pk}/redirect/",
            {"redirect_to": competent.slug, "text": "Parks are the district's."},
        )
    assert done.status_code == 302
    new = Appeal.objects.get(redirected_from=appeal)
    assert new.authority == competent and new.status == "sent"
    note = Notification.objects.get(user=theirs, kind="inbox.redirected")
    assert note.url == f"/en/inbox/appeals/{new.pk}/"
    assert any("clerk@almaly.example.kz" in m.to for m in mail.outbox)


def test_work_started_registration_and_assignment(  # type: ignore[no-untyped-def]
    as_clerk: Client, recorded_appeal, make_user, yesil_akimat, django_capture_on_commit_callbacks
) -> None:
    appeal = recorded_appeal(TODAY - timedelta(days=1))
    assert as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/work-started/", {"note": "Crew sent."}).status_code == 302
    assert (
        "started work on the appeal: Crew sent." in Client().get(appeal.of_problem.get_absolute_url()).content.decode()
    )
    again = as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/work-started/", {"note": ""})
    assert again.status_code == 400 and "marked as started already" in again.content.decode()
    colleague = make_user("Colleague")
    Representative.objects.create(user=colleague, authority=yesil_akimat, verified=True)
    stranger = make_user("Stranger")
    refused = as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/assign/", {"assignee": stranger.pk})
    assert refused.status_code == 400 and "Choose a verified representative" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/assign/", {"assignee": colleague.pk}).status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).assignee == colleague
    assert Notification.objects.filter(user=colleague, kind="inbox.assigned").count() == 1
    recorded = as_clerk.post(
        f"/en/inbox/appeals/{appeal.pk}/registration/", {"number": "7", "registered_on": "2026-06-09"}
    )
    assert recorded.status_code == 400 and "Only an appeal Dauys has e-mailed" in recorded.content.decode()


def test_the_problem_page_offers_the_body_its_inbox(as_clerk: Client, recorded_appeal, make_user) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=1))
    url = appeal.of_problem.get_absolute_url()
    assert "Answer in your inbox" in as_clerk.get(url).content.decode()
    reader = Client()
    reader.force_login(make_user("Reader"))
    assert "Answer in your inbox" not in reader.get(url).content.decode()
    assert "Answer in your inbox" not in Client().get(url).content.decode()


def test_the_account_and_the_bodys_page_show_the_role(as_clerk: Client, yesil_akimat, clerk) -> None:  # type: ignore[no-untyped-def]
    account = as_clerk.get("/en/accounts/me/").content.decode()
    assert "You answer for" in account and f"/en/inbox/{yesil_akimat.slug}/" in account
    assert "Appeals office" in account
    body = Client().get(yesil_akimat.get_absolute_url()).content.decode()
    assert "Appeals office: " in body and clerk.public_name in body


def test_a_step_the_appeal_no_longer_allows_is_told_not_a_500(  # type: ignore[no-untyped-def]
    as_clerk: Client, recorded_appeal, django_capture_on_commit_callbacks
) -> None:
    appeal = recorded_appeal(TODAY - timedelta(days=1))
    competent = Authority.objects.get(slug="akimat-almaty-almaly")
    data = {"redirect_to": competent.slug, "text": "Parks are the district's."}
    assert as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/redirect/", data).status_code == 302
    again = as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/redirect/", data, follow=True)
    assert again.status_code == 200 and "no longer awaits your body" in again.content.decode()
    late = as_clerk.post(f"/en/inbox/appeals/{appeal.pk}/answer/", {"kind": "substantive", "text": "Done."})
    assert late.status_code == 302  # to the appeal's page, with the same message
    stale = as_clerk.post(
        f"/en/inbox/appeals/{appeal.pk}/extend/",
        {
            "until": (appeal.deadline + timedelta(days=3)).isoformat(),
            "decided_on": TODAY.isoformat(),
            "reason": "Survey.",
        },
    )
    assert stale.status_code == 400 and "no longer applies" in stale.content.decode()
    assert Appeal.objects.filter(redirected_from=appeal).count() == 1


def test_the_body_dates_nothing_back(recorded_appeal, clerk) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    appeal = recorded_appeal(TODAY - timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        services.answer_record(
            appeal=appeal, actor=clerk, kind="substantive", text="Done.", received_on=TODAY - timedelta(days=5)
        )
    assert exc.value.message_dict == {"received_on": ["An answer posted in the inbox is dated the day it is posted."]}


def test_an_appeal_not_sent_yet_is_not_in_the_inbox(as_clerk: Client, make_problem, yesil_akimat, author) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems.models import Appeal as AppealModel

    yesil_akimat.email, yesil_akimat.email_source = "appeals@yesil.example.kz", "https://yesil.example.kz/contacts"
    yesil_akimat.save()
    problem = make_problem()
    appeal = services.appeal_create(problem=problem, authority=yesil_akimat, actor=author, delivery="dauys")
    AppealModel.objects.filter(pk=appeal.pk).update(status="queued")
    assert as_clerk.get(f"/en/inbox/appeals/{appeal.pk}/").status_code == 404


def test_a_weekend_after_a_missed_deadline_is_late_not_today() -> None:
    import time_machine

    friday = date(2026, 6, 12)
    appeal = Appeal(status="sent", deadline=friday, registered_on=date(2026, 5, 20))
    with time_machine.travel(date(2026, 6, 13)):
        inbox.with_clock([appeal])
    assert (appeal.days_left, appeal.days_late) == (-1, 1)  # type: ignore[attr-defined]


def test_counts_stop_at_a_thousand(as_clerk: Client, recorded_appeal, make_problem, yesil_akimat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(inbox, "COUNTED", 2)
    for n in range(3):
        recorded_appeal(TODAY - timedelta(days=n), problem=make_problem(title=f"Problem {n}"))
    assert inbox.counts([yesil_akimat.pk]) == {"open": 2, "open_more": True, "overdue": 0, "overdue_more": False}
    page = as_clerk.get(f"/en/inbox/{yesil_akimat.slug}/").content.decode()
    assert 'Awaiting an answer <span class="badge">1,000+</span>' in page
