"""One page model: what every part of the guide knows about a page, read once.

A page's front matter (with ``_config.yml``'s ``defaults:``), its title,
permalink, Jekyll URL and the ids its attribute lists define live in one
:class:`Page` record per document, in ``env.jekyll_pages``:

1. ``env-get-outdated`` (:func:`load_pages`, before the navigation is
   computed): every Markdown page Sphinx found has its front matter read,
   only the lines up to the closing ``---``.  A record is kept while its file
   is unchanged (mtime, size), so an incremental build reads only what changed;
   ``defaults:`` are applied again each build (``_config.yml`` may change).
2. The parser takes the record of the page it parses (:func:`page_for_text`)
   instead of reading the YAML again, unless the text it was given starts
   differently (a ``source-read`` handler changed it): then that text is the
   truth and a new record is made from it.
3. The collector stores the record read with the page, with its ids, and
   merges the records of parallel readers.

Navigation, cards, ``page-toctree``, ``{% link %}``, permalinks and redirects
all read these records; nothing else reads a page's front matter from disk.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import FrontMatter, Problem, front_matter_prefix, split_front_matter, text_value
from .urls import has_scheme

#: The front matter read before a page is parsed is cut there (it is YAML
#: anyway limited by ``jekyll_max_yaml_size``; a file with no closing ``---``
#: is read no further).
_MAX_PREFIX_LINES = 100_000


#: The front matter keys the guide reads, and what it does with each (the
#: reference page lists them from here).  Every other key stays in ``page.*``
#: for Liquid and in the page's metadata.
FRONT_MATTER_KEYS: tuple[tuple[str, str], ...] = (
    ("title", "The page's title (its `<h1>`, the navigation, the cards, the PDF)."),
    ("summary", "The lead paragraph under the title; the card text; the description meta."),
    ("header-img", "The hero image, looked for in the site and `jekyll_header_image_dirs`."),
    (
        "layout",
        "The page's design: a template of `jekyll_layouts`, or the built-in one with "
        "a sidebar of the pages of that layout; `default`, `page`, `post`, `home` keep the "
        "theme's.",
    ),
    (
        "permalink",
        "The page's URL (`page.url`); links written with it lead to the page and "
        "a redirect page answers it.",
    ),
    ("redirect_from", "Other URLs (a text or a list) that redirect to the page."),
    ("header_cta", "A call to action in the hero: a text, `true`, or `{text, url}`."),
    ("footer_cta", "The same, at the end of the page."),
    (
        "nav_order",
        "The page's place in the navigation and in the cards (the key is `jekyll_nav_order_key`).",
    ),
    ("parent", "The title of the page's parent in the navigation (just-the-docs)."),
    ("grand_parent", "The title of the parent's parent, when titles repeat."),
    ("has_children", "`false`: the page's children are left out of the navigation."),
    ("nav_exclude", "`true`: the page is left out of the navigation (still built)."),
    ("orphan", "`true`: the page is in no toctree, without warning."),
    ("render_with_liquid", "`false`: Liquid is not rendered in the page, as in Jekyll."),
    ("myst", "MyST settings for this page (MyST's own front matter key)."),
    ("substitutions", "MyST substitutions; the page's `{{ }}` are then MyST's, not Liquid."),
    ("html_meta", "HTML `<meta>` tags (MyST's own front matter key)."),
)


@dataclass
class Page:
    """One page as Jekyll sees it."""

    docname: str
    #: the file, and its path relative to the Jekyll site folder (``page.path``)
    source: str
    site_path: str
    #: inside the Jekyll site folder (a page of ``jekyll_site_dir``)
    in_site: bool = True
    #: the front matter as written, and with the ``defaults:`` that apply to it
    own: dict[str, Any] = field(default_factory=dict)
    front_matter: dict[str, Any] = field(default_factory=dict)
    #: 1-based line of each top-level key, for warnings about its value
    key_lines: dict[str, int] = field(default_factory=dict)
    has_front_matter: bool = False
    #: problems found reading the front matter (warned when the page is parsed)
    problems: list[Problem] = field(default_factory=list)
    #: the text of the front matter block, ``---`` lines included
    prefix: str = ""
    #: lines of the front matter block (blank in the body the parser reads)
    lines: int = 0
    #: ids set by attribute lists (and kramdown's automatic header ids) → line;
    #: filled when the page is parsed
    ids: dict[str, int | None] = field(default_factory=dict)
    #: (mtime, size, jekyll_max_yaml_size) when the record was read
    stamp: tuple | None = None

    @property
    def title(self) -> str:
        return text_value(self.front_matter.get("title")).strip()

    @property
    def layout(self) -> str:
        return text_value(self.front_matter.get("layout"))

    @property
    def summary(self) -> str:
        return text_value(self.front_matter.get("summary")).strip()

    @property
    def header_image(self) -> str:
        return text_value(self.front_matter.get("header-img")).strip()

    @property
    def permalink(self) -> str | None:
        value = self.front_matter.get("permalink")
        return value if isinstance(value, str) and value.strip() else None

    @property
    def redirect_from(self) -> list[str]:
        value = self.front_matter.get("redirect_from")
        if isinstance(value, str):
            return [value]
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    @property
    def url(self) -> str:
        """Jekyll's ``page.url``."""
        return jekyll_url(self.permalink, self.site_path)

    def apply_defaults(self, defaults_for) -> None:
        """``front_matter``: ``defaults:`` for this page under what it writes itself."""
        self.front_matter = {**defaults_for(self.site_path, self.own), **self.own}

    def body_of(self, text: str) -> str:
        """The page's text with its front matter block blanked (line numbers kept)."""
        text = text.removeprefix("\ufeff")
        return "\n" * self.lines + text[len(self.prefix) :]


