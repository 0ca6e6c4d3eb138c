"""Navigation generated from front matter (``jekyll_navigation``), as just-the-docs."""

from __future__ import annotations

import pickle
import textwrap
import time
from pathlib import Path

import pytest
from conftest import DEFAULT_CONF, sphinx_build
from jekyll_guide.navigation import NavPage, compute_tree, sort_key

CONF = "jekyll_navigation = True\n"


def page(title: str, **keys) -> str:
    lines = [f"title: {title}"] + [f"{key}: {value}" for key, value in keys.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nTexte de la page.\n"


SITE = {
    "index.md": page("Accueil"),
    "start.md": page("Démarrer", nav_order=1, has_children="true"),
    "configure.md": page("Configurer", parent="Démarrer", nav_order=1),
    "install.md": page("Installer", parent="Démarrer", nav_order=2),
    "hidden.md": page("Caché", parent="Démarrer", nav_exclude="true"),
    # third level; grand_parent chooses between the two pages titled "Configurer"
    "options.md": page("Options", parent="Configurer", grand_parent="Démarrer"),
    "advanced.md": page("Avancé", parent="Configurer", grand_parent="Démarrer", nav_order=1),
    # a folder with an index page: its pages are the index page's children
    "guide/index.md": page("Guide", nav_order=2),
    "guide/zeta.md": page("Zeta"),
    "guide/alpha.md": page("Alpha"),
    "guide/configurer.md": page("Configurer"),
    # no index page in this folder: top level
    "outils/outil.md": page("Outil"),
    "lost.md": page("Perdu", parent="Inexistant"),
    "about.md": page("About"),
}

TREE = {
    "index": ["start", "guide/index", "about", "outils/outil", "lost"],
    "start": ["configure", "install", "hidden"],
    "configure": ["advanced", "options"],
    "guide/index": ["guide/alpha", "guide/configurer", "guide/zeta"],
}


def write_site(srcdir: Path, files: dict[str, str], conf: str = CONF) -> Path:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(DEFAULT_CONF + textwrap.dedent(conf), "utf-8")
    for name, text in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return srcdir


def toctree_includes(build) -> dict[str, list[str]]:
    doctrees = build.outdir.parent / f"doctrees-{build.outdir.name}"
    with open(doctrees / "environment.pickle", "rb") as handle:
        env = pickle.load(handle)
    return {parent: list(children) for parent, children in env.toctree_includes.items()}


def listed(build, docname: str) -> list[str]:
    """The pages a page lists in its body (its visible generated toctree)."""
    soup = build.html(docname)
    return [a.get_text() for a in soup.select("article .toctree-wrapper a.reference")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = write_site(tmp_path_factory.mktemp("nav") / "src", SITE)
    return sphinx_build(src)


def test_tree_from_front_matter(site):
    assert site.returncode == 0, site.warnings
    assert toctree_includes(site) == TREE


def test_parents_list_their_children_visibly_in_order(site):
    assert listed(site, "start") == ["Configurer", "Installer"]
    assert listed(site, "configure") == ["Avancé", "Options"]
    assert listed(site, "guide/index") == ["Alpha", "Configurer", "Zeta"]
    assert listed(site, "index") == ["Démarrer", "Guide", "About", "Outil", "Perdu"]
    assert listed(site, "install") == []


def test_excluded_page_is_built_with_breadcrumbs_but_not_in_sidebar(site):
    soup = site.html("hidden")
    crumbs = [li.get_text(strip=True) for li in soup.select(".bd-breadcrumbs li")]
    assert crumbs[-2:] == ["Démarrer", "Caché"]
    sidebar = site.html("install").select_one(".bd-sidebar-primary").get_text(" ")
    assert "Installer" in sidebar and "Caché" not in sidebar


def test_only_warning_is_the_unknown_parent_at_its_line(site):
    warnings = site.warning_lines()
    assert "not included in any toctree" not in site.warnings
    assert "toc.not_included" not in site.warnings
    assert len(warnings) == 1, warnings
    assert "lost.md:3: WARNING: parent 'Inexistant'" in warnings[0]
    assert warnings[0].endswith("[jekyll.navigation]")


def test_parallel_read_gives_the_same_tree(site):
    build = sphinx_build(site.srcdir, site.outdir.parent / "j2", extra_args=("-j", "2"))
    assert build.returncode == 0, build.warnings
    assert toctree_includes(build) == TREE
    assert listed(build, "configure") == ["Avancé", "Options"]


def test_changed_nav_order_reorders_the_parent_incrementally(tmp_path):
    src = write_site(tmp_path / "src", SITE)
    first = sphinx_build(src)
    assert listed(first, "start") == ["Configurer", "Installer"]
    time.sleep(0.01)
    (src / "install.md").write_text(page("Installer", parent="Démarrer", nav_order=0))
    second = sphinx_build(src)
    assert second.returncode == 0, second.warnings
    # install.md changed; start is read again for it, and no other page
    lines = second.stdout.splitlines()
    read = [line.split("] ")[-1] for line in lines if "reading sources" in line]
    assert sorted(read) == ["install", "start"]
    assert toctree_includes(second)["start"] == ["install", "configure", "hidden"]
    assert listed(second, "start") == ["Installer", "Configurer"]
    # moved to another parent: both parents follow
    (src / "install.md").write_text(page("Installer", parent="Guide", nav_order=0))
    third = sphinx_build(src)
    tree = toctree_includes(third)
    assert tree["start"] == ["configure", "hidden"]
    assert tree["guide/index"] == ["install", "guide/alpha", "guide/configurer", "guide/zeta"]
    assert listed(third, "guide/index") == ["Installer", "Alpha", "Configurer", "Zeta"]
    # every sidebar shows the new tree, also on pages that were not read again
    sidebar = third.html("configure").select_one(".bd-sidebar-primary nav.bd-docs-nav")
    assert "Installer" not in sidebar.get_text()
    # a page added to the folder, one removed: the index page follows
    (src / "guide" / "beta.md").write_text(page("Beta"))
    (src / "guide" / "zeta.md").unlink()
    fourth = sphinx_build(src)
    assert fourth.returncode == 0, fourth.warnings
    assert listed(fourth, "guide/index") == ["Installer", "Alpha", "Beta", "Configurer"]
    assert "not included in any toctree" not in fourth.warnings


def test_large_section_sidebar_shows_one_chunk(tmp_path):
    files = {"index.md": page("Accueil"), "section/index.md": page("Section")}
    for n in range(12):
        files[f"section/p{n:02}.md"] = page(f"Page {n:02}", nav_order=n)
    src = write_site(tmp_path / "src", files, CONF + "jekyll_navigation_group_size = 5\n")
    build = sphinx_build(src)
    assert build.returncode == 0, build.warnings
    assert len(listed(build, "section/index")) == 12  # the section page lists them all

    def sidebar(docname):
        nav = build.html(docname).select_one(".bd-sidebar-primary nav.bd-docs-nav")
        return [a.get_text(strip=True) for a in nav.select("a")]

    # chunks of 5 in navigation order: the page's own chunk
    assert sidebar("section/p06") == [f"Page {n:02}" for n in range(5, 10)]
    assert sidebar("section/p09") == [f"Page {n:02}" for n in range(5, 10)]
    assert sidebar("section/p00") == [f"Page {n:02}" for n in range(5)]
    assert sidebar("section/p11") == ["Page 10", "Page 11"]
    assert sidebar("section/index") == [f"Page {n:02}" for n in range(5)]


# ---- the tree computed without Sphinx ----------------------------------------------


def nav(docname, title, **keys) -> NavPage:
    return NavPage(docname=docname, title=title, has_front_matter=True, **keys)


def run_tree(pages):
    warnings = []

    def warn(docname, line, kind, message):
        warnings.append((docname, line, kind, message))

    tree = compute_tree({p.docname: p for p in pages}, "index", warn=warn)
    return tree, warnings


def test_order_numbers_then_strings_then_titles():
    pages = [
        nav("a", "Zz", order=10),
        nav("b", "Yy", order=2.5),
        nav("c", "Xx", order="b"),
        nav("d", "Ww", order="A"),
        nav("e", "aa"),
        nav("f", "Bb"),
    ]
    ordered = [p.docname for p in sorted(pages, key=sort_key)]
    assert ordered == ["b", "a", "d", "c", "f", "e"]
    insensitive = [p.docname for p in sorted(pages, key=lambda p: sort_key(p, True))]
    assert insensitive == ["b", "a", "d", "c", "e", "f"]


def test_ambiguous_parent_and_cycle_warn():
    pages = [
        nav("index", "Accueil"),
        nav("p1", "Même", parent="Un"),
        nav("p2", "Même", parent="Deux"),
        nav("un", "Un"),
        nav("deux", "Deux"),
        nav("child", "Enfant", parent="Même", key_lines={"parent": 3}),
        nav("x", "X", parent="Y", key_lines={"parent": 4}),
        nav("y", "Y", parent="X", key_lines={"parent": 4}),
    ]
    tree, warnings = run_tree(pages)
    assert tree.parent_of["child"] == "p1"
    assert ("child", 3, "navigation") == warnings[0][:3] and "2 pages" in warnings[0][3]
    assert warnings[1][:3] == ("x", 4, "navigation") and "cycle" in warnings[1][3]
    assert tree.parent_of["x"] == "index" and tree.parent_of["y"] == "x"
    assert len(warnings) == 2


def test_without_grand_parent_a_top_level_parent_wins():
    pages = [
        nav("index", "Accueil"),
        nav("top", "Même"),
        nav("sub", "Même", parent="Autre"),
        nav("autre", "Autre"),
        nav("child", "Enfant", parent="Même"),
    ]
    tree, warnings = run_tree(pages)
    assert tree.parent_of["child"] == "top" and warnings == []


# ---- the repository's own guide keeps its hand-written navigation ---------------------


def test_guide_navigation_is_unchanged(guide_html):
    assert guide_html.returncode == 0, guide_html.warnings
    expertises = sorted(
        p.stem
        for p in (guide_html.srcdir / "docs" / "expertises").glob("*.md")
        if p.stem != "index"
    )
    soup = guide_html.html("docs/expertises/index")
    hrefs = [a["href"] for a in soup.select("article .toctree-wrapper a.reference")]
    assert sorted(h.removesuffix(".html") for h in hrefs) == expertises
    assert not soup.select(".jekyll-navigation")
