"""Workspaces installing and removing Backbone: the OAuth callback, `app_uninstalled` and
`tokens_revoked`, and dead tokens met by scheduled work.

A workspace that removed Backbone is marked (`workspaces.uninstalled_at`): scheduled work skips
it and what it was waiting to send is given up with a reason, never retried forever. Its records
stay; installing again (the OAuth callback, or a new SLACK_BOT_TOKEN) clears the mark and the
reminders resume, missed ones coalesced as after any downtime.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from slack_bolt import App, Args, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_sdk.oauth.installation_store import InstallationStore

from bot.deps import Deps, deps_of
from bot.ids import Event
from bot.services.workspace_health import TOKEN_DEAD
from handlers.slack.common import acknowledged, team_of
from storage.workspaces import mark_installed, mark_uninstalled

log = logging.getLogger(__name__)
REMOVED = "Backbone was removed from the workspace"
ORG_WIDE = (
    "Backbone works in one workspace at a time, and this was an install for a whole Enterprise "
    "Grid organization, so nothing was set up. An org admin can remove that install (in the "
    "org's admin dashboard, under Integrations › Installed apps), then add Backbone to each "
    "workspace that wants it from the install page."
)


class OrgWideInstall(BoltError):
    """An install for a whole Enterprise Grid org, which Backbone does not take (nothing stored).

    Backbone files every record under the workspace it was installed in; an org-wide install has
    none, and requests from its workspaces would name only the person's own.
    """


def register(app: App) -> None:
    """Attach the listeners of Backbone being removed from a workspace."""
    store = app.installation_store  # None with one SLACK_BOT_TOKEN: there is nothing to forget

    def on_app_uninstalled(args: Args) -> None:
        stop_workspace(args, store, reason=REMOVED)

    def on_tokens_revoked(args: Args) -> None:
        if args.body["event"].get("tokens", {}).get("bot"):  # user tokens: Backbone has none
            stop_workspace(args, store, reason=TOKEN_DEAD)

    # A person removed Backbone just now: their lane, not the backlog of captured notes.
    app.event(Event.APP_UNINSTALLED)(acknowledged(on_app_uninstalled))
    app.event(Event.TOKENS_REVOKED)(acknowledged(on_tokens_revoked))


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
        if isinstance(args.error, OrgWideInstall):
            log.warning("an org-wide install was refused; nothing was stored")
            return org_wide_page(args)
        log.warning("an install did not complete: %s", args.reason)
        return args.default.failure(args)

    return CallbackOptions(success=success, failure=failure)


def org_wide_page(args: FailureArgs) -> BoltResponse:
    """Tell the installer, on the page Slack sent them back to, why and what to do instead."""
    again = html.escape(args.settings.install_path)
    body = (
        "<html><head><title>Backbone</title></head><body>"
        f"<h2>Backbone isn't installed yet</h2><p>{html.escape(ORG_WIDE)}</p>"
        f'<p><a href="{again}">Go to the install page</a></p></body></html>'
    )
    headers: dict[str, str | Sequence[str]] = {
        "Content-Type": "text/html; charset=utf-8",
        "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
    }
    return BoltResponse(status=403, headers=headers, body=body)
