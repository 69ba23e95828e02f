"""Teams listeners: read an activity, call a service, answer through the port.

`router.TeamsApp.receive` takes every activity `/api/messages` validated and sends it to its
handler: commands (`commands`, their text read by `text`), meeting notes (`capture`), installs
(`installs`) and invokes (`invokes`: card presses, dialogs and the message extension).
`common.TeamsCall` is what they all share: who, where, how to answer, the one error policy.
"""
