"""Schemathesis over the whole API (issue 11): every operation of the served OpenAPI schema, every check, 0 failures.

The schema is read from /api/schema/ as a client reads it; for each operation schemathesis generates requests
that follow it (positive) and requests that break it (negative), sends them to the WSGI application as the
office user of the API test world, and runs every check on the answer: no server error, a documented status
code, content type, headers and body, schema-valid requests accepted and schema-breaking ones refused, and
(re-sent without the token) authentication not ignored. Detail routes get a real id half of the time, so the
checks also see 200 answers, not only 404.

It writes only to the test database: each request runs in a savepoint rolled back afterwards (the world stays
the same for every case), Hypothesis keeps no example database and schemathesis writes no report. Bounded: a
few hundred cases in all, well under a minute on SQLite.
"""

import os
import re
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from dangbo.config.wsgi import application

pytestmark = pytest.mark.django_db  # the test database only, rolled back

# Per operation and generation mode. The suite runs a fixed set (derandomised: the same cases every run); set
# DANGBO_SCHEMATHESIS_EXAMPLES=50 for a deeper run with fresh random cases.
EXAMPLES = int(os.environ.get("DANGBO_SCHEMATHESIS_EXAMPLES", "0")) or 8
FIXED = "DANGBO_SCHEMATHESIS_EXAMPLES" not in os.environ
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)

# Every check is on; which 400s a schema-valid request may get is said once, for this test and for `st run`.
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"


@contextmanager
def connection_kept_open():
    """Keep the test's connection open across requests, as Django's test client does (the WSGI handler would
    close it at the end of each request, and with it the test transaction on PostgreSQL). The test client
    reconnects the signals after each of its requests, so it is not used inside this block."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _real_ids(client_get) -> dict[str, object]:
    """A real id for each collection's detail route, from the collection itself."""
    out = {}
    for prefix in ("audit", "congresses", "elections", "meetings", "members", "organizations"):
        data = client_get(f"/api/{prefix}/")
        rows = data.get("results", []) if isinstance(data, dict) else []
        if rows:
            out[prefix] = rows[-1].get("id", rows[-1].get("seq"))
    return out


def _strategy(op, mode, real_ids):
    strategy = op.as_strategy(generation_mode=mode)
    names = [p.name for p in op.path_parameters]
    prefix = re.match(r"/api/([^/]+)/", op.path)
    real = real_ids.get(prefix.group(1)) if prefix else None
    if names and real is not None and mode is GenerationMode.POSITIVE:
        strategy = st.one_of(strategy, op.as_strategy(generation_mode=mode, path_parameters={names[0]: real}))
    return strategy


def test_every_operation_passes_every_check(world):
    from django.test import Client

    token, _ = Token.objects.get_or_create(user=world.users["office"])
    # Schemathesis's WSGI transport does not undo gzip (a real client does): ask for the answers as they are.
    headers = {"Authorization": f"Token {token.key}", "Accept-Encoding": "identity"}
    client = Client(headers=headers)
    real_ids = _real_ids(lambda url: client.get(url).json())
    config = schemathesis.Config.from_path(CONFIG)
    cases: Counter = Counter()
    failures: list[str] = []

    def check(op, mode):
        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), derandomize=FIXED)
        @given(case=_strategy(op, mode, real_ids))
        def run(case):
            cases[op.label] += 1
            try:
                with transaction.atomic():
                    try:
                        case.call_and_validate(headers=headers)
                    finally:
                        transaction.set_rollback(True)
            except BaseExceptionGroup as group:  # schemathesis's FailureGroup: one per failed check
                for exc in group.exceptions:
                    failures.append(f"{op.label} ({mode.value}): {type(exc).__name__}: {exc}\n"
                                    f"    {case.as_curl_command(headers=headers)}")

        run()

    with connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers,
                                                config=config)
        operations = [result.ok() for result in schema.get_all_operations()]
        for op in operations:
            for mode in MODES:
                check(op, mode)

    print(f"schemathesis: {len(operations)} operations, {sum(cases.values())} cases, {len(failures)} failures")
    assert len(operations) >= 29 and set(cases) == {op.label for op in operations}
    assert not failures, "\n\n".join(failures[:15]) + f"\n\n{len(failures)} failures in all"


def test_schema_documents_every_error_answer_without_warnings():
    """The generated schema is valid, raises no drf-spectacular warning (a view it cannot read would be
    guessed), and every operation lists the error answers its view can give."""
    from django.core.management import call_command
    from drf_spectacular.generators import SchemaGenerator

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            expected = {"503"} | ({"429"} if path == "/api/token/" else {"401", "403"})
            if "requestBody" in op or any(p["name"] != "cursor" for p in op.get("parameters", [])):
                expected.add("400")
            if "{" in path:
                expected.add("404")
            assert expected <= codes, (method, path, sorted(codes))
            assert op["responses"]["503"]["headers"]["Retry-After"]
    patch = schema["paths"]["/api/members/{id}/"]["patch"]["responses"]
    assert "409" in patch and patch["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationError")
