"""Filing and following problems through the pages, as a browser without JavaScript would."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from dauys.problems.models import Appeal, Photo, Problem

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (640, 480), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    gps = {1: "N", 2: (51.0, 7.0, 42.0), 3: "E", 4: (71.0, 25.0, 49.0)}
    exif[0x8825] = gps
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def form_data(**overrides) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = {
        "title": "No lights in the underpass",
        "body": "The underpass under Kabanbay Batyr has been dark for two weeks.",
        "category": "other",
        "place": "astana-yesil",
        "submission_key": "form-1",
    }
    data.update(overrides)
    return data


def test_file_a_problem_with_a_photo_and_publish_it(  # type: ignore[no-untyped-def]
    client: Client, author, make_user, settings, django_capture_on_commit_callbacks
) -> None:
    client.force_login(author)
    photo = SimpleUploadedFile("IMG_20261101_my_street.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post("/en/problems/new/", form_data(photos=photo))
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.status == "draft"
    page = client.get(response.headers["Location"]).content.decode()
    assert "Preview: this draft is visible only to you" in page
    assert Client().get(problem.get_absolute_url()).status_code == 404  # drafts are private

    stored = Photo.objects.get(problem=problem)
    assert "IMG_20261101" not in stored.original.name
    for size in Photo.SIZES:
        with stored.open(size) as file:
            data = file.read()
        assert b"SecretCam" not in data and b"Exif" not in data
        assert not Image.open(io.BytesIO(data)).getexif()

    # A draft's photos are private: not in the public media, and served to their author only.
    assert not stored.public and not (settings.MEDIA_ROOT / stored.large.name).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / stored.large.name).exists()
    private_url = f"/en/problems/{problem.pk}/photos/{stored.pk}/large"
    assert private_url in page
    own = client.get(private_url)
    assert own.status_code == 200 and own["Cache-Control"] == "private, no-store"
    assert b"".join(own.streaming_content).startswith(b"\xff\xd8")  # a JPEG
    assert Client().get(private_url).status_code == 404
    stranger = Client()
    stranger.force_login(make_user("Stranger"))
    assert stranger.get(private_url).status_code == 404
    assert client.get(f"/en/problems/{problem.pk}/photos/{stored.pk}/everything").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/problems/{problem.pk}/publish/")
    assert response.status_code == 302 and response.headers["Location"] == f"/en/problems/{problem.pk}/appeal/"
    public_page = Client().get(problem.get_absolute_url())
    assert public_page.status_code == 200
    stored.refresh_from_db()
    assert stored.public and stored.large.url in public_page.content.decode()
    assert (settings.MEDIA_ROOT / stored.large.name).exists()
    assert not (settings.PRIVATE_MEDIA_ROOT / stored.large.name).exists()  # the private copy went at the commit
    assert Client().get(private_url)["Location"] == stored.large.url


def test_double_submitted_form_creates_one_problem(client: Client, author) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    client.post("/en/problems/new/", form_data())
    client.post("/en/problems/new/", form_data())
    assert Problem.objects.count() == 1


def test_a_non_image_upload_is_refused_and_nothing_is_left(client: Client, author, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    fake = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho not an image\n", content_type="image/jpeg")
    response = client.post("/ru/problems/new/", form_data(photos=fake))
    assert response.status_code == 400
    assert "photo.jpg" in response.content.decode()
    assert Problem.objects.count() == 0 and Photo.objects.count() == 0
    media = settings.MEDIA_ROOT / "photos"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_missing_fields_get_precise_messages(client: Client, author) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    response = client.post("/en/problems/new/", {"title": "", "body": "", "category": "", "place": "atlantis"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a category." in html
    assert "There is no such place." in html
    assert Problem.objects.count() == 0


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("200", "71.43", "A latitude is between −90 and 90 degrees; Kazakhstan&#x27;s are about 40 to 56."),
        ("51.12", "-500", "A longitude is between −180 and 180 degrees; Kazakhstan&#x27;s are about 46 to 88."),
        ("north", "71.43", "Write the latitude as a number of degrees, for example 51.1282."),
        ("10", "10", "The point is not in Kazakhstan."),
    ],
)
def test_coordinates_out_of_range_say_what_is_wrong(client: Client, author, latitude, longitude, message) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    response = client.post("/en/problems/new/", form_data(latitude=latitude, longitude=longitude))
    assert response.status_code == 400 and message in response.content.decode()
    assert Problem.objects.count() == 0


def test_record_an_appeal_and_see_the_clock(client: Client, make_problem, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    page = client.get(f"/en/problems/{problem.pk}/appeal/").content.decode()
    assert "Office of the Akim of Yesil District" in page  # suggested by routing
    registered = date.today() - timedelta(days=1)
    data = {
        "authority": "akimat-astana-yesil",
        "delivery": "recorded",
        "registration_number": "ЖТ-1",
        "registered_on": registered.isoformat(),
    }
    refused = client.post(f"/en/problems/{problem.pk}/appeal/", data)
    assert refused.status_code == 400 and "Say how you sent it" in refused.content.decode()
    response = client.post(f"/en/problems/{problem.pk}/appeal/", {**data, "channel": "eotinish"})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.channel == "eotinish"
    page = Client().get(problem.get_absolute_url()).content.decode()
    assert appeal.reference in page and "days left" in page and "through eOtinish (eGov)" in page
    # Addressing it again shows the appeal it has, and how it was sent.
    again = client.get(f"/en/problems/{problem.pk}/appeal/").content.decode()
    assert "Already addressed to" in again and "Office of the Akim of Yesil District" in again
    assert "through eOtinish (eGov)" in again


def test_support_and_follow_need_login_and_work_without_javascript(client: Client, make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    assert client.post(f"/en/problems/{problem.pk}/support/", {"support": "1"}).status_code == 302
    assert Problem.objects.get().supports_count == 0
    client.force_login(make_user("Fan"))
    client.post(f"/en/problems/{problem.pk}/support/", {"support": "1"})
    client.post(f"/en/problems/{problem.pk}/follow/", {"follow": "1"})
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Withdraw my support" in page and "Unfollow" in page
    assert Problem.objects.get().supports_count == 1
    # A repeat from a stale page (a second tab, the back button) is counted once, and the page says so.
    response = client.post(f"/en/problems/{problem.pk}/support/", {"support": "1"}, follow=True)
    assert "You already support this problem." in response.content.decode()
    assert Problem.objects.get().supports_count == 1


def test_list_filters_and_bad_filters(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Dark underpass near the station")
    response = client.get("/en/problems/", {"place": "astana", "category": "roads", "q": "underpass"})
    assert response.status_code == 200 and "Dark underpass" in response.content.decode()
    response = client.get("/en/problems/", {"category": "roads", "q": "nothing-like-this"})
    assert "Dark underpass" not in response.content.decode()
    response = client.get("/en/problems/", {"status": "bogus", "sort": "random"})
    assert response.status_code == 400
    assert "This is not one of the choices." in response.content.decode()


def test_fix_link_asks_before_it_acts(client: Client, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems import services
    from dauys.problems.monitoring import fix_link

    appeal = recorded_appeal(date.today() - timedelta(days=3))
    answer = services.answer_record(
        appeal=appeal, actor=appeal.problem.author, kind="substantive", text="Fixed it", received_on=date.today()
    )
    url = fix_link(answer, True).replace("/kk/", "/en/")
    assert client.get(url).status_code == 200
    assert Problem.objects.get().status == "open"  # a mail scanner following the link changes nothing
    client.post(url, {"fixed": "yes"})
    assert Problem.objects.get().status == "resolved"
    assert client.get(url[:-5] + "xxxx/").status_code == 400


def test_map_counts_problems_per_top_level_unit(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    from dauys.places.models import Place

    make_problem()  # Yesil district, in Astana
    make_problem(title="Another one in Astana itself", place=Place.objects.get(code="KZ-71"))
    make_problem(title="A problem in Abai region", place=Place.objects.get(code="KZ-10"))
    html = client.get("/en/problems/map/").content.decode()
    assert "<svg" in html and "<table" in html
    assert html.count('<path d="M') == 20  # the outline of each of the 20 top-level units
    # Astana, a city with the most problems: its outline and its circle in the darkest colour, and its number.
    astana = html[html.index("<title>Astana: ") :]
    assert astana.index('class="area c5"/>') < astana.index('class="area c5 city"/>') < astana.index("</a>")
    assert '<a href="/en/problems/?place=astana">Astana</a></td><td>2</td>' in html
    assert '<a href="/en/problems/?place=abai-region">Abai Region</a></td><td>1</td>' in html
    html = client.get("/en/problems/map/", {"category": "roads", "q": "Abai"}).content.decode()
    # Each place's link keeps the filters the numbers were counted with.
    assert '<a href="/en/problems/?category=roads&amp;q=Abai&amp;place=astana">Astana</a></td><td>0</td>' in html
    assert client.get("/en/problems/map/", {"place": "atlantis"}).status_code == 400


def test_map_points_as_json_and_the_operators_tiles_when_configured(client: Client, make_problem, settings) -> None:  # type: ignore[no-untyped-def]
    pointed = make_problem(latitude=51.1282, longitude=71.4304)
    make_problem(title="Without a point on the map")
    draft = make_problem(publish=False, latitude=51.13, longitude=71.43)
    body = client.get("/en/problems/map.json").json()
    assert [p["id"] for p in body["points"]] == [pointed.pk] and draft.pk not in [p["id"] for p in body["points"]]
    point = body["points"][0]
    assert (point["lat"], point["lon"], point["url"]) == (51.1282, 71.4304, f"/en/problems/{pointed.pk}/")
    assert client.get("/en/problems/map.json?place=almaty").json()["points"] == []
    bad = client.get("/en/problems/map.json?place=atlantis")
    assert bad.status_code == 400 and "place" in bad.json()["error"]["fields"]

    page = client.get("/en/problems/map/").content.decode()
    assert "vendor/maplibre/maplibre-gl.mjs" in page and "tiles.example.org" not in page  # the outlines alone
    settings.TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.TILE_ATTRIBUTION = "© OpenStreetMap <contributors>"
    page = client.get("/en/problems/map/").content.decode()
    assert '"raster": "https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert r'"attribution": "\u00a9 OpenStreetMap \u0026lt;contributors\u0026gt;"' in page  # text, escaped for MapLibre
    policy = client.get("/en/problems/map/")["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://tiles.example.org" in policy
    assert "connect-src 'self' https://tiles.example.org" in policy


def test_following_ones_own_draft_is_refused_with_a_message(client: Client, make_problem, author) -> None:  # type: ignore[no-untyped-def]
    draft = make_problem(publish=False)
    client.force_login(author)
    response = client.post(f"/en/problems/{draft.pk}/follow/", {"follow": "1"}, follow=True)
    assert response.status_code == 200 and "There is nothing public to follow here." in response.content.decode()


def test_the_author_is_not_offered_to_support_their_own_problem(make_problem, author, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    own = Client()
    own.force_login(author)
    page = own.get(problem.get_absolute_url()).content.decode()
    assert "I have this problem too" not in page and "You reported this problem" in page
    neighbour = Client()
    neighbour.force_login(make_user("Neighbour"))
    assert "I have this problem too" in neighbour.get(problem.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("status", "says"), [("resolved", "reopen it with evidence"), ("withdrawn", "is final")])
def test_resolving_and_withdrawing_ask_first_and_say_what_follows(
    client: Client, make_problem, author, status: str, says: str
) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(author)
    url = f"/en/problems/{problem.pk}/status/"
    page = client.get(url, {"status": status})
    assert page.status_code == 200 and says in page.content.decode()
    # A POST without the confirmation (an old form, a replayed request) only shows the question again.
    assert says in client.post(url, {"status": status}).content.decode()
    problem.refresh_from_db()
    assert problem.status == "open"
    assert client.post(url, {"status": status, "confirm": "yes"}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == status


def test_only_the_author_is_asked_to_resolve_or_withdraw(client: Client, make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client.force_login(make_user("Stranger"))
    assert client.get(f"/en/problems/{problem.pk}/status/", {"status": "withdrawn"}).status_code == 403
    assert client.get(f"/en/problems/{problem.pk}/status/", {"status": "gone"}).status_code == 400


def test_the_timeline_tells_when_the_body_registered_and_answered_apart_from_when_it_was_recorded(
    client: Client, recorded_appeal
) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems import services

    appeal = recorded_appeal(date(2026, 6, 1))
    services.answer_record(
        appeal=appeal,
        actor=appeal.problem.author,
        kind="substantive",
        text="We fixed it.",
        received_on=date(2026, 6, 5),
    )
    page = client.get(appeal.problem.get_absolute_url()).content.decode()
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "registered by the body on 1 Jun 2026" in timeline
    assert "the answer is dated 5 Jun 2026" in timeline
    assert "10 Jun 2026, " in timeline and "(UTC+5)" in timeline  # recorded today, in Kazakhstan's time


def test_the_answer_form_groups_each_kinds_fields_and_keeps_them_on_an_error(client: Client, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date(2026, 6, 1))
    client.force_login(appeal.problem.author)
    page = client.get(f"/en/appeals/{appeal.pk}/answer/").content.decode()
    promise = page.split('<fieldset class="group if-kind if-promise">', 1)[1].split("</fieldset>", 1)[0]
    assert "<legend>A promise</legend>" in promise and 'name="promise_due_on"' in promise
    assert 'name="redirect_to"' in page.split('<fieldset class="group if-kind if-redirect">', 1)[1]
    refused = client.post(
        f"/en/appeals/{appeal.pk}/answer/", {"kind": "promise", "text": "Soon.", "received_on": "2026-06-05"}
    )
    body = refused.content.decode()
    assert refused.status_code == 400 and '<div class="error-summary"' in body
    assert "Give the date by which the authority promised to act." in body
