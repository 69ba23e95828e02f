"""Closing polls on time (once, however many ticks) or by command, weekly copies, and results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.messages import polls
from bot.services.poll_votes import Tally
from bot.services.polls import PollResult, closed_polls_between
from bot.slack.render import render_message
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import current, get_poll, poll_command, react, start, thread_of
from tests.support.records import all_decisions, read

QUESTION = '"Which evening works for the advisory group?" "Tuesday 5pm" "Thursday 6pm"'
FRIDAY_5PM_NEW_YORK = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


def test_a_poll_closes_on_time_once_however_many_ticks_run(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " closes Friday 5pm")
    react(backbone, message, JOE, "one")
    react(backbone, message, PAT, "one")
    react(backbone, message, ADMIN, "two")
    assert get_poll(backbone, 1).closes_at == FRIDAY_5PM_NEW_YORK
    assert backbone.tick(FRIDAY_5PM_NEW_YORK - timedelta(minutes=1)).polls.closed == 0
    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(lambda _: backbone.tick(FRIDAY_5PM_NEW_YORK), range(3)))
    assert sum(report.polls.closed for report in reports) == 1
    assert backbone.tick(FRIDAY_5PM_NEW_YORK + timedelta(minutes=1)).polls.closed == 0
    poll = get_poll(backbone, 1)
    assert (poll.closed_at, poll.closed_by) == (FRIDAY_5PM_NEW_YORK, None)
    assert poll.results == {"counts": [2, 1], "voters": 3}
    counted = Tally([2, 1], 3)
    assert [m.text for m in thread_of(backbone, message)] == [
        render_message(polls.results_message(poll, counted))["text"]
    ]
    closed = render_message(polls.closed_poll_message(poll, counted))
    assert current(backbone, message).text == closed["text"]
    # `backbone tick` has no Bolt request, so its calls carry no team_id.
    assert backbone.emulator.calls("chat.update") == [{"channel": CASE, "ts": message.ts, **closed}]
    assert poll.results_ts == thread_of(backbone, message)[0].ts


def test_only_the_creator_or_an_admin_may_close_a_poll(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    assert poll_command(backbone, "close P-1", user=JOE) == (
        "Only <@UMARIA>, who asked P-1, or a workspace admin can close it."
    )
    assert get_poll(backbone, 1).closed_at is None
    assert thread_of(backbone, message) == []
    assert poll_command(backbone, "close P-1", user=ADMIN) == (
        "🏁 P-1 is closed. Its results are in the poll's thread."
    )
    assert get_poll(backbone, 1).closed_by == ADMIN
    assert poll_command(backbone, "close P-1") == (
        "P-1 is already closed. Its results are in its thread."
    )
    assert poll_command(backbone, "close P-9") == (
        "I couldn't find P-9. /poll list shows this channel's open polls."
    )
    assert len(thread_of(backbone, message)) == 1


def test_a_weekly_poll_is_posted_again_each_week_until_stopped(backbone: Harness) -> None:
    start(backbone, QUESTION + " anonymous closes Friday 5pm repeat weekly")
    created = backbone.clock.now
    backbone.tick(FRIDAY_5PM_NEW_YORK)
    assert get_poll(backbone, 1).closed_at == FRIDAY_5PM_NEW_YORK
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: backbone.tick(created + timedelta(days=7)), range(2)))
    assert sum(report.polls.repeated for report in reports) == 1
    copy = get_poll(backbone, 2)
    assert (copy.question, copy.options, copy.mode, copy.repeat) == (
        "Which evening works for the advisory group?",
        ["Tuesday 5pm", "Thursday 6pm"],
        "anonymous",
        "weekly",
    )
    assert copy.closes_at == FRIDAY_5PM_NEW_YORK + timedelta(days=7)
    assert copy.repeat_at == created + timedelta(days=14)
    assert copy.ballot_salt and copy.ballot_salt != get_poll(backbone, 1).ballot_salt
    assert backbone.emulator.messages(CASE)[-1].text.startswith(
        "📊 P-2 Which evening works for the advisory group?"
    )
    assert poll_command(backbone, "stop P-1") == (
        "P-1 has no weekly copy coming. If a newer copy of it is open, stop that one "
        "(/poll list shows them)."
    )
    assert poll_command(backbone, "stop P-2", user=JOE).startswith("Only <@UMARIA>")
    assert poll_command(backbone, "stop P-2") == (
        "🔁 P-2 won't be posted again. This copy stays open until it closes, or until you close it."
    )
    backbone.tick(created + timedelta(days=14))
    assert get_poll(backbone, 2).closed_at is not None  # closed on its Friday
    assert [m.text[:5] for m in backbone.emulator.messages(CASE)] == ["📊 P-1", "📊 P-2"]


def test_a_weekly_poll_without_a_closing_time_closes_when_its_copy_comes(
    backbone: Harness,
) -> None:
    message = start(backbone, QUESTION + " repeat weekly")
    react(backbone, message, JOE, "two")
    backbone.tick(backbone.clock.now + timedelta(days=7, minutes=1))
    assert get_poll(backbone, 1).results == {"counts": [0, 1], "voters": 1}
    assert get_poll(backbone, 2).closed_at is None
    assert len(thread_of(backbone, message)) == 1


def test_the_digest_reads_results_of_the_week(backbone: Harness) -> None:
    message = start(backbone, QUESTION + " anonymous")
    start(backbone, '"Still open?" "Yes" "No"')
    backbone.emulator.click(message, "poll_vote:1", user=JOE)
    backbone.settle()
    poll_command(backbone, "close P-1")
    week = (backbone.clock.now - timedelta(days=1), backbone.clock.now + timedelta(days=1))

    def between(start_at: datetime, end_at: datetime) -> list[PollResult]:
        return read(
            backbone,
            lambda s: closed_polls_between(
                s, team_id=TEAM, channel_id=CASE, start=start_at, end=end_at
            ),
        )

    assert between(*week) == [
        PollResult(
            code="P-1",
            question="Which evening works for the advisory group?",
            options=["Tuesday 5pm", "Thursday 6pm"],
            counts=None,  # one anonymous voter: withheld
            total_voters=1,
            anonymous=True,
            closed_at=backbone.clock.now,
            source_url=get_poll(backbone, 1).source_url,
        )
    ]
    assert between(week[1], week[1] + timedelta(days=7)) == []


def test_you_said_we_did_records_a_decision_in_the_polls_thread(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, JOE, "one")
    react(backbone, message, PAT, "one")
    react(backbone, message, ADMIN, "two")
    poll_command(backbone, "close P-1")
    [results] = thread_of(backbone, message)
    backbone.emulator.click(results, "poll_decision", user=JOE)
    backbone.settle()
    assert backbone.emulator.responses()[-1]["body"]["text"] == (
        "Only <@UMARIA>, who asked P-1, or a workspace admin can record a decision "
        "from its results."
    )
    assert backbone.emulator.views(JOE) == []
    backbone.emulator.click(results, "poll_decision", user=MARIA)
    backbone.settle()
    [form] = backbone.emulator.views(MARIA)
    field = form.view["blocks"][1]
    assert field["element"]["initial_value"] == "P-1: “Tuesday 5pm” won with 67% (2 of 3) — "
    typed = field["element"]["initial_value"] + "we meet on Tuesdays at 5 from December"
    answer = backbone.emulator.submit_view(
        form.id, {"poll_decision_text": {"poll_decision_text": typed}}, user=MARIA
    )
    backbone.settle()
    assert (answer.status, answer.body) == (200, "")
    replies = thread_of(backbone, message)
    assert replies[-1].text == (f"🧭 Decision D-1: {typed} — recorded by <@UMARIA>")
    [decision] = all_decisions(backbone)
    assert (decision.text, decision.recorder_id, decision.source_ts, decision.source_url) == (
        typed,
        MARIA,
        message.ts,
        get_poll(backbone, 1).source_url,
    )


def test_an_empty_decision_is_refused_in_the_form(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    poll_command(backbone, "close P-1")
    backbone.emulator.click(thread_of(backbone, message)[0], "poll_decision", user=ADMIN)
    backbone.settle()
    [form] = backbone.emulator.views(ADMIN)
    answer = backbone.emulator.submit_view(
        form.id, {"poll_decision_text": {"poll_decision_text": "   "}}, user=ADMIN
    )
    assert answer.json is not None and answer.json["response_action"] == "errors"
    assert list(answer.json["errors"]) == ["poll_decision_text"]


def test_you_said_we_did_makes_an_action_item_in_the_polls_thread(backbone: Harness) -> None:
    message = start(backbone, QUESTION)
    react(backbone, message, JOE, "two")
    poll_command(backbone, "close P-1")
    backbone.emulator.click(thread_of(backbone, message)[0], "poll_action_item", user=MARIA)
    backbone.settle()
    [form] = backbone.emulator.views(MARIA)
    title = form.view["blocks"][1]
    assert title["element"]["initial_value"] == "P-1: “Thursday 6pm” won with 100% (1 of 1) — "
    values: dict[str, dict[str, object]] = {
        "item_title": {"item_title": "Book the library room for Thursdays"},
        "item_owners": {"item_owners": [JOE]},
    }
    backbone.emulator.submit_view(form.id, values, user=MARIA)
    backbone.settle()
    item = backbone.item(1)
    assert (item.title, item.owner_ids, item.creator_id, item.source_ts) == (
        "Book the library room for Thursdays",
        [JOE],
        MARIA,
        message.ts,
    )
    assert thread_of(backbone, message)[-1].text.startswith("📌 A-1 Book the library room")


def test_a_weekly_copy_that_cannot_be_posted_ends_the_series_and_tells_its_creator(
    backbone: Harness,
) -> None:
    start(backbone, QUESTION + " repeat weekly")
    with backbone.emulator.state.lock:
        backbone.emulator.state.channels[CASE].is_archived = True
    report = backbone.tick(backbone.clock.now + timedelta(days=7))
    assert (report.polls.closed, report.polls.repeated) == (0, 1)  # closed by the repeat step
    assert get_poll(backbone, 1).results == {"counts": [0, 0], "voters": 0}
    assert backbone.dms(MARIA) == [
        f"I couldn't post this week's copy of your weekly poll in <#{CASE}>, so it won't be "
        "posted again. The channel is archived, so I can't post a poll in it."
    ]
    assert poll_command(backbone, "close P-2") == (
        "I couldn't find P-2. /poll list shows this channel's open polls."
    )
    backbone.tick(backbone.clock.now + timedelta(days=7))
    assert len(backbone.dms(MARIA)) == 1
