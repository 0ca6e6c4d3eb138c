"""jekyll_guide.kramdown: the block parser against Ruby kramdown itself, tree for tree.

``tests/kramdown_tree.rb`` dumps kramdown's block tree (span text collapsed into one
``raw_text`` child holding the span source) for a batch of documents in one Ruby process;
:func:`dump` dumps ours the same way, and the two must be equal.
"""

from __future__ import annotations

import functools
import gc
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jekyll_guide.kramdown import REFS, Element, KramdownOptions, parse_blocks
from jekyll_guide.kramdown.blocks import Scanner, generate_gfm_header_id, span_plain_text

TREE_SCRIPT = Path(__file__).with_name("kramdown_tree.rb")
VALUE_TYPES = {
    "blank", "codeblock", "math", "html_element", "xml_comment", "xml_pi", "comment", "raw",
    "text", "colon_fence",
}  # fmt: skip
OPTION_KEYS = (
    "level", "transparent", "content_model", "is_closed", "category", "lang", "fenced",
    "alignment", "first_list_marker", "type", "ial",
)  # fmt: skip


@functools.cache
def ruby_kramdown_available() -> bool:
    if shutil.which("ruby") is None:
        return False
    probe = subprocess.run(
        ["ruby", "-rkramdown", "-e", "require 'kramdown-parser-gfm'"],
        capture_output=True,
        timeout=60,
    )
    return probe.returncode == 0


def require_kramdown() -> None:
    require(ruby_kramdown_available(), "Ruby kramdown + kramdown-parser-gfm (ruby-kramdown)")


