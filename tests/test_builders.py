"""Every builder keeps every page (issue #13): html, dirhtml, singlehtml, epub, latex, text.

The guide is built once per builder, as Read the Docs builds it (``-W
--keep-going``); small projects check one rule each: redirect pages never
replace a page, ``singlehtml`` has one id per element and one fragment per
link, the home answers at the output root.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, RTD_HTML_ARGS, sphinx_build
from jekyll_guide.builders import rebase_html, rebase_url, relative_url, rewrite_html_attributes
from jekyll_guide.frontmatter import split_front_matter, text_value
from jekyll_guide.pagemodel import permalink_path

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text")
SERVED = ("html", "dirhtml", "singlehtml")
REDIRECT_MARK = 'content="jekyll_guide redirect"'
ROOT_DOC = "docs/index"


# ---- what the guide holds ------------------------------------------------------------


def plain(text: str) -> str:
    """Text as any builder writes it: typographic quotes, LaTeX escapes, one space."""
    for written, meant in (
        (r"\sphinxhyphen{}", "-"),
        (r"\textquotesingle{}", "'"),
        ("’", "'"),
        ("‘", "'"),
        ("\u00a0", " "),
        ("\u202f", " "),
    ):
        text = text.replace(written, meant)
    return re.sub(r"\s+", " ", text)


def first_words(body: str) -> str:
    """The first words of the page's first line of prose (no hyphen, no apostrophe)."""
    for line in body.splitlines():
        line = line.strip()
        if len(line) < 30 or not line[:1].isupper() or re.search(r"[\[\]{}*`_<>|#]", line):
            continue
        words = []
        for word in line.split():
            if "-" in word or "'" in word or not re.fullmatch(r"[\w,.«»]+", word):
                break
            words.append(word)
        if len(words) >= 2:
            return " ".join(words[:5])
    raise AssertionError(f"no line of prose in {body[:200]!r}")


def guide_pages() -> dict[str, dict]:
    """docname → title, first words, orphan (the guide's pages and 404.md)."""
    pages = {}
    for path in sorted([*(ROOT / "docs").rglob("*.md"), ROOT / "404.md"]):
        relative = path.relative_to(ROOT)
        if relative.parts[1:2] and relative.parts[1].startswith("_"):
            continue
        data = split_front_matter(path.read_text("utf-8")).data
        body = path.read_text("utf-8").split("---", 2)[2]
        pages[relative.with_suffix("").as_posix()] = {
            "title": text_value(data.get("title")),
            "words": first_words(body),
            "orphan": bool(data.get("orphan")),
            "claims": [data.get("permalink"), *_as_list(data.get("redirect_from"))],
        }
    return pages


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


PAGES = guide_pages()


def test_the_guide_pages_are_found():
    assert {"docs/index", "docs/rediger", "404", "docs/expertises/integrateur-web"} <= set(PAGES)
    assert [d for d, page in PAGES.items() if page["orphan"]] == ["404"]


# ---- the guide, once per builder -----------------------------------------------------


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    built = {}

    def build(builder: str):
        if builder not in built:
            outdir = tmp_path_factory.mktemp(f"guide-{builder}") / builder
            arguments = RTD_HTML_ARGS
            if builder == "epub":
                # as `sphinx-build -b epub . out` does: the doctrees inside the output
                arguments = (*arguments, "-d", str(outdir / ".doctrees"))
            built[builder] = sphinx_build(ROOT, outdir, builder=builder, extra_args=arguments)
        return built[builder]

    return build


