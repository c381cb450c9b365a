"""The answer form's reading of an answer (``answer_arguments``), shared by the three views that record one: what
the form has, as ``answer_record`` takes it, and nothing a body's form leaves out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dauys.authorities.models import Authority
from dauys.problems import services
from dauys.problems.forms import AnswerForm, answer_arguments
from dauys.problems.models import Answer, Scan

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


def test_the_answer_a_form_describes_is_the_one_recorded(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    form = AnswerForm(
        {
            "kind": "promise",
            "text": "The lamps will be replaced by the end of June.",
            "received_on": "2026-06-08",
            "promise_due_on": "2026-06-30",
            "scans_visibility": "public",
        }
    )
    assert form.is_valid(), form.errors
    arguments = answer_arguments(form)
    assert arguments == {
        "kind": "promise",
        "text": "The lamps will be replaced by the end of June.",
        "received_on": date(2026, 6, 8),
        "promise_due_on": date(2026, 6, 30),
        "refusal_reason": "",
        "redirect_to": None,
        "scans": [],
        "scans_visibility": Scan.Visibility.PUBLIC,
    }
    appeal = recorded_appeal(TODAY - timedelta(days=5))
    answer = services.answer_record(appeal=appeal, actor=appeal.of_problem.author, **arguments)
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.kind, stored.received_on, stored.promise_due_on) == ("promise", date(2026, 6, 8), date(2026, 6, 30))


def test_a_bodys_form_gives_no_date_visibility_or_redirect() -> None:
    """Its view sets the day and the visibility itself; whatever a client sends for them does not get through."""
    elsewhere = Authority.objects.get(slug="akimat-almaty-almaly")
    form = AnswerForm(
        {
            "kind": "refusal",
            "text": "Not ours to repair.",
            "refusal_reason": "The lamps belong to the railway.",
            "received_on": "2026-01-01",
            "redirect_to": elsewhere.slug,
            "scans_visibility": "public",
        },
        for_body=True,
    )
    assert form.is_valid(), form.errors
    assert answer_arguments(form) == {
        "kind": "refusal",
        "text": "Not ours to repair.",
        "promise_due_on": None,
        "refusal_reason": "The lamps belong to the railway.",
        "scans": [],
    }
