"""The Slack adapter: the port's Slack side, Block Kit rendering, the Bolt app and its server.

Only this package and `handlers.slack` may import `slack_sdk` or `slack_bolt` (and the
emulator in `bot.sandbox`, which checks what we send with Slack's own models).
"""
