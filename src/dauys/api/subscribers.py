"""The API's reactions to domain events (imported at start-up by dauys.core)."""

from dauys.accounts.events import AccountDeleted, ApiTokenRevoked
from dauys.api import auth
from dauys.core.events import subscriber


@subscriber(AccountDeleted)
def forget_tokens_of_deleted_account(event: AccountDeleted) -> None:
    """The deleting process forgets at once; other processes within auth.TOKEN_CACHE_SECONDS."""
    auth.forget_user(event.user_id)


@subscriber(ApiTokenRevoked)
def forget_revoked_token(event: ApiTokenRevoked) -> None:
    """A revoked token stops working at once in this process and within auth.TOKEN_CACHE_SECONDS in others."""
    auth.forget_user(event.user_id)
