"""Every kind of warning the extension gives, and the one problem type.

Pure Python (no Sphinx): the syntax modules report :class:`Problem` records, the
Sphinx glue warns them through :mod:`.log` as ``jekyll.<kind>``, which
``suppress_warnings`` silences.  Each kind carries what it means, an example
and its fix: the reference page lists them from here (``jekyll-warnings``).
Warning messages are English, as Sphinx's log is, whatever the ``language``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class WarningKind(enum.StrEnum):
    """The ``jekyll.<kind>`` warning types (as MyST's ``MystWarnings``)."""

    def __new__(cls, value: str, meaning: str, example: str, fix: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning, member.example, member.fix = meaning, example, fix
        return member

    # ---- the page and its front matter
    FRONT_MATTER = (
        "front_matter",
        "The front matter cannot be read, or a key has a value of the wrong type.",
        "title: [a, b]",
        "Write valid YAML, one `key: value` per line; quote text values.",
    )
    YAML_TOO_LARGE = (
        "yaml_too_large",
        "Front matter, `_config.yml` or a `_data` file expands past `jekyll_max_yaml_size`.",
        "a: &a [*a]",
        "Write the values out instead of repeating aliases, or raise the limit.",
    )
    ENCODING = (
        "encoding",
        "The file is not UTF-8: undecodable bytes were replaced.",
        "a page saved as Latin-1",
        "Save the file as UTF-8.",
    )
    NO_TITLE = (
        "no_title",
        "The page has no title; its file name is shown instead.",
        "a page without `title:`",
        "Add `title:` to the front matter.",
    )
    CONFIG = (
        "config",
        "A setting of `_config.yml` the guide does not know or cannot use.",
        "kramdown: {syntax_highlighter: x}",
        "Remove the setting, or correct its value.",
    )
    # ---- Liquid
    LIQUID = (
        "liquid",
        "Liquid that cannot be rendered, or a Liquid limit reached; the rest is kept.",
        "{% if %}",
        "Correct the tag, or raise the `jekyll_liquid_*` limit the message names.",
    )
    LIQUID_FILTER = (
        "liquid_filter",
        "A filter Jekyll has that the guide does not.",
        "{{ x | sassify }}",
        "Remove the filter, or compute the value in `_data`.",
    )
    LIQUID_UNDEFINED = (
        "liquid_undefined",
        "A tag or variable the guide does not know.",
        "{% seo %}",
        "Remove it, or give the value in `_config.yml` or the front matter.",
    )
    # ---- kramdown attribute lists and extensions
    IAL_MALFORMED = (
        "ial_malformed",
        "An attribute list kramdown cannot read: it is shown as text.",
        "{: .a #}",
        'Write `{: .class #id key="value"}`.',
    )
    IAL_UNATTACHED = (
        "ial_unattached",
        "An attribute list with no element to apply to.",
        "{: .a} at the end of the page",
        "Put it right under (or, for spans, right after) the element.",
    )
    EMPTY_IAL = (
        "empty_ial",
        "An empty attribute list.",
        "{: }",
        "Write `{: .class #id}` or remove it.",
    )
    INVALID_ATTRIBUTE = (
        "invalid_attribute",
        "A part of an attribute list that is not a class, id or key=value.",
        "{: .a =b}",
        'Write `key="value"`.',
    )
    INVALID_CLASS = (
        "invalid_class",
        "A class name HTML cannot use.",
        '{: .a"b}',
        "Use letters, digits, `-` and `_`.",
    )
    INVALID_ID = (
        "invalid_id",
        "An id HTML cannot use.",
        "{: #a b}",
        "Use one word: letters, digits, `-`, `_`, `:` and `.`.",
    )
    ATTRIBUTE_DROPPED = (
        "attribute_dropped",
        "An HTML attribute not in `jekyll_allowed_attributes` (or an unsafe value).",
        '{: onclick="x()"}',
        "Remove it, or add the attribute to `jekyll_allowed_attributes`.",
    )
    TOO_MANY_ATTRIBUTES = (
        "too_many_attributes",
        "An element with more classes and attributes than `jekyll_max_attributes`.",
        "{: .a1 .a2 … .a5000}",
        "Use fewer classes, or raise the limit.",
    )
    UNDEFINED_ALD = (
        "undefined_ald",
        "A reference to an attribute list definition that does not exist.",
        "{: refname} without `{:refname: .a}`",
        "Define it (`{:refname: .class}`), or write the class with a dot (`{:.refname}`).",
    )
    ALD_CYCLE = (
        "ald_cycle",
        "Attribute list definitions that refer to each other.",
        "{:a: b} {:b: a}",
        "Break the cycle.",
    )
    KRAMDOWN_EXTENSION = (
        "kramdown_extension",
        "A `{::name}` extension that is unknown, not closed, or a stop tag with no start.",
        "{::comment} without {:/}",
        "Close it with `{:/}` or `{:/name}`; use comment, nomarkdown, options.",
    )
    UNKNOWN_OPTION = (
        "unknown_option",
        "A `{::options}` setting kramdown does not have.",
        '{::options foo="1" /}',
        "Remove it.",
    )
    FORBIDDEN_OPTION = (
        "forbidden_option",
        "A `{::options}` setting a page may not change.",
        '{::options template="x" /}',
        "Set it in `_config.yml` if at all.",
    )
    # ---- kramdown blocks
    DUPLICATE_ID = (
        "duplicate_id",
        "Two elements of the page with the same id: the second keeps it, as in HTML.",
        "{: #a} twice",
        "Give each element its own id.",
    )
    DUPLICATE_LINK_DEFINITION = (
        "duplicate_link_definition",
        "A link definition given twice: the first is used, as kramdown does.",
        "[a]: x and [a]: y",
        "Remove one.",
    )
    DUPLICATE_FOOTNOTE = (
        "duplicate_footnote",
        "A footnote defined twice.",
        "[^1]: a and [^1]: b",
        "Rename or remove one.",
    )
    DUPLICATE_ABBREVIATION = (
        "duplicate_abbreviation",
        "An abbreviation defined twice.",
        "*[HTML]: a and *[HTML]: b",
        "Remove one.",
    )
    DUPLICATE_HTML_ATTRIBUTE = (
        "duplicate_html_attribute",
        "An HTML tag with the same attribute twice.",
        "<div class=a class=b>",
        "Keep one.",
    )
    UNCLOSED_HTML = (
        "unclosed_html",
        "An HTML element not closed: kramdown closes it at the end of its block.",
        "<div> without </div>",
        "Close it.",
    )
    STRAY_HTML_END_TAG = (
        "stray_html_end_tag",
        "A closing HTML tag with no opening one.",
        "</div> alone",
        "Remove it, or add the opening tag.",
    )
    UNCLOSED_FENCE = (
        "unclosed_fence",
        "A code fence never closed: the code runs to the end of the page.",
        "``` without its closing ```",
        "Close the fence.",
    )
    TABLE_WITHOUT_BODY = (
        "table_without_body",
        "A table with a header and no rows.",
        "| a |\\n|---|",
        "Add rows, or write the header as text.",
    )
    NESTING_TOO_DEEP = (
        "nesting_too_deep",
        "Blocks or spans nested deeper than `jekyll_max_nesting`: the rest is text.",
        "5 000 nested `>`",
        "Nest less, or raise the limit.",
    )
    TOO_MANY_BLOCKS = (
        "too_many_blocks",
        "More elements than `jekyll_max_page_blocks`: the rest is one code block.",
        "a 400 000-cell table",
        "Split the page, or raise the limit.",
    )
    # ---- links, images, navigation
    LINK = (
        "link",
        "A link that leads nowhere in the guide, or needs `url:` in `_config.yml`.",
        "[a](/not-a-page/)",
        "Correct the link, or set `url:` in `_config.yml`.",
    )
    PERMALINK = (
        "permalink",
        "A `permalink` or `redirect_from` that is no path, or is another page's URL or file.",
        "permalink: ../x",
        "Give each page its own path inside the site.",
    )
    IMAGE = (
        "image",
        "An image width or height that is not a length: the image keeps its size.",
        '![a](x.png){: width="big"}',
        "Write a number (with px, %, em…).",
    )
    HEADER_IMAGE = (
        "header_image",
        "`header-img` not found in the site or `jekyll_header_image_dirs`.",
        "header-img: missing.jpg",
        "Correct the name, or add its folder to `jekyll_header_image_dirs`.",
    )
    NAVIGATION = (
        "navigation",
        "A `parent`/`grand_parent` that names no page, or parents in a cycle.",
        "parent: Nowhere",
        "Use the exact title of the parent page.",
    )
    CALLOUT = (
        "callout",
        "A `callouts:` setting of `_config.yml` that cannot be used.",
        "callouts: [a]",
        "Write a mapping: `callouts: {warning: {title: …, color: …}}`.",
    )
    # ---- the PDF
    NOMARKDOWN = (
        "nomarkdown",
        "`{::nomarkdown}` HTML, which the PDF leaves out.",
        "{::nomarkdown}<b>x</b>{:/}",
        "Write it in Markdown if the PDF needs it.",
    )
    RAW_HTML = (
        "raw_html",
        "Raw HTML the PDF cannot show.",
        "<svg>…</svg>",
        "Use Markdown or simple HTML (div, p, a, strong, em, span, ul, ol, li, br).",
    )

    @classmethod
    def from_kramdown(cls, kind: str) -> WarningKind:
        """A problem kind of the kramdown port (``lost-ial``) as a warning kind."""
        return cls(_KRAMDOWN_KINDS.get(kind, kind.replace("-", "_")))


#: kramdown port kinds whose warning kind has another name
_KRAMDOWN_KINDS = {
    "lost-ial": "ial_unattached",
    "invalid-ial": "ial_malformed",
    "unclosed-extension": "kramdown_extension",
    "unknown-extension": "kramdown_extension",
    "invalid-extension-stop": "kramdown_extension",
}


@dataclass
class Problem:
    """Something wrong in a page or a site file, at a 1-based line (``None``: the file)."""

    kind: WarningKind
    message: str
    line: int | None = None
