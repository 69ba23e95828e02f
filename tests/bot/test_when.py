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


# As coordinators, case managers and outreach workers write, with no help text read: said on
# Wednesday Dec 2 2026 at 10:00 in New York unless the row says otherwise.
WED = "2026-12-02T15:00:00+00:00"
FRI_LATE = "2026-12-04T21:30:00+00:00"  # Friday 16:30 in New York
DEC5 = "2026-12-05"
ROWS += [
    # --- bare dates, read where people put them ---
    # why: "Mr. A" is a client kept anonymous by an initial, not the article "a Friday"
    ("call the VA about Mr. A Friday", WED, NY, "call the VA about Mr. A", "2026-12-04"),
    # why: the same with another honorific and an initial
    ("drive Ms. J to the clinic Thursday", WED, NY, "drive Ms. J to the clinic", "2026-12-03"),
    # why: the article still makes a name of a weekday ("a Friday slot" is no due date)
    ("find a Friday slot for the training", WED, NY, "find a Friday slot for the training", None),
    # why: after a day, "at 3" is its time even when the task follows
    ("tomorrow at 3 call the shelter", WED, NY, "call the shelter", "2026-12-03T15:00:00-05:00"),
    # why: the same with a weekday and a morning hour
    ("Friday at 10 case conf prep", WED, NY, "case conf prep", "2026-12-04T10:00:00-05:00"),
    # why: "at 3 sites" after a day counts sites: the day is read, the count stays
    ("Friday at 3 sites count", WED, NY, "at 3 sites count", "2026-12-04"),
    # why: the first phrase: a bare weekday ending the text
    ("call VA Friday", WED, NY, "call VA", "2026-12-04"),
    # why: a bare weekday starting the text, before what to do
    ("Friday call VA", WED, NY, "call VA", "2026-12-04"),
    # why: a bare month/day ending the text
    ("send the list 12/5", WED, NY, "send the list", DEC5),
    # why: a bare month/day starting the text, with a colon
    ("12/5: send the list", WED, NY, "send the list", DEC5),
    # why: month, day and ordinal
    ("Send HUD report Dec 5th", WED, NY, "Send HUD report", DEC5),
    # why: the full month name
    ("Send HUD report December 5", WED, NY, "Send HUD report", DEC5),
    # why: an abbreviation with a full stop
    ("Send HUD report Dec. 5", WED, NY, "Send HUD report", DEC5),
    # why: zero-padded month/day/year
    ("Send HUD report 12/05/2026", WED, NY, "Send HUD report", DEC5),
    # why: COB + weekday is that day at 17:00
    (
        "COB Wednesday send the PIT count",
        WED,
        NY,
        "send the PIT count",
        "2026-12-09T17:00:00-05:00",
    ),
    # why: "at 3" with no am/pm is in working hours: 15:00
    ("Call landlord tomorrow at 3", WED, NY, "Call landlord", "2026-12-03T15:00:00-05:00"),
    # why: "at 9" with no am/pm is 09:00
    ("Call landlord tomorrow at 9", WED, NY, "Call landlord", "2026-12-03T09:00:00-05:00"),
    # why: "N weeks from now" counts from today, like "in N weeks"
    ("Recert 2 weeks from now", WED, NY, "Recert", "2026-12-16"),
    # why: "a week from today"
    ("Follow up with Sam a week from today", WED, NY, "Follow up with Sam", "2026-12-09"),
    # why: "N days from now"
    ("Housing fair prep 3 days from now", WED, NY, "Housing fair prep", DEC5),
    # why: "N months from now"
    ("Renew MOU 2 months from now", WED, NY, "Renew MOU", "2027-02-02"),
    # why: end of day + weekday is that weekday at 17:00, not today
    ("Send notes end of day Friday", WED, NY, "Send notes", "2026-12-04T17:00:00-05:00"),
    # why: noon before a relative day
    ("Call VA noon tomorrow", WED, NY, "Call VA", "2026-12-03T12:00:00-05:00"),
    # why: "at 3" alone, later today
    ("Call VA at 3", WED, NY, "Call VA", "2026-12-02T15:00:00-05:00"),
    # why: "at 9" alone said at 10:00: the next 9:00 in working hours is tomorrow's
    ("Meet outreach at 9", WED, NY, "Meet outreach", "2026-12-03T09:00:00-05:00"),
    # why: "at 9" said on Friday afternoon: the next working day is Monday
    ("Meet outreach at 9", FRI_LATE, NY, "Meet outreach", "2026-12-07T09:00:00-05:00"),
    # why: "at 3" said at 16:30 on Friday is Monday at 15:00
    ("Call VA at 3", FRI_LATE, NY, "Call VA", "2026-12-07T15:00:00-05:00"),
    # why: "at 8:30" with no am/pm is morning, and already gone today
    ("Send it at 8:30", WED, NY, "Send it", "2026-12-03T08:30:00-05:00"),
    # why: "at 3:30" with no am/pm is afternoon
    ("Send it at 3:30", WED, NY, "Send it", "2026-12-02T15:30:00-05:00"),
    # why: bare weekday + "at 3"
    ("Call VA Friday at 3", WED, NY, "Call VA", "2026-12-04T15:00:00-05:00"),
    # why: "at 3 on Friday"
    ("Call VA at 3 on Friday", WED, NY, "Call VA", "2026-12-04T15:00:00-05:00"),
    # why: a bare month and day without a year said in December is next January
    ("Renew lease Jan 3", WED, NY, "Renew lease", "2027-01-03"),
    # why: a bare weekday at the end of a title
    ("Email CoC lead Monday", WED, NY, "Email CoC lead", "2026-12-07"),
    # why: a short weekday with a colon, as notes are written
    ("Thurs: follow up with DV shelter", WED, NY, "follow up with DV shelter", "2026-12-03"),
    # why: a short weekday with a dash
    ("Fri - bring hygiene kits", WED, NY, "bring hygiene kits", "2026-12-04"),
    # why: "Tues" at the end
    ("Drop off vouchers Tues", WED, NY, "Drop off vouchers", "2026-12-08"),
    # why: "Weds" is how many people shorten Wednesday
    ("Check on Mr. B Weds", WED, NY, "Check on Mr. B", "2026-12-09"),
    # why: said on a Wednesday, a bare "Wed" is next week's
    ("Call VA Wed", WED, NY, "Call VA", "2026-12-09"),
    # why: "Sat." capitalised at the end is Saturday
    ("Call VA Sat.", WED, NY, "Call VA", DEC5),
    # why: "by COB" is today at 17:00
    ("Submit ROI forms by COB", WED, NY, "Submit ROI forms", "2026-12-02T17:00:00-05:00"),
    # why: close of business + weekday
    (
        "Submit ROI forms close of business Friday",
        WED,
        NY,
        "Submit ROI forms",
        "2026-12-04T17:00:00-05:00",
    ),
    # why: EOD + weekday
    ("Submit ROI forms EOD Monday", WED, NY, "Submit ROI forms", "2026-12-07T17:00:00-05:00"),
    # why: a bare month/day with a time
    (
        "Coordinated entry assessment 12/10 at 2pm",
        WED,
        NY,
        "Coordinated entry assessment",
        "2026-12-10T14:00:00-05:00",
    ),
    # why: a bare month/day with a 24-hour time
    ("Send the list 12/5 at 10:30", WED, NY, "Send the list", "2026-12-05T10:30:00-05:00"),
    # why: a weekend part of day is all of that day
    ("Street outreach Saturday morning", WED, NY, "Street outreach", DEC5),
    # why: a month/day with a two-digit year
    ("Recert on 1/15/27", WED, NY, "Recert", "2027-01-15"),
    # why: a bare weekday before "about …" is still the due day
    ("Call VA Friday about the voucher", WED, NY, "Call VA about the voucher", "2026-12-04"),
    # why: … and before "re:"
    ("Call VA Friday re: the voucher", WED, NY, "Call VA re: the voucher", "2026-12-04"),
    # why: a bare time with pm
    ("Text Maria 3pm", WED, NY, "Text Maria", "2026-12-02T15:00:00-05:00"),
    # why: Mark is a person; the date ends the text
    ("Bring Mark the forms Dec 7", WED, NY, "Bring Mark the forms", "2026-12-07"),
    # why: the comma after a bare date joins the clauses again
    (
        "Pay deposit Dec 10th, then email landlord",
        WED,
        NY,
        "Pay deposit, then email landlord",
        "2026-12-10",
    ),
    # why: a leading month and day before a noun phrase
    ("December 15 deadline for CoC app", WED, NY, "deadline for CoC app", "2026-12-15"),
    # why: "for" + date goes with the date; the full stop too
    ("Book van for 12/12.", WED, NY, "Book van", "2026-12-12"),
    # why: a date in brackets
    ("Schedule case conf (12/9)", WED, NY, "Schedule case conf", "2026-12-09"),
    # why: after a mention, a clause starts
    ("<@U1> Friday call VA", WED, NY, "<@U1> call VA", "2026-12-04"),
    # why: a mention after the date ends the clause
    ("call VA Friday <@U1>", WED, NY, "call VA <@U1>", "2026-12-04"),
    # why: Sun Valley is a place, and the bare Friday after it is the due
    ("Visit Sun Valley camp Friday", WED, NY, "Visit Sun Valley camp", "2026-12-04"),
    # why: a bare ISO date ending the text
    ("Upload APR 2026-12-18", WED, NY, "Upload APR", "2026-12-18"),
    # why: Feb 29 without a year is the nearest leap day
    ("Schedule Feb 29", WED, NY, "Schedule", "2028-02-29"),
    # --- words that only look like dates ---
    # why: "Sat with" is a verb, not Saturday
    ("Sat with client for intake", WED, NY, "Sat with client for intake", None),
    # why: Sun Valley is a place
    ("Sun Valley outreach", WED, NY, "Sun Valley outreach", None),
    # why: April and May are people
    ("Call April about May", WED, NY, "Call April about May", None),
    # why: June is a person
    ("Call June", WED, NY, "Call June", None),
    # why: after "call", April is a person and 5 is hers to explain
    ("Call April 5", WED, NY, "Call April 5", None),
    # why: Mark and Sunny are people; "at intake" is a place
    ("Meet Mark and Sunny at intake", WED, NY, "Meet Mark and Sunny at intake", None),
    # why: a march, not the month
    ("March for housing", WED, NY, "March for housing", None),
    # why: "Mark" as a verb
    ("Mark the file closed", WED, NY, "Mark the file closed", None),
    # why: a bed count is a number
    ("a 3 bed unit for the Garcia family", WED, NY, "a 3 bed unit for the Garcia family", None),
    # why: unit numbers
    ("unit 5 inspection", WED, NY, "unit 5 inspection", None),
    # why: room numbers
    ("room 12 lock", WED, NY, "room 12 lock", None),
    # why: a head count
    ("10 people at intake", WED, NY, "10 people at intake", None),
    # why: Section 8 is a program
    ("Section 8 voucher", WED, NY, "Section 8 voucher", None),
    # why: 211 is a phone line
    ("call 211", WED, NY, "call 211", None),
    # why: the Wednesday pantry volunteers are a group, not a due day
    ("Wed pantry volunteers", WED, NY, "Wed pantry volunteers", None),
    # why: the Wednesday group in the title, the due read after it
    ("Thank Wed pantry volunteers by Friday", WED, NY, "Thank Wed pantry volunteers", "2026-12-04"),
    # why: a weekday before a noun names a meeting
    ("Prep Monday meeting notes", WED, NY, "Prep Monday meeting notes", None),
    # why: … or a group
    ("Monday group check-in list", WED, NY, "Monday group check-in list", None),
    # why: after "the", a weekday names a thing
    ("Feed the Friday lunch crew", WED, NY, "Feed the Friday lunch crew", None),
    # why: around the clock, not July 24
    ("Staff the line 24/7", WED, NY, "Staff the line 24/7", None),
    # why: a split, not a date
    ("Split costs 50/50", WED, NY, "Split costs 50/50", None),
    # why: a fraction of something
    ("Pick up 3/4 of the kits", WED, NY, "Pick up 3/4 of the kits", None),
    # why: "7 days a week" is not "in 7 days"
    ("Open 7 days a week", WED, NY, "Open 7 days a week", None),
    # why: August is a person
    ("Call August re: lease", WED, NY, "Call August re: lease", None),
    # why: a quarter, not a date
    ("Go over Q4 numbers", WED, NY, "Go over Q4 numbers", None),
    # why: a month alone after "about" names no day
    ("Ask about June", WED, NY, "Ask about June", None),
    # why: an event's date before its name stays in the title
    (
        "Invite June and April to the Dec 10 training",
        WED,
        NY,
        "Invite June and April to the Dec 10 training",
        None,
    ),
    # why: counts
    ("Print 12 copies", WED, NY, "Print 12 copies", None),
    # why: counts of meals
    ("Serve 40 meals", WED, NY, "Serve 40 meals", None),
    # why: a possessive of yesterday is not a due
    ("Send yesterday's notes", WED, NY, "Send yesterday's notes", None),
    # why: "last week" describes the past; it is not a due date and stays
    (
        "Follow up on what we said last week",
        WED,
        NY,
        "Follow up on what we said last week",
        None,
    ),
    # why: "Frida", "Sundae" and "sundry" are real words one letter from a date word
    (
        "Call Frida about the Sundae social and sundry supplies",
        WED,
        NY,
        "Call Frida about the Sundae social and sundry supplies",
        None,
    ),
    # why: "from Monday" points back at a day; it is no due
    ("Send notes from Monday", WED, NY, "Send notes from Monday", None),
    # why: "since Friday" too
    ("Check who called since Friday", WED, NY, "Check who called since Friday", None),
    # why: days listed as opening hours are not a due
    (
        "Keep the warming center open Sat and Sun",
        WED,
        NY,
        "Keep the warming center open Sat and Sun",
        None,
    ),
    # why: a time before a noun names a meeting
    ("3pm meeting notes", WED, NY, "3pm meeting notes", None),
    # why: "at 7" with no am/pm is morning (outreach starts early), the next one to come
    ("Street outreach at 7", WED, NY, "Street outreach", "2026-12-03T07:00:00-05:00"),
    # why: "Move-in" ends in a word, then the date
    ("Move-in 12/5", WED, NY, "Move-in", DEC5),
    # why: a plural weekday is a habit, not a typo and not a due
    ("Call VA Fridays", WED, NY, "Call VA Fridays", None),
    # --- zones and daylight saving time ---
    # why: Friday in Auckland, where it is already Wednesday
    ("call VA Friday", TUE, AKL, "call VA", FRIDAY),
    # why: "at 3" in the writer's own zone
    ("Call VA at 3", TUE, AKL, "Call VA", "2026-11-25T15:00:00+13:00"),
    # why: "at 9" in Los Angeles, where it is still Tuesday evening: Wednesday morning
    ("Call VA at 9", "2026-11-25T03:00:00+00:00", LA, "Call VA", "2026-11-25T09:00:00-08:00"),
    # why: a bare month/day that is today in Los Angeles (tomorrow in UTC)
    ("send the list 11/24", "2026-11-25T03:00:00+00:00", LA, "send the list", "2026-11-24"),
    # why: the day after fall-back: "at 9" is 09:00 EST
    (
        "Call landlord tomorrow at 9",
        NY_BEFORE_FALL_BACK,
        NY,
        "Call landlord",
        "2026-11-01T09:00:00-05:00",
    ),
    # why: end of day Monday after fall-back
    (
        "Send report end of day Monday",
        NY_BEFORE_FALL_BACK,
        NY,
        "Send report",
        "2026-11-02T17:00:00-05:00",
    ),
    # why: COB Monday after spring-forward takes the daylight offset
    ("Send report COB Monday", LA_BEFORE_SPRING, LA, "Send report", "2027-03-15T17:00:00-07:00"),
    # why: 2:30am does not exist on spring-forward Sunday: an hour later
    ("call VA Sunday at 2:30am", LA_BEFORE_SPRING, LA, "call VA", "2027-03-14T03:30:00-07:00"),
]


