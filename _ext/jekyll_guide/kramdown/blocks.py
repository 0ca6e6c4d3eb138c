"""kramdown 2.4.0's block-level parser (and kramdown-parser-gfm 1.1.0's changes), in Python.

:func:`parse_blocks` returns the tree kramdown has after block parsing and ``update_tree``
(IALs applied, ALD references resolved, ``eob`` markers gone, header ids made) but with no
span parsing: wherever kramdown span-parses text there is a ``raw_text`` element holding the
span source, for a span parser (markdown-it's inline parser, here) to take over.

The parser methods are kramdown's, one for one, in kramdown's order and with kramdown's
regexps translated (see :mod:`.html` for the Ruby → Python regexp vocabulary), so that a
quirk of kramdown is a quirk here too.  What kramdown reports as a warning, or loses
silently (an IAL that applies to nothing), is a :class:`~.element.Problem` in
``root.options["problems"]``.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .element import REFS, Element, Problem
from .html import (
    DIGIT,
    HTML_BLOCK_ELEMENTS,
    HTML_COMMENT_RE,
    HTML_ELEMENT,
    HTML_ELEMENTS_WITHOUT_BODY,
    HTML_MARKDOWN_ATTR_MAP,
    HTML_SPAN_ELEMENTS,
    HTML_TAG,
    HTML_TAG_CLOSE,
    HTML_TAG_CLOSE_RE,
    HTML_TAG_RE,
    NSP,
    SP,
    UNAME,
    WORD,
    HtmlParserMixin,
    group,
    html_content_model,
    parse_html_attributes,
    ruby_split_lines,
    ruby_strip,
    rx,
)

__all__ = ["KramdownOptions", "parse_blocks", "Scanner", "span_plain_text"]


# --- options ----------------------------------------------------------------------------
@dataclass
class KramdownOptions:
    """kramdown's option names, with Jekyll's defaults (``input: GFM``, ``auto_ids``)."""

    input: str = "GFM"
    auto_ids: bool = True
    auto_id_prefix: str = ""
    auto_id_stripping: bool = False
    transliterated_header_ids: bool = False
    parse_block_html: bool = False
    parse_span_html: bool = True
    html_to_native: bool = False
    gfm_quirks: list[str] = field(default_factory=lambda: ["paragraph_end"])
    hard_wrap: bool = False
    toc_levels: list[int] = field(default_factory=lambda: [1, 2, 3, 4, 5, 6])
    header_offset: int = 0
    link_defs: dict[str, Any] = field(default_factory=dict)
    forbidden_inline_options: list[str] = field(default_factory=lambda: ["template"])
    #: MyST's ```` ```{name} ```` fences are ordinary fenced code (info string ``{name}``):
    #: nothing to add, the flag only says the consumer treats them as directives.
    myst_fences: bool = False
    #: Also parse MyST's ``:::{name}`` … ``:::`` fences, as ``colon_fence`` elements.
    colon_fence: bool = False
    #: Nesting deeper than this (blockquotes, lists, HTML) stops: the text is kept as is.
    max_nesting: int = 100
    #: Characters of text held by the nested blocks being parsed (each level parses its
    #: own copy): a deep list on a big page stops earlier, memory stays bounded.
    max_nested_text: int = 20_000_000
    #: Classes and attributes an element may get from its attribute lists (not kramdown's).
    max_attributes: int = 1000
    #: Elements of a page (paragraphs, headings, items, cells…) that become nodes; the rest
    #: of a bigger page is kept as a code block of its text (not kramdown's).
    max_blocks: int = 10_000
    #: Options this class does not know, kept (kramdown ignores what it does not use).
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> KramdownOptions:
        """From a ``_config.yml``-like mapping; unknown keys land in :attr:`extra`."""
        known = {name for name in cls.__dataclass_fields__ if name != "extra"}
        options = cls(**{k: v for k, v in values.items() if k in known})
        options.extra = {k: v for k, v in values.items() if k not in known}
        if isinstance(options.gfm_quirks, str):
            options.gfm_quirks = [q.strip() for q in options.gfm_quirks.split(",") if q.strip()]
        options.gfm_quirks = [str(q).lstrip(":") for q in options.gfm_quirks]
        return options

    @property
    def is_gfm(self) -> bool:
        return str(self.input).lower() == "gfm"


#: kramdown 2.4 + GFM 1.1 option names (``{::options}`` warns about any other).
DEFINED_OPTIONS = frozenset(
    "template auto_ids auto_id_stripping auto_id_prefix transliterated_header_ids "
    "parse_block_html parse_span_html html_to_native link_defs footnote_nr entity_output "
    "toc_levels line_width latex_headers smart_quotes typographic_symbols "
    "remove_block_html_tags remove_span_html_tags header_offset syntax_highlighter "
    "syntax_highlighter_opts math_engine math_engine_opts footnote_backlink "
    "footnote_backlink_inline footnote_prefix remove_line_breaks_for_cjk "
    "forbidden_inline_options list_indent hard_wrap gfm_quirks".split()
)
BOOLEAN_OPTIONS = frozenset(
    "auto_ids auto_id_stripping transliterated_header_ids parse_block_html parse_span_html "
    "html_to_native remove_block_html_tags remove_span_html_tags footnote_backlink_inline "
    "remove_line_breaks_for_cjk hard_wrap".split()
)
INTEGER_OPTIONS = frozenset("footnote_nr line_width header_offset list_indent".split())


# --- the scanner --------------------------------------------------------------------------
class Scanner:
    """Ruby's StringScanner as kramdown uses it, with kramdown's line numbers.

    Ruby anchors ``^`` at the scan position even in mid-line (``fixed_anchor: false``); a
    Python match there runs on the rest of the string, sliced once per position.
    """

    __slots__ = (
        "string", "pos", "start_line", "_newlines", "_tail", "_match", "_offset", "_index",
        "_line_anchored", "_braces",
    )  # fmt: skip

    def __init__(
        self, string: str, start_line: int | None = 1, *, line_anchored: bool = True
    ) -> None:
        self._line_anchored = line_anchored  # False: no pattern starts with ^ (span parsing)
        self.string = string
        self.pos = 0
        self.start_line = start_line or 1
        self._newlines: list[int] | None = None
        self._tail: tuple[int, str] | None = None
        self._match: re.Match[str] | None = None
        self._offset = 0
        self._index: dict[Any, Any] = {}
        self._braces: tuple[list[int], list[int]] | None = None

    def eos(self) -> bool:
        return self.pos >= len(self.string)

    def _subject(self) -> tuple[str, int, int]:
        pos = self.pos
        if pos == 0 or not self._line_anchored or self.string[pos - 1] == "\n":
            return self.string, pos, 0
        if self._tail is None or self._tail[0] != pos:
            self._tail = (pos, self.string[pos:])
        return self._tail[1], 0, pos

    def check(self, pattern: re.Pattern[str]) -> bool:
        """Does ``pattern`` match at the position (Ruby ``check``/``match?``)."""
        variant = _WITHOUT_BRACE_BLOCKS.get(pattern)
        if variant is not None and not self.brace_block_may_close():
            pattern = variant
        subject, pos, offset = self._subject()
        self._match = pattern.match(subject, pos)
        self._offset = offset
        return self._match is not None

    def brace_block_may_close(self) -> bool:
        """Whether a line starting here with ``{:`` (an IAL, an ALD, an extension tag)
        may find the ``}`` that ends it, followed by the end of a line.

        Their regexps run across lines to the first ``}``: 20 000 lines of ``{:``
        made every paragraph line scan the rest of the page (quadratic, as in
        kramdown).  The body cannot pass a ``}`` that no backslash escapes, so
        without a line-ending ``}`` before the first such brace nothing matches.
        """
        string, pos = self.string, self.pos
        start = pos
        while start < pos + 3 and string.startswith(" ", start):
            start += 1
        if not string.startswith("{:", start):
            return True  # not such a line: the pattern's other alternatives decide
        if self._braces is None:
            bare, line_ends = [], []
            for match in _BRACE.finditer(string):
                at = match.start()
                if at == 0 or string[at - 1] != "\\":
                    bare.append(at)
                if match.group(1) is not None:
                    line_ends.append(at)
            self._braces = (bare, line_ends)
        bare, line_ends = self._braces
        end = bisect_left(line_ends, start)
        if end == len(line_ends):
            return False
        first_bare = bisect_left(bare, start)
        return first_bare == len(bare) or line_ends[end] <= bare[first_bare]

    def scan(self, pattern: re.Pattern[str]) -> str | None:
        if not self.check(pattern):
            return None
        assert self._match is not None
        self.pos = self._offset + self._match.end()
        return self._match.group(0)

    def scan_until(self, pattern: re.Pattern[str]) -> str | None:
        subject, pos, offset = self._subject()
        match = pattern.search(subject, pos)
        self._match, self._offset = match, offset
        if match is None:
            return None
        start, self.pos = self.pos, offset + match.end()
        return self.string[start : self.pos]

    def group(self, index: int | str) -> Any:
        assert self._match is not None
        return self._match.group(index)

    def matched(self) -> str:
        assert self._match is not None
        return self._match.group(0)

    def matched_size(self) -> int:
        assert self._match is not None
        return self._match.end() - self._match.start()

    def getch(self) -> str:
        char = self.string[self.pos : self.pos + 1]
        self.pos += len(char)
        return char

    def rest(self) -> str:
        return self.string[self.pos :]

    def terminate(self) -> None:
        self.pos = len(self.string)

    def current_line_number(self) -> int:
        """kramdown's line number: the start line plus the newlines up to *and at* ``pos``."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.string)]
        return self.start_line + bisect_right(self._newlines, self.pos)

    def line_index(self, key: Any, pattern: re.Pattern[str]) -> list[tuple[int, Any]]:
        """Start offsets (and first group) of the lines matching ``pattern``, built once."""
        index = self._index.get(key)
        if index is None:
            index = [(m.start(), m.group(1)) for m in pattern.finditer(self.string)]
            self._index[key] = index
        return index


# --- regexps (parser/kramdown/*.rb, gfm.rb) --------------------------------------------------
OPT_SPACE = " {0,3}"
INDENT = r"^(?:\t| {4})"
INDENT_RE = rx(INDENT)
BLANK_LINE = rf"(?>^{SP}*\n)+"
BLANK_LINE_RE = rx(BLANK_LINE)
EOB_MARKER = rf"^\^{SP}*?\n"
EOB_MARKER_RE = rx(EOB_MARKER)
ANY_LINE_RE = rx(r".*\n")
RUBY_END = r"(?=\n?\Z)"  # Ruby's \Z

