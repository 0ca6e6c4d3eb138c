"""The markdown-it plugin alone: which token each attribute list lands on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jekyll_guide.kramdown_plugin import PROBLEMS_KEY, kramdown_plugin
from markdown_it import MarkdownIt


def parse(text: str):
    md = MarkdownIt("commonmark").enable("table").use(kramdown_plugin)
    env: dict = {}
    tokens = md.parse(text, env)
    return tokens, env.get(PROBLEMS_KEY, [])


def attributed(tokens):
    """(token type, id, classes, attributes) of every token with an attribute list."""
    found = []
    for token in tokens:
        for t in [token, *(token.children or [])]:
            attrs = t.meta.get("kramdown") if t.meta else None
            if attrs:
                found.append((t.type, attrs.id, attrs.classes, attrs.attributes))
    return found


def test_after_a_heading_and_before_following_text():
    tokens, problems = parse("## Titre\n{: .a #x}\nTexte\n")
    assert attributed(tokens) == [("heading_open", "x", ["a"], {})]
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "heading_open",
        "paragraph_open",
    ]
    assert problems == []


def test_after_a_paragraph_without_blank_line():
    tokens, _ = parse("Texte\nsuite\n{: .a}\n")
    assert attributed(tokens) == [("paragraph_open", None, ["a"], {})]
    assert tokens[1].content == "Texte\nsuite"  # the IAL is not paragraph text


def test_before_a_paragraph():
    tokens, _ = parse("Avant\n\n{: .lead}\nTexte\n")
    assert attributed(tokens) == [("paragraph_open", None, ["lead"], {})]
    assert tokens[4].content == "Texte"


def test_between_two_blocks_applies_to_the_preceding_one():
    tokens, _ = parse("Un\n{: .b}\nDeux\n")
    assert attributed(tokens)[0][0] == "paragraph_open"
    assert tokens[1].content == "Un"


def test_several_in_a_row_merge():
    tokens, _ = parse("x\n{: .a .b}\n{: .c #i}\n")
    assert attributed(tokens) == [("paragraph_open", "i", ["a", "b", "c"], {})]


def test_lists_blockquotes_tables_code():
    text = (
        "- a\n- b\n{: .l}\n\n> q\n{: .q}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{: .t}\n\n"
        "```\ncode\n```\n{: .f}\n\n    indented\n{: .i}\n"
    )
    tokens, problems = parse(text)
    assert [(t, c) for t, _, c, _ in attributed(tokens)] == [
        ("bullet_list_open", ["l"]),
        ("blockquote_open", ["q"]),
        ("table_open", ["t"]),
        ("fence", ["f"]),
        ("code_block", ["i"]),
    ]
    assert problems == []


def test_inside_blockquote_and_list_item():
    # as kramdown: the loose item's paragraph, and the item itself with * {:.li}
    tokens, _ = parse("> texte\n> {: .dans}\n\n- item\n  {: .item}\n\n* {:.li} entrée\n")
    assert [(t, c) for t, _, c, _ in attributed(tokens)] == [
        ("paragraph_open", ["dans"]),
        ("paragraph_open", ["item"]),
        ("list_item_open", ["li"]),
    ]


def test_setext_heading():
    tokens, _ = parse("Titre\n=====\n{: #t}\n")
    assert attributed(tokens) == [("heading_open", "t", [], {})]


def test_span_ials():
    tokens, problems = parse(
        '[lien](https://x){:target="_blank"} *e*{: .m} **s**{: .n} `c`{: .k} ![i](a.png){: .img}'
    )
    assert attributed(tokens) == [
        ("link_open", None, [], {"target": "_blank"}),
        ("em_open", None, ["m"], {}),
        ("strong_open", None, ["n"], {}),
        ("code_inline", None, ["k"], {}),
        ("image", None, ["img"], {}),
    ]
    assert problems == []


def test_span_ial_after_text_is_text_with_a_problem():
    tokens, problems = parse("du texte{: .x} ici\n")
    assert attributed(tokens) == []
    assert problems[0][1] == "ial_unattached"
    # kramdown: "Found span IAL after text - ignoring it", and the text stays
    assert "{: .x}" in "".join(child.content for child in tokens[1].children)


def test_literal_in_code():
    tokens, problems = parse("`a{: .x}`\n\n```\n{: .y}\n```\n\n<div>\n{: .z}\n</div>\n")
    assert attributed(tokens) == []
    assert tokens[1].children[0].content == "a{: .x}"
    assert tokens[3].content == "{: .y}\n"
    assert "{: .z}" in tokens[4].content
    assert problems == []


def test_ald_definitions_and_references():
    tokens, problems = parse("{:titre: .font-primary .mt-5}\n\n## A\n{: titre #a}\n")
    assert attributed(tokens) == [("heading_open", "a", ["font-primary", "mt-5"], {})]
    assert problems == []
    assert all(t.type != "kramdown_ald" for t in tokens)


def test_undefined_reference_typo():
    tokens, problems = parse("Texte\n\n{:my-5}\nParagraphe\n")
    assert attributed(tokens) == []
    ((line, kind, message),) = problems
    assert (line, kind) == (2, "undefined_ald")
    assert "did you mean `{: .my-5}`?" in message


def test_ial_between_blank_lines_goes_to_the_next_block():
    tokens, problems = parse("Un\n\n{: .seul}\n\nDeux\n")
    assert attributed(tokens) == [("paragraph_open", None, ["seul"], {})]
    assert problems == []


def test_unattached_ial():
    tokens, problems = parse("Un\n\n{: .seul}\n")
    assert attributed(tokens) == []
    assert problems[0][1] == "ial_unattached"


def test_extensions():
    text = (
        "{::comment}\ncaché\n{:/comment}\n\n{::nomarkdown}\n<b>brut</b>\n{:/nomarkdown}\n\n"
        '{::options auto_ids="false" /}\n\nFin\n'
    )
    tokens, problems = parse(text)
    types = [t.type for t in tokens]
    assert types == [  # {::options} changes the parser; it leaves no token
        "kramdown_nomarkdown",
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    assert tokens[0].content == "<b>brut</b>\n"
    assert all("caché" not in (t.content or "") for t in tokens)
    assert problems == []


def test_unclosed_comment_keeps_the_rest():
    tokens, problems = parse("{::comment}\ntexte gardé\n")
    assert problems[0][1] == "kramdown_extension"
    assert any("texte gardé" in t.content for t in tokens)  # kramdown keeps it as text


def test_toc_marks_the_list():
    tokens, _ = parse("* toc\n{:toc}\n\n## A\n")
    assert tokens[0].type == "bullet_list_open" and tokens[0].meta["kramdown_toc"]


kramdownish = st.lists(
    st.sampled_from(
        [
            "{: .a}",
            "{:#b}",
            "{:x: .y}",
            "{: x}",
            "{:toc}",
            "{::comment}",
            "{:/comment}",
            "{::nomarkdown}",
            "{:/}",
            "## T",
            "- item",
            "> q",
            "```",
            "texte",
            "",
            "*e*{: .m}",
            '[l](u){:target="_blank"}',
            "{:",
            "}",
            "    code",
            "| a |",
            "|---|",
            "{:}",
            "{: #}",
        ]
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(kramdownish)
def test_random_kramdown_never_raises(lines):
    tokens, problems = parse("\n".join(lines))
    assert all(t.type not in ("kramdown_ial", "kramdown_ald") for t in tokens)
    assert all(isinstance(p[0], int) for p in problems)


@settings(deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    parse(text)
