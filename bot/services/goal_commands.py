"""`/goal …` from start to finish, through the port: what each subcommand does and says.

A listener reads who typed what where (an `Invoker`) and calls `run_goal_command`; what the
channel should see is posted through the port, what only the invoker should see is returned
as a `Reply`. Where Backbone may not post, the channel's message comes back as a public reply
(a command's own answer may go where the bot may not).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.bfz import MEASURES, Population
from bot.deps import Deps
from bot.errors import InvalidInput
from bot.goal_phrases import GoalDraft
from bot.goal_text import (
    AddGoal,
    EditGoal,
    GoalDidYouMean,
    GoalHelp,
    ListGoals,
    ReportValue,
    SetNorthStar,
    ShowGoal,
    StopGoal,
    UseTemplate,
    parse_goal_command,
)
from bot.messages import goal_forms as form_words
from bot.messages import goals as words
from bot.messages.common import notice
from bot.messages.parts import Form, Message, Note
from bot.messages.spans import Code, line
from bot.port import CANNOT_POST, ChatError, ChatPort
from bot.services import goals as service
from bot.services.actions import Actor
from bot.services.directory import as_actor, check_owners, person_for, zone_of
from bot.services.goal_charts import share_chart
from bot.services.goal_zero import bfz_summary
from storage import goals as store
from storage.models import Goal

BFZ_NAMES = {"veterans": "Veterans", "chronic": "Chronic"}
# What makes a goal or a north star: only in a channel (read before the rest of the words).
CHANNEL_ONLY = frozenset({"northstar", "north-star", "north_star", "north", "add", "new",
                          "template", "capacity"})  # fmt: skip
IN_A_CHANNEL = (
    "Goals belong to the channel whose work they measure, where the team sees them and the "
    "digest reports them. Type this in that channel. Nothing was saved."
)


@dataclass(frozen=True)
class Invoker:
    """Who typed `/goal`, where, and the trigger that may open a form for them."""

    team_id: str
    user_id: str
    channel_id: str
    trigger: str = ""
    direct: bool = False  # typed in a direct message (Teams: the personal chat), not a channel


@dataclass(frozen=True)
class Reply:
    """What to show the invoker: privately, or (`public`) in the channel through the command."""

    message: Message
    public: bool = False


def run_goal_command(deps: Deps, port: ChatPort, who: Invoker, text: str) -> Reply | None:
    """Do what `/goal <text>` asks; return what to show the invoker, if anything."""
    person = person_for(deps, port, team_id=who.team_id, user_id=who.user_id)
    zone = zone_of(person, deps.default_zone)
    if who.direct and text.split()[:1] and text.split()[0].lower() in CHANNEL_ONLY:
        raise InvalidInput(IN_A_CHANNEL)
    match parse_goal_command(text, now=deps.now(), zone=zone):
        case GoalHelp():
            return Reply(words.help_message())
        case GoalDidYouMean(meant=meant):
            hint = f"/goal {meant}" if meant else "/goal help"
            return Reply(
                notice("I didn't catch that. Did you mean ", Code(hint), "? Nothing was saved.")
            )
        case SetNorthStar(text=star):
            return _north_star(deps, port, who, star)
        case AddGoal(draft=draft, kind=kind):
            return _add(deps, port, who, draft, kind=kind, zone=zone)
        case ListGoals():
            return Reply(_list(deps, who, zone))
        case ShowGoal(number=number):
            card = show_goal(deps, port, who, number, zone)
            return Reply(card) if card is not None else None
        case EditGoal(number=number):
            _edit(deps, port, who, number, person.is_admin)
            return None
        case StopGoal(number=number):
            return _stop(deps, port, who, number, as_actor(person))
        case ReportValue() as report:
            return Reply(_report(deps, who, report, zone))
        case UseTemplate() as template:
            return _template(deps, port, who, template, zone)
    return None  # pragma: no cover - every command is matched above


def announce(port: ChatPort, channel: str, message: Message) -> Reply | None:
    """Post in the channel; where Backbone may not, hand it back as a public reply."""
    try:
        port.post(channel, message)
    except ChatError as error:
        if error.kind in CANNOT_POST:
            return Reply(message, public=True)
        raise
    return None


def _north_star(deps: Deps, port: ChatPort, who: Invoker, text: str) -> Reply | None:
    with deps.transaction() as session:
        service.set_north_star(session, team_id=who.team_id, channel_id=who.channel_id,
                               text=text, by=who.user_id, now=deps.now())  # fmt: skip
        star = service.north_star(session, team_id=who.team_id, channel_id=who.channel_id)
    assert star is not None
    return announce(port, who.channel_id, words.north_star_set(star))


def _add(deps: Deps, port: ChatPort, who: Invoker, draft: GoalDraft, *, kind: str,
         zone: ZoneInfo) -> Reply | None:  # fmt: skip
    if draft.owner:
        check_owners(deps, port, team_id=who.team_id, user_ids=[draft.owner])
    with deps.transaction() as session:
        goal = service.create_goal(session, team_id=who.team_id, channel_id=who.channel_id,
                                   creator_id=who.user_id, draft=draft, zone=zone,
                                   now=deps.now(), kind=kind)  # fmt: skip
        threshold = store.small_count(session, team_id=who.team_id)
    return announce(port, who.channel_id, words.goal_announcement(goal, threshold))


def _list(deps: Deps, who: Invoker, zone: ZoneInfo) -> Message:
    today = deps.now().astimezone(zone).date()
    with deps.transaction() as session:
        goals = store.channel_goals(session, team_id=who.team_id, channel_id=who.channel_id)
        if who.direct and not goals:  # a direct message has no goals: the ones they report
            mine = [g for g in store.team_goals(session, team_id=who.team_id)
                    if g.owner_id == who.user_id and g.stopped_at is None]  # fmt: skip
            return words.reported_goals(service.pictures_of(session, mine), today)
        pictures = service.pictures_of(session, goals)
        star = service.north_star(session, team_id=who.team_id, channel_id=who.channel_id)
    return words.goal_list(pictures, star, today)


def show_goal(
    deps: Deps, port: ChatPort, who: Invoker, number: int, zone: ZoneInfo
) -> Message | None:
    """Return a goal's card for the invoker; its run chart goes to them in a direct message.

    Where private answers land in that same direct message (Teams), the card with its chart
    is the answer: None, so it is not said twice.
    """
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=who.team_id, number=number)
        picture = service.picture_of(session, goal=goal)
        zero = bfz_summary(session, goal=goal)
    today = deps.now().astimezone(zone).date()
    card = words.goal_card(picture, today, chart=False, zero=zero)
    if not picture.values:
        return card
    dm_card = words.goal_card(
        picture, today, chart=True, zero=zero, chart_below=not port.dm_threads
    )
    ref = port.dm(who.user_id, dm_card)
    shared = share_chart(port, picture, today, channel=ref.channel, thread=ref, draw=deps.charts)
    if port.private_in_dm:
        return None
    if shared:
        note = Note(line("📈 I sent you its run chart in a direct message."))
        return Message(text=card.text, parts=(*card.parts, note))
    return card


def _edit(deps: Deps, port: ChatPort, who: Invoker, number: int, admin: bool) -> None:
    port.open_form(who.trigger, goal_edit_form(deps, who, number, admin=admin))


def goal_edit_form(deps: Deps, who: Invoker, number: int, *, admin: bool) -> Form:
    """Return a goal's edit form, when the person may change the goal."""
    return form_words.edit_form(editable_goal(deps, who, number, admin=admin))