ALD_ID_CHARS = r"[a-zA-Z0-9_-]"
ALD_ANY_CHARS = r"(?:\\\}|[^}])"
ALD_ID_NAME = rf"{WORD}{ALD_ID_CHARS}*"
ALD_CLASS_NAME = r"[^ \t\n\v\f\r.#]+"
ALD_TYPE_KEY_VALUE_PAIR = rf"({ALD_ID_NAME})=(\"|')((?:\\\}}|\\\2|[^}}\x02])*?)\2"
ALD_TYPE_CLASS_NAME = rf"\.({ALD_CLASS_NAME})"
ALD_TYPE_ID_NAME = r"#([A-Za-z][a-zA-Z0-9_:-]*)"
ALD_TYPE_ID_OR_CLASS = rf"{ALD_TYPE_ID_NAME}|{ALD_TYPE_CLASS_NAME}"
ALD_TYPE_ID_OR_CLASS_MULTI = rf"((?:{ALD_TYPE_ID_NAME}|{ALD_TYPE_CLASS_NAME})+)"
ALD_TYPE_REF = rf"({ALD_ID_NAME})"
ALD_TYPE_ANY_RE = rx(
    rf"(?:\A|{SP})(?:{ALD_TYPE_KEY_VALUE_PAIR}|{ALD_TYPE_REF}|{ALD_TYPE_ID_OR_CLASS_MULTI})"
    rf"(?={SP}|\Z)"
)
ALD_TYPE_ID_OR_CLASS_RE = rx(ALD_TYPE_ID_OR_CLASS)
ALD_START_RE = rx(rf"^{OPT_SPACE}\{{:({ALD_ID_NAME}):({ALD_ANY_CHARS}+)\}}{SP}*?\n")
EXT_START_STR = rf"\{{::({WORD}+)(?:{SP}({ALD_ANY_CHARS}*?)|)(/)?\}}"
EXT_STOP_ANY = rf"\{{:/({ALD_ID_NAME})?\}}"
EXT_BLOCK_START_RE = rx(rf"^{OPT_SPACE}(?:{EXT_START_STR}|{EXT_STOP_ANY}){SP}*?\n")
#: Candidate stop lines of block extensions ({:/} or {:/name}); kramdown's stop regexp is
#: "^ {0,3}\{:/(name)?\} *?\n" (its "\s" is in a Ruby string: a space).
EXT_BLOCK_STOP_LINE_RE = rx(rf"^{OPT_SPACE}\{{:/({WORD}+)?\}} *?\n")
IAL_BLOCK = rf"\{{:(?!:|/)({ALD_ANY_CHARS}+)\}}{SP}*?\n"
IAL_BLOCK_START = rf"^{OPT_SPACE}{IAL_BLOCK}"
IAL_BLOCK_START_RE = rx(IAL_BLOCK_START)
BLOCK_EXTENSIONS_START_RE = rx(rf"^{OPT_SPACE}\{{:")

_LAZY_SPAN = "|".join(sorted(HTML_SPAN_ELEMENTS | {"script"}))
LAZY_END_HTML_START = rf"<(?>(?!(?:{_LAZY_SPAN})\b){UNAME})"
LAZY_END_HTML_STOP = rf"(?s:</(?!(?:{_LAZY_SPAN})\b){UNAME}{SP}*>)"
LAZY_END = (
    rf"{group(BLANK_LINE)}|{group(IAL_BLOCK_START)}|{group(EOB_MARKER)}"
    rf"|^{OPT_SPACE}{LAZY_END_HTML_STOP}|^{OPT_SPACE}{group(LAZY_END_HTML_START)}|{RUBY_END}"
)
LAZY_END_RE = rx(LAZY_END)
PATTERN_TAIL = r"[\t| ].*?\n"
DEFINITION_LIST_START = rf"^({OPT_SPACE}:)({PATTERN_TAIL})"
DEFINITION_LIST_START_RE = rx(DEFINITION_LIST_START)
PARAGRAPH_START_RE = rx(rf"^{OPT_SPACE}[^ \t].*?\n")
PARAGRAPH_MATCH_RE = rx(r"^.*?\n")
PARAGRAPH_END_RE = rx(rf"{group(LAZY_END)}|{group(DEFINITION_LIST_START)}")

LIST_START_UL = rf"^({OPT_SPACE}[+*-])({PATTERN_TAIL})"
LIST_START_OL = rf"^({OPT_SPACE}{DIGIT}+\.)({PATTERN_TAIL})"
LIST_START_UL_RE = rx(LIST_START_UL)
LIST_START_OL_RE = rx(LIST_START_OL)
LIST_START = rf"{group(LIST_START_UL)}|{group(LIST_START_OL)}"
LIST_START_RE = rx(LIST_START)
LIST_ITEM_IAL = rf"^{SP}*(?:\{{:(?!(?:{ALD_ID_NAME})?:|/)({ALD_ANY_CHARS}+)\}}){SP}*"
LIST_ITEM_IAL_RE = rx(LIST_ITEM_IAL)
LIST_ITEM_IAL_CHECK_RE = rx(rf"^{group(LIST_ITEM_IAL)}?{SP}*\n")
HR_START_RE = rx(rf"^{OPT_SPACE}(\*|-|_)[ \t]*\1[ \t]*\1(?:\1|[ \t])*\n")
BLOCKQUOTE_START = rf"^{OPT_SPACE}> ?"
BLOCKQUOTE_START_RE = rx(BLOCKQUOTE_START)

