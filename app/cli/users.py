"""`gridscope users …`, `gridscope tokens …` and `gridscope wall-link`: accounts, API tokens and wall displays.

They work on the accounts file beside the database (app.store.accounts_db), also while the server runs; a
change (a disabled account, a revoked token) holds for the server's next request.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.options import CliError, db_arg, settings_of


def _store(args: argparse.Namespace):
    from app.store.accounts_db import AccountsDB, accounts_path

    return AccountsDB(accounts_path(settings_of(args).db_path))


def add_parser(sub) -> None:
    users = sub.add_parser("users", help="sign-in accounts: add, list, passwd, disable, enable, remove")
    act = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = act.add_parser("add", help="add an account (prints a one-time password unless --password-stdin)")
    db_arg(add)
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "analyst", "leader"])
    add.add_argument("--areas", default="", help="functional area ids, comma-separated (a leader's scope)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    db_arg(act.add_parser("list", help="list the accounts"))
    for name, text in (
        ("passwd", "set a new password (ends the account's sessions)"),
        ("disable", "disable (ends its sessions at once)"),
        ("enable", "enable again"),
        ("remove", "remove"),
    ):
        one = act.add_parser(name, help=text)
        db_arg(one)
        one.add_argument("name")
        if name == "passwd":
            one.add_argument("--password-stdin", action="store_true")

    tokens = sub.add_parser("tokens", help="API tokens for clients (ingest, analyst…): add, list, revoke")
    tact = tokens.add_subparsers(dest="action", required=True, metavar="ACTION")
    tadd = tact.add_parser("add", help="add a named token; its secret is printed once")
    db_arg(tadd)
    tadd.add_argument("name")
    tadd.add_argument("--role", required=True, choices=["ingest", "analyst", "leader", "admin"])
    tadd.add_argument("--areas", default="")
    db_arg(tact.add_parser("list", help="list the tokens (never their secrets)"))
    rev = tact.add_parser("revoke", help="revoke a token at once")
    db_arg(rev)
    rev.add_argument("name")

    wall = sub.add_parser("wall-link", help="a kiosk link for one wall display (opens /wall and nothing else)")
    db_arg(wall)
    wall.add_argument("name", help="the display's name, e.g. ops-center-left")
    wall.add_argument("--areas", default="", help="areas to rotate through (default: all)")
    wall.add_argument("--rotate", type=int, default=None, help="seconds per area (default: the settings')")
    wall.add_argument("--url", default="http://127.0.0.1:8050", help="the address the display opens")


def _password(from_stdin: bool) -> tuple[str, bool]:
    """(the password, whether it is a one-time password the person must change)."""
    from app.services.accounts import new_password

    if from_stdin:
        return (sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()), False
    return new_password(), True


def run_users(args: argparse.Namespace) -> int:
    from app.services import accounts

    store = _store(args)
    if args.action == "add":
        password, one_time = _password(args.password_stdin)
        accounts.add_account(store, args.name, args.role, accounts.parse_areas(args.areas), password)
        accounts.audit(store, getpass.getuser(), "account added", args.name, args.role)
        print(f"account {args.name} ({args.role}{', areas ' + args.areas if args.areas else ''}) added")
        if one_time:
            print(f"password: {password}")
        return 0
    if args.action == "list":
        for a in accounts.list_accounts(store):
            state = "disabled" if a["disabled"] else "active"
            print(f"{a['name']:<20} {a['role']:<8} {a['areas'] or '(whole town)':<16} {state:<9} {a['created_at']}")
        return 0
    if args.action == "passwd":
        password, one_time = _password(args.password_stdin)
        accounts.set_password(store, args.name, password)
        if one_time:
            print(f"password: {password}")
    elif args.action in ("disable", "enable"):
        accounts.set_disabled(store, args.name, args.action == "disable")
    elif args.action == "remove":
        accounts.remove_account(store, args.name)
    accounts.audit(store, getpass.getuser(), f"account {args.action}", args.name)
    print(f"account {args.name}: {args.action} done")
    return 0


def run_tokens(args: argparse.Namespace) -> int:
    from app.services import accounts

    store = _store(args)
    if args.action == "add":
        secret = accounts.add_token(store, args.name, args.role, accounts.parse_areas(args.areas))
        accounts.audit(store, getpass.getuser(), "token added", args.name, args.role)
        print(f"token {args.name} ({args.role}) added; send it as Authorization: Bearer {secret}")
        return 0
    if args.action == "list":
        for k in accounts.list_tokens(store):
            state = f"revoked {k['revoked_at']}" if k["revoked_at"] else f"last used {k['last_used_at'] or 'never'}"
            print(f"{k['name']:<20} {k['role']:<8} {k['areas'] or '(whole town)':<16} {state}")
        return 0
    accounts.revoke_token(store, args.name)
    accounts.audit(store, getpass.getuser(), "token revoked", args.name)
    print(f"token {args.name} revoked")
    return 0


def run_wall_link(args: argparse.Namespace) -> int:
    from urllib.parse import urlencode

    from app.services import accounts

    store = _store(args)
    areas = accounts.parse_areas(args.areas)
    pairs = [("areas", ",".join(areas))] if areas else []
    if args.rotate is not None:
        if args.rotate < 0:
            raise CliError("--rotate must be 0 (no rotation) or more seconds")
        pairs.append(("rotate", str(args.rotate)))
    secret = accounts.add_token(store, args.name, "wall", areas, urlencode(pairs, safe=","))
    accounts.audit(store, getpass.getuser(), "wall link added", args.name, urlencode(pairs, safe=","))
    print(f"{args.url.rstrip('/')}/wall-link/{secret}")
    print(f"revoke it with: gridscope tokens revoke {args.name}")
    return 0


def run(args: argparse.Namespace) -> int:
    return {"users": run_users, "tokens": run_tokens, "wall-link": run_wall_link}[args.command](args)
