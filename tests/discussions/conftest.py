from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from django.core import signing

from dauys.discussions import challenge


def solve(token: str) -> str:
    """Do what the browser's script does: find n with SHA-256(salt + n) = hash."""
    data = signing.loads(token, salt=challenge.SALT)
    for n in range(challenge.MAX_NUMBER):
        if hashlib.sha256(f"{data['s']}{n}".encode()).hexdigest() == data["h"]:
            return str(n)
    raise AssertionError("no solution")


@pytest.fixture
def proof() -> Callable[[], dict[str, str]]:
    """A fresh solved challenge for a guest's form: {"challenge": token, "solution": n}."""

    def make() -> dict[str, str]:
        token = challenge.issue().token
        return {"challenge": token, "solution": solve(token)}

    return make
