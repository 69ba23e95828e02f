"""`/action` words that are, start like, or are one letter from a subcommand, and real titles.

Each row is how a coordinator, case manager or outreach worker really types: commands in a
hurry (typos, codes forgotten or half typed, several codes at once), and titles that happen to
begin with a command's word. A command is never stored as an item; a title always is.
"""

from __future__ import annotations

import pytest

from bot.text import (
    ActionCommand,
    Back,
    Change,
    Coordinators,
    Create,
    DidYouMean,
    Edit,
    Help,
    ListItems,
    parse_action_command,
)

JO = "<@UJO|jo>"


def guess(verb: str, *numbers: int, rest: str = "", typed: str | None = None) -> DidYouMean:
    return DidYouMean(verb, tuple(numbers), rest, typed or verb)


# fmt: off
ROWS: list[tuple[str, ActionCommand]] = [
    # Commands missing their code: suggested, never stored.
    ("done", guess("done")),  # why: the code forgotten
    ("Done", guess("done", typed="Done")),  # why: phones capitalise the first word
    ("done A-", guess("done")),  # why: sent before the number was typed
    ("done a-", guess("done")),  # why: lower case too
    ("done #", guess("done")),  # why: Slack's # habit, no number
    ("done A-x", guess("done")),  # why: a code that is not one
    ("done.", guess("done", typed="done.")),  # why: a full stop after the word
    # why: no title starts "done with"
    ("done with the HMIS report", guess("done", rest="with the HMIS report")),
    ("snooze", guess("snooze")),  # why: the code and the date forgotten
    ("snooze next week", guess("snooze", rest="next week")),  # why: the date without the code
    ("drop", guess("drop")),  # why: alone it can only be the command
    ("due", guess("due")),  # why: alone it can only be the command
    ("assign", guess("assign")),  # why: alone it can only be the command
    ("assign <@UJO|jo>", guess("assign", rest=JO)),  # why: who, but not which item
    ("edit", guess("edit")),  # why: the code forgotten
    # why: nobody named
    ("coordinators add", guess("coordinators", rest="add", typed="coordinators")),
    # Typos of a command word, with a code after it.
    ("dnoe A-3", guess("done", 3, typed="dnoe")),  # why: two letters swapped
    ("doen A-3", guess("done", 3, typed="doen")),  # why: the other swap
    ("dne A-3", guess("done", 3, typed="dne")),  # why: a letter dropped
    ("donee A-3", guess("done", 3, typed="donee")),  # why: a letter doubled
    ("fone A-3", guess("done", 3, typed="fone")),  # why: the key next to d
    ("asign A-1 <@UJO|jo>", guess("assign", 1, rest=JO, typed="asign")),  # why: one s
    # why: swapped at the end
    ("assing A-1 <@UJO|jo>", guess("assign", 1, rest=JO, typed="assing")),
    ("snoze A-2 tomorrow", guess("snooze", 2, rest="tomorrow", typed="snoze")),  # why: one o
    ("snoozed A-2", guess("snooze", 2, typed="snoozed")),  # why: past tense
    ("dropp A-4", guess("drop", 4, typed="dropp")),  # why: a letter doubled
    ("dropped A-4", guess("drop", 4, typed="dropped")),  # why: past tense
    ("eidt A-5", guess("edit", 5, typed="eidt")),  # why: swapped
    # why: swapped, a list word after
    ("lsit overdue", guess("list", rest="overdue", typed="lsit")),
    ("lst", guess("list", typed="lst")),  # why: a letter dropped, alone
    ("dun A-3", DidYouMean("due", (3,), "", "dun")),  # why: starts like "due"
    ("close A-3", guess("done", 3, typed="close")),  # why: what people call done
    ("complete A-3", guess("done", 3, typed="complete")),  # why: the same
    ("finished A-3 and A-4", guess("done", 3, 4, typed="finished")),  # why: the same, two codes
    ("cancel A-7", guess("drop", 7, typed="cancel")),  # why: what people call drop
    ("delete A-7", guess("drop", 7, typed="delete")),  # why: the same
    ("reassign A-1 <@UJO|jo>", guess("assign", 1, rest=JO, typed="reassign")),  # why: the same
    ("drop the A-3 item", guess("drop", 3)),  # why: the code is there, in a sentence
    ("assign <@UJO|jo> to A-3", guess("assign", 3, rest=JO)),  # why: who first, then the item
    ("list all", guess("list", rest="all")),  # why: "all" alone is not a list we have
    ("list #housing", guess("list", rest="#housing")),  # why: a channel Slack did not link
    # why: one channel at a time
    ("list <#CH|housing> <#CC|case>", guess("list", rest="<#CH|housing> <#CC|case>")),
    # Commands, several codes at once.
    ("done A-1 A-2", Change("done", (1, 2), "")),  # why: two items closed after a meeting
    ("done A-1, A-2", Change("done", (1, 2), "")),  # why: a comma list
    ("done A-1,A-2,A-5", Change("done", (1, 2, 5), "")),  # why: no spaces
    ("done A-1 and A-2", Change("done", (1, 2), "")),  # why: "and" between
    ("done A-1 & A-2", Change("done", (1, 2), "")),  # why: "&" between
    ("done A-1 A-1", Change("done", (1,), "")),  # why: the same code twice counts once
    ("drop A-1, A-2", Change("drop", (1, 2), "")),  # why: the documented drop
    ("snooze A-1 A-3 next week", Change("snooze", (1, 3), "next week")),  # why: one date for all
    ("due A-1 A-2 Dec 5", Change("due", (1, 2), "Dec 5")),  # why: one date for all
    ("assign A-1 A-2 <@UJO|jo>", Change("assign", (1, 2), JO)),  # why: one owner for all
    ("done a1 a2", Change("done", (1, 2), "")),  # why: no dashes
    ("done #4 #5", Change("done", (4, 5), "")),  # why: Slack's # habit
    ("done A-1 and thanks all", Change("done", (1,), "and thanks all")),  # why: a note, not a code
    # why: a number after a code is the note
    ("done A-1 2 beds held", Change("done", (1,), "2 beds held")),
    ("done 12", Change("done", (12,), "")),  # why: a bare number after done is a code
    # why: as before
    ("done 3 beds held until Monday", Change("done", (3,), "beds held until Monday")),
    ("drop 12", Change("drop", (12,), "")),  # why: a bare number alone is a code
    ("assign 12 <@UJO|jo>", Change("assign", (12,), JO)),  # why: a bare number and only people
    # why: a note keeps its lines
    ("done A-3 note\nsecond line", Change("done", (3,), "note\nsecond line")),
    ("Done A-3.", Change("done", (3,), "")),  # why: a full stop after the code
    # Lists.
    ("list", ListItems("mine")),  # why: the documented list
    ("list me", ListItems("mine")),  # why: how people say mine
    ("list channel", ListItems("channel")),  # why: this channel
    # why: a channel picked as you type
    ("list <#CHOUSING|housing-partners>", ListItems("channel", channel_id="CHOUSING")),
    # why: a link without its name
    ("list <#CHOUSING>", ListItems("channel", channel_id="CHOUSING")),
    ("list overdue", ListItems("overdue")),  # why: this channel's overdue
    ("list overdue all", ListItems("overdue_all")),  # why: every channel's, for coordinators
    ("list all overdue", ListItems("overdue_all")),  # why: the other order
    ("List Overdue All", ListItems("overdue_all")),  # why: any case
    ("list <@UJO|jo>", ListItems("user", user_id="UJO")),  # why: someone's items
    # Coordinators.
    ("coordinators", Coordinators("list")),  # why: who they are
    ("coordinators list", Coordinators("list")),  # why: the same, said
    ("coordinator add <@UJO|jo>", Coordinators("add", ("UJO",))),  # why: singular
    # why: two at once
    ("coordinators add <@UJO|jo> <@UPAT|pat>", Coordinators("add", ("UJO", "UPAT"))),
    # why: the documented remove
    ("coordinators remove <@UJO|jo>", Coordinators("remove", ("UJO",))),
    # Help, back, edit.
    ("help", Help()),  # why: the documented help
    ("", Help()),  # why: nothing at all
    ("back", Back()),  # why: the documented back
    ("edit A-12", Edit(12)),  # why: the documented edit
    ("edit 12", Edit(12)),  # why: a bare number alone
    # Real titles that begin with a command's word: items.
    # why: drop off
    ("Drop off the blankets at the shelter", Create("Drop off the blankets at the shelter")),
    # why: a number that is a count
    ("Drop 3 boxes of socks at the shelter", Create("Drop 3 boxes of socks at the shelter")),
    ("Due diligence on the landlord", Create("Due diligence on the landlord")),  # why: a phrase
    ("List the open beds by Friday", Create("List the open beds by Friday")),  # why: a verb
    ("Edit the flyer", Create("Edit the flyer")),  # why: a verb
    # why: a count, not a code
    ("Edit 3 flyers for the fair", Create("Edit 3 flyers for the fair")),
    ("Back up the HMIS export", Create("Back up the HMIS export")),  # why: back up
    # why: a verb
    ("Assign case managers to the new units", Create("Assign case managers to the new units")),
    # why: a count
    ("Assign 2 case managers to the new units", Create("Assign 2 case managers to the new units")),
    # why: a compound word
    ("Done-in-a-day training signup", Create("Done-in-a-day training signup")),
    ("help Maria move on Saturday", Create("help Maria move on Saturday")),  # why: help as a verb
    ("Helping Hands donation pickup", Create("Helping Hands donation pickup")),  # why: a name
    # why: an adjective
    ("Away team retreat planning by Friday", Create("Away team retreat planning by Friday")),
    # why: a name one letter from due
    ("Sue to call the landlord", Create("Sue to call the landlord")),
    # why: a name that starts like done
    ("Don to bring the intake forms", Create("Don to bring the intake forms")),
    # why: one letter from list
    ("Last check-in with the landlord", Create("Last check-in with the landlord")),
    ("Lost keys for unit 5", Create("Lost keys for unit 5")),  # why: one letter from list
    ("Pack hygiene kits", Create("Pack hygiene kits")),  # why: one letter from back
    ("Held a spot for Mr. B", Create("Held a spot for Mr. B")),  # why: one letter from help
    # why: one letter from edit
    ("Exit interviews with residents", Create("Exit interviews with residents")),
    # why: close as a verb
    ("Close out the ESG grant by Friday", Create("Close out the ESG grant by Friday")),
    # why: complete as a verb
    ("Complete the VI-SPDAT for new intakes", Create("Complete the VI-SPDAT for new intakes")),
    # why: a verb
    ("Remove the old flyers at the library", Create("Remove the old flyers at the library")),
    # why: give, then words
    ("Give <@UJO|jo> the keys to the van", Create("Give <@UJO|jo> the keys to the van")),
    ("Show up early for the PIT count", Create("Show up early for the PIT count")),  # why: show up
    # why: a noun
    ("Coordinators retreat agenda by Friday", Create("Coordinators retreat agenda by Friday")),
    ("Dues for the coalition", Create("Dues for the coalition")),  # why: starts like due
    ("Snow shelter plan", Create("Snow shelter plan")),  # why: starts like snooze but is not
    # why: starts like list
    ("Listen to the lived-experience board", Create("Listen to the lived-experience board")),
    # why: a code inside a real title
    ("Follow up on A-3 with the landlord", Create("Follow up on A-3 with the landlord")),
    # why: an ordinary item
    ("Call the shelter <@UJO|jo> by Friday", Create("Call the shelter <@UJO|jo> by Friday")),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_commands_and_titles(text: str, expected: ActionCommand) -> None:
    assert parse_action_command(text) == expected


def test_every_subcommand_is_in_the_table() -> None:
    typed = {text.split()[0].lower() for text, _ in ROWS if text}
    assert {"done", "drop", "snooze", "due", "assign", "edit", "list", "help", "back"} <= typed
    assert {"coordinators", "away"} & typed
