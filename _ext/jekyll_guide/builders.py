"""What each HTML builder writes, and where: every builder keeps every page.

- **Where a page is.**  :func:`output_path` and :func:`page_url` give the file a
  page is written to and its URL from another output file, for ``html``
  (``x.html``), ``dirhtml`` (``x/index.html``, linked as ``x/``) and
  ``singlehtml`` (every page in the root document's file, at
  ``#document-<docname>``).  The redirect pages of permalinks use them
  (:mod:`.pages`), and :func:`page_outputs` tells which paths the build's pages
  own, so that no redirect page replaces one.
- **The home at the output root.**  With ``root_doc = "docs/index"`` the home
  is ``docs/index.html``; a web server (Read the Docs' ``/fr/latest/``, ``make
  serve``) answers the root with ``index.html``.  :func:`write_root_index`
  writes the home page a second time there, its relative URLs (``href``,
  ``src``, ``srcset``, ``action``, ``data-content_root``…) rebased through
  :mod:`html.parser`, every other byte as written.
- **One document.**  ``singlehtml`` puts every page in one file: ids that pages
  reuse (``#mission``, docutils' ``id1``…) are made unique and links follow
  them, so every link has one fragment and leads where it led on its page
  (:func:`unique_ids_in_single_document`, on ``doctree-resolved`` of the
  assembled document).
"""

from __future__ import annotations

import os
import posixpath
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

from .compat import figure_numbers, one_read_chunk_per_process, section_numbers
from .urls import is_relative, rewrite_html_attributes

# ---- where a page is ----------------------------------------------------------------


def serves_pages(builder) -> bool:
    """A builder whose output a web server serves as is (html, dirhtml, singlehtml).

    Not the embedded ones (EPUB, HTML Help…: one packaged book, no URLs to
    answer), nor the serialising ones (JSON, pickle).
    """
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.embedded:
        return False
    try:
        from sphinxcontrib.serializinghtml import SerializingHTMLBuilder
    except ImportError:  # pragma: no cover - shipped with Sphinx
        return True
    return not isinstance(builder, SerializingHTMLBuilder)


def is_single_document(builder) -> bool:
    return isinstance(builder, SingleFileHTMLBuilder)


def output_path(builder, docname: str) -> str:
    """The file (relative to the output folder, ``/``-separated) that holds the page."""
    if is_single_document(builder):
        docname = builder.config.root_doc
    path = Path(builder.get_outfilename(docname))
    return path.relative_to(builder.outdir).as_posix()


def relative_url(target: str, from_dir: str) -> str:
    """``target`` (a URL path from the output root; ``""`` or ``x/`` for a folder)
    as a URL relative to the folder ``from_dir``; a folder keeps its slash."""
    folder = target == "" or target.endswith("/")
    url = posixpath.relpath(target or ".", from_dir or ".")
    if folder:
        return "./" if url == "." else url + "/"
    return url


def url_base(builder, docname: str) -> str:
    """The folder the relative URLs of the page's file are written from.

    The page's own folder, except for ``singlehtml``: its URLs are relative
    to the output root wherever ``root_doc`` is (``docs/index`` → a file in
    ``docs/`` linking ``_static/…``, sphinx-doc/sphinx#892).
    """
    return posixpath.dirname(builder.get_target_uri(docname).split("#", 1)[0])


def page_url(builder, docname: str, from_path: str) -> str:
    """The URL of page ``docname`` from the output file ``from_path``."""
    from_dir = posixpath.dirname(from_path)
    if is_single_document(builder):
        root = builder.config.root_doc
        url = relative_url(output_path(builder, root), from_dir)
        return url if docname == root else f"{url}#document-{docname}"
    return relative_url(builder.get_target_uri(docname), from_dir)


def root_index_path(app) -> str | None:
    """Where the copy of the home goes (``index.html``), or ``None`` when the
    builder serves no pages, the home is already there, or another page is."""
    builder, env = app.builder, app.env
    if not serves_pages(builder):
        return None
    root = app.config.root_doc
    index = Path(builder.get_outfilename("index")).relative_to(builder.outdir).as_posix()
    if root == "index" or "index" in env.all_docs or output_path(builder, root) == index:
        return None
    if index in extra_files(app) or "index" in app.config.html_additional_pages:
        return None  # the project gives its own root page
    return index


