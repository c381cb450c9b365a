"""Every write of public control. Each function runs in one transaction and emits exactly one domain event."""

from dauys.problems.services.answers import answer_judge, answer_record, fix_answer
from dauys.problems.services.appeals import (
    appeal_create,
    appeal_escalate,
    appeal_extend,
    appeal_mark_sent,
    appeal_open,
)
from dauys.problems.services.inbox import appeal_assign, appeal_note_registration, appeal_work_started
from dauys.problems.services.problems import (
    ProblemInput,
    problem_draft,
    problem_edit,
    problem_file,
    problem_publish,
    problem_set_status,
)
from dauys.problems.services.replies import appeal_reply_received, appeal_reply_settled
from dauys.problems.services.routing import routing_rule_delete, routing_rule_save
from dauys.problems.services.scans import scan_set_visibility
from dauys.problems.services.supports import support_set

__all__ = [
    "ProblemInput",
    "answer_judge",
    "answer_record",
    "appeal_assign",
    "appeal_create",
    "appeal_escalate",
    "appeal_extend",
    "appeal_mark_sent",
    "appeal_note_registration",
    "appeal_open",
    "appeal_reply_received",
    "appeal_reply_settled",
    "appeal_work_started",
    "fix_answer",
    "problem_draft",
    "problem_edit",
    "problem_file",
    "problem_publish",
    "problem_set_status",
    "routing_rule_delete",
    "routing_rule_save",
    "scan_set_visibility",
    "support_set",
]
