"""Links and URLs as on the Jekyll site: page-local ``#id`` anchors, permalinks,
links written as a page's URL or source path, all computed from the page
registry (:mod:`.registry`) once per build.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from docutils import nodes
from docutils.transforms import Transform
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.nodes import make_refnode

from .compat import (
    AFTER_ID_ORDERING,
    BEFORE_MYST_ANCHOR_IDS,
    BEFORE_MYST_ANCHOR_LINKS,
    BEFORE_MYST_RESOLVER,
    app_of,
)
from .log import warn_at, warn_node
from .pagemodel import jekyll_url, permalink_path
from .redirects import plan_redirect_pages
from .registry import page_registry
from .urls import (
    has_scheme,
    is_relative,
    is_root_absolute,
    resolve_href,
    rewrite_html_hrefs,
    safe_url,
    strip_baseurl,
)
from .warnings import WarningKind

_RAW_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def ids_in_raw_html(document: nodes.document) -> set[str]:
    """Ids (and ``<a name>``) written in the page's raw HTML, which docutils does not see."""
    found: set[str] = {""}  # never empty: computed once
    for raw in document.findall(nodes.raw):
        if "html" in raw.get("format", ""):
            found.update(_RAW_ID.findall(raw.astext()))
    return found


class ResolvePageLocalAnchors(Transform):
    """``[x](#id)`` goes to this page's own ``#id`` first, as in a browser.

    MyST would look for a project-wide label of that name first; with ids
    reused on many pages (``#presentation``) that would jump to another page.
    """

    default_priority = BEFORE_MYST_ANCHOR_IDS

    def apply(self) -> None:
        local_ids = getattr(self.document, "jekyll_ids", None) or {}
        raw_ids = None  # ids written in raw HTML, read when a link needs them
        for reference in self.document.findall(nodes.reference):
            target = reference.get("refuri", "")
            if reference.get("id_link") and target == "#":
                # ``[Haut](#)``: the top of the page, a link as kramdown writes it
                del reference["id_link"]
                continue
            if (
                reference.get("id_link")
                and target.startswith("#")
                and target[1:] not in local_ids
                and target[1:] not in self.document.ids
                and target[1:] not in self.document.nameids
                and target[1:] not in (raw_ids := raw_ids or ids_in_raw_html(self.document))
            ):
                # ids are page-local in Jekyll: a missing one is a dead link on the site
                # too; it stays the link written (kramdown's <a href="#x">), with a warning
                del reference["id_link"]
                warn_node(
                    reference,
                    WarningKind.LINK,
                    f"no element of this page has the id {target[1:]!r}: the link "
                    f"{target!r} leads nowhere (as on the Jekyll site); fix the id or the link",
                )
                continue
            if reference.get("id_link") and target.startswith("#") and target[1:] in local_ids:
                reference["refid"] = target[1:]
                reference["internal"] = True
                del reference["refuri"]
                del reference["id_link"]


class KeepHeadingIdFirst(Transform):
    """The id the author gave a heading stays the section's first id.

    Sphinx's ``SortIds`` (261) moves a first id starting with ``id`` to the end,
    taking it for one of docutils' ``id1``… — ``identifiants-propres`` too.  The
    heading's id is written on the ``<hN>`` only when it is first (see
    ``styles.HtmlAttributesMixin.visit_section``), else it was written twice;
    the ¶ link and the tables of contents use the first id, as on the site.
    """

    default_priority = AFTER_ID_ORDERING

    def apply(self) -> None:
        for section in self.document.findall(nodes.section):
            heading_id = section.get("jekyll_heading_id")
            ids = section["ids"]
            if heading_id and heading_id in ids and ids[0] != heading_id:
                ids.remove(heading_id)
                ids.insert(0, heading_id)


#: bumped when pages read by an older version must be read again (links were
#: not marked then, see :class:`MarkWrittenLinks`)
LINKS_VERSION = 1


class MarkWrittenLinks(Transform):
    """Mark the cross-references that are links written in the page.

    MyST makes ``[x](autre-page.html)`` a ``pending_xref`` (reftype ``myst``); its
    ``ResolveAnchorIds`` (879) later makes ``[x](#autre-page)`` one too, with the
    same target minus the ``#``.  Only the first kind is a URL to resolve against
    the page's Jekyll URL: :class:`ResolvePageLinks` takes only marked ones.
    """

    default_priority = BEFORE_MYST_ANCHOR_LINKS

    def apply(self) -> None:
        for node in self.document.findall(addnodes.pending_xref):
            if node.get("reftype") == "myst":
                node["jekyll_link"] = True


