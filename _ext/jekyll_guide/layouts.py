"""Layouts: the HTML template of a page's ``layout`` and the sidebar of the pages
sharing it (rendered once per layout, folder and chunk).
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from .compat import add_template_folder
from .i18n import _
from .registry import navigation_key, page_registry

DEFAULT_LAYOUTS = ("default", "page", "post", "home")


# ---- HTML: template and sidebar per layout ----------------------------------


def layout_nav_html(app, layout: str, from_docname: str) -> str:
    """The sidebar of a layout's pages, as seen from ``from_docname``'s folder.

    A layout of more than ``jekyll_navigation_group_size`` pages shows the
    fixed chunk of that many pages that holds the page, with a "…" link to the
    chunks before and after: a page's HTML does not grow with the site (all
    pages on every page made the build O(N²)).  Rendered once per layout,
    folder and chunk.
    """
    cache = app.builder.__dict__.setdefault("_jekyll_layout_nav", {})
    pages = cache.get(layout)
    if pages is None:
        order_key = app.config.jekyll_nav_order_key
        pages = cache[layout] = sorted(
            (p for p in page_registry(app.env).values() if p.front_matter.get("layout") == layout),
            key=lambda p: navigation_key(p.front_matter, p.docname, order_key),
        )
        cache[(layout, "positions")] = {p.docname: i for i, p in enumerate(pages)}
    size = max(int(app.config.jekyll_navigation_group_size), 1)
    chunk = cache[(layout, "positions")].get(from_docname, 0) // size
    key = (layout, posixpath.dirname(from_docname), chunk)
    if key not in cache:
        start = chunk * size

        def item(page, text: str, classes: str = "toctree-l1", label: str = "") -> str:
            href = html.escape(_href(app, from_docname, page))
            aria = f' aria-label="{html.escape(label)}"' if label else ""
            return (
                f'<li class="{classes}" data-docname="{html.escape(page.docname)}">'
                f'<a class="reference internal" href="{href}"{aria}'
                f' title="{html.escape(page.title or page.docname)}">{html.escape(text)}</a></li>'
            )

        items = [item(p, p.title or p.docname) for p in pages[start : start + size]]
        more = "toctree-l1 jekyll-more"
        if start > 0:
            items.insert(0, item(pages[start - 1], "…", more, str(_("Previous pages"))))
        if start + size < len(pages):
            items.append(item(pages[start + size], "…", more, str(_("Next pages"))))
        cache[key] = (
            f'<nav class="bd-docs-nav bd-links jekyll-layout-nav" '
            f'aria-label="{html.escape(layout)}">'
            f'<p class="bd-links__title" role="heading" aria-level="1">'
            f"{html.escape(layout.capitalize())}</p>"
            f'<div class="bd-toc-item navbar-nav"><ul class="nav bd-sidenav">{"".join(items)}'
            "</ul></div></nav>"
        )
    marker = f'<li class="toctree-l1" data-docname="{html.escape(from_docname)}">'
    return cache[key].replace(
        marker,
        f'<li class="toctree-l1 current active" data-docname="{html.escape(from_docname)}">',
    )


def _href(app, from_docname: str, page) -> str:
    """Relative to the folder, not the page: the same for every page of the folder."""
    folder = posixpath.dirname(app.builder.get_target_uri(from_docname)) or "."
    return posixpath.relpath(app.builder.get_target_uri(page.docname), folder)


def forget_layout_navs(app, env) -> None:
    app.builder.__dict__.pop("_jekyll_layout_nav", None)


#: Sidebar templates of the themes that show the site's navigation: the layout's
#: sidebar takes their place (pydata, alabaster/basic, furo).
NAVIGATION_SIDEBARS = {"sidebar-nav-bs", "navigation", "globaltoc", "sidebar/navigation"}
#: Sidebar templates it goes after when the theme has no navigation one.
SEARCH_SIDEBARS = {"searchbox", "searchfield", "sidebar/search", "search-field", "sidebar/brand"}
LAYOUT_NAV_TEMPLATE = "jekyll/layout-nav.html"
#: The extension's own page design, for a layout with no template in ``jekyll_layouts``.
BUILTIN_LAYOUT_TEMPLATE = "jekyll/layout.html"


def _sidebar_name(template: str) -> str:
    return template.removesuffix(".html")


def sidebars_with_layout_nav(sidebars) -> list[str]:
    """The theme's sidebars with the layout's list in place of the site navigation.

    Everything else stays (alabaster's search box, furo's brand and search).
    """
    sidebars = list(sidebars or [])
    replaced = [
        LAYOUT_NAV_TEMPLATE if _sidebar_name(t) in NAVIGATION_SIDEBARS else t for t in sidebars
    ]
    if LAYOUT_NAV_TEMPLATE in replaced:
        return replaced
    searches = [i for i, t in enumerate(replaced) if _sidebar_name(t) in SEARCH_SIDEBARS]
    replaced.insert(searches[-1] + 1 if searches else 0, LAYOUT_NAV_TEMPLATE)
    return replaced


def layout_class(layout: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", layout.lower()).strip("-")
    return f"jekyll-layout-{slug or 'page'}"


def choose_layout_template(app, pagename, templatename, context, doctree):
    """The page template of the page's ``layout``.

    ``jekyll_layouts`` names a template for a layout; any other layout gets the
    extension's own design (:data:`BUILTIN_LAYOUT_TEMPLATE`: the hero, the
    calls to action and a sidebar of the pages of that layout), except Jekyll's
    generic names (:data:`DEFAULT_LAYOUTS`), which keep the theme's design and
    navigation.
    """
    page = page_registry(app.env).get(pagename)
    if page is None or app.builder.format != "html":
        return None
    context["page_front_matter"] = page.front_matter
    layout = page.front_matter.get("layout")
    if not isinstance(layout, str) or not layout.strip():
        return None
    template = app.config.jekyll_layouts.get(layout)
    if not template:
        if layout in DEFAULT_LAYOUTS:
            return None
        template = BUILTIN_LAYOUT_TEMPLATE
    context["jekyll_layout"] = layout
    context["jekyll_layout_class"] = layout_class(layout)
    context["jekyll_layout_nav"] = layout_nav_html(app, layout, pagename)
    context["sidebars"] = sidebars_with_layout_nav(context.get("sidebars"))
    return template


TEMPLATES_DIR = Path(__file__).parent / "templates"


def add_templates(app) -> None:
    """The extension's templates, searched after the project's and the theme's.

    Added to the loader rather than to ``templates_path``, which Sphinx would
    see as a changed configuration on every build.
    """
    add_template_folder(app.builder, str(TEMPLATES_DIR))


def setup_layouts(app) -> None:
    app.connect("builder-inited", add_templates)
    app.connect("env-updated", forget_layout_navs)
    app.connect("html-page-context", choose_layout_template)
