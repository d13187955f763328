"""`dangbo stats ratings`: registered on the `dangbo` command by dangbo/cli.py.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    """Add this app's commands to the `dangbo` sub-parsers.

    ctx: out(text), json_out(data), error (CliError class: raise error("Vietnamese message")),
    Progress (progress bar context manager), Parser (the argparse parser class for nested sub-parsers).
    """
