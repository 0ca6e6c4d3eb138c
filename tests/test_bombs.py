"""No page can take the build down (issue #13): resource bombs, one page each.

Each page is built in one ``sphinx-build`` run under ``RLIMIT_AS`` (1.5 GB)
and a 3-minute timeout: the build must finish, every page must keep its text,
and each bomb must give its ``jekyll.*`` warning at its ``file:line``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, write_files
from jekyll_guide.config import CONFIG_VALUES

MEMORY_LIMIT = 1_500_000_000
TIME_LIMIT = 180


def _laughs(levels: int) -> str:
    """A "billion laughs" YAML document: 9 ** levels strings in a few lines."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijk"
    for previous, name in zip(names, names[1:levels], strict=False):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines)


def _page(name: str, body: str, front: str = "") -> str:
    return f"---\ntitle: {name}\n{front}---\n\nTexte {name} intact.\n\n{body}\n\nFin {name}.\n"


#: name → (page, warning kind, text on the line the warning points at)
BOMBS: dict[str, tuple[str, str, str]] = {
    "yaml-alias": (
        _page("yaml-alias", "{{ page.j | join: ',' | size }}", _laughs(10) + "\n"),
        "yaml_too_large",
        "j: &j",
    ),
    "yaml-recursive": (
        _page("yaml-recursive", "{{ page.x | jsonify }}", "x: &x [*x, *x]\n"),
        "yaml_too_large",
        "x: &x",
    ),
    "yaml-big-number": (
        _page("yaml-big-number", "{{ page.n | plus: 1 }}", "n: " + "9" * 6000 + "\n"),
        "liquid",
        "{{ page.n",
    ),
    "liquid-append": (
        _page(
            "liquid-append",
            "{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}"
            "{% endfor %}{{ s | size }}",
        ),
        "liquid",
        "{% for i in (1..40) %}",
    ),
    "liquid-capture": (
        _page(
            "liquid-capture",
            "{% assign s = 'x' %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}"
            "{% endcapture %}{% endfor %}",
        ),
        "liquid",
        "{% for i in (1..40) %}",
    ),
    "liquid-replace": (
        _page(
            "liquid-replace",
            "{% assign s = 'xxxxxxxxxx' %}\n"
            + "{% assign s = s | replace: 'x', 'xxxxxxxxxx' %}\n" * 8
            + "{{ s | size }}",
        ),
        "liquid",
        "replace:",
    ),
    "liquid-times": (
        _page(
            "liquid-times",
            "{% assign n = 2 %}{% for i in (1..40) %}{% assign n = n | times: n %}{% endfor %}"
            "{{ n }}",
        ),
        "liquid",
        "{% for i",
    ),
    "liquid-push": (
        _page(
            "liquid-push",
            "{% assign a = '' | split: ',' %}{% for i in (1..60) %}{% assign a = a | push: a %}"
            "{% endfor %}{{ a | jsonify | size }}",
        ),
        "liquid",
        "{% for i",
    ),
    "liquid-range": (
        _page("liquid-range", "{{ (1..100000000) | join: ',' | size }}"),
        "liquid",
        "{{ (1..",
    ),
    "liquid-output": (
        _page("liquid-output", "{% for i in (1..9000) %}{% include big.html %}{% endfor %}"),
        "liquid",
        "{% for i",
    ),
    "liquid-loop": (
        _page(
            "liquid-loop",
            "{% for a in (1..1000) %}{% for b in (1..1000) %}x{% endfor %}{% endfor %}",
        ),
        "liquid",
        "{% for a",
    ),
    "liquid-include-self": (
        _page("liquid-include-self", "{% include self.html %}"),
        "liquid",
        "{% include self.html %}",
    ),
    "liquid-include-fan": (
        _page("liquid-include-fan", "{% include fan.html d=0 %}"),
        "liquid",
        "{% include fan.html",
    ),
    "liquid-time": (
        _page(
            "liquid-time",
            "{% for i in (1..9999) %}{% assign t = i | append: 'x' | upcase %}{% endfor %}\n" * 400,
        ),
        "liquid",
        "{% for i",
    ),
    "liquid-uniq": (
        _page(
            "liquid-uniq",
            "{% assign s = 'a,b' | split: ',' %}"
            + "{% assign s = s | concat: s %}" * 17
            + "{{ s | uniq | size }}",
        ),
        "",
        "",
    ),
    "ald-chain": (
        _page(
            "ald-chain",
            "".join(f"{{:a{i}: a{i + 1} a{i + 1} .c{i}}}\n" for i in range(60))
            + "{:a60: .last}\n\n{: a0}\nParagraphe ald-chain.",
        ),
        "too_many_attributes",
        "{: a0}",
    ),
    "ald-cycle": (
        _page("ald-cycle", "{:a: b .x}\n{:b: a .y}\n\n{: a}\nParagraphe ald-cycle."),
        "ald_cycle",
        "{: a}",
    ),
    "ial-huge": (
        _page("ial-huge", "{: " + " ".join(f".c{i}" for i in range(200_000)) + "}\nParagraphe."),
        "too_many_attributes",
        "{: .c0",
    ),
    "brace-lines": (_page("brace-lines", "{:\n" * 20_000), "", ""),
    "span-braces": (_page("span-braces", "{:" * 25_000), "", ""),
    "emphasis-nest": (
        _page("emphasis-nest", "*a _b " * 3000 + "c_ d*" * 3000),
        "nesting_too_deep",
        "*a _b",
    ),
    "html-span-nest": (
        _page("html-span-nest", "a " + "<span>" * 5000 + "x" + "</span>" * 5000 + " b"),
        "nesting_too_deep",
        "<span>",
    ),
    "many-links": (
        _page("many-links", " ".join("[a](/x){: .c}" for _ in range(20_000))),
        "too_many_blocks",
        "[a](/x)",
    ),
    "deep-list": (
        _page("deep-list", "".join("  " * i + "- x\n" for i in range(2000))),
        "nesting_too_deep",
        "",
    ),
    "big-table": (
        _page(
            "big-table",
            "|" + "a|" * 400 + "\n|" + "-|" * 400 + "\n" + ("|" + "b|" * 400 + "\n") * 100,
        ),
        "too_many_blocks",
        "|",
    ),
    "search-word": (_page("search-word", "x" * 3_000_000), "", ""),
}

