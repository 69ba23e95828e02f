"""What goal messages say: help, the north star, goals, their values, check-ins and forms. Pure.

Every number a person sees goes through `shown`: a count under the workspace's threshold reads
"fewer than 11". Typed words (a measure, a north star, a note) are always `Typed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.goal_periods import Period
from bot.ids import ActionId
from bot.messages.common import notice
from bot.messages.parts import (
    Button,
    Controls,
    Heading,
    Listing,
    Message,
    Note,
    Paragraph,
    Part,
)
from bot.messages.signals import describe
from bot.messages.spans import (
    ChannelRef,
    Code,
    Line,
    Mention,
    Typed,
    joined,
    line,
    plain,
    strong,
)
from bot.services.goal_zero import ZeroSummary
from bot.services.goals import (
    GoalPicture,
    Reported,
    shown,
    towards_target,
    written,
)
from storage.models import Goal, NorthStar

RECENT = 6  # values a goal's card lists
LIST_LIMIT = 40  # goals `/goal list` shows; the rest are counted
CADENCE_WORDS = {"weekly": "weekly", "biweekly": "every 2 weeks", "monthly": "monthly"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

HELP: tuple[Line, ...] = (
    line(strong("Goals: is the system actually improving?")),
    line("• ", Code('/goal northstar "Functional zero for veterans by December 2027"'),
         " — this channel's north star"),
    line("• ", Code('/goal add "Median days from match to move-in" lower is better, baseline 90, '
                    "target 45 by June 30, @ana reports monthly"), " — makes ", strong("G-1")),
    line("• ", Code("/goal report G-1 62 for November"), " — a value (a second one replaces it)"),
    line("• ", Code("/goal list"), " · ", Code("/goal G-1"), " — its run chart and values · ",
         Code("/goal edit G-1"), " · ", Code("/goal stop G-1")),
    line("• ", Code("/goal template bfz veterans"), " (or ", Code("chronic"),
         ") — Built for Zero's monthly measures"),
    line("• ", Code('/goal capacity "Open rapid re-housing slots" @ana reports weekly'),
         " — numbers only; flagged in the digest when unused for 14 days"),
    line("Goals hold numbers, never people: counts under 11 show as “fewer than 11”."),
)  # fmt: skip


def help_message() -> Message:
    """Return the short help for `/goal`."""
    return Message(text=line("\n".join(plain(one) for one in HELP)), parts=(Paragraph(HELP),))


def star_line(star: NorthStar) -> Line:
    """Return a channel's north star as one line."""
    return line("⭐ ", strong("North star:"), " ", Typed(star.text, 300))


def north_star_set(star: NorthStar) -> Message:
    """Tell the channel its north star, and who set it."""
    said = line(*star_line(star), " — set by ", Mention(star.set_by))
    return Message(text=said, parts=(Paragraph((said,)),))


def target_words(goal: Goal, threshold: int) -> str:
    """Say a goal's target and its date: "target 45 by Jun 30, 2027"."""
    if goal.target is None:
        return ""
    by = f" by {_day(goal.target_date)}" if goal.target_date else ""
    return f"target {written(goal.target)}{by}"


