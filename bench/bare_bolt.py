"""The baseline of the latency benchmark: a bare Bolt app on Backbone's own server stack.

Listeners that only acknowledge (`/action`, message events, the Done button, the item form's
submissions), with Bolt's defaults, served by `bot.slack.web.HttpServer` and
`make_wsgi_app` like `backbone serve`. `python -m bench.bare_bolt` reads SLACK_* from the
environment and logs "listening on port N" as `backbone serve` does.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ids import ActionId, CallbackId
from bot.slack.web import HttpServer, make_wsgi_app


def bare_app(*, signing_secret: str, client: WebClient) -> App:
    """Return a Bolt app whose listeners only acknowledge what Backbone's listen to."""
    app = App(signing_secret=signing_secret, client=client)

    def only_ack(ack: Ack) -> None:
        ack()

    app.command("/action")(only_ack)
    app.event("message")(only_ack)
    app.action(ActionId.ITEM_DONE)(only_ack)
    app.view(CallbackId.ITEM_EDIT)(only_ack)
    app.view(CallbackId.ITEM_NEW)(only_ack)
    return app


def main() -> None:
    """Serve the bare app on a free loopback port until SIGTERM."""
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = bare_app(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client)
    server = HttpServer(
        make_wsgi_app(app, healthy=lambda: True, signing_secret=os.environ["SLACK_SIGNING_SECRET"]),
        host="127.0.0.1",
        port=0,
    )
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.stop).start())
    print(f"bare Bolt is listening on port {server.port}", file=sys.stderr, flush=True)
    server.run()


if __name__ == "__main__":
    main()
