"""Personal details sealed at rest: a database dump or backup alone does not reveal them.

The key is derived from the instance's secret key (``SECRET_KEY``, kept in the data directory or the environment,
not in the database), for this one purpose. Changing the secret key makes what was sealed unreadable: it then
reads as absent, and the person is asked for it again.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@cache
def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"dauys: sealed personal details/1").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: dict[str, Any]) -> str:
    return _fernet(settings.SECRET_KEY).encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, Any] | None:
    """What ``seal`` sealed, or None if it was sealed under another secret key or is damaged."""
    try:
        data = json.loads(_fernet(settings.SECRET_KEY).decrypt(token.encode()))
    except (InvalidToken, ValueError):
        return None
    return data if isinstance(data, dict) else None
