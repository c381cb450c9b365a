"""Alphabetical order in the reader's language, the same in Python, in SQLite and in PostgreSQL.

Sorting by code point puts every letter the Kazakh alphabet adds to the Russian one (Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І)
after Я, so "Қарағанды" came after "Шымкент". Python sorts with :func:`sort_key` (``i18n.name_key`` in the
active language); a query orders by ``i18n.order_by_name()``, which names one of the collations ``dauys_kk``,
``dauys_ru`` and ``dauys_en``: on PostgreSQL they are ICU collations (created by the migration
``core.0001_collations``), on SQLite they are :func:`compare`, registered on every new connection
(``CoreConfig.ready``). The tables below follow ICU's order for the letters our names use, and a test holds the
three orders together on both databases. No Django here: the read-only mirror (``ledger.mirror``) sorts with it.
"""

from __future__ import annotations

import functools
from typing import Any

# The Kazakh alphabet (42 letters): the Russian alphabet's 33 in their order, with Ә after А, Ғ after Г, Қ after
# К, Ң after Н, Ө after О, Ұ and Ү after У, Һ after Х, and І after Ы.
KAZAKH = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
# Russian (and English) order, as ICU's root order places the Kazakh letters: the same, but І after И.
OTHER = "аәбвгғдеёжзиійкқлмнңоөпрстуұүфхһцчшщъыьэюя"
LANGUAGES = ("kk", "ru", "en")
_RANKS = {"kk": {c: i for i, c in enumerate(KAZAKH)}, "other": {c: i for i, c in enumerate(OTHER)}}


@functools.lru_cache(maxsize=8192)
def sort_key(text: str, language: str = "kk") -> tuple[tuple[int, int], ...]:
    """The key that orders ``text`` alphabetically for readers of ``language``: spaces, punctuation and digits
    first, then letters, Cyrillic ones in that language's alphabet; case does not count. Kazakh and Russian put
    Cyrillic before Latin (ICU's order for both), English puts Latin first."""
    ranks = _RANKS["kk" if language == "kk" else "other"]
    cyrillic, latin = (2, 1) if language == "en" else (1, 2)
    key = []
    for char in text.casefold():
        rank = ranks.get(char)
        if rank is not None:
            key.append((cyrillic, rank))
        elif char.isalpha():
            key.append((latin, ord(char)))
        else:
            key.append((0, ord(char)))
    return tuple(key)


def compare(language: str) -> Any:
    """SQLite's comparison function for the collation of ``language``."""

    def collation(a: str, b: str) -> int:
        ka, kb = sort_key(a, language), sort_key(b, language)
        return (ka > kb) - (ka < kb)

    return collation


def register_sqlite(connection: Any) -> None:
    """Register ``dauys_kk``, ``dauys_ru`` and ``dauys_en`` on a new SQLite connection."""
    for language in LANGUAGES:
        connection.create_collation(f"dauys_{language}", compare(language))
