"""Output of the `dangbo` command: Vietnamese errors, numbers, JSON, progress bars."""

from __future__ import annotations

import argparse
import json
import sys

SETTINGS = "dangbo.config.settings"
ROLE_CHOICES = ["admin", "office", "secretary", "member", "reader"]


class CliError(Exception):
    """An error the user can fix; printed without a traceback."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        message = (
            message.replace("the following arguments are required", "thiếu tham số")
            .replace("invalid choice", "lựa chọn không hợp lệ")
            .replace("unrecognized arguments", "tham số không hiểu được")
            .replace("invalid int value", "không phải số nguyên")
            .replace("argument ", "tham số ")
        )
        raise CliError(message, code=2)


def command_group(sub, name: str, help: str, description: str | None = None, dest: str | None = None):
    """An app's `dangbo NAME LỆNH …` (`description`: by default the help): the sub-parsers its commands are added to
    (`dest`: by default NAME_command). Two apps may add commands to the same group (`dangbo stats ratings`,
    `dangbo stats close`): the second gets the first one's sub-parsers."""
    existing = sub.choices.get(name)
    if existing is not None:
        return existing.commands
    sp = sub.add_parser(name, help=help, description=description or help)
    sp.commands = sp.add_subparsers(dest=dest or f"{name}_command", metavar="LỆNH", parser_class=Parser)
    return sp.commands


# -- output helpers ----------------------------------------------------------------------------------------
def say(text: str = ""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def number(x, decimals: int = 0) -> str:
    from dangbo.rules.text import format_number

    return format_number(x, decimals)


def print_json(data):
    say(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show(data, as_json: bool, text) -> int:
    """Print `data` as JSON (--json) or else `text` (a string, or a function making one of data); exit code 0."""
    if as_json:
        print_json(data)
    else:
        say(text(data) if callable(text) else text)
    return 0


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


class ProgressBar:
    """A Rich progress bar on stderr when it is a terminal; silent otherwise (tests, pipes, --json)."""

    def __init__(self, total: int | None, label: str, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.total, self.label = total, label

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr_console(),
                transient=False,
            )
            self.p.__enter__()
            self.task = self.p.add_task(self.label, total=self.total)
        return self

    def advance(self, n: int = 1, description: str | None = None):
        if self.enabled:
            kw = {"description": description} if description else {}
            self.p.update(self.task, advance=n, **kw)

    def __exit__(self, *exc):
        if self.enabled:
            self.p.__exit__(*exc)
