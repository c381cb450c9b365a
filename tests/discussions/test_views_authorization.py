"""Who may do what with a comment: guest, author, another account, moderator, admin × every comment action.

CSRF is enforced on every form (the clients check it): each POST carries the token a real form would.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dauys.accounts.models import User
from dauys.discussions import services
from dauys.discussions.models import Comment, Moderator

pytestmark = pytest.mark.django_db
ROLES = ["guest", "author", "other", "moderator", "admin"]
LOGIN = "login"  # a redirect to the log-in page

# action: (method, path, data, needs a hidden comment, expected per role)
MATRIX = {
    "read": ("get", "/en/comments/{pk}/", {}, False, [200, 200, 200, 200, 200]),
    "history": ("get", "/en/comments/{pk}/history/", {}, False, [200, 200, 200, 200, 200]),
    "log": ("get", "/en/moderation/log/", {}, False, [200, 200, 200, 200, 200]),
    "reply": (
        "post",
        "/en/discussions/problem/{problem}/comment/",
        {"body": "A reply", "parent": "{pk}"},
        False,
        [200, 302, 302, 302, 302],
    ),
    "edit": ("post", "/en/comments/{pk}/edit/", {"body": "Changed"}, False, [LOGIN, 302, 403, 403, 403]),
    "delete": ("post", "/en/comments/{pk}/delete/", {}, False, [LOGIN, 302, 403, 403, 403]),
    "flag": ("post", "/en/comments/{pk}/flag/", {"rule": "spam"}, False, [LOGIN, 400, 200, 200, 200]),
    "hide": (
        "post",
        "/en/moderation/comments/{pk}/",
        {"action": "hide", "rule": "abuse"},
        False,
        [LOGIN, 403, 403, 302, 302],
    ),
    "dismiss": ("post", "/en/moderation/comments/{pk}/", {"action": "dismiss"}, False, [LOGIN, 403, 403, 302, 302]),
    "lock": ("post", "/en/moderation/comments/{pk}/", {"action": "lock"}, False, [LOGIN, 403, 403, 302, 302]),
    "suspend": (
        "post",
        "/en/moderation/comments/{pk}/suspend/",
        {"days": "3", "rule": "spam"},
        False,
        [LOGIN, 403, 403, 302, 302],
    ),
    "queue": ("get", "/en/moderation/", {}, False, [LOGIN, 403, 403, 200, 200]),
    "restore": ("post", "/en/moderation/comments/{pk}/", {"action": "restore"}, True, [LOGIN, 403, 403, 302, 302]),
    "appeal": ("post", "/en/comments/{pk}/appeal/", {"text": "Please"}, True, [LOGIN, 302, 403, 403, 403]),
}


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    author, other, moderator, admin = (make_user(n) for n in ("Writer", "Other", "Moderator", "Admin"))
    Moderator.objects.create(user=moderator)
    User.objects.filter(pk=admin.pk).update(is_staff=True)
    return {"author": author, "other": other, "moderator": moderator, "admin": User.objects.get(pk=admin.pk)}


def _client(role: str, people) -> Client:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    if role != "guest":
        client.force_login(people[role])
    return client


def _token(client: Client) -> str:
    html = client.get("/en/moderation/log/").content.decode()  # any page; the log has no form, so use a form page
    html = client.get("/en/accounts/login/").content.decode() if "csrfmiddlewaretoken" not in html else html
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(action, role, people, make_problem, proof) -> None:  # type: ignore[no-untyped-def]
    method, path, data, hidden, expected = MATRIX[action]
    problem = make_problem()
    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Original", author=people["author"])
    if hidden:
        services.comment_hide(comment=comment, moderator=people["admin"], rule="spam")
    client = _client(role, people)
    url = path.format(pk=comment.pk, problem=problem.pk)
    if method == "get":
        response = client.get(url)
    else:
        body = {k: v.format(pk=comment.pk) for k, v in data.items()}
        if role == "guest" and action == "reply":
            body.update(name="Guest", email="guest@example.org", **proof())
        # Without the token every form is refused.
        assert client.post(url, body).status_code == 403
        response = client.post(url, {**body, "csrfmiddlewaretoken": _token(client)})
    want = expected[ROLES.index(role)]
    if want == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"], response.status_code
    else:
        assert response.status_code == want, (response.status_code, response.content.decode()[:300])
    comment.refresh_from_db()
    if action in ("edit", "delete") and want == 403:
        assert comment.body == "Original" and comment.status == Comment.Status.PUBLISHED
    if action == "hide" and want != 302:
        assert comment.status == Comment.Status.PUBLISHED
