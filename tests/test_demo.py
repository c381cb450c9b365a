"""Demo data (dauys.demo): each app adds its part; a batch is deterministic for a seed."""

from __future__ import annotations

import pytest

from dauys.demo import CONTENT, HOUSEKEEPING, PEOPLE, in_order, run_batch

pytestmark = pytest.mark.django_db


def test_demo_data_is_deterministic_for_a_seed() -> None:
    from dauys.accounts.models import User
    from dauys.problems.models import Problem

    def names(users: list[str]) -> list[str]:
        return ["".join(c for c in u if not c.isdigit()) for u in users]

    run_batch(seed=7, progress=lambda _: None)
    run_batch(seed=7, progress=lambda _: None)
    people = list(
        User.objects.filter(username__startswith="demo").order_by("pk").values_list("display_name", flat=True)
    )
    problems = list(Problem.objects.order_by("pk").values_list("title", "place__code", "status"))
    # 30 problems a batch, and 5 to each of its two representatives' bodies (problems.demo.bodies_at_work).
    assert len(people) == 40 and len(problems) == 80
    assert names(people[:20]) == names(people[20:])
    assert [(t, p) for t, p, _ in problems[:40]] == [(t, p) for t, p, _ in problems[40:]]
    assert len(set(people)) == 40
    assert {s for _, _, s in problems} >= {"open", "draft"}


def test_every_app_adds_its_own_part_in_stages() -> None:
    ordered = in_order()
    assert ordered[0].name == "dauys.accounts.demo.people" and ordered[0].stage == PEOPLE
    names = [s.name for s in ordered]
    assert names.index("dauys.problems.demo.problems") < names.index("dauys.problems.demo.comments")
    assert {s.stage for s in ordered if s.name.endswith((".monitoring", ".reports"))} == {HOUSEKEEPING}
    assert any(s.stage == CONTENT for s in ordered)
    said: list[str] = []
    summary = run_batch(seed=3, progress=said.append)
    assert summary.startswith("demo batch 1: 20 people, ") and "verified representatives" in summary
    assert "problems" in summary and "comments" in summary and "Log in as demo1@demo.dauys.invalid" in summary
    assert any("regular monitoring" in line for line in said) and any("reports written" in line for line in said)
    # Each verified representative is named with their login, and finds work in their body's inbox.
    from dauys.authorities.models import Representative
    from dauys.problems.models import OPEN_STATUSES, Appeal

    reps = list(Representative.objects.filter(verified=True).select_related("user", "authority"))
    assert reps
    for rep in reps:
        assert f"{rep.user.email} for {rep.authority.name_en}" in summary
        waiting = Appeal.objects.filter(authority=rep.authority, status__in=OPEN_STATUSES)
        assert waiting.count() >= 3 and waiting.filter(work_started_on__isnull=False).exists()
        assert rep.authority.email.endswith("@bodies.demo.dauys.invalid")


def test_the_demo_login_finds_a_reply_by_email_to_review(settings, client) -> None:  # type: ignore[no-untyped-def]
    """With a reply address (``dauys demo`` gives one), the person the summary names has a body's reply waiting, taken
    in as a mail server gives it; without one, the instance takes no mail and the demo holds none."""
    from dauys.accounts.models import User
    from dauys.correspondence.models import IncomingMail

    settings.DAUYS_REPLY_ADDRESS = ""
    assert "reply by e-mail" not in run_batch(seed=5, progress=lambda _: None)
    assert not IncomingMail.objects.exists()
    settings.DAUYS_REPLY_ADDRESS = "replies+{token}@demo.dauys.invalid"
    summary = run_batch(seed=5, progress=lambda _: None)
    mail = IncomingMail.objects.get()
    person = User.objects.get(email=mail.appeal.of_problem.author.email)
    assert f"a reply by e-mail for {person.email} to review (review)" in summary
    assert f"Log in as {person.email}" in summary
    client.force_login(person)
    page = client.get("/en/problems/mine/").content.decode()
    assert "A reply by e-mail waits for your review" in page and f"/en/replies/{mail.pk}/" in page
    review = client.get(f"/en/replies/{mail.pk}/").content.decode()
    assert "Ответ прилагается" in review and "otvet-" in review
