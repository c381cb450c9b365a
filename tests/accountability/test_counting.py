"""Scorecards from a known history: every figure, the lists behind them, periods, rankings, the API."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from dauys.accountability import counting, selectors
from dauys.accountability.models import Scope
from dauys.authorities.models import Authority
from dauys.core.calendar import working_days_between
from dauys.places.models import Place
from dauys.problems import services
from dauys.problems.monitoring import monitor

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
MARCH = selectors.Period("custom", date(2026, 3, 1), date(2026, 3, 31))
MARCH_QUERY = "period=custom&from=2026-03-01&to=2026-03-31"


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=ALMATY), tick=False)


@pytest.fixture
def history(make_problem, recorded_appeal, make_user):  # type: ignore[no-untyped-def]
    """Four problems in Yesil district, their appeals to its akimat registered in March 2026."""
    with at(date(2026, 3, 16)):
        on_time = recorded_appeal(date(2026, 3, 16), problem=make_problem(title="Answered on time"))
        late = recorded_appeal(date(2026, 3, 16), problem=make_problem(title="Answered late"))
        silent = recorded_appeal(date(2026, 3, 16), problem=make_problem(title="Never answered"))
    with at(date(2026, 3, 17)):
        promised = recorded_appeal(date(2026, 3, 17), problem=make_problem(title="Promised, brushed off, kept"))
    with at(date(2026, 3, 20)):
        services.answer_record(
            appeal=on_time,
            actor=on_time.problem.author,
            kind="substantive",
            text="Done.",
            received_on=date(2026, 3, 20),
        )
    with at(date(2026, 3, 25)):
        answer = services.answer_record(
            appeal=promised,
            actor=promised.problem.author,
            kind="promise",
            text="We will fix it by May.",
            received_on=date(2026, 3, 25),
            promise_due_on=date(2026, 5, 1),
        )
        # The author says the promise was a brush-off: it counts as formal.
        services.answer_judge(answer=answer, actor=promised.problem.author, verdict="formal")
    with at(date(2026, 4, 10)):
        monitor()  # the silent appeal is overdue now
        silent.refresh_from_db()
        complaint = services.appeal_escalate(
            appeal=silent, actor=silent.problem.author, registration_number="C-1", registered_on=date(2026, 4, 10)
        )
    with at(date(2026, 4, 15)):
        services.problem_set_status(problem=promised.problem, actor=promised.problem.author, status="resolved")
    with at(date(2026, 4, 20)):
        services.answer_record(
            appeal=late, actor=late.problem.author, kind="refusal", text="No.", received_on=date(2026, 4, 20)
        )
    return {"on_time": on_time, "late": late, "silent": silent, "promised": promised, "complaint": complaint}


def test_every_figure_of_a_known_history(history) -> None:  # type: ignore[no-untyped-def]
    yesil = Authority.objects.get(slug="akimat-astana-yesil")
    card = selectors.figures(Scope.AUTHORITY, yesil.pk, MARCH)
    assert (card.received, card.on_time, card.late, card.overdue, card.pending) == (4, 2, 1, 1, 0)
    assert (card.substantive, card.formal, card.refusal, card.promise) == (1, 1, 1, 0)  # the verdict made it formal
    assert (card.promises, card.promises_kept, card.promises_broken, card.promises_pending) == (1, 1, 0, 0)
    assert (card.escalated, card.from_below) == (1, 0)
    assert (card.on_time_share, card.late_share, card.overdue_share, card.substantive_share) == (50, 25, 25, 33)
    days = sorted(
        [
            working_days_between(date(2026, 3, 16), date(2026, 3, 20)),
            working_days_between(date(2026, 3, 17), date(2026, 3, 25)),
            working_days_between(date(2026, 3, 16), date(2026, 4, 20)),
        ]
    )
    assert card.answer_median == days[1] and card.answer_p90 == days[2]
    # Problems count by their publication day (16-17 March): one of four resolved, 29 days after publication.
    assert (card.problems, card.problems_resolved, card.resolution_median) == (4, 1, 29)

    # The complaint was registered in April at the city akimat: a complaint from below there, not in March.
    astana = Authority.objects.get(slug="akimat-astana")
    assert selectors.figures(Scope.AUTHORITY, astana.pk, MARCH).received == 0
    april = selectors.Period("custom", date(2026, 4, 1), date(2026, 4, 30))
    city = selectors.figures(Scope.AUTHORITY, astana.pk, april)
    assert (city.received, city.from_below, city.pending) == (1, 1, 1)
    # The vertical of the city counts its own and everything below it; the place counts the bodies located there.
    whole = selectors.Period("all", None, date(2026, 11, 30))
    assert selectors.figures(Scope.VERTICAL, astana.pk, whole).received == 5
    place = Place.objects.get(code="KZ-71-yesil")
    assert selectors.figures(Scope.PLACE, place.pk, whole).received == 4
    assert selectors.figures(Scope.PLACE, place.parent_id, whole).received == 5  # Astana: the city akimat too


def test_each_figure_links_to_exactly_the_problems_it_counts(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    base = "/en/scorecards/authority/akimat-astana-yesil"
    for figure, titles in {
        "late": {"Answered late"},
        "overdue": {"Never answered"},
        "kind_formal": {"Promised, brushed off, kept"},
        "promises_kept": {"Promised, brushed off, kept"},
        "on_time": {"Answered on time", "Promised, brushed off, kept"},
        "problems_resolved": {"Promised, brushed off, kept"},
    }.items():
        page = client.get(f"{base}/{figure}/?{MARCH_QUERY}")
        assert page.status_code == 200
        shown = {p.title for p in page.context["page"]}
        assert shown == titles, figure
    card = client.get(f"/en/authorities/akimat-astana-yesil/scorecard/?{MARCH_QUERY}")
    assert card.status_code == 200
    body = card.content.decode()
    assert f'href="{base}/late/?period=custom&amp;from=2026-03-01&amp;to=2026-03-31"' in body
    assert "How we count" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=week", "Choose a period"),
        ("period=custom&from=2026-13-01&to=2026-03-01", "YYYY-MM-DD"),
        ("period=custom&from=2026-04-01&to=2026-03-01", "cannot be before its start"),
        ("from=1900-01-01&to=2026-01-01", "between 2000-01-01"),
    ],
)
def test_a_bad_period_is_a_clear_400_not_a_500(history, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    page = client.get(f"/en/authorities/akimat-astana-yesil/scorecard/?{query}")
    assert page.status_code == 400 and message in page.content.decode()
    # The API speaks the language the client asks for (Accept-Language), Kazakh by default.
    api = client.get(f"/api/v1/authorities/akimat-astana-yesil/scorecard?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and api.json()["error"]["code"] == "invalid"
    assert message in api.json()["error"]["message"]


def test_the_error_is_in_the_reader_s_language(history) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/ru/places/astana/scorecard/?period=week")
    assert page.status_code == 400 and "Выберите период" in page.content.decode()
    api = Client().get("/api/v1/places/astana/scorecard?period=week", HTTP_ACCEPT_LANGUAGE="ru")
    assert api.json()["error"]["fields"]["period"] == ["Выберите период: 30d, 90d, 12m, all или custom."]


def test_unknown_subjects_and_figures_are_404(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get("/en/authorities/no-such-body/scorecard/").status_code == 404
    assert client.get("/en/scorecards/authority/akimat-astana-yesil/no_such_figure/").status_code == 404
    assert client.get("/en/scorecards/galaxy/akimat-astana-yesil/late/").status_code == 404
    assert client.get("/api/v1/places/atlantis/scorecard").status_code == 404
    assert client.get("/api/v1/authorities/akimat-astana/scorecard?scope=everything").status_code == 400


def test_the_api_gives_the_same_figures(history) -> None:  # type: ignore[no-untyped-def]
    data = Client().get(f"/api/v1/authorities/akimat-astana-yesil/scorecard?{MARCH_QUERY}").json()
    assert data["period"] == {"key": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    assert data["figures"]["received"] == 4 and data["figures"]["formal"] == 1 and data["figures"]["late"] == 1
    assert data["shares"]["on_time_share"] == 50
    assert [m["month"] for m in data["months"]] == ["2026-03"]
    vertical = Client().get("/api/v1/authorities/akimat-astana/scorecard?period=all&scope=vertical").json()
    assert vertical["figures"]["received"] == 5 and vertical["figures"]["from_below"] == 1


def test_rankings_leave_small_samples_unranked(history, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    # Ten appeals to Almaty district (Astana) answered on time outrank Yesil's four: Yesil is listed, not ranked.
    almaty = Authority.objects.get(slug="akimat-astana-almaty")
    with at(date(2026, 3, 18)):
        for n in range(selectors.MIN_APPEALS):
            appeal = recorded_appeal(date(2026, 3, 18), problem=make_problem(title=f"Yard {n}"), authority=almaty)
            services.answer_record(
                appeal=appeal,
                actor=appeal.problem.author,
                kind="substantive",
                text="Done",
                received_on=date(2026, 3, 18),
            )
    group = next(g for g in selectors.GROUPS if g.key == "district-akimats")
    ranked, unranked = selectors.ranking(group, "on_time_share", MARCH)
    assert [(r.authority.slug, r.position, r.value) for r in ranked] == [("akimat-astana-almaty", 1, 100)]
    assert "akimat-astana-yesil" in [r.authority.slug for r in unranked]
    page = Client().get(f"/en/scorecards/?group=district-akimats&figure=on_time_share&{MARCH_QUERY}")
    assert page.status_code == 200 and "akimat-astana-almaty" in page.content.decode()
    assert Client().get("/en/scorecards/?figure=height").status_code == 400


def test_compare_side_by_side_and_the_country_map(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    page = client.get(f"/en/scorecards/compare/?a=akimat-astana-yesil&a=akimat-astana&{MARCH_QUERY}")
    assert page.status_code == 200
    rows = {str(label): values for label, _unit, values in page.context["rows"]}
    assert rows["Appeals received"] == [4, 0]
    assert client.get("/en/scorecards/compare/?a=akimat-atlantis").status_code == 400
    country = client.get("/en/places/kazakhstan/scorecard/?period=all&map=received")
    assert country.status_code == 200
    cells = {c.place.iso_code: c.text for c in country.context["map"].shapes}
    assert cells["KZ-71"] == "5" and len(cells) == 20


def test_rebuild_gives_the_figures_the_history_kept(history) -> None:  # type: ignore[no-untyped-def]
    yesil = Authority.objects.get(slug="akimat-astana-yesil")
    before = selectors.figures(Scope.AUTHORITY, yesil.pk, MARCH)
    written = counting.rebuild()
    assert written["appeal_facts"] == 5
    after = selectors.figures(Scope.AUTHORITY, yesil.pk, MARCH)
    assert (after.sums, after.answer_days, after.resolution_days) == (
        before.sums,
        before.answer_days,
        before.resolution_days,
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_chart_geometry_is_never_localised(history, language: str) -> None:  # type: ignore[no-untyped-def]
    """Russian and Kazakh write 12,5 where SVG needs 12.5: a localised number would break every bar."""
    import re

    body = Client().get(f"/{language}/authorities/akimat-astana-yesil/scorecard/?{MARCH_QUERY}").content.decode()
    geometry = re.findall(r'\b(?:x|y|width|height)="([^"]*)"', body)
    assert geometry and all(re.fullmatch(r"-?\d+(\.\d+)?", g) for g in geometry), geometry
    assert 'class="outcome-on_time"' in body and 'class="kind-substantive"' in body


def test_where_the_body_answered_and_how_soon_its_number_came(make_problem, recorded_appeal, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.models import Representative

    Authority.objects.filter(slug="akimat-astana-yesil").update(email="appeals@yesil.example.kz", email_source="x")
    yesil = Authority.objects.get(slug="akimat-astana-yesil")
    clerk = make_user("Yesil_clerk")
    Representative.objects.create(user=clerk, authority=yesil, verified=True)
    with at(date(2026, 3, 16)):
        inbox = recorded_appeal(date(2026, 3, 16), problem=make_problem(title="Answered in the inbox"))
        paper = recorded_appeal(date(2026, 3, 16), problem=make_problem(title="Answered on paper"))
        problem = make_problem(title="E-mailed by Dauys")
        mailed = services.appeal_create(problem=problem, authority=yesil, actor=problem.author, delivery="dauys")
    with at(date(2026, 3, 19)):  # three working days after Dauys sent it (Monday 16 March)
        services.appeal_note_registration(appeal=mailed, actor=clerk, number="ЖТ-1", registered_on=date(2026, 3, 17))
    with at(date(2026, 3, 20)):
        services.answer_record(
            appeal=inbox, actor=clerk, kind="substantive", text="Done.", received_on=date(2026, 3, 20)
        )
        services.answer_record(
            appeal=paper, actor=paper.problem.author, kind="refusal", text="No.", received_on=date(2026, 3, 20)
        )
        services.answer_record(
            appeal=mailed, actor=problem.author, kind="promise", text="By May.", received_on=date(2026, 3, 20),
            promise_due_on=date(2026, 5, 1), via="email",
        )  # fmt: skip
    card = selectors.figures(Scope.AUTHORITY, yesil.pk, MARCH)
    assert [(way, n, share) for way, _label, n, share in card.ways()] == [
        ("inbox", 1, 33),
        ("email", 1, 33),
        ("author", 1, 33),
    ]
    mailed.refresh_from_db()
    assert card.registration_median == working_days_between(mailed.registered_on, date(2026, 3, 19))
    assert card.registration_noted == 1
    page = Client().get(f"/en/authorities/akimat-astana-yesil/scorecard/?{MARCH_QUERY}").content.decode()
    assert "Where the body answered" in page and "In the body&#x27;s inbox on Dauys" in page
    api = Client().get(f"/api/v1/authorities/akimat-astana-yesil/scorecard?{MARCH_QUERY}").json()
    assert api["figures"]["via_inbox"] == 1 and api["registration_working_days"]["appeals"] == 1