def html_file(builder: str, docname: str) -> str:
    """The file a page is written to, as the builder names it."""
    if builder == "singlehtml":
        return f"{ROOT_DOC}.html"
    if builder == "dirhtml" and not (docname == "index" or docname.endswith("/index")):
        return f"{docname}/index.html"
    return f"{docname}.html"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def page_texts(build, builder: str) -> dict[str, str]:
    """docname → the plain text the builder wrote for it (all pages for one-file builders)."""
    out = build.outdir
    if builder == "latex":
        tex = plain((out / "guide-des-expertises.tex").read_text("utf-8"))
        return {docname: tex for docname, page in PAGES.items() if not page["orphan"]}
    if builder == "text":
        return {d: plain((out / f"{d}.txt").read_text("utf-8")) for d in PAGES}
    if builder == "epub":
        with zipfile.ZipFile(next(out.glob("*.epub"))) as book:
            return {
                d: plain(BeautifulSoup(book.read(f"{d}.xhtml"), "lxml").get_text(" "))
                for d in PAGES
            }
    if builder == "singlehtml":
        text = plain(soup_of(out / html_file(builder, ROOT_DOC)).get_text(" "))
        return {docname: text for docname, page in PAGES.items() if not page["orphan"]}
    return {d: plain(soup_of(out / html_file(builder, d)).get_text(" ")) for d in PAGES}


@pytest.mark.parametrize("builder", BUILDERS)
def test_guide_builds_without_warning(guide, builder):
    build = guide(builder)
    assert build.returncode == 0, build.warnings
    assert build.warning_lines() == []


@pytest.mark.parametrize("builder", BUILDERS)
def test_guide_keeps_every_page_with_its_text(guide, builder):
    texts = page_texts(guide(builder), builder)  # one text per page, or the whole book
    for docname, text in texts.items():
        assert plain(PAGES[docname]["title"]) in text, (builder, docname)
        assert PAGES[docname]["words"] in text, (builder, docname, PAGES[docname]["words"])


@pytest.mark.parametrize("builder", ("html", "dirhtml"))
def test_guide_pages_are_pages_not_redirects(guide, builder):
    out = guide(builder).outdir
    for docname in PAGES:
        text = (out / html_file(builder, docname)).read_text("utf-8")
        assert REDIRECT_MARK not in text, docname


def resolve(base_file: Path, url: str) -> Path:
    """The file a relative URL of ``base_file`` leads to (a folder: its index.html)."""
    path = unquote(urlsplit(url).path)
    target = base_file.parent / path if path else base_file
    if url.split("#")[0].split("?")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve()


@pytest.mark.parametrize("builder", SERVED)
def test_guide_permalinks_lead_to_their_pages(guide, builder):
    out = guide(builder).outdir
    claims = [
        (docname, path)
        for docname, page in PAGES.items()
        for value in page["claims"]
        if value and (path := permalink_path(value))
    ]
    assert len(claims) >= 6  # the expertise pages, the offer and /audit.html
    for docname, path in claims:
        redirect = soup_of(out / path)
        assert redirect.find("meta", attrs={"name": "generator"})["content"].endswith("redirect")
        url = redirect.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=")[1]
        assert resolve(out / path, url) == (out / html_file(builder, docname)).resolve(), url
        if builder == "singlehtml":
            assert url.endswith(f"#document-{docname}")
            assert soup_of(out / html_file(builder, docname)).find(id=f"document-{docname}")
        elif builder == "dirhtml":
            assert url.endswith("/"), url


# ---- singlehtml: one document, unique ids, one fragment per link ---------------------


def fragment_links(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all(href=True) if a["href"].startswith("#")]


def assert_one_document(soup: BeautifulSoup) -> None:
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    internal = [a["href"] for a in soup.find_all("a", href=True) if "#" in a["href"]]
    assert [h for h in internal if h.count("#") > 1] == []
    known = set(ids)
    dangling = {h for h in fragment_links(soup) if h != "#" and unquote(h[1:]) not in known}
    assert dangling == set()


def page_of(soup: BeautifulSoup, tag) -> str:
    """The page an element of the single document was written in (its last page marker)."""
    marker = tag.find_previous(id=re.compile("^document-"))
    return marker["id"].removeprefix("document-") if marker else ROOT_DOC


