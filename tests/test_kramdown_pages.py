"""kramdown constructs on built pages: HTML and PDF (LaTeX) of one small site.

One project, built once per builder; each test looks at one numbered item of the
kramdown fidelity issue.  kramdown's own behaviour is asserted by the
differential tests; these check what the user sees in both outputs.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT, sphinx_build, write_files

IMAGE = ROOT / "docs" / "_static" / "img" / "headers" / "inspiration-1.png"

PAGES = {
    "titres.md": """
        ---
        title: Titre du front matter
        ---

        # Le vrai titre
        {: .gros}

        ## Section écrite {#ecrite}

        Setext
        ------
        {: #setext}

        ### Sous-titre
        """,
    "html.md": """
        ---
        title: Blocs HTML
        ---

        <div class="row">
          <div class="col">

            <p>Carte une</p>

          </div>

          <div class="col"><p>Carte deux</p></div>
        </div>

        ## Après le bloc
        {: #apres}

        <div class="code-example" markdown="1">
        Texte *en Markdown* dans le bloc.

        - une liste
        </div>

        <div class="dessin"><svg width="10" height="10"><circle r="4"/></svg>
        <p>Légende du <a href="https://exemple.org/">dessin</a></p></div>
        """,
    "extensions.md": """
        ---
        title: Extensions
        ---

        * Sommaire
        {:toc}

        ## Premier {#premier}

        Texte {::comment}caché{:/} visible.

        {::comment}
        bloc caché
        {:/}

        ## Pas dans le sommaire
        {: .no_toc}

        ## Dernier
        """,
    "regles.md": """
        ---
        title: Règles
        ---

        ---

        Texte entre deux règles.

        ---
        ---

        Fin.
        """,
    "images.md": """
        ---
        title: Images
        ---

        ![Un bandeau](bandeau.png){: width="50%" height="80" title="Le bandeau"}

        ![Autre](bandeau.png){: width="grand"}
        """,
}

CONFIG = """
kramdown:
  auto_ids: false
  hard_wrap: true
  input: GFM
  bogus_setting: 1
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("kramdown-pages") / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["jekyll_guide"]\nlanguage = "fr"\nhtml_theme = "pydata_sphinx_theme"\n'
        'exclude_patterns = ["_build"]\n'
    )
    write_files(src, PAGES)
    (src / "index.md").write_text(
        "---\ntitle: Accueil\n---\n\nLigne un\nligne deux\n\n```{toctree}\n"
        + "\n".join(name[:-3] for name in PAGES)
        + "\n```\n",
        "utf-8",
    )
    (src / "_config.yml").write_text(CONFIG, "utf-8")
    shutil.copy(IMAGE, src / "bandeau.png")
    return src


@pytest.fixture(scope="module")
def html(site):
    return sphinx_build(site, site / "_build" / "html")


@pytest.fixture(scope="module")
def latex(site):
    return sphinx_build(site, site / "_build" / "latex", builder="latex")


def article(build, name):
    return build.html(name).select_one("article")


def warnings_of(build, name):
    return [line for line in build.warning_lines() if f"{name}.md" in line]


def test_heading_ids_and_levels(html):
    page = article(html, "titres")
    assert page.find("h1").get_text(strip=True).startswith("Le vrai titre")
    assert "Titre du front matter" not in page.get_text()  # not twice
    assert page.find("h1")["class"] == ["gros"]
    assert page.find(id="ecrite").name == "h2"
    assert "{#" not in page.get_text()
    assert page.find(id="setext").name == "h2"
    assert page.find("h3").get_text(strip=True).startswith("Sous-titre")
    # the author's id is the one the ¶ link uses
    assert page.find(id="ecrite").find("a", class_="headerlink")["href"] == "#ecrite"


def test_auto_ids_follow_the_site_settings(html):
    # kramdown: auto_ids: false in _config.yml, so only the written ids
    page = article(html, "titres")
    assert page.find("h3").get("id") is None


def test_html_block_runs_to_its_closing_tag(html):
    page = article(html, "html")
    row = page.find("div", class_="row")
    assert [c.get_text(strip=True) for c in row.find_all("div", class_="col")] == [
        "Carte une",
        "Carte deux",
    ]
    assert not row.find("pre")  # the indented lines are not code
    assert page.find(id="apres").name == "h2"
    assert not page.find(id="apres").find_parent("div", class_="row")


def test_markdown_inside_html_is_parsed(html):
    block = article(html, "html").find("div", class_="code-example")
    assert block.find("em").get_text() == "en Markdown"
    assert block.find("li").get_text(strip=True) == "une liste"
    assert "markdown" not in block.attrs


def test_html_in_the_pdf_is_its_content(latex):
    tex = (latex.outdir / "projectnamenotset.tex").read_text("utf-8")
    assert "Carte une" in tex and "Carte deux" in tex
    assert r"\sphinxstyleemphasis{en Markdown}" in tex
    assert "Légende du" in tex and "https://exemple.org/" in tex
    assert "<div" not in tex and "<svg" not in tex
    assert not [w for w in latex.warning_lines() if "raw_html" in w]


def test_extensions_and_toc(html):
    page = article(html, "extensions")
    toc = page.find(id="markdown-toc")
    assert toc is not None
    entries = [a.get_text(strip=True) for a in toc.find_all("a")]
    assert entries == ["Premier", "Dernier"]
    assert toc.find("a", href="#premier")["id"] == "markdown-toc-premier"
    text = page.get_text()
    assert "caché" not in text and "bloc caché" not in text
    assert "Texte  visible." in text or "Texte visible." in text
    assert "{:" not in text


def test_rules_never_warn(html):
    assert warnings_of(html, "regles") == []
    assert len(article(html, "regles").find_all("hr")) == 3


def test_images_get_their_size(html, latex):
    images = article(html, "images").find_all("img")
    assert images[0]["alt"] == "Un bandeau"
    assert "width: 50%" in images[0].get("style", "") or images[0].get("width") == "50%"
    assert "80px" in images[0].get("style", "") or images[0].get("height") == "80px"
    warned = warnings_of(html, "images")
    assert len(warned) == 1 and "'grand' is not a length" in warned[0]
    assert "images.md:7:" in warned[0]
    tex = (latex.outdir / "projectnamenotset.tex").read_text("utf-8")
    assert re.search(r"\\sphinxincludegraphics\[width=0\.500\\linewidth,height=80", tex)


def test_site_kramdown_settings(html):
    index = html.html("index").select_one("article")
    assert index.find("br") is not None  # hard_wrap: true
    unknown = [w for w in html.warning_lines() if "bogus_setting" in w]
    assert len(unknown) == 1 and "_config.yml" in unknown[0]
