"""The reference, generated from the declarations: nothing is documented twice.

``jekyll-reference`` with one argument: ``warnings`` (the :class:`~.warnings.WarningKind`
enum), ``front-matter`` (:data:`~.pagemodel.FRONT_MATTER_KEYS`), ``directives``
(the directives' docstrings and options), ``command`` (``jekyll-guide --help``).
The options and the class map are ``jekyll-config-reference`` (:mod:`.config`).
"""

from __future__ import annotations

import inspect
import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .compat import app_of
from .pagemodel import FRONT_MATTER_KEYS
from .warnings import WarningKind


def inline_text(text: str) -> list[nodes.Node]:
    """Text with its ``code`` spans as literals (the declarations' only markup)."""
    result: list[nodes.Node] = []
    position = 0
    for match in re.finditer(r"(?::\w+:)?(?:``([^`]+)``|`([^`]+)`)", text):
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        code = match.group(1) or match.group(2)
        if match.group(0).startswith(":"):  # a role: :class:`~.x.Y` → Y
            code = code.removeprefix("~").lstrip(".").rsplit(".", 1)[-1]
        result.append(nodes.literal(code, code))
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


def table(headers: list[str], rows: list[list[list[nodes.Node]]], widths: list[int]):
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=width) for width in widths]
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers))
    body = nodes.tbody()
    for cells in rows:
        body += nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *c)) for c in cells))
    group += [head, body]
    return nodes.table("", group, classes=["jekyll-reference"])


def warnings_table():
    rows = [
        [
            [nodes.literal(f"jekyll.{kind}", f"jekyll.{kind}")],
            inline_text(kind.meaning),
            [nodes.literal(kind.example, kind.example)],
            inline_text(kind.fix),
        ]
        for kind in WarningKind
    ]
    return table(["Type", "Meaning", "Example", "Fix"], rows, [20, 40, 20, 40])


def front_matter_table():
    rows = [[[nodes.literal(key, key)], inline_text(meaning)] for key, meaning in FRONT_MATTER_KEYS]
    return table(["Key", "What the guide does with it"], rows, [20, 80])


def docstring_paragraphs(obj) -> list[nodes.paragraph]:
    text = inspect.getdoc(obj) or ""
    return [
        nodes.paragraph("", "", *inline_text(" ".join(block.split())))
        for block in text.split("\n\n")
        if block.strip()
    ]


def directives_list(app):
    from .listings import PageCards, PageToctree

    items = nodes.definition_list()
    for name, directive in (("page-toctree", PageToctree), ("page-cards", PageCards)):
        term = nodes.term("", "", nodes.literal(name, name))
        definition = nodes.definition("", *docstring_paragraphs(directive))
        options = sorted(getattr(directive, "option_spec", None) or {})
        if options:
            shown = ", ".join(f":{option}:" for option in options)
            definition += nodes.paragraph("", "Options: ", nodes.literal(shown, shown))
        items += nodes.definition_list_item("", term, definition)
    return items


def command_help():
    from .cli import command_help

    text = command_help()
    return nodes.literal_block(text, text, language="text")


class Reference(SphinxDirective):
    """``jekyll-reference``: one part of the reference, from its declaration."""

    required_arguments = 1
    PARTS = {
        "warnings": lambda app: warnings_table(),
        "front-matter": lambda app: front_matter_table(),
        "directives": directives_list,
        "command": lambda app: command_help(),
    }

    def run(self):
        part = self.PARTS.get(self.arguments[0])
        if part is None:
            raise self.error(f"jekyll-reference: one of {', '.join(self.PARTS)}")
        return [part(app_of(self.env))]


def setup_reference(app) -> None:
    app.add_directive("jekyll-reference", Reference)
