"""A challenge for guests, instead of a third-party captcha: proof of work with JavaScript, a question without.

With JavaScript, the browser finds the number ``n`` below ``MAX_NUMBER`` for which ``SHA-256(salt + n)`` is the
given hash (as ALTCHA does): a fraction of a second for one comment, a real cost for a script posting thousands.
Without JavaScript (or where the browser has no Web Crypto: plain http other than localhost), the form asks a
simple sum written in words. Either proof is accepted once: a used challenge is remembered until it expires.

The challenge travels in a signed token, so the server keeps nothing per visitor; the answer to the question is
in it only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SALT = "dauys.discussions.challenge"
MAX_NUMBER = 60_000
MAX_AGE = 2 * 3600
WORDS = [
    gettext_lazy("one"),
    gettext_lazy("two"),
    gettext_lazy("three"),
    gettext_lazy("four"),
    gettext_lazy("five"),
    gettext_lazy("six"),
    gettext_lazy("seven"),
    gettext_lazy("eight"),
    gettext_lazy("nine"),
]


@dataclass(frozen=True)
class Challenge:
    token: str
    salt: str
    hash: str
    max_number: int
    question: str


def _answer_hash(salt: str, answer: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{salt}:{answer.strip()}".encode(), hashlib.sha256).hexdigest()


def issue() -> Challenge:
    salt = secrets.token_hex(12)
    number = secrets.randbelow(MAX_NUMBER)
    digest = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": salt, "h": digest, "a": _answer_hash(salt, str(a + b))}, salt=SALT)
    question = _("What is %(a)s plus %(b)s? Write the answer in digits.") % {
        "a": WORDS[a - 1],
        "b": WORDS[b - 1],
    }
    return Challenge(token=token, salt=salt, hash=digest, max_number=MAX_NUMBER, question=question)


# The parts of a challenge that differ from one response to the next.
PER_RESPONSE = ("token", "salt", "hash", "question")


def placeholder() -> Challenge:
    """A challenge whose parts are markers, for a page rendered to be stored (``pages.cache``): each response
    made from the copy gets a challenge of its own (the ``challenge`` slot in ``discussions.slots``)."""
    from dauys.pages.slots import value_mark

    return Challenge(max_number=MAX_NUMBER, **{part: value_mark("challenge", part) for part in PER_RESPONSE})


def verify(token: str, *, solution: str = "", answer: str = "") -> str | None:
    """None if the proof is good (and now used up), else the message to show."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return _("The form is too old. Please send it again.")
    salt = str(data.get("s", ""))
    solved = (
        re.fullmatch(r"[0-9]{1,6}", solution) is not None
        and int(solution) < MAX_NUMBER
        and hashlib.sha256(f"{salt}{int(solution)}".encode()).hexdigest() == data.get("h")
    )
    answered = bool(answer.strip()) and hmac.compare_digest(_answer_hash(salt, answer), str(data.get("a", "")))
    if not answer.strip() and not solution:
        return _("Answer the question above the button (or turn JavaScript on to skip it).")
    # Any attempt uses the challenge up: a script cannot try every sum with one token.
    if not caches["ratelimit"].add(f"challenge:{salt}", 1, timeout=MAX_AGE + 60):
        return _("This form was sent already. Please reload the page and send it again.")
    if not solved and not answered:
        return _("That is not the right answer to the question.")
    return None
