"""Maps of Kazakhstan drawn by the server as SVG, from the real outlines (``places.outlines``).

The country map shows the 20 top-level units (17 regions and 3 cities of republican significance), each coloured
by a figure relative to the largest one, linked, titled and labelled; the three cities, too small to see at this
scale, also get a circle. A city's map shows its districts. Every map is a picture with a table beside it that
gives the same numbers (for screen readers, and for anyone who prefers a table), works without JavaScript, asks
no third party, and says which division it shows (``outlines.SOURCE_DATE``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language

from dauys.places import outlines
from dauys.places.models import Place

WIDTH = 640  # the SVG's own units: labels of 15 units stay readable when a phone shows the map 360 px wide
LEVELS = 5
CITY_RADIUS = 11
UNITS = (
    "KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35", "KZ-39",
    "KZ-43", "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71", "KZ-75", "KZ-79",
)  # fmt: skip
CITIES = frozenset({"KZ-71", "KZ-75", "KZ-79"})
# Where a unit's label goes when the point inside its outline is taken by a city's circle (longitude, latitude).
LABEL_AT = {"KZ-61": (67.4, 44.4), "KZ-11": (69.6, 52.6)}  # Turkistan (Shymkent), Akmola (Astana)

# Short labels that fit on the map (the full name is in each shape's title and in the table beside the map).
SHORT = {
    "kk": {
        "KZ-27": "БҚО",
        "KZ-39": "Қостанай",
        "KZ-59": "СҚО",
        "KZ-55": "Павлодар",
        "KZ-23": "Атырау",
        "KZ-15": "Ақтөбе",
        "KZ-11": "Ақмола",
        "KZ-71": "Астана",
        "KZ-10": "Абай",
        "KZ-63": "ШҚО",
        "KZ-47": "Маңғыстау",
        "KZ-43": "Қызылорда",
        "KZ-62": "Ұлытау",
        "KZ-35": "Қарағанды",
        "KZ-33": "Жетісу",
        "KZ-61": "Түркістан",
        "KZ-31": "Жамбыл",
        "KZ-19": "Алматы обл.",
        "KZ-79": "Шымкент",
        "KZ-75": "Алматы",
    },
    "ru": {
        "KZ-27": "ЗКО",
        "KZ-39": "Костанай",
        "KZ-59": "СКО",
        "KZ-55": "Павлодар",
        "KZ-23": "Атырау",
        "KZ-15": "Актобе",
        "KZ-11": "Акмола",
        "KZ-71": "Астана",
        "KZ-10": "Абай",
        "KZ-63": "ВКО",
        "KZ-47": "Мангистау",
        "KZ-43": "Кызылорда",
        "KZ-62": "Улытау",
        "KZ-35": "Караганда",
        "KZ-33": "Жетысу",
        "KZ-61": "Туркестан",
        "KZ-31": "Жамбыл",
        "KZ-19": "Алматинская",
        "KZ-79": "Шымкент",
        "KZ-75": "Алматы",
    },
    "en": {
        "KZ-27": "W. Kazakh.",
        "KZ-39": "Kostanay",
        "KZ-59": "N. Kazakh.",
        "KZ-55": "Pavlodar",
        "KZ-23": "Atyrau",
        "KZ-15": "Aktobe",
        "KZ-11": "Akmola",
        "KZ-71": "Astana",
        "KZ-10": "Abai",
        "KZ-63": "E. Kazakh.",
        "KZ-47": "Mangystau",
        "KZ-43": "Kyzylorda",
        "KZ-62": "Ulytau",
        "KZ-35": "Karaganda",
        "KZ-33": "Jetisu",
        "KZ-61": "Turkistan",
        "KZ-31": "Jambyl",
        "KZ-19": "Almaty Reg.",
        "KZ-79": "Shymkent",
        "KZ-75": "Almaty",
    },
}


@dataclass(frozen=True)
class Shape:
    code: str
    place: Place
    short: str
    value: int
    level: int  # 0 (none) to LEVELS (the most)
    href: str
    text: str  # the value as shown ("42", "87%")
    d: str  # the SVG path of the outline
    x: float  # where the label goes
    y: float
    is_city: bool


@dataclass(frozen=True)
class Map:
    shapes: list[Shape]
    width: int
    height: int
    date: date = outlines.SOURCE_DATE
    radius: int = CITY_RADIUS
    frame: outlines.Frame | None = None  # to draw the shapes again elsewhere (a PDF)

    @property
    def has_cities(self) -> bool:
        return any(s.is_city for s in self.shapes)

    @property
    def table(self) -> list[Shape]:
        return sorted(self.shapes, key=lambda s: (-s.value, s.place.name))


def level(value: int, biggest: int) -> int:
    """The colour step of a value: 0 for none, else 1..LEVELS on a square-root scale of the largest."""
    if value <= 0 or biggest <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * math.sqrt(value / biggest))))


def _frame(codes: tuple[str, ...], width: int) -> outlines.Frame:
    return outlines.Frame.around(list(codes), width)


def country(
    values: dict[int, int],
    href: Callable[[Place], str],
    text: Callable[[int], str] = str,
    missing: str = "0",
    width: int = WIDTH,
) -> Map:
    """The 20 units, with ``values`` (by place id) coloured relative to the largest one.

    ``text`` shows a value; a place without one shows ``missing`` (a share of nothing is not zero: pass "–").
    """
    language = (get_language() or "kk")[:2]
    short = SHORT.get(language, SHORT["en"])
    frame = _frame(UNITS, width)
    places = {p.iso_code: p for p in Place.objects.filter(iso_code__in=UNITS)}
    biggest = max(values.values(), default=0)
    shapes = []
    for code in UNITS:
        place = places.get(code)
        if place is None:
            continue
        value = values.get(place.pk, 0)
        x, y = frame.point(*LABEL_AT.get(code, outlines.outlines()[code].label))
        shapes.append(
            Shape(
                code=code,
                place=place,
                short=short[code],
                value=value,
                level=level(value, biggest),
                href=href(place),
                text=text(values[place.pk]) if place.pk in values else missing,
                d=frame.path(code),
                x=x,
                y=y,
                is_city=code in CITIES,
            )
        )
    # The cities last, so that their circles lie on top of the regions around them.
    shapes.sort(key=lambda s: s.is_city)
    return Map(shapes, frame.width, frame.height, frame=frame)


# A district's name without the word "district", for its label on the map (the full name is in its title).
DISTRICT_WORDS = ("ауданы", "District", "район", "district")


def short_name(place: Place) -> str:
    name = str(place.name)
    for word in DISTRICT_WORDS:
        name = name.replace(word, "")
    return " ".join(name.split()) or str(place.name)


def districts(
    city: Place,
    values: dict[int, int],
    href: Callable[[Place], str],
    text: Callable[[int], str] = str,
    missing: str = "0",
    width: int = WIDTH,
) -> Map | None:
    """A city's districts, with ``values`` (by place id) coloured relative to the largest one; None for a place
    without districts that have outlines (a region, a district, a city whose division the outlines lack)."""
    known = outlines.outlines()
    children = [c for c in city.children.all() if c.code in known and known[c.code].level == "district"]
    if not children:
        return None
    frame = _frame(tuple(c.code for c in children), width)
    biggest = max(values.values(), default=0)
    shapes = []
    for place in children:
        value = values.get(place.pk, 0)
        x, y = frame.point(*known[place.code].label)
        shapes.append(
            Shape(
                code=place.code,
                place=place,
                short=short_name(place),
                value=value,
                level=level(value, biggest),
                href=href(place),
                text=text(values[place.pk]) if place.pk in values else missing,
                d=frame.path(place.code),
                x=x,
                y=y,
                is_city=False,
            )
        )
    return Map(shapes, frame.width, frame.height, frame=frame)
