"""The skipped-lines note read back from a capture reply's plain words (all Teams keeps)."""

from __future__ import annotations

import pytest

from bot.messages.capture import skipped_in

NOTE = (
    "⚠️ I couldn't save 1 line:\n"
    "• “TODO: file the incident report 11/1” — “11/1” is in the past.\n"
    "Edit your message to fix it and I'll add it."
)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (f"📝 I saved 1 item:\n📌 A-1 call the shelter\n{NOTE}\n🗓️ No due date on A-1", NOTE),
        # why: the footer after the note is not part of it
        ("📝 I saved 1 item:\n📌 A-1 call the shelter", None),  # why: nothing was skipped
        (
            "📝 I saved 1 item:\nI read the first lines only; post the other 3 in a new message "
            "and I'll save those too.",
            "I read the first lines only; post the other 3 in a new message and I'll save "
            "those too.",
        ),  # why: only lines left unread
        (
            f"{NOTE}\nI read the first lines only; post the other 2 in a new message",
            f"{NOTE}\nI read the first lines only; post the other 2 in a new message",
        ),
        # why: both notes, one after the other
    ],
)
def test_the_note_is_read_back_whole(text: str, note: str | None) -> None:
    assert skipped_in(text) == note