def ruby_trees(docs: list[dict]) -> list[dict]:
    """kramdown's trees for a batch of ``{"text", "options"}``, in one Ruby process."""
    result = subprocess.run(
        ["ruby", str(TREE_SCRIPT)],
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def dump(el: Element) -> dict:
    """Our element as kramdown_tree.rb dumps kramdown's."""
    node: dict = {"type": el.type, "attr": dict(el.attr), "loc": el.options.get("location")}
    if el.type in VALUE_TYPES:
        node["value"] = el.value
    node["opts"] = {k: el.options[k] for k in OPTION_KEYS if el.options.get(k) is not None}
    raw = [c for c in el.children if c.type == "raw_text"]
    if raw:
        node["children"] = [{"type": "raw_text", "value": raw[-1].value, "loc": raw[-1].location}]
    else:
        node["children"] = [dump(c) for c in el.children]
    return node


def our_options(options: dict) -> KramdownOptions:
    return KramdownOptions.from_mapping(options)


def compare(docs: list[dict]) -> list[tuple[dict, str]]:
    """The documents whose trees differ (skipping those kramdown itself fails on)."""
    failures = []
    for doc, theirs in zip(docs, ruby_trees(docs), strict=True):
        if "error" in theirs:
            continue
        root = parse_blocks(doc["text"], our_options(doc.get("options", {})))
        ours = dump(root)
        if ours != theirs["tree"]:
            failures.append((doc, first_difference(ours, theirs["tree"])))
            continue
        footnotes = {name: dump(el) for name, el in root.options["footnotes"].items()}
        for tree in footnotes.values():
            tree["attr"] = {}
        if footnotes != theirs["footnotes"]:
            failures.append((doc, f"footnotes: {footnotes} != {theirs['footnotes']}"))
            continue
        links = {k: [v[0], v[1]] for k, v in root.options["link_defs"].items()}
        if links != theirs["link_defs"]:
            failures.append((doc, f"link_defs: {links} != {theirs['link_defs']}"))
        if root.options["abbrev_defs"] != theirs["abbrev_defs"]:
            failures.append((doc, "abbrev_defs differ"))
        if root.options["alds"] != theirs["alds"]:
            failures.append((doc, f"alds: {root.options['alds']} != {theirs['alds']}"))
    return failures


def first_difference(ours: dict, theirs: dict, path: str = "root") -> str:
    for key in ("type", "value", "attr", "loc", "opts"):
        if ours.get(key) != theirs.get(key):
            return f"{path}.{key}: ours {ours.get(key)!r} kramdown {theirs.get(key)!r}"
    a, b = ours.get("children", []), theirs.get("children", [])
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return first_difference(x, y, f"{path}/{i}:{x.get('type')}")
    return f"{path}: {len(a)} children, kramdown {len(b)}: {[c['type'] for c in b]}"


def assert_same(docs: list[dict]) -> None:
    failures = compare(docs)
    report = "\n".join(f"{doc!r}\n    {why}" for doc, why in failures[:20])
    assert not failures, f"{len(failures)}/{len(docs)} documents differ:\n{report}"


def gfm(text: str, **options) -> dict:
    return {"text": text, "options": {"input": "GFM", **options}}


def kd(text: str, **options) -> dict:
    return {"text": text, "options": {"input": "kramdown", **options}}


# --- fixed cases: every construct, every quirk met -------------------------------------------
FIXED = [
    # paragraphs, headers, ids
    "para\n",
    "line one\nline two  \nline three\n",
    "# Title\n\ntext\n",
    "# Title #\n## Sub ##\n### {#x} no\n",
    "# Title {#custom-id}\n\n## Other {#o}\ntext\n",
    "# Same\n# Same\n# Same\n",
    "Setext\n======\n\nSub\n---\n",
    "para\nSetext\n======\n",
    "para\n# GFM header ends paragraph\n",
    "#nospace\n",
    "#   \n",
    "# Don't -- stop\n",
    "# Héllo wörld ñ 日本\n",
    "# `code` and *em* and _under_\n",
    "# [link](http://x) text\n",
    "# A {: .no}\n",
    "</details>\n===\n",  # a stray end tag stays text: its name is in the id
    "# <div> and <span>x</span> </b>\n",
    # blockquotes
    "> quote\n> more\nlazy\n\n> other\n",
    "> # h\n> para\n>\n> * list\n",
    "> > nested\n> > deeper\n",
    "para\n> quote ends para in GFM\n",
    # code
    "    code\n    more\n\n    after blank\n",
    "    code\nlazy line\n",
    "```\nfenced\n```\n",
    "```ruby\nputs 1\n```\n",
    "```{note}\nMyST directive body\n```\n",
    "```python title\nnot a fence for kramdown\n```\n",
    "````\ncode\n```\n",
    "~~~\ntilde\n~~~\n",
    "  ```\nindented fence\n  ```\n",
    "```\nunclosed fence\n",
    "para\n```\ncode\n```\n",
    # hr
    "* * *\n\n---\n\n___\n",
    # lists
    "* a\n* b\n",
    "* a\n\n* b\n",
    "* a\n* b\n\n  c\n* d\n",
    "1. one\n2. two\n10. ten\n",
    "* a\n  * nested\n  * nested2\n* b\n",
    "* a\nlazy\n* b\n",
    "* {:.cls} item\n* {:#id} second\n",
    "* {:.cls}\n  item on next line\n",
    "* a\n\n\n* b\n",
    "* a\n^\n* b\n",
    "* a\n* b\n\npara\n",
    "- [ ] todo\n- [x] done\n- plain\n",
    "*\tx\n*  \ty\n",
    "* a\n\n* * *\n",
    "* para\n\n      code in item\n",
    "para\n* list after para\n",
    "* a\n{:.after}\n",
    "* a\n\n{:.x}\n* b\n",
    # definition lists
    "term\n: definition\n",
    "term\n\n: definition\n",
    "t1\nt2\n: d1\n: d2\n\nt3\n: d3\n",
    "term {:.t}\n: {:.d} def\n",
    "{:.dl}\nterm\n: def\n",
    "term\n: def\n{:.after}\n",
    # tables
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
    "a | b\n--|--\n1 | 2\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n|===|===|\n| f | g |\n",
    "| `a|b` | c |\n| d | e |\n",
    "| only header |\n|---|\n",
    "{:.x}\n| a\nfoo\n",
    "| a | b\n| c\n{:.tbl}\n",
    "|a|\n|-\n|b|\n",
    "| a | <span>x|y</span> |\n",
    "| `code\nspan` |\n",
    # HTML
    "<div>\nraw *content*\n\n  kept\n</div>\n",
    '<div markdown="1">\n# inside\n\n* list\n</div>\n',
    '<div markdown="1">a\n# h\n</div>\n',
    '<div markdown="span">*em* text</div>\n',
    '<div markdown="0">raw</div>\n',
    "<div>\n<div>\ninner\n</div>\n</div>\n",
    "<div>\nnever closed\n",
    '<div markdown="1">\nnever closed\n',
    "<!-- comment -->\npara\n",
    "  <!-- indented comment -->\n",
    "<script>x</script>\npara\n",
    "<style>\nb {}\n</style>\n",
    "<p>para html</p>\n",
    "<span>span starts a paragraph</span>\n",
    "<DIV CLASS=a>upper</DIV>\n",
    "<div><br><hr/></div>\n",
    "<div>\n</p>\n</div>\n",
    "para\n</div>\nmore\n",
    "<?php echo 1; ?>\n",
    "<div a='1' b=\"2\" c=3 d>x</div>\n",
    "<custom-el>x</custom-el>\n",
    # IALs, ALDs
    "para\n{:.a}\n",
    "para\n{:.a}\n{:#b}\n",
    "{:.a}\npara\n",
    "{:.a}\n\npara\n",
    "para\n\n{:.lost}\n",
    "{:.a}\n{:.b}\npara\n",
    "{:ref: .c1 #i1}\npara\n{:ref}\n",
    "{:r1: .a}\n{:r2: r1 .b}\npara\n{: r2 .c}\n",
    "para\n{:undefined}\n",
    "para\n{: key=\"v\" k2='w' .c #d}\n",
    "{:a: .x}\n{:a: .y}\n# h\n{:a}\n",
    "para\n{:  }\n",
    "para\n{:.a}\n\n{:.b}\n\npara2\n",
    "# h\n{:.hc}\n",
    "---\n{:.rule}\n",
    "    code\n{:.codecls}\n",
    "```\nx\n```\n{:.f}\n",
    "> q\n{:.bq}\n",
    "{:.first}\n# header\n",
    "\n{:.x}\npara\n",
    # extensions
    "{::comment}\nhidden\n{:/comment}\npara\n",
    "{::comment}\nhidden\n{:/}\n",
    "{::comment}\n{:/}\n{::comment}\n{:/comment}\n",
    "{::comment}\nnever closed\n",
    "{::nomarkdown}\n<b>raw</b>\n{:/nomarkdown}\n",
    '{::nomarkdown type="html latex"}\nx\n{:/}\n',
    '{::options parse_block_html="true" /}\n<div>\n*x*\n</div>\n',
    '{::options unknown_opt="1" /}\npara\n',
    "{::unknown}\nbody\n{:/unknown}\n",
    "{::comment /}\npara\n",
    "{:/}\n",
    "{:/comment}\n",
    "para\n{::comment}\nc\n{:/}\n{:.x}\n",
    # definitions
    '[id]: http://example.com "Title"\n[other]: <http://x.y>\n',
    "[id]: http://example.com\n{:.lnk}\n",
    "*[HTML]: Hyper Text\n",
    "text[^1]\n\n[^1]: note\n    more\n",
    "$$\nx^2\n$$\n",
    "para\n$$x$$\n",
    "\\$$x$$\n",
    "^\n",
    "para\n^\npara2\n",
    # odd input
    "",
    "\n\n\n",
    "a\r\nb\rc\n",
    "\tindented with tab\n",
    "   \n",
]


def test_fixed_cases_gfm():
    require_kramdown()
    assert_same([gfm(text) for text in FIXED])


def test_fixed_cases_kramdown_input():
    require_kramdown()
    assert_same([kd(text) for text in FIXED])


def test_fixed_cases_options():
    require_kramdown()
    docs = []
    for text in FIXED[::3]:
        docs.append(gfm(text, parse_block_html=True))
        docs.append(gfm(text, gfm_quirks=[]))
        docs.append(gfm(text, auto_id_prefix="p-", auto_ids=True))
        docs.append(kd(text, parse_block_html=True, auto_ids=False))
    assert_same(docs)


# --- generated documents ------------------------------------------------------------------------
WORDS = st.sampled_from(
    ["alpha", "beta", "Gamma", "délta", "x", "a b", "*em*", "_u_", "`c`", "don't", "1.5"]
)


@st.composite
def inline(draw) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))


