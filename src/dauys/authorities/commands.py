"""The directory's subcommand of ``dauys`` (``core.commands``): import-contacts; and its part of ``dauys init``,
the bodies of the vertical."""

from __future__ import annotations

import argparse
from pathlib import Path

from dauys.core.commands import check_database, command, init_step, say, setup


@init_step
def authorities() -> str:
    from dauys.authorities.services import authorities_seed

    return f"{authorities_seed()} authorities added"


def _contacts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a CSV file: slug,email,source,checked_on (UTF-8, with that header line)")


@command(
    "import-contacts",
    help="set the bodies' public e-mail addresses from a CSV file (slug,email,source,checked_on)",
    arguments=_contacts_arguments,
)
def import_contacts(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from dauys.authorities.services import contacts_import

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        say(f"cannot read {args.file}: {exc}")
        return 2
    result = contacts_import(text=text)
    for line, reason in result.errors:
        say(f"{args.file}:{line}: {reason}")
    if result.errors:
        say("nothing was changed")
        return 1
    say(f"{len(result.changed)} bodies changed, {result.unchanged} unchanged")
    return 0
