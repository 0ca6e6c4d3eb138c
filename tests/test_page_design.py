"""The page design of any Jekyll site: built-in layouts, header banners, callouts, utilities.

One small site (``_config.yml`` with just-the-docs callouts, header images in
``assets/img/headers/``, a layout no template is given for) is built with every
installed theme, as LaTeX, and as a PDF when TeX Live is there.
"""

from __future__ import annotations

import importlib.util
import struct
import subprocess
import zlib

import pytest
from conftest import require_chromium, require_latex, sphinx_build, write_files

THEMES = [
    theme
    for theme, module in [
        ("pydata_sphinx_theme", "pydata_sphinx_theme"),
        ("furo", "furo"),
        ("sphinx_rtd_theme", "sphinx_rtd_theme"),
        ("alabaster", "alabaster"),
    ]
    if importlib.util.find_spec(module) is not None
]


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain-colour PNG (no Pillow needed)."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


CONFIG_YML = """\
callouts_level: quiet
callouts:
  note:
    title: Note
    color: blue
  warning:
    title: Warning
    color: red
  highlight:
    color: yellow
"""

PORTRAIT = """\
---
title: Portrait
layout: recette
header-img: portrait
summary: Une recette en hauteur
header_cta: Appelez-nous
footer_cta: Un devis
---

Une note simple.
{: .note }

{: .warning-title }
> Titre à moi
>
> Le texte de l'avertissement.

{: .highlight }
Surligné sans titre.

> Deux paragraphes
>
> dans une note.
{: .note }

Nouveau
{: .label .label-green }

Grand texte léger
{: .fs-6 .fw-300 }

Sommaire
{: .text-delta }
"""

LANDSCAPE = """\
---
title: Paysage
layout: recette
header-img: paysage.png
---

Texte.
"""

