"""The accounts' subcommands of ``dauys`` (``core.commands``): createadmin and token."""

from __future__ import annotations

import argparse
import os
import sys

from dauys.core.commands import check_database, command, say, setup


def _admin_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--username", required=True)
    p.add_argument("--email", required=True)
    p.add_argument(
        "--no-input",
        action="store_true",
        help="never prompt; password from DAUYS_ADMIN_PASSWORD or generated",
    )


@command("createadmin", help="create an administrator account", arguments=_admin_arguments)
def createadmin(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from dauys.accounts.services import admin_create

    password = os.environ.get("DAUYS_ADMIN_PASSWORD")
    if not password and not args.no_input and sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Password (empty: generate one): ") or None
    try:
        user, generated = admin_create(username=args.username, email=args.email, password=password)
    except ValueError as exc:
        print(f"dauys: {exc}", file=sys.stderr)
        return 2
    say(f"administrator {user.username!r} created")
    if generated:
        print(f"password: {generated}")
    return 0


def _token_arguments(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create an API token for USERNAME and print it")
    create.add_argument("username", metavar="USERNAME")
    create.add_argument("--name", default="", help="a label for the token")


@command("token", help="API tokens", arguments=_token_arguments)
def token(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from dauys.accounts.models import User
    from dauys.accounts.services import api_token_create

    try:
        user = User.objects.get(username=args.username, deleted_at__isnull=True)
    except User.DoesNotExist:
        print(f"dauys: no account with the username {args.username!r}", file=sys.stderr)
        return 2
    _token, secret = api_token_create(user=user, name=args.name)
    print(secret)
    return 0
