"""`/digest publish` and `unpublish` on both platforms: the channel is told, the address works
until it is taken down, and odd words change nothing."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from storage.models import ProgressPage
from tests.scenarios.both.conftest import World

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/progress/([A-Za-z0-9_-]{22})")


def status_of(url: str) -> tuple[int, str]:
    """Open a page as a visitor's browser does: its status and its words."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def pages(world: World) -> list[tuple[str, bool, str]]:
    found = world.read(lambda s: s.query(ProgressPage).all())
    return [(p.code, p.show_titles, p.language) for p in found]


def announced(world: World, words: str) -> list[str]:
    return [world.displayed(s) for s in world.everything() if words in world.displayed(s)]


@PLATFORMS
def test_publishing_tells_the_channel_the_address_and_unpublishing_ends_it(world: World) -> None:
    world.command("publish", command="digest")
    (told,) = announced(world, "made this channel's progress public")
    code = ADDRESS.search(told)
    assert code is not None, told
    assert pages(world) == [(code.group(1), False, "en")]
    assert "Item titles are hidden" in told and "hides every number under 11" in told
    status, page = status_of(code.group(0))
    assert status == 200 and "Our progress" in page

    world.command("publish show titles  español", command="digest", by="joe")
    (changed,) = announced(world, "changed this channel's public progress page")
    assert code.group(0) in changed  # the same address: people keep the link they have
    assert pages(world) == [(code.group(1), True, "es")]

    world.command("unpublish", command="digest", by="pat")
    assert len(announced(world, "took down this channel's public progress page")) == 1
    assert pages(world) == []
    status, page = status_of(code.group(0))
    assert status == 404 and "This page is not shared now" in page

    world.command("publish", command="digest")
    (_, again) = announced(world, "made this channel's progress public")
    fresh = ADDRESS.search(again)
    assert fresh is not None and fresh.group(1) != code.group(1)  # a new address, never the old


@PLATFORMS
def test_odd_publish_words_and_a_second_unpublish_change_nothing(world: World) -> None:
    before = len(world.everything())
    world.command("publish show names", command="digest")
    world.command("unpublish", command="digest")
    told = "\n".join(world.private("maria")).replace("\\", "")
    assert "I didn't understand “show names” after “publish”. Try “publish”," in told
    assert "This channel has no public progress page to take down." in told
    assert (pages(world), len(world.everything())) == ([], before)
