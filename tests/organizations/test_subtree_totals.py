"""The organisation page's totals add the children's subtrees to the organisation's own members: the same figure
as reading the whole subtree."""

from datetime import date

from dangbo.organizations import queries
from dangbo.organizations.models import Organization, OrgKind


def test_totals_from_the_children_equal_the_subtree(demo_office, make_org, make_member):
    deeper = make_org("Chi bộ C", OrgKind.CELL, parent=demo_office, code="VP-C")
    make_member(deeper, "Phạm Thị Dung", birth_date=date(1990, 1, 2))
    for org in Organization.objects.all():
        org.refresh_from_db()
        kids = list(Organization.objects.filter(parent=org))
        rows = queries.children_with_totals(org, orgs=kids)
        assert queries.totals_with_children(org, rows) == queries.subtree_totals(org), org.name
    assert queries.subtree_totals(demo_office).total == 7
