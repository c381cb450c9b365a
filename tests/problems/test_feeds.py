"""Atom feeds of problems and of a problem's timeline, at a cost that does not grow with the timeline."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client

from dauys.problems import services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]


def test_problem_feeds(client: Client, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Broken fountain in the park")
    appeal = recorded_appeal(date.today() - timedelta(days=1))
    assert "Broken fountain in the park" in entries(client.get("/feeds/problems.atom"))
    assert "Broken fountain in the park" in entries(client.get("/feeds/places/astana.atom"))
    assert entries(client.get("/feeds/places/abai-region.atom")) == []
    assert entries(client.get("/feeds/authorities/akimat-astana-yesil.atom")) == [appeal.problem.title]
    timeline = entries(client.get(f"/feeds/problems/{appeal.problem_id}.atom", HTTP_ACCEPT_LANGUAGE="en"))
    assert any("Yesil" in t for t in timeline) and all("<" not in t for t in timeline)
    assert client.get("/feeds/problems.atom?status=draft").status_code == 404
    assert client.get("/feeds/places/atlantis.atom").status_code == 404


def test_the_timeline_feed_costs_the_same_queries_however_long_the_timeline(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dauys.problems.models import Problem

    short, long = make_problem(), make_problem()
    for i in range(6):
        services.problem_set_status(
            problem=long, actor=long.author, status="resolved" if i % 2 == 0 else "open", reason="Still broken today."
        )
        long = Problem.objects.get(pk=long.pk)
    counts = []
    for problem in (short, long):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/feeds/problems/{problem.pk}.atom").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