SETEXT_HEADER_START_RE = rx(
    rf"^{OPT_SPACE}(?P<contents>[^ \t].*)\n(?P<level>[-=])[-=]*[ \t\r\f\v]*\n"
)
ATX_HEADER_START_RE = rx(r"^(?P<level>#{1,6})[\t ]*(?P<contents>[^ \t].*)\n")
GFM_ATX_HEADER_START = r"^(?P<level>#{1,6})[\t ]+(?P<contents>.*)\n"
GFM_ATX_HEADER_START_RE = rx(GFM_ATX_HEADER_START)
_NAME_START_CHAR = (
    r":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_NAME_CHAR = _NAME_START_CHAR + r"\-.0-9\u00B7\u0300-\u036F\u203F-\u2040"
HEADER_ID_RE = rx(rf"[\t ]\{{#(?P<id>[{_NAME_START_CHAR}][{_NAME_CHAR}]*)\}}\Z")

CODEBLOCK_MATCH = (
    rf"(?:{group(BLANK_LINE)}?(?:{INDENT}[ \t]*{NSP}.*\n)+(?:(?!{group(IAL_BLOCK_START)}"
    rf"|{group(EOB_MARKER)}|^{OPT_SPACE}{LAZY_END_HTML_STOP}|^{OPT_SPACE}"
    rf"{group(LAZY_END_HTML_START)})^[ \t]*{NSP}.*\n)*)*"
)
CODEBLOCK_MATCH_RE = rx(CODEBLOCK_MATCH)
FENCED_CODEBLOCK_START_RE = rx(r"^~{3,}")
FENCED_CODEBLOCK_MATCH_RE = rx(
    rf"(?s:^((~){{3,}}){SP}*?(({NSP}+?)(?:\?{NSP}*)?)?{SP}*?\n(.*?)^\1\2*{SP}*?\n)"
)
FENCED_CLOSE_LINE_RE = rx(r"^(~)~{2,}[ \t\v\f\r]*\n")
GFM_FENCED_CODEBLOCK_START = r"^[ ]{0,3}[~`]{3,}"
GFM_FENCED_CODEBLOCK_START_RE = rx(GFM_FENCED_CODEBLOCK_START)
GFM_FENCED_CODEBLOCK_MATCH_RE = rx(
    rf"(?s:^[ ]{{0,3}}(([~`]){{3,}}){SP}*?(({NSP}+?)(?:\?{NSP}*)?)?{SP}*?\n(.*?)"
    rf"^[ ]{{0,3}}\1\2*{SP}*?\n)"
)
GFM_FENCED_CLOSE_LINE_RE = rx(r"^ {0,3}(?:(`)`{2,}|(~)~{2,})[ \t\v\f\r]*\n")
PARAGRAPH_END_GFM_RE = rx(
    "|".join(
        group(p)
        for p in (
            LAZY_END,
            LIST_START,
            GFM_ATX_HEADER_START.replace("?P<level>", "").replace("?P<contents>", ""),
            DEFINITION_LIST_START,
            BLOCKQUOTE_START,
            GFM_FENCED_CODEBLOCK_START,
        )
    )
)
#: A ``}`` (group 1: followed by the end of its line), see Scanner.brace_block_may_close.
_BRACE = re.compile(rf"\}}({SP}*\n)?")
_NEVER = re.compile(r"(?!)")
_LAZY_END_NO_IAL = LAZY_END.replace(group(IAL_BLOCK_START), "(?!)")
#: The patterns that look for a block's closing ``}`` across lines, and what is left
#: of them when no such block can close.
_WITHOUT_BRACE_BLOCKS: dict[re.Pattern[str], re.Pattern[str]] = {
    IAL_BLOCK_START_RE: _NEVER,
    ALD_START_RE: _NEVER,
    EXT_BLOCK_START_RE: _NEVER,
    LAZY_END_RE: rx(_LAZY_END_NO_IAL),
    PARAGRAPH_END_RE: rx(rf"{group(_LAZY_END_NO_IAL)}|{group(DEFINITION_LIST_START)}"),
    PARAGRAPH_END_GFM_RE: rx(PARAGRAPH_END_GFM_RE.pattern.replace(group(IAL_BLOCK_START), "(?!)")),
}
assert all(v.pattern != k.pattern for k, v in _WITHOUT_BRACE_BLOCKS.items())
COLON_FENCE_START_RE = rx(r"^ {0,3}(:{3,})(.*)\n")
#: MyST's target line ``(name)=`` (with ``myst_fences``): kramdown would read text.
MYST_TARGET_RE = rx(r"^ {0,3}\(([^()\n]+)\)=[ \t]*\n")
#: MyST's directive fence, ```` ```{name} arguments ````: kramdown would read a paragraph.
MYST_FENCE_START_RE = rx(r"^ {0,3}(`{3,}|~{3,})[ \t]*(\{[\w:.-]+\}[^\n]*)\n")

BLOCK_MATH_START_RE = rx(rf"(?s:^{OPT_SPACE}(\\)?\$\$(.*?)\$\$({SP}*?\n)?)")
ESCAPED_MATH_RE = rx(rf"^{OPT_SPACE}\\")
BLOCK_BOUNDARY_RE = rx(
    rf"{group(BLANK_LINE)}|{group(EOB_MARKER)}|{group(IAL_BLOCK_START)}|{RUBY_END}"
)

TABLE_SEP_LINE_RE = rx(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n")
TABLE_HSEP_ALIGN_RE = rx(r"[ \t]?(:?)-+(:?)[ \t]?")
TABLE_FSEP_LINE_RE = rx(r"^[+|: \t=]*?=[+|: \t=]*?[ \t]*\n")
TABLE_ROW_LINE_RE = rx(r"^(.*?)[ \t]*\n")
TABLE_PIPE_CHECK = r"(?:\||.*?[^\\\n]\|)"
TABLE_PIPE_CHECK_RE = rx(rf"^{TABLE_PIPE_CHECK}")
TABLE_LINE = rf"{TABLE_PIPE_CHECK}.*?\n"
TABLE_LINE_RE = rx(TABLE_LINE)
TABLE_START_RE = rx(rf"^{OPT_SPACE}(?={NSP}){TABLE_LINE}")
TABLE_CODE_SPLIT_RE = re.compile(r"(<code.*?>.*?</code>)")
TABLE_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
LEADING_PIPE_RE = rx(rf"^{SP}*\|")

FOOTNOTE_DEFINITION_START_RE = rx(
    rf"^{OPT_SPACE}\[\^({ALD_ID_NAME})\]:{SP}*?(.*?\n{CODEBLOCK_MATCH})"
)
LINK_DEFINITION_START_RE = rx(
    rf"^{OPT_SPACE}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?{NSP}[^\n]*?))"
    rf"(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?([\"'])(.+?)\4)?[ \t]*?\n"
)
ABBREV_DEFINITION_START_RE = rx(rf"^{OPT_SPACE}\*\[(.+?)\]:(.*?)\n")
HTML_BLOCK_START_RE = rx(rf"^{OPT_SPACE}<({UNAME}|!--|/)")
HTML_BLOCK_TAG_RE = rx(rf"^{OPT_SPACE}{HTML_TAG}")
HTML_BLOCK_TAG_CLOSE_RE = rx(rf"^{OPT_SPACE}{HTML_TAG_CLOSE}")
TRAILING_WHITESPACE_RE = rx(r"[ \t]*\n")

# span-level pieces the table parser needs (codespan, span HTML)
CODESPAN_DELIMITER_RE = rx(r"`+")
HTML_SPAN_START_RE = rx(rf"<({UNAME}|!--|/)")

_LIST_PATTERNS: dict[int, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}


def list_line_patterns(indentation: int) -> tuple[re.Pattern[str], ...]:
    """PARSE_FIRST_LIST_LINE_REGEXP_CACHE: content, lazy and indent regexps of an item."""
    patterns = _LIST_PATTERNS.get(indentation)
    if patterns is None:
        quotient, remainder = divmod(indentation, 4)
        content = rx(
            rf"^(?:(?:\t| {{4}}){{{quotient}}} {{{remainder}}}|(?:\t| {{4}}){{{quotient + 1}}})"
            rf".*{NSP}.*\n"
        )
        lazy = rx(
            rf"(?!^ {{0,{min(indentation, 3)}}}(?:{IAL_BLOCK}|{LAZY_END_HTML_STOP}"
            rf"|{LAZY_END_HTML_START})).*{NSP}.*\n"
        )
        indent = rx(rf"^ {{{indentation}}}")
        patterns = _LIST_PATTERNS[indentation] = (content, lazy, indent)
    return patterns


def _marker_pattern(marker: str, indentation: int) -> re.Pattern[str]:
    spaces = {1: "{0}", 2: "{0,1}", 3: "{0,2}"}.get(indentation, "{0,3}")
    return rx(rf"^( {spaces}{marker})({PATTERN_TAIL})")


_FETCH_PATTERNS = {
    (kind, n): _marker_pattern(marker, n)
    for kind, marker in (("ul", "[+*-]"), ("ol", rf"{DIGIT}+\."), ("dl", ":"))
    for n in (1, 2, 3, 4)
}


def fetch_pattern(kind: str, indentation: int) -> re.Pattern[str]:
    """The marker regexp for the next item of a list whose content is so indented."""
    return _FETCH_PATTERNS[(kind, indentation if indentation in (1, 2, 3) else 4)]


# --- small Ruby helpers ----------------------------------------------------------------------
_RSTRIP = " \t\n\v\f\r\0"
_SPACE_CHARS = frozenset(" \t\n\v\f\r")


def _text(el: Element) -> str:
    """The value of a text-like element (values grow as lists of parts while parsing)."""
    if isinstance(el.value, list):
        el.value = "".join(el.value)
    return el.value or ""


def _append(el: Element, text: str) -> None:
    if isinstance(el.value, list):
        el.value.append(text)
    else:
        el.value = [el.value or "", text]


def _chomp(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith(("\n", "\r")) else text


def normalize_link_id(link_id: str) -> str:
    return re.sub(rf"{SP}+", " ", link_id).lower()


# --- header ids ------------------------------------------------------------------------------
def _is_word_char(char: str) -> bool:
    """Onigmo's \\p{Word}: letters, marks, decimal digits, connectors, joiners."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category in ("Nd", "Nl", "Pc") or char in "\u200c\u200d"


def generate_gfm_header_id(text: str, counter: dict[str, int], prefix: str) -> str:
    """kramdown-parser-gfm's ``generate_gfm_header_id`` (Unicode word characters kept)."""
    result = "".join(c for c in text.lower() if c in "- \t" or _is_word_char(c))
    result = result.replace(" ", "-").replace("\t", "-")
    counter[result] = counter.get(result, -1) + 1
    if counter[result] > 0:
        result += f"-{counter[result]}"
    return prefix + result


def generate_kramdown_id(text: str, used: dict[str, int], prefix: str) -> str:
    """kramdown's converter ``generate_id`` (ASCII letters, digits, spaces and dashes)."""
    gen_id = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.M)
    gen_id = re.sub(r"[^a-zA-Z0-9 -]", "", gen_id).replace(" ", "-").lower()
    gen_id = gen_id or "section"
    if gen_id in used:
        used[gen_id] += 1
        gen_id += f"-{used[gen_id]}"
    else:
        used[gen_id] = 0
    return prefix + gen_id


_PLAIN_TOKEN_RE = re.compile(
    r"""
    \\(?P<esc>[\\.*_+`<>()\[\]{}\#!:|"'$=\-~])
  | (?P<ticks>`+)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)
  | \$\$(?P<math>.+?)\$\$
  | !\[(?:[^\]\\]|\\.)*\](?:\([^)]*\)|\[[^\]]*\])?
  | \[\^(?P<footnote>[\w-]+)\]
  | \[(?P<linktext>(?:[^\]\\]|\\.)*)\](?:\((?P<url>[^)]*)\)|\[(?P<ref>[^\]]*)\])?
  | <!--.*?-->
  | <(?P<autolink>(?:https?|ftp|mailto):[^>\s]*|[^>\s@]+@[^>\s@]+)>
  | <(?P<close>/)?(?P<tag>[A-Za-z][\w:.-]*)(?:\s[^>]*)?/?>
  | (?P<entity>&(?:\#\d+|\#x[0-9a-fA-F]+|\w+);)
  | (?P<span_ial>\{:(?:\\\}|[^}])+\})
  | (?P<dash>---?)
  | (?P<ellipsis>\.\.\.)
  | (?<![\w])(?P<under>_+)|(?P<under_end>_+)(?![\w])
  | (?P<star>\*+)
    """,
    re.VERBOSE | re.S,
)


def span_plain_text(raw: str, footnotes: frozenset[str] | set[str] = frozenset()) -> str:
    """The text kramdown's GFM ``update_raw_text`` collects from a header's spans.

    An approximation (the span parser is not ported): emphasis markers, link targets,
    images, HTML tags, footnote markers and span IALs are dropped, code spans, escapes and
    entities give their text, ``--``/``---``/``...`` their typographic character.  Pass
    :func:`parse_blocks` a ``header_text`` function to use a real span parser instead.
    """

    open_tags: list[str] = []

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup
        if kind == "tag":  # span HTML: the tags go, their text stays; block tags are text
            name = match["tag"].lower()
            if match["close"]:
                if name in open_tags:
                    del open_tags[open_tags.index(name) :]
                    return ""
                return match.group(0)
            if name in HTML_BLOCK_ELEMENTS:
                return match.group(0)
            if not match.group(0).endswith("/>") and name not in HTML_ELEMENTS_WITHOUT_BODY:
                open_tags.append(name)
            return ""
        if kind == "esc":
            return match["esc"]
        if kind == "code":
            code = match["code"]
            if len(match["ticks"]) > 1:
                code = code[1:] if code.startswith(" ") else code
                code = code[:-1] if code.endswith(" ") else code
            return code
        if kind == "math":
            return match["math"].strip()
        if kind == "footnote":
            return "" if match["footnote"] in footnotes else match.group(0)
        if kind in ("linktext", "url", "ref"):
            return span_plain_text(match["linktext"], footnotes)
        if kind == "autolink":
            return match["autolink"]
        if kind == "entity":
            return html_lib.unescape(match["entity"])
        if kind == "dash":
            return "\u2014" if len(match["dash"]) == 3 else "\u2013"
        if kind == "ellipsis":
            return "\u2026"
        if kind == "span_ial":  # applies to the element before it; after text it is text
            after_element = match.start() > 0 and raw[match.start() - 1] in "*_`)]>"
            return "" if after_element else match.group(0)
        return ""

    return _PLAIN_TOKEN_RE.sub(replace, raw)


# --- the parser ------------------------------------------------------------------------------
_DEF_EOBS = ("link_def", "abbrev_def", "footnote_def")
#: Elements whose attributes no converter writes: an IAL on them is lost.
_ATTRIBUTELESS = ("comment", "raw", "xml_comment", "xml_pi", "blank")


def _refs(ial: dict[str, Any]) -> list[str]:
    return ial.get(REFS, [])


def _merge_attributes(attr: dict[str, str], ial: dict[str, Any], limit: int) -> None:
    """kramdown's ``update_attr_with_ial`` without the references: classes are
    appended (at most ``limit`` + 1 of them kept), other attributes replaced."""
    for key, value in ial.items():
        if key == "class":
            joined = f"{attr.get(key, '')} {value}".lstrip(_RSTRIP)
            if joined.count(" ") > limit:
                joined = " ".join(joined.split()[: limit + 1])
            attr[key] = joined
        elif key != REFS:
            attr[key] = value


class BlockParser(HtmlParserMixin):
    """``Kramdown::Parser::Kramdown`` (and ``GFM``) without the span parsers."""

    def __init__(
        self,
        options: KramdownOptions,
        header_text: Callable[[str], str] | None = None,
    ) -> None:
        self.options = options
        self.gfm = options.is_gfm
        self.inline_options: dict[str, Any] = {}
        self.root = Element(
            "root", options={"location": 1, "options": {}, "abbrev_defs": {}, "abbrev_attr": {}}
        )
        self.problems: list[Problem] = []
        self.alds: dict[str, dict[str, Any]] = {}
        #: what each ALD does once resolved (see ald_effect); names reported unknown
        self._ald_effects: dict[str, dict[str, str]] = {}
        self._unknown_alds: set[str] = set()
        self.footnotes: dict[str, dict[str, Any]] = {}
        self.link_defs: dict[str, list[Any]] = {}
        for link_id, value in (options.link_defs or {}).items():
            self.link_defs[normalize_link_id(link_id)] = list(value) + [None]
        self.header_text = header_text
        self.tree: Element = self.root
        self.src = Scanner("")
        self.block_ial: dict[str, Any] | None = None
        self.block_ial_location: int | None = None
        self.text_type = "raw_text"
        self.depth = 0
        self.depth_reported = False
        #: characters of the texts of the nested parse_blocks calls under way
        self.nested_text = 0
        quirks = options.gfm_quirks or []
        if self.gfm:
            self.paragraph_end = (
                PARAGRAPH_END_GFM_RE if "paragraph_end" in quirks else PARAGRAPH_END_RE
            )
        else:
            self.paragraph_end = PARAGRAPH_END_RE
        if options.colon_fence:
            self.paragraph_end = rx(rf"{group(self.paragraph_end.pattern)}|^{OPT_SPACE}:{{3,}}")
        fenced = (
            (GFM_FENCED_CODEBLOCK_START_RE, self.parse_codeblock_fenced_gfm)
            if self.gfm
            else (FENCED_CODEBLOCK_START_RE, self.parse_codeblock_fenced)
        )
        if not self.gfm:
            atx = (ATX_HEADER_START_RE, self.parse_atx_header)
        elif "paragraph_end" in quirks:
            atx = (GFM_ATX_HEADER_START_RE, self.parse_atx_header_gfm_quirk)
        else:
            atx = (GFM_ATX_HEADER_START_RE, self.parse_atx_header)
        parsers: list[tuple[re.Pattern[str], Callable[[], Any]]] = [
            (BLANK_LINE_RE, self.parse_blank_line),
            (INDENT_RE, self.parse_codeblock),
        ]
        if options.myst_fences:
            parsers.append((MYST_FENCE_START_RE, self.parse_myst_fence))
            parsers.append((MYST_TARGET_RE, self.parse_myst_target))
        parsers.append(fenced)
        if options.colon_fence:
            parsers.append((COLON_FENCE_START_RE, self.parse_colon_fence))
        parsers += [
            (BLOCKQUOTE_START_RE, self.parse_blockquote),
            atx,
            (HR_START_RE, self.parse_horizontal_rule),
            (LIST_START_RE, self.parse_list),
            (DEFINITION_LIST_START_RE, self.parse_definition_list),
            (HTML_BLOCK_START_RE, self.parse_block_html),
            (SETEXT_HEADER_START_RE, self.parse_setext_header),
            (BLOCK_MATH_START_RE, self.parse_block_math),
            (TABLE_START_RE, self.parse_table),
            (FOOTNOTE_DEFINITION_START_RE, self.parse_footnote_definition),
            (LINK_DEFINITION_START_RE, self.parse_link_definition),
            (ABBREV_DEFINITION_START_RE, self.parse_abbrev_definition),
            (BLOCK_EXTENSIONS_START_RE, self.parse_block_extensions),
            (EOB_MARKER_RE, self.parse_eob_marker),
            (PARAGRAPH_START_RE, self.parse_paragraph),
        ]
        self.block_parsers = parsers

    # -- options that {::options} can change ----------------------------------------------
    def option(self, name: str) -> Any:
        if name in self.inline_options:
            return self.inline_options[name]
        return getattr(self.options, name, self.options.extra.get(name))

    # -- problems --------------------------------------------------------------------------
    def warn(self, line: int | None, kind: str, message: str) -> None:
        self.problems.append(Problem(line, kind, message))

    def lost_ial(self, ial: dict[str, Any] | None, line: int | None, why: str) -> None:
        if ial:
            self.warn(
                line,
                "lost-ial",
                f"the attribute list {_describe_ial(ial)} applies to nothing: {why}; kramdown "
                "drops it. Put it on the line right after the block (or right before it, "
                "with no blank line in between)",
            )

    def nesting_exceeded(self, line: int | None) -> bool:
        if (
            self.depth < self.options.max_nesting
            and self.nested_text <= self.options.max_nested_text
        ):
            return False
        if not self.depth_reported:
            self.depth_reported = True
            how = f"more than {self.options.max_nesting} deep"
            if self.depth < self.options.max_nesting:
                how = f"{self.depth} deep in a page this large"
            self.warn(
                line,
                "nesting-too-deep",
                f"blocks nested {how}: the deeper content is kept as plain text "
                "(jekyll_max_nesting); flatten the nesting",
            )
        return True

    # -- kramdown.rb -------------------------------------------------------------------------
    def parse(self, text: str) -> Element:
        self.parse_blocks(self.root, adapt_source(text))
        self.update_tree(self.root)
        for data in self.footnotes.values():
            self.update_tree(data["content"])
        self.finish()
        return self.root

    def parse_blocks(self, el: Element, text: str | None = None) -> str | None:
        """Parse blocks into ``el``; returns "found" when an HTML end tag stopped it."""
        saved = (self.tree, self.src, self.block_ial)
        self.tree, self.block_ial = el, None
        if text is not None:
            self.src = Scanner(text, el.options.get("location"))
        status = None
        src = self.src
        held = len(text) if text is not None else 0
        self.nested_text += held
        if self.nesting_exceeded(el.options.get("location")):
            rest = ruby_strip(src.rest())
            src.terminate()
            if rest:
                paragraph = Element("p", location=el.options.get("location"))
                paragraph.children.append(Element("raw_text", rest, location=paragraph.location))
                el.children.append(paragraph)
        self.depth += 1
        try:
            while not src.eos():
                for start_re, method in self.block_parsers:
                    if src.check(start_re):
                        result = method()
                        if result:
                            break
                else:
                    line = src.scan(ANY_LINE_RE) or src.rest()
                    if not line:
                        src.terminate()
                    self.add_text(line)
                    continue
                if result == "found":
                    status = "found"
                    break
        finally:
            self.depth -= 1
            self.nested_text -= held
        self.lost_ial(
            self.block_ial,
            src.current_line_number(),
            "it stands last in its container (the document, a list item, a blockquote…)",
        )
        self.tree, self.src, self.block_ial = saved
        return status

    def add_text(self, text: str, tree: Element | None = None, type_: str | None = None) -> None:
        tree = self.tree if tree is None else tree
        type_ = self.text_type if type_ is None else type_
        last = tree.children[-1] if tree.children else None
        if last is not None and last.type == type_:
            _append(last, text)
        elif text:
            location = (last.options.get("location") if last else None) or tree.options.get(
                "location"
            )
            tree.children.append(Element(type_, text, location=location))

    def new_block_el(self, type_: str, value: Any = None, **options: Any) -> Element:
        """Every block element is made here: it takes the pending block IAL."""
        el = Element(type_, value, options=options)
        if self.block_ial is not None:
            el.options["ial"] = self.block_ial
            el.options["ial_location"] = self.block_ial_location
            self.block_ial = None
        return el

    def update_tree(self, element: Element) -> None:
        """kramdown's update_tree, less the span parsing: IALs applied, eobs removed."""
        last_blank: Element | None = None
        children: list[Element] = []
        for child in element.children:
            if child.type == "raw_text":
                last_blank = None
                children.append(child)
            elif child.type == "eob":
                if child.options.get("ial") is not None:
                    self.update_attr_with_ial(child.attr, child.options["ial"], child)
            elif child.type == "blank":
                if last_blank is not None:
                    _append(last_blank, _text(child))
                else:
                    last_blank = child
                    children.append(child)
            else:
                last_blank = None
                self.update_tree(child)
                if child.options.get("ial") is not None:
                    self.update_attr_with_ial(child.attr, child.options["ial"], child)
                children.append(child)
        element.children = children

    def update_attr_with_ial(self, attr: dict[str, str], ial: dict[str, Any], el: Element) -> None:
        """Apply an IAL: its ALD references first (recursively), then its own attributes.

        kramdown expands references again at each use, so ``{:a1: a2 a2}``,
        ``{:a2: a3 a3}``… doubles at each step (and a cycle overflows its stack):
        here each ALD is resolved once (:meth:`ald_effect`), and an element gets
        at most ``max_attributes`` classes and attributes.
        """
        location = el.options.get("ial_location") or el.options.get("location")
        for ref in ial.get(REFS, ()):
            if ref == "toc" and ref not in self.alds:
                continue  # {:toc}: the converter makes the list the table of contents
            effect = self.ald_effect(ref, location)
            if effect is not None:
                _merge_attributes(attr, effect, self.options.max_attributes)
        _merge_attributes(attr, ial, self.options.max_attributes)
        classes = attr.get("class", "").split()
        count = len(classes) + len(attr) - ("class" in attr)
        if count > self.options.max_attributes:
            keep = max(self.options.max_attributes - (len(attr) - ("class" in attr)), 0)
            attr["class"] = " ".join(classes[:keep])
            for key in [k for k in attr if k != "class"][self.options.max_attributes :]:
                del attr[key]
            self.warn(
                location,
                "too-many-attributes",
                f"the attribute list gives this element more than "
                f"{self.options.max_attributes} classes and attributes (ALD references "
                "included); the rest are dropped (jekyll_max_attributes)",
            )

    def ald_effect(self, name: str, location: int | None) -> dict[str, str] | None:
        """What applying ALD ``name`` does: its attributes, classes joined, refs resolved.

        Computed once per ALD, without recursion (a chain of 100 000 ALDs is
        fine); an undefined name or a cycle is reported once and cut.
        """
        effects = self._ald_effects
        if name in effects:
            return effects[name]
        if name not in self.alds:
            self.warn_unknown_ald(name, location)
            return None
        limit = self.options.max_attributes
        stack: list[tuple[str, Any, dict[str, str]]] = [(name, iter(_refs(self.alds[name])), {})]
        active = {name}
        while stack:
            current, refs, effect = stack[-1]
            ref = next(refs, None)
            if ref is None:
                _merge_attributes(effect, self.alds[current], limit)
                effects[current] = effect
                active.discard(current)
                stack.pop()
                if stack:
                    _merge_attributes(stack[-1][2], effect, limit)
            elif ref in effects:
                _merge_attributes(effect, effects[ref], limit)
            elif ref not in self.alds:
                self.warn_unknown_ald(ref, location)
            elif ref in active:
                path = [frame[0] for frame in stack] + [ref]
                self.warn(
                    location,
                    "ald-cycle",
                    f"the ALD '{ref}' refers back to itself ({' -> '.join(path)}): kramdown "
                    "would recurse forever; the loop is cut here, remove the reference that "
                    "closes it",
                )
            else:
                active.add(ref)
                stack.append((ref, iter(_refs(self.alds[ref])), {}))
        return effects[name]

    def warn_unknown_ald(self, name: str, location: int | None) -> None:
        if name in self._unknown_alds:
            return
        self._unknown_alds.add(name)
        self.warn(
            location,
            "undefined-ald",
            f"no attribute list definition '{name}' — did you mean `{{: .{name}}}`? "
            f"(or define it on a line of its own: {{:{name}: .class}})",
        )

    def finish(self) -> None:
        """Header ids, and what the span parser needs in ``root.options``."""
        root = self.root
        stripping = self.gfm or self.option("auto_id_stripping")
        footnote_names = set(self.footnotes)
        to_text = self.header_text or (lambda raw: span_plain_text(raw, footnote_names))
        for el in root.walk():
            if el.type in ("header", "dt") and (stripping or el.type == "dt"):
                raw = "".join(_text(c) for c in el.children if c.type == "raw_text")
                el.options["raw_text"] = to_text(raw)
        prefix = str(self.option("auto_id_prefix") or "")
        if self.option("auto_ids"):
            if self.gfm:
                counter: dict[str, int] = {}
                self._gfm_ids(root, counter, prefix)
            else:
                used: dict[str, int] = {}
                bodies = [root] + [data["content"] for data in self.footnotes.values()]
                for body in bodies:
                    for el in body.walk():
                        if el.type == "header" and "id" not in el.attr:
                            el.attr["id"] = generate_kramdown_id(
                                el.options.get("raw_text") or "", used, prefix
                            )
                            el.options["auto_id"] = True
        for el in root.walk():
            if isinstance(el.value, list):
                el.value = "".join(el.value)
        for data in self.footnotes.values():
            for el in data["content"].walk():
                if isinstance(el.value, list):
                    el.value = "".join(el.value)
        root.options["alds"] = self.alds
        root.options["link_defs"] = {
            link_id: (value[0], value[1], dict(value[2].attr) if value[2] is not None else {})
            for link_id, value in self.link_defs.items()
        }
        root.options["abbrev_attr"] = {
            key: eob.attr for key, eob in root.options["abbrev_attr"].items()
        }
        footnotes = {}
        for name, data in self.footnotes.items():
            content = data["content"]
            content.attr.update(data["eob"].attr)
            footnotes[name] = content
        root.options["footnotes"] = footnotes
        root.options["options"] = dict(self.inline_options)
        root.options["problems"] = self.problems

    def _gfm_ids(self, element: Element, counter: dict[str, int], prefix: str) -> None:
        """GFM's update_elements: headers get ids, html_element subtrees are skipped."""
        for child in element.children:
            if child.type == "html_element":
                continue
            if child.type == "header" and "id" not in child.attr:
                child.attr["id"] = generate_gfm_header_id(
                    child.options.get("raw_text") or "", counter, prefix
                )
                child.options["auto_id"] = True  # not the author's: may repeat another id
            else:
                self._gfm_ids(child, counter, prefix)

    # -- blank_line.rb, eob.rb ---------------------------------------------------------------
    def parse_blank_line(self) -> bool:
        src = self.src
        matched = src.matched()
        src.pos += len(matched)
        last = self.tree.children[-1] if self.tree.children else None
        if last is not None and last.type == "blank":
            _append(last, matched)
        else:
            if self.block_ial:
                self.lost_ial(
                    self.block_ial,
                    src.current_line_number() - 1,
                    "a blank line follows it (kramdown gives it to the blank line)",
                )
            self.tree.children.append(self.new_block_el("blank", matched))
        return True

    def parse_eob_marker(self) -> bool:
        self.src.pos += self.src.matched_size()
        if self.block_ial:
            self.lost_ial(self.block_ial, self.src.current_line_number() - 1, "a ^ line follows it")
        self.tree.children.append(self.new_block_el("eob"))
        return True

    # -- block_boundary.rb ---------------------------------------------------------------------
    def after_block_boundary(self) -> bool:
        last = self.tree.children[-1] if self.tree.children else None
        return (
            last is None
            or last.type == "blank"
            or (last.type == "eob" and last.value is None)
            or self.block_ial is not None
        )

    def before_block_boundary(self) -> bool:
        return self.src.check(BLOCK_BOUNDARY_RE)

    # -- paragraph.rb ----------------------------------------------------------------------------
    def parse_paragraph(self) -> bool:
        src = self.src
        start = src.pos
        line = src.current_line_number()
        parts = [src.scan(PARAGRAPH_MATCH_RE) or ""]
        while not src.check(self.paragraph_end):
            more = src.scan(PARAGRAPH_MATCH_RE)
            if more is None:
                parts.append(src.rest())
                src.terminate()
                break
            parts.append(more)
        result = "".join(parts).rstrip(_RSTRIP)
        last = self.tree.children[-1] if self.tree.children else None
        if last is not None and last.type == "p":
            last_item = last.children[-1] if last.children else None
            if last_item is not None and last_item.type == self.text_type:
                joiner = "  \n" if src.string[max(start - 3, 0) : start] == "  \n" else "\n"
                _append(last_item, joiner + result)
            else:
                self.add_text(result, last)
        else:
            paragraph = self.new_block_el("p", location=line)
            self.tree.children.append(paragraph)
            self.add_text(result.lstrip(_RSTRIP), paragraph)
        return True

    # -- header.rb, gfm.rb ---------------------------------------------------------------------
    def parse_setext_header(self) -> bool:
        if not self.after_block_boundary():
            return False
        text, header_id = self.parse_header_contents()
        if not text:
            return False
        self.add_header(2 if self.src.group("level") == "-" else 1, text, header_id)
        return True

    def parse_atx_header(self) -> bool:
        if not self.after_block_boundary():
            return False
        text, header_id = self.parse_header_contents()
        text, count = re.subn(r"(?<!\\)#+\Z", "", text, count=1)
        if count:
            text = text.rstrip(_RSTRIP)
        if not text:
            return False
        self.add_header(len(self.src.group("level")), text, header_id)
        return True

    def parse_atx_header_gfm_quirk(self) -> bool:
        text, header_id = self.parse_header_contents()
        text, count = re.subn(r"[\t ]#+\Z", "", text, count=1)
        if count:
            text = text.rstrip(_RSTRIP)
        if not text:
            return False
        self.add_header(len(self.src.group("level")), text, header_id)
        return True

    def parse_header_contents(self) -> tuple[str, str | None]:
        text = self.src.group("contents").rstrip(_RSTRIP)
        match = HEADER_ID_RE.search(text)
        header_id = None
        if match:
            header_id = match["id"]
            text = text[: -len(match.group(0))].rstrip(_RSTRIP)
        return text, header_id

    def add_header(self, level: int, text: str, header_id: str | None) -> None:
        line = self.src.current_line_number()
        self.src.pos += self.src.matched_size()
        el = self.new_block_el("header", level=level, raw_text=text, location=line)
        self.add_text(text, el)
        if header_id:
            el.attr["id"] = header_id
        self.tree.children.append(el)

    # -- horizontal_rule.rb, blockquote.rb ----------------------------------------------------
    def parse_horizontal_rule(self) -> bool:
        line = self.src.current_line_number()
        self.src.pos += self.src.matched_size()
        self.tree.children.append(self.new_block_el("hr", location=line))
        return True

    def parse_blockquote(self) -> bool:
        src = self.src
        line = src.current_line_number()
        parts = [src.scan(PARAGRAPH_MATCH_RE) or ""]
        while not src.check(LAZY_END_RE):
            more = src.scan(PARAGRAPH_MATCH_RE)
            if more is None:
                parts.append(src.rest())
                src.terminate()
                break
            parts.append(more)
        result = BLOCKQUOTE_START_RE.sub("", "".join(parts))
        el = self.new_block_el("blockquote", location=line)
        self.tree.children.append(el)
        self.parse_blocks(el, result)
        return True

    # -- codeblock.rb, gfm.rb ------------------------------------------------------------------
    def parse_codeblock(self) -> bool:
        src = self.src
        line = src.current_line_number()
        data = src.scan(CODEBLOCK_MATCH_RE)
        if not data:
            return False
        data = re.sub(rf"\n( {{0,3}}{NSP})", r" \1", data)
        data = INDENT_RE.sub("", data)
        self.tree.children.append(self.new_block_el("codeblock", data, location=line))
        return True

    def _fence_can_close(self, close_re: re.Pattern[str], key: str) -> bool:
        """Cheap test that some later line could close the fence (else the regexp would
        scan to the end of input for every unclosed fence: quadratic)."""
        src = self.src
        char = src.group(0).lstrip(" ")[0]
        index = src.line_index(key, close_re)
        if not index:
            return False
        starts = src._index.get(key + "-starts")
        if starts is None:
            starts = {
                c: [pos for pos, g in index if g == c or (g is None and c == "~")] for c in "`~"
            }
            src._index[key + "-starts"] = starts
        positions = starts[char]
        return bisect_right(positions, src.pos) < len(positions)

    def parse_codeblock_fenced(self) -> bool:
        return self._fenced(FENCED_CODEBLOCK_MATCH_RE, FENCED_CLOSE_LINE_RE, "kd-fence")

    def parse_codeblock_fenced_gfm(self) -> bool:
        return self._fenced(GFM_FENCED_CODEBLOCK_MATCH_RE, GFM_FENCED_CLOSE_LINE_RE, "gfm-fence")

    def _fenced(self, match_re: re.Pattern[str], close_re: re.Pattern[str], key: str) -> bool:
        src = self.src
        if not self._fence_can_close(close_re, key) or not src.check(match_re):
            return False
        line = src.current_line_number()
        body, lang_info, lang = src.group(5), src.group(3), src.group(4)
        src.pos += src.matched_size()
        el = self.new_block_el("codeblock", body, location=line, fenced=True)
        lang_info = ruby_strip(lang_info or "")
        if lang_info:
            el.options["lang"] = lang_info
            el.attr["class"] = f"language-{lang}"
        self.tree.children.append(el)
        return True

    def parse_myst_target(self) -> bool:
        """MyST's ``(name)=`` target line (not kramdown): a label for the next block."""
        src = self.src
        line = src.current_line_number()
        name = src.group(1).strip()
        src.pos += src.matched_size()
        self.tree.children.append(self.new_block_el("myst_target", name, location=line))
        return True

    def parse_myst_fence(self) -> bool:
        """MyST's ```` ```{name} args ```` … ```` ``` ```` (not kramdown): a directive."""
        line, fence, info, body = self._myst_fenced_body()
        el = self.new_block_el(
            "codeblock", body, location=line, fenced=True, info=info, markup=fence
        )
        el.options["lang"] = info
        el.attr["class"] = f"language-{info.split()[0]}"  # as kramdown's own fence rule
        self.tree.children.append(el)
        return True

    def parse_colon_fence(self) -> bool:
        """MyST's ``:::{name} args`` … ``:::`` (not kramdown): one ``colon_fence`` element."""
        line, _fence, info, body = self._myst_fenced_body()
        self.tree.children.append(self.new_block_el("colon_fence", body, location=line, info=info))
        return True

    def _myst_fenced_body(self) -> tuple[int, str, str, str]:
        """A MyST fence just matched (groups: fence, info) up to its closing line.

        An unclosed fence runs to the end of the text, with a warning.
        """
        src = self.src
        line = src.current_line_number()
        fence, info = src.group(1), src.group(2).strip()
        src.pos += src.matched_size()
        close = rx(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*(?:\n|\Z)")
        start = src.pos
        if src.scan_until(close) is not None:
            return line, fence, info, src.string[start : src.pos - len(src.matched())]
        body = src.rest()
        src.terminate()
        self.warn(
            line,
            "unclosed-fence",
            f"the {fence} fence is never closed: it runs to the end; add a {fence} line",
        )
        return line, fence, info, body

    # -- math.rb ----------------------------------------------------------------------------------
    def parse_block_math(self) -> bool:
        src = self.src
        line = src.current_line_number()
        if not self.after_block_boundary():
            return False
        if src.group(1) is not None:
            if src.group(3) is not None:
                src.scan(ESCAPED_MATH_RE)
            return False
        saved = src.pos
        data = ruby_strip(src.group(2))
        src.pos += src.matched_size()
        if self.before_block_boundary():
            self.tree.children.append(
                self.new_block_el("math", data, category="block", location=line)
            )
            return True
        src.pos = saved
        return False

    # -- table.rb --------------------------------------------------------------------------------
    def parse_table(self) -> bool:
        if not self.after_block_boundary():
            return False
        src = self.src
        saved = orig_pos = src.pos
        pending_ial = self.block_ial
        table = self.new_block_el("table", alignment=[], location=src.current_line_number())
        src.check(TABLE_LINE_RE)
        leading_pipe = LEADING_PIPE_RE.search(src.matched()) is not None
        src.scan(TABLE_SEP_LINE_RE)
        rows: list[Element] = []
        has_footer = False
        columns = 0

        def add_container(kind: str, force: bool) -> None:
            nonlocal rows
            if not has_footer or kind != "tbody" or force:
                table.children.append(Element(kind, children=rows))
                rows = []

        def fail() -> bool:
            src.pos = saved
            self.lost_ial(pending_ial, table.location, "kramdown tried a table here and gave up")
            return False

        while not src.eos():
            if not src.check(TABLE_LINE_RE):
                break
            if src.scan(TABLE_SEP_LINE_RE) is not None:
                if not rows:
                    pass
                elif not table.options["alignment"] and not has_footer:
                    add_container("thead", False)
                    table.options["alignment"] = [
                        "default"
                        if not left and not right
                        else "left"
                        if not right
                        else "right"
                        if not left
                        else "center"
                        for left, right in TABLE_HSEP_ALIGN_RE.findall(src.group(1))
                    ]
                else:
                    add_container("tbody", False)
            elif src.scan(TABLE_FSEP_LINE_RE) is not None:
                if rows:
                    add_container("tbody", True)
                has_footer = True
            elif src.scan(TABLE_ROW_LINE_RE) is not None:
                row = Element("tr")
                cells = self._table_cells(src.group(1))
                if leading_pipe and cells and not ruby_strip(cells[0]):
                    cells.pop(0)
                if cells and not ruby_strip(cells[-1]):
                    cells.pop()
                for cell_text in cells:
                    cell = Element("td")
                    cell.children.append(Element("raw_text", ruby_strip(cell_text)))
                    row.children.append(cell)
                columns = max(columns, len(cells))
                rows.append(row)
            else:
                break

        if not self.before_block_boundary():
            return fail()
        table_text = src.string[orig_pos : src.pos - 1]
        if not self._table_pipes_on_every_line(table_text):
            return fail()
        if rows:
            add_container("tfoot" if has_footer else "tbody", False)
        if not any(c.type == "tbody" for c in table.children):
            self.warn(
                table.location,
                "table-without-body",
                "this table has no body rows (only a header): kramdown does not make it a "
                "table; add rows under the separator line",
            )
            return fail()
        for container in table.children:
            for row in container.children:
                row.children.extend(Element("td") for _ in range(columns - len(row.children)))
        alignment = table.options["alignment"]
        if len(alignment) > columns:
            table.options["alignment"] = alignment[:columns]
        else:
            table.options["alignment"] = alignment + ["default"] * (columns - len(alignment))
        self.tree.children.append(table)
        return True

    def _table_cells(self, row_text: str) -> list[str]:
        """Split a row into cells: pipes in code spans and <code> elements do not count."""
        cells: list[str] = []
        for i, piece in enumerate(TABLE_CODE_SPLIT_RE.split(row_text)):
            if i % 2:
                if cells:
                    cells[-1] += piece
                else:
                    cells.append(piece)
                continue
            for child in SpanScanner(self, piece, html=False).parse():
                if child.type == "raw_text":
                    first, *others = [
                        t.replace("\\|", "|") for t in TABLE_CELL_SPLIT_RE.split(child.value)
                    ]
                    if cells:
                        cells[-1] += first
                    else:
                        cells.append(first)
                    cells.extend(others)
                else:
                    ticks = max(re.findall("`+", child.value), key=len, default="") + "`"
                    pad = " " if len(ticks) > 1 else ""
                    code = f"{ticks}{pad}{child.value}{pad}{ticks}"
                    if cells:
                        cells[-1] += code
                    else:
                        cells.append(code)
        return cells

    def _table_pipes_on_every_line(self, table_text: str) -> bool:
        """table.rb: every line has a pipe outside code spans and span HTML."""
        pipe_on_line = False
        for child in SpanScanner(self, table_text, html=True).parse():
            if child.value is None:
                continue
            lines = ruby_split_lines(child.value)
            if child.type == "codespan":
                if len(lines) > 2 or (len(lines) == 2 and not pipe_on_line):
                    break
                if len(lines) == 2 and pipe_on_line:
                    pipe_on_line = False
            else:
                first = lines[0] if lines else None
                if (
                    len(lines) > 1
                    and not pipe_on_line
                    and (first is None or not TABLE_PIPE_CHECK_RE.search(first))
                ):
                    break
                last = lines[-1] if lines else None
                pipe_on_line = (False if len(lines) > 1 else pipe_on_line) or (
                    last is not None and TABLE_PIPE_CHECK_RE.search(last) is not None
                )
        return pipe_on_line

    # -- footnote.rb, link.rb, abbreviation.rb --------------------------------------------------
    def parse_footnote_definition(self) -> bool:
        src = self.src
        line = src.current_line_number()
        name, content = src.group(1), src.group(2)
        src.pos += src.matched_size()
        el = Element("footnote_def", location=line)
        self.parse_blocks(el, INDENT_RE.sub("", content))
        if name in self.footnotes:
            self.warn(
                line,
                "duplicate-footnote",
                f"footnote '{name}' is defined twice: the "
                "last definition wins; rename or remove one",
            )
        eob = self.new_block_el("eob", "footnote_def")
        self.tree.children.append(eob)
        self.footnotes[name] = {"content": el, "eob": eob}
        return True

    def parse_link_definition(self) -> bool:
        src = self.src
        if re.search(r"[ \t]+[\"']", src.group(3) or ""):
            return False
        label, url = src.group(1), src.group(2) if src.group(2) is not None else src.group(3)
        title = src.group(5)
        src.pos += src.matched_size()
        link_id = normalize_link_id(label)
        if link_id in self.link_defs:
            self.warn(
                src.current_line_number(),
                "duplicate-link-definition",
                f"link id '{link_id}' is defined twice: the last definition wins",
            )
        eob = self.new_block_el("eob", "link_def")
        self.tree.children.append(eob)
        self.link_defs[link_id] = [url, title, eob]
        return True

    def parse_abbrev_definition(self) -> bool:
        src = self.src
        line = src.current_line_number()
        abbrev_id, abbrev_text = src.group(1), ruby_strip(src.group(2))
        src.pos += src.matched_size()
        if abbrev_id in self.root.options["abbrev_defs"]:
            self.warn(
                line,
                "duplicate-abbreviation",
                f"abbreviation '{abbrev_id}' is defined twice: the last definition wins",
            )
        eob = self.new_block_el("eob", "abbrev_def")
        self.tree.children.append(eob)
        self.root.options["abbrev_defs"][abbrev_id] = abbrev_text
        self.root.options["abbrev_attr"][abbrev_id] = eob
        return True

    # -- extensions.rb --------------------------------------------------------------------------
    def parse_attribute_list(self, text: str, opts: dict[str, Any]) -> None:
        """An IAL/ALD body into ``opts`` (attributes, classes appended, refs under REFS)."""
        if not ruby_strip(text) or ruby_strip(text) == ":":
            return
        found = False
        classes: list[str] = []  # joined once: 200 000 classes must not take quadratic time
        for match in ALD_TYPE_ANY_RE.finditer(text):
            found = True
            key, sep, value, ref, id_and_or_class = match.groups()[:5]
            if ref is not None:
                opts.setdefault(REFS, []).append(ref)
            elif id_and_or_class is not None:
                for id_attr, class_attr in ALD_TYPE_ID_OR_CLASS_RE.findall(id_and_or_class):
                    if class_attr:
                        opts.setdefault("class", "")  # its place among the attributes
                        classes.append(class_attr)
                    else:
                        opts["id"] = id_attr
            else:
                opts[key] = re.sub(rf"\\(\}}|{re.escape(sep)})", r"\1", value)
        if classes:
            opts["class"] = " ".join([opts["class"], *classes]).lstrip(_RSTRIP)
        if not found:
            self.warn(
                self.src.current_line_number() - 1,
                "invalid-ial",
                f'no valid attribute in {{:{text}}}: write .class, #id, key="value" or the '
                "name of an ALD",
            )

    def parse_block_extensions(self) -> bool:
        src = self.src
        if src.scan(ALD_START_RE) is not None:
            name, body = src.group(1), src.group(2)
            self.parse_attribute_list(body, self.alds.setdefault(name, {}))
            if self.block_ial:
                self.lost_ial(
                    self.block_ial, src.current_line_number() - 1, "an ALD definition follows it"
                )
            self.tree.children.append(self.new_block_el("eob", "ald"))
            return True
        if src.check(EXT_BLOCK_START_RE):
            return self.parse_extension_start_tag()
        ial_line = src.current_line_number()
        if src.scan(IAL_BLOCK_START_RE) is not None:
            body = src.group(1)
            last = self.tree.children[-1] if self.tree.children else None
            if (
                last is not None
                and last.type != "blank"
                and (last.type != "eob" or last.value in _DEF_EOBS)
            ):
                ial = last.options.get("ial")
                if ial is None:
                    ial = last.options["ial"] = {}
                # for warnings about what the IAL says (not part of kramdown): the last one
                last.options["ial_location"] = ial_line
                self.parse_attribute_list(body, ial)
                if last.type in _ATTRIBUTELESS:
                    self.lost_ial(
                        ial,
                        src.current_line_number() - 1,
                        f"it follows a {last.type} element, which has no attributes",
                    )
                if not src.check(IAL_BLOCK_START_RE):
                    self.tree.children.append(self.new_block_el("eob", "ial"))
            else:
                if self.block_ial is None:
                    self.block_ial = {}
                    self.block_ial_location = ial_line
                self.parse_attribute_list(body, self.block_ial)
            return True
        return False

    def parse_extension_start_tag(self) -> bool:
        src = self.src
        saved = src.pos
        line = src.current_line_number()
        name, options_text, self_closed, stop_name = (src.group(i) for i in (1, 2, 3, 4))
        src.pos += src.matched_size()

        def error(kind: str, message: str) -> bool:
            self.warn(line, kind, message)
            src.pos = saved
            return False

        if stop_name is not None or name is None:
            label = f"for '{stop_name}' " if stop_name else ""
            return error(
                "invalid-extension-stop",
                f"extension stop tag {label}without a start tag: kramdown keeps it as text; "
                "remove it",
            )
        opts: dict[str, Any] = {}
        self.parse_attribute_list(options_text or "", opts)
        body = None
        if self_closed is None:
            stop = self._find_extension_stop(name)
            if stop is None:
                return error(
                    "unclosed-extension",
                    f"{{::{name}}} is never closed: kramdown ignores it and keeps the text; "
                    f"add a line {{:/{name}}} (or write {{::{name} /}})",
                )
            start, end = stop
            body = _chomp(src.string[src.pos : start])
            src.pos = end
        if not self.handle_extension(name, opts, body, line):
            return error(
                "unknown-extension",
                f"unknown extension {{::{name}}}: kramdown knows comment, nomarkdown and "
                "options; it keeps the text",
            )
        return True

    def _find_extension_stop(self, name: str) -> tuple[int, int] | None:
        """The first ``{:/}`` or ``{:/name}`` line after the position (start, end)."""
        src = self.src
        index = src.line_index("ext-stop", EXT_BLOCK_STOP_LINE_RE)
        i = bisect_left(index, src.pos, key=lambda entry: entry[0])
        for start, stop_name in index[i:]:
            if stop_name is None or stop_name == name:
                match = EXT_BLOCK_STOP_LINE_RE.match(src.string, start)
                assert match is not None
                return start, match.end()
        return None

    def handle_extension(
        self, name: str, opts: dict[str, Any], body: str | None, line: int
    ) -> bool:
        if name == "comment":
            if body is not None:
                self.tree.children.append(Element("comment", body, category="block", location=line))
            return True
        if name == "nomarkdown":
            if body is not None:
                kinds = [t for t in re.split(rf"{SP}+", str(opts.get("type", "")))]
                while kinds and kinds[-1] == "":
                    kinds.pop()
                self.tree.children.append(
                    Element(
                        "raw", body, options={"category": "block", "location": line, "type": kinds}
                    )
                )
            return True
        if name == "options":
            for key, value in opts.items():
                key = key.lstrip(":")
                if key not in DEFINED_OPTIONS:
                    self.warn(
                        line,
                        "unknown-option",
                        f"unknown kramdown option '{key}' in {{::options}}: check its spelling",
                    )
                elif key in self.options.forbidden_inline_options or key == (
                    "forbidden_inline_options"
                ):
                    self.warn(line, "forbidden-option", f"option {key} may not be set inline")
                else:
                    parsed = _parse_option(key, value)
                    if parsed is not _INVALID:
                        self.inline_options[key] = parsed
            self.tree.children.append(self.new_block_el("eob", "extension"))
            return True
        return False

    # -- list.rb (with gfm.rb's task lists) -------------------------------------------------------
    def parse_first_list_line(self, indentation: int, content: str) -> tuple[str, int, Any]:
        if LIST_ITEM_IAL_CHECK_RE.search(content):
            indentation = 4
        else:
            while re.search(r"^ *\t", content, re.M):
                temp = len(re.match(r" *", content).group(0)) + indentation

                def expand(match: re.Match[str], temp: int = temp) -> str:
                    tabs = len(match.group(2))
                    return match.group(1) + " " * (4 - (temp % 4) + (tabs - 1) * 4)

                content = re.sub(r"^( *)(\t+)", expand, content, count=1, flags=re.M)
            indentation += len(re.match(r" *", content).group(0))
        content = re.sub(rf"^{SP}*", "", content, count=1)
        return content, indentation, list_line_patterns(indentation)

    def _item_ial(self, item: Element, value: str) -> str:
        def take(match: re.Match[str]) -> str:
            ial = item.options.get("ial")
            if ial is None:
                ial = item.options["ial"] = {}
            self.parse_attribute_list(match.group(1), ial)
            return ""

        return LIST_ITEM_IAL_RE.sub(take, value, count=1)

    def parse_list(self) -> bool:
        src = self.src
        line = src.current_line_number()
        if src.check(LIST_START_UL_RE):
            kind, list_start_re = "ul", LIST_START_UL_RE
        else:
            kind, list_start_re = "ol", LIST_START_OL_RE
        the_list = self.new_block_el(kind, location=line)
        item: Element | None = None
        content_re = lazy_re = indent_re = None
        indentation = 0
        eob_found = False
        nested_list_found = False
        last_is_blank = False
        segments: list[list[list[str]]] = []
        while not src.eos():
            line = src.current_line_number()
            if last_is_blank and src.check(HR_START_RE):
                break
            if src.scan(EOB_MARKER_RE) is not None:
                eob_found = True
                break
            if src.scan(list_start_re) is not None:
                the_list.options.setdefault("first_list_marker", ruby_strip(src.group(1)))
                item = Element("li", location=line)
                value, indentation, (content_re, lazy_re, indent_re) = self.parse_first_list_line(
                    len(src.group(1)), src.group(2)
                )
                the_list.children.append(item)
                value = self._item_ial(item, value)
                list_start_re = fetch_pattern(kind, indentation)
                nested_list_found = LIST_START_RE.search(value) is not None
                last_is_blank = False
                segments.append([[value]])
                continue
            result = src.scan(content_re)
            if result is None and not last_is_blank:
                result = src.scan(lazy_re)
            if result is not None:
                result = re.sub(r"^(\t+)", lambda m: " " * 4 * len(m.group(1)), result, count=1)
                result, found = indent_re.subn("", result, count=1)
                if not nested_list_found and found and LIST_START_RE.search(result):
                    segments[-1].append([])
                    nested_list_found = True
                elif nested_list_found and not found and LIST_START_RE.search(result):
                    result = " " * (indentation + 4) + result
                segments[-1][-1].append(result)
                last_is_blank = False
            elif (result := src.scan(BLANK_LINE_RE)) is not None:
                nested_list_found = True
                last_is_blank = True
                segments[-1][-1].append(result)
            else:
                break

        self.tree.children.append(the_list)
        last = None
        for it, values in zip(the_list.children, segments, strict=True):
            temp = Element("temp", location=it.location)
            saved = (self.src, self.tree, self.block_ial)
            location = it.location
            for parts in values:
                content = "".join(parts)
                self.src = Scanner(content, location)
                self.nested_text += len(content)  # as parse_blocks counts a text it is given
                try:
                    self.parse_blocks(temp)
                finally:
                    self.nested_text -= len(content)
                location = self.src.current_line_number()
            self.src, self.tree, self.block_ial = saved
            it.children = temp.children
            children = it.children
            if not children:
                continue
            if (
                children[0].type == "p"
                and len(children) >= 2
                and children[1].type == "eob"
                and children[0].options.get("ial") is not None
            ):
                del children[1]
            if (
                children[0].type == "p"
                and (
                    len(children) < 2
                    or children[1].type != "blank"
                    or (it is the_list.children[-1] and len(children) == 2 and not eob_found)
                )
                and (
                    the_list.children[-1] is not it
                    or len(the_list.children) == 1
                    or any(
                        not c.children
                        or c.children[0].type != "p"
                        or c.children[0].options.get("transparent")
                        for c in the_list.children[:-1]
                    )
                )
            ):
                if len(children) > 1 and children[1].type != "blank":
                    _append(children[0].children[0], "\n")
                children[0].options["transparent"] = True
            last = children.pop() if children[-1].type == "blank" else None
        if last is not None and not eob_found:
            self.tree.children.append(last)
        if self.gfm:
            self._gfm_task_list()
        return True

    def _gfm_task_list(self) -> None:
        """gfm.rb parse_list: ``[ ]``/``[x]`` items become checkboxes, classes added."""
        current = next(c for c in reversed(self.tree.children) if c.type in ("ul", "ol"))
        unchecked = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
        checked = (
            '<input type="checkbox" class="task-list-item-checkbox" '
            'disabled="disabled" checked="checked" />'
        )
        is_tasklist = False
        for li in current.children:
            if not li.children or li.children[0].type != "p":
                continue
            raw = li.children[0].children[0]
            text = _text(raw)
            text, n_unchecked = re.subn(rf"\A{SP}*\[ \]{SP}+", unchecked, text)
            text, n_checked = re.subn(rf"\A{SP}*\[[xX]\]{SP}+", checked, text)
            raw.value = text
            is_tasklist = is_tasklist or bool(n_unchecked or n_checked)
            if is_tasklist:
                li.attr["class"] = "task-list-item"
        if is_tasklist:
            current.attr["class"] = "task-list"

    def parse_definition_list(self) -> bool:
        children = self.tree.children
        if (
            not children
            or (len(children) == 1 and children[-1].type != "p")
            or (
                len(children) >= 2
                and children[-1].type != "p"
                and (
                    children[-1].type != "blank"
                    or _text(children[-1]) != "\n"
                    or children[-2].type != "p"
                )
            )
        ):
            return False
        src = self.src
        first_as_para = False
        pending_ial = self.block_ial
        deflist = self.new_block_el("dl")
        para = children.pop()
        if para.type == "blank":
            para = children.pop()
            first_as_para = True
        deflist.options["location"] = para.location
        for term in ruby_split_lines(_text(para.children[0])):
            dt = Element("dt", location=src.current_line_number())
            term = self._item_ial(dt, term)
            dt.options["raw_text"] = term
            dt.children.append(Element("raw_text", term))
            deflist.children.append(dt)
        self.lost_ial(
            pending_ial,
            para.location,
            "a definition list takes the attribute list of its first term's paragraph instead",
        )
        deflist.options["ial"] = para.options.get("ial")

        item: Element | None = None
        content_re = lazy_re = indent_re = None
        def_start_re = DEFINITION_LIST_START_RE
        last_is_blank = False
        while not src.eos():
            line = src.current_line_number()
            if src.scan(def_start_re) is not None:
                item = Element("dd", location=line)
                item.options["first_as_para"] = first_as_para
                value, indentation, (content_re, lazy_re, indent_re) = self.parse_first_list_line(
                    len(src.group(1)), src.group(2)
                )
                deflist.children.append(item)
                item.value = [self._item_ial(item, value)]
                def_start_re = fetch_pattern("dl", indentation)
                first_as_para = False
                last_is_blank = False
                continue
            if src.check(EOB_MARKER_RE):
                break
            result = src.scan(content_re)
            if result is None and not last_is_blank:
                result = src.scan(lazy_re)
            if result is not None:
                result = re.sub(r"^(\t+)", lambda m: " " * 4 * len(m.group(1)), result, count=1)
                result = indent_re.sub("", result, count=1)
                item.value.append(result)
                first_as_para = False
                last_is_blank = False
            elif (result := src.scan(BLANK_LINE_RE)) is not None:
                first_as_para = True
                item.value.append(result)
                last_is_blank = True
            else:
                break

        last = None
        for it in deflist.children:
            if it.type == "dt":
                continue
            self.parse_blocks(it, "".join(it.value))
            it.value = None
            it_children = it.children
            if not it_children:
                continue
            last = it_children.pop() if it_children[-1].type == "blank" else None
            if (
                it_children
                and it_children[0].type == "p"
                and not it.options.pop("first_as_para", None)
            ):
                if len(it_children) > 1:
                    _append(it_children[0].children[0], "\n")
                it_children[0].options["transparent"] = True

        children = self.tree.children
        if children and children[-1].type == "dl":
            self.lost_ial(
                deflist.options.get("ial"),
                para.location,
                "the definition list continues the one above",
            )
            children[-1].children.extend(deflist.children)
        elif len(children) >= 2 and children[-1].type == "blank" and children[-2].type == "dl":
            self.lost_ial(
                deflist.options.get("ial"),
                para.location,
                "the definition list continues the one above",
            )
            children.pop()
            children[-1].children.extend(deflist.children)
        else:
            if deflist.options.get("ial") is None:
                deflist.options.pop("ial", None)
            children.append(deflist)
        if last is not None:
            children.append(last)
        return True

    # -- html.rb (kramdown's block HTML) ---------------------------------------------------------
    def handle_kramdown_html_tag(self, el: Element, closed: bool, handle_body: bool) -> None:
        if self.block_ial is not None:
            el.options["ial"] = self.block_ial
            self.block_ial = None
        parent_raw = (
            self.tree.type == "html_element" and self.tree.options.get("content_model") == "raw"
        )
        if not parent_raw:
            content_model = (
                html_content_model(el.value) if self.option("parse_block_html") else "raw"
            )
        else:
            content_model = "raw"
        markdown = HTML_MARKDOWN_ATTR_MAP.get(el.attr.pop("markdown", None))  # type: ignore[arg-type]
        if markdown is not None:
            content_model = html_content_model(el.value) if markdown == "default" else markdown
        if content_model == "block" and self.depth >= self.options.max_nesting:
            self.nesting_exceeded(el.options.get("location"))
            content_model = "raw"
        src = self.src
        if content_model == "block":
            src.scan(TRAILING_WHITESPACE_RE)
        el.options["content_model"] = content_model
        el.options["is_closed"] = closed
        if closed or not handle_body:
            return
        if content_model == "block":
            if self.parse_blocks(el) != "found":
                self.warn(
                    el.options.get("location"),
                    "unclosed-html",
                    f"<{el.value}> is never closed: kramdown takes the rest of the document as "
                    f"its content; add </{el.value}>",
                )
        elif content_model == "span":
            start = src.pos
            stop = re.compile(rf"(?=</{el.value}{SP}*>)", re.S | re.I | re.M)
            if src.scan_until(stop) is not None:
                self.add_text(src.string[start : src.pos], el)
                src.scan(HTML_TAG_CLOSE_RE)
            else:
                self.add_text(src.rest(), el)
                src.terminate()
                self.warn(
                    el.options.get("location"),
                    "unclosed-html",
                    f"<{el.value}> is never closed: kramdown takes the rest of the document as "
                    f"its content; add </{el.value}>",
                )
        else:
            self.parse_raw_html(el)
        if not (
            self.tree.type == "html_element" and self.tree.options.get("content_model") == "raw"
        ):
            src.scan(TRAILING_WHITESPACE_RE)

    def parse_block_html(self) -> bool | str:
        src = self.src
        line = src.current_line_number()
        comment = src.scan(HTML_COMMENT_RE)
        if comment is not None:
            self.tree.children.append(
                Element("xml_comment", comment, category="block", location=line)
            )
            src.scan(TRAILING_WHITESPACE_RE)
            return True
        if src.check(HTML_BLOCK_TAG_RE) and src.group(1).lower() not in HTML_SPAN_ELEMENTS:
            src.pos += src.matched_size()
            self.handle_html_start_tag(line)
            return True
        if src.check(HTML_BLOCK_TAG_CLOSE_RE) and src.group(1).lower() not in HTML_SPAN_ELEMENTS:
            name = src.group(1).lower()
            if self.tree.type == "html_element" and self.tree.value == name:
                src.pos += src.matched_size()
                return "found"
        return False


_INVALID = object()


def _parse_option(key: str, value: Any) -> Any:
    """kramdown's Options.parse for the values ``{::options}`` gives (strings)."""
    text = str(value)
    if key in BOOLEAN_OPTIONS:
        return text.lower().strip() != "false" and text != ""
    if key in INTEGER_OPTIONS:
        try:
            return int(text)
        except ValueError:
            return _INVALID
    if key == "gfm_quirks":
        return [q.strip() for q in text.split(",") if q.strip()]
    if key == "toc_levels":
        if ".." in text:
            low, _, high = text.partition("..")
            try:
                return list(range(int(low), int(high) + 1))
            except ValueError:
                return _INVALID
        try:
            return [int(level) for level in text.split(",")]
        except ValueError:
            return _INVALID
    return text


def _describe_ial(ial: dict[str, Any]) -> str:
    parts = [f".{c}" for c in ial.get("class", "").split()]
    parts += [
        f"#{v}" if k == "id" else f'{k}="{v}"' for k, v in ial.items() if k not in ("class", REFS)
    ]
    parts += list(ial.get(REFS, ()))
    return "{:" + " ".join(parts) + "}"


def adapt_source(source: str) -> str:
    """base.rb adapt_source: ``\\r\\n``/``\\r`` → ``\\n``, exactly one final newline."""
    source = re.sub(r"\r\n?", "\n", source)
    return _chomp(source) + "\n"


class SpanScanner:
    """The two span parsers the table parser runs: code spans and (optionally) span HTML.

    kramdown parses the content of span HTML elements with all its span parsers; here only
    code spans and nested span HTML are looked for there (they decide where it ends).
    """

    def __init__(self, parser: BlockParser, text: str, html: bool) -> None:
        self.parser = parser
        self.src = Scanner(text, line_anchored=False)
        self.html = html

    def parse(self) -> list[Element]:
        root = Element("root")
        self._parse(root, None, True, self.html)
        return root.children

    def _add(self, tree: Element, text: str) -> None:
        if tree.children and tree.children[-1].type == "raw_text":
            tree.children[-1].value += text
        elif text:
            tree.children.append(Element("raw_text", text))

    def _parse(
        self, tree: Element, stop: re.Pattern[str] | None, codespans: bool, html: bool
    ) -> bool:
        src = self.src
        starts = [stop.pattern] if stop is not None else []
        starts += ["`"] if codespans else []
        starts += ["<"] if html else []
        start = re.compile(f"(?={'|'.join(starts)})", stop.flags if stop else re.M)
        while not src.eos():
            result = src.scan_until(start)
            if result is None:
                if stop is None:
                    self._add(tree, src.rest())
                    src.terminate()
                break
            self._add(tree, result)
            if stop is not None and src.check(stop):
                return True
            if codespans and src.check(CODESPAN_DELIMITER_RE):
                self._codespan(tree)
            elif html and src.check(HTML_SPAN_START_RE):
                self._span_html(tree)
            else:
                self._add(tree, src.getch())
        return False

    def _codespan(self, tree: Element) -> None:
        src = self.src
        start = src.pos
        delimiter = src.scan(CODESPAN_DELIMITER_RE) or ""
        simple = len(delimiter) == 1
        # kramdown: pre_match =~ /\s\Z|\A\Z/ && match?(/\s/)
        after_space = start == 0 or src.string[start - 1] in " \t\n\v\f\r"
        if simple and after_space and src.string[src.pos : src.pos + 1] in _SPACE_CHARS:
            self._add(tree, delimiter)
            return
        saved = src.pos
        text = src.scan_until(re.compile(re.escape(delimiter)))
        if text is None:
            src.pos = saved
            self._add(tree, delimiter)
            return
        text = text[: -len(delimiter)]
        if not simple:
            text = text[1:] if text.startswith(" ") else text
            text = text[:-1] if text.endswith(" ") else text
        tree.children.append(Element("codespan", text))

    def _span_html(self, tree: Element) -> None:
        src = self.src
        parser = self.parser
        if (comment := src.scan(HTML_COMMENT_RE)) is not None:
            tree.children.append(Element("xml_comment", comment))
        elif (result := src.scan(HTML_TAG_CLOSE_RE)) is not None:
            self._add(tree, result)
        elif (result := src.scan(HTML_TAG_RE)) is not None:
            tag_name = src.group(1)
            if tag_name.lower() in HTML_ELEMENT:
                tag_name = tag_name.lower()
            if tag_name in HTML_BLOCK_ELEMENTS:
                self._add(tree, result)
                return
            attrs, _ = parse_html_attributes(src.group(2), tag_name in HTML_ELEMENT)
            closed = src.group(4) is not None
            raw = html_content_model(tag_name) == "raw" or tree.options.get("content_model") == (
                "raw"
            )
            do_parsing = False if raw else bool(parser.option("parse_span_html"))
            markdown = HTML_MARKDOWN_ATTR_MAP.get(attrs.pop("markdown", None))  # type: ignore[arg-type]
            if markdown == "span":
                do_parsing = True
            elif markdown == "default":
                do_parsing = html_content_model(tag_name) != "raw"
            elif markdown == "raw":
                do_parsing = False
            el = Element(
                "html_element", tag_name, attrs, content_model="span" if do_parsing else "raw"
            )
            tree.children.append(el)
            flags = re.I | re.M if tag_name in HTML_ELEMENT else re.M
            stop = re.compile(rf"</{re.escape(tag_name)}{SP}*>", flags)
            if not closed and tag_name not in HTML_ELEMENTS_WITHOUT_BODY:
                if self._parse(el, stop, do_parsing, True):
                    src.scan(stop)
                else:
                    self._add(el, src.rest())
                    src.terminate()
        else:
            self._add(tree, src.getch())


def parse_blocks(
    text: str,
    options: KramdownOptions | None = None,
    *,
    header_text: Callable[[str], str] | None = None,
) -> Element:
    """Parse ``text`` as kramdown does, down to (not into) span-level text.

    ``header_text`` turns a header's raw span source into its plain text, for GFM's
    automatic ids (``auto_id_stripping``); by default :func:`span_plain_text`.
    """
    parser = BlockParser(options or KramdownOptions(), header_text)
    return parser.parse(text)
