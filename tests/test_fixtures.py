"""The shared fixtures in tests/conftest.py build what they promise (and keep working for others)."""

from dangbo.core.scopes import scope_for
from dangbo.members.models import Status


def test_tree_members_and_counts(tree, members):
    for org in tree.orgs:
        org.refresh_from_db()
    assert tree.a.path.startswith(tree.root.path) and tree.b.path.startswith(tree.root.path)
    assert members.men.full_name == "Nguyễn Văn Mến" and members.men.organization == tree.a
    assert members.men.status == Status.OFFICIAL and members.hoa.status == Status.PROBATIONARY
    assert (tree.a.official_count, tree.a.probationary_count) == (2, 0)
    assert (tree.b.official_count, tree.b.probationary_count) == (1, 1)


def test_users_have_their_scopes(users, members, tree):
    assert scope_for(users.admin).is_admin
    assert scope_for(users.office).can_write_path(tree.b.path)
    assert scope_for(users.secretary).can_write_member(members.men)
    assert not scope_for(users.secretary).can_write_member(members.dung)
    assert not scope_for(users.reader).can_write_path(tree.a.path)
    assert scope_for(users.reader).can_read_member(members.dung)
    assert scope_for(users.member).own_member_id == members.lan.pk


def test_logged_in_clients(as_secretary, users):
    assert int(as_secretary.session["_auth_user_id"]) == users.secretary.pk


def test_password_is_argon2_and_works(users):
    from tests.conftest import PASSWORD

    assert users.secretary.password.startswith("argon2")
    assert users.secretary.check_password(PASSWORD)