def editable_goal(deps: Deps, who: Invoker, number: int, *, admin: bool) -> Goal:
    """Return a goal the person may change; NotFound or NotAllowed otherwise."""
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=who.team_id, number=number)
        service.require_change(goal, Actor(who.user_id, admin), doing="change it")
    return goal


def _stop(deps: Deps, port: ChatPort, who: Invoker, number: int, actor: Actor) -> Reply | None:
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=who.team_id, number=number)
        service.stop_goal(session, goal=goal, actor=actor, now=deps.now())
    return announce(port, who.channel_id, words.stopped(goal, who.user_id))


def _report(deps: Deps, who: Invoker, report: ReportValue, zone: ZoneInfo) -> Message:
    now = deps.now()
    with deps.transaction() as session:
        goal = service.find_goal(session, team_id=who.team_id, number=report.number)
        done = service.report_value(session, goal=goal, value=report.value,
                                    period_words=report.period, note=report.note,
                                    by=who.user_id, zone=zone, now=now)  # fmt: skip
        threshold = store.small_count(session, team_id=who.team_id)
    return words.reported(done, threshold, now.astimezone(zone).date())


def _template(deps: Deps, port: ChatPort, who: Invoker, template: UseTemplate,
              zone: ZoneInfo) -> Reply | None:  # fmt: skip
    owner = template.owner or who.user_id
    check_owners(deps, port, team_id=who.team_id, user_ids=[owner])
    made: list[Goal] = []
    with deps.transaction() as session:
        taken = {g.template for g in store.channel_goals(session, team_id=who.team_id,
                                                          channel_id=who.channel_id)}  # fmt: skip
        for measure in MEASURES:
            name = f"bfz:{template.population}:{measure.key}"
            if name in taken:
                continue
            draft = GoalDraft(title=f"{BFZ_NAMES[template.population]}: {measure.name.lower()}",
                              higher_is_better=measure.higher_is_better, owner=owner,
                              cadence="monthly",
                              cadence_day=template.day)  # fmt: skip
            made.append(service.create_goal(session, team_id=who.team_id,
                                            channel_id=who.channel_id, creator_id=who.user_id,
                                            draft=draft, zone=zone, now=deps.now(), kind="bfz",
                                            template=name))  # fmt: skip
        counted = _keep_point_in_time(session, who, template)
    if not made and counted is None:
        raise InvalidInput(_already(template.population))
    if not made:
        return Reply(words.point_in_time_kept(counted or 0))
    return announce(port, who.channel_id, words.template_made(made, template.population, owner))


def _keep_point_in_time(session: Session, who: Invoker, template: UseTemplate) -> int | None:
    """Keep a chronic population's point-in-time count on its measures; the count, if given."""
    if template.point_in_time is None:
        return None
    prefix = f"bfz:{template.population}:"
    for goal in store.channel_goals(session, team_id=who.team_id, channel_id=who.channel_id):
        if goal.template and goal.template.startswith(prefix):
            goal.point_in_time_count = template.point_in_time
    session.flush()
    return template.point_in_time


def _already(population: Population) -> str:
    return (f"This channel already has the Built for Zero measures for {population}. "
            "/goal list shows them.")  # fmt: skip
