"""kramdown's block tree as markdown-it tokens, so MyST renders what kramdown parsed.

kramdown decides the block structure (where a paragraph ends, which block an
attribute list goes to, how far an HTML block runs); markdown-it-py parses the
text inside each block (its ``inline`` rule) and MyST renders the tokens.  This
module is the bridge: one token sequence per :class:`~.kramdown.Element` tree,
with each element's attributes in ``token.meta["kramdown"]``.

No Sphinx import: tested with a bare ``MarkdownIt``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from markdown_it.token import Token

from .attributes import AttributeList
from .kramdown import REFS, Element

#: HTML elements that have no closing tag.
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
#: Element types that render nothing (kramdown's converter skips them too).
_SILENT = frozenset({"blank", "eob", "comment", "abbrev_def", "ald", "footnote_def"})
_LIST_TOKENS = {"ul": "bullet_list", "ol": "ordered_list"}
LANGUAGE_CLASS = re.compile(r"(?:^|\s)language-(\S+)")


def attribute_list_of(element: Element) -> AttributeList | None:
    """The element's kramdown attributes (IALs, ALDs, ``{#id}``) as an AttributeList."""
    attr = dict(element.attr or {})
    if element.type == "codeblock":
        # the ``language-x`` class kramdown adds for a fence's language: Sphinx says the
        # language itself; one the author wrote ({: .language-x}) stays, as in kramdown
        written = str((element.options.get("ial") or {}).get("class", "")).split()
        classes = [
            c
            for c in attr.get("class", "").split()
            if not c.startswith("language-") or c in written
        ]
        attr["class"] = " ".join(classes)
    element_id = attr.pop("id", None) or None
    classes = attr.pop("class", "").split()
    if not (element_id or classes or attr):
        return None
    line = element.options.get("ial_location") or element.options.get("location")
    return AttributeList(
        id=element_id,
        classes=classes,
        attributes=attr,
        line=line - 1 if isinstance(line, int) and line > 0 else None,
    )


def _line_map(element: Element) -> list[int] | None:
    line = element.options.get("location")
    if isinstance(line, int) and line > 0:
        return [line - 1, line]
    return None


def _token(kind: str, tag: str, nesting: int, element: Element, level: int) -> Token:
    token = Token(kind, tag, nesting, map=_line_map(element), block=True)
    token.level = level
    return token


def _with_attributes(token: Token, element: Element) -> Token:
    attrs = attribute_list_of(element)
    if attrs is not None:
        token.meta["kramdown"] = attrs
        if element.options.get("auto_id"):
            token.meta["kramdown_auto_id"] = True
    if "toc" in (element.options.get("ial") or {}).get(REFS, ()):
        token.meta["kramdown_toc"] = True
    return token


def span_text(element: Element) -> str:
    """The raw span source of a block whose content is span-level."""
    parts = []
    for child in element.children:
        if child.type == "raw_text" or child.type == "text":
            parts.append(child.value or "")
        elif child.type == "html_element":
            parts.append(serialize_html(child))
        elif child.type in ("xml_comment", "xml_pi"):
            parts.append(child.value or "")
    return "".join(parts)


def _inline(element: Element, level: int) -> Token:
    token = _token("inline", "", 0, element, level)
    token.content = span_text(element).strip("\n")
    token.children = []
    return token


def _has_block_children(element: Element) -> bool:
    return any(child.type not in ("raw_text", "text") for child in element.children)


def tokens_from_tree(root: Element, env: dict) -> list[Token]:
    """The block tokens markdown-it would produce, built from kramdown's tree."""
    out: list[Token] = []
    _blocks(root.children, out, 0, env)
    # footnote definitions live outside kramdown's tree; markdown-it's footnote
    # plugin moves these tokens to the end of the page and numbers them
    for name, content in (root.options.get("footnotes") or {}).items():
        opening = Token("footnote_reference_open", "", 1, map=_line_map(content), block=True)
        opening.meta = {"label": str(name)}
        out.append(opening)
        _blocks(content.children, out, 1, env)
        out.append(Token("footnote_reference_close", "", -1, block=True))
    return out


def _blocks(children: Iterable[Element], out: list[Token], level: int, env: dict) -> None:
    for child in children:
        _block(child, out, level, env)


