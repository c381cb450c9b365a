"""Periodic reports: written once when the period is over, kept as written, for the country and each region."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from dauys.accountability import reports
from dauys.accountability.models import Report
from dauys.core.events import record_events
from dauys.places.models import Place
from dauys.problems import services
from tests.accountability.test_counting import at, history  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_periods_and_keys() -> None:
    assert reports.week_key(date(2026, 11, 25)) == "2026-W48"
    assert reports.period_of("weekly", "2026-W48") == (date(2026, 11, 23), date(2026, 11, 29))
    assert reports.period_of("monthly", "2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert reports.last_complete("weekly", date(2026, 11, 25)) == "2026-W47"
    assert reports.last_complete("monthly", date(2026, 1, 3)) == "2025-12"
    for bad in ("2026-13", "2026", "W48", "2026-W60"):
        with pytest.raises(ValueError):
            reports.period_of("monthly" if "W" not in bad else "weekly", bad)


def test_reports_say_what_happened_and_stay_as_written(history) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with record_events() as seen:
        assert reports.write_due(date(2026, 4, 1)) == 2 * 21  # weekly and monthly: the country and its 20 units
    assert [e.name for e in seen] == ["report.written"] * 2 * 21  # one event each
    march = Report.objects.get(kind="monthly", key="2026-03", place=None)
    c = march.content
    assert (c["problems"], c["answers"], c["overdue"], c["promises_broken"]) == (4, 2, 0, 0)
    assert c["answers_by_kind"] == {"substantive": 1, "promise": 1}
    astana = Report.objects.get(kind="monthly", key="2026-03", place=Place.objects.get(iso_code="KZ-71"))
    assert astana.content["problems"] == 4 and astana.content["answers"] == 2
    almaty = Report.objects.get(kind="monthly", key="2026-03", place=Place.objects.get(iso_code="KZ-75"))
    assert (almaty.content["problems"], almaty.content["answers"]) == (0, 0)
    with record_events() as seen:
        assert reports.write_due(date(2026, 4, 1)) == 0  # nothing is written twice
    assert seen == []

    april = reports.write_due(date(2026, 5, 2))
    assert april == 2 * 21
    c = Report.objects.get(kind="monthly", key="2026-04", place=None).content
    # Both appeals still unanswered on 10 April went overdue then (one was answered late, on the 20th).
    assert (c["answers"], c["overdue"]) == (1, 2) and c["answers_by_kind"] == {"refusal": 1}
    assert c["overdue_by_authority"] == [[history["silent"].authority_id, 2]]

    # An answer recorded later with a March date does not rewrite March: the report is a stable citation.
    late = history["silent"]
    with at(date(2026, 5, 3)):
        services.answer_record(
            appeal=late, actor=late.problem.author, kind="formal", text="Late.", received_on=date(2026, 3, 30)
        )
    march.refresh_from_db()
    assert march.content["answers"] == 2


def test_report_pages_archive_and_feed(history) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    reports.write_due(date(2026, 4, 1))
    client = Client()
    archive = client.get("/en/reports/")
    assert archive.status_code == 200 and "/en/reports/monthly/2026-03/" in archive.content.decode()
    page = client.get("/en/reports/monthly/2026-03/")
    body = page.content.decode()
    assert page.status_code == 200 and "Most supported new problems" in body and "Never answered" in body
    assert "/en/reports/monthly/2026-03/astana/" in body
    assert client.get("/ru/reports/monthly/2026-03/astana/").status_code == 200
    assert client.get("/en/reports/monthly/2026-02/").status_code == 404
    assert client.get("/en/reports/yearly/2026/").status_code == 404
    feed = client.get("/feeds/reports.atom", HTTP_ACCEPT_LANGUAGE="en")
    assert feed.status_code == 200 and b"/en/reports/monthly/2026-03/" in feed.content


def test_subscribers_receive_each_new_report_in_their_language(  # type: ignore[no-untyped-def]
    history,  # noqa: F811
    make_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    reader = make_user("Report Reader", email="reader@example.org")
    reader.language = "ru"
    reader.save()
    client = Client()
    client.force_login(reader)
    saved = client.post("/en/reports/subscriptions/", {"report": ["monthly:", "weekly:astana"]})
    assert saved.status_code == 302
    page = client.get("/en/reports/subscriptions/").content.decode()
    assert 'value="monthly:" aria-labelledby="row-1 col-monthly" checked' in page
    assert re.search(r'value="weekly:astana" aria-labelledby="row-\d+ col-weekly" checked', page)
    assert re.search(r'value="monthly:astana" aria-labelledby="row-\d+ col-monthly">', page)  # not chosen
    assert client.post("/en/reports/subscriptions/", {"report": ["yearly:"]}).status_code == 400

    mailoutbox.clear()  # the notices of the history above went to its people
    with django_capture_on_commit_callbacks(execute=True):
        reports.write_due(date(2026, 4, 1))
    # the monthly report of the country (March) and the weekly report of Astana (23-29 March), nothing else
    assert sorted(m.subject for m in mailoutbox) == [
        "Dauys: Месячный отчёт 2026-03 · Вся страна",
        "Dauys: Недельный отчёт 2026-W13 · Астана",
    ]
    assert all(m.to == ["reader@example.org"] for m in mailoutbox)
    monthly = next(m for m in mailoutbox if "Месячный" in m.subject)
    assert "/ru/reports/monthly/2026-03/" in monthly.body
    [(name, document, mimetype)] = monthly.attachments  # the PDF, in the reader's language
    assert (name, mimetype) == ("dauys-monthly-report-2026-03.pdf", "application/pdf")
    assert "Месячный отчёт" in _pdf_text(document)

    client.post("/en/reports/subscriptions/", {})  # nothing chosen: no more mail
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reports.write_due(date(2026, 5, 2))
    assert mailoutbox == []


def test_subscriptions_are_in_the_data_export_and_go_with_the_account(
    make_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from dauys.accountability.models import ReportSubscription
    from dauys.accounts import services as accounts

    user = make_user("Leaving Reader")
    from dauys.accountability.services import report_subscriptions_set

    with record_events() as seen:
        report_subscriptions_set(user=user, wanted={("monthly", None)})
    assert [e.name for e in seen] == ["report.subscriptions_changed"]
    client = Client()
    client.force_login(user)
    exported = client.get("/en/accounts/me/export.json").json()
    assert exported["report_subscriptions"][0]["kind"] == "monthly"
    with django_capture_on_commit_callbacks(execute=True):
        accounts.account_delete(user=user)
    assert not ReportSubscription.objects.filter(user=user).exists()


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # lines are wrapped


def test_each_report_is_a_pdf_in_the_readers_language(history) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import io

    from pypdf import PdfReader

    reports.write_due(date(2026, 5, 2))
    client = Client()
    page = client.get("/kk/reports/monthly/2026-04/").content.decode()
    assert 'href="/kk/reports/monthly/2026-04.pdf"' in page

    for lang, title, overdue in (
        ("kk", "Айлық есеп", "Мерзімі өткен өтініштер"),
        ("ru", "Месячный отчёт", "Обращения, срок по которым истёк"),
        ("en", "Monthly report", "Appeals that went overdue"),
    ):
        response = client.get(f"/{lang}/reports/monthly/2026-04.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'inline; filename="dauys-monthly-report-2026-04.pdf"'
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.metadata is not None and reader.metadata.title.startswith(title)
        fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
        assert fonts and all("NotoSans" in f for f in fonts), fonts  # embedded, not a core font without Cyrillic
        text = _pdf_text(response.content)
        assert title in text and overdue in text, text
        assert len(reader.outline) >= 3  # its sections are bookmarks
        # The same figures as the page: two appeals went overdue in April, both at Yesil's akimat.
        yesil = history["silent"].authority
        with translation.override(lang):
            name = yesil.name
        assert re.search(rf"{re.escape(name)}\s*2", text), text
        links = [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots", [])]
        assert f"{settings.BASE_URL}/{lang}/authorities/{yesil.slug}/scorecard/" in links, links
    # A region's report, and the same bytes every time (a citable document).
    astana = client.get("/ru/reports/monthly/2026-04/astana.pdf")
    assert astana.status_code == 200 and "Астана" in _pdf_text(astana.content)
    assert client.get("/ru/reports/monthly/2026-04/astana.pdf").content == astana.content
    assert client.get("/en/reports/monthly/2026-02.pdf").status_code == 404
    assert client.get("/en/reports/monthly/2026-04/nowhere.pdf").status_code == 404


def test_a_title_the_font_cannot_draw_is_printed_without_those_characters(  # type: ignore[no-untyped-def]
    history,  # noqa: F811
) -> None:
    from dauys.accountability import pdf

    problem = history["on_time"].problem
    problem.title = "Жол 🚧 бұзылған\x07 — Ӛ ok"
    problem.save()
    reports.write_due(date(2026, 4, 1))
    text = _pdf_text(pdf.render(Report.objects.get(kind="monthly", key="2026-03", place=None), "kk"))
    assert "Жол бұзылған — Ӛ ok" in text
    assert pdf.printable("a🚧b\x07c\nd") == "abc\nd"


def test_reports_in_the_api(history) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    reports.write_due(date(2026, 5, 2))
    client = Client()
    april = client.get("/api/v1/reports/monthly/2026-04").json()
    yesil = history["silent"].authority.slug
    assert (april["problems"], april["answers"], april["overdue"]) == (0, 1, 2)
    assert april["overdue_by"] == [{"authority": yesil, "count": 2}] and april["answers_by_kind"] == {"refusal": 1}
    assert april["place"] is None and april["pdf"] == "http://testserver/en/reports/monthly/2026-04.pdf"
    astana = client.get("/api/v1/reports/monthly/2026-04?place=astana").json()
    assert astana["place"] == "astana" and astana["url"] == "http://testserver/en/reports/monthly/2026-04/astana/"

    listed = client.get("/api/v1/reports?kind=monthly&place=country").json()
    assert [r["key"] for r in listed["items"]] == ["2026-04"] and listed["next"] is None
    everything = client.get("/api/v1/reports?limit=30").json()
    assert len(everything["items"]) == 30 and everything["next"]
    rest = client.get(everything["next"]).json()
    assert len(everything["items"]) + len(rest["items"]) == 2 * 21 and rest["next"] is None
    assert client.get("/api/v1/reports?place=astana").json()["items"][0]["place"] == "astana"

    bad = client.get("/api/v1/reports?kind=yearly")
    assert bad.status_code == 400 and bad.json()["error"]["fields"] == {"kind": ["unknown kind"]}
    assert client.get("/api/v1/reports?place=atlantis").status_code == 404
    assert client.get("/api/v1/reports/monthly/2026-02").status_code == 404
    assert client.get("/api/v1/reports/monthly/2026-04?place=atlantis").status_code == 404


def test_a_problem_removed_after_the_report_is_not_shown_by_it(history, make_user) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from dauys.accountability import pdf

    reports.write_due(date(2026, 4, 1))
    march = Report.objects.get(kind="monthly", key="2026-03", place=None)
    removed = history["silent"].problem
    assert removed.pk in march.content["top_problems"]
    moderator = make_user("Report Moderator")
    moderator.is_staff = True
    moderator.save()
    services.problem_set_status(problem=removed, actor=moderator, status="removed")

    client = Client()
    page = client.get("/en/reports/monthly/2026-03/").content.decode()
    assert "Answered on time" in page and "Never answered" not in page
    assert "Never answered" not in _pdf_text(pdf.render(march, "en"))
    api = client.get("/api/v1/reports/monthly/2026-03").json()
    assert removed.pk not in api["top_problems"] and len(api["top_problems"]) == 3
    march.refresh_from_db()
    assert removed.pk in march.content["top_problems"]  # the report itself is kept as written


def test_a_report_maps_its_new_problems_by_region_or_by_district_on_the_page_and_in_the_pdf(  # type: ignore[no-untyped-def]
    history,  # noqa: F811
) -> None:
    import io

    from pypdf import PdfReader

    reports.write_due(date(2026, 4, 1))
    astana, yesil = Place.objects.get(iso_code="KZ-71"), Place.objects.get(code="KZ-71-yesil")
    country = Report.objects.get(kind="monthly", key="2026-03", place=None)
    by_place = dict(map(tuple, country.content["problems_by_place"]))
    assert len(by_place) == 20 and by_place[astana.pk] == 4 and sum(by_place.values()) == 4
    city = Report.objects.get(kind="monthly", key="2026-03", place=astana)
    assert dict(map(tuple, city.content["problems_by_place"]))[yesil.pk] == 4
    region = Report.objects.get(kind="monthly", key="2026-03", place=Place.objects.get(iso_code="KZ-35"))
    assert region.content["problems_by_place"] == []  # the outlines divide only the cities

    client = Client()
    page = client.get("/en/reports/monthly/2026-03/").content.decode()
    assert "New problems by region" in page and '<svg viewBox="0 0 640' in page
    # Each region of the map leads to its own report of the same month.
    assert '<a href="/en/reports/monthly/2026-03/astana/" class="shape">' in page
    city_page = client.get("/en/reports/monthly/2026-03/astana/").content.decode()
    assert "New problems by district" in city_page and f"<title>{yesil.name_en}: 4</title>" in city_page
    assert "New problems by" not in client.get("/en/reports/monthly/2026-03/karaganda-region/").content.decode()

    pdf = client.get("/ru/reports/monthly/2026-03.pdf").content
    text = _pdf_text(pdf)
    assert "Новые проблемы по регионам" in text and "geokz (CC BY 4.0)" in text
    assert re.search(r"Астана\s*4", text), text  # in the table after the map, and the map's label
    contents = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert contents.count(b"B*") >= 20  # the 20 outlines, filled even-odd
    district_pdf = _pdf_text(client.get("/ru/reports/monthly/2026-03/astana.pdf").content)
    assert "Новые проблемы по районам" in district_pdf and "Есиль" in district_pdf


def test_a_report_written_before_reports_had_places_shows_no_map(history) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    reports.write_due(date(2026, 4, 1))
    report = Report.objects.get(kind="monthly", key="2026-03", place=None)
    content = dict(report.content)
    del content["problems_by_place"]
    Report.objects.filter(pk=report.pk).update(content=content)
    client = Client()
    page = client.get("/en/reports/monthly/2026-03/")
    assert page.status_code == 200 and "New problems by region" not in page.content.decode()
    assert client.get("/en/reports/monthly/2026-03.pdf").status_code == 200
