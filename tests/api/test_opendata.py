"""Open data downloads: every dataset streamed as CSV and JSON Lines, public rows and fields only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.test import Client

from dauys.api import opendata
from dauys.problems import services

pytestmark = pytest.mark.django_db


def _download(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]


def test_every_dataset_streams_public_rows_only(make_problem, author, yesil_akimat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(opendata, "CHUNK", 2)  # several chunks even with a few rows
    shown = [make_problem(title=f"Шұңқыр {i}") for i in range(3)]
    hidden = make_problem(title="Anonymous one", hide_author=True)
    make_problem(title="A draft", publish=False)
    services.appeal_create(
        problem=shown[0],
        authority=yesil_akimat,
        actor=author,
        delivery="recorded",
        registration_number="ЖТ-7",
        registered_on=date.today() - timedelta(days=2),
    )
    client = Client()
    index = client.get("/open-data/").json()
    assert [d["name"] for d in index["datasets"]] == [
        "problems",
        "appeals",
        "answers",
        "promises",
        "scorecards",
        "scorecard_days",
    ]
    assert "CC BY 4.0" in index["license"]

    text = _download(client, "/open-data/problems.csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["title"] for r in rows] == ["Шұңқыр 0", "Шұңқыр 1", "Шұңқыр 2", "Anonymous one"]  # no draft
    assert {r["author"] for r in rows[:3]} == {author.display_name} and rows[3]["author"] == "anonymous"
    assert rows[0]["published_at"].startswith(str(date.today().year))
    everything = text + _download(client, "/open-data/appeals.jsonl")
    assert author.email not in everything and author.username not in everything

    lines = _download(client, "/open-data/problems.jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [p.pk for p in [*shown, hidden]]
    appeals = [json.loads(line) for line in _download(client, "/open-data/appeals.jsonl").splitlines()]
    assert [(a["problem_id"], a["authority"], a["registration_number"]) for a in appeals] == [
        (shown[0].pk, yesil_akimat.slug, "ЖТ-7")
    ]
    assert "message" not in appeals[0]  # the letter itself is not a column
    assert _download(client, "/open-data/answers.csv").lstrip("\ufeff").splitlines() == [
        "id,appeal_id,kind,received_on,by_representative,via,promise_due_on,text,refusal_reason"
    ]
    assert _download(client, "/open-data/promises.csv").lstrip("\ufeff").splitlines() == [
        "id,problem_id,authority,answer_id,due_on,status,settled_on"
    ]


def test_unknown_datasets_and_formats_are_404(client: Client) -> None:
    assert client.get("/open-data/accounts.csv").status_code == 404
    assert client.get("/open-data/problems.xlsx").status_code == 404
    assert client.post("/open-data/problems.csv").status_code == 405


def test_scorecard_days_add_up_to_the_scorecard(make_problem, author, yesil_akimat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The daily figures of the download, added up, are the figures a scorecard shows for the same period.

    An appeal counts on the day it was registered, and one received on a non-working day is registered on the next
    working day (docs/legal-clock.md): the two received on a Saturday count on the Monday after it.
    """
    from dauys.accountability import selectors
    from dauys.accountability.models import Scope

    monkeypatch.setattr(opendata, "CHUNK", 3)
    today = date.today()
    assert today == date(2026, 6, 10)  # the suite's frozen Wednesday (tests/conftest.py)
    saturday, monday = date(2026, 6, 6), date(2026, 6, 8)
    for received in (today - timedelta(days=1), saturday, saturday, today - timedelta(days=9)):
        problem = make_problem(title=f"Received {received}")
        appeal = services.appeal_create(
            problem=problem,
            authority=yesil_akimat,
            actor=author,
            delivery="recorded",
            registration_number="N",
            registered_on=received,
        )
        if received == saturday:
            assert appeal.registered_on == monday
            services.answer_record(appeal=appeal, actor=author, kind="formal", text="No.", received_on=today)
    rows = list(csv.DictReader(io.StringIO(_download(Client(), "/open-data/scorecards.csv").lstrip("\ufeff"))))
    mine = [r for r in rows if r["scope"] == "authority" and r["subject"] == yesil_akimat.slug]
    period = selectors.Period("30d", today - timedelta(days=29), today)
    card = selectors.figures(Scope.AUTHORITY, yesil_akimat.pk, period)
    for column in ("received", "on_time", "formal", "pending", "problems"):
        assert sum(int(r[column]) for r in mine) == card.get(column), column
    assert card.received == 4 and card.formal == 2
    days = [json.loads(line) for line in _download(Client(), "/open-data/scorecard_days.jsonl").splitlines()]
    answered = [d for d in days if d["scope"] == "authority" and d["subject"] == yesil_akimat.slug]
    assert answered == [
        {
            "id": answered[0]["id"],
            "scope": "authority",
            "subject": yesil_akimat.slug,
            "day": str(monday),
            "measure": "a",
            "value": card.answer_median,
            "n": 2,
        }
    ]