FILES = {
    "_config.yml": CONFIG_YML,
    "assets/img/headers/portrait.png": png(600, 900, (200, 80, 40)),
    "assets/img/headers/paysage.png": png(1200, 400, (40, 120, 200)),
    "index.md": "---\ntitle: Accueil\n---\n\n```{toctree}\nportrait\npaysage\n```\n",
    "portrait.md": PORTRAIT,
    "paysage.md": LANDSCAPE,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    src = tmp_path_factory.mktemp("design") / "src"
    write_files(src, FILES, dedent=False)
    (src / "conf.py").write_text(
        'extensions = ["jekyll_guide"]\nlanguage = "fr"\nproject = "Design"\n'
        'jekyll_cta_url = "https://example.org/contact"\n'
        'latex_documents = [("index", "design.tex", "Design", "Moi", "manual")]\n',
        "utf-8",
    )
    return src


@pytest.fixture(scope="module")
def builds(project):
    """One HTML build per installed theme (``-W``: no warning at all)."""
    results = {}
    for theme in THEMES:
        out = project.parent / f"html-{theme}"
        results[theme] = sphinx_build(
            project, out, extra_args=("-W", "--keep-going", "-D", f"html_theme={theme}")
        )
    return results


@pytest.fixture(scope="module")
def latex(project):
    result = sphinx_build(project, project.parent / "latex", builder="latex", extra_args=("-W",))
    assert result.returncode == 0, result.warnings
    return result


# ---- built-in layout ------------------------------------------------------------------


def test_themes_are_tested():
    assert {"pydata_sphinx_theme", "alabaster"} <= set(THEMES)


@pytest.mark.parametrize("theme", THEMES)
def test_unknown_layout_gets_the_builtin_design_with_no_warning(builds, theme):
    result = builds[theme]
    assert result.returncode == 0, result.warnings
    assert result.warning_lines() == []
    soup = result.html("portrait")
    layout = soup.select_one(".jekyll-layout.jekyll-layout-recette")
    assert layout is not None
    hero = layout.select_one(".jekyll-hero")
    assert hero.select_one("img.jekyll-hero-image")["src"].endswith("portrait.png")
    assert hero.select_one("p.lead").get_text() == "Une recette en hauteur"
    cta = hero.select_one(".jekyll-header-cta a")
    assert cta.get_text() == "Appelez-nous" and cta["href"] == "https://example.org/contact"
    assert layout.select_one(".jekyll-footer-cta a").get_text() == "Un devis"
    if theme == "sphinx_rtd_theme":
        return  # the theme draws its own navigation, with no sidebar templates
    nav = soup.select_one(".jekyll-layout-nav")
    assert [a.get_text() for a in nav.select("a")] == ["Paysage", "Portrait"]
    assert nav.select_one("li.current a").get_text() == "Portrait"
    if theme == "alabaster":
        assert soup.select_one(".sphinxsidebar form.search, .sphinxsidebar #searchbox")
    if theme == "furo":
        assert soup.select_one(".sidebar-drawer form.sidebar-search-container")


def test_generic_jekyll_layouts_keep_the_theme_design(build_project):
    result = build_project(
        {"page.md": "---\ntitle: Page\nlayout: default\n---\n\nTexte.\n"}, extra_args=("-W",)
    )
    assert result.returncode == 0, result.warnings
    soup = result.html("page")
    assert soup.select_one(".jekyll-layout") is None
    assert soup.select_one(".jekyll-layout-nav") is None


def test_jekyll_layouts_still_override(build_project):
    result = build_project(
        {
            "_templates/jekyll/mine.html": (
                '{% extends "page.html" %}{% block body %}<div class="mine">{{ super() }}'
                "</div>{% endblock %}"
            ),
            "page.md": "---\ntitle: Page\nlayout: recette\n---\n\nTexte.\n",
        },
        conf='templates_path = ["_templates"]\nexclude_patterns = ["_templates"]\n'
        'jekyll_layouts = {"recette": "jekyll/mine.html"}\n',
        extra_args=("-W",),
    )
    assert result.returncode == 0, result.warnings
    soup = result.html("page")
    assert soup.select_one(".mine") is not None and soup.select_one(".jekyll-layout") is None


# ---- header images found in the site's folders, shown as banners -----------------------


def test_header_images_are_found_by_name_under_assets(builds):
    result = builds["pydata_sphinx_theme"]
    assert result.html("portrait").select_one("img.jekyll-hero-image")["src"] == (
        "_images/portrait.png"
    )
    assert result.html("paysage").select_one("img.jekyll-hero-image")["src"] == (
        "_images/paysage.png"
    )


@pytest.mark.parametrize("folder", ["images", "img", "assets", "assets/a/b/c"])
def test_header_image_folders(build_project, folder):
    result = build_project(
        {
            f"{folder}/bandeau.png": png(4, 2, (0, 0, 0)),
            "page.md": "---\ntitle: Page\nheader-img: bandeau\n---\n\nTexte.\n",
        },
        extra_args=("-W",),
    )
    assert result.returncode == 0, result.warnings
    assert result.html("page").select_one("img.jekyll-hero-image")["src"].endswith("bandeau.png")


def test_listed_folders_and_no_image_outside_the_source(build_project, tmp_path):
    outside = tmp_path / "dehors"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(4, 2, (0, 0, 0)))
    result = build_project(
        {
            "mes/bandeaux/perso.png": png(4, 2, (0, 0, 0)),
            "page.md": "---\ntitle: Page\nheader-img: perso\n---\n\nTexte.\n",
            "fuite.md": "---\ntitle: Fuite\nheader-img: ../dehors/secret\n---\n\nTexte.\n",
        },
        conf='jekyll_header_image_dirs = ["mes/bandeaux"]\n',
    )
    assert result.html("page").select_one("img.jekyll-hero-image")["src"].endswith("perso.png")
    assert result.html("fuite").select_one("img.jekyll-hero-image") is None
    warnings = [w for w in result.warning_lines() if "jekyll.header_image" in w]
    assert len(warnings) == 1 and "mes/bandeaux" in warnings[0]


