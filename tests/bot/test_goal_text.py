"""Reading `/goal add …` the way coordinators write it, and what is refused (and why)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidInput
from bot.goal_text import (
    AddGoal,
    EditGoal,
    GoalDidYouMean,
    GoalDraft,
    GoalHelp,
    ListGoals,
    ReportValue,
    SetNorthStar,
    ShowGoal,
    StopGoal,
    UseTemplate,
    parse_goal_command,
)

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)  # Thursday Dec 3, 10:00 in New York
NY = ZoneInfo("America/New_York")
ANA = "<@UANA|ana>"


def read(text: str) -> GoalDraft:
    command = parse_goal_command(text, now=NOW, zone=NY)
    assert isinstance(command, AddGoal), command
    return command.draft


# fmt: off
ADDS = [
    # why: the issue's own example, every part given
    ('add "Median days from match to move-in" lower is better, baseline 90, target 45 by June 30, '
     f"{ANA} reports monthly",
     GoalDraft("Median days from match to move-in", False, 90, 45, date(2027, 6, 30), "UANA",
               "monthly")),
    # why: "starting at", "get to", a numeric date, every 2 weeks
    (f'add "Households housed" higher is better, starting at 12, get to 20 by 3/31, {ANA} '
     "reports every 2 weeks",
     GoalDraft("Households housed", True, 12, 20, date(2027, 3, 31), "UANA", "biweekly")),
    # why: no quotes (the measure ends at the first comma); "we want it to go down"; weekly on a day
    ("add Veterans on the by-name list, we want it to go down, currently 45, target 20 by "
     "end of month, reports weekly on Fridays",
     GoalDraft("Veterans on the by-name list", False, 45, 20, date(2026, 12, 31), None, "weekly",
               5)),
    # why: monthly on a day, Anhøj's rules, a baseline period, a date with its year
    ('add "Days from referral to housing" lower is better, baseline 120, target 60 by 6/30/2027, '
     "monthly on the 5th, anhoj rules, baseline period 6 months",
     GoalDraft("Days from referral to housing", False, 120, 60, date(2027, 6, 30), None,
               "monthly", 5, "anhoj", 6)),
    # why: curly quotes from a phone, "more is better", "biweekly", a thousands separator
    ("add “Outreach contacts” more is better, baseline 1,200, target 1,500, biweekly",
     GoalDraft("Outreach contacts", True, 1200, 1500, None, None, "biweekly")),
    # why: "reduce" says lower is better; "every month"; "goal of"
    ('add "Returns to homelessness within 6 months" reduce, goal of 5, every month',
     GoalDraft("Returns to homelessness within 6 months", False, None, 5, None, None,
               "monthly")),
    # why: a percentage; "reach"; "fortnightly"; owner written "reported by"
    (f'add "Percent of referrals accepted" higher is better, baseline 40%, reach 75% by Sept 30, '
     f"reported by {ANA} fortnightly",
     GoalDraft("Percent of referrals accepted", True, 40, 75, date(2027, 9, 30), "UANA",
               "biweekly")),
    # why: "on the 1st of each month"; decimal values; "baseline of"
    ('add "Average length of stay in shelter (months)" lower is better, baseline of 4.5, '
     "target 3, on the 1st of each month",
     GoalDraft("Average length of stay in shelter (months)", False, 4.5, 3, None, None,
               "monthly", 1)),
    # why: a month alone, as coordinators set targets: its last day, next June
    ('add "Veterans housed" higher is better, baseline 12, target 30 by June, monthly',
     GoalDraft("Veterans housed", True, 12, 30, date(2027, 6, 30), None, "monthly")),
    # why: "the end of" a month abbreviated with a dot, this month still to come
    ('add "Beds filled" more is better, baseline 10, target 25 by the end of Dec., monthly',
     GoalDraft("Beds filled", True, 10, 25, date(2026, 12, 31), None, "monthly")),
    # why: a month with its year; February of a leap year ends on the 29th
    ('add "Days to move-in" lower is better, baseline 90, target 45 by February 2028, monthly',
     GoalDraft("Days to move-in", False, 90, 45, date(2028, 2, 29), None, "monthly")),
    # why: "every Monday" is weekly on Mondays; "lower is better" at the end
    ('add "New intakes" every Monday, baseline 30, lower is better',
     GoalDraft("New intakes", False, 30, None, None, None, "weekly", 1)),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), ADDS)
def test_coordinators_phrasings_of_a_goal(text: str, expected: GoalDraft) -> None:
    assert read(text) == expected


# fmt: off
REFUSED = [
    # why: no measure at all
    ("add lower is better, monthly", "What should the goal measure?"),
    ("add lower is better", "What should the goal measure?"),
    ('add "" monthly', "What should the goal measure?"),
    # why: a word we cannot place is named, not silently dropped
    ('add "Units filled" higher is better, banana 4, monthly', "I couldn't read “banana 4”"),
    # why: both directions at once
    ('add "Units" higher is better, lower is better, monthly', "both “higher” and “lower”"),
    # why: a misspelt date is a near miss, refused like /action's
    ('add "Units" higher is better, target 4 by Fridy, monthly', "“Fridy”"),
    # why: every month has a 28th, not a 31st
    ('add "Units" higher is better, monthly on the 31st', "days 1 to 28"),
    # why: a group can't own a goal
    ('add "Units" higher is better, <!channel> reports monthly', "not @channel"),
    # why: a value written in words: the goal is named, so only the number is asked for
    ("report G-1 twelve", "What value for G-1? “twelve” isn't a number: write it in digits"),
    # why: no goal code at all
    ("report twelve", "Which goal, and what value?"),
]
# fmt: on


@pytest.mark.parametrize(("text", "said"), REFUSED)
def test_what_cannot_be_read_is_named(text: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_goal_command(text, now=NOW, zone=NY)
    assert said in refused.value.message


# fmt: off
COMMANDS = [
    ("", GoalHelp()),  # why: alone, it helps
    ("help", GoalHelp()),
    ("list", ListGoals()),
    ("G-3", ShowGoal(3)),
    ("g3", ShowGoal(3)),  # why: typed quickly
    ("show G-3", ShowGoal(3)),
    ("edit G-2", EditGoal(2)),
    ("stop g-2", StopGoal(2)),
    ("report G-1 62 for November", ReportValue(1, 62, "for November", None)),
    ("report G-1 62", ReportValue(1, 62, "", None)),  # why: no period: the current one
    ("report g1 62 November — landlord backed out", ReportValue(1, 62, "November",
                                                                 "landlord backed out")),
    ("report G-4 7 for the week of Nov 2 - waiting on the housing authority",
     ReportValue(4, 7, "for the week of Nov 2", "waiting on the housing authority")),
    ("report G-1 1,250 for 2025-11", ReportValue(1, 1250, "for 2025-11", None)),
    (f"template bfz veterans {ANA}", UseTemplate("veterans", "UANA")),
    ("template bfz chronic monthly on the 10th", UseTemplate("chronic", None, 10)),
    ("template bfz chronic pit 2,450", UseTemplate("chronic", None, None, 2450)),
    ("template bfz chronic PIT count: 12000 monthly on the 5th",
     UseTemplate("chronic", None, 5, 12000)),
    ("template bfz chronic point-in-time count 900", UseTemplate("chronic", None, None, 900)),
    ('northstar "Functional zero for veterans by December 2027"',
     SetNorthStar("Functional zero for veterans by December 2027")),
    ("north star Functional zero for veterans by December 2027",  # why: two words, no quotes
     SetNorthStar("Functional zero for veterans by December 2027")),
    ("lsit", GoalDidYouMean("list")),  # why: a typo is never a goal
    ("reprot G-1 4", GoalDidYouMean("report")),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), COMMANDS)
def test_subcommands(text: str, expected: object) -> None:
    assert parse_goal_command(text, now=NOW, zone=NY) == expected


def test_a_point_in_time_count_is_for_chronic_homelessness_only() -> None:
    with pytest.raises(InvalidInput, match="for chronic homelessness"):
        parse_goal_command("template bfz veterans pit 2450", now=NOW, zone=NY)


@pytest.mark.parametrize(
    "text",
    [
        "template bfz chronic pit 2,450.5",  # why: a count of people is whole, never 2,450
        "template bfz chronic pit about 2000",  # why: a guess is no count
        "template bfz chronic pit",  # why: the count was left out
    ],
)
def test_a_point_in_time_count_that_is_no_whole_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="is a whole number of people"):
        parse_goal_command(text, now=NOW, zone=NY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("report G-1 1,200 for October", ReportValue(1, 1200, "for October", None)),
        # why: a spreadsheet's thousands separator
        ("report G-1 62 🎉", ReportValue(1, 62, "", None)),  # why: an emoji is no period
        ("report G-1 62 for October 🎖️", ReportValue(1, 62, "for October", None)),
    ],
)
def test_reports_as_people_type_them(text: str, expected: ReportValue) -> None:
    assert parse_goal_command(text, now=NOW, zone=NY) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("report G-1 62,5", "“62,5”"),  # why: a decimal comma is never read as 625
        ("report G-1 1,2,3", "“1,2,3”"),  # why: misplaced commas are never read as 123
        ("report G-1 twelve", "“twelve”"),  # why: a number in words is named
    ],
)
def test_a_value_that_is_no_number_is_named(text: str, named: str) -> None:
    with pytest.raises(InvalidInput, match=f"^What value for G-1\\? {named} isn't a number"):
        parse_goal_command(text, now=NOW, zone=NY)


def test_capacity_defaults_to_fourteen_idle_days() -> None:
    command = parse_goal_command(
        f'capacity "Open rapid re-housing slots" {ANA} reports weekly', now=NOW, zone=NY
    )
    assert command == AddGoal(
        GoalDraft("Open rapid re-housing slots", False, owner="UANA", cadence="weekly",
                  idle_days=14),
        kind="capacity",
    )  # fmt: skip


def test_capacity_with_its_own_threshold() -> None:
    command = parse_goal_command(
        'capacity "Vouchers issued, not leased" monthly, flag after 30 days', now=NOW, zone=NY
    )
    assert isinstance(command, AddGoal)
    assert (command.draft.idle_days, command.draft.cadence) == (30, "monthly")
