"""The guests' challenge: proof of work with JavaScript, a question without; each proof used once."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dauys.discussions import challenge
from dauys.discussions.models import Comment

pytestmark = pytest.mark.django_db
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _form(client: Client, problem) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    html = client.get(f"/en/discussions/problem/{problem.pk}/").content.decode()
    token = re.search(r'name="challenge" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    question = re.search(r"What is (\w+) plus (\w+)\? Write the answer in digits\.", html)
    assert question, "the question is on the page for readers without JavaScript"
    return token, str(WORDS[question.group(1)] + WORDS[question.group(2)])


def _send(client: Client, problem, **proof: str):  # type: ignore[no-untyped-def]
    data = {"name": "Guest", "email": "guest@example.org", "body": "Hello", **proof}
    return client.post(f"/en/discussions/problem/{problem.pk}/comment/", data)


def test_without_a_proof_the_guest_is_asked_to_answer(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client = Client()
    token, _answer = _form(client, problem)
    response = _send(client, problem, challenge=token)
    assert response.status_code == 400
    assert "Answer the question above the button" in response.content.decode()
    wrong = _send(client, problem, challenge=token, answer="99")
    assert wrong.status_code == 400 and "That is not the right answer" in wrong.content.decode()
    assert not Comment.objects.exists()


def test_the_answer_to_the_question_is_accepted_once(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client = Client()
    token, answer = _form(client, problem)
    assert _send(client, problem, challenge=token, answer=answer).status_code == 200
    assert Comment.objects.count() == 1
    replay = _send(client, problem, challenge=token, answer=answer)
    assert replay.status_code == 400 and "This form was sent already" in replay.content.decode()
    assert Comment.objects.count() == 1


def test_the_proof_of_work_is_accepted_and_a_forged_one_is_not(make_problem) -> None:  # type: ignore[no-untyped-def]
    from tests.discussions.conftest import solve

    problem = make_problem()
    client = Client()
    token, _answer = _form(client, problem)
    wrong = str((int(solve(token)) + 1) % challenge.MAX_NUMBER)
    assert _send(client, problem, challenge=token, solution=wrong).status_code == 400
    # Any attempt uses a challenge up, so a script cannot keep guessing with one token.
    again = _send(client, problem, challenge=token, solution=solve(token))
    assert again.status_code == 400 and "This form was sent already" in again.content.decode()
    token, _answer = _form(client, problem)
    assert _send(client, problem, challenge=token, solution=solve(token)).status_code == 200
    for odd in ("²", "9" * 5000, "-1", " 12"):
        token, _answer = _form(client, problem)
        assert _send(client, problem, challenge=token, solution=odd).status_code == 400
    forged = _send(client, problem, challenge=token[:-3] + "abc", solution="1")
    assert forged.status_code == 400 and "The form is too old" in forged.content.decode()


def test_a_returned_form_carries_a_new_challenge(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client = Client()
    token, answer = _form(client, problem)
    response = client.post(
        f"/en/discussions/problem/{problem.pk}/comment/",
        {"name": "", "email": "g@example.org", "body": "x", "challenge": token, "answer": answer},
    )
    html = response.content.decode()
    assert response.status_code == 400 and token not in html
    # The proof was not used by the form with a mistake: it still works once.
    assert _send(client, problem, challenge=token, answer=answer).status_code == 200
