"""Identity (migration 0011): a workspace says its platform, and Teams' long ids fit every record.

Teams ids are far longer than Slack's: people `29:…`, channels `19:…@thread.tacv2`, tenants
GUIDs. The records below are written with such ids through the app's own storage functions and
read back whole; a reflective pass writes an id as long as the column allows into every id
column of every table; on PostgreSQL, which enforces lengths, the same ids are refused at 0010.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from storage import actions, captures, coordinators, decisions, digests, nudges, polls
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import alembic_config, current_revision, upgrade
from storage.models import (
    ID_LENGTH,
    ActionItem,
    Base,
    Channel,
    Decision,
    DigestSchedule,
    Platform,
    Poll,
    Workspace,
)
from storage.people import Profile, get_person, mark_deactivated, save_profile
from storage.workspaces import ensure_workspace, next_number
from tests.conftest import NOW, ON_POSTGRES
from tests.storage.test_migration_upgrades import fill, read_back

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"  # a Teams tenant id is a GUID
MARIA = "29:1" + "kq3F-Zr9_wT2xLmB" * 7 + "Xp3vN7Lq"  # 124 characters, as Teams gives them
JOE = "29:1" + "aB7-cD8_eF9gH0iJ" * 7 + "K2lM3nO4"
CHANNEL = "19:" + "4e1c9a7b2f" * 10 + "@thread.tacv2"  # 116 characters
CHAT = "a:1" + "Zx8Yw7Vu6Ts5Rq4P" * 6  # a one-to-one chat with the bot
POST = "1:" + "7Hq2Lm9Xr4Tz8Kc1" * 3 + "Wb6Np3Js5D"  # a message (activity) id, 60 characters
REPLY = "1:" + "Rf5Gt6Yh7Uj8Ik9O" * 3 + "Lp0Qa1Sw2E"
ACTIVITY = "f:" + "3b9f2c7d1e8a4f6b" * 4  # an incoming activity's id, 66 characters
LINK = (
    f"https://teams.microsoft.com/l/message/{CHANNEL}/1764687600000?tenantId={TENANT}"
    "&groupId=0f3c2a91-5b7e-4d6a-9c8f-1e2d3c4b5a69&parentMessageId=1764687600000"
    "&teamName=Westside%20Shelter%20Network%20%E2%80%93%20Volunteers%2C%20Case%20Managers"
    "%20and%20Coordinators"
    "&channelName=Case%20Coordination%20for%20Veterans%2C%20Families%20and%20Young%20People"
    "&createdTime=1764687600000"
)
IDS = [TENANT, MARIA, JOE, CHANNEL, CHAT, POST, REPLY, ACTIVITY]


def test_the_ids_are_teams_sized() -> None:
    # why: the test must exercise ids far past Slack's 32 characters, and a link past 500.
    assert [len(i) for i in IDS] == [36, 124, 124, 116, 99, 60, 60, 66]
    assert len(LINK) > 500


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on a fresh database that holds a Teams workspace with two people and a channel."""
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        session.add(
            Workspace(team_id=TENANT, name="Westside", platform=Platform.TEAMS, created_at=NOW)
        )
        ensure_workspace(session, team_id=TENANT, now=NOW)  # already there: changes nothing
        for user_id, name in [(MARIA, "Maria"), (JOE, "Joe")]:
            profile = Profile(user_id, name, "America/New_York", False, False, False)
            save_profile(session, team_id=TENANT, profile=profile, now=NOW)
        session.add(Channel(team_id=TENANT, channel_id=CHANNEL, name="case-coordination"))
    return factory


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in the Teams workspace's database, in a transaction that commits at the end."""
    with transaction(factory) as session:
        yield session


def new_item(session: Session) -> ActionItem:
    """Store an item Maria captured from a Teams message, owned by both, announced in a post."""
    item = ActionItem(
        team_id=TENANT,
        number=next_number(session, team_id=TENANT, counter="action_seq"),
        title="Call the shelter about 3 beds",
        creator_id=MARIA,
        channel_id=CHANNEL,
        source_url=LINK,
        announce_channel=CHANNEL,
        announce_ts=POST,
        source_channel=CHANNEL,
        source_ts=REPLY,
        created_at=NOW,
        updated_at=NOW,
    )
    return actions.add_item(session, item=item, owner_ids=[MARIA, JOE])


