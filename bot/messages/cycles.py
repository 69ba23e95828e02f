"""What tests of change say: the channel's post of a cycle, its detail, the list, help. Pure.

Everything a person typed (the change idea, question, prediction, plan, study) is `Typed`; a
cycle's post carries its prediction beside what happened once it is studied, and says where it
sits in a ramp ("Follows T-2", "Next: T-4").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.messages.common import due, title
from bot.messages.cycle_study import act_controls, started_from
from bot.messages.parts import Listing, Message, Note, Paragraph, Part, Tag
from bot.messages.spans import (
    ChannelRef,
    Code,
    Line,
    Strong,
    Typed,
    Words,
    joined,
    line,
    mentions,
    plain,
    strong,
)
from bot.services.cycles import CycleView
from storage.models import ActionItem, Cycle, CycleStatus

IN_POST = 1000  # characters of each typed field a post shows; the detail shows them whole
LIST_LIMIT = 40
TASKS_SHOWN = 15
STATUS = {
    CycleStatus.DOING: "🧪 Doing", CycleStatus.STUDIED: "🔎 Studied",
    CycleStatus.ADOPTED: "✅ Adopted", CycleStatus.ADAPTED: "🔁 Adapted",
    CycleStatus.ABANDONED: "🛑 Abandoned", CycleStatus.STOPPED: "⏹️ Stopped",
}  # fmt: skip

HELP: tuple[Line, ...] = (
    line(strong("Tests of change: plan a small test, do it, study what happened, then act")),
    line("• ", Code("/pdsa"), " — opens the form: the change idea, the question, your ",
         strong("prediction"), ", the measure, who/what/when/where, dates, owners and first "
         "tasks. Makes ", strong("T-1"), " and posts it here."),
    line("• ", Code("/pdsa list"), " · ", Code("/pdsa T-1"), " — this channel's tests and one "
         "in full · ", Code("/pdsa edit T-1")),
    line("• ", Code("/action Text every client the day before for T-1"), " — a task of T-1, "
         "with the usual reminders"),
    line("• ", Code("/pdsa learned"), " (or ", Code("/pdsa learned all"), ") — what was "
         "adopted, adapted or abandoned, and why"),
    line("The day after a test ends, its owners are asked what happened (Study), then whether "
         "to adopt, adapt or abandon it (Act). No client names or details: say what changed."),
)  # fmt: skip


def help_message() -> Message:
    """Return the short help for `/pdsa`."""
    return Message(text=line("\n".join(plain(one) for one in HELP)), parts=(Paragraph(HELP),))


def day_words(day: date, today: date) -> str:
    """Say a day: "Mon Nov 30", with its year when it is not within half a year of today."""
    said = f"{day:%a} {day:%b} {day.day}"
    return said if abs((day - today).days) <= 182 else f"{said}, {day.year}"


def dates_words(cycle: Cycle, today: date) -> str:
    """Say a cycle's dates: "Mon Nov 30 → Fri Dec 11"."""
    return f"{day_words(cycle.starts_on, today)} → {day_words(cycle.ends_on, today)}"


def title_line(cycle: Cycle) -> Line:
    """Return a cycle's code and change idea."""
    return line(strong(cycle.code), " ", Typed(cycle.change_idea, 200))


def _field(label: str, text: str | None, limit: int) -> Paragraph | None:
    if not text:
        return None
    return Paragraph((line(strong(label)), line(Typed(text, limit))))


def _plan_parts(cycle: Cycle, limit: int) -> list[Part]:
    fields = (("Question", cycle.question), ("Prediction", cycle.prediction),
              ("Measure", cycle.measure), ("Who, what, when, where", cycle.plan))  # fmt: skip
    return [p for label, text in fields if (p := _field(label, text, limit)) is not None]


def _study_parts(cycle: Cycle, limit: int) -> list[Part]:
    fields = (("What happened", cycle.result), ("What we saw", cycle.observations),
              ("What surprised us", cycle.surprise),
              ("What we learned", cycle.learning))  # fmt: skip
    found: list[Part] = [
        p for label, text in fields if (p := _field(label, text, limit)) is not None
    ]
    if cycle.decided_at is not None:
        decided = line(strong("Decision: "), STATUS[CycleStatus(cycle.status)][2:].strip())
        reason = (line(" — ", Typed(cycle.decision_reason, limit)) if cycle.decision_reason
                  else ())  # fmt: skip
        found.append(Paragraph(((*decided, *reason),)))
    return found


def about_line(view: CycleView, today: date) -> Line:
    """Return a cycle's state, dates, owners and goal as one line."""
    cycle = view.cycle
    pieces = [line(STATUS.get(CycleStatus(cycle.status), cycle.status)),
              line(dates_words(cycle, today)), mentions(cycle.owner_ids)]  # fmt: skip
    if view.goal is not None:
        pieces.append(line("for ", strong(view.goal.code), " ", Typed(view.goal.title, 150)))
    return joined(pieces, " · ")


