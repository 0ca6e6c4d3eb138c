"""URLs written by page authors: which have a scheme, which may become links.

Pure Python; shared by links, calls to action, raw HTML and Liquid filters so
that one rule decides what a link may point to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_UNSAFE = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def has_scheme(text: str) -> bool:
    """``https:``, ``mailto:``, ``javascript:``… (not a path)."""
    return _SCHEME.match(text) is not None


def safe_url(url: str) -> str | None:
    """The URL stripped, or ``None`` when it must not become a link (script, data)."""
    url = url.strip()
    if not url or _UNSAFE.match(url):
        return None
    return url


# ---- links as a browser on the Jekyll site reads them --------------------------

#: any origin will do: only the path, the query and the fragment are kept
_ORIGIN = "http://jekyll.invalid"


def is_root_absolute(href: str) -> bool:
    """``/portfolio.html``, ``/blog/`` (not ``//host/…``, which names another host)."""
    return href.startswith("/") and not href.startswith(("//", "/\\"))


def is_relative(href: str) -> bool:
    """``autre-page.html``, ``../dossier/``, ``page.md#id`` (not ``#id``, ``/x``, ``https:``)."""
    return bool(href) and not (href.startswith(("#", "/", "\\")) or has_scheme(href))


def resolve_href(base: str, href: str) -> tuple[str, str]:
    """``href`` (no scheme, no host) as a browser on the page at ``base`` resolves it.

    Returns the absolute path (percent-decoded, ``..`` resolved) and the fragment
    (decoded): ``resolve_href("/a/b.html", "../c/#x")`` → ``("/c/", "x")``.
    """
    parts = urlsplit(urljoin(_ORIGIN + base, href))
    return unquote(parts.path) or "/", unquote(parts.fragment)


def strip_baseurl(path: str, baseurl: str) -> str | None:
    """A site path under ``baseurl`` without it (``/blog/x`` → ``/x``); ``None`` if outside."""
    base = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    if not base:
        return path
    if path == base:
        return "/"
    if path.startswith(base + "/"):
        return path[len(base) :]
    return None


# ---- href attributes inside raw HTML --------------------------------------------

_SPACE = " \t\n\r\f"
#: elements whose ``href`` is a link a reader follows
LINK_ELEMENTS = frozenset({"a", "area"})


def _attribute_spans(tag_text: str) -> list[tuple[str, tuple[int, int] | None]]:
    """The attributes of one start tag, as the HTML tokenizer reads them.

    Each is ``(lowercased name, (start, end) of the value as written, quotes
    included)``, or ``None`` for an attribute without a value.
    """
    text = tag_text
    i = 1
    while i < len(text) and text[i] not in _SPACE + "/>":  # the tag name
        i += 1
    found: list[tuple[str, tuple[int, int] | None]] = []
    while i < len(text):
        while i < len(text) and text[i] in _SPACE + "/":
            i += 1
        if i >= len(text) or text[i] == ">":
            break
        start = i
        i += 1  # a name may start with "=" (a parse error, but a name)
        while i < len(text) and text[i] not in _SPACE + "/>=":
            i += 1
        name = text[start:i].lower()
        j = i
        while j < len(text) and text[j] in _SPACE:
            j += 1
        if j >= len(text) or text[j] != "=":
            found.append((name, None))
            continue
        j += 1
        while j < len(text) and text[j] in _SPACE:
            j += 1
        value_start = j
        if j < len(text) and text[j] in "\"'":
            end = text.find(text[j], j + 1)
            if end < 0:
                return []  # unterminated: not a tag we understand
            j = end + 1
        else:
            while j < len(text) and text[j] not in _SPACE + ">":
                j += 1
        found.append((name, (value_start, j)))
        i = j
    return found


#: the quote around a rewritten value, escaped inside it (as html.escape writes it)
_ESCAPED_QUOTE = {'"': "&quot;", "'": "&#x27;"}


class _StartTags(HTMLParser):
    """Every start tag: where it is, its exact text, its attributes as parsed."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[tuple[int, int], str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((self.getpos(), tag, self.get_starttag_text() or "", attrs))


def rewrite_html_attributes(text: str, rewrite: Callable[[str, str, str], str | None]) -> str:
    """``text`` with attribute values given to ``rewrite(tag, name, value)``.

    ``rewrite`` gets the value as a browser reads it (entities decoded) and
    returns the new value or ``None`` to keep it.  Tags are found by
    :mod:`html.parser` (comments, ``<script>`` and ``<style>`` bodies are not
    tags); every byte outside the rewritten values stays as written.
    """
    finder = _StartTags()
    try:
        finder.feed(text)
        finder.close()
    except Exception:  # noqa: BLE001 - html.parser raises assorted errors
        return text
    line_starts = [0]
    line_starts.extend(match.end() for match in re.finditer("\n", text))
    edits: list[tuple[int, int, str]] = []
    for (line, column), tag, tag_text, attrs in finder.tags:
        offset = line_starts[line - 1] + column
        if not tag_text or text[offset : offset + len(tag_text)] != tag_text:
            continue
        spans = _attribute_spans(tag_text)
        # the tokenizer must agree with html.parser, or the tag is left alone
        if [name for name, _ in spans] != [name for name, _ in attrs]:
            continue
        seen: set[str] = set()
        for (name, span), (_, value) in zip(spans, attrs, strict=True):
            if name in seen or span is None or value is None:
                continue  # browsers use the first of a repeated attribute
            seen.add(name)
            new = rewrite(tag, name, value)
            if new is not None and new != value:
                quote = tag_text[span[0]] if tag_text[span[0]] in "\"'" else '"'
                escaped = html.escape(new, quote=False).replace(quote, _ESCAPED_QUOTE[quote])
                edits.append((offset + span[0], offset + span[1], quote + escaped + quote))
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def rewrite_html_hrefs(text: str, rewrite: Callable[[str], str | None]) -> str:
    """``text`` with the ``href`` of each link (``<a>``, ``<area>``) given to ``rewrite``.

    ``rewrite`` gets the URL as the browser reads it (entities decoded) and
    returns the new URL, or ``None`` to keep it (see :func:`rewrite_html_attributes`).
    """

    def link_href(tag: str, name: str, value: str) -> str | None:
        return rewrite(value) if tag in LINK_ELEMENTS and name == "href" else None

    return rewrite_html_attributes(text, link_href)


