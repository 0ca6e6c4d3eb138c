"""markdown-it-py plugin: kramdown attribute lists and extensions as tokens.

Works on markdown-it's token stream, not on the source text, so code spans,
fenced code and raw HTML keep ``{:`` literally, and MyST's own renderer is
reused.  What it produces, for the renderer:

- ``token.meta["kramdown"]``: an :class:`AttributeList` on the opening token of
  the block or span element it applies to (already merged and resolved);
- ``token.meta["kramdown_toc"]`` on a list written with ``{:toc}``;
- ``kramdown_nomarkdown`` / ``kramdown_options`` tokens for extensions;
- ``env["kramdown_problems"]``: ``(line, kind, message)`` for every dropped part.

No Sphinx import: the plugin can be tested with a bare ``MarkdownIt``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .attributes import (
    ALD_LINE,
    BLOCK_IAL_LINE,
    SPAN_IAL,
    AttributeList,
    Problem,
    parse_attribute_list,
    resolve_references,
)

_EXTENSION_START = re.compile(
    r"^\{::(?P<name>\w+)(?P<options>(?:\s(?:\\\}|[^}])*?)?)\s*(?P<closed>/)?\}(?P<rest>.*)$"
)
_KNOWN_EXTENSIONS = ("comment", "nomarkdown", "options")
#: Block tokens that stand alone (no ``_open``/``_close`` pair).
_LEAF_BLOCKS = {"fence", "code_block", "html_block", "hr", "math_block", "kramdown_nomarkdown"}
#: Inline closers whose opener can carry a span IAL.
_SPAN_CLOSERS = {"link_close", "em_close", "strong_close", "s_close"}
_SPAN_LEAVES = {"code_inline", "image"}

PROBLEMS_KEY = "kramdown_problems"


def kramdown_plugin(md: MarkdownIt) -> None:
    """Add kramdown's block/span attribute lists and extensions to ``md``."""
    md.block.ruler.before(
        "table",
        "kramdown_block",
        kramdown_block_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("link", "kramdown_span_ial", kramdown_span_rule)
    md.core.ruler.after("inline", "kramdown_attach", attach_attribute_lists)


def _report(state: StateBlock | StateCore, line: int, problem: Problem) -> None:
    state.env.setdefault(PROBLEMS_KEY, []).append((line, problem.kind, problem.message))


def kramdown_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line that is only ``{:…}``: an IAL, an ALD or an extension."""
    pos = state.bMarks[start] + state.tShift[start]
    # called for every line (as a paragraph terminator): the common case is cheap
    if not state.src.startswith("{:", pos) or state.is_code_block(start):
        return False
    line = state.src[pos : state.eMarks[start]]
    if line.startswith("{::"):
        return _extension(state, start, end, silent, line)
    ald = ALD_LINE.match(line)
    if ald:
        if not silent:
            token = state.push("kramdown_ald", "", 0)
            token.map = [start, start + 1]
            token.meta = {"name": ald["name"], "attrs": parse_attribute_list(ald["body"])}
            state.line = start + 1
        return True
    ial = BLOCK_IAL_LINE.match(line)
    if not ial:
        return False
    if not silent:
        token = state.push("kramdown_ial", "", 0)
        token.map = [start, start + 1]
        token.content = line
        token.meta = {"attrs": parse_attribute_list(ial["body"])}
        state.line = start + 1
    return True


def _extension(state: StateBlock, start: int, end: int, silent: bool, line: str) -> bool:
    match = _EXTENSION_START.match(line)
    if not match or match["name"] not in _KNOWN_EXTENSIONS:
        if not silent and match:
            _report(
                state,
                start,
                Problem(
                    "kramdown_extension",
                    f"unknown kramdown extension {match['name']!r} (known: "
                    f"{', '.join(_KNOWN_EXTENSIONS)}); the line is shown as text",
                ),
            )
        return False
    if silent:
        return True
    name = match["name"]
    if match["closed"]:
        body, last = "", start
    else:
        body, last = _extension_body(state, start, end, name, match["rest"])
        if last is None:
            _report(
                state,
                start,
                Problem(
                    "kramdown_extension",
                    f"'{{::{name}}}' is never closed: add '{{:/{name}}}' after its content; "
                    "the opening line was dropped and the rest is shown",
                ),
            )
            state.line = start + 1
            return True
    state.line = last + 1
    if name == "nomarkdown":
        token = state.push("kramdown_nomarkdown", "", 0)
        token.content = body
        token.map = [start, last + 1]
    elif name == "options":
        token = state.push("kramdown_options", "", 0)
        token.content = match["options"].strip()
        token.map = [start, last + 1]
    return True


def _extension_body(
    state: StateBlock, start: int, end: int, name: str, rest: str
) -> tuple[str, int | None]:
    """Text up to ``{:/name}`` or ``{:/}``, and the line it closes on."""
    closing = re.compile(r"\{:/(?:" + re.escape(name) + r")?\}")
    found = closing.search(rest)
    if found:
        return rest[: found.start()], start
    parts = [rest + "\n"] if rest else []
    for number in range(start + 1, end):
        text = state.src[state.bMarks[number] : state.eMarks[number]]
        found = closing.search(text)
        if found:
            parts.append(text[: found.start()])
            return "".join(parts), number
        parts.append(text + "\n")
    return "", None


def kramdown_span_rule(state: StateInline, silent: bool) -> bool:
    """``{:…}`` inside a paragraph: a span IAL (attached by the core rule)."""
    if not state.src.startswith("{:", state.pos) or state.src.startswith("{::", state.pos):
        return False
    match = SPAN_IAL.match(state.src, state.pos)
    if not match or match.end() > state.posMax:
        return False
    if not silent:
        token = state.push("kramdown_span_ial", "", 0)
        token.content = match.group(0)
        token.meta = {"attrs": parse_attribute_list(match["body"])}
    state.pos = match.end()
    return True


def attach_attribute_lists(state: StateCore) -> None:
    """Move every IAL onto the element kramdown gives it to, then drop the IAL."""
    tokens = state.tokens
    definitions = {
        token.meta["name"]: token.meta["attrs"] for token in tokens if token.type == "kramdown_ald"
    }
    index = 0
    kept: list[Token] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == "kramdown_ald":
            index += 1
            continue
        if token.type != "kramdown_ial":
            kept.append(token)
            index += 1
            continue
        group_end = index
        while (
            group_end + 1 < len(tokens)
            and tokens[group_end + 1].type == "kramdown_ial"
            and tokens[group_end + 1].map[0] == tokens[group_end].map[1]
        ):
            group_end += 1
        _attach_block_group(state, tokens, index, group_end, kept, definitions)
        index = group_end + 1
    state.tokens[:] = kept
    for token in state.tokens:
        if token.type == "inline" and token.children and "{:" in token.content:
            token.children = _attach_span_lists(state, token, definitions)
            _report_malformed_lines(state, token)


def _report_malformed_lines(state: StateCore, inline: Token) -> None:
    """A paragraph line starting with ``{:`` that is no attribute list (``{: .x``).

    Called only for inline tokens whose content contains ``{:``.
    """
    if not inline.map:
        return
    for offset, line in enumerate(inline.content.split("\n")):
        text = line.strip()
        if text.startswith("{:") and not text.startswith("{::") and not SPAN_IAL.fullmatch(text):
            _report(
                state,
                inline.map[0] + offset,
                Problem(
                    "ial_malformed",
                    f"{text[:40]!r} looks like an attribute list but is not closed or not "
                    "valid: write it as {: .class #id} on its own line (shown as text)",
                ),
            )


def _attach_block_group(
    state: StateCore,
    tokens: list[Token],
    first: int,
    last: int,
    kept: list[Token],
    definitions: dict[str, AttributeList],
) -> None:
    merged = AttributeList()
    for token in tokens[first : last + 1]:
        merged.update(token.meta["attrs"])
    line = tokens[first].map[0]
    target = _previous_block(kept, tokens[first])
    if target is None:
        target = _next_block(tokens, last)
    wants_toc = "toc" in merged.references
    if wants_toc:
        merged.references = [ref for ref in merged.references if ref != "toc"]
    resolved = resolve_references(merged, definitions)
    for problem in resolved.problems:
        _report(state, line, problem)
    if target is None:
        if not resolved.is_empty() or wants_toc:
            text = " ".join(token.content for token in tokens[first : last + 1])
            _report(
                state,
                line,
                Problem(
                    "ial_unattached",
                    f"attribute list {text} applies to nothing: put it on the line "
                    "right after (or right before) a block, with no blank line between",
                ),
            )
        return
    if wants_toc:
        if target.type in ("bullet_list_open", "ordered_list_open"):
            target.meta["kramdown_toc"] = True
        else:
            _report(
                state,
                line,
                Problem("toc", "{:toc} must follow a list, e.g. '* table des matières'"),
            )
    if not resolved.is_empty():
        target.meta.setdefault("kramdown", AttributeList()).update(
            located_attributes(resolved, line)
        )


def located_attributes(attrs: AttributeList, line: int) -> AttributeList:
    return AttributeList(attrs.id, list(attrs.classes), dict(attrs.attributes), line=line)


def _previous_block(kept: list[Token], ial: Token) -> Token | None:
    """The block that ends on the line just before ``ial``, at its level."""
    if not kept:
        return None
    previous = kept[-1]
    if previous.level != ial.level:
        return None
    if previous.nesting == 0 and previous.type in _LEAF_BLOCKS:
        return previous if previous.map and previous.map[1] == ial.map[0] else None
    if previous.nesting != -1:
        return None
    opener = _opener_of(kept, len(kept) - 1)
    if opener is None or not opener.map or opener.map[1] != ial.map[0]:
        return None
    return opener


def _opener_of(tokens: list[Token], close_index: int) -> Token | None:
    depth = 0
    for index in range(close_index, -1, -1):
        depth += tokens[index].nesting
        if depth == 0:
            return tokens[index]
    return None


def _next_block(tokens: list[Token], last: int) -> Token | None:
    """The block that starts on the line just after the IAL group, at its level."""
    if last + 1 >= len(tokens):
        return None
    following = tokens[last + 1]
    ial = tokens[last]
    if following.level != ial.level or not following.map:
        return None
    if following.map[0] != ial.map[1]:
        return None
    if following.nesting == 1 or following.type in _LEAF_BLOCKS:
        return following
    return None


def _attach_span_lists(
    state: StateCore, inline: Token, definitions: dict[str, AttributeList]
) -> list[Token]:
    children: list[Token] = []
    line = inline.map[0] if inline.map else 0
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if child.type != "kramdown_span_ial":
            children.append(child)
            continue
        resolved = resolve_references(child.meta["attrs"], definitions)
        for problem in resolved.problems:
            _report(state, line, problem)
        target = _span_target(children)
        if target is None:
            _report(
                state,
                line,
                Problem(
                    "ial_unattached",
                    f"span attribute list {child.content} follows text, not a link, "
                    "image, emphasis or code span: it was dropped",
                ),
            )
            continue
        if not resolved.is_empty():
            target.meta.setdefault("kramdown", AttributeList()).update(
                located_attributes(resolved, line)
            )
    return children


def _span_target(children: list[Token]) -> Token | None:
    index = len(children) - 1
    # emphasis leaves empty text tokens where its extra delimiters were
    while index >= 0 and children[index].type == "text" and not children[index].content:
        index -= 1
    if index < 0:
        return None
    previous = children[index]
    if previous.type in _SPAN_LEAVES:
        return previous
    if previous.type in _SPAN_CLOSERS:
        return _opener_of(children, index)
    return None