def ramp_lines(view: CycleView) -> list[Line]:
    """Return where a cycle sits in a ramp and where it came from, if anywhere."""
    said: list[Line] = []
    if view.follows is not None:
        said.append(line("↪️ Follows ", *title_line(view.follows)))
    for after in view.followed_by:
        said.append(line("➡️ Next: ", *title_line(after)))
    if view.scaled_from is not None:
        said.append(started_from(view.scaled_from, view.scaled_from.channel_id))
    for copy in view.scaled_to:
        said.append(line("🌱 Tried next in ", ChannelRef(copy.channel_id), " as ",
                         strong(copy.code)))  # fmt: skip
    return said


def task_line(item: ActionItem) -> Line:
    """Return one task of a cycle: its code, title, owners and due date, ticked when done."""
    done = "✅ " if item.status == "done" else ""
    dated = line(" · due ", *due(item)) if item.due_at and not done else ()
    return line(done, strong(item.code), " ", title(item, 200), " — ", *mentions(item.owner_ids),
                *dated)  # fmt: skip


def _task_parts(view: CycleView) -> list[Part]:
    if not view.tasks:
        return []
    heading = Paragraph((line(strong(f"Tasks ({len(view.tasks)})")),))
    return [heading, Listing(tuple(task_line(t) for t in view.tasks), most=TASKS_SHOWN)]


def cycle_card(view: CycleView, today: date, *, whole: bool = False) -> Message:
    """Return a cycle as its post shows it (`whole`: every field in full, for `/pdsa T-n`)."""
    cycle, limit = view.cycle, 2000 if whole else IN_POST
    top = line("🧪 ", *title_line(cycle))
    parts: list[Part] = [Paragraph((top, about_line(view, today)))]
    parts += _plan_parts(cycle, limit) + _study_parts(cycle, limit) + _task_parts(view)
    ramp = ramp_lines(view)
    if ramp:
        parts.append(Paragraph(tuple(ramp)))
    if cycle.status == CycleStatus.STUDIED:  # Act: Adopt, Adapt or Abandon, from the post too
        parts.append(act_controls(cycle))
    parts.append(Note(line(Code(f"/action … for {cycle.code}"), " adds a task · ",
                           Code(f"/pdsa {cycle.code}"), " shows it all")))  # fmt: skip
    return Message(text=said_in(parts), parts=tuple(parts), tag=Tag("cycle", {"n": cycle.number}))


def said_in(parts: Sequence[Part]) -> Line:
    """Return the words of some parts as one fallback text, a line each (a label with its text)."""
    lines: list[Line] = []
    for part in parts:
        if isinstance(part, Paragraph):
            shown = part.lines
            labelled = len(shown) == 2 and _is_label(shown[0])
            lines += [(*shown[0], Words(": "), *shown[1])] if labelled else list(shown)
        elif isinstance(part, Listing):
            lines += list(part.lines)
    return joined(lines, "\n")


def _is_label(one: Line) -> bool:
    return len(one) == 1 and isinstance(one[0], Strong)


def cycle_list(views: Sequence[CycleView], today: date, *, total: int) -> Message:
    """Return a channel's tests of change, newest first, for the person who asked."""
    if not views:
        empty = line("This channel has no tests of change yet. ", Code("/pdsa"), " starts one.")
        return Message(text=empty, parts=(Paragraph((empty,)),))
    heading = line(strong(f"Tests of change in this channel ({total})"))
    lines = tuple(line(*title_line(v.cycle), " — ", *about_line(v, today)) for v in views)
    return Message(
        text=joined([heading, *lines], "\n"),
        parts=(Paragraph((heading,)), Listing(lines, most=LIST_LIMIT, total=total)),
    )


def saved(cycle: Cycle, *, new: bool) -> Line:
    """Say a cycle was saved (and, when new, posted in its channel)."""
    if new:
        return line("🧪 ", strong(cycle.code), " is saved and posted in ",
                    ChannelRef(cycle.channel_id), ".")  # fmt: skip
    return line("🧪 ", strong(cycle.code), " is saved; its post shows the change.")


def not_posted(cycle: Cycle) -> Message:
    """Say a new cycle is saved though the platform would not let Backbone post it."""
    return Message(
        text=(said := line("🧪 ", strong(cycle.code), " is saved, but I couldn't post it in ",
                           ChannelRef(cycle.channel_id), " just now. ", Code("/pdsa list"),
                           " shows it.")),
        parts=(Paragraph((said,)),),
    )  # fmt: skip


def task_linked(item: ActionItem, cycle: Cycle) -> Line:
    """Say an item was made a task of a cycle."""
    return line("🧪 ", strong(item.code), " is a task of ", *title_line(cycle), ".")


def offer(code: str | None) -> Line:
    """Say what the button under `/pdsa` (Teams) opens."""
    if code is None:
        return line("Press the button to plan a test of change for this channel.")
    return line("Press the button to edit ", strong(code), ".")
