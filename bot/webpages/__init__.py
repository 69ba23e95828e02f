"""Backbone's own web pages, served by `backbone serve` beside the chat platforms' routes.

Platform-neutral: the pages read the records through the services and never import a chat
platform's SDK. `app.py` is the Mount (routes, security headers, limits, the kind pages);
`polls.py` answers a poll by link; `words.py` holds the pages' own words in each language.
"""
