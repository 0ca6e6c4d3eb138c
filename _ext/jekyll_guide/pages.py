"""The page registry and the navigation built from it.

The registry (``env.jekyll_pages``) holds, per document, what other pages need
to know about it: title, front matter, the ids its attribute lists define.  It
is filled when a page is read, purged when it is re-read and merged across
parallel readers, so whatever is computed from *all* pages is computed once
per build from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.directives.other import TocTree
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .frontmatter import read_front_matter, text_value


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
        env = self.env
        order_key = env.config.jekyll_nav_order_key
        keys = {}
        for _title, docname in toctree["entries"]:
            path = env.doc2path(docname)
            env.note_dependency(str(path))
            keys[docname] = navigation_key(read_front_matter(path), docname, order_key)
        toctree["entries"].sort(key=lambda entry: keys[entry[1]])
        toctree["includefiles"].sort(key=lambda docname: keys.get(docname, ()))


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


class ResolvePageIdReferences(SphinxPostTransform):
    """``[x](autre-page.md#id)``: an id set by an attribute list on that page."""

    default_priority = 8  # before MyST's resolver (9), which only knows labels

    def run(self, **kwargs) -> None:
        registry = page_registry(self.env)
        for pending in list(self.document.findall(addnodes.pending_xref)):
            if pending.get("reftype") != "myst" or pending.get("refdomain") != "doc":
                continue
            page = registry.get(pending["reftarget"])
            target_id = pending.get("reftargetid")
            if page is None or not target_id or target_id not in page.ids:
                continue
            content = pending[0].deepcopy() if len(pending) else nodes.inline()
            reference = make_refnode(
                self.app.builder,
                pending.get("refdoc", self.env.docname),
                page.docname,
                target_id,
                content,
            )
            reference["classes"].extend(pending["classes"])
            if pending.get("html_attributes"):
                reference["html_attributes"] = pending["html_attributes"]
            pending.replace_self(reference)


def navigation_signature(env) -> tuple:
    """What every page's sidebar shows of the other pages."""
    order_key = env.config.jekyll_nav_order_key
    return tuple(
        sorted(
            (page.docname, page.title, repr(page.front_matter.get(order_key)))
            for page in page_registry(env).values()
        )
    )


def rewrite_pages_when_navigation_changes(app, env) -> list[str]:
    """Every page shows the navigation: rewrite them all when it changed.

    Sphinx rewrites only the pages it re-read; a page added, removed or renamed
    would otherwise be missing from the sidebars of the pages left untouched.
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
    app.add_post_transform(ResolvePageIdReferences)
    app.connect("env-updated", rewrite_pages_when_navigation_changes)