def permalink_path(value) -> str | None:
    """A permalink as an output path (``/a/b.html`` → ``a/b.html``, ``/a/`` → ``a/index.html``).

    ``None`` when it is not a path inside the site (a URL, ``..``, a backslash).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if has_scheme(text) or "\\" in text or "\x00" in text:
        return None
    path = text.split("#", 1)[0].split("?", 1)[0]
    if path.endswith("/"):
        path += "index.html"
    normalized = posixpath.normpath("/" + path).lstrip("/")
    if not normalized or normalized.startswith("..") or ".." in path.split("/"):
        return None
    if not posixpath.splitext(normalized)[1]:
        normalized += ".html"
    return normalized


def jekyll_url(permalink: str | None, site_path: str) -> str:
    """Jekyll's ``page.url``: the permalink as written, else the page's path with
    ``.html`` (``dir/index.md`` → ``/dir/``)."""
    if permalink is not None and permalink_path(permalink) is not None:
        return "/" + permalink.strip().lstrip("/")
    url = "/" + posixpath.splitext(site_path)[0] + ".html"
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def page_from_front_matter(
    docname: str, source: str, site_path: str, front_matter: FrontMatter, prefix: str
) -> Page:
    """The record of the front matter block ``prefix`` of a page."""
    return Page(
        docname=docname,
        source=source,
        site_path=site_path,
        own=front_matter.data,
        front_matter=dict(front_matter.data),
        key_lines=front_matter.key_lines,
        has_front_matter=front_matter.present,
        problems=front_matter.problems,
        prefix=prefix,
        lines=prefix.count("\n"),
    )


def read_prefix(path: str) -> str:
    """The file's front matter block (``---`` … ``---``), or ``""``: only those lines are read."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        first = handle.readline()
        if first.removeprefix("\ufeff").rstrip() != "---":
            return ""
        lines = [first]
        for line in handle:
            lines.append(line)
            if line.rstrip() in ("---", "...") or len(lines) > _MAX_PREFIX_LINES:
                break
        return "".join(lines)


def page_from_text(text: str, max_yaml_size: int, **where) -> Page:
    """The record of the front matter at the top of ``text`` (``where``: docname,
    source, site_path)."""
    prefix = front_matter_prefix(text)
    front_matter = split_front_matter(prefix, max_yaml_size=max_yaml_size)
    return page_from_front_matter(front_matter=front_matter, prefix=prefix, **where)


def read_page(docname: str, source: str, site_path: str, max_yaml_size: int) -> Page:
    """The record of a page on disk (its front matter block only), with its stamp."""
    stamp = stamp_of(source, max_yaml_size)
    try:
        prefix = read_prefix(source)
    except OSError:
        stamp = None
        prefix = ""
    page = page_from_text(
        prefix, max_yaml_size, docname=docname, source=source, site_path=site_path
    )
    page.stamp = stamp
    return page


def page_for_text(page: Page | None, text: str, max_yaml_size: int, **where) -> Page:
    """The record for the text the parser was given: ``page`` when the text starts
    with the front matter it was read from, else one read from ``text``."""
    if page is not None and page.stamp is not None and page.prefix == front_matter_prefix(text):
        return page
    fresh = page_from_text(text, max_yaml_size, **where)
    if page is not None:
        fresh.in_site = page.in_site
    return fresh  # without stamp: read again next build


def stamp_of(path: str, max_yaml_size: int) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, max_yaml_size)


def is_markdown(path: str, source_suffix: dict[str, str]) -> bool:
    """Only Markdown pages have Jekyll front matter (``.rst`` is not a Jekyll page)."""
    return source_suffix.get(Path(path).suffix) == "markdown"
