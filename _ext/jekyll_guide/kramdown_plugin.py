"""markdown-it-py plugin: kramdown's block parser and span attribute lists.

markdown-it's own block rules are CommonMark's, not kramdown's (an HTML block
ends at a blank line, an attribute list between blank lines is lost…), so the
``block`` core rule is replaced by :func:`~.kramdown.parse_blocks`, a port of
kramdown's block parser, whose tree :mod:`.kramdown_tokens` turns into
markdown-it tokens.  markdown-it still parses the text of each block, with one
more inline rule for span IALs.  What it produces, for the renderer:

- ``token.meta["kramdown"]``: an :class:`AttributeList` on the opening token of
  the block or span element it applies to (already merged and resolved);
- ``kramdown_nomarkdown`` tokens and ``html_element`` token pairs;
- ``env["kramdown_problems"]``: ``(line, kind, message)`` for every dropped part.

No Sphinx import: the plugin can be tested with a bare ``MarkdownIt``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .attributes import (
    MAX_ATTRIBUTES,
    SPAN_IAL,
    AttributeList,
    parse_attribute_list,
    resolve_references,
)
from .kramdown import KramdownOptions, parse_blocks
from .kramdown.element import Element
from .kramdown_tokens import tokens_from_tree
from .warnings import Problem, WarningKind

#: Inline closers whose opener can carry a span IAL.
_SPAN_CLOSERS = {"link_close", "em_close", "strong_close", "s_close"}
_SPAN_LEAVES = {"code_inline", "image"}

PROBLEMS_KEY = "kramdown_problems"
ALDS_KEY = "kramdown_alds"
MAX_ATTRIBUTES_KEY = "kramdown_max_attributes"
INLINE_LINE_KEY = "kramdown_inline_line"
SKIP_LINES_KEY = "kramdown_skip_lines"


def kramdown_plugin(md: MarkdownIt, options: KramdownOptions | None = None) -> None:
    """kramdown's block parser in place of markdown-it's, plus span attribute lists.

    ``options`` are the site's kramdown settings (Jekyll's defaults without them).
    """
    default = options or KramdownOptions()

    def kramdown_blocks(state: StateCore) -> None:
        if state.inlineMode:
            token = Token("inline", "", 0, content=state.src, map=[0, 1], children=[])
            state.tokens.append(token)
            return
        # the front matter's lines are blank in the source, but Jekyll's content
        # starts after them: kramdown must not see them (an IAL first in the
        # content is lost to a blank line there, not here)
        skip = state.env.pop(SKIP_LINES_KEY, 0)
        source = state.src
        if skip:
            skip = min(skip, len(source) - len(source.lstrip("\n")))
            source = source[skip:]
        root = parse_blocks(source, default)
        cut = keep_first_blocks(root, source, default.max_blocks)
        if skip:
            shift_locations(root, skip)
        for line, kind, message in root.options.get("problems", []):
            kind = WarningKind.from_kramdown(kind)
            state.env.setdefault(PROBLEMS_KEY, []).append(((line or 1) - 1, kind, message))
        if cut is not None:
            state.env.setdefault(PROBLEMS_KEY, []).append(
                (
                    cut + skip - 1,
                    "too_many_blocks",
                    f"the page has more than {default.max_blocks} blocks (paragraphs, "
                    "headings, list items, table cells…): from here on it is shown as "
                    "written, as plain text (jekyll_max_page_blocks); split the page",
                )
            )
        state.env.setdefault(ALDS_KEY, {}).update(_definitions(root))
        state.env[MAX_ATTRIBUTES_KEY] = default.max_attributes
        _note_link_definitions(state.env, root)
        _note_footnotes(state.env, root)
        state.tokens.extend(tokens_from_tree(root, state.env))

    md.core.ruler.at("block", kramdown_blocks)
    md.core.ruler.at("inline", inline_with_lines)
    md.inline.ruler.before("link", "kramdown_span_extension", kramdown_span_extension_rule)
    md.inline.ruler.before("link", "kramdown_span_ial", kramdown_span_rule)
    md.core.ruler.after("inline", "kramdown_attach", attach_span_attribute_lists)

    def flatten_deep_inline(state: StateCore) -> None:
        """Emphasis nested thousands deep (``*a _b *a _b …``), or a paragraph of more
        spans than a page may have blocks, is kept as plain text.

        markdown-it pairs emphasis markers without a depth limit, and the syntax
        tree MyST then builds copies the token list at each level: 5 000 levels
        took 2 GB.  Blocks have ``max_nesting``; the spans of a paragraph too.
        The last core rule: rules that nest spans (inline HTML) go before it.
        """
        limit = default.max_nesting
        for token in state.tokens:
            if token.type != "inline" or not token.children:
                continue
            depth = deepest = 0
            for child in token.children:
                depth += child.nesting
                deepest = max(deepest, depth)
            if deepest > limit:
                problem = Problem(
                    WarningKind.NESTING_TOO_DEEP,
                    f"inline formatting nested more than {limit} deep: the paragraph is kept "
                    "as plain text (jekyll_max_nesting); flatten the nesting",
                )
            elif len(token.children) > default.max_blocks:
                problem = Problem(
                    WarningKind.TOO_MANY_BLOCKS,
                    f"a paragraph of more than {default.max_blocks} spans (links, emphasis…) "
                    "is kept as plain text (jekyll_max_page_blocks); split it",
                )
            else:
                continue
            token.children = [Token("text", "", 0, content=token.content)]
            _report(state, token.map[0] if token.map else 0, problem)

    md.core.ruler.push("kramdown_flat_inline", flatten_deep_inline)  # last: see its doc

    def hard_wrap(state: StateCore) -> None:
        """kramdown's ``hard_wrap``: every line break in a paragraph is a ``<br>``."""
        if not default.hard_wrap:
            return
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "softbreak":
                    child.type, child.tag = "hardbreak", "br"

    md.core.ruler.after("kramdown_attach", "kramdown_hard_wrap", hard_wrap)


