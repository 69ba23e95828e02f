"""What every listener shares: acknowledge first, then work, with one error policy."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Args, BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clip import clip
from bot.deps import Deps, deps_of
from bot.errors import UserFacingError
from bot.messages.common import BUSY, notice, notice_form
from bot.messages.common import apology as apology_words
from bot.messages.parts import Message
from bot.messages.spans import Line, Typed, line
from bot.port import ChatError
from bot.slack.port import SlackPort
from bot.slack.render import render_form, render_message
from bot.work import Lane, Slot
from handlers.slack.once import first_time

log = logging.getLogger("backbone")
Listener = Callable[[Args], None]
# What a Web API call raises once the client's retries are spent: Slack said no (SlackApiError),
# or it did not answer in time or dropped the line (OSError: timeouts, resets, refused connections).
SLACK_FAILURES = (SlackApiError, OSError)
# Slack delivers an event that was not acknowledged up to three more times (nearly at once,
# after a minute, after five); Retry-After is a hint for whoever else reads the answer.
LAST_SLACK_RETRY = 3
RETRY_AFTER_SECONDS = 60


def slack_reason(error: Exception) -> str:
    """Say in a word why a Web API call failed, for the log."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error.response.status_code)
    return type(error).__name__


def team_of(context: BoltContext) -> str:
    """Return the workspace Slack authorized this request for: whose records it reads and writes.

    That is the installation Bolt authorized (`authorizations[0]` of an event,
    `view.app_installed_team_id` of a view, `team.id` of an action, a shortcut or a command),
    never `user.team_id` or an event's `team`: those name the person's own org, which in a Slack
    Connect channel shared by two agencies, or across Enterprise Grid, is another workspace.
    """
    authorized = context.authorize_result
    team_id = (authorized.team_id if authorized is not None else None) or context.team_id
    if not team_id:
        raise LookupError("Slack named no workspace for this request")
    return team_id


@dataclass(frozen=True)
class SlashCall:
    """Who typed a slash command, where, and the tools to answer them."""

    deps: Deps
    client: WebClient
    respond: Respond
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str = ""
    bot_user_id: str | None = None

    @property
    def port(self) -> SlackPort:
        """Return the port to this command's workspace."""
        return SlackPort(self.client)

    @classmethod
    def of(cls, args: Args) -> SlashCall:
        """Read a slash command's listener arguments (its body is the command itself)."""
        body = args.body
        return cls(
            deps=deps_of(args.context),
            client=args.client,
            respond=args.respond,
            team_id=team_of(args.context),
            user_id=body["user_id"],
            channel_id=body["channel_id"],
            trigger_id=body.get("trigger_id", ""),
            bot_user_id=args.context.bot_user_id,
        )


def drop_nul_characters(body: dict[str, Any], next: Callable[[], None]) -> None:
    """Drop U+0000 from a request before anyone reads it: Slack never shows it, and PostgreSQL
    cannot store it in text (it would fail the request instead of keeping the words)."""
    _without_nul(body)
    next()


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        for key, inner in value.items():
            value[key] = _without_nul(inner)
    elif isinstance(value, list):
        value[:] = [_without_nul(inner) for inner in value]
    return value


def acknowledged(
    work: Listener,
    *,
    lane: Lane | Callable[[dict[str, Any]], Lane] = Lane.PERSON,
    needless: Callable[[dict[str, Any]], bool] | None = None,
) -> Callable[[Args], BoltResponse | None]:
    """Wrap a listener so it acknowledges at once and queues its work, or says it is busy.

    The listener runs on the thread that answers Slack (the app processes before responding),
    so all it does is queue: the work runs on the app's own threads (`bot.work`), in `lane`
    (or the lane `lane(body)` picks), and reports its own failures by the one error policy.
    A full lane changes nothing: a command or a click is told kindly to try again, and an
    event is refused so that Slack delivers it again later. `needless(body)` true: there is
    nothing to do (a message with no notes in it), so nothing is queued.
    """

    def run(args: Args) -> None:
        try:
            if first_time(args.context):
                work(args)
        except Exception as error:  # noqa: BLE001 - handed to the one error policy, not swallowed
            handle_error(error, args.body, args.respond, args.client)

    def listener(args: Args) -> BoltResponse | None:
        if needless is not None and needless(args.body):
            args.ack()
            return None
        chosen = lane if isinstance(lane, Lane) else lane(args.body)
        if deps_of(args.context).later(lambda: run(args), chosen):
            args.ack()
            return None
        return refuse(args, chosen)

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def refuse(args: Args, lane: Lane) -> BoltResponse | None:
    """Answer a request whose lane is full: a person hears it; an event comes again later."""
    body = args.body
    if body.get("type") == "event_callback":
        return refuse_event(args, lane)
    if body.get("command"):  # a command's ack is shown to the person who typed it
        args.ack(**render_message(notice(BUSY)), response_type="ephemeral")
        return None
    args.ack()
    deps, said = deps_of(args.context), line(BUSY)
    if not from_view(body):
        tell_soon(deps, lambda: tell(args.respond, said))
    elif body.get("trigger_id"):
        tell_soon(deps, lambda: show_in_modal(port_of(args), body, said))
    return None


