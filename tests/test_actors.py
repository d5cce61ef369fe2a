"""Actors on short literal texts: titles split from names, surnames merged, roles."""

from __future__ import annotations

from generator.analysis.actors import find_actors
from generator.model import NO_ACTION

TEXT = (
    "Prime Minister Jane Holt met union leaders in Leeds on Monday.",
    "Holt said the strike would end soon.",
    "Officials said thousands of workers had joined.",
    "The Transport Union did not respond.",
)


def by_name(sentences):
    return {a.name: a for a in find_actors(sentences)}


def test_title_goes_to_the_role_and_the_surname_is_merged():
    holt = by_name(TEXT)["Jane Holt"]
    assert holt.type == "person" and holt.mentions == 2
    assert "Prime Minister" in holt.role and "met union leaders" in holt.role
    assert not any(name.startswith("Prime") or name == "Holt" for name in by_name(TEXT))


def test_organisation_and_its_action():
    union = by_name(TEXT)["Transport Union"]
    assert union.type == "organisation" and "did not respond" in union.role


def test_capitalised_only_by_position_is_not_an_actor():
    assert "Officials" not in by_name(TEXT)


def test_an_actor_who_does_nothing_says_so():
    actors = by_name(("The talks were held in Geneva with Iran and France.",
                      "Mediators from France proposed a new text on Friday."))
    assert actors["Iran"].role == NO_ACTION
    assert actors["France"].mentions == 2
