"""Kazakhstan's towns, villages and districts by name, for finding where a problem is without a map.

``data/gazetteer.json`` is made by ``scripts/geodata``: every city of regional and republican significance and
every district from geokz (CC BY 4.0, named in kk, ru and en), and every settlement of 500 people or more from
GeoNames (CC BY 4.0; Kazakh and Russian spellings taken from its alternate names, or transliterated where it has
only Latin ones; its other names, former ones too, are searched but not shown). A name is found whatever script
and spelling it is typed in (``core.translit``): "Qaraghandy", "Караганда" and "Қарағанды" find the same city.
Each entry is a point; its region comes from the outlines.

The list is small (about 500 names), so it is searched in memory: well under a millisecond a search.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from django.utils.translation import get_language

from dauys.core.translit import skeleton
from dauys.places import outlines

DATA = Path(__file__).parent / "data" / "gazetteer.json"
KINDS = ("city", "settlement", "district")  # the order of equally good matches
# Words that say what a name is rather than which one: "Abay District" is found by "abay".
GENERIC = {skeleton(word) for word in ("District", "ауданы", "район")}


@dataclass(frozen=True)
class Entry:
    en: str
    kk: str
    ru: str
    lat: float
    lon: float
    kind: str  # "city", "district" or "settlement"
    population: int
    keys: tuple[str, ...]  # the names' search forms, whole
    words: tuple[str, ...]  # and word by word

    def name(self, language: str | None = None) -> str:
        code = (language or get_language() or "kk")[:2]
        return str(getattr(self, code if code in ("kk", "ru", "en") else "en"))

    @cached_property
    def unit(self) -> str | None:
        """The code of the region or city of republican significance the point lies in."""
        return next(iter(outlines.locate(self.lon, self.lat)), None)


def _entry(raw: dict[str, object]) -> Entry:
    names = [str(raw[lang]) for lang in ("en", "kk", "ru")]
    searched = [*names, *raw.get("aka", ())]  # type: ignore[misc]
    words = {skeleton(word) for name in searched for word in name.replace("-", " ").split()} - GENERIC - {""}
    keys = {skeleton(" ".join(w for w in name.split() if skeleton(w) not in GENERIC)) for name in searched}
    return Entry(
        en=names[0],
        kk=names[1],
        ru=names[2],
        lat=float(raw["lat"]),  # type: ignore[arg-type]
        lon=float(raw["lon"]),  # type: ignore[arg-type]
        kind=str(raw["kind"]),
        population=int(raw["population"]),  # type: ignore[call-overload]
        keys=tuple(sorted(keys)),
        words=tuple(sorted(words)),
    )


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    return tuple(_entry(raw) for raw in json.loads(DATA.read_text(encoding="utf-8"))["places"])


def source() -> str:
    return str(json.loads(DATA.read_text(encoding="utf-8"))["source"])


def search(query: str, limit: int = 10) -> list[Entry]:
    """The entries whose name matches, best first: the whole name, then its start, then a word's start, then any
    part; among equals, cities before villages before districts, and the larger first."""
    wanted = skeleton(query)
    if len(wanted) < 2:
        return []
    found: list[tuple[int, int, int, Entry]] = []
    for entry in entries():
        if wanted in entry.keys:
            rank = 0
        elif any(key.startswith(wanted) for key in entry.keys):
            rank = 1
        elif any(word.startswith(wanted) for word in entry.words):
            rank = 2
        elif len(wanted) >= 4 and any(wanted in key for key in entry.keys):
            rank = 3
        else:
            continue
        found.append((rank, KINDS.index(entry.kind), -entry.population, entry))
    found.sort(key=lambda f: f[:3])
    return [f[3] for f in found[:limit]]
