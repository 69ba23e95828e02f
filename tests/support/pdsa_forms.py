"""Helpers for tests of change on both platforms: open `/pdsa`'s form, fill it in, read cycles."""

from __future__ import annotations

from typing import Any

from bot.ids import ActionId, CycleField
from storage.models import Cycle
from tests.scenarios.both.conftest import Form, Shown, World

PLAN: dict[str, str] = {
    CycleField.CHANGE_IDEA: "Text clients the day before intake 📱",
    CycleField.QUESTION: "Will a reminder cut missed intake appointments?",
    CycleField.PREDICTION: "Missed intakes drop from 8 a week to 4",
    CycleField.MEASURE: "Missed intakes each week, from the intake log",
    CycleField.PLAN: "Joe texts Tuesday's clients on Monday afternoons, at Main St",
    CycleField.STARTS_ON: "2026-11-30",
    CycleField.ENDS_ON: "2026-12-11",
}


def open_command_form(world: World, text: str = "", *, by: str = "maria") -> Form:
    """Type `/pdsa <text>` and open the form it offers (Teams: the button in the person's chat)."""
    before = len(world.dms(by)) if world.platform == "teams" else 0
    world.command(text, by=by, command="pdsa")
    if world.platform == "slack":
        from tests.support.forms import modal_of

        view = modal_of(world.harness, world.id(by))  # type: ignore[attr-defined]
        return Form(str(view.view["title"]["text"]), "", view, by)
    (offer,) = world.dms(by)[before:]
    verb = ActionId.CYCLE_EDIT if text.split()[:1] == ["edit"] else ActionId.CYCLE_NEW
    return world.open_form(offer, verb, by=by)


def people(world: World, *who: str) -> Any:
    """A people picker's value: a list of ids on Slack, comma-joined on Teams."""
    ids = [world.id(w) for w in who]
    return ids if world.platform == "slack" else ",".join(ids)


def plan_cycle(world: World, changes: dict[str, Any] | None = None, *, by: str = "maria",
               owners: tuple[str, ...] = ("joe",)) -> Form | None:  # fmt: skip
    """Plan a cycle through the form; the form again when it names problems."""
    form = open_command_form(world, by=by)
    values: dict[str, Any] = {**PLAN, CycleField.OWNERS: people(world, *owners), **(changes or {})}
    return world.submit_form(form, {str(k): v for k, v in values.items()})


def said_to(world: World, who: str) -> str:
    """The latest thing only `who` was shown, as their client shows it."""
    return world.displayed(Shown(world.private(who)[-1], None))


def cycles(world: World) -> list[Cycle]:
    """Every cycle, in the order made."""
    return world.rows(Cycle)
