"""The two fixture sites end to end, as a user runs them.

``jekyll-guide init`` in the site's folder, then the HTML build with ``-W``, the
navigation compared with the front matter, the PDF (LaTeX + latexmk, as Read the
Docs) and the banners in Chromium.  The sites are ours (``tests/sites/``).
"""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import ROOT, require_chromium, require_latex, run_latexmk, sphinx_build
from jekyll_guide.cli import jekyll_excluded, main
from jekyll_guide.frontmatter import split_front_matter

SITES = ROOT / "tests" / "sites"
STRICT = ("-W", "--keep-going")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Each fixture site copied and initialised with ``jekyll-guide init``."""
    initialised = {}
    for name in ("freelance", "docs"):
        site = tmp_path_factory.mktemp(name) / name
        shutil.copytree(SITES / name, site)
        assert main(["init", str(site)]) == 0
        initialised[name] = site
    return initialised


@pytest.fixture(scope="module")
def html(sites):
    return {
        name: sphinx_build(site, site / "_build" / "html", extra_args=STRICT)
        for name, site in sites.items()
    }


def front_matter_pages(site):
    """``{docname: front matter}`` of the site's pages: front matter, not in ``exclude:``."""
    config = yaml.safe_load((site / "_config.yml").read_text("utf-8")) or {}
    exclude = config.get("exclude") or []
    pages = {}
    for path in sorted(site.rglob("*.md")):
        relative = path.relative_to(site)
        if relative.parts[0].startswith(("_", ".")) or jekyll_excluded(
            relative.as_posix(), False, exclude
        ):
            continue
        front = split_front_matter(path.read_text("utf-8"))
        if front.present:
            pages[relative.with_suffix("").as_posix()] = front.data
    return pages


def test_both_sites_build_with_no_warning(html):
    for name, build in html.items():
        assert build.returncode == 0, (name, build.warnings[-3000:])
        assert build.warning_lines() == [], name


def test_every_page_is_built(sites, html):
    for name, site in sites.items():
        for docname in front_matter_pages(site):
            assert (html[name].outdir / f"{docname}.html").is_file(), (name, docname)


def test_docs_navigation_is_the_front_matter_tree(sites, html):
    """Each parent lists its children (by title) in ``nav_order``; excluded pages are not listed."""
    pages = front_matter_pages(sites["docs"])
    by_title = {data["title"]: docname for docname, data in pages.items()}
    children: dict[str, list[tuple[int, str]]] = {}
    for data in pages.values():
        if data.get("parent") and not data.get("nav_exclude"):
            children.setdefault(data["parent"], []).append(
                (data.get("nav_order", 99), data["title"])
            )
    assert children, "the fixture has a tree"
    assert any(data.get("grand_parent") for data in pages.values()), "three levels"
    for parent, entries in children.items():
        page = html["docs"].html(by_title[parent])
        listed = [a.get_text(strip=True) for a in page.select("article .jekyll-navigation a")]
        assert listed == [title for _, title in sorted(entries)], parent
    home = html["docs"].html("index")
    header = home.select_one(".bd-header").get_text(" ")
    for data in pages.values():
        if data.get("nav_exclude"):
            assert data["title"] not in home.select_one("article").get_text()
            assert data["title"] not in header  # nor in pydata's header navbar


def test_links_to_pages_outside_the_guide_go_to_the_site(html):
    build = html["freelance"]
    hrefs = [a.get("href", "") for name in ("index",) for a in build.html(name).select("article a")]
    assert any(href.startswith("https://") and "contact" in href for href in hrefs), hrefs


@pytest.mark.latex
@pytest.mark.parametrize("name", ["freelance", "docs"])
def test_pdf_has_every_page(sites, name):
    require_latex()
    from pypdf import PdfReader

    site = sites[name]
    out = site / "_build" / "latex"
    latex = sphinx_build(site, out, builder="latex", extra_args=STRICT)
    assert latex.returncode == 0, latex.warnings[-3000:]
    (tex,) = out.glob("*.tex")
    run_latexmk(out, tex.name)
    pdf = tex.with_suffix(".pdf")
    assert pdf.is_file()
    text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    for docname, data in front_matter_pages(site).items():
        if docname == "index" or data.get("nav_exclude"):
            continue  # the root is the PDF's title page
        assert str(data["title"]).split()[0] in text, docname


@pytest.mark.browser
def test_freelance_banners_at_1280px(html):
    chromium = require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    pages = [
        docname
        for docname, data in front_matter_pages(SITES / "freelance").items()
        if data.get("header-img")
    ]
    assert len(pages) >= 2
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for docname in pages:
                page.goto((html["freelance"].outdir / f"{docname}.html").as_uri())
                page.wait_for_function("document.querySelector('img.jekyll-hero-image').complete")
                box = page.evaluate(
                    "() => { const b = document.querySelector('img.jekyll-hero-image')"
                    ".getBoundingClientRect(); return {w: b.width, h: b.height}; }"
                )
                assert 0 < box["h"] <= 640 and box["h"] <= box["w"] / 2 + 1, (docname, box)
        finally:
            browser.close()
