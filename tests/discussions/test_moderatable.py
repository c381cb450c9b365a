"""Moderation of any app's objects (discussions.moderatable): a kind registered as another app would (a "note")
is flagged, listed for the moderators, hidden, restored and its flags dismissed, each act in the public log."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.test import Client

from dauys.core.events import Event, emit, record_events
from dauys.discussions import moderatable, selectors, services
from dauys.discussions.models import Flag, ModerationAction, Moderator
from tests.conftest import tables_of

pytestmark = pytest.mark.django_db


class Note(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=200)
    hidden = models.BooleanField(default=False)
    held = models.BooleanField(default=False)  # waiting for a moderator (pre-moderation)

    class Meta:
        app_label = "moderatable_test"

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"/en/notes/{self.pk}/"


@dataclasses.dataclass(frozen=True, kw_only=True)
class NoteShown(Event):
    name = "moderatable_test.note_shown"
    note_id: int
    shown: bool
    action_id: int


def _set(note: Note, action: ModerationAction, *, shown: bool) -> None:
    note.hidden, note.held = not shown, False
    note.save(update_fields=["hidden", "held"])
    emit(NoteShown(note_id=note.pk, shown=shown, action_id=action.pk))


NOTE = moderatable.Kind(
    "note",
    find=lambda refs, lock: {str(n.pk): n for n in Note.objects.filter(pk__in=moderatable.digits(refs))},
    author_id=lambda note: note.author_id,
    state=lambda note: moderatable.HIDDEN if note.hidden else moderatable.HELD if note.held else moderatable.SHOWN,
    hide=lambda note, action: _set(note, action, shown=False),
    restore=lambda note, action: _set(note, action, shown=True),
    held=lambda limit: Note.objects.filter(held=True, hidden=False).order_by("pk")[:limit],
    approve=lambda note, action: _set(note, action, shown=True),
    phrases={"hide": "hid a note", "restore": "restored a note"},
)


@pytest.fixture(scope="module")
def notes(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The notes' table, and their kind registered, for this module's tests only."""
    with tables_of(django_db_blocker, Note):
        moderatable.moderatable(NOTE)
        try:
            yield
        finally:
            moderatable.kinds.remove("note")


