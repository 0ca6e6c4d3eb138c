"""The MyST parser, taught Jekyll pages: front matter and kramdown syntax.

``JekyllMystParser`` replaces MyST's parser for Markdown files.  It splits the
front matter off (line numbers kept), makes its ``title`` the page's one
top-level heading, parses the body with MyST plus :mod:`.kramdown_plugin`, and
renders with :class:`JekyllRenderer`, which puts attribute lists exactly where
kramdown puts them.  Ids from attribute lists are page-local, as in HTML: they
go into the node's ``ids`` as written, never into Sphinx's project-wide labels.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re

from docutils import nodes
from docutils.transforms import Transform, parts
from docutils.transforms.misc import Transitions
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import merge_file_level
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes

from .attributes import AttributeList, filter_html_attributes, is_valid_id
from .compat import FinalisingRenderer, app_of, id_kept_free, raise_recursion_limit
from .encoding import first_invalid_line
from .kramdown_plugin import PROBLEMS_KEY, SKIP_LINES_KEY, kramdown_plugin
from .liquid import has_liquid, render_liquid
from .log import warn_at, warn_problems
from .pagemodel import page_for_text
from .rawhtml import convert_inline_html, html_block_to_nodes, html_element, html_text_twin
from .registry import page_registry, pages_by_site_path
from .site import site_context, site_relative_path
from .warnings import WarningKind

TITLE_KEY = "jekyll_title"
IMAGE_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:px|%|em|rem|pt|cm|mm|in)?$")
MAX_NESTING = 250
LINE_MAP_KEY = "jekyll_line_map"


def insert_front_matter_title(state: StateCore) -> None:
    """Make the front matter ``title`` the page's single ``h1``.

    A body that opens with its own ``# Title`` keeps it as the page title (the
    front matter title is not shown twice).  Otherwise the title is inserted
    and any ``#`` heading of the body is demoted one level in the doctree (the
    HTML keeps the level written, see ``render_heading``).
    """
    title = state.env.pop(TITLE_KEY, None)  # once: nested parses share the env
    if not title:
        return
    headings = [t for t in state.tokens if t.type == "heading_open"]
    if headings and headings[0].tag == "h1" and headings[0].level == 0:
        return
    if any(t.tag == "h1" for t in headings):
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                token.meta.setdefault("jekyll_level", int(token.tag[1]))
                token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    text, line = title
    opening = Token("heading_open", "h1", 1, map=[line - 1, line], block=True, markup="#")
    opening.meta["jekyll_inserted_title"] = True  # not in kramdown's page: not in its {:toc}
    inline = Token("inline", "", 0, map=[line - 1, line], content=text, block=True)
    inline.children = [Token("text", "", 0, content=text)]
    closing = Token("heading_close", "h1", -1, block=True, markup="#")
    state.tokens[:0] = [opening, inline, closing]


class JekyllRenderer(FinalisingRenderer):
    """MyST's Sphinx renderer, plus kramdown attribute lists on the nodes."""

    def setup_render(self, options, env) -> None:
        super().setup_render(options, env)
        self.document.jekyll_ids = getattr(self.document, "jekyll_ids", {})

    # ---- applying attribute lists -------------------------------------------

    def apply_kramdown_attributes(
        self, node: nodes.Element, attrs: AttributeList, line: int | None
    ) -> None:
        """Put an attribute list's id, classes and allowed attributes on ``node``."""
        if attrs.line is not None:
            line = attrs.line + 1  # warn at the attribute list, not at the element
        if attrs.id:
            self.add_page_id(node, attrs.id, line)
        for cls in attrs.classes:
            if cls not in node["classes"]:
                node["classes"].append(cls)
        is_link = isinstance(node, nodes.reference | addnodes.pending_xref)
        attributes = dict(attrs.attributes)
        if isinstance(node, nodes.image):
            self.apply_image_options(node, attributes, line)
        kept, problems = filter_html_attributes(
            attributes, self.sphinx_env.config.jekyll_allowed_attributes, is_link=is_link
        )
        for problem in problems:
            self.warn(line, problem.kind, problem.message)
        if kept:
            node["html_attributes"] = {**node.get("html_attributes", {}), **kept}

    def apply_image_options(
        self, node: nodes.image, attributes: dict[str, str], line: int | None
    ) -> None:
        """``{: width="50%"}`` on an image: image options, so the PDF sizes it too."""
        for key in ("width", "height"):
            if key not in attributes:
                continue
            value = attributes.pop(key).strip()
            if IMAGE_LENGTH.match(value):
                node[key] = value if not value.replace(".", "").isdigit() else value + "px"
            else:
                self.warn(
                    line,
                    WarningKind.IMAGE,
                    f"image {key} {value!r} is not a length: write a number, with px, %, em, "
                    "pt, cm, mm or in (the image keeps its natural size)",
                )
        if "alt" in attributes:
            node["alt"] = attributes.pop("alt")
        if node.get("width") or node.get("height"):
            node["classes"].append("no-scaled-link")  # kramdown links no image

    def add_page_id(
        self, node: nodes.Element, page_id: str, line: int | None, *, first: bool = False
    ) -> bool:
        """Give ``node`` the id exactly as written, unique within the page only."""
        if page_id in self.document.ids:
            self.warn(
                line,
                WarningKind.DUPLICATE_ID,
                f"id {page_id!r} is used twice in this page: ids must be unique "
                "within a page, rename one (the second was dropped)",
            )
            return False
        if first:
            node["ids"].insert(0, page_id)
        else:
            node["ids"].append(page_id)
        self.document.ids[page_id] = node
        self.document.jekyll_ids[page_id] = line
        return True

    def warn(self, line: int | None, kind: str, message: str) -> None:
        line = source_line(self.md_env.get(LINE_MAP_KEY), line)
        warn_at(self.sphinx_env.docname, line, kind, message)

    def _take_attributes(self, token: SyntaxTreeNode) -> AttributeList | None:
        meta = token.meta if token.meta is not None else {}
        return meta.pop("kramdown", None)

    def copy_attributes(self, token, node, keys=("class",), **kwargs) -> None:
        super().copy_attributes(token, node, keys, **kwargs)
        attrs = self._take_attributes(token)
        if attrs is not None:
            self.apply_kramdown_attributes(node, attrs, token_line(token, default=0))

    # ---- elements MyST gives no attributes to, or to the wrong node ----------

    def render_heading(self, token: SyntaxTreeNode) -> None:
        """The author's id on the section, classes on the ``<hN>``, as kramdown does.

        The section's first id is what the ¶ link and the page's table of
        contents use, so the author's id (the one the site's links used) goes
        first.  Classes stay on the heading: on the section they would style the
        whole section (``.text-primary`` would color every paragraph under it).
        The level as written is kept for the HTML (``###`` under the title is
        an ``<h3>``, as on the site), whatever the nesting of sections.
        """
        attrs = self._take_attributes(token)
        parent = self.current_node
        reserved = attrs.id if attrs and attrs.id and attrs.id not in self.document.ids else None
        with id_kept_free(self.document, reserved, parent):
            super().render_heading(token)
        if self.current_node is not parent and isinstance(self.current_node, nodes.section):
            target, title = self.current_node, self.current_node[0]
        else:  # a heading inside a block: a rubric, an <hN> as kramdown writes it
            target = title = parent[-1]
            title["heading-level"] = (token.meta or {}).get("jekyll_level", int(token.tag[1]))
        title["jekyll_level"] = (token.meta or {}).get("jekyll_level", int(token.tag[1]))
        if (token.meta or {}).get("jekyll_inserted_title"):
            target["jekyll_inserted_title"] = True
        if attrs is None:
            return
        line = token_line(token, default=0)
        author_id, attrs.id = attrs.id, None
        self.apply_kramdown_attributes(title, attrs, line)
        automatic = (token.meta or {}).get("kramdown_auto_id")
        if author_id and not (automatic and author_id in self.document.ids):
            # an automatic id that is taken is dropped silently (kramdown repeats it)
            if self.add_page_id(
                target, author_id, attrs.line + 1 if attrs.line else line, first=True
            ) and isinstance(target, nodes.section):
                target["jekyll_heading_id"] = author_id

    def render_footnote_reference(self, token: SyntaxTreeNode) -> None:
        """A footnote labelled as a heading reads (``## Footnote``, ``[^footnote]``) is kept.

        The label is the footnote's explicit name and the heading's implicit one:
        docutils, MyST 5.2 (and kramdown, whose ids differ) keep the footnote;
        MyST < 5.2 drops it with "Duplicate footnote definition".  The heading
        loses the name as docutils would take it (its ids stay).
        """
        label = token.meta["label"]
        document = self.document
        if label in document.nameids and not document.nametypes.get(label):
            old_id = document.nameids.pop(label)
            del document.nametypes[label]
            old = document.ids.get(old_id) if old_id else None
            if old is not None and label in old["names"]:
                old["names"].remove(label)
                old["dupnames"].append(label)
        super().render_footnote_reference(token)

    def _render_with_span_attributes(self, render, token: SyntaxTreeNode) -> None:
        attrs = self._take_attributes(token)
        render(token)
        if attrs is not None and len(self.current_node):
            self.apply_kramdown_attributes(
                self.current_node[-1], attrs, token_line(token, default=0)
            )

    def render_em(self, token: SyntaxTreeNode) -> None:
        self._render_with_span_attributes(super().render_em, token)

    def render_strong(self, token: SyntaxTreeNode) -> None:
        self._render_with_span_attributes(super().render_strong, token)

    def render_bullet_list(self, token: SyntaxTreeNode) -> None:
        if token.meta and token.meta.get("kramdown_toc"):
            self.render_kramdown_toc(token)
        else:
            super().render_bullet_list(token)

    def render_ordered_list(self, token: SyntaxTreeNode) -> None:
        if token.meta and token.meta.get("kramdown_toc"):
            self.render_kramdown_toc(token)
        else:
            super().render_ordered_list(token)

    def render_kramdown_toc(self, token: SyntaxTreeNode) -> None:
        """``{:toc}``: the list becomes the table of contents of the page."""
        topic = nodes.topic(classes=["contents", "local", "kramdown-toc"])
        self.add_line_and_source_path(topic, token)
        attrs = self._take_attributes(token)
        if attrs is not None:
            self.apply_kramdown_attributes(topic, attrs, token_line(token, default=0))
        if not topic["ids"]:
            if "markdown-toc" in self.document.ids:
                self.document.set_id(topic)
            else:
                self.add_page_id(topic, "markdown-toc", token_line(token, default=0))
        pending = nodes.pending(KramdownContents, {"local": True, "backlinks": None})
        topic += pending
        self.document.note_pending(pending)
        self.current_node.append(topic)

    # ---- kramdown's tables, HTML elements and rules ----------------------------

    def render_table(self, token: SyntaxTreeNode) -> None:
        """kramdown's tables: the header and the footer are optional."""
        rows = [row for child in token.children or [] for row in child.children or []]
        if not rows:
            return
        table = nodes.table(classes=["colwidths-auto"])
        self.add_line_and_source_path(table, token)
        attrs = self._take_attributes(token)
        if attrs is not None:
            self.apply_kramdown_attributes(table, attrs, token_line(token, default=0))
        self.current_node.append(table)
        columns = max(len(row.children or []) for row in rows) or 1
        tgroup = nodes.tgroup(cols=columns)
        table += tgroup
        for _ in range(columns):
            tgroup += nodes.colspec(colwidth=100 // columns)
        head_rows = [
            row for child in token.children or [] if child.type == "thead" for row in child.children
        ]
        if head_rows:
            thead = nodes.thead()
            tgroup += thead
            with self.current_node_context(thead):
                for row in head_rows:
                    self.render_table_row(row, columns)
        body_rows = [  # every body section (kramdown starts one at each |---| line), then foot
            row
            for kind in ("tbody", "tfoot")
            for child in token.children or []
            if child.type == kind
            for row in child.children or []
        ]
        if body_rows:
            tbody = nodes.tbody()
            tgroup += tbody
            with self.current_node_context(tbody):
                for row in body_rows:
                    self.render_table_row(row, columns)

    def render_table_row(self, token: SyntaxTreeNode, columns: int | None = None) -> None:
        """A row padded to the table's width (docutils needs full rows)."""
        super().render_table_row(token)
        row = self.current_node[-1]
        attrs = self._take_attributes(token)
        if attrs is not None:
            self.apply_kramdown_attributes(row, attrs, token_line(token, default=0))
        for cell, child in zip(row.children, token.children or [], strict=False):
            cell_attrs = self._take_attributes(child)
            if cell_attrs is not None:
                self.apply_kramdown_attributes(cell, cell_attrs, token_line(child, default=0))
        while columns and len(row) < columns:
            row += nodes.entry("", nodes.paragraph())

    def render_html_element(self, token: SyntaxTreeNode) -> None:
        """An HTML element whose content kramdown parsed (``markdown="1"``)."""
        attributes = dict(token.meta.get("html_attributes") or {})
        node = html_element(tag=token.tag)
        self.add_line_and_source_path(node, token)
        line = token_line(token, default=0)
        element_id = attributes.pop("id", None)
        node["classes"].extend(c for c in attributes.pop("class", "").split() if c)
        kept, _dropped = filter_html_attributes(
            attributes, self.sphinx_env.config.jekyll_allowed_attributes, is_link=False
        )
        if kept:
            node["html_attributes"] = kept
        if element_id and is_valid_id(element_id):
            self.add_page_id(node, element_id, line)
        children = token.children or []
        if not (len(children) == 1 and children[0].type == "inline"):
            with self.current_node_context(node, append=True):
                self.render_children(token)
            return
        # span content (``<p markdown="1">``): text needs a paragraph around it
        if token.tag == "p":
            paragraph = nodes.paragraph(
                ids=node["ids"],
                classes=node["classes"],
                **{k: v for k, v in node.attributes.items() if k == "html_attributes"},
            )
            if element_id in self.document.ids:
                self.document.ids[element_id] = paragraph
            self.add_line_and_source_path(paragraph, token)
            with self.current_node_context(paragraph, append=True):
                self.render_children(token)
            return
        paragraph = nodes.paragraph(jekyll_bare=True)  # written without its <p>
        node += paragraph
        self.current_node.append(node)
        with self.current_node_context(paragraph):
            self.render_children(token)

    def render_hr(self, token: SyntaxTreeNode) -> None:
        super().render_hr(token)
        attrs = self._take_attributes(token)
        if attrs is not None:
            self.apply_kramdown_attributes(
                self.current_node[-1], attrs, token_line(token, default=0)
            )

    # ---- raw HTML -------------------------------------------------------------

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        """Simple HTML becomes nodes (the PDF keeps it); the rest stays raw HTML."""
        converted = html_block_to_nodes(token.content)
        if converted is None:
            super().render_html_block(token)
            self.add_text_twin(token)
            return
        line = token_line(token, default=0)
        for node in converted:
            self.add_line_and_source_path_r([node], token)
            for element in node.findall(nodes.Element):
                html_id = element.attributes.pop("jekyll_html_id", None)
                if html_id:
                    self.add_page_id(element, html_id, line)
            self.current_node.append(node)

    def add_text_twin(self, token: SyntaxTreeNode) -> None:
        """The text, links and image descriptions of raw HTML, for every output but HTML.

        The HTML output shows the block as written; the PDF (and text, EPUB…)
        show its content instead of leaving it out.
        """
        paragraphs = html_text_twin(token.content)
        if not paragraphs:
            return
        raw = self.current_node[-1]
        raw["jekyll_html_only"] = True  # the twin below has its content
        twin = addnodes.only(expr="not html")
        self.add_line_and_source_path(twin, token)
        for paragraph in paragraphs:
            self.add_line_and_source_path_r([paragraph], token)
            twin += paragraph
        self.current_node.append(twin)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        """Inline HTML that convert_inline_html left (``<code>``, ``<kbd>``…): raw.

        Some of these tokens are made by the extension and have no line.
        """
        self.current_node.append(nodes.raw("", token.content, format="html"))

    # ---- kramdown extensions --------------------------------------------------

    def render_kramdown_nomarkdown(self, token: SyntaxTreeNode) -> None:
        raw = nodes.raw(token.content, token.content, format="html", classes=["nomarkdown"])
        self.add_line_and_source_path(raw, token)
        self.current_node.append(raw)

    def after_render(self) -> None:
        for line, kind, message in self.md_env.pop(PROBLEMS_KEY, []):
            self.warn(line + 1, kind, message)


class RulesWhereDocutilsRefusesThem(Transform):
    """A ``---`` rule first on a page, or right after another one, as in HTML.

    docutils refuses a transition at the start of a section or next to another
    (and fails a ``-W`` build); kramdown writes an ``<hr />`` wherever the
    author put one.  Those rules become HTML rules, which the PDF omits.
    """

    default_priority = Transitions.default_priority - 1

    def apply(self) -> None:
        for node in list(self.document.findall(nodes.transition)):
            parent = node.parent
            index = parent.index(node)
            before = [c for c in parent.children[:index] if not isinstance(c, nodes.title)]
            if (
                not isinstance(parent, nodes.section | nodes.document)
                or not before
                or isinstance(before[-1], nodes.transition)
                or index == len(parent) - 1
            ):
                attributes = "".join(
                    f' {name}="{html.escape(" ".join(values))}"'
                    for name, values in (("id", node["ids"][:1]), ("class", node["classes"]))
                    if values
                )
                rule = nodes.raw("", f"<hr{attributes} />\n", format="html")
                node.replace_self(rule)
                rule["ids"], rule["classes"] = [], []  # written in the markup itself
                rule["jekyll_html_only"] = True  # a rule: nothing for the PDF to lose


TOC_TOPIC_CLASSES = ("contents", "local", "kramdown-toc")


class KramdownContents(parts.Contents):
    """kramdown's ``{:toc}``: every heading of the page, as kramdown lists them.

    The whole page (not the section the list sits in), without headings marked
    ``.no_toc``, with kramdown's ids: ``markdown-toc`` on the list (unless the
    author gave one) and ``markdown-toc-<heading id>`` on each entry's link, so
    old deep links into the table of contents still work.
    """

    def apply(self) -> None:
        topic = self.startnode.parent
        sections = [c for c in self.document.children if isinstance(c, nodes.section)]
        inserted = len(sections) == 1 and sections[0].get("jekyll_inserted_title")
        root = sections[0] if inserted else self.document  # a title of the body is listed
        self.toc_id = topic["ids"][0]
        self.backlinks = None
        contents = self.build_contents(root)
        if not len(contents):
            topic.parent.remove(topic)
            return
        self.startnode.replace_self(contents)
        for item in list(topic.findall(nodes.list_item)):
            reference = next(item.findall(nodes.reference), None)
            target = self.document.ids.get(reference.get("refid", "")) if reference else None
            if isinstance(target, nodes.section) and "no_toc" in target[0]["classes"]:
                sublists = [c for c in item.children if isinstance(c, nodes.bullet_list)]
                parent = item.parent
                index = parent.index(item)
                parent.remove(item)
                for sublist in sublists:
                    for offset, child in enumerate(list(sublist.children)):
                        parent.insert(index + offset, child)
        # kramdown writes the list's id (markdown-toc) and classes on the <ul> itself
        listing = next(topic.findall(nodes.bullet_list), None)
        if listing is not None:
            for list_id in topic["ids"]:
                self.document.ids[list_id] = listing
            listing["ids"], topic["ids"] = topic["ids"], []
            own = [c for c in topic["classes"] if c not in TOC_TOPIC_CLASSES]
            listing["classes"].extend(own)
            topic["classes"] = [c for c in topic["classes"] if c in TOC_TOPIC_CLASSES]
        for reference in topic.findall(nodes.reference):
            toc_id = "markdown-toc-" + reference.get("refid", "")
            if reference.get("refid") and toc_id not in self.document.ids:
                reference["ids"] = [toc_id]
                self.document.ids[toc_id] = reference


class JekyllMystParser(MystParser):
    """MyST, reading Jekyll pages: front matter, Liquid, kramdown, MyST."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        app = app_of(env)
        docname = env.docname
        if "\ufffd" in inputstring:
            bad_line = first_invalid_line(document["source"])
            if bad_line is not None:
                warn_at(
                    docname,
                    bad_line,
                    WarningKind.ENCODING,
                    "the file is not valid UTF-8: undecodable bytes were replaced by '\ufffd'; "
                    "save the file as UTF-8",
                )
        site = site_context(app)
        source = document["source"]
        page = page_for_text(
            page_registry(env).get(docname),
            inputstring,
            app.config.jekyll_max_yaml_size,
            docname=docname,
            source=source,
            site_path=site_relative_path(app, docname, source),
        )
        page.apply_defaults(site.defaults_for)
        warn_problems(docname, page.problems)
        path, data = page.site_path, page.front_matter
        document.jekyll_page = page
        document.jekyll_front_matter = data
        document.jekyll_key_lines = page.key_lines  # for warnings on a key
        # page metadata for Sphinx (``orphan``…) and templates (``meta``)
        env.metadata[docname].update(data)
        body, line_map = page.body_of(inputstring), None
        myst_config = merge_file_level(
            env.myst_config,
            {k: v for k, v in page.own.items() if k in MYST_FRONT_MATTER_KEYS},
            lambda kind, message: warn_at(docname, 1, WarningKind.FRONT_MATTER, message),
        )
        if runs_liquid(env.config, page.has_front_matter, data) and has_liquid(body):
            result = render_liquid(
                body,
                site.liquid,
                {**data, "path": path, "url": page.url},
                page_url_for=lambda target: permalink_of(env, target),
            )
            warn_problems(docname, result.problems)
            for dependency in [*site.dependencies, *map(str, result.includes)]:
                env.note_dependency(dependency)
            body, line_map = result.text, result.line_map
        md_env: dict = {LINE_MAP_KEY: line_map, SKIP_LINES_KEY: page.lines}
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            md_env[TITLE_KEY] = (title.strip(), page.key_lines.get("title", 2))
        parser = create_md_parser(myst_config, JekyllRenderer)
        # markdown-it stops reading (and drops the rest) past 20 nested blocks
        parser.options["maxNesting"] = MAX_NESTING
        parser.use(
            kramdown_plugin,
            options=dataclasses.replace(
                site.kramdown_options,
                colon_fence="colon_fence" in myst_config.enable_extensions,
                myst_fences=True,
            ),
        )
        # before the depth check of the spans: inline HTML nests spans too
        parser.core.ruler.before("kramdown_flat_inline", "jekyll_title", insert_front_matter_title)
        parser.core.ruler.before("kramdown_flat_inline", "jekyll_inline_html", convert_inline_html)
        parser.options["document"] = document
        parser.render(body, md_env)
        for quote in document.findall(nodes.block_quote):
            if not quote.children:  # kramdown keeps an empty <blockquote>; so does HTML
                quote += nodes.comment()
        if line_map:
            for node in document.findall(nodes.Element):
                node.line = source_line(line_map, node.line)
        if not any(isinstance(child, nodes.section) for child in document.children):
            give_untitled_page_a_title(document, docname)


#: Front matter keys MyST reads itself (file-level configuration).
MYST_FRONT_MATTER_KEYS = ("myst", "substitutions", "html_meta")


def permalink_of(env, path: str) -> str | None:
    """``{% link path %}``: the URL its permalink gives the page (its front matter or
    ``defaults:``); ``None`` leaves the URL to the path (posts by their date)."""
    page = pages_by_site_path(env).get(posixpath.normpath(path))
    return page.url if page is not None and page.permalink is not None else None


def runs_liquid(config, has_front_matter: bool, data: dict) -> bool:
    """Jekyll renders Liquid only in files with front matter.

    A page that declares MyST substitutions uses ``{{ key }}`` for MyST, not Liquid.
    """
    return (
        config.jekyll_liquid
        and has_front_matter
        and data.get("render_with_liquid", True) is not False
        and "substitutions" not in data
        and not (isinstance(data.get("myst"), dict) and "substitutions" in data["myst"])
    )


def give_untitled_page_a_title(document: nodes.document, docname: str) -> None:
    """A page without title (empty, or only text) gets its file name as title."""
    name = docname.rsplit("/", 1)[-1]
    warn_at(
        docname,
        1,
        WarningKind.NO_TITLE,
        f"the page has no title: add 'title:' to its front matter (shown as {name!r})",
    )
    section = nodes.section()
    section["names"].append(nodes.fully_normalize_name(name))
    document.note_implicit_target(section, section)
    section += nodes.title(name, name)
    keep = [c for c in document.children if not isinstance(c, nodes.section)]
    for child in keep:
        document.remove(child)
        section += child
    document += section


def source_line(line_map: list[int] | None, line: int | None) -> int | None:
    """A line of the Liquid output → the line of the source it came from."""
    if not line_map or line is None or line <= 0:
        return line
    return line_map[min(line, len(line_map) - 1)]


def setup_parser(app) -> None:
    raise_recursion_limit()
    app.add_source_parser(JekyllMystParser, override=True)
    app.add_transform(RulesWhereDocutilsRefusesThem)
    app.connect("config-inited", allow_skipped_heading_levels)


def allow_skipped_heading_levels(app, config) -> None:
    """Jekyll pages go from the title to ``###``; the HTML keeps the level written.

    MyST would warn on every such page (``myst.header``), failing ``-W`` builds of
    pages that are right as they are.
    """
    if "myst.header" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "myst.header"]
