"""Front matter splitting alone: line numbers kept, problems reported, safe YAML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jekyll_guide.frontmatter import split_front_matter


def test_seed_front_matter(seed_text=None):
    from conftest import ROOT

    text = (ROOT / "docs" / "expertises" / "developpeur-back-end.md").read_text("utf-8")
    fm = split_front_matter(text)
    assert fm.data["title"] == "Développeur back-end freelance, création d'une API"
    assert fm.data["layout"] == "expertises"
    assert fm.data["summary"] == ""
    assert fm.problems == []
    # the body keeps its line numbers
    assert fm.body.splitlines()[15] == text.splitlines()[15]
    assert len(fm.body.splitlines()) == len(text.splitlines())
    assert fm.key_lines["title"] == 3


def test_no_front_matter():
    fm = split_front_matter("# Titre\n\ntexte\n")
    assert not fm.present and fm.body == "# Titre\n\ntexte\n"


def test_unclosed_front_matter_keeps_the_text():
    fm = split_front_matter("---\ntitle: x\n\ntexte\n")
    assert fm.data == {} and "texte" in fm.body
    assert fm.problems[0].line == 1 and "never closed" in fm.problems[0].message


def test_invalid_yaml_is_reported_at_its_line():
    fm = split_front_matter("---\ntitle: a\nsummary: [oops\n---\nbody\n")
    assert fm.data == {}
    assert fm.problems and fm.problems[0].line >= 3
    assert fm.body.endswith("body\n")


def test_list_instead_of_mapping():
    fm = split_front_matter("---\n- a\n- b\n---\nbody\n")
    assert fm.data == {} and "not a mapping" in fm.problems[0].message


def test_duplicate_keys_are_reported():
    fm = split_front_matter("---\ntitle: a\ntitle: b\n---\n")
    assert fm.data["title"] == "b"
    assert fm.problems[0].line == 3 and "twice" in fm.problems[0].message


def test_non_string_titles():
    assert split_front_matter("---\ntitle: 2024\n---\n").data["title"] == "2024"
    assert split_front_matter("---\ntitle: 2024-01-02\n---\n").data["title"] == "2024-01-02"
    fm = split_front_matter("---\ntitle: [a, b]\n---\n")
    assert "title" not in fm.data and "must be text" in fm.problems[0].message


def test_python_tags_are_never_constructed():
    fm = split_front_matter("---\ntitle: !!python/object/apply:os.system ['touch /tmp/x']\n---\n")
    assert fm.data == {} and fm.problems


def test_bom_and_crlf():
    fm = split_front_matter("\ufeff---\r\ntitle: a\r\n---\r\nbody\r\n")
    assert fm.data == {"title": "a"}


@given(st.text(max_size=300))
def test_any_text_splits_without_raising(text):
    fm = split_front_matter(text)
    assert isinstance(fm.data, dict)
    assert fm.body.count("\n") >= 0


@given(st.text(max_size=200))
def test_yaml_inside_front_matter_never_raises(yaml_text):
    fm = split_front_matter("---\n" + yaml_text.replace("---", "- - -") + "\n---\nbody\n")
    assert isinstance(fm.data, dict)