def page_outputs(app) -> dict[str, str]:
    """Every file the build writes a page to → the page (the home's copy included)."""
    builder = app.builder
    if is_single_document(builder):
        root = app.config.root_doc
        outputs = {output_path(builder, root): root}
    else:
        outputs = {}
        for docname in sorted(app.env.all_docs):
            outputs.setdefault(output_path(builder, docname), docname)
    index = root_index_path(app)
    if index is not None:
        outputs.setdefault(index, app.config.root_doc)
    return outputs


def extra_files(app) -> set[str]:
    """The files ``html_extra_path`` copies to the output root."""
    found: set[str] = set()
    for extra in app.config.html_extra_path:
        folder = Path(app.confdir, extra)
        if folder.is_file():
            found.add(folder.name)
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                found.add((Path(root) / name).relative_to(folder).as_posix())
    return found


#: the builder's own folders at the output root (assets, sources, downloads)
_ASSET_FOLDERS = ("_static/", "_images/", "_sources/", "_downloads/")


def files_written_by_build(app) -> Callable[[str], str | None]:
    """``path`` → what the build wrote there (a page, an extra file…), or ``None``.

    Pages written outside the documents (``genindex``, ``search``, the 404
    page of sphinx-notfound-page…) are the ones the builder announced with
    ``html-page-context`` (in the main process, also with ``-j``).
    """
    outputs = page_outputs(app)
    announced = getattr(app.builder, "_jekyll_pages_written", {})
    started = getattr(app.builder, "_jekyll_build_started", float("inf")) - 2  # mtime steps
    extras = extra_files(app)
    outdir = Path(app.outdir)

    def written(path: str) -> str | None:
        if path in outputs:
            return f"the page {app.env.doc2path(outputs[path], False)}"
        if path in announced:
            return f"the page {announced[path]!r}"
        if path in extras:
            return "a file of html_extra_path"
        if path.startswith(_ASSET_FOLDERS) and (outdir / path).exists():
            return "the builder's own files"
        try:  # searchindex.js, objects.inv, a sitemap…: written since the build began
            if (outdir / path).stat().st_mtime >= started:
                return "a file of this build"
        except OSError:
            pass
        return None

    return written