def test_guide_singlehtml_ids_and_links(guide):
    soup = soup_of(guide("singlehtml").outdir / f"{ROOT_DOC}.html")
    assert_one_document(soup)
    # pages reuse ids: each keeps its own, the links of each page follow
    chef = "docs/expertises/chef-de-projet-web"
    links = {
        a.get_text(" ", strip=True): a["href"]
        for a in soup.select("article a[href]")
        if page_of(soup, a) == chef
    }
    steps = links["Quelles sont les étapes d’un projet ?"]
    assert page_of(soup, soup.find(id=steps[1:])) == chef
    assert "Quelles sont les étapes" in soup.find(id=steps[1:]).get_text()
    integrator = links["intégrateur web"]
    target = soup.find(id=integrator[1:])
    assert page_of(soup, target) == "docs/expertises/integrateur-web"
    assert "Les étapes d’une intégration" in target.get_text()
    # every page's own links stay in the page
    for a in soup.select("article a[href^='#']"):
        if a["href"] == "#" or a["href"].startswith("#document-"):
            continue
        if "headerlink" in a.get("class", []) or "footnote-reference" in a.get("class", []):
            assert page_of(soup, soup.find(id=a["href"][1:])) == page_of(soup, a)


def test_guide_singlehtml_root_copy_loads_its_assets(guide):
    out = guide("singlehtml").outdir
    # singlehtml writes no index, search page nor search index, yet Sphinx's <link
    # rel="index">, <link rel="search">, the theme's search form and script name them
    unwritten = ("genindex.html", "search.html", "searchindex.js")
    # Sphinx writes docs/index.html with its URLs for the root (sphinx-doc/sphinx#892)
    # and the authors' raw HTML for its page: left as written; the root copy serves it
    assert_one_document(soup_of(out / "index.html"))
    assert_links_resolve(out, out / "index.html", unwritten)


# ---- epub --------------------------------------------------------------------------


def test_guide_epub_packs_every_page(guide):
    build = guide("epub")
    with zipfile.ZipFile(next(build.outdir.glob("*.epub"))) as book:
        names = set(book.namelist())
        opf = BeautifulSoup(book.read("content.opf"), "xml")
    manifest = {item["id"]: item["href"] for item in opf.find_all("item")}
    spine = [manifest[ref["idref"]] for ref in opf.find_all("itemref")]
    for docname, page in PAGES.items():
        assert f"{docname}.xhtml" in names and f"{docname}.xhtml" in manifest.values()
        if not page["orphan"]:
            assert f"{docname}.xhtml" in spine, docname
    assert opf.find("dc:identifier") and opf.find("meta", property="dcterms:modified")
    # neither the doctrees kept in the output folder nor a redirect page
    assert not [n for n in names if n.startswith(".doctrees") or n.endswith(".html")]
    assert not [p for p in build.outdir.rglob("*.html") if REDIRECT_MARK in p.read_text("utf-8")]


# ---- the home at the output root -----------------------------------------------------