def keep_first_blocks(root, source: str, limit: int) -> int | None:
    """At most ``limit`` elements: the rest of the page becomes one code block.

    Sphinx's cost is per node (a 400 000-cell table took minutes); the text is
    kept, as written.  Returns the 1-based line where the page was cut.
    """
    count = 0
    for index, child in enumerate(root.children):
        count += sum(1 for _ in child.walk())
        if count <= limit:
            continue
        line = next(
            (el.location for el in child.walk() if isinstance(el.location, int)), None
        )
        if line is None:
            return None
        rest = "".join(source.splitlines(keepends=True)[line - 1 :])
        del root.children[index:]
        root.children.append(Element("codeblock", rest, location=line))
        return line
    return None


def shift_locations(root, lines: int) -> None:
    """Source lines of a tree parsed from a text that started ``lines`` lines later."""
    trees = [root, *(root.options.get("footnotes") or {}).values()]
    for tree in trees:
        for element in tree.walk():
            for key in ("location", "ial_location"):
                if isinstance(element.options.get(key), int):
                    element.options[key] += lines
    root.options["problems"] = [
        (line + lines if isinstance(line, int) else line, kind, message)
        for line, kind, message in root.options.get("problems", [])
    ]


def _definitions(root) -> dict[str, AttributeList]:
    """kramdown's ALDs (``{:name: …}``), for span IALs that refer to them."""
    definitions = {}
    for name, attrs in (root.options.get("alds") or {}).items():
        attrs = dict(attrs)
        definitions[name] = AttributeList(
            id=attrs.pop("id", None) or None,
            classes=str(attrs.pop("class", "")).split(),
            attributes={k: str(v) for k, v in attrs.items() if isinstance(k, str)},
            references=[str(r) for r in attrs.get("refs", [])] if "refs" in attrs else [],
        )
        definitions[name].attributes.pop("refs", None)
    return definitions


def _note_link_definitions(env: dict, root) -> None:
    """``[id]: url "title"`` as markdown-it's references, for ``[text][id]`` links."""
    references = env.setdefault("references", {})
    for name, definition in (root.options.get("link_defs") or {}).items():
        if isinstance(definition, (list, tuple)):
            url, title = (list(definition) + [None])[:2]
        else:
            url, title = definition, None
        label = normalizeReference(str(name))
        references.setdefault(label, {"href": str(url or ""), "title": str(title or "")})


def _note_footnotes(env: dict, root) -> None:
    for name in root.options.get("footnotes") or {}:
        footnotes = env.setdefault("footnotes", {})
        footnotes.setdefault("refs", {})[":" + str(name)] = -1
        footnotes.setdefault("list", {})


def _report(state: StateCore, line: int, problem: Problem) -> None:
    state.env.setdefault(PROBLEMS_KEY, []).append((line, problem.kind, problem.message))


#: kramdown's EXT_START_STR and EXT_STOP_STR (parser/kramdown/extensions.rb).
_SPAN_EXTENSION_START = re.compile(r"\{::(\w+)(?:\s((?:\\\}|[^}])*?)|)(/)?\}")
_SPAN_EXTENSIONS = ("comment", "nomarkdown", "options")
_MAX_TAG_LENGTH = 1_000


def kramdown_span_extension_rule(state: StateInline, silent: bool) -> bool:
    """``{::comment}…{:/}`` and ``{::nomarkdown}…{:/nomarkdown}`` inside a paragraph.

    As kramdown's span extensions: a comment renders nothing, ``nomarkdown`` is
    raw HTML, ``{::options … /}`` is noted; without its stop tag the start tag
    is text (kramdown: "No stop tag … ignoring it").
    """
    if not state.src.startswith("{::", state.pos):
        return False
    if _next_position(state, "}") - state.pos > _MAX_TAG_LENGTH:
        return False  # no tag ends near: text
    match = _SPAN_EXTENSION_START.match(state.src, state.pos)
    if not match or match.end() > state.posMax:
        return False
    name = match[1]
    line = _inline_line(state)
    if name not in _SPAN_EXTENSIONS:
        if not silent:
            _report_inline(
                state,
                line,
                WarningKind.KRAMDOWN_EXTENSION,
                f"unknown kramdown extension "
                f"{{::{name}}} (known: comment, nomarkdown, options): shown as text",
            )
        return False
    body, end = "", match.end()
    if not match[3]:
        stop = re.compile(r"\{:/(?:" + re.escape(name) + r")?\}").search(state.src, end)
        if stop is None or stop.end() > state.posMax:
            if not silent:
                _report_inline(
                    state,
                    line,
                    WarningKind.KRAMDOWN_EXTENSION,
                    f"{{::{name}}} has no stop "
                    f"tag in its paragraph: add {{:/{name}}} (or {{:/}}); shown as text",
                )
            return False
        body, end = state.src[end : stop.start()], stop.end()
    if not silent and name == "nomarkdown":
        types = (match[2] or "").replace("type=", "").strip("\"' ").split()
        if not types or "html" in types:
            state.push("html_inline", "", 0).content = body
    state.pos = end
    return True


