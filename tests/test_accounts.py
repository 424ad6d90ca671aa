"""Practice usernames: whatever the OS calls the learner, the tutor makes a valid Docker ID of it."""

from hypothesis import given
from hypothesis import strategies as st

from tutor.practice.accounts import username_from, valid_username


@given(st.text(max_size=60))
def test_any_os_username_becomes_a_valid_docker_id(os_user):
    name = username_from(os_user)
    assert valid_username(name), (os_user, name)
    assert username_from(name) == name  # a valid ID is kept as it is


def test_os_usernames_are_cleaned_the_way_a_learner_expects():
    assert [username_from(u) for u in ("Budi", "siti.rahma", "ab", "", "José_99", "x" * 40)] == [
        "budi", "sitirahma", "ablearner", "learner", "jos99", "x" * 30]
