"""End-to-end: the shipped guide (docs/) builds as Read the Docs builds it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import ROOT, RTD_HTML_ARGS, sphinx_build

SEED = ROOT.parent / "shared" / "seed" / "developpeur-back-end.md"
SEED_SHA256 = "59057a01f62ed874d3724a4956b0a7eeb616a0b47b82f8273b076776625ee7f5"
SEED_TITLE = "Développeur back-end freelance, création d'une API"
EXPERTISES = sorted(
    p.stem for p in (ROOT / "docs" / "expertises").glob("*.md") if p.stem != "index"
)


def test_seed_page_is_the_users_page_byte_for_byte():
    shipped = (ROOT / "docs" / "expertises" / "developpeur-back-end.md").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == SEED_SHA256
    if SEED.exists():
        assert shipped == SEED.read_bytes()


def test_guide_builds_with_no_warning(guide_html):
    assert guide_html.returncode == 0, guide_html.warnings
    assert guide_html.warning_lines() == []


def test_seed_title_is_the_single_h1_and_the_html_title(guide_html):
    soup = guide_html.html("docs/expertises/developpeur-back-end")
    expected = SEED_TITLE  # as Jekyll prints {{ page.title }}: not smartified
    assert soup.title.get_text().startswith(expected)
    article = soup.select_one("article")
    h1s = article.find_all("h1")
    assert [h.get_text().rstrip("#").strip() for h in h1s] == [expected]
    # the ## headings are sections inside the page, not siblings of it
    page_section = h1s[0].parent
    nested = page_section.find_all("section", recursive=False)
    assert [s.h2.get_text().rstrip("#").strip()[:28] for s in nested] == [
        "Quel est la différence entre",
        "Qu’est-ce qu’un développeur ",
        "Qu’est ce qu’une API ?",
        "Quels sont les missions du d",
        "Qui est le développeur back-",
    ]


def test_language_is_french(guide_html):
    soup = guide_html.html("docs/expertises/developpeur-back-end")
    assert soup.html["lang"] == "fr"
    searchindex = (guide_html.outdir / "searchindex.js").read_text("utf-8")
    assert "développeur" in searchindex or "developpeur" in searchindex or "dévelop" in searchindex
    assert (guide_html.outdir / "_static" / "translations.js").exists()


def _links(soup, selector):
    return {a["href"] for a in soup.select(selector) if a.has_attr("href")}


def test_index_links_every_expertise_page(guide_html):
    soup = guide_html.html("docs/index")
    hrefs = _links(soup, "article a")
    for stem in EXPERTISES:
        assert f"expertises/{stem}.html" in hrefs, stem


def test_sidebar_lists_every_expertise_page_in_navigation_order(guide_html):
    soup = guide_html.html("docs/expertises/developpeur-back-end")
    sidebar = soup.select_one(".bd-sidebar-primary")
    links = [a for a in sidebar.select("a.reference.internal")]
    names = [Path(a["href"]).stem for a in links]
    # nav_order first (chef-de-projet-web: 1, integrateur-web: 3), then by title
    assert names == [
        "chef-de-projet-web",
        "integrateur-web",
        "developpeur-back-end",
        "developpeur-front-end",
    ]
    current = sidebar.select_one("li.toctree-l1.current > a")
    assert current.get_text().startswith("Développeur back-end")


def test_parallel_build_has_no_warning(tmp_path):
    result = sphinx_build(ROOT, tmp_path / "html", extra_args=(*RTD_HTML_ARGS, "-j", "2"))
    assert result.returncode == 0, result.warnings
    assert result.warning_lines() == []


def test_new_page_appears_in_navigation_on_next_build(tmp_path):
    """Copy the guide, build, drop a page into expertises/, build again."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "_build", "tests"))
    out = tmp_path / "html"
    first = sphinx_build(src, out, extra_args=RTD_HTML_ARGS)
    assert first.returncode == 0, first.warnings
    (src / "docs" / "expertises" / "administrateur-systeme.md").write_text(
        "---\nlayout: expertises\ntitle: Administrateur système\n---\n\n"
        "L'administrateur système veille sur les serveurs.\n",
        "utf-8",
    )
    second = sphinx_build(src, out, extra_args=RTD_HTML_ARGS)
    assert second.returncode == 0, second.warnings
    for page in ("docs/index", "docs/expertises/developpeur-back-end"):
        soup = second.html(page)
        hrefs = {Path(h).stem for h in _links(soup, "a.reference.internal")}
        assert "administrateur-systeme" in hrefs, page
    page = second.html("docs/expertises/administrateur-systeme")
    assert page.select_one("article h1").get_text().rstrip("#").strip() == "Administrateur système"


def test_read_the_docs_extras_sitemap_opengraph_404(tmp_path):
    """With the canonical URL Read the Docs gives: sitemap, Open Graph, a 404 page."""
    result = sphinx_build(
        ROOT,
        tmp_path / "html",
        extra_args=RTD_HTML_ARGS,
        env={"READTHEDOCS_CANONICAL_URL": "https://guide.example.org/fr/latest/"},
    )
    assert result.returncode == 0, result.warnings
    sitemap = (tmp_path / "html" / "sitemap.xml").read_text("utf-8")
    assert (
        "https://guide.example.org/fr/latest/docs/expertises/developpeur-back-end.html" in sitemap
    )
    soup = result.html("docs/expertises/integrateur-web")
    description = soup.find("meta", property="og:description")["content"]
    assert description.startswith("L'intégrateur web traduit la maquette")
    image = soup.find("meta", property="og:image")["content"]
    assert image.startswith("https://guide.example.org/fr/latest/") and image.endswith(".png")
    missing = result.html("404")
    assert "La page demandée n’existe pas" in missing.get_text()
    # served at any missing URL: its navigation links are absolute
    menu = [a["href"] for a in missing.select(".bd-header a.nav-link")]
    assert menu and all(href.startswith("/fr/latest/") for href in menu), menu
