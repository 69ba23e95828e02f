"""The behaviours Slack and Teams share, written once and run on each (the `world` fixture).

Every step goes over real HTTP: signed Slack requests, Teams activities with real JWTs checked
against the emulator's keys, Backbone's answers through each platform's Web API or connector.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from bot.ids import ActionId, GoalField
from bot.messages.privacy import refusal_text
from bot.privacy import Finding
from storage import goals as goal_store
from storage.models import GoalValue, Status
from tests.scenarios.both.conftest import Shown, World

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
LA = ZoneInfo("America/Los_Angeles")
# Thursday 17:30 UTC: 12:30 in New York, 9:30 in Los Angeles: inside Joe's working day.
THURSDAY_LA_MORNING = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
MONDAY_9_NY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
NOTES = (
    "Case conferencing, Tuesday\n"
    "ACTION: {joe} call the shelter about 3 beds by Friday\n"
    "TODO: renew the lease for unit 4"
)


def said_with(shown: list[Shown], words: str) -> list[Shown]:
    return [s for s in shown if words in s.text]


def reminded(shown: list[Shown]) -> list[Shown]:
    """The reminders about A-1 (Teams writes the code in bold)."""
    return [s for s in said_with(shown, "⏰") if "A-1" in s.text]


@PLATFORMS
def test_meeting_notes_are_captured_with_one_reply_and_edits_follow(world: World) -> None:
    notes = world.paste(NOTES)
    items = world.items()
    assert [(i.title, i.owner_ids) for i in items] == [
        ("call the shelter about 3 beds", [world.id("joe")]),
        ("renew the lease for unit 4", [world.id("maria")]),
    ]
    (reply,) = world.replies(notes)
    assert "A-1" in reply.text and "A-2" in reply.text
    world.edit(notes, NOTES.replace("unit 4", "unit 5"))
    assert [i.title for i in world.items()][1] == "renew the lease for unit 5"
    (reply,) = world.replies(notes)  # the one reply is updated, never posted again
    assert "unit 5" in reply.text


@PLATFORMS
def test_a_reminder_comes_once_from_two_tick_processes_and_done_works_from_it(
    world: World,
) -> None:
    world.command("call the shelter {joe} by Friday")
    world.tick(datetime(2026, 11, 26, 8, 30, tzinfo=LA).astimezone(UTC))  # before Joe's day
    assert reminded(world.dms("joe")) == []
    before = len(world.dms("joe"))
    ran = world.tick_processes(THURSDAY_LA_MORNING, count=2)
    assert [code for code, _, _ in ran] == [0, 0], ran
    reminders = reminded(world.dms("joe")[before:])
    assert len(reminders) == 1, [s.text for s in world.dms("joe")]
    assert "Due tomorrow" in reminders[0].text
    world.tick(THURSDAY_LA_MORNING)  # the same step is never sent twice
    assert len(reminded(world.dms("joe"))) == 1
    if world.platform == "teams":  # Joe never wrote to Backbone: his 1:1 chat was opened for it
        assert len(world.emu.calls("conversations.create")) == 1  # type: ignore[attr-defined]
    world.press(reminders[0], ActionId.ITEM_DONE, by="joe")
    assert world.items()[0].status == Status.DONE


@PLATFORMS
def test_an_anonymous_poll_by_buttons_closed_with_its_results(world: World) -> None:
    world.command('"Which day suits intake?" "Tuesday" "Thursday" anonymous', command="poll")
    (poll,) = said_with(world.posts(), "Which day suits intake?")
    world.press(poll, f"{ActionId.POLL_VOTE}:1", by="joe")
    world.press(poll, f"{ActionId.POLL_VOTE}:0", by="joe")  # single choice: replaces the vote
    world.press(poll, f"{ActionId.POLL_VOTE}:0", by="pat")
    world.press(poll, f"{ActionId.POLL_VOTE}:1", by="maria")
    assert any("Your vote for “Tuesday” in P-1 is in." in t for t in world.private("joe"))
    world.command("close P-1", command="poll")
    (closed,) = world.polls()
    assert closed.results == {"counts": [2, 1], "voters": 3}
    (results,) = said_with(world.replies(poll.native), "Results")
    assert "Tuesday" in results.text and "2" in results.text


@PLATFORMS
def test_poll_options_are_numbered_with_emoji_people_see_as_emoji(world: World) -> None:
    world.command('"Which day suits intake?" "Tuesday" "Thursday" anonymous', command="poll")
    (poll,) = said_with(world.posts(), "Which day suits intake?")
    for who, option in (("joe", 0), ("pat", 0), ("maria", 1)):
        world.press(poll, f"{ActionId.POLL_VOTE}:{option}", by=who)
    world.command("close P-1", command="poll")
    (results,) = said_with(world.replies(poll.native), "Results")
    shown = world.displayed(results)
    assert "1\ufe0f\u20e3 Tuesday" in shown and "2\ufe0f\u20e3 Thursday" in shown
    assert ":one:" not in shown and ":two:" not in shown


@PLATFORMS
def test_the_weekly_digest_is_posted_with_its_picture(world: World) -> None:
    world.clock.now = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # two weeks: a run chart
    world.command("call the shelter {joe} by Friday")
    world.clock.now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    world.command("on Monday 9am", command="digest")
    world.command("send the HMIS report by Wednesday")
    world.command("done A-2")
    world.tick(MONDAY_9_NY)
    digests = said_with(world.posts(), "Weekly digest")
    assert len(digests) == 1
    (png,) = world.pictures()
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.format == "PNG"


@PLATFORMS
def test_home_shows_a_persons_items(world: World) -> None:
    world.command("call the shelter {joe} by Friday")
    world.command("renew the lease for unit 4", by="joe")
    home = world.home("joe")
    assert "call the shelter" in home and "renew the lease for unit 4" in home


@PLATFORMS
def test_someone_else_cannot_mark_anothers_item_done(world: World) -> None:
    world.command("renew the lease for unit 4", by="joe")
    (announced,) = [s for s in world.everything() if "A-1" in s.text]
    world.press(announced, ActionId.ITEM_DONE, by="pat")
    assert world.items()[0].status == Status.OPEN
    assert world.private("pat"), "Pat is told why nothing happened"
    world.command("done A-1", by="pat")
    assert world.items()[0].status == Status.OPEN
    world.press(announced, ActionId.ITEM_DONE, by="joe")
    assert world.items()[0].status == Status.DONE


@PLATFORMS
def test_a_command_not_signed_by_the_platform_changes_nothing(world: World) -> None:
    before = world.calls()
    assert world.forged_command("call the shelter {joe} by Friday") == 401
    assert world.items() == []
    assert world.calls() == before  # nothing said, no token asked


@PLATFORMS
def test_a_group_ping_is_refused_privately(world: World) -> None:
    world.command("{everyone} read the minutes")
    assert world.items() == []
    assert any("people as owners" in t for t in world.private("maria")), world.private("maria")


TYPED = "<at>Joe Tran</at> thank the <b>donors</b> & <script>x</script>"


@PLATFORMS
def test_typed_mentions_and_markup_stay_words_and_ping_no_one(world: World) -> None:
    world.command(world.literal(TYPED))
    (item,) = world.items()
    assert item.owner_ids == [world.id("maria")]
    (announced,) = said_with(world.everything(), "A-1")
    assert TYPED in world.displayed(announced)
    assert world.pings(world.id("joe")) == 0


SSN = Finding("ssn", 0, 0)


@PLATFORMS
def test_an_ssn_in_an_item_is_refused_privately_and_nothing_is_stored(world: World) -> None:
    before = len(world.everything())
    world.command("call the VA about John's benefits, SSN 123-45-6789 {joe}")
    assert world.items() == []
    told = "\n".join(world.private("maria"))
    assert refusal_text(SSN, what="that action item") in told
    assert len(world.everything()) == before
    assert "123-45-6789" not in "\n".join(s.text for s in world.everything())


MEDIAN_DAYS = (
    'add "Median days from match to move-in" lower is better, baseline 90, target 45 by June 30, '
    "{joe} reports monthly"
)


@PLATFORMS
def test_a_goal_is_made_and_reported(world: World) -> None:
    world.command(MEDIAN_DAYS, command="goal")
    (goal,) = world.goals()
    assert (goal.number, goal.owner_id, goal.cadence) == (1, world.id("joe"), "monthly")
    assert said_with(world.everything(), "G-1")
    world.command("report G-1 80 for October", by="joe", command="goal")
    world.command("report G-1 82 for October", by="joe", command="goal")  # replaces it
    values = world.read(lambda s: reported(s, world.team_id))
    assert [v.value for v in values] == [82]


def reported(session: Session, team_id: str) -> list[GoalValue]:
    found = goal_store.get_goal(session, team_id=team_id, number=1)
    assert found is not None
    return goal_store.values_of(session, goal=found)


@PLATFORMS
def test_a_goal_check_in_is_asked_in_working_hours_and_reported_from_its_form(
    world: World,
) -> None:
    world.command(MEDIAN_DAYS, command="goal")
    world.tick(datetime(2026, 12, 1, 8, 30, tzinfo=LA).astimezone(UTC))  # before Joe's day
    assert not said_with(world.dms("joe"), "What was G-1 for November?")
    world.tick(datetime(2026, 12, 1, 9, 0, tzinfo=LA).astimezone(UTC))
    (asked,) = said_with(world.dms("joe"), "What was G-1 for November?")
    form = world.open_form(asked, ActionId.GOAL_REPORT, by="joe")
    assert form.title == "G-1 · November"
    again = world.submit_form(form, {GoalField.VALUE: "many"})
    assert again is not None  # a value that is no number is named in the form
    assert world.read(lambda s: reported(s, world.team_id)) == []
    assert world.submit_form(again, {GoalField.VALUE: "62"}) is None
    assert [(v.period, v.value) for v in world.read(lambda s: reported(s, world.team_id))] == [
        ("2026-11", 62)
    ]
    assert said_with(world.dms("joe"), "Saved G-1 for November: 62.")


@PLATFORMS
def test_an_anonymous_multi_choice_hidden_poll_counts_each_pick_and_shows_them_at_close(
    world: World,
) -> None:
    # why: multi choice toggles each option for its voter, and a hidden poll's post shows no
    # counts until it closes, on both platforms alike.
    question = "Which trainings should we run?"
    world.command(f'"{question}" "Housing First" "Trauma care" "Naloxone" anonymous multi hidden',
                  command="poll")  # fmt: skip
    (poll,) = said_with(world.posts(), question)
    world.press(poll, f"{ActionId.POLL_VOTE}:0", by="joe")
    world.press(poll, f"{ActionId.POLL_VOTE}:2", by="joe")
    world.press(poll, f"{ActionId.POLL_VOTE}:2", by="pat")
    world.press(poll, f"{ActionId.POLL_VOTE}:1", by="pat")
    world.press(poll, f"{ActionId.POLL_VOTE}:1", by="pat")  # pressed again: taken back
    world.press(poll, f"{ActionId.POLL_VOTE}:0", by="maria")  # three voters: counts are kept
    (shown,) = said_with(world.posts(), question)
    assert "%" not in shown.text  # hidden: no counts while it is open
    world.command("close P-1", command="poll")
    (closed,) = world.polls()
    assert closed.results == {"counts": [2, 0, 2], "voters": 3}
    (results,) = said_with(world.replies(poll.native), "Results")
    assert "Naloxone" in results.text


SHIFTING = (90, 92, 91, 95, 93, 89, 80, 75, 70, 72, 68, 65)  # six above the median, then below
MONTHS = ("2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05",
          "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")  # fmt: skip


@PLATFORMS
def test_the_digest_has_the_north_star_and_a_goal_with_a_signal_and_its_run_chart(
    world: World,
) -> None:
    world.command('northstar "Functional zero for veterans by December 2027"', command="goal")
    world.command(MEDIAN_DAYS, command="goal")
    for month, value in zip(MONTHS, SHIFTING, strict=True):
        world.command(f"report G-1 {value} for {month}", by="joe", command="goal")
    world.command("on Monday 9am", command="digest")
    world.tick(MONDAY_9_NY)
    (digest,) = said_with(world.posts(), "Weekly digest")
    assert "North star" in digest.text
    assert "Functional zero for veterans by December 2027" in digest.text
    assert "G-1" in digest.text and "a signal" in digest.text
    assert "6 points are all above the median" in digest.text
    assert world.pictures()  # the run chart, shared in the digest's thread
    if world.platform == "teams":  # a card in the thread (on Slack, a file shared there)
        assert len(said_with(world.replies(digest.native), "Run chart of G-1")) == 1


@PLATFORMS
def test_built_for_zero_measures_and_capacity_on_both_platforms(world: World) -> None:
    world.command("template bfz chronic {joe} pit 5,200", command="goal")
    made = {goal.template: goal for goal in world.goals()}
    assert len(made) == 6 and made["bfz:chronic:actively_homeless"].point_in_time_count == 5200
    assert said_with(world.posts(), "Built for Zero measures for chronic")
    world.command('capacity "Open rapid re-housing slots" {joe} reports weekly', command="goal")
    (capacity,) = [goal for goal in world.goals() if goal.kind == "capacity"]
    assert (capacity.is_count, capacity.idle_days) == (True, 14)
