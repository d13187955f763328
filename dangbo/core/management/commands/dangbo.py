"""`python -m django dangbo …` / `manage.py dangbo …`: the same commands as the `dangbo` program."""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Các lệnh của dangbo: demo, serve, migrate, createuser, audit verify, seed, backup, restore, check."
    )

    def run_from_argv(self, argv):
        from dangbo.cli import main

        code = main(argv[2:])
        if code:
            sys.exit(code)

    def handle(self, *args, **options):  # called by call_command("dangbo"); show the help
        from dangbo.cli import build_parser

        build_parser().print_help(self.stdout)
