"""How passwords are stored: Argon2id with the parameters OWASP's Password Storage Cheat Sheet recommends as its first
configuration (19 MiB of memory, 2 passes, 1 lane), not Django's default (100 MiB, 2 passes, 8 lanes).

Why: Django's default costs ~280 ms of CPU per login on this 2-core machine, spread over 8 threads; with fifty users
at once (issue 16) the logins alone took a tenth of the server and a login waited seconds. The OWASP configuration
costs ~26 ms on one core and is the cheat sheet's baseline for Argon2id ("m=19456 (19 MiB), t=2, p=1"). A site that
wants more sets DANGBO_ARGON2_MEMORY_KIB / DANGBO_ARGON2_TIME_COST / DANGBO_ARGON2_PARALLELISM (docs/operations.md
"Passwords"). A stored hash keeps its own parameters: it is checked with them, and stored again with these at the
user's next login (Django's must_update), so changing them needs no migration.
"""

import os

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2


class Argon2PasswordHasher(DjangoArgon2):
    # Same algorithm name as Django's: the hashes stay interchangeable both ways.
    time_cost = int(os.environ.get("DANGBO_ARGON2_TIME_COST", "2"))
    memory_cost = int(os.environ.get("DANGBO_ARGON2_MEMORY_KIB", "19456"))
    parallelism = int(os.environ.get("DANGBO_ARGON2_PARALLELISM", "1"))
