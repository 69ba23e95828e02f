"""The Microsoft Teams emulator: a tenant, its teams, channels and people over real HTTP.

One `TeamsEmulator` (server.py) serves, on one 127.0.0.1 port, what Backbone talks to in the
Microsoft cloud: the Bot Framework OpenID metadata and keys (identity.py), an Entra token
endpoint with the discovery documents msal reads (identity.py), and a Bot Framework connector
at its service URL (connector.py). It signs activities with its own RSA key and POSTs them to
the bot's `/api/messages` (sender.py, activities.py). Every Adaptive Card the bot sends is
checked against the official Adaptive Cards 1.5 schema and the Teams rules the schema leaves
out (cards.py); a card Teams would refuse is answered 400 and recorded.

It is stricter than Teams on purpose: a test that passes against a lenient fake proves nothing.
"""
