"""Practice usernames: whatever the OS calls the learner, the tutor makes a valid Docker ID of it."""

import pytest
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


# --- issue 16: one-time passwords under a fast keyed hash, chosen ones under bcrypt --------------------------

def test_generated_passwords_are_readable_and_carry_at_least_96_bits():
    import math

    from tutor.practice.accounts import GENERATED, PASSWORD_ALPHABET, PASSWORD_BITS, generate_password

    assert not set("01ilo") & set(PASSWORD_ALPHABET) and PASSWORD_ALPHABET == PASSWORD_ALPHABET.lower()
    passwords = {generate_password() for _ in range(500)}
    assert len(passwords) == 500
    for password in passwords:
        assert GENERATED.match(password) and not set(password) & set("01ilIoO")
    symbols = len(next(iter(passwords)).replace("-", ""))
    assert PASSWORD_BITS == symbols * math.log2(len(PASSWORD_ALPHABET)) >= 96
    assert set("".join(passwords).replace("-", "")) == set(PASSWORD_ALPHABET)  # every symbol is used


def cpu_ms(function) -> float:
    import time

    start = time.process_time()
    function()
    return (time.process_time() - start) * 1000


def test_one_time_passwords_use_the_keyed_fast_hash_and_chosen_ones_bcrypt(tmp_path):
    import json
    import os

    import pytest

    from tutor.practice.accounts import Accounts, generate_password

    accounts = Accounts(tmp_path / "accounts.json")
    one_time = generate_password()
    accounts.add_many({"budi2026": one_time}, one_time=True)
    accounts.add("siti2026", "a password siti chose")
    with pytest.raises(ValueError):  # a person's password is never stored under the fast hash
        accounts.add_many({"dewi2026": "dewi's own"}, one_time=True)
    stored = json.loads((tmp_path / "accounts.json").read_text())
    assert stored["budi2026"].startswith("$tutor-hmac-sha256$") and stored["siti2026"].startswith("$2b$")
    assert one_time not in (tmp_path / "accounts.json").read_text()
    assert oct(os.stat(tmp_path / "accounts.key").st_mode & 0o777) == "0o600"
    assert accounts.verify("budi2026", one_time) and not accounts.verify("budi2026", one_time + "x")
    assert accounts.verify("siti2026", "a password siti chose")
    assert cpu_ms(lambda: accounts.verify("budi2026", one_time)) < 5  # microseconds, not bcrypt's ~50 ms
    assert cpu_ms(lambda: accounts.verify("siti2026", "wrong")) > 10
    # The username is inside the hash: one learner's hash copied to another's account verifies nothing.
    stored["dewi2026"] = stored["budi2026"]
    (tmp_path / "accounts.json").write_text(json.dumps(stored))
    assert not Accounts(tmp_path / "accounts.json").verify("dewi2026", one_time)
    # Without the room's key (a stolen accounts.json alone), a fast hash allows no check at all.
    (tmp_path / "accounts.key").unlink()
    assert not Accounts(tmp_path / "accounts.json").verify("budi2026", one_time)


@pytest.mark.slow  # measures bcrypt's real cost: dozens of checks at ~50 ms of CPU each
def test_unknown_names_cost_what_the_file_s_accounts_cost(tmp_path):
    """Issue 11's rule with two kinds of hash: an unknown name costs a decoy of the fast kind or of bcrypt, for a
    share of names as large as each kind's share of the accounts, and always the same kind for the same name;
    in a room of one-time passwords, never a bcrypt (which would tell the name is unknown)."""
    from tutor.practice.accounts import Accounts, generate_password

    def bcrypt_costs(accounts: Accounts, names: list[str]) -> list[bool]:
        return [cpu_ms(lambda name=name: accounts.verify(name, "a-guess")) > 10 for name in names]

    names = [f"nobody{n:02d}" for n in range(30)]
    room = Accounts(tmp_path / "room" / "accounts.json")
    room.add_many({f"learner{n:02d}": generate_password() for n in range(10)}, one_time=True)
    room.verify("warmup", "x")
    assert bcrypt_costs(room, names) == [False] * 30
    practice = Accounts(tmp_path / "practice" / "accounts.json")
    practice.add("budi2026", "chosen")
    assert bcrypt_costs(practice, names[:5]) == [True] * 5
    mixed = Accounts(tmp_path / "mixed" / "accounts.json")
    mixed.add_many({f"learner{n:02d}": generate_password() for n in range(2)}, one_time=True)
    mixed.add_many({"siti2026": "chosen", "dewi2026": "chosen too"})
    first = bcrypt_costs(mixed, names)
    assert 4 <= sum(first) <= 26, first  # about half (binomial, 30 draws): each kind for some names
    assert bcrypt_costs(mixed, names) == first  # the same name always costs the same
