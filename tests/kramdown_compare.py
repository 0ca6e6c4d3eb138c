"""Compare our HTML of a page with kramdown's: where do the author's ids and classes land?

kramdown is the specification.  For every id and class the author wrote (in an
IAL, an ALD, a ``{#id}`` header, an HTML attribute), the element that carries it
in kramdown's HTML is its *owner*; ours must have the same owner: the same tag
(up to :data:`TAG_EQUIVALENCE`) and the same text fingerprint (the first
:data:`FINGERPRINT_LENGTH` characters of its text, whitespace and typography
normalised).  Also reported: kramdown syntax left as text in our page, and
author-looking ids/classes that we put and kramdown does not.

Pure functions on strings (BeautifulSoup + lxml), no Sphinx.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

FINGERPRINT_LENGTH = 40

#: Where Sphinx's HTML legitimately differs from kramdown's for the same element:
#: both sides are normalised to the name on the right before comparing tags.
#:
#: ``codeblock``
#:     kramdown writes a code block as ``<pre><code>`` (indented code, or no
#:     highlighter) or, with rouge, ``<div class="language-x highlighter-rouge">``
#:     around ``<div class="highlight"><pre>``; its IAL classes go on that outer
#:     ``div``/``pre``.  Sphinx writes ``<div class="highlight-x notranslate">``
#:     around ``<div class="highlight"><pre>`` (or a bare ``<pre>`` for a
#:     literal block it does not highlight); the classes go on the outer element.
#: ``hN``
#:     The same level, except that a page whose body has an ``h1`` is shifted by
#:     one: the front matter ``title`` is the page's single ``h1`` (as the Jekyll
#:     layout prints it above the content) and the body's headings are demoted.
#:     See :func:`heading_shift`.
#: ``span`` with only an ``id``
#:     docutils writes the second and later ids of a node as empty
#:     ``<span id>``: their owner is the element they stand for (the parent, or
#:     the following list/table/image, as docutils places them).
TAG_EQUIVALENCE = {
    "kramdown: div.highlighter-rouge / pre>code": "codeblock",
    "ours: div.highlight-* / pre": "codeblock",
}

#: Elements docutils writes an extra id *in front of* (not inside).
_PREFIX_ID_TAGS = {"ul", "ol", "dl", "table", "img"}
#: The theme's wrapper around tables: chrome, never an owner.
_THEME_WRAPPERS = {"pst-scrollable-table-container"}
#: Classes Sphinx, docutils, MyST and the theme put on their own: never reported as
#: ``extra`` (an author who writes ``{: .literal}`` is not told apart from them).
GENERATED_CLASSES = {
    "docutils",
    "literal",
    "notranslate",
    "pre",
    "reference",
    "external",
    "internal",
    "simple",
    "myst",
    "container",
    "table",
    "head",
    "row-odd",
    "row-even",
    "highlight",
    "section",
    "field-list",
    "align-default",
    "colwidths-auto",
    "line-block",
    "line",
    "topic",
    "contents",
    "local",
}
#: kramdown's syntax, when it is left in the text.
SYNTAX_MARKERS = {
    "{:": re.compile(r"\{:(?!:)"),
    "{::": re.compile(r"\{::"),
    "{#": re.compile(r"\{#"),
}
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)
_WHITESPACE = re.compile(r"\s+")
_NAME = r"-?[A-Za-z_][\w:-]*"
_IAL_BLOCK = re.compile(r"\{:?(?:[^{}\n\\]|\\.)*\}")
_IAL_ID = re.compile(r"(?:^|[\s{:.\w])#([A-Za-z][\w:-]*)")
_IAL_CLASS = re.compile(r"(?:^|[\s{:#}\w])\.(" + _NAME + r")")
_IAL_NAME = re.compile(r"\{:(\w[\w-]*):")
_IAL_REFERENCE = re.compile(r"(?<![.#\w=\"'-])(" + r"\w[\w-]*" + r")(?![\w=-])")
_HTML_ATTRIBUTE = re.compile(
    r"""\b(id|class)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)


