"""Reading `/pdsa …` as people type it, and "for T-3" in an item's words."""

from __future__ import annotations

import pytest

from bot.cycle_text import (
    CycleCommand,
    CycleDidYouMean,
    CycleHelp,
    EditCycle,
    Learned,
    ListCycles,
    NewCycle,
    ShowCycle,
    parse_pdsa_command,
    split_cycle_ref,
)
from bot.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", NewCycle()),  # why: /pdsa alone opens the form
        ("new", NewCycle()),  # why: said as a verb
        ("  start  ", NewCycle()),  # why: a synonym, with stray spaces
        ("Text clients the day before intake", NewCycle("Text clients the day before intake")),
        # why: a change idea typed after /pdsa prefills the form
        ("new Walk-in hours on Fridays 🚶", NewCycle("Walk-in hours on Fridays 🚶")),
        (
            "Edit the intake script down to one page",
            NewCycle("Edit the intake script down to one page"),
        ),  # why: begins with a subcommand word
        ("list", ListCycles()),  # why: the channel's cycles
        ("LIST", ListCycles()),  # why: caps lock
        ("T-3", ShowCycle(3)),  # why: a code alone shows it
        ("t3", ShowCycle(3)),  # why: lower case, no dash
        ("show T-12", ShowCycle(12)),  # why: said with a verb
        ("edit T-3", EditCycle(3)),  # why: the edit form
        ("edit t-3.", EditCycle(3)),  # why: a full stop typed after the code
        ("edit #4", EditCycle(4)),  # why: a number the way other tools write it
        ("learned", Learned()),  # why: this channel's learning log
        ("learnt all", Learned(everywhere=True)),  # why: British spelling, the whole workspace
        ("lessons", Learned()),  # why: another word for it
        ("help", CycleHelp()),  # why: asked for
        ("?", CycleHelp()),  # why: a question mark alone
        ("lsit", CycleDidYouMean("list")),  # why: two letters swapped
        ("edti T-3", CycleDidYouMean("edit")),  # why: a typo before a code
    ],
)
def test_pdsa_commands_read_as_people_type_them(text: str, command: CycleCommand) -> None:
    assert parse_pdsa_command(text) == command


@pytest.mark.parametrize("text", ["edit", "show", "edit T-"])
def test_a_missing_code_says_how_to_give_one(text: str) -> None:
    # why: "edit" needs a code; "edit T-" is one begun but not finished
    with pytest.raises(InvalidInput, match=r"Say its code, like: /pdsa (edit|show) T-3"):
        parse_pdsa_command(text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Write the text message for T-3 by Friday", ("Write the text message by Friday", 3)),
        # why: in the middle, the date phrase kept for the item
        ("for t3 print the call list", ("print the call list", 3)),  # why: at the start, no dash
        ("Call the shelter for T-12.", ("Call the shelter", 12)),  # why: a full stop after it
        ("Order T-shirts for the outreach team", ("Order T-shirts for the outreach team", None)),
        # why: "T-shirts" is no code
        ("Ask for T-3x numbers", ("Ask for T-3x numbers", None)),  # why: not a whole code
        ("Buy 3 bus passes", ("Buy 3 bus passes", None)),  # why: no cycle named
    ],
)
def test_for_a_cycle_is_taken_out_of_an_items_words(
    text: str, read: tuple[str, int | None]
) -> None:
    assert split_cycle_ref(text) == read
