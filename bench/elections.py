"""Election benchmark (issue 5): a delegate congress of 1,600 delegates electing 180 of 200 candidates, every
ballot entered twice (double entry).

    uv run python bench/elections.py [--json]                      # SQLite in a fresh temporary folder
    DATABASE_URL=postgresql://… uv run python bench/elections.py    # PostgreSQL (use a throwaway database)

Figures: recording one ballot through the real view (Django test client, POST as a logged-in counter, server time,
p50/p95 over 100 ballots entered while 1,600 ballots × 2 entries are stored); counting every ballot and writing the
counting record (count + result + DOCX) ≤ 2 s. Results are recorded in docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DANGBO_DATA_DIR"] = tempfile.mkdtemp(prefix="dangbo-elections-bench-")

DELEGATES, CANDIDATES, SEATS, TIMED = 1600, 200, 180, 100


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User

    from dangbo.congresses import actions, counting, documents
    from dangbo.congresses.models import BallotEntry
    from dangbo.core.models import RoleAssignment
    from dangbo.demo import names as N
    from dangbo.organizations.actions import found_organization

    rnd = random.Random(args.seed)
    t0 = time.perf_counter()
    org = found_organization(None, code=f"BENCH-{rnd.randrange(10**6)}", name="Đảng bộ Khối Thử nghiệm",
                             kind="upper", founded_on=date(1990, 1, 1))
    names, seen = [], set()
    while len(names) < DELEGATES:
        fam = rnd.choice(N.FAMILY_NAMES)
        fam = fam[0] if isinstance(fam, tuple) else fam
        n = f"{fam} {rnd.choice(N.MIDDLE_MALE)} {rnd.choice(N.GIVEN_MALE)}"
        if n not in seen:
            seen.add(n)
            names.append(n)
    c = actions.create_congress(None, organization=org, kind="delegates", ordinal=2, term_start=2025,
                                term_end=2030, opened_on=date(2025, 9, 20))
    actions.set_delegates(None, c, "\n".join(f"{n}; Đơn vị {i % 70 + 1}" for i, n in enumerate(names)))
    e = actions.create_election(None, c, body="cap_uy", seats=SEATS, candidates="\n".join(names[:CANDIDATES]),
                                board="\n".join(names[-5:]))
    actions.start_counting(None, e, issued=DELEGATES)
    pks = list(e.candidates.values_list("pk", flat=True))
    # Preload both counters' entries for every ballot but the timed ones (bulk: this is setup, not the figure).
    rows, readings = [], {}
    for n in range(1, DELEGATES + 1):
        kept = sorted(rnd.sample(pks, SEATS - rnd.randrange(0, 15)))
        readings[n] = kept
        counters = (1, 2) if n > TIMED + 1 else (1,)  # ballot TIMED + 1 is the warm-up
        rows += [BallotEntry(election=e, number=n, counter=k, kept=kept) for k in counters]
    BallotEntry.objects.bulk_create(rows, batch_size=500)
    u1 = User.objects.create(username=f"kp1-{rnd.randrange(10**6)}")
    u2 = User.objects.create(username=f"kp2-{rnd.randrange(10**6)}")
    for u in (u1, u2):
        RoleAssignment.objects.create(user=u, role="secretary", organization=org)
    BallotEntry.objects.filter(election=e, counter=1).update(entered_by=u1)
    setup = time.perf_counter() - t0

    client = Client()
    client.force_login(u2)
    url = f"/dai-hoi/bau-cu/{e.pk}/phieu/"
    timings = []
    client.post(url, {"number": TIMED + 1, "counter": 2, **{f"c{pk}": "keep" for pk in readings[TIMED + 1]}})
    for n in range(1, TIMED + 1):
        data = {"number": n, "counter": 2, **{f"c{pk}": "keep" for pk in readings[n]}}
        s = time.perf_counter()
        r = client.post(url, data)
        timings.append(time.perf_counter() - s)
        assert r.status_code == 302, r.status_code
    assert BallotEntry.objects.filter(election=e, number__lte=TIMED, counter=2).count() == TIMED

    s = time.perf_counter()
    result, base = counting.count(e)
    data = counting.serialize(result, base, e)
    t_count = time.perf_counter() - s
    s = time.perf_counter()
    docx = documents.record_docx(e, data)
    t_doc = time.perf_counter() - s
    s = time.perf_counter()
    actions.sign_result(None, e)
    t_sign = time.perf_counter() - s
    assert result.valid == DELEGATES and len(result.elected) <= SEATS

    t_pdf = None
    if documents.soffice():
        s = time.perf_counter()
        try:
            documents.to_pdf(docx)
            t_pdf = round(time.perf_counter() - s, 2)
        except documents.NoLibreOffice:
            pass
    timings.sort()
    out = {
        "database": connection.vendor, "delegates": DELEGATES, "candidates": CANDIDATES, "seats": SEATS,
        "entries": BallotEntry.objects.filter(election=e).count(), "setup_s": round(setup, 2),
        "record_ballot_ms_p50": round(statistics.median(timings) * 1000, 1),
        "record_ballot_ms_p95": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1),
        "record_ballot_ms_max": round(timings[-1] * 1000, 1),
        "count_s": round(t_count, 3), "record_docx_s": round(t_doc, 3),
        "count_and_record_s": round(t_count + t_doc, 3), "sign_s": round(t_sign, 3),
        "docx_bytes": len(docx), "elected": len(result.elected), "record_pdf_libreoffice_s": t_pdf,
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:24} {v}")


if __name__ == "__main__":
    main()