def inline_with_lines(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, telling inline rules their block's line."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.env[INLINE_LINE_KEY] = token.map[0] if token.map else 0
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env.pop(INLINE_LINE_KEY, None)


def _inline_line(state: StateInline) -> int:
    """0-based source line of the inline parser's position (for warnings)."""
    start = state.env.get(INLINE_LINE_KEY, 0)
    return start + state.src.count("\n", 0, state.pos)


def _report_inline(state: StateInline, line: int, kind: str, message: str) -> None:
    """Once per line and kind: the block parser may have said it already."""
    problems = state.env.setdefault(PROBLEMS_KEY, [])
    if not any(known[:2] == (line, kind) for known in problems):
        problems.append((line, kind, message))


_NEXT_KEY = "kramdown_next_{}"


def _next_position(state: StateInline, char: str) -> int:
    """Where ``char`` next occurs from ``state.pos`` (``len(src)`` if nowhere).

    Remembered per paragraph, so that a line of 25 000 ``{:`` does not make the
    span rules look for the closing ``}`` 25 000 times over the whole line.
    """
    src, pos = state.src, state.pos
    key = _NEXT_KEY.format(char)
    known = state.env.get(key)
    if known is not None and known[0] is src and known[1] <= pos <= known[2]:
        return known[2]
    found = src.find(char, pos)
    found = len(src) if found < 0 else found
    state.env[key] = (src, pos, found)
    return found


def kramdown_span_rule(state: StateInline, silent: bool) -> bool:
    """``{:…}`` inside a paragraph: a span IAL (attached by the core rule)."""
    if not state.src.startswith("{:", state.pos) or state.src.startswith("{::", state.pos):
        return False
    if _next_position(state, "}") >= min(_next_position(state, "\n"), state.posMax):
        return False  # no closing brace on this line
    match = SPAN_IAL.match(state.src, state.pos)
    if not match or match.end() > state.posMax:
        return False
    if not silent:
        token = state.push("kramdown_span_ial", "", 0)
        token.content = match.group(0)
        token.meta = {"attrs": parse_attribute_list(match["body"])}
    state.pos = match.end()
    return True


def attach_span_attribute_lists(state: StateCore) -> None:
    """Move every span IAL onto the element before it, then drop the IAL."""
    definitions = state.env.get(ALDS_KEY, {})
    resolved: dict[str, AttributeList] = {}  # each definition expanded once per page
    for token in state.tokens:
        if token.type == "inline" and token.children and "{:" in token.content:
            token.children = _attach_span_lists(state, token, definitions, resolved)
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
                    WarningKind.IAL_MALFORMED,
                    f"{text[:40]!r} looks like an attribute list but is not closed or not "
                    "valid: write it as {: .class #id} on its own line (shown as text)",
                ),
            )


def located_attributes(attrs: AttributeList, line: int) -> AttributeList:
    return AttributeList(attrs.id, list(attrs.classes), dict(attrs.attributes), line=line)


def _opener_of(tokens: list[Token], close_index: int) -> Token | None:
    depth = 0
    for index in range(close_index, -1, -1):
        depth += tokens[index].nesting
        if depth == 0:
            return tokens[index]
    return None


def _attach_span_lists(
    state: StateCore,
    inline: Token,
    definitions: dict[str, AttributeList],
    resolved_definitions: dict[str, AttributeList],
) -> list[Token]:
    children: list[Token] = []
    line = inline.map[0] if inline.map else 0
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if child.type != "kramdown_span_ial":
            children.append(child)
            continue
        resolved = resolve_references(
            child.meta["attrs"],
            definitions,
            max_attributes=state.env.get(MAX_ATTRIBUTES_KEY, MAX_ATTRIBUTES),
            memo=resolved_definitions,
        )
        for problem in resolved.problems:
            _report(state, line, problem)
        target = _span_target(children)
        if target is None:
            _report(
                state,
                line,
                Problem(
                    WarningKind.IAL_UNATTACHED,
                    f"span attribute list {child.content} follows text, not a link, "
                    "image, emphasis or code span: it is shown as text, as kramdown does; "
                    "put it right after the element it is for",
                ),
            )
            children.append(Token("text", "", 0, content=child.content))
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