def assert_links_resolve(outdir: Path, page: Path, unwritten: tuple[str, ...] = ()) -> None:
    """Every relative URL of the page (links, scripts, styles, images, forms) exists,
    but those to the ``unwritten`` pages."""
    soup = soup_of(page)
    urls = []
    for tag in soup.find_all(True):
        for name in ("href", "src", "action", "poster"):
            if tag.get(name):
                urls.append(tag[name])
        if tag.get("srcset"):
            urls += [c.split()[0] for c in tag["srcset"].split(",") if c.strip()]
    relative = [u for u in urls if not re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", u, re.I)]
    assert relative, page
    missing = [
        u
        for u in relative
        if not resolve(page, u).is_file() and resolve(page, u).name not in unwritten
    ]
    assert missing == []
    root = soup.html["data-content_root"]
    assert (page.parent / root).resolve() == outdir.resolve(), root


@pytest.mark.parametrize("builder", ("html", "dirhtml"))
def test_guide_home_answers_at_the_output_root(guide, builder):
    out = guide(builder).outdir
    index, home = out / "index.html", out / html_file(builder, ROOT_DOC)
    assert index.is_file()
    text = index.read_text("utf-8")
    assert REDIRECT_MARK not in text and 'http-equiv="refresh"' not in text
    copy, original = soup_of(index), soup_of(home)
    assert copy.title.get_text() == original.title.get_text()
    assert plain(copy.select_one("article").get_text(" ")) == plain(
        original.select_one("article").get_text(" ")
    )
    assert copy.html["data-content_root"] == "./"
    assert_links_resolve(out, index)
    assert_links_resolve(out, home)
    # the search page and its index answer from the root too
    assert copy.find("form", action=True)["action"] in ("search.html", "search/")
    assert (out / html_file(builder, "search")).is_file() and (out / "searchindex.js").is_file()
    # pydata-sphinx-theme >= 0.17 loads the index on every page (search as you type)
    loads_index = original.find("script", src=re.compile(r"(^|/)searchindex\.js$"))
    assert bool(copy.find("script", src="searchindex.js")) == bool(loads_index)
    # the 404 page stays, with its absolute links
    missing = out / ("404.html" if builder == "html" else "404/index.html")
    assert "Page introuvable" in missing.read_text("utf-8")


def test_guide_home_copy_follows_the_home_with_parallel_incremental_builds(tmp_path):
    src = copy_of_the_guide(tmp_path)
    out = tmp_path / "html"
    arguments = (*RTD_HTML_ARGS, "-j", "2")
    first = sphinx_build(src, out, extra_args=arguments)
    assert first.returncode == 0, first.warnings
    assert first.warning_lines() == []
    assert "Ce guide rassemble" in (out / "index.html").read_text("utf-8")
    home = src / "docs" / "index.md"
    home.write_text(
        home.read_text("utf-8").replace("Ce guide rassemble", "Ce guide réunit"), "utf-8"
    )
    second = sphinx_build(src, out, extra_args=arguments)
    assert second.returncode == 0, second.warnings
    assert second.warning_lines() == []
    text = (out / "index.html").read_text("utf-8")
    assert "Ce guide réunit" in text and "Ce guide rassemble" not in text
    assert_links_resolve(out, out / "index.html")
    assert (out / "404.html").is_file()


def copy_of_the_guide(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "tests", "benchmarks", "__pycache__", ".pytest_cache"
        ),
    )
    return src


# ---- a permalink that is the page's own folder (dirhtml) ------------------------------

FOLDER_PAGE = """\
---
layout: expertises
title: Dossier d'expertise
permalink: /docs/expertises/dossier/
---

Le dossier rassemble les pièces du projet, page après page.
"""


@pytest.fixture(scope="module")
def guide_with_folder_permalink(tmp_path_factory):
    src = copy_of_the_guide(tmp_path_factory.mktemp("guide-dossier"))
    (src / "docs" / "expertises" / "dossier.md").write_text(FOLDER_PAGE, "utf-8")
    return {
        builder: sphinx_build(src, src.parent / builder, builder=builder, extra_args=RTD_HTML_ARGS)
        for builder in ("dirhtml", "html")
    }


def test_dirhtml_page_at_its_own_permalink_keeps_its_content(guide_with_folder_permalink):
    build = guide_with_folder_permalink["dirhtml"]
    assert build.returncode == 0, build.warnings
    assert build.warning_lines() == []
    page = build.outdir / "docs" / "expertises" / "dossier" / "index.html"
    text = page.read_text("utf-8")
    assert REDIRECT_MARK not in text
    assert "Le dossier rassemble les pièces du projet" in soup_of(page).get_text()


def test_html_page_answers_at_its_folder_permalink(guide_with_folder_permalink):
    build = guide_with_folder_permalink["html"]
    assert build.returncode == 0, build.warnings
    assert build.warning_lines() == []
    folder = build.outdir / "docs" / "expertises" / "dossier" / "index.html"
    assert REDIRECT_MARK in folder.read_text("utf-8")
    url = soup_of(folder).find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert url == "0; url=../dossier.html"
    page = build.outdir / "docs" / "expertises" / "dossier.html"
    assert "Le dossier rassemble les pièces du projet" in soup_of(page).get_text()


# ---- small projects: one rule each ---------------------------------------------------


