"""Every write of discussions and moderation: in a transaction, emitting one domain event.

Validation errors carry translated messages for the forms and the API; nothing is written when one is raised.
One module per part: ``comments`` (posting, confirming, editing, deleting, flagging), ``moderation`` (in public),
``rules`` (what every write checks) and ``sql`` (the statements of the comment path, in one place).
"""

from dauys.discussions.services.comments import (
    Confirmed,
    comment_confirm,
    comment_delete,
    comment_edit,
    comment_post,
    translation_language,
)
from dauys.discussions.services.moderation import (
    account_suspend,
    appeal_removal,
    approve,
    comment_approve,
    comment_flag,
    comment_hide,
    comment_restore,
    flag,
    flags_dismiss,
    flags_dismiss_of,
    hide,
    removal_appeal,
    removal_appeal_decide,
    restore,
    thread_lock,
)
from dauys.discussions.services.rules import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    EDIT_GRACE,
    LOCKED,
    MAX_LENGTH,
    MAX_NAME,
    Guest,
    guest_hash,
    is_moderator,
    suspended_until,
)

__all__ = [
    "CONFIRM_MAX_AGE",
    "CONFIRM_SALT",
    "EDIT_GRACE",
    "LOCKED",
    "MAX_LENGTH",
    "MAX_NAME",
    "Confirmed",
    "Guest",
    "account_suspend",
    "appeal_removal",
    "approve",
    "comment_approve",
    "comment_confirm",
    "comment_delete",
    "comment_edit",
    "comment_flag",
    "comment_hide",
    "comment_post",
    "comment_restore",
    "flag",
    "flags_dismiss",
    "flags_dismiss_of",
    "guest_hash",
    "hide",
    "is_moderator",
    "removal_appeal",
    "removal_appeal_decide",
    "restore",
    "suspended_until",
    "thread_lock",
    "translation_language",
]
