"""The MyST parser, taught Jekyll pages: front matter and kramdown syntax.

``JekyllMystParser`` replaces MyST's parser for Markdown files.  It splits the
front matter off (line numbers kept), makes its ``title`` the page's one
top-level heading, parses the body with MyST plus :mod:`.kramdown_plugin`, and
renders with :class:`JekyllRenderer`, which puts attribute lists exactly where
kramdown puts them.  Ids from attribute lists are page-local, as in HTML: they
go into the node's ``ids`` as written, never into Sphinx's project-wide labels.
"""

from __future__ import annotations

import sys

from docutils import nodes
from docutils.transforms import parts
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes

from .attributes import AttributeList, filter_html_attributes, kramdown_auto_id
from .encoding import first_invalid_line
from .frontmatter import split_front_matter
from .kramdown_plugin import PROBLEMS_KEY, kramdown_plugin
from .liquid import has_liquid, render_liquid
from .log import logger, warn_at
from .rawhtml import convert_inline_html, html_block_to_nodes
from .site import site_context, site_relative_path

TITLE_KEY = "jekyll_title"
MAX_NESTING = 250
RECURSION_LIMIT = 20_000
LINE_MAP_KEY = "jekyll_line_map"


def insert_front_matter_title(state: StateCore) -> None:
    """Make the front matter ``title`` the page's single ``h1``.

    Jekyll layouts print the title above the content, so the content's own
    headings sit below it: any ``#`` heading of the body is demoted one level.
    """
    title = state.env.pop(TITLE_KEY, None)  # once: nested parses share the env
    if not title:
        return
    text, line = title
    if any(t.type == "heading_open" and t.tag == "h1" for t in state.tokens):
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    opening = Token("heading_open", "h1", 1, map=[line - 1, line], block=True, markup="#")
    inline = Token("inline", "", 0, map=[line - 1, line], content=text, block=True)
    inline.children = [Token("text", "", 0, content=text)]
    closing = Token("heading_close", "h1", -1, block=True, markup="#")
    state.tokens[:0] = [opening, inline, closing]


class JekyllRenderer(SphinxRenderer):
    """MyST's Sphinx renderer, plus kramdown attribute lists on the nodes."""

    def setup_render(self, options, env) -> None:
        super().setup_render(options, env)
        self._kramdown_used_ids: set[str] = set()
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
        kept, problems = filter_html_attributes(
            attrs.attributes, self.sphinx_env.config.jekyll_allowed_attributes, is_link=is_link
        )
        for problem in problems:
            self.warn(line, problem.kind, problem.message)
        if kept:
            node["html_attributes"] = {**node.get("html_attributes", {}), **kept}

    def add_page_id(self, node: nodes.Element, page_id: str, line: int | None) -> bool:
        """Give ``node`` the id exactly as written, unique within the page only."""
        if page_id in self.document.ids:
            self.warn(
                line,
                "duplicate_id",
                f"id {page_id!r} is used twice in this page: ids must be unique "
                "within a page, rename one (the second was dropped)",
            )
            return False
        node["ids"].append(page_id)
        self.document.ids[page_id] = node
        self.document.jekyll_ids[page_id] = line
        self._kramdown_used_ids.add(page_id)
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
        """Classes and id go on the ``<hN>`` (the title), as kramdown does.

        On the section they would style the whole section (``.text-primary``
        would color every paragraph under the heading).
        """
        attrs = self._take_attributes(token)
        parent = self.current_node
        reserved = attrs.id if attrs and attrs.id and attrs.id not in self.document.ids else None
        if reserved:
            # keep the id free: docutils would otherwise give it to the section
            self.document.ids[reserved] = parent
        super().render_heading(token)
        if reserved:
            del self.document.ids[reserved]
        if self.current_node is not parent and isinstance(self.current_node, nodes.section):
            title = self.current_node[0]
        else:
            title = parent[-1]
        line = token_line(token, default=0)
        if attrs is not None:
            self.apply_kramdown_attributes(title, attrs, line)
        if (
            not title["ids"]
            and self.sphinx_env.config.jekyll_auto_ids
            and token.children
            and int(token.tag[1]) > 1
        ):
            auto_id = kramdown_auto_id(token.children[0].content, self._kramdown_used_ids)
            if auto_id not in self.document.ids:
                title["ids"].append(auto_id)
                self.document.ids[auto_id] = title
                self.document.jekyll_ids[auto_id] = line

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
            self.document.set_id(topic)
        pending = nodes.pending(KramdownContents, {"local": True, "backlinks": None})
        topic += pending
        self.document.note_pending(pending)
        self.current_node.append(topic)

    # ---- raw HTML -------------------------------------------------------------

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        """Simple HTML becomes nodes (the PDF keeps it); the rest stays raw HTML."""
        converted = html_block_to_nodes(token.content)
        if converted is None:
            super().render_html_block(token)
            return
        line = token_line(token, default=0)
        for node in converted:
            self.add_line_and_source_path_r([node], token)
            for element in node.findall(nodes.Element):
                html_id = element.attributes.pop("jekyll_html_id", None)
                if html_id:
                    self.add_page_id(element, html_id, line)
            self.current_node.append(node)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        super().render_html_block(token)  # what convert_inline_html left: unpaired tags

    # ---- kramdown extensions --------------------------------------------------

    def render_kramdown_nomarkdown(self, token: SyntaxTreeNode) -> None:
        raw = nodes.raw(token.content, token.content, format="html", classes=["nomarkdown"])
        self.add_line_and_source_path(raw, token)
        self.current_node.append(raw)

    def render_kramdown_options(self, token: SyntaxTreeNode) -> None:
        """kramdown options change kramdown itself: noted, nothing else to do."""
        logger.info(
            "{::options %s /} is a kramdown setting and is ignored here",
            token.content,
            location=(self.sphinx_env.docname, token_line(token, default=0)),
        )

    def _render_finalise(self) -> None:
        super()._render_finalise()
        for line, kind, message in self.md_env.pop(PROBLEMS_KEY, []):
            self.warn(line + 1, kind, message)


