"""The ledger's subcommands of ``dauys`` (``core.commands``): verify, export, mirror, rotate-key; and its part of
``dauys init`` (the signing key, and the checkpoint of what is there)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dauys.core.commands import check_database, command, granian, init_step, say, setup, spawn, supervise


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "source", metavar="URL|PATH", help="an instance's base URL (https://dauys.example.org) or an export's directory"
    )
    p.add_argument("--key", help="the verifier key to trust (otherwise the one first seen is pinned)")
    p.add_argument("--state", help="where to keep what was verified (default ~/.local/state/dauys-verify)")
    p.add_argument(
        "--witness",
        metavar="NAME",
        help="also cosign the verified checkpoint as witness NAME (C2SP tlog-cosignature) and send it to the instance",
    )


@command(
    "verify",
    help="check an instance's public log (signature, tree, no rewriting since last time)",
    arguments=_verify_arguments,
)
def verify(args: argparse.Namespace) -> int:
    """Check a Dauys instance's public log from outside (no configuration, no database needed)."""
    from dauys.ledger.verify import VerifyError, verify_path, verify_url

    state = Path(args.state or Path.home() / ".local" / "state" / "dauys-verify")
    is_url = args.source.startswith(("http://", "https://"))
    if not is_url and args.witness:
        print("dauys verify: --witness needs the instance's URL, not an export", file=sys.stderr)
        return 2
    try:
        if is_url:
            report = verify_url(args.source, state, pinned_key=args.key)
        else:
            report = verify_path(Path(args.source), state, pinned_key=args.key)
    except VerifyError as exc:
        where = f" (entry {exc.index})" if exc.index is not None else ""
        print(f"dauys verify: FAILED{where}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"dauys verify: cannot read {args.source}: {exc}", file=sys.stderr)
        return 2
    print(
        f"dauys verify: OK — {report.origin}: {report.size} entries, {report.new_entries} new since the last check, "
        f"root {report.root.hex()}"
    )
    if report.rotations:
        print(f"dauys verify: the log's key was rotated {report.rotations}× since; each rotation signed by the old key")
    if args.witness:
        from dauys.ledger.verify import witness

        try:
            done = witness(args.source, state, args.witness)
        except VerifyError as exc:
            print(f"dauys verify: cannot witness: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"dauys verify: cannot send the cosignature to {args.source}: {exc}", file=sys.stderr)
            return 2
        if not done.accepted:
            print(f"dauys verify: the instance refused the cosignature: {done.message}", file=sys.stderr)
            print(f"dauys verify: your witness key (for the operator's DAUYS_LEDGER_WITNESSES): {done.key}")
            return 3
        print(f"dauys verify: witnessed — {done.message} as {done.key}")
    return 0


@command(
    "export",
    help="write all public data, the ledger and a signed manifest into PATH",
    arguments=lambda p: p.add_argument("path", metavar="PATH", help="a new or empty directory"),
)
def export(args: argparse.Namespace) -> int:
    """Write everything public, the ledger and a signed manifest into PATH (docs/ledger.md, "Exports")."""
    setup()
    check_database()
    from dauys.ledger.export import export

    try:
        done = export(Path(args.path))
    except (ValueError, OSError) as exc:
        print(f"dauys export: {exc}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{n} {kind}" for kind, n in done.counts.items())
    say(f"exported {done.tree_size} ledger entries and {counts} into {done.path} ({done.files} files)")
    say(f"check it anywhere with: dauys verify {done.path}")
    return 0


def _mirror_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="a directory written by dauys export")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--processes", type=int, default=0, help="server processes (default: cores + 1)")


@command("mirror", help="serve an export read-only: its pages, API reads and ledger", arguments=_mirror_arguments)
def mirror(args: argparse.Namespace) -> int:
    """Serve an export read-only (pages, the API's reads, the ledger), checked before it is served."""
    from dauys.ledger.verify import VerifyError, verify_path

    path = Path(args.path).resolve()
    try:
        import tempfile

        with tempfile.TemporaryDirectory() as state:
            report = verify_path(path, Path(state))
    except (VerifyError, OSError) as exc:
        print(f"dauys mirror: {path} does not verify: {exc}", file=sys.stderr)
        return 1
    env = {**os.environ, "DAUYS_MIRROR_PATH": str(path)}
    # Each process loads the export, and checks it again, when it starts (``mirror.create_app``).
    processes = args.processes or (os.cpu_count() or 1) + 1
    command = granian("dauys.ledger.mirror:create_app", args.host, args.port, processes, 4, "--factory")
    say(f"mirroring {report.origin} ({report.size} entries) from {path} on http://{args.host}:{args.port}/")
    os.environ.update(env)
    return supervise([spawn(command)])


@command("rotate-key", help="replace the public log's signing key (the old key endorses the new one)")
def rotate_key(args: argparse.Namespace) -> int:
    """Replace the public log's signing key; the old key endorses the new one (docs/ledger.md)."""
    setup()
    check_database()
    from dauys.ledger.sequencer import rotate_key, sequence_all

    sequence_all()  # number what is pending, so the endorsement covers it
    rotation = rotate_key()
    say(f"the log's key is now {rotation.new_key}")
    say(f"endorsed by the old key {rotation.old_key} at tree size {rotation.size}")
    say("the old private key is in ledger-retired-keys/ in the data directory: delete it if it leaked")
    return 0


@init_step
def sign() -> str:
    from dauys.ledger.sequencer import sequence_all

    sequence_all()  # makes the ledger's signing key once, numbers leftovers and signs the current checkpoint
    return ""