def reread_pages_read_without_marks(app, env, added, changed, removed) -> list[str]:
    """Pages read before links were marked are read again, once."""
    if getattr(env, "jekyll_links_version", None) == LINKS_VERSION:
        return []
    env.jekyll_links_version = LINKS_VERSION
    return sorted(set(env.all_docs) - set(removed))


def collect_urls(app, env) -> None:
    """Map every permalink and ``redirect_from`` to its page; refuse clashes."""
    registry = page_registry(env)
    own_paths = {f"{docname}.html": docname for docname in env.found_docs}
    permalinks: dict[str, str] = {}
    redirects: dict[str, str] = {}
    claimed_by: dict[str, tuple[str, str]] = {}  # path → (front matter key, value)
    for docname in sorted(registry):
        page = registry[docname]
        claims = [("permalink", page.front_matter.get("permalink"))]
        claims += [("redirect_from", v) for v in page.redirect_from]
        for key, value in claims:
            if value is None:
                continue
            path = permalink_path(value)
            if path is None:
                warn_at(
                    docname,
                    page.key_lines.get(key, 1),
                    WarningKind.PERMALINK,
                    f"{key} {value!r} is not a path inside the site "
                    "(no URL, no '..'): it was ignored",
                )
                continue
            owner = permalinks.get(path) or redirects.get(path) or own_paths.get(path)
            if owner is not None and owner != docname:
                warn_at(
                    docname,
                    page.key_lines.get(key, 1),
                    WarningKind.PERMALINK,
                    f"{key} {value!r} is already the URL of "
                    f"{env.doc2path(owner)}: two pages cannot share an URL",
                )
                continue
            (permalinks if key == "permalink" else redirects)[path] = docname
            claimed_by.setdefault(path, (key, value))
    env.jekyll_permalinks = permalinks
    env.jekyll_redirects = redirects
    collect_page_urls(app, env, permalinks, redirects)
    plan_redirect_pages(app, env, {**redirects, **permalinks}, claimed_by)


def collect_page_urls(app, env, permalinks: dict[str, str], redirects: dict[str, str]) -> None:
    """Every page's Jekyll URL, and every URL (or source path) that leads to a page.

    A page's URL is its permalink, else its path in the site folder with
    ``.html`` (``dir/index.md`` → ``/dir/``, also ``/dir/index.html``).
    """
    own_permalink = set(permalinks.values())
    page_urls: dict[str, str] = {}
    sources: dict[str, str] = {}
    by_path: dict[str, str] = {}
    for docname, page in sorted(page_registry(env).items()):
        if page.in_site:
            sources[page.site_path] = docname
        if docname in own_permalink:
            page_urls[docname] = page.url
        elif page.in_site:
            path = posixpath.splitext(page.site_path)[0] + ".html"
            by_path.setdefault(path, docname)
            page_urls[docname] = jekyll_url(None, page.site_path)
    env.jekyll_page_urls = page_urls
    env.jekyll_source_pages = sources
    env.jekyll_source_paths = {docname: path for path, docname in sources.items()}
    # a permalink wins over a path (Jekyll writes the page there), both over a redirect
    env.jekyll_urls = {**redirects, **by_path, **permalinks}


def page_for_site_path(env, path: str) -> str | None:
    """The page whose Jekyll URL (or, for ``.md``, whose source) is the site path ``path``.

    ``/a/b.html``, ``/a/b`` (Jekyll serves it as ``b.html``), ``/a/`` and
    ``/a/index.html``, ``/a`` (the folder) all work; ``/a/b.md`` is a source
    file, as jekyll-relative-links reads it.
    """
    if posixpath.splitext(path)[1] in env.config.source_suffix:
        return getattr(env, "jekyll_source_pages", {}).get(path.lstrip("/"))
    urls = getattr(env, "jekyll_urls", None)
    if urls is None:  # the URLs are collected after reading
        urls = {**getattr(env, "jekyll_redirects", {}), **getattr(env, "jekyll_permalinks", {})}
    keys = [permalink_path(path)]
    if not path.endswith("/") and not posixpath.splitext(path)[1]:
        keys.append(permalink_path(path + "/"))  # /dossier → /dossier/
    for key in keys:
        if key is not None and key in urls:
            return urls[key]
    return None


