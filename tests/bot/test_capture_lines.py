"""Which lines of a message are captured, and how records follow a message's edits."""

from __future__ import annotations

import pytest

from bot.capture import MAX_LINES, CaptureLine, capture_lines, pair_up, pushpin_text, read_line

LINES = [
    # why: the three prefixes, in any case, make items and decisions
    ("ACTION: Call the shelter", ("action", "Call the shelter")),
    ("todo: call the shelter", ("action", "call the shelter")),
    ("Decision: We hold 3 beds", ("decision", "We hold 3 beds")),
    # why: notes often say "action item" and "to do"
    ("Action item: Send the HMIS report", ("action", "Send the HMIS report")),
    ("To do: book the room", ("action", "book the room")),
    ("TO-DO: book the room", ("action", "book the room")),
    # why: a space before the colon or none after it is still the prefix
    ("ACTION :Call the shelter", ("action", "Call the shelter")),
    # why: indented lines and every bullet Slack and editors produce
    ("   ACTION: Call the shelter", ("action", "Call the shelter")),
    ("- ACTION: Call the shelter", ("action", "Call the shelter")),
    ("* TODO: Call the shelter", ("action", "Call the shelter")),
    ("• DECISION: We hold 3 beds", ("decision", "We hold 3 beds")),
    ("    ◦ TODO: nested under a note", ("action", "nested under a note")),
    ("2. ACTION: numbered", ("action", "numbered")),
    # why: Slack bold (*…*) and pasted markdown bold (**…**), closed before or after the colon
    ("*ACTION:* Call the shelter", ("action", "Call the shelter")),
    ("*ACTION*: Call the shelter", ("action", "Call the shelter")),
    ("**TODO:** Call the shelter", ("action", "Call the shelter")),
    ("• *DECISION:* We hold 3 beds", ("decision", "We hold 3 beds")),
    ("_Decision:_ We hold 3 beds", ("decision", "We hold 3 beds")),
    # why: a whole bold line loses its closing mark, not its words
    ("*ACTION: Call the shelter*", ("action", "Call the shelter")),
    # why: unchecked checklist lines are items, with any bullet
    ("- [ ] Call the shelter", ("action", "Call the shelter")),
    ("* [ ] Call the shelter", ("action", "Call the shelter")),
    ("• [] Call the shelter", ("action", "Call the shelter")),
    ("- [ ] DECISION: We hold 3 beds", ("decision", "We hold 3 beds")),
    # why: mentions and dates stay in the words; /action's reading takes them out later
    (
        "ACTION: <@UJOE> call the landlord by Friday",
        ("action", "<@UJOE> call the landlord by Friday"),
    ),
]

NOT_CAPTURES = [
    # why: headings and prose that start with the same words
    "Action items:",
    "Actions: see below",
    "actionable items: none",
    "TODO list is long",
    "Decisions:",
    "Decisions were made",
    # why: a prefix with nothing after it heads a list, it is not a record
    "ACTION:",
    "*DECISION:*",
    "- [ ]",
    # why: a checked box is already done
    "- [x] Send the unit list",
    # why: the prefix must start the line
    "Maria said ACTION: call the shelter",
    "<@UJOE> ACTION: call the shelter",
    # why: quotes and inline code repeat words said elsewhere
    "&gt; ACTION: quoted from another thread",
    "`ACTION: example of the syntax`",
    # why: a bullet needs a space after it; "*-" is neither
    "*- ACTION: odd",
    "",
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_capture_lines_are_read(line: str, expected: tuple[str, str]) -> None:
    read = read_line(line)
    assert read is not None
    assert (read.kind, read.text) == expected


@pytest.mark.parametrize("line", NOT_CAPTURES)
def test_other_lines_are_not_captures(line: str) -> None:
    assert read_line(line) is None


def test_the_raw_line_keeps_the_prefix_but_not_the_bullet() -> None:
    assert read_line("  • *TODO:* call") == CaptureLine("action", "call", "*TODO:* call")


def test_mixed_notes_give_one_record_per_line_in_order() -> None:
    notes = "\n".join(
        [
            "*Weekly case conferencing*",
            "• 14 households on the list",
            "• ACTION: <@UJOE> call the VA by Friday",
            "Discussion of landlord outreach went long",
            "- [ ] Update the by-name list",
            "• DECISION: Meet on Tuesdays",
            "TODO list is long",
        ]
    )
    assert [(line.kind, line.text) for line in capture_lines(notes).lines] == [
        ("action", "<@UJOE> call the VA by Friday"),
        ("action", "Update the by-name list"),
        ("decision", "Meet on Tuesdays"),
    ]


def test_lines_inside_a_code_block_are_not_captured() -> None:
    notes = "ACTION: real one\n```\nACTION: an example in a code block\n```\nTODO: another real one"
    assert [line.text for line in capture_lines(notes).lines] == ["real one", "another real one"]


def test_a_very_long_paste_is_cut_and_says_how_much_was_left_out() -> None:
    notes = "\n".join(f"- [ ] item {n}" for n in range(MAX_LINES + 7))
    read = capture_lines(notes)
    assert (len(read.lines), read.left_out) == (MAX_LINES, 7)


def test_a_pinned_message_reads_as_one_line_without_group_mentions() -> None:
    text = "<!here> can someone\ncall the landlord <@UJOE>?"
    assert pushpin_text(text) == "can someone call the landlord <@UJOE>?"


PAIRS = [
    # why: unchanged lines keep their records, wherever they moved
    (["a", "b"], ["b", "a"], ([(1, 0), (0, 1)], [])),
    # why: one line edited in place pairs with its record
    (["call the VA by Friday", "b"], ["call the VA by Monday", "b"], ([(0, 0), (1, 1)], [])),
    # why: a line added at the end is new
    (["a", "b"], ["a", "b", "c"], ([(0, 0), (1, 1)], [2])),
    # why: a line removed leaves its record alone
    (["a", "b", "c"], ["a", "c"], ([(0, 0), (2, 1)], [])),
    # why: an edit plus an insertion: the edited line finds its record by likeness
    (
        ["call the landlord about unit 12", "b"],
        ["b", "email the newsletter", "call the landlord about unit 14"],
        ([(1, 0), (0, 2)], [1]),
    ),
    # why: the same line twice makes two records, each kept
    (["a", "a"], ["a", "a", "a"], ([(0, 0), (1, 1)], [2])),
]


@pytest.mark.parametrize(("old", "new", "expected"), PAIRS)
def test_records_pair_with_the_lines_of_an_edited_message(
    old: list[str], new: list[str], expected: tuple[list[tuple[int, int]], list[int]]
) -> None:
    assert pair_up(old, new) == expected