def test_banner_css_crops_to_half_the_width(builds):
    css = (builds["pydata_sphinx_theme"].outdir / "_static" / "jekyll_guide.css").read_text()
    rule = css[css.index(".jekyll-hero img.jekyll-hero-image") :]
    rule = rule[: rule.index("}")]
    assert "object-fit: cover" in rule and "max-height: 50cqi" in rule and "width: 100%" in rule


@pytest.fixture(scope="module")
def chromium_page():
    chromium = require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 800})
        finally:
            browser.close()


BROWSER_THEMES = [t for t in ("pydata_sphinx_theme", "furo", "alabaster") if t in THEMES]


@pytest.mark.browser
@pytest.mark.parametrize("theme", BROWSER_THEMES)
def test_banner_height_at_1280px(builds, chromium_page, theme):
    page = chromium_page
    sizes = {}
    for name in ("portrait", "paysage"):
        page.goto((builds[theme].outdir / f"{name}.html").as_uri())
        page.wait_for_function("document.querySelector('img.jekyll-hero-image').complete")
        sizes[name] = page.evaluate(
            """() => {
            const img = document.querySelector('img.jekyll-hero-image');
            const box = img.getBoundingClientRect();
            return {width: box.width, height: box.height, natural: img.naturalWidth,
                    fit: getComputedStyle(img).objectFit};
        }"""
        )
    portrait, landscape = sizes["portrait"], sizes["paysage"]
    assert portrait["natural"] == 600 and portrait["fit"] == "cover"
    assert 0 < portrait["height"] <= 640
    assert portrait["height"] <= portrait["width"] / 2 + 1  # cropped to a banner
    assert portrait["width"] > 300
    # a landscape image wider than 2:1 keeps its own proportions
    assert abs(landscape["height"] - landscape["width"] / 3) <= 2


