"""Random histories of problems and appeals keep the invariants (hypothesis state machine).

Invariants: a deadline is never before its registration; supports_count equals the rows; every status change of
a problem or an appeal is one the transition tables allow (no way out of a final state except the documented
reopenings); the stored deadline never moves once set, except by a lawful extension.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from dauys.authorities.models import Authority
from dauys.places.models import Place
from dauys.problems import services, states
from dauys.problems.models import Answer, Appeal, Category, Problem, Support
from dauys.problems.monitoring import monitor

pytestmark = pytest.mark.django_db
START = datetime(2026, 1, 12, 10, tzinfo=ZoneInfo("Asia/Almaty"))


class PublicControl(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        from dauys.accounts.models import User

        n = User.objects.count()
        self.users = [User.objects.create(username=f"sm{n}-{i}", display_name=f"sm{n}-{i}") for i in range(4)]
        self.author = self.users[0]
        problem = services.problem_draft(
            author=self.author,
            data=services.ProblemInput(
                title="Broken street lights",
                body="No light on the whole street.",
                category=Category.objects.get(slug="other"),
                place=Place.objects.get(code="KZ-71-yesil"),
            ),
        )
        self.problem = services.problem_publish(problem=problem, actor=self.author)
        self.akimat = Authority.objects.get(slug="akimat-astana-yesil")
        self.seen_problem_status = self.problem.status
        self.seen_appeals: dict[int, tuple[str, date | None, date | None]] = {}

    def teardown(self) -> None:
        self.traveller.stop()

    def today(self) -> date:
        from django.utils import timezone

        return timezone.localdate()

    def try_(self, fn, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # Refused input is fine; the invariants check that nothing half-happened.
        with contextlib.suppress(ValidationError, PermissionDenied, states.TransitionError):
            fn(**kwargs)

    @rule()
    def record_appeal(self) -> None:
        self.try_(
            services.appeal_create,
            problem=self.problem,
            authority=self.akimat,
            actor=self.author,
            delivery="recorded",
            registration_number="N-1",
            registered_on=self.today(),
        )

    @rule(days=st.integers(min_value=1, max_value=40))
    def time_passes(self, days: int) -> None:
        self.clock.shift(timedelta(days=days))
        monitor()

    @rule(kind=st.sampled_from(Answer.Kind.values), by=st.integers(0, 3))
    def answer(self, kind: str, by: int) -> None:
        appeal = Appeal.objects.filter(problem=self.problem).order_by("-pk").first()
        if appeal is None:
            return
        extra = {}
        if kind == "promise":
            extra["promise_due_on"] = self.today() + timedelta(days=20)
        if kind == "redirect":
            extra["redirect_to"] = Authority.objects.get(slug="ministry-of-transport")
        self.try_(
            services.answer_record,
            appeal=appeal,
            actor=self.users[by],
            kind=kind,
            text="Answer text",
            received_on=self.today(),
            **extra,
        )

    @rule(days=st.integers(min_value=1, max_value=70))
    def extend(self, days: int) -> None:
        appeal = Appeal.objects.filter(problem=self.problem).order_by("-pk").first()
        if appeal and appeal.deadline:
            self.try_(
                services.appeal_extend, appeal=appeal, actor=self.author, until=appeal.deadline + timedelta(days=days)
            )

    @rule()
    def escalate(self) -> None:
        appeal = Appeal.objects.filter(problem=self.problem).order_by("-pk").first()
        if appeal:
            self.try_(
                services.appeal_escalate,
                appeal=appeal,
                actor=self.author,
                registration_number="C-1",
                registered_on=self.today(),
            )

    @rule(who=st.integers(0, 3), on=st.booleans())
    def support(self, who: int, on: bool) -> None:
        self.try_(services.support_set, problem=self.problem, user=self.users[who], supported=on)

    @rule(status=st.sampled_from(["resolved", "withdrawn", "open", "unresolved"]), who=st.integers(0, 3))
    def change_status(self, status: str, who: int) -> None:
        self.try_(
            services.problem_set_status, problem=self.problem, actor=self.users[who], status=status, reason="seen today"
        )

    @invariant()
    def supports_are_counted_exactly(self) -> None:
        problem = Problem.objects.get(pk=self.problem.pk)
        assert problem.supports_count == Support.objects.filter(problem=problem).count()

    @invariant()
    def problem_transitions_are_allowed(self) -> None:
        status = Problem.objects.values_list("status", flat=True).get(pk=self.problem.pk)
        if status != self.seen_problem_status:
            assert status in states.PROBLEM_TRANSITIONS[self.seen_problem_status]
            self.seen_problem_status = status

    @invariant()
    def appeals_keep_their_clock(self) -> None:
        for appeal in Appeal.objects.filter(problem=self.problem):
            if appeal.deadline is not None:
                assert appeal.registered_on is not None and appeal.deadline >= appeal.registered_on
            if appeal.extended_until is not None:
                assert appeal.extended_until > appeal.deadline
            before = self.seen_appeals.get(appeal.pk)
            if before is not None:
                old_status, old_deadline, _old_ext = before
                if appeal.status != old_status:
                    assert appeal.status in states.APPEAL_TRANSITIONS[old_status], (old_status, appeal.status)
                assert appeal.deadline == old_deadline
            self.seen_appeals[appeal.pk] = (appeal.status, appeal.deadline, appeal.extended_until)


def test_random_histories_keep_the_invariants() -> None:
    run_state_machine_as_test(
        PublicControl,
        settings=settings(
            max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
