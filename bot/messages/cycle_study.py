"""What the Study and Act steps of a test of change say: the reminder, the forms, the answers.

Everything a person typed (the change idea, the prediction, the study, a reason) is a `Typed`
span, escaped by every renderer. Pure.
"""

from __future__ import annotations

import json

from bot.ids import ActionId, CallbackId, StudyField
from bot.messages.parts import (
    Button,
    ChannelField,
    Controls,
    Form,
    Message,
    Note,
    Paragraph,
    TextField,
)
from bot.messages.spans import ChannelRef, Code, Line, Typed, line, strong
from bot.text import from_mrkdwn
from storage.models import Cycle, CycleStatus

LONG = 2000  # every Study and Act field, as the form says and the server checks again
SHOWN = 500  # how much of a prediction or a learning a message shows
NO_CLIENTS = "No names or client details."
DECIDED = {
    CycleStatus.ADOPTED: "adopted",
    CycleStatus.ADAPTED: "adapted",
    CycleStatus.ABANDONED: "abandoned",
}
ACTS = {
    CycleStatus.ADOPTED: (ActionId.CYCLE_ADOPT, "✅ Adopt"),
    CycleStatus.ADAPTED: (ActionId.CYCLE_ADAPT, "🔁 Adapt"),
    CycleStatus.ABANDONED: (ActionId.CYCLE_ABANDON, "🛑 Abandon"),
}
ACT_OF: dict[str, CycleStatus] = {action: status for status, (action, _) in ACTS.items()}


def headline(cycle: Cycle) -> Line:
    """Return "T-3 <change idea>"."""
    return line(strong(cycle.code), " ", Typed(cycle.change_idea, 200))


def study_reminder(cycle: Cycle, *, again: bool) -> Message:
    """Ask an owner what happened, with the button that opens the Study form."""
    ask = line(
        "🔬 ", *(line("A reminder: ") if again else ()), f"{cycle.code} ended. What happened?"
    )
    button = Button(f"Study {cycle.code}", ActionId.CYCLE_STUDY, str(cycle.number),
                    style="primary")  # fmt: skip
    hint = line("The form shows your prediction beside the result. It takes a few minutes.")
    return Message(
        text=line(*ask, " ", Typed(cycle.change_idea, 200)),
        parts=(Paragraph((ask, headline(cycle))), _predicted(cycle), Controls((button,)),
               Note(hint)),
    )  # fmt: skip


def _predicted(cycle: Cycle) -> Paragraph:
    lines = [labelled("We predicted", cycle.prediction)]
    if cycle.measure:
        lines.append(labelled("Measure", cycle.measure))
    return Paragraph(tuple(lines))


def labelled(label: str, typed: str | None) -> Line:
    """Return "<label>: <what someone typed>" (a paragraph's line reads on every platform)."""
    return line(strong(f"{label}:"), " ", Typed(typed or "", SHOWN))


def study_form(cycle: Cycle) -> Form:
    """Return the Study form: the question and prediction read-only beside the result fields."""
    predicted = Typed(cycle.prediction, 150)
    return Form(
        key=CallbackId.CYCLE_STUDY, title=f"Study {cycle.code}"[:24],
        items=(
            Paragraph((headline(cycle), line("Question: ", Typed(cycle.question, SHOWN)))),
            _predicted(cycle),
            _text(StudyField.OBSERVATIONS, "What we observed", cycle.observations, optional=True,
                  hint="What you saw as you ran it: what was done, by whom, how often."),
            _text(StudyField.RESULT, "The result, beside the prediction", cycle.result,
                  hint=f"We predicted: {_plain(predicted)}"),
            _text(StudyField.SURPRISE, "What surprised us", cycle.surprise, optional=True),
            _text(StudyField.LEARNING, "What we learned", cycle.learning,
                  hint=f"One or two lines the team keeps. {NO_CLIENTS}"),
        ),
        submit="Save", state=json.dumps({"n": cycle.number}),
    )  # fmt: skip


def _text(key: str, label: str, initial: str | None, *, optional: bool = False,
          hint: str | None = None) -> TextField:  # fmt: skip
    limit = f"Up to {LONG:,} characters. {NO_CLIENTS}"
    return TextField(key, label, initial=from_mrkdwn(initial or ""), multiline=True,
                     max_length=LONG,
                     optional=optional, hint=(hint or limit)[:1900])  # fmt: skip


