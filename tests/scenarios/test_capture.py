"""Meeting capture: notes posted in a channel become items and decisions, with one thread reply."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.messages import capture as words
from bot.services.capture import Skipped
from bot.slack.render import render_message
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.meeting_notes import CASE_CONFERENCING
from tests.support.records import all_decisions, all_items, captures, claimed_events, history

PERMALINK = "https://sandbox.slack.com/archives/CCASE/p{}"
UNREADABLE_DATE = "I couldn't read “13/45” as a date. Try “by Friday”, “due 12/5” or “2026-12-05”."


def friday_5pm_new_york() -> datetime:
    return datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


def test_meeting_notes_become_one_record_a_line_and_one_thread_reply(backbone: Harness) -> None:
    notes = backbone.emulator.post_message(user=MARIA, channel=CASE, text=CASE_CONFERENCING)
    backbone.settle()

    items, decisions = all_items(backbone), all_decisions(backbone)
    link = PERMALINK.format(notes.ts.replace(".", ""))
    assert [(i.code, i.title, i.owner_ids, i.creator_id) for i in items] == [
        ("A-1", "follow up with the VA on the two HUD-VASH vouchers", [JOE], MARIA),
        ("A-2", "Update the by-name list with last week's move-ins", [MARIA], MARIA),
        ("A-3", "ask the outreach team to check the library and the day center", [PAT], MARIA),
        ("A-4", "call the Oak Street property manager to confirm the units", [MARIA], MARIA),
        ("A-5", "Draft the landlord thank-you letter for the newsletter", [MARIA], MARIA),
        ("A-6", "tour the two units", [JOE, PAT], MARIA),
    ]
    # Dates are read in the author's zone (New York): Friday, today 5pm, tomorrow, …
    assert [(i.due_at, i.due_all_day) for i in items] == [
        (friday_5pm_new_york(), True),
        (datetime(2026, 11, 24, 22, 0, tzinfo=UTC), False),
        (datetime(2026, 11, 25, 22, 0, tzinfo=UTC), True),
        (datetime(2026, 11, 26, 22, 0, tzinfo=UTC), True),
        (None, False),
        (datetime(2026, 12, 1, 22, 0, tzinfo=UTC), True),
    ]
    assert {(i.channel_id, i.source_channel, i.source_ts, i.source_url) for i in items} == {
        (CASE, CASE, notes.ts, link)
    }
    # No separate channel announcement: the thread reply is the announcement.
    assert {(i.announce_channel, i.announce_ts) for i in items} == {(None, None)}
    assert [(d.code, d.text, d.recorder_id, d.source_ts, d.source_url) for d in decisions] == [
        (
            "D-1",
            "We offer Oak Street the $2,000 risk-mitigation guarantee for both units",
            MARIA,
            notes.ts,
            link,
        ),
        (
            "D-2",
            "Case conferencing moves to Tuesdays at 10am starting in December",
            MARIA,
            notes.ts,
            link,
        ),
    ]
    assert history(backbone, 1) == [
        ("created", MARIA, {"via": "lines", "line": items_line(1)}),
    ]

    skipped = words.skipped_note(
        [Skipped("TODO: call the Elm Ct landlord about unit 12 due 13/45", UNREADABLE_DATE)]
    )
    reply = render_message(
        words.capture_reply(
            words.lines_heading(items, decisions),
            items,
            decisions,
            skipped=skipped,
            now=backbone.clock.now,
        )
    )
    assert backbone.emulator.calls("chat.postMessage") == [
        {"channel": CASE, "thread_ts": notes.ts, "team_id": TEAM, **reply}
    ]
    assert (
        reply["text"].splitlines()[0]
        == "📝 Saved from this message: 6 action items and 2 decisions."
    )
    assert reply["text"].splitlines()[-3:] == [
        "• “TODO: call the Elm Ct landlord about unit 12 due 13/45” — " + UNREADABLE_DATE,
        "Edit your message to fix it and I'll add it.",
        "🗓️ No due date on A-5: owners get a weekly check-in instead. "
        "Add one with `/action due A-5 Friday` · `/decision list` shows this channel's decisions",
    ]
    [answer] = backbone.emulator.messages(CASE, thread_ts=notes.ts)
    assert captures(backbone) == [(CASE, notes.ts, "lines", answer.ts)]
    assert [c["method"] for c in backbone.emulator.calls()] == [
        "users.info",  # Maria, for her zone
        "users.info",  # Joe and Pat, owners must be people who can be reminded
        "users.info",
        "chat.getPermalink",
        "chat.postMessage",
    ]
    assert [c["user"] for c in backbone.emulator.calls("users.info")] == [MARIA, JOE, PAT]


def items_line(number: int) -> str:
    return {1: "ACTION: <@UJOE> follow up with the VA on the two HUD-VASH vouchers by Friday"}[
        number
    ]


def test_a_reply_in_a_thread_is_answered_in_that_thread(backbone: Harness) -> None:
    root = backbone.emulator.post_message(user=JOE, channel=CASE, text="Agenda for Tuesday")
    note = backbone.emulator.post_message(
        user=MARIA, channel=CASE, text="TODO: book the room", thread_ts=root.ts
    )
    backbone.settle()
    [posted] = backbone.emulator.calls("chat.postMessage")
    assert posted["thread_ts"] == root.ts
    assert all_items(backbone)[0].source_ts == note.ts
    assert backbone.emulator.calls("chat.getPermalink") == [
        {"channel": CASE, "message_ts": note.ts, "team_id": TEAM}
    ]


def test_messages_without_capture_lines_cost_nothing(backbone: Harness) -> None:
    backbone.emulator.post_message(user=MARIA, channel=CASE, text="Actionable items: see the doc")
    backbone.emulator.post_message(user=MARIA, channel=CASE, text="TODO list is long")
    backbone.settle()
    assert backbone.emulator.calls() == []
    assert (all_items(backbone), claimed_events(backbone)) == ([], 0)


def message_event(text: str, ts: str = "1795000000.000100", **extra: object) -> dict[str, object]:
    """A message event as Slack sends it for a person's message in #case-conferencing."""
    event: dict[str, object] = {
        "type": "message",
        "user": MARIA,
        "text": text,
        "ts": ts,
        "team": TEAM,
        "channel": CASE,
        "event_ts": ts,
        "channel_type": "channel",
    }
    event.update(extra)
    return event


