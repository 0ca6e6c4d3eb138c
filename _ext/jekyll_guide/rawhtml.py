"""Simple raw HTML as ordinary nodes, so the PDF keeps it too.

Real pages mix HTML into Markdown: ``<div class="text-center"><a class="btn …">``
blocks, inline ``<strong>``, ``<br>``, ``<a href>``.  Raw HTML only reaches the
HTML output; what is simple is rebuilt here as docutils nodes (block HTML) or
as markdown-it tokens (inline HTML), so both outputs show it.  Anything else
stays raw HTML, and the PDF build says it left it out.

Only allowlisted tags and attributes are kept; ``javascript:`` links are not links.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from docutils import nodes
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .attributes import AttributeList, is_valid_id
from .urls import safe_url

BLOCK_TAGS = {"div", "p", "section", "aside", "ul", "ol", "li", "blockquote"}
INLINE_TAGS = {"a", "strong", "b", "em", "i", "span", "br", "code", "small"}
VOID_TAGS = {"br"}
KEPT_ATTRIBUTES = {"class", "id", "href", "title", "target", "rel", "role", "lang"}


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []


class _TreeBuilder(HTMLParser):
    """A small, strict tree: any tag outside the allowlist makes it give up."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]
        self.ok = True

    def handle_starttag(self, tag, attrs):
        if tag not in BLOCK_TAGS | INLINE_TAGS:
            self.ok = False
            return
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.ok:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if len(self.stack) < 2 or self.stack[-1].tag != tag:
            self.ok = False
            return
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_comment(self, data):
        pass  # comments are not content

    def handle_decl(self, decl):
        self.ok = False

    def handle_pi(self, data):
        self.ok = False


def parse_simple_html(content: str) -> _Element | None:
    builder = _TreeBuilder()
    try:
        builder.feed(content)
        builder.close()
    except Exception:  # noqa: BLE001 - html.parser raises assorted errors
        return None
    if not builder.ok or len(builder.stack) != 1:
        return None
    return builder.root


def _common(node: nodes.Element, element: _Element) -> nodes.Element:
    node["classes"].extend(c for c in element.attrs.get("class", "").split() if c)
    element_id = element.attrs.get("id", "")
    if is_valid_id(element_id):
        node["jekyll_html_id"] = element_id
    extra = {k: v for k, v in element.attrs.items() if k in ("title", "role", "lang")}
    if element.tag == "a" and element.attrs.get("target"):
        extra["target"] = element.attrs["target"]
        if element.attrs["target"] == "_blank":
            extra["rel"] = "noopener"
    if extra:
        node["html_attributes"] = extra
    return node


def _inline_nodes(items: list[_Element | str]) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for item in items:
        if isinstance(item, str):
            text = re.sub(r"\s+", " ", item)
            if text:
                result.append(nodes.Text(text))
            continue
        children = _inline_nodes(item.children)
        if item.tag == "br":
            result.append(nodes.raw("", "<br />", format="html"))
            result.append(nodes.raw("", "\\\\\n", format="latex"))
        elif item.tag == "a":
            href = safe_url(item.attrs.get("href", ""))
            if href is None:  # a javascript: link is shown as its text only
                result.append(_with_children(_common(nodes.inline(), item), children))
            else:
                result.append(_with_children(_common(nodes.reference(refuri=href), item), children))
        elif item.tag in ("strong", "b"):
            result.append(_with_children(_common(nodes.strong(), item), children))
        elif item.tag in ("em", "i"):
            result.append(_with_children(_common(nodes.emphasis(), item), children))
        elif item.tag == "code":
            result.append(_with_children(_common(nodes.literal(), item), children))
        else:  # span, small
            result.append(_with_children(_common(nodes.inline(), item), children))
    return result


def _with_children(node: nodes.Element, children: list[nodes.Node]) -> nodes.Element:
    node.extend(children)
    return node