def test_permalink_on_another_pages_file_warns_with_both_files(make_project):
    src = make_project(
        {
            "a.md": "---\ntitle: Page A\npermalink: /b/\n---\n\nTexte de A.\n",
            "b.md": "---\ntitle: Page B\n---\n\nTexte de B.\n",
        }
    )
    dirhtml = sphinx_build(src, builder="dirhtml")
    assert dirhtml.returncode == 0, dirhtml.warnings
    warnings = [w for w in dirhtml.warning_lines() if "[jekyll.permalink]" in w]
    assert len(warnings) == 1, dirhtml.warnings
    assert warnings[0].startswith(f"{src / 'a.md'}:3: WARNING:")
    assert "a.md" in warnings[0] and "b.md" in warnings[0] and "b/index.html" in warnings[0]
    page = dirhtml.outdir / "b" / "index.html"
    assert "Texte de B." in page.read_text("utf-8")
    assert REDIRECT_MARK not in page.read_text("utf-8")
    # with html, b is b.html: /b/ is free and answers with a redirect to a
    html = sphinx_build(src, builder="html", extra_args=("-W", "--keep-going"))
    assert html.returncode == 0, html.warnings
    redirect = soup_of(html.outdir / "b" / "index.html")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../a.html"
    assert "Texte de B." in (html.outdir / "b.html").read_text("utf-8")


@pytest.mark.parametrize("written", ["genindex.html", "searchindex.js", "objects.inv"])
def test_permalink_on_a_file_sphinx_writes_warns(make_project, written):
    src = make_project(
        {"c.md": f"---\ntitle: Page C\npermalink: /{written}\n---\n\nTexte de C.\n"}
    )
    build = sphinx_build(src)
    assert build.returncode == 0, build.warnings
    warnings = [w for w in build.warning_lines() if "[jekyll.permalink]" in w]
    assert len(warnings) == 1 and "c.md" in warnings[0] and written in warnings[0], warnings
    assert REDIRECT_MARK.encode() not in (build.outdir / written).read_bytes()


REDIRECTED = {
    "pages/a.md": """
        ---
        title: Page A
        permalink: /expertises/a.html
        redirect_from: [/ancienne-a.html, /vieux/]
        ---

        Texte de A.
        """,
}


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        ("dirhtml", {"expertises/a.html": "../pages/a/", "vieux/index.html": "../pages/a/"}),
        (
            "singlehtml",
            {
                "expertises/a.html": "../index.html#document-pages/a",
                "ancienne-a.html": "index.html#document-pages/a",
            },
        ),
    ],
)
def test_redirects_follow_the_builders_urls(make_project, builder, expected):
    build = sphinx_build(make_project(REDIRECTED), builder=builder, extra_args=("-W",))
    assert build.returncode == 0, build.warnings
    for path, url in expected.items():
        page = soup_of(build.outdir / path)
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={url}"
        target = resolve(build.outdir / path, url)
        assert target.is_file() and "Texte de A." in target.read_text("utf-8")
    if builder == "singlehtml":
        assert soup_of(build.outdir / "index.html").find(id="document-pages/a")


SHARED_IDS = {
    name: f"""
        ---
        title: Page {letter}
        ---

        [Vers la mission](#mission), [la boîte](#boite), [mission de {other}]({other_file}#mission).

        ## La mission
        {{: #mission}}

        Mission de {letter}.[^note]

        <div id="boite"><a href="#mission">mission brute de {letter}</a></div>

        ### Identifiants de {letter}
        {{: .h5}}

        Fin de {letter}.

        [^note]: Note de {letter}.
        """
    for name, letter, other, other_file in (
        ("a.md", "A", "B", "b.md"),
        ("b.md", "B", "A", "a.md"),
    )
}


def test_singlehtml_pages_reusing_ids_stay_apart(make_project):
    src = make_project(SHARED_IDS)
    build = sphinx_build(src, builder="singlehtml", extra_args=("-W", "--keep-going"))
    assert build.returncode == 0, build.warnings
    soup = soup_of(build.outdir / "index.html")
    assert_one_document(soup)
    for letter, other in (("A", "B"), ("B", "A")):
        page = letter.lower()
        links = {
            a.get_text(" ", strip=True): a
            for a in soup.find_all("a", href=True)
            if page_of(soup, a) == page
        }
        for text, where in (
            ("Vers la mission", page),
            ("la boîte", page),
            (f"mission brute de {letter}", page),
            (f"mission de {other}", other.lower()),
        ):
            target = soup.find(id=links[text]["href"][1:])
            assert target is not None and page_of(soup, target) == where, (letter, text)
        notes = [a for a in soup.select("a.footnote-reference") if page_of(soup, a) == page]
        assert notes and f"Note de {letter}" in soup.find(id=notes[0]["href"][1:]).get_text()


