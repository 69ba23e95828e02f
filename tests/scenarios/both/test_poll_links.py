"""Polls answered by link, on Slack and on Teams: the link, its QR code, web votes with chat votes.

Each web voter is a `Browser` with its own cookies (tests/support/web.py) over real HTTP, on the
same server as the platform's routes; the chat side goes through the platform's emulator.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.ids import ActionId, BlockId
from bot.services.poll_links import qr_png
from storage.models import PollBallot, PollVote
from tests.scenarios.both.conftest import Shown, World
from tests.scenarios.both.test_shared_behaviours import PLATFORMS, said_with
from tests.support.web import Browser, links_in

ANONYMOUS = '"Which day suits the advisory group?" "Tuesday" "Thursday" anonymous link'
NAMED = '"Where should we meet?" "Library" "Church hall" link'


def link_for(world: World, who: str = "maria") -> str:
    (link,) = links_in(world.private(who))
    return link


def ballots(world: World) -> list[PollBallot]:
    return world.read(lambda s: list(s.scalars(select(PollBallot))))


@PLATFORMS
def test_an_anonymous_poll_by_link_counts_web_and_chat_votes_together(world: World) -> None:
    world.command(ANONYMOUS, command="poll")
    link = link_for(world)
    assert link.startswith("http://127.0.0.1:")
    assert qr_png(link) in world.pictures()  # the QR code of exactly that link
    for day in ("Tuesday", "Tuesday", "Thursday"):  # three phones
        assert "Your vote is in" in Browser().vote(link, day).text
    world.tick(world.clock.now + timedelta(minutes=1))  # redraws are throttled: a tick catches up
    (poll,) = said_with(world.posts(), "Which day suits the advisory group?")
    assert "3 people voted so far" in poll.text  # the running counts on the chat card
    world.press(poll, f"{ActionId.POLL_VOTE}:1", by="joe")
    world.command("close P-1", command="poll")
    (closed,) = world.polls()
    assert closed.results == {"counts": [2, 2], "voters": 4}
    assert ballots(world) == []  # deleted at close, as for chat ballots
    (results,) = said_with(world.replies(poll.native), "Results")
    assert "4 people voted" in results.text


@PLATFORMS
def test_one_browser_has_one_vote_it_can_change(world: World) -> None:
    world.command(ANONYMOUS, command="poll")
    link, phone = link_for(world), Browser()
    phone.vote(link, "Tuesday")
    page = phone.vote(link, "Thursday")
    assert "Your vote now: Thursday." in page.text
    assert [(label, checked) for _, label, checked in page.options] == [
        ("Tuesday", False),
        ("Thursday", True),
    ]
    assert [b.options for b in ballots(world)] == [[1]]


@PLATFORMS
def test_a_named_poll_keeps_web_votes_beside_chat_votes_at_close(world: World) -> None:
    world.command(NAMED, command="poll")
    link = link_for(world)
    Browser().vote(link, "Church hall")
    (poll,) = said_with(world.posts(), "Where should we meet?")
    if world.platform == "teams":  # Teams votes by button
        world.press(poll, f"{ActionId.POLL_VOTE}:0", by="joe")
    else:  # Slack by reaction, reconciled with the message's reactions at close
        world.harness.emulator.react(  # type: ignore[attr-defined]
            user=world.id("joe"), channel=world.channel, ts=poll.native.ts, name="one"
        )
        world.settle()
        (shown,) = said_with(world.posts(), "Where should we meet?")  # reactions can't show it
        assert "🌐 1 person voted on the web page too" in shown.text
    world.command("close P-1", command="poll")
    (closed,) = world.polls()
    assert closed.results == {"counts": [1, 1], "voters": 2}
    votes = world.read(lambda s: [(v.user_id.startswith("web:"), v.option)
                                  for v in s.scalars(select(PollVote))])  # fmt: skip
    assert sorted(votes) == [(False, 0), (True, 1)]


@PLATFORMS
def test_the_page_of_a_closed_poll_says_so_and_shows_the_results(world: World) -> None:
    world.command(NAMED, command="poll")
    link = link_for(world)
    Browser().vote(link, "Library")
    world.command("close P-1", command="poll")
    page = Browser().get(link)
    assert page.status == 200
    assert "This poll is closed" in page.text
    assert "Library: 1 vote (100%)" in page.text
    assert page.token is None  # no form: it takes no more votes
    late = Browser().post(link, [("token", "x"), ("option", "0")])
    assert late.status in {200, 403}
    assert world.polls()[0].results == {"counts": [1, 0], "voters": 1}


@PLATFORMS
def test_links_for_named_people_take_one_vote_each_and_close_the_open_link(world: World) -> None:
    world.command(ANONYMOUS, command="poll")
    open_link = link_for(world)
    world.command('people P-1 "Advisor 1" "Advisor 2"', command="poll")
    personal = [link for link in links_in(world.private("maria")) if link != open_link]
    assert len(personal) == 2 and all(link.startswith(open_link + "/") for link in personal)
    told = "\n".join(world.private("maria"))
    assert "Advisor 1" in told and "Advisor 2" in told
    assert "This link is just for you" in Browser().get(personal[0]).text
    Browser().vote(personal[0], "Tuesday")
    Browser().vote(personal[0], "Thursday")  # the same person on another phone: changed
    Browser().vote(personal[1], "Thursday")
    assert sorted(b.options for b in ballots(world)) == [[1], [1]]
    shut = Browser().get(open_link)
    assert shut.status == 403 and "personal links" in shut.text
    forged = Browser().get(personal[0][:-3] + "abc")
    assert forged.status == 404 and "This personal link is not right" in forged.text
    world.command("link P-1", command="poll")  # asked again: it says the link takes no votes
    assert any("so this link takes no votes" in t for t in world.private("maria"))


@PLATFORMS
def test_only_the_creator_shares_a_poll_and_labels_are_never_client_data(world: World) -> None:
    world.command('"Which day suits intake?" "Tuesday" "Thursday"', command="poll")
    world.command("link P-1", command="poll", by="joe")
    assert links_in(world.private("joe")) == []
    assert any("Only" in t and "can share it on the web" in t for t in world.private("joe"))
    world.command('people P-1 "John Smith DOB 4/5/1970"', command="poll")
    assert links_in(world.private("maria")) == []
    world.command("link P-1 spanish", command="poll")
    page = Browser().get(link_for(world))
    assert '<html lang="es">' in page.html and "Enviar mi voto" in page.text


@PLATFORMS
def test_share_a_link_button_gives_the_creator_the_link(world: World) -> None:
    world.command('"Which day suits intake?" "Tuesday" "Thursday"', command="poll")
    assert links_in(world.private("maria")) == []
    if world.platform == "slack":  # the button is on the answer only Maria sees
        emulator = world.harness.emulator  # type: ignore[attr-defined]
        (answer,) = [e for e in emulator.ephemerals(world.id("maria")) if "P-1 is up" in e.text]
        emulator.click(answer, ActionId.POLL_SHARE_LINK, user=world.id("maria"))
        world.settle()
    else:  # Teams: the answer is in Maria's personal chat
        (answer,) = said_with(world.dms("maria"), "P-1 is up")
        world.press(answer, ActionId.POLL_SHARE_LINK, by="maria")
    (link,) = links_in(world.private("maria"))
    assert Browser().get(link).status == 200
    assert len(world.pictures()) == 1  # its QR code, once


def the_link_answer(world: World) -> Shown:
    """The private answer that carries a poll's link, as the person's client has it."""
    if world.platform == "slack":
        emulator = world.harness.emulator  # type: ignore[attr-defined]
        found = [e for e in emulator.ephemerals(world.id("maria")) if "on the web:" in e.text]
        return Shown(found[-1].text, found[-1])
    (shown,) = said_with(world.dms("maria"), "on the web:")
    return shown


@PLATFORMS
def test_links_for_named_people_from_the_form(world: World) -> None:
    world.command(ANONYMOUS, command="poll")
    open_link = link_for(world)
    form = world.open_form(the_link_answer(world), ActionId.POLL_PEOPLE_LINKS, by="maria")
    assert form.title == "Links for people"
    again = world.submit_form(form, {BlockId.POLL_PEOPLE_LABELS: "Maria, DOB 03/04/1980"})
    assert again is not None and "date of birth" in again.text  # refused in the form
    assert world.submit_form(form, {BlockId.POLL_PEOPLE_LABELS: " Advisor 1\n\nAdvisor 2 "}) is None
    personal = [link for link in links_in(world.private("maria")) if link != open_link]
    assert len(personal) == 2
    assert "This link is just for you" in Browser().get(personal[1]).text
    if world.platform == "slack":  # only Maria sees them, in the poll's channel
        shown = world.harness.emulator.ephemerals(world.id("maria"))  # type: ignore[attr-defined]
        assert "Advisor 2" in shown[-1].text


@PLATFORMS
def test_fifty_links_for_people_fit_the_platforms_limits(world: World) -> None:
    world.command(NAMED, command="poll")
    open_link = link_for(world)
    labels = " ".join(f'"Landlord {n} on the north side of town"' for n in range(1, 51))
    world.command(f"people P-1 {labels}", command="poll")
    personal = [link for link in links_in(world.private("maria")) if link != open_link]
    assert len(personal) == 50  # every link, none cut: the emulators refuse what is too long