def record_written_page(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: remember the file each page of this build goes to."""
    if not serves_pages(app.builder):
        return
    written = app.builder.__dict__.setdefault("_jekyll_pages_written", {})
    try:
        path = Path(app.builder.get_outfilename(pagename)).relative_to(app.outdir)
    except ValueError:
        return
    written[path.as_posix()] = pagename


# ---- attributes of HTML start tags, rewritten in place ------------------------------


def html_ids(text: str) -> list[str]:
    """The ids of the elements written in a piece of HTML."""
    found: list[str] = []

    def collect(tag: str, name: str, value: str) -> None:
        if name == "id" and value.strip():
            found.append(value.strip())

    rewrite_html_attributes(text, collect)
    return found


# ---- the home, written again at the output root ---------------------------------------

#: attributes holding one URL (``data`` only on ``<object>``)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "cite", "background", "xlink:href"}
)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")


def rebase_url(url: str, from_dir: str, to_dir: str) -> str:
    """A URL relative to a file in ``from_dir``, for a file in ``to_dir``.

    Absolute URLs, ``#fragment`` and ``?query`` alone (the same document) are
    kept; a folder (``x/``, ``./``, ``..``) keeps its trailing slash.
    """
    stripped = url.strip()
    if not is_relative(stripped) or stripped.startswith("?"):
        return url
    cut = min((i for i in (stripped.find("?"), stripped.find("#")) if i >= 0), default=None)
    path, rest = (stripped, "") if cut is None else (stripped[:cut], stripped[cut:])
    if not path:
        return url
    folder = path.endswith("/") or posixpath.basename(path) in (".", "..")
    joined = posixpath.normpath(posixpath.join(from_dir, path))
    target = joined + "/" if folder and joined != "." else ("" if joined == "." else joined)
    return relative_url(target, to_dir) + rest


def _rebase_srcset(value: str, rebase: Callable[[str], str]) -> str:
    """Each image candidate's URL rebased, read as the HTML standard reads them: a
    URL runs to white space (``data:`` URLs hold commas), trailing commas end it;
    its descriptors run to the next comma."""
    candidates = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        if position >= length:
            break
        end = position
        while end < length and not value[end].isspace():
            end += 1
        url, descriptors = value[position:end], ""
        if url.endswith(","):
            url, position = url.rstrip(","), end
        else:
            comma = value.find(",", end)
            comma = length if comma < 0 else comma
            descriptors, position = value[end:comma].strip(), comma + 1
        candidates.append(rebase(url) + (" " + descriptors if descriptors else ""))
    return ", ".join(candidates)


def rebase_html(text: str, from_dir: str, to_dir: str) -> str:
    """An HTML page written for ``from_dir``, its relative URLs made right in ``to_dir``."""

    def rebase(url: str) -> str:
        return rebase_url(url, from_dir, to_dir)

    def rewrite(tag: str, name: str, value: str) -> str | None:
        if name in URL_ATTRIBUTES or (name == "data" and tag == "object"):
            return rebase(value)
        if name in ("srcset", "imagesrcset"):
            return _rebase_srcset(value, rebase)
        if name == "data-content_root":  # Sphinx's scripts find the site's root here
            return rebase(value or "./")
        if name == "style" and "url(" in value:
            return _CSS_URL.sub(lambda m: f"url({m[1]}{rebase(m[2])}{m[1]})", value)
        return None

    return rewrite_html_attributes(text, rewrite)


def write_root_index(app) -> None:
    """``index.html`` at the output root is the home page, its URLs rebased.

    Written after every build (the home may not have been rewritten, its copy
    is made again from the file), only when it changed; with ``-j`` too, since
    ``build-finished`` runs in the main process once the pages are written.
    """
    index = root_index_path(app)
    if index is None:
        return
    outdir = Path(app.outdir)
    home = output_path(app.builder, app.config.root_doc)
    source = outdir / home
    if not source.is_file():
        return
    # from the folder its URLs were written from (singlehtml: the output root)
    base = url_base(app.builder, app.config.root_doc)
    copy = rebase_html(source.read_text("utf-8"), base, posixpath.dirname(index))
    target = outdir / index
    if not target.is_file() or target.read_text("utf-8") != copy:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(copy, "utf-8")


# ---- singlehtml: one document, unique ids ---------------------------------------------

#: attributes that name ids (space-separated lists for some)
IDREF_ATTRIBUTES = frozenset(
    {
        "for",
        "headers",
        "list",
        "form",
        "popovertarget",
        "aria-activedescendant",
        "aria-controls",
        "aria-describedby",
        "aria-details",
        "aria-errormessage",
        "aria-flowto",
        "aria-labelledby",
        "aria-owns",
    }
)
_DOCUMENT = "document-"


def _elements_by_page(doctree: nodes.document, root: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element of the assembled document with the page it was written in."""
    stack: list[tuple[nodes.Element, str]] = [(doctree, root)]
    while stack:
        node, page = stack.pop()
        if isinstance(node, addnodes.start_of_file):
            page = node["docname"]
        elif node is not doctree:
            yield node, page
        stack.extend(
            (child, page) for child in reversed(node.children) if isinstance(child, nodes.Element)
        )


def _is_html_raw(node: nodes.Element) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


class SingleDocumentIds:
    """The ids of the pages of one document, made unique; the links that follow."""

    def __init__(self, elements: list[tuple[nodes.Element, str]]):
        self.pages = list(dict.fromkeys(page for _, page in elements))
        pages_of: dict[str, list[str]] = {}
        for node, page in elements:
            ids = list(node["ids"])
            if _is_html_raw(node):
                ids += html_ids(node.astext())
            for node_id in ids:
                owners = pages_of.setdefault(node_id, [])
                if page not in owners:
                    owners.append(page)
        taken = set(pages_of) | {_DOCUMENT + page for page in self.pages}
        #: page → {id as written: id in the document}
        self.renamed: dict[str, dict[str, str]] = {}
        for node_id, owners in pages_of.items():
            for page in owners[1:]:  # the first page keeps it
                new = candidate = f"{page}/{node_id}"
                number = 1
                while new in taken:
                    number += 1
                    new = f"{candidate}-{number}"
                taken.add(new)
                self.renamed.setdefault(page, {})[node_id] = new

    def id_in(self, page: str, node_id: str) -> str:
        renamed = self.renamed.get(page, {})
        if node_id in renamed:
            return renamed[node_id]
        return renamed.get(unquote(node_id), node_id)

    def href(self, page: str, href: str) -> str:
        """``#document-x#id`` (a page's id) and ``#id`` (this page's) → ``#id-in-document``."""
        if not href.startswith("#") or href == "#":
            return href
        fragment = href[1:]
        if fragment.startswith(_DOCUMENT) and "#" in fragment:
            docname, _, node_id = fragment[len(_DOCUMENT) :].partition("#")
            return "#" + self.id_in(docname, node_id)
        if fragment.startswith(_DOCUMENT) and fragment[len(_DOCUMENT) :] in self.pages:
            return href  # the page itself
        return "#" + self.id_in(page, fragment)

    def page_href(self, href: str) -> str | None:
        """Only ``#document-x#id`` → ``#id-in-document`` (the file's links to a page's id)."""
        if href.startswith("#" + _DOCUMENT) and href.count("#") > 1:
            return self.href(self.pages[0] if self.pages else "", href)
        return None

    def idrefs(self, page: str, value: str) -> str:
        return " ".join(self.id_in(page, part) for part in value.split())

    def apply(self, node: nodes.Element, page: str) -> None:
        if self.renamed.get(page):
            node["ids"] = [self.id_in(page, i) for i in node["ids"]]
            if node.get("refid"):
                node["refid"] = self.id_in(page, node["refid"])
            if node.get("backrefs"):
                node["backrefs"] = [self.id_in(page, i) for i in node["backrefs"]]
            if node.get("jekyll_heading_id"):  # written on the <hN> (styles.py)
                node["jekyll_heading_id"] = self.id_in(page, node["jekyll_heading_id"])
        if node.get("refuri"):
            node["refuri"] = self.href(page, node["refuri"])
        attributes = node.get("html_attributes")
        if attributes:
            node["html_attributes"] = {
                name: self.idrefs(page, value) if name in IDREF_ATTRIBUTES else value
                for name, value in attributes.items()
            }
        if _is_html_raw(node):
            self.apply_raw(node, page)

    def apply_raw(self, node: nodes.raw, page: str) -> None:
        def rewrite(tag: str, name: str, value: str) -> str | None:
            if name == "id":
                new = self.id_in(page, value.strip())
            elif name == "href":
                new = self.href(page, value.strip())
            elif name in IDREF_ATTRIBUTES:
                new = self.idrefs(page, value)
            else:
                return None
            return new if new != value.strip() else None

        text = node.astext()
        rewritten = rewrite_html_attributes(text, rewrite)
        if rewritten != text:
            node.rawsource = rewritten
            node.children = []
            node += nodes.Text(rewritten)


def unique_ids_in_single_document(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` of ``singlehtml``'s assembled document: one id, one element.

    Pages reuse ids (``#mission`` on every expertise page; docutils numbers
    ``id1``… per page).  In one document the first page using an id keeps it;
    the others get ``<docname>/<id>``.  Links written in a page (``#id``, ids in
    raw HTML), links to a page's id (``#document-<docname>#id``, as Sphinx
    writes them in this builder) and footnote back-references follow, so every
    link has a single fragment.  The root page, which Sphinx links as
    ``#document-<root>`` without writing that anchor, gets it.
    """
    if not is_single_document(app.builder) or docname != app.config.root_doc:
        return
    elements = list(_elements_by_page(doctree, docname))
    ids = SingleDocumentIds(elements)
    app.builder._jekyll_single_document_ids = ids  # for the theme's links, see below
    for node, page in elements:
        ids.apply(node, page)
    anchor = _DOCUMENT + docname
    own = next((n for n, p in elements if p == docname and isinstance(n, nodes.section)), None)
    if own is not None and anchor not in own["ids"]:
        own["ids"].append(anchor)
    elif own is None:
        doctree.insert(0, nodes.target("", "", ids=[anchor]))
    # section and figure numbers are found by the section's (renamed) first id
    env = app.env
    for page, renamed in ids.renamed.items():
        numbers = section_numbers(env, page)  # keyed by anchor: "#id"
        numbers.update(
            {"#" + renamed[a[1:]]: numbers[a] for a in list(numbers) if a[1:] in renamed}
        )
        for figures in figure_numbers(env, page).values():
            figures.update({renamed[i]: figures[i] for i in list(figures) if i in renamed})


def fix_single_document_file(app) -> None:
    """``singlehtml``: the file of the one document, as written this build, made right.

    - The page's own table of contents (the ``toc`` of the page's context,
      which pydata's "page-toc" and other themes show) links a page's sections
      as ``#document-x#id``; it is rendered from the table of contents, not
      from the document: its links get the ids the document got.

    With ``root_doc`` in a folder, Sphinx writes the file there with its own
    URLs relative to the output root (:func:`url_base`, sphinx-doc/sphinx#892)
    but the authors' raw HTML relative to their page: no single rebase of the
    file is right, so it is left as Sphinx wrote it.  The copy at the output
    root (:func:`write_root_index`) is where its own URLs work.
    """
    ids = getattr(app.builder, "_jekyll_single_document_ids", None)
    if ids is None:
        return
    root = app.config.root_doc
    home = output_path(app.builder, root)
    path = Path(app.outdir) / home
    if not path.is_file():
        return
    text = path.read_text("utf-8")
    fixed = rewrite_html_attributes(
        text, lambda tag, name, value: ids.page_href(value.strip()) if name == "href" else None
    )
    if fixed != text:
        path.write_text(fixed, "utf-8")


# ---- EPUB: the book holds the pages, not the doctrees ----------------------------------


def keep_doctrees_out_of_epub(app, builder) -> None:
    """``write-started``: the doctrees inside the output folder are no files of the book.

    ``sphinx-build -b epub . out`` keeps its doctrees in ``out/.doctrees``, and
    the EPUB builder lists every file of its output folder in the book, with
    an ``epub.unknown_project_files`` warning for each doctree (an error under
    ``-W``).  They are added to ``epub_exclude_files`` for this build, once the
    reading wrote them all.
    """
    from sphinx.builders.epub3 import Epub3Builder

    if not isinstance(builder, Epub3Builder):
        return
    outdir, doctreedir = Path(builder.outdir).resolve(), Path(builder.doctreedir).resolve()
    if not doctreedir.is_relative_to(outdir):
        return
    excluded = list(app.config.epub_exclude_files)
    for root, _dirs, files in os.walk(doctreedir):
        # as the builder names them (os.sep, relative to its output folder)
        excluded += [os.path.relpath(Path(root) / name, outdir) for name in sorted(files)]
    app.config.epub_exclude_files = excluded


# ---- after the build ---------------------------------------------------------------


def finish_served_output(app, exception) -> None:
    """``build-finished``: the single document's file, then the home at the root."""
    if exception is not None or not serves_pages(app.builder):
        return
    fix_single_document_file(app)
    write_root_index(app)


def note_build_start(app) -> None:
    """``builder-inited``: files changed after this were written by this build."""
    app.builder._jekyll_build_started = time.time()


def choose_read_chunks(app, env, docnames) -> None:
    """``jekyll_parallel_read_per_process``: only for a parallel read (``-j N``)."""
    one_read_chunk_per_process(app.config.jekyll_parallel_read_per_process and app.parallel > 1)


def restore_read_chunks(app, *args) -> None:
    one_read_chunk_per_process(False)


def setup_builders(app) -> None:
    app.connect("env-before-read-docs", choose_read_chunks)
    app.connect("env-updated", restore_read_chunks)
    app.connect("build-finished", restore_read_chunks)
    app.connect("builder-inited", note_build_start)
    app.connect("html-page-context", record_written_page)
    app.connect("write-started", keep_doctrees_out_of_epub)
    app.connect("doctree-resolved", unique_ids_in_single_document)
    app.connect("build-finished", finish_served_output)
