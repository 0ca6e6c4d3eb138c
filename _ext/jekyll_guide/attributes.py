"""kramdown attribute lists (IAL, ALD) as plain data.

Pure Python, no Sphinx: this is the part that must match kramdown exactly, so it
is unit-tested alone against kramdown's documented syntax.  The grammar follows
kramdown's own regular expressions (``parser/kramdown/extensions.rb``):

- ``.class`` / ``#id`` / compact ``.a#b.c`` (an id starts with a letter),
- ``key="value"`` / ``key='value'`` (``\\"`` and ``\\}`` escape),
- a bare ``name``: a reference to an attribute list definition ``{:name: …}``.

Unlike kramdown, which silently ignores what it does not understand, every part
that is dropped is reported as a :class:`Problem`, so the Sphinx side can warn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .kramdown import KramdownOptions
from .warnings import Problem, WarningKind

NAME = r"\w[\w-]*"
_PART = re.compile(
    rf"""
    (?P<key>{NAME})=(?P<quote>["'])(?P<value>(?:\\.|(?!(?P=quote)).)*)(?P=quote)
    | (?P<multi>(?:\#[A-Za-z][\w:-]*|\.-?{NAME})+)
    | (?P<ref>{NAME})
    """,
    re.VERBOSE,
)
_ID_OR_CLASS = re.compile(rf"\#(?P<id>[A-Za-z][\w:-]*)|\.(?P<cls>-?{NAME})")
_ESCAPE = re.compile(r"\\(.)")
_VALID_ID = re.compile(r"^[A-Za-z][\w:.-]*$")

#: A block-level line holding only an IAL: ``{: …}`` or ``{:…}`` (not ``{::``).
BLOCK_IAL_LINE = re.compile(r"^\{:(?![:/])(?P<body>(?:\\\}|[^}])*)\}[ \t]*$")
#: A block-level line holding only an ALD: ``{:name: …}``.
ALD_LINE = re.compile(rf"^\{{:(?P<name>{NAME}):(?P<body>(?:\\\}}|[^}}])+)\}}[ \t]*$")
#: A span IAL right after an inline element.
SPAN_IAL = re.compile(r"\{:(?![:/])(?P<body>(?:\\\}|[^}\n])*)\}")

#: Attributes that may reach the HTML (besides ``id`` and ``class``).  A trailing
#: ``*`` is a prefix.  ``target``/``rel`` only make sense on links.
DEFAULT_ALLOWED_ATTRIBUTES = ("title", "lang", "dir", "role", "aria-*", "data-*")
LINK_ONLY_ATTRIBUTES = ("target", "rel")
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z][\w:.-]*$")


@dataclass
class AttributeList:
    """What one or several merged attribute lists say about an element."""

    id: str | None = None
    classes: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: 0-based source line of the (first) attribute list, for warnings.
    line: int | None = field(default=None, compare=False)

    def is_empty(self) -> bool:
        return not (self.id or self.classes or self.attributes or self.references)

    def update(self, other: AttributeList) -> None:
        """Merge ``other`` into this list the way kramdown does.

        A later id wins, classes accumulate (no duplicates), later values win.
        """
        if other.id:
            self.id = other.id
        known = set(self.classes)
        for cls in other.classes:
            if cls not in known:
                known.add(cls)
                self.classes.append(cls)
        self.attributes.update(other.attributes)
        self.references.extend(other.references)
        self.problems.extend(other.problems)
        if self.line is None:
            self.line = other.line


def parse_attribute_list(text: str) -> AttributeList:
    """Parse the inside of ``{: …}`` (without the braces and colon)."""
    result = AttributeList()
    pos = 0
    length = len(text)
    while pos < length:
        if text[pos].isspace():
            pos += 1
            continue
        match = _PART.match(text, pos)
        end = match.end() if match else pos
        if match is None or (end < length and not text[end].isspace()):
            # kramdown's parts end at white space; anything else is not a part
            chunk_end = _end_of_chunk(text, pos)
            result.problems.append(_describe_bad_part(text[pos:chunk_end]))
            pos = chunk_end
            continue
        if match.group("key"):
            key, value = match.group("key"), _ESCAPE.sub(r"\1", match.group("value"))
            if key == "id" and is_valid_id(value):
                result.id = value
            elif key == "id":
                result.problems.append(_describe_bad_part("#" + value))
            elif key == "class":
                result.classes.extend(c for c in value.split() if c not in result.classes)
            else:
                result.attributes[key] = value
        elif match.group("multi"):
            for part in _ID_OR_CLASS.finditer(match.group("multi")):
                if part.group("id"):
                    result.id = part.group("id")
                elif part.group("cls") not in result.classes:
                    result.classes.append(part.group("cls"))
        else:
            result.references.append(match.group("ref"))
        pos = end
    if not text.strip():
        result.problems.append(
            Problem(
                WarningKind.EMPTY_IAL, "empty attribute list: write `{: .class #id}` or remove it"
            )
        )
    return result


def is_valid_id(text: str) -> bool:
    """An HTML id an author may give: a letter first, no spaces or quotes."""
    return _VALID_ID.match(text) is not None


def _end_of_chunk(text: str, pos: int) -> int:
    """End of a malformed part: the next white space outside quotes."""
    quote = None
    i = pos
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char.isspace():
            break
        i += 1
    return i


def _describe_bad_part(chunk: str) -> Problem:
    if chunk.startswith("#"):
        return Problem(
            WarningKind.INVALID_ID,
            f"invalid id {chunk!r}: an id starts with a letter and has no spaces "
            "(letters, digits, '_', '-', ':')",
        )
    if chunk.startswith("."):
        return Problem(
            WarningKind.INVALID_CLASS,
            f"invalid class {chunk!r}: a class is letters, digits, '_' and '-' only",
        )
    if "=" in chunk:
        return Problem(
            WarningKind.INVALID_ATTRIBUTE,
            f'invalid attribute {chunk!r}: quote the value, as in key="value"',
        )
    return Problem(WarningKind.INVALID_ATTRIBUTE, f"cannot read {chunk!r} in an attribute list")


#: Classes and attributes one element may get (config ``jekyll_max_attributes``).
MAX_ATTRIBUTES = KramdownOptions.max_attributes


def resolve_references(
    attrs: AttributeList,
    definitions: Mapping[str, AttributeList],
    *,
    max_attributes: int = MAX_ATTRIBUTES,
    memo: dict[str, AttributeList] | None = None,
) -> AttributeList:
    """Expand ALD references: the definitions first, then the list's own parts.

    Undefined names and cycles become problems; kramdown would give the element
    nothing for an undefined name (and overflow its stack on a cycle).  Each
    definition is resolved once (``memo``, shareable between the lists of one
    page), so chains that double at each step cost linear time; the element
    keeps at most ``max_attributes`` classes and attributes.
    """
    memo = {} if memo is None else memo
    resolved = AttributeList()
    for name in attrs.references:
        definition = _resolved_definition(name, definitions, memo, resolved.problems)
        if definition is not None:
            resolved.update(_own(definition))
    resolved.update(_own(attrs))
    resolved.problems = list(attrs.problems) + resolved.problems
    if len(resolved.classes) + len(resolved.attributes) > max_attributes:
        keep = max(max_attributes - len(resolved.attributes), 0)
        resolved.classes = resolved.classes[:keep]
        resolved.attributes = dict(list(resolved.attributes.items())[:max_attributes])
        resolved.problems.append(
            Problem(
                WarningKind.TOO_MANY_ATTRIBUTES,
                f"the attribute list gives this element more than {max_attributes} classes "
                "and attributes (ALD references included); the rest are dropped "
                "(jekyll_max_attributes)",
            )
        )
    return resolved


def _own(attrs: AttributeList) -> AttributeList:
    return AttributeList(attrs.id, list(attrs.classes), dict(attrs.attributes))


def _resolved_definition(
    name: str,
    definitions: Mapping[str, AttributeList],
    memo: dict[str, AttributeList],
    problems: list[Problem],
) -> AttributeList | None:
    """Definition ``name`` with its own references expanded, without recursion."""
    if name in memo:
        return memo[name]
    if name not in definitions:
        problems.append(_undefined_reference(name, definitions))
        return None
    stack = [(name, iter(definitions[name].references), AttributeList())]
    active = {name}
    while stack:
        current, references, result = stack[-1]
        reference = next(references, None)
        if reference is None:
            result.update(_own(definitions[current]))
            memo[current] = result
            active.discard(current)
            stack.pop()
            if stack:
                stack[-1][2].update(_own(result))
        elif reference in memo:
            result.update(_own(memo[reference]))
        elif reference not in definitions:
            problems.append(_undefined_reference(reference, definitions))
        elif reference in active:
            cycle = " → ".join([frame[0] for frame in stack] + [reference])
            problems.append(
                Problem(
                    WarningKind.ALD_CYCLE,
                    f"attribute list definitions refer to each other: {cycle}",
                )
            )
        else:
            active.add(reference)
            stack.append((reference, iter(definitions[reference].references), AttributeList()))
    return memo[name]


def _undefined_reference(name: str, definitions: Iterable[str]) -> Problem:
    known = sorted(definitions)
    hint = f" (defined: {', '.join(known)})" if known else ""
    return Problem(
        WarningKind.UNDEFINED_ALD,
        f"no attribute list definition {name!r} — did you mean `{{: .{name}}}`?{hint}",
    )


def filter_html_attributes(
    attributes: Mapping[str, str], allowed: Iterable[str], *, is_link: bool
) -> tuple[dict[str, str], list[Problem]]:
    """Keep the allowlisted attributes; report the rest.

    ``href``, ``src``, ``style`` and event handlers are never allowed: a page
    must not be able to change where a link goes or run script through an IAL.
    """
    patterns = tuple(allowed) + (LINK_ONLY_ATTRIBUTES if is_link else ())
    kept: dict[str, str] = {}
    problems: list[Problem] = []
    for name, value in attributes.items():
        lowered = name.lower()
        if (
            _ATTRIBUTE_NAME.match(name)
            and not lowered.startswith("on")
            and any(
                lowered == p or (p.endswith("*") and lowered.startswith(p[:-1])) for p in patterns
            )
        ):
            kept[lowered] = value
        else:
            problems.append(
                Problem(
                    WarningKind.ATTRIBUTE_DROPPED,
                    f"attribute {name!r} is not allowed here and was dropped "
                    f"(allowed: {', '.join(patterns)}; see jekyll_allowed_attributes)",
                )
            )
    if kept.get("target") == "_blank":
        rel = kept.get("rel", "").split()
        if "noopener" not in rel:
            kept["rel"] = " ".join([*rel, "noopener"])
    return kept, problems
