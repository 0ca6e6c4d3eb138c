"""Links lead where they led on the Jekyll site: relative, root-absolute, raw HTML."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import DEFAULT_CONF, sphinx_build
from jekyll_guide.pages import (
    LinkTarget,
    reread_pages_read_without_marks,
    resolve_written_link,
    rewrite_pages_when_navigation_changes,
)
from jekyll_guide.urls import resolve_href, rewrite_html_hrefs, strip_baseurl

# The Jekyll site lives in site/ (jekyll_site_dir): its URLs start there.
# chef.md has no permalink: its URL is /expertises/chef.html; dev.md's URL is its
# permalink, /metiers/developpeur.html (not /expertises/dev.html).
COMPLEX_RAW = (
    '<div class="hero text-center"><svg width="10" height="10" aria-hidden="true">'
    '<circle r="4"/></svg>\n'
    '<a class="btn btn-outline-primary" href="/contact.html#form">Nous écrire</a>\n'
    "<a href='../blog/article.html' data-note=\"a>b\">Le blog</a>\n"
    '<a href="/tarifs.html" class="btn btn-light">Tarifs</a>\n'
    '<a href="autre.html">Autre</a> <a href="https://x.org/">Ailleurs</a>\n'
    '<a href="/portfolio.html">Portfolio</a>\n'
    "</div>"
)

PAGES = {
    "index.md": """
        ---
        title: Accueil
        ---

        ```{toctree}
        site/index
        site/contact
        site/blog/index
        site/blog/article
        site/expertises/chef
        site/expertises/dev
        ```
        """,
    "site/index.md": "---\ntitle: Le site\n---\n\nBienvenue.\n",
    "site/contact.md": """
        ---
        title: Contact
        ---

        ## Formulaire
        {: #form}

        Écrivez-nous.

        (horaires)=
        ## Horaires

        [Le libellé](horaires), [le document](blog/article), [accueil du site](index).
        """,
    "site/blog/index.md": "---\ntitle: Blog\n---\n\nLes articles.\n",
    "site/blog/article.md": """
        ---
        title: Article
        ---

        [Le chef](../expertises/chef.html) et [le développeur](/metiers/developpeur.html).

        ## Suite
        {: #suite}

        La suite.
        """,
    "site/expertises/dev.md": """
        ---
        title: Développeur
        permalink: /metiers/developpeur.html
        ---

        [Article](../blog/article.html), [chef relatif](chef.html).

        ## Mission
        {: #mission}

        Sa mission.
        """,
    "site/expertises/chef.md": textwrap.dedent("""
        ---
        title: Chef de projet
        ---

        - [dev relatif](dev.html)
        - [dev permalien](../metiers/developpeur.html#mission)
        - [dev sans extension](../metiers/developpeur)
        - [article](../blog/article.html#suite)
        - [blog](../blog/)
        - [blog index](../blog/index.html)
        - [blog sans slash](../blog)
        - [source md](dev.md#mission)
        - [source md ailleurs](../blog/article.md#suite)
        - [accueil](../)
        - [elle-même](chef.html)
        - [inconnu](autre-page.html)
        - [inconnu dossier](../dossier/)
        - [plaquette](../files/plaquette.pdf)
        - [portfolio](/portfolio.html)
        - [portfolio encore](/portfolio.html)
        - [contact absolu](/contact.html)
        - [blog absolu](/blog/)
        - [par site.url]({{ site.url }}/blog/article.html#suite)
        - [mail](mailto:equipe@ex.fr) [ext](https://ailleurs.org/x.html) [tel](tel:+33123)
        - [ancre locale](#local)
        - [bouton](/contact.html#form){: .btn .btn-primary}
        - Voir <a href="/blog/">le blog</a>.

        Un paragraphe.
        {: #local}

        """)
    + '\n<div class="text-center"><a class="btn btn-primary" href="/contact.html">Contact</a> '
    + '<a href="/devis.html">Devis</a></div>\n\n'
    + COMPLEX_RAW
    + "\n",
}

WITH_URL = 'title: Le site\nurl: "https://www.ex.fr"\nbaseurl: ""\n'
WITHOUT_URL = "title: Le site\n"


def write_site(root: Path, config_yml: str) -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(DEFAULT_CONF + 'jekyll_site_dir = "site"\n', "utf-8")
    for name, text in {**PAGES, "site/_config.yml": config_yml}.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
    return src


@pytest.fixture(scope="module")
def with_url(tmp_path_factory):
    src = write_site(tmp_path_factory.mktemp("links-url"), WITH_URL)
    return sphinx_build(src, extra_args=("-W", "--keep-going"))


@pytest.fixture(scope="module")
def without_url(tmp_path_factory):
    return sphinx_build(write_site(tmp_path_factory.mktemp("links-no-url"), WITHOUT_URL))


def links(soup: BeautifulSoup) -> dict[str, BeautifulSoup]:
    return {
        a.get_text(): a for a in soup.select("article a") if "headerlink" not in a.get("class", [])
    }


# ---- HTML, site with url: --------------------------------------------------------

#: link text → href, from site/expertises/chef.html (every form of link)
CHEF_HREFS = {
    # relative, resolved against /expertises/chef.html
    "dev relatif": "dev.html",  # /expertises/dev.html is no page (dev has a permalink)
    "dev permalien": "dev.html#mission",
    "dev sans extension": "dev.html",
    "article": "../blog/article.html#suite",
    "blog": "../blog/index.html",
    "blog index": "../blog/index.html",
    "blog sans slash": "../blog/index.html",
    "source md": "dev.html#mission",
    "source md ailleurs": "../blog/article.html#suite",
    "accueil": "../index.html",
    "elle-même": "chef.html",
    "inconnu": "autre-page.html",
    "inconnu dossier": "../dossier/",
    "plaquette": "../files/plaquette.pdf",
    # root-absolute
    "portfolio": "https://www.ex.fr/portfolio.html",
    "portfolio encore": "https://www.ex.fr/portfolio.html",
    "contact absolu": "../contact.html",
    "blog absolu": "../blog/index.html",
    "par site.url": "../blog/article.html#suite",
    # untouched
    "mail": "mailto:equipe%40ex.fr",
    "ext": "https://ailleurs.org/x.html",
    "tel": "tel:+33123",
    "ancre locale": "#local",
    # attribute list, inline HTML, raw HTML made nodes, raw HTML kept raw
    "bouton": "../contact.html#form",
    "le blog": "../blog/index.html",
    "Contact": "../contact.html",
    "Devis": "https://www.ex.fr/devis.html",
    "Nous écrire": "../contact.html#form",
    "Le blog": "../blog/article.html",
    "Tarifs": "https://www.ex.fr/tarifs.html",
    "Autre": "autre.html",
    "Ailleurs": "https://x.org/",
    "Portfolio": "https://www.ex.fr/portfolio.html",
}

INTERNAL = {
    "dev permalien",
    "dev sans extension",
    "article",
    "blog",
    "blog index",
    "blog sans slash",
    "source md",
    "source md ailleurs",
    "accueil",
    "elle-même",
    "contact absolu",
    "blog absolu",
    "par site.url",
    "bouton",
    "le blog",
    "Contact",
}


def test_builds_with_W_without_any_warning(with_url):
    assert with_url.returncode == 0, with_url.warnings
    assert with_url.warning_lines() == []


def test_every_form_of_link_leads_where_it_did_on_jekyll(with_url):
    found = {text: a["href"] for text, a in links(with_url.html("site/expertises/chef")).items()}
    assert found == CHEF_HREFS


def test_pages_of_the_guide_are_internal_links_to_existing_files_and_ids(with_url):
    page = with_url.outdir / "site/expertises/chef.html"
    for text, a in links(with_url.html("site/expertises/chef")).items():
        if text not in INTERNAL:
            continue
        if a.get("class"):  # nodes: Sphinx's classes (raw HTML keeps its own)
            assert "internal" in a["class"], text
        path, _, anchor = a["href"].partition("#")
        target = (page.parent / path).resolve()
        assert target.is_file(), (text, a["href"])
        if anchor:
            soup = BeautifulSoup(target.read_text("utf-8"), "lxml")
            assert soup.find(id=anchor) is not None, (text, a["href"])


def test_no_page_url_becomes_a_fragment(with_url):
    for docname in ("site/expertises/chef", "site/expertises/dev", "site/blog/article"):
        for text, a in links(with_url.html(docname)).items():
            href = a["href"]
            assert not href.startswith("#") or text == "ancre locale", (docname, text, href)
            assert "javascript:" not in href


def test_relative_links_resolve_against_the_jekyll_url(with_url):
    # dev's URL is /metiers/developpeur.html: chef.html there is /metiers/chef.html
    dev = links(with_url.html("site/expertises/dev"))
    assert dev["Article"]["href"] == "../blog/article.html"
    assert dev["chef relatif"]["href"] == "chef.html"
    assert "external" in dev["chef relatif"]["class"]
    article = links(with_url.html("site/blog/article"))
    assert article["Le chef"]["href"] == "../expertises/chef.html"
    assert article["le développeur"]["href"] == "../expertises/dev.html"


def test_myst_targets_are_left_to_myst(with_url):
    contact = links(with_url.html("site/contact"))
    assert contact["Le libellé"]["href"] == "#horaires"
    assert contact["le document"]["href"] == "blog/article.html"
    assert contact["accueil du site"]["href"] == "index.html"


def test_button_classes_are_kept(with_url):
    found = links(with_url.html("site/expertises/chef"))
    for text in ("Contact", "bouton"):
        assert {"btn", "btn-primary", "sd-btn", "sd-btn-primary", "internal"} <= set(
            found[text]["class"]
        ), text
    assert found["Nous écrire"]["class"] == ["btn", "btn-outline-primary"]
    assert found["Tarifs"]["class"] == ["btn", "btn-light"]
    assert found["Contact"].find_parent("div", class_="text-center") is not None


def test_raw_html_keeps_every_byte_but_the_hrefs(with_url):
    text = (with_url.outdir / "site/expertises/chef.html").read_text("utf-8")
    expected = (
        COMPLEX_RAW.replace('"/contact.html#form"', '"../contact.html#form"')
        .replace('"/tarifs.html"', '"https://www.ex.fr/tarifs.html"')
        .replace('"/portfolio.html"', '"https://www.ex.fr/portfolio.html"')
    )
    # kramdown's HTML parser re-writes the markup (as kramdown's own output does):
    # the same elements, attributes and text, with only the hrefs changed
    def shape(markup):
        soup = BeautifulSoup(markup, "html.parser")
        root = soup.find("div", class_="hero")
        return [(t.name, t.attrs) for t in root.find_all(True)], root.get_text()

    page = BeautifulSoup(text, "html.parser").find("div", class_="hero")
    assert shape(str(page)) == shape(expected)


# ---- site without url: -----------------------------------------------------------


def link_warnings(build) -> list[str]:
    return [line for line in build.warning_lines() if "[jekyll.link]" in line]


def test_without_site_url_root_links_stay_and_warn_once_per_target(without_url):
    warnings = link_warnings(without_url)
    targets = sorted(re.search(r"link '([^']+)'", line).group(1) for line in warnings)
    # /portfolio.html: twice in Markdown, once in raw HTML, one warning
    assert targets == ["/devis.html", "/portfolio.html", "/tarifs.html"], warnings
    source = textwrap.dedent(PAGES["site/expertises/chef.md"]).lstrip("\n").splitlines()
    first = next(i for i, line in enumerate(source, 1) if "/portfolio.html" in line)
    portfolio = next(line for line in warnings if "/portfolio.html" in line)
    assert f"chef.md:{first}: WARNING:" in portfolio
    assert "url:" in portfolio and "_config.yml" in portfolio
    assert not [w for w in without_url.warning_lines() if "myst" in w], without_url.warnings


def test_without_site_url_links_are_left_as_written(without_url):
    found = {text: a["href"] for text, a in links(without_url.html("site/expertises/chef")).items()}
    assert found["portfolio"] == "/portfolio.html"
    assert found["Devis"] == "/devis.html"
    assert found["Tarifs"] == "/tarifs.html"
    assert found["Portfolio"] == "/portfolio.html"
    # pages are found all the same ({{ site.url }} renders as nothing)
    for text in ("contact absolu", "Contact", "Nous écrire", "par site.url", "dev permalien"):
        assert found[text] == CHEF_HREFS[text], text


# ---- other builders --------------------------------------------------------------


@pytest.fixture(scope="module")
def site_source(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("links-builders"), WITH_URL)


def test_dirhtml_links_to_the_page_folders(site_source):
    build = sphinx_build(site_source, builder="dirhtml")
    assert build.returncode == 0, build.warnings
    assert link_warnings(build) == []
    page = build.outdir / "site/expertises/chef/index.html"
    found = {text: a["href"] for text, a in links(BeautifulSoup(page.read_text(), "lxml")).items()}
    assert found["dev permalien"] == "../dev/#mission"
    assert found["blog sans slash"] == "../../blog/"
    assert found["accueil"] == "../../"
    assert found["Contact"] == "../../contact/"
    assert found["Nous écrire"] == "../../contact/#form"  # kept raw
    assert found["inconnu"] == "autre-page.html"
    for text in INTERNAL:
        assert (page.parent / found[text].partition("#")[0] / "index.html").resolve().is_file()


def test_singlehtml_links_to_the_page_sections(site_source):
    build = sphinx_build(site_source, builder="singlehtml")
    assert build.returncode == 0, build.warnings
    soup = build.html("index")
    found = {a.get_text(): a["href"] for a in soup.select("a") if a.get_text()}
    assert found["dev permalien"] == "#mission"
    assert found["blog"] == "#document-site/blog/index"
    assert found["Nous écrire"] == "#form"  # kept raw
    for text in INTERNAL:
        assert soup.find(id=found[text][1:]) is not None, (text, found[text])


def test_latex_links_pages_to_their_labels(site_source):
    build = sphinx_build(site_source, builder="latex")
    assert build.returncode == 0, build.warnings
    assert link_warnings(build) == []
    tex = next(
        text
        for text in (p.read_text("utf-8") for p in build.outdir.glob("*.tex"))
        if r"\begin{document}" in text
    )

    def hyperref(label: str, text: str) -> str:
        return rf"\hyperref[\detokenize{{{label}}}]{{\sphinxcrossref{{{text}}}"

    for label, text in [
        ("site/expertises/dev:mission", "dev permalien"),
        ("site/expertises/dev::doc", "dev sans extension"),
        ("site/blog/article:suite", "source md ailleurs"),
        ("site/blog/index::doc", "blog sans slash"),
        ("site/contact::doc", "contact absolu"),
        ("site/blog/article:suite", "par site.url"),
        ("site/index::doc", "accueil"),
    ]:
        assert hyperref(label, text) in tex, text
        assert rf"\label{{\detokenize{{{label}}}}}" in tex, label
    assert r"\sphinxhref{https://www.ex.fr/portfolio.html}{portfolio}" in tex
    assert r"\sphinxhref{autre-page.html}{inconnu}" in tex
    assert r"\sphinxhref{/" not in tex and r"\sphinxhref{\#" not in tex


# ---- the rules, without Sphinx ---------------------------------------------------


def fake_env(**urls) -> SimpleNamespace:
    return SimpleNamespace(
        config=SimpleNamespace(source_suffix={".md": "markdown"}),
        jekyll_urls=urls,
        jekyll_source_pages={"pages/x.md": "x"},
        jekyll_source_paths={"x": "pages/x.md", "y": "pages/y.md"},
        jekyll_page_urls={"x": "/x.html", "y": "/y.html"},
    )


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/blog/x.html#a", LinkTarget("x", "a")),
        ("/x.html", LinkTarget(url="https://h.fr/x.html")),  # the host's root, not baseurl
        ("https://h.fr/blog/x.html", LinkTarget("x")),
        ("https://h.fr/blog", LinkTarget("home")),
        ("https://h.fr/x.html", LinkTarget()),
        ("x.html?q=1#b", LinkTarget("x", "b")),
        ("x", LinkTarget("x")),
        ("../x.html", LinkTarget()),  # /x.html, out of baseurl
        ("x.md", LinkTarget("x")),
        ("/blog/pages/x.md", LinkTarget("x")),  # a source, under baseurl
        ("//cdn.org/x.html", LinkTarget()),
        ("javascript:alert(1)", LinkTarget()),
        ("#a", LinkTarget()),
    ],
)
def test_links_under_a_baseurl(target, expected):
    env = fake_env(**{"x.html": "x", "index.html": "home"})
    site = {"url": "https://h.fr/", "baseurl": "/blog"}
    assert resolve_written_link(env, site, "y", target) == expected


def test_root_links_without_site_url_need_one():
    env = fake_env(**{"x.html": "x"})
    assert resolve_written_link(env, {}, "y", "/x.html") == LinkTarget("x")
    assert resolve_written_link(env, {}, "y", "/pages/x.md#i") == LinkTarget("x", "i")
    assert resolve_written_link(env, {}, "y", "/nope.html") == LinkTarget(needs_site_url=True)
    assert resolve_written_link(env, {}, None, "x.html") == LinkTarget()


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("/a/b.html", "../c/#x", ("/c/", "x")),
        ("/a/", "x.html", ("/a/x.html", "")),
        ("/a/b.html", "../../../x", ("/x", "")),
        ("/a/b.html", "caf%C3%A9.html?q=1#d%C3%A9", ("/a/café.html", "dé")),
        ("/a/b.html", "", ("/a/b.html", "")),
    ],
)
def test_resolve_href_as_a_browser(base, href, expected):
    assert resolve_href(base, href) == expected


def test_strip_baseurl():
    assert strip_baseurl("/blog/x", "/blog/") == "/x"
    assert strip_baseurl("/blog", "blog") == "/"
    assert strip_baseurl("/blogue/x", "/blog") is None
    assert strip_baseurl("/x", "") == "/x"


def test_rewrite_html_hrefs_changes_only_link_hrefs():
    html = (
        '<div class="x"><!-- <a href="/c.html"> --><svg><a href=\'/s.html\'><path/></a>'
        '<use href="/u.svg#i"/></svg>\n<script>var s = \'<a href="/js.html">\';</script>\n'
        '<A CLASS="btn" data-x="a>b" HREF = /x.html?a=1&amp;b=2 href="/2nd">X</A>'
        '<a title="/t.html">t</a><area href="/area.html"></div>'
    )
    seen = []

    def rewrite(href):
        seen.append(href)
        return "N" + href + '"&' if href != "/area.html" else None

    result = rewrite_html_hrefs(html, rewrite)
    assert seen == ["/s.html", "/x.html?a=1&b=2", "/area.html"]
    # a double quote needs no escape inside single quotes; the quote around a value does
    assert result == html.replace("'/s.html'", "'N/s.html\"&amp;'").replace(
        "/x.html?a=1&amp;b=2 ", '"N/x.html?a=1&amp;b=2&quot;&amp;" '
    )
    assert rewrite_html_hrefs("<a href='/x'", lambda h: "y") == "<a href='/x'"


def test_pages_read_before_links_were_marked_are_read_again_once():
    env = SimpleNamespace(all_docs={"a": 1, "b": 1, "c": 1})
    assert reread_pages_read_without_marks(None, env, set(), set(), {"c"}) == ["a", "b"]
    assert reread_pages_read_without_marks(None, env, set(), set(), set()) == []


def test_every_page_is_rewritten_when_site_url_changes():
    env = SimpleNamespace(
        jekyll_pages={},
        found_docs={"a", "b"},
        config=SimpleNamespace(jekyll_nav_order_key="nav_order"),
    )

    def app(url):
        return SimpleNamespace(jekyll_site=SimpleNamespace(site={"url": url}))

    assert rewrite_pages_when_navigation_changes(app("https://a.fr"), env) == []
    assert rewrite_pages_when_navigation_changes(app("https://a.fr"), env) == []
    assert rewrite_pages_when_navigation_changes(app("https://b.fr"), env) == ["a", "b"]
