"""Splitting run-together posts and partner bodies, and keeping one spelling of each name."""

from __future__ import annotations

import pytest

from civicplan.planio.importer.vocab import Names, PartnerSplitter, PostSplitter

KNOWN = [
    "Head of Communities and Community Safety",
    "Head of Environmental Health, Licensing and Private Sector Housing",
    "Licensing Manager",
]


@pytest.mark.parametrize(
    ("cell", "posts"),
    [
        (
            "Deputy Chief Executive Assistant Director - Finance Services",
            ["Deputy Chief Executive", "Assistant Director - Finance Services"],
        ),
        (
            "Head of Communities and Community Safety Communities and Crime Manager",
            ["Head of Communities and Community Safety", "Communities and Crime Manager"],
        ),
        (
            "Communities and Crime Manager Communities Officer Children and Young People",
            ["Communities and Crime Manager", "Communities Officer Children and Young People"],
        ),
        (
            "Head of Environmental Health, Licensing and Private Sector Housing. Licensing Manager",
            [
                "Head of Environmental Health, Licensing and Private Sector Housing",
                "Licensing Manager",
            ],
        ),
        (
            "Independent Chair of Nottinghamshire Health and Wellbeing Board",
            ["Independent Chair of Nottinghamshire Health and Wellbeing Board"],
        ),
        (
            "Nottinghamshire Office of the Police and Crime Commissioner",
            ["Nottinghamshire Office of the Police and Crime Commissioner"],
        ),
        ("Home Office", ["Home Office"]),
    ],
)
def test_post_splitter_splits_run_together_posts(cell, posts):
    split = PostSplitter(KNOWN).split(cell)
    assert split.names == posts
    assert split.uncertain == []


def test_post_splitter_keeps_an_unsure_split_whole():
    cell = "Senior Communities Officer Violence Domestic Abuse Officer"
    split = PostSplitter(KNOWN).split(f"Head of Communities and Community Safety {cell}")
    assert split.names == ["Head of Communities and Community Safety", cell]
    assert split.uncertain == [cell]


@pytest.mark.parametrize(
    ("cell", "posts", "comment"),
    [
        (
            "Head of Communities and Community Safety An incident of ASB",
            ["Head of Communities and Community Safety"],
            "An incident of ASB",
        ),
        (
            "Housing Operations Manager Previously Housing cases only",
            ["Housing Operations Manager"],
            "Previously Housing cases only",
        ),
        ("Licensing Manager", ["Licensing Manager"], ""),
        ("Only data available", [], "Only data available"),
    ],
)
def test_post_splitter_reads_owners_before_a_comment(cell, posts, comment):
    assert PostSplitter(KNOWN).leading(cell) == (posts, comment)


@pytest.mark.parametrize(
    ("cell", "bodies"),
    [
        (
            "Police Voluntary Sector Change Grow Live",
            ["Police", "Voluntary Sector", "Change Grow Live"],
        ),
        (
            "Other local authority partners, Police and Crime Commissioner",
            ["Other local authority partners", "Police and Crime Commissioner"],
        ),
        (
            "Violence Reduction Partnership Police Nottinghamshire County Council Health Fire",
            [
                "Violence Reduction Partnership",
                "Police",
                "Nottinghamshire County Council",
                "Health",
                "Fire",
            ],
        ),
        (
            "Anti-fraud Partnership Nottinghamshire Police Nottinghamshire County Council Trading "
            "Standards",
            [
                "Anti-fraud Partnership",
                "Nottinghamshire Police",
                "Nottinghamshire County Council",
                "Trading Standards",
            ],
        ),
        (
            "Broxtowe Women's Project Juno Equation",
            ["Broxtowe Women's Project", "Juno", "Equation"],
        ),
        ("Prevent Partnership Nottinghamshire", ["Prevent Partnership Nottinghamshire"]),
        (
            "Change Grow Live Nottinghamshire County Council Drug and Alcohol Partnership",
            ["Change Grow Live", "Nottinghamshire County Council", "Drug and Alcohol Partnership"],
        ),
        ("Police, Fire and Health", ["Police", "Fire", "Health"]),
        ("Communities DAHA", ["Communities", "DAHA"]),
        ("None", []),
        ("", []),
    ],
)
def test_partner_splitter(cell, bodies):
    splitter = PartnerSplitter()
    splitter.learn(["Communities", "Environmental Health"])
    split = splitter.split(cell)
    assert split.names == bodies
    assert split.uncertain == []


def test_partner_splitter_flags_capitalised_words_it_cannot_place():
    split = PartnerSplitter().split("Police Bright Futures Hope")
    assert split.names == ["Police", "Bright Futures Hope"]
    assert split.uncertain == ["Bright Futures Hope"]


def test_names_use_the_most_common_spelling_and_report_others():
    names = Names("The post")
    usual = "Head of Environmental Health, Licensing and Private Sector Housing"
    names.note(usual.replace(", L", " l"), 10)
    names.note(usual, 20)
    names.note(usual, 25)
    names.note(usual.replace("Private", "Public"), 30)
    mapping, findings = names.resolve()
    assert mapping == {usual.replace(", L", " l"): usual}
    assert [(f["kind"], f["line"], f["suggestion"]) for f in findings] == [
        ("name_written_differently", 10, usual),
        ("name_written_differently", 30, usual),
    ]
