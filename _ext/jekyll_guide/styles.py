"""Classes and attributes from attribute lists, as the HTML shows them.

Attribute lists put ``classes`` and an allowlisted ``html_attributes`` dict on
nodes; docutils' HTML writer only prints ids and classes, so the translator of
every HTML builder is extended to print the allowlisted attributes too (values
escaped by docutils).  The stylesheet gives the mapped Bootstrap classes their
meaning on any theme.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.fileutil import copy_asset_file
from sphinx_design.shared import create_component

from .config import BOOTSTRAP_COLOURS

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "jekyll_guide.css"


class HtmlAttributesMixin:
    """Print a node's ``html_attributes`` on the first tag written for it."""

    def starttag(self, node, tagname, suffix="\n", empty=False, **attributes):
        extra = node.get("html_attributes") if isinstance(node, nodes.Element) else None
        if extra:
            written = self.__dict__.setdefault("_jekyll_attributes_written", set())
            if id(node) not in written:
                written.add(id(node))
                for name, value in extra.items():
                    attributes.setdefault(name, value)
        classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
        languages = [c for c in classes if c.startswith("language-")]
        if not languages:
            return super().starttag(node, tagname, suffix, empty, **attributes)
        # docutils turns a ``language-x`` class into lang="x" (a human language);
        # kramdown pages mean the code's language: the class is written as a class
        node["classes"] = [c for c in classes if c not in languages]
        try:
            tag = super().starttag(node, tagname, suffix, empty, **attributes)
        finally:
            node["classes"] = classes
        names = html.escape(" ".join(languages))
        if ' class="' in tag:
            return tag.replace(' class="', f' class="{names} ', 1)
        return tag.replace(f"<{tagname}", f'<{tagname} class="{names}"', 1)

    def visit_paragraph(self, node):
        """The text of an HTML element with span content is written bare, inside it."""
        if not node.get("jekyll_bare"):
            super().visit_paragraph(node)

    def depart_paragraph(self, node):
        if not node.get("jekyll_bare"):
            super().depart_paragraph(node)

    def visit_section(self, node):
        """The id the author gave the heading is written on the ``<hN>``, as kramdown does."""
        heading_id = node.get("jekyll_heading_id")
        if heading_id and node["ids"][:1] == [heading_id]:
            node["ids"] = node["ids"][1:]
            try:
                super().visit_section(node)
            finally:
                node["ids"] = [heading_id, *node["ids"]]
        else:
            super().visit_section(node)

    def visit_title(self, node):
        """``<hN>`` at the level written in the page, with the author's id.

        The section keeps the id first (the ¶ link, the tables of contents and
        the PDF use it); only the HTML moves it onto the heading.
        """
        section = node.parent
        level = node.get("jekyll_level")
        if not isinstance(section, nodes.section):
            return super().visit_title(node)
        heading_id = section.get("jekyll_heading_id")
        saved_ids, saved_level = list(node["ids"]), self.section_level
        if heading_id:
            node["ids"] = [heading_id, *saved_ids]
        if level:
            self.section_level = level - self.initial_header_level + 1
        try:
            super().visit_title(node)
        finally:
            node["ids"], self.section_level = saved_ids, saved_level


ADMONITIONS: dict[str, type[nodes.Admonition]] = {
    "note": nodes.note,
    "tip": nodes.tip,
    "hint": nodes.hint,
    "important": nodes.important,
    "warning": nodes.warning,
    "caution": nodes.caution,
    "attention": nodes.attention,
    "danger": nodes.danger,
    "error": nodes.error,
}


class ApplyClassMap(SphinxTransform):
    """Turn mapped classes into the components they stand for.

    ``alert alert-info`` → an admonition, ``card`` → a sphinx-design card,
    ``btn btn-*`` on a link → a sphinx-design button.  The original classes stay
    (Bootstrap themes style them too); ``style`` classes are left to CSS/LaTeX.
    """

    default_priority = 500

    def apply(self, **kwargs) -> None:
        class_map = self.config.jekyll_class_map
        for node in list(self.document.findall(nodes.Element)):
            kinds = {
                kind: value
                for cls in node.get("classes", ())
                for kind, value in class_map.get(cls, {}).items()
                if kind in ("admonition", "component")
            }
            if not kinds:
                continue
            if kinds.get("component") == "button" and isinstance(
                node, nodes.reference | addnodes.pending_xref
            ):
                make_button(node)
            elif kinds.get("component") == "card" and not isinstance(node, nodes.Inline):
                wrap_in_card(self.document, node)
            elif "admonition" in kinds and not isinstance(node, nodes.Inline):
                wrap_in_admonition(
                    self.document, node, ADMONITIONS.get(kinds["admonition"], nodes.note)
                )


