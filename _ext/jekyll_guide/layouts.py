"""Front matter made visible: hero, calls to action, layouts, card grids.

The hero (header image, summary) and the calls to action are ordinary nodes,
so the PDF shows them too; the layout only picks the HTML template and the
sidebar of the pages sharing it (rendered once per folder and build).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.jinja2glue import SphinxFileSystemLoader
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import patfilter

from .frontmatter import text_value
from .log import warn_at
from .pages import navigation_key, page_registry, pages_in_navigation_order
from .site import site_context
from .urls import has_scheme, safe_url

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg")
DEFAULT_LAYOUTS = ("default", "page", "post", "home")


def header_image_folders(app) -> list[tuple[Path, bool]]:
    """``jekyll_header_image_dirs`` as (folder, recursive): ``assets/**`` is recursive."""
    site = site_context(app)
    folders = []
    for entry in app.config.jekyll_header_image_dirs:
        entry = str(entry).strip().strip("/")
        recursive = entry == "**" or entry.endswith("/**")
        if recursive:
            entry = entry[:-2].rstrip("/")
        folders.append((site.site_dir / entry if entry else site.site_dir, recursive))
    return folders


def _subfolders(folder: Path) -> list[Path]:
    """``folder`` and every folder under it (links not followed), sorted; cached per build."""
    cache = _SUBFOLDERS_CACHE
    if folder not in cache:
        found = []
        for root, dirs, _files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.append(Path(root))
        cache[folder] = found
    return cache[folder]


_SUBFOLDERS_CACHE: dict[Path, list[Path]] = {}


def forget_image_folders(app, env, docnames) -> None:
    _SUBFOLDERS_CACHE.clear()


def find_header_image(app, name: str) -> tuple[str | None, list[str]]:
    """The srcdir-absolute URI of ``header-img`` (``/x/y.*`` when several formats).

    Looked for as written, then in the site's image folders
    (``jekyll_header_image_dirs``; ``assets/**`` searches every folder under
    ``assets/``), as given or with one of :data:`IMAGE_SUFFIXES`.  Only files
    inside the source folder are used: no URL, no ``..``, no link leading
    outside it.  Returns the URI and the folders searched (as configured).
    """
    site = site_context(app)
    srcdir = Path(app.srcdir).resolve()
    searched = [str(entry) for entry in app.config.jekyll_header_image_dirs]
    clean = name.strip().lstrip("/")
    if not clean or has_scheme(clean) or ".." in Path(clean).parts or "\\" in clean:
        return None, searched
    candidates = [site.site_dir / clean]
    for folder, recursive in header_image_folders(app):
        if not folder.is_dir():
            continue
        for base in _subfolders(folder) if recursive else [folder]:
            candidates.append(base / clean)
    for base in candidates:
        found = [base] if base.suffix.lower() in IMAGE_SUFFIXES and base.is_file() else []
        found += [base.with_name(base.name + s) for s in IMAGE_SUFFIXES]
        found = [p for p in found if p.is_file() and p.resolve().is_relative_to(srcdir)]
        if not found:
            continue
        relative = found[0].resolve().relative_to(srcdir).as_posix()
        if len({p.suffix.lower() for p in found}) > 1 and found[0] != base:
            # several formats: let each builder pick (SVG for HTML, PNG for LaTeX)
            relative = relative.rsplit(".", 1)[0] + ".*"
        return "/" + relative, searched
    return None, searched


def call_to_action(value, default_url: str, classes: list[str]) -> nodes.container | None:
    """``footer_cta``/``header_cta``: a text, ``true``, or ``{text, url}``."""
    if value is True:
        text, url = "Nous contacter", default_url
    elif isinstance(value, str):
        text, url = value, default_url
    elif isinstance(value, dict):
        text = text_value(value.get("text") or value.get("title"))
        url = text_value(value.get("url") or value.get("link")) or default_url
    else:
        return None
    if not text.strip():
        return None
    box = nodes.container(classes=["jekyll-cta", *classes])
    paragraph = nodes.paragraph()
    safe = safe_url(url)
    if safe:
        link = nodes.reference(
            "",
            text,
            refuri=safe,
            classes=[
                "sd-sphinx-override",
                "sd-btn",
                "sd-text-wrap",
                "sd-btn-primary",
                "btn",
                "btn-primary",
            ],
        )
        paragraph += link
    else:
        paragraph += nodes.strong(text, text)
    box += paragraph
    return box


class InsertPageFurniture(SphinxTransform):
    """Hero (header image, summary, header CTA) under the title; footer CTA last."""

    default_priority = 210

    def apply(self, **kwargs) -> None:
        data = getattr(self.document, "jekyll_front_matter", None)
        if not data:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            return
        docname = self.env.docname
        key_lines = getattr(self.document, "jekyll_key_lines", {})
        hero = nodes.container(classes=["jekyll-hero"])
        image_name = text_value(data.get("header-img"))
        if image_name:
            uri, folders = find_header_image(self.app, image_name)
            if uri:
                hero += nodes.image(uri=uri, alt="", classes=["jekyll-hero-image"])
                raster = uri[:-2] + ".png" if uri.endswith(".*") else uri
                self.env.metadata[docname].setdefault(
                    "og:image", "_images/" + raster.rsplit("/", 1)[-1]
                )
            else:
                searched = ", ".join(folders)
                warn_at(
                    docname,
                    key_lines.get("header-img", 2),
                    "header_image",
                    f"header image {image_name!r} not found (looked for it as given and with "
                    f"{', '.join(IMAGE_SUFFIXES)} in the site folder and in: {searched}, see "
                    "jekyll_header_image_dirs); the page is shown without it",
                )
        summary = text_value(data.get("summary")).strip()
        if summary:
            hero += nodes.paragraph(summary, summary, classes=["lead", "jekyll-summary"])
            section.insert(1, nodes.meta(name="description", content=summary))
            self.env.metadata[docname].setdefault("og:description", summary)
        cta_url = self.config.jekyll_cta_url
        header_cta = call_to_action(data.get("header_cta"), cta_url, ["jekyll-header-cta"])
        if header_cta is not None:
            hero += header_cta
        if len(hero):
            section.insert(1, hero)
        footer_cta = call_to_action(data.get("footer_cta"), cta_url, ["jekyll-footer-cta"])
        if footer_cta is not None:
            section += footer_cta


class PageCards(SphinxDirective):
    """``page-cards``: a sphinx-design card per page (title, summary, image, link).

    The argument is a glob of documents relative to this one (``expertises/*``);
    ``:layout:`` keeps only the pages of a layout.  Front matter is read from the
    files, so the grid is complete even when this page is read first.
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
            (docname, front_matter)
            for docname, front_matter in pages_in_navigation_order(env, docnames)
            if not wanted_layout or front_matter.get("layout") == wanted_layout
        ]
        env.glob_toctrees.add(env.docname)  # re-read when pages are added or removed
        columns = self.options.get("columns", "1 2 2 2")
        lines = [f"````{{grid}} {columns}", ":gutter: 3", ":class-container: jekyll-cards", ""]
        for docname, front_matter in pages:
            title = _escape_markdown(text_value(front_matter.get("title")) or docname)
            lines += [
                f"```{{grid-item-card}} {title}",
                f":link: /{docname}",
                ":link-type: doc",
                ":class-card: jekyll-card",
            ]
            image = text_value(front_matter.get("header-img"))
            uri = find_header_image(self.env.app, image)[0] if image else None
            if uri:
                lines.append(f":img-top: {uri}")
            lines.append("")
            summary = text_value(front_matter.get("summary")).strip()
            lines += [_escape_markdown(summary) if summary else "", "```", ""]
        lines.append("````")
        grid = self.parse_text_to_nodes("\n".join(lines))
        if grid:
            # what the PDF shows instead of the grid: a list (see latex.py)
            grid[0]["jekyll_cards"] = [
                (
                    docname,
                    text_value(fm.get("title")) or docname,
                    text_value(fm.get("summary")).strip(),
                )
                for docname, fm in pages
            ]
        return grid


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~:$])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


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

        def item(page, text: str, classes: str = "toctree-l1") -> str:
            href = html.escape(_href(app, from_docname, page))
            return (
                f'<li class="{classes}" data-docname="{html.escape(page.docname)}">'
                f'<a class="reference internal" href="{href}"'
                f' title="{html.escape(page.title or page.docname)}">{html.escape(text)}</a></li>'
            )

        items = [item(p, p.title or p.docname) for p in pages[start : start + size]]
        if start > 0:
            items.insert(0, item(pages[start - 1], "…", "toctree-l1 jekyll-more"))
        if start + size < len(pages):
            items.append(item(pages[start + size], "…", "toctree-l1 jekyll-more"))
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
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "loaders"):
        templates.loaders.append(SphinxFileSystemLoader(str(TEMPLATES_DIR)))


def setup_layouts(app) -> None:
    app.connect("builder-inited", add_templates)
    app.add_transform(InsertPageFurniture)
    app.add_directive("page-cards", PageCards)
    app.connect("env-updated", forget_layout_navs)
    app.connect("env-before-read-docs", forget_image_folders)
    app.connect("html-page-context", choose_layout_template)
