"""What every Teams handler shares: who wrote, where, how to answer, and the one error policy.

An activity reaches `handlers.teams.router.TeamsApp.receive` on the thread that answers the
HTTP request. Messages and installs are queued on the work queue (`bot.work`) and answered
through the port later, like Slack's listeners; invokes answer in the HTTP body. A full lane
changes nothing: a person who typed a command is told kindly to try again, and an event nobody
waits for is refused (503) and logged, never silently dropped.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.deps import Deps
from bot.errors import UserFacingError
from bot.messages.common import BUSY, notice
from bot.messages.common import apology as apology_words
from bot.messages.parts import Message
from bot.messages.spans import Line, Typed, line
from bot.port import ChatError, ChatPort, PostRef
from bot.teams.spans import commands
from bot.work import Lane
from storage.captures import claim_event

log = logging.getLogger("backbone")
Kind = Literal["personal", "channel", "groupChat"]
KINDS: frozenset[str] = frozenset({"personal", "channel", "groupChat"})
# Builds the port to one tenant, reached at the service URL its activities name.
PortFor = Callable[[str, str], ChatPort]
# Where a delivery claim lives: apart from Slack's event ids (storage.captures.claim_event).
CLAIM_PREFIX = "teams:"


def bare_conversation(conversation_id: str) -> str:
    """Return a conversation id without its `;messageid=…` suffix: the channel itself."""
    return conversation_id.split(";", 1)[0]


def thread_root_of(activity: dict[str, Any]) -> str | None:
    """Return the id of the post whose thread an activity is in (None: it starts one)."""
    conversation_id = str((activity.get("conversation") or {}).get("id") or "")
    _, _, suffix = conversation_id.partition(";messageid=")
    return suffix or None


def tenant_of(activity: dict[str, Any]) -> str:
    """Return the tenant an activity comes from: the core's workspace ("" when it names none)."""
    conversation = activity.get("conversation") or {}
    channel_data = activity.get("channelData") or {}
    tenant = conversation.get("tenantId") or (channel_data.get("tenant") or {}).get("id")
    return str(tenant or "")


@dataclass(frozen=True)
class TeamsCall:
    """Who sent an activity, where, and the tools to answer them.

    `team_id` in the core's words is the tenant; `conversation_id` is the bare conversation
    (a channel `19:…@thread.tacv2`, a personal chat `a:…`, a group chat `19:…@thread.v2`);
    `thread_root` is the post whose thread the activity is in, when it is in one.
    """

    deps: Deps
    port: ChatPort
    tenant_id: str
    user_id: str
    conversation_id: str
    kind: Kind
    service_url: str
    activity_id: str
    thread_root: str | None = None
    teams_team_id: str | None = None
    user_name: str = ""
    bot_id: str = ""

    @classmethod
    def of(cls, activity: dict[str, Any], deps: Deps, port_for: PortFor) -> TeamsCall:
        """Read an activity's sender and place (the JWT was checked before it got here)."""
        conversation = activity.get("conversation") or {}
        sender = activity.get("from") or {}
        tenant_id, service_url = tenant_of(activity), str(activity.get("serviceUrl") or "")
        kind = str(conversation.get("conversationType") or "personal")
        team = (activity.get("channelData") or {}).get("team") or {}
        return cls(
            deps=deps,
            port=port_for(tenant_id, service_url),
            tenant_id=tenant_id,
            user_id=str(sender.get("id") or ""),
            conversation_id=bare_conversation(str(conversation.get("id") or "")),
            kind=kind if kind in KINDS else "personal",  # type: ignore[arg-type]
            service_url=service_url,
            activity_id=str(activity.get("id") or ""),
            thread_root=thread_root_of(activity) or activity.get("replyToId") or None,
            teams_team_id=team.get("id") or None,
            user_name=str(sender.get("name") or ""),
            bot_id=str((activity.get("recipient") or {}).get("id") or ""),
        )

    @property
    def team_id(self) -> str:
        """Return the workspace in the core's words: the tenant."""
        return self.tenant_id

    @property
    def channel_id(self) -> str:
        """Return the conversation in the core's words: the channel."""
        return self.conversation_id

    @property
    def personal(self) -> bool:
        """Tell whether this is the person's one-to-one chat with Backbone."""
        return self.kind == "personal"

    @property
    def thread(self) -> PostRef | None:
        """Return the thread an answer goes in: the activity's own, or the one it starts.

        Only channels have threads; a personal or group chat is one conversation.
        """
        if self.kind != "channel":
            return None
        return PostRef(self.conversation_id, self.thread_root or self.activity_id)

    def answer(self, message: Message) -> PostRef:
        """Answer where everyone there sees it: in a channel, in the command's thread."""
        thread = self.thread
        if thread is None:
            return self.port.post(self.conversation_id, message)
        return self.port.reply(thread, message)

    def show(self, message: Message) -> None:
        """Answer where everyone there sees it, not needing to know where it went."""
        self.answer(message)

    def tell(self, message: Message) -> None:
        """Say something to the person alone: Teams has no ephemeral posts, so their chat."""
        if self.personal:
            self.port.post(self.conversation_id, message)
        else:
            self.port.whisper(self.conversation_id, self.user_id, message, thread=self.thread)

    def say(self, said: Line | str) -> None:
        """Tell the person a short notice in Backbone's words."""
        self.tell(notice(*(line(said) if isinstance(said, str) else said)))


