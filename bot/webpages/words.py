"""The pages' own words, in English and in Spanish. A poll's own text is shown as it was written.

Plain words, short sentences: many readers use a phone, some read English as a second
language, and some are reading a link a friend sent them. Each language has every key.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("en", "es")
DEFAULT: Final = "en"

ENGLISH: Final[dict[str, str]] = {
    "site": "Backbone",
    "skip": "Skip to the main part",
    "footer": "This page is run by your community's team with Backbone.",
    "problem_title": "Something went wrong",
    "problem_body": "This page did not work just now. Please try again in a few minutes.",
    "problem_ref": "If it keeps happening, tell the person who sent you the link. Reference:",
    "not_found_title": "We can't find this page",
    "not_found_body": "The link may be cut short or mistyped. Check it, or ask the person who "
    "sent it for a new one.",
    "busy_title": "Please wait a minute",
    "busy_body": "This page got too many requests at once. Wait a minute, then try again.",
    "too_big_title": "That was too much to send",
    "too_big_body": "The form sent more than a vote needs. Go back and try again.",
    "method_title": "This page can't do that",
    "method_body": "Open the link again to see the page.",
}

SPANISH: Final[dict[str, str]] = {
    "site": "Backbone",
    "skip": "Saltar a la parte principal",
    "footer": "El equipo de su comunidad ofrece esta página con Backbone.",
    "problem_title": "Algo salió mal",
    "problem_body": "Esta página no funcionó ahora. Vuelva a intentarlo en unos minutos.",
    "problem_ref": "Si sigue pasando, dígaselo a quien le mandó el enlace. Referencia:",
    "not_found_title": "No encontramos esta página",
    "not_found_body": "Puede que el enlace esté cortado o mal escrito. Revíselo, o pida uno nuevo "
    "a quien se lo mandó.",
    "busy_title": "Espere un minuto, por favor",
    "busy_body": "Esta página recibió demasiadas visitas a la vez. Espere un minuto y vuelva a "
    "intentarlo.",
    "too_big_title": "Eso era demasiado para enviar",
    "too_big_body": "El formulario mandó más de lo que necesita un voto. Regrese e inténtelo "
    "otra vez.",
    "method_title": "Esta página no puede hacer eso",
    "method_body": "Abra el enlace otra vez para ver la página.",
}

WORDS: Final[dict[str, dict[str, str]]] = {"en": ENGLISH, "es": SPANISH}


def words_for(language: str | None) -> dict[str, str]:
    """Return the words of a language (English when it is unknown)."""
    return WORDS.get(language or DEFAULT, ENGLISH)


def add_words(language: str, more: dict[str, str]) -> None:
    """Add a page's own words to a language (each page module brings its own, once)."""
    WORDS[language].update(more)
