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
    "poll_title": "A question for you",
    "pick_one": "Pick one answer, then press Send my vote.",
    "pick_many": "Pick every answer you agree with, then press Send my vote.",
    "send": "Send my vote",
    "change": "Change my vote",
    "thanks": "Thank you. Your vote is in.",
    "your_vote": "Your vote now:",
    "can_change": "You can change it until the poll closes.",
    "open_link": "This link takes one vote from each web browser. Someone could vote again "
    "from another phone or browser, so the count is a guide, not a strict count.",
    "person_link": "This link is just for you. It takes one vote.",
    "anonymous": "This poll is anonymous. Nobody, not even the person who asked, can see who "
    "voted for what.",
    "named": "This poll is not anonymous. The team can see the votes people give in chat; "
    "a vote from this page shows only as a web vote.",
    "closes": "The poll closes on",
    "results": "Results so far",
    "results_final": "Results",
    "votes": "votes",
    "vote_one": "vote",
    "voted_count": "people have voted",
    "voted_one": "person has voted",
    "nobody": "Nobody has voted yet.",
    "hidden": "The results stay hidden until the poll closes.",
    "poll_withheld": "Results show once 3 people have voted, to keep every vote private.",
    "closed_title": "This poll is closed",
    "closed_body": "It takes no more votes. Thank you for looking.",
    "error_pick_one": "Please pick an answer first.",
    "error_only_one": "Please pick only one answer.",
    "error_not_an_option": "That answer is not part of this poll any more. Please pick again.",
    "expired_title": "Please open the link again",
    "expired_body": "Your vote was not sent. The page was too old, or your browser did not "
    "keep its cookie. Open the link again and vote. If it keeps happening, turn cookies on.",
    "people_only_title": "This poll takes votes from personal links",
    "people_only_body": "Each person was sent their own link. Please use the link you got. If "
    "you did not get one, ask the person who sent you this link.",
    "bad_person_title": "This personal link is not right",
    "bad_person_body": "The link may be cut short or mistyped. Open it again from the message "
    "you got, or ask the person who sent it for a new one.",
    "question": "Question",
    "named_person": "This poll is not anonymous: Backbone keeps the answer each personal link "
    "gave.",
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
    "poll_title": "Una pregunta para usted",
    "pick_one": "Elija una respuesta y luego pulse Enviar mi voto.",
    "pick_many": "Elija todas las respuestas con las que está de acuerdo y luego pulse Enviar "
    "mi voto.",
    "send": "Enviar mi voto",
    "change": "Cambiar mi voto",
    "thanks": "Gracias. Su voto ya cuenta.",
    "your_vote": "Su voto ahora:",
    "can_change": "Puede cambiarlo hasta que la encuesta cierre.",
    "open_link": "Este enlace acepta un voto de cada navegador. Alguien podría votar otra vez "
    "desde otro teléfono o navegador, así que el conteo es una guía, no un conteo exacto.",
    "person_link": "Este enlace es solo para usted. Acepta un voto.",
    "anonymous": "Esta encuesta es anónima. Nadie, ni siquiera quien pregunta, puede ver quién "
    "votó por qué.",
    "named": "Esta encuesta no es anónima. El equipo puede ver los votos que la gente da en el "
    "chat; un voto desde esta página solo aparece como voto por internet.",
    "closes": "La encuesta cierra el",
    "results": "Resultados hasta ahora",
    "results_final": "Resultados",
    "votes": "votos",
    "vote_one": "voto",
    "voted_count": "personas han votado",
    "voted_one": "persona ha votado",
    "nobody": "Nadie ha votado todavía.",
    "hidden": "Los resultados se muestran cuando la encuesta cierre.",
    "poll_withheld": "Los resultados se muestran cuando voten 3 personas, para que cada voto sea "
    "privado.",
    "closed_title": "Esta encuesta está cerrada",
    "closed_body": "Ya no acepta votos. Gracias por mirar.",
    "error_pick_one": "Por favor, elija una respuesta primero.",
    "error_only_one": "Por favor, elija solo una respuesta.",
    "error_not_an_option": "Esa respuesta ya no es parte de esta encuesta. Por favor, elija otra "
    "vez.",
    "expired_title": "Por favor, abra el enlace otra vez",
    "expired_body": "Su voto no se envió. La página era muy vieja, o su navegador no guardó su "
    "cookie. Abra el enlace otra vez y vote. Si sigue pasando, active las cookies.",
    "people_only_title": "Esta encuesta acepta votos de enlaces personales",
    "people_only_body": "Cada persona recibió su propio enlace. Por favor, use el enlace que "
    "recibió. Si no recibió uno, pregunte a quien le mandó este enlace.",
    "bad_person_title": "Este enlace personal no está bien",
    "bad_person_body": "Puede que el enlace esté cortado o mal escrito. Ábralo otra vez desde el "
    "mensaje que recibió, o pida uno nuevo a quien se lo mandó.",
    "question": "Pregunta",
    "named_person": "Esta encuesta no es anónima: Backbone guarda la respuesta de cada enlace "
    "personal.",
}

WORDS: Final[dict[str, dict[str, str]]] = {"en": ENGLISH, "es": SPANISH}


def words_for(language: str | None) -> dict[str, str]:
    """Return the words of a language (English when it is unknown)."""
    return WORDS.get(language or DEFAULT, ENGLISH)


def add_words(language: str, more: dict[str, str]) -> None:
    """Add a page's own words to a language; a key another page already uses is refused.

    Every page shares one dict per language, so two pages giving one key different words
    would change each other's pages: that fails here, where it is found at once.
    """
    taken = WORDS[language]
    clashes = sorted(key for key, said in more.items() if taken.get(key, said) != said)
    if clashes:
        raise ValueError(f"words already used by another page: {', '.join(clashes)}")
    taken.update(more)