def _block_nodes(items: list[_Element | str]) -> list[nodes.Node]:
    """Blocks in order; runs of inline content become paragraphs."""
    result: list[nodes.Node] = []
    run: list[_Element | str] = []

    def flush():
        inline = _inline_nodes(run)
        if any(not isinstance(n, nodes.Text) or n.astext().strip() for n in inline):
            while inline and isinstance(inline[0], nodes.Text) and not inline[0].strip():
                inline.pop(0)
            paragraph = nodes.paragraph()
            paragraph.extend(inline)
            result.append(paragraph)
        run.clear()

    for item in items:
        if isinstance(item, str) or item.tag in INLINE_TAGS:
            run.append(item)
            continue
        flush()
        if item.tag == "p":
            paragraph = _common(nodes.paragraph(), item)
            paragraph.extend(_inline_nodes(item.children))
            result.append(paragraph)
        elif item.tag in ("ul", "ol"):
            listing = _common(
                nodes.bullet_list() if item.tag == "ul" else nodes.enumerated_list(), item
            )
            for child in item.children:
                if isinstance(child, _Element) and child.tag == "li":
                    entry = _common(nodes.list_item(), child)
                    entry.extend(_block_nodes(child.children))
                    listing += entry
            result.append(listing)
        elif item.tag == "blockquote":
            quote = _common(nodes.block_quote(), item)
            quote.extend(_block_nodes(item.children))
            result.append(quote)
        else:  # div, section, aside, stray li
            container = _common(nodes.container(), item)
            container.extend(_block_nodes(item.children))
            result.append(container)
    flush()
    return result


def html_block_to_nodes(content: str) -> list[nodes.Node] | None:
    """Nodes for a simple HTML block, or ``None`` when it is not simple."""
    tree = parse_simple_html(content)
    if tree is None:
        return None
    return _block_nodes(tree.children)


# ---- inline HTML inside Markdown paragraphs: tokens ---------------------------

_OPEN_TAG = re.compile(
    r"^<([a-z]+)((?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>$", re.I
)
_CLOSE_TAG = re.compile(r"^</([a-z]+)\s*>$", re.I)
_ATTR = re.compile(r"([\w:-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_TOKEN_FOR = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "a": "link", "span": "span"}


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape((value or "").strip("\"'"))
        for name, value in _ATTR.findall(text)
    }