IAL = st.sampled_from(["{:.c1}", "{:#i1}", "{:.c2 .c3}", "{:r1}", '{: k="v"}', "{:nope}"])


@st.composite
def block(draw) -> str:
    kind = draw(st.integers(0, 17))
    text = draw(inline())
    if kind == 0:
        return text + "\n"
    if kind == 1:
        level = "#" * draw(st.integers(1, 3))
        header_id = draw(st.sampled_from(["", " {#hid}", " {#hid2}"]))
        return f"{level} {text}{header_id}\n"
    if kind == 2:
        items = draw(st.lists(inline(), min_size=1, max_size=3))
        marker = draw(st.sampled_from(["*", "-", "1."]))
        sep = draw(st.sampled_from(["\n", "\n\n"]))
        ial = draw(st.sampled_from(["", "{:.li} "]))
        nested = draw(st.sampled_from(["", "  * nested\n", "\n    indented\n"]))
        return sep.join(f"{marker} {ial}{item}" for item in items) + "\n" + nested
    if kind == 3:
        return f"> {text}\n> {draw(inline())}\n"
    if kind == 4:
        fence = draw(st.sampled_from(["```", "~~~", "```ruby", "```{note}"]))
        return f"{fence}\n{text}\n\n{fence[:3]}\n"
    if kind == 5:
        return f"    {text}\n    more\n"
    if kind == 6:
        return f"| {text} | b |\n|---|---|\n| 1 | {draw(inline())} |\n"
    if kind == 7:
        md = draw(st.sampled_from(["", ' markdown="1"', ' markdown="span"', ' markdown="0"']))
        tag = draw(st.sampled_from(["div", "section", "p", "aside"]))
        return f"<{tag}{md}>\n{text}\n\n{draw(inline())}\n</{tag}>\n"
    if kind == 8:
        return draw(IAL) + "\n"
    if kind == 9:
        return "{:r1: .ald-class}\n"
    if kind == 10:
        return f"{{::comment}}\n{text}\n{{:/comment}}\n"
    if kind == 11:
        return f"{{::nomarkdown}}\n<b>{text}</b>\n{{:/}}\n"
    if kind == 12:
        return f"{text}\n: {draw(inline())}\n"
    if kind == 13:
        return "---\n"
    if kind == 14:
        return "^\n"
    if kind == 15:
        return f"{text}\n{draw(IAL)}\n"
    if kind == 16:
        return f"<!-- {text} -->\n"
    return "\n"


