"""The pages' small rules: rate-limit buckets, signed links and form tokens, words per language."""

from __future__ import annotations

import pytest

from bot.link_tokens import (
    browser_voter,
    form_token,
    form_token_good,
    new_code,
    person_token,
    read_person_token,
)
from bot.webpages.limits import Buckets, Limit
from bot.webpages.words import ENGLISH, SPANISH, add_words

KEY, OTHER_KEY = b"k" * 32, b"o" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_with_time() -> None:
    clock = Clock()
    buckets = Buckets(Limit(burst=3, per_minute=6), clock=clock)
    assert [buckets.take("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert buckets.take("5.6.7.8")  # another address has its own allowance
    clock.now += 10  # 6 a minute: one more every 10 seconds
    assert [buckets.take("1.2.3.4") for _ in range(2)] == [True, False]


def test_buckets_stay_bounded_however_many_addresses_come() -> None:
    buckets = Buckets(Limit(burst=1, per_minute=1), keys=100, clock=Clock())
    for n in range(10_000):
        buckets.take(f"10.0.{n // 256}.{n % 256}")
    assert len(buckets) == 100


def test_a_personal_link_is_good_only_as_signed() -> None:
    code = new_code()
    token = person_token(KEY, code=code, person_id=7)
    assert read_person_token(KEY, code=code, token=token) == 7
    number, signature = token.split("-", 1)
    for forged in (
        f"8-{signature}",  # why: another person's id under this signature
        person_token(OTHER_KEY, code=code, person_id=7),  # why: signed with another key
        person_token(KEY, code=new_code(), person_id=7),  # why: another poll's link
        f"{number}-{signature[:-1]}",  # why: cut short
        "7",  # why: no signature
        "",  # why: nothing
    ):
        assert read_person_token(KEY, code=code, token=forged) is None, forged


def test_a_link_code_has_96_random_bits() -> None:
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000 and {len(code) for code in codes} == {16}


def test_a_form_token_belongs_to_one_browser_and_one_page() -> None:
    token = form_token(KEY, browser="abc", path="/p/x")
    assert form_token_good(KEY, browser="abc", path="/p/x", token=token)
    assert not form_token_good(KEY, browser="abd", path="/p/x", token=token)
    assert not form_token_good(KEY, browser="abc", path="/p/y", token=token)
    assert not form_token_good(
        KEY, browser="", path="/p/x", token=form_token(KEY, browser="", path="/p/x")
    )
    assert browser_voter(KEY, browser="abc").startswith("web:")
    assert "abc" not in browser_voter(KEY, browser="abc")


def test_every_word_has_both_languages() -> None:
    assert sorted(ENGLISH) == sorted(SPANISH)


def test_a_page_cannot_take_a_key_another_page_uses() -> None:
    with pytest.raises(ValueError, match="thanks"):
        add_words("en", {"thanks": "Cheers!"})
    add_words("en", {"thanks": ENGLISH["thanks"]})  # the same words again are fine
