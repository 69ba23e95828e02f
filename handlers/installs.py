"""Workspaces installing and removing Backbone: the OAuth callback, `app_uninstalled` and
`tokens_revoked`, and dead tokens met by scheduled work.

A workspace that removed Backbone is marked (`workspaces.uninstalled_at`): scheduled work skips
it and what it was waiting to send is given up with a reason, never retried forever. Its records
stay; installing again (the OAuth callback, or a new SLACK_BOT_TOKEN) clears the mark and the
reminders resume, missed ones coalesced as after any downtime.
"""

from __future__ import annotations

import logging

from slack_bolt import App, Args, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_sdk.oauth.installation_store import InstallationStore

from bot.clients import Clients
from bot.deps import Deps, deps_of
from bot.ids import Event
from handlers.common import team_of
from storage.workspaces import mark_installed, mark_uninstalled, uninstalled_ids

log = logging.getLogger(__name__)
REMOVED = "Backbone was removed from the workspace"
TOKEN_DEAD = "Slack no longer accepts the workspace's bot token"


def register(app: App) -> None:
    """Attach the listeners of Backbone being removed from a workspace."""
    store = app.installation_store  # None with one SLACK_BOT_TOKEN: there is nothing to forget

    def on_app_uninstalled(args: Args) -> None:
        stop_workspace(args, store, reason=REMOVED)

    def on_tokens_revoked(args: Args) -> None:
        if args.body["event"].get("tokens", {}).get("bot"):  # user tokens: Backbone has none
            stop_workspace(args, store, reason=TOKEN_DEAD)

    app.event(Event.APP_UNINSTALLED)(on_app_uninstalled)
    app.event(Event.TOKENS_REVOKED)(on_tokens_revoked)


def stop_workspace(args: Args, store: InstallationStore | None, *, reason: str) -> None:
    """Forget a workspace's dead tokens and stop its scheduled work; keep its records."""
    try:
        team_id = team_of(args.context)
    except LookupError:
        return  # Slack always names the workspace; nothing to stop without it
    if store is not None:
        store.delete_all(enterprise_id=args.context.enterprise_id, team_id=team_id)
    deps = deps_of(args.context)
    with deps.transaction() as session:
        mark_uninstalled(session, team_id=team_id, now=deps.now(), reason=reason)
    log.info("workspace %s: %s; its scheduled work has stopped", team_id, reason.lower())


def install_callbacks(deps: Deps) -> CallbackOptions:
    """Answer the end of Slack's install flow: on success, the workspace's work (re)starts."""

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id:
            with deps.transaction() as session:
                mark_installed(session, team_id=installation.team_id,
                               name=installation.team_name or "", now=deps.now())  # fmt: skip
            log.info("workspace %s installed Backbone", installation.team_id)
        return args.default.success(args)

    def failure(args: FailureArgs) -> BoltResponse:
        log.warning("an install did not complete: %s", args.reason)
        return args.default.failure(args)

    return CallbackOptions(success=success, failure=failure)


def resume_single_token(deps: Deps, clients: Clients) -> None:
    """With one token, bring its workspace back once Slack accepts the token again."""
    with deps.transaction() as session:
        marked = uninstalled_ids(session)
    team_id = clients.working_team() if marked else None
    if team_id is not None and team_id in marked:
        with deps.transaction() as session:
            mark_installed(session, team_id=team_id, name="", now=deps.now())
        log.info("workspace %s: Slack accepts the bot token again; its work resumes", team_id)


def stop_lost_workspaces(deps: Deps, clients: Clients) -> int:
    """Mark the workspaces whose token this run found dead; return how many were newly marked."""
    marked = 0
    for team_id in sorted(clients.lost):
        with deps.transaction() as session:
            newly = mark_uninstalled(session, team_id=team_id, now=deps.now(), reason=TOKEN_DEAD)
        if newly:
            log.warning("workspace %s: %s; its scheduled work has stopped", team_id,
                        TOKEN_DEAD.lower())  # fmt: skip
        marked += newly
    return marked
