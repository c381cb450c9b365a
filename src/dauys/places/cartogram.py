"""A tile-grid cartogram of Kazakhstan's 20 top-level units: one equal square each, laid out by geography.

No openly licensed outline of the 2022 units (with Abai, Jetisu and Ulytau) could be established (issue 5), and a
cartogram needs none: every region and city of republican significance gets the same square, so a small city
with many problems is as visible as a vast region, and the picture is drawn on the server as SVG with no tile
server, script or third party. The grid (7 columns, 5 rows) keeps each unit near its neighbours: the west in the
first columns, the north in the first row, the south-east cities at the bottom.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language

from dauys.places.models import Place

SIZE = 96  # a square's side in SVG units
GAP = 6
COLUMNS, ROWS = 7, 5
WIDTH = COLUMNS * (SIZE + GAP) - GAP
HEIGHT = ROWS * (SIZE + GAP) - GAP
LEVELS = 5

# ISO 3166-2:KZ -> (column, row).
GRID = {
    "KZ-27": (0, 0),  # West Kazakhstan
    "KZ-39": (2, 0),  # Kostanay
    "KZ-59": (3, 0),  # North Kazakhstan
    "KZ-55": (4, 0),  # Pavlodar
    "KZ-23": (0, 1),  # Atyrau
    "KZ-15": (1, 1),  # Aktobe
    "KZ-11": (3, 1),  # Akmola
    "KZ-71": (4, 1),  # Astana
    "KZ-10": (5, 1),  # Abai
    "KZ-63": (6, 1),  # East Kazakhstan
    "KZ-47": (0, 2),  # Mangystau
    "KZ-43": (1, 2),  # Kyzylorda
    "KZ-62": (2, 2),  # Ulytau
    "KZ-35": (3, 2),  # Karaganda
    "KZ-33": (4, 2),  # Jetisu
    "KZ-61": (1, 3),  # Turkistan
    "KZ-31": (2, 3),  # Jambyl
    "KZ-19": (3, 3),  # Almaty Region
    "KZ-79": (1, 4),  # Shymkent
    "KZ-75": (3, 4),  # Almaty
}

# Short labels that fit a square (the full name is in the square's title and in the table beside the picture).
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
class Cell:
    place: Place
    short: str
    value: int
    level: int  # 0 (none) to LEVELS (the most)
    x: int
    y: int
    href: str
    is_city: bool
    text: str  # the value as shown ("42", "87%")

    @property
    def label_y(self) -> int:
        return self.y + SIZE // 2 - 10

    @property
    def value_y(self) -> int:
        return self.y + SIZE // 2 + 28

    @property
    def squeeze(self) -> bool:
        """Whether the label must be squeezed to fit its square (long names at a size a phone can read)."""
        return len(self.short) > 8

    @property
    def centre_x(self) -> int:
        return self.x + SIZE // 2


def level(value: int, biggest: int) -> int:
    """The colour step of a value: 0 for none, else 1..LEVELS on a square-root scale of the largest."""
    if value <= 0 or biggest <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * math.sqrt(value / biggest))))


def cells(
    values: dict[int, int], href: Callable[[Place], str], text: Callable[[int], str] = str, missing: str = "0"
) -> list[Cell]:
    """The 20 squares, with ``values`` (by place id) coloured relative to the largest one.

    ``text`` shows a value; a place without one shows ``missing`` (a share of nothing is not zero: pass "–").
    """
    language = (get_language() or "kk")[:2]
    short = SHORT.get(language, SHORT["en"])
    places = {p.iso_code: p for p in Place.objects.filter(iso_code__in=GRID)}
    biggest = max(values.values(), default=0)
    found = []
    for code, (column, row) in GRID.items():
        place = places.get(code)
        if place is None:
            continue
        value = values.get(place.pk, 0)
        shown = text(values[place.pk]) if place.pk in values else missing
        found.append(
            Cell(
                place=place,
                short=short[code],
                value=value,
                level=level(value, biggest),
                x=column * (SIZE + GAP),
                y=row * (SIZE + GAP),
                href=href(place),
                is_city=place.kind == Place.Kind.CITY,
                text=shown,
            )
        )
    return found
