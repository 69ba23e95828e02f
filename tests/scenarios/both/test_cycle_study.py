"""Study and Act on a test of change, on Slack and on Teams, over real HTTP.

After T-1's end date its owner is asked by DM, in their working hours, "T-1 ended. What
happened?" (once per step, however many tick processes run); the Study form shows the
prediction beside the result fields; then Adopt, Adapt or Abandon, with a reason.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.ids import ActionId, CycleField, StudyField
from storage.models import Cycle, CycleStatus
from tests.scenarios.both.conftest import Shown, SlackWorld, World
from tests.support.cycles import IDEA, PREDICTION, QUESTION, cycles, planned

PLATFORMS = pytest.mark.parametrize("platform", ["slack", "teams"])
LA = ZoneInfo("America/Los_Angeles")
ENDED = "T-1 ended. What happened?"
RESULT = "6 of 10 came to their second meeting; the other 4 had no phone minutes left"
LEARNING = "A call is not enough: offer a text or a drop-in time as well"


def la(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA).astimezone(UTC)


def said_with(shown: list[Shown], words: str) -> list[Shown]:
    return [s for s in shown if words in s.text]


def a_cycle(world: World, *, ends_on: date = date(2026, 11, 27)) -> int:
    """T-1, owned by Joe (Los Angeles), started by Maria; it ends Friday Nov 27."""
    return planned(world.database_url, team_id=world.team_id, channel=world.channel,
                   owners=[world.id("joe")], created_by=world.id("maria"),
                   starts_on=date(2026, 11, 16), ends_on=ends_on, now=world.clock.now)  # fmt: skip


def stored(world: World) -> list[Cycle]:
    return world.read(lambda session: cycles(session, world.team_id))


def studied(world: World) -> Shown:
    """Joe studies T-1 from his reminder; return the DM that asks him to Act."""
    world.tick(la(11, 30, 9, 30))
    (asked,) = said_with(world.dms("joe"), ENDED)
    form = world.open_form(asked, ActionId.CYCLE_STUDY, by="joe")
    assert (
        world.submit_form(form, {StudyField.RESULT: RESULT, StudyField.LEARNING: LEARNING}) is None
    )
    (act,) = said_with(world.dms("joe"), "Saved the study of")
    return act


@PLATFORMS
def test_the_owner_is_asked_once_in_working_hours_until_the_study_is_saved(world: World) -> None:
    a_cycle(world)
    world.tick(la(11, 30, 8, 30))  # Monday, before Joe's working day (Friday's end: not Saturday)
    assert said_with(world.dms("joe"), ENDED) == []
    ran = world.tick_processes(la(11, 30, 9, 30), count=2)
    assert [code for code, _, _ in ran] == [0, 0], ran
    (asked,) = said_with(world.dms("joe"), ENDED)
    assert PREDICTION in asked.text and IDEA in asked.text
    world.tick(la(11, 30, 15))  # the same step is never sent twice
    assert len(said_with(world.dms("joe"), ENDED)) == 1
    world.tick(la(12, 1, 9, 5))  # a working day later: the ladder's next step
    assert len(said_with(world.dms("joe"), f"A reminder: {ENDED}")) == 1
    form = world.open_form(asked, ActionId.CYCLE_STUDY, by="joe")
    assert form.title == "Study T-1"
    assert PREDICTION in form.text and QUESTION in form.text
    assert (
        world.submit_form(form, {StudyField.RESULT: RESULT, StudyField.LEARNING: LEARNING}) is None
    )
    (cycle,) = stored(world)
    assert (cycle.status, cycle.result, cycle.learning, cycle.studied_by, cycle.next_study_at) == (
        CycleStatus.STUDIED, RESULT, LEARNING, world.id("joe"), None
    )  # fmt: skip
    (act,) = said_with(world.dms("joe"), "Saved the study of")
    assert all(word in act.text for word in ("Adopt", "Adapt", "Abandon", PREDICTION, RESULT))
    before = len(world.dms("joe"))
    world.tick(la(12, 3, 9, 5))  # studied: no more reminders
    assert world.dms("joe")[before:] == []


@PLATFORMS
def test_a_study_with_client_details_or_no_result_is_named_under_its_field(world: World) -> None:
    a_cycle(world)
    world.tick(la(11, 30, 9, 30))
    (asked,) = said_with(world.dms("joe"), ENDED)
    form = world.open_form(asked, ActionId.CYCLE_STUDY, by="joe")
    again = world.submit_form(
        form, {StudyField.RESULT: RESULT, StudyField.LEARNING: "Call her back at (555) 201-3344"}
    )
    assert again is not None and "phone number" in again.text
    again = world.submit_form(again, {StudyField.RESULT: "   ", StudyField.LEARNING: LEARNING})
    assert again is not None and "Say what happened, beside the prediction." in again.text
    (cycle,) = stored(world)
    assert (cycle.status, cycle.result, cycle.learning) == (CycleStatus.DOING, None, None)


@PLATFORMS
def test_abandon_asks_why_and_the_cycle_is_decided(world: World) -> None:
    a_cycle(world)
    act = studied(world)
    form = world.open_form(act, ActionId.CYCLE_ABANDON, by="joe")
    assert form.title == "Abandon T-1" and LEARNING in form.text
    again = world.submit_form(form, {StudyField.REASON: "  "})
    assert again is not None and "Say why" in again.text
    reason = "The calls took two hours a day we do not have"
    assert world.submit_form(again, {StudyField.REASON: reason}) is None
    (cycle,) = stored(world)
    assert (cycle.status, cycle.decision_reason, cycle.decided_by) == (
        CycleStatus.ABANDONED, reason, world.id("joe")
    )  # fmt: skip
    assert said_with(world.dms("joe"), "is abandoned. It's in the learning log.")
    # Pressed again later (an old DM): nothing changes, and Joe is told why.
    refused = world.refused_form(act, ActionId.CYCLE_ADOPT, by="joe")
    assert refused == "T-1 is already abandoned. Nothing was changed."
    assert stored(world)[0].status == CycleStatus.ABANDONED


@PLATFORMS
def test_only_owners_the_creator_or_a_coordinator_may_study(world: World) -> None:
    a_cycle(world)
    world.tick(la(11, 30, 9, 30))
    (asked,) = said_with(world.dms("joe"), ENDED)
    refused = world.refused_form(asked, ActionId.CYCLE_STUDY, by="pat")
    assert refused == ("Only T-1's owners, the person who started it, or a coordinator can "
                       "study it. Nothing was changed.")  # fmt: skip
    form = world.open_form(asked, ActionId.CYCLE_STUDY, by="maria")  # she started it
    assert form.title == "Study T-1"


def post_of(shown: list[Shown], code: str) -> Shown:
    """The one post whose first line names the cycle (its own post, not one that links to it)."""
    (found,) = [s for s in shown if re.match(rf"\W*🧪\W*{code}\W", s.text.strip())]
    return found


def study_now(world: World, who: str, code: str, learning: str) -> None:
    (asked,) = said_with(world.dms(who), f"{code} ended. What happened?")
    form = world.open_form(asked, ActionId.CYCLE_STUDY, by=who)
    assert (
        world.submit_form(form, {StudyField.RESULT: RESULT, StudyField.LEARNING: learning}) is None
    )


ADAPTED = "Calls work for most; people without phone minutes need a text instead"
NEXT_LEARNING = "A text the day before reaches the people a call misses"
ADOPTED = "9 of 10 came back: it works, and costs ten minutes a day"


@PLATFORMS
def test_a_two_cycle_ramp_from_pdsa_to_adopt_and_scale_out(world: World) -> None:
    # why: the "done when": a provider runs a ramp from /pdsa to Adopt and scale-out.
    plan = world.command_form(IDEA, by="maria", command="pdsa")
    assert world.submit_form(plan, {CycleField.QUESTION: QUESTION, CycleField.PREDICTION:
                                    PREDICTION, CycleField.STARTS_ON: "2026-11-24",
                                    CycleField.ENDS_ON: "2026-11-27",
                                    CycleField.OWNERS: world.picked("maria")}) is None  # fmt: skip
    world.tick(datetime(2026, 11, 30, 14, 30, tzinfo=UTC))  # Monday 9:30 in New York
    study_now(world, "maria", "T-1", LEARNING)
    first = post_of(world.posts(), "T-1")  # updated in place: what was learned, and Act
    assert LEARNING in first.text and "Adapt" in first.text
    act = world.open_form(first, ActionId.CYCLE_ADAPT, by="maria")
    following = world.submit_form_then(act, {StudyField.REASON: ADAPTED})
    assert following.title == "Plan a test of change" and "Next cycle after" in following.text
    assert (
        world.submit_form(
            following,
            {
                CycleField.QUESTION: "Does a text the day before reach the people a call misses?",
                CycleField.PREDICTION: "9 of 10 come to their second meeting",
                CycleField.STARTS_ON: "2026-12-01",
                CycleField.ENDS_ON: "2026-12-11",
            },
        )
        is None
    )  # fmt: skip  (the owners come filled in from T-1)
    t1, t2 = stored(world)
    assert (t1.status, t1.decision_reason, t2.follows_id, t2.change_idea, t2.owner_ids) == (
        CycleStatus.ADAPTED, ADAPTED, t1.id, f"{IDEA} (next cycle)", [world.id("maria")]
    )  # fmt: skip
    assert "Next: " in post_of(world.posts(), "T-1").text  # linked both ways
    assert "Follows " in post_of(world.posts(), "T-2").text

    world.tick(datetime(2026, 12, 14, 14, 30, tzinfo=UTC))  # the Monday after T-2's end
    study_now(world, "maria", "T-2", NEXT_LEARNING)
    act_dm = said_with(world.dms("maria"), "Saved the study of")[-1]
    adopt = world.open_form(act_dm, ActionId.CYCLE_ADOPT, by="maria")
    assert "Pick another channel: I'll start a linked cycle there" in adopt.text
    elsewhere = world.other_channel()
    assert world.submit_form(adopt, {StudyField.REASON: ADOPTED,
                                     StudyField.SCALE_TO: elsewhere}) is None  # fmt: skip
    _, t2, t3 = stored(world)
    assert (t2.status, t3.scaled_from_id, t3.channel_id, t3.change_idea, t3.prediction,
            t3.owner_ids, t3.status) == (
        CycleStatus.ADOPTED, t2.id, elsewhere, t2.change_idea, t2.prediction,
        [world.id("maria")], CycleStatus.DOING,
    )  # fmt: skip
    copy = post_of(world.posts_in(elsewhere), "T-3")
    assert "Started from" in copy.text and NEXT_LEARNING in copy.text
    assert "Tried next in" in post_of(world.posts(), "T-2").text  # and the source says where
    assert said_with(world.dms("maria"), "is adopted, and I started")


@PLATFORMS
def test_adopting_into_its_own_channel_is_named_under_the_field(world: World) -> None:
    a_cycle(world)
    act = studied(world)
    adopt = world.open_form(act, ActionId.CYCLE_ADOPT, by="joe")
    again = world.submit_form(adopt, {StudyField.REASON: "It works",
                                      StudyField.SCALE_TO: world.channel})  # fmt: skip
    assert again is not None and "That's where T-1 ran. Pick another channel" in again.text
    (cycle,) = stored(world)
    assert (cycle.status, cycle.decision_reason) == (CycleStatus.STUDIED, None)


HOSTILE = "<!channel> <@UJOE> <at>Joe Tran</at> thank the <b>donors</b> & <http://x.example|see>"


@PLATFORMS
def test_typed_markup_in_a_study_stays_words_and_pings_no_one(world: World) -> None:
    plan = world.command_form(IDEA, by="maria", command="pdsa")
    assert world.submit_form(plan, {CycleField.QUESTION: QUESTION, CycleField.PREDICTION:
                                    PREDICTION, CycleField.STARTS_ON: "2026-11-24",
                                    CycleField.ENDS_ON: "2026-11-27",
                                    CycleField.OWNERS: world.picked("maria")}) is None  # fmt: skip
    world.tick(datetime(2026, 11, 30, 14, 30, tzinfo=UTC))
    study_now(world, "maria", "T-1", HOSTILE)
    assert stored(world)[0].learning == html.escape(HOSTILE, quote=False)  # no markup, ever
    post = post_of(world.posts(), "T-1")
    assert HOSTILE in world.displayed(post)
    assert world.pings(world.id("joe")) == 0


@pytest.mark.parametrize("platform", ["slack"])  # Teams' picker lists only channels we are in
def test_adopting_into_a_channel_backbone_cannot_reach_is_named_under_the_field(
    world: World,
) -> None:
    assert isinstance(world, SlackWorld)
    world.harness.emulator.add_channel("CLOCKED", "board-only", members=(world.id("joe"),),
                                       is_private=True, bot_is_member=False)  # fmt: skip
    a_cycle(world)
    adopt = world.open_form(studied(world), ActionId.CYCLE_ADOPT, by="joe")
    again = world.submit_form(adopt, {StudyField.REASON: "It works",
                                      StudyField.SCALE_TO: "CLOCKED"})  # fmt: skip
    assert again is not None and "I can't post in that channel. Add Backbone to it" in again.text
    (cycle,) = stored(world)
    assert cycle.status == CycleStatus.STUDIED


@pytest.mark.parametrize("platform", ["slack"])  # the emulator fails one call on purpose
def test_a_copy_whose_post_fails_is_saved_and_its_adopter_told_what_to_do(world: World) -> None:
    assert isinstance(world, SlackWorld)
    elsewhere = world.other_channel()
    a_cycle(world)
    adopt = world.open_form(studied(world), ActionId.CYCLE_ADOPT, by="joe")
    world.harness.emulator.fail_next("chat.postMessage", status=200, error="not_in_channel")
    before = len(world.dms("joe"))
    assert world.submit_form(adopt, {StudyField.REASON: "It works",
                                     StudyField.SCALE_TO: elsewhere}) is None  # fmt: skip
    t1, t2 = stored(world)
    assert (t1.status, t2.scaled_from_id, t2.channel_id, t2.announce_ts) == (
        CycleStatus.ADOPTED, t1.id, elsewhere, None
    )  # fmt: skip
    (told,) = world.dms("joe")[before:]  # only this, not "I started T-2"
    assert "but I couldn't post in" in told.text
    assert "Add Backbone to that channel, then type `/pdsa T-2` there." in world.displayed(told)