@pytest.mark.browser
@pytest.mark.parametrize("theme", BROWSER_THEMES)
def test_callouts_are_coloured_boxes_in_the_browser(builds, chromium_page, theme):
    page = chromium_page
    page.goto((builds[theme].outdir / "portrait.html").as_uri())
    boxes = page.evaluate(
        """() => Object.fromEntries(['p.note', 'blockquote.warning-title', 'p.highlight']
            .map(sel => {
                const el = document.querySelector(sel);
                const box = el.getBoundingClientRect();
                const parent = el.parentElement.getBoundingClientRect();
                const css = getComputedStyle(el);
                const title = el.querySelector('.jekyll-callout-title');
                return [sel, {right: box.right, parentRight: parent.right,
                              background: css.backgroundColor,
                              rule: css.borderLeftColor, ruleWidth: css.borderLeftWidth,
                              titleColor: title && getComputedStyle(title).color,
                              titleCase: title && getComputedStyle(title).textTransform}];
            }))"""
    )
    for box in boxes.values():
        assert box["right"] <= box["parentRight"] + 1  # inside the article
        assert box["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert box["ruleWidth"] == "4px"
    assert boxes["p.note"]["rule"] == "rgb(24, 51, 133)"  # just-the-docs' blue-300
    assert boxes["blockquote.warning-title"]["rule"] == "rgb(221, 46, 46)"  # red-300
    assert boxes["p.note"]["titleColor"] == boxes["p.note"]["rule"]
    assert boxes["p.note"]["titleCase"] == "uppercase"


def test_latex_crops_the_banner(latex):
    tex = (latex.outdir / "design.tex").read_text("utf-8")
    assert "\\newenvironment{jekyllbanner}" in tex and "\\clipbox" in tex
    portrait = tex[tex.index("\\begin{jekyllbanner}") :]
    portrait = portrait[: portrait.index("\\end{jekyllbanner}")]
    assert "\\sphinxincludegraphics[width=1.000\\linewidth]{{portrait}.png}" in portrait
    assert (latex.outdir / "portrait.png").exists()


@pytest.fixture(scope="module")
def pdf(latex):
    require_latex()
    from pypdf import PdfReader

    result = subprocess.run(
        ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", "design.tex"],
        cwd=latex.outdir,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
    )
    log = (latex.outdir / "design.log").read_text("utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    assert errors == [], errors
    assert result.returncode == 0, result.stdout[-3000:]
    return PdfReader(latex.outdir / "design.pdf")


def _drawn_images(reader, page):
    """(name, clip rectangle (width, height) or None) per image drawn on a page."""
    from pypdf.generic import ContentStream

    operations = ContentStream(page.get_contents(), reader).operations
    clip, drawn = None, []
    for index, (args, operator) in enumerate(operations):
        if operator == b"re" and index + 1 < len(operations) and operations[index + 1][1] == b"W":
            clip = (float(args[2]), float(args[3]))
        elif operator == b"Do":
            drawn.append((str(args[0]), clip))
            clip = None
    return drawn


@pytest.mark.latex
def test_pdf_has_the_cropped_banner(pdf):
    pages = [p for p in pdf.pages if "Une recette en hauteur" in p.extract_text()]
    assert pages, "the portrait page is in the PDF"
    page = pages[0]
    xobjects = page["/Resources"]["/XObject"]
    images = {
        name: obj.get_object()
        for name, obj in xobjects.items()
        if obj.get_object().get("/Subtype") == "/Image"
    }
    assert [(i["/Width"], i["/Height"]) for i in images.values()] == [(600, 900)]
    drawn = _drawn_images(pdf, page)
    assert len(drawn) == 1
    _name, clip = drawn[0]
    assert clip is not None, "the portrait image is clipped"
    width, height = clip
    assert abs(height - width / 2) < 1  # a 2:1 banner, as in HTML
    text = page.extract_text()
    assert "Note" in text and "Une note simple." in text and "Titre à moi" in text


# ---- callouts ---------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_callouts_in_html(builds, theme):
    soup = builds[theme].html("portrait")
    note = soup.find("p", class_="note")
    assert {"jekyll-callout", "jekyll-callout-blue"} <= set(note["class"])
    title = note.select_one(".jekyll-callout-title")
    assert title.get_text() == "Note"
    assert note.get_text().replace("Note", "", 1).strip() == "Une note simple."
    warning = soup.find("blockquote", class_="warning-title")
    assert {"jekyll-callout", "jekyll-callout-red"} <= set(warning["class"])
    paragraphs = warning.find_all("p")
    assert paragraphs[0].get_text() == "Titre à moi"
    assert "jekyll-callout-title" in paragraphs[0]["class"]
    assert "Warning" not in warning.get_text()  # the -title variant has its own title
    highlight = soup.find("p", class_="highlight")
    assert "jekyll-callout-yellow" in highlight["class"]
    assert highlight.select_one(".jekyll-callout-title") is None  # no title configured
    quote = soup.find("blockquote", class_="note")
    texts = [p.get_text() for p in quote.find_all("p")]
    assert texts == ["Note", "Deux paragraphes", "dans une note."]


def test_callouts_css(builds):
    css = (builds["pydata_sphinx_theme"].outdir / "_static" / "jekyll_guide.css").read_text()
    for colour in ("blue", "red", "yellow", "green", "purple", "grey-dk", "grey-lt"):
        assert f".jekyll-callout-{colour} " in css
        assert f".jekyll-callout-loud.jekyll-callout-{colour} " in css


def test_callouts_in_latex(latex):
    tex = (latex.outdir / "design.tex").read_text("utf-8")
    body = tex[tex.index("\\begin{document}") :]
    assert "\\begin{jekyllcallout}{jekyll-blue-000}{jekyll-blue-300}" in body
    note = body[body.index("{jekyll-blue-300}") :]
    note = note[: note.index("\\end{jekyllcallout}")]
    assert "\\DUrole{jekyll-callout-title}{Note}Une note simple." in note
    warning = body[body.index("{jekyll-red-300}") :]
    warning = warning[: warning.index("\\end{jekyllcallout}")]
    assert "\\DUrole{jekyll-callout-title}{Titre à moi}" in warning
    assert "\\begin{quote}" not in warning  # the box, not an indented quote
    assert "\\begin{jekyllcallout}{jekyll-yellow-000}{jekyll-yellow-300}" in body
    assert body.count("\\begin{jekyllcallout}") == body.count("\\end{jekyllcallout}") == 4


def test_loud_callouts(build_project):
    result = build_project(
        {
            "_config.yml": "callouts_level: loud\ncallouts:\n  tip: {title: Astuce, color: green}\n"
            "  bad: {color: pink}\n",
            "page.md": "---\ntitle: Page\n---\n\nUn conseil.\n{: .tip }\n\nGris.\n{: .bad }\n",
        },
    )
    tip = result.html("page").find("p", class_="tip")
    assert {"jekyll-callout-green", "jekyll-callout-loud"} <= set(tip["class"])
    assert "jekyll-callout-grey-dk" in result.html("page").find("p", class_="bad")["class"]
    warnings = [w for w in result.warning_lines() if "jekyll.callout" in w]
    assert len(warnings) == 1 and "'pink'" in warnings[0] and "_config.yml" in warnings[0]


def test_no_callouts_without_configuration(build_project):
    result = build_project(
        {"page.md": "---\ntitle: Page\n---\n\nUne note.\n{: .note }\n"}, extra_args=("-W",)
    )
    assert result.returncode == 0, result.warnings
    note = result.html("page").find("p", class_="note")
    assert "jekyll-callout" not in note["class"]


# ---- utility classes -------------------------------------------------------------------


def test_utility_classes_are_styled(builds):
    css = (builds["pydata_sphinx_theme"].outdir / "_static" / "jekyll_guide.css").read_text()
    selectors = [
        ".label,",
        ".label-blue",
        ".label-green",
        ".label-purple",
        ".label-yellow",
        ".label-red",
        "a.btn.btn-purple",
        "a.btn.btn-blue",
        "a.btn.btn-green",
        "a.btn.btn-outline",
        *(f".fs-{n} " for n in range(1, 11)),
        *(f".fw-{n} " for n in (300, 400, 500, 700)),
        ".text-delta",
        ".no_toc",
        ".d-inline-block",
        ".float-right",
        ".mr-2",
        ".ml-2",
    ]
    missing = [s for s in selectors if s not in css]
    assert missing == []
    soup = builds["pydata_sphinx_theme"].html("portrait")
    assert soup.find("p", class_="label")["class"] == ["label", "label-green"]


def test_utility_classes_in_latex(latex):
    tex = (latex.outdir / "design.tex").read_text("utf-8")
    body = tex[tex.index("\\begin{document}") :]
    assert "\\DUrole{jekyll-label-green}{Nouveau}" in body
    assert "\\DUrole{jekyll-fs-6}{\\DUrole{jekyll-fw-300}{Grand texte léger}}" in body
    assert "\\DUrole{jekyll-text-delta}{Sommaire}" in body


def test_the_guide_still_finds_its_header_images(guide_html):
    assert guide_html.returncode == 0, guide_html.warnings
    for name in ("developpeur-back-end", "integrateur-web", "chef-de-projet-web"):
        img = guide_html.html(f"docs/expertises/{name}").select_one("img.jekyll-hero-image")
        assert img is not None and "inspiration-" in img["src"]
    callout = guide_html.html("docs/rediger").select_one("p.note.jekyll-callout-blue")
    assert callout.select_one(".jekyll-callout-title").get_text() == "Note"


def test_a_newer_stylesheet_replaces_the_last_builds(build_project):
    """Rebuilding after the extension's CSS changed: no copy_overwrite warning under -W."""
    first = build_project({"page.md": "---\ntitle: Page\n---\n\nTexte.\n"}, extra_args=("-W",))
    assert first.returncode == 0, first.warnings
    css = first.outdir / "_static" / "jekyll_guide.css"
    css.write_text("/* the stylesheet of an older version */\n")
    again = sphinx_build(first.srcdir, first.outdir, extra_args=("-W",))
    assert again.returncode == 0, again.warnings
    assert ".jekyll-callout" in css.read_text()
