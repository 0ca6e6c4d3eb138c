"""Permalinks, redirects and links written as URLs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from jekyll_guide.pagemodel import permalink_path
from jekyll_guide.registry import navigation_key

SITE = {
    "_config.yml": "url: https://www.ex.fr\n",
    "index.md": "---\ntitle: Accueil\n---\n\n```{toctree}\n:glob:\npages/*\n```\n",
    "pages/a.md": """
        ---
        title: Page A
        permalink: /expertises/a.html
        redirect_from: [/ancienne-a.html, /vieux/]
        ---

        ## Section
        {: #section}
        """,
    "pages/b.md": """
        ---
        title: Page B
        permalink: "/b/"
        ---

        [par permalien](/expertises/a.html), [avec ancre](/expertises/a.html#section),
        [par site.url]({{ site.url }}/expertises/a.html#section),
        [absolu](https://www.ex.fr/expertises/a.html), [ancienne](/ancienne-a.html),
        [externe](https://ailleurs.org/expertises/a.html){: .btn .btn-primary}
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import textwrap

    from conftest import DEFAULT_CONF, sphinx_build

    src = tmp_path_factory.mktemp("pages") / "src"
    src.mkdir()
    (src / "conf.py").write_text(DEFAULT_CONF)
    for name, text in SITE.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return sphinx_build(src, extra_args=("-W", "--keep-going"))


def test_builds_without_warning(site):
    assert site.returncode == 0, site.warnings


def test_links_written_as_urls_are_internal(site):
    soup = site.html("pages/b")
    links = {a.get_text(): a for a in soup.select("article a")}
    assert links["par permalien"]["href"] == "a.html"
    assert links["avec ancre"]["href"] == "a.html#section"
    assert links["par site.url"]["href"] == "a.html#section"
    assert links["absolu"]["href"] == "a.html"
    assert links["ancienne"]["href"] == "a.html"
    assert links["externe"]["href"] == "https://ailleurs.org/expertises/a.html"
    for text in ("par permalien", "avec ancre", "absolu"):
        assert "internal" in links[text]["class"]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("expertises/a.html", "../pages/a.html"),
        ("ancienne-a.html", "pages/a.html"),
        ("vieux/index.html", "../pages/a.html"),
        ("b/index.html", "../pages/b.html"),
    ],
)
def test_permalinks_and_redirects_answer(site, path, target):
    page = BeautifulSoup((site.outdir / path).read_text("utf-8"), "lxml")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url={target}"
    assert (site.outdir / path).parent.joinpath(target).resolve().exists()


def test_clashing_and_escaping_permalinks_are_errors(build_project):
    result = build_project(
        {
            "un.md": "---\ntitle: Un\npermalink: /meme.html\n---\n\nUn.\n",
            "deux.md": "---\ntitle: Deux\npermalink: /meme.html\n---\n\nDeux.\n",
            "trois.md": "---\ntitle: Trois\npermalink: ../../evade.html\n---\n\nTrois.\n",
            "quatre.md": "---\ntitle: Quatre\nredirect_from: javascript:alert(1)\n---\n\nQuatre.\n",
        }
    )
    errors = [w for w in result.warning_lines() if "jekyll.permalink" in w]
    assert len(errors) == 3, result.warnings
    clash = next(e for e in errors if "meme.html" in e)
    assert "deux.md" in clash and "un.md" in clash
    assert not (result.outdir.parent.parent / "evade.html").exists()
    assert not any(p.name == "evade.html" for p in result.srcdir.parent.rglob("*"))
    assert "Deux." in result.html("deux").get_text()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/a/b.html", "a/b.html"),
        ("/a/", "a/index.html"),
        ("a/b", "a/b.html"),
        ("../x.html", None),
        ("https://x.org/a.html", None),
        ("/a/../../b", None),
        ("", None),
        ("javascript:alert(1)", None),
        ("C:\\x", None),
    ],
)
def test_permalink_paths(value, expected):
    assert permalink_path(value) == expected


def test_navigation_key_orders_by_order_then_title():
    pages = {
        "c": {"title": "Zèbre", "nav_order": 1},
        "a": {"title": "abeille"},
        "b": {"title": "Baleine", "nav_order": True},  # not a number: by title
        "d": {"title": "Ânesse", "nav_order": 2.5},
    }
    ordered = sorted(pages, key=lambda d: navigation_key(pages[d], d, "nav_order"))
    assert ordered == ["c", "d", "a", "b"]
