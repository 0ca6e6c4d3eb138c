"""kramdown's HTML parser (parser/html.rb), as its kramdown parser uses it for block HTML.

Also the Ruby → Python regexp vocabulary both modules share: Ruby's ``\\s``, ``\\w``,
``\\d`` are ASCII-only, Python's are Unicode, so they are spelt out; Ruby's ``/m`` is
Python's DOTALL and is scoped with ``(?s:…)``; every pattern is compiled with
``re.MULTILINE`` because Ruby's ``^``/``$`` are always line anchors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .element import Element

if TYPE_CHECKING:
    from .blocks import Scanner

# --- Ruby regexp vocabulary -------------------------------------------------------------
SP = r"[ \t\n\v\f\r]"  # Ruby \s
NSP = r"[^ \t\n\v\f\r]"  # Ruby \S
WORD = r"[a-zA-Z0-9_]"  # Ruby \w
DIGIT = r"[0-9]"  # Ruby \d
RUBY_SPACE = " \t\n\v\f\r\0"  # what Ruby's String#strip removes


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a translated Ruby regexp: ``^``/``$`` are line anchors as in Ruby."""
    return re.compile(pattern, re.MULTILINE)


def group(pattern: str) -> str:
    """Wrap an interpolated fragment, as Ruby wraps ``#{regexp}`` in ``(?-mix:…)``."""
    return f"(?:{pattern})"


def ruby_strip(text: str) -> str:
    return text.strip(RUBY_SPACE)


def ruby_split_lines(text: str) -> list[str]:
    """Ruby's ``str.split("\\n")``: trailing empty fields are dropped."""
    parts = text.split("\n")
    while parts and parts[-1] == "":
        parts.pop()
    return parts


# REXML::Parsers::BaseParser::UNAME_STR: [[:alpha:]_] then [-[:alnum:]._]*, optional prefix
_NAME = r"[^\W\d][\w.-]*"
UNAME = rf"(?:{_NAME}:)?{_NAME}"

# --- parser/html.rb Constants ---------------------------------------------------------
HTML_COMMENT = r"(?s:<!--(.*?)-->)"
HTML_INSTRUCTION = r"(?s:<\?(.*?)\?>)"
HTML_ATTRIBUTE_RE = rx(rf"(?s:{SP}*({UNAME})(?:{SP}*={SP}*(?:(\w+)|(\"|')(.*?)\3))?)")
HTML_TAG = (
    rf"(?s:<((?>{UNAME})){SP}*((?>{SP}+{UNAME}(?:{SP}*={SP}*(?:\w+|(\"|').*?\3))?)*)"
    rf"{SP}*(/)?>)"
)
HTML_TAG_CLOSE = rf"(?s:</({UNAME}){SP}*>)"
HTML_COMMENT_RE = rx(HTML_COMMENT)
HTML_INSTRUCTION_RE = rx(HTML_INSTRUCTION)
HTML_TAG_RE = rx(HTML_TAG)
HTML_TAG_CLOSE_RE = rx(HTML_TAG_CLOSE)
HTML_RAW_START = rx(rf"(?=<({UNAME}|/|!--|\?))")

HTML_CONTENT_MODEL_BLOCK = (
    "address applet article aside blockquote body dd details div dl fieldset figure "
    "figcaption footer form header hgroup iframe li main map menu nav noscript object "
    "section summary td"
).split()
HTML_CONTENT_MODEL_SPAN = (
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins "
    "label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt"
).split()
HTML_CONTENT_MODEL_RAW = "script style math option textarea pre code kbd samp var".split()
_CONTENT_MODEL = {
    **{name: "block" for name in HTML_CONTENT_MODEL_BLOCK},
    **{name: "span" for name in HTML_CONTENT_MODEL_SPAN},
    **{name: "raw" for name in HTML_CONTENT_MODEL_RAW},
}


def html_content_model(name: str) -> str:
    """kramdown's HTML_CONTENT_MODEL: unknown elements (and table, ul…) are raw."""
    return _CONTENT_MODEL.get(name, "raw")


HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)
HTML_BLOCK_ELEMENTS = frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset "
    "figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu "
    "li main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr "
    "ul".split()
)
HTML_ELEMENTS_WITHOUT_BODY = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split()
)
HTML_ELEMENT = (
    HTML_SPAN_ELEMENTS | HTML_BLOCK_ELEMENTS | HTML_ELEMENTS_WITHOUT_BODY | set(_CONTENT_MODEL)
)
#: The ``markdown`` attribute's values (parser/kramdown/html.rb HTML_MARKDOWN_ATTR_MAP).
HTML_MARKDOWN_ATTR_MAP = {"0": "raw", "1": "default", "span": "span", "block": "block"}


