"""What looks like a client's personal data, and coordinator text that must not (bot/privacy.py)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import Finding, findings, personal_data

FLAGGED = [
    # (text, kind, the part that must be found) with why
    ("Follow up with client, SSN 123-45-6789", "ssn", "123-45-6789"),  # why: dashed SSN
    ("123 45 6789 on the intake sheet", "ssn", "123 45 6789"),  # why: spaced SSN
    ("ssn: 123456789 needs fixing", "ssn", "123456789"),  # why: nine digits after SSN
    ("social security number 078051120", "ssn", "078051120"),  # why: spelled out
    ("John Smith DOB 3/4/1961 needs a ride", "dob", "3/4/1961"),  # why: the brief's example
    ("born 04/12/88, veteran, needs ID", "dob", "04/12/88"),  # why: two-digit year after "born"
    ("Maria Lopez 03/04/1961 moved in", "dob", "03/04/1961"),  # why: a name then a birth date
    ("Mr. Jones (March 4, 1961) at Main St", "dob", "March 4, 1961"),  # why: a title and a name
    ("DOB: March 4, 1961", "dob", "March 4, 1961"),  # why: worded date after DOB
    ("date of birth 4 March 1961", "dob", "4 March 1961"),  # why: day first
    ("d.o.b. 12-01-1975", "dob", "12-01-1975"),  # why: dotted DOB, dashes
    ("birthday 7/7/07 next week", "dob", "7/7/07"),  # why: birthday with a year
    ("HMIS 123456 still on the list", "client_id", "123456"),  # why: the brief's example
    ("client #48213 housed", "client_id", "48213"),  # why: the brief's example
    ("ID: 00481234", "client_id", "00481234"),  # why: the brief's example
    ("HMIS ID 4412009 needs an update", "client_id", "4412009"),  # why: HMIS ID
    ("case no. 20931 to Ana", "client_id", "20931"),  # why: case number
    ("client id VA-55120 matched", "client_id", "VA-55120"),  # why: a prefix and a number
    ("Call her at (503) 555-0123", "phone", "(503) 555-0123"),  # why: brackets
    ("cell 503-555-0123 after 5", "phone", "503-555-0123"),  # why: dashes
    ("503.555.0123", "phone", "503.555.0123"),  # why: dots
    ("text +1 503 555 0123 today", "phone", "+1 503 555 0123"),  # why: country code, spaces
]


@pytest.mark.parametrize(("text", "kind", "part"), FLAGGED)
def test_personal_data_is_found(text: str, kind: str, part: str) -> None:
    finding = personal_data(text)
    assert finding is not None
    assert (finding.kind, text[finding.start : finding.end]) == (kind, part)


NOT_FLAGGED = [
    "Meeting moved to 3/4",  # why: a meeting date, no year, no DOB word
    "Send the flyer by 12/15 @ana",  # why: a due date
    "Dec 5th landlord breakfast",  # why: a day named
    "Unit 4B inspection Tuesday",  # why: a unit number
    "48 households housed in November",  # why: a count
    "Close A-12 and D-3, then P-4",  # why: item codes
    "Placement rate up 45% since June",  # why: a percentage
    "Functional zero for veterans by December 2027",  # why: a year
    "Zip codes 97205 and 97214, and 97205-1234",  # why: zip codes and zip+4
    "Budget $12,500 approved; $1,200.50 for bus passes",  # why: money
    "Call 211 for shelter tonight",  # why: a three-digit helpline
    "Q3 2027 report to the CoC board",  # why: a quarter and a year
    "Meeting 10:30-11:30 in room 204",  # why: times and a room
    "Housing search takes 2-3 weeks",  # why: a range
    "Ordinance 2024-15 passed",  # why: an ordinance number
    "Point-in-time count 1,532 people",  # why: a large count
    "HUD-VASH vouchers: 25 issued, 18 leased",  # why: voucher counts
    "ID badges for 12 volunteers",  # why: ID as a word, no number
    "Client survey results due 1/15/2027",  # why: "client" then other words, a future date
    "Client 2027 goals drafted",  # why: a year after "client"
    "HMIS 2026 upgrade training",  # why: a year after "HMIS"
    "Interview Ana Lopez 3/4/2026 about outreach",  # why: a name and a date, not a birth year
    "Board Meeting 3/4/2027",  # why: capitalised words and a future date
    "Born and raised in Portland, Ana leads outreach",  # why: "born" without a date
    "Team meeting Tue 12/1 at 10am",  # why: weekday and date
    "Housed 7 of 11 referred (64%)",  # why: counts and a percentage
    "Staff line ext. 4412",  # why: an extension, not a phone number
    "case conferencing 12/8 with Ana",  # why: "case" is not "case no."
    "Report covers 1/2/2025 - 12/31/2025",  # why: a date range
    "Grant #2024-0415 renewal due",  # why: a grant number
    "PO 4471 for 300 hygiene kits",  # why: a purchase order
    "Rent $1,150/month, deposit $1,150",  # why: rent
    "Version 2.3.1 of the intake form",  # why: a version number
    "Invoice 555-1234 paid",  # why: seven digits with no area code
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_coordinator_text_is_left_alone(text: str) -> None:
    assert personal_data(text) is None


def test_every_finding_in_order_without_overlaps() -> None:
    text = "SSN 123-45-6789, HMIS 448812, call 503-555-0123"
    assert findings(text) == [
        Finding("ssn", 4, 15),
        Finding("client_id", 22, 28),
        Finding("phone", 35, 47),
    ]


def test_numbers_never_issued_as_ssns_are_left_alone() -> None:
    assert personal_data("000-12-3456 and 666-12-3456 and 123-00-4567") is None


@given(st.text(alphabet=st.sampled_from("0123456789 -/.:#()+ABCDEFmnoprstidhcl\n"), max_size=200))
def test_findings_are_in_order_within_the_text_and_apart(text: str) -> None:
    found = findings(text)
    assert all(0 <= f.start < f.end <= len(text) for f in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert personal_data(text) == (found[0] if found else None)


@pytest.mark.parametrize(
    "text",
    [
        "client" + " " * 5000 + "x",  # why: long runs of blanks after a keyword
        "dob" + " " * 5000 + "x",
        "John Smith" + " " * 5000 + "x",
        "client: # " * 4000,
        "503-" * 10000,
    ],
)
def test_long_hostile_text_is_read_and_left_alone(text: str) -> None:
    assert personal_data(text) is None
