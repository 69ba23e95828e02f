"""The weekly digest's Goals section. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.messages.goals import goal_line, make_item_button, said_rules
from bot.messages.parts import Note, Paragraph, Part
from bot.messages.spans import Code, Line, Typed, line, strong
from bot.services.goals import GoalPicture, idle_days

DIGEST_LINES, DIGEST_FLAGS = 10, 5  # within one paragraph's 3000 characters, and 50 blocks


def digest_goal_parts(
    pictures: Sequence[GoalPicture], today: date, *, in_thread: bool
) -> tuple[list[Part], list[Line]]:
    """Return the digest's Goals section and the same words as plain lines.

    Each goal: its latest value, where it stands against its target, and any signal in words;
    a capacity measure unused past its threshold is flagged with "Make an action item".
    """
    if not pictures:
        return [], []
    lines: list[Line] = []
    for p in pictures:  # each goal's signals right under it, so they read as that goal's
        lines.append(goal_line(p, today, limit=80))
        if p.report.signals:
            lines += [line("    ", *said) for said in said_rules(p, today)]
    heading = line("🎯 ", strong("Goals"))
    shown_lines = lines[:DIGEST_LINES]
    if len(lines) > DIGEST_LINES:
        shown_lines.append(line(f"…and {len(lines) - DIGEST_LINES} more. ", Code("/goal list"),
                                " shows every goal."))  # fmt: skip
    parts: list[Part] = [Paragraph((heading, *shown_lines))]
    plain_lines = [line("Goals:"), *shown_lines]
    for p in [p for p in pictures if idle_days(p, today) is not None][:DIGEST_FLAGS]:
        days = idle_days(p, today)
        if days is None:
            continue
        flag = line("⚠️ ", strong(p.goal.code), " ", Typed(p.goal.title, 200),
                    f": unused for {days} days. Who can put it to use?")  # fmt: skip
        parts.append(Paragraph((flag,), beside=make_item_button(p.goal, p.periods[-1])))
        plain_lines.append(flag)
    if in_thread and any(p.report.signals for p in pictures):
        note = line("📈 Run charts of the goals with a signal are in the thread.")
        parts.append(Note(note))
        plain_lines.append(note)
    return parts, plain_lines
