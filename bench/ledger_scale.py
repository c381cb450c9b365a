"""Ledger at scale (issue 7): proofs at 10,000,000 leaves, and `dauys verify` of an export of 1,000,000 events.

    ./dev bench ledger-scale --db sqlite|postgres [--proof-leaves 10000000] [--export-events 1000000]

1. Proofs: a fresh database gets the stored subtree hashes of a tree of `--proof-leaves` leaves written directly
   (computed in Python, bulk-inserted: the sequencer would take an hour to get there, and proofs read only these
   rows), its head set to that size; then 200 random inclusion and consistency proofs and the root are timed
   through the same code the endpoints use (`sequencer.with_stored_nodes`).
2. Export: a fresh SQLite instance gets `--export-events` leaves through the real path (pending leaves numbered by
   the sequencer), `dauys export` writes them, and `dauys verify PATH` (a separate process, a fresh state) checks
   the export: the figure is that process's wall time.

Baselines measured in the same run: one SHA-256 of a 200-byte leaf (for proofs), and hashing the export's leaves
alone in one process (for verify).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_ADMIN = os.environ.get("DAUYS_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")

PROOFS = r"""
import hashlib, io, json, random, time
from django.db import connection
from dauys.ledger import merkle, sequencer
from dauys.ledger.models import Head, Node
n = {n}
started = time.perf_counter()
level, hashes = 0, [hashlib.sha256(b"\x00" + i.to_bytes(8, "big")).digest() for i in range(n)]
table = Node._meta.db_table
with connection.cursor() as cursor:
    while len(hashes) >= 1:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f'COPY {{table}} (level, "index", hash) FROM STDIN') as copy:
                for i, h in enumerate(hashes):
                    copy.write_row((level, i, h))
        else:
            for start in range(0, len(hashes), 200_000):
                cursor.executemany(
                    f"INSERT INTO {{table}} (level, \"index\", hash) VALUES (%s, %s, %s)",
                    [(level, start + i, h) for i, h in enumerate(hashes[start:start + 200_000])],
                )
        if len(hashes) == 1:
            break
        hashes = [merkle.node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes) - 1, 2)]
        level += 1
Head.objects.update_or_create(pk=1, defaults={{"size": n}})
built = time.perf_counter() - started
rows = Node.objects.count()
size = n
fetch = sequencer.with_stored_nodes
def timed(fn, reps=200):
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t) / reps * 1000
base = timed(lambda: hashlib.sha256(b"x" * 200).digest(), 20000)
def inclusion():
    i = random.randrange(size)
    return fetch(lambda nd: merkle.inclusion_proof(nd, i, size))
def consistency():
    m = random.randrange(1, size)
    return fetch(lambda nd: merkle.consistency_proof(nd, m, size))
inclusion(); consistency()  # warm the connection
inc, con = timed(inclusion), timed(consistency)
root = timed(lambda: fetch(lambda nd: merkle.root(nd, size)))
# The proofs must be right, not only fast: check a few against the root.
top = fetch(lambda nd: merkle.root(nd, size))
for _ in range(20):
    i = random.randrange(size)
    proof = fetch(lambda nd: merkle.inclusion_proof(nd, i, size))
    assert merkle.verify_inclusion(hashlib.sha256(b"\x00" + i.to_bytes(8, "big")).digest(), i, size, proof, top)
print(json.dumps({{"vendor": connection.vendor, "leaves": n, "node_rows": rows, "build_s": built,
    "inclusion_ms": inc, "consistency_ms": con, "root_ms": root, "sha256_ms": base}}))
"""

APPEND = r"""
import json, time
from dauys.ledger import canonical, sequencer
from dauys.ledger.models import Pending
n = {n}
for start in range(0, n, 20000):
    Pending.objects.bulk_create(
        Pending(data=canonical.dumps({{"v": 1, "type": "comment.posted", "n": i, "object": f"https://dauys.example/api/v1/comments/{{i}}",
                                      "at": "2026-11-25T08:00:00+00:00", "actor": None, "content_sha256": "0" * 64}}))
        for i in range(start, min(n, start + 20000))
    )
