"""Capture replies and decisions as Slack shows them: snapshots, and Slack's limits kept."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages import capture as words
from bot.messages import decisions as decision_words
from bot.messages.spans import line
from bot.services.capture import Skipped
from bot.slack.render import render_message
from bot.text import neutralise
from handlers.slack.replies import skipped_shown
from storage.models import Decision, Status
from tests.bot.test_blocks import NOW, make_item
from tests.support.snapshots import assert_snapshot


def make_decision(number: int = 3, text: str = "We hold 3 beds for veterans") -> Decision:
    return Decision(
        team_id="T1",
        number=number,
        text=text,
        recorder_id="UMARIA",
        channel_id="CCASE",
        created_at=NOW,
    )


def test_capture_reply_with_items_decisions_and_a_skipped_line() -> None:
    items = [
        make_item(7),
        make_item(8, title="Update the by-name list", owners=["UMARIA"], due_at=None),
        make_item(9, title="Send the unit list", status=Status.DONE),
    ]
    skipped = words.skipped_note(
        [Skipped("TODO: call the Elm Ct landlord due 13/45", "I couldn't read “13/45” as a date.")]
    )
    message = render_message(
        words.capture_reply(
            words.lines_heading(items, [make_decision()]),
            items,
            [make_decision()],
            skipped=skipped,
            now=NOW,
        )
    )
    assert message["text"] == "\n".join(
        [
            "📝 Saved from this message: 3 action items and 1 decision.",
            "📌 *A-7* Call the shelter about 3 beds — <@UJOE> · due Fri Nov 27",
            "📌 *A-8* Update the by-name list — <@UMARIA>",
            "✅ ~*A-9* Send the unit list~ — done",
            "🧭 *D-3* We hold 3 beds for veterans",
            "⚠️ I couldn't save 1 line:",
            "• “TODO: call the Elm Ct landlord due 13/45” — I couldn't read “13/45” as a date.",
            "Edit your message to fix it and I'll add it.",
            "🗓️ No due date on A-8: owners get a weekly check-in instead. "
            "Add one with `/action due A-8 Friday` · "
            "`/decision list` shows this channel's decisions",
        ]
    )
    kept = skipped_shown(message["blocks"])
    assert kept == "\n".join(message["text"].splitlines()[5:8])
    rebuilt = words.capture_reply(
        words.lines_heading(items, [make_decision()]),
        items,
        [make_decision()],
        skipped=words.kept_note(kept),
        now=NOW,
    )
    assert render_message(rebuilt) == message
    assert_snapshot("capture_reply", message)


def test_pushpin_reply() -> None:
    message = render_message(
        words.capture_reply(words.pushpin_heading("UPAT"), [make_item()], [], skipped=None, now=NOW)
    )
    assert message["text"].splitlines()[0] == "📌 <@UPAT> made this message an action item:"
    assert_snapshot("capture_reply_pushpin", message)


def test_a_long_capture_stays_within_fifty_blocks() -> None:
    items = [make_item(n) for n in range(1, 61)]
    skipped = words.skipped_note([Skipped(f"TODO: line {n}", "why") for n in range(12)], left_out=9)
    message = render_message(
        words.capture_reply(line("heading"), items, [], skipped=skipped, now=NOW)
    )
    assert len(message["blocks"]) == 49
    assert message["blocks"][46]["elements"][0]["text"] == "…and 15 more"
    assert skipped_shown(message["blocks"]) is not None
    assert str(skipped_shown(message["blocks"])).splitlines()[-3:] == [
        "…and 4 more",
        "Edit your message to fix them and I'll add them.",
        "I read the first lines only; post the other 9 in a new message and I'll save those too.",
    ]
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message["blocks"])


def test_decision_announcement() -> None:
    message = render_message(decision_words.announcement(make_decision()))
    assert message["text"] == "🧭 Decision D-3: We hold 3 beds for veterans — recorded by <@UMARIA>"
    assert_snapshot("decision_announcement", message)


def test_decision_list() -> None:
    decisions = [make_decision(4, "Meet on Tuesdays"), make_decision()]
    message = render_message(
        decision_words.decision_list(
            line("Decisions in this channel (9), newest first"),
            decisions,
            total=9,
            empty=line("none"),
        )
    )
    assert message["text"].splitlines()[-1] == "…and 7 more"
    assert_snapshot("decision_list", message)


def test_group_mentions_are_written_out_when_quoted() -> None:
    text = "<!here> and <!channel|channel> and <!subteam^S12|@outreach> and <!subteam^S3> agreed"
    assert neutralise(text) == "@here and @channel and @outreach and @group agreed"


def test_a_decision_day_shows_in_each_readers_zone() -> None:
    decision = make_decision()
    decision.created_at = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    listed = decision_words.decision_list(line("h"), [decision], total=1, empty=())
    assert render_message(listed)["text"].endswith("<!date^1796094000^{date_short}|Dec 1, 2026>")
