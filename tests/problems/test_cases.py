""" "My cases": each problem once, at its most urgent need, with the days left under the law (frozen clock)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dauys.core.calendar import working_days_between
from dauys.problems import services
from dauys.problems.cases import my_cases
from dauys.problems.clock import add_months
from dauys.problems.monitoring import monitor

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=ALMATY), tick=False)


def kinds(author, today: date) -> list[tuple[str, str, int | None]]:  # type: ignore[no-untyped-def]
    return [(case.problem.title, case.need.kind, case.need.days_left) for case in my_cases(author, today)]


def test_the_most_urgent_need_first_with_the_days_left(author, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with at(date(2026, 3, 2)):
        silent = recorded_appeal(date(2026, 3, 2), problem=make_problem(title="Silence"))
        answered = recorded_appeal(date(2026, 3, 2), problem=make_problem(title="Answered"))
        make_problem(title="Nobody asked")
        make_problem(title="A draft", publish=False)
        withdrawn = make_problem(title="Withdrawn")
        services.problem_set_status(problem=withdrawn, actor=author, status="withdrawn")
    with at(date(2026, 3, 10)):
        services.answer_record(
            appeal=answered, actor=author, kind="substantive", text="We will look.", received_on=date(2026, 3, 10)
        )
        soon = recorded_appeal(
            date(2026, 2, 18), problem=make_problem(title="Due soon")
        )  # due 12 March (9 March is a holiday)
        later = recorded_appeal(date(2026, 3, 10), problem=make_problem(title="Running"))
    today = date(2026, 3, 10)
    assert kinds(author, today) == [
        ("Due soon", "deadline", 2),
        ("Answered", "verdict", None),
        ("Silence", "waiting", working_days_between(today, silent.deadline)),
        ("Running", "waiting", working_days_between(today, later.deadline)),
        ("Nobody asked", "address", None),
        ("A draft", "draft", None),
        ("Withdrawn", "closed", None),
    ]
    assert soon.deadline == date(2026, 3, 12)
    # Once the silence is past its deadline, the monitor marks it overdue: the complaint window opens, in days.
    with at(date(2026, 4, 15)):
        monitor()
    first, second = my_cases(author, date(2026, 4, 15))[:2]
    assert [(c.problem.title, c.need.kind) for c in (first, second)] == [
        ("Due soon", "complain"),
        ("Silence", "complain"),
    ]
    refused_on = silent.deadline + timedelta(days=1)  # silence is a refusal from the day after the deadline
    assert second.need.until == add_months(refused_on, 3)
    assert second.need.days_left == (add_months(refused_on, 3) - date(2026, 4, 15)).days


def answered(recorded_appeal, author, kind: str, **extra):  # type: ignore[no-untyped-def]
    """An appeal registered on 2 March 2026, answered on 5 March with an answer of ``kind``."""
    with at(date(2026, 3, 2)):
        appeal = recorded_appeal(date(2026, 3, 2))
    with at(date(2026, 3, 5)):
        return services.answer_record(
            appeal=appeal, actor=author, kind=kind, text="Our answer.", received_on=date(2026, 3, 5), **extra
        )


def test_a_judged_answer_and_a_kept_promise_need_nothing(author, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    answer = answered(recorded_appeal, author, "promise", promise_due_on=date(2026, 3, 10))
    today = date(2026, 3, 5)
    assert [c.need.kind for c in my_cases(author, today)] == ["verdict"]
    services.answer_judge(answer=answer, actor=author, verdict="substantive")
    need = my_cases(author, today)[0].need
    assert (need.kind, need.until, need.days_left) == ("promise", date(2026, 3, 10), 5)
    # Further than a week: the promise is not due yet, and the problem waits.
    assert [c.need.kind for c in my_cases(author, date(2026, 3, 1))] == ["waiting"]


def test_a_refusal_opens_the_complaint_window(author, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    answer = answered(recorded_appeal, author, "refusal", refusal_reason="Not our job.")
    with at(date(2026, 3, 5)):
        services.answer_judge(answer=answer, actor=author, verdict="formal")
    need = my_cases(author, date(2026, 3, 5))[0].need
    assert (need.kind, need.until) == ("complain", date(2026, 6, 5))


def test_another_persons_problems_are_not_mine(make_user, make_problem, author) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Theirs")
    other = make_user("Someone_Else")
    assert my_cases(other, date(2026, 6, 10)) == []
    assert [c.problem.title for c in my_cases(author, date(2026, 6, 10))] == ["Theirs"]


def test_the_page_costs_the_same_queries_for_2_or_40_cases(client, author, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    url = reverse("problems:mine")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    recorded_appeal(date(2026, 6, 1))
    make_problem(title="Second")
    few = queries()
    for n in range(20):
        recorded_appeal(date(2026, 6, 1) - timedelta(days=n), problem=make_problem(title=f"More {n}"))
        make_problem(title=f"Unaddressed {n}")
    assert queries() == few


def test_the_page_says_what_each_case_needs(client, author, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    recorded_appeal(date(2026, 6, 5), problem=make_problem(title="Dark underpass"))
    make_problem(title="Broken bench")
    client.force_login(author)
    page = client.get(reverse("problems:mine")).content.decode()
    assert page.index("Dark underpass") < page.index("Broken bench")
    assert "working days left" in page and "Address it to an authority" in page
    assert 'aria-current="page">My cases<' in page
    assert client.get(reverse("problems:mine"), headers={"accept-language": "ru"}).status_code == 200


def test_the_page_asks_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("problems:mine"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_long_group_shows_its_most_urgent_cases_and_a_way_to_all(client, author, make_problem) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems.views import GROUP_SHOWN

    for n in range(GROUP_SHOWN + 2):
        make_problem(title=f"Unaddressed problem {n:02}")
    client.force_login(author)
    page = client.get(reverse("problems:mine")).content.decode()
    assert page.count("Address it to an authority") == GROUP_SHOWN
    assert f"Show all {GROUP_SHOWN + 2}" in page
    whole = client.get(reverse("problems:mine"), {"group": "address"}).content.decode()
    assert whole.count("Address it to an authority") == GROUP_SHOWN + 2
