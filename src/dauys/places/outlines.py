"""The real outlines of Kazakhstan's regions, cities of republican significance and their districts.

``data/outlines.geojson`` is made by ``scripts/geodata`` from geokz 1.0.2 (CC BY 4.0 © Alexander Rodionov: OCHA's
boundaries of 2018 edited to the division of January 2024, so Abai, Jetisu and Ulytau are there). Every map of
Dauys draws from it: the server's SVG maps (``places.maps``), the interactive map when no tile archive is
configured (the outlines are served as GeoJSON), and the place a pin falls in (``locate``).

The outlines are simplified to a few kilometres for regions and to about a hundred metres for city districts:
right for a map and for suggesting a place, not for a legal boundary. Saraishyk district (Astana, 2024) is not in
the source yet: its problems are drawn with Astana, and a pin there is suggested as Almaty district.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "outlines.geojson"
SOURCE_DATE = date(2024, 1, 1)  # the division the outlines show (a month), printed under every map
ATTRIBUTION = "geokz 1.0.2 (CC BY 4.0), OCHA"

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) points, closed


@dataclass(frozen=True)
class Outline:
    code: str  # a place's code in places.json: "KZ-10", "KZ-71-yesil"
    level: str  # "unit" (a region or a city of republican significance) or "district"
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its exterior ring, then its holes
    label: tuple[float, float]  # a point inside, for a label
    bbox: tuple[float, float, float, float]  # west, south, east, north

    def rings(self) -> Iterator[Ring]:
        for polygon in self.polygons:
            yield from polygon

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        # Even-odd rule over every ring: holes (and the holes' islands) come out right.
        inside = False
        for ring in self.rings():
            inside ^= _crosses(ring, lon, lat)
        return inside

    def distance_km(self, lon: float, lat: float) -> float:
        """How far a point is from the outline's edge (flat-earth approximation, good to a few per cent here)."""
        west, south, east, north = self.bbox
        if not (west - 1 <= lon <= east + 1 and south - 1 <= lat <= north + 1):
            return math.inf
        k = math.cos(math.radians(lat))
        best = math.inf
        for ring in self.rings():
            for (ax, ay), (bx, by) in itertools.pairwise(ring):
                dx, dy = (bx - ax) * k, by - ay
                px, py = (lon - ax) * k, lat - ay
                length = dx * dx + dy * dy
                t = 0.0 if length == 0 else max(0.0, min(1.0, (px * dx + py * dy) / length))
                best = min(best, math.hypot(px - t * dx, py - t * dy))
        return best * 111.32


def _crosses(ring: Ring, x: float, y: float) -> bool:
    """Whether a ray from (x, y) eastwards crosses the ring an odd number of times."""
    odd = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            odd = not odd
        x1, y1 = x2, y2
    return odd


def _polygons(geometry: dict[str, Any]) -> tuple[tuple[Ring, ...], ...]:
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        coordinates = [coordinates]
    return tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon) for polygon in coordinates)


@lru_cache(maxsize=1)
def outlines() -> dict[str, Outline]:
    """Every outline by its place's code (read once per process)."""
    found = {}
    for feature in json.loads(DATA.read_text(encoding="utf-8"))["features"]:
        polygons = _polygons(feature["geometry"])
        xs = [x for polygon in polygons for ring in polygon for x, _ in ring]
        ys = [y for polygon in polygons for ring in polygon for _, y in ring]
        p = feature["properties"]
        found[p["code"]] = Outline(
            code=p["code"],
            level=p["level"],
            polygons=polygons,
            label=(p["label"][0], p["label"][1]),
            bbox=(min(xs), min(ys), max(xs), max(ys)),
        )
    return found


def geojson() -> str:
    """The outlines as they are stored, for the interactive map."""
    return DATA.read_text(encoding="utf-8")


BORDER_KM = 3  # simplified borders are this far off at most: a point so near a region's edge is in it


def locate(lon: float, lat: float) -> list[str]:
    """The codes of the outlines that contain a point, the largest first: ``["KZ-71", "KZ-71-yesil"]``.

    A point just outside every region (a border village that the simplified outline cuts off) is in the region
    whose edge is within ``BORDER_KM``; a point further out is in none (Bishkek is 18 km from the border)."""
    found = [o for o in outlines().values() if o.contains(lon, lat)]
    if not found:
        near = [(o.distance_km(lon, lat), o.code) for o in outlines().values() if o.level == "unit"]
        distance, code = min(near)
        return [code] if distance <= BORDER_KM else []
    return [o.code for o in sorted(found, key=lambda o: o.level != "unit")]


# Albers equal-area conic for Kazakhstan (standard parallels 45° and 51° N, centred on 67° E, 48° N): regions keep
# their true relative sizes, and the north does not bulge as it does in Web Mercator.
_PHI1, _PHI2, _PHI0, _LAMBDA0 = (math.radians(v) for v in (45.0, 51.0, 48.0, 67.0))
_N = (math.sin(_PHI1) + math.sin(_PHI2)) / 2
_C = math.cos(_PHI1) ** 2 + 2 * _N * math.sin(_PHI1)
_RHO0 = math.sqrt(_C - 2 * _N * math.sin(_PHI0)) / _N


def albers(lon: float, lat: float) -> tuple[float, float]:
    """Projected (x, y) with y growing southwards, as in SVG; units of the Earth's radius."""
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * (math.radians(lon) - _LAMBDA0)
    return rho * math.sin(theta), -(_RHO0 - rho * math.cos(theta))


@dataclass(frozen=True)
class Frame:
    """Fits projected outlines into a box ``width`` wide, keeping their proportions."""

    west: float
    north: float
    scale: float
    width: int
    height: int

    @classmethod
    def around(cls, codes: list[str], width: int, margin: int = 6) -> Frame:
        points = [albers(x, y) for code in codes for ring in outlines()[code].rings() for x, y in ring]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        scale = (width - 2 * margin) / (max(xs) - min(xs))
        height = round((max(ys) - min(ys)) * scale) + 2 * margin
        return cls(min(xs) - margin / scale, min(ys) - margin / scale, scale, width, height)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = albers(lon, lat)
        return round((x - self.west) * self.scale, 1), round((y - self.north) * self.scale, 1)

    def rings(self, code: str) -> list[list[tuple[float, float]]]:
        """The outline's rings in the frame's units, each without its closing point (fill them even-odd)."""
        return [[self.point(x, y) for x, y in ring[:-1]] for ring in outlines()[code].rings()]

    def path(self, code: str) -> str:
        """The outline as an SVG path (draw it with ``fill-rule: evenodd``)."""
        return "".join("M" + "L".join(f"{x:g} {y:g}" for x, y in ring) + "Z" for ring in self.rings(code))