def make_button(node: nodes.Element) -> None:
    extra = ["sd-sphinx-override", "sd-btn", "sd-text-wrap"]
    for cls in node["classes"]:
        for prefix in ("btn-outline-", "btn-"):
            colour = cls.removeprefix(prefix)
            if cls.startswith(prefix) and colour in BOOTSTRAP_COLOURS:
                extra.append(f"sd-{prefix}{colour}")
                break
    node["classes"].extend(c for c in extra if c not in node["classes"])


def replace_with_wrapper(
    document: nodes.document,
    node: nodes.Element,
    wrapper: nodes.Element,
    inner: nodes.Element,
    wrapper_classes: frozenset[str],
) -> None:
    """Put ``node`` inside ``wrapper`` (at ``inner``), where ``node`` was.

    A block quote gives its content and its ids (the quote *was* the box);
    any other block is moved in whole, keeping its ids and other classes.  The
    ``wrapper_classes`` (``card``, ``alert alert-info``) move to the wrapper.
    """
    parent = node.parent
    index = parent.index(node)
    parent.remove(node)
    moved = [c for c in node["classes"] if c in wrapper_classes]
    node["classes"] = [c for c in node["classes"] if c not in wrapper_classes]
    wrapper["classes"].extend(c for c in moved if c not in wrapper["classes"])
    if isinstance(node, nodes.block_quote):
        inner.extend(node.children)
        wrapper["ids"].extend(node["ids"])
        for node_id in node["ids"]:
            document.ids[node_id] = wrapper
    else:
        inner.append(node)
    wrapper.source, wrapper.line = node.source, node.line
    parent.insert(index, wrapper)


def wrap_in_card(document: nodes.document, node: nodes.Element) -> None:
    body = create_component("card-body", ["sd-card-body"])
    card = create_component(
        "card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm"], children=[body]
    )
    replace_with_wrapper(document, node, card, body, frozenset({"card"}))


def wrap_in_admonition(
    document: nodes.document, node: nodes.Element, kind: type[nodes.Admonition]
) -> None:
    alert = frozenset(c for c in node["classes"] if c == "alert" or c.startswith("alert-"))
    admonition = kind("")
    replace_with_wrapper(document, node, admonition, admonition, alert)


def install_html_attributes_translator(app) -> None:
    """Wrap whatever translator the HTML builder uses (the theme's included)."""
    builder = app.builder
    if builder.format != "html":
        return
    base = builder.get_translator_class()  # the theme's or another extension's, if set
    if base is None or issubclass(base, HtmlAttributesMixin):
        return
    translator = type(f"Jekyll{base.__name__}", (HtmlAttributesMixin, base), {})
    app.set_translator(builder.name, translator, override=True)


def copy_stylesheet(app) -> None:
    """Copied by the extension itself, before pages are written (their link to
    it carries a checksum of the file); adding to ``html_static_path`` would
    make Sphinx see a changed configuration on every build."""
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        # force: a newer stylesheet of the extension replaces the one of the last
        # build (Sphinx 7.4+ refuses otherwise, a warning under -W)
        try:
            copy_asset_file(STATIC_DIR / STYLESHEET, static, force=True)
        except TypeError:  # Sphinx < 7.4: no force, and it always overwrites
            copy_asset_file(STATIC_DIR / STYLESHEET, static)


def setup_styles(app) -> None:
    app.connect("builder-inited", copy_stylesheet)
    app.connect("builder-inited", install_html_attributes_translator, priority=900)
    app.add_css_file(STYLESHEET)
    app.add_transform(ApplyClassMap)