@dataclass(frozen=True)
class LinkTarget:
    """Where a link written in a page leads, as on the Jekyll site.

    ``docname`` (and ``anchor``): a page of the guide.  ``url``: the URL to
    write instead.  ``needs_site_url``: a path of the site's host that is not in
    the guide, while ``_config.yml`` has no ``url``.  Nothing set: keep the link.
    """

    docname: str | None = None
    anchor: str = ""
    url: str | None = None
    needs_site_url: bool = False


KEEP = LinkTarget()


def _page_at(env, path: str, anchor: str, baseurl: str) -> LinkTarget | None:
    in_site = strip_baseurl(path, baseurl)
    docname = page_for_site_path(env, in_site) if in_site is not None else None
    return LinkTarget(docname, anchor) if docname else None


def resolve_written_link(env, site: dict, from_docname: str | None, target: str) -> LinkTarget:
    """A link as written in ``from_docname`` (``None``: only absolute links) → its target.

    - ``{{ site.url }}/x.html`` (after Liquid), ``/x.html``, ``/blog/``: a page's
      URL → the page; another root-absolute path → ``site.url`` + the path (as
      written: a literal ``/x`` is at the root of the host, ``baseurl`` or not);
    - relative (``x.html``, ``../d/``, ``x.md#id``, ``x``): resolved against the
      page's Jekyll URL as a browser does (``.md`` against its source folder
      first, as jekyll-relative-links does) → a page, or kept;
    - ``https:``, ``mailto:``, ``//host``, ``#id``: kept.
    """
    target = target.strip()
    site_url = str(site.get("url") or "").strip().rstrip("/")
    baseurl = str(site.get("baseurl") or "")
    if not target or target.startswith("#"):
        return KEEP
    if has_scheme(target) or target.startswith("//"):
        if site_url and (target == site_url or target.startswith(site_url + "/")):
            path, anchor = resolve_href("/", target[len(site_url) :] or "/")
            return _page_at(env, path, anchor, baseurl) or KEEP
        return KEEP
    if is_root_absolute(target):
        path, anchor = resolve_href("/", target)
        found = _page_at(env, path, anchor, baseurl)
        if found:
            return found
        if site_url:
            return LinkTarget(url=site_url + target)
        return LinkTarget(needs_site_url=True)
    if from_docname is None or not is_relative(target):
        return KEEP
    written_path = target.split("#", 1)[0].split("?", 1)[0]
    if posixpath.splitext(written_path)[1] in env.config.source_suffix:
        source = getattr(env, "jekyll_source_paths", {}).get(from_docname)
        if source is not None:
            path, anchor = resolve_href("/" + source, target)
            found = _page_at(env, path, anchor, "")
            if found:
                return found
    page_url = getattr(env, "jekyll_page_urls", {}).get(from_docname, f"/{from_docname}.html")
    prefix = "/" + baseurl.strip("/") if baseurl.strip("/") else ""  # the page is under it
    path, anchor = resolve_href(prefix + page_url, target)
    return _page_at(env, path, anchor, baseurl) or KEEP


def find_page_by_url(env, site: dict, target: str) -> tuple[str, str] | None:
    """A link written as a page's URL (permalink, ``{{ site.url }}/…``) → (docname, anchor)."""
    found = resolve_written_link(env, site, None, target)
    return (found.docname, found.anchor) if found.docname else None


