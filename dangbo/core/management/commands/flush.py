"""Django's flush, allowed to empty the append-only audit table (tests with a live server flush after each)."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from dangbo.core.audit import maintenance


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.alias != "default":
            return super().handle(**options)
        with maintenance():
            return super().handle(**options)
