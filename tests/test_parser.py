"""Attribute lists in built pages: where ids, classes and attributes land."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

PAGE = """
---
title: Page d'essai
---

{:titre: .font-primary .mt-5}

- [Présentation](#presentation)
- [Étapes](#etapes)
- [Ancre kramdown](#Foo_Bar)

## Présentation
{: titre #presentation}

{: .lead #intro}
Paragraphe d'introduction.

Texte *important*{: .text-primary} et [lien](https://example.org){:target="_blank"}.
![logo](https://example.org/logo.png){: .img-fluid title="Logo"} **fort**{: .h5}

## Étapes
{: .h5 .text-primary #etapes}

1. un
2. deux
{: .steps #liste}

> citation
{: .text-muted}

| a | b |
|---|---|
| 1 | 2 |
{: .table}

```python
x = 1
```
{: .code-x}

### Détail
{: #Foo_Bar}

Fin.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import DEFAULT_CONF, sphinx_build

    src = tmp_path_factory.mktemp("parser") / "src"
    (src / "pages").mkdir(parents=True)
    (src / "conf.py").write_text(DEFAULT_CONF, "utf-8")
    (src / "index.md").write_text(
        "---\ntitle: Accueil\n---\n\n```{toctree}\npages/essai\npages/autre\n```\n\n"
        "[essai](pages/essai.md#etapes)\n",
        "utf-8",
    )
    (src / "pages" / "essai.md").write_text(PAGE.lstrip(), "utf-8")
    # the same ids on another page: page-local, no "duplicate label"
    (src / "pages" / "autre.md").write_text(
        "---\ntitle: Autre page\n---\n\n[ici](#presentation), "
        "[là-bas](essai.md#presentation), [détail](essai.md#Foo_Bar)\n\n"
        "## Présentation\n{: #presentation}\n\n## Étapes\n{: #etapes}\n",
        "utf-8",
    )
    return sphinx_build(src, extra_args=("-W", "--keep-going"))


def test_builds_without_warning(built):
    assert built.returncode == 0, built.warnings
    assert built.warning_lines() == []


def test_heading_classes_and_id_on_the_heading_not_the_section(built):
    soup = built.html("pages/essai")
    h2 = soup.find(id="presentation")
    assert h2.name == "h2"
    assert h2["class"] == ["font-primary", "mt-5"]
    assert "font-primary" not in (h2.parent.get("class") or [])
    etapes = soup.find(id="etapes")
    assert etapes.name == "h2" and etapes["class"] == ["h5", "text-primary"]


def test_block_elements_get_their_classes(built):
    soup = built.html("pages/essai")
    intro = soup.find(id="intro")
    assert intro.name == "p" and intro["class"] == ["lead"]
    assert intro.get_text() == "Paragraphe d’introduction."
    liste = soup.find(id="liste")
    assert liste.name == "ol" and "steps" in liste["class"]
    assert "text-muted" in soup.select_one("article blockquote")["class"]
    assert "table" in soup.select_one("article table")["class"]
    assert soup.select_one("article div.code-x pre") is not None


def test_span_elements_get_their_attributes(built):
    soup = built.html("pages/essai")
    em = soup.select_one("article em")
    assert em["class"] == ["text-primary"] and em.get_text() == "important"
    img = soup.select_one("article img")
    assert img["class"] == ["img-fluid"] and img["title"] == "Logo"
    assert soup.select_one("article strong")["class"] == ["h5"]
    link = soup.select_one('article a[href="https://example.org"]')
    assert link["target"] == "_blank" and "noopener" in link["rel"]


def test_exact_spelling_of_ids(built):
    soup = built.html("pages/essai")
    assert soup.find(id="Foo_Bar").name == "h3"


def test_in_page_links_go_to_this_page(built):
    soup = built.html("pages/essai")
    hrefs = [a["href"] for a in soup.select("article ul.simple a")]
    assert hrefs == ["#presentation", "#etapes", "#Foo_Bar"]
    other = built.html("pages/autre")
    local = other.find("a", string="ici")
    assert local["href"] == "#presentation"  # not essai.html#presentation


def test_links_to_ids_of_other_pages(built):
    other = built.html("pages/autre")
    assert other.find("a", string="là-bas")["href"] == "essai.html#presentation"
    assert other.find("a", string="détail")["href"] == "essai.html#Foo_Bar"
    index = built.html("index")
    assert index.find("a", string="essai")["href"] == "pages/essai.html#etapes"


def test_ids_are_not_project_wide_labels(built, tmp_path):
    import pickle

    env = pickle.loads((built.outdir.parent / "doctrees-html" / "environment.pickle").read_bytes())
    labels = env.domaindata["std"]["labels"]
    assert "presentation" not in labels and "etapes" not in labels
    assert set(env.jekyll_pages["pages/essai"].ids) >= {"presentation", "etapes", "Foo_Bar"}


def warnings_of(build):
    return [re.sub(r"^.*?/src/", "", line) for line in build.warning_lines()]


def test_bad_attribute_lists_warn_with_file_line_and_type(build_project):
    result = build_project(
        {
            "page.md": """
            ---
            title: Essai
            ---

            Texte

            {:my-5}
            Paragraphe gardé.

            Un
            {: #double}

            Deux
            {: #double}

            Seul

            {: .rien}

            Fin
            {: onclick="alert(1)" .ok}
            """,
        }
    )
    assert result.returncode == 0, result.warnings
    lines = warnings_of(result)
    assert any(
        line.startswith(
            "page.md:7: WARNING: no attribute list definition 'my-5' — did you mean `{: .my-5}`?"
        )
        and line.endswith("[jekyll.undefined_ald]")
        for line in lines
    ), lines
    assert any(
        line.startswith("page.md:14:") and "[jekyll.duplicate_id]" in line for line in lines
    ), lines
    assert not any("[jekyll.ial_unattached]" in line for line in lines), lines
    assert any(line.startswith("page.md:21:") and "'onclick'" in line for line in lines), lines
    soup = result.html("page")
    text = soup.select_one("article").get_text()
    for kept in ("Paragraphe gardé.", "Un", "Deux", "Seul", "Fin"):
        assert kept in text
    fin = soup.find("p", string="Fin")
    # kramdown: the IAL between blank lines goes to the next block, and merges
    assert fin["class"] == ["rien", "ok"] and not fin.has_attr("onclick")
    assert "{:" not in text


def test_warnings_can_be_silenced(build_project):
    result = build_project(
        {"page.md": "---\ntitle: Essai\n---\n\nTexte\n\n{:my-5}\nSuite\n"},
        conf='suppress_warnings = ["jekyll.undefined_ald"]\n',
        extra_args=("-W",),
    )
    assert result.returncode == 0, result.warnings


def test_values_are_escaped(build_project):
    result = build_project(
        {
            "page.md": '---\ntitle: Essai\n---\n\nTexte\n{: title="\\"><script>alert(1)</script>" '
            'data-x="<b>"}\n',
        }
    )
    html = (result.outdir / "page.html").read_text("utf-8")
    assert "<script>alert(1)" not in html
    soup = result.html("page")
    p = soup.find("p", title=True)
    assert p["title"] == '"><script>alert(1)</script>' and p["data-x"] == "<b>"


def test_kramdown_toc(build_project):
    result = build_project(
        {
            "page.md": """
            ---
            title: Essai
            ---

            * Table
            {:toc}

            ## Premier

            ## Caché
            {: .no_toc}

            ### Sous-titre
            """,
        },
        extra_args=("-W",),
    )
    assert result.returncode == 0, result.warnings
    soup = result.html("page")
    toc = soup.select_one("article .kramdown-toc")
    entries = [a.get_text() for a in toc.select("a")]
    assert entries == ["Premier", "Sous-titre"]


def test_seed_matches_kramdown_ids_and_classes(guide_html):
    """Every element kramdown gives an id or class has the same in our HTML."""
    from bs4 import BeautifulSoup

    expected = BeautifulSoup(
        (ROOT / "tests" / "fixtures" / "developpeur-back-end.kramdown.html").read_text("utf-8"),
        "lxml",
    )
    ours = guide_html.html("docs/expertises/developpeur-back-end").select_one("article")
    checked = 0
    for element in expected.find_all(True):
        if not (element.get("id") or element.get("class")):
            continue
        match = ours.find(id=element["id"]) if element.get("id") else None
        assert match is not None, element
        assert match.name == element.name
        assert set(element.get("class", [])) <= set(match.get("class", []))
        checked += 1
    assert checked == 8


def test_seed_kramdown_fixture_is_current():
    """Regenerate kramdown's HTML when kramdown is installed: the fixture is kramdown's."""
    import shutil
    import subprocess

    if shutil.which("ruby") is None:
        pytest.skip("ruby-kramdown is not installed")
    text = (ROOT / "docs" / "expertises" / "developpeur-back-end.md").read_text("utf-8")
    body = text.split("---\n", 2)[2]
    result = subprocess.run(
        [
            "ruby",
            "-rkramdown",
            "-e",
            # as Jekyll runs it: GFM input, automatic ids, no hard wrap
            "require 'kramdown-parser-gfm'; puts Kramdown::Document.new(STDIN.read, "
            "input: 'GFM', hard_wrap: false, auto_ids: true).to_html",
        ],
        input=body,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"kramdown is not available: {result.stderr.strip()[:200]}")
    fixture = (ROOT / "tests" / "fixtures" / "developpeur-back-end.kramdown.html").read_text()
    assert result.stdout == fixture


def test_nomarkdown_is_html_only_and_the_pdf_says_so(build_project, make_project):
    files = {
        "page.md": "---\ntitle: Essai\n---\n\n{::nomarkdown}\n<b>brut</b>\n{:/nomarkdown}\n"
        '\n{::options auto_ids="false" /}\n\nFin\n'
    }
    html = build_project(files, extra_args=("-W",))
    assert html.returncode == 0, html.warnings
    assert html.html("page").select_one("article b").get_text() == "brut"
    from conftest import sphinx_build

    latex = sphinx_build(make_project(files), builder="latex")
    assert any(
        "page.md:5:" in line and "[jekyll.nomarkdown]" in line for line in latex.warning_lines()
    ), latex.warnings