def first_delivery(deps: Deps, *, tenant_id: str, key: str) -> bool:
    """Claim a delivery before its work starts; False when it was handled before.

    Teams may deliver an activity again when our answer was slow; the claim is a committed
    row, so two processes never both act on it.
    """
    if not key:
        return True
    with deps.transaction() as session:
        return claim_event(session, team_id=tenant_id, event_id=CLAIM_PREFIX + key, now=deps.now())


def apology(error: Exception, what: str) -> str:
    """Log an unexpected error with an id; return the apology that carries the id."""
    error_id = uuid.uuid4().hex[:8]
    log.error("error %s while handling Teams %s", error_id, what, exc_info=error)
    return apology_words(error_id)


def error_words(error: Exception, what: str) -> Line:
    """Return what a person hears of a failure: its own words, or an apology with an id."""
    if isinstance(error, UserFacingError):
        # It may quote what they typed: never a ping or a link. Its commands read as Teams
        # users type them ("goal list", not Slack's "/goal list").
        return (Typed(commands(error.message)),)
    return line(apology(error, what))


def handle_error(call: TeamsCall, error: Exception, what: str) -> None:
    """Show a person-facing error to its person; log anything else with an id they can quote."""
    said = error_words(error, what)
    try:
        call.say(said)
    except ChatError as failure:  # nothing else can reach them now
        log.warning("could not tell a person of a failure: %s", failure.reason)


def guarded(call: TeamsCall, work: Callable[[TeamsCall], None], what: str) -> Callable[[], None]:
    """Wrap work so its failures go to the one error policy, not to the queue's log."""

    def run() -> None:
        try:
            work(call)
        except Exception as error:  # noqa: BLE001 - handed to the one error policy
            handle_error(call, error, what)

    return run


def queue(call: TeamsCall, work: Callable[[TeamsCall], None], lane: Lane, what: str) -> bool:
    """Queue work for after the HTTP answer; False when its lane is full (nothing queued)."""
    return call.deps.later(guarded(call, work, what), lane)


def busy(call: TeamsCall) -> None:
    """Tell a person their request was not taken, with one call queued where it runs first."""

    def tell_busy() -> None:
        try:
            call.say(BUSY)
        except ChatError as failure:
            log.warning("could not say Backbone is busy: %s", failure.reason)

    deps = call.deps
    if not (deps.later(tell_busy, Lane.TRIGGER) or deps.later(tell_busy, Lane.PERSON)):
        log.warning("too busy even to say so: a person was not told their request was refused")


def refuse_event(call: TeamsCall, what: str) -> tuple[int, None]:
    """Refuse an activity nobody waits for (503), and log it: never a silent drop."""
    log.warning(
        "too busy for Teams %s %s in %s: refused, Teams may send it again",
        what, call.activity_id, call.tenant_id,
    )  # fmt: skip
    return 503, None