def _paired(
    element: Element, out: list[Token], level: int, env: dict, kind: str, tag: str, markup=""
) -> tuple[Token, Token]:
    opening = _with_attributes(_token(f"{kind}_open", tag, 1, element, level), element)
    opening.markup = markup
    out.append(opening)
    _blocks(element.children, out, level + 1, env)
    closing = _token(f"{kind}_close", tag, -1, element, level)
    closing.markup = markup
    out.append(closing)
    return opening, closing


def _block(element: Element, out: list[Token], level: int, env: dict) -> None:
    kind = element.type
    if kind in _SILENT:
        return
    if kind == "p":
        opening = _token("paragraph_open", "p", 1, element, level)
        if element.options.get("transparent"):
            opening.hidden = True  # kramdown's converter drops a transparent p and its attributes
        else:
            _with_attributes(opening, element)
        out += [
            opening,
            _inline(element, level + 1),
            _token("paragraph_close", "p", -1, element, level),
        ]
    elif kind == "header":
        tag = f"h{element.options.get('level', 1)}"
        opening = _with_attributes(_token("heading_open", tag, 1, element, level), element)
        opening.markup = "#" * int(tag[1])
        closing = _token("heading_close", tag, -1, element, level)
        out += [opening, _inline(element, level + 1), closing]
    elif kind == "blockquote":
        _paired(element, out, level, env, "blockquote", "blockquote", ">")
    elif kind == "codeblock":
        _code_block(element, out, level)
    elif kind in _LIST_TOKENS:
        tag = kind
        _paired(element, out, level, env, _LIST_TOKENS[kind], tag, "*" if kind == "ul" else ".")
    elif kind == "li":
        _paired(element, out, level, env, "list_item", "li")
    elif kind == "dl":
        _paired(element, out, level, env, "dl", "dl")
    elif kind in ("dt", "dd"):
        if kind == "dt" or not _has_block_children(element):
            opening = _with_attributes(_token(f"{kind}_open", kind, 1, element, level), element)
            out += [
                opening,
                _inline(element, level + 1),
                _token(f"{kind}_close", kind, -1, element, level),
            ]
        else:
            _paired(element, out, level, env, kind, kind)
    elif kind == "table":
        _table(element, out, level)
    elif kind == "hr":
        out.append(_with_attributes(_token("hr", "hr", 0, element, level), element))
    elif kind == "math":
        token = _with_attributes(_token("math_block", "math", 0, element, level), element)
        token.content = element.value or ""
        out.append(token)
    elif kind == "html_element":
        _html_element(element, out, level, env)
    elif kind in ("xml_comment", "xml_pi"):
        token = _token("html_block", "", 0, element, level)
        token.content = (element.value or "") + "\n"
        out.append(token)
    elif kind == "raw":
        types = element.options.get("type") or ["html"]
        if "html" in types:
            token = _token("kramdown_nomarkdown", "", 0, element, level)
            token.content = (element.value or "").rstrip("\n") + "\n"
            out.append(token)
    elif kind == "myst_target":
        token = _token("myst_target", "", 0, element, level)
        token.content = element.value or ""
        out.append(token)
    elif kind == "colon_fence":
        token = _token("colon_fence", "div", 0, element, level)
        token.info = element.options.get("info", "")
        token.content = element.value or ""
        token.markup = element.options.get("markup", ":::")
        out.append(token)
    elif kind in ("raw_text", "text"):
        # text where blocks are expected (kramdown's ``transparent`` content)
        opening = _token("paragraph_open", "p", 1, element, level)
        opening.hidden = True
        inline = _token("inline", "", 0, element, level + 1)
        inline.content = (element.value or "").strip("\n")
        inline.children = []
        out += [opening, inline, _token("paragraph_close", "p", -1, element, level)]
    else:
        _blocks(element.children, out, level, env)