class KramdownContents(parts.Contents):
    """docutils' table of contents, without headings marked ``.no_toc``."""

    def apply(self) -> None:
        topic = self.startnode.parent
        super().apply()
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


class JekyllMystParser(MystParser):
    """MyST, reading Jekyll pages: front matter, Liquid, kramdown, MyST."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        app = env.app
        docname = env.docname
        if "\ufffd" in inputstring:
            bad_line = first_invalid_line(document["source"])
            if bad_line is not None:
                warn_at(
                    docname,
                    bad_line,
                    "encoding",
                    "the file is not valid UTF-8: undecodable bytes were replaced by '\ufffd'; "
                    "save the file as UTF-8",
                )
        front_matter = split_front_matter(inputstring)
        for problem in front_matter.problems:
            warn_at(docname, problem.line, problem.kind, problem.message)
        site = site_context(app)
        path = site_relative_path(app, docname, document["source"])
        data = {**site.defaults_for(path, front_matter.data), **front_matter.data}
        document.jekyll_front_matter = data
        document.jekyll_key_lines = front_matter.key_lines  # for warnings on a key
        # page metadata for Sphinx (``orphan``…) and templates (``meta``)
        env.metadata[docname].update(data)
        body, line_map = front_matter.body, None
        if env.config.jekyll_liquid and has_liquid(body) and data.get("render_with_liquid", True):
            page = {**data, "path": path, "url": page_url(data, path)}
            result = render_liquid(body, site.liquid, page)
            for problem in result.problems:
                warn_at(docname, problem.line, problem.kind, problem.message)
            for dependency in [*site.dependencies, *map(str, result.includes)]:
                env.note_dependency(dependency)
            body, line_map = result.text, result.line_map
        md_env: dict = {LINE_MAP_KEY: line_map}
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            md_env[TITLE_KEY] = (title.strip(), front_matter.key_lines.get("title", 2))
        parser = create_md_parser(env.myst_config, JekyllRenderer)
        # markdown-it stops reading (and drops the rest) past 20 nested blocks
        parser.options["maxNesting"] = MAX_NESTING
        parser.use(kramdown_plugin)
        parser.core.ruler.push("jekyll_title", insert_front_matter_title)
        parser.core.ruler.push("jekyll_inline_html", convert_inline_html)
        parser.options["document"] = document
        parser.render(body, md_env)
        if line_map:
            for node in document.findall(nodes.Element):
                node.line = source_line(line_map, node.line)
        if not any(isinstance(child, nodes.section) for child in document.children):
            give_untitled_page_a_title(document, docname)


def give_untitled_page_a_title(document: nodes.document, docname: str) -> None:
    """A page without title (empty, or only text) gets its file name as title."""
    name = docname.rsplit("/", 1)[-1]
    warn_at(
        docname,
        1,
        "no_title",
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


def page_url(data: dict, path: str) -> str:
    """``page.url``: the permalink, or the path with ``.html``."""
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        return "/" + permalink.strip().lstrip("/")
    return "/" + path.rsplit(".", 1)[0] + ".html"


def source_line(line_map: list[int] | None, line: int | None) -> int | None:
    """A line of the Liquid output → the line of the source it came from."""
    if not line_map or line is None or line <= 0:
        return line
    return line_map[min(line, len(line_map) - 1)]


def setup_parser(app) -> None:
    # deeply nested pages (lists 100 deep) are pickled and written recursively
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    app.add_source_parser(JekyllMystParser, override=True)
