"""The IAL/ALD parser alone (no Sphinx): kramdown's syntax, edge cases, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jekyll_guide.attributes import (
    ALD_LINE,
    BLOCK_IAL_LINE,
    AttributeList,
    filter_html_attributes,
    parse_attribute_list,
    resolve_references,
)


def test_classes_and_id_of_the_seed():
    attrs = parse_attribute_list(" .font-primary .my-5 #differences")
    assert attrs.classes == ["font-primary", "my-5"]
    assert attrs.id == "differences"
    assert attrs.problems == []


def test_kramdown_documented_example():
    # kramdown syntax docs: {: #myid .class1 .class2 key="value" ref}
    attrs = parse_attribute_list(' #myid .class1 .class2 key="value" ref')
    assert (attrs.id, attrs.classes, attrs.attributes, attrs.references) == (
        "myid",
        ["class1", "class2"],
        {"key": "value"},
        ["ref"],
    )


def test_compact_form_and_last_id_wins():
    attrs = parse_attribute_list(".a#b.c #Foo_Bar")
    assert attrs.classes == ["a", "c"]
    assert attrs.id == "Foo_Bar"  # spelling kept, as kramdown does


def test_quoted_values_with_escapes():
    attrs = parse_attribute_list(r"""title="a \"b\" \}" lang='fr' data-x='it\'s'""")
    assert attrs.attributes == {"title": 'a "b" }', "lang": "fr", "data-x": "it's"}


def test_id_and_class_written_as_key_value():
    attrs = parse_attribute_list('id="ancre" class="x y"')
    assert attrs.id == "ancre" and attrs.classes == ["x", "y"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("#1", "invalid_id"),
        ("#", "invalid_id"),
        ('.a"b', "invalid_class"),
        ("key=unquoted", "invalid_attribute"),
        ('id="1 2"', "invalid_id"),
        ("", "empty_ial"),
    ],
)
def test_bad_parts_are_reported_not_kept(text, kind):
    attrs = parse_attribute_list(text)
    assert [p.kind for p in attrs.problems] == [kind]
    assert attrs.id is None and attrs.classes == []


def test_bare_name_is_a_reference():
    assert parse_attribute_list("my-5").references == ["my-5"]


def test_references_expand_definitions_then_own_parts():
    definitions = {
        "ref": parse_attribute_list(".r #rid"),
        "titre": parse_attribute_list(".font-primary ref"),
    }
    resolved = resolve_references(parse_attribute_list("titre .own #mine"), definitions)
    assert resolved.classes == ["r", "font-primary", "own"]
    assert resolved.id == "mine"
    assert resolved.problems == []


def test_undefined_reference_hints_the_class():
    resolved = resolve_references(parse_attribute_list("my-5"), {})
    assert resolved.is_empty()
    (problem,) = resolved.problems
    assert problem.kind == "undefined_ald"
    assert "no attribute list definition 'my-5'" in problem.message
    assert "did you mean `{: .my-5}`?" in problem.message


def test_reference_cycles_are_reported():
    definitions = {"a": parse_attribute_list("b .x"), "b": parse_attribute_list("a .y")}
    resolved = resolve_references(parse_attribute_list("a"), definitions)
    assert [p.kind for p in resolved.problems] == ["ald_cycle"]
    assert set(resolved.classes) == {"x", "y"}


def test_line_patterns():
    assert BLOCK_IAL_LINE.match("{: .a #b}")
    assert BLOCK_IAL_LINE.match("{:toc}")
    assert not BLOCK_IAL_LINE.match("{::comment}")
    assert not BLOCK_IAL_LINE.match("{: .x")
    assert ALD_LINE.match("{:titre: .font-primary}")["name"] == "titre"


def test_allowlist_drops_handlers_style_href_and_adds_noopener():
    kept, problems = filter_html_attributes(
        {
            "target": "_blank",
            "onclick": "x()",
            "style": "color:red",
            "href": "javascript:x",
            "data-id": "1",
            "aria-label": "l",
            "title": "t",
        },
        ("title", "aria-*", "data-*"),
        is_link=True,
    )
    assert kept == {
        "target": "_blank",
        "rel": "noopener",
        "data-id": "1",
        "aria-label": "l",
        "title": "t",
    }
    assert sorted(p.message.split("'")[1] for p in problems) == ["href", "onclick", "style"]


def test_target_is_only_for_links():
    kept, problems = filter_html_attributes({"target": "_blank"}, ("title",), is_link=False)
    assert kept == {} and len(problems) == 1


@given(st.text(max_size=200))
def test_any_text_parses_without_raising(text):
    attrs = parse_attribute_list(text)
    assert isinstance(attrs, AttributeList)
    if attrs.id is not None:
        assert " " not in attrs.id and attrs.id[0].isalpha()
    for cls in attrs.classes:
        assert cls and not any(ch.isspace() or ch in "\"'<>" for ch in cls)


@given(st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=30), max_size=8))
def test_allowlist_never_keeps_dangerous_attributes(attributes):
    kept, _ = filter_html_attributes(attributes, ("title", "data-*"), is_link=True)
    for name in kept:
        assert not name.startswith("on")
        assert name not in ("href", "src", "style")
