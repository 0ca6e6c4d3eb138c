"""Navigation generated from Jekyll front matter, as just-the-docs defines it.

With ``jekyll_navigation = True`` no page needs a hand-written toctree: the
tree comes from the front matter keys of just-the-docs (``title``,
``nav_order``, ``parent``, ``grand_parent``, ``has_children``,
``nav_exclude``), plus "folders as sections": a page without ``parent`` in a
folder (or below a folder) that has an ``index`` page with front matter is a
child of that index page; otherwise it is a top-level page, under
``root_doc``.

One page model, computed once per build, in the main process:

1. ``env-get-outdated`` (:func:`update_navigation`): from every page's record
   (:mod:`.registry`: front matter with ``defaults:``, read before anything
   else and only for changed files), the tree is computed (:func:`compute_tree`)
   and stored in ``env.jekyll_navigation``.  Parents whose list of children
   changed (order, membership, visibility) are returned, so Sphinx re-reads
   them: a changed ``nav_order``, ``parent`` or ``title`` of one page re-reads
   the pages whose lists it changes, and no others.
2. While a page is read, the transform :class:`InsertNavigation` appends the
   page's toctrees to its title section, built as Sphinx's ``toctree``
   directive builds them: a visible one (``:titlesonly:``, ``:maxdepth: 1``)
   listing the children in navigation order, and a hidden one for the
   children that are not in the navigation (``nav_exclude``, or under a
   parent with ``has_children: false``): still built, reachable, with
   breadcrumbs, and no ``toc.not_included`` warning.  The toctree collector
   finds them at ``doctree-read`` as any toctree.  Transforms run in the
   reading process, so parallel reads (``-j``) see the tree computed before
   the readers were forked.

Large sections (``jekyll_navigation_group_size`` G, default 50): a parent page
lists all its children in its body, but a sidebar shows at most G pages of a
section with more: the children are cut in chunks of G, in navigation order,
and the sidebar shows the chunk that holds the page (or its ancestor), the
first chunk for a large section the page is not in; the previous/next links
and the breadcrumbs still lead everywhere.  The toctrees of the environment
are narrowed only while the theme renders a sidebar (:func:`limit_sidebars`,
``html-page-context``).  Chunks are fixed (not a window sliding with the
page) so that the pages of one chunk have the same sidebar and pydata's
sidebar cache (one resolved sidebar per section, its "current" marks moved
from page to page) keeps working, with one cache per chunk.  Without this,
every page of a section of N pages lists the N pages: per-page HTML and write
time grow with N, the whole build with N².  With it, a page's HTML does not
depend on N (measured with 100 and 800 pages in one section: 20.9 KB per page
both times; 25.3 KB and 86.8 KB without).
"""

from __future__ import annotations

import contextlib
import posixpath
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .compat import pydata_sidebar_cache
from .frontmatter import text_value
from .log import warn_at
from .registry import page_registry
from .site import site_context
from .warnings import WarningKind