@st.composite
def document(draw) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=7))
    size = len(blocks)
    joiners = draw(st.lists(st.sampled_from(["", "\n"]), min_size=size, max_size=size))
    return "".join(b + j for b, j in zip(blocks, joiners, strict=True))


def test_generated_documents_match_kramdown():
    """400 generated documents (GFM) and 100 (kramdown input), in one Ruby batch."""
    require_kramdown()
    docs: list[dict] = []

    @settings(
        max_examples=500,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(document())
    def collect(text):
        docs.append(gfm(text) if len(docs) % 5 else kd(text))

    collect()
    assert len(docs) >= 400
    assert_same(docs)


# --- pure tests (no Ruby) ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("para\n\n{:.lost}\n", "lost-ial"),  # last in the document
        ("{:.x}\n\npara\n", "lost-ial"),  # kramdown gives it to the blank line
        ("* a\n\n  {:.x}\n* b\n", "lost-ial"),  # last in a list item
        ("{:.x}\n| a\nfoo\n", "lost-ial"),  # taken by a table kramdown gave up
        ("{::comment}\nx\n", "unclosed-extension"),
        ("{::nope}\nq\n{:/nope}\n", "unknown-extension"),
        ("<div>\nopen\n", "unclosed-html"),
        ('<div markdown="1">\nopen\n', "unclosed-html"),
        ("para\n{:undefined}\n", "undefined-ald"),
        ("| a |\n|---|\n", "table-without-body"),
        ("para\n{:  #}\n", "invalid-ial"),
    ],
)
def test_problems_are_reported(text, kind):
    problems = parse_blocks(text).options["problems"]
    assert [p.kind for p in problems] == [kind], problems
    line, _kind, message = problems[0]
    assert isinstance(line, int) and len(message) > 30


