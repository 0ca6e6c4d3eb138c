"""The page registry and the navigation built from it.

The registry (``env.jekyll_pages``) holds, per document, what other pages need
to know about it: title, front matter, the ids its attribute lists define.  It
is filled when a page is read, purged when it is re-read and merged across
parallel readers, so whatever is computed from *all* pages is computed once
per build from it.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.directives.other import TocTree
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .frontmatter import read_front_matter, text_value
from .log import logger
from .urls import has_scheme


@dataclass
class PageInfo:
    """What the rest of the guide knows about one page."""

    docname: str
    title: str = ""
    front_matter: dict[str, Any] = field(default_factory=dict)
    #: ids set by attribute lists (and kramdown's automatic header ids) → line
    ids: dict[str, int | None] = field(default_factory=dict)


def page_registry(env) -> dict[str, PageInfo]:
    if not hasattr(env, "jekyll_pages"):
        env.jekyll_pages = {}
    return env.jekyll_pages


class PageRegistryCollector(EnvironmentCollector):
    """Keeps ``env.jekyll_pages`` in step with the documents read."""

    def clear_doc(self, app, env, docname: str) -> None:
        page_registry(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other) -> None:
        registry, others = page_registry(env), page_registry(other)
        for docname in docnames:
            if docname in others:
                registry[docname] = others[docname]

    def process_doc(self, app, doctree: nodes.document) -> None:
        front_matter = getattr(doctree, "jekyll_front_matter", None)
        if front_matter is None:
            return
        docname = app.env.docname
        page_registry(app.env)[docname] = PageInfo(
            docname=docname,
            title=text_value(front_matter.get("title")),
            front_matter=front_matter,
            ids=dict(getattr(doctree, "jekyll_ids", {})),
        )


def navigation_key(front_matter: dict[str, Any], docname: str, order_key: str):
    """Pages with an order come first (smaller first), then by title, then name."""
    order = front_matter.get(order_key)
    has_order = isinstance(order, int | float) and not isinstance(order, bool)
    title = text_value(front_matter.get("title")) or docname
    return (0 if has_order else 1, order if has_order else 0, title.casefold(), docname)


def pages_in_navigation_order(env, docnames) -> list[tuple[str, dict[str, Any]]]:
    """``(docname, front matter)`` in navigation order, read from the files.

    The front matter is read from disk (cached) because the pages may not have
    been read yet; each file becomes a dependency of the current document, so a
    changed title or order re-reads the page that lists them.
    """
    order_key = env.config.jekyll_nav_order_key
    pages = []
    for docname in docnames:
        path = env.doc2path(docname)
        env.note_dependency(str(path))
        pages.append((docname, read_front_matter(path)))
    pages.sort(key=lambda page: navigation_key(page[1], page[0], order_key))
    return pages


class PageToctree(TocTree):
    """A toctree of every page matching its glob patterns, in navigation order.

    ``toctree`` with ``:glob:`` sorts by file name; pages are ordered by the
    front matter instead (``jekyll_nav_order_key``, then title).  Sphinx re-reads
    a document with a glob toctree when files are added or removed, so a page
    dropped into the folder shows up on the next build.
    """

    def run(self):
        self.options["glob"] = True
        if not self.content:
            self.content.append("*", "<page-toctree>", 0)
        return super().run()

    def parse_content(self, toctree: addnodes.toctree) -> None:
        super().parse_content(toctree)
        listed = [docname for _title, docname in toctree["entries"]]
        rank = {
            docname: index
            for index, (docname, _) in enumerate(pages_in_navigation_order(self.env, listed))
        }
        toctree["entries"].sort(key=lambda entry: rank[entry[1]])
        toctree["includefiles"].sort(key=lambda docname: rank.get(docname, len(rank)))


class ResolvePageLocalAnchors(Transform):
    """``[x](#id)`` goes to this page's own ``#id`` first, as in a browser.

    MyST would look for a project-wide label of that name first; with ids
    reused on many pages (``#presentation``) that would jump to another page.
    """

    default_priority = 878  # just before MyST's ResolveAnchorIds (879)

    def apply(self) -> None:
        local_ids = getattr(self.document, "jekyll_ids", None)
        if not local_ids:
            return
        for reference in self.document.findall(nodes.reference):
            target = reference.get("refuri", "")
            if reference.get("id_link") and target.startswith("#") and target[1:] in local_ids:
                reference["refid"] = target[1:]
                reference["internal"] = True
                del reference["refuri"]
                del reference["id_link"]


def permalink_path(value) -> str | None:
    """A permalink as an output path (``/a/b.html`` → ``a/b.html``, ``/a/`` → ``a/index.html``).

    ``None`` when it is not a path inside the site (a URL, ``..``, a backslash).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if has_scheme(text) or "\\" in text or "\x00" in text:
        return None
    path = text.split("#", 1)[0].split("?", 1)[0]
    if path.endswith("/"):
        path += "index.html"
    normalized = posixpath.normpath("/" + path).lstrip("/")
    if not normalized or normalized.startswith("..") or ".." in path.split("/"):
        return None
    if not posixpath.splitext(normalized)[1]:
        normalized += ".html"
    return normalized


def _as_list(value) -> list:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def collect_urls(app, env) -> None:
    """Map every permalink and ``redirect_from`` to its page; refuse clashes."""
    registry = page_registry(env)
    own_paths = {f"{docname}.html": docname for docname in env.found_docs}
    permalinks: dict[str, str] = {}
    redirects: dict[str, str] = {}
    for docname in sorted(registry):
        page = registry[docname]
        claims = [("permalink", page.front_matter.get("permalink"))]
        claims += [("redirect_from", v) for v in _as_list(page.front_matter.get("redirect_from"))]
        for key, value in claims:
            if value is None:
                continue
            path = permalink_path(value)
            if path is None:
                _url_error(
                    env,
                    docname,
                    f"{key} {value!r} is not a path inside the site "
                    "(no URL, no '..'): it was ignored",
                )
                continue
            owner = permalinks.get(path) or redirects.get(path) or own_paths.get(path)
            if owner is not None and owner != docname:
                _url_error(
                    env,
                    docname,
                    f"{key} {value!r} is already the URL of "
                    f"{env.doc2path(owner)}: two pages cannot share an URL",
                )
                continue
            (permalinks if key == "permalink" else redirects)[path] = docname
    env.jekyll_permalinks = permalinks
    env.jekyll_redirects = redirects
    # the redirect pages this build writes, and those a previous build wrote
    # that nothing claims any more (decided here: the environment is saved
    # before the pages are written)
    if app.builder.format != "html":
        return
    pages = {
        path: docname
        for path, docname in {**redirects, **permalinks}.items()
        if path != app.builder.get_target_uri(docname)
    }
    previous = getattr(env, "jekyll_redirect_pages", {})
    env.jekyll_stale_redirects = sorted(set(previous) - set(pages))
    env.jekyll_redirect_pages = pages


def _url_error(env, docname: str, message: str) -> None:
    logger.error(
        f"{env.doc2path(docname)}: {message}",
        type="jekyll",
        subtype="permalink",
        location=(docname, 1),
    )


def find_page_by_url(env, site: dict, target: str) -> tuple[str, str] | None:
    """A link written as a page's URL (permalink, ``{{ site.url }}/…``) → (docname, anchor)."""
    base = (str(site.get("url") or "") + str(site.get("baseurl") or "")).rstrip("/")
    if base and target.startswith(base + "/"):
        target = target[len(base) :]
    elif has_scheme(target):
        return None
    path, _, anchor = target.partition("#")
    key = permalink_path(path) if path else None
    if key is None:
        return None
    urls = {**getattr(env, "jekyll_redirects", {}), **getattr(env, "jekyll_permalinks", {})}
    docname = urls.get(key)
    return (docname, anchor) if docname else None


class ResolvePageLinks(SphinxPostTransform):
    """Links to other pages that MyST cannot resolve by itself.

    - ``[x](autre-page.md#id)``: an id set by an attribute list on that page;
    - ``[x](/expertises/x.html#id)``, ``{{ site.url }}/x.html``: a page's URL.
    Both become internal references, so they work on Read the Docs and in the PDF.
    """

    default_priority = 8  # before MyST's resolver (9), which only knows labels

    def run(self, **kwargs) -> None:
        registry = page_registry(self.env)
        site = getattr(self.app, "jekyll_site", None)
        site_values = site.site if site is not None else {}
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst":
                continue
            if node.get("refdomain") == "doc":
                page = registry.get(node["reftarget"])
                target_id = node.get("reftargetid")
                if page is not None and target_id and target_id in page.ids:
                    self.replace_with_reference(node, page.docname, target_id)
            elif node.get("refdomain") is None:
                found = find_page_by_url(self.env, site_values, node["reftarget"])
                if found:
                    self.replace_with_reference(node, *found)
        for node in list(self.document.findall(nodes.reference)):
            refuri = node.get("refuri", "")
            site_link = refuri.startswith(("http://", "https://")) and site_values.get("url")
            if site_link or refuri.startswith("/"):  # raw HTML links are references
                found = find_page_by_url(self.env, site_values, refuri)
                if found:
                    self.replace_with_reference(node, *found)
                elif refuri.startswith("/") and not refuri.startswith("//"):
                    # a page of the Jekyll site that is not in the guide
                    base = str(site_values.get("url") or "").rstrip("/")
                    if base:
                        node["refuri"] = base + str(site_values.get("baseurl") or "") + refuri

    def replace_with_reference(self, node: nodes.Element, docname: str, anchor: str) -> None:
        content = nodes.inline("", "", *[child.deepcopy() for child in node.children])
        if not content.children:
            title = page_registry(self.env).get(docname)
            text = title.title if title and title.title else docname
            content += nodes.Text(text)
        reference = make_refnode(
            self.app.builder, node.get("refdoc", self.env.docname), docname, anchor, content
        )
        reference["classes"].extend(c for c in node["classes"] if c != "external")
        if node.get("html_attributes"):
            reference["html_attributes"] = node["html_attributes"]
        node.replace_self(reference)


REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
<meta name="generator" content="jekyll_guide redirect">
</head>
<body><p>Cette page a déménagé : <a href="{url}">{title}</a>.</p></body>
</html>
"""


def write_redirect_pages(app, exception) -> None:
    """Make every permalink and ``redirect_from`` answer in the HTML output."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    outdir = Path(app.outdir).resolve()
    registry = page_registry(env)
    for path, docname in sorted(getattr(env, "jekyll_redirect_pages", {}).items()):
        target = (outdir / path).resolve()
        if not target.is_relative_to(outdir):
            continue
        own = app.builder.get_target_uri(docname)
        url = posixpath.relpath(own, posixpath.dirname(path) or ".")
        page = registry.get(docname)
        title = html.escape(page.title if page and page.title else docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        content = REDIRECT_PAGE.format(title=title, url=html.escape(url))
        if not target.exists() or target.read_text("utf-8") != content:
            target.write_text(content, "utf-8")
    # a permalink that changed or went away: its old redirect page goes too
    for path in getattr(env, "jekyll_stale_redirects", []):
        stale = (outdir / path).resolve()
        if stale.is_relative_to(outdir) and stale.is_file():
            if 'content="jekyll_guide redirect"' in stale.read_text("utf-8", errors="replace"):
                stale.unlink()


def navigation_signature(env) -> tuple:
    """What a page shows of the others: sidebars (titles, order, layout) and
    links resolved through permalinks."""
    order_key = env.config.jekyll_nav_order_key
    keys = (order_key, "layout", "permalink", "redirect_from")
    return tuple(
        sorted(
            (page.docname, page.title, *(repr(page.front_matter.get(k)) for k in keys))
            for page in page_registry(env).values()
        )
    )


def rewrite_pages_when_navigation_changes(app, env) -> list[str]:
    """Every page shows the navigation: rewrite them all when it changed.

    Sphinx rewrites only the pages it re-read; a page added, removed or renamed
    would otherwise be missing from the sidebars of the pages left untouched, and
    a changed permalink would leave stale links in the pages that use it.
    """
    signature = navigation_signature(env)
    previous = getattr(env, "jekyll_nav_signature", None)
    env.jekyll_nav_signature = signature
    if previous is not None and previous != signature:
        return sorted(env.found_docs)
    return []


def setup_pages(app) -> None:
    app.add_env_collector(PageRegistryCollector)
    app.add_directive("page-toctree", PageToctree)
    app.add_transform(ResolvePageLocalAnchors)
    app.add_post_transform(ResolvePageLinks)
    app.connect("env-updated", rewrite_pages_when_navigation_changes)
    app.connect("env-updated", collect_urls)
    app.connect("build-finished", write_redirect_pages)
