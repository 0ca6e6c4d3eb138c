"""Liquid as Jekyll renders it: pure rendering, then in built pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jekyll_guide.liquid import JekyllEnvironment, load_site_data, render_liquid


@pytest.fixture
def environment(tmp_path) -> JekyllEnvironment:
    includes = tmp_path / "_includes"
    (includes / "boxes").mkdir(parents=True)
    (includes / "boxes" / "x.html").write_text("<b>{{ include.titre }}</b>/{{ include.n }}")
    (tmp_path / "secret.txt").write_text("SECRET")
    return JekyllEnvironment(includes, {"url": "https://ex.org", "baseurl": "/b", "title": "Site"})


def test_site_and_page_variables(environment):
    result = render_liquid("{{ site.title }} {{ page.title }}\n", environment, {"title": "P"})
    assert result.text == "Site P\n" and result.problems == []


def test_jekyll_include_with_unquoted_name_and_parameters(environment):
    result = render_liquid(
        '{% include boxes/x.html titre="Bonjour" n=page.n %}\n', environment, {"n": 3}
    )
    assert result.text == "<b>Bonjour</b>/3\n"
    assert [p.name for p in result.includes] == ["x.html"]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ '/a.html' | relative_url }}", "/b/a.html"),
        ("{{ '/a.html' | absolute_url }}", "https://ex.org/b/a.html"),
        ("{{ 'Été là !' | slugify }}", "été-là"),
        ("{{ '2024-03-05' | date_to_string }}", "05 Mar 2024"),
        ("{{ 'a <b>' | xml_escape }}", "a &lt;b&gt;"),
        ("{{ 'un deux trois' | number_of_words }}", "3"),
        ("{{ site.missing | default: 'x' }}", "x"),
    ],
)
def test_jekyll_filters(environment, template, expected):
    result = render_liquid(template, environment, {})
    assert result.text == expected, result.problems


def test_where_filter(environment):
    environment.site["items"] = [{"k": "a", "v": 1}, {"k": "b", "v": 2}]
    result = render_liquid(
        "{% assign x = site.items | where: 'k', 'b' %}{{ x[0].v }}", environment, {}
    )
    assert result.text == "2"


def test_line_numbers_survive_removed_and_added_lines(environment):
    source = (
        "a\n{% if page.no %}\nb\nc\n{% endif %}\nd {{ page.typo }}\n"
        "{% for i in (1..3) %}\nx\n{% endfor %}\ne\n"
    )
    result = render_liquid(source, environment, {})
    lines = result.text.split("\n")
    assert lines[result.line_map.index(6) - 1].startswith("d")
    e_line = lines.index("e") + 1
    assert result.line_map[e_line] == 10
    (problem,) = result.problems
    assert (
        problem.kind == "liquid_undefined" and problem.line == 6 and "page.typo" in problem.message
    )


def test_testing_an_undefined_variable_is_silent(environment):
    assert render_liquid("{% if page.header_cta %}x{% endif %}", environment, {}).problems == []


@pytest.mark.parametrize(
    "template",
    [
        "{% include ../secret.txt %}",
        "{% include /etc/passwd %}",
        "{% include missing.html %}",
        "{% include boxes/../../secret.txt %}",
    ],
)
def test_includes_never_leave_the_includes_folder(environment, template):
    result = render_liquid("avant\n" + template + "\n", environment, {})
    assert "SECRET" not in result.text and "root:" not in result.text
    assert result.text == "avant\n" + template + "\n"  # the tag is shown as text
    assert result.problems and result.problems[0].line == 2


def test_loops_are_bounded(environment):
    result = render_liquid("{% for i in (1..100000000) %}x{% endfor %}", environment, {})
    assert result.problems and "limit" in result.problems[0].message


def test_syntax_errors_keep_the_page(environment):
    result = render_liquid("a\nb\n{% if %}\n", environment, {})
    assert result.text == "a\nb\n{% if %}\n"
    assert result.problems[0].line == 3


def test_unknown_filter_is_reported_and_ignored_as_jekyll_does(environment):
    result = render_liquid("{{ 'x' | nope }}", environment, {})
    assert result.text == "x"  # Jekyll's default: strict_filters is off
    (problem,) = result.problems
    assert problem.kind == "liquid_filter" and "unknown Liquid filter 'nope'" in problem.message


def test_raw_is_kept(environment):
    assert render_liquid("{% raw %}{{ x }}{% endraw %}", environment, {}).text == "{{ x }}"


def test_site_data_stays_inside_data(tmp_path):
    data = tmp_path / "_data"
    (data / "sub").mkdir(parents=True)
    (data / "a.yml").write_text("- 1\n- 2\n")
    (data / "b.json").write_text('{"k": "v"}')
    (data / "c.csv").write_text("nom,age\nA,3\n")
    (data / "sub" / "d.yml").write_text("x: 1\n")
    (data / "evil.yml").write_text("!!python/object/apply:os.system ['echo hacked']\n")
    (tmp_path / "outside.yml").write_text("secret: 1\n")
    (data / "link.yml").symlink_to(tmp_path / "outside.yml")
    loaded = load_site_data(data)
    assert loaded == {
        "a": [1, 2],
        "b": {"k": "v"},
        "c": [{"nom": "A", "age": "3"}],
        "sub": {"d": {"x": 1}},
    }


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}%ab \n|.'\"-ifendorx")), max_size=80))
def test_random_templates_never_raise(text):
    environment = JekyllEnvironment(Path("/nonexistent"), {})
    result = render_liquid(text, environment, {})
    assert isinstance(result.text, str)
    assert all(problem.line >= 1 for problem in result.problems)


def test_liquid_in_a_built_page(build_project):
    result = build_project(
        {
            "_config.yml": "title: Mon site\nurl: https://ex.org\n",
            "_data/equipe.yml": "- nom: Ana\n- nom: Bo\n",
            "_includes/note.html": "**{{ include.texte }}**",
            "page.md": """
                ---
                title: Essai
                ---

                Bienvenue sur {{ site.title }}.

                {% for p in site.data.equipe %}
                - {{ p.nom }}
                {% endfor %}

                {% include note.html texte="important" %}

                Texte {{ page.inconnue }} ici.

                Suite
                {: .toujours}

                {:my-5}
                x
                """,
        },
        conf="exclude_patterns = ['_includes', '_data']\n",
    )
    assert result.returncode == 0, result.warnings
    article = result.html("page").select_one("article")
    text = article.get_text()
    assert "Bienvenue sur Mon site." in text
    assert [li.get_text().strip() for li in article.select("li")] == ["Ana", "Bo"]
    assert article.find("strong").get_text() == "important"
    (warning,) = [w for w in result.warning_lines() if "jekyll.liquid" in w]
    assert "page.md:13:" in warning and "page.inconnue" in warning
    assert article.find("p", class_="toujours").get_text() == "Suite"
    # after a loop that added lines, warnings still give the source line
    (typo,) = [w for w in result.warning_lines() if "jekyll.undefined_ald" in w]
    assert "page.md:18:" in typo


def test_jekyll_tags_and_errors_in_a_built_page(build_project):
    """highlight, link, post_url, include_relative in a page; two broken tags do
    not stop the rest of its Liquid, and are reported at their lines."""
    result = build_project(
        {
            "_config.yml": "title: Mon site\nbaseurl: /doc\n",
            "_posts/2010-07-21-annonce.md": "---\ntitle: Annonce\n---\n\nTexte\n",
            "guide/part.md": "Partie de {{ page.title }}.\n",
            "guide/autre.md": "---\ntitle: Autre\n---\n\nAutre page\n",
            "guide/page.md": """
                ---
                title: Essai
                ---

                Voir {% link guide/autre.md %} et {% post_url 2010-07-21-annonce %}.

                {% include_relative part.md %}

                {% highlight Python linenos %}
                def f():
                    return "{{ site.title }}"
                {% endhighlight %}

                Avant {% nope %} après {{ site.title }}.

                {{ page.title | plus }} fin.
                """,
        },
        conf="exclude_patterns = ['_posts', 'guide/part.md']\n",
    )
    article = result.html("guide/page").select_one("article")
    text = article.get_text()
    assert "Voir /doc/guide/autre.html et /doc/2010/07/21/annonce.html." in text
    assert "Partie de Essai." in text
    code = article.select_one("div.highlight-python pre")
    assert code is not None and 'return "Mon site"' in code.get_text()
    assert article.select(".linenos") or article.select("span.linenos")
    assert "Avant {% nope %} après Mon site." in text
    # shown as its text; kramdown (GFM) reads a line with "|" as a table row
    assert "{{ page.title" in text and "plus }} fin." in text
    liquid = [w for w in result.warning_lines() if "jekyll.liquid]" in w]
    assert any("page.md:14:" in w and "unknown Liquid tag" in w for w in liquid), liquid
    assert any("page.md:16:" in w and "plus" in w for w in liquid), liquid
    assert len(liquid) == 2, liquid
