"""The bounds of one page, unit by unit (pure modules, no Sphinx).

No timing is asserted here: the bombs' build (test_bombs.py) runs under a
time and memory limit.  These check what each bound does to the page.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from jekyll_guide.attributes import AttributeList, parse_attribute_list, resolve_references
from jekyll_guide.frontmatter import split_front_matter, yaml_size_problem
from jekyll_guide.kramdown import KramdownOptions, parse_blocks
from jekyll_guide.limits import INFINITE, expanded_size
from jekyll_guide.liquid import JekyllEnvironment, LiquidLimits, load_site_data, render_liquid

# ---- expanded_size -------------------------------------------------------------------

values = st.recursive(
    st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none()),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=30,
)


def _naive(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, int):
        return value.bit_length() // 8 + 1
    if isinstance(value, dict):
        return len(value) + 1 + sum(_naive(k) + _naive(v) for k, v in value.items())
    return len(value) + 1 + sum(_naive(v) for v in value)


@given(values)
def test_expanded_size_counts_what_an_expansion_would_write(value):
    assert expanded_size(value) == _naive(value)


@given(values, st.integers(min_value=1, max_value=6))
def test_shared_parts_count_each_time_they_appear(value, copies):
    shared = [value] * copies
    assert expanded_size([shared, shared]) == _naive([list(shared), list(shared)])


def test_an_alias_bomb_is_measured_without_being_expanded():
    bomb = ["lol"] * 9
    for _ in range(30):
        bomb = [bomb] * 9  # 9 ** 31 strings
    assert expanded_size(bomb, limit=1_000_000) > 1_000_000
    assert expanded_size(bomb) > 9**31


def test_a_value_that_contains_itself_is_infinite_and_deep_values_do_not_recurse():
    loop: list = []
    loop.append(loop)
    assert expanded_size(loop) == INFINITE
    deep: list = []
    for _ in range(200_000):
        deep = [deep]
    assert expanded_size(deep) == 400_001


# ---- YAML ----------------------------------------------------------------------------


def test_a_billion_laughs_front_matter_is_refused_with_the_key_that_explodes():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    text = "---\ntitle: T\n" + "\n".join(lines) + "\n---\nBody\n"
    result = split_front_matter(text)
    assert result.data == {} and result.body.endswith("Body\n")
    [problem] = result.problems
    assert problem.kind == "yaml_too_large" and problem.line == 11  # the line of i: &i
    assert "jekyll_max_yaml_size" in problem.message
    assert split_front_matter(text, max_yaml_size=10**10).data["title"] == "T"


def test_an_integer_python_cannot_convert_stays_text():
    result = split_front_matter("---\nn: " + "9" * 6000 + "\nm: 12\n---\n")
    assert result.data == {"n": "9" * 6000, "m": 12} and result.problems == []


def test_recursive_yaml_is_refused():
    data = yaml.safe_load("x: &x [*x]")
    assert "contains itself" in yaml_size_problem(data, 10**9)


def test_a_data_file_too_large_is_left_out_and_reported(tmp_path):
    (tmp_path / "ok.yml").write_text("a: 1\n")
    (tmp_path / "big.yml").write_text(
        "a: &a [" + ",".join(['"x"'] * 50) + "]\nb: [" + ",".join(["*a"] * 50) + "]\n"
    )
    problems: list = []
    data = load_site_data(tmp_path, max_yaml_size=1000, problems=problems)
    assert data == {"ok": {"a": 1}}
    assert [path.name for path, _ in problems] == ["big.yml"]


# ---- Liquid --------------------------------------------------------------------------


def _render(text, tmp_path: Path, **limits):
    (tmp_path / "_includes").mkdir(exist_ok=True)
    env = JekyllEnvironment(tmp_path / "_includes", {}, limits=LiquidLimits(**limits))
    return render_liquid(text, env, {"title": "T"})


def test_a_filter_result_over_the_bound_is_refused_before_it_is_made(tmp_path):
    text = "{% assign s = 'xxxxxxxxxx' %}{% assign s = s | replace: 'x', s %}{{ s | size }}"
    result = _render(text, tmp_path, value_size=50)
    assert result.text.endswith("10")  # the assignment that would pass 50 is not made
    assert "jekyll_liquid_max_value_size = 50" in result.problems[0].message
    assert _render(text, tmp_path, value_size=500).text == "100"


def test_time_up_shows_the_rest_of_the_page_as_written(tmp_path):
    slow = "{% for i in (1..9999) %}{% assign t = i | append: 'x' | upcase %}{% endfor %}"
    text = "{{ 'avant' }}\n" + slow * 200 + "\n{{ 'après' }}"
    result = _render(text, tmp_path, seconds=0.3)
    assert result.text.startswith("avant\n")
    assert result.text.endswith("{{ 'après' }}")  # shown as written, not rendered
    [problem] = result.problems
    assert "jekyll_liquid_max_seconds = 0.3" in problem.message


def test_uniq_is_linear_and_keeps_jekyll_semantics(tmp_path):
    text = (
        "{% assign s = 'a,b,a,c' | split: ',' %}{% for i in (1..15) %}"
        "{% assign s = s | concat: s %}{% endfor %}{{ s | uniq | join: '' }}"
    )
    assert _render(text, tmp_path).text == "abc"


# ---- attribute lists -----------------------------------------------------------------


def test_ald_chains_that_double_at_each_step_are_resolved_once():
    definitions = {
        f"a{i}": AttributeList(classes=[f"c{i}"], references=[f"a{i + 1}", f"a{i + 1}"])
        for i in range(80)
    }
    definitions["a80"] = AttributeList(classes=["last"])
    resolved = resolve_references(parse_attribute_list("a0"), definitions)
    assert resolved.classes[0] == "last" and "c0" in resolved.classes


def test_block_ald_chains_and_huge_lists_are_capped():
    chain = "".join(f"{{:a{i}: a{i + 1} a{i + 1} .c{i}}}\n" for i in range(60))
    root = parse_blocks(
        chain + "{:a60: .x}\n\n{: a0}\nTexte\n", KramdownOptions(max_attributes=100)
    )
    [paragraph] = [el for el in root.children if el.type == "p"]
    assert len(paragraph.attr["class"].split()) == 100
    assert [p.kind for p in root.options["problems"]] == ["too-many-attributes"]
    huge = "{: " + " ".join(f".c{i}" for i in range(100_000)) + "}\nTexte\n"
    root = parse_blocks(huge, KramdownOptions())
    assert len(root.children[0].attr["class"].split()) == 1000


def test_lines_of_unclosed_braces_take_linear_time():
    for text in ("{:\n" * 20_000, "{:a:\n" * 20_000, "{::x \n" * 20_000, "{:\n" * 20_000 + "}x}\n"):
        parse_blocks(text, KramdownOptions())
