"""members.asof: the register as of a date (the property test is test_asof_property.py)."""

from datetime import date

from dangbo.core.scopes import Scope
from dangbo.exchange import statistics
from dangbo.members import asof
from dangbo.members.actions import admit_member
from dangbo.members.models import Status
from dangbo.reports.data import members_at_year_ends

from .conftest import dossier


def test_a_member_admitted_elsewhere_is_on_the_list_only_from_the_transfer_in(tree):
    """Regression (issue 10): admitted in 2010 in another province, transferred in on 25/12/2020, the member
    was counted in chi bộ A from 2010 on, the admission counted as «Kết nạp mới» of A in 2010 and the 2020
    statistics did not balance (start already held the member the transfer in added again)."""
    a = tree["a"]
    m = admit_member(None, organization=a, dossier=dossier(), decision_date=date(2010, 3, 2),
                     ceremony_date=date(2010, 3, 12), official_date=date(2011, 3, 12),
                     transfer_in_date=date(2020, 12, 25))
    assert m.status == Status.OFFICIAL and m.organization == a
    for on in (date(2010, 12, 31), date(2019, 12, 31), date(2020, 12, 24)):
        assert asof.counts_as_of(on, a.path).total == 0, on
        assert not list(asof.members_as_of(on, tree["dbo"].path))
    assert (asof.counts_as_of(date(2020, 12, 25), a.path).official, asof.counts_as_of(date(2021, 1, 1), a.path)
            .probationary) == (1, 0)
    assert members_at_year_ends(tree["dbo"].path, [2010, 2019, 2020]) == {2010: (0, 0), 2019: (0, 0), 2020: (1, 0)}
    admin = Scope(is_admin=True)
    for year in (2010, 2011, 2020):
        stats = statistics.year_statistics(admin, year, tree["dbo"])
        assert stats.balanced, year
    assert statistics.year_statistics(admin, 2010, a).movement("admission") == 0
    assert statistics.year_statistics(admin, 2011, a).movement("recognition") == 0
    s2020 = statistics.year_statistics(admin, 2020, a)
    assert (s2020.start.total, s2020.movement("transfer_in"), s2020.end.official) == (0, 1, 1)


def test_counts_on_dates_agree_with_counts_as_of(tree):
    a, b = tree["a"], tree["b"]
    admit_member(None, organization=a, dossier=dossier(), decision_date=date(2015, 6, 1),
                 ceremony_date=date(2015, 6, 10), official_date=date(2016, 6, 10))
    admit_member(None, organization=b, dossier=dossier("Lê Thị Hoa", gender="F"), decision_date=date(2016, 6, 1),
                 ceremony_date=date(2016, 6, 1))
    dates = [date(2015, 5, 31), date(2015, 6, 1), date(2016, 6, 9), date(2016, 6, 10), date(2020, 1, 1)]
    many = asof.counts_on_dates(tree["dbo"].path, dates)
    for on in dates:
        assert many[on] == asof.counts_as_of(on, tree["dbo"].path), on
    assert [(many[d].official, many[d].probationary) for d in dates] == [(0, 0), (0, 1), (0, 2), (1, 1), (1, 1)]


def test_an_admission_elsewhere_is_not_an_admission_of_the_organisation(tree):
    """Regression (issue 10): the resolutions' target «kết nạp đảng viên mới» counted the admission in another
    province of a member who transferred in years later."""
    from dangbo.resolutions import compute

    a = tree["a"]
    admit_member(None, organization=a, dossier=dossier(), decision_date=date(2021, 3, 2),
                 ceremony_date=date(2021, 3, 12), transfer_in_date=date(2022, 1, 5))
    here = admit_member(None, organization=a, dossier=dossier("Lê Thị Hoa", gender="F"),
                        decision_date=date(2021, 5, 2), ceremony_date=date(2021, 5, 2))
    got = compute.admissions_qs(tree["dbo"].path, date(2021, 1, 1), date(2022, 12, 31))
    assert list(got.values_list("member_id", flat=True)) == [here.pk]


def test_a_readmission_does_not_rewrite_the_status_of_an_earlier_transfer_in(tree):
    """Regression (found by the property test after merging re-admission): official on arriving in 2016,
    removed in 2020 and re-admitted in 2021, the member was counted probationary on 31/12/2019 because the
    re-admission clears the dossier's official date, which replay read again for the 2016 transfer in."""
    from dangbo.members.actions import record_event
    from dangbo.members.models import EventKind

    a, b = tree["a"], tree["b"]
    m = admit_member(None, organization=a, dossier=dossier(), decision_date=date(2014, 4, 7),
                     ceremony_date=date(2014, 4, 7), official_date=date(2015, 4, 7),
                     transfer_in_date=date(2016, 7, 17))
    assert asof.counts_as_of(date(2019, 12, 31), a.path).official == 1
    record_event(None, m, EventKind.REMOVAL, effective_date=date(2020, 1, 17))
    record_event(None, m, EventKind.READMISSION, effective_date=date(2021, 1, 23), to_organization=b)
    assert (asof.counts_as_of(date(2019, 12, 31), a.path).official,
            asof.counts_as_of(date(2019, 12, 31), a.path).probationary) == (1, 0)
    assert asof.counts_as_of(date(2021, 12, 31), b.path).probationary == 1
