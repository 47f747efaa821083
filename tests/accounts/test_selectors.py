"""My teams and my colleagues: the one read behind the queue, the boards, the forms and the APIs."""

import pytest
from pytest_django import DjangoAssertNumQueries

from polku.accounts.models import Role
from polku.accounts.selectors import colleagues_of, teams_of
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_my_teams_are_the_teams_i_belong_to_by_name() -> None:
    b, a, other = TeamFactory(name="B-tiimi"), TeamFactory(name="A-tiimi"), TeamFactory(name="C-tiimi")
    me = UserFactory(teams=[b, a])
    UserFactory(teams=[other])
    assert list(teams_of(me)) == [a, b]


def test_without_a_team_i_have_no_teams_and_no_colleagues() -> None:
    me = UserFactory()
    UserFactory(teams=[TeamFactory()])
    assert list(teams_of(me)) == []
    assert list(colleagues_of(me)) == []


def test_colleagues_are_the_workers_of_my_teams_once_each_by_name() -> None:
    a, b, other = TeamFactory(), TeamFactory(), TeamFactory()
    me = UserFactory(teams=[a, b], last_name="Mäki", first_name="Anna")
    both = UserFactory(teams=[a, b], last_name="Aho", first_name="Eero")
    counsellor = UserFactory(teams=[b], role=Role.SOCIAL_COUNSELLOR, last_name="Koski", first_name="Liisa")
    UserFactory(teams=[a], role=Role.TEAM_MANAGER, last_name="Berg")
    UserFactory(teams=[other], last_name="Virta")
    assert list(colleagues_of(me)) == [both, counsellor, me]


def test_each_read_is_one_query(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    me = UserFactory(teams=[TeamFactory(), TeamFactory()])
    with django_assert_num_queries(1):
        list(teams_of(me))
    with django_assert_num_queries(1):
        list(colleagues_of(me))
