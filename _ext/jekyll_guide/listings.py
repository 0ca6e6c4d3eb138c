"""Directives that list pages from the registry: ``page-toctree`` and ``page-cards``.

Both take glob patterns relative to the page and list the pages in navigation
order (``jekyll_nav_order_key``, then title), from the page records
(:mod:`.registry`): the list is complete even when this page is read first,
and a page whose layout comes from ``defaults:`` is listed with it.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.directives.other import TocTree
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import patfilter
from sphinx_design.shared import PassthroughTextElement, create_component

from .compat import app_of
from .hero import find_header_image
from .registry import pages_in_navigation_order


class PageToctree(TocTree):
    """A toctree of every page matching its glob patterns, in navigation order.

    ``toctree`` with ``:glob:`` sorts by file name; pages are ordered by the
    front matter instead.  Sphinx re-reads a document with a glob toctree when
    files are added or removed, so a page dropped into the folder shows up on
    the next build.
    """

    def run(self):
        self.options["glob"] = True
        if not self.content:
            self.content.append("*", "<page-toctree>", 0)
        result = super().run()
        for toctree in (n for node in result for n in node.findall(addnodes.toctree)):
            listed = [docname for _title, docname in toctree["entries"]]
            rank = {
                page.docname: index
                for index, page in enumerate(pages_in_navigation_order(self.env, listed))
            }
            toctree["entries"].sort(key=lambda entry: rank.get(entry[1], len(rank)))
            toctree["includefiles"].sort(key=lambda docname: rank.get(docname, len(rank)))
        return result


def grid_classes(columns: str) -> list[str]:
    """sphinx-design's row classes for ``grid`` columns ``"1 2 2 2"`` (xs sm md lg)."""
    values = columns.split()
    if len(values) == 1:
        values *= 4
    if len(values) != 4 or not all(v.isdigit() and 1 <= int(v) <= 12 for v in values):
        values = ["1", "2", "2", "2"]
    sizes = zip(("xs", "sm", "md", "lg"), values, strict=True)
    columns_classes = (f"sd-row-cols-{size}-{value}" for size, value in sizes)
    return ["sd-row", f"sd-row-cols-{values[0]}", *columns_classes]


class PageCards(SphinxDirective):
    """``page-cards``: a sphinx-design card per page (title, summary, image, link).

    The argument is a glob of documents relative to this one (``expertises/*``);
    ``:layout:`` keeps only the pages of a layout; ``:columns:`` as sphinx-design's
    ``grid`` (``"1 2 2 2"``: extra-small to large screens).  The cards are built
    as sphinx-design builds ``grid-item-card`` (same classes, same HTML); titles
    and summaries stay text, whatever characters they hold.
    """

    optional_arguments = 1
    option_spec = {
        "layout": directives.unchanged,
        "columns": directives.unchanged,
    }

    def run(self):
        env = self.env
        pattern = posixpath.join(
            posixpath.dirname(env.docname), self.arguments[0] if self.arguments else "*"
        )
        docnames = [
            d
            for d in patfilter(env.found_docs, posixpath.normpath(pattern))
            if d != env.docname and posixpath.basename(d) != "index"  # section pages
        ]
        wanted_layout = self.options.get("layout")
        pages = [
            page
            for page in pages_in_navigation_order(env, docnames)
            if not wanted_layout or page.layout == wanted_layout
        ]
        listing_pages(env).add(env.docname)  # read again when pages are added or removed
        row = create_component(
            "grid-row",
            [*grid_classes(self.options.get("columns", "1 2 2 2")), *gutter_classes(3)],
        )
        row += [self.card(page) for page in pages]
        grid = create_component(
            "grid-container",
            ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "jekyll-cards"],
            children=[row],
        )
        self.set_source_info(grid)
        # what the PDF shows instead of the grid: a list (see latex.py)
        grid["jekyll_cards"] = [
            (page.docname, page.title or page.docname, page.summary) for page in pages
        ]
        return [grid]

    def card(self, page) -> nodes.container:
        title = page.title or page.docname
        card = create_component(
            "card",
            ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover"]
            + ["jekyll-card"],
        )
        self.set_source_info(card)
        image = page.header_image
        uri = find_header_image(app_of(self.env), image)[0] if image else None
        if uri:
            card += nodes.image("", uri=uri, alt="", classes=["sd-card-img-top"])
        heading = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
        heading += PassthroughTextElement("", "", nodes.Text(title))
        body = create_component("card-body", ["sd-card-body"], children=[heading])
        if page.summary:
            body += nodes.paragraph(page.summary, page.summary, classes=["sd-card-text"])
        card += body
        link = addnodes.pending_xref(
            title,
            nodes.inline(title, title),
            classes=["sd-stretched-link", "sd-hide-link-text"],
            reftarget="/" + page.docname,
            refdoc=self.env.docname,
            refdomain="std",
            reftype="doc",
            refexplicit=False,
            refwarn=True,
        )
        self.set_source_info(link)
        card += PassthroughTextElement("", "", link)
        return create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])


def gutter_classes(gutter: int) -> list[str]:
    return [f"sd-g-{gutter}", *(f"sd-g-{size}-{gutter}" for size in ("xs", "sm", "md", "lg"))]


def listing_pages(env) -> set[str]:
    if not hasattr(env, "jekyll_listing_pages"):
        env.jekyll_listing_pages = set()
    return env.jekyll_listing_pages


class ListingPagesCollector(EnvironmentCollector):
    """The pages with ``page-cards``, across parallel readers."""

    def clear_doc(self, app, env, docname: str) -> None:
        listing_pages(env).discard(docname)

    def merge_other(self, app, env, docnames, other) -> None:
        listing_pages(env).update(listing_pages(other) & set(docnames))

    def process_doc(self, app, doctree) -> None:
        """Noted by the directive itself."""


def reread_listings_when_pages_come_and_go(app, env, added, changed, removed) -> list[str]:
    """A page added or removed changes the card grids (Sphinx does this itself
    for glob toctrees only)."""
    if not added and not removed:
        return []
    return sorted((listing_pages(env) & env.found_docs) - set(removed))


def setup_listings(app) -> None:
    app.add_directive("page-toctree", PageToctree)
    app.add_directive("page-cards", PageCards)
    app.add_env_collector(ListingPagesCollector)
    app.connect("env-get-outdated", reread_listings_when_pages_come_and_go)
