"""The page registry: one :class:`~.pagemodel.Page` per document, in ``env.jekyll_pages``.

Filled before anything is read (:func:`load_pages`, so the navigation, cards and
``{% link %}`` see every page whichever is read first), completed when a page is
parsed (its ids), merged across parallel readers.  Everything computed from
*all* pages is computed from it, once per build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.environment.collectors import EnvironmentCollector

from .frontmatter import text_value
from .pagemodel import Page, is_markdown, read_page, stamp_of
from .site import site_context, site_relative_path


def page_registry(env) -> dict[str, Page]:
    if not hasattr(env, "jekyll_pages"):
        env.jekyll_pages = {}
    return env.jekyll_pages


def pages_by_site_path(env) -> dict[str, Page]:
    """Pages by their path in the site folder (``{% link %}``, ``.md`` links)."""
    return getattr(env, "jekyll_pages_by_site_path", {})


def where_is(app, docname: str, source: str) -> tuple[str, bool]:
    """The page's path as Jekyll sees it, and whether it is inside the site folder."""
    try:
        site_path = site_relative_path(app, docname, source)
    except ValueError:
        return docname, False
    site_dir = (Path(app.srcdir) / app.config.jekyll_site_dir).resolve()
    return site_path, Path(source).resolve().is_relative_to(site_dir)


def load_pages(app, env, added, changed, removed) -> list[str]:
    """Every page's record, before anything is read: a file is read again only
    when it changed (its front matter block only); ``defaults:`` applied anew.

    Returns the pages whose front matter changed without their file changing
    (``defaults:`` edited in ``_config.yml``): Sphinx reads them again, and
    the pages listing others (``page-cards``) with them.
    """
    registry = page_registry(env)
    max_yaml_size = app.config.jekyll_max_yaml_size
    site = site_context(app)
    suffixes = dict(app.config.source_suffix)
    fresh: dict[str, Page] = {}
    outdated: set[str] = set()
    for docname in sorted(env.found_docs):
        source = str(env.doc2path(docname))
        page = registry.get(docname)
        before = page.front_matter if page is not None else None
        markdown = is_markdown(source, suffixes)
        if page is None or page.source != source or page.stamp != stamp_of(source, max_yaml_size):
            site_path, in_site = where_is(app, docname, source)
            if markdown:
                page = read_page(docname, source, site_path, max_yaml_size)
            else:
                page = Page(docname=docname, source=source, site_path=site_path)
            page.in_site = in_site
        if markdown:
            page.apply_defaults(site.defaults_for)
        if before is not None and page.front_matter != before:
            outdated.add(docname)
        fresh[docname] = page
    env.jekyll_pages = fresh
    env.jekyll_pages_by_site_path = {
        page.site_path: page for page in fresh.values() if page.in_site
    }
    if outdated:
        outdated |= set(getattr(env, "jekyll_listing_pages", ())) & env.found_docs
    return sorted(outdated - set(added) - set(removed))


class PageRegistryCollector(EnvironmentCollector):
    """The record a page was parsed with (and its ids) replaces the one read ahead."""

    def clear_doc(self, app, env, docname: str) -> None:
        """Kept: :func:`load_pages` read it for this build, the parse completes it."""

    def merge_other(self, app, env, docnames, other) -> None:
        registry, others = page_registry(env), page_registry(other)
        for docname in docnames:
            if docname in others:
                registry[docname] = others[docname]

    def process_doc(self, app, doctree) -> None:
        page = getattr(doctree, "jekyll_page", None)
        if page is None:
            return
        page.ids = dict(getattr(doctree, "jekyll_ids", {}))
        page_registry(app.env)[app.env.docname] = page


def navigation_key(front_matter: dict[str, Any], docname: str, order_key: str):
    """Pages with an order come first (smaller first), then by title, then name."""
    order = front_matter.get(order_key)
    has_order = isinstance(order, int | float) and not isinstance(order, bool)
    title = text_value(front_matter.get("title")) or docname
    return (0 if has_order else 1, order if has_order else 0, title.casefold(), docname)


def pages_in_navigation_order(env, docnames) -> list[Page]:
    """The pages ``docnames`` in navigation order (``jekyll_nav_order_key``, title).

    Each file becomes a dependency of the current document: a changed title or
    order re-reads the page that lists them.
    """
    order_key = env.config.jekyll_nav_order_key
    registry = page_registry(env)
    pages = []
    for docname in docnames:
        page = registry.get(docname)
        if page is not None:
            env.note_dependency(page.source)
            pages.append(page)
    pages.sort(key=lambda page: navigation_key(page.front_matter, page.docname, order_key))
    return pages


def setup_registry(app) -> None:
    # before the navigation (500) computes its tree from the records
    app.connect("env-get-outdated", load_pages, priority=400)
    app.add_env_collector(PageRegistryCollector)
