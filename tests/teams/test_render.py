"""Teams rendering: every neutral part becomes an Adaptive Card 1.5 that Teams accepts.

Every card is checked with the Teams emulator's own validator (the official 1.5 schema plus
Teams' rules: mentions with entities, unique input ids, fetchable pictures) and against Teams'
message size; hostile text (mentions, script, markdown, 10,000 characters) never becomes markup.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from bot.ids import OPENS_FORM, ActionId
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
    Part,
    PeopleField,
    Picture,
    Rule,
    TextField,
    TimeField,
)
from bot.messages.spans import (
    ChannelRef,
    Code,
    Day,
    Line,
    Link,
    Mention,
    Quote,
    Strong,
    Struck,
    Typed,
    When,
    line,
)
from bot.sandbox.teams.cards import check_card
from bot.teams.render import (
    CARD,
    MAX_BYTES,
    people_of,
    render_form,
    render_home,
    render_message,
    size_of,
)
from bot.teams.spans import Writer

MARIA = "29:1kq3F-Zr9_wT2xLmB"
JOE = "29:1aB7-cD8_eF9gH0iJ"
CHANNEL = "19:4e1c9a7b2f@thread.tacv2"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
AT = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
HOSTILE = {
    "mention": "<at>Maria</at> and <at>Joe</at> please",  # why: typed tags must never ping
    "script": "<script>alert('x')</script> & <b>bold</b>",
    "markdown": "**big** _it_ [click](https://evil.example) ![x](https://evil.example/p.png)\n# H",
    "group": "<!channel> <!here|here> <!subteam^S123|@leads>",  # why: stored group pings
    "disguised": "<https://evil.example|https://bank.example>",  # why: a link hiding its address
    "date": "{{DATE(2030-01-01T00:00:00Z, SHORT)}}",  # why: a typed date function stays words
    "long": "x" * 10_000,
}


def writer() -> Writer:
    return Writer(people={MARIA: "Maria", JOE: "Joe <Lee>"}, channels={CHANNEL: "case-coord"},
                  tenant_id=TENANT)  # fmt: skip


def card_of(activity: dict[str, Any]) -> dict[str, Any]:
    [attachment] = activity["attachments"]
    assert attachment["contentType"] == CARD
    content: dict[str, Any] = attachment["content"]
    return content


def texts(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def accepted(activity: dict[str, Any]) -> dict[str, Any]:
    """Check a card activity as Teams does and return its card."""
    card = card_of(activity)
    check_card(card)
    assert size_of(activity) <= MAX_BYTES
    assert card["version"] == "1.5"
    return card


# One of every part, with what a person typed in it.
def every_part(typed: str) -> list[tuple[str, Part]]:
    spans = line(Typed(typed), " by ", Mention(MARIA), " ", Strong(line("due ")),
                 When(AT, "Nov 24 at 10:00", False), " ", Day(AT, "Nov 24"), " ",
                 Struck(line("old")), " ", Code("/action list"), " ", ChannelRef(CHANNEL), " ",
                 Link("https://example.org/a b", line("the plan")), " ",
                 Quote(line(Typed(typed))))  # fmt: skip
    return [
        ("heading", Heading(typed[:150])),
        ("paragraph", Paragraph((spans, line(Typed(typed))))),
        (
            "paragraph beside a button",
            Paragraph(
                (spans,), beside=Button("Done", ActionId.ITEM_DONE, "A-1", "primary"), key="k"
            ),
        ),
        ("note", Note(spans)),
        ("facts", Facts((("Owner", line(Mention(JOE))), ("Title", line(Typed(typed)))))),
        (
            "controls",
            Controls(
                (
                    Button("✅ Done", ActionId.ITEM_DONE, "12", "primary"),
                    Button("Drop", "item_drop", "12", "danger"),
                    Button("Update", ActionId.ITEM_UPDATE, "12"),
                    Menu(
                        ActionId.ITEM_SNOOZE,
                        (Option("Tomorrow", "12:tomorrow"), Option(typed[:75], "12:x")),
                    ),
                    DatePick(ActionId.SNOOZE_DATE_PICKED, "Pick a day", date(2026, 11, 30)),
                ),
                key="item_buttons",
            ),
        ),
        ("picture", Picture("https://backbone.example/teams/pictures/a.png", typed[:200], "Chart")),
        ("rule", Rule()),
        (
            "listing",
            Listing(tuple(line(f"{n}. ", Typed(typed)) for n in range(40)), most=30, total=55),
        ),
    ]


PARTS = [(name, kind, part) for kind, typed in HOSTILE.items() for name, part in every_part(typed)]


@pytest.mark.parametrize(("name", "hostile", "part"), PARTS, ids=[f"{n}-{h}" for n, h, _ in PARTS])
def test_every_part_makes_a_card_teams_accepts(name: str, hostile: str, part: Part) -> None:
    message = Message(text=line("Heads up: ", Mention(MARIA)), parts=(Heading("Backbone"), part))
    card = accepted(render_message(message, writer()))
    written = texts(card)
    if name in {"controls", "picture", "rule"}:
        return  # why: choice titles and alt text are plain strings, never read as markup
    if hostile == "mention":
        # why: only the mentions Backbone writes carry an entity; the typed ones are escaped
        assert "\\\\<at\\\\>Maria\\\\</at\\\\>" in written
    if hostile == "script":
        assert "<script>" not in written and "<b>" not in written
    if hostile == "markdown":
        assert "[click](https://evil" not in written and "**big**" not in written
    if hostile == "disguised":
        assert "](https://evil" not in written  # why: the address shows, after its label
    if hostile == "date":
        assert "{{DATE(2030" not in written


def test_a_typed_mention_never_becomes_an_entity() -> None:
    message = Message(text=line("x"), parts=(Paragraph((line(Typed(HOSTILE["mention"])),)),))
    card = accepted(render_message(message, writer()))
    assert "entities" not in card["msteams"]
    assert card["body"][0]["items"][0]["text"] == (
        "\\<at\\>Maria\\</at\\> and \\<at\\>Joe\\</at\\> please"
    )


def test_mentions_are_at_tags_with_their_entities_and_people_keep_their_ids() -> None:
    message = Message(
        text=line(Mention(MARIA), " and ", Mention(JOE)),
        parts=(Paragraph((line(Mention(MARIA), " asks ", Typed("<@" + JOE + "> to call")),)),),
    )
    card = accepted(render_message(message, writer()))
    assert card["body"][0]["items"][0]["text"] == "<at>Maria</at> asks <at>Joe Lee</at> to call"
    assert card["msteams"]["entities"] == [
        {"type": "mention", "text": "<at>Maria</at>", "mentioned": {"id": MARIA, "name": "Maria"}},
        {
            "type": "mention",
            "text": "<at>Joe Lee</at>",
            "mentioned": {"id": JOE, "name": "Joe Lee"},
        },
    ]
    assert people_of(message) == {MARIA, JOE}


def test_a_message_of_text_alone_is_a_text_activity_with_entities() -> None:
    activity = render_message(
        Message(text=line("Thanks ", Mention(MARIA), " *"), parts=()), writer()
    )
    assert activity == {
        "type": "message",
        "text": "Thanks <at>Maria</at> \\*",
        "textFormat": "markdown",
        "entities": [{"type": "mention", "text": "<at>Maria</at>",
                      "mentioned": {"id": MARIA, "name": "Maria"}}],
    }  # fmt: skip


def test_the_button_contract_with_the_invoke_handlers() -> None:
    done = Button("Done", ActionId.ITEM_DONE, "12", "primary")
    controls = Controls((done, Button("Update", ActionId.ITEM_UPDATE, "12", "danger")), key="row")
    card = accepted(render_message(Message(text=line("x"), parts=(controls,)), writer()))
    assert card["body"][0]["actions"] == [
        {"type": "Action.Execute", "title": "Done", "verb": "item_done",
         "data": {"value": "12", "block": "row"}, "style": "positive"},
        {"type": "Action.Submit", "title": "Update",
         "data": {"msteams": {"type": "task/fetch"}, "verb": "item_update", "value": "12",
                  "block": "row"}, "style": "destructive"},
    ]  # fmt: skip
    assert ActionId.ITEM_UPDATE in OPENS_FORM and ActionId.ITEM_DONE not in OPENS_FORM


def test_menus_are_choice_sets_whose_button_names_the_input() -> None:
    menu = Menu(ActionId.ITEM_SNOOZE, (Option("Tomorrow", "1:tomorrow"),))
    rows = (Controls((menu,)), Controls((menu,)), Controls((DatePick("pick", "Day"),)))
    card = accepted(render_message(Message(text=line("x"), parts=rows), writer()))
    inputs = [c["columns"][0]["items"][0] for c in card["body"]]
    buttons = [c["columns"][1]["items"][0]["actions"][0] for c in card["body"]]
    # why: the Home has a Snooze menu per item, and a card's input ids must differ
    assert [i["id"] for i in inputs] == ["item_snooze", "item_snooze#2", "pick"]
    assert [i["type"] for i in inputs] == ["Input.ChoiceSet", "Input.ChoiceSet", "Input.Date"]
    assert [(b["type"], b["verb"], b["data"]) for b in buttons] == [
        ("Action.Execute", "item_snooze", {"menu": "item_snooze"}),
        ("Action.Execute", "item_snooze", {"menu": "item_snooze#2"}),
        ("Action.Execute", "pick", {"menu": "pick"}),
    ]


def test_a_long_listing_says_how_many_more_and_the_card_stays_under_28_kb() -> None:
    lines = tuple(line(Typed("y" * 2_000)) for _ in range(50))
    card = accepted(render_message(Message(text=line("x"), parts=(Listing(lines, most=50),)),
                                   writer()))  # fmt: skip
    items = card["body"][0]["items"]
    assert items[-1]["text"] == f"…and {50 - (len(items) - 1)} more"
    assert 1 < len(items) - 1 < 50


def test_parts_that_do_not_fit_are_left_out_saying_how_many() -> None:
    parts = tuple(Paragraph((line(Typed("z" * 10_000)),)) for _ in range(30))
    activity = render_message(Message(text=line("x"), parts=parts), writer())
    card = accepted(activity)
    left = 30 - (len(card["body"]) - 1)
    assert card["body"][-1]["text"] == f"…and {left} more, too long for one Teams message"
    assert left > 0


def test_a_cut_mention_takes_its_entity_with_it() -> None:
    parts = (*[Paragraph((line(Typed("z" * 3_000)),)) for _ in range(12)],
             Paragraph((line(Mention(JOE)),)))  # fmt: skip
    card = accepted(render_message(Message(text=line("x"), parts=parts), writer()))
    assert "entities" not in card["msteams"]  # why: Joe's mention did not fit, nor its entity


def every_field(typed: str) -> tuple[object, ...]:
    return (
        Paragraph((line("Edit ", Typed(typed)),)),
        TextField("item_title", "Title", initial=typed[:3000], max_length=3000, hint="Short"),
        TextField("item_note", "Note", multiline=True, optional=True, placeholder="Why?"),
        PeopleField("item_owners", "Owners", initial=(MARIA, JOE)),
        DateField("item_due_date", "Due", initial=date(2026, 12, 1), optional=True),
        TimeField("item_due_time", "At", initial=time(9, 30), optional=True),
        ChannelField("item_channel", "Channel"),
        ChoiceField("goal_cadence", "How often",
                    (Option("Weekly", "weekly"), Option("Monthly", "monthly")), initial="monthly"),
    )  # fmt: skip


@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_a_form_is_a_dialog_of_inputs_keyed_by_field(hostile: str) -> None:
    form = Form(key="item_edit", title="Edit A-12", items=every_field(HOSTILE[hostile]),  # type: ignore[arg-type]
                submit="Save", state="12")  # fmt: skip
    dialog = render_form(form, writer())
    task = dialog["task"]
    assert (task["type"], task["value"]["title"]) == ("continue", "Edit A-12")
    card = task["value"]["card"]["content"]
    check_card(card)
    assert size_of(card) <= MAX_BYTES
    inputs = [e for e in card["body"] if e["type"].startswith("Input.")]
    assert [(i["id"], i["type"]) for i in inputs] == [
        ("item_title", "Input.Text"), ("item_note", "Input.Text"),
        ("item_owners", "Input.ChoiceSet"), ("item_due_date", "Input.Date"),
        ("item_due_time", "Input.Time"), ("item_channel", "Input.ChoiceSet"),
        ("goal_cadence", "Input.ChoiceSet"),
    ]  # fmt: skip
    assert card["actions"] == [
        {"type": "Action.Submit", "title": "Save", "data": {"form": "item_edit", "state": "12"}}
    ]
    owners, channel = inputs[2], inputs[5]
    assert owners["choices.data"] == {"type": "Data.Query", "dataset": "graph.microsoft.com/users"}
    assert (owners["value"], owners["isMultiSelect"]) == (f"{MARIA},{JOE}", True)
    assert channel["choices"] == [{"title": "case-coord", "value": CHANNEL}]
    assert (inputs[4]["value"], inputs[3]["value"], inputs[6]["value"]) == (
        "09:30", "2026-12-01", "monthly",
    )  # fmt: skip


def test_a_form_without_submit_only_shows() -> None:
    form = Form(key="notice", title="Backbone", items=(Paragraph((line("Saved."),)),), close="OK")
    card = render_form(form, writer())["task"]["value"]["card"]["content"]
    check_card(card)
    assert "actions" not in card


def test_the_home_is_one_card() -> None:
    parts = tuple(part for _, part in every_part("Call the shelter"))
    page = HomePage(parts=parts * 3)
    card = render_home(page, writer())
    check_card(card)
    assert size_of(card) <= MAX_BYTES
    assert people_of(page) == {MARIA, JOE}


@pytest.mark.parametrize("typed", ["x" * 30_000, "🏠" * 10_000, ("<@" + MARIA + "> ") * 2_000])
def test_a_long_text_alone_stays_under_28_kb_with_only_the_mentions_it_keeps(typed: str) -> None:
    activity = render_message(Message(text=line(Typed(typed)), parts=()), writer())
    assert size_of(activity) <= MAX_BYTES
    assert activity["text"].endswith("…")
    kept = activity["text"].count("<at>Maria</at>")
    assert len(activity.get("entities", [])) == (1 if kept else 0)


def test_the_summary_and_fallback_are_short_plain_words() -> None:
    message = Message(text=line(Typed("🏠" * 10_000)), parts=(Paragraph((line("Home"),)),))
    activity = render_message(message, writer())
    card = accepted(activity)
    assert len(activity["summary"]) == len(card["fallbackText"]) == 300
    assert activity["summary"].endswith("…")


def test_our_emoji_codes_read_as_emoji_and_a_bar_is_not_quoted_but_a_command_is() -> None:
    # why: Teams shows Slack's ":one:" and a code span's quotes as they are; a poll's options
    # and its bars must read as people expect, while typed text keeps its colons.
    said = line(":one: Tuesday ", Code("███░░"), " 60% · close it with ", Code("/poll close P-1"),
                " · ", Typed("meet at 10:one: ok"))  # fmt: skip
    text = render_message(Message(text=said, parts=()), writer())["text"]
    assert (
        text
        == "1\ufe0f\u20e3 Tuesday ███░░ 60% · close it with “poll close P-1” · meet at 10:one: ok"
    )


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (line(Code("/goal report G-1 62")), "“goal report G-1 62”"),
        # why: Teams has no slash commands: people type the command after @Backbone
        (line("There is no G-9. /goal list shows them."), "There is no G-9. goal list shows them."),
        # why: our own words name commands too, not only code spans
        (line("See https://example.org/goal or a/poll"), "See https://example.org/goal or a/poll"),
        # why: a link's path or a word with a slash is no command
        (line(Typed("/goal is what I typed")), "/goal is what I typed"),
        # why: what a person typed is shown as typed
    ],
)
def test_commands_read_as_teams_users_type_them(said: Line, shown: str) -> None:
    assert render_message(Message(text=said, parts=()), writer())["text"] == shown
