"""Backbone on Microsoft Teams: the port's Teams side, built on the Teams SDK used as a library.

Backbone's core and its Slack listeners are synchronous and served by waitress (WSGI) with a
bounded work queue (bot/work.py) and a measured Slack acknowledgement. The Teams SDK's `App`
owns an asyncio FastAPI/uvicorn server and an async handler model; adopting it would change the
server stack under Slack too. So we use the SDK (`microsoft-teams-api`, `-apps`, `-cards`) as a
library instead: its `CloudEnvironment` (cloud.py), its `ApiClient` connector client and
activity models (connector.py), and its token validator for inbound JWTs. Its coroutines run on
ONE background event loop thread (loop.py: `run(coro, timeout)`), so callers stay synchronous,
and `/api/messages` is one more route on the same waitress server as `/slack/events`.

render.py and spans.py turn neutral messages into Adaptive Cards and Teams text; port.py is
`ChatPort` for one tenant; token.py the bot's client-credentials token.
"""
