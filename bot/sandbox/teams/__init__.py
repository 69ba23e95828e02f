"""The Microsoft Teams emulator: a tenant, its teams, channels and people over real HTTP.

One `TeamsEmulator` (server.py) serves, on 127.0.0.1 (plain http, and https with a certificate
made at start, tls.py, because msal takes only https authorities), what Backbone talks to in
the Microsoft cloud:

- identity.py: the Bot Framework OpenID metadata and its msteams-endorsed keys, and an Entra
  tenant (discovery document, keys, client-credentials token endpoint with Entra's errors);
  keys.py makes the RSA keys and the JWTs;
- connector.py, members.py: the Bot Framework connector at the service URL, which checks every
  bearer token and answers with the connector's error bodies; outbound.py and cards.py check
  each activity and Adaptive Card (the official 1.5 schema in schema/, and Teams' own rules);
  pictures.py fetches the local pictures a card points at;
- sender.py, activities.py: activities signed with the emulator's key and POSTed to the bot's
  `/api/messages`, in the shapes Teams sends;
- driver.py with people.py, clicks.py, installs.py: acting as people (messages, presses,
  dialogs, the message action, installs, membership), and invokes.py checking the bot's
  answers as Teams does.

`backbone shell --teams` and `backbone demo --teams` run on it: world.py (the sandbox's tenant
with Backbone's real server and port), shell.py with shell_posts.py and shell_presses.py (lines
typed as in Teams), screen.py with reading.py (posts and cards as a person reads them).

It is stricter than Teams on purpose: a test that passes against a lenient fake proves nothing.
Everything it would refuse or show broken is in `refusals()`.
"""
