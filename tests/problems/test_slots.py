"""Personal slots of public control: the body's tools on a problem's page cost one query for the page, whatever the
number of its appeals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dauys.authorities.models import Authority, Representative
from dauys.problems import services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


def test_the_bodys_tools_cost_one_query_for_the_page(  # type: ignore[no-untyped-def]
    make_user, make_problem, recorded_appeal, yesil_akimat
) -> None:
    almaly = Authority.objects.get(slug="akimat-almaty-almaly")
    clerk = make_user("Clerk_of_two")
    for body in (yesil_akimat, almaly):
        Representative.objects.create(user=clerk, authority=body, verified=True)
    client = Client()
    client.force_login(clerk)
    problem = make_problem(title="Lamps out on Turan avenue")
    first = recorded_appeal(TODAY - timedelta(days=2), problem=problem)
    # Answered before counting, so that the page shows an answer (and reads its verdicts and scans) both times.
    services.answer_record(appeal=first, actor=clerk, kind="substantive", text="Lamps fixed.", received_on=TODAY)
    url = problem.get_absolute_url()

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    queries()  # the first request of a process fills its caches (the session's reads, the calendar)
    one = queries()
    others = [
        recorded_appeal(TODAY - timedelta(days=1), problem=problem, authority=body)
        for body in (almaly, *Authority.objects.filter(kind="ministry").order_by("pk")[:2])
    ]
    queries()  # the first request after a write reads the stored pages' generation once more
    assert queries() == one

    page = client.get(url).content.decode()
    assert page.count("Answer in your inbox") == 1 and page.count("Open in your inbox") == 1
    assert f"/en/inbox/appeals/{others[0].pk}/" in page and f"/en/inbox/appeals/{first.pk}/" in page
    assert f"/en/inbox/appeals/{others[1].pk}/" not in page  # a body the reader does not speak for
