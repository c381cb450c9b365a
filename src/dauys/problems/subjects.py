"""What an appeal may be about: its subject's kinds, registered by the apps that own them.

An appeal (``problems.models.Appeal``) runs the legal clock of public control over whatever it is about: a
problem today, a petition that reached its goal or a consultation's report next. Each kind of subject is
registered here by its own app, in its ``appeal_subjects`` module (``core.seams``)::

    subjects.register(SubjectKind(
        "petition", model=Petition,
        title=lambda p: p.title, url=lambda p: p.get_absolute_url(),
        author=lambda p: p.organiser, place=lambda p: p.place,
        public=lambda p: (f"petitions/{p.pk}", {"title": p.title, "text": p.text}),
    ))

and an appeal about one is stored as ``subject_kind="petition"`` with ``subject_id``. A problem, the first kind,
keeps its typed foreign key (``Appeal.problem``: the joins of public control at scale run on it), so an appeal
about a problem has ``subject_kind="problem"``, its ``problem`` set and no ``subject_id``; a database constraint
holds the two shapes apart. Public control never imports the app of a subject; the app imports public control.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from dauys.core.seams import Registry

PROBLEM = "problem"


@dataclass(frozen=True)
class SubjectKind:
    """A kind of thing an appeal may be about, and how public control reads one."""

    name: str  # stored in Appeal.subject_kind and in keys ("petition:12"): short, stable, lower case
    model: type[models.Model]
    title: Callable[[Any], str]  # what the appeal is about, in a line
    url: Callable[[Any], str]  # its public page
    author: Callable[[Any], Any]  # the account that speaks for it (the person the law calls the applicant)
    place: Callable[[Any], Any]  # the place it concerns (places.Place), for scorecards by place
    # Its API path and its public content now, for the public log's leaves of its appeals ("petitions/3", {...});
    # None while it is not public.
    public: Callable[[Any], tuple[str, dict[str, Any]] | None]

    def get(self, pk: int) -> Any:
        """The subject with this id (the model's ``DoesNotExist`` if there is none)."""
        return self.model._default_manager.get(pk=pk)


subjects: Registry[SubjectKind] = Registry("kind of appeal subject")


def register(kind: SubjectKind) -> SubjectKind:
    return subjects.add(kind.name, kind)