def _day(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def cadence_words(goal: Goal) -> str:
    """Say how often a goal is reported: "monthly", "weekly on Fridays", "monthly on the 5th"."""
    words = CADENCE_WORDS.get(goal.cadence, goal.cadence)
    if goal.cadence_day and goal.cadence == "monthly":
        return f"{words} on the {_ordinal(goal.cadence_day)}"
    if goal.cadence_day:
        return f"{words} on {WEEKDAYS[goal.cadence_day - 1]}s"
    return words


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def about(goal: Goal, threshold: int) -> Line:
    """Return what a goal is: which way is better, baseline, target, owner and cadence."""
    pieces: list[Line] = []
    if goal.kind == "capacity":
        pieces.append(line("capacity, numbers only"))
    elif goal.kind != "bfz" or goal.template != "bfz:inflow":
        pieces.append(line("higher is better" if goal.higher_is_better else "lower is better"))
    if goal.baseline is not None:
        pieces.append(line(f"baseline {shown(goal.baseline, goal=goal, threshold=threshold)}"))
    if goal.target is not None:
        pieces.append(line(target_words(goal, threshold)))
    if goal.owner_id:
        pieces.append(line(Mention(goal.owner_id), f" reports {cadence_words(goal)}"))
    return joined(pieces, " · ")


def goal_announcement(goal: Goal, threshold: int) -> Message:
    """Tell the channel about a new goal."""
    said = line(
        "🎯 ", strong(goal.code), " ", Typed(goal.title, 200), " — ", *about(goal, threshold)
    )
    hint = line(Code(f"/goal report {goal.code} 62"), " adds a value · ",
                Code(f"/goal {goal.code}"), " shows its run chart")  # fmt: skip
    return Message(text=said, parts=(Paragraph((said,)), Note(hint)))


def latest_words(picture: GoalPicture, today: date) -> str:
    """Say the latest value and its period: "62 for November"."""
    latest = picture.latest
    if latest is None:
        return "no values yet"
    value = shown(latest.value, goal=picture.goal, threshold=picture.threshold)
    return f"{value} for {picture.periods[-1].label(today)}"


def signal_flag(picture: GoalPicture) -> str:
    """Return " · 📈 signal" when the rules found one."""
    return " · 📈 a signal" if picture.report.signals else ""


def goal_line(picture: GoalPicture, today: date, *, limit: int = 200) -> Line:
    """Return a goal as one line of a list."""
    goal = picture.goal
    if picture.latest is None:
        state = "no values yet"  # once, not once for the value and again for the target
    else:
        state = f"{latest_words(picture, today)} · {towards_target(picture)}{signal_flag(picture)}"
    return line(strong(goal.code), " ", Typed(goal.title, limit), " — ", state)


def goal_list(pictures: Sequence[GoalPicture], star: NorthStar | None, today: date) -> Message:
    """Return a channel's goals, for the person who asked."""
    parts: list[Part] = [Paragraph((star_line(star),))] if star else []
    if not pictures:
        empty = line("This channel has no goals yet. ",
                     Code('/goal add "Households housed" higher is better, monthly'),
                     " adds one.")  # fmt: skip
        said = [star_line(star), empty] if star else [empty]
        return Message(text=joined(said, "\n"), parts=(*parts, Paragraph((empty,))))
    heading = line(strong(f"Goals in this channel ({len(pictures)})"))
    lines = [goal_line(p, today) for p in pictures]
    parts += [Paragraph((heading,)), Listing(tuple(lines), most=LIST_LIMIT)]
    text = [star_line(star)] if star else []
    return Message(text=joined([*text, heading, *lines], "\n"), parts=tuple(parts))


def reported_goals(pictures: Sequence[GoalPicture], today: date) -> Message:
    """Return the goals a person reports, for `/goal list` in a direct message."""
    if not pictures:
        return notice("Goals belong to a channel, and you report none yet. In a channel, "
                      "/goal list shows its goals.")  # fmt: skip
    heading = line(strong(f"Goals you report ({len(pictures)})"))
    lines = [line(*goal_line(p, today), " · in ", ChannelRef(p.goal.channel_id))
             for p in pictures]  # fmt: skip
    parts = (Paragraph((heading,)), Listing(tuple(lines), most=LIST_LIMIT))
    return Message(text=joined([heading, *lines], "\n"), parts=parts)


def said_rules(picture: GoalPicture, today: date) -> list[Line]:
    """Say what the run-chart rules found, naming points by their periods."""
    labels = [period.label(today) for period in picture.periods]
    return describe(picture.report, higher_is_better=picture.goal.higher_is_better, labels=labels)


def chart_title(goal: Goal) -> str:
    """Say what the chart shows."""
    return f"Run chart of {goal.code}: {goal.title}"[:200]


def alt_text(picture: GoalPicture, today: date) -> str:
    """Say in words what the chart shows, for screen readers (values as everyone may see them)."""
    goal, report = picture.goal, picture.report
    count = len(picture.values)
    head = f"{chart_title(goal)}, {count} {'value' if count == 1 else 'values'}, "
    head += "higher is better. " if goal.higher_is_better else "lower is better. "
    if report.median is not None:
        head += f"Median {shown(report.median, goal=goal, threshold=picture.threshold)}. "
    if goal.target is not None:
        head += f"Target {written(goal.target)}. "
    points = [f"{p.label(today)}: {shown(v.value, goal=goal, threshold=picture.threshold)}."
              for p, v in zip(picture.periods, picture.values, strict=True)]  # fmt: skip
    rules = " ".join(plain(one) for one in said_rules(picture, today))
    while points and len(head) + len(rules) + sum(len(p) + 1 for p in points) > 950:
        points.pop(0)  # whole points only, the latest kept
    return f"{head}{' '.join(points)} {rules}".strip()[:1000]


def goal_card(
    picture: GoalPicture,
    today: date,
    *,
    chart: bool,
    zero: ZeroSummary | None = None,
    chart_below: bool = False,
) -> Message:
    """Return a goal's card: what it is, its recent values, and what the rules say.

    With `chart`, the card says where its run chart is: in its thread, or (`chart_below`, a
    chat without threads) the next message.
    """
    goal = picture.goal
    heading = f"🎯 {goal.code} {goal.title}"[:150]
    parts: list[Part] = [Heading(heading), Paragraph((about(goal, picture.threshold),))]
    pairs = list(zip(picture.periods, picture.values, strict=True))[-RECENT:]
    recent = [line(f"{p.label(today)}: {shown(v.value, goal=goal, threshold=picture.threshold)}",
                   *((" — ", Typed(v.note, 300)) if v.note else ()))
              for p, v in pairs]  # fmt: skip
    recent.reverse()  # newest first
    if recent:
        parts.append(Paragraph((line(strong("Recent values")), *recent)))
    rules = said_rules(picture, today)
    parts.append(Paragraph((line(strong("What the run chart says")), *rules)))
    if zero is not None:
        zeros = zero_lines(zero, goal=goal, threshold=picture.threshold, today=today)
        parts.append(Paragraph((line(strong("Built for Zero")), *zeros)))
        rules = [*rules, *zeros]
    if chart:
        where = "is just below" if chart_below else "is in the thread"
        parts.append(Note(line(f"📈 Its run chart {where}.")))
    if goal.stopped_at is not None:
        parts.append(Note(line("This goal is stopped: no more check-ins.")))
    text = joined([line(heading), about(goal, picture.threshold), *recent, *rules], "\n")
    return Message(text=text, parts=tuple(parts))


def reported(done: Reported, threshold: int, today: date) -> Message:
    """Confirm a stored value, privately; offer an action item when the note names a blocker."""
    from bot.services.goals import names_blocker

    goal = done.goal
    value = shown(done.value, goal=goal, threshold=threshold)
    verb = "Replaced" if done.replaced else "Saved"
    said = line(f"✅ {verb} {goal.code} for {done.period.label(today)}: {value}.")
    parts: list[Part] = [Paragraph((said,))]
    if names_blocker(done.note):
        parts.append(Paragraph((line("Your note sounds like something is in the way."),),
                               beside=make_item_button(goal, done.period)))  # fmt: skip
    return Message(text=said, parts=tuple(parts))


def make_item_button(goal: Goal, period: Period) -> Button:
    """Return the button that turns a note into an action item."""
    return Button("Make an action item", ActionId.GOAL_ACTION_ITEM, f"{goal.number}:{period.key}")


def stopped(goal: Goal, by: str) -> Message:
    """Tell the channel a goal was stopped."""
    return notice("⏹️ ", Mention(by), f" stopped {goal.code} ", Typed(goal.title, 200),
                  ". Its values stay; there will be no more check-ins.")  # fmt: skip


def checkin(goal: Goal, period: Period, today: date, *, again: bool) -> Message:
    """Ask a goal's owner for a period's value, with the button that opens the form."""
    label = period.label(today)
    ask = f"What was {goal.code} for {label}?"
    said = line("📈 ", *(line("A reminder: ") if again else ()), ask, " ", Typed(goal.title, 200))
    button = Button(f"Report {label}"[:75], ActionId.GOAL_REPORT, f"{goal.number}:{period.key}",
                    style="primary")  # fmt: skip
    hint = line("Or type ", Code(f"/goal report {goal.code} 62 for {label}"), " here or in ",
                ChannelRef(goal.channel_id), ".")  # fmt: skip
    return Message(text=said, parts=(Paragraph((said,)), Controls((button,)), Note(hint)))


def edited(goal: Goal, threshold: int) -> Message:
    """Confirm a goal's change, privately."""
    return notice("✏️ Updated ", strong(goal.code), " ", Typed(goal.title, 200), " — ",
                  *about(goal, threshold))  # fmt: skip


def template_made(goals: Sequence[Goal], population: str, owner: str) -> Message:
    """Tell the channel about the Built for Zero measures just made."""
    codes = ", ".join(f"{g.code} {g.title}" for g in goals)
    said = line(f"🏁 Built for Zero measures for {population}: {codes}. ", Mention(owner),
                " reports them monthly. Inflow, outflow and the distance to functional zero "
                "follow from them in each goal's card and the digest.")  # fmt: skip
    return Message(text=said, parts=(Paragraph((said,)),))


def point_in_time_kept(count: int) -> Message:
    """Tell the coordinator the point-in-time count is kept, and what it means for zero."""
    most = max(3, int(count * 0.001))
    said = line(f"✅ Kept the point-in-time count: {count:,} people. Functional zero for chronic "
                f"homelessness now means at most {most} actively homeless (3, or 0.1% of the "
                "count, whichever is greater).")  # fmt: skip
    return notice(*said)


def zero_lines(summary: ZeroSummary, *, goal: Goal, threshold: int, today: date) -> list[Line]:
    """Say a Built for Zero population's month: inflow, outflow and functional zero."""

    def n(value: float) -> str:
        return shown(value, goal=goal, threshold=threshold)

    status = summary.status
    month, active = summary.period.label(today), n(status.actively_homeless)
    flows = line(f"{month}: inflow {n(summary.inflow)}, outflow {n(summary.outflow)}, "
                 f"{active} actively homeless.")  # fmt: skip
    if status.population == "veterans":
        if status.benchmark is None:
            return [flows, line("Functional zero: no housing placements reported yet, so the "
                                "benchmark can't be worked out.")]  # fmt: skip
        rule = (f"Functional zero: fewer actively homeless than the average monthly housing "
                f"placements of the last {status.months} months "
                f"({n(status.benchmark)}).")  # fmt: skip
    else:
        rule = (f"Functional zero: at most {status.most_allowed} actively homeless (3, or 0.1% "
                "of the point-in-time count, whichever is greater).")  # fmt: skip
    if status.reached:
        return [flows, line(rule, " 🎉 Reached.")]
    gap = n(status.gap or 0)
    if not gap.replace(",", "").isdigit():  # a small gap is hidden: it would tell the count
        return [flows, line(rule, " Not there yet.")]
    return [flows, line(rule, f" {gap} fewer to go.")]