def test_an_apps_object_is_flagged_listed_hidden_and_restored(notes, make_user) -> None:  # type: ignore[no-untyped-def]
    writer, reader, mod, other_mod = (make_user(n) for n in ("Writer", "Reader", "Mod", "Mod2"))
    Moderator.objects.create(user=mod)
    Moderator.objects.create(user=other_mod)
    note = Note.objects.create(author=writer, text="Buy followers at example.com")
    key = f"note:{note.pk}"
    with record_events() as seen:
        services.flag(target=key, user=reader, rule="spam")
    assert [(e.name, e.target) for e in seen] == [("moderation.flagged", key)]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="already"):
        services.flag(target=key, user=reader, rule="spam")
    with pytest.raises(ValidationError, match="wrote yourself"):
        services.flag(target=key, user=writer, rule="spam")  # "You cannot flag what you wrote yourself"

    client = Client()
    client.force_login(mod)
    queue = client.get("/en/moderation/").content.decode()
    assert "Other flagged items" in queue and f'href="/en/notes/{note.pk}/"' in queue and 'value="' + key in queue
    assert client.post("/en/moderation/objects/", {"target": key, "action": "bogus"}).status_code == 400
    with record_events() as seen:
        response = client.post("/en/moderation/objects/", {"target": key, "action": "hide", "rule": "spam"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.hidden and not Flag.objects.filter(target=key, resolved_at__isnull=True).exists()
    assert [e.name for e in seen] == ["moderatable_test.note_shown"]
    logged = ModerationAction.objects.get(object_kind="note", object_id=note.pk)
    assert (logged.action, logged.rule, logged.moderator_id) == ("hide", "spam", mod.pk)

    services.restore(target=key, moderator=other_mod)
    note.refresh_from_db()
    assert not note.hidden
    with pytest.raises(ValidationError, match="hidden"):
        services.restore(target=key, moderator=other_mod)
    services.flag(target=key, user=other_mod, rule="abuse")
    assert services.flags_dismiss_of(target=key, moderator=mod) == 1
    assert list(ModerationAction.objects.filter(object_kind="note").values_list("action", flat=True)) == [
        "dismiss",
        "restore",
        "hide",
    ]


def test_moderators_do_not_decide_their_own_and_unknown_keys_are_refused(notes, make_user) -> None:  # type: ignore[no-untyped-def]
    mod = make_user("Mod")
    Moderator.objects.create(user=mod)
    own = Note.objects.create(author=mod, text="Mine", hidden=True)
    with pytest.raises(PermissionDenied):
        services.restore(target=f"note:{own.pk}", moderator=mod)
    with pytest.raises(PermissionDenied):
        services.hide(target=f"note:{own.pk}", moderator=make_user("Not a moderator"), rule="spam")
    for bad in ("note:999999", "note:x", "poster:1", "note", ""):
        with pytest.raises(ValidationError, match="nothing here to moderate"):
            services.hide(target=bad, moderator=mod, rule="spam")


def test_the_queue_finds_an_apps_flagged_objects_in_one_query_however_many(notes, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dauys.discussions.selectors import moderation_queue

    writer, readers = make_user("Writer"), [make_user(f"Reader {i}") for i in range(3)]

    def flagged(count: int) -> tuple[int, list[str]]:
        for i in range(count):
            note = Note.objects.create(author=writer, text=f"Flag me {i}")
            for reader in readers[: 1 + i % 3]:
                services.flag(target=f"note:{note.pk}", user=reader, rule="spam")
        with CaptureQueriesContext(connection) as queries:
            queue = moderation_queue()
        return len(queries), [item["title"] for item in queue["others"]]

    few, titles = flagged(2)
    many, titles = flagged(20)
    assert many == few and len(titles) == 22
    assert titles[:2] == ["Flag me 2", "Flag me 5"]  # the most flagged first, then the oldest


def test_pre_moderation_appeals_and_the_log_work_for_an_apps_kind(notes, make_user) -> None:  # type: ignore[no-untyped-def]
    writer, reader, mod, other_mod = (make_user(n) for n in ("Writer", "Reader", "Mod", "Mod2"))
    for moderator in (mod, other_mod):
        Moderator.objects.create(user=moderator)
    held = Note.objects.create(author=writer, text="My first note, held", held=True)
    moderators = Client()
    moderators.force_login(mod)
    queue = moderators.get("/en/moderation/").content.decode()
    assert "Other items held for approval" in queue and "My first note, held" in queue
    with record_events() as seen:
        response = moderators.post("/en/moderation/objects/", {"target": f"note:{held.pk}", "action": "approve"})
    assert response.status_code == 302 and [e.name for e in seen] == ["moderatable_test.note_shown"]
    held.refresh_from_db()
    assert not held.held and not held.hidden
    with pytest.raises(ValidationError, match="Only what is held"):
        services.approve(target=f"note:{held.pk}", moderator=mod)

    # A reader flags it on the page its app links to; a moderator hides it; its author appeals there.
    readers = Client()
    readers.force_login(reader)
    url = f"/en/moderation/flag/note/{held.pk}/"
    assert 'name="rule"' in readers.get(url).content.decode()
    assert readers.post(url, {}).status_code == 400  # no rule chosen: said, nothing written
    assert readers.post(url, {"rule": "spam"}).status_code == 200
    assert Flag.objects.filter(target=f"note:{held.pk}", user=reader).exists()
    again = readers.post(url, {"rule": "spam"})
    assert again.status_code == 400 and "You have flagged this already" in again.content.decode()
    services.hide(target=f"note:{held.pk}", moderator=mod, rule="spam")
    assert readers.get(url).status_code == 404  # hidden: nothing to flag
    writers = Client()
    writers.force_login(writer)
    appeal_url = f"/en/moderation/appeal/note/{held.pk}/"
    assert readers.get(appeal_url).status_code == 404  # only its author appeals
    too_long = writers.post(appeal_url, {"text": "x" * 2001})
    assert too_long.status_code == 400 and "x" * 2001 in too_long.content.decode()  # the text is kept
    assert writers.post(appeal_url, {"text": "It was a real note."}).status_code == 302
    assert "You appealed this removal" in writers.get(appeal_url).content.decode()

    queue = Client()
    queue.force_login(other_mod)
    page = queue.get("/en/moderation/").content.decode()
    assert "It was a real note." in page and f'href="/en/notes/{held.pk}/"' in page
    appeal = selectors.moderation_queue()["appeals"][0]
    with pytest.raises(PermissionDenied):
        services.removal_appeal_decide(appeal=appeal, moderator=mod, restore=True)  # mod hid it
    with record_events() as seen:
        assert queue.post(f"/en/moderation/appeals/{appeal.pk}/", {"decision": "restore"}).status_code == 302
    assert [e.name for e in seen] == ["moderatable_test.note_shown"]
    appeal.refresh_from_db()
    assert appeal.outcome == "restored" and appeal.decided_by_id == other_mod.pk

    log = Client().get("/en/moderation/log/").content.decode()
    assert "Restored a note" in log and "Hid a note" in log and "Approved a held item" in log
    assert f'href="/en/notes/{held.pk}/"' in log  # shown again: linked
