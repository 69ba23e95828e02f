"""The corpus of `/action` texts for bench/parse_action.py, made from parts of real phrasing.

    .venv/bin/python -m bench.phrases            # rewrite bench/action_phrases.txt
    .venv/bin/python -m bench.phrases --check    # say whether the file is what this makes

Action items as coordinators, caseworkers and volunteers write them in meetings: a task (with
the field's shorthand, abbreviations and typos, and words that look like dates but are names or
numbers: June, April, Sun Valley, unit 4B, Wed pantry), maybe an owner or two, and, most of the
time, a date said one of many ways, before the task, after it or with a lead word. The date
phrasings include what Backbone reads (weekdays, `12/5`, `Dec 5th`, `tomorrow at 3`, `EOW`,
`end of month`, `in 2 weeks`…) and what people write anyway that it does not (`ASAP`,
`mid-December`, `Mon-Wed`, `wk of 12/7`, `after Thanksgiving`, typos, past and impossible
dates). The file is data, one phrase a line, as a person types it (`@joe`, not Slack's
`<@U…>`); the same seed always makes the same file.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

CORPUS = Path(__file__).with_name("action_phrases.txt")
SIZE = 1500
SEED = 20261202

COORDINATOR_TASKS = (
    "send the by-name list to Ana", "update the BNL before case conferencing",
    "email the CoC lead about the NOFO", "share the APR draft w/ the board",
    "schedule case conferencing", "book the room for the landlord forum",
    "finish the PIT count tally", "draft agenda for the Tues huddle",
    "review the CE prioritization list", "get the MOU signed with Sun Valley shelter",
    "submit the HMIS data quality report", "confirm speakers for the landlord breakfast",
    "ask June about the Section 8 waitlist", "follow up w/ HUD TA on the HIC",
    "put together the gaps analysis", "circulate minutes from the Monday meeting",
    "renew the MOU with the DV shelter", "pull the length-of-time-homeless numbers",
    "reach out to April re: the youth count", "send the veterans list to the VA liaison",
    "invite the PHA to the next huddle", "prep slides for the CoC board",
    "get 3 quotes for the van repair", "write up the lessons from the pilot",
    "call the Oak Street property manager", "set up a call w/ the hospital discharge team",
)  # fmt: skip
CASEWORKER_TASKS = (
    "call VA", "call the VA re: SSVF referral for Mr. B", "follow up w/ landlord re unit 4B",
    "submit ROI forms for the Garcia family", "recert paperwork for Ms. T",
    "do the VI-SPDAT for the new intake", "get a birth cert for J.", "help D. apply for SNAP",
    "fax the disability verification to the PHA", "check on Mr. B at the library",
    "text Maria about the unit 5 inspection", "schedule move-in for the Lopez household",
    "request the security deposit check", "update HMIS for the 3 move-ins",
    "find a unit for the family at the Motel 6", "drive K. to the SSA office",
    "get an ID voucher for R.", "confirm the HUD-VASH voucher w/ the PHA",
    "submit the RRH application for the Smith family", "call Medicaid about T's coverage",
    "send the landlord the HAP contract", "reach out to May about her deposit",
    "get the lease signed for apt 12", "follow up on the 2/3 bedroom listing",
    "call the 24/7 crisis line about S.", "walk through room 12 with the inspector",
)  # fmt: skip
VOLUNTEER_TASKS = (
    "drop off hygiene kits at the day center", "pick up bus passes",
    "order 40 blankets for the warming center", "sort the coat donations",
    "bring coffee for Sat outreach", "print 12 copies of the intake packet",
    "pick up the van keys from Dee", "restock the pantry shelves",
    "set up tables for the resource fair", "collect the sign-in sheets",
    "text volunteers about the Wed pantry shift", "post the flyer at the library",
    "drop the donation receipts at the office", "buy 50 socks for the Friday Harbor camp",
    "load the truck for the mobile shower", "call the church about parking",
)  # fmt: skip
SHORTHAND_TASKS = (
    "folow up w/ landlord", "recieve keys for unit 7", "calll VA", "emial Sam the list",
    "sned the BNL to Pat", "confrim the inspection", "chk w/ Pat abt the deposit",
    "f/u w/ the DV shelter", "mtg w/ housing authority", "ROI + intake for new referral",
    "HMIS entry for 3 exits", "VA/SSVF referral", "reminder: bring laptop",
)  # fmt: skip
TASKS = COORDINATOR_TASKS + CASEWORKER_TASKS + VOLUNTEER_TASKS + SHORTHAND_TASKS

# People as typed: the bench writes the ones Slack knows as Slack sends them (<@U…|name>).
PEOPLE = ("joe", "pat", "maria", "ana", "sam", "dee", "luis", "kim")
OWNER_SHAPES = (
    ("", 40), ("@{a} ", 18), ("@{a} @{b} ", 6), ("@{a} and @{b} ", 3), ("@front-desk ", 1),
)  # fmt: skip
OWNER_TAILS = (("", 82), (" @{a}", 8), (" - @{a}", 4), (" cc @{a}", 3), (" @{a} & @{b}", 3))

# Date phrasings by kind, with how often each kind comes up in a meeting's action items, and
# whether people put a lead word before it ("by 12/5", but not "by ASAP" or "by in 3 days").
DATES: dict[str, tuple[int, bool, tuple[str, ...]]] = {
    "numeric date": (18, True, (
        "12/5", "12/05", "12/5/26", "12/05/2026", "1/4", "1/15/2027", "2026-12-11", "12/10",
        "12/18", "12/31", "01/08", "12/9", "12/14", "1/6", "2/1", "12-5", "12.5",
    )),
    "month and day": (18, True, (
        "Dec 5", "Dec 5th", "December 5", "December 5th", "Dec. 7", "Dec 10th", "dec 14",
        "Jan 3", "January 3rd", "Jan 15, 2027", "5 Dec", "the 5th of December", "10th December",
        "Dec 5 2026", "Feb 1", "March 2nd", "Sept 30", "Dec 18", "December 21st",
    )),
    "weekday and date": (4, True, (
        "Fri 12/4", "Friday Dec 4", "Mon 12/7", "Tues 12/8", "Thurs Dec 10", "Wed 12/9",
        "Friday 12/5",  # Dec 5 2026 is a Saturday
    )),
    "time": (10, True, (
        "3pm", "3 pm", "3:30pm", "3:30 PM", "10am", "10:00", "15:00", "noon", "at 3",
        "at 10:30", "at noon", "by 5pm", "by 4:30", "10a", "4p", "midnight", "11 am",
    )),
    "day and time": (14, True, (
        "tomorrow at 3", "tomorrow 9am", "tmrw at noon", "Friday at 2pm", "Fri 2pm",
        "Monday at 9", "Mon 9:30am", "next Tues at 10", "Dec 5 at noon", "12/5 3pm",
        "12/8 at 10am", "tomorrow by noon", "Thursday by 5pm", "Dec 10 at 1:30pm", "today at 4",
        "this afternoon at 3", "Friday 10:30", "Wed at 11am", "tomorrow morning at 8",
    )),
    "end of day": (6, True, (
        "EOD", "eod", "COB", "EOD Friday", "Friday EOD", "COB Wednesday", "end of day tomorrow",
        "close of business Thursday", "by EOD", "EOD tmrw",
    )),
    "weekday": (10, True, (
        "Friday", "Fri", "fri", "Thurs", "Thu", "Tues", "Tue", "Wed", "Monday", "next Tues",
        "next Friday", "this Friday", "this Thurs", "Mon.",
    )),
    "relative day": (8, True, (
        "tomorrow", "tmrw", "today", "tonight", "next week", "this week", "in 3 days",
        "in 2 weeks", "in a week", "2 weeks from now", "a week from today", "next month",
        "in a month",
    )),
    "end of a period": (5, True, (
        "EOW", "by EOW", "end of week", "end of the week", "end of month", "EOM",
        "end of next week", "end of the month",
    )),
    "range": (4, False, (
        "Dec 5-7", "12/5-12/9", "Mon-Wed", "between Tues and Thurs", "this week or next",
        "Dec 7 or 8", "10-11am", "2-4pm",
    )),
    "vague": (7, False, (
        "ASAP", "asap", "soon", "sometime next week", "first thing Monday", "before the holidays",
        "after Thanksgiving", "mid-December", "by Christmas", "end of Q1", "by the 1st",
        "by the 15th", "in a couple days", "in a few days", "early next week",
        "later this week", "a week from Friday", "wk of 12/7", "2wks", "by next mtg",
        "before the CoC meeting", "Monday or Tuesday", "every Friday", "weekly on Mondays",
    )),
    "typo": (3, True, (
        "Fridy", "Firday", "tomorow", "tommorow", "Tusday", "Wendesday", "Thrusday",
        "Decmber 5", "nxt week", "Dec 5ht",
    )),
    "past": (2, True, ("yesterday", "last Friday", "12/1", "Nov 30", "11/20")),
    "impossible": (1, True, ("13/45", "2/30", "Dec 32", "25:00")),
    "no date": (12, False, ("",)),
}  # fmt: skip
# Where the date goes, and with which lead word: after the task, before it, or in brackets.
PLACES = (
    ("{task} {when}", 30), ("{task} by {when}", 18), ("{task} due {when}", 5),
    ("{task} on {when}", 4), ("{task} before {when}", 2), ("{when} {task}", 10),
    ("{when}: {task}", 5), ("{when} - {task}", 3), ("{task} (by {when})", 3),
    ("{task}, {when}", 4), ("{task} — due {when}", 2), ("{task} {when} pls", 3),
    ("{task} no later than {when}", 1), ("{task} until {when}", 1), ("{task} {when}!!", 1),
    ("{task} {when} if possible", 2), ("{task} by {when} at the latest", 1),
)  # fmt: skip


# A phrasing that brings its own lead word ("by 5pm", "at noon", "in 3 days") takes no other.
OWN_LEAD = ("by ", "at ", "in ", "a week ", "2 weeks ")


BARE_PLACES = ("{task} {when}", "{when} {task}", "{when}: {task}", "{task}, {when}")


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([text for text, _ in weighted], [weight for _, weight in weighted])[0]


def _owners(rng: random.Random, shape: str) -> str:
    first, second = rng.sample(PEOPLE, 2)
    return shape.format(a=first, b=second)


def _phrase(rng: random.Random) -> str:
    kinds = list(DATES)
    kind = rng.choices(kinds, [DATES[name][0] for name in kinds])[0]
    _weight, takes_lead, phrasings = DATES[kind]
    when = rng.choice(phrasings)
    task = rng.choice(TASKS)
    if rng.random() < 0.15:  # typed in a hurry, all lower case
        task = task.lower()
    places: tuple[tuple[str, int], ...] = PLACES
    if not takes_lead or when.lower().startswith(OWN_LEAD):
        places = tuple((place, weight) for place, weight in PLACES if place in BARE_PLACES)
    body = _pick(rng, places).format(task=task, when=when) if when else task
    if body[:1].islower() and rng.random() < 0.5:
        body = body[0].upper() + body[1:]
    lead = _owners(rng, _pick(rng, OWNER_SHAPES))
    tail = _owners(rng, _pick(rng, OWNER_TAILS)) if not lead else ""
    return f"{lead}{body}{tail}"


def corpus(size: int = SIZE, seed: int = SEED) -> list[str]:
    """Return `size` distinct phrases, always the same ones for the same seed."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    for _ in range(size * 50):
        seen.setdefault(_phrase(rng), None)
        if len(seen) == size:
            return list(seen)
    raise SystemExit(f"the parts make only {len(seen)} distinct phrases")


def load(path: Path = CORPUS) -> list[str]:
    """Read the corpus file: one phrase a line."""
    if not path.is_file():
        raise SystemExit(f"{path} is missing; make it with: .venv/bin/python -m bench.phrases")
    return path.read_text(encoding="utf-8").splitlines()


def main() -> None:
    """Write the corpus file, or check that it is what the parts make."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = "\n".join(corpus()) + "\n"
    if args.check:
        same = CORPUS.is_file() and CORPUS.read_text(encoding="utf-8") == text
        print(f"{CORPUS.name}: {'as made' if same else 'differs from what the parts make'}")
        sys.exit(0 if same else 1)
    CORPUS.write_text(text, encoding="utf-8")
    print(f"wrote {SIZE} phrases to {CORPUS}")


if __name__ == "__main__":
    main()