def test_html_heading_id_starting_with_id_is_written_once(make_project):
    build = sphinx_build(make_project(SHARED_IDS), extra_args=("-W", "--keep-going"))
    assert build.returncode == 0, build.warnings
    soup = build.html("a")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert ids.count("identifiants-de-a") == 1, ids
    assert soup.find(id="identifiants-de-a").name == "h3"


# ---- the rules, without Sphinx ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../_static/x.css?v=1", "_static/x.css?v=1"),
        ("expertises/index.html#a", "docs/expertises/index.html#a"),
        ("expertises/", "docs/expertises/"),
        ("./", "docs/"),
        ("../", "./"),
        ("..", "./"),
        ("#local", "#local"),
        ("?q=1", "?q=1"),
        ("", ""),
        ("https://x.org/a", "https://x.org/a"),
        ("/abs/path", "/abs/path"),
        ("//host/x", "//host/x"),
        ("mailto:a@b.fr", "mailto:a@b.fr"),
        ("data:image/png;base64,AA", "data:image/png;base64,AA"),
    ],
)
def test_rebase_url_from_docs_to_the_root(url, expected):
    assert rebase_url(url, "docs", "") == expected


def test_rebase_html_reads_srcset_as_the_html_standard_does():
    page = '<img srcset="data:image/png;base64,iVBO 1x, ../a,b.png 2x, ../c.png,">'
    assert rebase_html(page, "docs", "") == (
        '<img srcset="data:image/png;base64,iVBO 1x, a,b.png 2x, c.png">'
    )


def test_relative_url_keeps_folders():
    assert relative_url("docs/x/", "expertises") == "../docs/x/"
    assert relative_url("", "a/b") == "../../"
    assert relative_url("docs/x.html", "") == "docs/x.html"
    assert relative_url("docs/", "docs") == "./"


def test_rebase_html_changes_only_relative_urls():
    page = (
        '<html data-content_root="../"><head>'
        "<link rel='stylesheet' href='../_static/a.css'>"
        "<script>var s = \"<a href='../x'>\";</script>"
        "<!-- <a href='../commented'> -->"
        '</head><body><img src="../_images/i.png"'
        ' srcset="../_images/i.png 1x, ../_images/j.png 2x">'
        '<a href="rediger.html#x" title="../not-a-url">R</a>'
        "<div style=\"background-image: url('../_images/h.png')\"></div>"
        '<form action="../search.html"></form><a href="#top">T</a>'
        '<a href="https://x.org/">X</a></body></html>'
    )
    rebased = rebase_html(page, "docs", "")
    assert rebased == (
        '<html data-content_root="./"><head>'
        "<link rel='stylesheet' href='_static/a.css'>"
        "<script>var s = \"<a href='../x'>\";</script>"
        "<!-- <a href='../commented'> -->"
        '</head><body><img src="_images/i.png"'
        ' srcset="_images/i.png 1x, _images/j.png 2x">'
        '<a href="docs/rediger.html#x" title="../not-a-url">R</a>'
        "<div style=\"background-image: url('_images/h.png')\"></div>"
        '<form action="search.html"></form><a href="#top">T</a>'
        '<a href="https://x.org/">X</a></body></html>'
    )


def test_rewrite_html_attributes_keeps_every_other_byte():
    text = '<P ID=a CLASS="x">t</P>\n<a  href = "#a"   id="b">l</a><br/>'
    rewritten = rewrite_html_attributes(
        text, lambda tag, name, value: value.upper() if name in ("id", "href") else None
    )
    assert rewritten == '<P ID="A" CLASS="x">t</P>\n<a  href = "#A"   id="B">l</a><br/>'
    assert rewrite_html_attributes("<a href='x", lambda *a: "y") == "<a href='x"
    assert PurePosixPath(relative_url("a/b.html", "a")) == PurePosixPath("b.html")
