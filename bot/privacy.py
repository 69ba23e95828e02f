"""Does a text look like it holds a client's personal data? Pure: no I/O, no platform.

Backbone keeps no personal data of the people a community serves. Before an action item, a
decision, a poll or a note is stored, its words are checked for four things that identify
someone, and refused when one is found:

- a US Social Security number: 123-45-6789 or 123 45 6789 (the numbers the SSA never issues,
  000, 666 and 9xx areas, 00 groups and 0000 serials, are left alone), or nine digits after
  "SSN" / "social security";
- a date of birth: a date after "DOB", "date of birth", "born", "birthday", or a full date with a
  year of birth (1900-2009) right after a name-like pair of words ("John Smith 3/4/1961");
- an HMIS-style client id: "HMIS 123456", "client #48213", "ID: 00481234", "case no. 20931";
- a US phone number: (503) 555-0123, 503-555-0123, 503.555.0123, +1 503 555 0123.

Coordinators' own words are full of numbers (meeting dates "3/4", "by 12/15", unit "4B", "48
households", item codes "A-12", "45%", "2027", zip codes, money): the patterns ask for the
shapes above and the words that go with them, so those are left alone. The test table in
tests/bot/test_privacy.py keeps that promise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["ssn", "dob", "client_id", "phone"]


@dataclass(frozen=True)
class Finding:
    """What was found and where: `text[start:end]` is the matched part."""

    kind: Kind
    start: int
    end: int


_SSN_SHAPE = re.compile(
    r"(?<![\w$/.-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w/-]|\.\d)"
)
_SSN_WORDS = re.compile(
    r"\b(?:ssn|ss#|soc(?:ial)?\.?\s{1,3}sec(?:urity)?(?:\s{1,3}(?:no\.?|number|#))?)\s{0,3}[:#]?\s{0,3}"
    r"(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})\b",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NUMERIC_DATE = r"(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](?:\d{4}|\d{2})"
_WORDED_DATE = (
    rf"(?:{_MONTHS}\s{{1,3}}(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s{{1,3}}\d{{4}}"
    rf"|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s{{1,3}}(?:of\s{{1,3}})?{_MONTHS},?\s{{1,3}}\d{{4}})"
)
_ANY_DATE = rf"(?:{_NUMERIC_DATE}|{_WORDED_DATE})"
_DOB_WORDS = re.compile(
    r"\b(?:d\.?o\.?b\.?|date\s{1,3}of\s{1,3}birth|birth\s{0,3}date|birthday|b-day|born(?:\s{1,3}on)?)"
    rf"\s{{0,3}}[:\-]?\s{{0,3}}({_ANY_DATE})(?![\w/])",
    re.IGNORECASE,
)
_BIRTH_YEAR = r"(?:19\d\d|200\d)"
_NAME_THEN_DATE = re.compile(
    r"\b(?:(?:[Mm]rs?|[Mm][sx]|[Dd]r)\.?\s{1,3}[A-Z][a-z]+|[A-Z][a-z]+(?:\s{1,3}[A-Z]\.)?\s{1,3}[A-Z][a-z'-]+)"
    r",?\s{0,3}\(?\s{0,3}("
    rf"(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-]{_BIRTH_YEAR}"
    rf"|(?i:{_MONTHS})\s{{1,3}}(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s{{1,3}}{_BIRTH_YEAR}"
    r")(?![\w/])"
)

_CLIENT_ID = re.compile(
    r"\b(?:hmis(?:\s{1,3}(?:id|no\.?|number|#))?|client(?:\s{1,3}(?:id|no\.?|number))?|"
    r"case(?:\s{1,3}(?:id|no\.?|number))|member\s{1,3}id|id)"
    r"\s{0,3}(?:#|:|no\.?)?\s{0,3}#?\s{0,3}([A-Z]{0,3}-?\d{4,12})\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")

_PHONE = re.compile(
    r"(?<![\w$/.-])(?:\+?1[\s.-]?)?(?:\((?P<area_p>[2-9]\d\d)\)\s?|(?P<area>[2-9]\d\d)(?P<sep>[\s.-]))"
    r"[2-9]\d\d[\s.-]\d{4}(?![\w/-]|\.\d)"
)


def personal_data(text: str) -> Finding | None:
    """Return the first thing in `text` that looks like a client's personal data, or None."""
    found = findings(text)
    return found[0] if found else None


def findings(text: str) -> list[Finding]:
    """Return everything in `text` that looks like personal data, in the order it appears."""
    found = [
        *_matches("ssn", _SSN_SHAPE, text),
        *_matches("ssn", _SSN_WORDS, text, group=1),
        *_matches("dob", _DOB_WORDS, text, group=1),
        *_matches("dob", _NAME_THEN_DATE, text, group=1),
        *_client_ids(text),
        *_phones(text),
    ]
    return _without_overlaps(sorted(found, key=lambda f: (f.start, -f.end)))


def _matches(kind: Kind, pattern: re.Pattern[str], text: str, *, group: int = 0) -> list[Finding]:
    return [Finding(kind, m.start(group), m.end(group)) for m in pattern.finditer(text)]


def _client_ids(text: str) -> list[Finding]:
    """Return client ids; a bare four-digit year after "client" or "ID" is not one."""
    out = []
    for match in _CLIENT_ID.finditer(text):
        number = match.group(1)
        if _YEAR.fullmatch(number):
            continue
        out.append(Finding("client_id", match.start(1), match.end(1)))
    return out


def _phones(text: str) -> list[Finding]:
    """Return phone numbers whose separators are used consistently (a date range is not one)."""
    out = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) not in {10, 11}:
            continue
        out.append(Finding("phone", match.start(), match.end()))
    return out


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Keep the first of findings that overlap (an SSN is not also a client id)."""
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept
