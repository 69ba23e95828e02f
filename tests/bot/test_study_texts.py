"""The Study and Act fields as people fill them: kept as words, or refused under the field."""

from __future__ import annotations

import pytest

from bot.ids import StudyField
from bot.services.cycle_acts import checked_texts
from bot.services.goal_forms import FieldProblems

KEYS = (StudyField.RESULT, StudyField.LEARNING)
NEEDED = (StudyField.RESULT,)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        # why: what people paste carries spaces and line ends around it
        ("  6 of 10 came back\n", "6 of 10 came back"),
        # why: dates, counts and emoji are a coordinator's own words, never client data
        ("Dec 5th: 3 of 4 units filled 🎉", "Dec 5th: 3 of 4 units filled 🎉"),
        # why: a typed group ping or link is kept as words, escaped whole
        ("<!here> see <https://x.example|the sheet> & more",
         "&lt;!here&gt; see &lt;https://x.example|the sheet&gt; &amp; more"),
        # why: exactly the limit is allowed
        ("a" * 2000, "a" * 2000),
    ],
)  # fmt: skip
def test_what_is_kept(typed: str, kept: str) -> None:
    assert checked_texts({StudyField.RESULT: typed}, KEYS, NEEDED) == {
        StudyField.RESULT: kept, StudyField.LEARNING: None
    }  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        # why: a result left empty (or only spaces) is asked for, kindly
        ("   ", "Say what happened, beside the prediction."),
        # why: a pasted case note with a phone number is refused, not stored
        ("Called her at 503-555-0123, no answer",
         "Not saved: it looks like a phone number. Leave the number out; name the office "
         "instead (“the front desk at Main St”)."),
        # why: a name with a date of birth identifies a client
        ("John Smith 3/4/1961 came back twice",
         "Not saved: it looks like a date of birth. Leave the date out; if age matters, say "
         "“a client in their 60s”."),
        # why: a paste longer than the form allows is named, not cut silently
        ("b" * 2001, "That's 2,001 characters; the most is 2,000."),
    ],
)  # fmt: skip
def test_what_is_refused(typed: str, problem: str) -> None:
    with pytest.raises(FieldProblems) as refused:
        checked_texts({StudyField.RESULT: typed}, KEYS, NEEDED)
    assert refused.value.problems == {StudyField.RESULT: problem}
