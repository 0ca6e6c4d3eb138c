"""Front matter made visible: hero, summary, CTA, layouts, cards, in HTML."""

from __future__ import annotations

import pytest
from conftest import DEFAULT_CONF, sphinx_build

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)

LAYOUT_CONF = """
jekyll_layouts = {"expertises": "jekyll/expertises.html"}
jekyll_cta_url = "/contact.html"
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("layouts") / "src"
    files = {
        "_static/img/headers/banniere.png": PNG,
        "_static/img/headers/double.png": PNG,
        "_static/img/headers/double.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        "_templates/jekyll/expertises.html": (
            b'{% extends "page.html" %}{% block docs_body %}<div class="jekyll-layout-expertises">'
            b"{{ super() }}</div>{% endblock %}"
        ),
        "index.md": (
            "---\ntitle: Accueil\n---\n\n```{page-cards} pages/*\n:layout: expertises\n```\n\n"
            "```{toctree}\n:glob:\npages/*\n```\n"
        ),
        "pages/simple.md": "---\ntitle: Juste un titre\nlayout: expertises\n---\n\nDu texte.\n",
        "pages/complete.md": (
            '---\nlayout: expertises\ntitle: Page complète\nsummary: "Un résumé <b>gras</b>"\n'
            "header-img: banniere\nheader_cta: Appelez-nous\nfooter_cta:\n  text: Devis\n"
            "  url: https://ex.org/devis\nauteur: Ana\n---\n\nContenu.\n"
        ),
        "pages/vecteur.md": (
            '---\nlayout: expertises\ntitle: Vecteur\nheader-img: double\nsummary: ""\n---\n\nx\n'
        ),
        "pages/sans-image.md": (
            "---\ntitle: Sans image\nheader-img: introuvable\nlayout: inconnu\n"
            'footer_cta: {text: Piège, url: "javascript:alert(1)"}\n---\n\nTexte gardé.\n'
        ),
    }
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        DEFAULT_CONF + LAYOUT_CONF + 'templates_path = ["_templates"]\n'
        'exclude_patterns = ["_templates"]\n'
    )
    for name, content in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return sphinx_build(src)


def test_summary_is_a_lead_and_the_meta_description(site):
    soup = site.html("pages/complete")
    lead = soup.select_one("article .jekyll-hero p.lead")
    assert lead.get_text() == "Un résumé <b>gras</b>"  # escaped, never HTML
    assert lead.find("b") is None
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Un résumé <b>gras</b>"


def test_empty_summary_shows_nothing(site):
    soup = site.html("pages/vecteur")
    assert soup.select_one("article p.lead") is None
    assert soup.find("meta", attrs={"name": "description"}) is None


def test_header_image_is_the_banner(site):
    img = site.html("pages/complete").select_one("article .jekyll-hero img.jekyll-hero-image")
    assert img["src"].endswith("banniere.png")
    assert (site.outdir / "_images" / "banniere.png").exists()


def test_svg_with_raster_twin_uses_svg_in_html(site):
    img = site.html("pages/vecteur").select_one("article img.jekyll-hero-image")
    assert img["src"].endswith("double.svg")


def test_missing_header_image_warns_and_page_builds(site):
    warnings = [w for w in site.warning_lines() if "jekyll.header_image" in w]
    assert len(warnings) == 1
    # at the line of the key, not at the front matter's first line
    assert "sans-image.md:3:" in warnings[0] and "'introuvable'" in warnings[0]
    assert "_static/img/headers" in warnings[0]
    assert "Texte gardé." in site.html("pages/sans-image").get_text()


def test_unknown_layout_gets_the_builtin_design_without_warning(site):
    assert [w for w in site.warning_lines() if "jekyll.layout" in w] == []
    soup = site.html("pages/sans-image")
    assert soup.select_one(".jekyll-layout-expertises") is None
    assert soup.select_one(".jekyll-layout.jekyll-layout-inconnu") is not None
    nav = soup.select_one(".jekyll-layout-nav")
    assert [a.get_text() for a in nav.select("a")] == ["Sans image"]
    assert site.html("pages/simple").select_one(".jekyll-layout-expertises") is not None


def test_calls_to_action(site):
    soup = site.html("pages/complete")
    header = soup.select_one(".jekyll-hero .jekyll-header-cta a")
    assert header.get_text() == "Appelez-nous" and header["href"] == "/contact.html"
    footer = soup.select("article .jekyll-footer-cta a")
    assert [(a.get_text(), a["href"]) for a in footer] == [("Devis", "https://ex.org/devis")]
    unsafe = site.html("pages/sans-image").select_one("article .jekyll-footer-cta")
    assert unsafe.get_text().strip() == "Piège" and unsafe.find("a") is None


def test_layout_sidebar_lists_the_pages_of_the_layout(site):
    soup = site.html("pages/simple")
    nav = soup.select_one(".jekyll-layout-nav")
    names = [a.get_text() for a in nav.select("a")]
    assert names == ["Juste un titre", "Page complète", "Vecteur"]
    assert nav.select_one("li.current a").get_text() == "Juste un titre"


def test_other_keys_are_metadata_not_text(site):
    soup = site.html("pages/complete")
    assert "Ana" not in soup.select_one("article").get_text()


def test_cards_from_front_matter(site):
    soup = site.html("index")
    cards = soup.select(".jekyll-cards .sd-card")
    titles = [c.select_one(".sd-card-title").get_text().strip() for c in cards]
    assert titles == ["Juste un titre", "Page complète", "Vecteur"]  # layout filter
    complete = cards[1]
    assert complete.select_one("a")["href"] == "pages/complete.html"
    assert "Un résumé <b>gras</b>" in complete.get_text()
    assert complete.select_one("img")["src"].endswith("banniere.png")


def test_only_front_matter_page_gets_everything(build_project):
    result = build_project(
        {
            "_static/img/headers/x.png": PNG,
            "index.md": "---\ntitle: Accueil\n---\n\n```{page-cards} *\n```\n\n"
            "```{toctree}\n:glob:\n*\n```\n",
            "nouvelle.md": "---\nlayout: expertises\ntitle: Nouvelle\nsummary: Résumé\n"
            "header-img: x\npermalink: /n/nouvelle.html\n---\n",
        },
        conf=LAYOUT_CONF.replace("jekyll/expertises.html", "page.html"),
        extra_args=("-W",),
    )
    assert result.returncode == 0, result.warnings
    page = result.html("nouvelle")
    assert page.select_one("article h1").get_text().rstrip("#").strip() == "Nouvelle"
    assert page.select_one(".jekyll-hero img") and page.select_one(".jekyll-hero .lead")
    assert page.select_one(".jekyll-layout-nav li.current")
    card = result.html("index").select_one(".sd-card")
    assert card.select_one(".sd-card-title").get_text().strip() == "Nouvelle"
    assert (result.outdir / "n" / "nouvelle.html").exists()


def test_cards_see_the_layout_given_by_defaults(build_project):
    """Regression: page-cards read the files without _config.yml's defaults:, so a page
    whose layout came from defaults: was in the layout's sidebar but not in its cards."""
    result = build_project(
        {
            "_config.yml": (
                "defaults:\n  - scope: {path: pages}\n    values: {layout: expertises}\n"
            ),
            "index.md": "---\ntitle: Accueil\n---\n\n```{page-cards} pages/*\n:layout: expertises\n"
            "```\n\n```{toctree}\n:glob:\npages/*\n```\n",
            "pages/par-defaut.md": "---\ntitle: Par défaut\n---\n\nTexte.\n",
            "pages/ecrit.md": "---\ntitle: Écrit\nlayout: expertises\n---\n\nTexte.\n",
        }
    )
    assert result.returncode == 0, result.warnings
    cards = [c.get_text(" ", strip=True) for c in result.html("index").select("article .sd-card")]
    assert any("Par défaut" in card for card in cards), cards
    assert any("Écrit" in card for card in cards), cards


def test_a_large_layout_sidebar_shows_the_chunk_of_the_page(build_project):
    pages = {
        f"p{i}.md": f"---\ntitle: Page {i}\nlayout: fiche\nnav_order: {i}\n---\n\nTexte {i}.\n"
        for i in range(1, 8)
    }
    build = build_project(pages, conf="jekyll_navigation_group_size = 3\n")
    assert build.returncode == 0, build.warnings

    def sidebar(docname):
        nav = build.html(docname).select_one(".jekyll-layout-nav")
        return [(a.get_text(), a["href"]) for a in nav.select("a")]

    assert sidebar("p5") == [
        ("…", "p3.html"),
        ("Page 4", "p4.html"),
        ("Page 5", "p5.html"),
        ("Page 6", "p6.html"),
        ("…", "p7.html"),
    ]
    assert sidebar("p1") == [(f"Page {i}", f"p{i}.html") for i in (1, 2, 3)] + [("…", "p4.html")]
    assert sidebar("p7") == [("…", "p6.html"), ("Page 7", "p7.html")]
    current = build.html("p5").select_one(".jekyll-layout-nav li.current a")
    assert current.get_text() == "Page 5"
