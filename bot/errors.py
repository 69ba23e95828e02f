"""Backbone's one error policy.

    BackboneError                    anything Backbone raises on purpose
    ├── UserFacingError              shown to the person as a short, kind ephemeral message
    │   ├── InvalidInput             the words could not be read (bad date, empty title, …)
    │   │   ├── DateError            a date phrase that cannot be read or is in the past
    │   │   └── PersonalData         words that look like a client's personal data: not stored
    │   ├── NotFound                 no such item, decision or person in this workspace
    │   └── NotAllowed               the person may not change this record
    └── ConfigError                  a missing or wrong setting; one line on stderr, exit 2

Anything else is a bug: the `app.error` handler logs it with an id and the person sees a short
apology carrying that id, never a traceback.
"""

from __future__ import annotations


class BackboneError(Exception):
    """Base of every error Backbone raises on purpose."""


class UserFacingError(BackboneError):
    """An error whose message is written for the person who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(UserFacingError):
    """The words given could not be read."""


class DateError(InvalidInput):
    """A date phrase that cannot be read or lies in the past."""


class PersonalData(InvalidInput):
    """Words that look like a client's personal data; `kind` says what (never the words)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class NotFound(UserFacingError):
    """No such record in this workspace."""


class NotAllowed(UserFacingError):
    """The person may not change this record."""


class ConfigError(BackboneError):
    """A missing or invalid setting; the message names the setting."""