def test_no_problem_for_ials_that_apply():
    root = parse_blocks("{:.a}\npara\n{:.b}\n\n* {:.c} item\n\n# h {#x}\n{:.d}\n")
    assert root.options["problems"] == []


def test_undefined_ald_and_cycle():
    root = parse_blocks("{:a: b .x}\n{:b: a .y}\npara\n{:a}\n\nother\n{:zzz}\n")
    kinds = [kind for _line, kind, _message in root.options["problems"]]
    assert "ald-cycle" in kinds and "undefined-ald" in kinds
    paragraph = root.children[0]
    assert "x" in paragraph.attr["class"] and "y" in paragraph.attr["class"]


def test_ial_structures_are_kept():
    root = parse_blocks("{:r: .c}\npara\n{: r #i}\n")
    paragraph = root.children[0]
    assert paragraph.options["ial"] == {REFS: ["r"], "id": "i"}
    assert paragraph.attr == {"class": "c", "id": "i"}
    assert root.options["alds"] == {"r": {"class": "c"}}


def test_colon_fence_option():
    text = ":::{note} Title\nbody *x*\n:::\n\npara\n"
    root = parse_blocks(text, KramdownOptions(colon_fence=True))
    fence = root.children[0]
    assert (fence.type, fence.value) == ("colon_fence", "body *x*\n")
    assert fence.options["info"] == "{note} Title"
    plain = parse_blocks(text)
    assert plain.children[0].type == "p"


def test_deep_nesting_is_bounded():
    text = "> " * 300 + "deep\n"
    root = parse_blocks(text)
    assert any(kind == "nesting-too-deep" for _l, kind, _m in root.options["problems"])
    texts = [el.value for el in root.walk() if el.type == "raw_text"]
    assert any("deep" in t for t in texts)
    html = "<div>" * 300 + "x" + "</div>" * 300 + "\n"
    parse_blocks(html, KramdownOptions(parse_block_html=True))
    parse_blocks("* " * 200 + "x\n")


def test_big_inputs_stay_linear():
    """4x the input, about 4x the time: no construct makes the parser quadratic."""
    chunks = {
        "unclosed fences": "```x\n" * 500,
        "unclosed comments": "{::comment}\n" * 500 + "{:/}\n",
        "paragraph continuation": "a\n</div>\n" * 500,
        "many items": "* item\n" * 500,
        "many lists": "* a\n\npara\n\n" * 150,
        "table": "| a | b |\n|--|--|\n" + "| `x` | <span>y</span> |\n" * 250,
        "html": '<div markdown="1">\n<p>x</p>\n\npara\n</div>\n' * 120,
    }
    gc.disable()  # collections of the growing heap are not the parser's complexity
    try:
        for name, text in chunks.items():
            small = min(_timed(text) for _ in range(2))
            big = _timed(text * 4)
            assert big < max(small * 10, 0.2), f"{name}: {small:.3f}s then {big:.3f}s for 4x"
    finally:
        gc.enable()


def _timed(text: str) -> float:
    started = time.perf_counter()
    parse_blocks(text)
    return time.perf_counter() - started


def test_scanner_line_numbers_follow_kramdown():
    scanner = Scanner("a\nb\n\nc\n", 1)
    assert scanner.current_line_number() == 1
    scanner.pos = 1  # on the newline: kramdown counts it already
    assert scanner.current_line_number() == 2
    scanner.pos = 4
    assert scanner.current_line_number() == 4


def test_gfm_ids_are_unicode_aware():
    counter: dict[str, int] = {}
    assert generate_gfm_header_id("Héllo Wörld", counter, "") == "héllo-wörld"
    assert generate_gfm_header_id("Héllo Wörld", counter, "") == "héllo-wörld-1"
    assert span_plain_text("a `b` [c](http://d) _e_ -- f") == "a b c e \u2013 f"
