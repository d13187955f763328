"""A small tree for the web UI tests: one đảng bộ cơ sở with two chi bộ, members in each, users per role."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User

from dangbo.core.models import Role, RoleAssignment
from dangbo.members.actions import admit_member
from dangbo.organizations.actions import found_organization


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    root: object
    vp: object
    cell_a: object
    cell_b: object
    men: object
    hong: object
    other: object
    office: User
    secretary: User
    member_user: User
    admin: User


def _user(username, role=None, org=None, superuser=False):
    user = User.objects.create_user(username, password="matkhau-dung-123", is_superuser=superuser)
    if role:
        RoleAssignment.objects.create(user=user, role=role, organization=org)
    return user


def _admit(org, name, birth, card, cccd, gender="M", decision=date(2000, 3, 10), ceremony=date(2000, 4, 2),
           official=True):
    return admit_member(
        None, organization=org,
        dossier={"full_name": name, "birth_date": birth, "gender": gender, "card_number": card,
                 "citizen_id": cccd, "religion": "Phật giáo", "hometown": "Thái Nguyên"},
        decision_date=decision, decision_number="12-QĐ/ĐU", issuer="Đảng ủy Văn phòng UBND tỉnh",
        ceremony_date=ceremony, official_date=date(2001, 4, 2) if official else None)


@pytest.fixture
def world(db):
    root = found_organization(None, code="DBK", name="Đảng bộ Khối các cơ quan tỉnh", kind="upper")
    vp = found_organization(None, code="VP", name="Đảng bộ Văn phòng UBND tỉnh", kind="grassroots_committee",
                            parent=root)
    cell_a = found_organization(None, code="CBA", name="Chi bộ Phòng Tổng hợp", kind="cell", parent=vp)
    cell_b = found_organization(None, code="CBB", name="Chi bộ Phòng Kinh tế", kind="cell", parent=vp)
    men = _admit(cell_a, "Nguyễn Văn Mến", date(1970, 5, 1), "100001", "001070000001")
    hong = _admit(cell_a, "Trần Thị Hồng", date(1980, 2, 3), "100002", "001080000002", gender="F",
                  official=False)
    other = _admit(cell_b, "Lê Văn Đức", date(1975, 7, 9), "100003", "001075000003")
    member_user = _user("menuser", Role.MEMBER)
    men.user = member_user
    men.save(update_fields=["user"])
    return World(root=root, vp=vp, cell_a=cell_a, cell_b=cell_b, men=men, hong=hong, other=other,
                 office=_user("vanphong", Role.OFFICE, vp), secretary=_user("bithu", Role.SECRETARY, cell_a),
                 member_user=member_user, admin=_user("quantri", Role.ADMIN))


@pytest.fixture
def office_client(client, world):
    client.force_login(world.office)
    return client


@pytest.fixture
def secretary_client(client, world):
    client.force_login(world.secretary)
    return client
