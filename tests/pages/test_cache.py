"""Public pages are stored for anonymous visitors and for signed-in readers, and dropped as soon as they change."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from dauys.accounts.models import User
from dauys.authorities.models import Authority, Representative
from dauys.notifications.models import Notification
from dauys.pages import cache as pagecache
from dauys.pages import slots
from dauys.problems.models import Support
from dauys.problems.services import support_set

pytestmark = pytest.mark.django_db

URL = "/en/authorities/akimat-astana/"


def test_second_anonymous_view_is_served_without_a_query(client: Client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["Content-Language"] == "en"
    assert "Content-Security-Policy" in second.headers


def test_a_domain_event_drops_stored_pages(client: Client, make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from dauys.accounts.services import display_name_change

    user = make_user("Before_Name")
    Representative.objects.create(user=user, authority=Authority.objects.get(slug="akimat-astana"), verified=True)
    assert "Before_Name" in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        display_name_change(user=user, display_name="After_Name")
    html = client.get(URL).content.decode()
    assert "After_Name" in html and "Before_Name" not in html


def test_signed_in_people_never_get_the_anonymous_copy(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.get(URL)  # stored for anonymous visitors
    client.force_login(make_user("Reader"))
    html = client.get(URL).content.decode()
    assert "My account" in html


def _member(make_user, name: str) -> Client:  # type: ignore[no-untyped-def]
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(make_user(name))
    return reader


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the page has no form token"
    return match.group(1)


def test_members_share_one_render_and_each_gets_their_own_buttons_and_token(  # type: ignore[no-untyped-def]
    make_user, make_problem, django_assert_max_num_queries, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    url = f"/en/problems/{problem.pk}/"
    first, second = _member(make_user, "First"), _member(make_user, "Second")
    with django_capture_on_commit_callbacks(execute=True):
        support_set(problem=problem, user=User.objects.get(display_name="First"), supported=True)
    html_first = first.get(url).content.decode()
    assert any(key.startswith("member:") and url in key for key in pagecache.store.entries)
    # Served from the members' copy: the session, the account, the badge and the buttons; no render queries.
    with django_assert_max_num_queries(4):
        html_second = second.get(url).content.decode()
    assert "Withdraw my support" in html_first and "I have this problem too" not in html_first
    assert "I have this problem too" in html_second and "Withdraw my support" not in html_second
    assert _csrf(html_first) != _csrf(html_second)
    for html in (html_first, html_second):
        assert "dauys-slot" not in html and slots.CSRF_MARK not in html and "dauys-csrf" not in html
    # The token filled into the copy is the reader's own: the form it sits in works.
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(
            f"/en/problems/{problem.pk}/support/", {"support": "1", "csrfmiddlewaretoken": _csrf(html_second)}
        )
    assert response.status_code == 302
    assert Support.objects.filter(problem=problem).count() == 2


def test_a_members_copy_is_served_before_the_session_middleware_as_the_whole_chain_would_serve_it(  # type: ignore[no-untyped-def]
    monkeypatch, make_user, make_problem
) -> None:
    served: list[bool] = []
    members_own = pagecache._members_own

    def spy(request, entry):  # type: ignore[no-untyped-def]
        response = members_own(request, entry)
        served.append(response is not None)
        return response

    monkeypatch.setattr(pagecache, "_members_own", spy)
    problem = make_problem()
    for language, button in (("en", "I have this problem too"), ("kk", None)):
        url = f"/{language}/problems/{problem.pk}/"
        served.clear()
        whole = _member(make_user, f"Whole {language}").get(url)  # rendered through the whole chain, and stored
        early = _member(make_user, f"Early {language}").get(url)
        assert served == [True]  # the second reader got the copy before the session middleware
        assert whole.status_code == early.status_code == 200
        # The same headers, those the locale, session, CSRF and X-Frame-Options middleware add included.
        assert dict(whole.headers) == dict(early.headers)
        assert early.headers["Content-Language"] == language
        assert "Cookie" in early.headers["Vary"] and early.headers["X-Frame-Options"] == "DENY"
        # The CSRF cookie renewed as at the end of the chain: same attributes, the reader's own secret.
        whole_cookie, early_cookie = whole.cookies["csrftoken"], early.cookies["csrftoken"]
        assert {k: v for k, v in whole_cookie.items() if k != "expires"} == {
            k: v for k, v in early_cookie.items() if k != "expires"
        }
        assert whole_cookie.value != early_cookie.value
        html = early.content.decode()
        assert "dauys-slot" not in html and _csrf(html)
        with translation.override(language):
            assert translation.gettext(button or "I have this problem too") in html  # the slots in the page's language
        if language == "kk":
            assert "I have this problem too" not in html
    # Staff and readers with a message are never served the copy: they get the whole chain.
    staff = make_user("Staff")
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    served.clear()
    assert client.get(f"/en/problems/{problem.pk}/").status_code == 200
    assert served == [False]


def test_a_support_refreshes_the_problem_page_at_once_and_lists_within_the_page_lifetime(  # type: ignore[no-untyped-def]
    client: Client, make_user, make_problem, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    url = f"/en/problems/{problem.pk}/"
    reader = _member(make_user, "Reader")
    assert "I have this problem too" in reader.get(url).content.decode()
    client.get("/en/problems/")  # the anonymous list copy
    list_keys = [key for key in pagecache.store.entries if key.endswith("/en/problems/")]
    with django_capture_on_commit_callbacks(execute=True):
        support_set(problem=problem, user=User.objects.get(display_name="Reader"), supported=True)
    html = reader.get(url).content.decode()
    assert "Withdraw my support" in html
    assert re.search(r"<strong>1</strong>\s*support\b", html)
    assert re.search(r"<strong>1</strong>\s*support\b", client.get(url).content.decode())
    # Lists are not dropped by a support (they catch up within PAGE_CACHE_SECONDS).
    assert list_keys and all(key in pagecache.store.entries for key in list_keys)


def test_staff_or_a_reader_with_a_message_gets_a_full_render(  # type: ignore[no-untyped-def]
    client: Client, make_user, make_problem
) -> None:
    problem = make_problem()
    url = f"/en/problems/{problem.pk}/"
    staff = make_user("Staff")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    client.get(url)
    assert not pagecache.store.entries
    reader = _member(make_user, "Reader")
    session = reader.session
    session["_messages"] = "[]"
    session.save()
    reader.get(url)
    assert not pagecache.store.entries


def test_an_author_gets_a_copy_of_their_own_refreshed_by_events(  # type: ignore[no-untyped-def]
    author, make_user, make_problem, django_assert_max_num_queries, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    url = f"/en/problems/{problem.pk}/"
    own = Client(enforce_csrf_checks=True)
    own.force_login(author)
    assert "For the author" in own.get(url).content.decode()
    assert [key for key in pagecache.store.entries if key.startswith(f"member:{author.pk}:") and url in key]
    # Served from the author's copy: the reader's statement and no render queries.
    with django_assert_max_num_queries(4):
        html = own.get(url).content.decode()
    assert "For the author" in html and "dauys-slot" not in html and "dauys-csrf" not in html
    # Nobody else ever gets it.
    assert "For the author" not in _member(make_user, "Reader").get(url).content.decode()
    # Its forms carry the author's own token, and a change to the problem refreshes the copy at once.
    with django_capture_on_commit_callbacks(execute=True):
        response = own.post(f"/en/problems/{problem.pk}/follow/", {"follow": "0", "csrfmiddlewaretoken": _csrf(html)})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        support_set(problem=problem, user=User.objects.get(display_name="Reader"), supported=True)
    assert re.search(r"<strong>1</strong>\s*support\b", own.get(url).content.decode())


def test_a_draft_is_rendered_for_its_author_every_time(  # type: ignore[no-untyped-def]
    client: Client, author, make_problem
) -> None:
    draft = make_problem(publish=False)
    client.force_login(author)
    assert client.get(f"/en/problems/{draft.pk}/").status_code == 200
    assert not pagecache.store.entries


def test_text_that_looks_like_a_marker_is_left_alone(make_user, make_problem) -> None:  # type: ignore[no-untyped-def]
    # Markers carry a secret nonce of the process, and a slot marker typed into a text is escaped or dropped.
    lookalike = "dauys-csrf-" + "0" * 24
    problem = make_problem(
        title=f"{lookalike} in the title", body=f"Before <!--dauys-slot-{slots.NONCE}:unread:--> after"
    )
    reader = _member(make_user, "Reader")
    Notification.objects.create(user=User.objects.get(display_name="Reader"), kind="test")  # a badge to draw
    html = reader.get(f"/en/problems/{problem.pk}/").content.decode()
    assert f"{lookalike} in the title" in html
    prose = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "Before" in prose and "after" in prose and 'class="count"' not in prose


def test_pages_with_a_form_token_or_cookies_are_not_stored(client: Client) -> None:
    client.get("/en/accounts/login/")
    client.cookies["messages"] = "x"
    client.get("/en/places/")
    assert not any("/accounts/" in key or "/places/" in key for key in pagecache.store.entries)


def test_errors_are_not_stored(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.get("/en/places/atlantis/")
    missing = _member(make_user, "Reader").get("/en/places/atlantis/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "dauys-slot" not in html and slots.CSRF_MARK not in html and _csrf(html)  # filled in, not stored
    assert pagecache.store.entries == {}


@pytest.mark.parametrize("kind", ["problem", "place", "authority"])
def test_a_comment_shows_at_once_on_stored_pages_of_what_it_discusses(  # type: ignore[no-untyped-def]
    client: Client, make_user, make_problem, django_capture_on_commit_callbacks, kind
) -> None:
    problem = make_problem()
    ref, url = {
        "problem": (problem.pk, f"/en/problems/{problem.pk}/"),
        "place": ("astana-yesil", "/en/places/astana-yesil/"),
        "authority": ("akimat-astana", URL),
    }[kind]
    reader = _member(make_user, "Reader")
    client.get(url)
    reader.get(url)
    assert any(key.endswith(url) for key in pagecache.store.entries)  # both copies are stored
    # The form of the members' copy carries this reader's own token.
    token = _csrf(reader.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = reader.post(
            f"/en/discussions/{kind}/{ref}/comment/", {"body": "Fresh words", "csrfmiddlewaretoken": token}
        )
    assert response.status_code == 302
    assert "Fresh words" in client.get(url).content.decode()
    assert "Fresh words" in reader.get(url).content.decode()


def test_a_guest_s_discussion_page_is_stored_and_still_shows_changes_at_once(  # type: ignore[no-untyped-def]
    client: Client, make_user, make_problem, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    """The guests' form carries a token and a challenge of each visitor's own, filled into the stored copy; a
    comment event bumps the discussion's tag and the next visitor gets a fresh render."""
    from dauys.discussions import services as discussions
    from dauys.discussions.models import Moderator

    problem = make_problem()
    writer = make_user("Writer")
    moderator = make_user("Moderator")
    Moderator.objects.create(user=moderator)
    target = f"problem:{problem.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        discussions.comment_post(target_key=target, body="First words", author=writer)
    url = f"/en/discussions/problem/{problem.pk}/"
    assert "First words" in client.get(url).content.decode()
    assert any(key.endswith(url) for key in pagecache.store.entries)
    with django_assert_num_queries(0):
        assert "First words" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = discussions.comment_post(target_key=target, body="Second words", author=writer)
    assert "Second words" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.comment_hide(comment=second, moderator=moderator, rule="spam")
    html = client.get(url).content.decode()
    assert "Second words" not in html and "Hidden by the moderators" in html and "First words" in html