@dataclass(frozen=True)
class Owner:
    """The element that carries an id or a class: normalised tag and text."""

    tag: str
    text: str
    key: str

    def __str__(self) -> str:
        return f"<{self.tag}> {self.text!r}"


@dataclass(frozen=True)
class Divergence:
    """One difference with kramdown.

    ``kind`` is one of:

    - ``missing``: kramdown puts the token on an element, we put it on none
      that matches (nor on an unpaired one);
    - ``extra``: we put a token the author wrote on an element, kramdown does not;
    - ``tag``: the owner's tag differs (after :data:`TAG_EQUIVALENCE`);
    - ``heading_level``: both owners are headings, of different levels;
    - ``text``: same tag, different text fingerprint (another element);
    - ``syntax``: kramdown syntax (``{:``, ``{::``, ``{#``) left in our text;
    - ``crash``: the page made Sphinx raise (set by the test, not by :func:`compare`).

    ``token`` is ``#id``, ``.class`` or the syntax marker.
    """

    kind: str
    token: str
    kramdown: Owner | None
    ours: Owner | None
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.kind:<13} {self.token:<8} kramdown: {self.kramdown}  ours: {self.ours}"
        return f"{text}  ({self.detail})" if self.detail else text

    def cause(self) -> str:
        """A grouping key: the kind and the two owner tags."""
        if self.kind in ("syntax", "crash"):
            return f"{self.kind}: {self.token}"
        kramdown = self.kramdown.tag if self.kramdown else "-"
        ours = self.ours.tag if self.ours else "-"
        return f"{self.kind}: {self.token[0]} {kramdown} -> {ours}"


# ---- reading the two HTML documents -------------------------------------------


def kramdown_content(html: str) -> Tag:
    """kramdown's HTML as a tree (it is a fragment: the body is the content)."""
    soup = BeautifulSoup(f"<body>{html}</body>", "lxml")
    return soup.body


def our_content(page_html: str, title: str | None = None) -> Tag:
    """The page's content element, without the theme's chrome.

    The pydata theme writes the page's content into ``article.bd-article``
    inside ``main``; header links (``a.headerlink``) are removed, and so is the
    ``h1`` of the front matter ``title`` (it is not part of kramdown's body).
    """
    soup = BeautifulSoup(page_html, "lxml")
    content = soup.select_one("article.bd-article") or soup.select_one("main") or soup.body
    for link in content.select("a.headerlink"):
        link.decompose()
    if title is not None:
        first = content.find("h1")
        if first is not None and normalise_text(first.get_text()) == normalise_text(title):
            first.decompose()
    return content


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _WHITESPACE.sub(" ", text).strip()


def owner_of(element: Tag, side: str) -> Owner:
    if element.name == "img":
        text = normalise_text(element.get("alt", ""))
    else:
        text = normalise_text(element.get_text())
    key = text.replace(" ", "")[:FINGERPRINT_LENGTH]
    return Owner(normalised_tag(element, side), text[: FINGERPRINT_LENGTH + 20], key)


def normalised_tag(element: Tag, side: str) -> str:
    """The tag, with code blocks of both sides named ``codeblock``."""
    classes = element.get("class") or []
    if side == "kramdown":
        if element.name == "div" and "highlighter-rouge" in classes:
            return "codeblock"
        if element.name == "pre" and element.find("code", recursive=False) is not None:
            return "codeblock"
    else:
        if element.name == "div" and any(c.startswith("highlight-") for c in classes):
            return "codeblock"
        if element.name == "pre":
            return "codeblock"
    return element.name


def _inside_code(element: Tag) -> bool:
    """Syntax highlighting spans (rouge's and Pygments') are not the author's."""
    return any(parent.name == "pre" for parent in element.parents)


