"""The page model: one record per page, read once (pure parts, and through builds)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jekyll_guide.frontmatter import front_matter_prefix, split_front_matter
from jekyll_guide.pagemodel import Page, jekyll_url, page_for_text, permalink_path, read_page

LINES = st.lists(
    st.sampled_from(
        ["---", "...", "--- ", "title: a", "t: 'x'", "", "# h", "a: [1, 2", "  - b", "text"]
    ),
    max_size=8,
)


@given(LINES, st.booleans())
def test_the_prefix_splits_as_the_whole_page(lines, bom):
    """The block read ahead gives the same front matter, lines and body as the page."""
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    whole = split_front_matter(text)
    prefix = front_matter_prefix(text)
    alone = split_front_matter(prefix)
    assert (alone.data, alone.key_lines, alone.present) == (
        whole.data,
        whole.key_lines,
        whole.present,
    )
    page = page_for_text(None, text, 1000, docname="x", source="x.md", site_path="x.md")
    assert page.body_of(text) == whole.body
    assert [p.message for p in page.problems] == [p.message for p in whole.problems]


def test_an_unclosed_front_matter_blanks_only_its_opening_line():
    text = "---\ntitle: a\n\nBody\n"
    page = page_for_text(None, text, 1000, docname="x", source="x.md", site_path="x.md")
    assert page.body_of(text) == "\ntitle: a\n\nBody\n"
    assert [p.kind for p in page.problems] == ["front_matter"]


def test_read_page_reads_the_block_only(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: T\nlayout: x\n---\n" + "body\n" * 10_000, "utf-8")
    page = read_page("p", str(path), "p.md", 1000)
    assert page.prefix == "---\ntitle: T\nlayout: x\n---\n"
    assert (page.title, page.layout, page.key_lines["layout"], page.lines) == ("T", "x", 3, 4)
    assert page.stamp is not None


def test_the_parser_reuses_the_record_unless_the_text_changed(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: T\n---\nbody\n", "utf-8")
    page = read_page("p", str(path), "p.md", 1000)
    where = {"docname": "p", "source": str(path), "site_path": "p.md"}
    assert page_for_text(page, path.read_text("utf-8"), 1000, **where) is page
    changed = page_for_text(page, "---\ntitle: U\n---\nbody\n", 1000, **where)
    assert changed is not page and changed.title == "U" and changed.stamp is None


def test_defaults_apply_under_what_the_page_writes():
    page = Page(docname="a/p", source="a/p.md", site_path="a/p.md", own={"title": "T"})
    page.apply_defaults(lambda path, own: {"layout": "l", "title": "D"} if path == "a/p.md" else {})
    assert page.front_matter == {"layout": "l", "title": "T"} and page.layout == "l"


def test_jekyll_url_is_page_url():
    assert jekyll_url(None, "a/b.md") == "/a/b.html"
    assert jekyll_url(None, "a/index.md") == "/a/"
    assert jekyll_url(None, "index.md") == "/"
    assert jekyll_url("/x/", "a/b.md") == "/x/"
    assert jekyll_url("x/y.html", "a/b.md") == "/x/y.html"
    assert jekyll_url("https://elsewhere/", "a/b.md") == "/a/b.html"  # not a path: ignored


def test_permalink_paths():
    assert permalink_path("/a/") == "a/index.html"
    assert permalink_path("/a/b") == "a/b.html"
    assert permalink_path("/a/../../b") is None
    assert permalink_path("javascript:alert(1)") is None


def test_cards_are_nodes_not_markdown(build_project):
    """A title or summary with Markdown or HTML in it is shown as written, as
    ``{{ page.title }}`` shows it on the Jekyll site."""
    build = build_project(
        {
            "index.md": "---\ntitle: Home\n---\n\n```{page-cards} p/*\n```\n\n"
            "```{toctree}\n:glob:\np/*\n```\n",
            "p/a.md": "---\ntitle: 'A *not em* [no link](x) <b>x</b>'\n"
            "summary: '`code` & {{ not liquid }}'\nnav_order: 2\n---\n\nText\n",
            "p/b.md": "---\ntitle: B\nnav_order: 1\n---\n\nText\n",
        },
        extra_args=("-W", "--keep-going"),
    )
    assert build.returncode == 0, build.warnings
    soup = build.html("index")
    cards = soup.select(".jekyll-cards .sd-card")
    assert [c.select_one(".sd-card-title").get_text(strip=True) for c in cards] == [
        "B",
        "A *not em* [no link](x) <b>x</b>",
    ]
    assert cards[1].select_one(".sd-card-text").get_text() == "`code` & {{ not liquid }}"
    assert [c.select_one("a.sd-stretched-link")["href"] for c in cards] == ["p/b.html", "p/a.html"]
    assert soup.select_one(".jekyll-cards > .sd-row")["class"][:2] == ["sd-row", "sd-row-cols-1"]


def test_a_record_follows_its_file_between_builds(make_project):
    """An incremental build reads the changed page's front matter again, and
    ``defaults:`` changed in ``_config.yml`` apply to every page."""
    from conftest import sphinx_build

    srcdir = make_project(
        {
            "index.md": "---\ntitle: Home\n---\n\n```{page-cards} p/*\n:layout: card\n```\n\n"
            "```{toctree}\n:glob:\np/*\n```\n",
            "p/a.md": "---\ntitle: A\n---\n\nText\n",
            "p/b.md": "---\ntitle: B\nlayout: card\n---\n\nText\n",
        },
        conf='jekyll_site_dir = "."\n',
    )
    outdir = srcdir / "_build" / "html"

    def titles() -> list[str]:
        build = sphinx_build(srcdir, outdir)
        assert build.returncode == 0, build.warnings
        return [t.get_text(strip=True) for t in build.html("index").select(".sd-card-title")]

    assert titles() == ["B"]
    (srcdir / "p" / "b.md").write_text("---\ntitle: B2\nlayout: card\n---\n\nText\n", "utf-8")
    assert titles() == ["B2"]
    (srcdir / "_config.yml").write_text(
        "defaults:\n  - scope: {path: p}\n    values: {layout: card}\n", "utf-8"
    )
    assert titles() == ["A", "B2"]
