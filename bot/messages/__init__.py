"""What Backbone says, platform-neutral: spans, message parts, forms and the Home page.

Builders here turn records into `Message`s, `Form`s and `HomePage`s; each platform's renderer
(`bot.slack.render` for Block Kit) turns those into what the platform takes. Nothing here knows a
platform's markup, so text a person typed can only ever reach a reader through the renderer's
escaping (see `Typed`).
"""