@pytest.mark.parametrize(("text", "now", "zone", "title", "due"), ROWS)
def test_find_due(text: str, now: str, zone: str, title: str, due: str | None) -> None:
    found = find_due(text, now=datetime.fromisoformat(now), zone=ZoneInfo(zone))
    assert (found.title, found.due.iso() if found.due else None) == (title, due)


def _unreadable(words: str) -> str:
    return f"I couldn't read “{words}” as a date. Try “by Friday”, “due 12/5” or “2026-12-05”."


def _past(words: str) -> str:
    return f"“{words}” is in the past. Try a later date, like “tomorrow” or “next week”."


def _mistyped(typed: str, meant: str) -> str:
    return (
        f"I couldn't read “{typed}” as a date. If you meant “{meant}”, "
        "fix the spelling and send it again. Nothing was saved."
    )


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
    # why: a month/day two days ago is refused as past, never moved a year ahead
    ("Send the list 12/1", "2026-12-03T15:00:00+00:00", NY, _past("12/1")),
    # why: the same with a month name
    ("Send the list Dec 1", "2026-12-03T15:00:00+00:00", NY, _past("Dec 1")),
    # why: yesterday can only be past
    ("Send the list yesterday", WED, NY, _past("yesterday")),
    # why: last Friday can only be past
    ("Send the list last Friday", WED, NY, _past("last Friday")),
    # why: a bare clock past 23:59 is refused, not kept in the title
    ("Send it 25:00", WED, NY, _unreadable("25:00")),
    # why: a bare number/number that is no date is refused, not kept in the title
    ("Send it 13/45", WED, NY, _unreadable("13/45")),
    # why: a bare Feb 30
    ("Send it 2/30", WED, NY, _unreadable("2/30")),
    # why: date-shaped junk with no lead word
    ("Call VA 1/2/3", WED, NY, _unreadable("1/2/3")),
    # why: a date given with a time that has passed today
    ("Send it today at 9", WED, NY, _passed("today at 9")),
    # why: Friday mistyped
    ("Call VA Fridy", WED, NY, _mistyped("Fridy", "Friday")),
    # why: Tuesday mistyped
    ("Call VA Tuesdy", WED, NY, _mistyped("Tuesdy", "Tuesday")),
    # why: December mistyped, before a noun
    ("Mail Decmber invoices", WED, NY, _mistyped("Decmber", "December")),
    # why: tomorrow with one r
    ("Call landlord tomorow", WED, NY, _mistyped("tomorow", "tomorrow")),
    # why: tomorrow's most common misspelling is two letters off: known by name
    ("Call landlord tommorow", WED, NY, _mistyped("tommorow", "tomorrow")),
    # why: Wednesday with two letters swapped
    ("Call VA Wendesday", WED, NY, _mistyped("Wendesday", "Wednesday")),
    # why: Thursday with two letters swapped
    ("Call VA Thrusday", WED, NY, _mistyped("Thrusday", "Thursday")),
    # why: February as it is often spelled
    ("Pay rent by Febuary 1", WED, NY, _mistyped("Febuary", "February")),
    # why: September with a letter dropped
    ("Recert Septmber 5", WED, NY, _mistyped("Septmber", "September")),
    # why: Monday without its y is read as a typo, not as a name
    ("Monda call VA", WED, NY, _mistyped("Monda", "Monday")),
    # why: a typo stops the item even when another date reads
    ("Call VA Fridy, due 12/5", WED, NY, _mistyped("Fridy", "Friday")),
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
