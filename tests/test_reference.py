"""The English reference page of the guide, generated from the declarations."""

from __future__ import annotations

import pytest
from jekyll_guide.config import CONFIG_VALUES
from jekyll_guide.pagemodel import FRONT_MATTER_KEYS
from jekyll_guide.reference import inline_text
from jekyll_guide.warnings import WarningKind


@pytest.fixture(scope="module")
def reference(guide_html):
    assert guide_html.returncode == 0, guide_html.warnings
    return guide_html.html("docs/reference")


def column(table, index: int) -> list[str]:
    return [row.select("td")[index].get_text(" ", strip=True) for row in table.select("tbody tr")]


def test_every_warning_kind_with_its_example_and_fix(reference):
    table = reference.find(id="warnings").find_parent("section").select_one("table")
    assert column(table, 0) == [f"jekyll.{kind}" for kind in WarningKind]
    assert column(table, 2)[0] == WarningKind.FRONT_MATTER.example


def test_every_front_matter_key(reference):
    table = reference.find(id="front-matter").find_parent("section").select_one("table")
    assert column(table, 0) == [key for key, _ in FRONT_MATTER_KEYS]


def test_every_option(reference):
    table = reference.find(id="options").find_parent("section").select_one("table")
    assert column(table, 0) == [value.name for value in CONFIG_VALUES]


def test_the_directives_and_the_command(reference):
    terms = [dt.get_text(strip=True) for dt in reference.select("dl dt")]
    assert terms[:2] == ["page-toctree", "page-cards"]
    assert ":layout:" in reference.select("dl dd")[1].get_text()
    help_text = next(p.get_text() for p in reference.select("pre") if "usage:" in p.get_text())
    assert "jekyll-guide init" in help_text and "--pages GLOB" in help_text


def test_code_in_a_declaration_becomes_literal():
    parts = inline_text("Use ``{:a}`` or `b`, see :class:`~.warnings.WarningKind`.")
    assert [(type(p).__name__, p.astext()) for p in parts] == [
        ("Text", "Use "),
        ("literal", "{:a}"),
        ("Text", " or "),
        ("literal", "b"),
        ("Text", ", see "),
        ("literal", "WarningKind"),
        ("Text", "."),
    ]