def convert_inline_html(state: StateCore) -> None:
    """``<strong>…</strong>``, ``<a href>…</a>``, ``<br>`` in paragraphs → tokens."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        if not any(child.type == "html_inline" for child in token.children):
            continue
        token.children = _convert_children(token.children)


def _convert_children(children: list[Token]) -> list[Token]:
    converted = list(children)
    open_stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int, str, dict[str, str]]] = []
    for index, child in enumerate(converted):
        if child.type != "html_inline":
            continue
        content = child.content.strip()
        opening, closing = _OPEN_TAG.match(content), _CLOSE_TAG.match(content)
        if opening:
            tag = opening.group(1).lower()
            if tag == "br":
                converted[index] = Token("hardbreak", "br", 0)
            elif tag in _TOKEN_FOR:
                open_stack.append((index, tag))
        elif closing:
            tag = closing.group(1).lower()
            if open_stack and open_stack[-1][1] == tag:
                start, _ = open_stack.pop()
                attrs = _attributes(_OPEN_TAG.match(converted[start].content.strip()).group(2))
                pairs.append((start, index, tag, attrs))
    for start, end, tag, attrs in pairs:
        kind = _TOKEN_FOR[tag]
        opener = Token(f"{kind}_open", tag if kind != "link" else "a", 1)
        closer = Token(f"{kind}_close", tag if kind != "link" else "a", -1)
        if kind == "link":
            href = safe_url(attrs.get("href", ""))
            if href is None:
                opener, closer = Token("span_open", "span", 1), Token("span_close", "span", -1)
            else:
                opener.attrs["href"] = href
        # the same allowlist as attribute lists, applied by the renderer
        opener.meta["kramdown"] = AttributeList(
            id=attrs["id"] if is_valid_id(attrs.get("id", "")) else None,
            classes=attrs.get("class", "").split(),
            attributes={k: v for k, v in attrs.items() if k in ("title", "target", "lang", "role")},
        )
        converted[start], converted[end] = opener, closer
    return balance_inline_html(converted)


_VOID_INLINE = VOID_TAGS | {"img", "input", "wbr", "hr", "area", "source", "embed"}


def balance_inline_html(children: list[Token]) -> list[Token]:
    """Raw inline tags that open or close nothing, as kramdown's span parser has them.

    kramdown shows a stray ``</div>`` as text and closes an element left open
    at the end of its paragraph; passed through raw, either would break the
    page's own HTML (a ``</div>`` closes the theme's article).
    """
    balanced: list[Token] = []
    stack: list[str] = []
    for child in children:
        if child.type != "html_inline":
            balanced.append(child)
            continue
        content = child.content.strip()
        opening, closing = _OPEN_TAG.match(content), _CLOSE_TAG.match(content)
        if opening and not content.endswith("/>") and opening.group(1).lower() not in _VOID_INLINE:
            stack.append(opening.group(1).lower())
        elif closing:
            tag = closing.group(1).lower()
            if tag not in stack:
                balanced.append(Token("text", "", 0, content=child.content))
                continue
            while stack and stack[-1] != tag:
                balanced.append(Token("html_inline", "", 0, content=f"</{stack.pop()}>"))
            stack.pop()
        balanced.append(child)
    while stack:
        balanced.append(Token("html_inline", "", 0, content=f"</{stack.pop()}>"))
    return balanced


# ---- HTML elements with Markdown inside (kramdown's markdown="1") -------------


class html_element(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes so
    """An HTML element of the page whose content is Markdown, kept as that element.

    The HTML output writes the element (allowlisted attributes only); every other
    output keeps its content only, so the PDF shows the text, never HTML source.
    """


def visit_html_element_html(self, node: html_element) -> None:
    self.body.append(self.starttag(node, node["tag"], suffix=""))


def depart_html_element_html(self, node: html_element) -> None:
    if node["tag"] not in VOID_ELEMENTS_HTML:
        self.body.append(f"</{node['tag']}>\n")


def _content_only(self, node) -> None:
    pass


VOID_ELEMENTS_HTML = frozenset({"br", "hr", "img", "input", "wbr"})


def setup_rawhtml(app) -> None:
    passthrough = (_content_only, _content_only)
    app.add_node(
        html_element,
        html=(visit_html_element_html, depart_html_element_html),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )


# ---- what the PDF shows of HTML it cannot draw ---------------------------------

#: Elements whose end starts a new paragraph of the text twin.
_TEXT_BLOCKS = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header li main nav ol p pre section summary table tbody td th thead tr ul".split()
)
#: Elements whose content is not text for a reader.
_NOT_TEXT = frozenset("script style template noscript head title svg math iframe object".split())


class _TextTwin(HTMLParser):
    """The text, links and image descriptions of any HTML, as paragraphs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[nodes.paragraph] = []
        self.stack: list[nodes.Element] = [nodes.paragraph()]
        self.hidden = 0

    def flush(self) -> None:
        paragraph = self.stack[0]
        if paragraph.astext().strip():
            self.paragraphs.append(paragraph)
        self.stack = [nodes.paragraph()]

    def handle_starttag(self, tag, attrs):
        if tag in _NOT_TEXT:
            self.hidden += 1
        if self.hidden:
            return
        attributes = {k: v or "" for k, v in attrs}
        if tag in _TEXT_BLOCKS:
            self.flush()
        elif tag == "br":
            self.stack[-1] += nodes.Text(" ")
        elif tag == "img" and attributes.get("alt", "").strip():
            self.stack[-1] += nodes.emphasis("", attributes["alt"].strip())
        elif tag == "a":
            href = safe_url(attributes.get("href", ""))
            link = nodes.reference(refuri=href) if href else nodes.inline()
            self.stack[-1] += link
            self.stack.append(link)

    def handle_endtag(self, tag):
        if tag in _NOT_TEXT:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag == "a" and len(self.stack) > 1:
            self.stack.pop()
        elif tag in _TEXT_BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden:
            text = re.sub(r"\s+", " ", data)
            if text.strip() or len(self.stack[0]):
                self.stack[-1] += nodes.Text(text)


def html_text_twin(content: str) -> list[nodes.paragraph]:
    """Paragraphs of the text of ``content`` (any HTML): for outputs that cannot show it."""
    parser = _TextTwin()
    try:
        parser.feed(content)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser raises assorted errors
        return []
    parser.flush()
    return parser.paragraphs
