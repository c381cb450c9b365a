"""Tiles read from a PMTiles archive: the right bytes for each address, nothing where the archive has none."""

from __future__ import annotations

from pathlib import Path

from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from dauys.places.tiles import Archive


def write_archive(path: Path, tiles: dict[tuple[int, int, int], bytes]) -> Path:
    """A small archive of ``tiles`` (stored as they are, declared gzip-compressed MVT), as pmtiles writes one."""
    with path.open("wb") as f:
        writer = Writer(f)
        for (z, x, y), data in sorted(tiles.items(), key=lambda item: zxy_to_tileid(*item[0])):
            writer.write_tile(zxy_to_tileid(z, x, y), data)
        zooms = [z for z, _x, _y in tiles]
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_zoom": min(zooms),
                "max_zoom": max(zooms),
                "min_lon_e7": int(46.4e7),
                "min_lat_e7": int(40.5e7),
                "max_lon_e7": int(87.4e7),
                "max_lat_e7": int(55.5e7),
                "center_zoom": 4,
                "center_lon_e7": int(67e7),
                "center_lat_e7": int(48e7),
            },
            {"name": "test"},
        )
    return path


def test_each_address_gets_its_own_tile(tmp_path: Path) -> None:
    # Enough tiles for the directory to have runs (equal tiles side by side are stored once).
    tiles = {(z, x, y): f"{z}/{x}/{y}".encode() for z in range(0, 6) for x in range(2**z) for y in range(2**z)}
    tiles[(5, 3, 3)] = tiles[(5, 3, 4)] = b"same"
    archive = Archive(write_archive(tmp_path / "a.pmtiles", tiles))
    assert (archive.minzoom, archive.maxzoom) == (0, 5)
    assert archive.bounds == (46.4, 40.5, 87.4, 55.5)
    for (z, x, y), data in tiles.items():
        found = archive.tile(z, x, y)
        assert found is not None and found.data == data, (z, x, y)
    assert found.content_type == "application/vnd.mapbox-vector-tile" and found.encoding == "gzip"


def test_an_address_outside_the_archive_has_no_tile(tmp_path: Path) -> None:
    archive = Archive(write_archive(tmp_path / "b.pmtiles", {(0, 0, 0): b"world", (2, 1, 1): b"here"}))
    assert archive.tile(2, 1, 2) is None  # within the zooms, not stored
    assert archive.tile(3, 0, 0) is None  # deeper than the archive
    assert archive.tile(2, 4, 0) is None and archive.tile(2, -1, 0) is None  # not a tile of zoom 2
    assert archive.tile(2, 1, 1).data == b"here"  # type: ignore[union-attr]