def form_slot(args: Args) -> Slot | None:
    """Hold a place for what follows a form's save; when there is none, say so in the form.

    None also for a replayed submission (acknowledged, nothing saved).

    The form stays open with what the person typed, the words under its first field, so they
    can press the button again in a minute; nothing was saved.
    """
    if not first_time(args.context):  # a replayed save: answered as Slack expects, not saved
        args.ack()
        return None
    slot = deps_of(args.context).reserve(Lane.PERSON)
    if slot is None:
        args.ack(**busy_in_form(args.body.get("view") or {}))
    return slot


def busy_in_form(view: dict[str, Any]) -> dict[str, Any]:
    """Return the answer to a submission that could not be taken: the busy words in the form."""
    inputs = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    if inputs and inputs[0]:
        return {"response_action": "errors", "errors": {inputs[0]: BUSY}}
    return {"response_action": "update", "view": render_form(notice_form(BUSY))}


def later_in_slot(slot: Slot, body: dict[str, Any], after: Callable[[], None]) -> None:
    """Queue what follows a saved form; a failure there is logged with an id (the form closed)."""

    def run() -> None:
        try:
            after()
        except Exception as error:  # noqa: BLE001 - the modal is closed; logged with an id
            apology(error, body)

    slot.submit(run)


def tell_soon(deps: Deps, notice_job: Callable[[], None]) -> None:
    """Queue a one-call notice where a person waits for it; log it when even that is full."""
    if not (deps.later(notice_job, Lane.TRIGGER) or deps.later(notice_job, Lane.PERSON)):
        log.warning("too busy even to say so: a person was not told their request was refused")


def refuse_event(args: Args, lane: Lane) -> BoltResponse:
    """Refuse an event (503) so Slack delivers it again, and log it: never a silent drop."""
    body, headers = args.body, args.request.headers
    retry = int((headers.get("x-slack-retry-num") or ["0"])[0] or 0)
    deps = deps_of(args.context)
    refused = deps.work.counts().refused.get(lane, 0) if deps.work is not None else 0
    kind = (body.get("event") or {}).get("type", "event")
    if retry >= LAST_SLACK_RETRY:
        log.error(
            "too busy for event %s (%s) on Slack's last delivery: it is lost (%d refused so far)",
            body.get("event_id"), kind, refused,
        )  # fmt: skip
    else:
        log.warning(
            "too busy for event %s (%s, delivery %d): Slack will send it again (%d refused so far)",
            body.get("event_id"), kind, retry + 1, refused,
        )  # fmt: skip
    return BoltResponse(status=503, body="", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def handle_error(
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    client: WebClient | None = None,
) -> None:
    """Show a person-facing error to its person; log anything else with an id they can quote."""
    # A person-facing message may quote what they typed: it must not ping or hide a link.
    said = (
        (Typed(error.message),)
        if isinstance(error, UserFacingError)
        else line(apology(error, body))
    )
    if from_view(body) and client is not None:
        show_in_modal(SlackPort(client), body, said)
    else:
        tell(respond, said)


def apology(error: Exception, body: dict[str, Any]) -> str:
    """Log an unexpected error with an id; return the apology that carries the id."""
    error_id = uuid.uuid4().hex[:8]
    kind = body.get("command") or body.get("type") or "request"
    log.error("error %s while handling %s", error_id, kind, exc_info=error)
    return apology_words(error_id)


def from_view(body: dict[str, Any]) -> bool:
    """Tell whether a click came from a Home tab or a modal (which have no response_url)."""
    return bool(body.get("container", {}).get("type") == "view")


def show_in_modal(port: SlackPort, body: dict[str, Any], said: Line) -> None:
    """Say something in a small form, opened with the click's trigger."""
    try:
        port.open_form(body["trigger_id"], notice_form(*said))
    except ChatError as error:  # the trigger expired: nothing else can reach them now
        log.warning("could not show a notice: %s", error.reason)


def tell(respond: Respond | None, said: Line | str) -> None:
    """Say something to the person alone, leaving the message they clicked as it is."""
    if respond is None or respond.response_url is None:
        return  # events, Home tabs and modals have no response_url
    if isinstance(said, str):  # mrkdwn written by a Slack listener itself
        section = {"type": "section", "text": {"type": "mrkdwn", "text": clip(said, 3000)}}
        respond(text=said, blocks=[section], response_type="ephemeral", replace_original=False)
        return
    answer(respond, notice(*said))


def port_of(args: Args) -> SlackPort:
    """Return the port to the workspace a request came from (its bot token's client)."""
    return SlackPort(args.client)


def answer(respond: Respond, message: Message, *, replace: bool = False) -> None:
    """Show a neutral message to the person who typed or clicked, through the response_url."""
    respond(**render_message(message), response_type="ephemeral", replace_original=replace)
