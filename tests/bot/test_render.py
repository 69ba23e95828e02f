"""The Slack renderer: every span escaped by its kind, every part as Block Kit Slack accepts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.messages.parts import (
    Button,
    ChannelField,
    ChoiceField,
    Controls,
    DateField,
    DatePick,
    Facts,
    Form,
    Heading,
    HomePage,
    Listing,
    Menu,
    Message,
    Note,
    Option,
    Paragraph,
    PeopleField,
    Picture,
    Rule,
    Tag,
    TextField,
    TimeField,
)
from bot.messages.spans import (
    ChannelRef,
    Code,
    Day,
    Link,
    Mention,
    Quote,
    Strong,
    Struck,
    Typed,
    When,
    Words,
    line,
    plain,
)
from bot.slack.render import (
    metadata_of,
    mrkdwn_of,
    render_form,
    render_home,
    render_message,
    render_part,
    render_parts,
)

AT = datetime(2026, 12, 4, 17, 30, tzinfo=UTC)

# fmt: off
SPANS = [
    # why: a person's words that try to ping everyone read as plain words
    (Typed("<!channel> call the VA"), "@channel call the VA"),
    # why: a disguised link shows where it goes
    (Typed("<https://evil.example|Shelter list>"), "Shelter list (<https://evil.example>)"),
    # why: a mention a person typed stays a mention (Slack sent it as one)
    (Typed("ask <@U123> first"), "ask <@U123> first"),
    # why: Backbone's own words are escaped too, so no builder can write markup by accident
    (Words("<!here> & <b>"), "&lt;!here&gt; &amp; &lt;b&gt;"),
    # why: a long typed title is cut with an ellipsis, never inside an escape
    (Typed("a &amp; b &amp; c", limit=8), "a &amp;…"),
    (Strong(line("A-12")), "*A-12*"),
    (Struck(line("A-12")), "~A-12~"),
    (Code("/action list"), "`/action list`"),
    (Mention("U1"), "<@U1>"),
    # why: an id can never close the token it sits in
    (Mention("U1>|<!channel"), "<@U1!channel>"),
    (ChannelRef("C1"), "<#C1>"),
    # why: a day is a day wherever you read it; a time is shown in each reader's zone
    (When(AT, "Fri Dec 4", all_day=True), "Fri Dec 4"),
    (When(AT, "Fri Dec 4 at 12:30 PM EST", all_day=False),
     f"<!date^{int(AT.timestamp())}^{{date_short_pretty}} at {{time}}|Fri Dec 4 at 12:30 PM EST>"),
    (Link("https://x.example/a b", line("where | it came from")),
     "<https://x.example/a%20b|where ¦ it came from>"),
    (Link("https://x.example"), "<https://x.example>"),
    # why: every line of a quoted note is marked, and the note itself stays escaped
    (Quote((Typed("3 beds held\nuntil <!here>"),)), "> 3 beds held\n> until @here"),
    # why: a day of an instant is the reader's own day (a decision made late at night)
    (Day(AT, "Dec 4, 2026"), f"<!date^{int(AT.timestamp())}^{{date_short}}|Dec 4, 2026>"),
]
# fmt: on


@pytest.mark.parametrize(("span", "expected"), SPANS)
def test_each_span_renders_as_its_kind(span: object, expected: str) -> None:
    assert mrkdwn_of((span,)) == expected  # type: ignore[arg-type]


def test_a_message_has_blocks_slack_accepts_and_the_same_words_as_fallback() -> None:
    message = Message(
        text=line("📌 ", Typed("<!here>"), " — ", Mention("U1")),
        parts=(
            Heading("Your week"),
            Paragraph(
                (line(Strong(line("A-1")), " ", Typed("<!here>")), line("second")),
                beside=Button("✅ Done", "item_done", "1"),
            ),
            Note(line("Asked by ", Mention("U2"))),
            Facts((("Owner", line(Mention("U1"))), ("Due", line("Fri Dec 4")))),
            Controls(
                (
                    Button("Yes", "vote", "1", style="primary"),
                    Menu("snooze", (Option("Tomorrow", "1:t"),)),
                    DatePick("pick", "Pick a day", date(2026, 12, 4)),
                ),
                key="buttons",
            ),
            Picture("https://x.example/p.png", "A run chart", title="Done per week"),
            Rule(),
        ),
        tag=Tag("backbone_poll", {"poll_id": 3}),
    )
    rendered = render_message(message)
    assert rendered["text"] == "📌 @here — <@U1>"
    assert rendered["blocks"][1] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*A-1* @here\nsecond"},
        "accessory": {
            "type": "button",
            "text": {"type": "plain_text", "text": "✅ Done", "emoji": True},
            "action_id": "item_done",
            "value": "1",
        },
    }
    assert rendered["blocks"][3]["fields"][0] == {"type": "mrkdwn", "text": "*Owner*\n<@U1>"}
    assert [block["type"] for block in rendered["blocks"]] == [
        "header", "section", "context", "section", "actions", "image", "divider",
    ]  # fmt: skip
    for block in rendered["blocks"]:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert metadata_of(message) == {"event_type": "backbone_poll", "event_payload": {"poll_id": 3}}


def test_a_section_is_cut_to_slacks_limit_without_breaking_a_token() -> None:
    block = render_part(Paragraph((line(*(["&"] * 1000)),)))
    assert len(block["text"]["text"]) <= 3000
    assert block["text"]["text"].endswith("&amp;…")


def test_a_form_is_a_modal_slack_accepts() -> None:
    form = Form(
        key="item_new",
        title="New action item",
        submit="Save",
        state='{"c":"C1"}',
        items=(
            Note(line("From ", ChannelRef("C1"))),
            TextField(
                "title",
                "What needs doing?",
                initial="Call",
                multiline=True,
                max_length=500,
                placeholder="Call the shelter",
            ),
            PeopleField("owners", "Who?", initial=("U1",), placeholder="Pick people"),
            DateField("day", "Due date", initial=date(2026, 12, 4), optional=True, hint="Or none"),
            TimeField("at", "Time", initial=time(15, 0), optional=True),
            ChannelField("channel", "Post it in", placeholder="Pick a channel"),
            ChoiceField("kind", "Kind", (Option("One", "1"), Option("Two", "2")), initial="2"),
        ),
    )
    view = render_form(form)
    View(**view).validate_json()
    assert view["private_metadata"] == '{"c":"C1"}'
    assert view["blocks"][1]["element"] == {
        "type": "plain_text_input", "multiline": True, "max_length": 500,
        "initial_value": "Call", "action_id": "title",
        "placeholder": {"type": "plain_text", "text": "Call the shelter", "emoji": True},
    }  # fmt: skip
    assert view["blocks"][4]["element"]["initial_time"] == "15:00"
    assert view["blocks"][6]["element"]["initial_option"]["value"] == "2"


def test_a_form_that_only_tells_has_no_submit() -> None:
    view = render_form(Form(key="notice", title="Backbone", close="OK", items=(Rule(),)))
    assert "submit" not in view and "private_metadata" not in view
    assert view["close"] == {"type": "plain_text", "text": "OK", "emoji": True}


def test_home_keeps_to_a_hundred_blocks() -> None:
    view = render_home(HomePage(tuple(Rule() for _ in range(150))))
    assert view == {"type": "home", "blocks": [{"type": "divider"}] * 100}


def test_plain_reads_a_line_without_markup() -> None:
    said = line(Strong(line("A-1")), " ", Typed("call"), " ", Mention("U1"),
                " ", When(AT, "Fri Dec 4", all_day=True))  # fmt: skip
    assert plain(said) == "A-1 call @U1 Fri Dec 4"


def test_a_date_field_can_name_its_picker_apart_from_its_field() -> None:
    form = Form(
        key="snooze", title="Snooze", items=(DateField("when", "Day", action="when_picked"),)
    )
    assert render_form(form)["blocks"] == [
        {
            "type": "input",
            "block_id": "when",
            "label": {"type": "plain_text", "text": "Day", "emoji": True},
            "element": {"type": "datepicker", "action_id": "when_picked"},
        }
    ]


def test_a_listing_keeps_whole_lines_within_a_section_and_counts_the_rest() -> None:
    long = line("x" * 1400)
    blocks = render_parts([Listing((line("a & b"), long, long, long, line("e")), most=4)])
    shown = f"a &amp; b\n{'x' * 1400}\n{'x' * 1400}"
    assert blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": shown}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "…and 2 more"}]},
    ]  # fmt: skip


def test_a_listing_that_fits_has_no_note() -> None:
    blocks = render_parts([Listing((line("a"), line("b")), most=10)])
    assert blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": "a\nb"}}]