def _guest_form(html: str) -> dict[str, str]:
    found = re.search(
        r'name="challenge" value="([^"]+)" data-salt="([^"]+)" data-hash="([^"]+)" data-max="(\d+)"', html
    )
    assert found, "the page has no challenge"
    return {"token": found.group(1), "salt": found.group(2), "hash": found.group(3), "csrf": _csrf(html)}


def test_each_visitor_of_a_stored_guest_form_gets_a_token_and_a_challenge_of_their_own(make_problem) -> None:  # type: ignore[no-untyped-def]
    from django.middleware.csrf import _unmask_cipher_token

    url = f"/en/discussions/problem/{make_problem().pk}/"
    first, second = Client(), Client()
    one = first.get(url)
    two = second.get(url)  # from the stored copy
    assert any(key.endswith(url) for key in pagecache.store.entries)
    forms = [_guest_form(r.content.decode()) for r in (one, two)]
    for response in (one, two):
        html = response.content.decode()
        assert slots.NONCE not in html and slots.CSRF_MARK not in html  # every marker filled in
        assert re.search(r"What is \w+ plus \w+\? Write the answer in digits\.", html)
        assert int(response.headers["Content-Length"]) == len(response.content)
    assert forms[0]["token"] != forms[1]["token"] and forms[0]["salt"] != forms[1]["salt"]
    # A visitor without a cookie is given one, as Django would, and the form's token goes with it.
    for client, form in zip((first, second), forms, strict=True):
        secret = client.cookies["csrftoken"].value
        assert _unmask_cipher_token(form["csrf"]) == secret
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # A visitor who has a cookie keeps it: the stored copy's token is made from it, and its expiry is renewed.
    again = first.get(url)
    assert _unmask_cipher_token(_guest_form(again.content.decode())["csrf"]) == first.cookies["csrftoken"].value
    assert again.cookies["csrftoken"].value == first.cookies["csrftoken"].value


