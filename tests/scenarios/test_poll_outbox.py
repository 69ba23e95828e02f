"""A poll saved but whose post was never recorded is found by its metadata, or posted, once.

The process that saved a poll can die before posting it, or after Slack took the post and before
its place was stored. A tick then finds the post (its votes so far count at close) or posts it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.messages import polls
from bot.messages.parts import Tag
from bot.messages.polls import POLL_EVENT
from bot.poll_text import read_poll_text
from bot.services import polls as service
from bot.slack.port import SlackPort
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import get_poll, poll_command, react, start


@pytest.fixture
def b(backbone: Harness) -> Harness:
    return backbone


QUESTION = '"Where should the next community meeting be?" "Library" "Church hall" "Online"'


def save_poll(b: Harness) -> int:
    """What a process that died right after saving a poll leaves behind."""
    draft = read_poll_text(QUESTION, now=b.clock.now, zone=b.settings.zone)
    with b.database() as session:
        poll = service.create_poll(
            session, team_id=TEAM, creator_id=MARIA, channel_id=CASE, draft=draft, now=b.clock.now
        )
        return poll.number


def poll_posts(b: Harness) -> list[str]:
    return [m.ts for m in b.emulator.messages(CASE) if m.text.startswith("📊 P-1")]


def test_a_post_whose_place_was_never_stored_is_found_and_its_votes_count(b: Harness) -> None:
    save_poll(b)
    poll = get_poll(b, 1)
    # Slack took the post; the process died before storing where it is.
    client = WebClient(token=b.emulator.bot_token, base_url=b.emulator.api_url)
    posted = SlackPort(client).post(CASE, polls.poll_message(poll))  # with the poll's tag
    [post] = [m for m in b.emulator.messages(CASE) if m.ts == posted.id]
    react(b, post, JOE, "two")  # votes while Backbone does not know the post yet
    react(b, post, PAT, "one")
    report = b.tick(b.clock.now + timedelta(minutes=3))
    assert (report.polls_found, get_poll(b, 1).message_ts) == (1, post.ts)
    assert get_poll(b, 1).post_pending_until is None
    assert poll_posts(b) == [post.ts]  # found, not posted again
    poll_command(b, "close P-1")
    assert get_poll(b, 1).results == {"counts": [1, 1, 0], "voters": 2}
    assert b.tick(b.clock.now + timedelta(minutes=30)).polls_found == 0


def test_a_poll_saved_but_never_posted_is_posted_by_the_next_tick_once(b: Harness) -> None:
    save_poll(b)
    start_at = b.clock.now
    assert b.tick(start_at + timedelta(minutes=1)).polls_found == 0  # its process may still post
    assert poll_posts(b) == []
    assert b.tick(start_at + timedelta(minutes=3)).polls_found == 1
    [ts] = poll_posts(b)
    assert get_poll(b, 1).message_ts == ts
    assert b.tick(start_at + timedelta(minutes=30)).polls_found == 0
    assert poll_posts(b) == [ts]


def test_a_poll_posted_as_usual_owes_nothing(b: Harness) -> None:
    start(b, QUESTION)
    assert get_poll(b, 1).post_pending_until is None
    assert b.tick(b.clock.now + timedelta(minutes=5)).polls_found == 0
    assert len(poll_posts(b)) == 1


def test_a_tagged_post_of_another_poll_is_not_taken_for_this_one(b: Harness) -> None:
    save_poll(b)
    poll = get_poll(b, 1)
    client = WebClient(token=b.emulator.bot_token, base_url=b.emulator.api_url)
    other = replace(polls.poll_message(poll), tag=Tag(POLL_EVENT, {"poll_id": poll.id + 1}))
    foreign = SlackPort(client).post(CASE, other)
    assert b.tick(b.clock.now + timedelta(minutes=3)).polls_found == 1  # posted, not "found"
    [ours] = [ts for ts in poll_posts(b) if ts != foreign.id]
    assert get_poll(b, 1).message_ts == ours


def test_a_poll_that_cannot_be_posted_is_dropped_and_its_creator_told(b: Harness) -> None:
    save_poll(b)
    with b.emulator.state.lock:
        b.emulator.state.channels[CASE].is_archived = True
    assert b.tick(b.clock.now + timedelta(minutes=3)).polls_found == 0
    assert poll_posts(b) == []
    assert b.dms(MARIA) == [
        f"I couldn't post your poll P-1 in <#{CASE}>. The channel is archived, so I can't post "
        "a poll in it. Then try it again."
    ]
    assert poll_command(b, "close P-1") == (
        "I couldn't find P-1. /poll list shows this channel's open polls."
    )
