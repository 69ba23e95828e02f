"""The progress page's own words, in English and in Spanish (added to bot/webpages/words.py).

What the team wrote (the north star, goals, decisions, polls) is shown as written; these are
the words around it. Plain and short: the page is read at council meetings and on phones.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

ENGLISH: Final[dict[str, str]] = {
    "progress_title": "Our progress",
    "progress_about": "This page is shared by the team. It shows no one's name. Numbers under "
    "{n} show as “fewer than {n}”, so no one can be picked out.",
    "progress_as_of": "Up to date as of",
    "fewer": "fewer than {n}",
    "north_star": "Our north star",
    "goals": "Our goals",
    "no_goals": "No goals yet.",
    "latest": "Latest",
    "target": "Target",
    "standing": "Where it stands",
    "no_values": "No numbers yet.",
    "weeks": "Commitments, week by week",
    "weeks_about": "Made: new commitments that week. Done: commitments finished that week. "
    "Done on time: of those due that week, the ones done by their due date.",
    "no_weeks": "No commitments yet.",
    "week_of": "Week of",
    "weeks_from": "Weeks",
    "weeks_together": "Each week's numbers were small, so they are added up four weeks at a time.",
    "made": "Made",
    "done": "Done",
    "on_time": "Done on time",
    "total": "All 12 weeks",
    "hidden_total": "A dash (—) hides a total that would give away a small number.",
    "decisions": "Decisions",
    "no_decisions": "No decisions yet.",
    "polls": "You said, we did",
    "polls_about": "What people told us in polls, and what the team did about it.",
    "no_polls": "No poll results yet.",
    "closed_on": "Closed",
    "answered": "People who answered:",
    "withheld": "Too few people answered to show the results.",
    "you_said": "You said",
    "we_did": "We did",
    "nothing_yet": "Nothing recorded yet.",
    "items_made": "Action items made:",
    "items_done": "done:",
    "item_done": "done",
    "item_open": "in progress",
    "more_online": "More on the web page.",
    "gone_title": "This page is not shared now",
    "gone_body": "The team took this page down, or the link is mistyped. Ask the team for "
    "the new link.",
    "chart_missing": "The chart could not be drawn just now.",
    "cycles": "Tests of change",
    "cycles_about": "Small changes the team tried, what we expected, and what we learned.",
    "no_cycles": "No tests of change yet.",
    "cycle_dates": "From {start} to {end}",
    "predicted": "We expected:",
    "happened": "What happened:",
    "learned": "What we learned:",
    "cycle_doing": "Being tried now",
    "cycle_studied": "Done: we looked at what happened",
    "cycle_adopted": "It worked: we are keeping it",
    "cycle_adapted": "We are trying a changed version",
    "cycle_abandoned": "It did not work as hoped: we stopped it",
}

SPANISH: Final[dict[str, str]] = {
    "progress_title": "Nuestro progreso",
    "progress_about": "El equipo comparte esta página. No muestra el nombre de nadie. Los "
    "números menores de {n} aparecen como “menos de {n}”, para que nadie pueda ser "
    "reconocido.",
    "progress_as_of": "Al día el",
    "fewer": "menos de {n}",
    "north_star": "Nuestra meta principal",
    "goals": "Nuestros objetivos",
    "no_goals": "Todavía no hay objetivos.",
    "latest": "Último dato",
    "target": "Meta",
    "standing": "Cómo vamos",
    "no_values": "Todavía no hay números.",
    "weeks": "Compromisos, semana por semana",
    "weeks_about": "Hechos: compromisos nuevos esa semana. Cumplidos: compromisos terminados "
    "esa semana. A tiempo: de los que vencían esa semana, los cumplidos antes de su fecha.",
    "no_weeks": "Todavía no hay compromisos.",
    "week_of": "Semana del",
    "weeks_from": "Semanas",
    "weeks_together": "Los números de cada semana eran pequeños, así que se suman de cuatro en "
    "cuatro semanas.",
    "made": "Hechos",
    "done": "Cumplidos",
    "on_time": "A tiempo",
    "total": "Las 12 semanas",
    "hidden_total": "Un guion (—) oculta un total que dejaría ver un número pequeño.",
    "decisions": "Decisiones",
    "no_decisions": "Todavía no hay decisiones.",
    "polls": "Ustedes dijeron, nosotros hicimos",
    "polls_about": "Lo que la gente nos dijo en las encuestas, y lo que hizo el equipo.",
    "no_polls": "Todavía no hay resultados de encuestas.",
    "closed_on": "Cerrada el",
    "answered": "Personas que respondieron:",
    "withheld": "Respondieron muy pocas personas para mostrar los resultados.",
    "you_said": "Ustedes dijeron",
    "we_did": "Nosotros hicimos",
    "nothing_yet": "Todavía no hay nada anotado.",
    "items_made": "Tareas creadas:",
    "items_done": "cumplidas:",
    "item_done": "cumplida",
    "item_open": "en curso",
    "more_online": "Hay más en la página web.",
    "gone_title": "Esta página no se comparte ahora",
    "gone_body": "El equipo quitó esta página, o el enlace está mal escrito. Pida el enlace "
    "nuevo al equipo.",
    "chart_missing": "No se pudo dibujar el gráfico ahora.",
    "cycles": "Pruebas de cambio",
    "cycles_about": "Cambios pequeños que probó el equipo, lo que esperábamos y lo que aprendimos.",
    "no_cycles": "Todavía no hay pruebas de cambio.",
    "cycle_dates": "Del {start} al {end}",
    "predicted": "Esperábamos:",
    "happened": "Lo que pasó:",
    "learned": "Lo que aprendimos:",
    "cycle_doing": "Se está probando ahora",
    "cycle_studied": "Terminada: revisamos lo que pasó",
    "cycle_adopted": "Funcionó: la mantenemos",
    "cycle_adapted": "Estamos probando una versión cambiada",
    "cycle_abandoned": "No funcionó como esperábamos: la dejamos",
}

MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


def day_words(day: date, language: str, *, year: bool = False) -> str:
    """Write a day as people of the language do: "Nov 30" / "30 nov" (with the year if asked)."""
    month = MONTHS.get(language, MONTHS["en"])[day.month - 1]
    said = f"{day.day} {month}" if language == "es" else f"{month} {day.day}"
    if not year:
        return said
    return f"{said} de {day.year}" if language == "es" else f"{said}, {day.year}"


FULL_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December")  # fmt: skip
SPANISH_MONTHS: Final = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                         "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip
STANDING_ES: Final = {
    "no values yet": "todavía no hay números",
    "no target set": "no tiene meta",
    "at or past the target": "llegó a la meta",
    "close to the target, not there yet": "cerca de la meta, todavía no",
}
FEWER = re.compile(r"fewer than (\d+)")
TO_GO = re.compile(r"(.+) to go to the target")


def goal_words(text: str, language: str) -> str:
    """Say a goal's latest value or standing in the page's language (English as it comes)."""
    if language != "es":
        return text
    said = STANDING_ES.get(text.strip())
    if said is not None:
        return said
    if to_go := TO_GO.fullmatch(text.strip()):
        text = f"faltan {to_go.group(1)} para la meta"
    text = FEWER.sub(r"menos de \1", text)
    for english, spanish in zip(FULL_MONTHS, SPANISH_MONTHS, strict=True):
        text = re.sub(rf"\b{english}\b", spanish, text)
    return text
