"""What every app's command looks up the same way: the --user account, the --org organisation, the reader's scope.

Handed to the apps' `register(sub, ctx)` on `ctx` (`ctx.user`, `ctx.organization`, `ctx.reader`, `ctx.viewer`,
`ctx.org_options`, `ctx.date_value`); the lookups import Django inside, so they run in the handlers only.
"""

from __future__ import annotations

from .console import CliError


def org_options(parser, *extra, user_help: str = "tên đăng nhập (danh sách trong phạm vi của người đó)",
                org_help: str = "mã tổ chức đảng", json_help: str | None = None):
    """--org CODE, then each `extra` (a function adding the command's own options), then --user and --json."""
    parser.add_argument("--org", required=True, help=org_help)
    for add in extra:
        add(parser)
    parser.add_argument("--user", help=user_help)
    parser.add_argument("--json", action="store_true", help=json_help)
    return parser


def year_option(help_text: str):
    """An `extra` of `org_options`: the required --year YEAR."""
    return lambda parser: parser.add_argument("--year", type=int, required=True, help=help_text)


def date_value(text: str, what: str):
    """The date of an option (`--date`, `--as-of`): dd/mm/yyyy as the office writes it, or ISO yyyy-mm-dd; a clear
    error naming the option otherwise."""
    from datetime import date

    from dangbo.rules.text import parse_date

    try:
        return date.fromisoformat(text) if len(text) == 10 and text[4] == "-" else parse_date(text)
    except ValueError as e:
        raise CliError(f"{what}: {e}") from None


def user(username: str | None):
    """The account named by --user; None without --user (a system job, as for `dangbo import`)."""
    from django.contrib.auth import get_user_model

    if not username:
        return None
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise CliError(f"Không có người dùng «{username}».")
    return found


def organization(code: str):
    """The organisation of --org CODE."""
    from dangbo.organizations.models import Organization

    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise CliError(f"Không có tổ chức đảng mã «{code}».")
    return org


def reader(username: str | None, org, denied: str):
    """(actor, scope) of a command reading `org` and its subtree: the --user account, refused with `denied`
    (formatted with `org`) unless it may read `org`; without --user a system job that reads everything."""
    from dangbo.core.scopes import READ, Scope, require, scope_for

    actor = user(username)
    require(actor, READ, org, denied.format(org=org))
    return actor, (scope_for(actor) if actor is not None else Scope(is_admin=True))


def viewer(username: str | None, code: str | None):
    """(actor, scope, org) of a command that reads in a user's scope (reports, exports): the active --user account,
    else a system job that sees everything; the organisation of --org CODE only when it lies in that scope (None
    without --org)."""
    from django.contrib.auth import get_user_model

    from dangbo.core.scopes import Scope, scope_for
    from dangbo.organizations.models import Organization

    actor, scope = None, Scope(is_admin=True)
    if username:
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CliError(f"Không có tài khoản «{username}» (hoặc tài khoản đã bị khóa).")
        scope = scope_for(actor)
    org = None
    if code:
        org = Organization.objects.filter(code=code).first()
        if org is None or not scope.can_read_path(org.path):
            raise CliError(f"Không có tổ chức đảng mã «{code}» trong phạm vi được xem.")
    return actor, scope, org