t = time.perf_counter()
sequencer.sequence_all()
print(json.dumps({{"sequenced_s": time.perf_counter() - t}}))
"""


def run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:5])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def proofs(vendor: str, n: int) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="dauys-bench-proofs-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DAUYS_DEBUG", "DATABASE_URL"}}
    env["DAUYS_DATA_DIR"] = str(data)
    if vendor == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS dauys_bench_ledger WITH (FORCE)")
            conn.execute("CREATE DATABASE dauys_bench_ledger")
        env["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/dauys_bench_ledger"
    try:
        run([sys.executable, "-m", "dauys", "init"], env)
        out = run([sys.executable, "-m", "dauys", "manage", "shell", "-c", PROOFS.format(n=n)], env)
        return dict(json.loads(out.strip().splitlines()[-1]))
    finally:
        if vendor == "postgres":
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS dauys_bench_ledger WITH (FORCE)")


def export_verify(n: int) -> dict[str, float]:
    import hashlib

    data = Path(tempfile.mkdtemp(prefix="dauys-bench-export-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DAUYS_DEBUG", "DATABASE_URL"}}
    env["DAUYS_DATA_DIR"] = str(data)
    run([sys.executable, "-m", "dauys", "init"], env)
    out = run([sys.executable, "-m", "dauys", "manage", "shell", "-c", APPEND.format(n=n)], env)
    sequenced = json.loads(out.strip().splitlines()[-1])
    path = data / "export"
    started = time.monotonic()
    run([sys.executable, "-m", "dauys", "export", str(path)], env)
    exported = time.monotonic() - started
    started = time.monotonic()
    checked = subprocess.run(
        [sys.executable, "-m", "dauys", "verify", str(path), "--state", str(data / "verify-state")],
        env=env,
        capture_output=True,
        text=True,
    )
    verified = time.monotonic() - started
    if checked.returncode != 0:
        raise SystemExit(f"dauys verify failed: {checked.stderr}")
    # Baseline: read the entries and hash every leaf, nothing else.
    started = time.monotonic()
    with (path / "ledger" / "entries.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            hashlib.sha256(b"\x00" + json.loads(line)["data"].encode()).digest()
    baseline = time.monotonic() - started
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return {
        "events": n,
        "sequenced_s": sequenced["sequenced_s"],
        "export_s": exported,
        "verify_s": verified,
        "hash_only_s": baseline,
        "export_mib": size / 2**20,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--proof-leaves", type=int, default=10_000_000)
    parser.add_argument("--export-events", type=int, default=1_000_000)
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    p = proofs(args.db, args.proof_leaves)
    print(
        f"{p['vendor']}: a tree of {p['leaves']:,} leaves ({p['node_rows']:,} stored subtrees, written in "
        f"{p['build_s']:.0f} s): inclusion proof {p['inclusion_ms']:.2f} ms, consistency proof "
        f"{p['consistency_ms']:.2f} ms, root {p['root_ms']:.2f} ms (one SHA-256 of a leaf "
        f"{p['sha256_ms'] * 1000:.2f} µs: a proof = {p['inclusion_ms'] / p['sha256_ms']:,.0f} of them)",
        flush=True,
    )
    results: dict[str, object] = {"proofs": p}
    if not args.skip_export:
        e = export_verify(args.export_events)
        print(
            f"export of {e['events']:,} events ({e['export_mib']:.0f} MiB): sequenced in {e['sequenced_s']:.0f} s, "
            f"exported in {e['export_s']:.1f} s, `dauys verify PATH` in {e['verify_s']:.1f} s "
            f"(reading and hashing the leaves alone: {e['hash_only_s']:.1f} s, verify = "
            f"{e['verify_s'] / e['hash_only_s']:.1f}× that)"
        )
        results["export"] = e
    out_dir = Path(__file__).resolve().parent / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"ledger-scale-{args.db}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