@dataclass
class NavPage:
    """What the navigation knows of a page (its front matter with ``defaults:``)."""

    docname: str
    title: str = ""
    order: Any = None
    parent: str = ""
    grand_parent: str = ""
    has_children: bool | None = None
    nav_exclude: bool = False
    orphan: bool = False
    has_front_matter: bool = False
    key_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Navigation:
    """The tree: per parent, its children in the navigation and its hidden ones."""

    children: dict[str, list[str]] = field(default_factory=dict)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    parent_of: dict[str, str] = field(default_factory=dict)

    def spec(self, docname: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(self.children.get(docname, ())), tuple(self.hidden.get(docname, ()))

    def parents(self) -> set[str]:
        return set(self.children) | set(self.hidden)


# ---- reading the pages ----------------------------------------------------------


def read_pages(app, env) -> dict[str, NavPage]:
    """Every page's navigation keys, from the page records (:mod:`.registry`)."""
    order_key = app.config.jekyll_nav_order_key
    pages: dict[str, NavPage] = {}
    for docname, page in sorted(page_registry(env).items()):
        data = page.front_matter
        pages[docname] = NavPage(
            docname=docname,
            title=page.title,
            order=data.get(order_key),
            parent=text_value(data.get("parent")).strip(),
            grand_parent=text_value(data.get("grand_parent")).strip(),
            has_children=data["has_children"]
            if isinstance(data.get("has_children"), bool)
            else None,
            nav_exclude=data.get("nav_exclude") is True,
            orphan=bool(data.get("orphan")),
            has_front_matter=page.has_front_matter,
            key_lines=page.key_lines,
        )
    return pages


# ---- the tree -------------------------------------------------------------------


def sort_key(page: NavPage, case_insensitive: bool = False):
    """just-the-docs' order: numeric ``nav_order`` ascending, then text ``nav_order``,
    then pages without ``nav_order`` by title (capitals first, unless
    ``nav_sort: case_insensitive``); the file name breaks ties (just-the-docs
    leaves them unstable)."""

    def text(value: str) -> str:
        return value.casefold() if case_insensitive else value

    order = page.order
    name = page.title or posixpath.basename(page.docname)
    if isinstance(order, int | float) and not isinstance(order, bool):
        return (0, float(order), "", page.docname)
    if order is not None and text_value(order) != "":
        return (1, 0.0, text(text_value(order)), page.docname)
    return (2, 0.0, text(name), page.docname)


def _folder_parent(docname: str, pages: dict[str, NavPage], root_doc: str) -> str:
    """The index page of the nearest folder above the page (``root_doc`` if none)."""
    folder = posixpath.dirname(docname)
    if posixpath.basename(docname) == "index":
        if not folder:
            return root_doc
        folder = posixpath.dirname(folder)
    while True:
        index = f"{folder}/index" if folder else "index"
        page = pages.get(index)
        if index != docname and page is not None and page.has_front_matter:
            return index
        if not folder:
            return root_doc
        folder = posixpath.dirname(folder)


def compute_tree(
    pages: dict[str, NavPage], root_doc: str, warn=warn_at, case_insensitive: bool = False
) -> Navigation:
    """Place every page (but the root and ``orphan`` pages) under exactly one parent."""
    by_title: dict[str, list[str]] = {}
    for docname, page in sorted(pages.items()):
        if page.title:
            by_title.setdefault(page.title, []).append(docname)

    parent_of: dict[str, str] = {}
    for docname, page in sorted(pages.items()):
        if docname == root_doc or page.orphan:
            continue
        parent = None
        if page.parent:
            parent = _named_parent(page, pages, by_title, root_doc, warn)
        parent_of[docname] = parent or _folder_parent(docname, pages, root_doc)

    _break_cycles(parent_of, pages, root_doc, warn)

    navigation = Navigation(parent_of=parent_of)
    for docname in sorted(parent_of, key=lambda d: sort_key(pages[d], case_insensitive)):
        parent = parent_of[docname]
        parent_page = pages.get(parent)
        hidden = pages[docname].nav_exclude or (
            parent_page is not None and parent_page.has_children is False
        )
        (navigation.hidden if hidden else navigation.children).setdefault(parent, []).append(
            docname
        )
    return navigation


def _named_parent(page, pages, by_title, root_doc, warn) -> str | None:
    """The page whose title ``parent`` names (``grand_parent`` narrowing it down)."""
    line = page.key_lines.get("parent", 1)
    candidates = [d for d in by_title.get(page.parent, []) if d != page.docname]
    if page.grand_parent:
        candidates = [d for d in candidates if pages[d].parent == page.grand_parent]
    elif len(candidates) > 1:
        # as just-the-docs: without grand_parent, a top-level page of that title wins
        top = [d for d in candidates if not pages[d].parent]
        candidates = top or candidates
    if not candidates:
        under = f" under {page.grand_parent!r}" if page.grand_parent else ""
        warn(
            page.docname,
            line,
            WarningKind.NAVIGATION,
            f"parent {page.parent!r}{under} is the title of no page: the page is placed "
            "as if it had no parent; write the parent page's exact title",
        )
        return None
    if len(candidates) > 1:
        warn(
            page.docname,
            line,
            WarningKind.NAVIGATION,
            f"parent {page.parent!r} is the title of {len(candidates)} pages "
            f"({', '.join(candidates)}): the page is placed under {candidates[0]}; "
            "add 'grand_parent:' (the title of the parent's parent) to choose",
        )
    return candidates[0]


def _break_cycles(parent_of: dict[str, str], pages, root_doc: str, warn) -> None:
    """A page that is its own ancestor: the cycle is cut at its first page."""
    settled: set[str] = {root_doc}
    for start in sorted(parent_of):
        chain: list[str] = []
        seen: set[str] = set()
        current = start
        while current in parent_of and current not in settled and current not in seen:
            seen.add(current)
            chain.append(current)
            current = parent_of[current]
        if current in seen:  # a cycle: from `current` back to itself
            cycle = chain[chain.index(current) :]
            cut = min(cycle)
            names = " → ".join(pages[d].title or d for d in [*cycle, cycle[0]])
            warn(
                cut,
                pages[cut].key_lines.get("parent", 1),
                WarningKind.NAVIGATION,
                f"the parents form a cycle ({names}): the page is placed at the top "
                "level; remove 'parent:' from one of these pages",
            )
            parent_of[cut] = root_doc
        settled.update(chain)


# ---- build: which parents to read again, and the toctrees -------------------------


def update_navigation(app, env, added, changed, removed) -> list[str]:
    """Compute the tree for this build; return the parents whose lists changed."""
    previous: Navigation | None = getattr(env, "jekyll_navigation", None)
    if not app.config.jekyll_navigation:
        env.jekyll_navigation = None
        return []
    pages = read_pages(app, env)
    site = site_context(app).site
    navigation = compute_tree(
        pages,
        app.config.root_doc,
        case_insensitive=str(site.get("nav_sort", "")).lower() == "case_insensitive",
    )
    env.jekyll_navigation = navigation
    if previous is None:
        return []  # a first build reads every page (config change → fresh env)
    affected = {
        docname
        for docname in navigation.parents() | previous.parents()
        if navigation.spec(docname) != previous.spec(docname)
    }
    env.jekyll_navigation_changed = bool(affected)
    return sorted((affected & env.found_docs) - set(added) - set(changed) - set(removed))


def rewrite_pages_when_tree_changes(app, env) -> list[str]:
    """Every sidebar shows the tree: when it changed, every page is written again
    (Sphinx writes only the pages it read, and the pages it read again)."""
    if getattr(env, "jekyll_navigation", None) is None:
        return []
    changed = getattr(env, "jekyll_navigation_changed", False)
    env.jekyll_navigation_changed = False
    return sorted(env.found_docs) if changed else []


def make_toctree(docname: str, entries: list[str], *, hidden: bool) -> nodes.compound:
    """An ``addnodes.toctree`` as the ``toctree`` directive makes it, in its wrapper."""
    toctree = addnodes.toctree()
    toctree["parent"] = docname
    toctree["entries"] = [(None, entry) for entry in entries]
    toctree["includefiles"] = list(entries)
    toctree["maxdepth"] = 1
    toctree["caption"] = None
    toctree["glob"] = False
    toctree["hidden"] = hidden
    toctree["includehidden"] = False
    toctree["numbered"] = 0
    toctree["titlesonly"] = True
    toctree["rawentries"] = []
    toctree["jekyll_navigation"] = "hidden" if hidden else "visible"
    wrapper = nodes.compound(classes=["toctree-wrapper", "jekyll-navigation"])
    wrapper += toctree
    return wrapper


class InsertNavigation(SphinxTransform):
    """Append the page's generated toctrees to its title section, while it is read."""

    default_priority = 500

    def apply(self) -> None:
        navigation: Navigation | None = getattr(self.env, "jekyll_navigation", None)
        if navigation is None:
            return
        docname = self.env.current_document.docname
        visible, hidden = navigation.spec(docname)
        if not visible and not hidden:
            return
        target = next(
            (child for child in self.document.children if isinstance(child, nodes.section)),
            self.document,
        )
        for entries, is_hidden in ((visible, False), (hidden, True)):
            if entries:
                wrapper = make_toctree(docname, list(entries), hidden=is_hidden)
                wrapper[0].source = self.document.get("source")
                target += wrapper


# ---- sidebars of large sections ---------------------------------------------------


def sidebar_chunks(navigation: Navigation, pagename: str, size: int) -> dict[str, int]:
    """For each large section the page is in (or below): which chunk of ``size``
    children holds the page (or its ancestor)."""
    chunks: dict[str, int] = {}
    current, seen = pagename, set()
    while current in navigation.parent_of and current not in seen:
        seen.add(current)
        parent = navigation.parent_of[current]
        children = navigation.children.get(parent, ())
        if len(children) > size and current in children:
            chunks[parent] = children.index(current) // size
        current = parent
    return chunks


@contextlib.contextmanager
def narrowed_toctrees(env, chunks: dict[str, int], size: int):
    """For the duration of a sidebar: a large section lists one chunk of ``size``
    children (the page's own, else the first); hidden navigation toctrees none."""
    navigation: Navigation = env.jekyll_navigation
    saved = []
    try:
        for parent in navigation.parents():
            toc = env.tocs.get(parent)
            if toc is None:
                continue
            for node in toc.findall(addnodes.toctree):
                kind = node.get("jekyll_navigation")
                entries = node["entries"]
                if kind == "hidden":
                    narrowed = []
                elif kind == "visible" and len(entries) > size:
                    start = chunks.get(parent, 0) * size
                    narrowed = entries[start : start + size]
                else:
                    continue
                saved.append((node, entries))
                node["entries"] = narrowed
        yield
    finally:
        for node, entries in saved:
            node["entries"] = entries


@contextlib.contextmanager
def theme_sidebar_cache(app, key: tuple):
    """pydata shares one sidebar between the pages of a section (moving the
    "current" marks); pages of different chunks must not share theirs."""
    caches = app.__dict__.setdefault("_jekyll_sidebar_caches", {})
    with pydata_sidebar_cache(app, caches.setdefault(key, {})):
        yield


def limit_sidebars(app, pagename, templatename, context, doctree) -> None:
    """Wrap the theme's toctree functions so that they see narrowed large sections."""
    env = app.env
    navigation: Navigation | None = getattr(env, "jekyll_navigation", None)
    if navigation is None:
        return
    size = max(int(app.config.jekyll_navigation_group_size), 1)
    large = any(len(children) > size for children in navigation.children.values())
    if not large and not navigation.hidden:
        return
    chunks = sidebar_chunks(navigation, pagename, size) if large else {}
    key = tuple(sorted(chunks.items()))

    def wrap(function):
        def narrowed(*args, **kwargs):
            with narrowed_toctrees(env, chunks, size), theme_sidebar_cache(app, key):
                return function(*args, **kwargs)

        return narrowed

    # the header navbar too: pydata draws it from the root's toctrees, hidden ones included
    for name in ("generate_toctree_html", "generate_header_nav_html", "toctree"):
        function = context.get(name)
        if callable(function):
            context[name] = wrap(function)


def setup_navigation(app) -> None:
    app.connect("env-get-outdated", update_navigation)
    app.add_transform(InsertNavigation)
    app.connect("env-updated", rewrite_pages_when_tree_changes)
    # after the theme's own functions are in the context (pydata: priority 500)
    app.connect("html-page-context", limit_sidebars, priority=600)