def _plain(span: Typed) -> str:
    text = from_mrkdwn(span.text)
    limit = span.limit or len(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def act_controls(cycle: Cycle) -> Controls:
    """Return the Adopt / Adapt / Abandon buttons of a studied cycle."""
    value = str(cycle.number)
    return Controls(tuple(Button(label, action, value, style="danger" if action ==
                                 ActionId.CYCLE_ABANDON else None)
                          for action, label in ACTS.values()))  # fmt: skip


def studied(cycle: Cycle) -> Message:
    """Confirm a saved study and ask what to do now: Adopt, Adapt or Abandon."""
    said = line("✅ Saved the study of ", strong(cycle.code), ". What now? Adopt it, adapt it and "
                "test again, or abandon it.")  # fmt: skip
    facts = Paragraph((labelled("We predicted", cycle.prediction),
                       labelled("The result", cycle.result),
                       labelled("What we learned", cycle.learning)))  # fmt: skip
    return Message(text=said, parts=(Paragraph((said, headline(cycle))), facts,
                                     act_controls(cycle)))  # fmt: skip


WHAT_IT_MEANS = {
    CycleStatus.ADOPTED: "Adopt: it worked, keep doing it.",
    CycleStatus.ADAPTED: "Adapt: change it and test again. When you save, the next cycle's form "
    "opens with this one's plan in it.",
    CycleStatus.ABANDONED: "Abandon: stop it. What didn't work is worth knowing too.",
}


def act_form(cycle: Cycle, status: CycleStatus) -> Form:
    """Return the form that records a decision and its reason (Adopt also offers scaling)."""
    action, label = ACTS[status]
    items: list[Paragraph | TextField | ChannelField] = [
        Paragraph((headline(cycle), line(WHAT_IT_MEANS[status]))),
        Paragraph((labelled("What we learned", cycle.learning),)),
        _text(StudyField.REASON, "Why?", None, hint=f"A line or two for the learning log. "
              f"{NO_CLIENTS}"),
    ]  # fmt: skip
    if status == CycleStatus.ADOPTED:
        items.append(ChannelField(StudyField.SCALE_TO, "Try it somewhere else?", optional=True,
                                  hint="Pick another channel: I'll start a linked cycle there "
                                  "and tell them what you learned."))  # fmt: skip
    return Form(key=CallbackId.CYCLE_ACT, title=f"{label[2:]} {cycle.code}"[:24],
                items=tuple(items), submit=label[2:],
                state=json.dumps({"n": cycle.number, "d": action}))  # fmt: skip


def decided(cycle: Cycle) -> Line:
    """Confirm a decision in a line."""
    return line("✅ ", strong(cycle.code), f" is {DECIDED[CycleStatus(cycle.status)]}. "
                "It's in the learning log.")  # fmt: skip


def scaled(cycle: Cycle, copy: Cycle) -> Line:
    """Confirm a decision and the linked cycle started in another channel."""
    return line("✅ ", strong(cycle.code), " is adopted, and I started ", strong(copy.code),
                " in ", ChannelRef(copy.channel_id), " with what you learned.")  # fmt: skip


def scaled_unposted(cycle: Cycle, copy: Cycle) -> Line:
    """Say the linked cycle is saved but could not be posted in its channel."""
    return line("✅ ", strong(cycle.code), " is adopted and ", strong(copy.code), " is saved, "
                "but I couldn't post in ", ChannelRef(copy.channel_id), ". Add Backbone to "
                "that channel, then type ", Code(f"/pdsa {copy.code}"), " there.")  # fmt: skip


def started_from(source: Cycle, source_channel: str) -> Line:
    """Return "Started from T-3 in #channel — what they learned: …"."""
    return line("🌱 Started from ", strong(source.code), " in ", ChannelRef(source_channel),
                " — what they learned: ", Typed(source.learning or "", SHOWN))  # fmt: skip


def already_decided(cycle: Cycle) -> str:
    """Say a cycle was decided already, so nothing changed."""
    return f"{cycle.code} is already {DECIDED[CycleStatus(cycle.status)]}. Nothing was changed."


def not_studied_yet(cycle: Cycle) -> str:
    """Say a cycle needs its Study before a decision."""
    return (f"{cycle.code} has no Study yet. Study it first (what happened, beside the "
            "prediction); then decide. Nothing was changed.")  # fmt: skip
