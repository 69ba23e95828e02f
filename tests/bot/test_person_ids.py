"""A Teams person id (`29:…`) reads wherever a Slack one does; Slack's readings stay as they were.

The Teams adapter writes each `<at>` mention of a person as `<@29:…>`, so owners, `assign`,
`list @name`, coordinators, goal owners, promises and exports read the same way on both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.goal_phrases import read_goal
from bot.goal_text import AddGoal, UseTemplate, parse_goal_command
from bot.ids import PERSON_ID
from bot.promises import writer_promises
from bot.services.export_text import plain_text
from bot.subcommands import only_mentions
from bot.text import (
    Change,
    Coordinators,
    Create,
    DidYouMean,
    ListItems,
    mentioned_users,
    neutralise,
    parse_action_command,
    read_action_text,
    to_mrkdwn,
)

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
NY = ZoneInfo("America/New_York")
# Real Teams user ids are long base64-like strings after "29:".
ANA = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g"
BO = "29:1a-Zq9XyW3t7Bc4dEf"


@pytest.mark.parametrize(
    "mention",
    [f"<@{ANA}>", f"<@{BO}>", "<@U024BE7LH>", "<@W0123ABC>", "<@U024BE7LH|maria>"],
)
def test_one_pattern_reads_a_person_on_either_platform(mention: str) -> None:
    assert re.fullmatch(rf"<@{PERSON_ID}(?:\|[^>]*)?>", mention)


@pytest.mark.parametrize(
    "not_a_person",
    ["<@C024BE7LH>", "<@29:>", "<@28:app-id>", "<@u024be7lh>", "<@29:a b>", "<@29:x<y>"],
)
def test_what_is_not_a_person_is_not_read_as_one(not_a_person: str) -> None:
    assert mentioned_users(f"call {not_a_person} today") == []


# fmt: off
OWNERS = [
    # why: one owner at the start, as "@Ana" becomes in Teams
    (f"<@{ANA}> call the shelter by Friday", [ANA], "call the shelter"),
    # why: two owners, "and" between them, at the end
    (f"call the shelter by Friday <@{ANA}> and <@{BO}>", [ANA, BO], "call the shelter"),
    # why: a mention mid-sentence stays in the title and still owns it
    (f"ask <@{BO}> to call the shelter", [BO], f"ask <@{BO}> to call the shelter"),
    # why: a mention that ends the sentence stays, or the title would end in "to"
    (f"email the landlord list to <@{BO}>", [BO], f"email the landlord list to <@{BO}>"),
    (f"pick up the keys from <@{ANA}> and <@{BO}>", [ANA, BO],
     f"pick up the keys from <@{ANA}> and <@{BO}>"),
    # why: "@sam to call VA" and "@sam will call VA" say who, then what
    (f"<@{BO}> to call VA about the voucher", [BO], "call VA about the voucher"),
    (f"<@{ANA}> will call VA", [ANA], "call VA"),
    # why: a word that only looks like "to" at the end is not cut short
    (f"update the roster <@{ANA}>", [ANA], "update the roster"),
    # why: Slack's ids read as they always did
    ("<@U024BE7LH>, <@U0G9QF9C6> send the HMIS export", ["U024BE7LH", "U0G9QF9C6"],
     "send the HMIS export"),
]
# fmt: on


@pytest.mark.parametrize(("text", "owners", "title"), OWNERS)
def test_owners_of_a_new_item(text: str, owners: list[str], title: str) -> None:
    draft = read_action_text(text, now=NOW, zone=NY)
    assert (draft.owners, draft.title) == (owners, title)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"assign A-3 <@{ANA}>", Change("assign", (3,), f"<@{ANA}>")),
        (f"assign A-3 <@{ANA}> and <@{BO}>", Change("assign", (3,), f"<@{ANA}> and <@{BO}>")),
        ("assign A-3 <@U024BE7LH>", Change("assign", (3,), "<@U024BE7LH>")),
        (f"asign <@{ANA}>", DidYouMean("assign", (), f"<@{ANA}>", "asign")),  # why: typo
        (f"assign <@{ANA}> to A-3", DidYouMean("assign", (3,), f"<@{ANA}>", "assign")),
        (f"list <@{ANA}>", ListItems(scope="user", user_id=ANA)),
        ("list <@U024BE7LH|maria>", ListItems(scope="user", user_id="U024BE7LH")),
        (f"coordinators add <@{ANA}>", Coordinators("add", (ANA,))),
        (f"<@{ANA}> review the lease", Create(f"<@{ANA}> review the lease")),
    ],
)
def test_subcommands_that_name_people(text: str, expected: object) -> None:
    assert parse_action_command(text) == expected


def test_only_mentions_reads_teams_people_and_separators() -> None:
    assert only_mentions([f"<@{ANA}>,", "and", f"<@{BO}>"])
    assert not only_mentions([f"<@{ANA}>", "tomorrow"])


@pytest.mark.parametrize("person", [ANA, "U024BE7LH"])
def test_a_goal_owned_by_a_person_of_either_platform(person: str) -> None:
    draft = read_goal(
        f'"Percent of referrals accepted" higher is better, baseline 40%, reach 75% by Sept 30, '
        f"reported by <@{person}> fortnightly",
        now=NOW,
        zone=NY,
    )
    assert (draft.title, draft.owner, draft.cadence) == (
        "Percent of referrals accepted",
        person,
        "biweekly",
    )


def test_goal_commands_read_teams_owners() -> None:
    added = parse_goal_command(f'add "Units filled" monthly, owner <@{BO}>', now=NOW, zone=NY)
    assert isinstance(added, AddGoal) and added.draft.owner == BO
    template = parse_goal_command(f"template bfz veterans <@{ANA}>", now=NOW, zone=NY)
    assert template == UseTemplate("veterans", ANA)


@pytest.mark.parametrize("person", [ANA, "U024BE7LH"])
def test_a_promise_after_a_mention(person: str) -> None:
    assert writer_promises(f"<@{person}> I can drive Mr. A Thursday")
    assert not writer_promises(f"<@{person}> can you drive Mr. A Thursday?")


def test_an_export_shows_names_for_teams_people() -> None:
    names = {ANA: "Ana Ruiz", "U024BE7LH": "Maria Lopez"}
    assert plain_text(f"<@{ANA}> and <@U024BE7LH> call", names=names) == (
        "@Ana Ruiz and @Maria Lopez call"
    )


def test_mentions_survive_escaping_and_group_pings_do_not() -> None:
    typed = f"<@{ANA}> & <!channel> 3 < 5"
    assert to_mrkdwn(typed) == f"<@{ANA}> &amp; &lt;!channel&gt; 3 &lt; 5"
    assert neutralise(f"<@{ANA}> <!channel>") == f"<@{ANA}> @channel"


def test_a_group_mention_is_still_refused_as_an_owner() -> None:
    with pytest.raises(Exception, match="needs people as owners"):
        read_action_text(f"<!channel> <@{ANA}> call the shelter", now=NOW, zone=NY)