def test_a_guest_comments_with_the_form_of_a_stored_page_and_its_proof_is_used_once(make_problem) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from dauys.discussions.models import Comment

    problem = make_problem()
    url = f"/en/discussions/problem/{problem.pk}/"
    Client().get(url)  # stores the page
    guest = Client(enforce_csrf_checks=True)
    form = _guest_form(guest.get(url).content.decode())
    solution = next(
        str(n) for n in range(60_000) if hashlib.sha256(f"{form['salt']}{n}".encode()).hexdigest() == form["hash"]
    )
    data = {
        "name": "Guest",
        "email": "guest@example.org",
        "body": "From a stored page",
        "challenge": form["token"],
        "solution": solution,
        "csrfmiddlewaretoken": form["csrf"],
    }
    sent = guest.post(f"/en/discussions/problem/{problem.pk}/comment/", data)
    assert sent.status_code == 200 and "Check your e-mail" in sent.content.decode()
    assert Comment.objects.filter(body="From a stored page").count() == 1
    replay = guest.post(f"/en/discussions/problem/{problem.pk}/comment/", data)
    assert replay.status_code == 400 and "This form was sent already" in replay.content.decode()


def test_a_stored_guest_form_asks_its_question_in_the_page_s_language(make_problem) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    url = f"/kk/discussions/problem/{make_problem().pk}/"
    Client().get(url)
    with translation.override("kk"):
        asked = translation.gettext("What is %(a)s plus %(b)s? Write the answer in digits.").split("%(b)s")[-1]
    assert asked and "What is" not in asked  # Kazakh has its own words for it
    translation.activate("en")  # what the serving thread happened to speak before: not the page's language
    try:
        html = Client().get(url).content.decode()
    finally:
        translation.deactivate()
    assert asked.strip() in html and "What is" not in html


def test_an_author_never_gets_the_copy_another_reader_left(  # type: ignore[no-untyped-def]
    client: Client, author, make_user, make_problem
) -> None:
    problem = make_problem()
    url = f"/en/problems/{problem.pk}/"
    assert "For the author" not in _member(make_user, "Reader").get(url).content.decode()
    assert any(key.startswith("member:") and url in key for key in pagecache.store.entries)
    client.force_login(author)
    assert "For the author" in client.get(url).content.decode()
    assert "For the author" in client.get(url).content.decode()  # and again: from the author's own copy