def _code_block(element: Element, out: list[Token], level: int) -> None:
    lang = element.options.get("lang")
    if not lang:
        # kramdown takes the language from a ``language-x`` class too ({: .language-bash})
        found = LANGUAGE_CLASS.search((element.attr or {}).get("class", ""))
        lang = found.group(1) if found else None
    fenced = element.options.get("fenced") or lang
    token = _with_attributes(
        _token("fence" if fenced else "code_block", "code", 0, element, level), element
    )
    token.content = element.value or ""
    if fenced:
        token.info = element.options.get("info") or (lang or "")
        token.markup = element.options.get("markup") or "```"
    out.append(token)


def _table(element: Element, out: list[Token], level: int) -> None:
    """Tokens of markdown-it's table shape; kramdown may have no header or a footer."""
    alignment = element.options.get("alignment") or []
    start = len(out)
    out.append(_with_attributes(_token("table_open", "table", 1, element, level), element))
    for section in element.children:
        if section.type not in ("thead", "tbody", "tfoot"):
            continue
        out.append(_token(f"{section.type}_open", section.type, 1, section, level + 1))
        cell_tag = "th" if section.type == "thead" else "td"
        for row in section.children:
            out.append(_with_attributes(_token("tr_open", "tr", 1, row, level + 2), row))
            for column, cell in enumerate(row.children):
                opening = _with_attributes(
                    _token(f"{cell_tag}_open", cell_tag, 1, cell, level + 3), cell
                )
                align = alignment[column] if column < len(alignment) else "default"
                if align in ("left", "right", "center"):
                    opening.attrs["style"] = f"text-align:{align}"
                out += [opening, _inline(cell, level + 4)]
                out.append(_token(f"{cell_tag}_close", cell_tag, -1, cell, level + 3))
            out.append(_token("tr_close", "tr", -1, row, level + 2))
        out.append(_token(f"{section.type}_close", section.type, -1, section, level + 1))
    out.append(_token("table_close", "table", -1, element, level))
    # kramdown gives rows and cells no line: they take the table's, so what is
    # in a cell (a dead link) is reported there, whatever MyST's current line
    for token in out[start:]:
        if token.map is None:
            token.map = _line_map(element)


def _html_element(element: Element, out: list[Token], level: int, env: dict) -> None:
    """``markdown="1"`` content is parsed; raw content stays HTML, as kramdown does.

    A raw element stays one ``html_block`` unless some element inside it has
    Markdown content; then it becomes an ``html_element`` token pair whose raw
    parts are ``html_block`` tokens, so no part is lost or re-parsed.
    """
    model = element.options.get("content_model")
    if model not in ("block", "span") and not _has_parsed_descendant(element):
        token = _token("html_block", "", 0, element, level)
        token.content = serialize_html(element) + "\n"
        out.append(token)
        return
    opening = _token("html_element_open", element.value or "div", 1, element, level)
    opening.meta["html_attributes"] = dict(element.attr or {})
    out.append(opening)
    if model == "span" or (model == "block" and not _has_block_children(element)):
        out.append(_inline(element, level + 1))
    elif model == "block":
        _blocks(element.children, out, level + 1, env)
    else:
        for child in element.children:
            if child.type == "html_element":
                _html_element(child, out, level + 1, env)
            elif (child.value or "").strip():
                token = _token("html_block", "", 0, child, level + 1)
                token.content = serialize_html(child) + "\n"
                out.append(token)
    out.append(_token("html_element_close", element.value or "div", -1, element, level))


def _has_parsed_descendant(element: Element) -> bool:
    return any(
        child.type == "html_element"
        and (
            child.options.get("content_model") in ("block", "span") or _has_parsed_descendant(child)
        )
        for child in element.children
    )


def serialize_html(element: Element) -> str:
    """An HTML element of kramdown's tree back as HTML (raw content model)."""
    if element.type in ("text", "raw_text"):
        return element.value or ""
    if element.type in ("xml_comment", "xml_pi"):
        return element.value or ""
    if element.type != "html_element":
        return "".join(serialize_html(child) for child in element.children)
    tag = element.value or "div"
    attributes = "".join(
        f' {name}="{html.escape(str(value), quote=True)}"'
        for name, value in (element.attr or {}).items()
    )
    if tag in VOID_ELEMENTS:
        return f"<{tag}{attributes} />"
    inner = "".join(serialize_html(child) for child in element.children)
    return f"<{tag}{attributes}>{inner}</{tag}>"
