"""The class mapping table: admonitions, cards, buttons, styles on any theme."""

from __future__ import annotations

import pytest

MAPPED = """
---
title: Classes
---

Attention au piège.
{: .alert .alert-warning #piege}

> Une carte
>
> en deux paragraphes
{: .card #carte}

[Bouton](https://example.org){: .btn .btn-outline-primary}

Texte discret.
{: .text-muted .inconnue}
"""


@pytest.mark.parametrize("theme", ["pydata_sphinx_theme", "furo", "alabaster"])
def test_class_map(build_project, theme):
    result = build_project(
        {"page.md": MAPPED}, conf=f'html_theme = "{theme}"\n', extra_args=("-W",)
    )
    assert result.returncode == 0, result.warnings
    soup = result.html("page")
    warning = soup.select_one("div.admonition.warning")
    assert "alert-warning" in warning["class"]
    assert warning.find(id="piege").get_text() == "Attention au piège."
    assert "alert" not in warning.find(id="piege").get("class", [])
    card = soup.find(id="carte")
    assert "sd-card" in card["class"]
    assert [p.get_text() for p in card.select(".sd-card-body p")] == [
        "Une carte",
        "en deux paragraphes",
    ]
    button = soup.find("a", string="Bouton")
    assert {"btn", "btn-outline-primary", "sd-btn", "sd-btn-outline-primary"} <= set(
        button["class"]
    )
    muted = soup.find("p", string="Texte discret.")
    assert muted["class"] == ["text-muted", "inconnue"]  # unknown classes are harmless
    # our stylesheet gives the mapped classes their meaning without Bootstrap
    assert soup.find("link", href=lambda h: h and "jekyll_guide.css" in h)
    css = (result.outdir / "_static" / "jekyll_guide.css").read_text()
    assert ".text-muted" in css and ".h5" in css and ".my-5" in css
