"""Polls in a public channel Backbone has not joined.

Slack lets the bot post there (`chat:write.public`) but sends it no reactions from there and
refuses reactions.get (`reactions:read` covers only conversations the app is in). So an emoji
poll there would count nothing: Backbone asks to be invited first, and keeps nothing. An
anonymous poll (button votes) works there as anywhere.
"""

from __future__ import annotations

from datetime import timedelta

from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, Harness
from tests.support.polls import click, current, get_poll, poll_command, react, start, thread_of

OUTREACH = "COUTREACH"
QUESTION = '"Which night works for the winter count?" "Tuesday" "Thursday"'
INVITE = (
    "I couldn't post your poll, so nothing was saved. I'm not in the channel, so I wouldn't see "
    "the reactions people vote with. Type /invite @Backbone in it, or add `anonymous` to vote "
    "with buttons instead. Then try again."
)


def outreach(backbone: Harness) -> None:
    """A public channel whose people have not invited Backbone."""
    backbone.emulator.add_channel(
        OUTREACH, "street-outreach", members=(MARIA, JOE, PAT, ADMIN), bot_is_member=False
    )


def test_an_emoji_poll_where_backbone_is_not_asks_to_be_invited(backbone: Harness) -> None:
    outreach(backbone)
    backbone.command(QUESTION, command="/poll", channel=OUTREACH)
    assert backbone.last_response()["text"] == INVITE
    assert backbone.emulator.messages(OUTREACH) == []
    assert backbone.emulator.calls("chat.postMessage") == []
    assert backbone.emulator.calls("reactions.add") == []
    assert poll_command(backbone, "list") == (
        'This channel has no open polls. Start one with /poll "Question?" "A" "B"'
    )


def test_once_invited_the_emoji_poll_counts_reactions(backbone: Harness) -> None:
    outreach(backbone)
    backbone.command(QUESTION, command="/poll", channel=OUTREACH)
    backbone.emulator.state.channels[OUTREACH].bot_is_member = True  # /invite @Backbone
    backbone.emulator.state.channels[OUTREACH].members.add("UBACKBONE")
    message = start(backbone, QUESTION, channel=OUTREACH)
    react(backbone, message, JOE, "two")
    poll_command(backbone, "close P-2")  # the refused one took P-1, as numbers are never reused
    assert get_poll(backbone, 2).results == {"counts": [0, 1], "voters": 1}


def test_an_anonymous_poll_works_where_backbone_is_not(backbone: Harness) -> None:
    outreach(backbone)
    message = start(backbone, QUESTION + " anonymous", channel=OUTREACH)
    for user in (JOE, PAT, ADMIN):
        click(backbone, message, 1, user)
    backbone.tick(backbone.clock.now + timedelta(minutes=1))
    assert "3 people voted so far" in current(backbone, message).text
    poll_command(backbone, "close P-1")
    assert get_poll(backbone, 1).results == {"counts": [0, 3], "voters": 3}
    assert thread_of(backbone, message)[0].text.startswith("🏁 Results of P-1")


def test_an_emoji_poll_whose_channel_removed_backbone_counts_the_votes_it_heard(
    backbone: Harness,
) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, JOE, "one")
    backbone.emulator.state.channels[CASE].bot_is_member = False  # someone removed Backbone
    react(backbone, message, PAT, "two")  # Slack sends no event for this one
    assert poll_command(backbone, "close P-1") == (
        "🏁 P-1 is closed. Its results are in the poll's thread."
    )
    refused = backbone.emulator.calls("reactions.get")
    assert len(refused) == 1  # asked, refused with not_in_channel, and the heard votes count
    assert get_poll(backbone, 1).results == {"counts": [1, 0], "voters": 1}