class ResolvePageLinks(SphinxPostTransform):
    """Links written in a page lead where they led on the Jekyll site.

    - Markdown links MyST could not place (``pending_xref``, reftype ``myst``),
      links from raw HTML turned into nodes (``reference``) and the ``href`` of
      links inside raw HTML kept as is (``raw``);
    - a page of the guide (by URL, relative or absolute, or by source file) →
      an internal reference, so it works in every builder and in the PDF; the
      ``#anchor`` is kept as written (ids are page-local, see ``PageInfo.ids``);
    - a root-absolute path that is no page → ``site.url`` + path, or kept with a
      ``jekyll.link`` warning (once per target) when ``_config.yml`` has no ``url``;
    - anything else stays the URL as written, without warning — a Markdown link
      MyST would resolve by itself (a label, a document name, an object) is left
      to MyST.
    """

    default_priority = BEFORE_MYST_RESOLVER

    def run(self, **kwargs) -> None:
        site = getattr(app_of(self.env), "jekyll_site", None)
        self.site_values = site.site if site is not None else {}
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") == "myst":
                self.resolve_xref(node)
        for node in list(self.document.findall(nodes.reference)):
            if "refuri" in node and not node.get("internal") and not node.get("refid"):
                self.resolve_reference(node)
        for node in list(self.document.findall(nodes.raw)):
            if "html" in node.get("format", "").split():
                self.resolve_raw_html(node)

    # ---- the three kinds of links ----------------------------------------------

    def resolve_xref(self, node: addnodes.pending_xref) -> None:
        if node.get("refdomain") == "doc":
            # [x](autre-page.md#id), the file found by MyST: ids of attribute lists
            # are page-local, MyST only knows labels and heading slugs
            page = page_registry(self.env).get(node["reftarget"])
            target_id = node.get("reftargetid")
            if page is not None and target_id and target_id in page.ids:
                self.replace_with_reference(node, page.docname, target_id)
            return
        if node.get("refdomain") is not None or not node.get("jekyll_link"):
            return  # not a link written in the page (MyST's own, from "#id")
        target = node["reftarget"]
        from_docname = node.get("refdoc") or self.env.docname
        found = resolve_written_link(self.env, self.site_values, from_docname, target)
        if found.docname:
            self.replace_with_reference(node, found.docname, found.anchor)
            return
        if self.sphinx_resolves(node, target, from_docname):
            return
        url = found.url or target
        if found.needs_site_url:
            self.warn_needs_site_url(node, from_docname, target)
        self.replace_with_url(node, url)

    def resolve_reference(self, node: nodes.reference) -> None:
        from_docname = self.source_docname(node)
        found = resolve_written_link(self.env, self.site_values, from_docname, node["refuri"])
        if found.docname:
            self.replace_with_reference(node, found.docname, found.anchor)
        elif found.url and safe_url(found.url):
            node["refuri"] = found.url
        elif found.needs_site_url:
            self.warn_needs_site_url(node, from_docname, node["refuri"])

    def resolve_raw_html(self, node: nodes.raw) -> None:
        from_docname = self.source_docname(node)

        def rewrite(href: str) -> str | None:
            if safe_url(href) is None:
                return None
            found = resolve_written_link(self.env, self.site_values, from_docname, href)
            if found.docname:
                return self.page_href(from_docname, found.docname, found.anchor)
            if found.needs_site_url:
                self.warn_needs_site_url(node, from_docname, href)
            return found.url if found.url and safe_url(found.url) else None

        text = node.astext()
        if "href" not in text.lower():
            return
        rewritten = rewrite_html_hrefs(text, rewrite)
        if rewritten != text:
            node.rawsource = rewritten
            node.children = []
            node += nodes.Text(rewritten)

    # ---- helpers ------------------------------------------------------------------

    def source_docname(self, node: nodes.Node) -> str:
        """The page a node was written in, in a page or in a whole-book tree (PDF)."""
        if isinstance(node, nodes.Element) and node.get("refdoc"):
            return node["refdoc"]
        parent = node.parent
        while parent is not None:
            if isinstance(parent, addnodes.start_of_file):
                return parent["docname"]
            parent = parent.parent
        return self.env.docname

    def sphinx_resolves(self, node: addnodes.pending_xref, target: str, refdoc: str) -> bool:
        """Whether MyST will resolve ``target`` itself: a label, a document, an object."""
        std = self.env.get_domain("std")
        if target.lower() in std.labels or target.lower() in std.anonlabels:
            return True
        if any(name in (target, target.lower()) for _objtype, name in std.objects):
            return True
        if docname_join(refdoc, target) in self.env.all_docs:
            return True
        only = self.config.myst_ref_domains
        content = node[0].deepcopy() if len(node) else nodes.inline()
        for domain in self.env.domains.values():
            if domain.name == "std" or (only is not None and domain.name not in only):
                continue
            try:
                if domain.resolve_any_xref(
                    self.env, refdoc, app_of(self.env).builder, target, node, content
                ):
                    return True
            except NotImplementedError:
                continue
        if "sphinx.ext.intersphinx" in app_of(self.env).extensions:
            from sphinx.ext.intersphinx import InventoryAdapter

            inventory = InventoryAdapter(self.env).main_inventory
            return any(target in entries for entries in inventory.values())
        return False

    def warn_needs_site_url(self, node: nodes.Node, docname: str, target: str) -> None:
        """Once per target and build: the site's host is unknown."""
        builder = app_of(self.env).builder
        warned = builder.__dict__.setdefault("_jekyll_links_without_site_url", set())
        if target in warned:
            return
        warned.add(target)
        warn_at(
            docname,
            get_source_line(node)[1],
            WarningKind.LINK,
            f"link {target!r} is no page of the guide: on the Jekyll site it leads to "
            "that path on the site's host, which the guide does not know; set 'url:' in "
            '_config.yml (e.g. url: "https://www.example.org") to link there '
            "(the link was left as written)",
        )

    def internal_reference(self, from_docname: str, docname: str, anchor: str, content):
        reference = make_refnode(app_of(self.env).builder, from_docname, docname, anchor, content)
        if "refuri" in reference:
            reference["refuri"] = self._fix_refuri(reference["refuri"], docname)
        return reference

    def page_href(self, from_docname: str, docname: str, anchor: str) -> str:
        reference = self.internal_reference(from_docname, docname, anchor, [])
        return reference["refuri"] if "refuri" in reference else "#" + reference["refid"]

    def _fix_refuri(self, refuri: str, docname: str) -> str:
        if not refuri:  # the page itself, without anchor: relative_uri gives ""
            return posixpath.basename(app_of(self.env).builder.get_target_uri(docname)) or "./"
        # singlehtml's "#document-x#id" names the page of the id: kept for
        # builders.unique_ids_in_single_document, which knows where the id went
        return refuri

    @staticmethod
    def _content_of(node: nodes.Element) -> list[nodes.Node]:
        """A link's text, without the ``xref myst`` wrapper of MyST."""
        if isinstance(node, addnodes.pending_xref) and len(node) == 1:
            inner = node[0]
            if isinstance(inner, nodes.inline) and "xref" in inner["classes"]:
                return [child.deepcopy() for child in inner.children]
        return [child.deepcopy() for child in node.children]

    @staticmethod
    def _carry_attributes(node: nodes.Element, reference: nodes.Element) -> None:
        reference["classes"].extend(
            c for c in node["classes"] if c != "external" and c not in reference["classes"]
        )
        reference["ids"].extend(node["ids"])
        for key in ("html_attributes", "reftitle"):
            if node.get(key):
                reference[key] = node[key]

    def replace_with_reference(self, node: nodes.Element, docname: str, anchor: str) -> None:
        content = nodes.inline("", "", *self._content_of(node))
        if not content.children:
            page = page_registry(self.env).get(docname)
            content += nodes.Text(page.title if page and page.title else docname)
        reference = self.internal_reference(self.source_docname(node), docname, anchor, content)
        self._carry_attributes(node, reference)
        node.replace_self(reference)

    def replace_with_url(self, node: addnodes.pending_xref, url: str) -> None:
        """A Markdown link that is no page: the URL as written (text only if unsafe)."""
        content = self._content_of(node) or [nodes.Text(node["reftarget"])]
        if safe_url(url) is None:
            node.replace_self(nodes.inline("", "", *content))
            return
        reference = nodes.reference("", "", *content, refuri=url)
        reference.source, reference.line = node.source, node.line
        self._carry_attributes(node, reference)
        node.replace_self(reference)


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
    a changed permalink (or ``site.url``) would leave stale links in the pages
    that use it.
    """
    site = getattr(app, "jekyll_site", None)
    site_values = site.site if site is not None else {}
    # links to the site's host are written with site.url (ResolvePageLinks)
    site_address = tuple(str(site_values.get(key) or "") for key in ("url", "baseurl"))
    signature = (navigation_signature(env), site_address)
    previous = getattr(env, "jekyll_nav_signature", None)
    env.jekyll_nav_signature = signature
    if previous is not None and previous != signature:
        return sorted(env.found_docs)
    return []


def setup_pages(app) -> None:
    app.add_transform(ResolvePageLocalAnchors)
    app.add_transform(KeepHeadingIdFirst)
    app.add_transform(MarkWrittenLinks)
    app.add_post_transform(ResolvePageLinks)
    app.connect("env-get-outdated", reread_pages_read_without_marks)
    app.connect("env-updated", rewrite_pages_when_navigation_changes)
    app.connect("env-updated", collect_urls)