def parse_html_attributes(text: str, in_html_tag: bool = True) -> tuple[dict[str, str], list[str]]:
    """The attributes of a start tag, in order; names lowercased for known elements.

    Returns the attributes and the names given twice (kramdown warns, the last wins).
    """
    attrs: dict[str, str] = {}
    duplicates: list[str] = []
    for match in HTML_ATTRIBUTE_RE.finditer(text):
        name, bare, _quote, quoted = match.groups()
        if in_html_tag:
            name = name.lower()
        if name in attrs:
            duplicates.append(name)
        attrs[name] = bare if bare is not None else (quoted if quoted is not None else "")
    return attrs, duplicates


class HtmlParserMixin:
    """``Kramdown::Parser::Html::Parser``: needs ``self.src``, ``self.tree``, ``add_text``."""

    src: Scanner
    tree: Element

    def warn(self, line: int | None, kind: str, message: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def add_text(self, text: str, tree: Element | None = None, type_: str | None = None) -> None:
        raise NotImplementedError  # pragma: no cover

    def handle_kramdown_html_tag(self, el: Element, closed: bool, handle_body: bool) -> None:
        raise NotImplementedError  # pragma: no cover

    def handle_html_start_tag(self, line: int | None) -> None:
        """The start tag just scanned (groups 1, 2, 4 of HTML_TAG_RE) becomes an element."""
        name = self.src.group(1)
        if name.lower() in HTML_ELEMENT:
            name = name.lower()
        closed = self.src.group(4) is not None
        attrs, duplicates = parse_html_attributes(self.src.group(2), name in HTML_ELEMENT)
        for attribute in duplicates:
            self.warn(
                line,
                "duplicate-html-attribute",
                f"HTML attribute '{attribute}' given twice on <{name}>: the last value is "
                "kept; remove the other one",
            )
        el = Element("html_element", name, attrs, category="block")
        if line is not None:
            el.options["location"] = line
        self.tree.children.append(el)
        if not closed and name in HTML_ELEMENTS_WITHOUT_BODY:
            closed = True
        if name in ("script", "style"):
            self.handle_raw_html_tag(name)
            self.handle_kramdown_html_tag(el, False, False)
        else:
            self.handle_kramdown_html_tag(el, closed, True)

    def handle_raw_html_tag(self, name: str) -> None:
        """``<script>``/``<style>``: everything up to the end tag is one ``raw`` child."""
        start = self.src.pos
        if self.src.scan_until(re.compile(rf"(?=</{name}{SP}*>)", re.S | re.I | re.M)):
            self.add_text(self.src.string[start : self.src.pos], self.tree.children[-1], "raw")
            self.src.scan(HTML_TAG_CLOSE_RE)
        else:
            self.add_text(self.src.rest(), self.tree.children[-1], "raw")
            self.src.terminate()
            self.warn(
                self.tree.children[-1].options.get("location"),
                "unclosed-html",
                f"<{name}> is never closed: kramdown takes the rest of the document as its "
                f"content; add </{name}>",
            )

    def parse_raw_html(self, el: Element) -> None:
        """Raw HTML content into ``el`` up to its matching end tag (or the end of input)."""
        saved_tree = self.tree
        self.tree = el
        done = False
        src = self.src
        while not src.eos() and not done:
            result = src.scan_until(HTML_RAW_START)
            if result is not None:
                self.add_text(result, self.tree, "text")
                line = src.current_line_number()
                if (comment := src.scan(HTML_COMMENT_RE)) is not None:
                    self.tree.children.append(
                        Element("xml_comment", comment, category="block", location=line)
                    )
                elif (instruction := src.scan(HTML_INSTRUCTION_RE)) is not None:
                    self.tree.children.append(
                        Element("xml_pi", instruction, category="block", location=line)
                    )
                elif src.scan(HTML_TAG_RE) is not None:
                    if self.nesting_exceeded(line):
                        self.add_text(src.matched(), self.tree, "text")
                    else:
                        self.depth += 1
                        try:
                            self.handle_html_start_tag(line)
                        finally:
                            self.depth -= 1
                elif src.scan(HTML_TAG_CLOSE_RE) is not None:
                    closing = src.group(1)
                    value = self.tree.value
                    if value == (closing.lower() if value in HTML_ELEMENT else closing):
                        done = True
                    else:
                        self.add_text(src.matched(), self.tree, "text")
                        self.warn(
                            line,
                            "stray-html-end-tag",
                            f"</{closing}> closes nothing here (inside <{value}>): kramdown "
                            "keeps it as text; remove it or open the element",
                        )
                else:
                    self.add_text(src.getch(), self.tree, "text")
            else:
                self.add_text(src.rest(), self.tree, "text")
                src.terminate()
                if self.tree.type == "html_element":
                    self.warn(
                        self.tree.options.get("location"),
                        "unclosed-html",
                        f"<{self.tree.value}> is never closed: kramdown takes the rest of the "
                        f"document as its content; add </{self.tree.value}>",
                    )
                done = True
        self.tree = saved_tree

    depth: int

    def nesting_exceeded(self, line: int | None) -> bool:  # pragma: no cover
        raise NotImplementedError