#: Bombs whose warning has no bound to raise: a cycle, numbers Python cannot write.
WITHOUT_SETTING = {"ald-cycle", "yaml-recursive", "liquid-times", "yaml-big-number"}

INCLUDES = {
    "_includes/self.html": "moi {% include self.html %}",
    "_includes/fan.html": (
        "{% assign e = include.d | plus: 1 %}{% if include.d < 40 %}"
        "{% include fan.html d=e %}{% include fan.html d=e %}{% endif %}"
    ),
    "_includes/big.html": "x" * 2000,
}

CONF = """
extensions = ["jekyll_guide"]
language = "fr"
html_theme = "alabaster"
exclude_patterns = ["_build"]
"""

#: Runs sphinx-build under the memory limit and prints its peak RSS.
RUNNER = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from sphinx.cmd.build import main
    status = main(sys.argv[1:])
    print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
    sys.exit(status)
    """
)


@pytest.fixture(scope="module")
def bomb_build(tmp_path_factory):
    src = tmp_path_factory.mktemp("bombs") / "src"
    pages = {f"{name}.md": text for name, (text, _, _) in BOMBS.items()}
    toctree = "\n".join(BOMBS)
    pages["index.md"] = f"---\ntitle: Accueil\n---\n\n```{{toctree}}\n{toctree}\n```\n"
    write_files(src, {"conf.py": CONF, **INCLUDES}, dedent=False)
    write_files(src, pages, dedent=False)
    out = src / "_build" / "html"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "_ext"), NO_COLOR="1")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            RUNNER.format(limit=MEMORY_LIMIT),
            "-T",
            "-b",
            "html",
            "-d",
            str(src / "_build" / "doctrees"),
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIME_LIMIT,
    )
    return src, out, result


def test_the_build_finishes_within_its_bounds(bomb_build):
    _, _, result = bomb_build
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    peak_kb = int(result.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    assert peak_kb * 1024 < MEMORY_LIMIT


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_every_page_keeps_its_text(bomb_build, name):
    _, out, _ = bomb_build
    soup = BeautifulSoup((out / f"{name}.html").read_text("utf-8"), "lxml")
    text = soup.select_one("div.body, article, main").get_text()
    assert f"Texte {name} intact." in text
    assert f"Fin {name}." in text


@pytest.mark.parametrize("name", sorted(n for n, (_, kind, _) in BOMBS.items() if kind))
def test_each_bomb_warns_at_its_line(bomb_build, name):
    src, _, result = bomb_build
    page, kind, marker = BOMBS[name]
    lines = [
        line
        for line in result.stderr.splitlines()
        if f"{name}.md:" in line and line.rstrip().endswith(f"[jekyll.{kind}]")
    ]
    assert lines, result.stderr[-3000:]
    if marker:  # at a line of the bomb (each of the eight replace lines is one)
        expected = [i for i, text in enumerate(page.splitlines(), 1) if marker in text]
        assert any(f"{src / name}.md:{i}:" in line for line in lines for i in expected), lines
    if name not in WITHOUT_SETTING:  # the warning names the value that raises the bound
        settings = [value.name for value in CONFIG_VALUES]
        assert any(setting in line for line in lines for setting in settings), lines
