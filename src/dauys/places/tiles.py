"""Vector map tiles served by the instance itself, from one PMTiles archive (``DAUYS_MAP_PMTILES``).

PMTiles is a single file holding every tile of an area, with a directory to find each one; the operator cuts a
Kazakhstan extract from a public OpenStreetMap build once (docs/operator-guide.md, "The map"). The archive is
mapped into memory and each request reads one tile: no tile server, no third party, and the visitor's address is
seen by nobody but this instance.

``pmtiles`` (PyPI) reads the format. Its reader parses the root directory again for every tile; this module keeps
the directories it has parsed (they never change while the file is open), so a tile costs a lookup and a slice.
"""

from __future__ import annotations

import mmap
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pmtiles.tile import Compression, TileType, deserialize_directory, deserialize_header, find_tile, zxy_to_tileid

CONTENT_TYPES = {
    TileType.MVT: "application/vnd.mapbox-vector-tile",
    TileType.PNG: "image/png",
    TileType.JPEG: "image/jpeg",
    TileType.WEBP: "image/webp",
    TileType.AVIF: "image/avif",
}
ENCODINGS = {Compression.GZIP: "gzip", Compression.BROTLI: "br", Compression.ZSTD: "zstd"}


@dataclass(frozen=True)
class Tile:
    data: bytes
    content_type: str
    encoding: str  # "" when the tile is stored uncompressed


class Archive:
    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self.header: Any = deserialize_header(self._map[0:127])
        self._lock = threading.Lock()
        self._directories: dict[tuple[int, int], list[Any]] = {}

    def _directory(self, offset: int, length: int) -> list[Any]:
        key = (offset, length)
        directory = self._directories.get(key)
        if directory is None:
            directory = deserialize_directory(self._map[offset : offset + length])
            with self._lock:
                if len(self._directories) > 4096:  # leaf directories of a big archive: keep memory bounded
                    self._directories.clear()
                self._directories[key] = directory
        return directory

    @property
    def minzoom(self) -> int:
        return int(self.header["min_zoom"])

    @property
    def maxzoom(self) -> int:
        return int(self.header["max_zoom"])

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        h = self.header
        return (h["min_lon_e7"] / 1e7, h["min_lat_e7"] / 1e7, h["max_lon_e7"] / 1e7, h["max_lat_e7"] / 1e7)

    def tile(self, z: int, x: int, y: int) -> Tile | None:
        """The tile at z/x/y as stored, or None where the archive has none (or the address is impossible)."""
        if not (0 <= z <= self.maxzoom and 0 <= x < 2**z and 0 <= y < 2**z):
            return None
        header = self.header
        tile_id = zxy_to_tileid(z, x, y)
        offset, length = header["root_offset"], header["root_length"]
        for _depth in range(4):
            entry = find_tile(self._directory(offset, length), tile_id)
            if entry is None:
                return None
            if entry.run_length == 0:  # a leaf directory
                offset, length = header["leaf_directory_offset"] + entry.offset, entry.length
                continue
            start = header["tile_data_offset"] + entry.offset
            return Tile(
                data=bytes(self._map[start : start + entry.length]),
                content_type=CONTENT_TYPES.get(header["tile_type"], "application/octet-stream"),
                encoding=ENCODINGS.get(header["tile_compression"], ""),
            )
        return None


@lru_cache(maxsize=4)
def archive(path: str) -> Archive:
    """One open archive per file and process."""
    return Archive(Path(path))
