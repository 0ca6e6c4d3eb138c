"""Bad and hostile input: a clear warning, nothing lost, nothing escapes."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import DEFAULT_CONF, ROOT, RTD_HTML_ARGS, sphinx_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).parent / "corpus"
WARNING = re.compile(r"^(?P<file>[^:]+\.md):(?P<line>\d+): WARNING: .*\[jekyll\.(?P<kind>\w+)\]$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp("corpus") / "src"
    shutil.copytree(CORPUS, src, ignore=shutil.ignore_patterns("expected.yml"))
    (src / "conf.py").write_text(DEFAULT_CONF)
    (src / "index.md").write_text("---\ntitle: Corpus\n---\n\n```{toctree}\n:glob:\n*\n```\n")
    html = sphinx_build(src)
    latex = sphinx_build(src, builder="latex")
    return src, html, latex


def _jekyll_warnings(build):
    found: dict[str, list[list]] = {}
    for line in build.warning_lines():
        match = WARNING.match(line)
        if match:
            name = Path(match["file"]).name
            found.setdefault(name, []).append([match["kind"], int(match["line"])])
    return found


EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text("utf-8"))


def test_build_finishes(corpus):
    _, html, latex = corpus
    assert html.returncode == 0, html.warnings
    assert latex.returncode == 0, latex.warnings


def test_every_warning_is_a_jekyll_warning(corpus):
    _, html, _ = corpus
    others = [line for line in html.warning_lines() if "[jekyll." not in line]
    assert others == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_warnings_at_file_and_line(corpus, name):
    _, html, _ = corpus
    assert sorted(_jekyll_warnings(html).get(name, [])) == sorted(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nothing_is_lost_in_html_and_pdf(corpus, name):
    src, html, latex = corpus
    text = (CORPUS / name).read_bytes().decode("utf-8", errors="replace")
    markers = re.findall(r"GARDE\d", text)
    page = BeautifulSoup((html.outdir / name.replace(".md", ".html")).read_text(), "lxml")
    body = page.select_one("article").get_text()
    (tex_file,) = latex.outdir.glob("*.tex")
    tex = tex_file.read_text("utf-8")
    for marker in markers:
        assert marker in body, (name, marker)
        assert marker in tex, (name, marker)


def test_warnings_say_how_to_fix(corpus):
    _, html, _ = corpus
    lines = [line for line in html.warning_lines() if "[jekyll." in line]
    assert lines
    for line in lines:
        message = line.split("WARNING: ", 1)[1]
        assert len(message) > 40, line


# ---- big and deep pages ------------------------------------------------------


def test_big_and_deep_pages(build_project):
    deep = "\n".join("  " * i + f"- niveau {i}" for i in range(100))
    headings = "\n".join(f"## Titre {i}\n\nTexte {i}.\n" for i in range(10_000))
    paragraph = "Un paragraphe ordinaire d'une page très longue, " * 20 + "\n\n"
    big = paragraph * (5_000_000 // len(paragraph) + 1)
    result = build_project(
        {
            "profonde.md": "---\ntitle: Profonde\n---\n\n" + deep + "\n",
            "titres.md": "---\ntitle: Dix mille titres\n---\n\n" + headings,
            "grosse.md": "---\ntitle: Cinq mégaoctets\n---\n\n" + big + "FIN-DE-PAGE\n",
        }
    )
    assert result.returncode == 0, result.warnings[-3000:]
    assert "niveau 99" in result.html("profonde").get_text()
    titres = (result.outdir / "titres.html").read_text("utf-8")
    assert "Titre 9999" in titres
    assert len(big) > 5_000_000
    assert "FIN-DE-PAGE" in (result.outdir / "grosse.html").read_text("utf-8")


# ---- hostile input ------------------------------------------------------------

HOSTILE = {
    "hostile.md": """
        ---
        title: "<script>alert('titre')</script>"
        summary: '"><img src=x onerror=alert(1)>'
        header-img: "../../../../etc/passwd"
        permalink: "../../evade.html"
        redirect_from: ["/../../../evade2.html", "C:\\\\evade3.html"]
        footer_cta: {text: "Cliquez", url: "javascript:alert(1)"}
        layout: "<b>x</b>"
        ---

        Texte
        {: .ok onclick="alert(1)" style="x" title='"><script>alert(2)</script>'}

        [lien](javascript:alert(3)) et [autre](data:text/html;base64,PHNjcmlwdD4=)

        Ligne{: .x"><img src=y onerror=alert(4)>}

        {% include ../conf.py %}
        """,
    "image.md": "---\ntitle: Image\nheader-img: /etc/passwd\n---\n\nTexte.\n",
    "lien.md": "---\ntitle: Lien\nheader-img: lien-secret\n---\n\nTexte.\n",
    "yaml.md": (
        "---\ntitle: !!python/object/apply:os.system ['touch /tmp/jekyll-pwned']\n---\n\nx\n"
    ),
}


def _snapshot(folder: Path, skip: tuple[Path, ...]) -> dict[str, tuple[int, int]]:
    result = {}
    for path in folder.rglob("*"):
        if any(path.is_relative_to(s) for s in skip) or not path.is_file():
            continue
        stat = path.stat()
        result[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return result


def test_hostile_pages(make_project, tmp_path):
    Path("/tmp/jekyll-pwned").unlink(missing_ok=True)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"SECRET")
    src = make_project(HOSTILE, conf="exclude_patterns = ['_build']\n")
    (src / "_static" / "img" / "headers").mkdir(parents=True)
    (src / "_static" / "img" / "headers" / "lien-secret.png").symlink_to(secret)
    out = src / "_build" / "html"
    before = _snapshot(tmp_path.parent, skip=(src / "_build",))
    result = sphinx_build(src, out)
    after = _snapshot(tmp_path.parent, skip=(src / "_build",))
    assert result.returncode == 0, result.warnings
    assert after == before, set(after) ^ set(before)
    assert not Path("/tmp/jekyll-pwned").exists()
    assert not list(tmp_path.parent.rglob("evade*.html"))
    assert not (out / "_images" / "lien-secret.png").exists()
    for page in ("hostile", "image", "lien", "yaml"):
        html_text = (out / f"{page}.html").read_text("utf-8")
        soup = BeautifulSoup(html_text, "lxml")
        article = soup.select_one("article")
        assert article.find("script") is None and article.find("img", src="x") is None
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (page, element)
                values = value if isinstance(value, list) else [value]
                assert not any(
                    str(v).strip().lower().startswith(("javascript:", "data:")) for v in values
                ), (page, element)
        assert "alert(4)" not in " ".join(
            str(c) for e in soup.find_all(True) for c in e.get("class", [])
        )
    hostile = BeautifulSoup((out / "hostile.html").read_text("utf-8"), "lxml")
    assert hostile.select_one("article h1").get_text().startswith("<script>alert(")
    assert hostile.find("meta", attrs={"name": "description"})["content"].startswith('">')
    assert "SECRET" not in (out / "hostile.html").read_text("utf-8")


# ---- parallel, incremental, reproducible ------------------------------------------


def _html_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


def _differences(left: Path, right: Path) -> list[str]:
    a, b = _html_files(left), _html_files(right)
    return sorted(set(a) ^ set(b)) + [name for name in a if name in b and a[name] != b[name]]


@pytest.fixture(scope="module")
def guide_copy(tmp_path_factory):
    src = tmp_path_factory.mktemp("copy") / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "tests", "benchmarks", "*.egg-info"
        ),
    )
    return src


def test_parallel_build_equals_serial_build(guide_copy, tmp_path):
    serial = sphinx_build(guide_copy, tmp_path / "serial", extra_args=RTD_HTML_ARGS)
    parallel = sphinx_build(
        guide_copy, tmp_path / "parallel", extra_args=(*RTD_HTML_ARGS, "-j", "2")
    )
    assert serial.returncode == parallel.returncode == 0
    assert _differences(tmp_path / "serial", tmp_path / "parallel") == []


def test_two_builds_are_identical(guide_copy, tmp_path):
    sphinx_build(guide_copy, tmp_path / "one", extra_args=RTD_HTML_ARGS)
    sphinx_build(guide_copy, tmp_path / "two", extra_args=RTD_HTML_ARGS)
    assert _differences(tmp_path / "one", tmp_path / "two") == []
    common = filecmp.dircmp(tmp_path / "one" / "_images", tmp_path / "two" / "_images")
    assert common.diff_files == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Il peut concevoir un site web", "Il sait concevoir un site web"),  # text only
        ("title: Intégrateur web, du design au code", "title: Intégrateur web et CSS"),
        ("summary: \"L'intégrateur web traduit", "summary: \"L'intégrateur traduit"),
        ('permalink: "/expertises/integrateur-web.html"', 'permalink: "/metiers/integrateur.html"'),
    ],
)
def test_incremental_build_equals_clean_build(tmp_path, old, new):
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "tests", "benchmarks", "*.egg-info"
        ),
    )
    out = tmp_path / "incremental"
    assert sphinx_build(src, out, extra_args=RTD_HTML_ARGS).returncode == 0
    changed = False
    for page in (src / "docs" / "expertises").glob("*.md"):
        text = page.read_text("utf-8")
        if old in text:
            page.write_text(text.replace(old, new), "utf-8")
            os.utime(page)
            changed = True
    assert changed
    second = sphinx_build(src, out, extra_args=RTD_HTML_ARGS)
    assert second.returncode == 0, second.warnings
    clean = sphinx_build(src, tmp_path / "clean", extra_args=RTD_HTML_ARGS)
    assert clean.returncode == 0
    assert _differences(out, tmp_path / "clean") == []


# ---- whole generated pages -----------------------------------------------------------

FRAGMENTS = [
    "## Titre",
    "### Sous-titre",
    "{: .h5 .text-primary}",
    "{: #ancre}",
    "{:my-5}",
    "{:}",
    "{: .x",
    "{:a: b}",
    "{:b: a}",
    "{: a}",
    "Un paragraphe.",
    "- item",
    "> citation",
    "*em*{: .m}",
    "[lien](#ancre)",
    "[x](/expertises/y.html)",
    "{{ site.url }}",
    "{% if page.x %}",
    "{% endif %}",
    "{% include nope.html %}",
    "{::comment}",
    "{:/comment}",
    '<div class="text-center">',
    "</div>",
    "<strong>gras</strong>",
    "```",
    "",
    "---",
    "| a | b |",
    "|---|---|",
    "{:toc}",
    "1. un",
    "    code",
    "{{ page.title | nope }}",
]


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    front=st.sampled_from(["---\ntitle: Page\n---\n", "---\ntitle: [a\n---\n", "", "---\n"]),
    body=st.lists(st.sampled_from(FRAGMENTS), max_size=30),
)
def test_generated_pages_always_build(tmp_path_factory, front, body):
    src = tmp_path_factory.mktemp("generated")
    (src / "conf.py").write_text(DEFAULT_CONF)
    (src / "index.md").write_text("---\ntitle: Accueil\n---\n\n```{toctree}\npage\n```\n")
    text = front + "\n".join(body) + "\nMARQUEUR-FINAL\n"
    (src / "page.md").write_text(text)
    result = sphinx_build(src)
    assert result.returncode == 0, result.warnings[-2000:]
    assert "Traceback" not in result.warnings
    article = result.html("page").select_one("article").get_text()
    if "{% if" not in text and "{::comment}" not in text:
        assert "MARQUEUR-FINAL" in article  # as text: code highlighting splits it in the HTML