def test_bot_messages_and_other_subtypes_are_ignored(backbone: Harness) -> None:
    emulator = backbone.emulator
    emulator.send_event(message_event("ACTION: from an app", bot_id="BOTHER"))
    emulator.send_event(
        message_event("ACTION: classic bot", subtype="bot_message", username="Zapier")
    )
    emulator.send_event(message_event("ACTION: joined", subtype="channel_join"))
    # Its own posts come back as events in real Slack; Bolt drops them before any listener.
    emulator.send_event(message_event("ACTION: mine", user="UBACKBONE", bot_id="BBACKBONE"))
    backbone.settle()
    assert (emulator.calls(), all_items(backbone), claimed_events(backbone)) == ([], [], 0)


def test_a_line_with_an_owner_who_left_is_skipped_and_the_others_saved(backbone: Harness) -> None:
    notes = "ACTION: <@UGONE> call the landlord\nACTION: <@UJOE> call the shelter"
    backbone.emulator.post_message(user=MARIA, channel=CASE, text=notes)
    backbone.settle()
    assert [(i.code, i.owner_ids) for i in all_items(backbone)] == [("A-1", [JOE])]
    text = backbone.emulator.calls("chat.postMessage")[0]["text"]
    assert "• “ACTION: <@UGONE> call the landlord” — <@UGONE>'s account is deactivated" in text


def test_a_message_of_only_unreadable_lines_still_gets_an_answer(backbone: Harness) -> None:
    backbone.emulator.post_message(user=MARIA, channel=CASE, text="TODO: call by 2025-01-05")
    backbone.settle()
    [posted] = backbone.emulator.calls("chat.postMessage")
    assert posted["text"].splitlines()[:2] == [
        "📝 I couldn't save anything from this message yet.",
        "⚠️ I couldn't save 1 line:",
    ]
    assert all_items(backbone) == []