def _id_owner(element: Tag) -> Tag:
    """docutils' empty ``<span id>`` stands for another element."""
    if element.name != "span" or element.get_text() or set(element.attrs) != {"id"}:
        return element
    following = element.next_sibling
    while isinstance(following, NavigableString) and not following.strip():
        following = following.next_sibling
    if isinstance(following, Tag):
        if following.name in _PREFIX_ID_TAGS:
            return following
        if set(following.get("class") or []) & _THEME_WRAPPERS:
            return following.find("table") or following
    return element.parent


def carriers(root: Tag, side: str) -> dict[tuple[str, str], list[Tag]]:
    """``("id"|"class", token)`` → the elements carrying it, in document order."""
    found: dict[tuple[str, str], list[Tag]] = {}
    for element in root.find_all(True):
        if _inside_code(element):
            continue
        if element.get("id"):
            owner = _id_owner(element) if side == "ours" else element
            found.setdefault(("id", element["id"]), []).append(owner)
        # a class twice on one element (an ALD referenced twice) is one owner
        for cls in dict.fromkeys(element.get("class") or []):
            if cls in _THEME_WRAPPERS:
                continue
            found.setdefault(("class", cls), []).append(element)
    return found


# ---- what the author wrote ------------------------------------------------------


def source_tokens(markdown: str) -> set[tuple[str, str]]:
    """Ids and classes written with kramdown or HTML syntax in the source.

    Over-approximates (a ``{: .x}`` inside a code span counts): it only widens
    the set of tokens looked at, and a token both sides drop agrees.
    """
    tokens: set[tuple[str, str]] = set()
    for match in _IAL_BLOCK.finditer(markdown):
        body = match.group(0)
        tokens.update(("id", value) for value in _IAL_ID.findall(body))
        tokens.update(("class", value) for value in _IAL_CLASS.findall(body))
        if body.startswith("{:") and not body.startswith(("{::", "{:/")):
            # ALD names and references: never an id or class in kramdown's HTML
            inner = _IAL_NAME.sub("{:", body)[2:-1]
            inner = re.sub(r"""\w[\w-]*=(["'])(?:\\.|(?!\1).)*\1""", " ", inner)
            tokens.update(("class", value) for value in _IAL_REFERENCE.findall(inner))
    for match in _HTML_ATTRIBUTE.finditer(markdown):
        kind = match.group(1).lower()
        value = next(v for v in match.groups()[1:] if v is not None)
        if kind == "id":
            tokens.add(("id", value.strip()))
        else:
            tokens.update(("class", cls) for cls in value.split())
    return {token for token in tokens if token[1]}


def _written(markdown: str, value: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])", markdown) is not None


def author_tokens(markdown: str, kramdown: dict[tuple[str, str], list[Tag]]) -> set:
    """Tokens kramdown emitted that the author wrote, plus those of the source syntax."""
    emitted = {token for token in kramdown if _written(markdown, token[1])}
    return emitted | source_tokens(markdown)


# ---- the comparison ---------------------------------------------------------------


def heading_shift(kramdown_root: Tag) -> int:
    """1 when kramdown's body has an ``h1`` (our front matter title demotes it)."""
    return 1 if kramdown_root.find("h1") is not None else 0


def _display(kind: str, value: str) -> str:
    return ("#" if kind == "id" else ".") + value


def compare_owners(token: str, theirs: Owner, ours: Owner, shift: int) -> Divergence | None:
    heading = re.compile(r"^h([1-6])$")
    their_level, our_level = heading.match(theirs.tag), heading.match(ours.tag)
    if their_level and our_level:
        expected = min(int(their_level.group(1)) + shift, 6)
        if int(our_level.group(1)) != expected:
            return Divergence(
                "heading_level", token, theirs, ours, f"expected h{expected} (shift {shift})"
            )
    elif theirs.tag != ours.tag:
        return Divergence("tag", token, theirs, ours)
    if theirs.key != ours.key:
        return Divergence("text", token, theirs, ours)
    return None


