"""Teams listeners: read an activity, call a service, answer through the port.

`router.TeamsApp.receive` takes every activity `/api/messages` validated and sends it to its
handler: messages and commands (`messages`, `commands`), meeting notes (`capture`), installs
(`installs`) and invokes (`invokes`, card presses and dialogs).
"""
