"""Tests for bot.when: which words are a due date, what they mean, and the title left behind."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import DateError
from bot.when import WORKDAY_END, Due, Found, find_due, read_when

TUE = "2026-11-24T15:00:00+00:00"  # a Tuesday afternoon in UTC; most rows are said then
FRI = "2026-11-27T15:00:00+00:00"
FRI_EVENING = "2026-11-27T18:00:00+00:00"
SAT = "2026-11-28T15:00:00+00:00"
SUN = "2026-11-29T12:00:00+00:00"
DEC20 = "2026-12-20T15:00:00+00:00"
NY, LA, AKL, IST = "America/New_York", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"
NY_BEFORE_FALL_BACK = "2026-10-31T16:00:00+00:00"  # Sat 12:00 EDT; clocks go back Sun 02:00
LA_BEFORE_SPRING = "2027-03-13T20:00:00+00:00"  # Sat 12:00 PST; clocks go forward Sun 02:00

FRIDAY = "2026-11-27"

ROWS = [
    # --- the phrases PRODUCT.md promises ---
    # why: the product example; "3 beds" is a number, not a date
    (
        "Call the shelter about 3 beds by Friday",
        TUE,
        "UTC",
        "Call the shelter about 3 beds",
        FRIDAY,
    ),
    # why: "due" + US month/day, lead word removed with the phrase
    ("Send the HMIS report due 12/5", TUE, "UTC", "Send the HMIS report", "2026-12-05"),
    # why: a leading relative day with a time, the rest is the title
    ("tomorrow 3pm call landlord", TUE, "UTC", "call landlord", "2026-11-25T15:00:00+00:00"),
    # why: "on" + month abbreviation and day
    ("Call landlord on Dec 5", TUE, "UTC", "Call landlord", "2026-12-05"),
    # why: standalone "tomorrow" needs no lead word and is all-day
    ("Call landlord tomorrow", TUE, "UTC", "Call landlord", "2026-11-25"),
    # why: said on a Tuesday, "next Tuesday" is next week's, not today
    ("Call landlord next Tuesday", TUE, "UTC", "Call landlord", "2026-12-01"),
    # why: "next <weekday>" is that day of next week, as "next week" is the week after this one
    ("Call landlord next Friday", TUE, "UTC", "Call landlord", "2026-12-04"),
    # why: "this <weekday>" is the coming one
    ("Call landlord this Friday", TUE, "UTC", "Call landlord", FRIDAY),
    # why: "this <weekday>" includes today
    ("Call landlord this Tuesday", TUE, "UTC", "Call landlord", "2026-11-24"),
    # why: "in N weeks" counts from today
    ("Call landlord in 2 weeks", TUE, "UTC", "Call landlord", "2026-12-08"),
    # why: "in N days"
    ("Call landlord in 3 days", TUE, "UTC", "Call landlord", FRIDAY),
    # why: "in N months" crosses the year
    ("Call landlord in 2 months", TUE, "UTC", "Call landlord", "2027-01-24"),
    # why: a spelled-out count ("a week")
    ("Call landlord in a week", TUE, "UTC", "Call landlord", "2026-12-01"),
    # why: EOD is today at the end of the working day, with a time
    ("File intake forms EOD", TUE, "UTC", "File intake forms", "2026-11-24T17:00:00+00:00"),
    # why: case-insensitive (eod)
    ("File intake forms eod", TUE, "UTC", "File intake forms", "2026-11-24T17:00:00+00:00"),
    # why: case-insensitive (Eod)
    ("File intake forms Eod", TUE, "UTC", "File intake forms", "2026-11-24T17:00:00+00:00"),
    # why: EOW is this week's Friday 17:00, a time
    ("Close the loop EOW", TUE, "UTC", "Close the loop", "2026-11-27T17:00:00+00:00"),
    # why: "end of week" is spelled-out EOW, lead word removed too
    ("Close the loop by end of week", TUE, "UTC", "Close the loop", "2026-11-27T17:00:00+00:00"),
    # why: "this week" is the same Friday but all-day
    ("Close the loop this week", TUE, "UTC", "Close the loop", FRIDAY),
    # why: end of month is the last day of this month, all-day
    ("Reconcile beds end of month", TUE, "UTC", "Reconcile beds", "2026-11-30"),
    # why: the long form with "the" and a lead word
    ("Reconcile beds by the end of the month", TUE, "UTC", "Reconcile beds", "2026-11-30"),
    # why: EOM abbreviation
    ("Reconcile beds EOM", TUE, "UTC", "Reconcile beds", "2026-11-30"),
    # why: next week is Monday of next week, all-day
    ("Schedule case conference next week", TUE, "UTC", "Schedule case conference", "2026-11-30"),
    # why: next month is the 1st of next month, like next week is its Monday
    ("Renew MOU next month", TUE, "UTC", "Renew MOU", "2026-12-01"),
    # why: end of next month is that month's last day
    ("Renew MOU by end of next month", TUE, "UTC", "Renew MOU", "2026-12-31"),
    # why: end of next week is next week's Friday 17:00, like EOW
    ("Renew MOU by end of next week", TUE, "UTC", "Renew MOU", "2026-12-04T17:00:00+00:00"),
    # why: ISO date after a lead word
    ("Submit HUD report by 2026-12-05", TUE, "UTC", "Submit HUD report", "2026-12-05"),
    # why: a bare ISO date that ends the text is the due date
    ("Submit HUD report 2026-12-05", TUE, "UTC", "Submit HUD report", "2026-12-05"),
    # why: a bare ISO date after "the" and before a noun names an event
    (
        "Write up the 2026-11-01 incident",
        TUE,
        "UTC",
        "Write up the 2026-11-01 incident",
        None,
    ),
    # why: ISO date with a time
    (
        "Submit HUD report due 2026-12-05 14:00",
        TUE,
        "UTC",
        "Submit HUD report",
        "2026-12-05T14:00:00+00:00",
    ),
    # why: ISO date-time with a T
    (
        "Submit HUD report by 2026-12-05T14:00",
        TUE,
        "UTC",
        "Submit HUD report",
        "2026-12-05T14:00:00+00:00",
    ),
    # why: US month/day/year
    ("Send the HMIS report due 12/5/2026", TUE, "UTC", "Send the HMIS report", "2026-12-05"),
    # why: two-digit year
    ("Send the HMIS report due 12/5/26", TUE, "UTC", "Send the HMIS report", "2026-12-05"),
    # why: the 15th has passed this month, so next month's
    ("Pay deposit by the 15th", TUE, "UTC", "Pay deposit", "2026-12-15"),
    # why: the 24th is today: all-day today is not past
    ("Pay deposit by the 24th", TUE, "UTC", "Pay deposit", "2026-11-24"),
    # why: November has no 31st, so the next month that does
    ("Pay deposit by the 31st", TUE, "UTC", "Pay deposit", "2026-12-31"),
    # why: full month name with ordinal
    ("Mail letters by December 5th", TUE, "UTC", "Mail letters", "2026-12-05"),
    # why: day before month
    ("Mail letters on 5 Dec", TUE, "UTC", "Mail letters", "2026-12-05"),
    # why: "the 5th of December"
    ("Mail letters on the 5th of December", TUE, "UTC", "Mail letters", "2026-12-05"),
    # why: month/day with "at" and a time
    ("Tour site on Dec 5 at 2pm", TUE, "UTC", "Tour site", "2026-12-05T14:00:00+00:00"),
    # why: an explicit future year is kept
    ("Tour site on Dec 5, 2027", TUE, "UTC", "Tour site", "2027-12-05"),
    # why: weekday with a time after a lead word
    ("Tour site by Friday 10am", TUE, "UTC", "Tour site", "2026-11-27T10:00:00+00:00"),
    # why: a bare weekday is never read without a lead word, even with a time (a meeting's name)
    ("Friday 10am standup notes", TUE, "UTC", "Friday 10am standup notes", None),
    # why: standalone "today" is all-day today
    ("Call landlord today", TUE, "UTC", "Call landlord", "2026-11-24"),
    # why: "noon" after a lead word is today at 12:00 in the person's zone (10:00 in New York)
    ("Call landlord by noon", TUE, NY, "Call landlord", "2026-11-24T12:00:00-05:00"),
    # why: a bare time after a lead word is today
    ("Call landlord by 3pm", TUE, NY, "Call landlord", "2026-11-24T15:00:00-05:00"),
    # why: minutes and a spaced am/pm
    ("Call landlord by 3:30 pm", TUE, NY, "Call landlord", "2026-11-24T15:30:00-05:00"),
    # why: 24-hour time
    ("Call landlord by 15:00", TUE, LA, "Call landlord", "2026-11-24T15:00:00-08:00"),
    # why: "at" leads a time, and the day may follow it
    ("Call landlord at 3pm tomorrow", TUE, "UTC", "Call landlord", "2026-11-25T15:00:00+00:00"),
    # why: time before a relative day needs no lead word
    ("Call landlord 3pm tomorrow", TUE, "UTC", "Call landlord", "2026-11-25T15:00:00+00:00"),
    # why: "tomorrow at 3:30 pm"
    ("Call landlord tomorrow at 3:30 pm", TUE, "UTC", "Call landlord", "2026-11-25T15:30:00+00:00"),
    # why: a later time today is in the future
    ("Call landlord by 5pm", TUE, "UTC", "Call landlord", "2026-11-24T17:00:00+00:00"),
    # why: upper case and at the start
    ("TOMORROW call landlord", TUE, "UTC", "call landlord", "2026-11-25"),
    # why: mixed case lead word and weekday
    ("Call June By FRIDAY", TUE, "UTC", "Call June", FRIDAY),
    # why: weekday and date that agree
    ("Tour site by Friday, Dec 4", TUE, "UTC", "Tour site", "2026-12-04"),
    # why: "Friday EOD" is Friday at the end of the working day
    ("Send report by Friday EOD", TUE, "UTC", "Send report", "2026-11-27T17:00:00+00:00"),
    # why: EOD before a relative day
    ("Send report EOD tomorrow", TUE, "UTC", "Send report", "2026-11-25T17:00:00+00:00"),
    # why: "tomorrow by noon" is one phrase (not "tomorrow", then "by noon" today)
    ("Send report tomorrow by noon", TUE, "UTC", "Send report", "2026-11-25T12:00:00+00:00"),
    # why: a part of the day is all of that day; it leaves the title with the phrase
    ("Call landlord tomorrow morning", TUE, "UTC", "Call landlord", "2026-11-25"),
    # why: a part of the day plus a time: the time wins
    ("Call landlord tomorrow night 8pm", TUE, "UTC", "Call landlord", "2026-11-25T20:00:00+00:00"),
    # why: "tonight" is all of today (all-day today is never past)
    ("Text Maria tonight", TUE, "UTC", "Text Maria", "2026-11-24"),
    # why: "Due:" with a colon is a lead word too
    ("Call landlord. Due: Friday", TUE, "UTC", "Call landlord", FRIDAY),
    # why: "due by" is one lead
    ("Call landlord due by tomorrow", TUE, "UTC", "Call landlord", "2026-11-25"),
    # --- look-alikes that are never dates ---
    # why: June is a person; the date is Friday
    ("Call June by Friday", TUE, "UTC", "Call June", FRIDAY),
    # why: May followed by a number, with no lead word, is a person
    ("Ask May 3 questions", TUE, "UTC", "Ask May 3 questions", None),
    # why: Mae and April are people; "at intake" is not a time
    ("Meet Mae and April at intake", TUE, "UTC", "Meet Mae and April at intake", None),
    # why: August is a person
    ("Call August about housing", TUE, "UTC", "Call August about housing", None),
    # why: Friday Harbor is a place
    ("Book ferry to Friday Harbor", TUE, "UTC", "Book ferry to Friday Harbor", None),
    # why: a lead word before a place named after a weekday is still not a date
    (
        "Drop off donations on Friday Harbor Road",
        TUE,
        "UTC",
        "Drop off donations on Friday Harbor Road",
        None,
    ),
    # why: a bare weekday with no lead word is not a date
    ("Monday meeting notes", TUE, "UTC", "Monday meeting notes", None),
    # why: "on unit 12" is not a date
    ("Sign lease on unit 12", TUE, "UTC", "Sign lease on unit 12", None),
    # why: numbers in titles
    ("bring 4 chairs", TUE, "UTC", "bring 4 chairs", None),
    # why: a bare fraction with no lead word is not a date
    ("Fix lock in room 2/3", TUE, "UTC", "Fix lock in room 2/3", None),
    # why: "by" with no date word after it
    ("Meet by the river", TUE, "UTC", "Meet by the river", None),
    # why: "by" + a person
    ("Reviewed by Maria", TUE, "UTC", "Reviewed by Maria", None),
    # why: a month name with no day after a lead word may be a person: left in the title
    ("Ask about housing by June", TUE, "UTC", "Ask about housing by June", None),
    # why: an ordinal followed by a noun is not "the 2nd"
    ("Set up chairs on the 2nd floor", TUE, "UTC", "Set up chairs on the 2nd floor", None),
    # why: a possessive is not a due date
    ("Review today's intake list", TUE, "UTC", "Review today's intake list", None),
    # why: "in 2 weeks notice" is a notice period, not a due date
    ("Put in 2 weeks notice", TUE, "UTC", "Put in 2 weeks notice", None),
    # why: "by 20" is an amount; only the date phrase is taken
    ("Increase beds by 20 by Friday", TUE, "UTC", "Increase beds by 20", FRIDAY),
    # why: "Friday Night Lights" is a name: a capitalised word after a weekday is not a part of day
    (
        "Reviewed by Friday Night Lights crew",
        TUE,
        "UTC",
        "Reviewed by Friday Night Lights crew",
        None,
    ),
    # why: a mention's label is never read and stays untouched
    ("Thank <@U123|may> by Friday", TUE, "UTC", "Thank <@U123|may>", FRIDAY),
    # why: links (with dates in them) are never read
    (
        "Read <https://x.org/2026-12-05|Dec 5 notes>",
        TUE,
        "UTC",
        "Read <https://x.org/2026-12-05|Dec 5 notes>",
        None,
    ),
    # why: an @name stays; the date after it is read
    ("Check in with @june on Dec 5", TUE, "UTC", "Check in with @june", "2026-12-05"),
    # why: mentions around a phrase are kept in place
    ("<@U1> <@U2|mae> tomorrow", TUE, "UTC", "<@U1> <@U2|mae>", "2026-11-25"),
    # --- titles ---
    # why: the comma after the phrase joins the clauses again
    ("Call June by Friday, then email Ana", TUE, "UTC", "Call June, then email Ana", FRIDAY),
    # why: a colon left dangling at the start is dropped
    ("tomorrow: call landlord", TUE, "UTC", "call landlord", "2026-11-25"),
    # why: an emptied bracket is dropped
    ("Call the shelter (by Friday)", TUE, "UTC", "Call the shelter", FRIDAY),
    # why: a dash left dangling at the end is dropped
    ("Call landlord — by Friday", TUE, "UTC", "Call landlord", FRIDAY),
    # why: the sentence's full stop after the phrase is dropped
    ("Call June by Friday.", TUE, "UTC", "Call June", FRIDAY),
    # why: a leading phrase with a colon
    ("Due 12/5: send the HMIS report", TUE, "UTC", "send the HMIS report", "2026-12-05"),
    # why: no phrase: whitespace is still collapsed
    ("  Call   landlord  ", TUE, "UTC", "Call landlord", None),
    # why: empty text
    ("", TUE, "UTC", "", None),
    # why: only a phrase: the title is empty (the caller decides what that means)
    ("tomorrow", TUE, "UTC", "", "2026-11-25"),
    # why: two phrases: the last is the due, the first stays in the title as words
    ("Prep the meeting on Dec 5 by Friday", TUE, "UTC", "Prep the meeting on Dec 5", FRIDAY),
    # --- Fridays and weekends ---
    # why: said on a Friday, "by Friday" means next week's Friday
    ("Call landlord by Friday", FRI, "UTC", "Call landlord", "2026-12-04"),
    # why: EOW on Friday afternoon is today 17:00
    ("Close the loop EOW", FRI, "UTC", "Close the loop", "2026-11-27T17:00:00+00:00"),
    # why: EOW after Friday 17:00 is next Friday (this working week is over)
    ("Close the loop EOW", FRI_EVENING, "UTC", "Close the loop", "2026-12-04T17:00:00+00:00"),
    # why: EOW on a Saturday is next Friday
    ("Close the loop EOW", SAT, "UTC", "Close the loop", "2026-12-04T17:00:00+00:00"),
    # why: "this week" on a Saturday is the coming working week's Friday
    ("Close the loop this week", SAT, "UTC", "Close the loop", "2026-12-04"),
    # why: next week on a Saturday is the coming Monday
    ("Schedule case conference next week", SAT, "UTC", "Schedule case conference", "2026-11-30"),
    # why: next week on a Sunday is tomorrow
    ("Schedule case conference next week", SUN, "UTC", "Schedule case conference", "2026-11-30"),
    # why: "next Monday" on a Sunday is tomorrow (next week's Monday)
    ("Call landlord next Monday", SUN, "UTC", "Call landlord", "2026-11-30"),
    # why: all-day today stays allowed after 17:00
    ("Call landlord today", FRI_EVENING, "UTC", "Call landlord", FRIDAY),
    # --- the year turning ---
    # why: Jan 3 said in December is next year's
    ("Renew lease on Jan 3", DEC20, "UTC", "Renew lease", "2027-01-03"),
    # why: relative arithmetic crosses the year
    ("Renew lease in 2 weeks", DEC20, "UTC", "Renew lease", "2027-01-03"),
    # why: end of month in December
    ("Renew lease end of month", DEC20, "UTC", "Renew lease", "2026-12-31"),
    # why: next week from New Year's Eve is in the new year
    ("Renew lease next week", "2026-12-31T12:00:00+00:00", "UTC", "Renew lease", "2027-01-04"),
    # why: a month/day long past this year is the coming one (the nearest), next year
    ("Renew lease by 3/1", TUE, "UTC", "Renew lease", "2027-03-01"),
    # why: a month/day that is today is today
    ("Renew lease by 11/24", TUE, "UTC", "Renew lease", "2026-11-24"),
    # why: Feb 29 without a year is the next leap day
    ("Renew lease on Feb 29", TUE, "UTC", "Renew lease", "2028-02-29"),
    # why: a month from Jan 31 is the end of February, not March
    ("Renew lease in 1 month", "2027-01-31T12:00:00+00:00", "UTC", "Renew lease", "2027-02-28"),
    # why: end of month on its last day is today
    ("Renew lease end of month", "2026-11-30T12:00:00+00:00", "UTC", "Renew lease", "2026-11-30"),
    # --- zones ---
    # why: 15:00 UTC Tuesday is already Wednesday in Auckland; Friday is still that week's
    ("Call landlord by Friday", TUE, AKL, "Call landlord", FRIDAY),
    # why: EOD is the end of the Auckland working day (Wednesday there)
    ("Call landlord EOD", TUE, AKL, "Call landlord", "2026-11-25T17:00:00+13:00"),
    # why: tomorrow in Auckland is Thursday
    ("Call landlord tomorrow", TUE, AKL, "Call landlord", "2026-11-26"),
    # why: a half-hour offset zone
    ("Call landlord tomorrow 9am", TUE, IST, "Call landlord", "2026-11-25T09:00:00+05:30"),
    # why: later tonight in Kolkata (20:30 now) is still today
    ("Call landlord by 9pm", TUE, IST, "Call landlord", "2026-11-24T21:00:00+05:30"),
    # why: EOD in Los Angeles (07:00 now)
    ("Call landlord EOD", TUE, LA, "Call landlord", "2026-11-24T17:00:00-08:00"),
    # why: 03:00 UTC Wednesday is still Tuesday evening in Los Angeles
    ("Call landlord today", "2026-11-25T03:00:00+00:00", LA, "Call landlord", "2026-11-24"),
    # --- daylight saving time ---
    # why: the day after the fall-back switch takes the standard offset
    (
        "tomorrow 3pm call landlord",
        NY_BEFORE_FALL_BACK,
        NY,
        "call landlord",
        "2026-11-01T15:00:00-05:00",
    ),
    # why: 1:30 happens twice on fall-back day: the first one (still EDT)
    (
        "tomorrow 1:30am call landlord",
        NY_BEFORE_FALL_BACK,
        NY,
        "call landlord",
        "2026-11-01T01:30:00-04:00",
    ),
    # why: EOD on the switch day itself is 17:00 EST
    (
        "Call landlord EOD",
        "2026-11-01T14:00:00+00:00",
        NY,
        "Call landlord",
        "2026-11-01T17:00:00-05:00",
    ),
    # why: the day after spring-forward takes the daylight offset
    (
        "tomorrow 3pm call landlord",
        LA_BEFORE_SPRING,
        LA,
        "call landlord",
        "2027-03-14T15:00:00-07:00",
    ),
    # why: 2:30 does not exist on spring-forward day: it lands an hour later
    (
        "tomorrow 2:30am call landlord",
        LA_BEFORE_SPRING,
        LA,
        "call landlord",
        "2027-03-14T03:30:00-07:00",
    ),
    # why: next week across the switch
    (
        "Schedule case conference next week",
        LA_BEFORE_SPRING,
        LA,
        "Schedule case conference",
        "2027-03-15",
    ),
]


@pytest.mark.parametrize(("text", "now", "zone", "title", "due"), ROWS)
def test_find_due(text: str, now: str, zone: str, title: str, due: str | None) -> None:
    found = find_due(text, now=datetime.fromisoformat(now), zone=ZoneInfo(zone))
    assert (found.title, found.due.iso() if found.due else None) == (title, due)


def _unreadable(words: str) -> str:
    return f"I couldn't read “{words}” as a date. Try “by Friday”, “due 12/5” or “2026-12-05”."


def _past(words: str) -> str:
    return f"“{words}” is in the past. Try a later date, like “tomorrow” or “next week”."


def _passed(words: str) -> str:
    return f"“{words}” has already passed today. Try a later time, or “tomorrow”."


ERRORS = [
    # why: the example: a number/number that is no date
    ("Send report due 13/45", TUE, "UTC", _unreadable("13/45")),
    # why: an ISO date that does not exist
    ("Send report by 2026-02-30", TUE, "UTC", _unreadable("2026-02-30")),
    # why: a month name with an impossible day
    ("Send report by Dec 45", TUE, "UTC", _unreadable("Dec 45")),
    # why: Feb 30 does not exist (dateparser would read it as 2030-01-02)
    ("Send report by 2/30", TUE, "UTC", _unreadable("2/30")),
    # why: Feb 29 of a year that is not a leap year
    ("Send report by Feb 29 2027", TUE, "UTC", _unreadable("Feb 29 2027")),
    # why: date-shaped junk after a lead word
    ("Send report by 1/2/3", TUE, "UTC", _unreadable("1/2/3")),
    # why: an hour that a clock does not have
    ("Send report by 13pm", TUE, "UTC", _unreadable("13pm")),
    # why: a 24-hour time past 23:59
    ("Send report by 25:00", TUE, "UTC", _unreadable("25:00")),
    # why: no month has a 45th
    ("Send report by the 45th", TUE, "UTC", _unreadable("the 45th")),
    # why: an earlier phrase that cannot be read still stops the item
    ("Prep the meeting on 13/45 by Friday", TUE, "UTC", _unreadable("13/45")),
    # why: an explicit past ISO date
    ("Send report by 2025-12-05", TUE, "UTC", _past("2025-12-05")),
    # why: a month/day that passed yesterday is refused, never moved a year ahead
    ("Renew lease by 11/23", TUE, "UTC", _past("11/23")),
    # why: an explicit past m/d/yyyy
    ("Send report due 11/20/2026", TUE, "UTC", _past("11/20/2026")),
    # why: EOD after 17:00
    ("Send report EOD", FRI_EVENING, "UTC", _passed("EOD")),
    # why: today at a time that has passed
    ("Send report today 3pm", "2026-11-24T16:00:00+00:00", "UTC", _passed("today 3pm")),
    # why: noon has passed at 15:00
    ("Send report by noon", TUE, "UTC", _passed("noon")),
    # why: a date-time today earlier than now
    ("Send report on Nov 24 at 2pm", TUE, "UTC", _passed("Nov 24 at 2pm")),
    # why: EOD has passed in Kolkata (20:30 there) though not in UTC
    ("Send report EOD", TUE, IST, _passed("EOD")),
    # why: the weekday and the date disagree
    (
        "Send report by Friday, Dec 5",
        TUE,
        "UTC",
        "Dec 5, 2026 is a Saturday, not a Friday. Try just “Dec 5” or just “Friday”.",
    ),
]


@pytest.mark.parametrize(("text", "now", "zone", "message"), ERRORS)
def test_find_due_errors(text: str, now: str, zone: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        find_due(text, now=datetime.fromisoformat(now), zone=ZoneInfo(zone))
    assert caught.value.message == message


NOW = datetime.fromisoformat(TUE)


def test_find_due_whole_value() -> None:
    found = find_due("Call June by Friday", now=NOW, zone=ZoneInfo("UTC"))
    due = Due(at=datetime(2026, 11, 27, 17, tzinfo=UTC), all_day=True, zone="UTC")
    assert found == Found(due=due, title="Call June")


def test_all_day_falls_at_workday_end_in_each_dst_offset() -> None:
    zone = ZoneInfo(LA)
    saturday = read_when("today", now=datetime.fromisoformat(LA_BEFORE_SPRING), zone=zone)
    sunday = read_when("tomorrow", now=datetime.fromisoformat(LA_BEFORE_SPRING), zone=zone)
    assert (saturday, sunday) == (
        Due(at=datetime(2027, 3, 14, 1, tzinfo=UTC), all_day=True, zone=LA),  # 17:00 PST
        Due(at=datetime(2027, 3, 15, 0, tzinfo=UTC), all_day=True, zone=LA),  # 17:00 PDT
    )
    assert sunday.local() == datetime(2027, 3, 14, 17, tzinfo=zone)
    assert sunday.local().time() == WORKDAY_END


READ_WHEN = [
    # why: snooze's most common words: Monday of next week
    ("next week", "2026-11-30"),
    # why: a relative day
    ("tomorrow", "2026-11-25"),
    # why: a month and day needs no lead word when the whole string is the date
    ("Dec 5", "2026-12-05"),
    # why: a lead word is allowed ("away until Dec 2")
    ("until Dec 2", "2026-12-02"),
    # why: a weekday needs no lead word here either
    ("Friday", FRIDAY),
    # why: a bare ISO date
    ("2026-12-05", "2026-12-05"),
    # why: weekday and time
    ("by Friday 10am", "2026-11-27T10:00:00+00:00"),
    # why: EOD, with surrounding spaces and a full stop
    ("  EOD. ", "2026-11-24T17:00:00+00:00"),
    # why: a bare time is today
    ("5pm", "2026-11-24T17:00:00+00:00"),
]


@pytest.mark.parametrize(("text", "due"), READ_WHEN)
def test_read_when(text: str, due: str) -> None:
    assert read_when(text, now=NOW, zone=ZoneInfo("UTC")).iso() == due


READ_WHEN_ERRORS = [
    # why: not a date at all
    ("banana", _unreadable("banana")),
    # why: a month alone names no day
    ("June", _unreadable("June")),
    # why: the whole string must be the phrase
    ("next week please", _unreadable("next week please")),
    # why: yesterday is read only to say it is past
    ("yesterday", _past("yesterday")),
    # why: an explicit past date
    ("2020-01-01", _past("2020-01-01")),
    # why: nothing given
    ("  ", "Say when, for example “tomorrow”, “next week” or “Dec 5”."),
]


@pytest.mark.parametrize(("text", "message"), READ_WHEN_ERRORS)
def test_read_when_errors(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        read_when(text, now=NOW, zone=ZoneInfo("UTC"))
    assert caught.value.message == message


_ZONES = st.sampled_from(["UTC", NY, LA, AKL, IST])
_NOWS = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)
_WORDS = st.sampled_from(
    [
        "by",
        "due",
        "on",
        "until",
        "at",
        "in",
        "the",
        "next",
        "this",
        "end",
        "of",
        "Friday",
        "sat",
        "Dec",
        "June",
        "may",
        "12/5",
        "13/45",
        "2/29",
        "1/2/3",
        "2026-02-30",
        "2020-01-01",
        "15th",
        "31st",
        "3pm",
        "noon",
        "25:00",
        "tomorrow",
        "today",
        "EOD",
        "eow",
        "week",
        "month",
        "2",
        "a",
        "weeks",
        "days",
        "<@U1|may>",
        ",",
        ".",
        "(",
        ")",
        ":",
        "—",
    ]
)


def _check_find_due(text: str, now: datetime, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    try:
        found = find_due(text, now=now, zone=zone)
    except DateError as error:
        assert error.message
        return
    if found.due is not None:
        assert found.due.local().date() >= now.astimezone(zone).date()
        assert found.due.zone == zone_name
    assert "<@U1|may>" in found.title or "<@U1|may>" not in text


@settings(deadline=None)
@given(text=st.text(), now=_NOWS, zone=_ZONES)
def test_find_due_never_fails_on_any_text(text: str, now: datetime, zone: str) -> None:
    _check_find_due(text, now, zone)


@settings(deadline=None)
@given(words=st.lists(_WORDS, max_size=8), now=_NOWS, zone=_ZONES)
def test_find_due_never_fails_on_date_like_text(words: list[str], now: datetime, zone: str) -> None:
    _check_find_due(" ".join(words), now, zone)
