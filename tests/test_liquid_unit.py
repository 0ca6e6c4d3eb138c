"""Liquid as Jekyll renders it, without Sphinx: tags, filters, error recovery.

Expected values of the filters were computed with Jekyll 4.3.1's own filters
(Debian's ``jekyll`` package, Addressable 2.8.1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jekyll_guide.liquid import MAX_PAGE_ERRORS, JekyllEnvironment, render_liquid

PAGE = {"title": "Essai", "path": "guide/page.md"}


@pytest.fixture
def site_dir(tmp_path) -> Path:
    site = tmp_path / "site"
    for folder in ("_includes", "guide/sub", "_posts/sub", "cat/_posts"):
        (site / folder).mkdir(parents=True)
    (site / "_includes" / "note.html").write_text("<b>{{ include.texte }}</b>")
    (site / "_includes" / "broken.html").write_text("a\nb {{ 'x' | plus }}\n")
    (site / "_includes" / "loop.html").write_text("{% include loop.html %}")
    (site / "_includes" / "typo.html").write_text("[{{ page.nothing }}]")
    (site / "guide" / "page.md").write_text("---\ntitle: Essai\n---\n")
    (site / "guide" / "autre.md").write_text("---\ntitle: Autre\n---\n")
    (site / "guide" / "notes.markdown").write_text("---\n---\n")
    (site / "guide" / "part.md").write_text("Partie de {{ page.title }} ({{ include.x }})")
    (site / "guide" / "sub" / "deep.md").write_text("Profond")
    (site / "guide" / "self.md").write_text("{% include_relative self.md %}")
    (site / "guide" / "bad.md").write_text("ok\n{% if %}\n")
    (site / "assets.pdf").write_bytes(b"%PDF")
    (site / "_posts" / "2010-07-21-annonce.md").write_text("---\n---\n")
    (site / "_posts" / "sub" / "2011-01-02-profond.md").write_text("---\n---\n")
    (site / "cat" / "_posts" / "2012-03-04-rangee.md").write_text("---\n---\n")
    (tmp_path / "secret.md").write_text("SECRET")
    os.symlink(tmp_path / "secret.md", site / "guide" / "lien.md")
    return site


@pytest.fixture
def env(site_dir) -> JekyllEnvironment:
    site = {"url": "https://ex.org", "baseurl": "/b", "title": "Site"}
    return JekyllEnvironment(site_dir / "_includes", site)


def render(env, text, page=PAGE, **kwargs):
    return render_liquid(text, env, page, **kwargs)


def test_site_folder_defaults_to_the_parent_of_includes(env, site_dir):
    assert env.site_dir == site_dir


# ---- raw ---------------------------------------------------------------------------


def test_raw_keeps_liquid_as_text(env):
    result = render(env, "{% raw %}{{ x }} {% if %}{% endraw %} {{ site.title }}")
    assert result.text == "{{ x }} {% if %} Site" and result.problems == []


def test_raw_with_whitespace_control(env):
    result = render(env, "a\n{%- raw -%}{{ x }}{%- endraw -%}\nb")
    assert result.text == "a{{ x }}b"


# ---- highlight ----------------------------------------------------------------------


def test_highlight_is_a_fenced_code_block(env):
    result = render(
        env, "avant\n{% highlight Ruby %}\ndef {{ page.title }}\n{% endhighlight %}\napres"
    )
    assert result.text == "avant\n```ruby\ndef Essai\n```\napres"
    assert result.problems == []


def test_highlight_fence_is_longer_than_backticks_in_the_code(env):
    result = render(env, "{% highlight md %}\n```\nx\n````\n{% endhighlight %}")
    assert result.text == "`````md\n```\nx\n````\n`````"


def test_highlight_with_linenos_is_a_myst_code_block(env):
    result = render(env, '{% highlight py linenos mark_lines="1 2" %}\na\nb\n{% endhighlight %}')
    assert result.text == ("```{code-block} py\n:linenos:\n:emphasize-lines: 1,2\n\na\nb\n```")


def test_highlight_in_the_middle_of_a_line_gets_its_own_lines(env):
    result = render(env, "x{% highlight js %}a{% endhighlight %}y")
    assert result.text == "x\n```js\na\n```\ny"


def test_highlight_keeps_the_indentation_of_a_list_item(env):
    source = "- item\n\n  {% highlight py %}\n  code\n  {% endhighlight %}\n- next"
    result = render(env, source)
    assert result.text == "- item\n\n  ```py\n  code\n  ```\n- next"


def test_highlight_lines_map_to_the_source(env):
    source = "a\n{% highlight py %}\none\ntwo\n{% endhighlight %}\nb"
    result = render(env, source)
    lines = result.text.split("\n")
    assert lines[result.line_map.index(3) - 1] == "one"
    assert result.line_map[lines.index("two") + 1] == 4
    assert result.line_map[lines.index("b") + 1] == 6


def test_highlight_without_language_is_reported(env):
    result = render(env, "{% highlight %}\nx\n{% endhighlight %}\n{{ site.title }}")
    assert result.text == "{% highlight %}\nx\n{% endhighlight %}\nSite"
    (problem,) = result.problems
    assert problem.line == 1 and "{% highlight <lang> %}" in problem.message


# ---- link, post_url -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "url"),
    [
        ("{% link guide/autre.md %}", "/b/guide/autre.html"),
        ("{% link /guide/autre.md %}", "/b/guide/autre.html"),
        ("{% link guide/notes.markdown %}", "/b/guide/notes.html"),
        ("{% link assets.pdf %}", "/b/assets.pdf"),
        ("{% link {{ page.cible }} %}", "/b/guide/autre.html"),
        ("{% link _posts/2010-07-21-annonce.md %}", "/b/2010/07/21/annonce.html"),
    ],
)
def test_link(env, tag, url):
    result = render(env, tag, {**PAGE, "cible": "guide/autre.md"})
    assert result.text == url and result.problems == []


def test_link_uses_the_permalink_given_by_the_caller(env):
    urls = {"guide/autre.md": "/autre/"}
    assert render(env, "{% link guide/autre.md %}", page_url_for=urls.get).text == "/b/autre/"
    assert render(env, "{% link guide/page.md %}", page_url_for=urls.get).text == (
        "/b/guide/page.html"
    )
    env.page_url_for = urls.get  # or once, on the environment
    assert render(env, "{% link guide/autre.md %}").text == "/b/autre/"


@pytest.mark.parametrize(
    "path", ["missing.md", "../secret.md", "guide/../../secret.md", "/etc/passwd", "guide"]
)
def test_link_to_a_missing_page_is_reported(env, path):
    source = f"a\n{{% link {path} %}} {{{{ site.title }}}}"
    result = render(env, source)
    assert result.text == f"a\n{{% link {path} %}} Site"
    (problem,) = result.problems
    assert problem.line == 2
    assert problem.message.startswith(f"could not find page '{path}' for {{% link %}}: ")


@pytest.mark.parametrize(
    ("tag", "url"),
    [
        ("{% post_url 2010-07-21-annonce %}", "/b/2010/07/21/annonce.html"),
        ("{% post_url sub/2011-01-02-profond %}", "/b/2011/01/02/profond.html"),
        ("{% post_url cat/2012-03-04-rangee %}", "/b/cat/2012/03/04/rangee.html"),
    ],
)
def test_post_url(env, tag, url):
    result = render(env, tag)
    assert result.text == url and result.problems == []


def test_post_url_follows_the_permalink_style(env):
    env.site["permalink"] = "pretty"
    assert render(env, "{% post_url 2010-07-21-annonce %}").text == "/b/2010/07/21/annonce/"
    env.site["permalink"] = "/:categories/:title:output_ext"
    assert render(env, "{% post_url cat/2012-03-04-rangee %}").text == "/b/cat/rangee.html"


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{% post_url 2010-07-22-absent %}", "could not find post '2010-07-22-absent'"),
        ("{% post_url annonce %}", "cannot read the post name"),
        ("{% post_url 2010-13-45-annonce %}", "cannot read the post name"),
        ("{% post_url ../2010-07-21-annonce %}", "could not find post"),
    ],
)
def test_post_url_problems(env, tag, message):
    result = render(env, tag)
    assert result.text == tag
    (problem,) = result.problems
    assert message in problem.message


# ---- include_relative ------------------------------------------------------------


def test_include_relative_reads_from_the_page_folder(env, site_dir):
    result = render(
        env, '{% include_relative part.md x="oui" %}\n{% include_relative sub/deep.md %}'
    )
    assert result.text == "Partie de Essai (oui)\nProfond"
    assert result.problems == []
    assert set(result.includes) == {
        (site_dir / "guide" / "part.md").resolve(),
        (site_dir / "guide" / "sub" / "deep.md").resolve(),
    }


def test_include_relative_without_page_path_reads_from_the_site_folder(env):
    assert render(env, "{% include_relative guide/sub/deep.md %}", {}).text == "Profond"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../secret.md", "invalid file name"),
        ("sub/../../../secret.md", "invalid file name"),
        ("./part.md", "invalid file name"),
        ("sub//deep.md", "invalid file name"),
        ("/etc/passwd", "absolute paths are refused"),
        ("lien.md", "not found"),  # a link leading out of the site folder
        ("absent.md", "not found"),
        ("sub", "not found"),
    ],
)
def test_include_relative_never_leaves_the_site_folder(env, name, message):
    result = render(env, f"a\n{{% include_relative {name} %}}\n{{{{ site.title }}}}")
    assert "SECRET" not in result.text and "root:" not in result.text
    assert result.text == f"a\n{{% include_relative {name} %}}\nSite"
    (problem,) = result.problems
    assert problem.line == 2 and message in problem.message


def test_include_relative_depth_is_bounded(env):
    result = render(env, "{% include_relative self.md %} suite", {"path": "guide/x.md"})
    assert result.text == "{% include_relative self.md %} suite"
    (problem,) = result.problems
    assert "nested too deeply" in problem.message


def test_error_inside_an_included_file_names_the_file(env):
    result = render(env, "x\n{% include_relative bad.md %}\n{% include broken.html %}")
    assert result.text == "x\n{% include_relative bad.md %}\n{% include broken.html %}"
    first, second = result.problems
    assert first.line == 2 and "in guide/bad.md, line 2" in first.message
    assert second.line == 3 and "in _includes/broken.html, line 2" in second.message


def test_undefined_variable_in_an_include_is_reported_at_the_include(env):
    result = render(env, "a\n{% include typo.html %}")
    assert result.text == "a\n[]"
    (problem,) = result.problems
    assert problem.kind == "liquid_undefined" and problem.line == 2
    assert "_includes/typo.html" in problem.message


def test_recursive_include_is_bounded(env):
    result = render(env, "{% include loop.html %} suite")
    assert result.text == "{% include loop.html %} suite"
    assert "nested too deeply" in result.problems[0].message


# ---- filters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "filter_name", "value", "expected"),
    [
        ({"baseurl": "/b"}, "relative_url", "/a.html", "/b/a.html"),
        ({"baseurl": "/b/"}, "relative_url", "a.html", "/b/a.html"),
        ({"baseurl": "/b"}, "relative_url", "", "/b"),
        ({}, "relative_url", "", ""),
        ({}, "relative_url", "//cdn.x/a", "//cdn.x/a"),
        ({"baseurl": "/b"}, "relative_url", "https://x.org/A b", "https://x.org/A b"),
        ({"baseurl": "/b"}, "relative_url", "mailto:a@b", "mailto:a@b"),
        (
            {"baseurl": "/b"},
            "relative_url",
            "/été/a b.html?q=a b#f g",
            ("/b/%C3%A9t%C3%A9/a%20b.html?q=a%20b#f%20g"),
        ),
        ({}, "relative_url", "/a/../b/./c", "/b/c"),
        ({}, "relative_url", "/a%zz", "/a%25zz"),
        ({"baseurl": "/b"}, "relative_url", "/a%41%2Fb[1]", "/b/aA%2Fb%5B1%5D"),
        ({"baseurl": "/b"}, "relative_url", "#frag", "/b/#frag"),
        (
            {"url": "https://ex.org", "baseurl": "/b"},
            "absolute_url",
            "/a.html",
            ("https://ex.org/b/a.html"),
        ),
        ({"url": "https://ex.org"}, "absolute_url", "", "https://ex.org/"),
        (
            {"url": "https://EX.org/", "baseurl": "/b/"},
            "absolute_url",
            "a",
            ("https://ex.org//b/a"),
        ),
        (
            {"url": "HTTP://ex.org:80/x"},
            "absolute_url",
            "/y?a=b+c&d=%2B",
            ("http://ex.org/x/y?a=b+c&d=%2B"),
        ),
        ({"baseurl": "/b"}, "absolute_url", "/a", "/b/a"),
        ({}, "uri_escape", "foo, bar \\baz?", "foo,%20bar%20%5Cbaz?"),
        ({}, "uri_escape", "[x]{y}|<z>\"'`^", "[x]%7By%7D%7C%3Cz%3E%22'%60%5E"),
        ({}, "uri_escape", "%41%2F", "A/"),
        ({}, "cgi_escape", "foo, bar \\baz?", "foo%2C+bar+%5Cbaz%3F"),
        ({}, "cgi_escape", "été~!*", "%C3%A9t%C3%A9~%21%2A"),
        (
            {},
            "xml_escape",
            "foo \"bar\" <baz> & 'q'",
            ("foo &quot;bar&quot; &lt;baz&gt; &amp; &apos;q&apos;"),
        ),
        ({}, "normalize_whitespace", "  a\t b\n\nc  ", "a b c"),
        ({}, "normalize_whitespace", "a\u00a0 b", "a\u00a0 b"),
        ({}, "number_of_words", "  a\t b\n\nc  ", 3),
        ({}, "number_of_words", "a\u00a0b", 1),
        ({}, "slugify", "Été là !", "été-là"),
        ({}, "slugify", "The _config.yml file", "the-config-yml-file"),
        ({}, "markdownify", "*a*", "*a*"),
        (
            {},
            "jsonify",
            {"a": [1, 2.5, None, True], "b": "é<>&/"},
            ('{"a":[1,2.5,null,true],"b":"é<>&/"}'),
        ),
        ({}, "to_integer", "12abc", 12),
        ({}, "strip_index", "/a/index.html", "/a/"),
    ],
)
def test_filters_as_jekyll(site_dir, config, filter_name, value, expected):
    environment = JekyllEnvironment(site_dir / "_includes", dict(config))
    assert environment.filters[filter_name](value) == expected


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (("pretty",), "the-_config.yml-file"),
        (("latin",), "the-config-yml-file"),
        (("raw",), "the-_config.yml-file"),
        (("ascii",), "the-config-yml-file"),
        (("autre",), "the _config.yml file"),
    ],
)
def test_slugify_modes(env, arguments, expected):
    assert env.filters["slugify"]("The _config.yml file", *arguments) == expected


def test_url_filters_in_a_template(env):
    result = render(
        env, "{{ '/a.html' | relative_url }} {{ 'a' | absolute_url }} [{{ x | relative_url }}]"
    )
    assert result.text == "/b/a.html https://ex.org/b/a []"


def test_number_of_words_modes(env):
    assert env.filters["number_of_words"]("日本語 abc def", "cjk") == 5
    assert env.filters["number_of_words"]("abc def", "auto") == 2


def test_array_to_sentence_string(env):
    assert render(env, "{{ 'a,b,c' | split: ',' | array_to_sentence_string }}").text == (
        "a, b, and c"
    )
    assert render(env, "{{ 'a,b' | split: ',' | array_to_sentence_string: 'et' }}").text == "a et b"


ITEMS = [{"n": "b", "k": 2, "t": ["x"]}, {"n": "a", "k": "10"}, {"n": "c"}, {"n": "a", "k": 1}]


def test_group_by(env):
    env.site["items"] = ITEMS
    result = render(
        env,
        "{% assign groups = site.items | group_by: 'n' %}"
        "{% for g in groups %}{{ g.name }}={{ g.size }};{% endfor %}",
    )
    assert result.text == "b=1;a=2;c=1;"
    groups = env.filters["group_by"](ITEMS, "k")
    assert [g["name"] for g in groups] == ["2", "10", "", "1"]


def test_group_by_exp(env):
    env.site["items"] = ITEMS
    result = render(
        env,
        "{% assign g = site.items | group_by_exp: 'i', 'i.n | upcase' %}"
        "{% for x in g %}{{ x.name }}{{ x.size }}{% endfor %}",
    )
    assert result.text == "B1A2C1"


def test_sort_with_a_key_as_jekyll(env):
    keys = [item.get("k") for item in env.filters["sort"](ITEMS, "k")]
    assert keys == [None, 1, 2, "10"]  # nil first, "10" read as a number
    keys = [item.get("k") for item in env.filters["sort"](ITEMS, "k", "last")]
    assert keys == [1, 2, "10", None]
    assert env.filters["sort"](["b", "B", "a"]) == ["B", "a", "b"]
    env.site["items"] = ITEMS
    result = render(env, "{% assign s = site.items | sort: 'n' %}{{ s | map: 'n' | join }}")
    assert result.text == "a a b c"


def test_sort_problems(env):
    result = render(env, "{{ nothing | sort | join }}|{{ site.title | sort: 'x', 'middle' }}")
    assert result.text == "{{ nothing | sort | join }}|{{ site.title | sort: 'x', 'middle' }}"
    assert len(result.problems) == 2


def test_where_as_jekyll(env):
    items = [{"t": ["x", "y"]}, {"t": "x"}, {"t": None}, {"k": 1}, {"k": "1"}]
    where = env.filters["where"]
    assert where(items, "t", "x") == [{"t": ["x", "y"]}, {"t": "x"}]
    assert where(items, "t", None) == [{"t": None}, {"k": 1}, {"k": "1"}]
    assert where(items, "k", 1) == [{"k": 1}, {"k": "1"}]


def test_where_exp_and_find(env):
    env.site["items"] = ITEMS
    result = render(
        env,
        "{% assign a = site.items | where_exp: 'i', \"i.n == 'a' or i.k == 2\" %}"
        "{{ a | map: 'n' | join: ',' }}|"
        "{% assign t = site.items | where_exp: 'i', \"i.t contains 'x'\" %}{{ t[0].n }}|"
        "{{ site.items | find: 'n', 'a' | map: 'k' }}|"
        "{% assign f = site.items | find_exp: 'i', 'i.k == 1' %}{{ f.n }}",
    )
    assert result.text == "b,a,a|b|10|a"
    assert result.problems == []


def test_where_exp_with_a_bad_expression_is_reported(env):
    env.site["items"] = ITEMS
    result = render(env, "x\n{{ site.items | where_exp: 'i', 'i.n ==' }}")
    assert result.text == "x\n{{ site.items | where_exp: 'i', 'i.n ==' }}"
    (problem,) = result.problems
    assert problem.line == 2 and "where_exp" in problem.message


def test_array_filters(env):
    assert env.filters["pop"]([1, 2, 3], 2) == [1]
    assert env.filters["shift"]([1, 2, 3]) == [2, 3]
    assert env.filters["push"]([1], 2) == [1, 2]
    assert env.filters["unshift"]([1], 2) == [2, 1]


# ---- errors do not switch Liquid off -------------------------------------------------


def test_two_errors_two_problems_and_the_rest_rendered(env):
    source = (
        "Titre {{ page.title }}\n"  # 1
        "{% nope %}\n"  # 2: unknown tag (parse error)
        "Site {{ site.title }}\n"  # 3
        "{{ site.title | plus }}\n"  # 4: filter error (render error)
        "{% for i in (1..2) %}{{ i }}{% endfor %}\n"  # 5
    )
    result = render(env, source)
    assert result.text == ("Titre Essai\n{% nope %}\nSite Site\n{{ site.title | plus }}\n12\n")
    assert [(p.kind, p.line) for p in result.problems] == [("liquid", 2), ("liquid", 4)]
    assert "unknown Liquid tag {% nope %}" in result.problems[0].message
    assert "plus" in result.problems[1].message


def test_every_parse_error_is_reported(env):
    lines = [f"{{{{#each items{n}}}}} {{{{ site.title }}}}" for n in range(40)]
    result = render(env, "\n".join(lines))
    assert result.text.split("\n")[7] == "{{#each items7}} Site"
    assert [p.line for p in result.problems] == list(range(1, 41))
    assert all("{% raw %}" in p.message for p in result.problems)


def test_every_render_error_is_reported(env):
    lines = [f"{n} {{{{ site.title | plus }}}} {{{{ page.title }}}}" for n in range(40)]
    result = render(env, "\n".join(lines))
    assert result.text.split("\n")[39] == "39 {{ site.title | plus }} Essai"
    assert [p.line for p in result.problems] == list(range(1, 41))


def test_unclosed_block(env):
    result = render(env, "a\n{% if page.title %}\nb {{ site.title }}\n")
    assert result.text == "a\n{% if page.title %}\nb Site\n"
    (problem,) = result.problems
    assert problem.line == 2 and "add {% endif %}" in problem.message


def test_block_closed_by_the_end_of_another(env):
    result = render(env, "{% if page.title %}{% for x in y %}\n{% endif %}[{{ site.title }}]")
    assert result.text == "{% for x in y %}\n[Site]"
    (problem,) = result.problems
    assert "{% for %} is never closed before {% endif %}" in problem.message


def test_orphan_end_tag(env):
    result = render(env, "a {% endif %} b {{ site.title }}")
    assert result.text == "a {% endif %} b Site"
    assert "closes no open {% if %}" in result.problems[0].message


def test_failing_block_is_shown_whole(env):
    source = "{% for x in %}\n{{ x }}\n{% endfor %}\n{{ site.title }}"
    result = render(env, source)
    assert result.text == "{% for x in %}\n{{ x }}\n{% endfor %}\nSite"
    (problem,) = result.problems
    assert problem.line == 1 and "{% for x in %}" in problem.message


def test_invalid_braces_do_not_switch_liquid_off(env):
    source = "```js\nconst a = {{ b: 1 }};\nlet c = `{{`;\n```\n{{ site.title }}"
    result = render(env, source)
    assert result.text == "```js\nconst a = {{ b: 1 }};\nlet c = `{{`;\n```\nSite"
    assert [p.line for p in result.problems] == [2, 3]


def test_render_error_in_a_loop_is_shown_at_each_iteration(env):
    result = render(env, "{% for i in (1..2) %}[{{ i | divided_by: 0 }}]{% endfor %}")
    assert result.text == "[{{ i | divided_by: 0 }}][{{ i | divided_by: 0 }}]"
    assert len(result.problems) == 1


def test_loop_limit_shows_the_loop_as_text(env):
    source = "{% for i in (1..100000) %}{% nope %}{{ i }}{% endfor %} {{ site.title }}"
    result = render(env, source)
    assert result.text == "{% for i in (1..100000) %}{% nope %}{{ i }}{% endfor %} Site"
    assert "limit" in result.problems[-1].message


def test_output_limit_shows_the_tag_that_passes_it_as_text(env):
    source = "{{ site.title }} {% for i in (1..9000) %}{{ site.big }}{% endfor %} {{ site.title }}"
    env.site["big"] = "x" * 1000
    env.site["title"] = "Site"
    result = render(env, source)
    assert result.text == "Site {% for i in (1..9000) %}{{ site.big }}{% endfor %} Site"
    assert "jekyll_liquid_max_output = 5 000 000" in result.problems[-1].message


def test_too_many_errors_give_the_page_without_liquid(env):
    source = "{{ site.title }}" + "{% nope %}" * (MAX_PAGE_ERRORS + 1)
    result = render(env, source)
    assert result.text == source
    assert "without Liquid" in result.problems[-1].message


def test_unknown_filter_is_ignored_and_reported_once_per_line(env):
    result = render(env, "{% for i in (1..3) %}{{ i | nope }}{% endfor %}")
    assert result.text == "123"
    (problem,) = result.problems
    assert problem.kind == "liquid_filter"


# ---- text and lines -------------------------------------------------------------


def test_whitespace_control_as_jekyll(env):
    assert render(env, "a\n{%- if true -%}\nb\n{%- endif -%}\nc").text == "abc"
    assert render(env, 'x  {{- "y" -}}  z').text == "xyz"


def test_captured_text_is_the_text(env):
    source = (
        "{% capture t %}\nHello\n{% endcapture %}{% assign s = t | strip %}"
        '{% if s == "Hello" %}same{% endif %}[{{ t | size }}]'
    )
    assert render(env, source).text == "same[7]"


def test_lines_after_a_loop_and_an_error(env):
    source = "{% for i in (1..3) %}\nrow {{ i }}\n{% endfor %}\n{% nope %}\nend {{ page.typo }}\n"
    result = render(env, source)
    lines = result.text.split("\n")
    assert [result.line_map[n + 1] for n, line in enumerate(lines) if line == "row 2"] == [2]
    assert result.line_map[lines.index("{% nope %}") + 1] == 4
    assert result.line_map[lines.index("end ") + 1] == 5
    assert [(p.kind, p.line) for p in result.problems] == [
        ("liquid", 4),
        ("liquid_undefined", 5),
    ]


# ---- include, variables --------------------------------------------------------


def test_include_name_with_liquid_and_parameters_on_several_lines(env):
    source = (
        '{% include {{ page.boite }} texte="a" %}|'
        "{% include note.{{ page.ext }}\n  texte=page.title %}"
    )
    result = render(env, source, {**PAGE, "boite": "note.html", "ext": "html"})
    assert result.text == "<b>a</b>|<b>Essai</b>"
    assert result.problems == []


def test_include_never_follows_a_link_out_of_includes(env, site_dir, tmp_path):
    (site_dir / "_includes" / "lien.html").symlink_to(tmp_path / "secret.md")
    result = render(env, "{% include lien.html %}")
    assert result.text == "{% include lien.html %}"
    assert "was not found in _includes/" in result.problems[0].message


def test_jekyll_variables_that_always_exist_are_not_reported(env):
    del env.site["baseurl"]
    result = render(env, "[{{ site.baseurl }}] {{ page.name }} {{ page.dir }}")
    assert result.text == "[] page.md /guide/"
    assert result.problems == []