def compare_token(
    token: str, theirs: list[Owner], ours: list[Owner], shift: int
) -> list[Divergence]:
    """The owners of one token on both sides, paired.

    Owners that are the same element on both sides (tag and fingerprint) are
    paired first, whatever their order; the rest are paired in document order
    (``tag``, ``heading_level``, ``text``), and what is left over is ``missing``
    or ``extra``.  When the numbers differ every record of the token says so.
    """
    detail = "" if len(theirs) == len(ours) else f"{len(theirs)} in kramdown's, {len(ours)} in ours"
    left = list(ours)
    unmatched = []
    for owner in theirs:
        same = next((o for o in left if o.tag == owner.tag and o.key == owner.key), None)
        if same is None:
            same = next((o for o in left if compare_owners(token, owner, o, shift) is None), None)
        if same is None:
            unmatched.append(owner)
        else:
            left.remove(same)
    divergences = []
    for their_owner, our_owner in zip(unmatched, left, strict=False):
        divergence = compare_owners(token, their_owner, our_owner, shift)
        if divergence is not None:
            divergences.append(
                Divergence(
                    divergence.kind, token, their_owner, our_owner, detail or divergence.detail
                )
            )
    paired = min(len(unmatched), len(left))
    divergences += [Divergence("missing", token, o, None, detail) for o in unmatched[paired:]]
    divergences += [Divergence("extra", token, None, o, detail) for o in left[paired:]]
    return divergences


def syntax_left(kramdown_root: Tag, our_root: Tag) -> list[Divergence]:
    """kramdown syntax in our text that is not in kramdown's (code keeps it, in both)."""
    their_text = kramdown_root.get_text()
    our_text = our_root.get_text()
    found = []
    for marker, pattern in SYNTAX_MARKERS.items():
        theirs = len(pattern.findall(their_text))
        ours = list(pattern.finditer(our_text))
        if len(ours) > theirs:
            where = ours[theirs] if theirs < len(ours) else ours[-1]
            context = normalise_text(our_text[max(0, where.start() - 20) : where.end() + 30])
            found.append(
                Divergence(
                    "syntax",
                    marker,
                    None,
                    Owner("text", context, context),
                    f"{len(ours)} in ours, {theirs} in kramdown's",
                )
            )
    return found


def compare(
    markdown: str, kramdown_html: str, our_html: str | Tag, *, title: str | None = None
) -> list[Divergence]:
    """Every divergence of our page from kramdown's HTML for ``markdown``.

    ``our_html`` is the built page (its content element is found with
    :func:`our_content`, ``title`` being the front matter title to leave out)
    or that content element itself.
    """
    kramdown_root = kramdown_content(kramdown_html)
    our_root = our_html if isinstance(our_html, Tag) else our_content(our_html, title)
    theirs_by_token = carriers(kramdown_root, "kramdown")
    ours_by_token = carriers(our_root, "ours")
    shift = heading_shift(kramdown_root)
    divergences: list[Divergence] = []
    for kind, value in sorted(author_tokens(markdown, theirs_by_token)):
        token = _display(kind, value)
        theirs = [owner_of(e, "kramdown") for e in theirs_by_token.get((kind, value), [])]
        ours = [owner_of(e, "ours") for e in ours_by_token.get((kind, value), [])]
        if not theirs and not ours:
            continue
        if not theirs and kind == "class" and value in GENERATED_CLASSES:
            continue
        divergences.extend(compare_token(token, theirs, ours, shift))
    divergences.extend(syntax_left(kramdown_root, our_root))
    return divergences


def group_by_cause(
    records: Iterable[tuple[str, Divergence]],
) -> dict[str, list[tuple[str, Divergence]]]:
    """``(case, divergence)`` records grouped by :meth:`Divergence.cause`."""
    groups: dict[str, list[tuple[str, Divergence]]] = {}
    for case, divergence in records:
        groups.setdefault(divergence.cause(), []).append((case, divergence))
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))
