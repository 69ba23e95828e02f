"""Microsoft Teams: the port, the inbound route and what they share.

Backbone's core and listeners are synchronous, served by waitress beside Slack's routes. The
Teams SDK (`microsoft-teams-api`, `-apps`, `-cards`) is used as a library, not as its own app
server: its `CloudEnvironment`, its `TokenValidator` for inbound tokens, its connector client and
its models. Its coroutines run on one background event loop (loop.py), so callers stay synchronous.
"""