def test_the_workspace_is_on_teams_and_its_people_keep_their_ids(session: Session) -> None:
    workspace = session.get(Workspace, TENANT)
    assert workspace is not None
    assert (workspace.team_id, workspace.name, workspace.platform) == (TENANT, "Westside", "teams")
    people = [get_person(session, team_id=TENANT, user_id=u) for u in (MARIA, JOE)]
    assert [(p.user_id, p.name) for p in people if p] == [(MARIA, "Maria"), (JOE, "Joe")]
    assert session.get(Channel, (TENANT, CHANNEL)) is not None


def test_a_workspace_is_on_slack_unless_it_says_otherwise(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        ensure_workspace(session, team_id="T0SLACK", now=NOW)
    with transaction(factory) as session:
        workspace = session.get(Workspace, "T0SLACK")
        assert workspace is not None and workspace.platform == "slack"


def test_no_other_platform_is_stored(engine: Engine) -> None:
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(
            sa.insert(Workspace).values(
                team_id="X1", name="", action_seq=0, decision_seq=0, created_at=NOW,
                platform="discord",
            )
        )  # fmt: skip


def test_an_item_keeps_its_owners_history_and_posts(session: Session) -> None:
    item = new_item(session)
    actions.record_event(session, item=item, kind="snoozed", actor_id=JOE, now=NOW)
    session.flush()
    session.expire_all()
    found = actions.get_item(session, team_id=TENANT, number=1)
    assert found is not None
    assert (found.creator_id, found.channel_id, found.owner_ids) == (MARIA, CHANNEL, [MARIA, JOE])
    assert (found.announce_channel, found.announce_ts) == (CHANNEL, POST)
    assert (found.source_channel, found.source_ts, found.source_url) == (CHANNEL, REPLY, LINK)
    assert [(e.team_id, e.actor_id) for e in actions.history(session, item=found)] == [
        (TENANT, JOE)
    ]
    assert actions.open_items_owned_by(session, team_id=TENANT, user_id=JOE) == [found]
    assert actions.open_items_in_channel(session, team_id=TENANT, channel_id=CHANNEL) == [found]


def test_a_decision_keeps_who_recorded_it_and_where(session: Session) -> None:
    decision = Decision(
        team_id=TENANT,
        number=next_number(session, team_id=TENANT, counter="decision_seq"),
        text="We hold 3 beds for veterans",
        recorder_id=JOE,
        channel_id=CHANNEL,
        source_url=LINK,
        source_channel=CHANNEL,
        source_ts=POST,
        created_at=NOW,
    )
    decisions.add_decision(session, decision=decision)
    session.expire_all()
    found = decisions.get_decision(session, team_id=TENANT, number=1)
    assert found is not None
    assert (found.recorder_id, found.channel_id, found.source_url) == (JOE, CHANNEL, LINK)
    assert (found.source_channel, found.source_ts) == (CHANNEL, POST)


def test_an_activity_is_handled_once_and_a_capture_finds_its_reply(session: Session) -> None:
    once = [captures.claim_event(session, team_id=TENANT, event_id=ACTIVITY, now=NOW)]
    once.append(captures.claim_event(session, team_id=TENANT, event_id=ACTIVITY, now=NOW))
    assert once == [True, False]
    capture, created = captures.claim_capture(
        session, team_id=TENANT, channel_id=CHANNEL, message_ts=POST, kind="lines", now=NOW
    )
    captures.set_reply(session, capture_id=capture.id, reply_ts=REPLY)
    session.flush()
    session.expire_all()
    found = captures.capture_by_reply(session, team_id=TENANT, channel_id=CHANNEL, reply_ts=REPLY)
    assert found is not None and created
    assert (found.channel_id, found.message_ts, found.kind) == (CHANNEL, POST, "lines")


def test_a_nudge_keeps_the_chat_and_message_that_carried_it(session: Session) -> None:
    item = new_item(session)
    claim = nudges.StepClaim(TENANT, item.id, JOE, "before", NOW)
    assert nudges.claim_steps(session, [claim], token="run-1", now=NOW) == 1
    (nudge,) = nudges.claim_for_delivery(session, token="run-1", now=NOW)
    nudges.mark_sent(session, ids=[nudge.id], token="run-1", now=NOW, channel=CHAT, ts=POST)
    session.expire_all()
    assert nudges.sent_steps(session, item_id=item.id) == [(JOE, "before", "sent")]
    assert (nudge.team_id, nudge.user_id, nudge.dm_channel, nudge.dm_ts) == (
        TENANT,
        JOE,
        CHAT,
        POST,
    )


def test_a_digest_keeps_its_channel_who_set_it_and_its_post(session: Session) -> None:
    schedule = DigestSchedule(
        team_id=TENANT, channel_id=CHANNEL, weekday=1, minute=9 * 60, tz="America/New_York",
        set_by=MARIA, updated_at=NOW, next_run_at=NOW,
    )  # fmt: skip
    digests.save_schedule(session, schedule=schedule, now=NOW)
    saved = digests.get_schedule(session, team_id=TENANT, channel_id=CHANNEL)
    assert saved is not None and saved.set_by == MARIA
    claimed = digests.claim_week(
        session, schedule=saved, week="2026-W48", slot_at=NOW, token="run-1", now=NOW
    )
    (post,) = digests.claims_to_post(session, token="run-1", now=NOW)
    digests.mark_posted(session, post_id=post.id, now=NOW, ts=POST)
    session.expire_all()
    assert claimed and digests.ledger(session, team_id=TENANT, channel_id=CHANNEL) == [
        ("2026-W48", "sent")
    ]
    assert (post.team_id, post.channel_id, post.message_ts) == (TENANT, CHANNEL, POST)


def test_a_poll_keeps_its_post_votes_ballots_and_who_closed_it(session: Session) -> None:
    poll = Poll(
        team_id=TENANT, number=next_number(session, team_id=TENANT, counter="poll_seq"),
        question="Which evening?", options=["Tuesday", "Thursday"], channel_id=CHANNEL,
        message_ts=POST, source_url=LINK, creator_id=MARIA, created_at=NOW, results_ts=REPLY,
    )  # fmt: skip
    polls.add_poll(session, poll=poll)
    polls.add_vote(session, poll=poll, user_id=JOE, option=1, reacted_at=NOW)
    polls.save_ballot(session, poll=poll, voter="9f" * 32, options=[0])
    assert polls.claim_close(session, poll_id=poll.id, now=NOW, by=MARIA)
    session.expire_all()
    found = polls.poll_by_message(session, team_id=TENANT, channel_id=CHANNEL, message_ts=POST)
    assert found is not None
    assert (found.creator_id, found.closed_by, found.results_ts, found.source_url) == (
        MARIA,
        MARIA,
        REPLY,
        LINK,
    )
    votes = polls.votes_of(session, poll_id=poll.id)
    assert [(v.team_id, v.user_id, v.option) for v in votes] == [(TENANT, JOE, 1)]
    assert polls.ballot_choices(session, poll_id=poll.id) == [[0]]


def test_a_coordinator_keeps_who_named_them(session: Session) -> None:
    named = coordinators.add_coordinator(
        session, team_id=TENANT, user_id=JOE, added_by=MARIA, now=NOW + timedelta(hours=1)
    )
    assert named and coordinators.coordinator_ids(session, team_id=TENANT) == [JOE]


def test_a_persons_zone_away_and_deactivation_are_no_platforms_business(session: Session) -> None:
    joe = get_person(session, team_id=TENANT, user_id=JOE)
    assert joe is not None
    joe.away_until = NOW + timedelta(days=3)
    mark_deactivated(session, team_id=TENANT, user_id=MARIA, now=NOW)
    session.flush()
    session.expire_all()
    people = [get_person(session, team_id=TENANT, user_id=u) for u in (MARIA, JOE)]
    assert [(p.tz, p.away_until, p.deactivated) for p in people if p] == [
        ("America/New_York", None, True),
        ("America/New_York", NOW + timedelta(days=3), False),
    ]
    workspace = session.get(Workspace, TENANT)
    assert workspace is not None
    assert (workspace.workday_start, workspace.workday_end, workspace.workdays) == (
        540,
        1020,
        "12345",
    )


def test_zone_hours_away_and_deactivation_live_in_columns_every_platform_shares(
    engine: Engine,
) -> None:
    # One set of columns for every platform: no table or column is named after one.
    schema = inspect(engine)
    types = {
        (table, c["name"]): type(c["type"])
        for table in ("people", "workspaces")
        for c in schema.get_columns(table)
    }
    shared = {
        ("people", "tz"): sa.String,
        ("people", "away_until"): sa.DateTime,
        ("people", "deactivated"): sa.Boolean,
        ("workspaces", "workday_start"): sa.Integer,
        ("workspaces", "workday_end"): sa.Integer,
        ("workspaces", "workdays"): sa.String,
    }
    assert {key: issubclass(types[key], kind) for key, kind in shared.items()} == dict.fromkeys(
        shared, True
    )
    names = [
        n
        for t in schema.get_table_names()
        for n in [t, *(c["name"] for c in schema.get_columns(t))]
    ]
    # why: each adapter's own tables (slack_sdk's stores, the Teams references) are its business
    adapters = {t for t in schema.get_table_names() if t.startswith(("slack_", "teams_"))}
    ours = [n for t in set(schema.get_table_names()) - adapters - {"alembic_version"}
            for n in [t, *(c["name"] for c in schema.get_columns(t))]]  # fmt: skip
    assert names and [n for n in ours if "slack" in n or "teams" in n] == []


def id_columns(engine: Engine) -> dict[str, list[str]]:
    """Each table's columns sized for a platform's id, as the database says."""
    schema = inspect(engine)
    return {
        table: names
        for table in schema.get_table_names()
        if not table.startswith("slack_")
        and (names := [c["name"] for c in schema.get_columns(table) if _is_id(c["type"])])
    }


def _is_id(kind: Any) -> bool:
    return isinstance(kind, sa.String) and kind.length == ID_LENGTH


def test_every_id_column_of_every_table_is_widened(engine: Engine) -> None:
    # why: the list is the migration's promise; a table added later must decide for its ids.
    assert id_columns(engine) == {
        "workspaces": ["team_id"],
        "people": ["team_id", "user_id"],
        "channels": ["team_id", "channel_id"],
        "action_items": ["team_id", "creator_id", "channel_id", "announce_channel",
                         "announce_ts", "source_channel", "source_ts"],
        "action_owners": ["user_id"],
        "action_events": ["team_id", "actor_id"],
        "decisions": ["team_id", "recorder_id", "channel_id", "source_channel", "source_ts"],
        "processed_events": ["team_id", "event_id"],
        "message_captures": ["team_id", "channel_id", "message_ts", "reply_ts"],
        "nudges": ["team_id", "user_id", "dm_channel", "dm_ts"],
        "digest_schedules": ["team_id", "channel_id", "set_by"],
        "digest_posts": ["team_id", "channel_id", "message_ts"],
        "polls": ["team_id", "channel_id", "message_ts", "creator_id", "closed_by", "results_ts"],
        "poll_votes": ["user_id", "team_id"],
        "poll_ballots": ["team_id"],
        "coordinators": ["team_id", "user_id", "added_by"],
        # 0014: goals hold workspace, channel and people ids, never clients'
        "north_stars": ["team_id", "channel_id", "set_by"],
        "goals": ["team_id", "channel_id", "owner_id", "created_by"],
        "goal_values": ["team_id", "reported_by"],
        "goal_checkins": ["team_id", "user_id"],
        # 0015: the Teams adapter's references, its posts ledger and its pictures
        "teams_conversations": ["team_id", "conversation_id", "person_id", "teams_team_id",
                                "home_activity_id"],
        "teams_posts": ["team_id", "conversation_id", "activity_id", "thread_id"],
        "teams_pictures": ["team_id"],
        # 0017: tests of change hold workspace, channel, message and people ids
        "cycles": ["team_id", "channel_id", "created_by", "announce_channel", "announce_ts",
                   "studied_by", "decided_by"],
        "cycle_owners": ["user_id"],
        "cycle_study_nudges": ["team_id", "user_id"],
        # 0018: polls by link (the signing key in web_keys is the server's, no platform's id)
        "poll_links": ["team_id", "created_by"],
        "poll_link_people": ["team_id"],
        # 0019: a channel's public progress page
        "progress_pages": ["team_id", "channel_id", "published_by"],
    }  # fmt: skip


# Every id column the models declare: the same columns at every revision, whatever their size.
MODEL_IDS = {
    (table.name, column.name)
    for table in Base.metadata.sorted_tables
    for column in table.columns
    if _is_id(column.type)
}


def teams_id(column: sa.Column[Any]) -> str:
    """A Teams-shaped id as long as an id column allows; other strings short."""
    if column.name == "platform":
        return "teams"
    if (column.table.name, column.name) not in MODEL_IDS:
        return column.name[: getattr(column.type, "length", None) or 100]
    prefix = "19:" if "channel" in column.name else "29:"
    return (prefix + f"{column.table.name}.{column.name}:" * 20)[:ID_LENGTH]


def test_every_id_column_holds_an_id_as_long_as_it_allows(engine: Engine) -> None:
    rows = fill(engine, {}, teams_id)
    assert read_back(engine, rows) == rows
    lengths = {(t, c): len(rows[t][0][c]) for t, cs in id_columns(engine).items() for c in cs}
    assert lengths == dict.fromkeys(lengths, ID_LENGTH) and len(lengths) == 85
    assert rows["workspaces"][0]["platform"] == "teams"


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite stores any length in any column")
def test_before_0011_postgresql_refuses_the_same_ids(empty_database: str) -> None:
    engine = make_engine(empty_database)
    try:
        upgrade(engine, "0010")
        with pytest.raises(sa.exc.DataError, match="value too long"):
            fill(engine, {}, teams_id)
    finally:
        engine.dispose()


def test_downgrading_narrows_the_ids_again(engine: Engine) -> None:
    rows = _before_goals(fill(engine, {}, slack_id))  # why: 0019 to 0014 come off first
    command.downgrade(alembic_config(engine), "0010")
    assert read_back(engine, _without_platform(rows)) == _without_platform(rows)
    assert id_columns(engine) == {}
    lengths = {
        c["name"]: getattr(c["type"], "length", None) for c in inspect(engine).get_columns("people")
    }
    assert (lengths["team_id"], lengths["user_id"], "platform" in lengths) == (32, 32, False)
    upgrade(engine)
    assert read_back(engine, rows) == rows


def _before_goals(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows without what migrations 0014 (goals), 0015 (Teams), 0017 (cycles), 0018 (poll
    links) and 0019 (progress pages) add."""
    added = {"goal_seq", "small_count", "cycle_seq", "cycle_id"}
    return {
        t: [{k: v for k, v in r.items() if k not in added} for r in rs]
        for t, rs in rows.items()
        if t
        not in {
            "north_stars",
            "goals",
            "goal_values",
            "goal_checkins",
            "web_keys",
            "poll_links",
            "poll_link_people",
            "progress_pages",
        }
        and not t.startswith(("teams_", "cycle"))
    }


def slack_id(column: sa.Column[Any]) -> str:
    """A Slack-sized id: what every revision before 0011 could hold."""
    length = min(getattr(column.type, "length", None) or 32, 32)
    return "slack" if column.name == "platform" else column.name[:length]


def _without_platform(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {
        t: [{k: v for k, v in r.items() if k != "platform"} for r in rs] for t, rs in rows.items()
    }


def test_downgrading_refuses_while_an_id_would_not_fit(
    factory: sessionmaker[Session], engine: Engine
) -> None:
    with transaction(factory) as session:
        new_item(session)
    command.downgrade(alembic_config(engine), "0011")  # why: later revisions come off first
    with pytest.raises(RuntimeError, match="longer than they could before") as refused:
        command.downgrade(alembic_config(engine), "0010")
    assert "people.user_id" in str(refused.value) and "workspaces.team_id" in str(refused.value)
    assert current_revision(engine) == "0011"
    upgrade(engine)  # the models are those of head
    with transaction(factory) as session:
        item = actions.get_item(session, team_id=TENANT, number=1)
        assert item is not None and (item.creator_id, item.owner_ids) == (MARIA, [MARIA, JOE])


def test_downgrading_refuses_while_a_workspace_is_on_teams(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        session.add(Workspace(team_id="T0", name="", platform=Platform.TEAMS, created_at=NOW))
    command.downgrade(alembic_config(engine), "0011")  # why: later revisions come off first
    with pytest.raises(RuntimeError, match="1 workspace\\(s\\) are not on Slack"):
        command.downgrade(alembic_config(engine), "0010")
    assert current_revision(engine) == "0011"


def test_a_workspace_made_on_first_use_is_filed_under_its_own_platform(engine: Engine) -> None:
    # why: items made before any install record create the workspace row, which must say Teams
    # for a tenant (scheduled work and exports read it), and Slack for a Slack team.
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        ensure_workspace(session, team_id=TENANT, now=NOW)
        ensure_workspace(session, team_id="T0SLACK01", now=NOW)
    with transaction(factory) as session:
        rows = sorted(session.execute(sa.select(Workspace.team_id, Workspace.platform)).all())
    assert [tuple(row) for row in rows] == [(TENANT, "teams"), ("T0SLACK01", "slack")]
