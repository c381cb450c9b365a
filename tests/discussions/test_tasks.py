"""Background work of discussions: the guest's confirmation e-mail is plain text, written as the guest wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from dauys.discussions.models import Comment, Thread
from dauys.discussions.tasks import send_confirmation

pytestmark = pytest.mark.django_db


def test_the_confirmation_is_plain_text_not_html_escaped(make_problem) -> None:  # type: ignore[no-untyped-def]
    thread = Thread.objects.create(target=f"problem:{make_problem().pk}")
    comment = Comment.objects.create(
        thread=thread,
        body="Same here",
        status=Comment.Status.UNCONFIRMED,
        guest_name="Aigerim O'Neil & <Co>",
        guest_email="aigerim@example.org",
    )
    send_confirmation(comment.pk, "token-1", "en")
    body = mail.outbox[-1].body
    assert "Hello Aigerim O'Neil & <Co>," in body and "&amp;" not in body and "&#x27;" not in body
    assert "/en/comments/confirm/token-1/" in body


def test_every_plain_text_template_turns_autoescape_off() -> None:
    """Text templates are e-mail (or subjects): HTML escaping there shows "&amp;" to the reader."""
    source = Path(__file__).parents[2] / "src" / "dauys"
    text_templates = list(source.glob("*/templates/**/*.txt"))
    assert text_templates
    for template in text_templates:
        assert "{% autoescape off %}" in template.read_text(), template.relative_to(source)
