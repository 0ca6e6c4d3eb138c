"""Simple raw HTML becomes ordinary nodes, in HTML and in the PDF."""

from __future__ import annotations

from conftest import sphinx_build
from hypothesis import given, settings
from hypothesis import strategies as st
from jekyll_guide.rawhtml import html_block_to_nodes

PAGE = """
---
title: HTML
---

Texte avec <strong>gras</strong>, <em>penché</em>,<br>une coupure et un
<a href="/cible.html" class="text-primary" target="_blank">lien</a>,
<a href="javascript:alert(1)">piège</a> et <span class="text-muted">discret</span>.

<div class="text-center my-5" id="boutons">
  <a class="btn btn-outline-primary" href="https://example.org">Bouton</a>
  <a class="btn btn-primary" href="/cible.html#haut">Vers la cible</a>
  <p>Un <strong>paragraphe</strong> dans un div.</p>
  <ul><li>un</li><li>deux</li></ul>
</div>

<table><tr><td>cellule</td></tr></table>
"""

FILES = {
    "page.md": PAGE,
    "cible.md": "---\ntitle: Cible\npermalink: /cible.html\n---\n\n## Haut\n{: #haut}\n",
}


def test_html_output(build_project):
    result = build_project(FILES)
    soup = result.html("page").select_one("article")
    assert soup.find("strong").get_text() == "gras" and soup.find("em").get_text() == "penché"
    assert soup.find("br") is not None
    link = soup.find("a", string="lien") or soup.find("span", string="lien").parent
    assert link["href"] == "cible.html" and "text-primary" in link["class"]
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert soup.find("a", string="piège") is None and "piège" in soup.get_text()
    assert soup.find("span", class_="text-muted").get_text() == "discret"
    box = soup.find(id="boutons")
    assert box.name == "div" and {"text-center", "my-5"} <= set(box["class"])
    button = box.find("a", string="Bouton")
    assert {"btn", "sd-btn", "sd-btn-outline-primary"} <= set(button["class"])
    assert box.find("a", string="Vers la cible")["href"] == "cible.html#haut"
    assert [li.get_text().strip() for li in box.find_all("li")] == ["un", "deux"]
    assert soup.find("table").find("td").get_text() == "cellule"  # kept as raw HTML


def test_pdf_keeps_simple_html_and_the_text_of_the_rest(make_project):
    result = sphinx_build(make_project(FILES), builder="latex")
    (tex_file,) = result.outdir.glob("*.tex")
    tex = tex_file.read_text("utf-8")
    for text in ("gras", "penché", "discret", "Bouton", "Vers la cible", "paragraphe", "deux"):
        assert text in tex
    assert r"\sphinxstylestrong{gras}" in tex
    assert "\\href{https://example.org}" in tex or "https://example.org" in tex
    # HTML the PDF cannot draw (a table) gives the PDF its text instead: nothing lost
    assert "cellule" in tex and "<table>" not in tex
    assert [w for w in result.warning_lines() if "jekyll.raw_html" in w] == []


def test_unsupported_html_is_left_raw():
    assert html_block_to_nodes("<script>alert(1)</script>") is None
    assert html_block_to_nodes("<div><p>non fermé</div>") is None
    assert html_block_to_nodes("<!-- commentaire -->") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ab=\"' divpspanstrong")), max_size=60))
def test_random_html_never_raises(text):
    html_block_to_nodes(text)
