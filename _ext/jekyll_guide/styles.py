"""Classes and attributes from attribute lists, as the HTML shows them.

Attribute lists put ``classes`` and an allowlisted ``html_attributes`` dict on
nodes; docutils' HTML writer only prints ids and classes, so the translator of
every HTML builder is extended to print the allowlisted attributes too (values
escaped by docutils).  The stylesheet gives the mapped Bootstrap classes their
meaning on any theme.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

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
        return super().starttag(node, tagname, suffix, empty, **attributes)


def install_html_attributes_translator(app) -> None:
    """Wrap whatever translator the HTML builder uses (the theme's included)."""
    builder = app.builder
    if builder.format != "html":
        return
    base = app.registry.translators.get(builder.name) or builder.default_translator_class
    if base is None or issubclass(base, HtmlAttributesMixin):
        return
    translator = type(f"Jekyll{base.__name__}", (HtmlAttributesMixin, base), {})
    app.set_translator(builder.name, translator, override=True)


def add_static_files(app, config) -> None:
    config.html_static_path.append(str(STATIC_DIR))


def setup_styles(app) -> None:
    app.connect("config-inited", add_static_files)
    app.connect("builder-inited", install_html_attributes_translator, priority=900)
    app.add_css_file(STYLESHEET)
