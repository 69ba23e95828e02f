"""Emoji polls: posted with 1️⃣…🔟, votes read from reactions, reconciled with Slack at close."""

from __future__ import annotations

from bot.ids import Event
from bot.messages import polls
from bot.services.poll_votes import Tally
from bot.slack import blocks
from bot.slack.render import metadata_of, render_message
from storage.models import PollMode
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import (
    get_poll,
    poll_command,
    react,
    start,
    thread_of,
    votes,
)
from tests.support.records import all_items

QUESTION = '"Where should the next community meeting be?" "Library" "Church hall" "Online"'


def test_a_poll_is_posted_with_its_number_reactions(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    poll = get_poll(backbone, 1)
    assert (poll.question, poll.options, poll.mode, poll.multi, poll.creator_id) == (
        "Where should the next community meeting be?",
        ["Library", "Church hall", "Online"],
        PollMode.EMOJI,
        False,
        MARIA,
    )
    assert (poll.channel_id, poll.message_ts, poll.ballot_salt) == (CASE, message.ts, None)
    posted = backbone.emulator.calls("chat.postMessage")
    message_of_poll = polls.poll_message(poll)
    metadata = metadata_of(message_of_poll)  # how a post whose place was never stored is found
    assert metadata == {"event_type": "backbone_poll", "event_payload": {"poll_id": poll.id}}
    assert posted == [
        {"channel": CASE, "team_id": TEAM, "metadata": metadata, **render_message(message_of_poll)}
    ]
    assert backbone.emulator.calls("reactions.add") == [
        {"channel": CASE, "timestamp": message.ts, "name": name, "team_id": TEAM}
        for name in ("one", "two", "three")
    ]
    assert (
        poll.source_url
        == f"https://sandbox.slack.com/archives/{CASE}/p{message.ts.replace('.', '')}"
    )
    assert backbone.last_response()["text"] == (
        "📊 P-1 is up. To close it and post the results: /poll close P-1"
    )


def test_reaction_sequences_give_the_right_votes(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, JOE, "two")
    react(backbone, message, PAT, "one")
    react(backbone, message, PAT, "three")  # single choice: Pat's latest counts
    react(backbone, message, ADMIN, "one")
    react(backbone, message, ADMIN, "one", add=False)  # Sam took it back
    react(backbone, message, MARIA, "tada")  # not an option
    react(backbone, message, JOE, "four")  # not an option of a 3-option poll
    assert votes(backbone, 1) == {(JOE, 1), (PAT, 0), (PAT, 2)}
    poll_command(backbone, "close P-1")
    poll = get_poll(backbone, 1)
    assert poll.results == {"counts": [0, 1, 1], "voters": 2}
    counted = Tally([0, 1, 1], 2)
    assert (
        thread_of(backbone, message)[0].text
        == render_message(polls.results_message(poll, counted))["text"]
    )


def test_taking_back_the_latest_lets_the_one_before_count_again(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, PAT, "one")
    react(backbone, message, PAT, "three")
    react(backbone, message, PAT, "three", add=False)
    poll_command(backbone, "close P-1")
    assert get_poll(backbone, 1).results == {"counts": [1, 0, 0], "voters": 1}


def test_multi_counts_every_option_a_person_picks(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " multi")
    for user, name in [(JOE, "one"), (JOE, "three"), (PAT, "three"), (ADMIN, "two")]:
        react(backbone, message, user, name)
    poll_command(backbone, "close P-1")
    assert get_poll(backbone, 1).results == {"counts": [1, 1, 2], "voters": 3}


def test_the_bots_own_reactions_never_count(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    bot = backbone.emulator.state.bot_user_id
    assert message.reactions == {"one": [bot], "two": [bot], "three": [bot]}
    # Slack echoes the bot's reactions as events; they are not votes.
    backbone.emulator.send_event(
        {
            "type": Event.REACTION_ADDED,
            "user": bot,
            "reaction": "one",
            "item_user": bot,
            "item": {"type": "message", "channel": CASE, "ts": message.ts},
            "event_ts": "1795532401.000100",
        }
    )
    backbone.settle()
    assert votes(backbone, 1) == set()
    poll_command(backbone, "close P-1")
    assert get_poll(backbone, 1).results == {"counts": [0, 0, 0], "voters": 0}
    assert thread_of(backbone, message)[0].text.startswith(
        "🏁 Results of P-1 Where should the next community meeting be?: Nobody voted."
    )


def test_closing_reconciles_with_slack_when_events_were_lost(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " multi")
    react(backbone, message, JOE, "one")
    # Events lost: Joe's removal and Pat's and Sam's reactions never reached the app.
    backbone.emulator.unreact(user=JOE, channel=CASE, ts=message.ts, name="one", send=False)
    backbone.emulator.react(user=PAT, channel=CASE, ts=message.ts, name="two", send=False)
    backbone.emulator.react(user=ADMIN, channel=CASE, ts=message.ts, name="three", send=False)
    assert votes(backbone, 1) == {(JOE, 0)}
    poll_command(backbone, "close P-1")
    assert backbone.emulator.calls("reactions.get") == [
        {"channel": CASE, "timestamp": message.ts, "full": "1", "team_id": TEAM}
    ]
    assert votes(backbone, 1) == {(PAT, 1), (ADMIN, 2)}
    assert get_poll(backbone, 1).results == {"counts": [0, 1, 1], "voters": 2}


def test_reconciling_keeps_latest_wins_for_reactions_it_heard_about(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, PAT, "three")  # heard
    backbone.emulator.react(user=PAT, channel=CASE, ts=message.ts, name="one", send=False)
    backbone.emulator.react(user=JOE, channel=CASE, ts=message.ts, name="three", send=False)
    backbone.emulator.react(user=JOE, channel=CASE, ts=message.ts, name="two", send=False)
    poll_command(backbone, "close P-1")
    # Pat: the one heard about beats one never heard of. Joe: neither heard, the lower counts.
    assert get_poll(backbone, 1).results == {"counts": [0, 1, 1], "voters": 2}


def test_the_pushpin_listener_still_hears_other_reactions(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    note = backbone.emulator.post_message(
        user=JOE, channel=CASE, text="<@UPAT> call the landlord by Friday", send=False
    )
    emulator = backbone.emulator
    steps = [
        (emulator.react, MARIA, note.ts, "pushpin"),
        (emulator.react, MARIA, note.ts, "one"),  # not on a poll
        (emulator.unreact, MARIA, note.ts, "one"),
        (emulator.react, JOE, message.ts, "one"),
        (emulator.unreact, JOE, message.ts, "one"),
        (emulator.react, JOE, message.ts, "two"),
    ]
    answers = []
    for act, user, ts, name in steps:  # one after another, as Slack delivers them
        answers.append(act(user=user, channel=CASE, ts=ts, name=name))
        backbone.settle()
    # Every event is answered 200, matched or not: Slack has nothing to retry.
    assert [answer.status if answer else None for answer in answers] == [200] * 6
    assert [item.title for item in all_items(backbone)] == ["call the landlord"]
    assert votes(backbone, 1) == {(JOE, 1)}


def test_a_retried_reaction_event_is_counted_once(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    event = {
        "type": Event.REACTION_ADDED,
        "user": JOE,
        "reaction": "two",
        "item_user": backbone.emulator.state.bot_user_id,
        "item": {"type": "message", "channel": CASE, "ts": message.ts},
        "event_ts": "1795532401.000100",
    }
    # Each delivery is handled before the next one arrives, as Slack sends them a moment apart.
    backbone.emulator.send_event(event, event_id="Ev1")
    backbone.settle()
    removed = {**event, "type": Event.REACTION_REMOVED, "event_ts": "1795532402.000100"}
    backbone.emulator.send_event(removed, event_id="Ev2")
    backbone.settle()
    backbone.emulator.send_event(event, event_id="Ev1", retry_num=1)  # late retry of the add
    backbone.settle()
    assert votes(backbone, 1) == set()


def test_reactions_after_closing_change_nothing(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, JOE, "one")
    poll_command(backbone, "close P-1")
    react(backbone, message, PAT, "two")
    react(backbone, message, JOE, "one", add=False)
    assert votes(backbone, 1) == {(JOE, 0)}
    assert get_poll(backbone, 1).results == {"counts": [1, 0, 0], "voters": 1}


def test_a_poll_where_the_bot_is_not_a_member_is_refused_and_not_stored(
    backbone: Harness,
) -> None:
    backbone.emulator.add_channel("COUT", "outside", members=(MARIA,), bot_is_member=False)
    backbone.command(QUESTION, command="/poll", channel="COUT")
    assert backbone.last_response()["text"] == (
        "I couldn't post your poll, so nothing was saved. I'm not in the channel, so I wouldn't "
        "see the reactions people vote with. Type /invite @Backbone in it, or add `anonymous` "
        "to vote with buttons instead. Then try again."
    )
    assert poll_command(backbone, "close P-1") == (
        "I couldn't find P-1. /poll list shows this channel's open polls."
    )
    start(backbone, QUESTION)  # numbers are taken, not reused: the next poll is P-2
    assert get_poll(backbone, 2).channel_id == CASE


def test_help_and_list(backbone: Harness) -> None:
    assert poll_command(backbone, "").startswith("Ask your channel a question")
    assert poll_command(backbone, "list") == (
        'This channel has no open polls. Start one with /poll "Question?" "A" "B"'
    )
    start(backbone, QUESTION)
    start(backbone, '"Pizza or tacos?" "Pizza" "Tacos" anonymous')
    listed = poll_command(backbone, "list", user=JOE)
    assert listed.splitlines()[0] == "Open polls in this channel (2)"
    assert "*P-1* Where should the next community meeting be? · emoji · <https://" in listed
    assert (
        "*P-2* Pizza or tacos? · anonymous · results show once 3 people have voted · <https://"
        in listed
    )


def test_bad_syntax_answers_privately_and_stores_nothing(backbone: Harness) -> None:
    said = poll_command(backbone, '"Where?" "Library"')
    assert said == (
        'A poll needs at least two options, each in quotes, like: /poll "Where should we meet '
        'next?" "Library" "Church hall" "Online"'
    )
    assert poll_command(backbone, "list") == (
        'This channel has no open polls. Start one with /poll "Question?" "A" "B"'
    )
    assert backbone.emulator.calls("chat.postMessage") == []
    assert backbone.last_response().get("response_type") in (None, "ephemeral")
    assert blocks.notice(said)["text"] == said
