"""``dauys verify URL``: check an instance's log from outside, and that it never rewrote what it showed before.

The verifier fetches the verifier key, the signed checkpoint and every entry, recomputes the tree and checks the
signature and the root. It keeps, per origin, a state directory with the key it first saw, the last checkpoint it
verified and the hashes of the leaves it has seen, so a later run catches a log that was rewritten (an entry
changed: the first changed index is named), truncated, forked (a checkpoint that is not an extension of the last
one) or re-keyed. It needs no Django and no database: a mirror's operator or a journalist can run it anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dauys.ledger import merkle, notes

PAGE = 1000


class VerifyError(Exception):
    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass
class Report:
    origin: str
    size: int
    new_entries: int
    root: bytes
    rotations: int = 0  # key rotations followed in this run


def _get(url: str, timeout: float = 30) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise VerifyError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "dauys-verify", "Accept": "*/*"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked above
        return bytes(response.read())


def state_dir_for(base: Path, origin: str) -> Path:
    return base / re.sub(r"[^A-Za-z0-9._-]+", "_", origin)


class UrlSource:
    """A live instance."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.name = self.url

    def key(self) -> str:
        return _get(f"{self.url}/ledger/key").decode().strip()

    def rotations(self) -> list[dict[str, Any]]:
        return list(json.loads(_get(f"{self.url}/ledger/keys"))["rotations"])

    def checkpoint(self) -> str:
        return _get(f"{self.url}/ledger/checkpoint").decode()

    def entries(self, size: int) -> Iterator[tuple[int, str]]:
        index = 0
        while index < size:
            end = min(index + PAGE, size)
            page = json.loads(_get(f"{self.url}/ledger/entries.json?start={index}&end={end}"))["entries"]
            if not page:
                raise VerifyError(f"the instance serves no entry {index} though its checkpoint has {size}", index)
            for entry in page:
                yield entry["index"], entry["data"]
                index += 1

    def consistency(self, first: int, second: int) -> list[bytes] | None:
        proof = json.loads(_get(f"{self.url}/ledger/proof/consistency.json?first={first}&second={second}"))
        return [base64.b64decode(h) for h in proof["hashes"]]

    def leaf_hashes(self, size: int) -> bytes:
        """The leaf hashes the instance stored when it numbered the entries (level-0 tiles)."""
        found = bytearray()
        for n in range((size + TILE - 1) // TILE):
            width = min(TILE, size - n * TILE)
            found += _get(f"{self.url}/ledger/tile/0/{tile_path(n)}" + (f".p/{width}" if width < TILE else ""))
        return bytes(found)


class ExportSource:
    """An export made by ``dauys export`` (read offline; ``check_export`` checks its manifest)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)

    def key(self) -> str:
        return (self.path / "ledger" / "key").read_text().strip()

    def rotations(self) -> list[dict[str, Any]]:
        keys = self.path / "ledger" / "keys.json"
        return list(json.loads(keys.read_text())["rotations"]) if keys.exists() else []

    def checkpoint(self) -> str:
        return (self.path / "ledger" / "checkpoint").read_text()

    def entries(self, size: int) -> Iterator[tuple[int, str]]:
        with (self.path / "ledger" / "entries.jsonl").open(encoding="utf-8") as lines:
            for count, line in enumerate(lines):
                if count >= size:
                    return
                try:
                    entry = json.loads(line)
                    yield int(entry["index"]), str(entry["data"])
                except (ValueError, KeyError, TypeError):
                    raise VerifyError(f"entry {count} is not a JSON line with an index and data", count) from None

    def consistency(self, first: int, second: int) -> list[bytes] | None:
        return None  # the whole tree is recomputed from the entries: nothing to ask

    def leaf_hashes(self, size: int) -> bytes:
        return (self.path / "ledger" / "leaf-hashes").read_bytes()[: size * 32]


TILE = 256


def tile_path(n: int) -> str:
    """C2SP tlog-tiles index encoding: 3-digit groups, all but the last prefixed with "x" (1234067: x001/x234/067)."""
    digits = str(n)
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    return "/".join([*(f"x{g}" for g in groups[:-1]), groups[-1]])


def _first_changed(source: UrlSource | ExportSource, checkpoint: notes.Checkpoint, computed: bytes) -> int | None:
    """When the entries do not hash to the checkpoint: the stored leaf hashes, if they do, name the entry whose data
    no longer matches (an entry rewritten without recomputing the tree); None if they do not help."""
    try:
        stored = source.leaf_hashes(checkpoint.size)
    except (OSError, ValueError):
        return None
    if len(stored) != checkpoint.size * 32:
        return None
    tree = merkle.MemoryTree()
    for i in range(checkpoint.size):
        tree.append_hash(stored[i * 32 : i * 32 + 32])
    if tree.root() != checkpoint.root:
        return None
    for i in range(checkpoint.size):
        if stored[i * 32 : i * 32 + 32] != computed[i * 32 : i * 32 + 32]:
            return i
    return None


def _follow_rotations(source: UrlSource | ExportSource, trusted: str, served: str) -> list[notes.Checkpoint]:
    """Walk the key rotations from the key we trust to the one the log uses now; each must be a checkpoint signed
    by both the old and the new key. Return those checkpoints (their roots are checked against the log)."""
    key, found = trusted, []
    for rotation in source.rotations():
        if rotation["old"] != key:
            continue
        try:
            by_old = notes.open_checkpoint(rotation["note"], key)
            by_new = notes.open_checkpoint(rotation["note"], rotation["new"])
        except ValueError as exc:
            raise VerifyError(f"the key rotation at size {rotation['size']} does not verify: {exc}") from None
        if by_old != by_new:
            raise VerifyError(f"the key rotation at size {rotation['size']} is malformed")
        key = rotation["new"]
        found.append(by_old)
    if key != served:
        raise VerifyError(
            f"the log's key changed without a rotation signed by the key you trust: it was {trusted}, "
            f"it is now {served}"
        )
    return found


def verify_url(url: str, state_base: Path, *, pinned_key: str | None = None) -> Report:
    return verify_log(UrlSource(url), state_base, pinned_key=pinned_key)


def verify_path(path: Path, state_base: Path, *, pinned_key: str | None = None) -> Report:
    """Check an export offline: the log as for an instance, then every file against the signed manifest."""
    if not (path / "manifest.json").exists():
        raise VerifyError(f"{path} is not a Dauys export: it has no manifest.json")
    report = verify_log(
        ExportSource(path), state_base, pinned_key=pinned_key, check=lambda key: check_export(path, key)
    )
    return report


def check_export(path: Path, key: str) -> None:
    """The manifest is signed by the log's key for this tree size, and every file matches its hash."""
    try:
        signed = notes.open_note((path / "manifest.sig").read_text(), key)
    except (OSError, ValueError) as exc:
        raise VerifyError(f"the export's manifest signature does not verify: {exc}") from None
    lines = signed.split("\n")
    manifest_bytes = (path / "manifest.json").read_bytes()
    if len(lines) < 4 or lines[0] != EXPORT_FORMAT or hashlib.sha256(manifest_bytes).hexdigest() != lines[3]:
        raise VerifyError("manifest.json is not the manifest the instance signed")
    manifest = json.loads(manifest_bytes)
    for name, expected in sorted(manifest["files"].items()):
        file = (path / name).resolve()
        if path.resolve() not in file.parents:
            raise VerifyError(f"the manifest names a file outside the export: {name}")
        if not file.exists():
            raise VerifyError(f"{name} is missing from the export")
        digest = hashlib.sha256()
        with file.open("rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() != expected["sha256"]:
            raise VerifyError(f"{name} was changed after the export was signed")


EXPORT_FORMAT = "dauys-export/1"


def verify_log(
    source: UrlSource | ExportSource,
    state_base: Path,
    *,
    pinned_key: str | None = None,
    check: Callable[[str], None] | None = None,
) -> Report:
    served_key = source.key()
    origin = (pinned_key or served_key).split("+", 1)[0]
    state = state_dir_for(state_base, origin)
    known_key = (state / "key").read_text().strip() if (state / "key").exists() else None
    trusted = pinned_key or known_key or served_key  # the first key seen is pinned
    rotations: list[notes.Checkpoint] = []
    if served_key != trusted:
        rotations = _follow_rotations(source, trusted, served_key)
    key = served_key
    note = source.checkpoint()
    try:
        checkpoint = notes.open_checkpoint(note, key)
    except ValueError as exc:
        raise VerifyError(f"the checkpoint does not verify: {exc}") from None

    seen = (state / "leaves").read_bytes() if (state / "leaves").exists() else b""
    seen_size = len(seen) // 32
    if checkpoint.size < seen_size:
        raise VerifyError(
            f"the log was truncated: it had {seen_size} entries, its checkpoint now says {checkpoint.size}",
            index=checkpoint.size,
        )
    tree = merkle.MemoryTree()
    hashes = bytearray()
    index = 0
    for number, data in source.entries(checkpoint.size):
        if number != index:
            raise VerifyError(f"entry {index} is missing (found {number} in its place)", index)
        h = merkle.leaf_hash(data.encode("utf-8"))
        if index < seen_size and seen[index * 32 : index * 32 + 32] != h:
            raise VerifyError(f"entry {index} was changed since it was last verified", index)
        tree.append_hash(h)
        hashes += h
        index += 1
    if index < checkpoint.size:
        raise VerifyError(f"entry {index} is missing: the checkpoint has {checkpoint.size} entries", index)
    if tree.root() != checkpoint.root:
        changed = _first_changed(source, checkpoint, bytes(hashes))
        if changed is not None:
            raise VerifyError(f"entry {changed} is not the entry the log signed: its data was changed", changed)
        raise VerifyError(
            f"the entries do not hash to the signed checkpoint; the first entry not verified before is {seen_size}",
            index=seen_size,
        )
    for rotation in rotations:  # each endorsement was signed over this very log
        if rotation.size > checkpoint.size or tree.root(rotation.size) != rotation.root:
            raise VerifyError(f"the key rotation at size {rotation.size} signed another tree than this log")
    if 0 < seen_size < checkpoint.size:
        # The instance's own consistency proof must agree too (what witnesses and light clients rely on).
        path = source.consistency(seen_size, checkpoint.size)
        old_root = tree.root(seen_size)
        if path is not None and not merkle.verify_consistency(
            seen_size, checkpoint.size, old_root, checkpoint.root, path
        ):
            raise VerifyError(f"the instance's consistency proof from {seen_size} does not verify", index=seen_size)
    if check is not None:
        check(key)
    state.mkdir(parents=True, exist_ok=True)
    (state / "key").write_text(key + "\n")
    (state / "checkpoint").write_text(note)  # the very checkpoint that was verified
    tmp = state / "leaves.tmp"
    tmp.write_bytes(bytes(hashes))
    tmp.replace(state / "leaves")
    return Report(origin, checkpoint.size, checkpoint.size - seen_size, checkpoint.root, len(rotations))


@dataclass
class Witnessed:
    key: str  # the witness's verifier key, for the log's operator to list
    accepted: bool
    message: str


def witness(url: str, state_base: Path, name: str, *, now: int | None = None) -> Witnessed:
    """Cosign the checkpoint ``verify_url`` just verified (and found consistent with every earlier one) and send
    the cosignature to the instance (``POST /ledger/witness``). The witness key lives in the state directory."""
    import time
    import urllib.error

    if not name or any(c.isspace() or c == "+" for c in name):
        raise VerifyError(f"a witness name has no spaces or '+': {name!r}")
    key = notes.load_or_create_witness_key(state_base / "witness" / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', name)}.key")
    vkey = notes.witness_verifier_key(name, notes.public_bytes(key.public_key()))
    served = _get(f"{url.rstrip('/')}/ledger/key").decode().strip()
    note = (state_dir_for(state_base, served.split("+", 1)[0]) / "checkpoint").read_text()
    body, signatures = notes.note_signatures(note)
    line = notes.cosign(body, name, key, int(time.time()) if now is None else now)
    cosigned = body + "\n" + "".join(s[2] for s in signatures) + line
    request = urllib.request.Request(  # noqa: S310 - http(s) only (checked by _get above)
        f"{url.rstrip('/')}/ledger/witness",
        data=cosigned.encode(),
        headers={"User-Agent": "dauys-verify", "Content-Type": "text/plain; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            answer = json.loads(response.read())
            return Witnessed(vkey, True, f"cosigned size {answer['size']}")
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read())["error"]["message"]
        except (ValueError, KeyError):
            message = f"HTTP {exc.code}"
        return Witnessed(vkey, False, message)