def test_where_the_reply_cannot_be_posted_the_records_are_still_saved(backbone: Harness) -> None:
    backbone.emulator.fail_next("chat.postMessage", error="is_archived")
    backbone.emulator.post_message(user=MARIA, channel=CASE, text="DECISION: Meet on Tuesdays")
    backbone.settle()
    assert [d.text for d in all_decisions(backbone)] == ["Meet on Tuesdays"]
    assert captures(backbone)[0][3] is None


def test_a_captured_item_refreshes_its_owners_open_home(backbone: Harness) -> None:
    backbone.emulator.send_event(
        {
            "type": "app_home_opened",
            "user": "UJOE",
            "tab": "home",
            "channel": "DUJOE",
            "event_ts": "1.1",
        }
    )
    backbone.settle()
    before = len(backbone.emulator.calls("views.publish"))
    backbone.emulator.post_message(
        user="UMARIA", channel="CCASE", text="ACTION: <@UJOE> call the shelter by Friday"
    )
    backbone.settle()
    published = backbone.emulator.calls("views.publish")[before:]
    assert [call["user_id"] for call in published] == ["UJOE"]
    assert "Call the shelter" in str(published[0]["view"]) or "call the shelter" in str(
        published[0]["view"]
    )


WRITTEN_AS_PEOPLE_DO = """Housing huddle notes
ACTION: <@UJOE> call VA Friday
TODO: send the by-name list to Sam 12/5
- [ ] <@UPAT> COB Wednesday update the Sun Valley camp count
ACTION: <@UJOE> text April about the unit 5 inspection
ACTION: follow up with Mark re: Section 8 voucher tomorrow at 3
TODO: book the room for the Dec 15th landlord lunch
ACTION: <@UPAT> recert paperwork Fridy
TODO: file the incident report 12/1
- [ ] Wed pantry volunteers: thank-you cards
"""


def test_pasted_notes_date_every_dated_line_and_tell_every_other_line(backbone: Harness) -> None:
    backbone.clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # Wed Dec 2, 10:00 in New York
    backbone.emulator.post_message(user=MARIA, channel=CASE, text=WRITTEN_AS_PEOPLE_DO)
    backbone.settle()
    ny = ZoneInfo("America/New_York")
    assert [(i.code, i.title, i.due_at, i.due_all_day) for i in all_items(backbone)] == [
        ("A-1", "call VA", datetime(2026, 12, 4, 17, tzinfo=ny), True),
        ("A-2", "send the by-name list to Sam", datetime(2026, 12, 5, 17, tzinfo=ny), True),
        ("A-3", "update the Sun Valley camp count", datetime(2026, 12, 9, 17, tzinfo=ny), False),
        ("A-4", "text April about the unit 5 inspection", None, False),
        (
            "A-5",
            "follow up with Mark re: Section 8 voucher",
            datetime(2026, 12, 3, 15, tzinfo=ny),
            False,
        ),
        ("A-6", "book the room for the Dec 15th landlord lunch", None, False),
        ("A-7", "Wed pantry volunteers: thank-you cards", None, False),
    ]
    text = backbone.emulator.calls("chat.postMessage")[0]["text"]
    assert text.splitlines()[-5:] == [
        "⚠️ I couldn't save 2 lines:",
        "• “ACTION: <@UPAT> recert paperwork Fridy” — I couldn't read “Fridy” as a date. "
        "If you meant “Friday”, fix the spelling and send it again. Nothing was saved.",
        "• “TODO: file the incident report 12/1” — “12/1” is in the past. "
        "Try a later date, like “tomorrow” or “next week”.",
        "Edit your message to fix them and I'll add them.",
        "🗓️ No due date on A-4, A-6, A-7: owners get a weekly check-in instead. "
        "Add one with `/action due A-4 Friday`",
    ]
